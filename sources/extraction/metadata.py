"""Article metadata: from a manifest, or from the text itself (headline, dateline, credit)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

from .dates import MONTHS, Published

MANIFEST_FIELDS = ("file", "url", "outlet", "published", "title")

_MONTH_RE = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATELINE_RE = re.compile(
    r"^(?:(?:last\s+)?updated|published|posted|first published|"
    r"modified)(?:\s+on)?\s*:?\s*(?P<rest>.{6,60})$",
    re.IGNORECASE,
)
_KNOWN_AGENCIES = {
    "afp",
    "reuters",
    "ap",
    "associated press",
    "agence france-presse",
    "sana",
    "dpa",
    "anadolu",
    "efe",
    "ansa",
    "xinhua",
    "tass",
    "interfax",
    "upi",
    "getty images",
}


@dataclass
class ManifestRow:
    file: str
    url: str | None = None
    outlet: str | None = None
    published: Published | None = None
    title: str | None = None
    # A row whose metadata cannot be read ("published: banana") fails its own file only.
    error: str | None = None


class ManifestError(ValueError):
    pass


def parse_date(value) -> dt.date | None:
    """A calendar date from ISO text, "Mar 25, 2016", "25 March 2016" and other common forms."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    match = re.search(
        _MONTH_RE + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})", text, re.IGNORECASE
    )
    if not match:
        match = re.search(
            r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH_RE + r",?\s+(?P<year>\d{4})",
            text,
            re.IGNORECASE,
        )
    if match:
        try:
            return dt.date(
                int(match.group("year")),
                MONTHS[match.group("month").lower()[:3]],
                int(match.group("day")),
            )
        except (KeyError, ValueError):
            return None
    import dateparser  # only for unusual forms: slow to import

    parsed = dateparser.parse(
        text, settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]}
    )
    return parsed.date() if parsed else None


_YEAR_MONTH_RE = re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})")
_MONTH_YEAR_RE = re.compile(_MONTH_RE + r",?\s+(?P<year>\d{4})", re.IGNORECASE)


def parse_published(value) -> Published | None:
    """A publication date as precisely as it is written: "2016-03-27" and "Mar 25, 2016" are
    days; "2015-03", "March 2015" a month; "2015" a year. None when it cannot be read."""
    if value is None or value == "":
        return None
    if isinstance(value, Published):
        return value
    text = str(value).strip()
    try:
        if re.fullmatch(r"\d{4}", text):
            return Published.year(int(text))
        if match := _YEAR_MONTH_RE.fullmatch(text):
            return Published.month(int(match["year"]), int(match["month"]))
        if match := _MONTH_YEAR_RE.fullmatch(text):
            return Published.month(int(match["year"]), MONTHS[match["month"].lower()[:3]])
    except ValueError:  # "2015-13", "0000"
        return None
    day = parse_date(text)
    return Published.day(day) if day else None


def find_dateline(text: str) -> tuple[dt.date | None, tuple[int, int] | None]:
    """An "Updated Mar 25, 2016" style line among the first lines: its date and its span."""
    offset = 0
    for number, line in enumerate(text.split("\n")):
        if number > 12:
            break
        match = _DATELINE_RE.match(line)
        if match:
            day = parse_date(match.group("rest"))
            if day:
                return day, (offset, offset + len(line))
        offset += len(line) + 1
    return None, None


def find_headline(text: str) -> str | None:
    """The first line when it reads like a headline: short, and not a finished sentence."""
    first = text.split("\n", 1)[0].strip()
    if not first or len(first.split()) > 20 or len(first) > 160:
        return None
    if first[-1] in ".!?\"”'’":
        return None
    return first


_CREDIT_LINE_RE = re.compile(
    r"^[A-Z][\w&.'-]*(?: [A-Z][\w&.'-]*){0,3}(?:\s*[,/;|]\s*[A-Z][\w&.'-]*(?: "
    r"[A-Z][\w&.'-]*){0,3}){0,4}$"
)


def find_credit(text: str) -> tuple[list[str], tuple[int, int] | None]:
    """A trailing agency credit line ("TRTWorld, Reuters"): its names and its span."""
    stripped = text.rstrip()
    start = stripped.rfind("\n") + 1
    line = stripped[start:].strip()
    if not line or len(line.split()) > 6 or not _CREDIT_LINE_RE.match(line):
        return [], None
    names = [part.strip() for part in re.split(r"[,/;|]", line) if part.strip()]
    if len(names) < 2 and names[0].lower() not in _KNOWN_AGENCIES:
        return [], None
    return names, (start, len(stripped))


def is_agency(name: str) -> bool:
    return name.strip().lower() in _KNOWN_AGENCIES


# --- manifests ------------------------------------------------------------------------------


def _row(data: dict, where: str) -> ManifestRow:
    lowered = {
        str(k).strip().lower(): (str(v).strip() if v is not None else "") for k, v in data.items()
    }
    file = lowered.get("file") or lowered.get("filename") or lowered.get("path")
    if not file:
        raise ManifestError(f"{where}: no file name")
    written = lowered.get("published") or lowered.get("date") or lowered.get("published_on")
    published = parse_published(written)
    return ManifestRow(
        file=Path(file).name,
        url=lowered.get("url") or None,
        outlet=lowered.get("outlet") or lowered.get("source") or None,
        published=published,
        title=lowered.get("title") or None,
        error=f"{where}: unreadable date {written!r}" if written and not published else None,
    )


def parse_manifest(text: str, name: str = "manifest") -> dict[str, ManifestRow]:
    """Rows of a TSV (header: file, url, outlet, published, title) or JSON manifest, by file
    name."""
    stripped = text.lstrip("\ufeff").strip()
    rows: list[ManifestRow] = []
    if stripped.startswith(("[", "{")):
        try:
            data = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise ManifestError(f"{name}: invalid JSON ({exc.msg})") from None
        if isinstance(data, dict) and not {"file", "filename", "path"} & set(data):
            # {"article.txt": {...metadata...}, ...}
            for key, value in data.items():
                if not isinstance(value, dict):
                    raise ManifestError(f"{name}: the entry for {key!r} is not an object")
            data = [dict(value, file=key) for key, value in data.items()]
        elif isinstance(data, dict):
            data = [data]
        for i, item in enumerate(data, 1):
            if not isinstance(item, dict):
                raise ManifestError(f"{name}: entry {i} is not an object")
            rows.append(_row(item, f"{name} entry {i}"))
    else:
        reader = csv.DictReader(io.StringIO(stripped), delimiter="\t")
        if not reader.fieldnames or not {"file", "filename", "path"} & {
            f.strip().lower() for f in reader.fieldnames
        }:
            raise ManifestError(f"{name}: the header must name a 'file' column")
        for i, item in enumerate(reader, 2):
            rows.append(_row(item, f"{name} line {i}"))
    return {row.file: row for row in rows}


def read_manifest(path: str | Path) -> dict[str, ManifestRow]:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ManifestError(f"{path.name}: cannot read manifest ({exc})") from None
    return parse_manifest(text, path.name)
