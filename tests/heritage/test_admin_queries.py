"""The busiest admin pages cost the same number of queries whatever the data volume."""

import datetime

import pytest
from django.urls import reverse

from tests.factories import (
    ActorFactory,
    EvidenceFactory,
    ImportRunFactory,
    ReportFactory,
    SiteFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


def make_reports(count):
    run = ImportRunFactory()
    for number in range(count):
        day = datetime.date(2013 + number % 3, 5, 1)  # several years: the date links' top level
        report = ReportFactory(
            site=SiteFactory(parent=SiteFactory()), event_date_earliest=day, event_date_latest=day
        )
        EvidenceFactory(
            report=report, source=SourceFactory(import_run=run), attributed_to=ActorFactory()
        )


@pytest.mark.parametrize("count", [2, 70])  # one short page; a full page of 50 and more
def test_report_changelist_queries(admin_client, django_assert_num_queries, count):
    make_reports(count)
    # 1 session, 2 user, 3 countries for the country filter, 4 recent import runs for their
    # filter, 5 count of the filtered list, 6 the page of reports with their sites, 7 distinct
    # sources for the reports on the page, 8-9 earliest and latest event date (date links).
    with django_assert_num_queries(9):
        response = admin_client.get(reverse("admin:heritage_damagereport_changelist"))
    assert len(response.context["cl"].result_list) == min(count, 50)


@pytest.mark.parametrize("evidence_count", [1, 12])
def test_report_page_queries(admin_client, django_assert_num_queries, evidence_count):
    report = ReportFactory()
    for _ in range(evidence_count):
        EvidenceFactory(report=report, attributed_to=ActorFactory())
    url = reverse("admin:heritage_damagereport_change", args=[report.pk])
    admin_client.get(url)  # warms the content-type cache, which lives as long as the process
    # 1 session, 2 user, 3 the report with its site, 4 the statements (evidence with sources
    # and actors), 5 settlements, 6 the statements a settlement can choose, 7 evidence with
    # their sources and actors, 8 the report's photos, 9 the chosen site again, for the
    # autocomplete widget's label.
    with django_assert_num_queries(9):
        response = admin_client.get(url)
    assert response.content.decode().count('class="evidence-quote"') == evidence_count


@pytest.mark.parametrize("count", [2, 70])
def test_site_changelist_queries(admin_client, django_assert_num_queries, count):
    for _ in range(count):
        SiteFactory(parent=SiteFactory())
    # 1 session, 2 user, 3 count, 4 the page of sites with their parents, 5 countries for
    # the country filter.
    with django_assert_num_queries(5):
        response = admin_client.get(reverse("admin:heritage_heritagesite_changelist"))
    assert len(response.context["cl"].result_list) == min(count * 2, 50)
