"""Events: which words say what happened (lexicon.TRIGGERS), whether the sentence asserts it
(negation, denial, hedges, threats, purposes, hypotheticals), to which site (voice, objects,
lists, pronouns), how badly and by what cause.

Rules are about news language in general; the words themselves live in lexicon.py.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from .gazetteer import TOPIC_KINDS, Gazetteer, Mention
from .lexicon import EVENT_TYPES, TRIGGERS
from .sentences import Sentence
from .text import WordPattern, alternation

__all__ = ["EVENT_TYPES", "find_triggers", "triggers_by_sentence"]

# Matched on the lower-cased sentence without IGNORECASE and without a leading \b (checked by
# hand): Python's engine is several times faster that way, and triggers run on every sentence.
_TRIGGERS = [
    (kind, re.compile(r"(?:" + pattern + r")\b"), form) for kind, pattern, form, _ in TRIGGERS
]


_TRIGGER_HINTS = [hints for *_, hints in TRIGGERS]
# Every hint of every trigger, found in one scan of an article: the regex finds the longest
# hint at each place one starts, and the hints that begin it start there too.
_ALL_HINTS = sorted({hint for hints in _TRIGGER_HINTS for hint in hints})
_HINT_RE = re.compile(alternation(_ALL_HINTS))
_HINTS_BEGINNING = {hint: [h for h in _ALL_HINTS if hint.startswith(h)] for hint in _ALL_HINTS}
_TRIGGERS_CASELESS = [
    (kind, re.compile(r"\b(?:" + pattern + r")\b", re.IGNORECASE), form)
    for kind, pattern, form, _ in TRIGGERS
]


_NOUN_FORMS = re.compile(
    r"^(?:destruction|demolition|capture|seizure|liberation|recapture|fall of|looting|damage|"
    r"bombardment|shelling|re-capture|strikes?|airstrikes?|attacks?|raids?|bombing)$",
    re.IGNORECASE,
)


_RECAPTURE = re.compile(
    r"re-?captur|retak|retook|liberat|regain|back|drove|driven|pushed|expelled|ousted",
    re.IGNORECASE,
)


_HEDGED_PARTICIPLE = re.compile(
    r",\s+(?:apparently|presumably|probably|reportedly|possibly|allegedly|likely)\s+$",
    re.IGNORECASE,
)
_PASSIVE_BEFORE = re.compile(
    # "(?-i:is)": the verb, never "IS" (Islamic State) before its own verb ("IS seized X").
    r"\b(?:was|were|(?-i:is|Is)|are|been|being|be|get|gets|got)\s+(?:(?:\w+ly|confirmed|reported|also|all|"
    r"almost|completely|totally|largely|partly|partially|now|already|since)\s+)*$",
    re.IGNORECASE,
)

# "was partly destroyed and also looted": a participle coordinated with a passive one is passive.
_ADVERBS = (
    r"(?:\w+ly|also|then|later|subsequently|again|almost|completely|totally|largely|partly|"
    r"partially)"
)
_PASSIVE_COORD_BEFORE = re.compile(
    r"\b(?:was|were|(?-i:is|Is)|are|been|being|be)\s+(?:" + _ADVERBS + r"\s+)*"
    r"[a-z]+(?:ed|en|t)(?:\s+(?:up|down|out))?\s*,?\s+(?:and|or)\s+(?:" + _ADVERBS + r"\s+)*$",
    re.IGNORECASE,
)


_NEGATION_BEFORE = WordPattern(
    r"(?:not|n[’']t|never|no longer|yet to|failed to|fail to|without|nor|denied|deny|denies|"
    r"no sign of|hardly|barely|no|escaped|escapes|avoided|spared from|free of)\s+"
    r"(?:\w+\s+){0,3}$",
)
# "The ministry denied reports that the cathedral had been destroyed": what follows a denial of
# reports or claims in the sentence is not asserted.
_DENIAL = re.compile(
    r"\b(?:denied|denies|deny|denying|dismissed|dismisses|rejected|rejects|refuted|refutes|"
    r"disputed|disputes)\s+(?:the\s+|any\s+|all\s+|these\s+|those\s+|such\s+)?(?:\w+\s+)?"
    r"(?:reports?|claims?|allegations?|accusations?|suggestions?|rumou?rs?|that)\b",
    re.IGNORECASE,
)
# The armed agents of "destroyed by the army", "hit by militants", "targeted by jets".
_ARMED_WORDS = (
    r"(?:forces|army|troops|soldiers|militants|fighters|occupation|occupiers|rebels|militia|"
    r"jets|warplanes|aircraft)\b"
)
_BY_AGENT = re.compile(
    r"\s+by\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}?(?P<armed>" + _ARMED_WORDS + ")?",
    re.IGNORECASE,
)
_ATTEMPT_BEFORE = WordPattern(
    r"(?:attempts?|attempted|attempting|tried|tries|try|trying)\s+to\s+(?:\w+\s+){0,2}$",
)
_DENIAL_HINT = re.compile(r"deni|deny|dismiss|reject|refut|disput", re.IGNORECASE)
# The subject of "hit" or "struck" that makes it an attack ("a missile hit the cathedral").
_WEAPON_WORDS = (
    r"(?:missiles?|rockets?|shells?|shelling|(?:air ?)?strikes?|airstrikes?|air raids?|raids?|"
    r"bombs?|bombing|drones?|artillery|mortars?|projectiles?|explosions?|blasts?|attacks?|"
    r"warplanes?|jets?|aircraft|munitions?|grenades?|barrel bombs?|fire|bombardment|salvos?)\b"
)
_WEAPON = re.compile(r"\b" + _WEAPON_WORDS, re.IGNORECASE)
_BY_ARMED = re.compile(
    r"\s+by\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){1,2}?(?:" + _ARMED_WORDS + "|" + _WEAPON_WORDS + ")",
    re.IGNORECASE,
)


# "Russia had struck religious sites", "Israeli forces hit the church": an armed force or a
# named party (a state, a group) is the subject; "the envoy hit back" is none.
_ARMED_SUBJECT = re.compile(
    r"(?:\b(?i:forces|army|troops|military|militants|fighters|rebels|militias?|occupiers|"
    r"occupation)|(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+)\s+"
    r"(?:(?:had|has|have|reportedly|allegedly|again|also|repeatedly|deliberately)\s+)*$"
)


# "hit back at critics", "hit out at", "struck a deal": no blow to anything.
_HIT_IDIOM = re.compile(
    r"\s+(?:back|out|home|a\s+(?:deal|chord|balance|note|pose|bargain)|an\s+agreement)\b",
    re.IGNORECASE,
)


# After "was hit": what makes it no blow of war, "hit hard by the sanctions", "hit by floods";
# "hit by a missile", "hit by Russian shelling", "hit by Israel" (a party) are blows.
_NO_BLOW = re.compile(
    r"\s+(?:hard\b|by\s+(?!(?:an?\s+|the\s+)?(?:[A-Z]|(?:[\w-]+\s+){0,2}?(?:"
    + _WEAPON_WORDS
    + "|"
    + _ARMED_WORDS
    + "))))"
)


_MODAL_BEFORE = re.compile(
    # "(?-i:may)": the modal, never the month ("on 12 May the museum was hit").
    r"\b(?:will|would|could|might|(?-i:may)|shall|going to|threaten(?:s|ed)? to|vow(?:s|ed)? to|"
    r"pledg(?:e|es|ed) to|"
    r"plan(?:s|ned)? to|intend(?:s|ed)? to|attempt to|try to|trying to|set to|poised to|about "
    r"to|risk of being|"
    r"(?:could|might|(?-i:may)|will|would) (?:\w+ ){0,2}be|should)\s+(?:[\w’'-]+\s+){0,3}$"
    # "should the tomb be captured", "should Suleyman Shah's tomb be captured": inverted if.
    r"|\bshould\s+(?:[\w’'-]+\s+){1,5}be\s+$",
    re.IGNORECASE,
)


_FEAR = WordPattern(r"(?:fears?|feared|fearing|concerns?|worr(?:y|ies|ied)|warn(?:s|ed|ing)?)\b")


_PURPOSE_BEFORE = re.compile(
    r"(?:\b(?:offensive|bid|attempt|push|battle|fight|fighting|campaign|operation|efforts?|drive|plans?|prospect|hopes?|"
    r"aim|aims|aimed|goal|race|quest|seeking|sought|seek|trying|tried|try|help|helped|order|closer|close|nears?|nearing|"
    r"verge|poised|about|ready|want|wants|wanted|hope|hoped|expected|expect|expects|prepare|preparing|prepared|"
    r"threshold|event)\s+(?:to|of|for|on)\s+(?:(?:help|the|its|their)\s+)?$"
    r"|\b(?:if|unless|once|until|whether)\s+(?:\w+\s+){0,5}$)",
    re.IGNORECASE,
)
# "to destroy": an infinitive of purpose; "pointing to destruction" is a preposition.
_TO_INFINITIVE = WordPattern(r"to\s+(?:help\s+|further\s+|fully\s+)?$")


_MODAL_LATER = re.compile(r"\b(?:would|could|might|will|(?-i:may))\b", re.IGNORECASE)
# "said the damage was severe and that it would need restoration": the modal of the next clause
# says nothing of the event of this one.
_NEXT_CLAUSE = re.compile(
    r"\s(?:and|but)\s+(?:that|it|they|he|she|its|their)\b|[;:]", re.IGNORECASE
)


_CLAUSE_BOUNDARY = re.compile(
    r",\s+(?:which|who|whose|where|although|though|while|as|after|before|leading|sparking|drawing|provoking|when|but|"
    r"(?:an?|one|two|three|four|five|\d{1,2})\s+(?:day|week)s?\s+(?:after|before)\b|"
    r"and\s+(?:the|a|it|they|he|she|by|then|later|since|after|before)\b|"
    r"(?:it|they)\s+(?:was|were|had|has|have)\b)|;\s|:\s|"
    # "sites that are under protection during the night": a present-tense copula clause
    # describes; it does not take the main verb's adverbs away.
    r"\s(?:although|though|but|whereas|since)\s|\s(?:which|that|who)\s+(?!(?:is|are)\b)",
    re.IGNORECASE,
)


_OBJECT_BOUNDARY = re.compile(
    r",\s+(?:which|who|whose|where|although|though|while|as|after|before|when|but|according|said|says|say|told|"
    r"(?!including)\w+ing\b|(?-i:[A-Z])|"
    # ", activists told AFP, ...": a speaker set in the sentence closes the object.
    r"(?:[\w’'-]+\s+){1,3}(?:told|said|says|say|reported|added|claimed)\b)|"
    r";\s|\s(?:which|that|who|where|although|but|while|after|before|since|because|"
    r"(?<!well )as(?! well as)|when|to|from|into|for|in order)\s",
    re.IGNORECASE,
)


_NEAR_BEFORE = WordPattern(
    r"(?:near|outside|around|close to|next to|beyond|towards|toward|overlooking|"
    r"from)\s+(?:the\s+)?(?:\w+\s+){0,2}$",
)


_BESIDE_BEFORE = WordPattern(
    r"(?:near|outside|around|close to|next to|beside|opposite|overlooking)\s+(?:the\s+)?"
    r"(?:\w+\s+){0,2}$",
)


_INCLUDING = re.compile(r",?\s+(?:including|such as|notably|among them)\s", re.IGNORECASE)


_PART_NOUN = re.compile(
    r"statues|relics|artifacts|artefacts|antiquities|columns|colonnades|treasures|mosaics|"
    r"carvings|sculptures|reliefs|frescoe?s|icons|altars|manuscripts|exhibits|collections?|"
    r"paintings|inscriptions|gravestones|walls|domes|minarets",
    re.IGNORECASE,
)
_SAID_OF = re.compile(
    r"\b(?:said|says|wrote|writes|added|noted|remarked)\s+(?:of|about)\s+", re.IGNORECASE
)
_PRONOUN_OBJECT = re.compile(
    r"^\s*(?:(?:all|most|much|part|parts|the whole|the rest|some) of\s+)?"
    r"(?:it|them|this|these|those|the structures?|the buildings?|the monuments?|the remains)\b",
    re.IGNORECASE,
)


_HERITAGE_PLURAL = WordPattern(
    r"(?:temples|tombs|relics|artifacts|artefacts|ruins|monuments|antiquities|statues|structures|columns|colonnades|"
    r"(?:archaeological|ancient|heritage|historic|historical|pre-islamic|world heritage) sites|"
    r"treasures|mosaics|shrines|carvings|sculptures|reliefs|frescoe?s|icons|altars|manuscripts|"
    r"exhibits|collections?|paintings|inscriptions|gravestones|walls|domes|minarets|"
    r"churches|mosques|heritage)\b",
)


_FOREIGN_PLACE = re.compile(
    r"\b(?:in|across|near|of|throughout)\s+(?:the\s+)?(?:\w+\s+){0,3}(?P<place>[A-Z][\w’'-]+)"
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


_EVENT_ANAPHOR = WordPattern(
    r"(?:it|this|that|the (?:attack|blast|explosion|destruction|demolition|"
    r"looting))\s+(?:had\s+|has\s+)?"
    r"(?:happened|took place|occurred|was carried out)|\b(?:had|have|has)\s+done (?:it|so)\b|"
    r"\bdid (?:it|so)\b",
)


_ANAPHORIC_NOMINAL = WordPattern(
    r"(?:the|their|its|this|that)\s+(?:\w+\s+)?(?:destruction|demolition|damage|looting)\b(?!\s+(?:of|to)\b)",
)


_SEVERE = WordPattern(
    r"(?:severe(?:ly)?|bad(?:ly)?|heav(?:y|ily)|extensive(?:ly)?|much damage|major damage|"
    r"serious(?:ly)?|"
    r"significant(?:ly)?|partially destroyed|partly destroyed|part of)\b",
)


_MINOR = WordPattern(r"(?:slight(?:ly)?|minor|light(?:ly)?|superficial(?:ly)?)\b")


_MODERATE = WordPattern(r"moderate(?:ly)?\b")


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


# Buildings of a city or site, named before it: "houses in the Old City", "shops across the
# old town".
_CONTENTS_IN = re.compile(
    r"\b(?:houses|homes|buildings|shops|stores|structures|monuments|streets|alleys|tower houses|"
    r"dwellings|mosques|churches|towers|walls)\s+(?:[\w’'-]+\s+){0,2}?(?:in|inside|within|across|"
    r"throughout|of)\s+(?:the\s+|its\s+)?(?:[\w’'-]+[’']s\s+)?$",
    re.IGNORECASE,
)
# Triggers that also go without an object, their subject being the site ("burned down").
_INTRANSITIVE = re.compile(r"burn(?:s|ed|t|ing)?\s+(?:down|to the ground)", re.IGNORECASE)
# What follows a verb used without an object: the end of the clause, or an adjunct.
_NO_OBJECT = re.compile(
    r"\s*(?:$|[,.;:—–)]|(?:after|in|on|at|during|when|while|as|following|overnight|last|"
    r"early|late|yesterday|today|amid|because|before)\b)",
    re.IGNORECASE,
)


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


_WORD_START = re.compile(r"\w+")  # each word, from its start (a set of characters scans fast)


# How many words before a hint a trigger can start ("called on the world to save" is six).
_HINT_REACH = 7


def _hint_positions(lowered: str) -> dict[str, list[int]]:
    """Where each trigger hint occurs in `lowered` (every occurrence, overlapping ones too),
    by one scan instead of a substring search per hint."""
    found: dict[str, list[int]] = {}
    m = _HINT_RE.search(lowered)
    while m:
        at = m.start()
        for hint in _HINTS_BEGINNING[m.group()]:
            found.setdefault(hint, []).append(at)
        m = _HINT_RE.search(lowered, at + 1)
    return found


def _hinted_matches(
    lowered: str,
    word_starts: list[int],
    pattern: re.Pattern,
    hints: tuple[str, ...],
    positions: dict[str, list[int]],
) -> list[tuple[int, int]]:
    """The matches `pattern.finditer` would give at word starts, found by trying the pattern
    only at the few words at or before an occurrence of one of its hints (`positions`, from
    `_hint_positions`): a scan with many alternatives costs far more than a substring search,
    and most words are no trigger."""
    candidates: set[int] = set()
    for hint in hints:
        for at in positions.get(hint, ()):
            i = bisect_right(word_starts, at + len(hint) - 1) - 1
            candidates.update(word_starts[max(0, i - _HINT_REACH) : i + 1])
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
    positions = _hint_positions(lowered)
    out: list[list[tuple[str, int, int, str]]] = [[] for _ in sentences]
    for (kind, pattern, form), hints in zip(_TRIGGERS, _TRIGGER_HINTS, strict=True):
        for start, end in _hinted_matches(lowered, word_starts, pattern, hints, positions):
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
    ) or after.startswith((" of", " to", " on"))


def _by_attack(text: str, start: int, end: int) -> bool:
    """ "A missile hit X", "the strikes targeted X", "X was targeted by the army": "hit",
    "struck" and "targeted" tell of an attack only with a weapon or an armed agent."""
    if _HIT_IDIOM.match(text, end):
        return False
    if _WEAPON.search(text, max(0, start - 50), start):
        return True
    # "incendiary shells fired from positions in the hills struck X": a longer subject, in the
    # clause of the verb.
    clause = max(text.rfind(",", 0, start), text.rfind(";", 0, start), start - 120) + 1
    if _WEAPON.search(text, max(0, clause), start):
        return True
    if _ARMED_SUBJECT.search(text, max(0, start - 60), start):
        return True
    agent = _BY_AGENT.match(text, end)
    if agent and (_WEAPON.match(text, agent.end()) or agent.group("armed")):
        return True
    # "targeted by the Israeli occupation", "hit by a Russian missile": the armed agent or the
    # weapon after a word or two of description.
    return bool(_BY_ARMED.match(text, end))


def _status(text: str, kind: str, start: int, end: int, form: str, nominal: bool) -> str | None:
    """'claim', 'threat' (a feared future act) or None (negated, hypothetical, a purpose)."""
    before = text[max(0, start - 60) : start]
    if text.rstrip().endswith("?"):
        return None
    if _NEGATION_BEFORE.search(before):
        return None
    denial = _DENIAL.search(text, 0, start) if _DENIAL_HINT.search(text, 0, start) else None
    if denial and not re.search(r"[.;]|\bbut\b", text[denial.end() : start]):
        return None
    if form in ("threat", "near"):
        return "threat"
    if form == "hit" and not nominal and not _by_attack(text, start, end):
        return None
    if (
        form == "verb"
        and text.startswith(("was ", "were ", "been "), start)
        and _NO_BLOW.match(text, end)
    ):
        return None  # "was hit hard by the crisis", "was hit by floods"
    damage_family = kind in ("destroyed", "damaged", "looted")
    if (
        _ATTEMPT_BEFORE.search(before)
        and not _FEAR.search(text[:start])
        and not re.search(r"\b(?:will|would|could|might|(?-i:may)|plan|plans)\b", before, re.I)
    ):
        return None  # "an attempt to vandalise the mosque was made": neither done nor to come
    modal = _MODAL_BEFORE.search(before)
    if damage_family and (modal or _FEAR.search(text[:start])):
        return "threat"
    purpose = _PURPOSE_BEFORE.search(before) or (not nominal and _TO_INFINITIVE.search(before))
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
    later = _NEXT_CLAUSE.search(text, end)
    if nominal_subject and (
        _MODAL_LATER.search(text, end, later.start() if later else len(text))
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
        # "icons were missing, apparently stolen": a participle after a hedge is passive.
        or bool(_HEDGED_PARTICIPLE.search(text, max(0, start - 30), start))
        # "was hit", "were struck": the trigger holds its auxiliary.
        or text.startswith(("was ", "were ", "been "), start)
        or text[end : end + 4] == " by "
        or bool(_PASSIVE_COORD_BEFORE.search(text[max(0, start - 80) : start]))
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
            if other.slug == current.slug and re.fullmatch(r"\s*[(\[)\]]\s*", between):
                # "Kamyana Mohyla (Stone Grave)": one site under two names, walk on.
                current = other
                j += step
                continue
            if other.locative or not re.fullmatch(
                r"\s*(?:,|,?\s*and|,?\s*or|,?\s*as well as|,?\s*along with|,?\s*together with)\s+"
                r"(?:the\s+|an?\s+)?(?:[A-Z][\w-]*[’']s\s+|[A-Z][\w]*-based\s+)?"
                # "and the Old Bridge (Stari Most)": a name the gazetteer lacks, then its
                # known spelling in brackets.
                r"(?:(?:[A-Z][\w’'-]*\s+){1,4}\(\s*)?",
                between,
            ):
                break
            group.append(other)
            current = other
            j += step
    return group


# A coordinated clause with a subject of its own between a site and a passive verb.
_NEW_SUBJECT = re.compile(
    r"\b(?:and|but|while|whereas)\s+(?:an?|the|another|one|two|three|several|some)\s+"
    r"(?!(?:was|were|is|are|had|has)\b)(?P<noun>\w+)",
    re.IGNORECASE,
)


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
    looting: bool = False,
    it_site: str | None = None,
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
                and re.match(
                    r"\s+(?:of|to|at|in|on|(?:suffered|sustained) by|(?:done|caused) to|"
                    r"inflicted on)\s",
                    text[end : m.start - base] + " ",
                )
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
        # "the destruction of two sites in Bosnia: the National Library and the Old Bridge"
        listed = re.match(r"\s+of\s+[^:;.]{0,60}:\s", text[end:])
        if listed:
            first = [m for m in after if m.start - base >= end + listed.end()][:1]
            if first and re.fullmatch(
                r"\s*(?:the\s+)?", text[end + listed.end() : first[0].start - base]
            ):
                return _coordinated(mentions, first[0], text, base)
        del window
        return []
    if form == "convert":
        inside = [m for m in usable if start <= m.start - base and m.end - base <= end]
        # "reduced the city's mausoleums to rubble": the owner is not what was reduced; when
        # only the owner is named, its buildings were, and the owner is damaged.
        owned = [m for m in inside if re.match(r"[’']s?\s", text[m.end - base :])]
        heads = [m for m in inside if m not in owned]
        if not heads and owned:
            m = owned[0]
            return [Mention(m.slug, m.start, m.end, m.text, "part", m.locative)]
        inside = heads
        if inside:
            return _coordinated(mentions, inside[0], text, base)
        if (passive or re.match(r"\S+\s+(?:it|them)\b", text[start:end])) and before:
            return [before[-1]]
        return []
    if form == "between":
        inside = [m for m in usable if start <= m.start - base and m.end - base <= end]
        if inside:
            return _coordinated(mentions, inside[0], text, base)
        cstart, _ = _clause_bounds(text, start)
        return [m for m in before if m.start - base >= cstart]
    if form == "near":
        return [m for m in after if m.start - base - end <= 60][:1]
    if form == "use":
        for m in after:
            gap = text[end : m.start - base]
            if (
                len(gap) <= 30
                and re.fullmatch(r"\s+(?:the\s+|its\s+|an?\s+)?(?:[\w’'-]+\s+){0,3}", gap)
                # "using the Holy Trinity Church in Mala Komyshuvakha as a field hospital"
                and re.match(
                    r"(?:\s+(?:in|at|near)\s+[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,2})?\s+(?:as|to|for)\b",
                    text[m.end - base :],
                )
            ):
                return [m]
        return []
    if passive and not before and (about := _SAID_OF.search(text, end)):
        # "It has been destroyed twice," Ukraine said of the cathedral: "it" is the cathedral.
        told_of = [m for m in after if m.start - base >= about.end()][:1]
        if told_of and re.match(r"[\s“\"‘']*(?:it|they)\b", text, re.IGNORECASE):
            return told_of
    if passive:
        cstart, _ = _clause_bounds(text, start)
        near = [m for m in before if m.start - base >= cstart - 60] or before
        # "A mosque near the Tomb of Jonah was hit": the landmark only says where it was.
        near = [m for m in near if not _BESIDE_BEFORE.search(text[: m.start - base])]
        subject = near and _NEW_SUBJECT.search(text, near[-1].end - base, start)
        if subject and (
            _HERITAGE_PLURAL.exact.fullmatch(subject.group("noun"))
            or _PART_NOUN.fullmatch(subject.group("noun"))
        ):
            # "the museum was looted and the walls collapsed": its walls, a blow to a part.
            m = near[-1]
            return [Mention(m.slug, m.start, m.end, m.text, "part", m.locative)]
        if subject:
            # "the facade was damaged and a building next to it collapsed": the building did.
            near = []
            before = []
        if near:
            return _coordinated(mentions, near[-1], text, base)
        # "Soldiers were stationed at the citadel": the trigger holds the preposition.
        holds_place = re.search(r"\b(?:at|in|inside|into)$", text[start:end])
        for m in after:
            if re.fullmatch(
                r"\s+(?:by\s+\w+(?:\s+\w+)?\s+)?(?:at|in|from|inside|near)\s+(?:the\s+)?(?:\w+\s+){0,2}",
                text[end : m.start - base],
            ) or (
                holds_place
                and re.fullmatch(
                    r"\s+(?:the\s+|its\s+)?(?:[\w’'-]+\s+){0,2}", text[end : m.start - base]
                )
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
        first = objects[0]
        if gaz.sites[first.slug].kind in TOPIC_KINDS and _CONTENTS_IN.search(
            text, max(end, first.start - base - 50), first.start - base
        ):
            # "destroyed several houses in the Old City": what stood in the city was destroyed;
            # the city is damaged.
            return [Mention(x.slug, x.start, x.end, x.text, "part", x.locative) for x in group]
        return group
    if looting and after and after[0].start - base < next_trigger:
        # "Looters stole artefacts from the museum": what is taken from a site loots it.
        gap = text[end : after[0].start - base]
        if re.fullmatch(
            r"\s+(?:[\w’',-]+\s+){1,6}?from\s+(?:the\s+|its\s+)?(?:[\w’'-]+\s+){0,2}", gap
        ):
            return _coordinated(mentions, after[0], text, base)
    region = text[end:region_end]
    if before and _INTRANSITIVE.fullmatch(text[start:end]) and _NO_OBJECT.match(region):
        # "The church burned down after shelling": no object, the subject is what burned.
        cstart, _ = _clause_bounds(text, start)
        subject = [m for m in before if m.start - base >= cstart]
        if subject:
            return _coordinated(mentions, subject[-1], text, base)
    if _PRONOUN_OBJECT.match(region) or re.search(r"\b(?:which|that)\s+(?:\w+\s+){0,4}$", pre):
        if before:
            return [before[-1]]
        if it_site and not mentions and re.match(r"\s*it\b", region, re.IGNORECASE):
            return [Mention(it_site, -1, -1, "", "anaphor")]
        return []
    if it_site and not mentions and re.match(r"\S+\s+it\b", text[start:end]):
        return [Mention(it_site, -1, -1, "", "anaphor")]  # "blew it up", "set it on fire"
    plural = _HERITAGE_PLURAL.search(text[end : min(next_trigger, end + 80)])
    if (
        plural
        and not _foreign(text[end + plural.end() : end + plural.end() + 40], mentions, base, gaz)
        and not re.match(
            r"\s+(?:near|outside|around|close to|next to|beyond)\b", text[end + plural.end() :]
        )
    ):
        # "destroyed statues and reliefs there", "tombs within its precincts": an act on the
        # contents or parts of the site damages the site; it does not destroy it.
        after_plural = text[end + plural.end() : end + plural.end() + 25]
        part = bool(_PART_NOUN.fullmatch(plural.group())) or bool(
            re.match(r"\s+(?:within|inside|in its|of its|from its)\b", after_plural, re.I)
        )
        via = "part" if part else "plural"
        if before:
            m = before[-1]
            return [Mention(m.slug, m.start, m.end, m.text, via, m.locative)]
        return [Mention(state_top, -1, -1, "", "part" if part else "topic")] if state_top else []
    return []


# "The council was targeted, and so was the monument", "..., as were two churches": the verb
# left out after "so"/"as" is the one before, on another subject.
_ELLIPSIS = re.compile(
    r"(?:,\s*|\s+)(?:and\s+so|as)\s+(?:was|were|did|had|has|have)\s+(?!the case\b)",
    re.IGNORECASE,
)


def _ellipsis_targets(
    text: str, base: int, mentions: list[Mention], end: int, next_trigger: int
) -> list[Mention]:
    """The sites of an elided repeat of the trigger ending at `end` ("..., and so was X")."""
    found = _ELLIPSIS.search(text, end)
    if not found or found.start() > next_trigger or re.search(r"[.;:]", text[end : found.start()]):
        return []
    for m in _usable(mentions):
        if m.start - base < found.end():
            continue
        gap = text[found.end() : m.start - base]
        if re.fullmatch(r"(?:(?:the|an?|its|their)\s+)?(?:[\w’'-]+\s+){0,4}", gap):
            return _coordinated(mentions, m, text, base)
        break
    return []


def _foreign(text: str, mentions: list[Mention], base: int, gaz: Gazetteer) -> bool:
    """A capitalized place other than a known site in the phrase: "sites in neighbouring Iraq"."""
    for m in _FOREIGN_PLACE.finditer(text[:80]):
        place = m.group("place")
        if place.lower() in ("the", "a") or any(place in x.text for x in mentions):
            continue
        return True
    return False


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
