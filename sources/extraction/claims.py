"""Claims of one sentence: what happened to which site, when, by whom, and who says so.

The engine that joins the concerns: events.py finds triggers and their sites, dates.py the
dates, attribution.py the claimants and perpetrator; one sentence can yield several RawClaims,
which merging.py folds into one Claim per (site, event, date) of the article.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from .actors import ActorMention, ActorState
from .attribution import _claimants, _perpetrator
from .dates import NUMBERS, DateValue, YearContext, since_range
from .events import (
    _ANAPHORIC_NOMINAL,
    _EVENT_ANAPHOR,
    _RECAPTURE,
    _clause_bounds,
    _contrast_start,
    _ellipsis_targets,
    _extent_cause,
    _has_event_anaphor,
    _has_imagery,
    _is_nominal,
    _is_passive,
    _status,
    _targets,
    find_triggers,
)
from .gazetteer import TOPIC_KINDS, Gazetteer, Mention
from .lexicon import SPEECH_VERBS
from .sentences import Sentence
from .text import WordPattern, alternation

# "said on Thursday", "told reporters on Thursday": the day of the statement. Not "told
# reporters that on Thursday ...": after "that" the date is in what was said.
_STATEMENT_DATE = re.compile(
    r"\b(?:(?:" + alternation(SPEECH_VERBS) + r")"
    r"(?:\s+(?:[\w.-]+\s+){1,3}in a statement)?|told\s+(?:(?!that\b)[\w.-]+\s+){1,3})\s*$",
    re.IGNORECASE,
)

# "Footage shot on Thursday reveals the damage", "a picture taken on July 23 of the ruined
# church": the day of the recording, which the event is no later than, not the event's.
_RECORDED_DATE = re.compile(
    r"\b(?:footage|video|videos|images?|photos?|photographs?|pictures?|imagery)\s+"
    r"(?:(?:was|were)\s+)?(?:shot|taken|filmed|recorded|captured)\s*$",
    re.IGNORECASE,
)

# "according to satellite photographs obtained this week": the day pictures came out, which the
# event is no later than, whatever follows.
_RELEASED_DATE = WordPattern(
    r"(?:footage|video|videos|images?|photos?|photographs?|pictures?|imagery)\s+"
    r"(?:(?:was|were)\s+)?(?:obtained|released|published|acquired|received|made public)"
    r"(?:\s+by\s+(?:[\w’'.-]+\s+){1,4}?)?\s*$",
)

_SHOWS = re.compile(
    r"\s*,?\s*(?:[\w’'-]+\s+){0,3}?(?:shows?|showed|reveals?|revealed|depicts?|depicted|"
    r"suggests?|suggested|indicates?|indicated|confirms?|confirmed)\b",
    re.IGNORECASE,
)

# Whitespace-separated chunks a _STATEMENT_DATE match can span: a two-word verb, three words,
# "in a statement" (eight), with room to spare; a _RECORDED_DATE match spans three.
_STATEMENT_DATE_CHUNKS = 10
_RECORDED_DATE_CHUNKS = 5


def _ends_with(pattern: re.Pattern, text: str, chunks: int) -> bool:
    """pattern.search(text) for a pattern anchored at the end that spans at most `chunks`
    whitespace-separated chunks, searched in those only: searched from the start, it would
    try every position of the text."""
    head = text.rsplit(None, chunks)
    window = text[len(head[0]) :] if len(head) > chunks else text
    return bool(pattern.search(window))


def _said_before(text: str) -> bool:
    """_STATEMENT_DATE.search(text): a statement's verb ends `text`."""
    return _ends_with(_STATEMENT_DATE, text, _STATEMENT_DATE_CHUNKS)


def _recorded_before(text: str) -> bool:
    """_RECORDED_DATE.search(text): "footage shot" ends `text`."""
    return _ends_with(_RECORDED_DATE, text, _RECORDED_DATE_CHUNKS)


def _released_before(text: str) -> bool:
    """_RELEASED_DATE.search(text): "photographs released by the ministry" ends `text` (a
    phrase of at most a dozen words, so only the text's last 120 characters are searched)."""
    return _RELEASED_DATE.search(text[-120:]) is not None


@dataclass
class RawClaim:
    site: str
    event_type: str
    sentence: int
    trigger: str
    date: DateValue | None = None
    claimants: list[ActorMention] = field(default_factory=list)
    claimant_texts: list[str] = field(default_factory=list)
    perpetrator: str | None = None
    party: str | None = None  # for control_change: who gains control
    extent: str | None = None
    cause: str | None = None
    confirmed: bool = False
    anaphoric_date: bool = False  # "it happened one month ago": a second account of the same event
    undated_since: bool = False  # "ever since", "since capturing the city": after an earlier event
    said_on: dt.date | None = None  # "the ministry said on Thursday": the event is no later
    # "destroyed statues at Palmyra": the act was on parts of the site, which it damages.
    on_parts: bool = False


def _in_quote(text: str, pos: int) -> bool:
    """Whether `pos` lies inside quotation marks (a quote may have opened in an earlier
    sentence)."""
    before = text[:pos]
    opened = before.count("“") - before.count("”")
    if opened > 0 or before.count('"') % 2 == 1:
        return True
    return (
        opened == 0
        and "“" not in before
        and "”" in text[pos:]
        and "“" not in text[pos : text.index("”", pos)]
    )


def sentence_claims(
    sentence: Sentence,
    mentions: list[Mention],
    actors: list[ActorMention],
    astate: ActorState,
    gaz: Gazetteer,
    published: dt.date | None,
    state_top: str | None,
    previous: list[RawClaim],
    triggers: list[tuple[str, int, int, str]] | None = None,
    years: YearContext | None = None,
    it_site: str | None = None,
) -> list[RawClaim]:
    """Raw claims of one sentence (one per site and event type); `triggers` may come from
    `triggers_by_sentence`; `it_site`, the site named last in the sentence or two before, is
    what "it" stands for in a sentence that names none."""
    text, base = sentence.text, sentence.start
    triggers = find_triggers(text) if triggers is None else triggers
    if not triggers and not (previous and _has_event_anaphor(text)):
        return []
    context: dict = {}
    year_hint = years.hint(sentence.index) if years else None

    def lazy_dates() -> list[DateValue]:
        # "today" or "on Friday" inside a quotation is the speaker's day, not the article's;
        # "said on Thursday" dates the statement, not the event.
        if "dates" not in context:
            context["dates"], context["said_on"] = [], []
            for d in sentence.dates(published, year_hint):
                if d.relative and _in_quote(text, d.start):
                    continue
                if (
                    _said_before(text[: d.start])
                    or (_recorded_before(text[: d.start]) and _SHOWS.match(text, d.end))
                    or _released_before(text[: d.start])
                ):
                    context["said_on"].append(d.latest)
                else:
                    context["dates"].append(d)
        return context["dates"]

    def lazy_claimants() -> tuple[list[ActorMention], list[str]]:
        if "claimants" not in context:
            context["claimants"] = _claimants(text, base, actors, astate, sentence.index)
        return context["claimants"]

    out: dict[tuple, RawClaim] = {}
    clauses: dict[tuple, int] = {}  # where the clause of each raw claim's trigger starts
    for n, (kind, start, end, form) in enumerate(triggers):
        nominal = form == "noun" or _is_nominal(text, start, end)
        next_trigger = triggers[n + 1][1] if n + 1 < len(triggers) else len(text)
        if n + 1 < len(triggers) and re.fullmatch(
            r"\s*(?:,|and|or|,\s*and)\s*", text[end:next_trigger]
        ):
            nxt = n + 1  # "ransacked and demolished": the pair shares its object
            while nxt + 1 < len(triggers) and re.fullmatch(
                r"\s*(?:,|and|or|,\s*and)\s*", text[triggers[nxt][2] : triggers[nxt + 1][1]]
            ):
                nxt += 1
            next_trigger = triggers[nxt + 1][1] if nxt + 1 < len(triggers) else len(text)
            end_for_targets = triggers[nxt][2]
        else:
            end_for_targets = end
        targets = _targets(
            text,
            base,
            mentions,
            start,
            end_for_targets,
            form,
            nominal,
            next_trigger,
            gaz,
            state_top,
            looting=kind == "looted",
            # "seized it", "stole it" may be of anything; "blew it up", "struck it" of a place.
            it_site=it_site if kind in ("destroyed", "damaged") else None,
        )
        targets += [
            m
            for m in _ellipsis_targets(text, base, mentions, end_for_targets, next_trigger)
            if m.slug not in {t.slug for t in targets}
        ]
        anaphoric = (
            not targets
            and nominal
            and previous
            and _ANAPHORIC_NOMINAL.search(text[max(0, start - 25) : end + 1])
        )
        if not targets and not anaphoric:
            continue
        # Whether the sentence asserts the event, only asked once it is about a site: the
        # cues are the costliest part of a sentence.
        status = _status(text, kind, start, end, form, nominal)
        if status is None:
            continue
        event = "threatened" if status == "threat" else kind
        if not targets:
            if anaphoric:
                same = [c.site for c in previous if _family(c.event_type) == _family(event)]
                # "the destruction" after a sentence about a temple and its city: the temple.
                same = [s for s in same if not any(s in gaz.ancestors(o) for o in same)]
                targets = [Mention(s, -1, -1, "", "anaphor") for s in dict.fromkeys(same)]
            if not targets:
                continue
        passive = _is_passive(text, start, end, form, nominal)
        cstart, cend = _clause_bounds(text, start)
        dates = lazy_dates()
        claimants, claimant_texts = lazy_claimants()
        in_clause = [d for d in dates if cstart <= d.start < cend and not d.since]
        apart = None if in_clause else _DAYS_APART.search(text, max(0, cstart - 2), start)
        if apart and (shifted := _days_apart(apart, dates, cstart, cend)):
            # "... on Monday, a day after they razed the shrines": a day before Monday.
            in_clause = [shifted]
        if not in_clause and (closed := _CLOSED_RELATIVE_AFTER.match(text, cend)):
            # "destroyed the centre, a building that was once a cinema, on Friday": the date
            # after a closed relative clause is the main clause's.
            in_clause = [d for d in dates if d.start == closed.end() and not d.since]
        if not in_clause:
            in_clause = _dates_carried_over(text, dates, cstart)
        # "blew up the museum in March and looted the citadel in April": with another
        # trigger before it in the clause, a verb takes the date told after it, before the
        # next trigger (the one before belongs to the verb before).
        own = [
            d
            for d in in_clause
            if n > 0 and triggers[n - 1][1] >= cstart and end <= d.start < next_trigger
        ]
        date = (
            own[0]
            if own
            else min(in_clause, key=lambda d: min(abs(d.start - end), abs(d.end - start)))
            if in_clause
            else None
        )
        # "hit several times in 2016 and 2018": one event per date of a list.
        also = [
            d
            for d in in_clause
            if date is not None
            and d.start > date.start
            and re.fullmatch(r"\s*(?:,|,?\s*and|,?\s*or)?\s*", text[date.end : d.start])
            and re.match(r"(?:and|or)\b", d.text, re.IGNORECASE) is not None
            or date is not None
            and d.start > date.start
            and re.fullmatch(r"\s*(?:,|,?\s*and|,?\s*or)\s*", text[date.end : d.start])
        ]
        if date is None and years is not None and (same := _SAME_TIME.search(text)):
            # "That same weekend, ISIS also destroyed the church": the weekend named before.
            date = years.same_as(
                sentence.index, same.group("unit"), same.group(), same.start(), same.end()
            )
        if date is None and years is not None and (later := _LATER.search(text, sentence.caseless)):
            # "Five months later they handed it over": counted from the last date told.
            date = years.later_than(
                sentence.index,
                int(c) if (c := later.group("count").lower()).isdigit() else NUMBERS[c],
                later.group("unit"),
                later.group(),
                later.start(),
                later.end(),
            )
        since = None
        if date is None:
            since_dates = [d for d in dates if d.since and d.start >= start]
            if not since_dates and re.match(r"\s*since\b", text[cend:]):
                _, next_end = _clause_bounds(text, cend + 7)
                since_dates = [d for d in dates if cend <= d.start < next_end]
            if since_dates:
                since = since_range(since_dates[0], published)
        extent, cause = _extent_cause(event, text, start, end)
        trigger_text = text[start:end]
        for target in targets:
            # An act on a site's parts or contents damages the site (events._PART_NOUN).
            what = "damaged" if target.via == "part" and event == "destroyed" else event
            if (
                what == "control_change"
                and trigger_text.lower().endswith(" over")
                and target.slug in gaz.sites
                and gaz.sites[target.slug].kind not in TOPIC_KINDS
            ):
                # Fighters "took over the museum": a building occupied, not a town changing hands.
                what = "military_use"
            what_extent = "severe" if what != event else extent
            key = (target.slug, _family(what))
            if key in out:
                existing = out[key]
                same_event = clauses[key] == cstart or (
                    (existing.date or date) is None
                    or (existing.date and date and existing.date.overlaps(date, 3))
                )
                if same_event:
                    if _rank(what) > _rank(existing.event_type):
                        existing.event_type, existing.extent = what, what_extent
                    existing.date = existing.date or date
                    continue
                # "The strike damaged the cathedral: it was torn down in 1936": two events at
                # two dates, in two clauses of one sentence.
                key = (*key, start)
            clauses[key] = cstart
            raw = RawClaim(
                site=target.slug,
                event_type=what,
                sentence=sentence.index,
                trigger=trigger_text,
                date=date or since,
                claimants=list(claimants),
                claimant_texts=list(claimant_texts),
                perpetrator=_perpetrator(text, base, actors, start, end, passive, astate),
                extent=what_extent,
                cause=cause,
                confirmed=_has_imagery(text[_contrast_start(text, start) : cend]),
                said_on=min(context["said_on"], default=None),
                on_parts=target.via == "part",
                undated_since=date is None
                and bool(
                    since
                    or re.search(
                        r"\b(?:ever since|since (?:then|capturing|seizing|taking))\b", text, re.I
                    )
                ),
            )
            if what == "control_change":
                raw.party = raw.perpetrator
                if _RECAPTURE.search(trigger_text) and raw.party is None:
                    raw.party = "(recapture)"
            out[key] = raw
            for n_also, other_date in enumerate(also):
                copy = replace(raw, date=other_date, claimants=list(raw.claimants))
                out[(*key, "also", n_also)] = copy
    # "The Observatory reported that it happened one month ago": the same event, another date.
    anaphor = previous and _has_event_anaphor(text)
    dates = lazy_dates() if anaphor else []
    claimants, claimant_texts = lazy_claimants() if anaphor and not out else ([], [])
    if not out and anaphor and dates:
        for c in previous:
            if c.event_type in ("destroyed", "damaged", "looted"):
                out[(c.site, c.event_type)] = RawClaim(
                    site=c.site,
                    event_type=c.event_type,
                    sentence=sentence.index,
                    trigger=_EVENT_ANAPHOR.search(text).group(),
                    date=dates[0],
                    claimants=list(claimants),
                    claimant_texts=list(claimant_texts),
                    perpetrator=c.perpetrator,
                    extent=c.extent,
                    cause=c.cause,
                    anaphoric_date=True,
                )
    elif out and anaphor and dates:
        for raw in out.values():
            if raw.date and any(
                p.site == raw.site and p.date and not p.date.overlaps(raw.date, 3) for p in previous
            ):
                raw.anaphoric_date = True
    if years is not None and "dates" in context:
        years.observe(sentence.index, context["dates"], any(r.date for r in out.values()))
    if years is not None and triggers:
        years.remember(sentence.index, lazy_dates())
    return list(out.values())


# "that same weekend", "on the same day": the time of an event told just before.
_SAME_TIME = WordPattern(
    r"(?:that|the)\s+(?:very\s+)?same\s+"
    r"(?P<unit>day|night|morning|afternoon|evening|weekend|week|month|year)\b",
)
# "five months later", "two days later": counted from the last date told (never "a few").
_LATER = WordPattern(
    r"(?P<count>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
    r"(?P<unit>day|week|month|year)s?\s+later\b"
)
# A relative clause closed by a comma, after which the main clause goes on.
_CLOSED_RELATIVE_AFTER = re.compile(r"\s*,?\s*(?:which|that|who)\b[^,;:.]{0,120},\s*")
# "a day after they razed the shrines", "two days before": the clause's act counted from the
# day the sentence gives for its other act.
_DAYS_APART = re.compile(
    r"\b(?P<count>\d{1,2}|an?|one|two|three|four|five|six|seven)\s+(?P<unit>day|week)s?\s+"
    r"(?P<dir>after|before)\s",
    re.IGNORECASE,
)


def _days_apart(
    apart: re.Match, dates: list[DateValue], cstart: int, cend: int
) -> DateValue | None:
    """The day of the clause that "a day after" opens, from the nearest day outside it."""
    outside = [d for d in dates if d.precision == "day" and not (cstart <= d.start < cend)]
    if not outside:
        return None
    anchor = min(outside, key=lambda d: min(abs(d.end - apart.start()), abs(d.start - cend)))
    count = apart.group("count").lower()
    days = (int(count) if count.isdigit() else NUMBERS[count]) * (
        7 if apart.group("unit").lower() == "week" else 1
    )
    step = dt.timedelta(days=-days if apart.group("dir").lower() == "after" else days)
    return DateValue(
        anchor.earliest + step,
        anchor.latest + step,
        "day",
        apart.group(0).strip(),
        apart.start(),
        apart.end(),
        approximate=anchor.approximate,
    )


_OVER_RELATIVE = re.compile(r"[^,;:]*,\s+(?:which|who|whose|where)\b[^;:]*,\s*")


def _dates_carried_over(text: str, dates: list[DateValue], cstart: int) -> list[DateValue]:
    """A date the clause inherits from before its start: "On 9 May the hermitage, which stands
    in the village, was damaged" (across a relative clause); "was hit this morning: they
    smashed the mosque's walls" (across a colon that elaborates the same event)."""
    before = [d for d in dates if d.end <= cstart and not d.since]
    if not before:
        return []
    last = before[-1]
    gap = text[last.end : cstart]
    if _OVER_RELATIVE.fullmatch(gap) or (
        text[:cstart].rstrip().endswith(":") and not re.search(r"[;.]", gap)
    ):
        return [last]
    return []


# An attack told as a noun: "an air strike late on Thursday", "the shelling on 3 May"; the
# words one of which (in any case) it needs.
_ATTACK_WORDS = ("strike", "raid", "attack", "bombardment", "shelling", "bombing", "blast",
                 "explosion")  # fmt: skip
_ATTACK_NOUN = WordPattern(
    r"(?:(?:air\s*|missile\s+|drone\s+|rocket\s+)?strikes?|(?:air\s+)?raids?|attacks?|"
    r"bombardments?|shelling|bombings?|blasts?|explosions?)\b",
)


# "A Russian missile slammed into Freedom Square": a weapon that fell, where no site is named.
_FELL_WEAPON_HINTS = ("missile", "rocket", "shell", "drone", "bomb")
_WEAPON_FELL = WordPattern(
    r"(?:missiles?|rockets?|shells?|drones?|bombs?)\s+(?:\w+\s+){0,2}?(?:hit|struck|slammed|"
    r"crashed|landed|exploded|fell)\b",
)


def dated_attack(
    sentence: Sentence, mentions: list[Mention], published, years: YearContext | None = None
) -> tuple[list[str], DateValue] | None:
    """ "An air strike late on Thursday killed people inside the compound of St. X Church":
    an attack at the sites named, told with its one day, though the sentence claims no damage.
    A damage claim on those sites told later without a date is of that attack (merging.py).
    "A missile slammed into the square on Tuesday": an attack at no site named, which a
    sentence opening on "The blast ..." next refers to. None when the sentence names no attack
    or no event date."""
    text = sentence.text
    sites = [m.slug for m in mentions if not m.locative]
    attack = any(w in sentence.caseless for w in _ATTACK_WORDS) and _ATTACK_NOUN.search(text)
    if not attack and (
        sites
        or not any(w in sentence.caseless for w in _FELL_WEAPON_HINTS)
        or not _WEAPON_FELL.search(text)
    ):
        return None
    hint = years.hint(sentence.index) if years else None
    dates = [
        d
        for d in sentence.dates(published, hint)
        if not d.since
        and not (d.relative and _in_quote(text, d.start))
        and not _said_before(text[: d.start])
        and not _recorded_before(text[: d.start])
        and not _released_before(text[: d.start])
    ]
    if not dates:
        return None
    # With several dates, the attack's is the one told nearest to it (as a trigger's is).
    attacks = [m.span() for m in _ATTACK_NOUN.finditer(text)] or [
        m.span() for m in _WEAPON_FELL.finditer(text)
    ]
    return sites, min(
        dates,
        key=lambda d: min(min(abs(d.start - end), abs(d.end - start)) for start, end in attacks),
    )


def _family(event: str) -> str:
    return "damage" if event in ("destroyed", "damaged") else event


def _rank(event: str) -> int:
    return {"destroyed": 2, "damaged": 1}.get(event, 0)


def topic_site(mentions: list[Mention], gaz: Gazetteer) -> str | None:
    for m in reversed(mentions):
        entry = gaz.sites.get(m.slug)
        if entry and entry.kind in TOPIC_KINDS and not entry.parent:
            return m.slug
    return None
