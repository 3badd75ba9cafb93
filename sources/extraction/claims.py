"""Claim detection: what happened to which site, when, by whom, and who says so.

Rules are about news language in general: trigger verbs and nouns per event type, active and
passive voice, lists, reported speech, negation, hedges and hypotheticals. One sentence can yield
several raw claims; `merge_claims` then folds them into one claim per (site, event, date).
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from dataclasses import dataclass, field

from .actors import ActorMention, ActorState, generic_claimant
from .dates import DateValue, find_dates, intersect, latest_publication_day, since_range
from .gazetteer import TOPIC_KINDS, Gazetteer, Mention
from .sentences import Sentence

EVENT_TYPES = ("destroyed", "damaged", "looted", "military_use", "control_change", "threatened")

# (event type, pattern, form). form: verb (voice decided from context), noun, passive
# (always passive), use ("used X as"), threat.
_TRIGGER_SPECS = [
    (
        "damaged",
        r"(?:partially|partly|half)[ -]destroyed|destroyed (?:a )?(?:part|parts|portions?|"
        r"sections?) of",
        "verb",
    ),
    ("destroyed", r"destroy(?:s|ed|ing)?", "verb"),
    ("destroyed", r"destruction|demolition", "noun"),
    (
        "destroyed",
        r"demolish(?:es|ed|ing)?|raz(?:e|ed|es|ing)|dynamit(?:e|ed|es|ing)|levell?ed|bulldoz(?:e|ed|es|ing)|"
        r"obliterat(?:e|ed|es|ing)|flatten(?:s|ed|ing)?|pulveri[sz](?:e|ed|es|ing)|toppl(?:e|ed|es|ing)",
        "verb",
    ),
    (
        "destroyed",
        r"bl(?:ew|own|ow|ows|owing)\s+(?:(?:it|them|this|that|these|those)\s+)?up",
        "verb",
    ),
    (
        "destroyed",
        r"reduced to (?:rubble|ruins)|left in ruins|lies? in ruins|razed to the ground|wiped "
        r"out|torn down|"
        r"tore down|knocked down",
        "passive",
    ),
    ("damaged", r"damag(?:e|ed|es|ing)", "verb"),
    # "ransacked" is plunder with damage: recorded as damage, so "ransacked and demolished" is
    # one claim.
    (
        "damaged",
        r"shell(?:ed|ing)|bombard(?:ed|ing|ment)|vandali[sz](?:e|ed|es|ing)|defac(?:e|ed|es|ing)|"
        r"smash(?:ed|es|ing)?|ransack(?:s|ed|ing)?|broke down|broken down|break down|"
        r"torch(?:ed|es|ing)|set (?:on )?fire to|set ablaze|burn(?:ed|t|ing)? down|"
        r"(?:was|were|been) (?:hit|struck)",
        "verb",
    ),
    (
        "looted",
        r"loot(?:s|ed|ing)?|plunder(?:s|ed|ing)?|pillag(?:e|ed|es|ing)|stol(?:e|en)|"
        r"smuggl(?:ed|ing)|illegal(?:ly)? excavat\w*|illicit(?:ly)? (?:dig|digging|excavat\w*)",
        "verb",
    ),
    (
        "control_change",
        r"(?:took|taken|take|takes|taking|gained|wrested|assumed|seiz(?:e|ed|es|ing)|"
        r"regain(?:s|ed|ing)?) "
        r"(?:\w+ ){0,2}control|re-?captur(?:e|ed|es|ing)|captur(?:e|ed|es|ing)|seiz(?:e|ed|es|"
        r"ing)|seizure|"
        r"retak(?:e|en|es|ing)|retook|overr(?:an|un|uns|unning)|liberat(?:e|ed|es|ing|ion)|regain(?:s|ed|ing)?|"
        r"fell to|fall of|"
        r"(?:drove|driven|pushed|expelled|ousted) (?:\w+ ){0,3}out of|in (?:\w+ ){0,2}hands|"
        r"(?:full|complete|total) control|(?:has|have|had) (?:now )?taken|(?:was|were|been|"
        r"being) taken|"
        r"seizing back|took back|taken back|won back|wins? back",
        "verb",
    ),
    (
        "military_use",
        r"(?:still )?under (?:\w+ ){0,2}control|stationed (?:in|at|inside)|deployed (?:in|at|"
        r"inside)|"
        r"(?:military|army) (?:base|position|headquarters|barracks|outpost)|"
        r"(?:planted|laid) (?:land ?)?mines|booby[- ]trapped|turned (?:it )?into a (?:base|"
        r"prison|barracks)",
        "verb",
    ),
    ("military_use", r"us(?:e|ed|es|ing)\b", "use"),
    (
        "threatened",
        r"at risk|in danger|under threat|threat(?:en|ens|ened|ening)\b|endanger(?:s|ed|ing)?|"
        r"fears? for|"
        r"(?:responsibility|duty|called?|calls|appeal(?:ed|s)?|urg(?:e|ed|es)) (?:\w+ "
        r"){0,4}?to (?:save|protect|safeguard)",
        "threat",
    ),
]
# Substrings one of which a text must contain for each pattern above to match anywhere in it:
# checked first, so most patterns are skipped for most texts.
_TRIGGER_HINTS = [
    ("destroyed",),
    ("destroy",),
    ("destruction", "demolition"),
    ("demolish", "raz", "dynamit", "level", "bulldoz", "obliterat", "flatten", "pulveri", "toppl"),
    ("blew", "blown", "blow"),
    ("rubble", "ruins", "razed", "wiped", "torn", "tore", "knocked"),
    ("damag",),
    ("shell", "bombard", "vandal", "defac", "smash", "ransack", "down", "torch", "fire", "ablaze",
     "hit", "struck"),
    ("loot", "plunder", "pillag", "stol", "smuggl", "excavat", "dig"),
    ("control", "captur", "seiz", "retak", "retook", "overr", "liberat", "regain", "fell to",
     "fall of", "out of", "hands", "taken", "back"),
    ("under", "stationed", "deployed", "base", "position", "headquarters", "barracks", "outpost",
     "mines", "booby", "into a"),
    ("use", "using"),
    ("risk", "danger", "threat", "endanger", "fear", "save", "protect", "safeguard"),
]  # fmt: skip
assert len(_TRIGGER_HINTS) == len(_TRIGGER_SPECS)

# Matched on the lower-cased sentence without IGNORECASE and without a leading \b (checked by
# hand): Python's engine is several times faster that way, and triggers run on every sentence.
_TRIGGERS = [
    (kind, re.compile(r"(?:" + pattern + r")\b"), form) for kind, pattern, form in _TRIGGER_SPECS
]
_TRIGGERS_CASELESS = [
    (kind, re.compile(r"\b(?:" + pattern + r")\b", re.IGNORECASE), form)
    for kind, pattern, form in _TRIGGER_SPECS
]
_NOUN_FORMS = re.compile(
    r"^(?:destruction|demolition|capture|seizure|liberation|recapture|fall of|looting|damage|"
    r"bombardment|shelling|re-capture)$",
    re.IGNORECASE,
)
_RECAPTURE = re.compile(
    r"re-?captur|retak|retook|liberat|regain|back|drove|driven|pushed|expelled|ousted",
    re.IGNORECASE,
)

_PASSIVE_BEFORE = re.compile(
    r"\b(?:was|were|is|are|been|being|be|get|gets|got)\s+(?:(?:\w+ly|confirmed|reported|also|all|"
    r"almost|completely|totally|largely|partly|partially|now|already|since)\s+)*$",
    re.IGNORECASE,
)
_NEGATION_BEFORE = re.compile(
    r"\b(?:not|n[’']t|never|no longer|yet to|failed to|fail to|without|nor|denied|deny|denies|"
    r"no sign of|hardly|barely)\s+"
    r"(?:\w+\s+){0,3}$",
    re.IGNORECASE,
)
_MODAL_BEFORE = re.compile(
    r"\b(?:will|would|could|might|may|shall|going to|threaten(?:s|ed)? to|vow(?:s|ed)? to|"
    r"pledg(?:e|es|ed) to|"
    r"plan(?:s|ned)? to|intend(?:s|ed)? to|attempt to|try to|trying to|set to|poised to|about "
    r"to|risk of being|"
    r"(?:could|might|may|will|would) (?:\w+ ){0,2}be)\s+(?:\w+\s+){0,3}$",
    re.IGNORECASE,
)
_FEAR = re.compile(
    r"\b(?:fears?|feared|fearing|concerns?|worr(?:y|ies|ied)|warn(?:s|ed|ing)?)\b", re.IGNORECASE
)
_PURPOSE_BEFORE = re.compile(
    r"(?:\b(?:offensive|bid|attempt|push|battle|fight|fighting|campaign|operation|efforts?|drive|plans?|prospect|hopes?|"
    r"aim|aims|aimed|goal|race|quest|seeking|sought|seek|trying|tried|try|help|helped|order|closer|close|nears?|nearing|"
    r"verge|poised|about|ready|want|wants|wanted|hope|hoped|expected|expect|expects|prepare|preparing|prepared|"
    r"threshold|event)\s+(?:to|of|for|on)\s+(?:(?:help|the|its|their)\s+)?$"
    r"|\bto\s+(?:help\s+|further\s+|fully\s+)?$|\b(?:if|unless|once|until|whether)\s+(?:\w+\s+){0,5}$)",
    re.IGNORECASE,
)
_STATEMENT_DATE = re.compile(
    r"\b(?:said|says|announced|reported|stated|confirmed|told\s+(?:[\w.-]+\s+){1,3}|added|warned|"
    r"(?:said|told)\s+(?:[\w.-]+\s+){0,3}in a statement)\s*$",
    re.IGNORECASE,
)
_MODAL_LATER = re.compile(r"\b(?:would|could|might|will|may)\b", re.IGNORECASE)
_CLAUSE_BOUNDARY = re.compile(
    r",\s+(?:which|who|whose|where|although|though|while|as|after|before|leading|sparking|drawing|provoking|when|but|"
    r"and\s+(?:the|a|it|they|he|she)\b)|;\s|\s(?:although|though|but|whereas|since)\s|\s(?:which|that|who)\s+(?!is\b)",
    re.IGNORECASE,
)
_OBJECT_BOUNDARY = re.compile(
    r",\s+(?:which|who|whose|where|although|though|while|as|after|before|when|but|according|said|says|say|told|"
    r"(?!including)\w+ing\b|(?-i:[A-Z]))|;\s|\s(?:which|that|who|where|although|but|while|after|before|since|because|"
    r"(?<!well )as(?! well as)|when|to|from|into|for|in order)\s",
    re.IGNORECASE,
)
_NEAR_BEFORE = re.compile(
    r"\b(?:near|outside|around|close to|next to|beyond|towards|toward|overlooking|"
    r"from)\s+(?:the\s+)?(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
_INCLUDING = re.compile(r",?\s+(?:including|such as|notably|among them)\s", re.IGNORECASE)
_PRONOUN_OBJECT = re.compile(
    r"^\s*(?:it|them|this|these|those|the structures?|the buildings?|the monuments?|the remains)\b",
    re.IGNORECASE,
)
_HERITAGE_PLURAL = re.compile(
    r"\b(?:temples|tombs|relics|artifacts|artefacts|ruins|monuments|antiquities|statues|structures|columns|colonnades|"
    r"(?:archaeological|ancient|heritage|historic|historical|pre-islamic|world heritage) sites|"
    r"treasures|mosaics|shrines|"
    r"churches|mosques|heritage)\b",
    re.IGNORECASE,
)
_FOREIGN_PLACE = re.compile(
    r"\b(?:in|across|near|of|throughout)\s+(?:the\s+)?(?:\w+\s+){0,3}(?P<place>[A-Z][\w’'-]+)"
)
_SPEECH = re.compile(
    r"\b(?P<verb>said|says|say|saying|told|tells|tell|added|adds|stated|states|reported|reports|claimed|claims|claim|"
    r"confirmed|confirms|announced|announces|warned|warns|noted|explained|insisted|alleged|alleges|described|describes|"
    r"called|condemned|showed|shows|aired|broadcast|published|released|posted|issued|put out|"
    r"believes|estimated|"
    r"estimates|went on|wrote|tweeted|quoted|cited|citing)\b",
    re.IGNORECASE,
)
_ACCORDING = re.compile(r"\baccording to\s+(?P<np>[^,;.“”\"]{2,120})", re.IGNORECASE)
_CITING = re.compile(
    r"\b(?:citing|cited|quoting|quoted)\s+(?P<np>[^,;.“”\"]{2,100})", re.IGNORECASE
)
_PRONOUN_SPEAKER = re.compile(
    r"\b(?:he|she|the official|the spokesman|the spokeswoman|the minister|the governor|"
    r"the director|the chief|the activist|the archaeologist)\s*$",
    re.IGNORECASE,
)
_IMAGERY = re.compile(
    r"\b(?:satellite (?:images?|imagery|photos?|photographs?|pictures?|data)|aerial (?:images?|"
    r"imagery|photos?|survey)|"
    r"UNOSAT|UNITAR|on-site (?:inspection|assessment|visit|survey)|(?:inspected|surveyed|"
    r"assessed) the (?:site|damage)|"
    r"(?:experts|archaeologists|inspectors|a team|our team|specialists|engineers)"
    r"(?: from [\w .-]{1,40}?)? (?:who )?(?:visited|inspected|assessed|surveyed)|"
    r"field (?:assessment|mission|survey)|site visit)\b",
    re.IGNORECASE,
)
_EVENT_ANAPHOR = re.compile(
    r"\b(?:it|this|that|the (?:attack|blast|explosion|destruction|demolition|"
    r"looting))\s+(?:had\s+|has\s+)?"
    r"(?:happened|took place|occurred|was carried out)|\b(?:had|have|has)\s+done (?:it|so)\b|"
    r"\bdid (?:it|so)\b",
    re.IGNORECASE,
)
_ANAPHORIC_NOMINAL = re.compile(
    r"\b(?:the|their|its|this|that)\s+(?:\w+\s+)?(?:destruction|demolition|damage|looting)\b(?!\s+(?:of|to)\b)",
    re.IGNORECASE,
)
_SEVERE = re.compile(
    r"\b(?:severe(?:ly)?|bad(?:ly)?|heav(?:y|ily)|extensive(?:ly)?|much damage|major damage|"
    r"serious(?:ly)?|"
    r"significant(?:ly)?|partially destroyed|partly destroyed|part of)\b",
    re.IGNORECASE,
)
_MINOR = re.compile(r"\b(?:slight(?:ly)?|minor|light(?:ly)?|superficial(?:ly)?)\b", re.IGNORECASE)
_MODERATE = re.compile(r"\bmoderate(?:ly)?\b", re.IGNORECASE)
_CAUSES = [
    (
        "explosives",
        re.compile(
            r"\b(?:blow|blew|blown|blowing|explosi\w+|dynamit\w*|bomb(?:s|ed|ing)?|IEDs?|detonat\w+|booby)",
            re.I,
        ),
    ),
    (
        "heavy_weapons",
        re.compile(
            r"\b(?:shell\w*|artillery|mortars?|air ?strikes?|airstrikes?|rockets?|missiles?|"
            r"barrel bombs?|tank fire|bombard\w*)",
            re.I,
        ),
    ),
    (
        "demolition",
        re.compile(
            r"\b(?:bulldoz\w+|demoli\w+|sledgehammers?|jackhammers?|raz(?:e|ed|ing))\b", re.I
        ),
    ),
    ("fire", re.compile(r"\b(?:fire|burn\w*|torch\w*|ablaze|arson)\b", re.I)),
    ("small_arms", re.compile(r"\b(?:gunfire|bullets?|small arms|machine ?guns?)\b", re.I)),
]


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


@dataclass
class Claim:
    site: str
    event_type: str
    earliest: dt.date | None
    latest: dt.date | None
    precision: str  # day, month, year, range, unknown
    stated_date_text: str
    date_inferred: bool
    claimants: list[str]
    claimant_texts: list[str]
    evidence: list[Sentence]
    evidence_claimants: list[list[str]]
    evidence_dates: list[str]
    perpetrator: str | None
    extent: str | None
    cause: str | None
    confirmed: bool
    contested: list[str]  # human-readable disagreements inside the article
    approximate: bool = False  # "one month ago", or a range inferred from the article


# --- per sentence -----------------------------------------------------------------------------


def _clause_bounds(text: str, pos: int) -> tuple[int, int]:
    """The clause around `pos`; a closed relative clause (", who seized Mosul in 2014,") before
    `pos` is left out, so its date does not date the main verb."""
    start, end = 0, len(text)
    last = None
    for m in _CLAUSE_BOUNDARY.finditer(text):
        if m.end() <= pos:
            start, last = m.start() + 1, m
        elif m.start() >= pos:
            end = m.start()
            break
    if last is not None and re.match(
        r",\s+(?:which|who|whose|where)\b", last.group(), re.IGNORECASE
    ):
        comma = text.rfind(",", last.end(), pos)
        if comma != -1:
            start = comma + 1
    return start, end


def find_triggers(text: str) -> list[tuple[str, int, int, str]]:
    """(event type, start, end, form) for every trigger word in a sentence, no overlaps; an
    earlier (more specific) pattern wins over a later one."""
    lowered = text.lower()
    caseless = len(lowered) != len(text)  # lower() moved offsets (rare letters): slow path
    found: list[tuple[str, int, int, str]] = []
    patterns = _TRIGGERS_CASELESS if caseless else _TRIGGERS
    for (kind, pattern, form), hints in zip(patterns, _TRIGGER_HINTS, strict=True):
        if not any(h in lowered for h in hints):
            continue
        for m in pattern.finditer(text if caseless else lowered):
            start, end = m.span()
            if (
                start
                and lowered[start - 1].isalnum()
                or any(start < e and s < end for _, s, e, _ in found)
            ):
                continue
            found.append((kind, start, end, form))
    found.sort(key=lambda t: t[1])
    return found


_WORD_START = re.compile(r"\b\w")
# How many words before a hint a trigger can start ("called on the world to save" is six).
_HINT_REACH = 7


def _hinted_matches(
    lowered: str, word_starts: list[int], pattern: re.Pattern, hints: tuple[str, ...]
) -> list[tuple[int, int]]:
    """The matches `pattern.finditer` would give at word starts, found by trying the pattern
    only at the few words at or before an occurrence of one of its hints: a scan with many
    alternatives costs far more than a substring search, and most words are no trigger."""
    candidates: set[int] = set()
    for hint in hints:
        at = lowered.find(hint)
        while at != -1:
            i = bisect_right(word_starts, at) - 1
            candidates.update(word_starts[max(0, i - _HINT_REACH) : i + 1])
            at = lowered.find(hint, at + 1)
    matches: list[tuple[int, int]] = []
    last_end = -1
    for position in sorted(candidates):
        if position < last_end or (position and lowered[position - 1].isalnum()):
            continue
        m = pattern.match(lowered, position)
        if m:
            matches.append(m.span())
            last_end = m.end()
    return matches


def triggers_by_sentence(
    text: str, sentences: list[Sentence]
) -> list[list[tuple[str, int, int, str]]]:
    """find_triggers for every sentence of an article, scanning the whole text once per pattern
    (the same matches, far fewer calls). Offsets are relative to each sentence."""
    lowered = text.lower()
    if len(lowered) != len(text):
        return [find_triggers(s.text) for s in sentences]
    starts = [s.start for s in sentences]
    word_starts = [m.start() for m in _WORD_START.finditer(lowered)]
    out: list[list[tuple[str, int, int, str]]] = [[] for _ in sentences]
    for (kind, pattern, form), hints in zip(_TRIGGERS, _TRIGGER_HINTS, strict=True):
        for start, end in _hinted_matches(lowered, word_starts, pattern, hints):
            i = bisect_right(starts, start) - 1
            if i < 0 or end > sentences[i].end:
                continue
            found = out[i]
            base = sentences[i].start
            s0, e0 = start - base, end - base
            if any(s0 < e and s < e0 for _, s, e, _ in found):
                continue
            found.append((kind, s0, e0, form))
    for found in out:
        found.sort(key=lambda t: t[1])
    return out


_ANAPHOR_HINTS = ("happened", "took place", "occurred", "carried out", "done", "did ")
_IMAGERY_HINTS = ("satellite", "aerial", "unosat", "unitar", "on-site", "inspect", "survey",
                  "assess",
                  "field", "site visit", "visited")  # fmt: skip


_CONTRAST = re.compile(r"\b(?:although|though|but|while|whereas|however)\b", re.IGNORECASE)


def _contrast_start(text: str, pos: int) -> int:
    """Start of the stretch before `pos` not cut off by "although", "but"...: "Experts who
    visited the site confirmed that X was damaged" keeps its cue; "X was hit, but footage
    showed ..." does not lend one."""
    start = 0
    for m in _CONTRAST.finditer(text, 0, pos):
        start = m.end()
    return start


def _has_event_anaphor(text: str) -> bool:
    lowered = text.lower()
    return any(h in lowered for h in _ANAPHOR_HINTS) and bool(_EVENT_ANAPHOR.search(text))


def _has_imagery(text: str) -> bool:
    lowered = text.lower()
    return any(h in lowered for h in _IMAGERY_HINTS) and bool(_IMAGERY.search(text))


def _is_nominal(text: str, start: int, end: int) -> bool:
    word = text[start:end]
    if not _NOUN_FORMS.match(word):
        return False
    before = text[max(0, start - 20) : start].lower()
    after = text[end : end + 5].lower()
    return bool(
        re.search(
            r"(?:\bthe|\bits|\btheir|\bhis|\bher|\bof|\ba|\ban|[’']s|\bthis|\bthat|\bmuch|\bno)\s+(?:\w+\s+){0,2}$",
            before,
        )
    ) or after.startswith((" of", " to"))


def _status(text: str, kind: str, start: int, end: int, form: str, nominal: bool) -> str | None:
    """'claim', 'threat' (a feared future act) or None (negated, hypothetical, a purpose)."""
    before = text[max(0, start - 60) : start]
    if text.rstrip().endswith("?"):
        return None
    if _NEGATION_BEFORE.search(before):
        return None
    if form == "threat":
        return "threat"
    damage_family = kind in ("destroyed", "damaged", "looted")
    modal = _MODAL_BEFORE.search(before)
    if damage_family and (modal or _FEAR.search(text[:start])):
        return "threat"
    purpose = _PURPOSE_BEFORE.search(before)
    if purpose and re.search(
        r"\bus(?:e|ed|es|ing)\s+(?:[\w’'-]+\s+){0,5}to\s+$", before, re.IGNORECASE
    ):
        purpose = None  # "used pickaxes to smash the mausoleum": they did smash it
    if modal or purpose:
        if damage_family and re.search(
            r"\b(?:threat|vow|pledg|plan|intend|fear)", before, re.IGNORECASE
        ):
            return "threat"
        return None
    # "The recapture of X would ...", "Retaking X could ...": a hypothetical, not an event.
    nominal_subject = nominal or (start < 3 and re.match(r"[A-Z]\w*ing\b", text[start:]))
    if nominal_subject and (
        _MODAL_LATER.search(text, end)
        or re.search(r"\bprospect of\s+(?:\w+[’']s\s+)?$", before, re.IGNORECASE)
    ):
        return None
    if re.search(
        r"\b(?:in the event of|the prospect of|prospects? for|hopes? (?:of|"
        r"for))\s+(?:\w+[’']?s?\s+){0,2}$",
        before,
        re.IGNORECASE,
    ):
        return None
    return "claim"


def _is_passive(text: str, start: int, end: int, form: str, nominal: bool) -> bool:
    """ "was destroyed", "has been blown up", "seized by ISIS", "left in ruins"."""
    if form == "passive":
        return True
    if nominal:
        return False
    return (
        bool(_PASSIVE_BEFORE.search(text[max(0, start - 40) : start]))
        or text[end : end + 4] == " by "
    )


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


def _usable(mentions: list[Mention]) -> list[Mention]:
    return [m for m in mentions if not m.locative]


def _coordinated(
    all_mentions: list[Mention], chosen: Mention, text: str, base: int
) -> list[Mention]:
    """`chosen` and the mentions listed with it: "two temples, an arch and funerary towers"."""
    group = [chosen]
    ordered = sorted(all_mentions, key=lambda m: m.start)
    i = ordered.index(chosen)
    for step in (-1, 1):
        j, current = i + step, chosen
        while 0 <= j < len(ordered):
            other = ordered[j]
            a, b = (other, current) if step < 0 else (current, other)
            between = text[a.end - base : b.start - base]
            if other.locative or not re.fullmatch(
                r"\s*(?:,|,?\s*and|,?\s*or|,?\s*as well as)\s+(?:the\s+|an?\s+)?", between
            ):
                break
            group.append(other)
            current = other
            j += step
    return group


def _targets(
    text: str,
    base: int,
    mentions: list[Mention],
    start: int,
    end: int,
    form: str,
    nominal: bool,
    next_trigger: int,
    gaz: Gazetteer,
    state_top: str | None,
) -> list[Mention]:
    usable = _usable(mentions)
    before = [m for m in usable if m.end - base <= start]
    after = [m for m in usable if m.start - base >= end]
    pre = text[max(0, start - 40) : start]
    passive = _is_passive(text, start, end, form, nominal)
    if nominal:
        window = text[end : end + 60]
        for m in after:
            if (
                m.start - base - end <= 45
                and re.match(r"\s+(?:of|to|at|in|on)\s", text[end : m.start - base] + " ")
                and m.start - base < next_trigger
            ):
                return _coordinated(mentions, m, text, base)
        owner = [
            m
            for m in mentions
            if m.end - base <= start
            and re.fullmatch(r"[’']s?\s+(?:\w+\s+){0,2}", text[m.end - base : start])
        ]
        if owner:
            return [owner[-1]]
        del window
        return []
    if form == "use":
        for m in after:
            gap = text[end : m.start - base]
            if (
                len(gap) <= 30
                and re.fullmatch(r"\s+(?:the\s+|its\s+|an?\s+)?(?:[\w’'-]+\s+){0,3}", gap)
                and re.match(r"\s+(?:as|to|for)\b", text[m.end - base :])
            ):
                return [m]
        return []
    if passive:
        cstart, _ = _clause_bounds(text, start)
        near = [m for m in before if m.start - base >= cstart - 60] or before
        if near:
            return _coordinated(mentions, near[-1], text, base)
        for m in after:
            if re.fullmatch(
                r"\s+(?:by\s+\w+(?:\s+\w+)?\s+)?(?:at|in|from|inside|near)\s+(?:the\s+)?(?:\w+\s+){0,2}",
                text[end : m.start - base],
            ):
                return [m]
        return []
    # Active voice: the object region after the verb, up to a clause boundary or the next trigger.
    region_end = min(next_trigger, len(text))
    boundary = _OBJECT_BOUNDARY.search(text, end)
    if boundary and boundary.start() < region_end:
        region_end = boundary.start()
    objects = [
        m
        for m in after
        if m.start - base < region_end and not _NEAR_BEFORE.search(text[: m.start - base])
    ]
    inc = _INCLUDING.search(text, region_end)
    if inc and inc.start() < next_trigger:
        stop = _OBJECT_BOUNDARY.search(text, inc.end())
        limit = min(stop.start() if stop else len(text), next_trigger)
        objects += [m for m in after if inc.end() <= m.start - base < limit]
    if objects:
        group = []
        for m in objects:
            group.extend(x for x in _coordinated(mentions, m, text, base) if x not in group)
        return group
    region = text[end:region_end]
    if _PRONOUN_OBJECT.match(region) or re.search(r"\b(?:which|that)\s+(?:\w+\s+){0,4}$", pre):
        return [before[-1]] if before else []
    plural = _HERITAGE_PLURAL.search(text[end : min(next_trigger, end + 80)])
    if (
        plural
        and not _foreign(text[end:], mentions, base, gaz)
        and not re.match(
            r"\s+(?:near|outside|around|close to|next to|beyond)\b", text[end + plural.end() :]
        )
    ):
        if before:
            return [before[-1]]
        return [Mention(state_top, -1, -1, "", "topic")] if state_top else []
    return []


def _foreign(text: str, mentions: list[Mention], base: int, gaz: Gazetteer) -> bool:
    """A capitalized place other than a known site in the phrase: "sites in neighbouring Iraq"."""
    for m in _FOREIGN_PLACE.finditer(text[:80]):
        place = m.group("place")
        if place.lower() in ("the", "a") or any(place in x.text for x in mentions):
            continue
        return True
    return False


def _claimants(
    text: str, base: int, actors: list[ActorMention], astate: ActorState, idx: int
) -> tuple[list[ActorMention], list[str]]:
    """Who makes the claims of a sentence: speech verbs, "according to", "citing", inversions,
    pronouns."""
    found: list[ActorMention] = []
    texts: list[str] = []

    def take(a: ActorMention) -> None:
        if all(a.name != f.name for f in found):
            found.append(a)

    def actors_in(lo: int, hi: int) -> list[ActorMention]:
        return [a for a in actors if lo <= a.start - base and a.end - base <= hi]

    for m in _ACCORDING.finditer(text):
        inside = actors_in(m.start("np"), m.end("np"))
        for a in inside:
            take(a)
        if not inside and (g := generic_claimant(m.group("np"))):
            texts.append(g)
    for m in _CITING.finditer(text):
        for a in actors_in(m.start("np"), m.end("np")):
            take(a)
        if g := generic_claimant(m.group("np")):
            texts.append(g)
    for m in _SPEECH.finditer(text):
        verb = m.group("verb").lower()
        if verb in ("citing", "cited", "quoted") and not re.search(
            r"\bwas quoted|\bwere quoted", text[max(0, m.start() - 8) : m.end()]
        ):
            continue
        head = text[: m.start()]
        # Inversion: "..., say state media and a monitoring group."
        tail = text[m.end() :]
        if re.match(r"\s+(?!that\b)[^,;“”\"]{2,70}[.!]?[”\"]?$", tail) and re.search(
            r"[,”\"]\s*$", head
        ):
            inverted = actors_in(m.end(), len(text))
            for a in inverted:
                take(a)
            if not inverted and (g := generic_claimant(tail)):
                texts.append(g)
            continue
        cut = max(head.rfind("”"), head.rfind('"'), head.rfind("“"), head.rfind(";"))
        for word in (" that ", " after ", " while "):
            cut = max(cut, head.rfind(word))
        window_start = cut + 1
        chunks = list(re.finditer(r"[^,]+", head[window_start:]))
        subject: list[ActorMention] = []
        for chunk in reversed(chunks[-3:]):
            lo, hi = window_start + chunk.start(), window_start + chunk.end()
            named = actors_in(lo, hi)
            chunk_text = chunk.group()
            pron = _PRONOUN_SPEAKER.search(chunk_text.strip() + " ")
            if named:
                subject = [
                    a
                    for a in named
                    if a.kind not in ("armed_group",)
                    or verb
                    in (
                        "claimed",
                        "claims",
                        "claim",
                        "said",
                        "says",
                        "published",
                        "released",
                        "posted",
                        "issued",
                        "put out",
                        "showed",
                    )
                ]
                break
            if (
                re.search(
                    r"\b(?:he|she)\b\s*(?:has |had |also |was |later |then )?$",
                    chunk_text,
                    re.IGNORECASE,
                )
                or pron
            ):
                if astate.last_person and idx - astate.last_person[0] <= 10:
                    name = astate.last_person[1]
                    subject = [
                        ActorMention(name, "person", base + lo, base + hi, chunk_text.strip())
                    ]
                break
            if re.search(r"\bit\s*$", chunk_text) and actors_in(0, lo):
                subject = [actors_in(0, lo)[-1]]
                break
            if g := generic_claimant(chunk_text):
                texts.append(g)
                break
        for a in subject:
            take(a)
    if _has_imagery(text):
        texts.append(
            "satellite imagery" if re.search(r"satellite", text, re.I) else "on-site inspection"
        )
    return found, texts


def _perpetrator(
    text: str,
    base: int,
    actors: list[ActorMention],
    start: int,
    end: int,
    passive: bool,
    astate: ActorState,
) -> str | None:
    parties = [a for a in actors if a.kind in ("armed_group", "military")]
    if passive:
        for a in parties:
            if 0 <= a.start - base - end <= 40 and re.search(
                r"\bby\s", text[end : a.start - base + 1]
            ):
                return a.name
        by = re.match(
            r"\s+by\s+(?:the\s+|an?\s+)?((?:[\w’'-]+\s+){0,3}?(?:militants|rebels|fighters|forces|troops|"
            r"soldiers|army|militia|militias|group|groups|jihadists|extremists|Islamists|insurgents|gunmen|"
            r"looters|police|aircraft|jets|warplanes))\b",
            text[end:],
        )
        if by:
            return by.group(1)
    cstart, _ = _clause_bounds(text, start)
    before = [
        a
        for a in parties
        if a.end - base <= start
        and a.start - base >= cstart - 80
        and not re.search(
            r"\b(?:from|against|with|of|on|at|in|by|to|near)\s+(?:the\s+)?(?:\w+\s+){0,2}$",
            text[: a.start - base],
        )
    ]
    if before:
        return before[0].name
    if re.search(
        r"\b(?:it|they|the group|the militants|the jihadists|the terrorists)\b",
        text[max(0, start - 40) : start],
        re.I,
    ):
        return astate.last_armed
    return None


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
) -> list[RawClaim]:
    """Raw claims of one sentence (one per site and event type); `triggers` may come from
    `triggers_by_sentence`."""
    text, base = sentence.text, sentence.start
    triggers = find_triggers(text) if triggers is None else triggers
    if not triggers and not (previous and _has_event_anaphor(text)):
        return []
    context: dict = {}

    def lazy_dates() -> list[DateValue]:
        # "today" or "on Friday" inside a quotation is the speaker's day, not the article's;
        # "said on Thursday" dates the statement, not the event.
        if "dates" not in context:
            context["dates"], context["said_on"] = [], []
            for d in find_dates(text, published):
                if d.relative and _in_quote(text, d.start):
                    continue
                if _STATEMENT_DATE.search(text[: d.start]):
                    context["said_on"].append(d.latest)
                else:
                    context["dates"].append(d)
        return context["dates"]

    def lazy_claimants() -> tuple[list[ActorMention], list[str]]:
        if "claimants" not in context:
            context["claimants"] = _claimants(text, base, actors, astate, sentence.index)
        return context["claimants"]

    out: dict[tuple[str, str], RawClaim] = {}
    for n, (kind, start, end, form) in enumerate(triggers):
        nominal = form == "noun" or _is_nominal(text, start, end)
        status = _status(text, kind, start, end, form, nominal)
        if status is None:
            continue
        event = "threatened" if status == "threat" else kind
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
        )
        if not targets:
            if (
                nominal
                and _ANAPHORIC_NOMINAL.search(text[max(0, start - 25) : end + 1])
                and previous
            ):
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
        date = (
            min(in_clause, key=lambda d: min(abs(d.start - end), abs(d.end - start)))
            if in_clause
            else None
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
            key = (target.slug, _family(event))
            if key in out:
                existing = out[key]
                if _rank(event) > _rank(existing.event_type):
                    existing.event_type, existing.extent = event, extent
                continue
            raw = RawClaim(
                site=target.slug,
                event_type=event,
                sentence=sentence.index,
                trigger=trigger_text,
                date=date or since,
                claimants=list(claimants),
                claimant_texts=list(claimant_texts),
                perpetrator=_perpetrator(text, base, actors, start, end, passive, astate),
                extent=extent,
                cause=cause,
                confirmed=_has_imagery(text[_contrast_start(text, start) : cend]),
                said_on=min(context["said_on"], default=None),
                undated_since=date is None
                and bool(
                    since
                    or re.search(
                        r"\b(?:ever since|since (?:then|capturing|seizing|taking))\b", text, re.I
                    )
                ),
            )
            if event == "control_change":
                raw.party = raw.perpetrator
                if _RECAPTURE.search(trigger_text) and raw.party is None:
                    raw.party = "(recapture)"
            out[key] = raw
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
    return list(out.values())


def _family(event: str) -> str:
    return "damage" if event in ("destroyed", "damaged") else event


def _rank(event: str) -> int:
    return {"destroyed": 2, "damaged": 1}.get(event, 0)


def _extent_cause(event: str, text: str, start: int, end: int) -> tuple[str | None, str | None]:
    window = text[max(0, start - 60) : end + 80]
    extent = None
    if event == "destroyed":
        extent = "destroyed"
    elif event == "damaged":
        extent = (
            "severe"
            if _SEVERE.search(window)
            else "minor"
            if _MINOR.search(window)
            else "moderate"
            if _MODERATE.search(window)
            else "unknown"
        )
    cause = None
    if event == "looted":
        cause = "looting"
    elif event == "military_use":
        cause = "military_occupation"
    elif event in ("destroyed", "damaged"):
        for name, pattern in _CAUSES:
            if pattern.search(window):
                cause = name
                break
    return extent, cause


# --- merging within one article -----------------------------------------------------------------


def merge_claims(
    raws: list[RawClaim], sentences: list[Sentence], gaz: Gazetteer, published: dt.date | None
) -> list[Claim]:
    """One claim per (site, event, compatible date); undated accounts join the matching dated
    one."""
    groups: dict[tuple[str, str], list[RawClaim]] = {}
    for raw in raws:
        groups.setdefault((raw.site, _family(raw.event_type)), []).append(raw)
    anchors = _anchors(raws, gaz)
    claims: list[Claim] = []
    for (site, family), items in groups.items():
        clusters: list[list[RawClaim]] = []
        dated = [r for r in items if r.date and not r.anaphoric_date]
        undated = [r for r in items if not r.date and not r.anaphoric_date]
        anaphoric = [r for r in items if r.anaphoric_date]
        for raw in sorted(dated, key=lambda r: (r.date.latest - r.date.earliest).days):
            for cluster in clusters:
                if _compatible(cluster, raw):
                    cluster.append(raw)
                    break
            else:
                clusters.append([raw])
        for raw in undated:
            same_party = [c for c in clusters if raw.party and any(r.party == raw.party for r in c)]
            if same_party:
                same_party[0].append(raw)
            elif raw.party is None and clusters:
                max(
                    clusters,
                    key=lambda c: max((r.date.latest for r in c if r.date), default=dt.date.min),
                ).append(raw)
            elif (
                raw.party
                and clusters
                and all(all(r.party is None for r in c) for c in clusters)
                and family != "control_change"
            ):
                clusters[0].append(raw)
            else:
                home = [
                    c
                    for c in clusters
                    if all(r.date is None for r in c) and any(r.party == raw.party for r in c)
                ]
                if home:
                    home[0].append(raw)
                else:
                    clusters.append([raw])
        for raw in anaphoric:
            if clusters:
                clusters[0].append(raw)
            else:
                clusters.append([raw])
        for cluster in clusters:
            claims.append(_build(site, family, cluster, sentences, gaz, published, anchors))
    claims.sort(key=lambda c: c.evidence[0].start)
    return claims


def _compatible(cluster: list[RawClaim], raw: RawClaim) -> bool:
    parties = {r.party for r in cluster if r.party}
    if raw.party and parties and raw.party not in parties:
        return False
    return all(r.date is None or r.date.overlaps(raw.date, 3) for r in cluster)


def _anchors(raws: list[RawClaim], gaz: Gazetteer) -> dict[str, dt.date]:
    """Earliest dated change of control per site: damage reported later happened after it."""
    out: dict[str, tuple[bool, dt.date]] = {}
    for raw in raws:
        if (
            raw.event_type == "control_change"
            and raw.date
            and not raw.anaphoric_date
            and raw.date.precision != "range"
        ):
            key = (
                raw.date.precision == "year",
                raw.date.earliest,
            )  # a day or a month beats a whole year
            if raw.site not in out or key < out[raw.site]:
                out[raw.site] = key
    return {site: key[1] for site, key in out.items()}


def _build(
    site, family, cluster: list[RawClaim], sentences, gaz: Gazetteer, published, anchors
) -> Claim:
    cluster.sort(key=lambda r: r.sentence)
    event = (
        max((r.event_type for r in cluster), key=_rank)
        if family == "damage"
        else cluster[0].event_type
    )
    main_dates = [r.date for r in cluster if r.date and not r.anaphoric_date]
    contested: list[str] = []
    date = intersect(main_dates) if main_dates else None
    if main_dates and date is None:
        first = min(main_dates, key=lambda d: (d.latest - d.earliest).days)
        contested.append("dates disagree: " + "; ".join(sorted({d.text for d in main_dates})))
        date = first
    for raw in cluster:
        if raw.anaphoric_date and raw.date and (date is None or not raw.date.overlaps(date, 3)):
            who = ", ".join(a.name for a in raw.claimants) or "another account"
            contested.append(
                f"{who} dates it '{raw.date.text}'" + (f", not '{date.text}'" if date else "")
            )
    inferred = False
    published = latest_publication_day(published)
    if date is not None:
        earliest, latest, precision, stated = date.earliest, date.latest, date.precision, date.text
    else:
        anchor = None
        for candidate in [site, *gaz.ancestors(site)] if site in gaz.sites else [site]:
            if candidate in anchors and (published is None or anchors[candidate] <= published):
                anchor = anchors[candidate]
                break
        if event == "control_change" and anchor and published and cluster[0].party is None:
            anchor = None  # an undated change of control, with nothing to place it after
        said_on = [r.said_on for r in cluster if r.said_on]
        latest = min(said_on) if said_on else published
        if anchor and latest and anchor > latest:
            anchor = None
        earliest, stated = anchor, ""
        precision = "range" if anchor else "unknown"
        inferred = anchor is not None
    names: list[str] = []
    texts: list[str] = []
    evidence: list[Sentence] = []
    evidence_claimants: list[list[str]] = []
    evidence_dates: list[str] = []
    seen = set()
    for raw in cluster:
        for a in raw.claimants:
            if a.name not in names:
                names.append(a.name)
            if a.text not in texts:
                texts.append(a.text)
        for t in raw.claimant_texts:
            if t not in names:
                names.append(t)
            if t not in texts:
                texts.append(t)
        if raw.sentence not in seen:
            seen.add(raw.sentence)
            evidence.append(sentences[raw.sentence])
            evidence_claimants.append([a.name for a in raw.claimants] + raw.claimant_texts)
            evidence_dates.append(raw.date.text if raw.date else "")
    perpetrators = [r.perpetrator for r in cluster if r.perpetrator]
    if family == "control_change":
        parties = [r.party for r in cluster if r.party and not r.party.startswith("(")]
        perpetrators = parties or perpetrators
    extents = [r.extent for r in cluster if r.extent and r.extent != "unknown"]
    causes = [r.cause for r in cluster if r.cause]
    return Claim(
        site=site,
        event_type=event,
        earliest=earliest,
        latest=latest,
        precision=precision,
        stated_date_text=stated,
        date_inferred=inferred,
        claimants=names,
        claimant_texts=texts,
        evidence=evidence,
        evidence_claimants=evidence_claimants,
        evidence_dates=evidence_dates,
        # The most often named; a tie goes to the first named (never to set order, which
        # changes from run to run with string hashing).
        perpetrator=max(perpetrators, key=perpetrators.count) if perpetrators else None,
        extent=(extents[0] if extents else ("unknown" if family == "damage" else None)),
        cause=max(causes, key=causes.count) if causes else None,
        confirmed=any(r.confirmed for r in cluster),
        contested=contested,
        approximate=inferred or bool(date and date.approximate),
    )


def topic_site(mentions: list[Mention], gaz: Gazetteer) -> str | None:
    for m in reversed(mentions):
        entry = gaz.sites.get(m.slug)
        if entry and entry.kind in TOPIC_KINDS and not entry.parent:
            return m.slug
    return None
