"""Statements: who said what about one claim, and where they disagree.

A merged claim gathers every sentence of an article about one site and event. A statement is
one claimant's part of it: their sentences (quotes and spans), the claimant as written and
canonical, the date they gave (as written and as a range), what they assert happened. The
article's own voice (no claimant) is a statement too, attributed to the outlet.

`disagreements` compares statements (of one article, or of every source behind a report) and
names where they differ: the date (ranges that do not overlap), what happened (destroyed vs
damaged) or who did it. Plain Python, no Django: the importer stores statements as Evidence
rows and calls the same functions on them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .dates import DateValue, find_dates, intersect, latest_publication_day
from .text import WordPattern

# Dates this many days apart still count as one account (an outlet a day late, a time zone).
DATE_SLACK_DAYS = 3
# A passage whose own dates lie two months or more before publication is an older item (a
# live blog's entry, a quoted earlier report): its relative dates count from its own time. A
# story a few weeks after the event still counts "a month ago" from publication.
OLD_PASSAGE_DAYS = 60
# Sentences either side of a relative date searched for the passage's own date.
PASSAGE_REACH = 3

EVENT_RANK = {"destroyed": 2, "damaged": 1}
# A group whose act it is speaks for it only when it publishes or claims the act ("ISIS
# released a video showing ...", "the group claimed responsibility").
_CLAIMS_ACT = WordPattern(
    r"(?:itself\s+)?(?:claim(?:s|ed|ing)?|releas(?:e|es|ed|ing)|publish(?:es|ed|ing)?|"
    r"post(?:s|ed|ing)?|put(?:s|ting)? out|issu(?:e|es|ed|ing)|air(?:s|ed|ing)?|"
    r"broadcast(?:s|ing)?|show(?:s|ed|ing)?|said it|says it)\b"
    # "IS said its fighters destroyed", "announced that it had blown up": its own act.
    r"|\b(?:said|says|announced|stated|declared|boasted)(?:\s+[\w,]+){0,4}?\s+(?:that\s+)?"
    r"(?:its|it|their|they|we|our)\b",
)
# "told AFP news agency", "told the Associated Press", "quoted by Reuters": the channel.
_CHANNEL = re.compile(
    r"\b(?:told|quoted by|speaking to|in an interview with|interviewed by)\s+(?:the\s+)?"
    r"(?P<name>[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){0,3})(?:\s+news agency)?"
)
_IMAGERY_TEXTS = ("satellite imagery", "on-site inspection")
# "militants", "radical Islamist group", "the jihadists": a description, not a name; two
# descriptions (or a description and a name) do not contradict each other.
_GENERIC_PERPETRATOR = re.compile(r"^(?:the\s+|an?\s+)?[a-z]")


@dataclass
class Statement:
    """One claimant saying one thing in one source."""

    claimant: str | None  # canonical name; None for the article's own voice
    claimant_text: str  # as written: "Syria’s head of antiquities"
    claimant_kind: str  # official, monitoring_group, ..., "generic", "imagery", "outlet"
    event_type: str
    spans: list[tuple[int, int]] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)
    sentences: list[int] = field(default_factory=list)
    via: str | None = None  # the channel: "AFP" in "… told AFP news agency"
    extent: str | None = None
    perpetrator: str | None = None
    date_text: str = ""  # as written: "on August 23", "one month ago"
    earliest: dt.date | None = None
    latest: dt.date | None = None
    precision: str = "unknown"  # day, month, year, range, unknown
    approximate: bool = False
    anchored_on: dt.date | None = None  # a relative date counted from this day, not publication
    confirmed: bool = False  # imagery or inspection
    # Its damage is the destruction of the site's parts or contents ("destroyed statues at
    # Nimrud"): a whole whose parts were destroyed is damaged, which no "destroyed" contradicts.
    of_parts: bool = False

    @property
    def label(self) -> str:
        """Who, for a reader: "Maamoun Abdulkarim (AFP)", "residents", "the outlet"."""
        who = self.claimant or self.claimant_text or "the outlet"
        return f"{who} ({self.via})" if self.via else who

    @property
    def dated(self) -> bool:
        return self.earliest is not None and self.latest is not None

    def date_display(self, relative_to: Statement | None = None) -> str:
        """The date as this statement gives it: "23 Aug 2015", "August 2015", "about one month
        earlier" (a relative date counted from another statement's day)."""
        if not self.dated:
            return "no date given"
        if (
            self.anchored_on is not None
            and relative_to is not None
            and relative_to.earliest is not None
            and relative_to.earliest <= self.anchored_on <= relative_to.latest
            and re.search(r"\bago\b", self.date_text, re.IGNORECASE)
        ):
            words = re.sub(
                r"^(?:about|around|some|nearly|almost)\s+", "", self.date_text, flags=re.I
            )
            return "about " + re.sub(r"\bago\b", "earlier", words, flags=re.IGNORECASE)
        return date_range_display(
            self.earliest, self.latest, self.precision, approximate=self.approximate
        )


@dataclass
class Disagreement:
    """Statements that disagree on one point: kind is date, event or perpetrator."""

    kind: str
    text: str  # "date: Maamoun Abdulkarim (AFP) 23 Aug 2015; Syrian Observatory … earlier"
    statements: list[int]  # indices into the list compared


def date_range_display(
    earliest: dt.date | None, latest: dt.date | None, precision: str, *, approximate: bool
) -> str:
    """A date range written with its precision, as DamageReport.date_display writes it."""
    if earliest is None or latest is None:
        return "no date given"
    prefix = "about " if approximate else ""
    if precision == "day":
        return prefix + earliest.strftime("%-d %b %Y")
    if precision == "month":
        return prefix + earliest.strftime("%B %Y")
    if precision == "year":
        return prefix + str(earliest.year)
    if earliest == latest:
        return prefix + earliest.strftime("%-d %b %Y")
    return f"{prefix}between {earliest:%-d %b %Y} and {latest:%-d %b %Y}"


# --- building statements from one claim's raw claims ---------------------------------------


def build_statements(raws, sentences, published: dt.date | None) -> list[Statement]:
    """One statement per claimant among the per-sentence raw claims of one merged claim,
    in order of first sentence. `raws` are claims.RawClaim, `sentences` the article's;
    `published` a day or a dates.Published period (its last day counts)."""
    published = latest_publication_day(published)
    anchors = _passage_dates(raws, published)
    by_key: dict[tuple[str | None, str], Statement] = {}
    dates: dict[tuple[str | None, str], list[DateValue]] = {}
    extents: dict[tuple[str | None, str], list[tuple[str, str]]] = {}
    damage_of_whole: set[tuple[str | None, str]] = set()
    for raw in sorted(raws, key=lambda r: r.sentence):
        sentence = sentences[raw.sentence]
        for claimant, written, kind in _claimants_of(raw, sentence.text):
            key = (claimant, "" if claimant else written)
            st = by_key.get(key)
            if st is None:
                st = by_key[key] = Statement(
                    claimant=claimant,
                    claimant_text=written,
                    claimant_kind=kind,
                    event_type=raw.event_type,
                )
                dates[key] = []
            if raw.sentence not in st.sentences:
                st.sentences.append(raw.sentence)
                st.spans.append((sentence.start, sentence.end))
                st.quotes.append(sentence.text)
            if EVENT_RANK.get(raw.event_type, 0) > EVENT_RANK.get(st.event_type, 0):
                st.event_type = raw.event_type
            if raw.event_type == "damaged" and not raw.on_parts:
                damage_of_whole.add(key)
            if raw.extent and raw.extent != "unknown":
                extents.setdefault(key, []).append((raw.event_type, raw.extent))
            st.perpetrator = st.perpetrator or raw.perpetrator
            st.confirmed = st.confirmed or raw.confirmed
            if claimant and not st.via:
                st.via = _channel(sentence.text, written)
            if raw.date is not None:
                date, anchor = _own_time(raw, sentence.text, anchors, published)
            else:
                date, anchor = _quoted_time(raw, sentence.text, anchors)
            if date is not None:
                dates[key].append(date)
            if anchor is not None:
                st.anchored_on = anchor
    for key, st in by_key.items():
        _set_date(st, dates[key])
        # The extent that goes with the event the claimant asserts ("destroyed" wins over the
        # "much damage" of the same quote).
        same = [x for event, x in extents.get(key, []) if event == st.event_type]
        st.extent = "destroyed" if st.event_type == "destroyed" else (same or [None])[0]
        st.of_parts = st.event_type == "damaged" and key not in damage_of_whole
    return sorted(by_key.values(), key=lambda s: s.sentences[0])


def speaks(raw, actor, text: str) -> bool:
    """Whether a claimant of a sentence's raw claim speaks: the perpetrator only when it claims
    the act itself ("ISIS released a video showing …"), not when the sentence names it as who
    did it."""
    return actor.name != raw.perpetrator or bool(_CLAIMS_ACT.search(text))


def _claimants_of(raw, text: str) -> list[tuple[str | None, str, str]]:
    """(canonical, as written, kind) of each claimant of one sentence's claim. Named actors
    win over generic phrases ("according to the Observatory, residents said": the Observatory
    vouches); a channel ("told AFP") is not a claimant; the perpetrator speaks only when it
    claims the act. None when the article speaks in its own voice."""
    named = [a for a in raw.claimants if speaks(raw, a, text)]
    speakers = [a for a in named if a.kind != "news_agency"] or named
    if speakers:
        out, seen = [], set()
        for a in speakers:
            if a.name not in seen:
                seen.add(a.name)
                out.append((a.name, a.text, a.kind))
        return out
    texts = [t for t in raw.claimant_texts if t not in _IMAGERY_TEXTS]
    if texts:
        return [(None, texts[0], "generic")]
    imagery = [t for t in raw.claimant_texts if t in _IMAGERY_TEXTS]
    if imagery:
        return [(None, imagery[0], "imagery")]
    return [(None, "", "outlet")]


def _channel(text: str, written: str) -> str | None:
    """The agency a named claimant spoke through, after its name in the sentence."""
    at = text.find(written) if written else -1
    for m in _CHANNEL.finditer(text, max(at, 0)):
        name = m.group("name")
        if name not in written:
            return name
    return None


def _passage_dates(raws, published: dt.date | None) -> dict[int, dt.date]:
    """For each sentence of the claim, the day of the older passage it belongs to, if any.

    A passage is a run of the claim's sentences at most PASSAGE_REACH apart; its day is the
    latest absolute date its sentences give, when that lies OLD_PASSAGE_DAYS or more before
    publication (a live blog's earlier entry)."""
    if published is None:
        return {}
    order = sorted({raw.sentence for raw in raws})
    passages: list[list[int]] = []
    for index in order:
        if passages and index - passages[-1][-1] <= PASSAGE_REACH:
            passages[-1].append(index)
        else:
            passages.append([index])
    cutoff = published - dt.timedelta(days=OLD_PASSAGE_DAYS)
    # The latest absolute date of each passage, in one pass over the claim's raw claims (a
    # pass per passage made a claim told in many sentences cost their square).
    passage_of = {index: number for number, passage in enumerate(passages) for index in passage}
    latest: dict[int, dt.date] = {}
    for raw in raws:
        if raw.date is not None and not raw.date.relative and not raw.date.since:
            number = passage_of[raw.sentence]
            if number not in latest or raw.date.latest > latest[number]:
                latest[number] = raw.date.latest
    out: dict[int, dt.date] = {}
    for number, passage in enumerate(passages):
        day = latest.get(number)
        if day is not None and day < cutoff:
            out.update(dict.fromkeys(passage, day))
    return out


def _own_time(
    raw, text: str, anchors: dict[int, dt.date], published: dt.date | None
) -> tuple[DateValue, dt.date | None]:
    """The raw claim's date, a relative one ("one month ago", "today") counted from the
    statement's own time where the text gives it: the day it was said ("said on Monday"),
    or the day of an older passage it belongs to (a live blog's entry whose other sentences
    are dated weeks before publication). Otherwise it stays as resolved (and approximate)."""
    date = raw.date
    if not date.relative:
        return date, None
    anchor = raw.said_on or anchors.get(raw.sentence)
    if anchor is None or anchor == published:
        return date, None
    for candidate in find_dates(text, anchor):
        if candidate.relative and candidate.text == date.text:
            # Counted from the passage's day, not the speaker's own words: approximate.
            return (
                DateValue(
                    candidate.earliest,
                    candidate.latest,
                    candidate.precision if candidate.approximate else "range",
                    candidate.text,
                    candidate.start,
                    candidate.end,
                    True,
                    candidate.since,
                    True,
                ),
                anchor,
            )
    return date, None


_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")


def _quoted_time(
    raw, text: str, anchors: dict[int, dt.date]
) -> tuple[DateValue | None, dt.date | None]:
    """A relative date inside the claimant's own quoted words ("placed explosives ... today"),
    which the claim leaves undated because it is the speaker's day, not the article's: counted
    from the day they spoke when the text gives it ("said on Monday": exact), or from the day
    of the older passage they are quoted in (approximate). Nothing when nothing anchors it."""
    anchor = raw.said_on or anchors.get(raw.sentence)
    if anchor is None:
        return None, None
    for quote in _QUOTED.finditer(text):
        for found in find_dates(quote.group(), anchor):
            if found.relative and not found.since:
                exact = raw.said_on is not None and not found.approximate
                return (
                    DateValue(
                        found.earliest,
                        found.latest,
                        found.precision if exact else "range",
                        found.text,
                        quote.start() + found.start,
                        quote.start() + found.end,
                        not exact,
                        False,
                        True,
                    ),
                    anchor,
                )
    return None, None


def _set_date(st: Statement, values: list[DateValue]) -> None:
    if not values:
        return
    date = intersect(values)
    if date is None:  # one claimant giving two dates: keep the span of both
        lo, hi = min(v.earliest for v in values), max(v.latest for v in values)
        st.earliest, st.latest, st.precision, st.approximate = lo, hi, "range", True
        st.date_text = "; ".join(dict.fromkeys(v.text for v in values))
        return
    st.earliest, st.latest = date.earliest, date.latest
    st.precision = date.precision if date.precision in ("day", "month", "year") else "range"
    # Approximate unless one of the dates given says exactly this range by itself ("on August
    # 23" and a quoted "today" counted from the passage's day agree: 23 August, not "about").
    st.approximate = not any(
        not v.approximate and (v.earliest, v.latest) == (date.earliest, date.latest) for v in values
    )
    st.date_text = date.text


# --- disagreements ---------------------------------------------------------------------------


def dates_disagree(a: Statement, b: Statement, slack_days: int = DATE_SLACK_DAYS) -> bool:
    """Both dated, and their ranges do not overlap (allowing `slack_days`)."""
    if not (a.dated and b.dated):
        return False
    slack = dt.timedelta(days=slack_days)
    return a.latest + slack < b.earliest or b.latest + slack < a.earliest


def events_disagree(a: Statement, b: Statement) -> bool:
    """One says destroyed, the other only damaged (not the damage of destroyed parts)."""
    damaged = a if a.event_type == "damaged" else b
    return {a.event_type, b.event_type} == {"destroyed", "damaged"} and not damaged.of_parts


def perpetrators_disagree(a: Statement, b: Statement) -> bool:
    """Both name who did it, by name (not "militants"), and the names differ."""
    pa, pb = _named_party(a.perpetrator), _named_party(b.perpetrator)
    return bool(pa and pb and pa != pb)


def _named_party(name: str | None) -> str | None:
    if not name or _GENERIC_PERPETRATOR.match(name.strip()):
        return None
    return " ".join(name.lower().split())


def disagreements(statements: list[Statement]) -> list[Disagreement]:
    """Every point the statements disagree on, each named once: the statements on each side
    with what they say. Statements of one claimant never disagree with each other here.

    A report's statements run to thousands (every source behind it): the statements taking
    part in a disagreement are found without comparing every pair (`_involved`)."""
    out = []
    checks = [
        ("date", dates_disagree, _date_value),
        ("event", events_disagree, lambda s, _: s.event_type),
        ("perpetrator", perpetrators_disagree, lambda s, _: f"names {s.perpetrator}"),
    ]
    labels = [st.label for st in statements]
    for kind, differ, value in checks:
        involved = _involved(kind, differ, statements, labels)
        if not involved:
            continue
        involved.sort(key=lambda k: (_order_key(statements[k], kind), k))
        first = statements[involved[0]]
        parts: list[str] = []
        seen: set[str] = set()
        for k in involved:
            part = (
                f"{statements[k].label} {value(statements[k], first if k != involved[0] else None)}"
            )
            if part not in seen:
                seen.add(part)
                parts.append(part)
        out.append(
            Disagreement(kind=kind, text=f"{kind}: " + "; ".join(parts), statements=involved)
        )
    return out


def compared(st: Statement) -> tuple:
    """All that `disagreements` reads of a statement: a list with repeats of one key removed
    (the first kept) gives the same disagreement texts, sides in the same order."""
    return (
        st.label, st.event_type, st.of_parts, st.perpetrator, st.earliest, st.latest,
        st.precision, st.approximate, st.anchored_on, st.date_text,
    )  # fmt: skip


# What `events_disagree` and `perpetrators_disagree` compare of a statement: two statements
# with the same key agree or disagree with a third alike.
_DISAGREEMENT_KEYS = {
    "event": lambda st: st.event_type,
    "perpetrator": lambda st: _named_party(st.perpetrator),
}


def _involved(kind: str, differ, statements: list[Statement], labels: list[str]) -> list[int]:
    """Indices of the statements that `differ` with at least one statement of another voice
    (label): what comparing every pair finds, in time about linear in the statements."""
    if kind == "date":
        return _dates_involved(statements, labels)
    key_of = _DISAGREEMENT_KEYS[kind]
    keys = [key_of(st) for st in statements]
    voices: dict = {}  # key -> the labels of the statements with that key
    sample: dict = {}  # key -> one statement with that key
    for k, key in enumerate(keys):
        voices.setdefault(key, set()).add(labels[k])
        sample.setdefault(key, statements[k])
    # The few distinct keys are compared pairwise, with the rule itself.
    against = {x: [y for y in sample if differ(sample[x], sample[y])] for x in sample}
    return [
        k
        for k, key in enumerate(keys)
        if any(len(voices[y]) > 1 or labels[k] not in voices[y] for y in against[key])
    ]


def _dates_involved(statements: list[Statement], labels: list[str]) -> list[int]:
    """`dates_disagree` over every pair of voices: a dated statement is involved when another
    voice's latest start lies past its end, or another voice's earliest end before its start
    (with the slack). The two most extreme voices suffice to know another voice's extreme."""
    slack = dt.timedelta(days=DATE_SLACK_DAYS)
    latest_start: dict[str, dt.date] = {}  # label -> its statements' latest earliest
    earliest_end: dict[str, dt.date] = {}  # label -> its statements' earliest latest
    dated = [k for k, st in enumerate(statements) if st.dated]
    for k in dated:
        st, label = statements[k], labels[k]
        if label not in latest_start or st.earliest > latest_start[label]:
            latest_start[label] = st.earliest
        if label not in earliest_end or st.latest < earliest_end[label]:
            earliest_end[label] = st.latest
    starts = sorted(latest_start.items(), key=lambda item: item[1], reverse=True)[:2]
    ends = sorted(earliest_end.items(), key=lambda item: item[1])[:2]
    out = []
    for k in dated:
        st, label = statements[k], labels[k]
        start = next((day for voice, day in starts if voice != label), None)
        end = next((day for voice, day in ends if voice != label), None)
        if (start is not None and st.latest + slack < start) or (
            end is not None and end + slack < st.earliest
        ):
            out.append(k)
    return out


def _date_value(st: Statement, relative_to: Statement | None) -> str:
    return st.date_display(relative_to)


def _order_key(st: Statement, kind: str):
    # Date: the precise, unanchored account first, so a relative one reads against it.
    if kind == "date":
        return (st.anchored_on is not None, st.approximate, -(st.latest or dt.date.min).toordinal())
    return (0,)


# --- the --dry-run --json output -------------------------------------------------------------


def statement_contract(st: Statement) -> dict:
    """One statement as plain JSON."""
    out = {
        "claimant": st.claimant,
        "claimant_text": st.claimant_text,
        "claimant_kind": st.claimant_kind,
        "event_type": st.event_type,
        "quotes": st.quotes,
        "spans": [list(span) for span in st.spans],
    }
    for key in ("via", "extent", "perpetrator"):
        if getattr(st, key):
            out[key] = getattr(st, key)
    if st.dated:
        out["stated_date_text"] = st.date_text
        out["stated_date_earliest"] = st.earliest.isoformat()
        out["stated_date_latest"] = st.latest.isoformat()
        out["stated_date_precision"] = st.precision
        out["stated_date_approximate"] = st.approximate
    if st.anchored_on:
        out["anchored_on"] = st.anchored_on.isoformat()
    if st.confirmed:
        out["confirmed"] = True
    return out


def statements_contract(statements: list[Statement]) -> dict:
    """The `statements` and `disagreements` keys of a claim in the --dry-run --json output."""
    out: dict = {"statements": [statement_contract(s) for s in statements]}
    found = disagreements(statements)
    if found:
        out["disagreements"] = [{"kind": d.kind, "text": d.text} for d in found]
    return out
