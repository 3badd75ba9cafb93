"""The data migration that splits old lumped evidence rows (sentences joined with " … ")
into one row per statement, or flags them for a curator."""

import importlib

import pytest
from django.apps import apps

from heritage.models import Evidence
from sources.models import Actor
from tests.factories import ActorAliasFactory, ActorFactory, EvidenceFactory, SourceFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("heritage.migrations.0007_split_lumped_evidence")

OWN = "Islamic State militants blew up the temple on Sunday."
CHIEF = "Maamoun Abdulkarim said the temple was destroyed on August 23."
PRONOUN = "He said it happened a month ago."


def lumped(*sentences, **fields):
    text = "Palmyra, Syria. " + " ".join(sentences) + " Other news."
    source = SourceFactory(text=text)
    start = text.index(sentences[0])
    return EvidenceFactory(
        source=source,
        quote=" … ".join(sentences),
        char_start=start,
        char_end=text.index(sentences[-1]) + len(sentences[-1]),
        attribution_text="ISIS, Syrian antiquities chief",
        stated_date_text="on August 23",
        spans=[],
        **fields,
    )


@pytest.fixture
def actors(db):
    chief = ActorFactory(name="Maamoun Abdulkarim", kind=Actor.Kind.OFFICIAL)
    ActorAliasFactory(actor=chief, name="Maamoun Abdulkarim")
    group = ActorFactory(name="Islamic State", kind=Actor.Kind.ARMED_GROUP)
    ActorAliasFactory(actor=group, name="Islamic State")
    return chief, group


def test_attributable_sentences_are_split_into_one_row_per_claimant(actors):
    chief, _ = actors
    row = lumped(OWN, CHIEF)
    migration.split_lumped(apps, None)
    rows = list(Evidence.objects.filter(report=row.report).order_by("char_start"))
    assert [(e.quote, e.attributed_to_id) for e in rows] == [(OWN, None), (CHIEF, chief.pk)]
    own, said = rows
    assert own.pk == row.pk  # the old row keeps its id (and history) as the first statement
    text = row.source.text
    assert [text[a:b] for a, b in said.spans] == [CHIEF]
    assert (said.char_start, said.char_end) == tuple(said.spans[0])
    # The date as written goes with the sentence that gives it.
    assert (own.stated_date_text, said.stated_date_text) == ("", "on August 23")
    assert not any(e.needs_attribution for e in rows)


def test_a_sentence_whose_speaker_cannot_be_told_leaves_the_row_whole_and_flagged(actors):
    row = lumped(CHIEF, PRONOUN)
    migration.split_lumped(apps, None)
    row.refresh_from_db()
    assert Evidence.objects.filter(report=row.report).count() == 1
    assert row.needs_attribution
    assert row.quote == f"{CHIEF} … {PRONOUN}"


def test_single_sentence_rows_only_gain_their_span(actors):
    row = EvidenceFactory(spans=[], char_start=0, char_end=24)
    migration.split_lumped(apps, None)
    row.refresh_from_db()
    assert row.spans == [[0, 24]] and not row.needs_attribution


def test_every_single_sentence_row_gains_its_span_in_one_statement(
    actors, django_assert_max_num_queries
):
    rows = [EvidenceFactory(spans=[], char_start=n, char_end=n + 10) for n in range(30)]
    no_end = EvidenceFactory(spans=[], char_start=5, char_end=None)
    kept = EvidenceFactory(spans=[[1, 2], [4, 9]], char_start=1, char_end=9)
    # aliases, actor kinds, actor names, the one UPDATE, the (empty) read of lumped rows
    with django_assert_max_num_queries(5):
        migration.split_lumped(apps, None)
    for row in rows:
        row.refresh_from_db()
        assert row.spans == [[row.char_start, row.char_end]] and not row.needs_attribution
    no_end.refresh_from_db()
    kept.refresh_from_db()
    assert no_end.spans == [] and kept.spans == [[1, 2], [4, 9]]
