import datetime as dt

import pytest

from sources.extraction.dates import Published, YearContext, find_dates, intersect

PUB = dt.date(2016, 3, 25)  # Friday


def one(text, published=PUB):
    found = find_dates(text, published)
    assert len(found) == 1, found
    d = found[0]
    return d.earliest.isoformat(), d.latest.isoformat(), d.precision


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "blown up on August 23.",
            ("2015-08-23", "2015-08-23", "day"),
        ),  # last August 23 before March 2016
        ("seized on March 20.", ("2016-03-20", "2016-03-20", "day")),
        ("destroyed on September 1, 2015.", ("2015-09-01", "2015-09-01", "day")),
        ("destroyed on 1 September 2015.", ("2015-09-01", "2015-09-01", "day")),
        ("seized in May 2015.", ("2015-05-01", "2015-05-31", "month")),
        ("seized it in May.", ("2015-05-01", "2015-05-31", "month")),  # the last May
        ("taken in March.", ("2016-03-01", "2016-03-25", "month")),  # this March, up to publication
        (
            "recaptured on Friday.",
            ("2016-03-25", "2016-03-25", "day"),
        ),  # publication day is a Friday
        ("entered on Thursday.", ("2016-03-24", "2016-03-24", "day")),
        ("photos last month.", ("2016-02-01", "2016-02-29", "month")),
        ("seized last year.", ("2015-01-01", "2015-12-31", "year")),
        ("shelled last week.", ("2016-03-14", "2016-03-20", "range")),
        ("launched earlier this month.", ("2016-03-01", "2016-03-25", "range")),
        ("began in early 2015.", ("2015-01-01", "2015-04-30", "range")),
        ("built in 2009.", ("2009-01-01", "2009-12-31", "year")),
        ("happened yesterday.", ("2016-03-24", "2016-03-24", "day")),
        ("vandals struck this morning.", ("2016-03-25", "2016-03-25", "day")),
        ("blown up over the weekend.", ("2016-03-19", "2016-03-20", "range")),
        ("burned late in December.", ("2015-12-01", "2015-12-31", "month")),
        ("looting began as early as 1998.", ("1998-01-01", "1998-12-31", "year")),
        ("held the fort from May 2014 until May 2015.", ("2014-05-01", "2015-05-31", "range")),
        ("pits dug between June 2012 and April 2014.", ("2012-06-01", "2014-04-30", "range")),
        ("occupied from 2012 to 2014.", ("2012-01-01", "2014-12-31", "range")),
    ],
)
def test_resolution_against_publication(text, expected):
    assert one(text) == expected


def test_ago_is_an_approximate_range():
    found = find_dates("it happened one month ago.", PUB)[0]
    assert found.approximate and found.precision == "range"
    assert found.earliest < dt.date(2016, 2, 24) < found.latest <= PUB


def test_no_day_is_invented_for_an_impossible_date():
    assert one("since September 31, 2015") == ("2015-09-01", "2015-09-30", "month")


def test_words_are_kept_as_stated():
    assert find_dates("the temple was blown up on August 23.", PUB)[0].text == "on August 23"


def test_relative_dates_need_a_publication_date():
    assert find_dates("on Friday, in May, last month, on August 23", None) == []
    assert find_dates("in May 2015", None)[0].precision == "month"


def test_the_modal_may_is_not_a_month():
    assert find_dates("The group may destroy the site. May God protect it.", PUB) == []


def test_since_is_flagged():
    assert find_dates("since May 2015", PUB)[0].since


def test_future_dates_are_dropped():
    assert find_dates("talks on April 13, 2016", PUB) == []


def test_intersect_keeps_the_most_precise_and_detects_conflicts():
    month = find_dates("in May 2015", PUB)[0]
    day = find_dates("on May 20, 2015", PUB)[0]
    assert intersect([month, day]).precision == "day"
    other = find_dates("in July 2015", PUB)[0]
    assert intersect([month, other]) is None


def test_a_year_the_article_speaks_of_dates_a_day_without_one():
    assert one("On 12 March the hall was hit.", PUB) == ("2016-03-12", "2016-03-12", "day")
    found = find_dates("On 12 March the hall was hit.", PUB, year_hint=2014)
    assert [(d.earliest.isoformat(), d.precision) for d in found] == [("2014-03-12", "day")]
    # A hinted day after publication is not taken: the usual reading stands.
    found = find_dates("On 12 May the hall was hit.", PUB, year_hint=2016)
    assert [d.earliest.isoformat() for d in found] == ["2015-05-12"]


def test_year_context_lasts_while_the_story_goes_on():
    years = YearContext()
    last_year = find_dates("Last year the army shelled the old town again and again.", PUB)
    years.observe(0, last_year, True)
    assert years.hint(1) == 2015
    assert years.hint(20) is None
    years.observe(1, find_dates("The museum burned on 4 May.", PUB, years.hint(1)), True)
    assert years.hint(7) == 2015  # kept alive by a dated event


# --- an article whose publication date is known only to the month or the year ----------------

MARCH_2015 = Published.month(2015, 3)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The Thursday before a day somewhere in March 2015: from the one before 1 March
        # (26 February) to the last one in March (26 March). Never one invented Thursday.
        ("shelled on Thursday.", ("2015-02-26", "2015-03-26", "range")),
        ("looted yesterday.", ("2015-02-28", "2015-03-30", "range")),
        ("the museum, damaged today.", ("2015-03-01", "2015-03-31", "range")),
        # What both ends of the month agree on keeps its precision.
        ("looted last month.", ("2015-02-01", "2015-02-28", "month")),
        ("damaged last year.", ("2014-01-01", "2014-12-31", "year")),
        # A month and day without a year: the latest one not after the end of the month.
        ("blown up on March 20.", ("2015-03-20", "2015-03-20", "day")),
        ("blown up on August 23.", ("2014-08-23", "2014-08-23", "day")),
        # A full date needs no publication date; one after the month is not an event yet.
        ("destroyed on 2 March 2015.", ("2015-03-02", "2015-03-02", "day")),
    ],
)
def test_relative_dates_against_a_publication_month(text, expected):
    assert one(text, MARCH_2015) == expected


def test_a_date_after_the_publication_period_is_not_an_event():
    assert find_dates("to be rebuilt on 2 April 2015.", MARCH_2015) == []
    assert find_dates("to be rebuilt on 2 April 2015.", Published.year(2015)) != []


def test_relative_dates_against_a_publication_year():
    # 1 January 2015 was itself a Thursday.
    assert one("shelled on Thursday.", Published.year(2015)) == (
        "2015-01-01",
        "2015-12-31",
        "range",
    )
    assert one("seized in May.", Published.year(2015)) == ("2015-05-01", "2015-05-31", "month")


def test_a_known_day_resolves_as_a_plain_date_does():
    for text in ("shelled on Thursday.", "looted yesterday.", "seized in May."):
        assert one(text, Published.day(PUB)) == one(text, PUB)


@pytest.mark.parametrize(
    "text",
    [
        "Veterans marked the 20th anniversary of the siege.",
        "It was the twentieth anniversary of the siege.",
        "Crowds gathered to mark twenty years since the siege began.",
    ],
)
def test_an_anniversary_is_the_same_day_that_many_years_before(text):
    (d,) = find_dates(text, dt.date(2016, 3, 1))

    # The day itself, or the day before when the commemoration is written up the next day.
    assert (d.earliest, d.latest, d.precision) == (
        dt.date(1996, 2, 29),
        dt.date(1996, 3, 1),
        "range",
    )
    assert d.approximate and d.relative


def test_an_anniversary_needs_a_publication_date():
    assert find_dates("Veterans marked the 20th anniversary of the siege.", None) == []


def test_a_year_told_with_an_anniversary_takes_its_days():
    anniversary, year = find_dates(
        "To mark ten years since the shelling in 2006.", dt.date(2016, 5, 9)
    )

    assert (year.text, year.earliest, year.latest) == (
        "in 2006",
        dt.date(2006, 5, 8),
        dt.date(2006, 5, 9),
    )
    assert (anniversary.earliest, anniversary.latest) == (year.earliest, year.latest)


def test_an_anniversary_of_29_february_in_a_common_year_is_28_february():
    (d,) = find_dates("the tenth anniversary of the siege", dt.date(2016, 2, 29))

    assert d.latest == dt.date(2006, 2, 28)
