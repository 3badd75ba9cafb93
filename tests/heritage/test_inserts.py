"""`insert_with_history` writes the rows the ORM writes: the same values, defaults, auto
timestamps and history rows as `bulk_create` + `bulk_history_create` (and, for a Source, as
`save()`), in two statements whatever the number of objects."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import DateTimeField

from heritage.inserts import insert_with_history
from heritage.models import DamageReport, Evidence
from sources.models import Source
from tests.factories import ActorFactory, SiteFactory, SourceFactory, UserFactory

pytestmark = pytest.mark.django_db

SKIP = {"id", "history_id"}  # the keys differ; everything else must not


def row_values(obj, *, skip=()) -> dict:
    """The stored row of `obj`, timestamps as set or not set."""
    fields = type(obj)._meta.concrete_fields
    return {
        f.attname: (getattr(obj, f.attname) is not None)
        if isinstance(f, DateTimeField)
        else getattr(obj, f.attname)
        for f in fields
        if f.attname not in SKIP and f.attname not in skip
    }


def stored(model, pk, *, skip=()):
    return row_values(model.objects.get(pk=pk), skip=skip)


def history_of(obj, *, skip=()):
    rows = type(obj).history.filter(id=obj.pk).order_by("history_id")
    return [row_values(h, skip=skip) for h in rows]


def new_reports(site):
    return [
        DamageReport(
            site=site,
            event_type="destroyed",
            extent="destroyed",
            event_date_earliest=dt.date(2015, 8, 23),
            event_date_latest=dt.date(2015, 8, 23),
            date_precision="day",
            summary="Blown up.",
            disagreements=[{"kind": "date", "text": "a; b", "settled": False}],
        ),
        DamageReport(site=site, event_type="looted"),  # every other field its default
    ]


def new_evidence(reports, source, actor):
    return [
        Evidence(
            report=report,  # saved after it was assigned: the id is read at insert time
            source=source,
            quote="The temple was destroyed … it was blown up.",
            char_start=3,
            char_end=40,
            spans=[[3, 20], [25, 40]],
            attributed_to=actor if n == 0 else None,
            attribution_text="the director said" if n == 0 else "",
            stated_date_earliest=dt.date(2015, 8, 23),
            confirms=n == 1,
            extracted_by="test/1",
        )
        for n, report in enumerate(reports)
    ]


def test_reports_and_evidence_are_stored_as_the_orm_stores_them():
    site, source, actor = SiteFactory(), SourceFactory(), ActorFactory()
    theirs, ours = new_reports(site), new_reports(site)
    # The evidence is made before its reports are saved, as the importer makes it.
    their_evidence, our_evidence = (
        new_evidence(theirs, source, actor),
        new_evidence(ours, source, actor),
    )
    DamageReport.objects.bulk_create(theirs)
    DamageReport.history.bulk_history_create(theirs)
    insert_with_history(ours)
    Evidence.objects.bulk_create(their_evidence)
    Evidence.history.bulk_history_create(their_evidence)
    insert_with_history(our_evidence)

    for model, pairs in (
        (DamageReport, zip(theirs, ours, strict=True)),
        (Evidence, zip(their_evidence, our_evidence, strict=True)),
    ):
        for their, our in pairs:
            assert our.pk is not None and not our._state.adding
            skip = ("report_id",)  # each side points at its own reports
            assert stored(model, our.pk, skip=skip) == stored(model, their.pk, skip=skip)
            assert row_values(our, skip=skip) == stored(model, our.pk, skip=skip)
            assert history_of(our, skip=skip) == history_of(their, skip=skip)
            (history,) = type(our).history.filter(id=our.pk)
            assert history.history_type == "+" and history.history_user_id is None
            assert history.history_change_reason == ""
    assert [e.report_id for e in our_evidence] == [r.pk for r in ours]
    assert ours[1].created_at is not None and ours[1].version == 1
    assert ours[1].review_status == "pending" and ours[1].disagreements == []


def test_a_source_is_stored_as_save_stores_it():
    run = None
    theirs = Source(title="T", outlet="AFP", text="Some text.", import_run=run, url="http://a.b/1")
    theirs.save()
    ours = Source(title="T", outlet="AFP", text="Other text.", import_run=run, url="http://a.b/2")
    ours.content_hash = theirs.content_hash.replace(theirs.content_hash[:4], "abcd")
    insert_with_history([ours], change_reason=None)
    skip = ("text", "content_hash", "url")
    assert stored(Source, ours.pk, skip=skip) == stored(Source, theirs.pk, skip=skip)
    assert history_of(ours, skip=skip) == history_of(theirs, skip=skip)
    assert ours.history.get().history_change_reason is None


def test_the_objects_own_user_and_reason_are_kept():
    user = UserFactory()
    report = new_reports(SiteFactory())[1]
    report._history_user = user
    report._change_reason = "Imported by hand"
    insert_with_history([report])
    history = report.history.get()
    assert history.history_user_id == user.pk
    assert history.history_change_reason == "Imported by hand"


def test_two_statements_whatever_the_number_of_rows(django_assert_num_queries):
    site = SiteFactory()
    many = [DamageReport(site=site, event_type="damaged") for _ in range(120)]
    # SQLite takes 999 parameters a statement: 120 reports are several INSERTs there.
    expected = 2 if connection.vendor == "postgresql" else 3 + 4
    with django_assert_num_queries(expected):
        insert_with_history(many)
    assert sorted(r.pk for r in many) == list(
        DamageReport.objects.order_by("pk").values_list("pk", flat=True)
    )
    assert DamageReport.history.count() == 120
    with django_assert_num_queries(2):
        insert_with_history([DamageReport(site=site, event_type="looted")])


def test_a_value_the_field_refuses_writes_nothing():
    site = SiteFactory()
    bad = DamageReport(site=site, event_type="damaged", event_date_earliest="23 August")
    with pytest.raises(ValidationError):
        insert_with_history([DamageReport(site=site, event_type="damaged"), bad])
    assert not DamageReport.objects.exists() and not DamageReport.history.exists()


def test_a_broken_constraint_raises_integrity_error_and_writes_nothing():
    first = SourceFactory()
    copy = Source(title="copy", text=first.text, content_hash=first.content_hash)
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_with_history([copy], change_reason=None)
    assert Source.objects.count() == 1 and copy.pk is None


def test_values_written_as_they_are_are_those_the_fields_would_return_unchanged():
    """The shortcut of value preparation: for every column the importer writes, a value of a
    type taken as it is comes out of the field's get_db_prep_save unchanged; dates, numbers,
    JSON, timestamps and keys always go through it."""
    from heritage.inserts import _insert_fields, as_is_types

    samples = {str: ["", "Temple of Bel", "é … ’"], bool: [True, False], type(None): [None]}
    shortcut = set()
    for model in (DamageReport, Evidence, Source):
        for field in _insert_fields(model) + _insert_fields(model.history.model):
            for kind in as_is_types(field):
                shortcut.add(type(field).__name__)
                for value in samples[kind]:
                    assert field.get_db_prep_save(value, connection) is value, (field, value)
    assert shortcut == {"CharField", "TextField", "BooleanField", "URLField"}
    for name in ("event_date_earliest", "version", "disagreements", "created_at", "site"):
        assert as_is_types(DamageReport._meta.get_field(name)) == frozenset()
