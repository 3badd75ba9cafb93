"""`as_of` and the change feed, through a report's life: publish, edit, retract, delete."""

import datetime

import pytest
from django.utils import timezone

from heritage import services
from heritage.models import DamageReport
from tests.api.helpers import BASE, get_json
from tests.factories import EvidenceFactory, ReportFactory, SourceFactory

pytestmark = pytest.mark.django_db


def feed(client, since):
    data = get_json(client, "/api/v1/changes/", {"since": since.isoformat(), "page_size": 500})
    return [(row["resource"], row["id"], row["type"], row["url"]) for row in data["results"]]


def status_on(client, slug, day):
    return get_json(client, f"/api/v1/sites/{slug}/", {"as_of": day})["status"]


def test_as_of_follows_event_dates(client, world):
    bel = "temple-of-bel"
    assert status_on(client, bel, "2015-04-30")["extent"] == "unknown"
    # The May 2015 report counts once its whole range has passed.
    assert status_on(client, bel, "2015-05-30")["extent"] == "unknown"
    may = status_on(client, bel, "2015-06-15")
    assert may == {
        "extent": "minor",
        "as_of": "2015-06-15",
        "report": world["bel_damaged_earlier"].pk,
        "confidence": "contested",
        "independent_sources": 1,
        "contested": True,
    }
    assert status_on(client, bel, "2015-08-30")["extent"] == "destroyed"
    today = get_json(client, f"/api/v1/sites/{bel}/")["status"]
    assert (today["extent"], today["as_of"]) == ("destroyed", None)


def test_as_of_filters_status_and_timeline(client, world):
    june = get_json(client, "/api/v1/sites/", {"as_of": "2015-06-15", "status": "minor"})
    assert [row["slug"] for row in june["results"]] == ["temple-of-bel"]
    assert june["results"][0]["status"]["as_of"] == "2015-06-15"
    detail = get_json(client, "/api/v1/sites/temple-of-bel/", {"as_of": "2015-06-15"})
    assert [entry["id"] for entry in detail["timeline"]] == [world["bel_damaged_earlier"].pk]


def test_a_report_through_publish_edit_retract_delete(client, world, reviewer):
    mosul = world["mosul"]
    source = SourceFactory(outlet="AFP", url="https://afp.example.org/mosul")
    start = timezone.now()
    report = ReportFactory(
        site=mosul,
        event_type="destroyed",
        extent="severe",
        event_date_earliest=datetime.date(2015, 2, 26),
        event_date_latest=datetime.date(2015, 2, 26),
    )
    EvidenceFactory(report=report, source=source)
    # Pending: nothing public, nothing in the feed.
    assert feed(client, start) == []
    assert status_on(client, "mosul-museum", "2015-03-01")["extent"] == "unknown"

    published = timezone.now()
    services.report_publish(report=report, user=reviewer)
    assert set(feed(client, published)) == {
        ("report", report.pk, "created", f"{BASE}/reports/{report.pk}/"),
        ("site", mosul.pk, "updated", f"{BASE}/sites/mosul-museum/"),
        ("source", source.pk, "updated", f"{BASE}/sources/{source.pk}/"),
    }
    assert status_on(client, "mosul-museum", "2015-03-01")["extent"] == "severe"
    assert status_on(client, "mosul-museum", "2015-02-25")["extent"] == "unknown"

    edited = timezone.now()
    report.refresh_from_db()
    report.extent = "moderate"
    services.report_update(report=report, expected_version=report.version)
    assert set(feed(client, edited)) == {
        ("report", report.pk, "updated", f"{BASE}/reports/{report.pk}/"),
        ("site", mosul.pk, "updated", f"{BASE}/sites/mosul-museum/"),
        # Conservative: a source's counts may move with the reports citing it.
        ("source", source.pk, "updated", f"{BASE}/sources/{source.pk}/"),
    }
    assert status_on(client, "mosul-museum", "2015-03-01")["extent"] == "moderate"

    retracted = timezone.now()
    report.refresh_from_db()
    services.report_retract(report=report, user=reviewer, reason="Wrong museum")
    assert set(feed(client, retracted)) == {
        ("report", report.pk, "retracted", None),
        ("site", mosul.pk, "updated", f"{BASE}/sites/mosul-museum/"),
        ("source", source.pk, "retracted", None),
    }
    assert status_on(client, "mosul-museum", "2015-03-01")["extent"] == "unknown"
    assert get_json(client, f"/api/v1/reports/{report.pk}/", status=404)["code"] == "not_found"

    deleted = timezone.now()
    services.report_delete(report=DamageReport.objects.get(pk=report.pk))
    assert set(feed(client, deleted)) == {
        ("report", report.pk, "deleted", None),
        ("source", source.pk, "retracted", None),
    }
    # Over the whole sequence a mirror sees the final word on each record once, oldest first.
    assert [(r, i, t) for r, i, t, _ in feed(client, start)] == [
        ("site", mosul.pk, "updated"),
        ("report", report.pk, "deleted"),
        ("source", source.pk, "retracted"),
    ]


def test_tombstones_carry_only_id_type_and_time(client, world, reviewer):
    since = timezone.now()
    report = world["bel_damaged_earlier"]
    services.report_retract(report=report, user=reviewer, reason="Misdated")
    data = get_json(client, "/api/v1/changes/", {"since": since.isoformat()})
    tombstone = next(row for row in data["results"] if row["resource"] == "report")
    assert set(tombstone) == {"resource", "id", "type", "time", "url"}
    assert (tombstone["id"], tombstone["type"], tombstone["url"]) == (report.pk, "retracted", None)


def test_work_that_was_never_public_never_enters_the_feed(client, world, reviewer):
    since = timezone.now()
    pending = world["pending"]
    pending.summary = "edited while pending"
    services.report_update(report=pending)
    services.report_delete(report=pending)
    services.report_reject(report=ReportFactory(site=world["mosul"]), user=reviewer, reason="no")
    # Published on a site nobody accepted: never visible, so no tombstone when it goes.
    services.report_delete(report=world["on_hidden_site"])
    world["hidden"].name = "Renamed candidate"
    world["hidden"].save()
    assert feed(client, since) == []
    assert feed(client, datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)) == feed(
        client, datetime.datetime(1999, 1, 1, tzinfo=datetime.UTC)
    )
    everything = get_json(client, "/api/v1/changes/", {"page_size": 500})["results"]
    ids = {(row["resource"], row["id"]) for row in everything}
    assert ("report", pending.pk) not in ids
    assert ("site", world["hidden"].pk) not in ids


def test_hiding_a_public_site_leaves_tombstones_for_it_and_its_reports(client, world):
    since = timezone.now()
    bel = world["bel"]
    bel.is_public = False
    bel.save()
    assert set(feed(client, since)) == {
        ("site", bel.pk, "retracted", None),
        ("report", world["bel_destroyed"].pk, "retracted", None),
        ("report", world["bel_damaged_earlier"].pk, "retracted", None),
        ("source", world["reuters"].pk, "retracted", None),
        ("source", world["bbc"].pk, "retracted", None),
    }
    get_json(client, "/api/v1/sites/temple-of-bel/", status=404)


def test_accepting_a_candidate_site_brings_in_its_published_reports(client, world):
    since = timezone.now()
    hidden = world["hidden"]
    hidden.is_public = True
    hidden.save()
    report = world["on_hidden_site"]
    assert set(feed(client, since)) == {
        ("site", hidden.pk, "created", f"{BASE}/sites/unconfirmed-necropolis/"),
        ("report", report.pk, "updated", f"{BASE}/reports/{report.pk}/"),
        ("source", world["leaked"].pk, "updated", f"{BASE}/sources/{world['leaked'].pk}/"),
    }
