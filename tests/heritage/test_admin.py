import pytest
from django.contrib import admin
from django.urls import reverse

from tests.factories import EvidenceFactory, SiteAliasFactory

pytestmark = pytest.mark.django_db

REGISTERED = sorted(
    (model._meta.app_label, model._meta.model_name) for model in admin.site._registry
)
OUR_MODELS = [(app, name) for app, name in REGISTERED if app in ("heritage", "sources")]


def test_every_model_of_ours_is_in_the_admin():
    assert {name for _, name in OUR_MODELS} == {
        "heritagesite",
        "sitealias",
        "damagereport",
        "evidence",
        "photo",
        "source",
        "actor",
        "actoralias",
        "importrun",
        "reviewdecision",
    }


@pytest.mark.parametrize(("app", "model"), OUR_MODELS)
def test_changelist_renders_with_data(admin_client, app, model):
    EvidenceFactory()
    SiteAliasFactory()
    response = admin_client.get(reverse(f"admin:{app}_{model}_changelist"))
    assert response.status_code == 200


# Import runs are made by the importer, review decisions by the review services.
MADE_BY_THE_CODE = {"importrun", "reviewdecision"}


@pytest.mark.parametrize(("app", "model"), [m for m in OUR_MODELS if m[1] not in MADE_BY_THE_CODE])
def test_add_page_renders(admin_client, app, model):
    response = admin_client.get(reverse(f"admin:{app}_{model}_add"))
    assert response.status_code == 200


@pytest.mark.parametrize(("app", "model"), [m for m in OUR_MODELS if m[1] in MADE_BY_THE_CODE])
def test_records_made_by_the_code_cannot_be_added_by_hand(admin_client, app, model):
    response = admin_client.get(reverse(f"admin:{app}_{model}_add"))
    assert response.status_code == 403


def test_site_search_finds_aliases(admin_client):
    alias = SiteAliasFactory(name="Tadmur")
    response = admin_client.get(reverse("admin:heritage_heritagesite_changelist"), {"q": "tadmur"})
    assert alias.site.name in response.content.decode()


def test_admin_requires_login(client):
    response = client.get(reverse("admin:heritage_damagereport_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
