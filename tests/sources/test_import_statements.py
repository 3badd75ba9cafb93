"""Statements on import: one Evidence per claimant, disagreements named, the report's dates
and confidence derived from them, and curators' settlements kept across re-imports."""

import datetime as dt

import pytest

from heritage.models import Confidence, DamageReport, HeritageSite
from heritage.services import report_settle
from sources.services import import_articles
from tests.factories import EvidenceFactory, SiteFactory
from tests.statements_data import import_and_publish_seeds

pytestmark = pytest.mark.django_db

CHIEF = (
    "Museum destroyed\n\nUpdated Mar 25, 2016\n\n"
    "Islamic State militants blew up the Mosul Museum, activists say. "
    "Iraq's antiquities chief said the museum was blown up on August 23, 2015. "
)
MONITOR = "The Syrian Observatory for Human Rights reported that it happened one month ago."


@pytest.fixture
def museum(db):
    return SiteFactory(
        name="Mosul Museum", slug="mosul-museum", kind=HeritageSite.Kind.MUSEUM, country="IQ"
    )


def write(folder, name, text):
    (folder / name).write_text(text, encoding="utf-8")


def test_seeds_baalshamin_is_contested_with_both_claimants_apart(reviewer):
    report = import_and_publish_seeds(reviewer)
    assert report.review_status == DamageReport.ReviewStatus.PUBLISHED
    assert report.confidence == Confidence.CONTESTED
    # From late July (a month before the chief's date, counted from the live blog's entry)
    # to 23 August 2015.
    assert report.event_date_earliest <= dt.date(2015, 7, 25)
    assert report.event_date_latest == dt.date(2015, 8, 23)
    assert report.date_precision == "range" and report.date_approximate
    assert report.disagreements == [
        {
            "kind": "date",
            "text": "date: Maamoun Abdulkarim (AFP) 23 Aug 2015; "
            "Syrian Observatory for Human Rights about one month earlier",
            "settled": False,
        }
    ]
    rows = {e.attributed_to.name: e for e in report.evidence.exclude(attributed_to=None)}
    chief = rows["Maamoun Abdulkarim"]
    monitor = rows["Syrian Observatory for Human Rights"]
    assert chief.pk != monitor.pk
    assert (chief.stated_date_earliest, chief.stated_date_precision) == (
        dt.date(2015, 8, 23),
        "day",
    )
    assert chief.via == "AFP" and len(chief.spans) == 2
    assert monitor.stated_date_anchored_on == dt.date(2015, 8, 23)
    assert monitor.stated_date_latest < dt.date(2015, 8, 20)
    # The perpetrator does not speak for the officials' sentence.
    assert not report.evidence.filter(
        attributed_to__name="Islamic State", quote__contains="Syrian officials and activists"
    ).exists()


def test_imagery_does_not_settle_a_date_disagreement(tmp_path, museum):
    write(tmp_path, "a.txt", CHIEF + MONITOR + " Satellite images have confirmed the destruction.")
    import_articles(paths=[tmp_path])
    report = DamageReport.objects.get()
    assert report.confidence == Confidence.CONTESTED
    assert [d["kind"] for d in report.disagreements] == ["date"]
    assert report.evidence.filter(confirms=True).exists()


def test_imagery_confirms_what_happened(tmp_path, museum):
    write(
        tmp_path,
        "a.txt",
        "Islamic State militants destroyed the Mosul Museum, Iraqi officials said. "
        "The Syrian Observatory for Human Rights said the museum was only damaged. "
        "Satellite images confirmed the destruction.",
    )
    import_articles(paths=[tmp_path])
    report = DamageReport.objects.get()
    assert [d["kind"] for d in report.disagreements] == ["event"]
    assert report.confidence == Confidence.CONFIRMED


def test_disagreement_across_sources(tmp_path, museum):
    write(tmp_path, "a.txt", CHIEF)
    import_articles(paths=[tmp_path])
    report = DamageReport.objects.get()
    assert report.disagreements == []
    write(
        tmp_path,
        "b.txt",
        "Museum damaged\n\nUpdated Mar 26, 2016\n\n"
        "The Syrian Observatory for Human Rights said the Mosul Museum was only damaged on "
        "August 23, 2015.",
    )
    import_articles(paths=[tmp_path])
    report.refresh_from_db()
    assert DamageReport.objects.count() == 1
    assert report.confidence == Confidence.CONTESTED
    assert report.disagreements == [
        {
            "kind": "event",
            "text": "event: activists destroyed; Iraq's antiquities chief destroyed; "
            "Syrian Observatory for Human Rights damaged",
            "settled": False,
        }
    ]


def test_settlement_survives_reimport(tmp_path, museum, curator):
    write(tmp_path, "a.txt", CHIEF + MONITOR)
    import_articles(paths=[tmp_path])
    report = DamageReport.objects.get()
    assert report.confidence == Confidence.CONTESTED
    chief = report.evidence.get(stated_date_precision="day")
    report_settle(
        report=report, kind="date", chosen=chief, note="The ministry's own record.", user=curator
    )
    report.refresh_from_db()
    settled = (report.event_date_earliest, report.event_date_latest, report.date_precision)
    assert settled == (dt.date(2015, 8, 23), dt.date(2015, 8, 23), "day")
    assert report.confidence == Confidence.CLAIMED
    assert report.disagreements[0]["settled"] is True

    # The same article again changes nothing; another source is added and flags the report,
    # the disagreements are derived again, and the curator's decision stands.
    import_articles(paths=[tmp_path])
    write(
        tmp_path,
        "b.txt",
        "Museum destroyed\n\nUpdated Mar 26, 2016\n\n"
        "Islamic State militants destroyed the Mosul Museum, the Syrian Observatory for Human "
        "Rights said.",
    )
    import_articles(paths=[tmp_path])
    report.refresh_from_db()
    assert report.evidence.count() == 4
    assert report.needs_another_look
    assert (report.event_date_earliest, report.event_date_latest, report.date_precision) == (
        settled
    )
    assert report.confidence == Confidence.CLAIMED
    assert [(d["kind"], d["settled"]) for d in report.disagreements] == [("date", True)]
    assert report.settlements.get().note == "The ministry's own record."


def test_settling_needs_a_reason_and_a_statement_of_the_report(tmp_path, museum, curator):
    from django.core.exceptions import ValidationError

    write(tmp_path, "a.txt", CHIEF + MONITOR)
    import_articles(paths=[tmp_path])
    report = DamageReport.objects.get()
    with pytest.raises(ValidationError):
        report_settle(report=report, kind="date", chosen=None, note=" ", user=curator)
    elsewhere = EvidenceFactory()  # a statement of another report
    with pytest.raises(ValidationError, match="statement of this report"):
        report_settle(report=report, kind="date", chosen=elsewhere, note="x", user=curator)
    assert not report.settlements.exists()


def test_merging_reports_names_their_disagreement(tmp_path, museum, reviewer):
    from heritage.services import report_merge

    write(tmp_path, "a.txt", CHIEF)
    write(
        tmp_path,
        "b.txt",
        "Museum destroyed\n\nUpdated Mar 26, 2016\n\n"
        "Islamic State militants blew up the Mosul Museum on July 20, 2015, the Syrian "
        "Observatory for Human Rights said.",
    )
    import_articles(paths=[tmp_path])
    # A month apart: the importer took them for two events.
    first, second = DamageReport.objects.order_by("event_date_latest")
    assert first.disagreements == second.disagreements == []
    target = report_merge(target=second, others=[first], user=reviewer)
    target.refresh_from_db()
    assert target.confidence == Confidence.CONTESTED
    assert target.disagreements == [
        {
            "kind": "date",
            "text": "date: Iraq's antiquities chief 23 Aug 2015; "
            "Syrian Observatory for Human Rights 20 Jul 2015",
            "settled": False,
        }
    ]


def test_a_whole_damaged_through_its_parts_is_no_event_disagreement(reviewer):
    """On the seeds Palmyra is said destroyed by some and damaged, through its destroyed
    statues and temples, by others: the stored statements say which damage was of parts, so
    the report names no event disagreement."""
    import_and_publish_seeds(reviewer)
    palmyra = DamageReport.objects.filter(site__slug="palmyra")
    assert palmyra.exists()
    assert palmyra.filter(evidence__asserted_of_parts=True).exists()
    for report in palmyra:
        assert [d for d in report.disagreements if d["kind"] == "event"] == [], report.disagreements


def test_statement_rows_read_as_the_orm_reads_them_with_the_sql_reused(db):
    """The statements read runs SQL compiled once per number of reports: a second call with
    other ids reads those reports' rows, with the ORM's values and types (dates, booleans)."""
    from django.db.models import Count, Max, Min

    from heritage.models import Evidence
    from sources.services import _STATEMENT_FIELDS, _STATEMENTS_SQL, _statement_rows

    first = EvidenceFactory(
        stated_date_text="on 23 August 2015",
        stated_date_earliest=dt.date(2015, 8, 23),
        stated_date_latest=dt.date(2015, 8, 23),
        stated_date_precision="day",
        confirms=True,
        asserted_of_parts=True,
    )
    for start in (30, 60):  # one statement, in two places
        EvidenceFactory(
            report=first.report,
            source=first.source,
            attribution_text="a witness",
            char_start=start,
            char_end=start + 20,
        )
    other = EvidenceFactory(stated_date_approximate=True)
    _STATEMENTS_SQL.clear()

    def orm(ids):
        return list(
            Evidence.objects.filter(report_id__in=ids)
            .values(*_STATEMENT_FIELDS)
            .annotate(first=Min("id"), copies=Count("id"), newest=Max("id"))
            .order_by("first")
        )

    for ids in ([first.report_id], [other.report_id]):  # the second reuses the SQL
        rows = _statement_rows(ids)
        assert rows == orm(ids)
        assert [type(v) for r in rows for v in r.values()] == [
            type(v) for r in orm(ids) for v in r.values()
        ]
    assert len(_STATEMENTS_SQL) == 1
    rows = _statement_rows([first.report_id])
    assert len(rows) == 2  # the witness's two copies are one row
    assert rows[0]["stated_date_earliest"] == dt.date(2015, 8, 23)
    assert rows[0]["confirms"] is True and rows[0]["asserted_of_parts"] is True
    both = _statement_rows(sorted([first.report_id, other.report_id]))
    assert {r["report_id"] for r in both} == {first.report_id, other.report_id}


def test_statement_rows_of_new_evidence_are_those_the_database_gives(db):
    """A report the article has just created is not read back: its rows, built from the
    Evidence objects, equal the rows read, copies grouped and in the same order."""
    from heritage.models import Evidence
    from sources.services import _statement_rows, statement_rows_of
    from tests.factories import ActorFactory

    actor = ActorFactory(name="Maamoun Abdulkarim")
    first = EvidenceFactory(
        attributed_to=actor,
        attribution_text="Maamoun Abdulkarim",
        via="AFP",
        stated_date_text="on 23 August 2015",
        stated_date_earliest=dt.date(2015, 8, 23),
        stated_date_latest=dt.date(2015, 8, 23),
        stated_date_precision="day",
        asserted_event_type="destroyed",
        confirms=True,
    )
    for start in (30, 60):  # one statement, in two places: one row
        EvidenceFactory(
            report=first.report, source=first.source, attribution_text="a witness",
            char_start=start, char_end=start + 20, stated_date_approximate=True,
        )  # fmt: skip
    EvidenceFactory(report=first.report, source=first.source, asserted_of_parts=True)
    other = EvidenceFactory(stated_date_anchored_on=dt.date(2016, 3, 1))
    ids = [first.report_id, other.report_id]
    saved = list(
        Evidence.objects.filter(report_id__in=ids)
        .select_related("source", "attributed_to")
        .order_by("id")
    )
    built = statement_rows_of(saved, ids)
    read: dict[int, list] = {pk: [] for pk in ids}
    for row in _statement_rows(sorted(ids)):
        del row["copies"], row["newest"]
        read[row["report_id"]].append(row)
    assert built == read
    assert [len(built[pk]) for pk in ids] == [3, 1]
    assert [type(v) for r in built[first.report_id] for v in r.values()] == [
        type(v) for r in read[first.report_id] for v in r.values()
    ]


CHIEF_AGAIN = (
    "Museum\n\nUpdated Mar 26, 2016\n\n"
    "Iraq's antiquities chief said the Mosul Museum was blown up on August 22, 2015."
)


def statement_reads(queries) -> tuple[int, int]:
    """(statement reads, evidence counts) among `queries`: both group the evidence, only the
    first takes each statement's first id."""
    grouped = [
        q["sql"] for q in queries if '"heritage_evidence"' in q["sql"] and "GROUP BY" in q["sql"]
    ]
    reads = sum('MIN("heritage_evidence"."id")' in sql for sql in grouped)
    return reads, len(grouped) - reads


def test_a_run_reads_no_statements_it_has_written(tmp_path, museum):
    """A report an earlier article of the run created or read is not read again: one count
    shows nobody else changed its evidence meanwhile; what is derived is what a full read
    gives."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sources.services import reports_derive_statements

    write(tmp_path, "a.txt", CHIEF)
    write(tmp_path, "b.txt", CHIEF_AGAIN)
    write(tmp_path, "c.txt", CHIEF_AGAIN.replace("Mar 26", "Mar 27").replace("22,", "21,"))
    with CaptureQueriesContext(connection) as captured:
        summary = import_articles(paths=[tmp_path])
    assert [o.status for o in summary.outcomes] == ["imported"] * 3
    report = DamageReport.objects.get()
    assert report.evidence.count() == 4
    assert statement_reads(captured.captured_queries) == (0, 2)
    with CaptureQueriesContext(connection) as captured:
        reports_derive_statements(reports=[report])  # read whole: nothing to change
    assert statement_reads(captured.captured_queries) == (1, 0)
    assert not [q for q in captured.captured_queries if q["sql"].startswith("UPDATE")]


def test_evidence_added_by_another_writer_during_a_run_is_read(tmp_path, museum):
    """Evidence that reached a report between two articles of a run (another import, a merge)
    is counted, so the report's statements are read again and the newcomer is compared."""
    from tests.factories import SourceFactory

    write(tmp_path, "a.txt", CHIEF)
    write(tmp_path, "b.txt", CHIEF_AGAIN)

    def after(file):
        if file.endswith("a.txt"):
            EvidenceFactory(
                report=DamageReport.objects.get(),
                source=SourceFactory(outlet="Local Radio"),
                attribution_text="a resident",
                stated_date_text="in January 2014",
                stated_date_earliest=dt.date(2014, 1, 1),
                stated_date_latest=dt.date(2014, 1, 31),
                stated_date_precision="month",
                asserted_event_type="destroyed",
            )

    import_articles(paths=[tmp_path], progress=after)
    report = DamageReport.objects.get()
    assert report.evidence.count() == 4
    assert [d["kind"] for d in report.disagreements] == ["date"]
    assert "a resident" in report.disagreements[0]["text"]
    assert report.confidence == Confidence.CONTESTED


def test_a_run_keeps_to_the_statements_one_read_takes(tmp_path, museum, monkeypatch):
    """Past `STATEMENTS_READ` statements the kept ones are not used: the report is read as
    if nothing were kept, so its derived fields are those of a run that kept nothing."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    import sources.services
    from sources.services import reports_derive_statements

    monkeypatch.setattr(sources.services, "STATEMENTS_READ", 2)
    write(tmp_path, "a.txt", CHIEF)  # two statements: the chief's and the activists'
    write(tmp_path, "b.txt", CHIEF_AGAIN)  # three: read (two of them)
    write(tmp_path, "c.txt", CHIEF_AGAIN.replace("Mar 26", "Mar 27").replace("22,", "21,"))
    with CaptureQueriesContext(connection) as captured:
        import_articles(paths=[tmp_path])
    assert statement_reads(captured.captured_queries) == (2, 2)
    report = DamageReport.objects.get()
    with CaptureQueriesContext(connection) as captured:
        reports_derive_statements(reports=[report])
    assert not [q for q in captured.captured_queries if q["sql"].startswith("UPDATE")]
