"""Roles: the groups hold exactly their permissions, and setup_roles can be run any time."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import reverse

from heritage.roles import CURATORS, REVIEWERS

pytestmark = pytest.mark.django_db


def perms(group_name):
    group = Group.objects.get(name=group_name)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}


CURATOR_EXPECTED = {
    "heritage.add_heritagesite", "heritage.change_heritagesite", "heritage.view_heritagesite",
    "heritage.add_sitealias", "heritage.change_sitealias", "heritage.view_sitealias",
    "heritage.delete_sitealias",
    "heritage.add_damagereport", "heritage.change_damagereport", "heritage.view_damagereport",
    "heritage.delete_damagereport",
    "heritage.add_evidence", "heritage.change_evidence", "heritage.view_evidence",
    "heritage.delete_evidence",
    "heritage.add_settlement", "heritage.change_settlement", "heritage.view_settlement",
    "heritage.add_photo", "heritage.change_photo", "heritage.view_photo", "heritage.delete_photo",
    "heritage.view_reviewdecision",
    "sources.add_source", "sources.change_source", "sources.view_source",
    "sources.add_actor", "sources.change_actor", "sources.view_actor",
    "sources.add_actoralias", "sources.change_actoralias", "sources.view_actoralias",
    "sources.delete_actoralias",
    "sources.view_importrun",
}  # fmt: skip


def test_setup_roles_gives_exact_permissions_and_is_idempotent(capsys):
    call_command("setup_roles")
    assert perms(CURATORS) == CURATOR_EXPECTED
    assert perms(REVIEWERS) == CURATOR_EXPECTED | {"heritage.publish_damagereport"}
    # A permission granted by hand is taken away again; nothing is duplicated.
    curators = Group.objects.get(name=CURATORS)
    curators.permissions.add(Permission.objects.get(codename="delete_heritagesite"))
    call_command("setup_roles")
    call_command("setup_roles")
    assert perms(CURATORS) == CURATOR_EXPECTED
    assert Group.objects.filter(name__in=[CURATORS, REVIEWERS]).count() == 2
    assert f"{CURATORS}: {len(CURATOR_EXPECTED)} permissions" in capsys.readouterr().out


def test_curator_cannot_delete_sites_or_sources_or_touch_users(curator_client):
    from tests.factories import SiteFactory, SourceFactory

    site, source = SiteFactory(), SourceFactory()
    assert (
        curator_client.get(
            reverse("admin:heritage_heritagesite_delete", args=[site.pk])
        ).status_code
        == 403
    )
    assert (
        curator_client.get(reverse("admin:sources_source_delete", args=[source.pk])).status_code
        == 403
    )
    assert curator_client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert curator_client.get(reverse("admin:sources_importrun_changelist")).status_code == 200


def test_demo_curator_is_a_staff_reviewer_not_a_superuser(capsys):
    call_command("create_demo_curator")
    out = capsys.readouterr().out
    assert "Demo curator created" in out and "reviewer" in out
    user = get_user_model().objects.get(username="curator")
    assert user.is_staff and not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == [REVIEWERS]
    assert user.has_perm("heritage.publish_damagereport")
    assert not user.has_perm("heritage.delete_heritagesite")
