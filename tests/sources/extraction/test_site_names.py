"""The naming templates of site_names.json, each on its own sentence, and the engine's
cleaning rules, each on a sentence written for it."""

import pytest

from sources.extraction.site_names import examples, patterns


def found(text, headline=False):
    return [n.name for n in patterns().find(text, headline=headline)]


@pytest.mark.parametrize("example", examples(), ids=lambda e: e["pattern"])
def test_every_template_names_its_own_sentence(example):
    assert found(example["example"]) == example["expect"].split("|")


@pytest.mark.parametrize("example", examples(), ids=lambda e: e["pattern"])
def test_every_template_is_needed_for_its_sentence(example):
    """Without the template its sentence gives no name, or not that name: no dead data."""
    engine = patterns()
    index = [e["pattern"] for e in examples()].index(example["pattern"])
    others = engine.patterns[:index] + engine.patterns[index + 1 :]
    without = type(engine)(**{**engine.__dict__, "patterns": others})
    names = [n.name for n in without.find(example["example"])]
    assert names != example["expect"].split("|")


def test_words_before_a_name_are_no_part_of_it():
    assert found("Yesterday Raqqa Museum staff fled the city.") == ["Raqqa Museum"]
    assert found("In Idlib Museum the cases were empty.") == ["Idlib Museum"]


def test_a_name_of_adjectives_only_is_no_name():
    assert found("Shells fell near the Great Mosque on Friday.") == []
    assert found("A car bomb hit the Great Mosque of Tal Afar.") == ["Great Mosque of Tal Afar"]


def test_name_after_of_keeps_its_article_and_qualifiers():
    assert found("Rockets struck the Cathedral of the Holy Martyrs in Sviatohirsk.") == [
        "Cathedral of the Holy Martyrs"
    ]
    assert found("Looters stripped the Museum of Syrian Heritage.") == ["Museum of Syrian Heritage"]


def test_church_bodies_are_not_buildings():
    text = (
        "The Armenian Apostolic Church and the Church of Cyprus protested, and so did the "
        "Ukrainian Orthodox Church of the Moscow Patriarchate."
    )
    assert found(text) == []


def test_possessive_owner_is_no_part_of_the_name():
    assert found("Gunmen torched Basra's Mosque of Sheikh Ali.") == ["Mosque of Sheikh Ali"]
    assert found("Drones circled over Kirkuk's Great Mosque.") == ["Great Mosque of Kirkuk"]


def test_possessive_after_of_is_not_a_name():
    # "the palace of Darfur's last sultan" names a sultan, not a palace called "Darfur's".
    assert found("Fighters looted the palace of Darfur's last sultan.") == []


def test_headline_capitals_do_not_make_names():
    assert found("Army Recaptures Citadel After Long Siege", headline=True) == []
    assert found("Militants Raze Shrine of Sidi Bilal", headline=True) == ["Shrine of Sidi Bilal"]
