"""No lost edits: two curators open the same report; the second save is refused."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import ReportFactory, UserFactory
from tests.heritage.admin_helpers import change_form_data

pytestmark = pytest.mark.django_db


def test_second_of_two_concurrent_saves_is_refused_with_a_clear_message(curator_user, roles):
    from django.contrib.auth.models import Group

    other = UserFactory(username="omar")
    other.groups.add(Group.objects.get(name="Curators"))
    report = ReportFactory(summary="Original summary.", extent="moderate")
    url = reverse("admin:heritage_damagereport_change", args=[report.pk])
    first, second = Client(), Client()
    first.force_login(curator_user)
    second.force_login(other)

    first_data = change_form_data(first.get(url))
    second_data = change_form_data(second.get(url))
    assert first_data["loaded_version"] == second_data["loaded_version"] == "1"

    first_data["summary"] = "The first curator's correction."
    response = first.post(url, first_data)
    assert response.status_code == 302, response.context["adminform"].form.errors

    second_data["summary"] = "The second curator's edit."
    second_data["extent"] = "destroyed"
    response = second.post(url, second_data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    assert "Someone else saved this report while you were editing it (cora_curator" in errors[0]
    assert "Your changes were NOT saved" in response.content.decode()

    report.refresh_from_db()
    assert (report.summary, report.extent, report.version) == (
        "The first curator's correction.",
        "moderate",
        2,
    )


def test_saving_a_report_updates_the_site_status(reviewer_client, reviewer_user):
    from heritage.services import report_publish

    report = report_publish(report=ReportFactory(extent="minor"), user=reviewer_user)
    url = reverse("admin:heritage_damagereport_change", args=[report.pk])
    data = change_form_data(reviewer_client.get(url))
    data["extent"] = "destroyed"
    response = reviewer_client.post(url, data)
    assert response.status_code == 302
    report.site.refresh_from_db()
    assert report.site.status == "destroyed"


def test_curator_edit_of_published_report_is_flagged_for_a_reviewer(curator_client, reviewer_user):
    from heritage.services import report_publish

    report = report_publish(report=ReportFactory(extent="minor"), user=reviewer_user)
    url = reverse("admin:heritage_damagereport_change", args=[report.pk])
    data = change_form_data(curator_client.get(url))
    data["summary"] = "Reworded by a curator."
    response = curator_client.post(url, data, follow=True)
    assert "flagged for a reviewer" in response.content.decode()
    report.refresh_from_db()
    assert (report.summary, report.needs_another_look) == ("Reworded by a curator.", True)
