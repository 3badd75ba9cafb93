import pytest
from django.contrib.auth.models import Group

from heritage.roles import CURATORS, REVIEWERS, roles_setup
from tests.factories import UserFactory


@pytest.fixture
def roles(db):
    roles_setup()


@pytest.fixture
def curator_user(roles):
    """A staff user whose only rights come from the Curators group."""
    user = UserFactory(username="cora_curator")
    user.groups.add(Group.objects.get(name=CURATORS))
    return user


@pytest.fixture
def reviewer_user(roles):
    """A staff user whose only rights come from the Reviewers group."""
    user = UserFactory(username="rita_reviewer")
    user.groups.add(Group.objects.get(name=REVIEWERS))
    return user


@pytest.fixture
def curator_client(client, curator_user):
    client.force_login(curator_user)
    return client


@pytest.fixture
def reviewer_client(curator_user, reviewer_user):
    from django.test import Client

    reviewer = Client()
    reviewer.force_login(reviewer_user)
    return reviewer


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
