"""Small text helpers shared by the extraction modules: folding and tokens with offsets."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Word characters without the underscore; a possessive "s" after an apostrophe is its own token
# and is skipped by token_spans() so "Palmyra's theatre" reads like "Palmyra theatre".
_TOKEN_RE = re.compile(r"[^\W_]+")
_APOSTROPHES = "'’ʼ`´"
_NEEDS_FOLDING = re.compile("[^\x00-\x7f\u2018\u2019\u201c\u201d\u2013\u2014\u2026]")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case, accent-free form of a word or phrase, for case- and accent-blind matching."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


@lru_cache(maxsize=2048)
def token_spans(text: str) -> tuple[tuple[str, int, int], ...]:
    """(folded token, start, end) for every word of `text`, possessive 's dropped. Cached: the
    site and the actor matchers both read every sentence."""
    if not _NEEDS_FOLDING.search(text):
        # Plain English text (curly quotes and dashes allowed): lower() is the fold, offsets hold.
        lowered = text.lower()
        out = []
        for match in _TOKEN_RE.finditer(lowered):
            start, end = match.span()
            if (
                end - start == 1
                and lowered[start] == "s"
                and start
                and text[start - 1] in _APOSTROPHES
            ):
                continue
            out.append((match.group(), start, end))
        return tuple(out)
    out = []
    for match in _TOKEN_RE.finditer(text):
        start, end = match.span()
        word = match.group()
        if word in ("s", "S") and start > 0 and text[start - 1] in _APOSTROPHES:
            continue
        out.append((fold(word), start, end))
    return tuple(out)


def fold_phrase(text: str) -> tuple[str, ...]:
    """The folded tokens of a phrase, as used for alias keys."""
    return tuple(token for token, _, _ in token_spans(text))
