from sources.extraction.actors import ActorState, default_index, find_actors, name_key


def test_transliterations_share_a_key():
    keys = {
        name_key(n)
        for n in [
            "Maamoun Abdulkarim",
            "Maamoun Abdul Karim",
            "Mamoun Abdelkarim",
            "Maamoun Abdelkarim",
        ]
    }
    assert len(keys) == 1


def test_spellings_resolve_to_one_actor():
    index = default_index()
    found = set()
    for text in [
        "Mamoun Abdelkarim said.",
        "Maamoun Abdul Karim said.",
        "Maamoun Abdulkarim said.",
    ]:
        found |= {a.name for a in find_actors(text, 0, index, ActorState())}
    assert found == {"Maamoun Abdulkarim"}


def test_the_observatory_needs_the_name_first():
    index = default_index()
    state = ActorState()
    assert find_actors("The Observatory said so.", 0, index, state) == []
    find_actors("The Syrian Observatory for Human Rights reported fighting.", 0, index, state)
    assert [a.name for a in find_actors("The Observatory said so.", 0, index, state)] == [
        "Syrian Observatory for Human Rights"
    ]


def test_unknown_people_and_surname_reference():
    index = default_index()
    state = ActorState()
    assert [
        a.name for a in find_actors("Governor Talal Barazi said troops advanced.", 0, index, state)
    ] == ["Talal Barazi"]
    assert [
        a.name for a in find_actors("Barazi added that more was to come.", 0, index, state)
    ] == ["Talal Barazi"]


def test_is_as_a_word_is_not_islamic_state():
    index = default_index()
    assert [
        a.name
        for a in find_actors("The site is under IS control, it is said.", 0, index, ActorState())
    ] == ["Islamic State"]


def test_a_sites_name_is_no_persons_name():
    found = find_actors(
        "The Transfiguration Cathedral was hit.", 0, default_index(), ActorState(), 0
    )
    assert found == []


def test_a_title_before_a_name_is_not_part_of_it():
    found = find_actors(
        "It was denied by Kremlin Spokesman Dmitry Peskov.", 0, default_index(), ActorState(), 0
    )
    assert [a.name for a in found] == ["Dmitry Peskov"]


def test_a_title_case_headline_names_no_one_unknown():
    state = ActorState()
    headline = find_actors(
        "Relics Vanish From Gaza Palace Museum After Months of War", 0, default_index(), state
    )
    assert headline == []
    # Nor does a later word resolve to a name guessed from it ("Gaza" of "Relics … From Gaza").
    later = find_actors("The museum in Gaza was looted.", 0, default_index(), state, 1)
    assert later == []


def test_a_sentence_in_sentence_case_still_names_people():
    found = find_actors(
        "Karim Haddad, who runs the museum, said it was looted.", 0, default_index(), ActorState()
    )
    assert [a.name for a in found] == ["Karim Haddad"]


def test_a_title_before_a_name_belongs_to_that_name():
    # "Syria's antiquities chief" is an alias of one official; before a name it is that
    # person's title.
    found = find_actors(
        "Syria's antiquities chief Karim Haddad said so.", 0, default_index(), ActorState()
    )
    assert [a.name for a in found] == ["Karim Haddad"]
    alone = find_actors("Syria's antiquities chief said so.", 0, default_index(), ActorState())
    assert [a.name for a in alone] == ["Maamoun Abdulkarim"]


def test_a_site_named_like_a_person_is_no_speaker_and_no_later_he():
    import datetime as dt

    from sources.extraction.gazetteer import Gazetteer
    from sources.extraction.pipeline import extract_text

    gaz = Gazetteer.from_entries(
        [{"slug": "cc", "name": "Chernihiv Collegium", "kind": "other", "parent": None}]
    )
    text = (
        "Mayor Vladyslav Atroshenko spoke on television. He said the churches were spared, but "
        "that fighting near the Chernihiv Collegium was putting the building at risk."
    )
    article = extract_text(text, gazetteer=gaz, published=dt.date(2022, 3, 13), file="t.txt")
    [claim] = article.claims
    assert claim.claimants == ["Vladyslav Atroshenko"]


def test_aliases_are_found_whatever_words_follow_their_first():
    # Only the aliases whose first two words are in the sentence are tried: a long alias
    # starting with "the", a one-word alias, and "the" before other words.
    from sources.extraction.actors import ActorIndex

    index = ActorIndex.from_entries(
        [
            {"name": "Antiquities Directorate", "kind": "official",
             "aliases": ["the Directorate of Antiquities of Syria", "the Ministry"]},
            {"name": "UNESCO", "kind": "other", "aliases": ["Unesco"]},
        ]
    )  # fmt: skip
    text = "The Directorate of Antiquities of Syria and UNESCO said the Ministry was told."
    found = find_actors(text, 0, index, ActorState())
    assert [(a.name, a.text) for a in found] == [
        ("Antiquities Directorate", "The Directorate of Antiquities of Syria"),
        ("UNESCO", "UNESCO"),
        ("Antiquities Directorate", "the Ministry"),
    ]
    assert find_actors("The museum said.", 0, index, ActorState()) == []
