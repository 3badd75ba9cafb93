"""Statements (who said what inside one claim) and the disagreements between them."""

import datetime as dt

from sources.extraction.actors import ActorMention
from sources.extraction.claims import RawClaim
from sources.extraction.merging import merge_claims
from sources.extraction.sentences import Sentence
from sources.extraction.statements import (
    Statement,
    compared,
    dates_disagree,
    disagreements,
    events_disagree,
    perpetrators_disagree,
)

from .conftest import PUBLISHED


def statements_of(article, site):
    (claim,) = [c for c in article.claims if c.site == site]
    return claim.statements


def by_label(statements):
    return {s.label: s for s in statements}


def statement(label, **fields):
    return Statement(claimant=label, claimant_text=label, claimant_kind="official", **fields)


# --- building statements -------------------------------------------------------------------


def test_one_statement_per_claimant_and_the_outlets_own_voice(extract):
    article = extract(
        "Militants blew up the Mosul Museum on March 5, 2015. "
        "The museum was destroyed on March 5, 2015, Iraqi officials said. "
        "The Syrian Observatory for Human Rights said the museum was destroyed on March 5, 2015."
    )
    statements = by_label(statements_of(article, "mosul-museum"))
    assert set(statements) == {
        "the outlet",
        "Iraqi officials",
        "Syrian Observatory for Human Rights",
    }
    assert statements["the outlet"].claimant is None
    assert statements["the outlet"].claimant_kind == "outlet"
    monitor = statements["Syrian Observatory for Human Rights"]
    assert monitor.claimant_kind == "monitoring_group"
    assert (monitor.earliest, monitor.latest, monitor.precision) == (
        dt.date(2015, 3, 5),
        dt.date(2015, 3, 5),
        "day",
    )
    assert disagreements(list(statements.values())) == []


def test_a_claimant_repeated_in_two_sentences_is_one_statement_with_both_spans(extract):
    text = (
        "The Syrian Observatory for Human Rights said Hatra was destroyed on March 7, 2015. "
        "Militants also looted the museum in Mosul. "
        "The Syrian Observatory for Human Rights added that Hatra was blown up by the militants."
    )
    article = extract(text)
    (monitor,) = statements_of(article, "hatra")
    assert len(monitor.spans) == 2
    assert [text[a:b] for a, b in monitor.spans] == monitor.quotes
    assert monitor.quotes[1].startswith("The Syrian Observatory for Human Rights added")


def test_the_perpetrator_is_not_the_claimant_unless_it_claims_the_act(extract):
    article = extract(
        "Islamic State released a video showing its fighters destroying Hatra. "
        "Hatra was destroyed by Islamic State, Iraqi officials said."
    )
    statements = by_label(statements_of(article, "hatra"))
    # The video is the group's own claim; the officials' sentence is the officials'.
    assert statements["Islamic State"].claimant_kind == "armed_group"
    assert statements["Iraqi officials"].perpetrator == "Islamic State"
    assert set(statements) == {"Islamic State", "Iraqi officials"}


def test_the_perpetrator_claims_its_own_act_in_reported_speech(extract):
    article = extract(
        "Islamic State said on Telegram that its fighters had destroyed Hatra. "
        "Islamic State militants destroyed Hatra, Iraqi officials said."
    )
    statements = by_label(statements_of(article, "hatra"))
    assert set(statements) == {"Islamic State", "Iraqi officials"}
    assert statements["Islamic State"].claimant_kind == "armed_group"


def test_a_claims_claimants_leave_out_the_perpetrator_named_as_who_did_it(gazetteer):
    # Whatever put the perpetrator among a sentence's claimants, the merged claim (the
    # contract's attributed_to) agrees with its statements: IS did it, the officials say so.
    text = "Islamic State destroyed Hatra, Iraqi officials said."
    sentence = Sentence(index=0, start=0, end=len(text), text=text, paragraph=0)
    raw = RawClaim(
        site="hatra",
        event_type="destroyed",
        sentence=0,
        trigger="destroyed",
        claimants=[
            ActorMention("Islamic State", "armed_group", 0, 13, "Islamic State"),
            ActorMention("Iraqi officials", "official", 31, 46, "Iraqi officials"),
        ],
        perpetrator="Islamic State",
    )
    (claim,) = merge_claims([raw], [sentence], gazetteer, PUBLISHED)
    assert claim.claimants == ["Iraqi officials"]
    assert claim.evidence_claimants == [["Iraqi officials"]]
    assert [st.label for st in claim.statements] == ["Iraqi officials"]


def test_a_news_agency_spoken_to_is_the_channel_not_a_claimant(extract):
    article = extract(
        "Islamic State blew up Hatra on March 7, 2015, Iraqi antiquities chief Qais Rasheed "
        "told AFP news agency."
    )
    (chief,) = statements_of(article, "hatra")
    assert chief.via == "AFP"
    assert chief.label.endswith("(AFP)")


# --- relative dates counted from the statement's own time -----------------------------------


def test_relative_date_in_an_older_passage_counts_from_the_passages_day(extract):
    # A live blog published in March 2016 carrying an entry from March 2015.
    article = extract(
        "The ancient city of Hatra has been destroyed by Islamic State militants, activists say. "
        "Iraq's antiquities chief said the site was blown up on March 7, 2015. "
        "The Syrian Observatory for Human Rights reported that it happened one month ago."
    )
    monitor = by_label(statements_of(article, "hatra"))["Syrian Observatory for Human Rights"]
    assert monitor.anchored_on == dt.date(2015, 3, 7)
    assert monitor.approximate and monitor.precision == "range"
    assert dt.date(2015, 1, 20) <= monitor.earliest <= monitor.latest <= dt.date(2015, 2, 21)


def test_relative_date_of_a_recent_story_still_counts_from_publication(extract):
    article = extract(
        "Officials said Hatra was destroyed on March 1, 2016. "
        "The Syrian Observatory for Human Rights reported that it happened one week ago."
    )
    monitor = by_label(statements_of(article, "hatra"))["Syrian Observatory for Human Rights"]
    assert monitor.anchored_on is None
    assert monitor.latest <= PUBLISHED


def test_relative_date_counts_from_the_day_the_statement_was_made(extract):
    article = extract("The Mosul Museum was looted two weeks ago, the ministry said on Thursday.")
    (ministry,) = statements_of(article, "mosul-museum")
    thursday = dt.date(2016, 3, 24)
    assert ministry.anchored_on == thursday
    assert ministry.latest <= thursday and ministry.approximate


def test_a_relative_date_with_nothing_to_anchor_it_stays_approximate(extract):
    article = extract("The Syrian Observatory for Human Rights said Hatra was razed a month ago.")
    (monitor,) = statements_of(article, "hatra")
    assert monitor.anchored_on is None
    assert monitor.approximate and monitor.precision == "range"


def test_quoted_today_counts_from_the_day_the_speaker_spoke(extract):
    article = extract(
        "“Militants blew up Hatra today,” Iraqi antiquities chief Qais Rasheed said on Monday."
    )
    (chief,) = statements_of(article, "hatra")
    monday = dt.date(2016, 3, 21)
    assert (chief.earliest, chief.latest, chief.precision, chief.approximate) == (
        monday,
        monday,
        "day",
        False,
    )
    assert chief.anchored_on == monday


def test_quoted_today_in_an_older_passage_is_the_passages_day(extract):
    article = extract(
        "Iraq's antiquities chief said Hatra was blown up on March 7, 2015. "
        "“They placed explosives in Hatra today and then blew it up,” Iraq's antiquities chief "
        "said."
    )
    (chief,) = statements_of(article, "hatra")
    # Both words agree on 7 March: the exact date stands, not an approximation.
    assert (chief.earliest, chief.latest, chief.approximate) == (
        dt.date(2015, 3, 7),
        dt.date(2015, 3, 7),
        False,
    )
    assert chief.anchored_on == dt.date(2015, 3, 7)


def test_quoted_today_with_nothing_to_anchor_it_gives_no_date(extract):
    article = extract("“Militants blew up Hatra today,” Iraqi antiquities chief Qais Rasheed said.")
    (chief,) = statements_of(article, "hatra")
    assert not chief.dated and chief.anchored_on is None


# --- disagreements, one test per kind ------------------------------------------------------


def test_date_disagreement_is_named_with_both_versions(extract):
    article = extract(
        "The ancient city of Hatra has been destroyed by Islamic State militants, activists say. "
        "Iraq's antiquities chief said the site was blown up on March 7, 2015. "
        "The Syrian Observatory for Human Rights reported that it happened one month ago."
    )
    (found,) = disagreements(statements_of(article, "hatra"))
    assert found.kind == "date"
    assert found.text == (
        "date: Iraq's antiquities chief 7 Mar 2015; "
        "Syrian Observatory for Human Rights about one month earlier"
    )


def test_event_disagreement_destroyed_vs_damaged(extract):
    article = extract(
        "Islamic State militants destroyed Nimrud, Iraqi officials said on Monday. "
        "The Syrian Observatory for Human Rights said Nimrud was only damaged."
    )
    (found,) = disagreements(statements_of(article, "nimrud"))
    assert found.kind == "event"
    assert found.text == (
        "event: Iraqi officials destroyed; Syrian Observatory for Human Rights damaged"
    )


def test_destroyed_parts_of_a_whole_do_not_contradict_its_destruction(extract):
    # A whole whose parts were destroyed is damaged; that is no "only damaged".
    article = extract(
        "Islamic State militants destroyed Nimrud, Iraqi officials said on Monday. "
        "The militants also destroyed statues there, residents said."
    )
    statements = by_label(statements_of(article, "nimrud"))
    assert statements["residents"].event_type == "damaged"
    assert statements["residents"].of_parts
    assert disagreements(list(statements.values())) == []


def test_damage_to_the_whole_beside_destroyed_parts_still_disagrees(extract):
    article = extract(
        "Islamic State militants destroyed Nimrud, Iraqi officials said on Monday. "
        "Residents said Nimrud was only damaged. They said militants destroyed statues there."
    )
    statements = by_label(statements_of(article, "nimrud"))
    assert not statements["Residents"].of_parts
    (found,) = disagreements(list(statements.values()))
    assert found.kind == "event"


def test_perpetrator_disagreement(extract):
    article = extract(
        "Islamic State militants bulldozed the Mosul Museum on March 5, 2015, Iraqi officials "
        "said. The museum was destroyed by the Syrian Arab Army on March 5, 2015, Islamic State "
        "said in a statement."
    )
    (found,) = disagreements(statements_of(article, "mosul-museum"))
    assert found.kind == "perpetrator"
    assert "Iraqi officials names Islamic State" in found.text
    assert "Islamic State names Syrian Arab Army" in found.text


def test_pairwise_rules():
    day = dt.date(2015, 8, 23)
    chief = statement("chief", event_type="destroyed", earliest=day, latest=day, precision="day")
    near = statement(
        "monitor", event_type="damaged", earliest=day + dt.timedelta(days=2), latest=day
    )
    far = statement(
        "monitor",
        event_type="destroyed",
        earliest=dt.date(2015, 7, 9),
        latest=dt.date(2015, 8, 8),
        precision="range",
    )
    undated = statement("outlet", event_type="destroyed")
    assert dates_disagree(chief, far) and not dates_disagree(chief, near)
    assert not dates_disagree(chief, undated)  # no date is no contradiction
    assert events_disagree(chief, near) and not events_disagree(chief, far)
    parts = statement("residents", event_type="damaged", of_parts=True)
    assert not events_disagree(chief, parts) and not events_disagree(parts, chief)
    named = statement("a", event_type="destroyed", perpetrator="Islamic State")
    other = statement("b", event_type="destroyed", perpetrator="Syrian Arab Army")
    described = statement("c", event_type="destroyed", perpetrator="militants")
    assert perpetrators_disagree(named, other)
    assert not perpetrators_disagree(named, described)


def test_one_claimant_never_disagrees_with_itself():
    a = statement(
        "chief", event_type="destroyed", earliest=dt.date(2015, 1, 1), latest=dt.date(2015, 1, 1)
    )
    b = statement(
        "chief", event_type="damaged", earliest=dt.date(2015, 6, 1), latest=dt.date(2015, 6, 1)
    )
    assert disagreements([a, b]) == []


def test_contract_lists_statements_and_disagreements(extract, gazetteer):
    from sources.extraction.pipeline import claim_contract

    article = extract(
        "Islamic State militants destroyed Nimrud, Iraqi officials said on Monday. "
        "The Syrian Observatory for Human Rights said Nimrud was only damaged."
    )
    out = claim_contract(article.claims[0], gazetteer)
    assert [s["claimant_text"] for s in out["statements"]] == [
        "Iraqi officials",
        "Syrian Observatory for Human Rights",
    ]
    assert out["disagreements"][0]["kind"] == "event"


def _pairwise_involved(statements, differ):
    """The definition: every pair of statements of two voices that `differ`."""
    out = set()
    for i, a in enumerate(statements):
        for b in statements[i + 1 :]:
            if a.label != b.label and differ(a, b):
                out |= {id(a), id(b)}
    return out


def test_disagreements_find_the_same_statements_as_comparing_every_pair():
    # A report's statements run to thousands, so `disagreements` does not compare every pair:
    # on random statements it must name exactly the statements the pairwise rules would.
    import random

    rng = random.Random(11)
    voices = ["chief", "monitor", "residents", "outlet", "ministry"]
    parties = [None, "Islamic State", "Syrian Arab Army", "militants", "the group"]
    for _ in range(300):
        statements = []
        for _ in range(rng.randint(0, 12)):
            start = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randint(0, 40))
            dated = rng.random() < 0.7
            statements.append(
                Statement(
                    claimant=rng.choice(voices[: rng.randint(1, 5)]),
                    claimant_text="",
                    claimant_kind="official",
                    event_type=rng.choice(["destroyed", "damaged", "looted"]),
                    via=rng.choice([None, None, "AFP"]),
                    perpetrator=rng.choice(parties),
                    earliest=start if dated else None,
                    latest=start + dt.timedelta(days=rng.choice([0, 0, 2, 30])) if dated else None,
                )
            )
        found = {d.kind: d for d in disagreements(statements)}
        for kind, differ in (
            ("date", dates_disagree),
            ("event", events_disagree),
            ("perpetrator", perpetrators_disagree),
        ):
            expected = _pairwise_involved(statements, differ)
            got = {id(statements[k]) for k in found[kind].statements} if kind in found else set()
            assert got == expected, (kind, statements)


def test_repeats_of_what_disagreements_compares_change_nothing():
    """The importer compares a report's statements with repeats of `compared` removed (the
    first kept): on random statements, the same disagreement texts as the whole list, and
    every field the rules read (claimant, channel, dates, party...) tells two apart."""
    import random
    from dataclasses import replace

    rng = random.Random(5)
    day = dt.date(2015, 8, 23)
    for _ in range(300):
        statements = [
            Statement(
                claimant=rng.choice(["chief", "monitor", None]),
                claimant_text=rng.choice(["", "residents"]),
                claimant_kind="official",
                event_type=rng.choice(["destroyed", "damaged"]),
                via=rng.choice([None, "AFP"]),
                of_parts=rng.random() < 0.2,
                perpetrator=rng.choice([None, "Islamic State", "Syrian Arab Army"]),
                date_text=rng.choice(["on August 23", "one month ago"]),
                earliest=day - dt.timedelta(days=rng.choice([0, 30])),
                latest=day,
                precision=rng.choice(["day", "range"]),
                approximate=rng.random() < 0.5,
                anchored_on=rng.choice([None, day]),
                confirmed=rng.random() < 0.5,  # not compared: the importer counts it apart
                quotes=[rng.choice(["a", "b"])],
            )
            for _ in range(rng.randint(0, 10))
        ]
        first: dict = {}
        for st in statements:
            first.setdefault(compared(st), st)
        texts = [(d.kind, d.text) for d in disagreements(statements)]
        assert [(d.kind, d.text) for d in disagreements(list(first.values()))] == texts
    st = Statement(
        claimant=None, claimant_text="residents", claimant_kind="generic", event_type="damaged"
    )
    changes = {
        "claimant": "someone else", "claimant_text": "others", "via": "Reuters",
        "event_type": "looted", "of_parts": not st.of_parts, "perpetrator": "the army",
        "date_text": "in 2014", "earliest": dt.date(2014, 1, 1), "latest": dt.date(2014, 2, 1),
        "precision": "year", "approximate": not st.approximate, "anchored_on": dt.date(2016, 1, 1),
    }  # fmt: skip
    for name, value in changes.items():
        assert compared(replace(st, **{name: value})) != compared(st), name
