import json

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db.models import Q

from heritage.gazetteer import gazetteer_load
from heritage.models import HeritageSite, SiteAlias

pytestmark = pytest.mark.django_db

ENTRIES = [
    {
        "slug": "palmyra",
        "name": "Palmyra",
        "parent": None,
        "kind": "archaeological_site",
        "country": "SY",
        "latitude": "34.551",
        "longitude": "38.269",
        "built": "",
        "aliases": ["Tadmur", "Tadmor"],
    },
    {
        "slug": "temple-of-bel",
        "name": "Temple of Bel",
        "parent": "palmyra",
        "kind": "temple",
        "country": "SY",
        "latitude": "34.5476",
        "longitude": "38.2741",
        "built": "32 AD",
        "aliases": ["Bel Temple", "bel temple"],
    },
]


@pytest.fixture
def gazetteer_file(tmp_path):
    def write(entries):
        path = tmp_path / "sites.json"
        path.write_text(json.dumps({"version": 1, "sites": entries}), encoding="utf-8")
        return path

    return write


def snapshot():
    sites = list(HeritageSite.objects.order_by("slug").values())
    aliases = list(SiteAlias.objects.order_by("site_id", "normalized").values())
    return sites, aliases


def test_load_creates_sites_with_parents_and_aliases(gazetteer_file):
    result = gazetteer_load(path=gazetteer_file(ENTRIES))
    bel = HeritageSite.objects.get(slug="temple-of-bel")
    assert bel.parent.slug == "palmyra"
    assert bel.is_public
    assert str(bel.latitude) == "34.547600"
    # "bel temple" folds to the same spelling as "Bel Temple": stored once.
    assert sorted(bel.aliases.values_list("name", flat=True)) == ["Bel Temple"]
    assert result.sites_created == 2
    assert result.aliases_added == 3


def test_loading_twice_changes_nothing(gazetteer_file):
    path = gazetteer_file(ENTRIES)
    gazetteer_load(path=path)
    before = snapshot()
    result = gazetteer_load(path=path)
    assert snapshot() == before
    assert (result.sites_created, result.sites_filled, result.aliases_added) == (0, 0, 0)
    assert result.sites_unchanged == 2


def test_curator_edits_are_not_overwritten(gazetteer_file):
    path = gazetteer_file(ENTRIES)
    gazetteer_load(path=path)
    HeritageSite.objects.filter(slug="temple-of-bel").update(
        name="Sanctuary of Bel", built="dedicated 32 AD", is_public=False
    )
    gazetteer_load(path=path)
    bel = HeritageSite.objects.get(slug="temple-of-bel")
    assert (bel.name, bel.built, bel.is_public) == ("Sanctuary of Bel", "dedicated 32 AD", False)


def test_new_facts_and_aliases_fill_gaps_only(gazetteer_file):
    gazetteer_load(path=gazetteer_file(ENTRIES))
    updated = [dict(ENTRIES[0], built="1st–3rd century AD", aliases=["Tadmur", "Tudmur"])]
    result = gazetteer_load(path=gazetteer_file(updated))
    palmyra = HeritageSite.objects.get(slug="palmyra")
    assert palmyra.built == "1st–3rd century AD"
    assert sorted(palmyra.aliases.values_list("name", flat=True)) == ["Tadmor", "Tadmur", "Tudmur"]
    assert result.sites_filled == 1


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ([dict(ENTRIES[1])], "must be listed before"),
        ([dict(ENTRIES[0], latitude="north")], "not a number"),
        ([dict(ENTRIES[0], latitude="95")], "latitude"),
        ([ENTRIES[0], dict(ENTRIES[1], kind="pyramid")], "kind"),
        ([dict(ENTRIES[0], colour="red")], "unknown keys"),
        ([{"name": "No slug"}], "needs a slug"),
    ],
)
def test_bad_gazetteer_is_refused_whole(gazetteer_file, entries, message):
    with pytest.raises(CommandError, match=message):
        call_command("load_gazetteer", str(gazetteer_file(entries)))
    assert HeritageSite.objects.count() == 0


def test_unreadable_gazetteer_names_the_file(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError, match="broken.json"):
        call_command("load_gazetteer", str(path))


def test_project_gazetteer_loads_and_holds_palmyra(capsys):
    call_command("load_gazetteer")
    palmyra = HeritageSite.objects.get(slug="palmyra")
    children = set(palmyra.children.values_list("name", flat=True))
    assert {"Temple of Bel", "Temple of Baalshamin", "Monumental Arch"} <= children
    assert SiteAlias.objects.filter(normalized="tadmur", site=palmyra).exists()
    # Every site is in a country (the Old City of Jerusalem, and so its monuments, are listed
    # under none). Every
    # World Heritage property is on the map; a monument whose coordinates nobody has checked
    # yet is left off rather than guessed.
    jerusalem = HeritageSite.objects.filter(Q(unesco_id="148") | Q(parent__unesco_id="148"))
    assert not HeritageSite.objects.filter(country="").exclude(pk__in=jerusalem).exists()
    properties = HeritageSite.objects.exclude(unesco_id="").filter(parent=None)
    assert not properties.filter(latitude__isnull=True).exclude(unesco_id="1703").exists()
    assert settings.GAZETTEER_PATH.name in capsys.readouterr().out


def test_project_gazetteer_holds_the_world_heritage_list():
    gazetteer_load(path=settings.GAZETTEER_PATH)
    assert HeritageSite.objects.count() >= 1000
    # 869 cultural and 39 mixed properties in 2019, one site each (a serial property too).
    properties = HeritageSite.objects.filter(parent=None).exclude(unesco_id="")
    assert properties.exclude(unesco_id="1703").count() == 908
    # Palmyra was in the hand-made gazetteer already: the property merged into it.
    palmyra = HeritageSite.objects.get(unesco_id="23", parent=None)
    assert palmyra.slug == "palmyra"
    assert SiteAlias.objects.filter(site=palmyra, normalized="site of palmyra").exists()
    # Two monuments of one serial property are its parts.
    crac = HeritageSite.objects.get(slug="crac-des-chevaliers-and-qalat-salah-el-din")
    assert set(crac.children.values_list("slug", flat=True)) == {
        "krak-des-chevaliers",
        "qalat-salah-al-din",
    }
    # The CSV's lost characters are repaired.
    assert HeritageSite.objects.filter(name="Mehmed Paša Sokolović Bridge").exists()


def test_project_gazetteer_reloads_in_few_queries(django_assert_max_num_queries):
    gazetteer_load(path=settings.GAZETTEER_PATH)
    history = HeritageSite.history.count()
    before = snapshot()
    # Read the sites, read the aliases, and nothing to write: a deploy's reload is cheap.
    with django_assert_max_num_queries(4):
        result = gazetteer_load(path=settings.GAZETTEER_PATH)
    assert snapshot() == before
    assert HeritageSite.history.count() == history
    assert (result.sites_created, result.sites_filled, result.aliases_added) == (0, 0, 0)


def test_first_load_writes_history_in_bulk(django_assert_max_num_queries):
    # A thousand sites: the reads, the inserts of each level of parenthood with their
    # history rows, the id read-back and the alias inserts, in batches (SQLite takes at most
    # 999 parameters a statement: about 60 sites or 300 aliases); never a query per site.
    with django_assert_max_num_queries(80):
        result = gazetteer_load(path=settings.GAZETTEER_PATH)
    assert result.sites_created == HeritageSite.objects.count()
    assert HeritageSite.history.count() == result.sites_created


def test_committed_gazetteer_is_built_from_its_sources():
    """fixtures/sites.json is generated by tools/build_gazetteer.py: edit its sources."""
    from tools.build_gazetteer import OUTPUT, build, render

    assert OUTPUT.read_text(encoding="utf-8") == render(build())
