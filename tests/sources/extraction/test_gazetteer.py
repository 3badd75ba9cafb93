import pytest

from sources.extraction.gazetteer import Gazetteer, tag_sites
from sources.extraction.sentences import split_sentences
from tests.sources.extraction.conftest import SITES


def tag(text, gazetteer):
    sentences = split_sentences(text)
    return [
        [(gazetteer.sites[m.slug].name, m.via) for m in ms]
        for ms in tag_sites(text, sentences, gazetteer)
    ]


def names(text, gazetteer):
    return [name for sentence in tag(text, gazetteer) for name, _ in sentence]


def test_aliases_are_case_and_accent_insensitive(gazetteer):
    assert names("Fighting near the OLD CITY OF ALEPPO and in Tombouctóu.", gazetteer) == [
        "Ancient City of Aleppo",
        "Timbuktu",
    ]


def test_longest_match_wins(gazetteer):
    # "Aleppo Citadel" is the citadel, not the city "Aleppo ..." followed by a word.
    assert names("Shells hit the Aleppo Citadel.", gazetteer) == ["Citadel of Aleppo"]


def test_possessive_and_compound_children(gazetteer):
    assert names("Bosra's theatre was hit.", gazetteer) == ["Roman Theatre at Bosra"]
    assert names("The ancient Aleppo citadel was hit.", gazetteer) == ["Citadel of Aleppo"]
    assert names("The citadel of Aleppo was hit.", gazetteer) == ["Citadel of Aleppo"]


def test_generic_mention_resolves_to_the_only_site_of_that_kind(gazetteer):
    text = "Rebels entered the Old City of Aleppo. The citadel was hit by mortars."
    assert tag(text, gazetteer)[1] == [("Citadel of Aleppo", "generic")]


def test_generic_mention_takes_the_last_named_site_of_its_kind(gazetteer):
    text = "The Sidi Yahia Mosque was attacked. Witnesses said the mosque was badly damaged."
    assert tag(text, gazetteer)[1] == [("Sidi Yahia Mosque", "generic")]


def test_ambiguous_generic_mention_is_left_alone(gazetteer):
    # Timbuktu has two mosques and neither was named: "the mosque" is not resolved.
    assert tag("Fighters entered Timbuktu. The mosque was damaged.", gazetteer)[1] == []


def test_another_is_not_the_same_site(gazetteer):
    text = "The Sidi Yahia Mosque was attacked. A week later they attacked another mosque."
    assert tag(text, gazetteer)[1] == []


def test_topic_mentions_resolve_to_the_site_in_view(gazetteer):
    text = "Militants overran Nimrud in 2015. They bulldozed the ancient city."
    assert tag(text, gazetteer)[1] == [("Nimrud", "topic")]


def test_candidate_sites(gazetteer):
    text = (
        "Militants blew up the Temple of Nabu and looted the Raqqa Museum. "
        "They demolished several ancient sites in Iraq, including Hatra and Khorsabad."
    )
    found = names(text, gazetteer)
    assert "Temple of Nabu" in found and "Raqqa Museum" in found and "Khorsabad" in found
    assert "Hatra" in found
    candidates = {e.name for e in gazetteer.sites.values() if e.candidate}
    assert candidates == {"Temple of Nabu", "Raqqa Museum", "Khorsabad"}


def test_modern_places_are_not_candidates(gazetteer):
    text = (
        "Troops took a palace complex and the hotel district. Jets struck Raqqa, Ramadi and a busy "
        "market in Douma."
    )
    assert names(text, gazetteer) == []
    assert not any(e.candidate for e in gazetteer.sites.values())


# Rules for a large gazetteer and for how news names sites: each on a sentence of its own.

MORE_SITES = [
    {"slug": "nuri", "name": "Great Mosque of al-Nuri", "kind": "mosque", "aliases": []},
    {
        "slug": "hadba",
        "name": "Al-Hadba Minaret",
        "kind": "mosque",
        "parent": "nuri",
        "aliases": ["Leaning minaret of Mosul"],
    },
    {"slug": "omari", "name": "Great Omari Mosque", "kind": "mosque", "aliases": []},
    {"slug": "shaab", "name": "Sha'ab Mosque", "kind": "mosque", "aliases": []},
    {"slug": "darghut", "name": "Darghut Mosque", "kind": "mosque", "aliases": []},
    {"slug": "aleppo-museum", "name": "National Museum of Aleppo", "kind": "museum",
     "aliases": ["Aleppo Museum"]},
    {"slug": "maarat-museum", "name": "Maarat al-Numan Museum", "kind": "museum",
     "aliases": ["Maarat al-Numan Mosaics Museum"]},
    {"slug": "tyre", "name": "Tyre", "kind": "archaeological_site", "aliases": ["Sour"]},
    {"slug": "kasr", "name": "Pasha's Palace", "kind": "museum", "aliases": []},
]  # fmt: skip


@pytest.fixture
def big():
    return Gazetteer.from_entries([*SITES, *MORE_SITES])


def candidates(gaz):
    return {e.name for e in gaz.sites.values() if e.candidate}


def test_possessive_name_is_the_site_of_that_place(big):
    # Listed only as "Great Mosque of al-Nuri": "al-Nuri's Great Mosque" is the same name.
    assert names("Fighters mined al-Nuri's Great Mosque.", big) == ["Great Mosque of al-Nuri"]


def test_spelling_without_the_apostrophe_is_the_same_name(big):
    assert names("Bulldozers razed the Shaab Mosque at dawn.", big) == ["Sha'ab Mosque"]


def test_qualifiers_between_a_place_and_its_building(big):
    assert names("Shelling damaged Aleppo's main museum.", big) == ["National Museum of Aleppo"]


def test_named_building_in_a_place_is_the_known_one(big):
    text = "Shells hit the Mosaics Museum in Maarat al-Numan on Tuesday."
    assert names(text, big) == ["Maarat al-Numan Museum"]
    assert candidates(big) == set()


def test_shorter_spelling_of_a_site_in_the_article_is_no_candidate(big):
    text = "Jets hit the Great Omari Mosque. Residents said the Omari Mosque lost its roof."
    assert tag(text, big)[1] == [("Great Omari Mosque", "variant")]
    assert candidates(big) == set()


def test_coordinated_names_share_their_plural_head(big):
    text = "Salafists desecrated the Gurgi, Darghut and Nagga mosques last week."
    assert names(text, big) == ["Gurgi Mosque", "Darghut Mosque", "Nagga Mosque"]
    assert candidates(big) == {"Gurgi Mosque", "Nagga Mosque"}


def test_part_listed_in_the_gazetteer_takes_the_mention(big):
    text = "The Great Mosque of al-Nuri stood for centuries. The mosque's minaret was blown up."
    assert tag(text, big)[1] == [("Al-Hadba Minaret", "child")]
    text = "Militants blew up the minaret of the Great Mosque of al-Nuri."
    assert names(text, big) == ["Al-Hadba Minaret", "Great Mosque of al-Nuri"]


def test_a_whole_and_its_part_are_both_named(big):
    text = "Fighters blew up the Great Mosque of al-Nuri and its famous leaning minaret."
    assert tag(text, big)[0] == [
        ("Great Mosque of al-Nuri", "alias"),
        ("Al-Hadba Minaret", "child"),
    ]
    text = "The Great Mosque of al-Nuri was shelled. Its minaret survived."
    assert tag(text, big)[1] == [("Al-Hadba Minaret", "child")]


def test_a_plural_part_is_the_site_listed_as_them_all():
    town = {"slug": "tbk", "name": "Timbuktu", "kind": "historic_city", "parent": None}
    gaz = Gazetteer.from_entries(
        [
            {**town, "aliases": []},
            {"slug": "all", "name": "Mausoleums of Timbuktu", "kind": "tomb", "parent": "tbk"},
            {"slug": "one", "name": "Sidi Mahmoud Mausoleum", "kind": "tomb", "parent": "tbk"},
        ]
    )
    text = "Fighters wrecked several of Timbuktu's ancient mausoleums."
    assert ("Mausoleums of Timbuktu", "child") in tag(text, gaz)[0]


def test_part_not_in_the_gazetteer_is_the_whole(big):
    text = "Fire reached the Great Omari Mosque's library on Sunday."
    assert names(text, big) == ["Great Omari Mosque"]


def test_what_a_site_holds_stands_for_the_site(big):
    text = "Militants stormed the Mosul Museum. They took hammers to the two colossi."
    assert tag(text, big)[1] == [("Mosul Museum", "generic")]


def test_one_word_name_must_be_a_proper_noun(big):
    assert names("Relations with the council turned sour.", big) == []
    assert names("Strikes hit the outskirts of Sour.", big) == ["Tyre"]


def test_tomb_of_a_person_named_with_their_title(big):
    names("Fighters bulldozed the tomb of Sufi scholar Abdullah al-Maghrebi.", big)
    assert candidates(big) == {"Tomb of Abdullah al-Maghrebi"}


def test_church_bodies_are_never_candidates(big):
    names("The Syriac Catholic Church said the Church of Cyprus would help.", big)
    assert candidates(big) == set()


def test_possessive_building_is_the_one_listed_in_its_town():
    gaz = Gazetteer.from_entries(
        [{"slug": "vm", "name": "Church of the Virgin Mary", "kind": "church",
          "aliases": ["Virgin Mary Church in Mosul"]}]
    )  # fmt: skip
    assert names("Militants dynamited Mosul's Virgin Mary Church.", gaz) == [
        "Church of the Virgin Mary"
    ]
    assert candidates(gaz) == set()


def test_misspelt_name_of_a_site_in_the_article_is_that_site():
    gaz = Gazetteer.from_entries(
        [{"slug": "behnam", "name": "Mar Behnam Monastery", "kind": "monastery", "aliases": []}]
    )
    text = "Militants seized the Mar Behnam Monastery. Later the Mar Benham Monastery was bombed."
    assert tag(text, gaz)[1] == [("Mar Behnam Monastery", "variant")]
    assert candidates(gaz) == set()


def test_name_does_not_start_inside_a_hyphenated_word():
    gaz = Gazetteer.from_entries(
        [{"slug": "mosul-old", "name": "Old City of Mosul", "kind": "historic_city",
          "aliases": ["Old Mosul"]}]
    )  # fmt: skip
    assert names("The century-old Mosul library burned.", gaz) == []
    assert names("Fighting reached Old Mosul.", gaz) == ["Old City of Mosul"]


def test_one_word_name_followed_by_a_capitalized_word_is_another_name(big):
    assert names("Spokesman Tyre Jackson said the talks failed.", big) == []
    assert names("Jets struck Tyre on Monday.", big) == ["Tyre"]
    assert names("Jets struck Tyre Monday.", big) == ["Tyre"]  # a date, not a name
    assert names("Jets Strike Tyre Port In Night Raid", big) == ["Tyre"]  # a headline


def test_a_grave_is_a_tomb_a_shrine_or_a_mausoleum(big):
    gaz = Gazetteer.from_entries(
        [{"slug": "sm", "name": "Sidi Mahmoud Mausoleum", "kind": "tomb",
          "aliases": ["Mausoleum of Sidi Mahmoud"]}]
    )  # fmt: skip
    text = "Militants bulldozed the Sufi shrine of Sidi Mahmoud last week."
    assert names(text, gaz) == ["Sidi Mahmoud Mausoleum"]
    assert candidates(gaz) == set()


def test_a_building_named_with_the_first_name_too_is_the_listed_one():
    gaz = Gazetteer.from_entries(
        [{"slug": "sm", "name": "Skovoroda Museum", "kind": "museum", "parent": None}]
    )
    text = "A missile struck the museum dedicated to the philosopher Hryhorii Skovoroda."
    assert ("Skovoroda Museum", "alias") in tag(text, gaz)[0]
    assert candidates(gaz) == set()


def test_the_whole_of_a_part_named_just_before():
    gaz = Gazetteer.from_entries(
        [
            {"slug": "gm", "name": "Great Mosque of Aleppo", "kind": "mosque", "parent": None},
            {
                "slug": "mn",
                "name": "Minaret of the Great Mosque of Aleppo",
                "kind": "other",
                "parent": "gm",
            },
        ]
    )
    text = "The minaret of the Great Mosque of Aleppo fell. The mosque itself was damaged."
    assert tag(text, gaz)[1] == [("Great Mosque of Aleppo", "generic")]
