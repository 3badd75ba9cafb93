"""Small text helpers shared by the extraction modules: folding and tokens with offsets."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache

# Word characters without the underscore; a possessive "s" after an apostrophe is its own token
# and is skipped by token_spans() so "Palmyra's theatre" reads like "Palmyra theatre".
_TOKEN_RE = re.compile(r"[^\W_]+")
_APOSTROPHES = "'’ʼ`´"
_APOSTROPHE_S = re.compile("[" + _APOSTROPHES + "]s")
_NEEDS_FOLDING = re.compile("[^\x00-\x7f\u2018\u2019\u201c\u201d\u2013\u2014\u2026]")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case, accent-free form of a word or phrase, for case- and accent-blind matching."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def token_spans(text: str) -> tuple[tuple[str, int, int], ...]:
    """(folded token, start, end) for every word of `text`, possessive 's dropped. A sentence's
    are computed once, as `Sentence.tokens`; phrases go through the cached `fold_phrase`."""
    if text.isascii() or not _NEEDS_FOLDING.search(text):
        # Plain English text (curly quotes and dashes allowed): lower() is the fold, offsets hold.
        lowered = text.lower()
        spans = [(m.group(), m.start(), m.end()) for m in _TOKEN_RE.finditer(lowered)]
        if _APOSTROPHE_S.search(lowered):  # most sentences have no possessive: no test per word
            spans = [
                (word, start, end)
                for word, start, end in spans
                if not (word == "s" and start and text[start - 1] in _APOSTROPHES)
            ]
        return tuple(spans)
    out = []
    for match in _TOKEN_RE.finditer(text):
        start, end = match.span()
        word = match.group()
        if word in ("s", "S") and start > 0 and text[start - 1] in _APOSTROPHES:
            continue
        out.append((fold(word), start, end))
    return tuple(out)


@lru_cache(maxsize=8192)
def fold_phrase(text: str) -> tuple[str, ...]:
    """The folded tokens of a phrase, as used for alias keys. Cached: the same site names and
    aliases are folded again and again."""
    return tuple(token for token, _, _ in token_spans(text))


# Letters that a case-blind regular expression takes for an ASCII letter although str.lower()
# does not make them one: dotted and dotless i, long s.
_FOLD_TRAPS = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})


def caseless(text: str) -> str:
    """`text` lower-cased, offsets unchanged, for cheap substring tests before a costly
    case-blind regex: an ASCII word is in it exactly when re.IGNORECASE would find it in
    `text`, so such a test skips the regex only when the regex would find nothing."""
    lowered = text.lower()
    if len(lowered) == len(text) and "\u0131" not in text and "\u017f" not in text:
        return lowered
    return text.translate(_FOLD_TRAPS).lower()


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of the literal `words`, longest first, that matches exactly what
    "|".join(sorted(words, key=len, reverse=True)) does, written as a tree of the words'
    common beginnings ("sa(?:y(?:ing|s)?|id)" for say, saying, says, said). The regex engine
    tries every alternative of a flat list at every position it scans; through the tree it
    tries the few letters that can follow, so a list of a hundred speech verbs costs what a
    handful does. (At any position the words that match are prefixes of one another, and
    both forms try them from the longest down.)"""
    tree: dict = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here
    return _alternation(tree)[0]


def _alternation(node: dict) -> tuple[str, int]:
    """The regex of the words below `node`, and the length of the longest."""
    children = sorted(
        ((char, *_alternation(child)) for char, child in node.items() if char),
        key=lambda c: (-c[2], c[0]),
    )
    depth = max((1 + d for _, _, d in children), default=0)
    branches = [re.escape(char) + regex for char, regex, _ in children]
    if not branches:
        return "", depth
    if len(branches) == 1 and "" not in node:
        return branches[0], depth
    # Greedy "?": the longer words below this point are tried before the one ending here.
    return "(?:" + "|".join(branches) + ")" + ("?" if "" in node else ""), depth


class WordPattern:
    """A case-blind regex that starts at a word boundary (r"\b" + regex with re.IGNORECASE),
    found fast: the same regex, case-sensitive and without the boundary, is searched in the
    text's `caseless` form, where the regex engine can skip to the letters a match starts with
    (a leading boundary, or a first letter of either case, makes it try every position); each
    hit is then matched by the case-blind regex at that position, which tests the boundary and
    gives the match on the text as written. The same matches as the case-blind regex's
    `finditer`, one step more per match. `regex` is written in lower case."""

    def __init__(self, regex: str) -> None:
        letters = re.sub(r"\\[A-Za-z]|\(\?P<\w+>", "", regex)
        if "(?-i" in regex or any(c.isupper() for c in letters):
            raise ValueError(f"a WordPattern is written in lower case: {regex!r}")
        self.exact = re.compile(r"\b" + regex, re.IGNORECASE)
        self.pattern = self.exact.pattern
        self._fast = re.compile(regex)

    def finditer(self, text: str, lowered: str | None = None) -> Iterator[re.Match]:
        """The matches in `text`; `lowered` is `caseless(text)` when the caller has it."""
        lowered = caseless(text) if lowered is None else lowered
        at = 0
        while hit := self._fast.search(lowered, at):
            m = self.exact.match(text, hit.start())
            if m is None:  # inside a word: no boundary before the hit
                at = hit.start() + 1
                continue
            yield m
            at = m.end() if m.end() > m.start() else m.end() + 1

    def search(self, text: str, lowered: str | None = None) -> re.Match | None:
        return next(self.finditer(text, lowered), None)
