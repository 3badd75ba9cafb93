"""Sentence splitting with character offsets into the cleaned text."""

from __future__ import annotations

import re
from dataclasses import dataclass

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
_LAST_WORD_RE = re.compile(r"(\S+)$")


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str
    paragraph: int


def _is_abbreviation(before: str) -> bool:
    match = _LAST_WORD_RE.search(before)
    if not match:
        return False
    word = match.group(1).lstrip("(\"“‘'")
    if re.fullmatch(r"(?:[A-Za-z]\.){1,}[A-Za-z]?", word + ".") or re.fullmatch(r"[A-Z]", word):
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
    lead = len(piece) - len(piece.lstrip())
    begin = offset + start + lead
    out.append(Sentence(len(out), begin, begin + len(stripped), stripped, number))
