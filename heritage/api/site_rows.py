"""A page of sites (or one site with its timeline) read with SQL compiled once, not per request.

Profiled on the benchmark dataset, a cold site detail spent about a tenth of its time in the
database and most of the rest building and compiling the same querysets again (annotations,
subqueries, prefetches: cloned, resolved and compiled on every request). The queries here
are those same querysets, written once below with the ORM, so their meaning (what is
public, the status rule, the count of independent sources) stays the one in models.py; each
is compiled to SQL once per database and number of keys, and then run with the keys of the
request in place of the stand-in values it was compiled with. Rows come back as plain values,
through Django's own converters (dates, decimals, booleans as the ORM would give them), and
the serializers render them as they render model instances: the JSON is the same (tests
compare the two paths on the same data).

Used for the JSON of the sites list and of a site's detail without `as_of`, and for the rows of
the JSON reports list; everything else (downloads, `as_of`, a single report) keeps the
querysets of views.py.
"""

import functools
from types import SimpleNamespace

from django.db import connections, router

from heritage.models import DamageReport, HeritageSite, SiteAlias, public_coordinates

# Values the queries are compiled with, then replaced by the request's: negative keys and a
# slug no site can have, so that no other parameter of the SQL is mistaken for one.
_STAND_IN_KEY = -987_654_000
_STAND_IN_SLUG = "\x00stand-in-slug"

SITE_FIELDS = (
    *("id", "slug", "name", "kind", "country", "latitude", "longitude", "location_sensitive"),
    *("built", "unesco_id", "wikidata", "pleiades", "description", "updated_at", "parent_id"),
)
REF_FIELDS = ("slug", "name", "latitude", "longitude", "location_sensitive")
PARENT_FIELDS = tuple(f"parent__{name}" for name in (*REF_FIELDS, "is_public"))
TIMELINE_FIELDS = (
    *("id", "event_type", "extent", "cause", "event_date_earliest", "event_date_latest"),
    *("date_precision", "date_approximate", "confidence", "summary", "published_at"),
)


def _site_values(queryset):
    return (
        queryset.with_status_report()
        .with_published_report_count()
        .values(*SITE_FIELDS, *PARENT_FIELDS, "status_report_id", "status_extent",
                "published_report_count")
    )  # fmt: skip


def _sites(keys):
    return _site_values(HeritageSite.objects.filter(pk__in=keys))


def _public_site_by_slug(slugs):
    [slug] = slugs
    return _site_values(HeritageSite.objects.public().filter(slug=slug))


def _aliases(keys):
    return SiteAlias.objects.filter(site_id__in=keys).order_by("name").values("site_id", "name")


def _children(keys):
    return (
        HeritageSite.objects.public()
        .filter(parent_id__in=keys)
        .order_by("name", "pk")
        .values("parent_id", *REF_FIELDS)
    )


def _status_reports(keys):
    return (
        DamageReport.objects.filter(pk__in=keys)
        .with_source_counts()
        .values("id", "confidence", "independent_sources")
    )


def _timeline(keys):
    [site] = keys
    return (
        DamageReport.objects.published()
        .filter(site_id=site)
        .with_source_counts()
        .status_order()
        .values(*TIMELINE_FIELDS, "independent_sources")
    )


REPORT_FIELDS = (
    *TIMELINE_FIELDS,
    *("perpetrator", "updated_at", "disagreements", "site_id"),
    *(f"site__{name}" for name in REF_FIELDS),
)


def _reports(keys):
    return (
        DamageReport.objects.filter(pk__in=keys)
        .with_source_counts()
        .values(*REPORT_FIELDS, "independent_sources")
    )


QUERIES = {
    "reports": _reports,
    "sites": _sites,
    "site_by_slug": _public_site_by_slug,
    "aliases": _aliases,
    "children": _children,
    "status_reports": _status_reports,
    "timeline": _timeline,
}


@functools.lru_cache(maxsize=2048)
def _compiled(name: str, using: str, size: int, slug: bool):
    """The SQL of query `name` for `size` keys on database `using`, with the positions of
    its parameters that take the keys, its column names and its compiler (for converters)."""
    stand_ins = (
        [f"{_STAND_IN_SLUG}{i}" for i in range(size)]
        if slug
        else [_STAND_IN_KEY - i for i in range(size)]
    )
    queryset = QUERIES[name](stand_ins)
    query = queryset.query
    compiler = query.get_compiler(using)
    sql, params = compiler.as_sql()
    positions = {}
    for position, value in enumerate(params):
        if value in stand_ins:
            positions[position] = stand_ins.index(value)
    if sorted(positions.values()) != list(range(size)):
        raise AssertionError(f"{name}: the keys do not each appear once in its parameters")
    names = [*query.extra_select, *query.values_select, *query.annotation_select]
    columns = [column for column, _, _ in compiler.select[: compiler.col_count]]
    return sql, tuple(params), positions, names, compiler, compiler.get_converters(columns)


def run(name: str, keys: list, *, slug: bool = False) -> list[dict]:
    """The rows of query `name` for these keys (ids, or slugs), as dicts of converted values."""
    if not keys:
        return []
    using = router.db_for_read(HeritageSite)
    sql, params, positions, names, compiler, converters = _compiled(name, using, len(keys), slug)
    params = list(params)
    for position, index in positions.items():
        params[position] = keys[index]
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if converters:
        rows = compiler.apply_converters(rows, converters)
    return [dict(zip(names, row, strict=True)) for row in rows]


class Row(SimpleNamespace):
    """A site (or a report) as the serializers read it: the attributes of a model instance."""

    def public_coordinates(self):
        return public_coordinates(self.latitude, self.longitude, self.location_sensitive)

    @property
    def pk(self):
        return self.id


class _Aliases(list):
    def all(self):
        return self


def public_site(slug: str) -> Row | None:
    """The public site with this slug, with its timeline, ready for SiteDetailSerializer;
    None when there is none. Five queries at most, as the queryset with its prefetches."""
    rows = run("site_by_slug", [slug], slug=True)
    return _assemble([row["id"] for row in rows], rows, timeline=True)[0] if rows else None


def sites(keys: list[int]) -> list[Row]:
    """The sites with these keys, in that order, ready for SiteSerializer: the same
    attributes SiteViewSet's queryset and `attach_status_reports()` give a model instance.
    Four queries at most (no status report query when no report sets a status)."""
    return _assemble(keys, run("sites", keys))


def _assemble(keys: list[int], rows: list[dict], *, timeline: bool = False) -> list[Row]:
    rows = {row["id"]: row for row in rows}
    aliases, children = {}, {}
    for alias in run("aliases", list(rows)):
        aliases.setdefault(alias["site_id"], _Aliases()).append(Row(name=alias["name"]))
    for child in run("children", list(rows)):
        children.setdefault(child.pop("parent_id"), []).append(Row(**child))
    reports = {
        report["id"]: (report["id"], report["confidence"], report["independent_sources"])
        for report in run(
            "status_reports", [row["status_report_id"] for row in rows.values()
                               if row["status_report_id"]]
        )
    }  # fmt: skip
    result = []
    for key in keys:
        row = rows.get(key)
        if row is None:
            continue
        parent = None
        if row["parent_id"] is not None:
            parent = Row(**{name: row[f"parent__{name}"] for name in (*REF_FIELDS, "is_public")})
        site = Row(
            **{name: row[name] for name in SITE_FIELDS},
            parent=parent,
            public_children=children.get(key, []),
            aliases=aliases.get(key, _Aliases()),
            status_extent=row["status_extent"],
            status_report_id=row["status_report_id"],
            status_report=reports.get(row["status_report_id"]),
            published_report_count=row["published_report_count"],
        )
        if timeline:
            site.timeline = [_report(report) for report in run("timeline", [key])]
        result.append(site)
    return result


def _report(values: dict) -> Row:
    report = Row(**values)
    report.date_display = DamageReport.date_display.fget(report)
    return report


EVENT_TYPES = dict(DamageReport._meta.get_field("event_type").flatchoices)


class ReportRow(Row):
    def get_event_type_display(self) -> str:
        return str(EVENT_TYPES.get(self.event_type, self.event_type))


def reports(keys: list[int]) -> list[Row]:
    """The reports with these keys, in that order, ready for ReportSerializer once the view
    has attached their evidence: the attributes of ReportViewSet's queryset. One query."""
    rows = {}
    for values in run("reports", keys):
        site = Row(**{name: values.pop(f"site__{name}") for name in REF_FIELDS})
        report = ReportRow(**values, site=site)
        report.date_display = DamageReport.date_display.fget(report)
        rows[report.id] = report
    return [rows[key] for key in keys if key in rows]
