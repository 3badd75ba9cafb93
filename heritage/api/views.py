"""The public read-only API. Every view starts from the one definition of what is public
(`HeritageSite.objects.public()`, `DamageReport.objects.published()`,
`Source.objects.cited()`, `Actor.objects.attributed()`), annotates the counts it shows, and
prefetches what it nests, so each list costs a fixed number of queries at any page size."""

import datetime

from django.conf import settings
from django.db.models import Count, F, Prefetch
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.http import http_date
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import exceptions, serializers, viewsets
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from heritage.api import exports, response_cache, site_rows
from heritage.api.caching import data_version, etag_for
from heritage.api.changes import changes_since
from heritage.api.filters import (
    ActorFilter,
    FilterBackend,
    ReportFilter,
    SiteFilter,
    SourceFilter,
)
from heritage.api.negotiation import ExplicitFormatNegotiation
from heritage.api.pagination import ApiPagination
from heritage.api.parameters import StrictOrderingFilter, check_query_parameters
from heritage.api.serializers import (
    ActorSerializer,
    ChangeSerializer,
    ReportSerializer,
    SiteDetailSerializer,
    SiteSerializer,
    SourceSerializer,
    StatsSerializer,
    absolute_url,
)
from heritage.models import DamageReport, Evidence, HeritageSite, SiteAlias
from sources.models import Actor, Source


class _Answered(Exception):
    """Ends a request early with this response: 304 Not Modified, or a cached answer."""

    def __init__(self, response):
        self.response = response


class PublicApiMixin:
    """HTTP behaviour shared by every API view: only the documented query parameters
    (parameters.py), conditional GET (ETag + Last-Modified → 304), whole answers cached per
    data version (response_cache.py), Cache-Control for public caches, and errors always as
    JSON."""

    content_negotiation_class = ExplicitFormatNegotiation

    def query_parameters(self) -> list[str]:
        """The query parameters this endpoint accepts, as its schema documents them."""
        return ["format"]

    def check_parameter_values(self, request) -> None:
        """Refuse (400) values the schema forbids that no filter reads; before the cache."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # negotiation, throttling
        if request.method not in ("GET", "HEAD"):
            return
        check_query_parameters(request, self.query_parameters())
        self.check_parameter_values(request)
        # Read once per request: SentAnswerMiddleware has read it for a plain GET.
        version = getattr(request._request, response_cache.VERSION, None) or data_version()
        self.data_version = version
        self.etag = etag_for(request, version)
        self.last_modified = version.time
        not_modified = get_conditional_response(
            request._request, etag=self.etag, last_modified=int(version.time.timestamp())
        )
        if not_modified is not None:
            raise _Answered(not_modified)
        # Only here, after everything above (and in super().initial()) that may refuse the
        # request: a request answered 400 or 429 must never be answered from the cache.
        self.response_cache_key = response_cache.key_for(request, version)
        cached = response_cache.lookup(self.response_cache_key)
        if cached is not None:
            raise _Answered(cached)

    def handle_exception(self, exc):
        if isinstance(exc, _Answered):
            self.answered_early = True
            return exc.response
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        renderer = getattr(request, "accepted_renderer", None)
        if isinstance(response, Response) and (
            response.status_code >= 400 or renderer is None or renderer.format != "json"
        ):
            # Errors, and anything a download format cannot express, answer in JSON.
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        response = super().finalize_response(request, response, *args, **kwargs)
        cache_key = getattr(self, "response_cache_key", None)
        if not getattr(self, "answered_early", False):  # computed, not a cache hit or a 304
            response_cache.store_when_rendered(response, cache_key)
        if cache_key is not None and response.status_code == 200:
            # As sent, once the middleware has added its headers (SentAnswerMiddleware).
            setattr(response, response_cache.CACHEABLE, True)
        if request.method in ("GET", "HEAD") and response.status_code in (200, 304):
            if getattr(self, "etag", None):
                response["ETag"] = self.etag
                response["Last-Modified"] = _http_date(self.last_modified)
            response["Cache-Control"] = f"public, max-age={settings.API_CACHE_MAX_AGE}"
            patch_vary_headers(response, ["Accept"])
        return response


def _http_date(moment: datetime.datetime) -> str:
    return http_date(moment.timestamp())


class ApiAutoSchema(AutoSchema):
    """drf-spectacular's schema, told that `list` is a list even when it also documents
    download formats (otherwise it drops the filter and pagination parameters), and that
    the downloads themselves are whole files, not pages."""

    downloading = False

    def _get_response_for_code(self, serializer, status_code, media_types=None, *args, **kwargs):
        self.downloading = bool(set(media_types or ()) & {"text/csv", "application/geo+json"})
        try:
            return super()._get_response_for_code(
                serializer, status_code, media_types, *args, **kwargs
            )
        finally:
            self.downloading = False

    def _is_list_view(self, serializer=None):
        if self.downloading:
            return False
        return getattr(self.view, "action", None) == "list" or super()._is_list_view(serializer)


class PublicReadOnlyViewSet(PublicApiMixin, viewsets.ReadOnlyModelViewSet):
    schema = ApiAutoSchema()
    filter_backends = [FilterBackend, StrictOrderingFilter]
    renderer_classes = [JSONRenderer]

    def query_parameters(self) -> list[str]:
        if self.action != "list":
            return super().query_parameters()
        pagination = [self.paginator.page_query_param, self.paginator.page_size_query_param]
        filters = list(self.filterset_class.base_filters)
        return [*super().query_parameters(), *pagination, "ordering", *filters]

    def check_parameter_values(self, request) -> None:
        if self.action == "list" and self.paginator is not None:
            self.paginator.check_parameters(request)

    def paginate_rows(self, queryset) -> list:
        """One page of `queryset`, in two steps: the page's keys from a lean query (filters
        and ordering only), then those rows with their annotations and prefetches. The
        per-row subqueries (counts, a site's status) then run for one page, never for every
        row the database sorts."""
        keys = self.paginate_queryset(queryset.values_list("pk", flat=True))
        rows = queryset.order_by().in_bulk(keys)
        return [rows[key] for key in keys]

    def list(self, request, *args, **kwargs):
        page = self.paginate_rows(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


def format_parameter(*downloads: str) -> OpenApiParameter:
    """`?format=`: json, or one of the download formats this endpoint offers."""
    media_types = {"geojson": "application/geo+json", "csv": "text/csv"}
    return OpenApiParameter(
        "format",
        OpenApiTypes.STR,
        enum=["json", *downloads],
        description="json (default); "
        + " or ".join(downloads)
        + ": the same selection as a streamed download, every row at once (no pages). Same "
        + "as sending "
        + " or ".join(f"`Accept: {media_types[name]}`" for name in downloads)
        + "; when both are given, `format` wins over the Accept header.",
    )


SITE_FORMAT_PARAMETER = format_parameter("geojson", "csv")
GEOJSON_RESPONSE = OpenApiResponse(
    {"type": "object", "description": "A FeatureCollection (RFC 7946) of Point features."},
    description="All matching sites as a GeoJSON FeatureCollection, coordinates "
    "[longitude, latitude]; properties: slug, name, kind, country, coordinates_rounded, status, "
    "status_confidence, status_independent_sources, status_contested, published_report_count, url.",
)
CSV_RESPONSE = OpenApiResponse(
    OpenApiTypes.STR,
    description="All matching sites, one a row; columns: " + ", ".join(exports.SITE_COLUMNS),
)
AS_OF_PARAMETER = OpenApiParameter(
    "as_of",
    OpenApiTypes.DATE,
    description="YYYY-MM-DD: give each status as it stood that day, from the published "
    "reports of events known to have happened by then. The `status` filter follows it.",
)


# SiteAlias orders by site, which joins every alias to its site to sort by the site's name;
# within one site, the alias's name is the same order without the join.
SITE_ALIASES = Prefetch("aliases", queryset=SiteAlias.objects.order_by("name"))


@extend_schema_view(
    list=extend_schema(
        operation_id="sites_list",
        summary="Public heritage sites",
        parameters=[AS_OF_PARAMETER, SITE_FORMAT_PARAMETER],
        responses={
            (200, "application/json"): SiteSerializer(many=True),
            (200, "application/geo+json"): GEOJSON_RESPONSE,
            (200, "text/csv"): CSV_RESPONSE,
        },
    ),
    retrieve=extend_schema(
        summary="One site, with the timeline of its published reports",
        parameters=[AS_OF_PARAMETER, SITE_FORMAT_PARAMETER],
        responses={
            (200, "application/json"): SiteDetailSerializer,
            (200, "application/geo+json"): GEOJSON_RESPONSE,
            (200, "text/csv"): CSV_RESPONSE,
        },
    ),
)
class SiteViewSet(PublicReadOnlyViewSet):
    """Public sites with their current status (or the status on `as_of`)."""

    lookup_field = "slug"
    filterset_class = SiteFilter
    ordering_fields = ["name", "country", "kind", "published_report_count", "updated_at"]
    ordering = ["name"]
    renderer_classes = [JSONRenderer, exports.GeoJSONRenderer, exports.CSVRenderer]

    def get_serializer_class(self):
        return SiteDetailSerializer if self.action == "retrieve" else SiteSerializer

    def query_parameters(self) -> list[str]:
        return [*super().query_parameters(), "as_of"]

    def as_of(self) -> datetime.date | None:
        raw = self.request.query_params.get("as_of")
        if not raw:
            return None
        try:
            day = parse_date(raw)
        except ValueError:
            day = None
        if day is None:
            raise exceptions.ValidationError({"as_of": ["Give a date as YYYY-MM-DD."]})
        return day

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "as_of": self.as_of()}

    def lean_json_list(self) -> bool:
        """The JSON list without `as_of`: its page's rows come from site_rows.py, so the
        queryset only has to select and order the keys."""
        return (
            self.action == "list"
            and getattr(getattr(self.request, "accepted_renderer", None), "format", None) == "json"
            and self.as_of() is None
        )

    def get_queryset(self):
        if self.lean_json_list():
            # Annotated only with what a filter or the ordering reads: building the others
            # (subqueries, prefetches) cost more than the query for the page's keys.
            params = self.request.query_params
            queryset = HeritageSite.objects.public()
            if any(params.getlist("status")):
                queryset = queryset.with_status_report()
            if "published_report_count" in params.get("ordering", ""):
                queryset = queryset.with_published_report_count()
            return queryset
        queryset = (
            HeritageSite.objects.public()
            .with_status_report(as_of=self.as_of())
            .with_published_report_count()
            .select_related("parent")
            .prefetch_related(
                SITE_ALIASES,
                Prefetch(
                    "children",
                    queryset=HeritageSite.objects.public().order_by("name", "pk"),
                    to_attr="public_children",
                ),
            )
        )
        if self.action == "retrieve":
            timeline = DamageReport.objects.published().with_source_counts().status_order()
            if self.as_of() is not None:
                timeline = timeline.as_of(self.as_of())
            queryset = queryset.prefetch_related(
                Prefetch("reports", queryset=timeline, to_attr="timeline")
            )
        return queryset

    @staticmethod
    def attach_status_reports(sites) -> None:
        """Fetch the reports that set these sites' statuses, with their source counts, in
        one query, and hang each on its site as `status_report`: (id, confidence,
        independent sources), or None."""
        ids = [site.status_report_id for site in sites if site.status_report_id]
        reports = {}
        if ids:
            rows = (
                DamageReport.objects.filter(pk__in=ids)
                .with_source_counts()
                .values_list("pk", "confidence", "independent_sources")
            )
            reports = {pk: (pk, confidence, sources) for pk, confidence, sources in rows}
        for site in sites:
            site.status_report = reports.get(site.status_report_id)

    def _download(self, queryset, name):
        context = self.get_serializer_context()
        queryset = queryset.prefetch_related(None)
        if self.request.accepted_renderer.format == "csv":
            queryset = queryset.prefetch_related(SITE_ALIASES)
            return exports.sites_csv(queryset, self.attach_status_reports, context, f"{name}.csv")
        # A feature shows neither aliases nor parent: a map's download of one country's
        # sites spent a fifth of its time loading them, and a tenth more turning the fields
        # a feature does not show (dates among them) into Python values.
        queryset = queryset.select_related(None).only(*exports.FEATURE_FIELDS)
        return exports.sites_geojson(
            queryset, self.attach_status_reports, context, f"{name}.geojson"
        )

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        if request.accepted_renderer.format != "json":
            return self._download(queryset, "sites")
        if self.lean_json_list():  # the page's rows by SQL compiled once (site_rows.py)
            keys = self.paginate_queryset(queryset.values_list("pk", flat=True))
            page = site_rows.sites(list(keys))
        else:
            page = self.paginate_rows(queryset)
            self.attach_status_reports(page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        if request.accepted_renderer.format == "json" and self.as_of() is None:
            site = site_rows.public_site(kwargs[self.lookup_field])
            if site is None:
                raise Http404
            return Response(self.get_serializer(site).data)
        site = self.get_object()
        if request.accepted_renderer.format != "json":
            return self._download(self.get_queryset().filter(pk=site.pk), site.slug)
        self.attach_status_reports([site])
        return Response(self.get_serializer(site).data)


# Loading only what the API shows halves the time spent turning rows into objects.
REPORT_UNSHOWN = ["curator_notes", "review_note", "reviewed_by", "reviewed_at", "merged_into"]
REPORT_UNSHOWN += [f"site__{name}" for name in ("description", "built", "created_at")]
# What the API shows of each piece of evidence (serializers.evidence_item reads these).
EVIDENCE_VALUES = (
    *("id", "quote", "attribution_text", "stated_date_text"),
    *("source_id", "source__title", "source__outlet", "source__url", "source__published_on"),
    "source__published_precision",
    *("attributed_to_id", "attributed_to__name"),
    # The statement each row is (issue 12).
    *("via", "stated_date_earliest", "stated_date_latest", "stated_date_precision"),
    *("stated_date_approximate", "asserted_event_type", "asserted_extent", "asserted_perpetrator"),
)


@extend_schema_view(
    list=extend_schema(
        operation_id="reports_list",
        summary="Published damage reports",
        parameters=[format_parameter("csv")],
        responses={
            (200, "application/json"): ReportSerializer(many=True),
            (200, "text/csv"): OpenApiResponse(
                OpenApiTypes.STR,
                description="All matching reports, one a row; columns: "
                + ", ".join(exports.REPORT_COLUMNS),
            ),
        },
    ),
    retrieve=extend_schema(summary="One published report, with its evidence"),
)
class ReportViewSet(PublicReadOnlyViewSet):
    """Published reports, each with the quoted evidence that backs it."""

    serializer_class = ReportSerializer
    filterset_class = ReportFilter
    ordering_fields = [
        "event_date_earliest",
        "event_date_latest",
        "published_at",
        "updated_at",
        "independent_sources",
        "id",
    ]
    ordering = ["-event_date_latest", "-id"]

    def get_renderers(self):
        renderers = super().get_renderers()
        if self.action != "retrieve":
            renderers.append(exports.CSVRenderer())
        return renderers

    @staticmethod
    def attach_evidence(reports) -> None:
        """Fetch the evidence of these reports, with source and actor, in one query, and
        hang it on each as `public_evidence`. Plain rows rather than model instances: for a
        page of reports this is most of the work, and the API only copies the values out."""
        by_report = {report.pk: report for report in reports}
        for report in reports:
            report.public_evidence = []
        rows = (
            Evidence.objects.filter(report_id__in=list(by_report))
            .order_by("pk")
            .values_list("report_id", *EVIDENCE_VALUES)
        )
        for report_id, *values in rows:
            by_report[report_id].public_evidence.append(
                dict(zip(EVIDENCE_VALUES, values, strict=True))
            )

    def get_queryset(self):
        renderer = getattr(self.request, "accepted_renderer", None)
        if self.action == "list" and getattr(renderer, "format", None) == "json":
            # Only the page's keys are read from it (the rows come from site_rows.py):
            # annotated only when the ordering reads the count.
            queryset = DamageReport.objects.published()
            if "independent_sources" in self.request.query_params.get("ordering", ""):
                queryset = queryset.with_source_counts()
            return queryset
        return (
            DamageReport.objects.published()
            .with_source_counts()
            .select_related("site")
            .defer(*REPORT_UNSHOWN)
        )

    def paginate_rows(self, queryset) -> list:
        keys = self.paginate_queryset(queryset.values_list("pk", flat=True))
        page = site_rows.reports(list(keys))
        self.attach_evidence(page)
        return page

    def retrieve(self, request, *args, **kwargs):
        report = self.get_object()
        self.attach_evidence([report])
        return Response(self.get_serializer(report).data)

    def list(self, request, *args, **kwargs):
        if request.accepted_renderer.format == "csv":
            queryset = self.filter_queryset(self.get_queryset()).prefetch_related(None)
            return exports.reports_csv(queryset, self.get_serializer_context())
        return super().list(request, *args, **kwargs)


@extend_schema_view(
    list=extend_schema(summary="Sources cited by published reports"),
    retrieve=extend_schema(summary="One cited source"),
)
class SourceViewSet(PublicReadOnlyViewSet):
    """Articles and statements cited by at least one published report (never their full
    text: follow `link` to read them)."""

    serializer_class = SourceSerializer
    filterset_class = SourceFilter
    ordering_fields = ["published_on", "outlet", "title", "published_report_count", "id"]
    ordering = ["-published_on", "id"]

    def get_queryset(self):
        return Source.objects.cited().with_published_report_count().defer("text")


@extend_schema_view(
    list=extend_schema(summary="Actors quoted in published evidence"),
    retrieve=extend_schema(summary="One actor"),
)
class ActorViewSet(PublicReadOnlyViewSet):
    """Who makes the claims: officials, monitoring groups, agencies, quoted in published
    evidence."""

    serializer_class = ActorSerializer
    filterset_class = ActorFilter
    ordering_fields = ["name", "published_claim_count", "id"]
    ordering = ["name"]

    def get_queryset(self):
        return Actor.objects.attributed().with_published_claim_count().prefetch_related("aliases")


def _counts(rows, key):
    return [{"value": row[key], "count": row["count"]} for row in rows]


def _sorted_counts(counts: dict) -> list[dict]:
    """{value: count} as the list `by()` gives: by value, a null value last."""
    order = sorted(counts, key=lambda value: (value is None, value if value is not None else 0))
    return [{"value": value, "count": counts[value]} for value in order]


class StatsView(PublicApiMixin, APIView):
    """Counts of public sites by status, country and kind, and of published reports by event
    type and year."""

    renderer_classes = [JSONRenderer]

    @extend_schema(
        summary="Counts of public sites and published reports", responses=StatsSerializer
    )
    def get(self, request):
        sites = HeritageSite.objects.public().order_by()
        reports = DamageReport.objects.published().order_by()

        def by(queryset, field, **annotations):
            rows = (
                queryset.annotate(**annotations)
                .values(field)
                .annotate(count=Count("pk"))
                # Undated reports (a null year) last, on every database.
                .order_by(F(field).asc(nulls_last=True))
            )
            return _counts(rows, field)

        # Reports by event type and by year from one pass over the published reports (each
        # pass reads them all): counted by both at once, then summed each way.
        by_type, by_year = {}, {}
        for event_type, year, count in (
            reports.annotate(year=ExtractYear("event_date_earliest"))
            .values_list("event_type", "year")
            .annotate(count=Count("pk"))
        ):
            by_type[event_type] = by_type.get(event_type, 0) + count
            by_year[year] = by_year.get(year, 0) + count
        data = {
            "sites_by_status": by(sites, "status"),
            "sites_by_country": by(sites, "country"),
            "sites_by_kind": by(sites, "kind"),
            "reports_by_event_type": _sorted_counts(by_type),
            # Undated reports (a null year) last, as the ordering of the other counts.
            "reports_by_year": _sorted_counts(by_year),
        }
        data["sites_total"] = sum(row["count"] for row in data["sites_by_status"])
        data["reports_total"] = sum(row["count"] for row in data["reports_by_event_type"])
        return Response(StatsSerializer(data).data)


class ChangesView(PublicApiMixin, APIView):
    """What changed since a time, for mirrors: created and updated records to fetch again,
    and tombstones (retracted, deleted) to remove. Oldest first, paginated."""

    renderer_classes = [JSONRenderer]

    def query_parameters(self) -> list[str]:
        pagination = ApiPagination()
        return [
            *super().query_parameters(),
            "since",
            pagination.page_query_param,
            pagination.page_size_query_param,
        ]

    @extend_schema(
        summary="Change feed with tombstones",
        parameters=[
            OpenApiParameter(
                "since",
                OpenApiTypes.DATETIME,
                description="ISO 8601 time (exclusive). Omit it to get every change on record; "
                "then pass the `time` of the last change you processed.",
            ),
            *(
                OpenApiParameter(
                    parameter["name"],
                    parameter["schema"],  # a raw schema keeps the minimum of 1
                    description=parameter["description"],
                )
                for parameter in ApiPagination().get_schema_operation_parameters(None)
            ),
        ],
        responses=inline_serializer(
            "PaginatedChangeList",
            fields={
                "count": serializers.IntegerField(),
                "next": serializers.URLField(allow_null=True),
                "previous": serializers.URLField(allow_null=True),
                "results": ChangeSerializer(many=True),
            },
        ),
    )
    def get(self, request):
        raw = request.query_params.get("since")
        since = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
        # Absent means "from the beginning"; present but empty is a client bug.
        if raw is not None:
            try:
                since = parse_datetime(raw)
            except ValueError:
                since = None
            if since is None:
                raise exceptions.ValidationError(
                    {"since": ["Give a time as YYYY-MM-DDTHH:MM:SS with a UTC offset or Z."]}
                )
            if since.tzinfo is None:
                since = since.replace(tzinfo=datetime.UTC)
            # PostgreSQL refuses offsets beyond ±15:59 that Python accepts: send UTC.
            since = since.astimezone(datetime.UTC)
        paginator = ApiPagination()
        page = paginator.paginate_queryset(changes_since(since), request, view=self)
        data = [
            {
                "resource": change.resource,
                "id": change.id,
                "type": change.type,
                "time": change.time,
                "url": _change_url(request, change),
            }
            for change in page
        ]
        return paginator.get_paginated_response(ChangeSerializer(data, many=True).data)


def _change_url(request, change):
    if change.key is None:
        return None
    return absolute_url({"request": request}, f"{change.resource}-detail", change.key)
