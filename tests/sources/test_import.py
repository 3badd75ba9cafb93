"""The importer against a real database: formats, bad input, idempotency, merging, confidence,
review flags and the run record."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from heritage.gazetteer import gazetteer_load
from heritage.models import Confidence, DamageReport, Evidence, HeritageSite, SiteAlias
from heritage.services import report_publish, report_update
from sources.models import Actor, ActorAlias, ImportRun, Source, content_hash
from sources.services import ImportAborted, import_articles
from tests.factories import SiteAliasFactory, SiteFactory, UserFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "fixtures" / "articles"
DEV = ROOT / "fixtures" / "eval" / "dev" / "articles"

MUSEUM_TEXT = "Militants looted the Mosul Museum on February 26, 2015, witnesses said."


@pytest.fixture
def museum(db):
    site = SiteFactory(
        name="Mosul Museum", slug="mosul-museum", kind=HeritageSite.Kind.MUSEUM, country="IQ"
    )
    SiteAliasFactory(site=site, name="Museum of Mosul")
    return site


@pytest.fixture
def gazetteer(db):
    gazetteer_load(path=ROOT / "fixtures" / "sites.json")


def run_command(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_articles", *map(str, args), stdout=out, stderr=err)
    except CommandError as exc:
        return 1, out.getvalue(), err.getvalue() + str(exc)
    return 0, out.getvalue(), err.getvalue()


def table_counts():
    return {
        model.__name__: model.objects.count()
        for model in (Source, DamageReport, Evidence, Actor, ActorAlias, HeritageSite, SiteAlias)
    }


# --- reading formats -----------------------------------------------------------------------


def test_txt(tmp_path, museum):
    (tmp_path / "a.txt").write_text(MUSEUM_TEXT, encoding="utf-8")
    code, out, _ = run_command(tmp_path)
    assert code == 0
    report = DamageReport.objects.get()
    assert (report.site, report.event_type, str(report.event_date_earliest)) == (
        museum,
        "looted",
        "2015-02-26",
    )
    evidence = report.evidence.get()
    assert evidence.quote == MUSEUM_TEXT and evidence.extracted_by == "heritage-extract/1.0"
    assert evidence.source.text[evidence.char_start : evidence.char_end] == MUSEUM_TEXT


def test_what_the_import_writes_carries_its_hash_timestamps_and_history(tmp_path, museum):
    (tmp_path / "a.txt").write_text(MUSEUM_TEXT + "\n", encoding="utf-8")
    run_command(tmp_path)
    source, report, evidence = (
        Source.objects.get(),
        DamageReport.objects.get(),
        Evidence.objects.get(),
    )
    # Source.save() is not called: the hash is the one it would have computed.
    assert source.content_hash == content_hash(source.text)
    assert source.created_at and source.updated_at and report.created_at and evidence.created_at
    assert (report.version, report.review_status, evidence.report_id) == (1, "pending", report.pk)
    for obj, reason in ((source, None), (report, ""), (evidence, "")):
        (history,) = obj.history.all()
        assert (history.history_type, history.history_change_reason) == ("+", reason)
        assert history.history_user_id is None
    assert report.history.get().version == 1 and evidence.history.get().quote == evidence.quote


def test_html(tmp_path, museum):
    paragraphs = "".join(
        f"<p>{MUSEUM_TEXT} Paragraph {n} adds detail about the collection.</p>" for n in range(3)
    )
    (tmp_path / "a.html").write_text(
        "<html><head><title>Museum looted</title>"
        '<meta property="article:published_time" content="2015-02-27"></head>'
        f"<body><nav>Menu</nav><article>{paragraphs}</article></body></html>"
    )
    assert run_command(tmp_path)[0] == 0
    source = Source.objects.get()
    assert source.published_on.isoformat() == "2015-02-27"
    assert "Menu" not in source.text
    assert DamageReport.objects.get().event_type == "looted"


def test_json(tmp_path, museum):
    (tmp_path / "a.json").write_text(
        json.dumps(
            {
                "title": "Museum looted",
                "text": MUSEUM_TEXT,
                "outlet": "Example",
                "published": "2015-02-27",
                "url": "https://example.org/museum",
            }
        )
    )
    assert run_command(tmp_path)[0] == 0
    source = Source.objects.get()
    assert (source.title, source.outlet, source.url) == (
        "Museum looted",
        "Example",
        "https://example.org/museum",
    )


def test_jsonl(tmp_path, museum):
    lines = [
        json.dumps({"text": MUSEUM_TEXT, "outlet": "A"}),
        json.dumps(
            {"text": "The Museum of Mosul was damaged by shelling on March 3, 2015.", "outlet": "B"}
        ),
    ]
    (tmp_path / "feed.jsonl").write_text("\n".join(lines))
    assert run_command(tmp_path)[0] == 0
    assert sorted(Source.objects.values_list("original_name", flat=True)) == [
        "feed.jsonl#1",
        "feed.jsonl#2",
    ]
    assert DamageReport.objects.count() == 2


# --- bad input -----------------------------------------------------------------------------


BAD_FILES = {
    "binary.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
    "undecodable.txt": (b"\xff\xfe\xfd" + bytes(range(128, 256)) * 3, "undecodable"),
    "empty.txt": (b"", "empty"),
    "slides.pdf": (b"%PDF-1.4 not an article", "unknown extension"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_file_gets_one_line_and_others_import(tmp_path, museum, name):
    data, reason = BAD_FILES[name]
    (tmp_path / name).write_bytes(data)
    (tmp_path / "good.txt").write_text(MUSEUM_TEXT)
    code, _, err = run_command(tmp_path)
    assert code == 1
    line = next(line for line in err.splitlines() if line.startswith(name))
    assert reason in line
    assert Source.objects.filter(original_name="good.txt").exists()
    run = ImportRun.objects.get()
    assert (run.status, run.files_failed, run.sources_created) == ("partial", 1, 1)
    assert run.errors[0]["file"] == name


def test_oversize_file(tmp_path, museum, monkeypatch):
    monkeypatch.setattr("sources.extraction.reading.MAX_BYTES", 200)
    (tmp_path / "big.txt").write_text(MUSEUM_TEXT * 10)
    (tmp_path / "good.txt").write_text(MUSEUM_TEXT)
    code, _, err = run_command(tmp_path)
    assert code == 1 and "big.txt: too large" in err
    assert Source.objects.count() == 1


def test_manifest_row_for_missing_file(tmp_path, museum):
    (tmp_path / "good.txt").write_text(MUSEUM_TEXT)
    manifest = tmp_path / "list.tsv"
    manifest.write_text(
        "file\toutlet\tpublished\ngood.txt\tAFP\t2015-02-27\ngone.txt\tAFP\t2015-02-27\n"
    )
    code, _, err = run_command(tmp_path, "--manifest", manifest)
    assert code == 1 and "gone.txt: listed in the manifest but no such file" in err
    assert Source.objects.get().outlet == "AFP"


def test_strict_aborts_the_whole_run(tmp_path, museum):
    (tmp_path / "a_good.txt").write_text(MUSEUM_TEXT)
    (tmp_path / "b_empty.txt").write_text("")
    code, _, err = run_command(tmp_path, "--strict")
    assert code == 1 and "b_empty.txt: empty file" in err
    assert Source.objects.count() == 0 and DamageReport.objects.count() == 0
    assert ImportRun.objects.get().status == "failed"


# --- dry run -------------------------------------------------------------------------------


def test_dry_run_json_prints_the_contract_and_writes_nothing(gazetteer):
    before = table_counts()
    code, out, _ = run_command(SEEDS, "--dry-run", "--json")
    assert code == 0
    data = json.loads(out)
    assert [s["file"] for s in data["sources"]][0] == "000_18e68a336df5df43.txt"
    assert data["sources"][0]["published"] == "2016-03-25"  # from MANIFEST.tsv found in the folder
    assert data["errors"] == []
    assert table_counts() == before and ImportRun.objects.count() == 0


# --- idempotency, merging, confidence ----------------------------------------------------------


def test_importing_the_seeds_twice_changes_nothing(gazetteer):
    assert run_command(SEEDS)[0] == 0
    after_first = table_counts()
    assert run_command(SEEDS)[0] == 0
    assert table_counts() == after_first
    second = ImportRun.objects.first()  # newest first
    assert (second.sources_created, second.sources_skipped, second.reports_created) == (0, 5, 0)


def test_citadel_recapture_is_one_report_from_four_sources(gazetteer):
    run_command(SEEDS)
    report = DamageReport.objects.get(
        site__slug="palmyra-citadel", event_type="control_change", event_date_earliest="2016-03-25"
    )
    assert report.evidence.values("source").distinct().count() == 4
    assert report.confidence == Confidence.CORROBORATED
    assert report.review_status == "pending"
    assert report.evidence.filter(attributed_to__name="Syrian state TV").exists()


def test_seizure_and_recapture_stay_apart(gazetteer):
    run_command(SEEDS)
    palmyra = DamageReport.objects.filter(site__slug="palmyra", event_type="control_change")
    assert (
        palmyra.filter(event_date_earliest="2015-05-01", event_date_latest="2015-05-31").count()
        == 1
    )
    assert palmyra.count() >= 2


def test_one_actor_under_every_spelling(gazetteer):
    run_command(SEEDS)
    actor = Actor.objects.get(name="Maamoun Abdulkarim")
    spellings = set(actor.aliases.values_list("normalized", flat=True))
    assert {"maamoun abdul karim", "mamoun abdelkarim", "maamoun abdelkarim"} <= spellings
    assert not Actor.objects.filter(name__icontains="abdelkarim").exclude(pk=actor.pk).exists()


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_confidence_claimed_then_corroborated(tmp_path, museum):
    write(
        tmp_path,
        "a.txt",
        "Militants looted the Mosul Museum on February 26, 2015, witnesses told AFP.",
    )
    import_articles(paths=[tmp_path / "a.txt"])
    report = DamageReport.objects.get()
    assert report.confidence == Confidence.CLAIMED
    write(
        tmp_path,
        "b.txt",
        "The Museum of Mosul was plundered on February 26, 2015, the ministry said.",
    )
    import_articles(paths=[tmp_path / "b.txt"])
    report.refresh_from_db()
    assert report.evidence.count() == 2 and report.confidence == Confidence.CORROBORATED


def test_syndicated_copies_count_once(tmp_path, museum):
    write(tmp_path, "a.txt", f"Museum looted\n\n{MUSEUM_TEXT}\n\nOutletOne, Reuters")
    write(
        tmp_path,
        "b.txt",
        f"Mosul museum looted\n\n{MUSEUM_TEXT} It was closed.\n\nOutletTwo, Reuters",
    )
    import_articles(paths=[tmp_path])
    report = DamageReport.objects.get()
    assert report.evidence.count() == 2
    assert report.confidence == Confidence.CLAIMED
    assert set(Source.objects.values_list("syndicated_from", flat=True)) == {"Reuters"}


def test_imagery_confirms(tmp_path, museum):
    write(tmp_path, "a.txt", f"{MUSEUM_TEXT} Satellite images have confirmed the looting.")
    import_articles(paths=[tmp_path])
    assert DamageReport.objects.get().confidence == Confidence.CONFIRMED


def test_conflicting_dates_are_contested_and_explained(tmp_path, museum):
    write(
        tmp_path,
        "a.txt",
        "Museum destroyed\n\nUpdated Mar 30, 2015\n\n"
        "Officials said the Mosul Museum was destroyed on February 26, 2015. "
        "The Syrian Observatory for Human Rights reported that it happened three months ago.",
    )
    import_articles(paths=[tmp_path])
    report = DamageReport.objects.get()
    assert report.confidence == Confidence.CONTESTED
    assert "three months ago" in report.curator_notes


def test_different_events_at_one_site_stay_apart(tmp_path, museum):
    write(tmp_path, "a.txt", "Militants looted the Mosul Museum in February 2015, witnesses said.")
    write(
        tmp_path, "b.txt", "Looters plundered the Mosul Museum again in July 2017, officials said."
    )
    import_articles(paths=[tmp_path])
    assert DamageReport.objects.filter(event_type="looted").count() == 2


# --- reviewed reports ------------------------------------------------------------------------


def test_new_source_for_a_published_report_flags_it_and_changes_nothing_else(
    tmp_path, museum, reviewer
):
    write(tmp_path, "a.txt", MUSEUM_TEXT)
    import_articles(paths=[tmp_path / "a.txt"])
    report = report_publish(report=DamageReport.objects.get(), user=reviewer)
    report.refresh_from_db()
    before = (
        report.summary,
        report.extent,
        report.confidence,
        report.version,
        report.review_status,
    )
    write(
        tmp_path,
        "b.txt",
        "The Museum of Mosul was plundered on February 26, 2015, the ministry said.",
    )
    import_articles(paths=[tmp_path / "b.txt"])
    report.refresh_from_db()
    assert report.evidence.count() == 2
    assert report.needs_another_look
    assert (
        report.summary,
        report.extent,
        report.confidence,
        report.version,
        report.review_status,
    ) == before


def test_curator_edit_is_never_overwritten(tmp_path, museum):
    write(tmp_path, "a.txt", MUSEUM_TEXT)
    import_articles(paths=[tmp_path / "a.txt"])
    report = DamageReport.objects.get()
    report.summary = "Curated summary."
    report.confidence = Confidence.DISCOUNTED
    report_update(report=report, expected_version=report.version)
    write(
        tmp_path,
        "b.txt",
        "The Museum of Mosul was plundered on February 26, 2015, the ministry said.",
    )
    import_articles(paths=[tmp_path / "b.txt"])
    report.refresh_from_db()
    assert (report.summary, report.confidence, report.needs_another_look) == (
        "Curated summary.",
        "discounted",
        True,
    )


# --- candidates and the run record -------------------------------------------------------------


def test_candidate_sites_are_hidden_and_listed(tmp_path, museum):
    write(tmp_path, "a.txt", "Militants blew up the Temple of Nabu on May 5, 2015, activists said.")
    code, out, _ = run_command(tmp_path)
    site = HeritageSite.objects.get(name="Temple of Nabu")
    assert not site.is_public and site.kind == "temple"
    assert "Candidate sites (hidden until a curator accepts them): Temple of Nabu" in out
    assert ImportRun.objects.get().sites_created == 1
    # Found again by name next time, not created twice.
    write(tmp_path, "b.txt", "The Temple of Nabu was destroyed on May 5, 2015, officials said.")
    import_articles(paths=[tmp_path / "b.txt"])
    assert HeritageSite.objects.filter(name="Temple of Nabu").count() == 1


def test_import_run_records_who_what_and_counts(tmp_path, museum):
    user = UserFactory(username="importer")
    write(tmp_path, "a.txt", MUSEUM_TEXT)
    write(tmp_path, "b.txt", "")
    summary = import_articles(paths=[tmp_path], user=user, arguments={"paths": [str(tmp_path)]})
    run = ImportRun.objects.get()
    assert summary.run == run
    assert (run.started_by, run.status, run.files_total, run.files_failed) == (
        user,
        "partial",
        2,
        1,
    )
    assert (run.sources_created, run.reports_created, run.evidence_added) == (1, 1, 1)
    assert run.arguments == {"paths": [str(tmp_path)]}
    assert run.errors == [{"file": "b.txt", "error": "empty file"}]
    assert run.finished_at is not None


def test_unreadable_manifest_aborts(tmp_path, museum):
    write(tmp_path, "a.txt", MUSEUM_TEXT)
    bad = write(tmp_path, "m.tsv", "nothing useful\n")
    with pytest.raises(ImportAborted, match="file"):
        import_articles(paths=[tmp_path / "a.txt"], manifest=bad)


# --- partial publication dates and error reporting (issue 10) -------------------------------


def test_a_manifest_date_of_a_month_or_a_year_is_stored_with_its_precision(tmp_path, museum):
    write(tmp_path, "a.txt", "Militants looted the Mosul Museum on Thursday, witnesses said.")
    write(tmp_path, "b.txt", "The Mosul Museum was looted in February, its director said.")
    manifest = write(tmp_path, "list.tsv", "file\tpublished\na.txt\t2015-03\nb.txt\t2015\n")
    code, out, err = run_command(tmp_path / "a.txt", tmp_path / "b.txt", "--manifest", manifest)
    assert (code, err) == (0, "")
    a, b = Source.objects.get(original_name="a.txt"), Source.objects.get(original_name="b.txt")
    assert (a.published_on.isoformat(), a.published_precision, a.published_label) == (
        "2015-03-01",
        "month",
        "Mar 2015",
    )
    assert (b.published_on.isoformat(), b.published_precision, b.published_label) == (
        "2015-01-01",
        "year",
        "2015",
    )
    # "on Thursday" in an article of March 2015: a range, never one guessed Thursday.
    report = DamageReport.objects.get(evidence__source=a)
    assert (report.event_date_earliest.isoformat(), report.event_date_latest.isoformat()) == (
        "2015-02-26",
        "2015-03-26",
    )
    assert report.date_precision == "range"


def test_an_unreadable_manifest_date_fails_that_file_only(tmp_path, museum):
    write(tmp_path, "a.txt", MUSEUM_TEXT)
    write(tmp_path, "b.txt", "The Mosul Museum was looted again, its director said.")
    manifest = write(tmp_path, "MANIFEST.tsv", "file\tpublished\na.txt\t2015-03\nb.txt\tbanana\n")
    code, out, err = run_command(tmp_path, "--manifest", manifest)
    assert code == 1
    assert "b.txt: MANIFEST.tsv line 3: unreadable date 'banana'" in err
    assert list(Source.objects.values_list("original_name", flat=True)) == ["a.txt"]
    assert ImportRun.objects.get().errors == [
        {"file": "b.txt", "error": "MANIFEST.tsv line 3: unreadable date 'banana'"}
    ]


def test_an_unreadable_manifest_date_aborts_a_strict_run(tmp_path, museum):
    write(tmp_path, "a.txt", MUSEUM_TEXT)
    write(tmp_path, "b.txt", "The Mosul Museum was looted again, its director said.")
    manifest = write(tmp_path, "MANIFEST.tsv", "file\tpublished\na.txt\t2015-03\nb.txt\tbanana\n")
    code, _, err = run_command(tmp_path, "--manifest", manifest, "--strict")
    assert code == 1 and "unreadable date 'banana'" in err
    assert Source.objects.count() == 0


def test_a_path_that_does_not_exist_is_named_as_such(tmp_path, museum):
    write(tmp_path, "a.txt", MUSEUM_TEXT)
    missing = tmp_path / "no" / "such" / "path"
    code, out, err = run_command(missing, tmp_path / "a.txt")
    assert code == 1
    assert f"{missing}: no such file or folder" in err
    assert "extension" not in err + out
    assert Source.objects.filter(original_name="a.txt").exists()


def test_each_failure_is_reported_once(tmp_path, museum, caplog):
    write(tmp_path, "a.txt", MUSEUM_TEXT)
    write(tmp_path, "empty.txt", "")
    code, out, err = run_command(tmp_path)
    assert code == 1
    assert (out + err).count("empty file") == 1
    assert "empty file" in err  # on stderr, where a cron job's mail picks it up
    assert not [r for r in caplog.records if "empty" in r.getMessage()]


# --- extraction in several processes -----------------------------------------------------------


def imported_rows():
    """What an import wrote, by natural keys (ids differ between runs)."""
    reports = DamageReport.objects.values_list(
        "site__slug", "event_type", "event_date_earliest", "event_date_latest", "confidence"
    )
    evidence = Evidence.objects.values_list(
        "report__site__slug", "source__original_name", "quote", "attributed_to__name"
    )
    return sorted(map(str, reports)), sorted(map(str, evidence)), table_counts()


def test_workers_write_what_one_process_writes(gazetteer):
    from django.db import transaction

    with transaction.atomic():
        assert run_command(SEEDS, DEV, "--workers", "1")[0] == 0
        serial = imported_rows()
        transaction.set_rollback(True)
    assert table_counts()["Source"] == 0
    assert run_command(SEEDS, DEV, "--workers", "2")[0] == 0
    assert imported_rows() == serial
    assert serial[2]["Source"] > 40


def test_workers_must_be_positive(gazetteer):
    code, _, err = run_command(SEEDS, "--workers", "0")
    assert code == 1 and "--workers must be 1 or more" in err
    assert table_counts()["Source"] == 0


def test_queries_of_an_article(tmp_path, museum, django_assert_num_queries):
    """An article's writes are a few statements whatever its number of rows; the statements of
    a report it creates are not read back, those of a report it adds to are."""
    write(tmp_path, "a.txt", MUSEUM_TEXT)
    import_articles(paths=[tmp_path / "a.txt"])  # the site, its report and the witnesses
    write(tmp_path, "b.txt", "Militants looted the Mosul Museum in May 2016, witnesses said.")
    # The gazetteer (2), the run (1); the article in a savepoint (2): the duplicate check, the
    # source and its history row (3), the site (1), open reports (1), the claimant's alias
    # (1), the new report and evidence with their history rows (4); the run's counts (1). On
    # PostgreSQL the site is locked (1).
    locks = 1 if connection.features.has_select_for_update else 0
    with django_assert_num_queries(16 + locks) as captured:
        import_articles(paths=[tmp_path / "b.txt"])
    assert DamageReport.objects.count() == 2
    assert not [q for q in captured.captured_queries if 'FROM "heritage_evidence"' in q["sql"]]
    write(tmp_path, "c.txt", "The Museum of Mosul was plundered in May 2016, witnesses said.")
    # The same, without a new report (2 fewer) but with its statements read (1) and its new
    # confidence written (1).
    with django_assert_num_queries(16 + locks):
        import_articles(paths=[tmp_path / "c.txt"])
    assert DamageReport.objects.count() == 2


def test_open_reports_are_one_query_read_through_the_sites(museum, django_assert_num_queries):
    """The dated and the undated claims' candidates come in one query, each group newest first
    and limited on its own, merged and rejected reports left out; the query reaches the
    reports through their site (SQLite walked the whole table newest first without the
    `site_id IN` the conditions already imply)."""
    from sources.services import _open_reports
    from tests.factories import ReportFactory

    older = ReportFactory(site=museum, event_type="looted")
    newer = ReportFactory(site=museum, event_type="looted", date_precision="unknown")
    ReportFactory(site=museum, event_type="looted", merged_into=older)
    ReportFactory(site=museum, event_type="looted", review_status="rejected")
    elsewhere = ReportFactory(event_type="damaged")  # another site, another event
    looted = [
        ("(site_id = %s AND event_type = %s)", [museum.pk, "looted"]),
        ("(site_id = %s AND event_type = %s)", [elsewhere.site_id, "looted"]),
    ]
    with django_assert_num_queries(1) as captured:
        found = _open_reports([(looted, 40), (looted, 1)], site_ids=[museum.pk, elsewhere.site_id])
    assert [r.pk for r in found] == [newer.pk, older.pk, newer.pk]
    assert found[1].event_date_earliest == older.event_date_earliest
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            sql = captured.captured_queries[0]["sql"]
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
        assert "site" in plan and "merged_into" not in plan, plan
