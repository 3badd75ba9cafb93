"""Statements and disagreements on the public site page and the admin report page."""

import datetime as dt
import html

import pytest
from django.urls import reverse

from heritage.models import Confidence, DamageReport
from tests.heritage.admin_helpers import change_form_data
from tests.statements_data import import_and_publish_seeds

pytestmark = pytest.mark.django_db

DISAGREEMENT = (
    "date: Maamoun Abdulkarim (AFP) 23 Aug 2015; "
    "Syrian Observatory for Human Rights about one month earlier"
)


def test_site_timeline_shows_contested_with_both_versions(client, reviewer):
    report = import_and_publish_seeds(reviewer)
    page = html.unescape(client.get(report.site.get_absolute_url()).content.decode())
    entry = page[page.index(f'id="report-{report.pk}"') :]
    entry = entry[: entry.index("</article>")]
    assert "<strong>Contested</strong>" in entry
    assert DISAGREEMENT in entry
    assert "Date given: 23 Aug 2015 (“on August 23”)" in entry
    assert "Date given: about between 9 Jul 2015 and 8 Aug 2015 (“one month ago”)" in entry
    assert '<span class="via">(to AFP)</span>' in entry


def test_admin_report_page_lists_statements_and_settles_a_disagreement(admin_client, reviewer):
    report = import_and_publish_seeds(reviewer)
    url = reverse("admin:heritage_damagereport_change", args=[report.pk])
    response = admin_client.get(url)
    page = html.unescape(response.content.decode())
    assert f"<strong>Contested</strong> — {DISAGREEMENT}" in page
    chief = report.evidence.get(attributed_to__name="Maamoun Abdulkarim")
    line = page[page.index(f'id="statement-{chief.pk}"') :]
    line = " ".join(line[: line.index("</li>")].split())
    assert line.startswith(
        f'id="statement-{chief.pk}"> <strong>Maamoun Abdulkarim (AFP)</strong> — 23 Aug 2015 '
        "(“on August 23”) — destroyed — “Syria’s head of antiquities was quoted"
    )
    assert line.endswith("— unknown outlet, 27 Mar 2016")

    data = change_form_data(response)
    data["settlements-TOTAL_FORMS"] = "1"
    data["settlements-0-kind"] = "date"
    data["settlements-0-chosen"] = str(chief.pk)
    data["settlements-0-note"] = "The antiquities directorate's dated record."
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    report.refresh_from_db()
    assert (report.event_date_earliest, report.event_date_latest, report.date_precision) == (
        dt.date(2015, 8, 23),
        dt.date(2015, 8, 23),
        "day",
    )
    assert report.confidence == Confidence.CONFIRMED  # satellite imagery shows the blast
    assert report.disagreements[0]["settled"] is True
    settlement = report.settlements.get()
    assert (settlement.chosen, settlement.settled_by.username) == (chief, "admin")


def test_a_curator_may_settle(curator_client, reviewer):
    report = import_and_publish_seeds(reviewer)
    url = reverse("admin:heritage_damagereport_change", args=[report.pk])
    data = change_form_data(curator_client.get(url))
    monitor = report.evidence.get(attributed_to__name="Syrian Observatory for Human Rights")
    data["settlements-TOTAL_FORMS"] = "1"
    data["settlements-0-kind"] = "date"
    data["settlements-0-chosen"] = str(monitor.pk)
    data["settlements-0-note"] = "Residents' accounts agree with the monitor."
    response = curator_client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    report.refresh_from_db()
    assert (report.event_date_earliest, report.event_date_latest) == (
        dt.date(2015, 7, 9),
        dt.date(2015, 8, 8),
    )
    assert report.date_approximate and report.date_precision == "range"
    assert report.settlements.get().settled_by.username == "cora_curator"


def test_report_list_filters_statements_that_need_a_curator(admin_client, reviewer):
    report = import_and_publish_seeds(reviewer)
    url = reverse("admin:heritage_damagereport_changelist")

    def listed(query):
        response = admin_client.get(url, {"status": "all", **query})
        assert response.status_code == 200
        return {r.pk for r in response.context["cl"].result_list}

    everything = listed({})
    disagree = listed({"statements": "disagree"})
    assert report.pk in disagree
    assert disagree < everything
    assert all(DamageReport.objects.get(pk=pk).disagreements for pk in disagree)

    assert listed({"statements": "unattributed"}) == set()
    lumped = report.evidence.order_by("pk").first()
    lumped.needs_attribution = True
    lumped.save(update_fields=["needs_attribution"])
    assert listed({"statements": "unattributed"}) == {report.pk}

    evidence_list = reverse("admin:heritage_evidence_changelist")
    response = admin_client.get(evidence_list, {"needs_attribution__exact": "1"})
    assert [e.pk for e in response.context["cl"].result_list] == [lumped.pk]
