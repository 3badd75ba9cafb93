"""Serializers for the public API. Fields are listed explicitly: a field added to a model
never reaches the public unless someone adds it here. Internal fields (curator notes,
review notes, reviewers, versions, who extracted a quote, a source's full text and file
name) are deliberately absent.

Views hand these serializers querysets already limited to published data and annotated with
the counts they read (`published_report_count`, `independent_sources`, …): a serializer never
runs a query of its own."""

from django.conf import settings
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from heritage.models import (
    Confidence,
    DamageReport,
    DatePrecision,
    Evidence,
    Extent,
    HeritageSite,
    date_range_display,
)
from sources.models import Actor, Source


def absolute_url(context, name: str, *args) -> str:
    """The absolute URL of an API route. Detail routes are their list route plus the key, so
    the list URL is reversed once per response and reused (thousands of rows per export)."""
    if name.endswith("-detail") and len(args) == 1:
        prefixes = context.setdefault("_url_prefixes", {})
        list_name = name.removesuffix("-detail") + "-list"
        if list_name not in prefixes:
            prefixes[list_name] = _absolute(context, reverse(f"api:{list_name}"))
        return f"{prefixes[list_name]}{args[0]}/"
    return _absolute(context, reverse(f"api:{name}", args=args))


def _absolute(context, path: str) -> str:
    request = context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


def _datetime(value) -> str | None:
    """A datetime as DRF writes it (ISO 8601, UTC as Z)."""
    if value is None:
        return None
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _date(value) -> str | None:
    return value.isoformat() if value is not None else None


def coordinates(site: HeritageSite) -> dict:
    """The site's coordinates as published: rounded for location-sensitive sites."""
    latitude, longitude, rounded = site.public_coordinates()
    return {
        "latitude": float(latitude) if latitude is not None else None,
        "longitude": float(longitude) if longitude is not None else None,
        "coordinates_rounded": rounded,
    }


# Sites whose position nobody has checked (many of the gazetteer's) have none: say so in the
# schema, or a client generated from it fails on the first such site.
NULLABLE_DEGREES = serializers.FloatField(allow_null=True)


class CoordinatesMixin(serializers.Serializer):
    latitude = serializers.SerializerMethodField(
        help_text="WGS84 degrees; rounded to 0.1° (about 10 km) when `coordinates_rounded`; "
        "null when the site's position is not recorded."
    )
    longitude = serializers.SerializerMethodField(
        help_text="WGS84 degrees; rounded to 0.1° (about 10 km) when `coordinates_rounded`; "
        "null when the site's position is not recorded."
    )
    coordinates_rounded = serializers.SerializerMethodField(
        help_text="True for location-sensitive sites (unexcavated, looting-prone)."
    )

    @extend_schema_field(NULLABLE_DEGREES)
    def get_latitude(self, site) -> float | None:
        return coordinates(site)["latitude"]

    @extend_schema_field(NULLABLE_DEGREES)
    def get_longitude(self, site) -> float | None:
        return coordinates(site)["longitude"]

    def get_coordinates_rounded(self, site) -> bool:
        return coordinates(site)["coordinates_rounded"]


class SiteRefSerializer(CoordinatesMixin, serializers.ModelSerializer):
    """A site named from another record: its parent, a child, a report's site."""

    url = serializers.SerializerMethodField(help_text="This site in the API.")

    class Meta:
        model = HeritageSite
        fields = ["slug", "name", "url", "latitude", "longitude", "coordinates_rounded"]

    def get_url(self, site) -> str:
        return absolute_url(self.context, "site-detail", site.slug)

    def to_representation(self, site):
        # Written out for speed (it is nested in every report); the declared fields above
        # document it, and tests check that both agree.
        return site_ref(site, self.context)


def site_ref(site, context) -> dict:
    return {
        "slug": site.slug,
        "name": site.name,
        "url": absolute_url(context, "site-detail", site.slug),
        **coordinates(site),
    }


class StatusSerializer(serializers.Serializer):
    """The site's status and how well it is supported."""

    extent = serializers.ChoiceField(
        choices=Extent.choices,
        help_text="The extent of the most recent published report that states one.",
    )
    as_of = serializers.DateField(
        allow_null=True, help_text="The day asked for with `as_of`; null for today."
    )
    report = serializers.IntegerField(
        allow_null=True, help_text="Id of the report that sets the status; null when none does."
    )
    confidence = serializers.ChoiceField(
        choices=Confidence.choices, allow_null=True, help_text="That report's confidence."
    )
    independent_sources = serializers.IntegerField(
        help_text="Distinct outlets whose articles back that report."
    )
    contested = serializers.BooleanField(help_text="True when sources disagree on that report.")


def status_of(site: HeritageSite, as_of=None) -> dict:
    """The `status` object of a site; `site.status_report` is attached by the view."""
    report_id, confidence, sources = getattr(site, "status_report", None) or (None, None, 0)
    return {
        "extent": site.status_extent,
        "as_of": as_of,
        "report": report_id,
        "confidence": confidence,
        "independent_sources": sources,
        "contested": confidence == Confidence.CONTESTED,
    }


class SiteSerializer(CoordinatesMixin, serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="This site in the API.")
    parent = serializers.SerializerMethodField(help_text="The larger site this one is part of.")
    children = serializers.SerializerMethodField(help_text="Public sites inside this one.")
    aliases = serializers.SerializerMethodField(help_text="Other names and spellings in use.")
    status = serializers.SerializerMethodField()
    published_report_count = serializers.IntegerField(
        read_only=True, help_text="Published reports about this site."
    )
    citation = serializers.SerializerMethodField(help_text="A suggested citation.")

    class Meta:
        model = HeritageSite
        fields = [
            "id",
            "slug",
            "name",
            "url",
            "kind",
            "country",
            "latitude",
            "longitude",
            "coordinates_rounded",
            "parent",
            "children",
            "aliases",
            "status",
            "published_report_count",
            "built",
            "unesco_id",
            "wikidata",
            "pleiades",
            "description",
            "updated_at",
            "citation",
        ]

    def get_url(self, site) -> str:
        return absolute_url(self.context, "site-detail", site.slug)

    @extend_schema_field(SiteRefSerializer(allow_null=True))
    def get_parent(self, site):
        parent = site.parent
        if parent is None or not parent.is_public:
            return None
        return SiteRefSerializer(parent, context=self.context).data

    @extend_schema_field(SiteRefSerializer(many=True))
    def get_children(self, site):
        # Prefetched by the view through HeritageSite.objects.public().
        return SiteRefSerializer(site.public_children, many=True, context=self.context).data

    def get_aliases(self, site) -> list[str]:
        return [alias.name for alias in site.aliases.all()]

    @extend_schema_field(StatusSerializer)
    def get_status(self, site):
        return status_of(site, self.context.get("as_of"))

    def to_representation(self, site):
        # Written out for speed: DRF's generic field machinery costs more than the queries
        # for a page of sites. The declared fields document it for the schema; tests check
        # that the two agree, key for key.
        context = self.context
        parent = site.parent if site.parent_id is not None else None
        return {
            "id": site.pk,
            "slug": site.slug,
            "name": site.name,
            "url": absolute_url(context, "site-detail", site.slug),
            "kind": site.kind,
            "country": site.country,
            **coordinates(site),
            "parent": site_ref(parent, context) if parent and parent.is_public else None,
            "children": [site_ref(child, context) for child in site.public_children],
            "aliases": [alias.name for alias in site.aliases.all()],
            "status": status_of(site, context.get("as_of")),
            "published_report_count": site.published_report_count,
            "built": site.built,
            "unesco_id": site.unesco_id,
            "wikidata": site.wikidata,
            "pleiades": site.pleiades,
            "description": site.description,
            "updated_at": _datetime(site.updated_at),
            "citation": self.get_citation(site),
        }

    def get_citation(self, site) -> str:
        country = f", {site.country}" if site.country else ""
        return (
            f"{settings.API_CITATION_PUBLISHER}. “{site.name}”{country}: status "
            f"{site.status_extent}. Last edited {site.updated_at:%-d %B %Y}. "
            f"{absolute_url(self.context, 'site-detail', site.slug)}"
        )


class TimelineEntrySerializer(serializers.ModelSerializer):
    """A published report as it appears in a site's timeline."""

    url = serializers.SerializerMethodField()
    date_display = serializers.CharField(
        read_only=True, help_text='The date with its precision: "23 Aug 2015", "May 2015".'
    )
    independent_sources = serializers.IntegerField(read_only=True)
    contested = serializers.SerializerMethodField()

    class Meta:
        model = DamageReport
        fields = [
            "id",
            "url",
            "event_type",
            "extent",
            "cause",
            "event_date_earliest",
            "event_date_latest",
            "date_precision",
            "date_approximate",
            "date_display",
            "confidence",
            "independent_sources",
            "contested",
            "summary",
        ]

    def get_url(self, report) -> str:
        return absolute_url(self.context, "report-detail", report.pk)

    def get_contested(self, report) -> bool:
        return report.confidence == Confidence.CONTESTED

    def to_representation(self, report):
        return timeline_entry(report, self.context)


def timeline_entry(report, context) -> dict:
    """A report's fields shared by the timeline and the full report, written out for speed."""
    return {
        "id": report.pk,
        "url": absolute_url(context, "report-detail", report.pk),
        "event_type": report.event_type,
        "extent": report.extent,
        "cause": report.cause,
        "event_date_earliest": _date(report.event_date_earliest),
        "event_date_latest": _date(report.event_date_latest),
        "date_precision": report.date_precision,
        "date_approximate": report.date_approximate,
        "date_display": report.date_display,
        "confidence": report.confidence,
        "independent_sources": report.independent_sources,
        "contested": report.confidence == Confidence.CONTESTED,
        "summary": report.summary,
    }


class SiteDetailSerializer(SiteSerializer):
    timeline = serializers.SerializerMethodField(
        help_text="The site's published reports, most recent event first."
    )

    class Meta(SiteSerializer.Meta):
        fields = [*SiteSerializer.Meta.fields, "timeline"]

    @extend_schema_field(TimelineEntrySerializer(many=True))
    def get_timeline(self, site):
        return [timeline_entry(report, self.context) for report in site.timeline]

    def to_representation(self, site):
        return {**super().to_representation(site), "timeline": self.get_timeline(site)}


class ActorRefSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Actor
        fields = ["id", "name", "url"]

    def get_url(self, actor) -> str:
        return absolute_url(self.context, "actor-detail", actor.pk)


class OptionalURLField(serializers.URLField):
    """A URL that may be missing: null rather than "" (which is not a URL)."""

    def __init__(self, **kwargs):
        super().__init__(allow_null=True, **kwargs)

    def to_representation(self, value):
        return value or None


class SourceRefSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="This source in the API.")
    link = OptionalURLField(source="url", help_text="The article itself, when it has an address.")

    class Meta:
        model = Source
        fields = ["id", "url", "title", "outlet", "link", "published_on", "published_precision"]

    def get_url(self, source) -> str:
        return absolute_url(self.context, "source-detail", source.pk)


class EvidenceSerializer(serializers.ModelSerializer):
    attributed_to = ActorRefSerializer(allow_null=True, help_text="Who makes the claim.")
    source = SourceRefSerializer()

    class Meta:
        model = Evidence
        fields = ["id", "quote", "attribution_text", "attributed_to", "stated_date_text", "source"]


class DisagreementSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=["date", "event", "perpetrator"], help_text="What the statements disagree on."
    )
    text = serializers.CharField(
        help_text='Who says what: "date: Maamoun Abdulkarim (AFP) 23 Aug 2015; Syrian '
        'Observatory for Human Rights about one month earlier".'
    )
    settled = serializers.BooleanField(
        help_text="A curator has decided which statement the report follows."
    )


class StatementSerializer(serializers.Serializer):
    """One claimant saying one thing in one source."""

    id = serializers.IntegerField()
    claimant = serializers.CharField(
        help_text="Who says it (the outlet itself when the article speaks in its own voice)."
    )
    claimant_as_written = serializers.CharField(help_text="The attribution as the text words it.")
    actor = ActorRefSerializer(allow_null=True, help_text="The claimant as a known actor.")
    via = serializers.CharField(
        allow_null=True, help_text='Whom they said it to: "AFP" in "told AFP".'
    )
    stated_date_text = serializers.CharField(help_text="The date they gave, as written.")
    stated_date_earliest = serializers.DateField(allow_null=True)
    stated_date_latest = serializers.DateField(allow_null=True)
    stated_date_precision = serializers.ChoiceField(choices=DatePrecision.choices)
    stated_date_approximate = serializers.BooleanField()
    stated_date_display = serializers.CharField(help_text='"23 Aug 2015", "about July 2015".')
    event_type = serializers.CharField(
        allow_null=True, help_text="What they say happened (null: not recorded)."
    )
    extent = serializers.CharField(allow_null=True)
    perpetrator = serializers.CharField(allow_null=True, help_text="Who they say did it.")
    quote = serializers.CharField(help_text="Their sentences, verbatim.")
    source = SourceRefSerializer()


class ReportSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="This report in the API.")
    site = SiteRefSerializer()
    date_display = serializers.CharField(
        read_only=True, help_text='The date with its precision: "23 Aug 2015", "May 2015".'
    )
    independent_sources = serializers.IntegerField(
        read_only=True, help_text="Distinct outlets whose articles back this report."
    )
    contested = serializers.SerializerMethodField(help_text="True when sources disagree.")
    evidence = EvidenceSerializer(many=True, help_text="What each source says, quoted verbatim.")
    statements = StatementSerializer(
        many=True, help_text="Who said what: one entry per claimant and source."
    )
    disagreements = DisagreementSerializer(
        many=True,
        help_text="Where the statements disagree; the report is contested on those not settled.",
    )
    citation = serializers.SerializerMethodField(help_text="A suggested citation.")

    class Meta:
        model = DamageReport
        fields = [
            "id",
            "url",
            "site",
            "event_type",
            "extent",
            "cause",
            "perpetrator",
            "event_date_earliest",
            "event_date_latest",
            "date_precision",
            "date_approximate",
            "date_display",
            "confidence",
            "independent_sources",
            "contested",
            "summary",
            "evidence",
            "published_at",
            "updated_at",
            "citation",
            "statements",
            "disagreements",
        ]

    def get_url(self, report) -> str:
        return absolute_url(self.context, "report-detail", report.pk)

    def get_contested(self, report) -> bool:
        return report.confidence == Confidence.CONTESTED

    def get_citation(self, report) -> str:
        return report_citation(report, absolute_url(self.context, "report-detail", report.pk))

    def to_representation(self, report):
        # Written out for speed, as SiteSerializer; tests check it against the declared fields.
        context = self.context
        entry = timeline_entry(report, context)
        return {
            "id": entry["id"],
            "url": entry["url"],
            "site": site_ref(report.site, context),
            "event_type": entry["event_type"],
            "extent": entry["extent"],
            "cause": entry["cause"],
            "perpetrator": report.perpetrator,
            "event_date_earliest": entry["event_date_earliest"],
            "event_date_latest": entry["event_date_latest"],
            "date_precision": entry["date_precision"],
            "date_approximate": entry["date_approximate"],
            "date_display": entry["date_display"],
            "confidence": entry["confidence"],
            "independent_sources": entry["independent_sources"],
            "contested": entry["contested"],
            "summary": entry["summary"],
            "evidence": [evidence_item(row, context) for row in report.public_evidence],
            "published_at": _datetime(report.published_at),
            "updated_at": _datetime(report.updated_at),
            "citation": report_citation(report, entry["url"]),
            "statements": [statement_item(row, context) for row in report.public_evidence],
            "disagreements": [
                {"kind": d["kind"], "text": d["text"], "settled": bool(d.get("settled"))}
                for d in report.disagreements
            ],
        }


def evidence_item(row: dict, context) -> dict:
    """One piece of evidence, from the plain row ReportViewSet.attach_evidence fetched."""
    actor_id = row["attributed_to_id"]
    return {
        "id": row["id"],
        "quote": row["quote"],
        "attribution_text": row["attribution_text"],
        "attributed_to": None
        if actor_id is None
        else {
            "id": actor_id,
            "name": row["attributed_to__name"],
            "url": absolute_url(context, "actor-detail", actor_id),
        },
        "stated_date_text": row["stated_date_text"],
        "source": {
            "id": row["source_id"],
            "url": absolute_url(context, "source-detail", row["source_id"]),
            "title": row["source__title"],
            "outlet": row["source__outlet"],
            "link": row["source__url"] or None,
            "published_on": _date(row["source__published_on"]),
            "published_precision": row["source__published_precision"],
        },
    }


def statement_item(row: dict, context) -> dict:
    """One statement, from the same plain evidence row as `evidence_item`."""
    item = evidence_item(row, context)
    who = row["attributed_to__name"] or row["attribution_text"] or row["source__outlet"]
    return {
        "id": row["id"],
        "claimant": who or "the source",
        "claimant_as_written": row["attribution_text"],
        "actor": item["attributed_to"],
        "via": row["via"] or None,
        "stated_date_text": row["stated_date_text"],
        "stated_date_earliest": _date(row["stated_date_earliest"]),
        "stated_date_latest": _date(row["stated_date_latest"]),
        "stated_date_precision": row["stated_date_precision"],
        "stated_date_approximate": row["stated_date_approximate"],
        "stated_date_display": date_range_display(
            row["stated_date_earliest"],
            row["stated_date_latest"],
            row["stated_date_precision"],
            approximate=row["stated_date_approximate"],
            text=row["stated_date_text"],
        ),
        "event_type": row["asserted_event_type"] or None,
        "extent": row["asserted_extent"] or None,
        "perpetrator": row["asserted_perpetrator"] or None,
        "quote": row["quote"],
        "source": item["source"],
    }


def report_citation(report: DamageReport, url: str) -> str:
    """The suggested citation of a report (shared by JSON and CSV)."""
    return (
        f"{settings.API_CITATION_PUBLISHER}. “{report.site.name}: "
        f"{report.get_event_type_display().lower()} ({report.date_display}).” Report "
        f"{report.pk}, published {report.published_at:%-d %B %Y}, last edited "
        f"{report.updated_at:%-d %B %Y}. {url}"
    )


class SourceSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="This source in the API.")
    link = OptionalURLField(source="url", help_text="The article itself, when it has an address.")
    published_report_count = serializers.IntegerField(
        read_only=True, help_text="Published reports that cite this source."
    )
    citation = serializers.SerializerMethodField(help_text="A suggested citation of the article.")

    class Meta:
        model = Source
        fields = [
            "id",
            "url",
            "title",
            "outlet",
            "author",
            "link",
            "published_on",
            "published_precision",
            "language",
            "kind",
            "reliability",
            "published_report_count",
            "citation",
        ]

    def get_url(self, source) -> str:
        return absolute_url(self.context, "source-detail", source.pk)

    def get_citation(self, source) -> str:
        parts = [
            source.author,
            f"“{source.title}”" if source.title else "",
            source.outlet,
            source.published_text(long=True),
            source.url,
        ]
        return ". ".join(part for part in parts if part) + "."


class ActorSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="This actor in the API.")
    aliases = serializers.SerializerMethodField(help_text="Spellings the sources use.")
    published_claim_count = serializers.IntegerField(
        read_only=True, help_text="Published evidence quoting this actor."
    )

    class Meta:
        model = Actor
        fields = ["id", "url", "name", "kind", "description", "aliases", "published_claim_count"]

    def get_url(self, actor) -> str:
        return absolute_url(self.context, "actor-detail", actor.pk)

    def get_aliases(self, actor) -> list[str]:
        return [alias.name for alias in actor.aliases.all()]


class CountSerializer(serializers.Serializer):
    value = serializers.CharField(allow_null=True, help_text="null: not known (an undated report).")
    count = serializers.IntegerField()


class StatsSerializer(serializers.Serializer):
    sites_total = serializers.IntegerField()
    reports_total = serializers.IntegerField()
    sites_by_status = CountSerializer(many=True)
    sites_by_country = CountSerializer(many=True)
    sites_by_kind = CountSerializer(many=True)
    reports_by_event_type = CountSerializer(many=True)
    reports_by_year = CountSerializer(
        many=True, help_text="By the year of the earliest possible event date; undated: null."
    )


class ChangeSerializer(serializers.Serializer):
    resource = serializers.ChoiceField(choices=["site", "report", "source"])
    id = serializers.IntegerField()
    type = serializers.ChoiceField(choices=["created", "updated", "retracted", "deleted"])
    time = serializers.DateTimeField()
    url = serializers.URLField(
        allow_null=True, help_text="Where to fetch the record; null for tombstones."
    )
