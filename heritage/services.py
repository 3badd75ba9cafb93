"""Writes with side effects on heritage records: review transitions and edits.

Every path that changes a report's visibility, extent or dates goes through here, so the
derived site status can never drift from the published reports.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from heritage.models import (
    Confidence,
    DamageReport,
    DatePrecision,
    DisagreementKind,
    Evidence,
    HeritageSite,
    Photo,
    ReviewDecision,
    Settlement,
    SiteAlias,
)
from heritage.text import normalize_name

PUBLISH_PERMISSION = "heritage.publish_damagereport"
# Evidence.extracted_by of evidence a curator added by hand starts with this; anything else
# names the importer version that extracted it.
CURATOR_PREFIX = "curator "
# What the importer decides about a claim, and so what a curator's correction is measured on.
CLAIM_FIELDS = (
    "site",
    "event_type",
    "extent",
    "cause",
    "perpetrator",
    "event_date_earliest",
    "event_date_latest",
    "date_precision",
    "date_approximate",
    "summary",
)
Outcome = ReviewDecision.Outcome
Reason = ReviewDecision.Reason


class StaleReportError(Exception):
    """Someone else saved the report since it was loaded: the caller's edit would overwrite it."""


def _lock(report: DamageReport) -> tuple[int, int]:
    """Lock the report's row for this transaction; return its stored (version, site_id)."""
    return (
        DamageReport.objects.select_for_update()
        .filter(pk=report.pk)
        .values_list("version", "site_id")
        .get()
    )


def _refresh_sites(*site_ids: int) -> None:
    for site in HeritageSite.objects.filter(pk__in={pk for pk in site_ids if pk}):
        site.refresh_status()


def _require_publisher(user) -> None:
    if user is None or not user.has_perm(PUBLISH_PERMISSION):
        raise PermissionDenied("Only reviewers may publish or retract reports.")


def _check_version(report: DamageReport, stored_version: int, expected_version: int | None):
    if expected_version is not None and stored_version != expected_version:
        raise StaleReportError(
            f"Report {report.pk} was changed by someone else (version {stored_version}, "
            f"you edited version {expected_version})."
        )


def curator_signature(user) -> str:
    """Evidence.extracted_by for evidence a curator adds by hand."""
    return f"{CURATOR_PREFIX}{user.get_username()}"[:100]


# --- what curators decide, for the importer to learn from ------------------------------------


def _claim_origin(report: DamageReport) -> tuple[str, int] | None:
    """(extractor version, source id) of the imported evidence that first made the claim, or
    None for a report a curator made by hand."""
    return (
        Evidence.objects.filter(report=report)
        .exclude(extracted_by__startswith=CURATOR_PREFIX)
        .order_by("created_at", "id")
        .values_list("extracted_by", "source_id")
        .first()
    )


def _claim_values(record) -> dict:
    values = {}
    for name in CLAIM_FIELDS:
        value = getattr(record, "site_id" if name == "site" else name)
        values[name] = value.isoformat() if isinstance(value, dt.date) else value
    return values


def _corrections(report: DamageReport) -> dict:
    """The claim's fields a curator changed since the importer wrote it: {field: {"from",
    "to"}}, read against the report's first history entry (the import)."""
    first = report.history.order_by("history_date", "history_id").first()
    if first is None:
        return {}
    extracted, decided = _claim_values(first), _claim_values(report)
    changes = {
        name: {"from": extracted[name], "to": decided[name]}
        for name in CLAIM_FIELDS
        if extracted[name] != decided[name]
    }
    if "site" in changes:
        site_ids = [changes["site"]["from"], changes["site"]["to"]]
        names = dict(HeritageSite.objects.filter(pk__in=site_ids).values_list("pk", "name"))
        changes["site"] = {
            key: f"{names.get(pk, 'deleted site')} (#{pk})" for key, pk in changes["site"].items()
        }
    return changes


def _decision_record(
    *,
    report: DamageReport,
    user,
    outcome: str,
    reason: str = "",
    note: str = "",
    origin: tuple[str, int] | None = None,
) -> ReviewDecision | None:
    """Record a decision on an imported claim. An acceptance of a claim a curator corrected
    is recorded as a correction, with what changed. Reports made by hand record nothing."""
    origin = origin or _claim_origin(report)
    if origin is None:
        return None
    changes = {}
    if outcome == Outcome.ACCEPTED:
        changes = _corrections(report)
        if changes:
            outcome = Outcome.CORRECTED
    decision = ReviewDecision(
        report=report,
        source_id=origin[1],
        extractor_version=origin[0],
        outcome=outcome,
        changes=changes,
        reason=reason if outcome == Outcome.REJECTED else "",
        note=note,
        decided_by=user if getattr(user, "is_authenticated", False) else None,
    )
    decision.save()
    return decision


@transaction.atomic
def report_update(
    *, report: DamageReport, expected_version: int | None = None, user=None
) -> DamageReport:
    """Save a curator's edit. With `expected_version`, refuse it if the stored report has
    moved on since the editor loaded it (optimistic locking). A correction to a published
    imported claim is recorded as a decision (an unpublished one is, when it is decided)."""
    report.full_clean()
    stored_version, stored_site_id = _lock(report)
    _check_version(report, stored_version, expected_version)
    report.version = stored_version + 1
    report.save()
    _refresh_sites(stored_site_id, report.site_id)
    if report.review_status == DamageReport.ReviewStatus.PUBLISHED:
        latest = report.decisions.order_by("-decided_at", "-id").first()
        if latest is None or latest.changes != _corrections(report):
            _decision_record(report=report, user=user, outcome=Outcome.ACCEPTED)
    return report


@transaction.atomic
def report_publish(
    *, report: DamageReport, user, expected_version: int | None = None
) -> DamageReport:
    """Publish a report (reviewers only); stamps who and when, updates the site status and
    records the decision (accepted as extracted, or corrected)."""
    _require_publisher(user)
    stored_version, _ = _lock(report)
    _check_version(report, stored_version, expected_version)
    now = timezone.now()
    report.review_status = DamageReport.ReviewStatus.PUBLISHED
    report.reviewed_by = user
    report.reviewed_at = now
    report.published_at = now
    report.needs_another_look = False
    report.version = stored_version + 1
    report.full_clean()
    report._change_reason = "Published"
    report.save()
    report.site.refresh_status(now=now)
    _decision_record(report=report, user=user, outcome=Outcome.ACCEPTED)
    return report


@transaction.atomic
def report_retract(*, report: DamageReport, user, reason: str) -> DamageReport:
    """Withdraw a published report from public view (reviewers only); it keeps its history."""
    _require_publisher(user)
    if not reason.strip():
        raise ValidationError("Say why the report is retracted.")
    stored_version, _ = _lock(report)
    now = timezone.now()
    report.review_status = DamageReport.ReviewStatus.RETRACTED
    report.review_note = reason
    report.reviewed_by = user
    report.reviewed_at = now
    report.version = stored_version + 1
    report._change_reason = f"Retracted: {reason}"[:100]
    report.save()
    report.site.refresh_status(now=now)
    _decision_record(
        report=report, user=user, outcome=Outcome.REJECTED, reason=Reason.RETRACTED, note=reason
    )
    return report


@transaction.atomic
def report_reject(
    *,
    report: DamageReport,
    user,
    reason: str,
    reason_code: str = Reason.OTHER,
    expected_version: int | None = None,
) -> DamageReport:
    """Reject an unpublished report with a reason (`reason_code`: one of the presets of
    ReviewDecision.Reason, `reason`: the words). A published one must be retracted."""
    if not reason.strip():
        raise ValidationError("Say why the report is rejected.")
    if reason_code not in Reason.values:
        raise ValidationError(f"Unknown reason {reason_code!r}.")
    stored_version, _ = _lock(report)
    _check_version(report, stored_version, expected_version)
    report.refresh_from_db(fields=["review_status"])
    if report.review_status == DamageReport.ReviewStatus.PUBLISHED:
        raise ValidationError("This report is published: retract it instead of rejecting it.")
    report.review_status = DamageReport.ReviewStatus.REJECTED
    report.review_note = reason
    report.reviewed_by = user
    report.reviewed_at = timezone.now()
    report.version = stored_version + 1
    report._change_reason = f"Rejected: {reason}"[:100]
    report.save()
    _decision_record(
        report=report, user=user, outcome=Outcome.REJECTED, reason=reason_code, note=reason
    )
    return report


@transaction.atomic
def report_delete(*, report: DamageReport) -> None:
    """Delete a report and its evidence; the site's status is recomputed without it."""
    site_id = report.site_id
    report.delete()
    _refresh_sites(site_id)


@transaction.atomic
def report_send_back(*, report: DamageReport, user=None, reason: str) -> DamageReport:
    """Return a report to the queue for more evidence: pending again, flagged for another look.

    A published report stays public while it is looked at again; only its flag changes.
    """
    if not reason.strip():
        raise ValidationError("Say what evidence is missing.")
    stored_version, _ = _lock(report)
    report.refresh_from_db(fields=["review_status"])
    if report.review_status != DamageReport.ReviewStatus.PUBLISHED:
        report.review_status = DamageReport.ReviewStatus.PENDING
    report.needs_another_look = True
    report.review_note = reason
    # Not a review decision: reviewed_by/at keep naming who published or rejected it; the
    # history records who sent it back.
    report.version = stored_version + 1
    report._change_reason = f"Sent back for more evidence: {reason}"[:100]
    report.save()
    return report


def _note(text: str, line: str) -> str:
    return f"{text.rstrip()}\n{line}".strip()


@transaction.atomic
def report_merge(
    *,
    target: DamageReport,
    others: list[DamageReport],
    user,
    expected_versions: dict[int, int] | None = None,
) -> DamageReport:
    """Merge duplicate reports into `target`: their evidence moves to it, and each merged
    report is taken out of the queue with `merged_into` set. Nothing is deleted.

    An evidence row quoting a passage the target already quotes (same source and span, which
    the unique span constraint forbids twice on one report) stays on its merged report, where
    it remains readable; the target's notes list it. Merging away a published report
    retracts it, so it needs a reviewer. `expected_versions` ({report id: version}) refuses
    the merge if any of those reports changed since the caller loaded them. Each merged
    report's claim is recorded as rejected as a duplicate.
    """
    others = [report for report in others if report.pk != target.pk]
    if not others:
        raise ValidationError("Select at least two reports to merge.")
    expected_versions = expected_versions or {}
    for report in [target, *others]:
        stored_version, _ = _lock(report)
        _check_version(report, stored_version, expected_versions.get(report.pk))
    for other in others:
        other.refresh_from_db()
    target.refresh_from_db()
    if any(other.site_id != target.site_id for other in others):
        raise ValidationError(
            "Only reports about the same site can be merged. Change a report's site first "
            "if it was matched to the wrong one."
        )
    if any(other.merged_into_id for other in others) or target.merged_into_id:
        raise ValidationError("A selected report was already merged into another one.")
    if any(other.review_status == DamageReport.ReviewStatus.PUBLISHED for other in others):
        _require_publisher(user)

    taken = set(
        Evidence.objects.filter(report=target).values_list(
            "source_id", "char_start", "char_end", "attribution_text"
        )
    )
    now = timezone.now()
    notes = []
    for other in others:
        _decision_record(
            report=other,
            user=user,
            outcome=Outcome.REJECTED,
            reason=Reason.DUPLICATE,
            note=f"Merged into report #{target.pk}.",
        )
        kept_back = []
        for evidence in Evidence.objects.filter(report=other).order_by("id"):
            span = (
                evidence.source_id,
                evidence.char_start,
                evidence.char_end,
                evidence.attribution_text,
            )
            if span in taken and evidence.char_start is not None:
                kept_back.append(evidence.pk)
                continue
            taken.add(span)
            evidence.report = target
            evidence._change_reason = f"Moved from report #{other.pk} by a merge"
            evidence.save()
        line = f"{now:%Y-%m-%d}: merged report #{other.pk} into this one"
        if kept_back:
            ids = ", ".join(f"#{pk}" for pk in kept_back)
            line += f" (evidence {ids} quotes passages already cited here and stays on #{other.pk})"
        notes.append(line + ".")
        was_published = other.review_status == DamageReport.ReviewStatus.PUBLISHED
        other.merged_into = target
        other.review_status = (
            DamageReport.ReviewStatus.RETRACTED
            if was_published
            else DamageReport.ReviewStatus.REJECTED
        )
        other.review_note = _note(other.review_note, f"Merged into report #{target.pk}.")
        other.reviewed_by = user
        other.reviewed_at = now
        other.needs_another_look = False
        other.version += 1
        other._change_reason = f"Merged into report #{target.pk}"
        other.save()
    target.curator_notes = _note(target.curator_notes, "\n".join(notes))
    target.version += 1
    # The merged statements may disagree (two accounts of one blast, dated a month apart,
    # were two reports until now): name it, and the report is contested until settled.
    # Imported here, not at the top: sources depends on heritage, not the other way round.
    from sources.services import reports_derive_statements

    reports_derive_statements(reports=[target])
    if {d["kind"] for d in target.open_disagreements} & {"date", "perpetrator"}:
        target.confidence = Confidence.CONTESTED
    merged_ids = ", ".join(f"#{other.pk}" for other in others)
    target._change_reason = f"Merged {merged_ids} into this report"[:100]
    target.save()
    _refresh_sites(target.site_id)
    return target


@transaction.atomic
def report_create_from_quote(
    *,
    source,
    quote: str,
    user,
    char_start: int | None = None,
    char_end: int | None = None,
    **fields,
) -> DamageReport:
    """A claim the importer missed: a new pending report (`fields`: site, event_type, extent,
    cause, dates, summary…) with the article's own words as its evidence, added by `user`.

    The offsets are checked against the text; without them, or when they do not match, the
    quote is looked up in the text (the occurrence nearest `char_start`). The decision is
    recorded as "added" against the extractor version that imported the article."""
    if not quote.strip():
        raise ValidationError("Select or paste the article's words that make the claim.")
    text = source.text
    if char_start is None or char_end is None or text[char_start:char_end] != quote:
        starts, at = [], text.find(quote)
        while at != -1:
            starts.append(at)
            at = text.find(quote, at + 1)
        if not starts:
            raise ValidationError(
                "The quote is not in the article: copy the article's own words, exactly."
            )
        char_start = min(starts, key=lambda start: abs(start - (char_start or 0)))
        char_end = char_start + len(quote)
    report = DamageReport(**fields)
    report.full_clean()
    report._change_reason = f"Added by hand from source #{source.pk}"
    report.save()
    evidence = Evidence(
        report=report,
        source=source,
        quote=quote,
        char_start=char_start,
        char_end=char_end,
        extracted_by=curator_signature(user),
    )
    evidence.full_clean()
    evidence.save()
    version = (
        Evidence.objects.filter(source=source)
        .exclude(extracted_by__startswith=CURATOR_PREFIX)
        .values_list("extracted_by", flat=True)
        .first()
    )
    _decision_record(
        report=report, user=user, outcome=Outcome.ADDED, origin=(version or "", source.pk)
    )
    _refresh_sites(report.site_id)
    return report


@transaction.atomic
def report_settle(
    *,
    report: DamageReport,
    kind: str,
    chosen: Evidence | None,
    note: str,
    user,
    expected_version: int | None = None,
) -> Settlement:
    """A curator settles one disagreement of a report: follows the statement `chosen` (its
    date, event or perpetrator become the report's) and says why. The settlement is kept
    apart from derived data, so re-imports list the disagreement as settled and leave the
    report's fields alone (a settled report counts as edited)."""
    if kind not in DisagreementKind.values:
        raise ValidationError(f"Unknown disagreement kind {kind!r}.")
    if not note.strip():
        raise ValidationError("Say why this statement is followed.")
    stored_version, stored_site_id = _lock(report)
    if expected_version is not None and stored_version != expected_version:
        raise StaleReportError(
            f"Report {report.pk} was changed by someone else (version {stored_version}, "
            f"you edited version {expected_version})."
        )
    report.refresh_from_db()
    if chosen is not None and chosen.report_id != report.pk:
        raise ValidationError("Choose a statement of this report.")
    settlement, _ = Settlement.objects.update_or_create(
        report=report,
        kind=kind,
        defaults={"chosen": chosen, "note": note, "settled_by": user, "settled_at": timezone.now()},
    )
    if chosen is not None:
        _follow(report, kind, chosen)
    report.disagreements = [
        {**d, "settled": True} if d.get("kind") == kind else d for d in report.disagreements
    ]
    if report.confidence == Confidence.CONTESTED and not report.open_disagreements:
        report.confidence = _undisputed_confidence(report)
    report.version = stored_version + 1
    report.full_clean()
    report._change_reason = f"Settled the {kind} disagreement: {note}"[:100]
    report.save()
    _refresh_sites(stored_site_id, report.site_id)
    return settlement


def _follow(report: DamageReport, kind: str, chosen: Evidence) -> None:
    """Take the chosen statement's date, event or perpetrator."""
    if kind == DisagreementKind.DATE and chosen.stated_date_earliest:
        report.event_date_earliest = chosen.stated_date_earliest
        report.event_date_latest = chosen.stated_date_latest
        report.date_precision = chosen.stated_date_precision or DatePrecision.RANGE
        report.date_approximate = chosen.stated_date_approximate
    elif kind == DisagreementKind.EVENT and chosen.asserted_event_type:
        report.event_type = chosen.asserted_event_type
        if chosen.asserted_extent:
            report.extent = chosen.asserted_extent
    elif kind == DisagreementKind.PERPETRATOR and chosen.asserted_perpetrator:
        report.perpetrator = chosen.asserted_perpetrator


def _undisputed_confidence(report: DamageReport) -> str:
    """Confidence once no disagreement is open: imagery confirms; else independent outlets."""
    if report.evidence.filter(confirms=True).exists():
        return Confidence.CONFIRMED
    counted = DamageReport.objects.filter(pk=report.pk).with_source_counts()
    outlets = counted.values_list("independent_sources", flat=True).get()
    return Confidence.CORROBORATED if outlets > 1 else Confidence.CLAIMED


@transaction.atomic
def site_accept(*, site: HeritageSite) -> HeritageSite:
    """Accept a candidate site the importer discovered: it becomes public."""
    site.is_public = True
    site._change_reason = "Accepted candidate site"
    site.save()
    return site


@transaction.atomic
def site_merge(*, candidate: HeritageSite, target: HeritageSite) -> HeritageSite:
    """Merge a candidate site into an existing one: its reports, photos, child sites and
    aliases move to the target, its name becomes one of the target's aliases, and the
    candidate is deleted (its history keeps a record of it)."""
    if candidate.pk == target.pk:
        raise ValidationError("A site cannot be merged into itself.")
    if candidate.is_public:
        raise ValidationError(
            f"{candidate} is public, not a candidate: only candidate sites can be merged away."
        )
    ancestor = target
    while ancestor is not None:
        if ancestor.pk == candidate.pk:
            raise ValidationError(f"{target} belongs to {candidate}: merge the other way round.")
        ancestor = ancestor.parent
    known = set(SiteAlias.objects.filter(site=target).values_list("normalized", flat=True))
    known.add(normalize_name(target.name))
    for name in [candidate.name, *candidate.aliases.values_list("name", flat=True)]:
        normalized = normalize_name(name)
        if normalized and normalized not in known:
            known.add(normalized)
            SiteAlias.objects.create(site=target, name=name)
    for report in DamageReport.objects.filter(site=candidate):
        report.site = target
        report.version += 1
        report._change_reason = f"Moved from candidate site {candidate.name} (#{candidate.pk})"[
            :100
        ]
        report.save()
    Photo.objects.filter(site=candidate).update(site=target)
    for child in HeritageSite.objects.filter(parent=candidate):
        child.parent = target
        child._change_reason = f"Parent merged into {target.name}"[:100]
        child.save()
    candidate._change_reason = f"Merged into {target.name} (#{target.pk})"[:100]
    candidate.delete()
    target._change_reason = f"Merged candidate site {candidate.name} into this site"[:100]
    target.save()
    target.refresh_status()
    return target


@transaction.atomic
def photo_create(*, site: HeritageSite, upload, report: DamageReport | None = None, **fields):
    """Store an uploaded photo: validated, re-encoded without metadata, with a thumbnail."""
    from heritage.photos import photo_prepare

    prepared = photo_prepare(upload)
    photo = Photo(site=site, report=report, **fields)
    prepared.assign_to(photo)
    photo.full_clean()
    photo.save()
    return photo
