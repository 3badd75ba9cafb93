"""Reading article files: decoding, normalization and boilerplate stripping.

Everything here works on bytes and strings only; `read_file` turns one file into one or more
`RawRecord`s (a .jsonl file holds many) or raises `ReadError` with a one-line reason.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

MAX_BYTES = 5 * 1024 * 1024
TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm"}
JSON_SUFFIXES = {".json"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES

# Keys a JSON record may use for its body and metadata (first present wins).
TEXT_KEYS = ("text", "content", "body", "article", "maintext")
META_KEYS = {
    "title": ("title", "headline"),
    "url": ("url", "link", "source_url"),
    "outlet": ("outlet", "source", "sitename", "site", "publisher"),
    "published": ("published", "published_on", "date", "publication_date", "date_publish"),
    "author": ("author", "authors", "byline"),
    "language": ("language", "lang"),
}


class ReadError(Exception):
    """A file that cannot be imported; str() is the one-line reason."""

    def __init__(self, file: str, reason: str):
        super().__init__(f"{file}: {reason}")
        self.file = file
        self.reason = reason

    def __reduce__(self):  # pickled whole (from an extraction process), not from str(self)
        return (type(self), (self.file, self.reason))


@dataclass
class RawRecord:
    """One article as read from disk, before metadata and claim extraction."""

    file: str  # base name, with "#n" for the n-th record of a multi-record file
    text: str  # decoded, not yet normalized
    meta: dict = field(default_factory=dict)
    kind: str = "txt"


# --- decoding -------------------------------------------------------------------------------

_DECLARED_CHARSET_RE = re.compile(rb"""<meta[^>]+charset=["']?([\w-]+)""", re.IGNORECASE)


# Control bytes other than tab, line feed, form feed and carriage return.
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))


def looks_binary(data: bytes) -> bool:
    """NUL bytes or a high share of control bytes: not a text article."""
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 text carries NULs legitimately
        return False
    if b"\x00" in head:
        return True
    control = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return control > len(head) * 0.05


def decode_bytes(data: bytes, file: str, declared: str | None = None) -> str:
    """UTF-8 first, then a charset the file declares, then charset-normalizer's best guess."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ReadError(file, f"undecodable UTF-16 text ({exc.reason})") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    match = _DECLARED_CHARSET_RE.search(data[:4096])
    for charset in filter(None, [declared, match and match.group(1).decode("ascii", "ignore")]):
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            continue
    from charset_normalizer import from_bytes  # imported lazily: only non-UTF-8 files need it

    best = from_bytes(data).best()
    if best is None or best.chaos > 0.2:
        raise ReadError(file, "undecodable: not UTF-8 and no other encoding fits")
    return str(best)


# --- normalization --------------------------------------------------------------------------

_ODD_SPACES = dict.fromkeys(
    map(
        ord,
        "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
        "\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t\v\f",
    ),
    " ",
)
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_LINE_SEPARATORS = {ord("\u2028"): "\n", ord("\u2029"): "\n\n", ord("\r"): "\n"}
_ODD_SPACES_RE = re.compile("[" + "".join(map(chr, _ODD_SPACES)) + "]")
_INVISIBLE_RE = re.compile("[" + "".join(map(chr, _INVISIBLE)) + "]")
_LINE_SEPARATORS_RE = re.compile("[\u2028\u2029\r]")
_SPACES_RE = re.compile(r" {2,}")
_BLANKS_RE = re.compile(r"\n{3,}")


def normalize_text(text: str) -> str:
    """NFC, one kind of space, no invisible characters, trimmed lines, at most one blank line."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n"))
    # Regular expressions rather than str.translate with a dict: much faster on long texts.
    text = _LINE_SEPARATORS_RE.sub(lambda m: "\n\n" if m.group() == "\u2029" else "\n", text)
    text = _INVISIBLE_RE.sub("", _ODD_SPACES_RE.sub(" ", text))
    # The substring tests skip a regex scan of every line or text with nothing to replace.
    lines = [
        (_SPACES_RE.sub(" ", line) if "  " in line else line).strip() for line in text.split("\n")
    ]
    return _squeeze_blank_lines("\n".join(lines))


def _squeeze_blank_lines(text: str) -> str:
    return (_BLANKS_RE.sub("\n\n", text) if "\n\n\n" in text else text).strip()


# --- boilerplate ----------------------------------------------------------------------------

# A paragraph matching any of these is site furniture, never article text.
_BOILERPLATE_RES = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"\bcookies?\b.*\b(website|browser|consent|opt[- ]?out|experience|accept|analytics|"
        r"advertis)",
        r"\b(website|browser|consent|accept)\b.*\bcookies?\b",
        r"\bprivacy (policy|overview|notice|settings|statement)\b",
        r"\bcookies? (policy|settings|notice|preferences|consent)\b",
        r"\bGDPR\b",
        r"\bby continuing to (use|browse)\b",
        r"^(accept|reject|read more|accept all|decline|manage (cookies|preferences|consent))\W*$",
        r"\b(comments? (are|is) (moderated|welcome|closed|open)|submission guidelines"
        r"|by submitting a comment|pseudonyms? will|first and last names will appear"
        r"|thoughtful and respectful conversations?|right to close comments"
        r"|community guidelines|comment(ing)? policy)\b",
        r"\b(sign up|subscribe) (for|to) (our|the) newsletter\b",
        r"\ball rights reserved\b|^copyright\b|^©",
        r"^(share (this|on)|follow us|advertisement|related (articles|stories|coverage)|"
        r"read more|click here|listen to this article)\b.{0,60}$",
    )
]
# Short caption-credit lines: "Photo Getty Images", "Photo by: AFP (Archive)", "Image: Reuters".
_CREDIT_LINE_RE = re.compile(
    r"^(photo|photos|image|images|picture|pictures|credit|photograph|video|file photo)"
    r"(\s+by|\s+credit)?\s*[:\-–]?\s*[\w .,&'/()+-]{0,60}$",
    re.IGNORECASE,
)
# A photographer credit glued to the end of a caption: "... on Friday. Gustau Nacarino/Reuters"
_TRAILING_CREDIT_RE = re.compile(
    r"(?<=[.!?\"”)])\s+[A-Z][\w.'-]+(?: [A-Z][\w.'-]+){0,3}/[A-Z][\w .'&-]{1,40}$"
)


_BOILERPLATE_HINTS = (
    "cookie", "privacy", "gdpr", "continuing to", "accept", "reject", "read more", "decline",
    "manage",
    "comment", "submission", "pseudonym", "first and last", "thoughtful", "guidelines", "sign up",
    "subscribe", "rights reserved", "copyright", "©", "share", "follow us", "advertisement",
    "related",
    "click here", "listen to",
)  # fmt: skip


def is_boilerplate(paragraph: str) -> bool:
    """True for cookie and privacy banners, comment policies, caption credits and the like."""
    if _CREDIT_LINE_RE.match(paragraph) and len(paragraph.split()) <= 8:
        return True
    lowered = paragraph.lower()
    if not any(hint in lowered for hint in _BOILERPLATE_HINTS):
        return False
    return any(pattern.search(paragraph) for pattern in _BOILERPLATE_RES)


def strip_boilerplate(text: str) -> str:
    """Drop boilerplate paragraphs and trailing photo credits from normalized text."""
    kept = []
    for paragraph in text.split("\n"):
        if paragraph and is_boilerplate(paragraph):
            continue
        kept.append(_TRAILING_CREDIT_RE.sub("", paragraph) if "/" in paragraph else paragraph)
    return _squeeze_blank_lines("\n".join(kept))


# --- files ----------------------------------------------------------------------------------


def _pick(record: dict, keys: tuple[str, ...]):
    for key in keys:
        value = record.get(key)
        if value not in (None, "", []):
            return ", ".join(map(str, value)) if isinstance(value, list) else value
    return None


def _record_from_json(obj, file: str) -> RawRecord:
    if not isinstance(obj, dict):
        raise ReadError(file, "JSON record is not an object")
    text = _pick(obj, TEXT_KEYS)
    if not isinstance(text, str) or not text.strip():
        raise ReadError(file, f"JSON record has no text (expected one of: {', '.join(TEXT_KEYS)})")
    meta = {name: _pick(obj, keys) for name, keys in META_KEYS.items()}
    for name, value in meta.items():
        if value is not None and not isinstance(value, str):
            raise ReadError(
                file, f"JSON record field {name!r} must be text, not {_json_type(value)}"
            )
    return RawRecord(file=file, text=text, meta={k: v for k, v in meta.items() if v}, kind="json")


def _json_type(value) -> str:
    return {
        bool: "true/false",
        int: "a number",
        float: "a number",
        list: "a list",
        dict: "an object",
    }.get(type(value), type(value).__name__)


def _records_from_html(markup: str, file: str) -> list[RawRecord]:
    import trafilatura  # imported lazily: slow to import and only HTML needs it

    extracted = trafilatura.extract(
        markup,
        output_format="json",
        with_metadata=True,
        include_comments=False,
        favor_precision=True,
    )
    if not extracted:
        raise ReadError(file, "no article text found in the HTML page")
    data = json.loads(extracted)
    meta = {
        "title": data.get("title"),
        "url": data.get("source") or data.get("url"),
        "outlet": data.get("sitename") or data.get("source-hostname") or data.get("hostname"),
        "published": data.get("date"),
        "author": data.get("author"),
        "language": data.get("language"),
    }
    return [
        RawRecord(
            file=file,
            text=data.get("text") or "",
            meta={k: v for k, v in meta.items() if v},
            kind="html",
        )
    ]


def parse_records(data: bytes, name: str) -> list[RawRecord]:
    """Decode and split `data` (the bytes of a file called `name`) into raw records."""
    suffix = Path(name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ReadError(
            name, f"unknown extension {suffix or '(none)'!r}; expected .txt, .html, .json or .jsonl"
        )
    if len(data) > MAX_BYTES:
        raise ReadError(
            name, f"too large ({len(data) / 1048576:.1f} MB, limit {MAX_BYTES // 1048576} MB)"
        )
    if not data.strip():
        raise ReadError(name, "empty file")
    if looks_binary(data):
        raise ReadError(name, "binary file, not text")
    text = decode_bytes(data, name)
    if suffix in TEXT_SUFFIXES:
        return [RawRecord(file=name, text=text)]
    if suffix in HTML_SUFFIXES:
        return _records_from_html(text, name)
    if suffix in JSON_SUFFIXES:
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ReadError(name, f"invalid JSON ({exc.msg} at line {exc.lineno})") from None
        if isinstance(obj, list):
            if not obj:
                raise ReadError(name, "no records (an empty JSON list)")
            return [_record_from_json(item, f"{name}#{i}") for i, item in enumerate(obj, 1)]
        return [_record_from_json(obj, name)]
    records = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ReadError(name, f"invalid JSON on line {number} ({exc.msg})") from None
        records.append(_record_from_json(obj, f"{name}#{number}"))
    if not records:
        raise ReadError(name, "empty file")
    return records


def read_file(path: str | Path) -> list[RawRecord]:
    """Read one article file; raises ReadError naming the file and the reason."""
    path = Path(path)
    name = path.name
    if not path.is_file():
        raise ReadError(name, "no such file")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ReadError(
            name, f"too large ({size / 1048576:.1f} MB, limit {MAX_BYTES // 1048576} MB)"
        )
    return parse_records(path.read_bytes(), name)
