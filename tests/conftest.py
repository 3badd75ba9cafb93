import pytest

from tests.factories import UserFactory


@pytest.fixture
def superuser(db):
    return UserFactory(username="admin", is_superuser=True)


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def reviewer(db):
    from django.contrib.auth.models import Permission

    user = UserFactory(username="reviewer")
    user.user_permissions.add(Permission.objects.get(codename="publish_damagereport"))
    return user


@pytest.fixture
def curator(db):
    return UserFactory(username="curator")
