"""Claimants and parties: known actors with aliases, transliteration-tolerant person names,
and article-level resolution ("the Observatory" once named, "he" for the last person quoted)."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .dates import CALENDAR_WORDS
from .lexicon import BODY_REFERENCES, CLAIMANT_HEADS, MEDIUM_HEADS, NOT_NAME_WORDS
from .text import WordPattern, alternation, fold, fold_phrase, token_spans

ACTORS_FILE = Path(__file__).with_name("actors.json")

_TITLES = {
    "prime",
    "mayor",
    "president",
    "governor",
    "minister",
    "general",
    "gen",
    "secretary",
    "director",
    "spokesman",
    "spokeswoman",
    "deputy",
    "chief",
    "head",
    "envoy",
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "colonel",
    "col",
    "major",
    "sheikh",
    "activist",
    "archaeologist",
    "official",
    "commander",
    "lt",
    "marine",
    "defence",
    "defense",
    "foreign",
    "senior",
}
_NOT_PERSON = {
    "syrian",
    "syria",
    "islamic",
    "state",
    "province",
    "united",
    "observatory",
    "army",
    "forces",
    "ministry",
    "department",
    "agency",
    "news",
    "council",
    "coalition",
    "nations",
    "human",
    "rights",
    "world",
    "heritage",
    "russian",
    "iraqi",
    "kurdish",
    "turkish",
    "american",
    "british",
    "french",
    "european",
    "union",
    "the",
    "a",
    "unesco",
    "isis",
    "daesh",
    "palmyra",
    "damascus",
    "homs",
    "aleppo",
    "pentagon",
    "kremlin",
    "white",
    "house",
    "media",
    "tv",
    "television",
    "military",
    "government",
    "regime",
    "his",
    "her",
    "their",
    "its",
    "in",
    "on",
    "after",
    "before",
    "earlier",
    "later",
    "meanwhile",
    "however",
    "but",
    "and",
    "according",
    "when",
    "while",
    "god",
    *CALENDAR_WORDS,
}
# A word of a name; a hyphen joins, never ends, one ("Al-Daddar", not "Al-").
_NAME_WORD = r"[A-Z][a-z’']+(?:-[A-Za-z][a-z’']+)*"
# A capital that starts a word: what r"\b[A-Z]" matches, written with the capital first so that
# the regex engine skips straight to the next capital instead of trying every position.
_WORD_CAPITAL = r"[A-Z](?<!\w[A-Z])"
_PERSON_RE = re.compile(
    _WORD_CAPITAL
    + r"(?:[a-z’']+(?:-[A-Za-z][a-z’']+)*|\.)(?:[ -](?:al|el|bin|ibn|abu|abd|de|van|von|"
    + _NAME_WORD
    + r"|[A-Z]\.)){1,5}\b(?![’']s\s+(?:\w+\s+)?(?:forces|army|government))"
)
# "activists", "local residents", "military sources": claimants that are not one named actor.
_GENERIC_CLAIMANT_RE = WordPattern(
    r"(?:(?:local|syrian|some|several|various|other|two|three|many|senior|western|u\.?s\.?|iraqi|russian|kurdish|military|security|"
    r"international|foreign|arab|independent|state|pro-government|opposition|news|"
    r"government|opposition|rebel|palmyra)\s+)*(?:activists?|witness(?:es)?|residents?|sources?|officials?|observers?|"
    r"monitors?|archaeologists?|experts?|locals|local(?!\s+\w)|journalists?|reporters?|media|resident|analysts?)"
    r"(?:\s+and\s+(?:\w+\s+)?(?:activists?|witness(?:es)?|residents?|officials?|sources?|experts?))?\b",
)


_NOT_NAME = frozenset(NOT_NAME_WORDS)
_POSSESSIVE_END = re.compile(r"[’']s?$")
_NAME_PARTS = re.compile(r"[ -]")
_CAPITALIZED_RE = re.compile(_WORD_CAPITAL + r"[a-z’'-]{3,}\b")


@lru_cache(maxsize=4096)
def name_key(name: str) -> str:
    """A spelling-tolerant key for Arabic names in Latin script: Abdulkarim = Abdel Karim =
    Abdelkarim."""
    words = [w for w in re.split(r"[^a-z]+", fold(name)) if w and w not in _TITLES]
    joined: list[str] = []
    for w in words:
        if joined and joined[-1] in ("abd", "abdul", "abdel", "abdal", "abu", "al", "el"):
            joined[-1] = joined[-1] + w
        else:
            joined.append(w)
    out = []
    for w in joined:
        w = re.sub(r"^(abdul|abdel|abdal|abd ?al|abd ?el)", "abd", w)
        w = re.sub(r"^(al|el)(?=[a-z]{3})", "", w) if len(joined) > 1 else w
        w = w.replace("ou", "u").replace("ee", "i").replace("oo", "u")
        w = re.sub(r"(.)\1+", r"\1", w)
        out.append(w)
    return " ".join(out)


@dataclass(frozen=True, slots=True)
class ActorEntry:
    name: str
    kind: str


@dataclass(slots=True)
class ActorMention:
    name: str  # canonical
    kind: str
    start: int  # offsets into the cleaned text
    end: int
    text: str  # as written
    generic: bool = False


@dataclass
class ActorIndex:
    entries: dict[str, ActorEntry]
    index: dict[tuple[str, ...], tuple[str, bool]] = field(
        default_factory=dict
    )  # phrase -> (name, after_named)
    keys: dict[str, str] = field(default_factory=dict)  # person name_key -> canonical
    plain_aliases: dict[str, list[str]] = field(default_factory=dict)  # canonical -> its spellings
    lengths_by_first: dict[str, tuple[int, ...]] = field(default_factory=dict)
    # The second words of the aliases of two words or more, by first word: "the" starts a few
    # aliases and most sentences, and the word after it settles that none is there.
    seconds_by_first: dict[str, frozenset[str]] = field(default_factory=dict)
    one_word: frozenset[str] = frozenset()  # the aliases of one word
    max_len: int = 1

    def aliases_of(self, name: str) -> list[str]:
        """The spellings of a known actor (not the article-dependent ones like "the
        Observatory")."""
        return self.plain_aliases.get(name, [])

    @classmethod
    def load(cls, path: str | Path = ACTORS_FILE) -> ActorIndex:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls.from_entries(data["actors"])

    @classmethod
    def from_entries(cls, entries: list[dict]) -> ActorIndex:
        idx = cls(entries={})
        for entry in entries:
            idx.entries[entry["name"]] = ActorEntry(entry["name"], entry.get("kind", "other"))
            idx.plain_aliases[entry["name"]] = list(entry.get("aliases", []))
            for alias in [entry["name"], *entry.get("aliases", [])]:
                idx._add(alias, entry["name"], False)
                if (
                    len(alias.split()) in (2, 3)
                    and alias[0].isupper()
                    and entry.get("kind") != "armed_group"
                ):
                    idx.keys.setdefault(name_key(alias), entry["name"])
            for alias in entry.get("after_named", []):
                idx._add(alias, entry["name"], True)
        return idx

    def _add(self, alias: str, name: str, after_named: bool) -> None:
        key = fold_phrase(alias)
        if key and key not in self.index:
            self.index[key] = (name, after_named)
            self.max_len = max(self.max_len, len(key))
            lengths = set(self.lengths_by_first.get(key[0], ())) | {len(key)}
            self.lengths_by_first[key[0]] = tuple(sorted(lengths, reverse=True))
            if len(key) == 1:
                self.one_word |= {key[0]}
            else:
                seconds = self.seconds_by_first.get(key[0], frozenset())
                self.seconds_by_first[key[0]] = seconds | {key[1]}


@lru_cache(maxsize=1)
def default_index() -> ActorIndex:
    return ActorIndex.load()


@dataclass
class ActorState:
    """What an article has named so far, for "the Observatory", surnames and pronouns."""

    named: set[str] = field(default_factory=set)
    people: dict[str, str] = field(default_factory=dict)  # surname key -> canonical full name
    last_person: tuple[int, str] | None = None
    last_armed: str | None = None
    # Bodies named, by sentence, for "It said" and "the monitor said" in a later sentence.
    bodies: list[tuple[int, ActorMention]] = field(default_factory=list)
    # Bodies no list knows, as written, by sentence and head noun ("board").
    generic_bodies: list[tuple[int, str, str]] = field(default_factory=list)

    def generic_body_before(self, sentence_index: int, noun: str, reach: int = 2) -> str | None:
        """The body with that head noun named in the `reach` sentences before this one."""
        noun = noun.lower()
        for index, head, written in reversed(self.generic_bodies):
            if index < sentence_index and sentence_index - index <= reach and head == noun:
                return written
        return None

    def body_before(self, sentence_index: int, kinds=None, reach: int = 2) -> ActorMention | None:
        """The body named last in the `reach` sentences before this one (of `kinds`)."""
        for index, mention in reversed(self.bodies):
            if index >= sentence_index:
                continue
            if sentence_index - index > reach:
                return None
            if kinds is None or mention.kind in kinds:
                return mention
        return None


def find_actors(
    text: str,
    base: int,
    index: ActorIndex,
    state: ActorState,
    sentence_index: int = 0,
    tokens=None,
    places: list[tuple[int, int]] = (),
    words: Sequence[str] | None = None,
) -> list[ActorMention]:
    """Actor mentions in one sentence: known aliases, then person names; updates `state`.
    `tokens` and `words` (the tokens' words) are the sentence's, when it has them already.
    `places`: the spans of the sentence's site mentions, never an actor ("the Chernihiv
    Collegium" is no person, and no later "he")."""
    tokens = token_spans(text) if tokens is None else tokens
    words = [t[0] for t in tokens] if words is None else words
    out: list[ActorMention] = []
    lengths_by_first, seconds_by_first = index.lengths_by_first, index.seconds_by_first
    # Only the words some alias starts with are tried: most words start none.
    next_free = 0
    for i in [i for i, word in enumerate(words) if word in lengths_by_first]:
        if i < next_free:
            continue  # inside the name found last
        if words[i] not in index.one_word and (
            i + 1 == len(words) or words[i + 1] not in seconds_by_first.get(words[i], ())
        ):
            continue  # no alias starts with these two words ("the museum")
        for length in lengths_by_first[words[i]]:
            if i + length > len(words):
                continue
            hit = index.index.get(tuple(words[i : i + length]))
            if not hit:
                continue
            name, after_named = hit
            start, end = tokens[i][1], tokens[i + length - 1][2]
            written = text[start:end]
            if (
                length == 1
                and len(written) <= 4
                and not written.isupper()
                and written.lower() not in ("un", "sana")
            ):
                continue  # "is", "ap" as words; only IS/AP/UN in capitals are names
            if after_named and name not in state.named:
                continue
            entry = index.entries[name]
            out.append(
                ActorMention(
                    name, entry.kind, base + start, base + end, written, generic=after_named
                )
            )
            next_free = i + length
            break
    covered = [(m.start - base, m.end - base) for m in out]
    # In a headline written in title case every word is capitalized: "Looting Pits Multiply"
    # is no one's name there, and only known actors are found.
    guess = not _title_case(text)
    for m in _PERSON_RE.finditer(text) if guess else ():
        start, end = m.span()
        if any(a < end and start < b for a, b in covered):
            continue
        written = m.group()
        parts = _NAME_PARTS.split(written)
        words_in = [_POSSESSIVE_END.sub("", w.strip(".")).lower() for w in parts]
        bad = [i for i, w in enumerate(words_in) if w in _NOT_PERSON or w in _NOT_NAME]
        if bad and len(words_in) - bad[-1] - 1 >= 2:
            # "Kremlin Spokesman Dmitry Peskov": the name is the words after the last that
            # cannot be part of one.
            skip = len(" ".join(parts[: bad[-1] + 1])) + 1
            start, written = start + skip, written[skip:]
            words_in = words_in[bad[-1] + 1 :]
        while words_in and words_in[0] in _TITLES:
            words_in = words_in[1:]
        if len(words_in) < 2 or any(w in _NOT_PERSON or w in _NOT_NAME for w in words_in):
            continue
        key = name_key(written)
        canonical = index.keys.get(key) or state.people.get(key.split()[-1]) or _titleless(written)
        out.append(
            ActorMention(
                canonical,
                "person" if canonical not in index.entries else index.entries[canonical].kind,
                base + start,
                base + end,
                written,
            )
        )
    # "Syria's antiquities chief Karim Haddad": a title written before a name is that person's,
    # not the alias of whoever else holds such a title.
    if any(b.kind == "person" for b in out):
        out = [
            a
            for a in out
            if not (
                any(w.islower() for w in a.text.split())
                and any(
                    b.kind == "person" and b.name != a.name and b.start - a.end == 1 for b in out
                )
            )
        ]
    # A bare surname of someone named earlier: "Abdelkarim also stated".
    for m in _CAPITALIZED_RE.finditer(text) if state.people else ():
        canonical = state.people.get(name_key(m.group()))
        if not canonical:
            continue
        start, end = m.span()
        if any(x.start - base < end and start < x.end - base for x in out):
            continue
        out.append(ActorMention(canonical, "person", base + start, base + end, m.group()))
    if places:
        out = [a for a in out if not any(s < a.end and a.start < e for s, e in places)]
    out.sort(key=lambda a: a.start)
    for a in out:
        state.named.add(a.name)
        if a.kind in ("person", "official") and " " in a.name:
            state.people[name_key(a.name).split()[-1]] = a.name
            state.people[name_key(a.text).split()[-1]] = a.name
            state.last_person = (sentence_index, a.name)
        if a.kind == "armed_group":
            state.last_armed = a.name
        if a.kind in BODY_REFERENCES["it"] and (sentence_index, a) not in state.bodies:
            state.bodies.append((sentence_index, a))
    return out


def _title_case(text: str) -> bool:
    """A headline: no closing full stop, and most words of four letters or more after the
    first capitalized."""
    # A closing full stop, question or exclamation mark, then only closing quotes or brackets:
    # what re.search(r"(?<!\.\.)[.!?][”\"’')\]]*\s*$", text) finds, without trying every
    # position. An ellipsis ends no sentence.
    end = text.rstrip().rstrip("”\"’')]")
    if end[-1:] in (".", "!", "?") and not end[:-1].endswith(".."):
        return False
    words = re.findall(r"[^\W\d_][\w’'-]{3,}", text)[1:]
    capitalized = sum(w[0].isupper() for w in words)
    return len(words) >= 3 and capitalized >= 0.75 * len(words)


def _titleless(name: str) -> str:
    words = name.split()
    while len(words) > 2 and words[0].lower().strip(".") in _TITLES:
        words = words[1:]
    return " ".join(words)


_NOT_IN_SUBJECT = WordPattern(
    r"(?:is|was|were|are|be|been|has|have|had|will|would|could|can|may|might|that|which|who|when|while|if|"
    r"although|though|but|because|since|after|before|as|than|whether|"
    r"it|they|we|i|you|this|there|not|also|said|says|told|tells|[a-z]+ed|[a-z]+ing)\b",
)
# A day or a month is when something was said, never who said it.
_TIME_WORD = (
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|"
    r"april|may|june|july|august|september|october|november|december|week|month|year|night|"
    r"morning|evening|weekend)"
)
_MEDIUM_PARTICIPLE = re.compile(
    r"(?P<head>(?:(?:the|a|an|new|newly|recent|latest|satellite|aerial|drone|video|amateur|"
    r"[A-Z][\w’'.-]*)\s+){0,3}(?:"
    + "|".join(MEDIUM_HEADS)
    + r"))\s+(?:[a-z]+ed|shot|taken|made|shown|seen|put out|sent|drawn|given)\b"
    r"(?:.*?\sby\s+(?P<agent>(?:\S+\s+){0,4}\S+))?",
    re.IGNORECASE,
)
_CLAIMANT_HEAD = WordPattern(r"(?:" + alternation(CLAIMANT_HEADS) + r")\b")


def generic_claimant(text: str) -> str | None:
    """ "activists and witnesses", "the Iraqi antiquities ministry": a claimant phrase naming no
    known actor; None when the words are not a plausible speaker."""
    phrase = re.sub(r"\s+", " ", text).strip(" ,.;:“”\"'")
    phrase = re.sub(
        r"^(?:(?:earlier|later|meanwhile|however|but|and|in a statement|on \w+)\s*,?\s+)+",
        "",
        phrase,
        flags=re.IGNORECASE,
    )
    # "although television footage on Friday showed": the footage, whatever the clause or day.
    phrase = re.sub(
        r"^(?:although|though|while|whereas|since|because|when|as|in|on)\s+", "", phrase, flags=re.I
    )
    phrase = re.sub(
        r"\s+(?:on|last|this|early|late)\s+" + _TIME_WORD + r"$", "", phrase, flags=re.I
    )
    if medium := _MEDIUM_PARTICIPLE.match(phrase):
        # "footage shot on Thursday" is the footage; "photos released by IS members" keep
        # who released them.
        head = medium.group("head")
        if medium.group("agent") and not _NOT_IN_SUBJECT.search(medium.group("agent")):
            head = medium.group()
        return re.sub(r"^(?:the|a|an)\s+", "", head, flags=re.IGNORECASE)
    words = phrase.split()
    if (
        1 <= len(words) <= 7
        and _CLAIMANT_HEAD.search(phrase)
        and not _NOT_IN_SUBJECT.search(phrase)
    ):
        return re.sub(r"^(?:the|a|an)\s+", "", phrase, flags=re.IGNORECASE)
    m = _GENERIC_CLAIMANT_RE.search(text)
    return re.sub(r"\s+", " ", m.group()).strip() if m else None
