"""The change feed: what a mirror must do to stay exact since a given time.

Built on django-simple-history, which records every create, update and delete of sites,
reports, evidence and sources with its time. The rule, per record touched after `since`:

- visible now (public site, published report, cited source): `created` if it became visible
  after `since` (a report published, a site accepted, a source first cited), else `updated`;
- not visible now but visible at some time before (a published report later retracted,
  rejected after being sent back, or deleted; a public site hidden again; a source no
  longer cited): a tombstone, `deleted` if the row is gone, else `retracted`, carrying only
  the resource, id, type and time;
- never visible (pending or rejected work, candidate sites, uncited sources): nothing at all,
  whatever happened to it.

"Visible before" is read from the history: a report was visible if, at some moment, its
historical row said `published` while its site's historical row said `is_public` (a report
published on a site nobody had accepted was never seen); a site if it had `is_public`; a
source if evidence from it backed a report that was visible at some time. Evidence changes
show as an update of their report; a site's status change (it is derived, not edited) as an
update of the site; a change to a site (its name, or being accepted or hidden) as a change to
each of its reports too. Actors keep no history
and are not in the feed; they are few and small, so a mirror re-reads `actors/`.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Max, Min

from heritage.models import DamageReport, Evidence, HeritageSite
from sources.models import Source

CREATED, UPDATED, RETRACTED, DELETED = "created", "updated", "retracted", "deleted"


@dataclass(frozen=True)
class Change:
    resource: str
    id: int
    type: str
    time: object
    key: object = None  # what the detail URL is built from (a site's slug), None for tombstones


def _latest(rows, into):
    for pk, when in rows:
        if pk is not None and (pk not in into or when > into[pk]):
            into[pk] = when


def _classify(resource, touched, visible, ever_visible, existing, became_visible, keys):
    changes = []
    for pk, when in touched.items():
        if pk in visible:
            kind = CREATED if became_visible.get(pk) else UPDATED
            changes.append(Change(resource, pk, kind, when, keys.get(pk, pk)))
        elif pk in ever_visible:
            changes.append(Change(resource, pk, RETRACTED if pk in existing else DELETED, when))
    return changes


def _intervals(rows):
    """[(start, end, state)] from history rows (time, type, state) of one record, oldest
    first; a deletion row ends the last interval and opens none."""
    intervals = []
    rows = sorted(rows, key=lambda row: row[0])
    for index, (when, kind, state) in enumerate(rows):
        if kind == "-":
            continue
        end = rows[index + 1][0] if index + 1 < len(rows) else None
        intervals.append((when, end, state))
    return intervals


def _overlap(a, b) -> bool:
    (a_start, a_end), (b_start, b_end) = a, b
    return (b_end is None or a_start < b_end) and (a_end is None or b_start < a_end)


def ever_visible_reports(report_ids) -> set[int]:
    """The reports among `report_ids` that the public could see at some moment: published
    while their site was public (two queries over the history tables)."""
    HistoricalReport = DamageReport.history.model
    HistoricalSite = HeritageSite.history.model
    report_rows = defaultdict(list)
    for pk, when, kind, status, site_id in HistoricalReport.objects.filter(
        id__in=list(report_ids)
    ).values_list("id", "history_date", "history_type", "review_status", "site_id"):
        report_rows[pk].append((when, kind, (status, site_id)))
    site_ids = {state[1] for rows in report_rows.values() for _, _, state in rows}
    site_rows = defaultdict(list)
    for pk, when, kind, is_public in HistoricalSite.objects.filter(
        id__in=list(site_ids)
    ).values_list("id", "history_date", "history_type", "is_public"):
        site_rows[pk].append((when, kind, is_public))
    public_spans = {
        pk: [(start, end) for start, end, public in _intervals(rows) if public]
        for pk, rows in site_rows.items()
    }
    seen = set()
    for pk, rows in report_rows.items():
        for start, end, (status, site_id) in _intervals(rows):
            if status == "published" and any(
                _overlap((start, end), span) for span in public_spans.get(site_id, ())
            ):
                seen.add(pk)
                break
    return seen


def _report_changes(since):
    HistoricalReport = DamageReport.history.model
    HistoricalEvidence = Evidence.history.model
    touched = {}
    _latest(
        HistoricalReport.objects.filter(history_date__gt=since)
        .values("id")
        .annotate(t=Max("history_date"))
        .values_list("id", "t"),
        touched,
    )
    _latest(
        HistoricalEvidence.objects.filter(history_date__gt=since)
        .values("report_id")
        .annotate(t=Max("history_date"))
        .values_list("report_id", "t"),
        touched,
    )
    # A report's JSON embeds its site, and a site accepted or hidden shows or hides all its
    # reports: a change to a site is a change to each of its reports.
    site_times = dict(
        HeritageSite.history.model.objects.filter(history_date__gt=since)
        .values("id")
        .annotate(t=Max("history_date"))
        .values_list("id", "t")
    )
    _latest(
        (
            (pk, site_times[site_id])
            for pk, site_id in DamageReport.objects.filter(site_id__in=list(site_times))
            .order_by()
            .values_list("pk", "site_id")
        ),
        touched,
    )
    ids = list(touched)
    visible = dict(
        DamageReport.objects.published().filter(pk__in=ids).values_list("pk", "published_at")
    )
    ever = ever_visible_reports(ids)
    existing = set(DamageReport.objects.filter(pk__in=ids).values_list("pk", flat=True))
    became = {pk: published_at > since for pk, published_at in visible.items()}
    # Only reports the public could see may make their sources show up in the feed: edits
    # to pending work must not surface as activity on a public source.
    public_times = {pk: touched[pk] for pk in set(visible) | ever}
    return _classify("report", touched, visible, ever, existing, became, {}), public_times


def _site_changes(since):
    HistoricalSite = HeritageSite.history.model
    touched = {}
    _latest(
        HistoricalSite.objects.filter(history_date__gt=since)
        .values("id")
        .annotate(t=Max("history_date"))
        .values_list("id", "t"),
        touched,
    )
    _latest(
        HeritageSite.objects.filter(status_changed_at__gt=since).values_list(
            "pk", "status_changed_at"
        ),
        touched,
    )
    ids = list(touched)
    visible = dict(HeritageSite.objects.public().filter(pk__in=ids).values_list("pk", "slug"))
    first_public = dict(
        HistoricalSite.objects.filter(id__in=ids, is_public=True)
        .values("id")
        .annotate(t=Min("history_date"))
        .values_list("id", "t")
    )
    existing = set(HeritageSite.objects.filter(pk__in=ids).values_list("pk", flat=True))
    became = {pk: first_public.get(pk) is not None and first_public[pk] > since for pk in visible}
    return _classify("site", touched, visible, set(first_public), existing, became, visible)


def _source_changes(since, report_times):
    HistoricalSource = Source.history.model
    HistoricalEvidence = Evidence.history.model
    report_ids = list(report_times)
    touched = {}
    _latest(
        HistoricalSource.objects.filter(history_date__gt=since)
        .values("id")
        .annotate(t=Max("history_date"))
        .values_list("id", "t"),
        touched,
    )
    # A source appears in or leaves `sources/` when a report citing it is published,
    # retracted or deleted (or its site accepted or hidden), with no change to the source
    # itself: every source that evidence of a changed report quotes, or quoted, is touched.
    _latest(
        (
            (source_id, report_times[report_id])
            for source_id, report_id in HistoricalEvidence.objects.filter(report_id__in=report_ids)
            .values_list("source_id", "report_id")
            .distinct()
        ),
        touched,
    )
    ids = list(touched)
    visible = set(Source.objects.cited().filter(pk__in=ids).values_list("pk", flat=True))
    citing = defaultdict(set)
    for source_id, report_id in (
        HistoricalEvidence.objects.filter(source_id__in=ids)
        .values_list("source_id", "report_id")
        .distinct()
    ):
        citing[source_id].add(report_id)
    seen_reports = ever_visible_reports({r for reports in citing.values() for r in reports})
    ever = {source_id for source_id, reports in citing.items() if reports & seen_reports}
    existing = set(Source.objects.filter(pk__in=ids).values_list("pk", flat=True))
    # Whether a source was already cited before `since` is not kept anywhere cheap to read;
    # mirrors treat created and updated alike (fetch and upsert), so sources say `updated`.
    return _classify("source", touched, visible, ever, existing, {}, {})


def changes_since(since) -> list[Change]:
    """Every change a mirror needs since `since`, oldest first (a fixed number of queries)."""
    reports, report_times = _report_changes(since)
    changes = reports + _site_changes(since) + _source_changes(since, report_times)
    return sorted(changes, key=lambda change: (change.time, change.resource, change.id))
