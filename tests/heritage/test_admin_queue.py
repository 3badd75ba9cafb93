"""The review queue: the report changelist a curator opens every morning."""

import datetime

import pytest
from django.urls import reverse

from heritage.models import DamageReport
from tests.factories import (
    ActorAliasFactory,
    ActorFactory,
    EvidenceFactory,
    ImportRunFactory,
    ReportFactory,
    SiteAliasFactory,
    SiteFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db
URL = reverse("admin:heritage_damagereport_changelist")


def listed(response) -> list[int]:
    return [report.pk for report in response.context["cl"].result_list]


def test_queue_opens_on_pending_reports_oldest_first(admin_client):
    newer = ReportFactory()
    older = ReportFactory()
    DamageReport.objects.filter(pk=older.pk).update(
        created_at=newer.created_at - datetime.timedelta(days=1)
    )
    ReportFactory(review_status="rejected")
    response = admin_client.get(URL)
    assert listed(response) == [older.pk, newer.pk]
    assert "Pending review (the queue)" in response.content.decode()


def test_all_choice_shows_every_status(admin_client):
    pending = ReportFactory()
    rejected = ReportFactory(review_status="rejected")
    response = admin_client.get(URL, {"status": "all"})
    assert set(listed(response)) == {pending.pk, rejected.pk}
    response = admin_client.get(URL, {"status": "rejected"})
    assert listed(response) == [rejected.pk]


def test_columns_show_date_precision_and_distinct_source_count(admin_client):
    report = ReportFactory(
        event_date_earliest=datetime.date(2015, 5, 1),
        event_date_latest=datetime.date(2015, 5, 31),
        date_precision="month",
    )
    source = SourceFactory()
    EvidenceFactory(report=report, source=source, char_start=0, char_end=10)
    EvidenceFactory(report=report, source=source, char_start=20, char_end=30)
    EvidenceFactory(report=report)
    response = admin_client.get(URL)
    row = response.context["cl"].result_list[0]
    assert row.source_count == 2
    html = response.content.decode()
    assert "May 2015" in html
    assert '<td class="field-source_count">2</td>' in html


@pytest.mark.parametrize(
    ("term", "field"),
    [("Tadmur", "alias"), ("dynamited", "quote"), ("Levant Courier", "outlet")],
)
def test_search_finds_aliases_quotes_and_outlets_without_duplicates(admin_client, term, field):
    site = SiteFactory(name="Palmyra")
    SiteAliasFactory(site=site, name="Tadmur")
    report = ReportFactory(site=site)
    source = SourceFactory(outlet="Levant Courier")
    for start in (0, 40, 80):  # three matching rows that a join would triple
        EvidenceFactory(
            report=report,
            source=source,
            quote="The arch was dynamited.",
            char_start=start,
            char_end=start + 20,
        )
    ReportFactory()  # matches nothing
    response = admin_client.get(URL, {"q": term})
    assert listed(response) == [report.pk], field


def test_site_outlet_actor_country_and_import_run_filters(admin_client):
    run = ImportRunFactory()
    actor = ActorFactory(name="Maamoun Abdulkarim")
    ActorAliasFactory(actor=actor, name="Mamoun Abdelkarim")
    site = SiteFactory(name="Temple of Bel", country="SY")
    match = ReportFactory(site=site)
    EvidenceFactory(
        report=match, source=SourceFactory(outlet="Reuters", import_run=run), attributed_to=actor
    )
    other = ReportFactory(site=SiteFactory(country="IQ"))
    EvidenceFactory(report=other, source=SourceFactory(outlet="AFP"))
    for params in (
        {"site": "bel"},
        {"site": str(site.pk)},
        {"outlet": "reuters"},
        {"actor": "Abdelkarim"},
        {"country": "SY"},
        {"import_run": str(run.pk)},
    ):
        assert listed(admin_client.get(URL, params)) == [match.pk], params
    assert listed(admin_client.get(URL, {"country": "IQ"})) == [other.pk]
    assert listed(admin_client.get(URL, {"outlet": "Nobody"})) == []


def test_flagged_filter_and_column(admin_client):
    flagged = ReportFactory(
        needs_another_look=True,
        review_status="published",
        published_at=datetime.datetime(2016, 1, 1, tzinfo=datetime.UTC),
    )
    ReportFactory(review_status="published", published_at=flagged.published_at)
    response = admin_client.get(URL, {"status": "all", "needs_another_look__exact": "1"})
    assert listed(response) == [flagged.pk]


def test_date_links_list_every_year_between_first_and_last_event(admin_client):
    for year in (2013, 2016):
        day = datetime.date(year, 3, 1)
        ReportFactory(event_date_earliest=day, event_date_latest=day)
    html = admin_client.get(URL).content.decode()
    for year in (2013, 2014, 2015, 2016):
        assert f"event_date_earliest__year={year}" in html
    assert "event_date_earliest__year=2012" not in html
    drilled = admin_client.get(URL, {"event_date_earliest__year": "2016"})
    assert len(listed(drilled)) == 1
