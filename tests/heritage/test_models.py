"""Each named constraint is tested by a write that bypasses full_clean(), so the test fails
if the constraint is removed; and its clean() mirror gives a readable message."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from heritage.models import DamageReport, HeritageSite, SiteAlias
from tests.factories import EvidenceFactory, ReportFactory, SiteAliasFactory, SiteFactory

pytestmark = pytest.mark.django_db


def assert_violates(constraint_name, write):
    with pytest.raises(IntegrityError) as excinfo, transaction.atomic():
        write()
    # SQLite names CHECK constraints in its message; PostgreSQL names every constraint.
    message = str(excinfo.value)
    if "UNIQUE" not in message and "unique" not in message:
        assert constraint_name in message


@pytest.mark.parametrize(
    ("field", "value"),
    [("latitude", Decimal("90.5")), ("latitude", Decimal("-91")), ("longitude", Decimal("181"))],
)
def test_coordinates_out_of_range_are_refused(field, value):
    site = SiteFactory()
    setattr(site, field, value)
    assert_violates(f"heritage_site_{field}_range", site.save)
    with pytest.raises(ValidationError) as excinfo:
        site.full_clean()
    assert field in excinfo.value.message_dict


def test_coordinates_come_in_pairs():
    site = SiteFactory(latitude=Decimal("34.5"), longitude=Decimal("38.2"))
    site.longitude = None
    with pytest.raises(ValidationError, match="both latitude and longitude"):
        site.full_clean()
    assert_violates("heritage_site_coordinates_paired", site.save)


def test_site_without_coordinates_is_valid():
    site = SiteFactory(latitude=None, longitude=None)
    site.full_clean()


def test_site_cannot_be_its_own_parent():
    site = SiteFactory()
    site.parent = site
    with pytest.raises(ValidationError, match="own parent"):
        site.full_clean()
    assert_violates("heritage_site_not_own_parent", site.save)


def test_parent_loop_is_refused_by_clean():
    grandparent = SiteFactory()
    parent = SiteFactory(parent=grandparent)
    grandparent.parent = parent
    with pytest.raises(ValidationError, match="loop"):
        grandparent.full_clean()


def test_country_code_format():
    site = SiteFactory.build(country="Syria")
    with pytest.raises(ValidationError) as excinfo:
        site.full_clean()
    assert "country" in excinfo.value.message_dict


def test_report_dates_must_be_ordered():
    report = ReportFactory(
        event_date_earliest=datetime.date(2015, 9, 1), event_date_latest=datetime.date(2015, 9, 1)
    )
    report.event_date_latest = datetime.date(2015, 8, 1)
    with pytest.raises(ValidationError, match="cannot be before"):
        report.full_clean()
    assert_violates("heritage_report_dates_ordered", report.save)


def test_open_ended_report_dates_are_allowed():
    report = ReportFactory(event_date_earliest=None, event_date_latest=datetime.date(2016, 3, 1))
    report.full_clean()


def test_published_report_must_have_publication_time():
    report = ReportFactory()
    report.review_status = DamageReport.ReviewStatus.PUBLISHED
    assert_violates("heritage_report_published_has_timestamp", report.save)


def test_one_normalized_alias_per_site():
    alias = SiteAliasFactory(name="Baal Shamin")
    assert alias.normalized == "baal shamin"
    duplicate = SiteAlias(site=alias.site, name="BAAL-SHAMIN")
    with pytest.raises(ValidationError, match="already has that alias"):
        duplicate.full_clean()
    assert_violates("heritage_alias_unique_per_site", duplicate.save)
    # Another site may use the same spelling.
    SiteAlias.objects.create(site=SiteFactory(), name="Baal Shamin")


def test_alias_normalization_folds_accents_apostrophes_and_dashes():
    alias = SiteAliasFactory(name="Qal’at Ibn Ma‘ān")
    other = SiteAliasFactory(name="Qal'at ibn Maan")
    assert alias.normalized == other.normalized == "qalat ibn maan"


def test_evidence_span_must_be_ordered():
    evidence = EvidenceFactory(char_start=10, char_end=20)
    evidence.char_end = 5
    with pytest.raises(ValidationError, match="cannot end before"):
        evidence.full_clean()
    assert_violates("heritage_evidence_span_ordered", evidence.save)


def test_same_passage_cannot_be_quoted_twice_for_one_report():
    evidence = EvidenceFactory(char_start=0, char_end=24)
    duplicate = EvidenceFactory.build(
        report=evidence.report, source=evidence.source, char_start=0, char_end=24
    )
    assert_violates("heritage_evidence_unique_span", duplicate.save)


def test_report_date_display_respects_precision():
    day = ReportFactory.build(
        event_date_earliest=datetime.date(2015, 8, 23),
        event_date_latest=datetime.date(2015, 8, 23),
        date_precision="day",
    )
    month = ReportFactory.build(
        event_date_earliest=datetime.date(2015, 5, 1),
        event_date_latest=datetime.date(2015, 5, 31),
        date_precision="month",
    )
    approximate = ReportFactory.build(
        event_date_earliest=datetime.date(2015, 7, 10),
        event_date_latest=datetime.date(2015, 8, 10),
        date_precision="range",
        date_approximate=True,
    )
    unknown = ReportFactory.build(event_date_earliest=None, event_date_latest=None)
    assert day.date_display == "23 Aug 2015"
    assert month.date_display == "May 2015"
    assert approximate.date_display == "about between 10 Jul 2015 and 10 Aug 2015"
    assert unknown.date_display == "date unknown"


def test_public_and_published_querysets():
    public_site = SiteFactory(is_public=True)
    hidden_site = SiteFactory(is_public=False)
    shown = ReportFactory(site=public_site)
    on_hidden_site = ReportFactory(site=hidden_site)
    pending = ReportFactory(site=public_site)
    for report in (shown, on_hidden_site):
        DamageReport.objects.filter(pk=report.pk).update(
            review_status="published",
            published_at=datetime.datetime(2016, 1, 1, tzinfo=datetime.UTC),
        )
    assert list(HeritageSite.objects.public()) == [public_site]
    assert list(HeritageSite.objects.candidates()) == [hidden_site]
    assert list(DamageReport.objects.published()) == [shown]
    assert pending in DamageReport.objects.pending()
