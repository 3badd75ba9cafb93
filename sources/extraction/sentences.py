"""Sentence splitting with character offsets into the cleaned text."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cached_property

from .dates import DateValue, Published, find_dates
from .text import caseless, token_spans

_BOUNDARY_RE = re.compile(r"[.!?]+[\"”’')\]]*(?=\s+[\"“‘'(\[]?[A-Z0-9])")
_ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "gen",
    "lt",
    "col",
    "sgt",
    "capt",
    "maj",
    "cpl",
    "adm",
    "st",
    "mt",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "no",
    "vs",
    "etc",
    "inc",
    "co",
    "corp",
    "jr",
    "sr",
    "rep",
    "sen",
    "gov",
    "pres",
    "approx",
    "fig",
    "ca",
}

# News sentences are rarely over a few hundred characters; a longer run is a flattened table
# or list, or hostile input. Cutting it into pieces keeps every later step linear in the
# article's length (matching within a sentence compares mentions pairwise).
MAX_SENTENCE_CHARS = 1000


@dataclass(frozen=True)
class Sentence:
    """One sentence and, computed once on first use, the views of it that several extraction
    modules read (sites, actors, candidate names): its tokens, its set of words, its
    lower-cased text."""

    index: int
    start: int
    end: int
    text: str
    paragraph: int

    @cached_property
    def tokens(self) -> tuple[tuple[str, int, int], ...]:
        """`text.token_spans`: (folded word, start, end), offsets into `text`."""
        return token_spans(self.text)

    @cached_property
    def token_words(self) -> tuple[str, ...]:
        """The folded words in order, `tokens` without their offsets."""
        return tuple(token for token, _, _ in self.tokens)

    @cached_property
    def words(self) -> frozenset[str]:
        """The folded words, for "does the sentence hold one of these words" tests."""
        return frozenset(self.token_words)

    @cached_property
    def caseless(self) -> str:
        """`text.caseless`: lower case, for substring tests that stand for case-blind ones."""
        return caseless(self.text)

    def dates(
        self, published: dt.date | Published | None, year_hint: int | None
    ) -> list[DateValue]:
        """`dates.find_dates` of the text, found once for a publication and year hint: the
        attack and the claim rules of claims.py both read them (the list is not to be
        changed)."""
        found = self.__dict__.setdefault("_dates", {})
        key = (published, year_hint)
        if key not in found:
            found[key] = find_dates(self.text, published, year_hint)
        return found[key]

    def drop_views(self) -> None:
        """Forget the views once the article is analysed: an Article keeps its sentences
        (and may be sent to another process), and the views would triple its size."""
        for name in _VIEWS:
            self.__dict__.pop(name, None)


_VIEWS = ("tokens", "token_words", "words", "caseless", "_dates")


_INITIALS = re.compile(r"(?:[A-Za-z]\.){1,}[A-Za-z]?")
_CAPITAL_LETTER = re.compile(r"[A-Z]")


def _is_abbreviation(before: str) -> bool:
    # The last word, as `(\S+)$` would find it (a regex anchored at the end would try every
    # position of the paragraph so far: quadratic in a long paragraph).
    if not before or before[-1].isspace():
        return False
    word = before.rsplit(None, 1)[-1].lstrip("(\"“‘'")
    if _INITIALS.fullmatch(word + ".") or _CAPITAL_LETTER.fullmatch(word):
        return True  # U.K. / U.S. / initials
    return word.lower() in _ABBREVIATIONS


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of `text`, each with its [start, end) span; a line break always ends one."""
    sentences: list[Sentence] = []
    offset = 0
    for paragraph_number, paragraph in enumerate(text.split("\n")):
        start = 0
        for match in _BOUNDARY_RE.finditer(paragraph):
            if paragraph[match.start()] == "." and _is_abbreviation(paragraph[: match.start()]):
                continue
            _add(sentences, paragraph, start, match.end(), offset, paragraph_number)
            start = match.end()
        _add(sentences, paragraph, start, len(paragraph), offset, paragraph_number)
        offset += len(paragraph) + 1
    return sentences


def _add(
    out: list[Sentence], paragraph: str, start: int, end: int, offset: int, number: int
) -> None:
    piece = paragraph[start:end]
    stripped = piece.strip()
    if not stripped:
        return
    begin = offset + start + len(piece) - len(piece.lstrip())
    while len(stripped) > MAX_SENTENCE_CHARS:
        cut = stripped.rfind(" ", MAX_SENTENCE_CHARS // 2, MAX_SENTENCE_CHARS)
        if cut == -1:
            cut = MAX_SENTENCE_CHARS
        head = stripped[:cut].rstrip()
        out.append(Sentence(len(out), begin, begin + len(head), head, number))
        rest = stripped[cut:]
        begin += cut + len(rest) - len(rest.lstrip())
        stripped = rest.lstrip()
    out.append(Sentence(len(out), begin, begin + len(stripped), stripped, number))
