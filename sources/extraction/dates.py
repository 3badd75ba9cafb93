"""Dates written in news text, resolved against the article's publication date.

"on August 23" in a March 2016 article is 2015-08-23 (day); "in May" is the last May; "last
month" is the whole previous month; "one month ago" is an approximate range. A date is never
made more precise than the words allow, and nothing is resolved without a publication date
when the words need one.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from .text import WordPattern, caseless

MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
WEEKDAYS = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
# Words that name a day or a month: never a site's or a person's name.
CALENDAR_WORDS = frozenset(WEEKDAYS) | frozenset(MONTH_NAMES)
NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "several": 3,
    "a few": 3,
}

# Counts and ordinals of years, for anniversaries.
_YEARS_WORDS = {
    **{w: n for w, n in NUMBERS.items() if w not in ("a", "an", "several", "a few")},
    "fifteen": 15,
    "twenty": 20,
    "twenty-five": 25,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
}
_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "fifteenth": 15,
    "twentieth": 20,
    "twenty-fifth": 25,
    "thirtieth": 30,
    "fortieth": 40,
    "fiftieth": 50,
    "sixtieth": 60,
    "seventieth": 70,
    "eightieth": 80,
}

_MONTH = (
    r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
# A month alone, with no day or year, is written in full: "of Mar Elian" is a saint's name.
_MONTH_FULL = (
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|November"
    r"|December)"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_PART = (
    r"(?:(?P<part>(?:early|late) in|early|mid|late|the (?:beginning|start|end|middle) of|"
    r"(?:the )?(?:beginning|start|end|middle) of)[\s-]+)?"
)
_SINCE_BEFORE = re.compile(r"\b(?:[Ee]ver )?[Ss]ince\s+$")

# The case-blind kinds are WordPatterns (text.py): the same matches, found faster.
_PATTERNS: list[tuple[str, re.Pattern | WordPattern]] = [
    (
        "month_day_year",
        re.compile(r"\b" + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR + r"\b"),
    ),
    (
        "day_month_year",
        re.compile(r"\b" + _DAY + r"\s+" + _MONTH + r",?\s+" + _YEAR + r"\b"),
    ),
    ("month_day", re.compile(r"\b" + _MONTH + r"\s+" + _DAY + r"\b(?!,?\s*\d)(?![\d:])")),
    ("day_month", re.compile(r"\b" + _DAY + r"\s+" + _MONTH + r"\b(?!,?\s+\d)")),
    (
        "month_year",
        re.compile(r"\b" + _PART + _MONTH + r",?\s+(?:of\s+)?" + _YEAR + r"\b"),
    ),
    (
        "month",
        re.compile(
            # Case spelled out, not IGNORECASE: the month must stay capitalized ("may" is a verb).
            r"\b(?:[Ll]ate in|[Ee]arly in|[Ii]n|[Dd]uring|[Bb]y|[Uu]ntil|[Ff]rom|[Tt]hrough|"
            r"[Ee]arly|[Ll]ate|[Mm]id|[Oo]f|[Ss]ince|"
            r"[Ll]ast|[Tt]his|[Aa]t)[\s-]+" + _PART + _MONTH_FULL + r"(?![\w-])",
        ),
    ),
    (
        "same_month_year",
        WordPattern(r"in the same month (?:in|of) " + _YEAR + r"\b"),
    ),
    (
        "year",
        WordPattern(
            r"(?:in|during|since|by|until|from|through|of|early|late|mid|as (?:early|late) as|"
            r"between|and|to|till)[\s-]+(?:the year\s+)?" + _PART + _YEAR + r"\b(?!-)"
        ),
    ),
    (
        "weekday",
        re.compile(
            r"\b(?:(?:on|last|this|early|late|since)\s+)?(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
            r"(?:\s+(?:night|morning|evening|afternoon))?\b"
        ),
    ),
    (
        "ago",
        WordPattern(
            r"(?:about |around |some |nearly |almost |roughly )?"
            r"(?P<count>\d+|a few|an?|one|two|three|four|five|six|seven|eight|nine|ten|"
            r"eleven|twelve|"
            r"several)\s+"
            r"(?P<unit>day|week|month|year)s?\s+ago\b"
        ),
    ),
    (
        # "to mark thirty years since the shelling", "the tenth anniversary of the fire": a
        # commemoration falls on the event's day, that many years on.
        "anniversary",
        WordPattern(
            r"(?:(?:mark(?:s|ed|ing)?|commemorat(?:e|es|ed|ing))\s+(?:the\s+)?"
            r"(?P<count>\d+|" + "|".join(_YEARS_WORDS) + r")\s+years\s+since|"
            r"(?P<ordinal>\d+(?:st|nd|rd|th)|" + "|".join(_ORDINALS) + r")\s+anniversary\s+of)"
            r"\b"
        ),
    ),
    (
        "relative",
        WordPattern(
            r"(?P<rel>(?:earlier |later )?(?:this|last|past) (?:week|month|year)|"
            r"today|tonight|yesterday|last night|this (?:morning|afternoon|evening)|"
            r"(?:over |during |at )?(?:the|this|last) weekend|"
            r"(?:in )?recent (?:days|weeks)|(?:earlier|later) this (?:week|month|year)|the day "
            r"before)\b"
        ),
    ),
]


_LEAD_RE = re.compile(r"\b(on|in|by)\s+$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Published:
    """When an article appeared, as precisely as its metadata says: a day, a month or a year.

    News archives often give only "2015-03" or "2015": relative dates in such an article are
    resolved against both ends of the period, so they widen into a range, never a guessed day.
    """

    earliest: dt.date
    latest: dt.date
    precision: str = "day"  # day, month, year

    @classmethod
    def day(cls, day: dt.date) -> Published:
        return cls(day, day, "day")

    @classmethod
    def month(cls, year: int, month: int) -> Published:
        return cls(*_month_span(year, month), "month")

    @classmethod
    def year(cls, year: int) -> Published:
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")

    def isoformat(self) -> str:
        """ "2015-03-27", "2015-03" or "2015": no more precise than what is known."""
        text = self.earliest.isoformat()
        return {"day": text, "month": text[:7], "year": text[:4]}[self.precision]


def publication_bounds(published: dt.date | Published | None) -> tuple[dt.date, dt.date] | None:
    """The first and last day the article may have appeared on (one day when it is known)."""
    if published is None:
        return None
    if isinstance(published, Published):
        return published.earliest, published.latest
    return published, published


def latest_publication_day(published: dt.date | Published | None) -> dt.date | None:
    """The last day the article may have appeared on: nothing it reports happened after it."""
    bounds = publication_bounds(published)
    return bounds[1] if bounds else None


@dataclass(frozen=True, slots=True)
class DateValue:
    earliest: dt.date
    latest: dt.date
    precision: str  # day, month, year, range
    text: str
    start: int = 0
    end: int = 0
    approximate: bool = False
    since: bool = False  # "since May 2015": the event lies between this date and publication
    relative: bool = False  # "on Friday", "today", "one month ago": counted from publication

    @property
    def event_date(self) -> str | None:
        if self.precision == "day":
            return self.earliest.isoformat()
        if self.precision == "month":
            return self.earliest.isoformat()[:7]
        if self.precision == "year":
            return str(self.earliest.year)
        return None

    def overlaps(self, other: DateValue, slack_days: int = 0) -> bool:
        slack = dt.timedelta(days=slack_days)
        return self.earliest - slack <= other.latest and other.earliest - slack <= self.latest


def _month_number(name: str) -> int:
    return MONTHS[name.lower()[:3]]


def _month_span(year: int, month: int) -> tuple[dt.date, dt.date]:
    first = dt.date(year, month, 1)
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return first, following - dt.timedelta(days=1)


def _part_of(first: dt.date, last: dt.date, part: str | None) -> tuple[dt.date, dt.date, str]:
    """Narrow a month or year to "early", "mid" or "late" it; precision becomes a range."""
    if not part:
        return first, last, ""
    part = part.lower()
    if (last - first).days > 31:  # a year: thirds are January-April, May-August, September-December
        y = first.year
        thirds = [
            (dt.date(y, 1, 1), dt.date(y, 4, 30)),
            (dt.date(y, 5, 1), dt.date(y, 8, 31)),
            (dt.date(y, 9, 1), last),
        ]
    else:  # a month: 1-10, 11-20, 21-end
        thirds = [
            (first, first.replace(day=10)),
            (first.replace(day=11), first.replace(day=20)),
            (first.replace(day=21), last),
        ]
    if "early" in part or "beginning" in part or "start" in part:
        lo, hi = thirds[0]
    elif "mid" in part or "middle" in part:
        lo, hi = thirds[1]
    else:
        lo, hi = thirds[2]
    return lo, hi, "range"


def _last_on_or_before(month: int, day: int | None, published: dt.date) -> int:
    """The year of the latest month (and day) not after publication."""
    year = published.year
    if (month, day or 1) > (published.month, published.day if day else 1):
        year -= 1
    return year


def _hinted_year(
    year_hint: int | None, month: int, day: int | None, published: dt.date | None
) -> int | None:
    """The year the article is speaking of ("Last year ... On 12 March ..."), when the day or
    month in it is not after publication."""
    if year_hint is None:
        return None
    if published and (year_hint, month, day or 1) > (
        published.year,
        published.month,
        published.day,
    ):
        return None
    return year_hint


def _resolve(
    kind: str, m: re.Match, published: dt.date | None, year_hint: int | None = None
) -> tuple[dt.date, dt.date, str, bool] | None:
    g = m.groupdict()
    if kind in ("month_day_year", "day_month_year"):
        year, month, day = int(g["year"]), _month_number(g["month"]), int(g["day"])
        try:
            d = dt.date(year, month, day)
        except ValueError:  # "September 31": keep what is sure, the month
            first, last = _month_span(year, month)
            return first, last, "month", False
        return d, d, "day", False
    if kind in ("month_day", "day_month"):
        month, day = _month_number(g["month"]), int(g["day"])
        year = _hinted_year(year_hint, month, day, published)
        if year is None:
            if not published:
                return None
            year = _last_on_or_before(month, day, published)
        try:
            d = dt.date(year, month, day)
        except ValueError:
            return None
        return d, d, "day", False
    if kind == "month_year":
        first, last = _month_span(int(g["year"]), _month_number(g["month"]))
        first, last, narrowed = _part_of(first, last, g.get("part"))
        return first, last, narrowed or "month", False
    if kind == "month":
        month = _month_number(g["month"])
        year = _hinted_year(year_hint, month, None, published)
        if year is not None:
            first, last = _month_span(year, month)
            first, last, narrowed = _part_of(first, last, g.get("part"))
            return first, last, narrowed or "month", False
        if not published:
            return None
        year = _last_on_or_before(month, None, published)
        if (
            m.group(0).lower().startswith("last")
            and year == published.year
            and month == published.month
        ):
            year -= 1
        first, last = _month_span(year, month)
        first, last, narrowed = _part_of(first, last, g.get("part"))
        return first, last, narrowed or "month", False
    if kind == "same_month_year":
        year = int(g["year"])
        return dt.date(year, 1, 1), dt.date(year, 12, 31), "year", False
    if kind == "year":
        year = int(g["year"])
        first, last, narrowed = _part_of(dt.date(year, 1, 1), dt.date(year, 12, 31), g.get("part"))
        return first, last, narrowed or "year", False
    if not published:
        return None
    if kind == "weekday":
        back = (published.weekday() - WEEKDAYS[g["weekday"].lower()]) % 7
        if m.group(0).lower().startswith("last") and back == 0:
            back = 7
        d = published - dt.timedelta(days=back)
        return d, d, "day", False
    if kind == "anniversary":
        if published is None:
            return None
        if g["ordinal"]:
            word = g["ordinal"].lower()
            years = int(word[:-2]) if word[0].isdigit() else _ORDINALS[word]
        else:
            word = g["count"].lower()
            years = int(word) if word.isdigit() else _YEARS_WORDS[word]
        try:
            day = published.replace(year=published.year - years)
        except ValueError:  # 29 February
            day = published.replace(year=published.year - years, day=28)
        # The report may be of the day before: a commemoration is written up the day after.
        return day - dt.timedelta(days=1), day, "range", True
    if kind == "ago":
        count = g["count"].lower()
        n = int(count) if count.isdigit() else NUMBERS.get(count, 1)
        unit = {"day": 1, "week": 7, "month": 30, "year": 365}[g["unit"].lower()]
        centre = published - dt.timedelta(days=n * unit)
        half = dt.timedelta(days=0 if unit == 1 and n <= 2 else max(1, unit // 2))
        return centre - half, min(centre + half, published), "range", True
    rel = re.sub(r"\s+", " ", g["rel"].lower())
    if rel in ("today", "tonight") or rel.startswith("this ") and rel.endswith(("ing", "noon")):
        return published, published, "day", False
    if rel.endswith("weekend"):
        # The last Saturday and Sunday before publication (a Monday piece's "weekend" is the
        # one just past; a Sunday piece's is the one under way).
        sunday = published - dt.timedelta(days=(published.weekday() + 1) % 7)
        return sunday - dt.timedelta(days=1), min(sunday, published), "range", False
    if rel in ("yesterday", "last night", "the day before"):
        d = published - dt.timedelta(days=1)
        return d, d, "day", False
    if "recent" in rel:
        days = 7 if "days" in rel else 28
        return published - dt.timedelta(days=days), published, "range", True
    monday = published - dt.timedelta(days=published.weekday())
    if rel.endswith("week"):
        if rel.startswith(("last", "past")):
            return monday - dt.timedelta(days=7), monday - dt.timedelta(days=1), "range", False
        return monday, published, "range", False
    if rel.endswith("month"):
        if rel.startswith(("last", "past")):
            prev = published.replace(day=1) - dt.timedelta(days=1)
            first, last = _month_span(prev.year, prev.month)
            return first, last, "month", False
        return published.replace(day=1), published, "range", False
    if rel.endswith("year"):
        if rel.startswith(("last", "past")):
            year = published.year - 1
            return dt.date(year, 1, 1), dt.date(year, 12, 31), "year", False
        return dt.date(published.year, 1, 1), published, "range", False
    return None


_MONTH_QUICK = re.compile(r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)")
_YEAR_QUICK = re.compile(r"(?:19|20)\d\d")
_YEAR_WORD = re.compile(r"\b(?:19|20)\d\d\b")
_WEEKDAY_QUICK = re.compile(r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day")
_MONTH_KINDS = {"month_day_year", "day_month_year", "month_day", "day_month", "month_year", "month"}
_RELATIVE_WORDS = (
    "week",
    "month",
    "year",
    "today",
    "tonight",
    "yesterday",
    "night",
    "recent",
    "day before",
    "morning",
    "afternoon",
    "evening",
)
# A sentence with no digit and none of these words (in any case) holds no date: every
# pattern above needs one.
_DIGIT = re.compile(r"\d")
_DATE_WORDS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
               "day", "week", "month", "year", "ago", "night", "morning", "afternoon", "evening",
               "anniversar")  # fmt: skip
_YEAR_KINDS = {"month_day_year", "day_month_year", "month_year", "year", "same_month_year"}
# Words (in any case) without one of which a pattern cannot match: its literal words.
_KIND_WORDS = {
    "relative": ("this ", "last ", "past ", "today", "tonight", "yesterday", "weekend",
                 "recent ", "day before"),
    "anniversary": ("anniversary", "since"),
}  # fmt: skip


def _resolve_against(
    kind: str,
    m: re.Match,
    bounds: tuple[dt.date, dt.date] | None,
    year_hint: int | None = None,
) -> tuple[dt.date, dt.date, str, bool] | None:
    """Resolve one expression against a publication day, or against both ends of a publication
    period ("on Thursday" in an article of March 2015 is a range, not a guessed Thursday)."""
    if bounds is None:
        return _resolve(kind, m, None, year_hint)
    first, last = bounds
    at_last = _resolve(kind, m, last, year_hint)
    relative = ("weekday", "ago", "anniversary", "relative")
    if first == last or at_last is None or kind not in relative:
        # A month or a day without its year is the latest one not after publication.
        return at_last
    at_first = _resolve(kind, m, first, year_hint)
    if at_first is None:
        return at_last
    if at_first[:2] == at_last[:2]:  # "last year" in an article of March 2016: the same 2015
        return at_last
    return at_first[0], at_last[1], "range", at_first[3] or at_last[3]


# A wire story's dateline: the place it was filed from and the day, then a dash ("MOSUL, Iraq,
# June 22 —", "Kyiv, 3 March (Reuters) -"). The day is when the story was filed, not when
# anything in it happened.
_DATELINE = re.compile(
    r"\s*[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}(?:,\s*[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})?"
    r",\s*(?:"
    + _MONTH.replace("?P<month>", "?:")
    + r"\s+[0-3]?\d|[0-3]?\d\s+"
    + _MONTH.replace("?P<month>", "?:")
    + r")(?:,?\s+(?:19|20)\d\d)?\s*(?:\([^()]{1,40}\)\s*)?(?:—|–|--?)\s"
)


def find_dates(
    text: str, published: dt.date | Published | None, year_hint: int | None = None
) -> list[DateValue]:
    """Every date expression in `text` that can be resolved, longest match first, no overlaps.
    `year_hint` is the year the article was last speaking of: a day or month written without a
    year ("on 12 March") is in that year when it can be. "from May 2015 until May 2016" is one
    range."""
    has_digit = bool(_DIGIT.search(text))
    folded = caseless(text)
    if not has_digit and not any(w in folded for w in _DATE_WORDS):
        return []
    bounds = publication_bounds(published)
    published = bounds[1] if bounds else None  # the upper bound of what may have happened
    lowered = text.lower()
    has_month = bool(_MONTH_QUICK.search(text))
    has_year = has_digit and bool(_YEAR_QUICK.search(text))
    found: list[DateValue] = []
    anniversaries: list[DateValue] = []
    taken: list[tuple[int, int]] = []
    if dateline := _DATELINE.match(text):
        taken.append(dateline.span())
    for kind, pattern in _PATTERNS:
        # Cheap checks first: most sentences have no date of most kinds.
        if kind in _MONTH_KINDS and not has_month:
            continue
        if kind in _YEAR_KINDS and not has_year:
            continue
        if kind in ("month_day", "day_month") and not has_digit:
            continue
        if kind in _KIND_WORDS and not any(w in folded for w in _KIND_WORDS[kind]):
            continue
        if kind == "weekday" and not _WEEKDAY_QUICK.search(text):
            continue
        if kind == "ago" and " ago" not in lowered:
            continue
        if kind == "relative" and not any(w in lowered for w in _RELATIVE_WORDS):
            continue
        for m in pattern.finditer(text):
            start, end = m.span()
            if any(start < b and a < end for a, b in taken):
                continue
            hint = year_hint
            if has_year and kind in ("month_day", "day_month", "month"):
                # "took the town in April 1992 and blew it up in August of that year": a year
                # written earlier in the sentence is the one it speaks of.
                written = [int(y.group()) for y in _YEAR_WORD.finditer(text, 0, start)]
                hint = written[-1] if written else year_hint
            resolved = _resolve_against(kind, m, bounds, hint)
            if resolved is None:
                continue
            earliest, latest, precision, approximate = resolved
            if published and earliest > published:
                continue  # a future date is a plan or a typo, never an event already reported
            if published and latest > published:
                latest = published
            words = m.group(0).strip().rstrip(".,")
            since_before = _SINCE_BEFORE.search(text, max(0, start - 12), start)
            since = bool(since_before) or words.lower().startswith("since")
            lead = _LEAD_RE.search(text, max(0, start - 6), start)
            if since_before:
                words, start = text[since_before.start() : start] + words, since_before.start()
            elif lead:
                words, start = lead.group(1) + " " + words, lead.start(1)
            relative = kind in ("weekday", "ago", "anniversary", "relative")
            found.append(
                DateValue(
                    earliest, latest, precision, words, start, end, approximate, since, relative
                )
            )
            taken.append((start, end))
            if kind == "anniversary":
                anniversaries.append(found[-1])
    found.sort(key=lambda d: d.start)
    if anniversaries:
        found = _narrow_to_anniversary(found, anniversaries)
    return _join_ranges(text, found) if len(found) > 1 else found


def _narrow_to_anniversary(
    found: list[DateValue], anniversaries: list[DateValue]
) -> list[DateValue]:
    """ "To mark thirty years since a shell struck the hall one night in 1992": the year and the
    anniversary tell the same time, the year less precisely; the year takes the anniversary's
    days (its words stay)."""
    out = []
    for d in found:
        inside = [
            a
            for a in anniversaries
            if a is not d and d.earliest <= a.earliest and a.latest <= d.latest
        ]
        if inside and d.precision in ("year", "month"):
            d = replace(d, earliest=inside[0].earliest, latest=inside[0].latest, precision="range")
        out.append(d)
    return out


_RANGE_OPEN = re.compile(r"\b(?:from|between)\s+$", re.IGNORECASE)
_RANGE_JOIN = re.compile(r"\s*(?:-|–|—|and|until|till|to|through|up to)?\s*", re.IGNORECASE)
_RANGE_WORDS = re.compile(r"(?:from|between)\s+", re.IGNORECASE)


def _join_ranges(text: str, found: list[DateValue]) -> list[DateValue]:
    """ "from May 2015 until May 2016", "between June 2012 and April 2014": one range, not
    its two ends."""
    out: list[DateValue] = []
    i = 0
    while i < len(found):
        first = found[i]
        second = found[i + 1] if i + 1 < len(found) else None
        if second and not second.relative and first.earliest <= second.latest:
            opener = _RANGE_OPEN.search(text, max(0, first.start - 9), first.start)
            start = opener.start() if opener else first.start
            if (opener or _RANGE_WORDS.match(first.text)) and _RANGE_JOIN.fullmatch(
                text, first.end, second.start
            ):
                out.append(
                    DateValue(
                        first.earliest,
                        second.latest,
                        "range",
                        text[start : second.end],
                        start,
                        second.end,
                        first.approximate or second.approximate,
                    )
                )
                i += 2
                continue
        out.append(first)
        i += 1
    return out


def since_range(value: DateValue, published: dt.date | Published | None) -> DateValue:
    """ "since May 2015": from the start of that date to publication (or open-ended to its end)."""
    latest = latest_publication_day(published) or value.latest
    return DateValue(
        value.earliest,
        max(latest, value.earliest),
        "range",
        value.text,
        value.start,
        value.end,
        value.approximate,
        True,
    )


def intersect(values: list[DateValue]) -> DateValue | None:
    """The most precise date consistent with all of `values`, or None when they disagree."""
    if not values:
        return None
    lo = max(v.earliest for v in values)
    hi = min(v.latest for v in values)
    if lo > hi:
        return None
    best = min(values, key=lambda v: (v.latest - v.earliest).days)
    if best.earliest == lo and best.latest == hi:
        return best
    precision = "day" if lo == hi else "range"
    return DateValue(
        lo, hi, precision, best.text, best.start, best.end, any(v.approximate for v in values)
    )


_EXPLICIT_YEAR = WordPattern(r"(?:19|20)\d\d\b|\b(?:last|this|that|the same|the previous) year\b")


@dataclass
class YearContext:
    """The year an article is speaking of: "Last year Russian forces attacked the Lavra again
    and again. On 12 March ..." puts 12 March in last year. Set by an event sentence that names
    a year, kept while the story goes on (a few sentences, longer when dated events follow)."""

    reach: int = 6
    year: int | None = None
    at: int = -1_000

    # Dates of the event sentences read so far, for "that same weekend": (sentence, date); the
    # phrase names the last time of its kind, a few paragraphs back at most.
    seen: list[tuple[int, DateValue]] = field(default_factory=list)
    same_reach: int = 15

    def hint(self, index: int) -> int | None:
        return self.year if index - self.at <= self.reach else None

    def later_than(
        self, index: int, count: int, unit: str, phrase: str, start: int, end: int
    ) -> DateValue | None:
        """ "Five months later": the latest date of an earlier event sentence (within
        `same_reach`) moved on by that much, at that date's precision (a day stays a day)."""
        for at, d in reversed(self.seen):
            if at >= index:
                continue
            if index - at > self.same_reach or d.precision not in ("day", "month", "year"):
                return None
            unit = unit.lower()
            if unit in ("day", "week"):
                if d.precision != "day":
                    return None
                step = dt.timedelta(days=count * (7 if unit == "week" else 1))
                earliest, latest = d.earliest + step, d.latest + step
            elif unit == "month" and d.precision in ("day", "month"):
                earliest = _add_months(d.earliest.replace(day=1), count)
                latest = _add_months(earliest, 1) - dt.timedelta(days=1)
                precision = "month"
                return DateValue(earliest, latest, precision, phrase, start, end, approximate=True)
            elif unit == "year":
                earliest = dt.date(d.earliest.year + count, 1, 1)
                latest = dt.date(d.earliest.year + count, 12, 31)
                return DateValue(earliest, latest, "year", phrase, start, end, approximate=True)
            else:
                return None
            return DateValue(earliest, latest, d.precision, phrase, start, end, approximate=True)
        return None

    def remember(self, index: int, found: list[DateValue]) -> None:
        self.seen.extend((index, d) for d in found if not d.since)

    def same_as(self, index: int, unit: str, phrase: str, start: int, end: int) -> DateValue | None:
        """ "That same weekend", "on the same day": the latest date of an earlier event
        sentence (within `same_reach`) that is of that unit, as the date of this phrase."""
        unit = unit.lower()
        for at, d in reversed(self.seen):
            if at >= index:
                continue
            if index - at > self.same_reach:
                return None
            if unit == "weekend":
                fits = "weekend" in d.text.lower()
            elif unit in ("day", "night", "morning", "afternoon", "evening"):
                fits = d.precision == "day"
            elif unit == "week":
                fits = d.precision == "day" or "week" in d.text.lower()
            elif unit == "month":
                fits = d.precision in ("day", "month")
            else:
                fits = d.precision in ("day", "month", "year")
            if fits:
                return DateValue(
                    d.earliest,
                    d.latest,
                    d.precision,
                    phrase,
                    start,
                    end,
                    approximate=d.approximate,
                    relative=d.relative,
                )
        return None

    def observe(self, index: int, found: list[DateValue], dated: bool) -> None:
        """After sentence `index` with the dates `found` in it: an event sentence with a year
        sets the context; a dated event without one keeps it alive."""
        years = [d.latest.year for d in found if _EXPLICIT_YEAR.search(d.text)]
        if years:
            self.year, self.at = years[-1], index
        elif dated and self.hint(index) is not None:
            self.at = index


def _add_months(day: dt.date, count: int) -> dt.date:
    """The first of the month `count` months after `day`'s."""
    months = day.year * 12 + day.month - 1 + count
    return dt.date(months // 12, months % 12 + 1, 1)
