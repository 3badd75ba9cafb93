"""The article importer: extraction output mapped onto sources and heritage records.

`import_articles` reads files, extracts claims (`sources.extraction`, plain Python) and, unless
it is a dry run, writes each article in its own transaction through `article_import`:
one Source, the Actors it cites, candidate sites, and its claims merged into DamageReports
(one Evidence per source). The same article twice adds nothing (content hash).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import Count, Max, Min, Q, QuerySet
from django.utils import timezone
from django.utils.text import slugify

from heritage.inserts import insert_with_history
from heritage.models import (
    Cause,
    Confidence,
    DamageReport,
    DatePrecision,
    EventType,
    Evidence,
    Extent,
    HeritageSite,
    Settlement,
    SiteAlias,
)
from heritage.text import normalize_name
from sources.extraction import EXTRACTOR_VERSION, Article, ReadError, extract_paths, find_manifest
from sources.extraction.actors import ActorIndex, default_index
from sources.extraction.gazetteer import Gazetteer, SiteEntry
from sources.extraction.merging import Claim
from sources.extraction.metadata import ManifestError, is_agency, read_manifest
from sources.extraction.pipeline import article_contract
from sources.extraction.statements import Statement, compared, disagreements
from sources.models import Actor, ActorAlias, ImportRun, Source, content_hash

DAMAGE_FAMILY = {EventType.DESTROYED, EventType.DAMAGED}
# Claims whose dates are this close still count as one event (a day's difference between
# outlets, or a report filed the morning after).
DATE_SLACK_DAYS = 3
# Kinds the extraction gives claimants, as Actor kinds.
ACTOR_KINDS = {
    "official": Actor.Kind.OFFICIAL,
    "monitoring_group": Actor.Kind.MONITORING_GROUP,
    "news_agency": Actor.Kind.NEWS_AGENCY,
    "state_media": Actor.Kind.NEWS_AGENCY,
    "armed_group": Actor.Kind.ARMED_GROUP,
    "military": Actor.Kind.ARMED_GROUP,
    "international_org": Actor.Kind.INTERNATIONAL_ORG,
    "imagery_provider": Actor.Kind.IMAGERY_PROVIDER,
    "witness": Actor.Kind.WITNESS,
}
_WITNESS_WORDS = ("witness", "resident", "activist", "local", "journalist")


class ImportAborted(Exception):
    """--strict: a file failed, so nothing was written."""


@dataclass
class FileOutcome:
    """What happened to one file (or one record of a .jsonl file)."""

    file: str
    status: str  # imported, skipped, error, dry-run
    detail: str = ""
    claims: int = 0
    reports_created: int = 0
    evidence_added: int = 0
    flagged: int = 0  # published reports sent back for another look
    candidates: list[str] = field(default_factory=list)


@dataclass
class ImportSummary:
    run: ImportRun | None
    outcomes: list[FileOutcome]
    contract: dict | None = None  # the evaluation contract, for --dry-run --json

    @property
    def errors(self) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.status == "error"]

    @property
    def candidates(self) -> list[str]:
        return sorted({c for o in self.outcomes for c in o.candidates})


# --- the gazetteer, from the database ------------------------------------------------------


def gazetteer_from_db() -> Gazetteer | None:
    """Every site (public or candidate) with its aliases, as plain data; None when empty."""
    aliases: dict[int, list[str]] = {}
    for site_id, name in SiteAlias.objects.values_list("site_id", "name"):
        aliases.setdefault(site_id, []).append(name)
    rows = HeritageSite.objects.values_list("id", "slug", "name", "kind", "parent__slug")
    entries = [
        SiteEntry(
            slug=slug, name=name, kind=kind, parent=parent, aliases=tuple(aliases.get(pk, ()))
        )
        for pk, slug, name, kind, parent in rows
    ]
    return Gazetteer.from_entries(entries) if entries else None


def gazetteer_for_import() -> Gazetteer:
    """The database's sites, or the gazetteer file when the database has none (a dry run on a
    fresh checkout)."""
    try:
        gazetteer = gazetteer_from_db()
    except DatabaseError:  # not migrated yet: a dry run needs no database
        gazetteer = None
    return gazetteer or Gazetteer.from_file(settings.GAZETTEER_PATH)


# --- the run -------------------------------------------------------------------------------


def import_articles(
    *,
    paths: Iterable[str | Path],
    manifest: str | Path | None = None,
    user=None,
    dry_run: bool = False,
    strict: bool = False,
    arguments: dict | None = None,
    progress: Callable[[str], None] | None = None,
    workers: int = 1,
) -> ImportSummary:
    """Import every article under `paths`. Each file is its own transaction; with `strict`, any
    error rolls the whole run back and raises ImportAborted. A dry run writes nothing. With
    `workers` > 1, articles are extracted in that many processes while this one writes them, in
    the files' order."""
    paths = [Path(p) for p in paths]
    manifest = manifest or find_manifest(paths)
    try:
        rows = read_manifest(manifest) if manifest else {}
    except ManifestError as exc:
        raise ImportAborted(str(exc)) from None
    gazetteer = gazetteer_for_import()
    actors = default_index()
    results = extract_paths(
        paths, gazetteer=gazetteer, manifest=rows, actors=actors, workers=workers
    )

    if dry_run:
        # Each article becomes its contract entry at once: memory holds no article texts.
        outcomes = []
        document = {"extractor": EXTRACTOR_VERSION, "sources": [], "errors": []}
        for item in results:
            outcomes.append(_dry_outcome(item))
            if isinstance(item, ReadError):
                document["errors"].append({"file": item.file, "error": item.reason})
            else:
                document["sources"].append(article_contract(item, gazetteer))
            if progress:
                progress(outcomes[-1].file)
        if strict and any(o.status == "error" for o in outcomes):
            raise ImportAborted(_first_error(outcomes))
        return ImportSummary(run=None, outcomes=outcomes, contract=document)

    run = ImportRun.objects.create(
        started_by=user if user is not None and user.pk else None,
        arguments=arguments or {"paths": [str(p) for p in paths], "manifest": str(manifest or "")},
    )
    outcomes: list[FileOutcome] = []
    context = {"run": run, "gazetteer": gazetteer, "actors": actors, "cache": {}}
    try:
        if strict:
            with transaction.atomic():
                for item in results:
                    outcome = _import_item(item, **context)
                    outcomes.append(outcome)
                    if progress:
                        progress(outcome.file)
                    if outcome.status == "error":
                        raise ImportAborted(_first_error(outcomes))
        else:
            for item in results:
                outcome = _import_item(item, **context)
                outcomes.append(outcome)
                if progress:
                    progress(outcome.file)
    except BaseException:
        # --strict rolled every file back; otherwise the files before the failure are kept.
        _finish_run(run, outcomes, status=ImportRun.Status.FAILED, rolled_back=strict)
        raise
    failed = any(o.status == "error" for o in outcomes)
    _finish_run(
        run, outcomes, status=ImportRun.Status.PARTIAL if failed else ImportRun.Status.SUCCEEDED
    )
    return ImportSummary(run=run, outcomes=outcomes)


def _first_error(outcomes: list[FileOutcome]) -> str:
    error = next(o for o in outcomes if o.status == "error")
    return f"{error.file}: {error.detail} (--strict: nothing was imported)"


def _dry_outcome(item: Article | ReadError) -> FileOutcome:
    if isinstance(item, ReadError):
        return FileOutcome(file=item.file, status="error", detail=item.reason)
    return FileOutcome(
        file=item.file,
        status="dry-run",
        claims=len(item.claims),
        candidates=[c.name for c in item.candidates],
    )


def _import_item(
    item, *, run: ImportRun, gazetteer: Gazetteer, actors: ActorIndex, cache: dict
) -> FileOutcome:
    # A failed file is reported once, by whoever shows the outcomes (the command prints each on
    # stderr; the run keeps them): no log line repeating it.
    if isinstance(item, ReadError):
        return FileOutcome(file=item.file, status="error", detail=item.reason)
    try:
        return article_import(
            article=item, run=run, gazetteer=gazetteer, actors=actors, cache=cache
        )
    except IntegrityError:
        cache.clear()  # rows created in the rolled-back transaction are gone
        # Another import committed the same article between our check and our insert.
        return FileOutcome(
            file=item.file, status="skipped", detail="imported meanwhile by another run"
        )
    except ValidationError as exc:
        cache.clear()
        problems = "; ".join(
            f"{field}: {' '.join(messages)}" for field, messages in exc.message_dict.items()
        )
        return FileOutcome(file=item.file, status="error", detail=f"invalid data ({problems})")


def _finish_run(
    run: ImportRun, outcomes: list[FileOutcome], *, status: str, rolled_back: bool = False
) -> None:
    """Counts and errors of the run; written outside any per-file transaction."""
    committed = [] if rolled_back else [o for o in outcomes if o.status == "imported"]
    run.status = status
    run.finished_at = timezone.now()
    run.files_total = len(outcomes)
    run.files_failed = sum(o.status == "error" for o in outcomes)
    run.sources_created = len(committed)
    run.sources_skipped = sum(o.status == "skipped" for o in outcomes)
    run.reports_created = sum(o.reports_created for o in committed)
    run.evidence_added = sum(o.evidence_added for o in committed)
    run.sites_created = sum(len(o.candidates) for o in committed)
    run.errors = [{"file": o.file, "error": o.detail} for o in outcomes if o.status == "error"]
    run.save()


# --- one article ---------------------------------------------------------------------------


@transaction.atomic
def article_import(
    *,
    article: Article,
    run: ImportRun | None,
    gazetteer: Gazetteer,
    actors: ActorIndex | None = None,
    cache: dict | None = None,
) -> FileOutcome:
    """Write one extracted article: its Source, Actors, candidate sites, reports and evidence.
    An article already imported (same normalized text) is skipped and changes nothing."""
    actors = actors or default_index()
    cache = {} if cache is None else cache
    outcome = FileOutcome(file=article.file, status="imported", claims=len(article.claims))
    digest = content_hash(article.text)
    clash = _clash(digest, article.url)
    if clash is not None:
        outcome.status = "skipped"
        outcome.detail = (
            "already imported (" + ("same text" if clash == digest else "same address") + ")"
        )
        return outcome
    source = Source(
        title=(article.title or "")[:500],
        outlet=(article.outlet or "")[:200],
        url=article.url or "",
        author=(article.author or "")[:300],
        published_on=article.published.earliest if article.published else None,
        published_precision=article.published.precision if article.published else "day",
        language=article.language or "en",
        text=article.text,
        original_name=article.file[:500],
        syndicated_from=_agency_of(article)[:200],
        import_run=run,
    )
    # Field checks only: the duplicate checks of Source.clean() were made just above, and the
    # database's own constraints back them.
    source.clean_fields(exclude=["content_hash", "import_run"])
    source.content_hash = digest  # what Source.save() would compute again
    # Its history row as save() writes it (no change reason). A concurrent import of the same
    # text makes this raise IntegrityError.
    insert_with_history([source], change_reason=None)

    sites = _sites_for(article, gazetteer, outcome, cache)
    if connection.features.has_select_for_update:
        # Lock the sites this article reports on, in a fixed order: two imports merging claims
        # into the same site's reports take turns instead of both creating a report.
        site_ids = sorted({sites[c.site].pk for c in article.claims})
        list(
            HeritageSite.objects.select_for_update()
            .filter(pk__in=site_ids)
            .order_by("pk")
            .values_list("pk")
        )

    matches = _matching_reports(article.claims, sites)
    reports: list[DamageReport] = []
    new_reports: list[DamageReport] = []
    merged: list[tuple[DamageReport, Claim]] = []
    for claim, report in zip(article.claims, matches, strict=True):
        if report is None:
            report = _new_report(claim, sites[claim.site])
            new_reports.append(report)
        else:
            merged.append((report, claim))
        reports.append(report)
    # A few statements per article, whatever its number of claims: bulk inserts (with their
    # history rows) and one update for the reports it corroborates.
    insert_with_history(new_reports)
    evidence = [
        row
        for claim, report in zip(article.claims, reports, strict=True)
        for row in _evidence_rows(claim, report, source, actors, cache)
    ]
    insert_with_history(evidence)
    _after_new_evidence(merged, source, outcome)
    # A new report's statements are all in `evidence`: they need not be read back, nor those
    # of a report an earlier article of the run has read or written.
    reports_derive_statements(
        reports=reports,
        added=evidence,
        fresh={report.pk for report in new_reports},
        memo=cache.setdefault("statements", {}),
    )
    outcome.reports_created = len(new_reports)
    outcome.evidence_added = len(evidence)
    return outcome


# SQL compiled by the ORM, by (database vendor, what it reads, its shape).
_COMPILED_SQL: dict[tuple, str] = {}


def _compiled_sql(key: tuple, queryset: Callable[[], QuerySet], params: Sequence) -> str:
    """The SQL of `queryset()`, compiled once per database vendor and `key` (which must say
    everything but `params` that the SQL depends on). For the importer's per-article reads,
    building and compiling the query took longer than the database took to answer it."""
    key = (connection.vendor, *key)
    sql = _COMPILED_SQL.get(key)
    if sql is None:
        sql, compiled = queryset().query.sql_with_params()
        if tuple(compiled) != tuple(params):  # pragma: no cover - a mistake in the caller
            raise AssertionError(f"{key}: the SQL takes {compiled!r}, not {params!r}")
        _COMPILED_SQL[key] = sql
    return sql


def _clash(digest: str, url: str) -> str | None:
    """The content hash of an article already stored with this text or this address (the first
    in the sources' order), else None."""
    params = (digest, url) if url else (digest,)
    same = Q(content_hash=digest) | Q(url=url) if url else Q(content_hash=digest)
    sql = _compiled_sql(
        ("clash", bool(url)),
        lambda: Source.objects.filter(same).values_list("content_hash", flat=True)[:1],
        params,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return row[0] if row else None


def _agency_of(article: Article) -> str:
    """The agency whose copy the article is, from its credit line ("TRTWorld, Reuters")."""
    agencies = [c for c in article.credits if is_agency(c)]
    return agencies[0] if agencies else ""


def _sites_for(
    article: Article, gazetteer: Gazetteer, outcome: FileOutcome, cache: dict
) -> dict[str, HeritageSite]:
    """HeritageSite rows for every site the claims name; candidates are created hidden. Rows
    read before are taken from `cache` (a run-wide dict)."""
    slugs = {c.site for c in article.claims}
    known = {slug: cache[("site", slug)] for slug in slugs if ("site", slug) in cache}
    if slugs - set(known):
        unread = sorted(slugs - set(known))
        sql = _compiled_sql(
            ("sites", len(unread)), lambda: HeritageSite.objects.filter(slug__in=unread), unread
        )
        for site in HeritageSite.objects.raw(sql, unread):
            known[site.slug] = cache[("site", site.slug)] = site
    for slug in slugs - set(known):
        entry = gazetteer.sites[slug]
        site, created = _candidate_site(entry)
        known[slug] = site
        if created:
            outcome.candidates.append(site.name)
    return known


def _candidate_site(entry: SiteEntry) -> tuple[HeritageSite, bool]:
    """A hidden site for a named place the gazetteer lacks, found again by its name next time."""
    existing = (
        SiteAlias.objects.filter(normalized=normalize_name(entry.name))
        .select_related("site")
        .first()
    )
    if existing:
        return existing.site, False
    base = slugify(entry.name)[:180] or "site"
    slug = base
    for n in range(2, 50):
        if not HeritageSite.objects.filter(slug=slug).exists():
            break
        slug = f"{base}-{n}"
    kind = entry.kind if entry.kind in _SITE_KINDS else HeritageSite.Kind.OTHER
    site = HeritageSite(
        name=entry.name[:200],
        slug=slug,
        kind=kind,
        is_public=False,
        description="Found by the importer; not yet reviewed by a curator.",
    )
    site.full_clean()
    with transaction.atomic():
        site.save()
    SiteAlias.objects.create(site=site, name=entry.name[:200])
    return site, True


# The choices' values, once: `Choices.values` builds a new list on every read.
_SITE_KINDS = frozenset(HeritageSite.Kind.values)
_EXTENTS = frozenset(Extent.values)
_CAUSES = frozenset(Cause.values)
_PRECISIONS = frozenset(DatePrecision.values)
_EVENT_TYPES = frozenset(EventType.values)


def _new_report(claim: Claim, site: HeritageSite) -> DamageReport:
    """An unsaved pending report for a claim no existing report covers."""
    if claim.confirmed:
        confidence = Confidence.CONFIRMED
    elif claim.contested:
        confidence = Confidence.CONTESTED
    else:
        confidence = Confidence.CLAIMED
    precision = claim.precision
    report = DamageReport(
        site=site,
        event_type=claim.event_type,
        extent=claim.extent if claim.extent in _EXTENTS else Extent.UNKNOWN,
        cause=claim.cause if claim.cause in _CAUSES else Cause.UNKNOWN,
        perpetrator=(claim.perpetrator or "")[:200],
        event_date_earliest=claim.earliest,
        event_date_latest=claim.latest,
        date_precision=precision if precision in _PRECISIONS else DatePrecision.UNKNOWN,
        date_approximate=claim.approximate,
        summary=_summary(claim, site),
        curator_notes=_notes(claim),
        confidence=confidence,
    )
    # Field checks and clean(); the database enforces the constraints (checking them here
    # would cost a query each).
    report.clean_fields(exclude=["site"])
    report.clean()
    return report


def _evidence_rows(
    claim: Claim, report: DamageReport, source: Source, actors: ActorIndex, cache: dict
) -> list[Evidence]:
    """One Evidence row per statement of the claim: the claimant's sentences from this source,
    who says so (the outlet for the article's own voice), the date they give and what they
    assert. A claim without statements (extraction that predates them) gives one row."""
    if not claim.statements:
        return [_lumped_evidence(claim, report, source, actors, cache)]
    rows = []
    seen: set[tuple[int, str]] = set()
    for st in claim.statements:
        name = st.claimant or (st.claimant_text if st.claimant_kind != "outlet" else "")
        written = (st.claimant_text if st.claimant_kind != "outlet" else source.outlet) or ""
        if (st.spans[0][0], written[:300]) in seen:
            continue  # two spellings resolved apart but written alike: one statement row
        seen.add((st.spans[0][0], written[:300]))
        rows.append(
            Evidence(
                report=report,
                source=source,
                quote=" … ".join(st.quotes),
                char_start=st.spans[0][0],
                char_end=st.spans[-1][1],  # the quote runs to its last sentence
                spans=[list(span) for span in st.spans],
                attributed_to=_actor(name, actors, cache) if name else None,
                attribution_text=written[:300],
                via=(st.via or "")[:200],
                stated_date_text=st.date_text[:200],
                stated_date_earliest=st.earliest,
                stated_date_latest=st.latest,
                stated_date_precision=st.precision
                if st.precision in _PRECISIONS
                else DatePrecision.UNKNOWN,
                stated_date_approximate=st.approximate,
                stated_date_anchored_on=st.anchored_on,
                asserted_event_type=st.event_type if st.event_type in _EVENT_TYPES else "",
                asserted_extent=st.extent if st.extent in _EXTENTS else "",
                asserted_of_parts=st.of_parts,
                asserted_perpetrator=(st.perpetrator or "")[:200],
                confirms=st.confirmed,
                extracted_by=EXTRACTOR_VERSION,
            )
        )
    return rows


def _lumped_evidence(
    claim: Claim, report: DamageReport, source: Source, actors: ActorIndex, cache: dict
) -> Evidence:
    claimants = [_actor(n, actors, cache) for n in claim.claimants]
    return Evidence(
        report=report,
        source=source,
        quote=" … ".join(s.text for s in claim.evidence),
        char_start=claim.evidence[0].start,
        char_end=claim.evidence[-1].end,
        spans=[[s.start, s.end] for s in claim.evidence],
        attributed_to=next((a for a in claimants if a is not None), None),
        attribution_text=", ".join(claim.claimant_texts)[:300],
        stated_date_text=next((d for d in claim.evidence_dates if d), claim.stated_date_text)[:200],
        extracted_by=EXTRACTOR_VERSION,
    )


def _matching_reports(
    claims: list[Claim], sites: dict[str, HeritageSite]
) -> list[DamageReport | None]:
    """For each claim, the report it adds to (or None): same site, same event (destroyed and
    damaged are one family), overlapping dates (a few days' slack) and compatible parties; no
    two claims of one article go to the same report. Two queries at most per article."""
    pad = dt.timedelta(days=DATE_SLACK_DAYS)
    # One condition per claim: same site and event family, and for a dated claim only reports
    # whose dates can overlap (or that have none), so the rows read stay few however many
    # reports a site gathers. The exact match is made below.
    dated: list[tuple[str, list]] = []
    undated: list[tuple[str, list]] = []
    for claim in claims:
        types = sorted(_family_types(claim))
        where = f"(site_id = %s AND event_type IN ({', '.join(['%s'] * len(types))})"
        params: list = [sites[claim.site].pk, *types]
        if claim.precision == "unknown":
            undated.append((where + ")", params))
            continue
        where += " AND (date_precision = %s OR ("
        params.append(DatePrecision.UNKNOWN)
        where += (
            "(event_date_earliest IS NULL OR event_date_earliest <= %s)"
            if claim.latest
            else "1 = 1"
        )
        params += [claim.latest + pad] if claim.latest else []
        where += (
            " AND (event_date_latest IS NULL OR event_date_latest >= %s)" if claim.earliest else ""
        )
        params += [claim.earliest - pad] if claim.earliest else []
        dated.append((where + ")))", params))
    # An undated claim joins the most recent report of its site and event.
    site_ids = sorted({sites[claim.site].pk for claim in claims})
    candidates = _open_reports([(dated, 40), (undated, 10)], site_ids=site_ids)
    used: set[int] = set()
    out: list[DamageReport | None] = []
    for claim in claims:
        site_id = sites[claim.site].pk
        best = None
        for report in candidates:
            if (
                report.pk in used
                or report.site_id != site_id
                or report.event_type not in _family_types(claim)
                or not _dates_overlap(report, claim, pad)
                or not _parties_compatible(report, claim)
            ):
                continue
            if best is None or _width(report) < _width(best):
                best = report
        if best is not None:
            used.add(best.pk)
        out.append(best)
    return out


def _open_reports(
    groups: list[tuple[list[tuple[str, list]], int]], *, site_ids: list[int]
) -> list[DamageReport]:
    """For each (conditions, limit) of `groups`, the `limit` newest open (not merged, rejected
    or retracted) reports meeting any of the conditions (each names one of `site_ids`), group
    after group, with only the columns the match reads; one query. Raw SQL: the ORM took
    longer to compile this many OR-ed conditions than the database took to answer."""
    table = DamageReport._meta.db_table
    columns = ", ".join(DamageReport._meta.get_field(f).column for f in _MATCH_FIELDS)
    selects: list[str] = []
    params: list = []
    for number, (conditions, limit) in enumerate(groups):
        if not conditions:
            continue
        # For the planner: SQLite walked the open reports newest first through the
        # merged_into index (its NULLs are in id order, so no sort) until it found `limit`
        # matches, the whole table for sites with few reports. The unary + keeps it off that
        # index (SQLite's documented way); `site_id IN` repeats what the conditions say, so
        # that it reads the sites' reports through the site index.
        selects.append(
            f"SELECT * FROM (SELECT {columns}, {int(number)} AS match_group FROM {table} "
            f"WHERE site_id IN ({', '.join(['%s'] * len(site_ids))}) "
            "AND +merged_into_id IS NULL AND review_status NOT IN (%s, %s) "
            f"AND ({' OR '.join(c for c, _ in conditions)}) "
            f"ORDER BY id DESC LIMIT {int(limit)}) AS group_{int(number)}"
        )
        params += [
            *site_ids,
            DamageReport.ReviewStatus.REJECTED,
            DamageReport.ReviewStatus.RETRACTED,
        ]
        for _, p in conditions:
            params += p
    if not selects:
        return []
    sql = " UNION ALL ".join(selects) + " ORDER BY match_group, id DESC"
    return list(DamageReport.objects.raw(sql, params))


_MATCH_FIELDS = (
    "id", "site", "event_type", "event_date_earliest", "event_date_latest", "date_precision",
    "perpetrator", "review_status", "version", "confidence", "curator_notes",
    "date_approximate", "disagreements",
)  # fmt: skip


def _family_types(claim: Claim) -> set[str]:
    return DAMAGE_FAMILY if claim.event_type in DAMAGE_FAMILY else {claim.event_type}


def _dates_overlap(report: DamageReport, claim: Claim, pad: dt.timedelta) -> bool:
    if claim.precision == "unknown" or report.date_precision == DatePrecision.UNKNOWN:
        return True
    lo_a, hi_a = report.event_date_earliest or dt.date.min, report.event_date_latest or dt.date.max
    lo_b, hi_b = claim.earliest or dt.date.min, claim.latest or dt.date.max
    return lo_a <= hi_b + pad and lo_b <= hi_a + pad


def _width(report: DamageReport) -> int:
    if report.event_date_earliest and report.event_date_latest:
        return (report.event_date_latest - report.event_date_earliest).days
    return 10**6


def _parties_compatible(report: DamageReport, claim: Claim) -> bool:
    """Seized by one side, retaken by the other: two events, even on close dates."""
    if (
        claim.event_type != EventType.CONTROL_CHANGE
        or not report.perpetrator
        or not claim.perpetrator
    ):
        return True
    return normalize_name(report.perpetrator) == normalize_name(claim.perpetrator)


def _after_new_evidence(
    merged: list[tuple[DamageReport, Claim]], source: Source, outcome: FileOutcome
) -> None:
    """Evidence from one more source: note the disagreements it brings while nobody has
    reviewed a report; flag a reviewed one for another look and leave the curator's work
    alone. Confidence follows from the statements (`reports_derive_statements`)."""
    if not merged:
        return
    flagged: list[int] = []
    changed: list[DamageReport] = []
    now = timezone.now()
    for report, claim in merged:
        if not _unreviewed(report):
            flagged.append(report.pk)
            continue
        notes = [f"Contested in one source: {c}" for c in claim.contested]
        # Each disagreement is noted once, however many sources repeat it.
        fresh = [n for n in notes if n not in report.curator_notes]
        if fresh:
            report.curator_notes = "\n".join(filter(None, [report.curator_notes, *fresh]))
            changed.append(report)
    if flagged:
        DamageReport.objects.filter(pk__in=flagged).update(needs_another_look=True)
        outcome.flagged += len(flagged)
    # Internal notes, not a curator's edit: no version bump, no history entry.
    for report in changed:
        DamageReport.objects.filter(pk=report.pk).update(
            curator_notes=report.curator_notes, updated_at=now
        )


STATEMENTS_READ = 5000
_STATEMENT_FIELDS = (
    "report_id", "attributed_to__name", "attribution_text", "via", "stated_date_text",
    "stated_date_earliest", "stated_date_latest", "stated_date_precision",
    "stated_date_approximate", "stated_date_anchored_on", "asserted_event_type",
    "asserted_extent", "asserted_of_parts", "asserted_perpetrator", "confirms", "source__outlet",
    "source__syndicated_from", "source__original_name",
)  # fmt: skip


def statement_of(row: dict) -> Statement:
    """An Evidence row (as values) as the extraction's Statement, for `disagreements`."""
    return Statement(
        claimant=row["attributed_to__name"],
        claimant_text=row["attribution_text"],
        claimant_kind="stored",
        event_type=row["asserted_event_type"],
        via=row["via"] or None,
        extent=row["asserted_extent"] or None,
        of_parts=row["asserted_of_parts"],
        perpetrator=row["asserted_perpetrator"] or None,
        date_text=row["stated_date_text"],
        earliest=row["stated_date_earliest"],
        latest=row["stated_date_latest"],
        precision=row["stated_date_precision"],
        approximate=row["stated_date_approximate"],
        anchored_on=row["stated_date_anchored_on"],
        confirmed=row["confirms"],
    )


# The SQL of the statements read, by (database vendor, number of reports, rows read).
_STATEMENTS_SQL: dict[tuple[str, int, int], str] = {}


def _statement_rows(ids: list[int]) -> list[dict]:
    """The statements of the reports `ids` as `_STATEMENT_FIELDS` values (plus `first`, the
    first Evidence id of each, `copies`, how many Evidence rows say it, and `newest`, the last
    id of those), grouped and ordered as documented below. The SQL is the ORM's, compiled once
    per number of reports: compiling it took several times longer than running it, once per
    article."""
    key = (connection.vendor, len(ids), STATEMENTS_READ)
    sql = _STATEMENTS_SQL.get(key)
    params: tuple = tuple(ids)
    if sql is None:
        query = (
            Evidence.objects.filter(report_id__in=ids)
            .values(*_STATEMENT_FIELDS)
            .annotate(first=Min("id"), copies=Count("id"), newest=Max("id"))
            .order_by("first")
        )[:STATEMENTS_READ]
        sql, params = query.query.sql_with_params()
        if tuple(params) == tuple(ids):  # the ids are the only parameters: reusable
            _STATEMENTS_SQL[key] = sql
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _row_of(evidence: Evidence) -> dict:
    """A saved Evidence's `_STATEMENT_FIELDS` values, as `_statement_rows` reads them."""
    return {name: _value(evidence, path) for name, path in _STATEMENT_PATHS}


def statement_rows_of(evidence: list[Evidence], report_ids: Iterable[int]) -> dict[int, list]:
    """The rows `_statement_rows` reads for the reports `report_ids` (without `copies` and
    `newest`), built from their saved Evidence objects (all of them, in id order) with no
    query: the same values, copies of one statement as one row, each report's rows in the
    order of their first id."""
    out: dict[int, list[dict]] = {pk: [] for pk in report_ids}
    seen: set[tuple] = set()
    for row in evidence:
        values = _row_of(row)
        key = tuple(values.values())
        if key not in seen:
            seen.add(key)
            values["first"] = row.pk
            out[row.report_id].append(values)
    return out


# Each field's lookup path, split once.
_STATEMENT_PATHS = [(name, tuple(name.split("__"))) for name in _STATEMENT_FIELDS]


def _value(obj, path: tuple[str, ...]):
    """`obj`'s value at a lookup path of `values()` (("source", "outlet")), from loaded
    objects."""
    for name in path:
        obj = getattr(obj, name)
        if obj is None:
            return None
    return obj


@dataclass
class ReportStatements:
    """One report's statements as `reports_derive_statements` compares them: one per distinct
    `_STATEMENT_FIELDS` row (copies of a statement count once) in the order first imported,
    with the origins of their sources; and the Evidence rows they stand for (how many, the
    newest id), which tell whether they are still all of the report's."""

    rows: int = 0  # distinct `_STATEMENT_FIELDS` rows, as many as a read gives
    # The statements that differ in what `disagreements` compares (the same claimant giving
    # the same date in a hundred articles is one): what it finds in all of them.
    statements: list[Statement] = field(default_factory=list)
    origins: set[str] = field(default_factory=set)
    confirmed: bool = False
    keys: set[tuple] = field(default_factory=set)
    compared: set[tuple] = field(default_factory=set)
    evidence: int = 0
    newest: int = 0

    def add(self, row: dict, *, copies: int, newest: int) -> None:
        key = tuple(row[name] for name in _STATEMENT_FIELDS)
        if key not in self.keys:
            self.keys.add(key)
            self.rows += 1
            statement = statement_of(row)
            if (seen := compared(statement)) not in self.compared:
                self.compared.add(seen)
                self.statements.append(statement)
            self.confirmed = self.confirmed or statement.confirmed
            self.origins.add(
                _origin(
                    row["source__outlet"],
                    row["source__syndicated_from"],
                    row["source__original_name"],
                )
            )
        self.evidence += copies
        self.newest = max(self.newest, newest)


# Reports whose statements an import run keeps between its articles (`reports_derive_statements`
# `memo`): an agency story reprinted a thousand times adds to the same few reports.
MEMO_REPORTS = 5000


def _evidence_counts(ids: list[int]) -> dict[int, tuple[int, int]]:
    """(number of Evidence rows, newest id) of each of the reports `ids` that has any."""
    sql = _compiled_sql(
        ("evidence counts", len(ids)),
        lambda: (
            Evidence.objects.filter(report_id__in=ids)
            .order_by()
            .values_list("report_id")
            .annotate(Count("id"), Max("id"))
        ),
        ids,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, ids)
        return {report_id: (count, newest) for report_id, count, newest in cursor.fetchall()}


def _report_statements(
    ids: list[int], added: Sequence[Evidence], fresh: set[int], memo: dict[int, ReportStatements]
) -> dict[int, ReportStatements]:
    """The statements of each report `ids`: of a `fresh` report (created by this article) from
    `added`, the Evidence just written; of a report in `memo` (kept from an earlier article of
    the run) from there plus `added`, when a count shows it has no other new, moved or deleted
    Evidence; of the others read. Reports read whole go to `memo`."""
    added_to: dict[int, list[Evidence]] = {}
    for evidence in added:
        added_to.setdefault(evidence.report_id, []).append(evidence)
    known: dict[int, ReportStatements] = {}
    for pk in ids:
        if pk in fresh:
            known[pk] = entry = ReportStatements()
            for evidence in added_to.get(pk, ()):
                entry.add(_row_of(evidence), copies=1, newest=evidence.pk)
    remembered = [pk for pk in ids if pk not in fresh and pk in memo]
    counts = _evidence_counts(remembered) if remembered else {}
    for pk in remembered:
        entry = memo.pop(pk)
        new = added_to.get(pk, [])
        if counts.get(pk) == (entry.evidence + len(new), max([entry.newest, *(e.pk for e in new)])):
            for evidence in new:
                entry.add(_row_of(evidence), copies=1, newest=evidence.pk)
            known[pk] = entry
    unknown = [pk for pk in ids if pk not in known]
    rows = _statement_rows(unknown) if unknown else []
    remembered_rows = sum(known[pk].rows for pk in known if pk not in fresh)
    if remembered_rows and remembered_rows + len(rows) > STATEMENTS_READ:
        # More statements than one read takes: read them all (as if nothing were kept), so
        # that the ones left out are the same.
        kept = {pk: known.pop(pk) for pk in list(known) if pk not in fresh}
        rows = _statement_rows([pk for pk in ids if pk not in fresh])
        complete = False
    else:
        kept = {}
        complete = len(rows) < STATEMENTS_READ
    read = {pk: ReportStatements() for pk in ids if pk not in known}
    for row in rows:
        read[row["report_id"]].add(row, copies=row["copies"], newest=row["newest"])
    known.update(read)
    # Most recently used last; the oldest go first.
    memo.update(kept)
    memo.update({pk: entry for pk, entry in known.items() if complete or pk not in read})
    while len(memo) > MEMO_REPORTS:
        del memo[next(iter(memo))]
    return known


def reports_derive_statements(
    *,
    reports: list[DamageReport],
    added: Sequence[Evidence] = (),
    fresh: Iterable[int] = (),
    memo: dict[int, ReportStatements] | None = None,
) -> None:
    """Name where each report's statements (of every source) disagree, marking what curators
    settled. A report nobody has reviewed also gets its confidence (DESIGN §3: contested beats
    corroborated; imagery confirms what happened, not when) and, when its statements disagree
    on the date, a range covering every one. At most two reads for all the article's reports;
    one UPDATE per report that changed. `added` is the Evidence the caller has just written,
    all that the reports `fresh` have; `memo` keeps reports' statements between calls (an
    import run's), checked by one count query rather than read again."""
    ids = sorted({r.pk for r in reports})
    if not ids:
        return
    # Grouped: thousands of copies of one statement (an agency story reprinted) read as one
    # row, in the order they were first imported, so each disagreement names its sides in
    # the order they were reported.
    known = _report_statements(ids, added, set(fresh), {} if memo is None else memo)
    settled: dict[int, set[str]] = {}
    reviewed = [r.pk for r in reports if not _unreviewed(r)]  # only a curator settles
    if reviewed:
        pairs = Settlement.objects.filter(report_id__in=reviewed).values_list("report_id", "kind")
        for report_id, kind in pairs:
            settled.setdefault(report_id, set()).add(kind)
    seen: set[int] = set()
    for report in reports:
        if report.pk in seen:
            continue
        seen.add(report.pk)
        statements = known[report.pk].statements
        found = disagreements(statements)
        done = settled.get(report.pk, set())
        named = [{"kind": d.kind, "text": d.text[:1000], "settled": d.kind in done} for d in found]
        changes: dict = {}
        if named != report.disagreements:
            changes["disagreements"] = named
        if _unreviewed(report):
            open_kinds = {d.kind for d in found if d.kind not in done}
            origins = known[report.pk].origins
            confirmed = known[report.pk].confirmed
            if open_kinds & {"date", "perpetrator"}:
                confidence = Confidence.CONTESTED
            elif open_kinds:  # what happened: imagery shows it
                confidence = Confidence.CONFIRMED if confirmed else Confidence.CONTESTED
            elif confirmed:
                confidence = Confidence.CONFIRMED
            else:
                confidence = Confidence.CORROBORATED if len(origins) > 1 else Confidence.CLAIMED
            if confidence != report.confidence:
                changes["confidence"] = confidence
            if "date" in open_kinds:
                dated = [st for st in statements if st.dated]
                span = {
                    "event_date_earliest": min(st.earliest for st in dated),
                    "event_date_latest": max(st.latest for st in dated),
                    "date_precision": DatePrecision.RANGE,
                    "date_approximate": any(st.approximate for st in dated),
                }
                changes.update({k: v for k, v in span.items() if getattr(report, k) != v})
        if changes:
            for field_name, value in changes.items():
                setattr(report, field_name, value)
            # Derived values, not a curator's edit: no version bump, no history entry.
            DamageReport.objects.filter(pk=report.pk).update(**changes, updated_at=timezone.now())


def _unreviewed(report: DamageReport) -> bool:
    """Pending and never edited by a curator: the importer may still derive its fields."""
    return report.review_status == DamageReport.ReviewStatus.PENDING and report.version <= 1


@lru_cache(maxsize=4096)  # a run cites a few outlets thousands of times
def _origin(outlet: str, agency: str, name: str) -> str:
    return normalize_name(agency or outlet or name)


def _summary(claim: Claim, site: HeritageSite) -> str:
    what = {
        "destroyed": "destroyed",
        "damaged": "damaged",
        "looted": "looted",
        "military_use": "used for military purposes",
        "control_change": "changed hands",
        "threatened": "threatened",
    }.get(claim.event_type, claim.event_type)
    by = (
        f" by {claim.perpetrator}"
        if claim.perpetrator and claim.event_type != "control_change"
        else ""
    )
    if claim.event_type == "control_change" and claim.perpetrator:
        what = f"taken by {claim.perpetrator}"
    return f"{site.name} {what}{by}."


def _notes(claim: Claim) -> str:
    notes = [f"Contested in one source: {c}" for c in claim.contested]
    if claim.date_inferred:
        notes.append(
            "No date in the text: the range runs from the article's earliest change of control "
            "to its publication (or to the day the claim was made)."
        )
    return "\n".join(notes)


def _actor(name: str, actors: ActorIndex, cache: dict) -> Actor | None:
    """The Actor for a claimant, found through any alias; known actors come with their aliases.
    `cache` remembers names already resolved in this run."""
    key = ("actor", name)
    if key not in cache:
        cache[key] = _resolve_actor(name, actors)
    return cache[key]


def _resolve_actor(name: str, actors: ActorIndex) -> Actor | None:
    normalized = normalize_name(name)
    if not normalized:
        return None
    alias = ActorAlias.objects.filter(normalized=normalized).select_related("actor").first()
    if alias:
        return alias.actor
    entry = actors.entries.get(name)
    if entry is not None:
        kind = ACTOR_KINDS.get(entry.kind, Actor.Kind.OTHER)
    elif any(w in normalized for w in _WITNESS_WORDS):
        kind = Actor.Kind.WITNESS
    else:
        kind = Actor.Kind.OTHER
    try:
        with transaction.atomic():
            actor, _ = Actor.objects.get_or_create(name=name[:200], defaults={"kind": kind})
    except IntegrityError:  # created meanwhile by a concurrent import
        actor = Actor.objects.get(name=name[:200])
    spellings = {name, *actors.aliases_of(name)}
    taken = set(
        ActorAlias.objects.filter(
            normalized__in={normalize_name(s) for s in spellings}
        ).values_list("normalized", flat=True)
    )
    for spelling in sorted(spellings):
        key = normalize_name(spelling)
        if key and key not in taken:
            taken.add(key)
            try:
                with transaction.atomic():
                    ActorAlias.objects.create(actor=actor, name=spelling[:200])
            except IntegrityError:
                pass
    return actor
