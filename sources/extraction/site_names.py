"""Names of heritage places as news writes them ("the Karamanli Mosque", "the monastery of Mar
Elian", "Homs's old market"), found by the templates of site_names.json.

The templates are data (a linguist adds one with the sentence that proves it); this module
only compiles them into regular expressions and cleans what they capture into a whole name.
It knows nothing of the gazetteer: gazetteer.py decides whether a name is a known site, a
variant of one, or a candidate.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .text import alternation

DATA_PATH = Path(__file__).with_name("site_names.json")

_UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĴĶĹĻĽĿŁŃŅŇŊŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ"
# One word of a name: capitalized ("Mar", "St.", "Al-Asmar", "Ljeviš"), or a particle that
# names carry between capitalized words ("Khalid ibn al-Walid", "Sidi Ahmed el-Zarruq").
_CAP = rf"[{_UPPER}][\w’'.]*(?:-[\w’']+)*"
_PARTICLE = r"(?:ibn|bin|bint|ben|abu|abi|bou|de|del|della|di|du|des|la|le|van|von|y)"
_ARTICLE_WORD = r"(?:al|el|ad|ash|as|at|an|ar|az|ul)-[\w’']+"  # "al-Walid": a word of a name
_WORD = rf"(?:{_CAP}|{_ARTICLE_WORD})"
_NAME = rf"{_CAP}(?:[ ](?:{_PARTICLE}[ ])*{_WORD}|[ ]of[ ](?:the[ ])?{_CAP}){{0,5}}"
# Coordinated names before a plural head: "the Karamali, Darghouth and Shaib Al-Ain mosques".
_NAMES = rf"{_NAME}(?:,[ ]{_NAME})*,?[ ](?:and|&)[ ]{_NAME}"


_CAPITALIZED = re.compile(r"\b[A-Z][a-z]+")


@dataclass(frozen=True, slots=True)
class NameMatch:
    name: str  # the clean name: "Tomb of Abdullah al-Shaab"
    kind: str  # the gazetteer kind its head gives
    start: int  # span of the name in the text (offsets into the text searched)
    end: int
    head: str  # the head noun, lower case, singular: "tomb"


@dataclass(frozen=True)
class _Pattern:
    regex: re.Pattern
    name: str
    kind: str | None
    plural: bool
    anchored: bool  # holds a lower-case word ("of", "the"), so a headline cannot fake it
    needs: frozenset[str]  # the sentence must hold one of these words (its head nouns) ...
    capitalized: bool  # ... written capitalized ("{Head}") ...
    literals: frozenset[str]  # ... and all of these (the template's own words) ...
    roles: tuple[str, ...]  # ... and one of these as written ("{role}": "scholar", "saint")


@dataclass(frozen=True)
class NamePatterns:
    patterns: tuple[_Pattern, ...]
    heads: dict[str, dict]
    prefix_heads: dict[str, str]
    singular: dict[str, str]  # plural head -> singular
    stop: frozenset[str]
    weak: frozenset[str]
    institution: frozenset[str]
    countries: frozenset[str]
    part_nouns: frozenset[str]
    object_nouns: frozenset[str]
    reference_heads: frozenset[str]  # 'the dam': a site named recently, never a name
    trigger_words: frozenset[str]  # a sentence without one of these holds no name

    def find(
        self, text: str, headline: bool = False, words: set[str] | None = None
    ) -> list[NameMatch]:
        """Every heritage name in `text`, first template first; overlapping later ones skip.
        In a title-case headline only names with "of" are trusted ("Army Recaptures
        Citadel" is no name)."""
        out: list[NameMatch] = []
        taken: list[tuple[int, int]] = []
        if words is None:
            words = set(re.findall(r"[^\W\d_]+", text.lower()))
        capitals = None
        for pattern in self.patterns:
            if headline and not pattern.anchored:
                continue
            # Most sentences hold no head noun of a template: skip it without running it.
            if (pattern.needs and pattern.needs.isdisjoint(words)) or not pattern.literals <= words:
                continue
            if pattern.roles and not any(role in text for role in pattern.roles):
                continue
            if pattern.capitalized:
                if capitals is None:
                    capitals = {w.lower() for w in _CAPITALIZED.findall(text)}
                if pattern.needs.isdisjoint(capitals):
                    continue
            for m in pattern.regex.finditer(text):
                if any(m.start() < e and s < m.end() for s, e in taken):
                    continue
                found = self._names(pattern, m)
                if found:
                    out.extend(found)
                    taken.append((m.start(), m.end()))
        out.sort(key=lambda n: n.start)
        return out

    def _names(self, pattern: _Pattern, m: re.Match) -> list[NameMatch]:
        groups = m.groupdict()
        written = groups.get("head") or groups.get("heads") or ""
        head_word = written.lower()
        head = self.singular.get(head_word, head_word)
        kind = (
            pattern.kind
            or self.heads.get(head, {}).get("kind")
            or self.prefix_heads.get(written, "other")
        )
        if pattern.plural:
            out = []
            for part in re.finditer(_NAME, groups["names"]):
                name = self.clean(part.group())
                if name:
                    start = m.start("names") + part.start()
                    text = pattern.name.format(Name=name, Head=head.title())
                    out.append(NameMatch(text, kind, start, start + len(part.group()), head))
            return out if len(out) > 1 else []
        values = {"Head": head.title(), "Prefix": written}
        start = m.start()
        # A name before its head may have picked up the sentence's first words ("In Raqqa
        # Museum"); one after "of" is whole. Only a name before a head that is all there is
        # must be more than "Great" or "Old".
        alone = groups.get("Name2") is None
        for group in ("Name", "Name2"):
            if groups.get(group) is None:
                continue
            before_head = group == "Name" and pattern.name.startswith("{Name}")
            value = self.clean(
                groups[group],
                strip=before_head,
                keep_weak=not (before_head and alone),
                drop_owner=before_head and not alone,
            )
            if not value and before_head and not alone:
                values[group] = ""  # "Tripoli's Mosque of Sidi Sha'ab": the owner went
                continue
            if not value or (not before_head and re.search(r"[’']s$", value)):
                return []
            values[group] = value
            if before_head:
                start = m.start(group) + groups[group].rfind(value.split()[0])
        if m.group(0)[:4].lower() == "the " and start == m.start():
            start += 4
        name = pattern.name.format(**values).strip()
        owner = re.match(r"^(.+?)[’']s (.+)$", values.get("Name", ""))
        if owner and pattern.name == "{Name} {Head}":
            # "Mosul's Great Mosque" is the Great Mosque of Mosul.
            name = f"{owner.group(2)} {values['Head']} of {owner.group(1)}"
        if self.is_institution(name) or not self.is_name(values):
            return []
        return [NameMatch(name, kind, start, m.end(), head)]

    def clean(
        self, name: str, strip: bool = True, keep_weak: bool = False, drop_owner: bool = False
    ) -> str:
        """The name without the words before it that are no part of it ("In Raqqa" ->
        "Raqqa", "Syrian" -> ""), or empty when nothing of a name is left."""
        words = name.split()
        if strip:
            while words and words[0].lower().strip(".’'") in self.stop:
                words = words[1:]
            if drop_owner and words and re.search(r"[’']s$", words[0]):
                # "Tripoli's Mosque of Sidi Sha'ab": the owner is no part of the name.
                words = words[1:]
        while words and words[-1].lower() in ("of", "the", "and"):
            words = words[:-1]
        if not words:
            return ""
        if not keep_weak and all(w.lower().strip(".") in self.weak for w in words):
            return ""
        return " ".join(words)

    def is_name(self, values: dict) -> bool:
        name = values.get("Name2") or values.get("Name", "")
        return len(name) >= 3

    def is_institution(self, name: str) -> bool:
        """ "Armenian Apostolic Church", "Church of Cyprus", "Church of the Moscow
        Patriarchate": a church body, not a building."""
        words = name.lower().split()
        if self.institution & set(words):
            return True
        # "Church of Cyprus", "Assyrian Church of the East": a church named for its land.
        of = re.search(r"\b(?:church|cathedral) of (?P<land>.+)$", name.lower())
        return bool(of) and (
            of["land"] in self.countries or of["land"].removeprefix("the ") in self.countries
        )


def _compile(template: str, heads: dict[str, dict], data: dict) -> re.Pattern:
    singular = sorted(heads, key=len, reverse=True)
    plural = sorted({h["plural"] for h in heads.values()}, key=len, reverse=True)
    head_any = alternation(singular)
    roles = alternation(data["roles"])
    markets = "|".join(data["market_words"])
    graves = "|".join(data["grave_words"])
    parts = {
        "{Name}": rf"(?P<Name>{_NAME})",
        "{Name2}": rf"(?P<Name2>(?:the[ ])?{_NAME})",
        # After "of", a name may begin with "the": "the Church of the Holy Sepulchre".
        "of {Name}": rf"of[ ](?P<Name>(?:the[ ])?{_NAME})",
        "{Names}": rf"(?P<names>{_NAMES})",
        # A head written capitalized is part of the name; one in lower case only follows
        # "the ... " or precedes "of".
        "{Head}": "(?P<head>" + alternation(h.capitalize() for h in singular) + ")",
        "{head}": rf"(?P<head>(?i:{head_any}))",
        "{heads}": rf"(?P<heads>(?i:{'|'.join(plural)}))",
        # A role is written in lower case ("Sufi scholar"); a capitalized title ("Saint",
        # "Sheikh", "Imam") is part of the name.
        "{role}": rf"(?:{_CAP}[ ])?(?:{roles})",
        "{qualifier}": r"(?:[\w’'-]+)",
        # A period that makes a building heritage: "Ottoman-era", "19th-century", "centuries-old".
        "{era}": r"(?i:[\w-]+-era|[\w-]+-century|centuries-old|[\w-]+-year-old|medieval|historic)",
        "{Prefix}": "(?P<head>" + "|".join(re.escape(p) for p in data["prefix_heads"]) + ")",
        "{ArName}": rf"(?P<Name>{_WORD}(?:[ ](?:{_PARTICLE}[ ])*{_WORD}){{0,3}})",
        "{market}": rf"(?i:{markets})",
        "{grave}": rf"(?P<head>(?i:{graves}))",
        "{role?}": rf"(?:(?:{_CAP}[ ])?(?:{roles})[ ])?",
        # "dedicated to the 18th-century philosopher X": who the building honours.
        "{honoured?}": rf"(?:(?i:the)[ ])?(?:[\w’'-]+[ ])?(?:(?:{roles})[ ])?",
    }
    regex = re.escape(template).replace(r"\ ", " ").replace("'s", "[’']s")
    for placeholder in sorted(parts, key=len, reverse=True):
        regex = regex.replace(re.escape(placeholder).replace(r"\ ", " "), parts[placeholder])
    regex = regex.replace(" ", r"\s+")
    if template.startswith("the "):
        regex = r"(?i:the)" + regex[3:]
    # A name ends at a word boundary, and "X Mosque of Y" belongs to the longer template.
    tail = "" if "of {" in template else r"(?!\s+of\s+[A-Z])"
    return re.compile(rf"{_starting_a_word(regex)}\b(?![’']s\s)(?!-){tail}")


def _starting_a_word(regex: str) -> str:
    """`regex` preceded by a word boundary. Where it starts with a name's capital or with
    "the", the boundary is tested after that first letter, not before it: the same matches,
    but the regex engine can skip to the letters a match starts with instead of testing a
    boundary at every position."""
    name = f"(?P<Name>[{_UPPER}]"
    if regex.startswith(name):
        return name + rf"(?<!\w[{_UPPER}])" + regex[len(name) :]
    if regex.startswith("(?i:the)"):
        return r"[Tt](?<!\w[Tt])(?i:he)" + regex[len("(?i:the)") :]
    return r"\b" + regex


@cache
def patterns() -> NamePatterns:
    data = json.loads(DATA_PATH.read_text(encoding="utf-8"))
    heads = data["heads"]
    plurals = {h["plural"] for h in heads.values()}
    slots = {
        "{Head}": set(heads),
        "{head}": set(heads),
        "{heads}": plurals,
        "{grave}": set(data["grave_words"]),
        "{market}": set(data["market_words"]),
        "{Prefix}": {p.lower().replace("'", "") for p in data["prefix_heads"]}
        | {p.lower().split("'")[0] for p in data["prefix_heads"]},
    }

    def needs(template: str) -> frozenset[str]:
        found = [words for slot, words in slots.items() if slot in template]
        return frozenset().union(*found) if found else frozenset()

    def literals(template: str) -> frozenset[str]:
        plain = re.sub(r"\{[^}]*\}|'s", " ", template).lower().split()
        return frozenset(w for w in plain if w != "the" and w.isalpha())

    compiled = tuple(
        _Pattern(
            regex=_compile(p["pattern"], heads, data),
            needs=needs(p["pattern"]),
            capitalized="{Head}" in p["pattern"] or "{Prefix}" in p["pattern"],
            literals=literals(p["pattern"]),
            roles=tuple(data["roles"]) if "{role}" in p["pattern"] else (),
            name=p["name"],
            kind=p.get("kind"),
            plural="{Names}" in p["pattern"],
            # Holds a lower-case word, and no capitalized run opens it that a headline could
            # have written.
            anchored=not p["pattern"].startswith("{Name} ")
            and bool(re.search(r"(?:^| )(?:of|the)(?: |$)|'s ", p["pattern"])),
        )
        for p in data["patterns"]
    )
    singular = {h["plural"]: word for word, h in heads.items()}
    triggers = set(heads) | set(singular) | set(data["market_words"])
    triggers |= {"ancient", "ruins"}
    return NamePatterns(
        patterns=compiled,
        heads=heads,
        prefix_heads=data["prefix_heads"],
        singular=singular,
        stop=frozenset(data["not_name_words"]),
        weak=frozenset(data["weak_name_words"]),
        institution=frozenset(data["institution_words"]),
        countries=frozenset(data["countries"]),
        part_nouns=frozenset(data["part_nouns"]),
        object_nouns=frozenset(data["object_nouns"]),
        reference_heads=frozenset(data["reference_heads"]),
        trigger_words=frozenset(triggers),
    )


def examples() -> list[dict]:
    """The templates' own sentences and the names they must give (for the tests)."""
    return json.loads(DATA_PATH.read_text(encoding="utf-8"))["patterns"]
