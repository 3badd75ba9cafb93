"""What curators' decisions say about the importer: the rows `manage.py extraction_feedback`
exports and its summary per extractor version."""

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.utils import timezone

from heritage.models import ReviewDecision

Outcome = ReviewDecision.Outcome
COLUMNS = [
    "decided_at",
    "extractor_version",
    "outcome",
    "report_id",
    "source_id",
    "changed_fields",
    "changes",
    "reason",
    "note",
    "decided_by",
]


def decisions_since(since: dt.date | None = None):
    """Decisions in the order they were made, from the start of `since` (UTC) if given."""
    decisions = ReviewDecision.objects.select_related("decided_by").order_by("decided_at", "id")
    if since is not None:
        start = dt.datetime.combine(since, dt.time.min, tzinfo=dt.UTC)
        decisions = decisions.filter(decided_at__gte=start)
    return decisions


def feedback_rows(decisions: Iterable[ReviewDecision]) -> Iterator[dict]:
    """One plain dict per decision (COLUMNS), for JSON Lines or CSV."""
    for decision in decisions:
        yield {
            "decided_at": timezone.localtime(decision.decided_at, dt.UTC).isoformat(),
            "extractor_version": decision.extractor_version,
            "outcome": decision.outcome,
            "report_id": decision.report_id,
            "source_id": decision.source_id,
            "changed_fields": sorted(decision.changes),
            "changes": decision.changes,
            "reason": decision.reason,
            "note": decision.note,
            "decided_by": decision.decided_by.get_username() if decision.decided_by else "",
        }


@dataclass
class VersionFeedback:
    """How one extractor version's claims fared with curators."""

    version: str
    accepted: int = 0
    corrected: int = 0
    rejected: int = 0
    added: int = 0
    corrected_fields: Counter = field(default_factory=Counter)
    rejected_reasons: Counter = field(default_factory=Counter)

    @property
    def decided(self) -> int:
        """Claims the importer made that curators decided (added ones are not its claims)."""
        return self.accepted + self.corrected + self.rejected

    def share(self, count: int) -> float:
        return count / self.decided if self.decided else 0.0


def feedback_summary(decisions: Iterable[ReviewDecision]) -> dict[str, VersionFeedback]:
    """Per extractor version, each claim counted once by its latest decision: accepted as
    extracted, corrected (by field), rejected (by reason); claims curators added by hand are
    counted apart, against the version that missed them."""
    latest: dict[object, ReviewDecision] = {}
    added: set = set()
    for decision in decisions:
        key = decision.report_id if decision.report_id is not None else ("deleted", decision.pk)
        if decision.outcome == Outcome.ADDED:
            added.add(key)
        latest[key] = decision
    summary: dict[str, VersionFeedback] = {}
    for key, decision in latest.items():
        version = decision.extractor_version or "(unknown)"
        stats = summary.setdefault(version, VersionFeedback(version=version))
        if key in added:
            stats.added += 1
        elif decision.outcome == Outcome.ACCEPTED:
            stats.accepted += 1
        elif decision.outcome == Outcome.CORRECTED:
            stats.corrected += 1
            stats.corrected_fields.update(list(decision.changes))
        elif decision.outcome == Outcome.REJECTED:
            stats.rejected += 1
            stats.rejected_reasons[decision.reason] += 1
    return dict(sorted(summary.items()))


def describe(summary: dict[str, VersionFeedback]) -> str:
    """The summary as a few lines of text per extractor version."""
    if not summary:
        return "No decisions on imported claims yet."
    reasons = dict(ReviewDecision.Reason.choices)
    lines = []
    for stats in summary.values():
        lines.append(f"{stats.version}: {stats.decided} claim(s) decided")
        by_field = ", ".join(f"{name} {n}" for name, n in stats.corrected_fields.most_common())
        by_reason = ", ".join(
            f"{reasons.get(code, code).lower()} {n}"
            for code, n in stats.rejected_reasons.most_common()
        )
        for label, count, detail in [
            ("accepted unchanged", stats.accepted, ""),
            ("corrected", stats.corrected, by_field),
            ("rejected", stats.rejected, by_reason),
        ]:
            line = f"  {label:<19}{count:>5}  {stats.share(count):>6.1%}"
            lines.append(f"{line}  ({detail})" if detail else line)
        lines.append(f"  {'added by hand':<19}{stats.added:>5}  (claims it missed)")
    return "\n".join(lines)
