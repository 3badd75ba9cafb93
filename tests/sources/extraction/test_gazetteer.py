from sources.extraction.gazetteer import tag_sites
from sources.extraction.sentences import split_sentences


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
