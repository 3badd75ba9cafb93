"""Whole-collection downloads: CSV for sites and reports, GeoJSON for sites.

Both stream: rows are read from the database in chunks (`QuerySet.iterator`) and written to
the client as they come, so exporting every published report never holds them all in
memory. Columns are fixed and listed here; new columns are only ever appended.
"""

import csv
import json
from itertools import islice

from django.http import StreamingHttpResponse
from rest_framework.renderers import BaseRenderer

from heritage.api.serializers import absolute_url, report_citation, status_of

CHUNK = 2000

SITE_COLUMNS = [
    "id",
    "slug",
    "name",
    "kind",
    "country",
    "latitude",
    "longitude",
    "coordinates_rounded",
    "parent",
    "aliases",
    "status",
    "status_confidence",
    "status_independent_sources",
    "status_contested",
    "published_report_count",
    "unesco_id",
    "wikidata",
    "pleiades",
    "updated_at",
    "url",
]

REPORT_COLUMNS = [
    "id",
    "site",
    "site_name",
    "country",
    "latitude",
    "longitude",
    "coordinates_rounded",
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
    "evidence_count",
    "summary",
    "published_at",
    "updated_at",
    "url",
    "citation",
    "contested_on",
    "disagreements",
]


class CSVRenderer(BaseRenderer):
    """Selects the CSV download (`?format=csv` or `Accept: text/csv`); the view streams it."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        raise NotImplementedError("CSV is streamed by the view, never rendered from data.")


class GeoJSONRenderer(BaseRenderer):
    """Selects the GeoJSON download (`?format=geojson`); the view streams it."""

    media_type = "application/geo+json"
    format = "geojson"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        raise NotImplementedError("GeoJSON is streamed by the view, never rendered from data.")


def chunks(queryset, attach=None):
    """Yield the queryset's rows in lists of CHUNK, calling `attach(list)` on each first."""
    rows = queryset.iterator(chunk_size=CHUNK)
    while chunk := list(islice(rows, CHUNK)):
        if attach is not None:
            attach(chunk)
        yield chunk


def _spreadsheet_safe(text: str) -> str:
    # A cell starting with = + - @ is run as a formula by spreadsheet programs (CSV
    # injection); free text from news articles must not be able to do that.
    if text and text[0] in "=+-@\t\r":
        return "'" + text
    return text


class _Line:
    """A file-like object whose write() hands the line back, for csv.writer."""

    def write(self, value):
        return value


def _download(content, content_type: str, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _csv(rows, columns):
    writer = csv.writer(_Line())
    yield writer.writerow(columns)
    for row in rows:
        yield writer.writerow(row)


def site_row(site, context) -> list:
    latitude, longitude, rounded = site.public_coordinates()
    status = status_of(site, context.get("as_of"))
    parent = site.parent if site.parent_id and site.parent.is_public else None
    return [
        site.pk,
        site.slug,
        _spreadsheet_safe(site.name),
        site.kind,
        site.country,
        latitude,
        longitude,
        rounded,
        parent.slug if parent else "",
        _spreadsheet_safe("; ".join(alias.name for alias in site.aliases.all())),
        status["extent"],
        status["confidence"] or "",
        status["independent_sources"],
        status["contested"],
        site.published_report_count,
        site.unesco_id,
        site.wikidata,
        site.pleiades,
        site.updated_at.isoformat(),
        absolute_url(context, "site-detail", site.slug),
    ]


def report_row(report, context) -> list:
    site = report.site
    latitude, longitude, rounded = site.public_coordinates()
    url = absolute_url(context, "report-detail", report.pk)
    return [
        report.pk,
        site.slug,
        _spreadsheet_safe(site.name),
        site.country,
        latitude,
        longitude,
        rounded,
        report.event_type,
        report.extent,
        report.cause,
        _spreadsheet_safe(report.perpetrator),
        report.event_date_earliest or "",
        report.event_date_latest or "",
        report.date_precision,
        report.date_approximate,
        report.date_display,
        report.confidence,
        report.independent_sources,
        report.confidence == "contested",
        report.evidence_count,
        _spreadsheet_safe(report.summary),
        report.published_at.isoformat() if report.published_at else "",
        report.updated_at.isoformat(),
        url,
        _spreadsheet_safe(report_citation(report, url)),
        # What the statements disagree on (open ones), and every disagreement named.
        " ".join(d["kind"] for d in report.open_disagreements),
        _spreadsheet_safe(
            " | ".join(
                ("settled: " if d.get("settled") else "") + d["text"] for d in report.disagreements
            )
        ),
    ]


def sites_csv(queryset, attach, context, filename="sites.csv") -> StreamingHttpResponse:
    """Stream the sites as CSV, one row each, SITE_COLUMNS."""
    rows = (site_row(site, context) for chunk in chunks(queryset, attach) for site in chunk)
    return _download(_csv(rows, SITE_COLUMNS), "text/csv; charset=utf-8", filename)


def reports_csv(queryset, context, filename="reports.csv") -> StreamingHttpResponse:
    """Stream the reports as CSV, one row each, REPORT_COLUMNS."""
    rows = (report_row(report, context) for chunk in chunks(queryset) for report in chunk)
    return _download(_csv(rows, REPORT_COLUMNS), "text/csv; charset=utf-8", filename)


# The fields of a site that `site_feature` reads (besides the annotations).
FEATURE_FIELDS = ("slug", "name", "kind", "country", "latitude", "longitude", "location_sensitive")


def site_feature(site, context) -> dict:
    """One site as a GeoJSON Feature (RFC 7946: coordinates are [longitude, latitude])."""
    latitude, longitude, rounded = site.public_coordinates()
    geometry = None
    if latitude is not None:
        geometry = {"type": "Point", "coordinates": [float(longitude), float(latitude)]}
    status = status_of(site, context.get("as_of"))
    return {
        "type": "Feature",
        "id": site.slug,
        "geometry": geometry,
        "properties": {
            "slug": site.slug,
            "name": site.name,
            "kind": site.kind,
            "country": site.country,
            "coordinates_rounded": rounded,
            "status": status["extent"],
            "status_confidence": status["confidence"],
            "status_independent_sources": status["independent_sources"],
            "status_contested": status["contested"],
            "published_report_count": site.published_report_count,
            "url": absolute_url(context, "site-detail", site.slug),
        },
    }


def sites_geojson(queryset, attach, context, filename="sites.geojson") -> StreamingHttpResponse:
    """Stream the sites as one GeoJSON FeatureCollection."""

    def content():
        yield '{"type": "FeatureCollection", "features": ['
        separator = ""
        for chunk in chunks(queryset, attach):
            for site in chunk:
                yield separator + json.dumps(site_feature(site, context), ensure_ascii=False)
                separator = ","
        yield "]}"

    return _download(content(), "application/geo+json", filename)
