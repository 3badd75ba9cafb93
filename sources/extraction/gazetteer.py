"""Site mentions: gazetteer aliases, generic mentions ("the temple"), and candidate new sites.

The gazetteer is plain data (dicts with slug, name, aliases, kind, parent), so this module
needs no database; the importer service builds it from HeritageSite/SiteAlias rows.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import site_names
from .dates import CALENDAR_WORDS
from .sentences import Sentence
from .text import WordPattern, alternation, caseless, fold, fold_phrase, token_spans

# Singular nouns a generic mention can use, and the gazetteer kind each points to.
NOUN_KINDS = {
    "temple": "temple",
    "sanctuary": "temple",
    "citadel": "fortification",
    "castle": "fortification",
    "fort": "fortification",
    "fortress": "fortification",
    "arch": "arch",
    "gate": "arch",
    "theatre": "theatre",
    "theater": "theatre",
    "amphitheatre": "theatre",
    "amphitheater": "theatre",
    "colonnade": "colonnade",
    "museum": "museum",
    "mosque": "mosque",
    "minaret": "mosque",
    "church": "church",
    "cathedral": "church",
    "basilica": "church",
    "shrine": "shrine",
    "mausoleum": "shrine",
    "monastery": "monastery",
    "convent": "monastery",
    "tomb": "tomb",
}
# Kinds a "the ancient city" / "the ruins" / "the site" mention can stand for.
TOPIC_KINDS = {"archaeological_site", "historic_city"}
_ADJECTIVE_WORDS = {
    "the",
    "a",
    "an",
    "ancient",
    "old",
    "historic",
    "great",
    "main",
    "grand",
    "roman",
    "greco",
    "famous",
    "medieval",
    "mamluk",
    "ottoman",
    "byzantine",
    "islamic",
    "hellenistic",
    "monumental",
    "triumphal",
    "city",
    "site",
    "ruins",
    "of",
    "world",
    "heritage",
}

_NOUNS = alternation(NOUN_KINDS)
_ADJ = (
    r"(?:(?!(?:of|the|a|an|and|or|but|that|which|who|to|in|at|on|from|by|with|for|is|was|were|are|be|been|has|have|had|"
    r"its|their|this|these|those|it|as|near|into|over|under)\b)(?:[A-Za-z][\w’'-]*|\d[\d,.]*-(?:year|century)-old|\d{1,2}(?:st|nd|rd|th)-century)\s+)"
)
_GENERIC_RE = re.compile(
    r"\b(?P<det>the|its|their|this|that|a|an|(?-i:[A-Z][a-z]+)[’']s)\s+(?P<adj>"
    + _ADJ
    + r"{0,3}?)(?P<noun>"
    + _NOUNS
    + r")\b(?![’']s?\s)(?!\s+of\s+[A-Z])(?!-)",
    re.IGNORECASE,
)
_AFTER_SITE_RE = re.compile(
    r"(?:[’']s?)?\s+(?P<adj>"
    + _ADJ
    + r"{0,2}?)(?P<noun>"
    + _NOUNS
    + r")(?:s|es)?\b(?!\s+of\s+[A-Z])",
    re.IGNORECASE,
)
_BEFORE_SITE_RE = WordPattern(
    r"(?P<noun>"
    + _NOUNS
    + r")(?:s|es)?\s+(?:of|at|in)\s+(?:the\s+)?(?:(?:ancient|old|historic)\s+)?"
    r"(?:(?:city|town|site)\s+of\s+)?$",
)
_TOPIC_RE = WordPattern(
    r"the\s+(?:(?:ancient|old|historic|archaeological|unesco|world|heritage|greco-roman|roman|desert|whole|entire|"
    r"unesco-listed|world-famous|millennia-old|[\d,]+-year-old)\s+){0,4}"
    r"(?P<noun>city|town|site|ruins|world heritage site|heritage site|archaeological site)\b"
)
_CANDIDATE_LIST_RE = re.compile(
    r"\b(?:ancient|archaeological|heritage|historic|pre-Islamic|world-renowned|Assyrian|Roman|Greek)\s+"
    r"(?:[\w-]+\s+){0,3}?(?:sites?|cities|city|ruins|monuments)\b[^.;:]{0,80}?\b(?:including|"
    r"such as|like|notably)\s+"
    r"(?P<list>[A-Z][\w’'-]+(?:\s[A-Z][\w’'-]+)?(?:\s*,\s*[A-Z][\w’'-]+(?:\s[A-Z][\w’'-]+)?)*(?:,?\s+and\s+[A-Z][\w’'-]+(?:\s[A-Z][\w’'-]+)?)?)"
)
# Words without which a sentence cannot hold a generic, topic or candidate mention: checked
# before the (slower) patterns run.
_GENERIC_WORDS = set(NOUN_KINDS)
_TOPIC_WORDS = {"city", "town", "site", "ruins"}
_CANDIDATE_WORDS = {
    "temple", "shrine", "tomb", "mausoleum", "mosque", "church", "monastery", "citadel", "castle",
    "fortress", "palace", "gate", "arch", "theatre", "theater", "sanctuary", "cathedral",
    "basilica",
    "madrasa", "minaret", "museum", "including", "such", "like", "notably", "ancient",
}  # fmt: skip
_CANDIDATE_HEADS = _CANDIDATE_WORDS - {"including", "such", "like", "notably", "ancient"}
_CANDIDATE_STOP = {
    "the",
    "a",
    "an",
    "this",
    "that",
    "national",
    "state",
    "new",
    "syrian",
    "iraqi",
    "islamic",
    "his",
    "her",
    "its",
    "their",
    "our",
    "ancient",
    "old",
}


NAMES = site_names.patterns()
_HEAD_WORDS = frozenset(NAMES.heads) | frozenset(NAMES.singular)
# Words that do not tell two spellings of a site apart: heads, articles, honorifics.
_VARIANT_NOISE = (
    _HEAD_WORDS
    | frozenset(NOUN_KINDS)
    | {"the", "of", "al", "el", "great", "grand", "old", "holy", "saint", "st", "sidi", "mar"}
    | {"in", "at", "and", "a", "an", "ancient", "historic", "city", "site", "ruins"}
)


_INNER_APOSTROPHE = re.compile(r"(?<=\w)['’ʼ`´](?=\w)(?!s\b)")
_HEAD_OF = re.compile(
    r"^(?P<head>.*?\b(?:" + alternation(NAMES.heads) + r"))\s+of\s+(?:the\s+)?(?P<owner>.+)$",
    re.IGNORECASE,
)


def spelling_variants(alias: str) -> list[tuple[str, ...]]:
    """Keys for spellings that follow from a listed one: "Sha'ab Mosque" is also written
    "Shaab Mosque"; "Great Mosque of Mosul" is "Mosul's Great Mosque" (the possessive s is
    no token) and "Raqqa Museum" is "the Museum of Raqqa"."""
    out = []
    forms = [alias]
    joined = _INNER_APOSTROPHE.sub("", alias)
    if joined != alias:
        forms.append(joined)
    for form in forms:
        words = fold_phrase(form)
        if words and form is not alias:
            out.append(words)
        if m := _HEAD_OF.match(form):
            owner = fold_phrase(m.group("owner"))
            if 0 < len(owner) <= 4:
                out.append(owner + fold_phrase(m.group("head")))
        elif len(words) >= 2 and len(words) <= 5 and words[-1] in NAMES.heads:
            out.append((words[-1], "of", *words[:-1]))
    return out


_END = ""  # the trie key under which a complete alias keeps its slugs (no word is empty)


@dataclass(frozen=True, slots=True)
class SiteEntry:
    slug: str
    name: str
    kind: str = "other"
    parent: str | None = None
    aliases: tuple[str, ...] = ()
    candidate: bool = False


@dataclass(slots=True)
class Mention:
    slug: str
    start: int  # offsets into the article's cleaned text
    end: int
    text: str
    via: str  # alias, child, generic, topic, candidate
    locative: bool = False  # "in Palmyra" after a child site: the place, not the thing


@dataclass
class Gazetteer:
    sites: dict[str, SiteEntry]
    index: dict[tuple[str, ...], list[str]] = field(default_factory=dict)
    max_len: int = 1
    children: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    # The aliases as a tree of words: matching walks it from each word, so its cost is one
    # look-up per word plus one per word of a name found, whatever the number of aliases.
    trie: dict = field(default_factory=dict)
    proposed: list[str] = field(default_factory=list)  # candidates added, in order

    @classmethod
    def from_entries(cls, entries) -> Gazetteer:
        """Build from an iterable of dicts or SiteEntry objects."""
        sites = {}
        for entry in entries:
            if isinstance(entry, dict):
                entry = SiteEntry(
                    slug=entry["slug"],
                    name=entry["name"],
                    kind=entry.get("kind") or "other",
                    parent=entry.get("parent"),
                    aliases=tuple(entry.get("aliases") or ()),
                )
            sites[entry.slug] = entry
        gazetteer = cls(sites=sites)
        for entry in sites.values():
            gazetteer._index(entry)
        # Spellings that follow from a listed one are indexed after every listed spelling, so
        # they never take a name from the site that lists it.
        for entry in sites.values():
            for alias in {entry.name, *entry.aliases}:
                for variant in spelling_variants(alias):
                    gazetteer._add_key(variant, entry.slug, only_if_new=True)
        return gazetteer

    @classmethod
    def from_file(cls, path: str | Path) -> Gazetteer:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls.from_entries(data["sites"] if isinstance(data, dict) else data)

    def _index(self, entry: SiteEntry) -> None:
        if entry.parent:
            self.children[entry.parent].append(entry.slug)
        for alias in {entry.name, *entry.aliases}:
            key = fold_phrase(alias)
            if not key or set(key) <= _ADJECTIVE_WORDS | set(NOUN_KINDS) | {
                n + "s" for n in NOUN_KINDS
            }:
                # "Arch", "Roman theatre": left to generic resolution, which checks context.
                continue
            self._add_key(key, entry.slug)

    def _add_key(self, key: tuple[str, ...], slug: str, only_if_new: bool = False) -> None:
        if only_if_new and key in self.index:
            return
        slugs = self.index.setdefault(key, [])
        if slug not in slugs:
            slugs.append(slug)
        self.max_len = max(self.max_len, len(key))
        node = self.trie
        for word in key:
            node = node.setdefault(word, {})
        node[_END] = slugs

    def add_candidate(self, name: str, kind: str) -> SiteEntry:
        slug = "candidate:" + "-".join(fold_phrase(name))
        if slug not in self.sites:
            entry = SiteEntry(slug=slug, name=name, kind=kind, candidate=True)
            self.sites[slug] = entry
            self.proposed.append(slug)
        return self.sites[slug]

    def ancestors(self, slug: str) -> list[str]:
        out, seen = [], set()
        parent = self.sites[slug].parent if slug in self.sites else None
        while parent and parent not in seen and parent in self.sites:
            out.append(parent)
            seen.add(parent)
            parent = self.sites[parent].parent
        return out

    def child_of_kind(self, parent: str, kind: str, noun: str | None = None) -> str | None:
        """The only descendant of `parent` with `kind` (narrowed by the noun used, "citadel" vs
        "camp", when the kind alone is ambiguous); None when there are none or several."""
        found = [slug for slug in self._descendants(parent) if self.sites[slug].kind == kind]
        if len(found) > 1 and noun:
            noun = fold(noun)
            found = [
                s
                for s in found
                if any(noun in fold_phrase(n) for n in (self.sites[s].name, *self.sites[s].aliases))
            ]
        return found[0] if len(found) == 1 else None

    def _descendants(self, slug: str) -> list[str]:
        out, stack = [], list(self.children.get(slug, ()))
        while stack:
            child = stack.pop()
            if child in out:
                continue
            out.append(child)
            stack.extend(self.children.get(child, ()))
        return out

    def alias_mentions(
        self, text: str, offset: int = 0, tokens=None, words: Sequence[str] | None = None
    ) -> list[Mention]:
        """Longest alias matches in `text`, case- and accent-insensitive. `tokens` and `words`
        (the tokens' words) are the sentence's, when it has them already."""
        tokens = token_spans(text) if tokens is None else tokens
        words = [t[0] for t in tokens] if words is None else words
        found: list[tuple[int, int, list[str]]] = []  # (first token, length, slugs)
        trie, n = self.trie, len(words)
        # Most words start no name: one look-up each.
        for i in [i for i, word in enumerate(words) if word in trie]:
            node = trie[words[i]]
            best, j = None, i
            while node is not None:
                if _END in node:
                    best = (j - i + 1, node[_END])
                j += 1
                if j == n:
                    break
                node = node.get(words[j])
            if best is None or _glued(text, tokens, i):
                # "Century-Old Mosul Library" holds no "Old Mosul".
                continue
            length, slugs = best
            if length == 1:
                if not text[tokens[i][1]].isupper():
                    # A one-word name is a proper noun: "Sour" is Tyre, "sour" is not.
                    continue
                # Followed by another capitalized word it is part of a longer name that is
                # not ours ("Troy Smith", "Babylon Hotel"), except in a headline.
                if (
                    i + 1 < n
                    and tokens[i + 1][1] == tokens[i][2] + 1
                    and text[tokens[i + 1][1]].isupper()
                    and tokens[i + 1][0] not in _DATE_WORDS  # "in Palmyra Friday"
                    and not _is_headline(text)
                ):
                    continue
            found.append((i, length, slugs))
        # Longest first, then leftmost: "Ancient Palmyra citadel" is the citadel, not
        # "Ancient Palmyra".
        found.sort(key=lambda f: (-f[1], f[0]))
        taken = [False] * len(tokens)
        out: list[Mention] = []
        for i, length, slugs in found:
            if any(taken[i : i + length]):
                continue
            taken[i : i + length] = [True] * length
            start, end = tokens[i][1], tokens[i + length - 1][2]
            out.append(Mention(slugs[0], offset + start, offset + end, text[start:end], "alias"))
        out.sort(key=lambda m: m.start)
        return out


# Arabic articles and name particles joined by a hyphen to the word a name starts with.
_JOINING_PARTICLES = {
    "al",
    "el",
    "ad",
    "ar",
    "as",
    "ash",
    "at",
    "az",
    "an",
    "ul",
    "abu",
    "bin",
    "ibn",
}


_DATE_WORDS = CALENDAR_WORDS


def _is_headline(text: str) -> bool:
    """Title case: most words capitalized ("Army Recaptures Palmyra Citadel")."""
    # The first word and the short function words are capitalized or not in any style; a
    # sentence with a few names ("Shelling hit Zaporizhzhia Cathedral on Monday") has its
    # verbs in lower case: nine in ten of the other words capitalized make a title.
    words = [
        w
        for w in text.split()[1:]
        if w[:1].isalpha() and w.lower().strip(",.:;") not in _TITLE_SMALL_WORDS
    ]
    return sum(w[:1].isupper() for w in words) >= 0.9 * max(1, len(words))


_TITLE_SMALL_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "by",
        "and",
        "or",
        "but",
        "as",
        "from",
        "with",
        "into",
        "over",
        "vs",
        "via",
    ]
)


def _glued(text: str, tokens, i: int) -> bool:
    """True when token i is the tail of a hyphenated word ("century-old") whose head is no
    name particle ("al-Nuri")."""
    start = tokens[i][1]
    return (
        i > 0
        and start > 0
        and text[start - 1] == "-"
        and tokens[i - 1][2] == start - 1
        and tokens[i - 1][0] not in _JOINING_PARTICLES
    )


@dataclass
class _ArticleState:
    last_by_kind: dict[str, tuple[int, str]] = field(
        default_factory=dict
    )  # kind -> (sentence, slug)
    mentioned: dict[str, int] = field(default_factory=dict)  # slug -> last sentence
    last_top: tuple[int, str] | None = None  # latest top-level heritage site mention
    last_mention: tuple[int, str] | None = None  # (sentence, slug) of the latest mention
    last_named: bool = False  # whether that mention named the site (no "the museum")
    # Generic mentions nothing before resolves: (sentence, start, end, text, kind, noun, and
    # the words of the place it is said to be in, "a museum in Iraq", or none).
    pending: list[tuple[int, int, int, str, str | None, str, tuple[str, ...]]] = field(
        default_factory=list
    )


def tag_sites(text: str, sentences: list[Sentence], gazetteer: Gazetteer) -> list[list[Mention]]:
    """Site mentions for every sentence, resolving generic and topic mentions in reading order."""
    state = _ArticleState()
    out: list[list[Mention]] = []
    proposed_before = len(gazetteer.proposed)
    for sentence in sentences:
        mentions = _tag_sentence(sentence, gazetteer, state)
        out.append(mentions)
    _resolve_variants(out, gazetteer)
    _resolve_forward(out, [s.text for s in sentences], gazetteer, state.pending)
    # A candidate this article proposed and then recognised as a known site is dropped.
    proposed = gazetteer.proposed[proposed_before:]
    if proposed:
        used = {m.slug for ms in out for m in ms}
        for slug in proposed:
            if slug not in used:
                del gazetteer.sites[slug]
        gazetteer.proposed[proposed_before:] = [s for s in proposed if s in used]
    return out


def _overlaps(mentions: list[Mention], start: int, end: int) -> bool:
    return any(m.start < end and start < m.end for m in mentions)


def _tag_sentence(sentence: Sentence, gaz: Gazetteer, state: _ArticleState) -> list[Mention]:
    s_text, base, idx = sentence.text, sentence.start, sentence.index
    mentions = gaz.alias_mentions(s_text, base, sentence.tokens, sentence.token_words)
    if len(mentions) > 1:
        _pick_ambiguous(mentions, gaz, state)

    # "Palmyra's theatre", "the Palmyra citadel", "the citadel of Palmyra": a child of that site.
    extra: list[Mention] = []
    for m in list(mentions):
        if not gaz.children.get(m.slug):
            continue
        after = _AFTER_SITE_RE.match(s_text, m.end - base)
        if after:
            noun = after.group("noun").lower()
            child = gaz.child_of_kind(m.slug, NOUN_KINDS[noun], noun)
            if child and not _overlaps(
                mentions, base + after.start("noun"), base + after.end("noun")
            ):
                m.locative = True
                extra.append(
                    Mention(
                        child,
                        m.start,
                        base + after.end(),
                        s_text[m.start - base : after.end()],
                        "child",
                    )
                )
                continue
        before = _BEFORE_SITE_RE.search(s_text[: m.start - base])
        if before:
            noun = before.group("noun").lower()
            child = gaz.child_of_kind(m.slug, NOUN_KINDS[noun], noun)
            if child and not _overlaps(mentions, base + before.start(), base + before.end("noun")):
                m.locative = True
                extra.append(
                    Mention(
                        child,
                        base + before.start(),
                        m.end,
                        s_text[before.start() : m.end - base],
                        "child",
                    )
                )
    mentions.extend(extra)
    mentions.extend(_possessive_names(s_text, base, gaz, mentions))
    if "central" in s_text or " of " in s_text or " in " in s_text:
        mentions.extend(_city_centres(s_text, sentence.caseless, base, gaz, mentions))

    words = sentence.words
    # Candidate new sites: named heritage places the gazetteer does not know.
    if words & _CANDIDATE_WORDS or words & NAMES.trigger_words:
        mentions.extend(_candidates(s_text, base, gaz, mentions, words))

    # Generic mentions: "the temple" is the temple last named, or the only temple of a site in view.
    for g in _GENERIC_RE.finditer(s_text) if words & _GENERIC_WORDS else ():
        start, end = base + g.start(), base + g.end()
        if _overlaps(mentions, start, end):
            continue
        preceding = s_text[max(0, g.start() - 12) : g.start()].lower()
        if re.search(r"\b(another|other|one|each|every|any|no)\s*$", preceding):
            continue
        noun = g.group("noun").lower()
        slug = _resolve_generic(
            NOUN_KINDS[noun], noun, g.group("det").lower() in ("a", "an"), idx, mentions, gaz, state
        )
        if slug is None and (place := _PLACE_AFTER_RE.match(s_text, g.end())):
            # "the museum in Mosul", "a mosque in Zliten": that town's one listed museum; but
            # "a museum in Iraq" is any of them, not the one named for the place.
            indefinite = g.group("det").lower() in ("a", "an")
            slug = _known(gaz, (fold(noun),), place.group("place"), named_for_place=not indefinite)
            end = base + place.end() if slug else end
        if slug:
            mentions.append(Mention(slug, start, end, s_text[start - base : end - base], "generic"))
        else:
            where = fold_phrase(place.group("place")) if place else ()
            state.pending.append((idx, start, end, g.group(0), NOUN_KINDS[noun], noun, where))

    # "The church's facade", "the museum's collection": a generic site that owns a part or
    # what it holds (the possessive alone, "the museum's director", is no mention of it).
    owner = words & _GENERIC_WORDS and ("'" in s_text or "’" in s_text)
    for g in _GENERIC_OWNER_RE.finditer(s_text) if owner else ():
        start, end = base + g.start(), base + g.end()
        if _overlaps(mentions, start, end):
            continue
        noun = g.group("noun").lower()
        slug = _resolve_generic(NOUN_KINDS[noun], noun, False, idx, mentions, gaz, state)
        if slug:
            # The part when the gazetteer lists it, else the whole through its part.
            slug = _part_of(gaz, slug, g.group("part")) or slug
            mentions.append(Mention(slug, start, end, g.group(0), "part"))

    # "the library", "the Lavra", "the palace": a head noun with no kind of its own stands
    # for the site named recently whose name holds that noun ("the Mosul Public Library").
    for g in _NAMED_HEAD_RE.finditer(s_text) if words & _NAMED_HEAD_WORDS else ():
        start, end = base + g.start(), base + g.end()
        if _overlaps(mentions, start, end):
            continue
        slug = _resolve_named_head(g.group("noun"), idx, mentions, gaz, state, before=start)
        if slug:
            mentions.append(Mention(slug, start, end, g.group(0), "generic"))
        else:
            state.pending.append((idx, start, end, g.group(0), None, g.group("noun").lower(), ()))
    # "ISIS destroyed a library in Mosul": a site told of before it is named.
    for g in _NAMED_HEAD_A_RE.finditer(s_text) if words & _NAMED_HEAD_WORDS else ():
        start, end = base + g.start(), base + g.end()
        if not _overlaps(mentions, start, end):
            state.pending.append((idx, start, end, g.group(0), None, g.group("noun").lower(), ()))

    # "The statues", "the two colossi", "the giant Buddha statues": what a site holds stands
    # for the site named just before (a claim on them is a claim on it).
    for o in _OBJECTS_RE.finditer(s_text) if words & NAMES.object_nouns else ():
        start, end = base + o.start(), base + o.end()
        if _overlaps(mentions, start, end):
            continue
        slug = _holder(idx, mentions, state, before=start)
        if slug:
            mentions.append(Mention(slug, start, end, o.group(0), "generic"))

    # "the ancient city", "the ruins", "the site": the heritage site the text is about.
    for t in _TOPIC_RE.finditer(s_text, sentence.caseless) if words & _TOPIC_WORDS else ():
        start, end = base + t.start(), base + t.end()
        if _overlaps(mentions, start, end) or s_text[t.end() : t.end() + 4] == " of ":
            continue
        noun = t.group("noun").lower()
        reach = 1 if noun in ("city", "town") else 3
        slug = _topic_site(idx, reach, mentions, gaz, state, before=start)
        if slug:
            mentions.append(Mention(slug, start, end, t.group(0), "topic"))

    # "a bomb was dropped on the building": the building named in this sentence or the last.
    for b in _BUILDING_RE.finditer(s_text) if "building" in words else ():
        start, end = base + b.start(), base + b.end()
        if not _overlaps(mentions, start, end):
            slug = _last_building(idx, mentions, gaz, state, before=start)
            if slug:
                mentions.append(Mention(slug, start, end, b.group(0), "generic"))

    mentions.extend(_parts(s_text, base, gaz, mentions))
    mentions.sort(key=lambda m: m.start)
    _mark_locatives(mentions, gaz, s_text, base)
    for m in mentions:
        entry = gaz.sites[m.slug]
        state.mentioned[m.slug] = idx
        if not m.locative:
            state.last_mention = (idx, m.slug)
            state.last_named = m.via in ("alias", "candidate", "variant", "child")
        state.last_by_kind[entry.kind] = (idx, m.slug)
        if entry.kind in TOPIC_KINDS and not entry.parent:
            state.last_top = (idx, m.slug)
    return mentions


def _pick_ambiguous(mentions: list[Mention], gaz: Gazetteer, state: _ArticleState) -> None:
    for m in mentions:
        options = gaz.index.get(fold_phrase(m.text), [])
        if len(options) > 1:
            for slug in options:
                if any(a in state.mentioned for a in [*gaz.ancestors(slug), slug]):
                    m.slug = slug
                    break


def _resolve_generic(
    kind, noun, indefinite, idx, mentions, gaz: Gazetteer, state: _ArticleState
) -> str | None:
    in_sentence = [m.slug for m in mentions if gaz.sites[m.slug].kind == kind]
    if not indefinite:
        if in_sentence:
            return in_sentence[-1]
        last = state.last_by_kind.get(kind)
        if last and idx - last[0] <= 8:
            return last[1]
        # "The minaret of the Umayyad Mosque fell. The mosque itself …": the whole of a part
        # named just before.
        recent = [m.slug for m in mentions]
        recent += [slug for slug, at in state.mentioned.items() if idx - at <= 3]
        owners = {a for slug in recent for a in gaz.ancestors(slug) if gaz.sites[a].kind == kind}
        if len(owners) == 1:
            return owners.pop()
    parents = {m.slug for m in mentions}
    if not indefinite:
        parents |= set(state.mentioned)
    elif state.last_top and idx - state.last_top[0] <= 1:
        parents.add(state.last_top[1])
    found = {c for p in parents if (c := gaz.child_of_kind(p, kind, noun))}
    return found.pop() if len(found) == 1 else None


_GENERIC_OWNER_RE = re.compile(
    r"\b(?P<det>the|its|this|that)\s+(?P<adj>"
    + _ADJ
    + r"{0,3}?)(?P<noun>"
    + _NOUNS
    + r")[’']s?\s+(?:(?:outer|inner|main|famous|old|ancient|historic|entire|whole|\w+-year-old)\s+)"
    r"{0,2}(?P<part>" + alternation(NAMES.part_nouns | NAMES.object_nouns) + r")\b",
    re.IGNORECASE,
)
# Head nouns of heritage names (site_names.json) that NOUN_KINDS does not resolve by kind, and
# the nouns that only refer back to a named site ('the dam').
_NAMED_HEAD_WORDS = {h for h in NAMES.heads if h not in NOUN_KINDS} | NAMES.reference_heads


def _named_head_re(determiners: str) -> re.Pattern:
    """A named head after its determiner and up to two adjectives: "the library", "a
    19th-century manor"."""
    return re.compile(
        determiners
        + r"\s+(?:"
        + _ADJ
        + r"{0,2}?)(?P<noun>"
        + alternation(_NAMED_HEAD_WORDS)
        + r")\b(?!\s+of\s+[A-Z])(?!-)",
        re.IGNORECASE,
    )


_NAMED_HEAD_RE = _named_head_re(r"\b(?:the|its|this|that)")
_NAMED_HEAD_A_RE = _named_head_re(r"(?<![\w-])(?:a|an)")
# How many sentences ahead a site told of before it is named may be named.
_FORWARD_REACH = 2


# "The Mosul Museum, however, was spared": a site set against the one told of before.
_CONTRAST = re.compile(
    r"\b(?:however|but|whereas|unlike|spared|other|another|nearby|instead|meanwhile|also)\b",
    re.IGNORECASE,
)


def _contains(words: tuple[str, ...], part: tuple[str, ...]) -> bool:
    """Whether `part` occurs in `words` as consecutive words."""
    n = len(part)
    return any(words[i : i + n] == part for i in range(len(words) - n + 1))


def _resolve_forward(
    mentions: list[list[Mention]],
    texts: list[str],
    gaz: Gazetteer,
    pending: list[tuple[int, int, int, str, str | None, str, tuple[str, ...]]],
) -> None:
    """ "ISIS destroyed a library in Mosul. [...] The Mosul Public Library was a landmark": a
    generic mention nothing before resolves is the site of its kind (or whose name holds its
    noun) that one of the next sentences names, when they name one only and it was not named
    before; a mention said to be in a place ("a museum in Iraq") only a site named with it."""
    for idx, start, end, text, kind, noun, where in pending:
        if _overlaps(mentions[idx], start, end):
            continue
        word = fold(noun)
        graves = kind in ("tomb", "shrine") and noun in _GRAVE_WORDS

        def fits(slug: str, kind=kind, word=word, graves=graves, where=where) -> bool:
            entry = gaz.sites[slug]
            names = [fold_phrase(n) for n in (entry.name, *entry.aliases)]
            if where and not any(_contains(n, where) for n in names):
                return False
            if kind:
                return entry.kind == kind or (graves and entry.kind in ("tomb", "shrine"))
            return any(word in n for n in names)

        earlier = {m.slug for ms in mentions[: idx + 1] for m in ms}
        for n, later in enumerate(mentions[idx + 1 : idx + 1 + _FORWARD_REACH], idx + 1):
            named = {
                m.slug
                for m in later
                if m.via in ("alias", "candidate", "variant", "child") and fits(m.slug)
            }
            if not named:
                continue
            if len(named) == 1 and not named & earlier and not _CONTRAST.search(texts[n]):
                mentions[idx].append(Mention(named.pop(), start, end, text, "generic"))
                mentions[idx].sort(key=lambda m: m.start)
            break


# How many sentences back a named head may reach for its site.
_NAMED_HEAD_REACH = 8


def _resolve_named_head(
    noun, idx, mentions, gaz: Gazetteer, state: _ArticleState, before: int
) -> str | None:
    """The site, named in this sentence before `before` or in the last few, whose name or an
    alias holds `noun`; none when two such sites were named in the same (latest) sentence."""
    word = fold(noun)

    def holds(slug: str) -> bool:
        entry = gaz.sites[slug]
        return any(word in fold_phrase(n) for n in (entry.name, *entry.aliases))

    here = [m.slug for m in mentions if m.start < before and holds(m.slug)]
    if here:
        return here[-1]
    seen = [
        (at, slug)
        for slug, at in state.mentioned.items()
        if idx - at <= _NAMED_HEAD_REACH and holds(slug)
    ]
    if not seen:
        return None
    latest = max(at for at, _ in seen)
    slugs = {slug for at, slug in seen if at == latest}
    return slugs.pop() if len(slugs) == 1 else None


_OBJECTS_RE = re.compile(
    r"\b(?:the|its|their)\s+(?:(?:two|three|four|five|ancient|famous|giant|winged|stone|"
    r"marble|bronze|priceless|precious|remaining|[\w-]+-year-old|[\w-]+-century|"
    r"(?-i:[A-Z][a-z]+))\s+){0,3}"
    r"(?P<noun>" + alternation(NAMES.object_nouns) + r")\b"
    r"(?!\s+(?:of|from|at|in)\s+(?:the\s+)?[A-Z])",
    re.IGNORECASE,
)


def _holder(idx: int, mentions: list[Mention], state: _ArticleState, before: int) -> str | None:
    """The site named last before `before` in this sentence, else in the one before it."""
    earlier = [m for m in mentions if m.start < before and not m.locative]
    if earlier:
        return earlier[-1].slug
    if state.last_mention and idx - state.last_mention[0] <= 1:
        return state.last_mention[1]
    return None


_BUILDING_RE = re.compile(
    r"\bthe\s+(?:(?:main|whole|entire|historic|old)\s+)?building\b(?!\s+of\b)(?![’']s?\s)",
    re.IGNORECASE,
)


def _last_building(idx, mentions, gaz: Gazetteer, state: _ArticleState, before: int) -> str | None:
    """The site "the building" stands for: a building (no city or archaeological site) named
    earlier in this sentence, else the last site mentioned, in the sentence before at most."""
    here = [m for m in mentions if m.start < before and not m.locative]
    if here:
        slug = here[-1].slug
    elif state.last_mention and idx - state.last_mention[0] <= 1 and state.last_named:
        slug = state.last_mention[1]
    else:
        return None
    return None if gaz.sites[slug].kind in TOPIC_KINDS else slug


def _topic_site(
    idx, reach, mentions, gaz: Gazetteer, state: _ArticleState, before: int
) -> str | None:
    for m in reversed(mentions):
        entry = gaz.sites[m.slug]
        if m.start < before and entry.kind in TOPIC_KINDS and not entry.parent:
            return m.slug
        if (
            m.start < before
            and entry.parent
            and gaz.sites.get(entry.parent, entry).kind in TOPIC_KINDS
        ):
            return entry.parent
    if state.last_top and idx - state.last_top[0] <= reach:
        return state.last_top[1]
    return None


def _candidates(
    s_text: str, base: int, gaz: Gazetteer, mentions: list[Mention], words: frozenset[str]
) -> list[Mention]:
    """Heritage names the naming templates find (site_names.json): a known site when the
    gazetteer has the name (or "the X Museum in Y" is its "Y X Museum"), else a candidate.
    `words`: the sentence's folded words."""
    out: list[Mention] = []

    def add(name: str, kind: str, start: int, end: int, place: str | None = None) -> None:
        name = re.sub(r"\s+", " ", name).strip(" ,’'")
        words = fold_phrase(name)
        # "Old Market of Homs" from "Homs's old market": a first word the naming template
        # put there is no stop word of the text.
        written = fold_phrase(s_text[start:end])
        if not words or len(name) < 3:
            return
        # "the old market of Nabatieh" is the template's "Old Market of Nabatieh", though the
        # text wrote "the old".
        old_market = words[:1] == ("old",) and words[2:3] == ("of",) and name.startswith("Old ")
        if (
            words[0] in _CANDIDATE_STOP
            and not old_market
            and written[:1] in ((words[0],), ("the",), ("a",), ("an",))
        ):
            return
        if _overlaps(mentions + out, base + start, base + end):
            return
        slug = _known(gaz, words, place)
        if slug:
            out.append(Mention(slug, base + start, base + end, s_text[start:end], "alias"))
            return
        entry = gaz.add_candidate(name, kind)
        out.append(Mention(entry.slug, base + start, base + end, s_text[start:end], "candidate"))

    # In a title-case headline every word is capitalized: "Army Recaptures Citadel" is no name.
    headline = _is_headline(s_text)
    for found in NAMES.find(s_text, headline=headline, words=words):
        place = _PLACE_AFTER_RE.match(s_text, found.end)
        add(found.name, found.kind, found.start, found.end, place and place.group("place"))
    listing = words & {"including", "such", "like", "notably"}
    for m in _CANDIDATE_LIST_RE.finditer(s_text) if listing else ():
        for part in re.finditer(r"[A-Z][\w’'-]+(?:\s[A-Z][\w’'-]+)?", m.group("list")):
            start = m.start("list") + part.start()
            add(part.group(), "archaeological_site", start, start + len(part.group()))
    return out


# "the Mosaics Museum in Maarat al-Numan": the place a named building stands in.
_PLACE_AFTER_RE = re.compile(
    r"\s*,?\s+(?:in|at)\s+(?:the\s+)?(?:(?:[A-Z][a-z]+\s+|(?:north|south|east|west)"
    r"(?:ern|-eastern|-western)?\s+)?(?:town|city|village)\s+of\s+)?"
    r"(?P<place>[A-Z][\w’'-]+(?:\s(?:al-|el-)?[A-Z][\w’'-]+|\sal-[\w’'-]+){0,2})"
)


_GRAVE_WORDS = frozenset({"tomb", "shrine", "mausoleum"})


def _known(
    gaz: Gazetteer, words: tuple[str, ...], place: str | None, *, named_for_place: bool = True
) -> str | None:
    """The known site a found name is: itself, or with the place it is said to be in
    ("Mosaics Museum" in "Maarat al-Numan" is the "Maarat al-Numan Mosaics Museum"; with
    `named_for_place` false, a site named by the place and the noun alone is left out)."""
    if slugs := gaz.index.get(words):
        return slugs[0]
    # News calls one grave a tomb, a shrine or a mausoleum: "the shrine of Sidi Mahmoud" is
    # the listed "Mausoleum of Sidi Mahmoud".
    graves = [i for i, w in enumerate(words) if w in _GRAVE_WORDS]
    for i in graves:
        for other in _GRAVE_WORDS - {words[i]}:
            if slugs := gaz.index.get(words[:i] + (other,) + words[i + 1 :]):
                return slugs[0]
    if "of" in words[1:-1]:
        # "Virgin Mary Church of Mosul" (from "Mosul's Virgin Mary Church") may be listed as
        # "Virgin Mary Church in Mosul" or "Mosul Virgin Mary Church".
        cut = words.index("of", 1)
        building, town = words[:cut], words[cut + 1 :]
        for key in (building + ("in",) + town, town + building):
            if slugs := gaz.index.get(key):
                return slugs[0]
    # A person's building named with their first name too: "Hryhorii Skovoroda Museum" is
    # the listed "Skovoroda Museum".
    named_for = len(words) >= 3 and words[-1] in NAMES.heads and "of" not in words
    if named_for and (slugs := gaz.index.get(words[1:])):
        return slugs[0]
    if not place:
        return None
    place_words = fold_phrase(place)
    head = words[-1:]
    if len(words) == 1 and not named_for_place:
        return None
    for key in (
        place_words + words,
        words + place_words,
        place_words + head,
        head + ("of",) + place_words,
        # "the city's fine arts museum" in Odesa: the "Odesa Museum of Fine Arts".
        place_words + head + ("of",) + words[:-1],
    ):
        if slugs := gaz.index.get(key):
            return slugs[0]
    return None


_QUALIFIERS = (
    r"(?:main|old|ancient|historic|great|grand|famous|national|central|oldest|largest|biggest|"
    r"renowned|celebrated|beloved|iconic|archaeological|city|municipal|regional)"
)
_POSSESSIVE_RE = re.compile(
    r"\b(?P<owner>(?-i:[A-Z][\w-]+(?:\s(?:al-)?[A-Z][\w-]+)?))[’']s?\s+(?:"
    + _QUALIFIERS
    + r"\s+){1,2}"
    r"(?P<head>" + alternation(NAMES.heads) + r")\b",
    re.IGNORECASE,
)


def _possessive_names(s_text: str, base: int, gaz: Gazetteer, mentions: list[Mention]):
    """ "Aleppo's main museum" is the Aleppo Museum when the gazetteer knows one: the
    qualifiers between a place and its building do not change which building it is."""
    out = []
    if "'" not in s_text and "’" not in s_text:
        return out
    for m in _POSSESSIVE_RE.finditer(s_text):
        if not m.group("owner")[0].isupper():
            continue
        start, end = base + m.start(), base + m.end()
        if _overlaps(mentions + out, base + m.start("head"), end):
            continue
        owner, head = fold_phrase(m.group("owner")), (fold(m.group("head")),)
        slugs = gaz.index.get(owner + head) or gaz.index.get(head + ("of",) + owner)
        if slugs:
            out.append(Mention(slugs[0], start, end, m.group(0), "alias"))
    # "A missile hit Odesa and damaged the city's fine arts museum": the building of the town
    # named before it in the sentence, when exactly one named town has one.
    for m in _TOWNS_OWN_RE.finditer(s_text):
        start, end = base + m.start(), base + m.end()
        if _overlaps(mentions + out, start, end):
            continue
        words = (*fold_phrase(m.group("words")), fold(m.group("head")))
        found = {
            slug
            for town in _TOWN_RE.findall(s_text, 0, m.start())
            if (slug := _known(gaz, words, town) or _known(gaz, words[-1:], town))
        }
        if len(found) == 1:
            out.append(Mention(found.pop(), start, end, m.group(0), "generic"))
    return out


_TOWNS_OWN_RE = WordPattern(
    r"the\s+(?:city|town|village)[’']s\s+(?P<words>(?:[a-z][\w-]*\s+){0,3}?)(?P<head>"
    + alternation(NAMES.heads)
    + r")\b",
)
_TOWN_RE = re.compile(r"\b(?-i:[A-Z][\w’'-]+)(?:\s(?-i:[A-Z][\w’'-]+))?")


# "central Odesa", "the historic heart of Aleppo", "religious sites and buildings in Odessa":
# the part of a town that its listed historic centre (or old city) is.
_CENTRAL_RE = re.compile(
    r"\b(?:central|(?:the\s+)?(?:central part|historic (?:centre|center|core|heart|quarter)|"
    r"historic city centre|old (?:town|quarter)|heart) of(?:\s+the\s+city\s+of)?)\s+"
    r"(?P<place>(?-i:[A-Z])[\w’'-]+(?:\s(?-i:[A-Z])[\w’'-]+)?)",
    re.IGNORECASE,
)
_CITY_SITES_RE = re.compile(
    r"\b(?:cultural|religious|historic|historical|heritage|architectural|ancient|listed|protected)"
    r"\s+(?:sites|buildings|monuments|landmarks)(?:\s+and\s+(?:\w+\s+)?(?:sites|buildings|"
    r"monuments|landmarks))?\s+(?:in|within|across)\s+(?:central\s+)?"
    r"(?P<place>(?-i:[A-Z])[\w’'-]+(?:\s(?-i:[A-Z])[\w’'-]+)?)",
    re.IGNORECASE,
)
# Words (in any case) without one of which each of the two cannot match.
_CITY_SITES_WORDS = ("sites", "buildings", "monuments", "landmarks")
_CENTRAL_WORDS = ("central", "historic ", "old ", "heart")
_CENTRE_KEYS = (
    ("historic", "centre", "of"),
    ("historic", "center", "of"),
    ("old", "city", "of"),
    ("old", "town", "of"),
    ("ancient", "city", "of"),
)


def _city_centre(gaz: Gazetteer, place: str) -> str | None:
    """The listed historic centre or old city of a town, by the spellings news gives it."""
    words = fold_phrase(place)
    keys = [k + words for k in _CENTRE_KEYS]
    keys += [words + ("old", "city"), words + ("old", "town"), words + ("historic", "centre")]
    for key in keys:
        for slug in gaz.index.get(key, ()):
            entry = gaz.sites[slug]
            if entry.kind == "historic_city" and not entry.parent:
                return slug
    return None


def _city_centres(s_text: str, lowered: str, base: int, gaz: Gazetteer, mentions: list[Mention]):
    """Heritage sites or buildings "in central X", "the central part of X": X's historic centre
    when the gazetteer lists one (a claim on them is a claim on it). `lowered`: the sentence's
    `caseless` text."""
    out: list[Mention] = []
    for pattern, words in ((_CITY_SITES_RE, _CITY_SITES_WORDS), (_CENTRAL_RE, _CENTRAL_WORDS)):
        if not any(w in lowered for w in words):
            continue
        for m in pattern.finditer(s_text):
            start, end = base + m.start(), base + m.end()
            if _overlaps(mentions + out, start, end):
                continue
            slug = _city_centre(gaz, m.group("place"))
            if slug:
                out.append(Mention(slug, start, end, m.group(0), "alias"))
    return out


_PART_NOUNS = alternation(NAMES.part_nouns)
_PART_AFTER_RE = re.compile(
    r"[’']s?\s+(?:(?:outer|inner|main|famous|old|ancient|historic|\w+-year-old)\s+){0,2}"
    r"(?P<part>" + _PART_NOUNS + r")\b",
    re.IGNORECASE,
)
_PART_LAST_RE = re.compile(r"\s(?P<part>" + _PART_NOUNS + r")$", re.IGNORECASE)
_ITS_PART_RE = re.compile(
    r"\s*,?\s+(?:and|with)\s+(?P<its>its)\s+(?:(?!and\b|or\b)[\w’'-]+\s+){0,2}?(?P<part>"
    + _PART_NOUNS
    + r")\b",
    re.IGNORECASE,
)
_PART_BEFORE_RE = re.compile(
    r"\b(?P<part>" + _PART_NOUNS + r")\s+(?:of|in|at)\s+(?:the\s+)?$", re.IGNORECASE
)


def _parts(s_text: str, base: int, gaz: Gazetteer, mentions: list[Mention]) -> list[Mention]:
    """ "The mosque's library", "the minaret of the Great Mosque": the part when the
    gazetteer lists it as a site of its own (the whole then only says where it is); else
    the mention of the whole stands for it."""
    out = []
    for m in list(mentions):
        if m.locative:
            continue
        has_parts = bool(gaz.children.get(m.slug))
        inner = None
        if m.via == "generic" and has_parts:
            # "The mosque's minaret", "its leaning minaret": the generic names a part.
            inner = _PART_AFTER_RE.search(m.text) or _PART_LAST_RE.search(m.text)
        if inner and inner.end() == len(m.text):
            # "The mosque's minaret" read as one generic mention of the mosque.
            child = _part_of(gaz, m.slug, inner.group("part"))
            if child:
                m.slug, m.via = child, "child"
            continue
        its = _ITS_PART_RE.match(s_text, m.end - base) if has_parts else None
        if its and (child := _part_of(gaz, m.slug, its.group("part"))):
            # "the al-Nuri Mosque and its leaning minaret": the whole and its listed part.
            start, end = base + its.start("its"), base + its.end()
            if not _overlaps(mentions + out, start, end):
                out.append(
                    Mention(child, start, end, s_text[its.start("its") : its.end()], "child")
                )
        after = _PART_AFTER_RE.match(s_text, m.end - base)
        lead = max(0, m.start - base - 60)  # the longest part noun and its "of the", and more
        before = (
            _PART_BEFORE_RE.search(s_text, lead, m.start - base)
            if _preposition_before(s_text, m.start - base)
            else None
        )
        for found, start, end in (
            (after, m.start, after and base + after.end()),
            (before, before and base + before.start(), m.end),
        ):
            if not found:
                continue
            child = _part_of(gaz, m.slug, found.group("part")) if has_parts else None
            # "The minaret" alone was read as a generic mention; the part replaces it.
            named = [x for x in mentions if x.via != "generic" and x is not m]
            if child and not _overlaps(named + out, start, end):
                mentions[:] = [
                    x for x in mentions if not (x.via == "generic" and start <= x.start < end)
                ]
                m.locative = True
                text = s_text[start - base : end - base]
                out.append(Mention(child, start, end, text, "child"))
                break
            if not child and m.via != "generic":
                # "The door of the mosque", "the theatre's facade": no site of its own, so the
                # whole stands for it, and what destroyed the part damaged the whole.
                m.via = "part"
                break
    return out


def _preposition_before(s_text: str, end: int) -> bool:
    """Whether "of", "in", "at" or "the" (in any case), then white space, ends s_text[:end]:
    what _PART_BEFORE_RE needs there, tested before the regex is tried."""
    head = s_text[:end]
    word = head.rstrip()
    return len(word) < len(head) and caseless(word[-3:]).endswith(("of", "in", "at", "the"))


def _part_of(gaz: Gazetteer, slug: str, part: str) -> str | None:
    """The one descendant of `slug` whose name says it is that part ("minaret")."""
    written = fold(part)
    part = _singular(written)
    children = [
        c
        for c in gaz._descendants(slug)
        if any(
            part in {_singular(w) for w in fold_phrase(n)}
            for n in (gaz.sites[c].name, *gaz.sites[c].aliases)
        )
    ]
    if len(children) > 1 and written != part:
        # "the city's mausoleums": the one site listed as them all ("Mausoleums of Timbuktu"),
        # not one of the single mausoleums.
        children = [
            c
            for c in children
            if any(written in fold_phrase(n) for n in (gaz.sites[c].name, *gaz.sites[c].aliases))
        ]
    return children[0] if len(children) == 1 else None


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _within(words: frozenset[str], spelling: frozenset[str]) -> bool:
    """Every word of a found name is a word of the spelling, or the same word misspelt
    ("Benham" for "Behnam": two letters swapped) when it is long enough to tell."""
    return all(
        w in spelling or (len(w) >= 5 and any(len(s) >= 5 and _one_slip(w, s) for s in spelling))
        for w in words
    )


def _one_slip(a: str, b: str) -> bool:
    """One letter changed, added, dropped, or two neighbours swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return a == b
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def _resolve_variants(mentions: list[list[Mention]], gaz: Gazetteer) -> None:
    """A candidate whose name is a shorter or re-ordered spelling of a known site the same
    article names ("the Omari Mosque" beside "the Great Omari Mosque") is that site: no
    candidate is proposed for it."""
    known = {m.slug for ms in mentions for m in ms if not gaz.sites[m.slug].candidate}
    if not known:
        return
    spellings: list[tuple[frozenset[str], str, str]] = []
    for slug in known:
        entry = gaz.sites[slug]
        for alias in (entry.name, *entry.aliases):
            content = frozenset(fold_phrase(alias)) - _VARIANT_NOISE
            if content:
                spellings.append((content, slug, entry.kind))
    for ms in mentions:
        for m in ms:
            entry = gaz.sites[m.slug]
            if not entry.candidate:
                continue
            content = frozenset(fold_phrase(entry.name)) - _VARIANT_NOISE
            heads = frozenset(fold_phrase(entry.name)) & _HEAD_WORDS
            matches = {
                slug
                for spelling, slug, kind in spellings
                if content
                and _within(content, spelling)
                and (kind == entry.kind or not heads or heads & spelling or entry.kind == "other")
            }
            if len(matches) == 1:
                m.slug, m.via = matches.pop(), "variant"


_LOCATIVE_AFTER = (
    r"\s*(?:,\s*)?(?:in|at|of|near|inside|outside|from)\s+(?:the\s+)?(?:(?:ancient|old|historic|syrian|modern)\s+)*"
    r"(?:(?:city|town|site)\s+of\s+)?(?:[\w’'-]+[’']s\s+(?:(?:ancient|old|historic)\s+)*(?:city|town)\s+of\s+)?"
)


_IN_PLACE_BEFORE = re.compile(r"\b(?:in|inside|within)\s+(?:the\s+)?$", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"[.;:]|\b(?:but|while|whereas|where|although|though)\b", re.IGNORECASE)


# "targets in the Baalbek area", "the province of Bamiyan": a site's name standing for the land
# around it (a historic city's area is the city itself).
_AREA_NOUNS = (
    r"(?:area|region|countryside|outskirts|environs|suburbs|district|governorate|province)"
)
_AREA_AFTER = re.compile(r"\s+" + _AREA_NOUNS + r"\b", re.IGNORECASE)
_AREA_BEFORE = re.compile(r"\b" + _AREA_NOUNS + r"\s+of\s+(?:the\s+)?$", re.IGNORECASE)


def _mark_locatives(mentions: list[Mention], gaz: Gazetteer, s_text: str, base: int) -> None:
    """A parent named as the place of a child ("towers at Palmyra", "Palmyra's Temple of Bel");
    a site's name standing for its district ("in the Baalbek area")."""
    for m in mentions:
        if m.locative or gaz.sites[m.slug].kind == "historic_city":
            continue
        if _AREA_AFTER.match(s_text, m.end - base) or _AREA_BEFORE.search(
            s_text, max(0, m.start - base - 40), m.start - base
        ):
            m.locative = True
    for m in mentions:
        if m.locative:
            continue
        for other in mentions:
            if other is m or m.slug not in gaz.ancestors(other.slug):
                continue
            if other.end <= m.start:
                between = s_text[other.end - base : m.start - base]
                if re.fullmatch(_LOCATIVE_AFTER, between, re.IGNORECASE):
                    m.locative = True
            elif m.end <= other.start:
                between = s_text[m.end - base : other.start - base]
                if re.fullmatch(
                    r"[’']s?\s+(?:(?:ancient|old|historic|famous|[\w,]+-year-old)\s+)*", between
                ):
                    m.locative = True
    # "blew up the al-Nuri Mosque and its minaret in Mosul's Old City": a historic city named
    # with "in" after a building of the same clause says where the building is, even when the
    # gazetteer does not file the building under it.
    for m in mentions:
        if m.locative or gaz.sites[m.slug].kind != "historic_city":
            continue
        if not _IN_PLACE_BEFORE.search(s_text, max(0, m.start - base - 12), m.start - base):
            continue
        for other in mentions:
            if (
                other is not m
                and not other.locative
                and other.end <= m.start
                and gaz.sites[other.slug].kind not in TOPIC_KINDS
                and m.start - other.end <= 100
                and not _CLAUSE_BREAK.search(s_text, other.end - base, m.start - base)
            ):
                m.locative = True
                break
