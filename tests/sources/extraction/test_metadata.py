import datetime as dt

import pytest

from sources.extraction.dates import Published
from sources.extraction.metadata import (
    ManifestError,
    find_credit,
    find_dateline,
    find_headline,
    parse_date,
    parse_manifest,
    parse_published,
)


def test_headline_is_a_short_first_line_without_a_full_stop():
    assert (
        find_headline("Militants blow up ancient arch\n\nThe arch was destroyed.")
        == "Militants blow up ancient arch"
    )
    assert find_headline("Militants blew up the arch on Friday, officials said.\nMore.") is None


@pytest.mark.parametrize(
    "line", ["Updated Mar 25, 2016", "Published: 25 March 2016", "Last updated on March 25, 2016"]
)
def test_dateline(line):
    day, span = find_dateline(f"Headline\n\n{line}\n\nText.")
    assert day == dt.date(2016, 3, 25)
    assert span is not None


def test_trailing_agency_credit():
    text = "Body text.\n\nTRTWorld, Reuters"
    names, span = find_credit(text)
    assert names == ["TRTWorld", "Reuters"]
    assert text[: span[0]].strip() == "Body text."


def test_a_last_sentence_is_not_a_credit():
    assert find_credit("Body.\n\nThe talks resume next month.") == ([], None)


def test_parse_date_forms():
    assert parse_date("Sept. 3, 2015") == dt.date(2015, 9, 3)
    assert parse_date("3 September 2015") == dt.date(2015, 9, 3)
    assert parse_date("2015-09-03T12:00:00Z") == dt.date(2015, 9, 3)


def test_tsv_manifest():
    rows = parse_manifest(
        "file\turl\toutlet\tpublished\ttitle\na.txt\t\tAFP\t2016-03-25\tT\nb.txt\t\t\t\t\n"
    )
    assert rows["a.txt"].outlet == "AFP"
    assert rows["a.txt"].published == Published.day(dt.date(2016, 3, 25))
    assert rows["b.txt"].published is None


def test_json_manifest_list_and_mapping():
    assert parse_manifest('[{"file": "a.txt", "published": "2016-03-25"}]')[
        "a.txt"
    ].published == Published.day(dt.date(2016, 3, 25))
    assert parse_manifest('{"a.txt": {"outlet": "BBC"}}')["a.txt"].outlet == "BBC"


def test_manifest_errors():
    with pytest.raises(ManifestError, match="file"):
        parse_manifest("name\tdate\nx\ty\n")
    # An unreadable date fails its own file only, when that file is read (not the manifest).
    assert parse_manifest("file\tpublished\na.txt\tsoon\n")["a.txt"].error == (
        "manifest line 2: unreadable date 'soon'"
    )


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2016-03-27", ("2016-03-27", "2016-03-27", "day", "2016-03-27")),
        ("Mar 25, 2016", ("2016-03-25", "2016-03-25", "day", "2016-03-25")),
        ("2015-03", ("2015-03-01", "2015-03-31", "month", "2015-03")),
        ("2016-2", ("2016-02-01", "2016-02-29", "month", "2016-02")),
        ("March 2015", ("2015-03-01", "2015-03-31", "month", "2015-03")),
        ("2015", ("2015-01-01", "2015-12-31", "year", "2015")),
    ],
)
def test_a_publication_date_keeps_its_precision(written, expected):
    published = parse_published(written)
    assert (
        published.earliest.isoformat(),
        published.latest.isoformat(),
        published.precision,
        published.isoformat(),
    ) == expected


@pytest.mark.parametrize("written", ["banana", "2015-13", "0000", "Smarch 2015"])
def test_an_unreadable_publication_date_is_none(written):
    assert parse_published(written) is None


def test_a_manifest_row_with_a_partial_date_is_data_and_a_bad_one_is_its_own_error():
    rows = parse_manifest(
        "file\tpublished\na.txt\t2015-03\nb.txt\t2015\nc.txt\tbanana\n", "MANIFEST.tsv"
    )
    assert rows["a.txt"].published.precision == "month"
    assert rows["b.txt"].published.precision == "year"
    assert (rows["a.txt"].error, rows["b.txt"].error) == (None, None)
    assert rows["c.txt"].published is None
    assert rows["c.txt"].error == "MANIFEST.tsv line 4: unreadable date 'banana'"
