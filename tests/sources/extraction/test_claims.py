"""One test per rule of news language, on sentences written for the test."""

import datetime as dt

from .conftest import claims_of


def only(article, gazetteer):
    assert len(article.claims) == 1, [(c.site, c.event_type) for c in article.claims]
    return article.claims[0]


def test_active_voice(extract, gazetteer):
    a = extract("Militants bulldozed Nimrud on March 5, 2015, Iraqi officials said.")
    c = only(a, gazetteer)
    assert (c.site, c.event_type, c.precision, c.earliest) == (
        "nimrud",
        "destroyed",
        "day",
        dt.date(2015, 3, 5),
    )
    assert c.cause == "demolition"


def test_passive_voice_with_agent(extract, gazetteer):
    c = only(
        extract("The Mosul Museum was looted by Islamic State fighters in February 2015."),
        gazetteer,
    )
    assert (c.site, c.event_type, c.perpetrator, c.precision) == (
        "mosul-museum",
        "looted",
        "Islamic State",
        "month",
    )


def test_list_of_objects(extract, gazetteer):
    a = extract(
        "The group destroyed the Ziggurat of Nimrud, the Mosul Museum and Hatra, drawing outrage."
    )
    assert claims_of(a, gazetteer) == {
        ("Ziggurat of Nimrud", "destroyed"),
        ("Mosul Museum", "destroyed"),
        ("Hatra", "destroyed"),
    }


def test_including_list_after_a_relative_clause(extract, gazetteer):
    a = extract(
        "Fighters have demolished several ancient sites that pre-date Islam, including Hatra "
        "and Nimrud."
    )
    assert claims_of(a, gazetteer) == {("Hatra", "destroyed"), ("Nimrud", "destroyed")}


def test_place_of_a_monument_is_not_the_target(extract, gazetteer):
    a = extract("Rebels shelled the Umayyad Mosque of Aleppo in the Old City of Aleppo.")
    assert claims_of(a, gazetteer) == {("Umayyad Mosque of Aleppo", "damaged")}


def test_reported_speech_subject_and_inversion(extract, gazetteer):
    a = extract("Rebels seized the Aleppo Citadel on Tuesday, activists said.")
    assert only(a, gazetteer).claimants == ["activists"]
    a = extract("Government forces have retaken Bosra, say state media and a monitoring group.")
    assert set(only(a, gazetteer).claimants) >= {"state media"}


def test_according_to_and_told(extract, gazetteer):
    a = extract("According to the Syrian Observatory for Human Rights, militants looted Apamea.")
    assert only(a, gazetteer).claimants == ["Syrian Observatory for Human Rights"]
    a = extract("Jihadists blew up the Ziggurat of Nimrud, Irina Bokova told Reuters.")
    assert only(a, gazetteer).claimants == ["Irina Bokova"]


def test_pronoun_speaker_is_the_last_person_named(extract, gazetteer):
    text = (
        "Maamoun Abdul Karim spoke to reporters on Friday. "
        'He added: "I am sure that Hatra has been destroyed by these barbarians.'
    )
    c = only(extract(text), gazetteer)
    assert (c.site, c.claimants) == ("hatra", ["Maamoun Abdulkarim"])


def test_negation_is_not_a_claim(extract, gazetteer):
    a = extract("Officials said the Mosul Museum was not damaged and had not been looted.")
    assert a.claims == []
    a = extract("The army has not yet retaken Bosra.")
    assert a.claims == []


def test_footage_of_standing_ruins_is_not_damage(extract, gazetteer):
    a = extract("Television footage on Friday showed the colonnades of Apamea still standing.")
    assert a.claims == []


def test_concessive_clause_does_not_lend_its_date(extract, gazetteer):
    text = (
        "Many of Apamea's columns have been smashed by looters, although footage on Friday showed "
        "some structures still standing."
    )
    c = only(extract(text), gazetteer)
    assert c.event_type == "damaged" and c.stated_date_text == ""


def test_fears_are_threats_not_destruction(extract, gazetteer):
    a = extract("There are fears that the militants will destroy Hatra.")
    assert claims_of(a, gazetteer) == {("Hatra", "threatened")}
    a = extract("The advance sparked fears the group might demolish Nimrud.")
    assert claims_of(a, gazetteer) == {("Nimrud", "threatened")}


def test_threatened_to_destroy(extract, gazetteer):
    a = extract("The group threatened to blow up the Mosul Museum.")
    assert claims_of(a, gazetteer) == {("Mosul Museum", "threatened")}


def test_purpose_and_hypothetical_recapture_are_not_claims(extract, gazetteer):
    assert extract("Troops launched an offensive to retake Bosra.").claims == []
    assert extract("The recapture of Bosra would be a major victory.").claims == []
    assert extract("Retaking Bosra could open the road south.").claims == []
    assert extract("The army was closer to seizing full control of Bosra.").claims == []


def test_claimed_to_have_is_a_claim_by_the_claimant(extract, gazetteer):
    c = only(
        extract("In March 2015, the Islamic State claimed to have destroyed Hatra."), gazetteer
    )
    assert (c.event_type, c.claimants, c.precision) == ("destroyed", ["Islamic State"], "month")


def test_military_use(extract, gazetteer):
    c = only(extract("The militants used the Roman Theatre at Bosra as a prison."), gazetteer)
    assert c.event_type == "military_use"


def test_imagery_confirms(extract, gazetteer):
    text = (
        "The Ziggurat of Nimrud was bulldozed by militants. "
        "Satellite images have confirmed the destruction."
    )
    c = only(extract(text), gazetteer)
    assert c.confirmed and len(c.evidence) == 2


def test_two_events_of_one_type_stay_apart(extract, gazetteer):
    text = (
        "Rebels seized the Aleppo Citadel in July 2012. "
        "Government forces recaptured the Aleppo Citadel on Friday, state TV said."
    )
    a = extract(text)
    dates = sorted((c.earliest, c.precision) for c in a.claims)
    assert dates == [(dt.date(2012, 7, 1), "month"), (dt.date(2016, 3, 25), "day")]


def test_one_claim_gathers_every_sentence(extract, gazetteer):
    text = (
        "Jihadists blew up the Mosul Museum on Tuesday. "
        "Witnesses said the Mosul Museum was destroyed. The destruction was condemned by UNESCO."
    )
    c = only(extract(text), gazetteer)
    assert len(c.evidence) == 3 and c.earliest == dt.date(2016, 3, 22)


def test_undated_damage_is_placed_after_the_capture(extract, gazetteer):
    text = "Militants overran Nimrud in May 2015. They have since bulldozed the ancient city."
    a = extract(text)
    damage = next(c for c in a.claims if c.event_type == "destroyed")
    assert (damage.earliest, damage.latest, damage.precision, damage.date_inferred) == (
        dt.date(2015, 5, 1),
        dt.date(2016, 3, 25),
        "range",
        True,
    )


def test_no_date_when_the_text_gives_none(extract, gazetteer):
    c = only(extract("Fighters have looted Apamea."), gazetteer)
    assert c.earliest is None and c.precision == "unknown"


def test_conflicting_dates_in_one_article_are_noted(extract, gazetteer):
    text = (
        "Officials said Hatra was blown up on August 23. "
        "The Syrian Observatory for Human Rights reported that it happened one month ago."
    )
    c = only(extract(text, published=dt.date(2015, 8, 25)), gazetteer)
    assert c.earliest == dt.date(2015, 8, 23)
    assert c.contested and "one month ago" in c.contested[0]


def test_relative_date_inside_a_quote_is_not_the_publication_day(extract, gazetteer):
    text = 'Militants "blew up the Mosul Museum today," an official said on August 23.'
    c = only(extract(text), gazetteer)
    assert c.stated_date_text != "today"


def test_evidence_offsets_point_at_the_sentence(extract, gazetteer):
    a = extract("Intro line here.\n\nThe Mosul Museum was looted in February 2015.")
    c = only(a, gazetteer)
    s = c.evidence[0]
    assert a.text[s.start : s.end] == "The Mosul Museum was looted in February 2015."


def test_inspection_confirms_even_before_a_that_clause(extract, gazetteer):
    text = (
        "Experts from UNESCO who visited the site confirmed that the Mosul Museum had been looted."
    )
    c = only(extract(text), gazetteer)
    assert c.confirmed and "UNESCO" in c.claimants


def test_contrast_clause_does_not_confirm(extract, gazetteer):
    text = "The Mosul Museum was looted, but satellite images showed the building intact."
    assert not only(extract(text), gazetteer).confirmed


def test_toppled_is_destruction(extract, gazetteer):
    c = only(
        extract("Tank fire toppled the Ziggurat of Nimrud on Wednesday, activists said."), gazetteer
    )
    assert (c.event_type, c.earliest) == ("destroyed", dt.date(2016, 3, 23))


def test_the_day_a_statement_was_made_bounds_an_undated_event(extract, gazetteer):
    c = only(extract("Militants have bulldozed Nimrud, the ministry said on Thursday."), gazetteer)
    assert (c.earliest, c.latest, c.precision) == (None, dt.date(2016, 3, 24), "unknown")
    assert c.claimants == ["ministry"]


def test_said_on_is_found_in_the_last_words_as_in_the_whole_text():
    # "said on Thursday" is looked for in the last words before the date only (the pattern is
    # anchored at the end): on random text the answer must be the whole text's.
    import random

    from sources.extraction.claims import _STATEMENT_DATE, _said_before

    rng = random.Random(5)
    words = ["said", "told", "put out", "officials", "AFP", "in", "a", "statement", "the"]
    words += ["U.S.", "al-Nuri", ",", "news", "agency", "Said", "\u00a0", "\n", "  "]
    for _ in range(5000):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(0, 16)))
        three = " ".join(rng.choice(words) for _ in range(3))
        text += rng.choice(["", " put out ", " told ", " said "]) + rng.choice(["", three])
        text += rng.choice(["", " in a statement"]) + rng.choice(["", " ", "  ", "\t"])
        assert _said_before(text) == bool(_STATEMENT_DATE.search(text)), repr(text)
