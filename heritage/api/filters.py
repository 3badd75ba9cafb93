"""One FilterSet per resource. Every filter narrows a queryset that is already limited to
published data (the views start from `public()`, `published()`, `cited()`, `attributed()`),
and every filter that looks across a relation looks only at published rows, so no filter's
effect can reveal anything unpublished."""

import datetime
from decimal import Decimal, InvalidOperation

import django_filters as filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django_filters.fields import IsoDateTimeField
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema_field

from heritage.models import (
    Cause,
    Confidence,
    DamageReport,
    DatePrecision,
    EventType,
    Evidence,
    Extent,
    HeritageSite,
    SiteAlias,
)
from sources.models import Actor, ActorAlias, Source


class BoundingBoxField(forms.CharField):
    """`min_lon,min_lat,max_lon,max_lat` in WGS84 degrees (the GeoJSON `bbox` order)."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        parts = value.split(",")
        if len(parts) != 4:
            raise forms.ValidationError(
                "Give four numbers: min_longitude,min_latitude,max_longitude,max_latitude."
            )
        try:
            west, south, east, north = (Decimal(part.strip()) for part in parts)
        except InvalidOperation:
            raise forms.ValidationError("The bounding box must be four numbers.") from None
        if not (-180 <= min(west, east) <= max(west, east) <= 180):
            raise forms.ValidationError("Longitudes run from -180 to 180.")
        if not (-90 <= min(south, north) <= max(south, north) <= 90):
            raise forms.ValidationError("Latitudes run from -90 to 90.")
        # Corners in either order mean the same box (boxes across the antimeridian cannot be
        # expressed; split them in two).
        return min(west, east), min(south, north), max(west, east), max(south, north)


_LONGITUDE = r"-?(?:180(?:\.0+)?|(?:1[0-7][0-9]|[0-9]{1,2})(?:\.[0-9]+)?)"
_LATITUDE = r"-?(?:90(?:\.0+)?|[0-8]?[0-9](?:\.[0-9]+)?)"
BBOX_SCHEMA = {
    "type": "string",
    "pattern": rf"^{_LONGITUDE},{_LATITUDE},{_LONGITUDE},{_LATITUDE}$",
    # No "example": Swagger UI would fill it in as a filter when a reader tries a request.
}


@extend_schema_field(BBOX_SCHEMA)
class BoundingBoxFilter(filters.Filter):
    """Keep records whose site lies in the box. `site_field` names the site from the
    filtered model ("pk" for sites themselves, "site" for reports)."""

    field_class = BoundingBoxField

    def __init__(self, *args, site_field="pk", **kwargs):
        self.site_field = site_field
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        west, south, east, north = value
        # The published (rounded) coordinates: a box must not locate a sensitive site more
        # precisely than the coordinates we publish for it.
        inside = HeritageSite.objects.with_public_coordinates().filter(
            public_latitude__gte=south,
            public_latitude__lte=north,
            public_longitude__gte=west,
            public_longitude__lte=east,
        )
        return qs.filter(**{f"{self.site_field}__in": inside.values("pk")})


class UtcIsoDateTimeField(IsoDateTimeField):
    """An ISO 8601 time, turned into UTC: Python accepts offsets up to ±23:59, PostgreSQL only
    up to ±15:59, so an odd offset must not reach the database as written."""

    def clean(self, value):
        value = super().clean(value)
        return value.astimezone(datetime.UTC) if value is not None else None


class UtcIsoDateTimeFilter(filters.IsoDateTimeFilter):
    field_class = UtcIsoDateTimeField


class StrictBooleanField(forms.Field):
    """`true` or `false`, as OpenAPI writes a boolean in a query string. Django's
    NullBooleanField reads anything else ("null", "yes", "maybe") as unknown, which would
    answer as if the filter were absent."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if value in ("true", "false"):
            return value == "true"
        raise forms.ValidationError("Give true or false.")


class StrictBooleanFilter(filters.BooleanFilter):
    field_class = StrictBooleanField


# The id range of a BigAutoField: any id in it is a valid query (matching nothing if absent).
MAX_ID = 2**63 - 1


class IdField(forms.IntegerField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class IdFilter(filters.NumberFilter):
    """The id of a record: a whole number from 1."""

    field_class = IdField


class ChoiceFilter(filters.MultipleChoiceFilter):
    """Any of the given values of a field of the row itself or of a row it points to (a
    report's site): never a row twice, so without django-filter's DISTINCT, which made
    PostgreSQL de-duplicate every matching row to count them (a third to half of the count)
    and sort them again for the page's keys."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("distinct", False)
        super().__init__(*args, **kwargs)


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, without the work when the request names none of the filters.

    Building a FilterSet copies every filter and builds a form class and a form of every
    filter's field: about a fifth of the time of an unfiltered page of sites, computed (a
    cache miss), to narrow nothing. With no parameter that a filter's form could read (its
    name, or its name with a suffix, as widgets of two values read), the FilterSet would
    filter nothing and find nothing wrong: the queryset is returned as it is."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None:
            names = tuple(filterset_class.base_filters)
            if not any(parameter.startswith(names) for parameter in request.query_params):
                return queryset
        return super().filter_queryset(request, queryset, view)


class FilterSet(filters.FilterSet):
    """A FilterSet whose form class is built once per FilterSet class, not per request: the
    fields are those of the class's filters, the same for every request (each form still
    gets its own copies of them, as Django's forms do)."""

    def get_form_class(self):
        form_class = type(self).__dict__.get("_form_class")
        if form_class is None:
            form_class = super().get_form_class()
            type(self)._form_class = form_class
        return form_class


def _site_and_descendants(slug: str) -> Q:
    """The public site with this slug and every site inside it (up to three levels down).
    The named ancestor must itself be public: a hidden site's slug must match nothing."""
    return (
        Q(slug=slug, is_public=True)
        | Q(parent__slug=slug, parent__is_public=True)
        | Q(parent__parent__slug=slug, parent__parent__is_public=True)
        | Q(parent__parent__parent__slug=slug, parent__parent__parent__is_public=True)
    )


class SiteFilter(FilterSet):
    search = filters.CharFilter(
        method="filter_search", help_text="Words in the site's name or any of its aliases."
    )
    country = filters.CharFilter(
        field_name="country",
        lookup_expr="iexact",
        help_text="ISO 3166-1 alpha-2 code, e.g. SY.",
    )
    kind = ChoiceFilter(choices=HeritageSite.Kind.choices)
    status = ChoiceFilter(
        choices=Extent.choices,
        method="filter_status",
        help_text="The current damage extent (or the extent on `as_of`, when given).",
    )
    within = filters.CharFilter(
        method="filter_within", help_text="Slug of a site: that site and every site inside it."
    )
    parent = filters.CharFilter(
        method="filter_parent", help_text="Slug of the parent site: its direct children."
    )
    location_sensitive = StrictBooleanFilter(
        help_text="Sites whose published coordinates are rounded to about 10 km."
    )
    bbox = BoundingBoxFilter(
        help_text="min_longitude,min_latitude,max_longitude,max_latitude (rounded coordinates "
        "for sensitive sites)."
    )
    updated_since = UtcIsoDateTimeFilter(
        field_name="updated_at", lookup_expr="gte", help_text="Sites edited since this time."
    )
    has_reports = StrictBooleanFilter(
        method="filter_has_reports", help_text="Sites with at least one published report."
    )

    class Meta:
        model = HeritageSite
        fields = []

    def filter_search(self, qs, name, value):
        words = value.split()
        for word in words:
            aliases = SiteAlias.objects.filter(site=OuterRef("pk"), name__icontains=word)
            qs = qs.filter(Q(name__icontains=word) | Exists(aliases))
        return qs

    def filter_status(self, qs, name, value):
        # `status_extent` is annotated by the view, today's or on the `as_of` day.
        return qs.filter(status_extent__in=value) if value else qs

    def filter_within(self, qs, name, value):
        return qs.filter(_site_and_descendants(value))

    def filter_parent(self, qs, name, value):
        return qs.filter(parent__slug=value, parent__is_public=True)

    def filter_has_reports(self, qs, name, value):
        if value is None:
            return qs
        published = DamageReport.objects.published().filter(site=OuterRef("pk"))
        return qs.filter(Exists(published) if value else ~Exists(published))


class ReportFilter(FilterSet):
    search = filters.CharFilter(
        method="filter_search",
        help_text="Words in the summary, the evidence quotes, or the site's name or aliases.",
    )
    site = filters.CharFilter(field_name="site__slug", help_text="Slug of the site itself.")
    within = filters.CharFilter(
        method="filter_within",
        help_text="Slug of a site: reports about it and about every site inside it.",
    )
    country = filters.CharFilter(field_name="site__country", lookup_expr="iexact")
    kind = ChoiceFilter(
        field_name="site__kind", choices=HeritageSite.Kind.choices, help_text="The site's kind."
    )
    site_status = ChoiceFilter(
        field_name="site__status", choices=Extent.choices, help_text="The site's current status."
    )
    event_type = ChoiceFilter(choices=EventType.choices)
    extent = ChoiceFilter(choices=Extent.choices)
    cause = ChoiceFilter(choices=Cause.choices)
    confidence = ChoiceFilter(choices=Confidence.choices)
    date_precision = ChoiceFilter(choices=DatePrecision.choices)
    event_after = filters.DateFilter(
        field_name="event_date_latest",
        lookup_expr="gte",
        help_text="Events that may have happened on or after this day.",
    )
    event_before = filters.DateFilter(
        field_name="event_date_earliest",
        lookup_expr="lte",
        help_text="Events that may have happened on or before this day.",
    )
    published_since = UtcIsoDateTimeFilter(
        field_name="published_at", lookup_expr="gte", help_text="Published since this time."
    )
    updated_since = UtcIsoDateTimeFilter(
        field_name="updated_at", lookup_expr="gte", help_text="Edited since this time."
    )
    actor = IdFilter(method="filter_actor", help_text="Id of an actor quoted in the evidence.")
    outlet = filters.CharFilter(
        method="filter_outlet", help_text="An outlet cited in the evidence, e.g. Reuters."
    )
    source = IdFilter(method="filter_source", help_text="Id of a cited source.")
    bbox = BoundingBoxFilter(
        site_field="site",
        help_text="min_longitude,min_latitude,max_longitude,max_latitude of the site.",
    )

    class Meta:
        model = DamageReport
        fields = []

    def filter_search(self, qs, name, value):
        for word in value.split():
            quotes = Evidence.objects.filter(report=OuterRef("pk"), quote__icontains=word)
            aliases = SiteAlias.objects.filter(site=OuterRef("site"), name__icontains=word)
            qs = qs.filter(
                Q(summary__icontains=word)
                | Q(site__name__icontains=word)
                | Exists(quotes)
                | Exists(aliases)
            )
        return qs

    def filter_within(self, qs, name, value):
        return qs.filter(site__in=HeritageSite.objects.filter(_site_and_descendants(value)))

    def filter_actor(self, qs, name, value):
        return qs.filter(
            Exists(Evidence.objects.filter(report=OuterRef("pk"), attributed_to_id=value))
        )

    def filter_outlet(self, qs, name, value):
        return qs.filter(
            Exists(Evidence.objects.filter(report=OuterRef("pk"), source__outlet__iexact=value))
        )

    def filter_source(self, qs, name, value):
        return qs.filter(Exists(Evidence.objects.filter(report=OuterRef("pk"), source_id=value)))


def _published_evidence(**lookups):
    return Evidence.objects.filter(report__in=DamageReport.objects.published(), **lookups)


class SourceFilter(FilterSet):
    search = filters.CharFilter(
        method="filter_search", help_text="Words in the title, outlet or author."
    )
    outlet = filters.CharFilter(field_name="outlet", lookup_expr="iexact")
    kind = ChoiceFilter(choices=Source.Kind.choices)
    reliability = ChoiceFilter(choices=Source.Reliability.choices)
    language = filters.CharFilter(field_name="language", lookup_expr="iexact")
    published_after = filters.DateFilter(field_name="published_on", lookup_expr="gte")
    published_before = filters.DateFilter(field_name="published_on", lookup_expr="lte")
    site = filters.CharFilter(
        method="filter_site", help_text="Slug of a site: sources cited by its published reports."
    )
    actor = IdFilter(
        method="filter_actor", help_text="Id of an actor the source quotes in published evidence."
    )

    class Meta:
        model = Source
        fields = []

    def filter_search(self, qs, name, value):
        for word in value.split():
            qs = qs.filter(
                Q(title__icontains=word) | Q(outlet__icontains=word) | Q(author__icontains=word)
            )
        return qs

    def filter_site(self, qs, name, value):
        return qs.filter(
            Exists(_published_evidence(source=OuterRef("pk"), report__site__slug=value))
        )

    def filter_actor(self, qs, name, value):
        return qs.filter(Exists(_published_evidence(source=OuterRef("pk"), attributed_to_id=value)))


class ActorFilter(FilterSet):
    search = filters.CharFilter(
        method="filter_search", help_text="Words in the actor's name or any spelling of it."
    )
    kind = ChoiceFilter(choices=Actor.Kind.choices)
    site = filters.CharFilter(
        method="filter_site", help_text="Slug of a site: actors quoted in its published reports."
    )

    class Meta:
        model = Actor
        fields = []

    def filter_search(self, qs, name, value):
        for word in value.split():
            aliases = ActorAlias.objects.filter(actor=OuterRef("pk"), name__icontains=word)
            qs = qs.filter(Q(name__icontains=word) | Exists(aliases))
        return qs

    def filter_site(self, qs, name, value):
        return qs.filter(
            Exists(_published_evidence(attributed_to=OuterRef("pk"), report__site__slug=value))
        )
