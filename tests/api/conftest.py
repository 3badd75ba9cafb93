"""A small world for the API tests: Palmyra and what was published about it, next to
pending, rejected and retracted work and hidden sites that must never show."""

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache

from heritage import services
from heritage.models import Extent
from tests.factories import (
    ActorAliasFactory,
    ActorFactory,
    EvidenceFactory,
    ReportFactory,
    SiteAliasFactory,
    SiteFactory,
    SourceFactory,
)


@pytest.fixture(autouse=True)
def _fresh_throttle_counts():
    # The throttle counts requests in the default cache, which outlives a test.
    cache.clear()
    yield
    cache.clear()


def publish(report, reviewer):
    """Publish through the service, as a reviewer would in the admin."""
    return services.report_publish(report=report, user=reviewer)


@pytest.fixture
def world(db, reviewer):
    """Published and unpublished records side by side; returns them by name."""
    palmyra = SiteFactory(
        name="Palmyra",
        slug="palmyra",
        kind="archaeological_site",
        country="SY",
        latitude=Decimal("34.551000"),
        longitude=Decimal("38.269000"),
        unesco_id="23",
        wikidata="Q5747",
        pleiades="668331",
        built="1st–3rd century AD",
        description="Oasis city of the Roman East.",
    )
    SiteAliasFactory(site=palmyra, name="Tadmur")
    bel = SiteFactory(
        name="Temple of Bel",
        slug="temple-of-bel",
        kind="temple",
        country="SY",
        parent=palmyra,
        latitude=Decimal("34.547200"),
        longitude=Decimal("38.274200"),
    )
    tomb = SiteFactory(
        name="Tower of Elahbel",
        slug="tower-of-elahbel",
        kind="tomb",
        country="SY",
        parent=palmyra,
        location_sensitive=True,
        latitude=Decimal("34.567800"),
        longitude=Decimal("38.234500"),
    )
    mosul = SiteFactory(
        name="Mosul Museum",
        slug="mosul-museum",
        kind="museum",
        country="IQ",
        latitude=Decimal("36.340000"),
        longitude=Decimal("43.130000"),
    )
    hidden = SiteFactory(
        name="Unconfirmed Necropolis",
        slug="unconfirmed-necropolis",
        kind="tomb",
        country="YE",
        parent=palmyra,
        is_public=False,
        latitude=Decimal("15.350000"),
        longitude=Decimal("44.200000"),
    )
    SiteAliasFactory(site=hidden, name="Secret Valley")

    abdulkarim = ActorFactory(name="Maamoun Abdulkarim", description="Director of antiquities")
    ActorAliasFactory(actor=abdulkarim, name="Mamoun Abdelkarim")
    monitor = ActorFactory(name="Syrian Observatory", kind="monitoring_group")
    whisper = ActorFactory(name="Anonymous Insider", kind="witness")

    reuters = SourceFactory(
        title="Islamic State blows up Temple of Bel",
        outlet="Reuters",
        author="Sylvia Westall",
        url="https://news.example.org/bel",
        published_on=datetime.date(2015, 8, 31),
    )
    bbc = SourceFactory(
        title="Palmyra's Temple of Bel destroyed, says UN",
        outlet="BBC News",
        url="https://bbc.example.org/bel",
        published_on=datetime.date(2015, 9, 1),
    )
    leaked = SourceFactory(
        title="Whispers from the desert",
        outlet="Rumour Weekly",
        url="https://rumour.example.org/1",
        published_on=datetime.date(2016, 1, 2),
    )

    bel_destroyed = ReportFactory(
        site=bel,
        event_type="destroyed",
        extent=Extent.DESTROYED,
        cause="explosives",
        perpetrator="Islamic State",
        event_date_earliest=datetime.date(2015, 8, 30),
        event_date_latest=datetime.date(2015, 8, 30),
        date_precision="day",
        confidence="corroborated",
        summary="The temple's cella was blown up.",
        curator_notes="CURATOR-SECRET check the UN imagery",
    )
    EvidenceFactory(
        report=bel_destroyed,
        source=reuters,
        quote="Islamic State militants blew up the Temple of Bel on Sunday.",
        attributed_to=abdulkarim,
        attribution_text="Maamoun Abdulkarim said",
        stated_date_text="on Sunday",
        stated_date_earliest=datetime.date(2015, 8, 30),
        stated_date_latest=datetime.date(2015, 8, 30),
        stated_date_precision="day",
        asserted_event_type="destroyed",
        asserted_extent="destroyed",
        asserted_perpetrator="Islamic State",
        via="AFP",
    )
    EvidenceFactory(
        report=bel_destroyed,
        source=bbc,
        quote="Satellite images confirm the destruction of the main building.",
        attributed_to=monitor,
        attribution_text="the monitor said",
        asserted_event_type="destroyed",
        confirms=True,
    )
    publish(bel_destroyed, reviewer)

    bel_damaged_earlier = ReportFactory(
        site=bel,
        event_type="damaged",
        extent=Extent.MINOR,
        cause="small_arms",
        event_date_earliest=datetime.date(2015, 5, 1),
        event_date_latest=datetime.date(2015, 5, 31),
        date_precision="month",
        confidence="contested",
        summary="Bullet damage to the portico was reported.",
    )
    EvidenceFactory(report=bel_damaged_earlier, source=reuters, quote="Bullets hit the portico.")
    publish(bel_damaged_earlier, reviewer)

    pending = ReportFactory(
        site=mosul,
        event_type="looted",
        extent=Extent.SEVERE,
        event_date_earliest=datetime.date(2015, 2, 26),
        event_date_latest=datetime.date(2015, 2, 26),
        summary="PENDING-SECRET statues smashed",
        curator_notes="CURATOR-SECRET",
    )
    EvidenceFactory(
        report=pending,
        source=leaked,
        quote="PENDING-QUOTE hammers",
        attributed_to=whisper,
    )
    rejected = ReportFactory(
        site=palmyra,
        event_type="threatened",
        extent=Extent.MODERATE,
        summary="REJECTED-SECRET rumour",
    )
    services.report_reject(report=rejected, user=reviewer, reason="REVIEW-NOTE-SECRET")
    retracted = ReportFactory(
        site=tomb,
        event_type="destroyed",
        extent=Extent.DESTROYED,
        event_date_earliest=datetime.date(2015, 9, 4),
        event_date_latest=datetime.date(2015, 9, 4),
        summary="RETRACTED-SECRET towers down",
    )
    EvidenceFactory(report=retracted, source=leaked, quote="RETRACTED-QUOTE", attributed_to=whisper)
    publish(retracted, reviewer)
    retracted.refresh_from_db()
    services.report_retract(report=retracted, user=reviewer, reason="REVIEW-NOTE-SECRET")
    on_hidden_site = ReportFactory(
        site=hidden,
        event_type="looted",
        extent=Extent.SEVERE,
        summary="HIDDEN-SITE-SECRET",
    )
    EvidenceFactory(
        report=on_hidden_site, source=leaked, quote="HIDDEN-QUOTE", attributed_to=whisper
    )
    publish(on_hidden_site, reviewer)

    for site in (palmyra, bel, tomb, mosul, hidden):
        site.refresh_from_db()
    for report in (bel_destroyed, bel_damaged_earlier, pending, rejected, retracted):
        report.refresh_from_db()
    return {
        "palmyra": palmyra,
        "bel": bel,
        "tomb": tomb,
        "mosul": mosul,
        "hidden": hidden,
        "abdulkarim": abdulkarim,
        "monitor": monitor,
        "whisper": whisper,
        "reuters": reuters,
        "bbc": bbc,
        "leaked": leaked,
        "bel_destroyed": bel_destroyed,
        "bel_damaged_earlier": bel_damaged_earlier,
        "pending": pending,
        "rejected": rejected,
        "retracted": retracted,
        "on_hidden_site": on_hidden_site,
    }


# Strings that appear only in records the public must never see.
SECRETS = [
    "CURATOR-SECRET",
    "REVIEW-NOTE-SECRET",
    "PENDING-SECRET",
    "PENDING-QUOTE",
    "REJECTED-SECRET",
    "RETRACTED-SECRET",
    "RETRACTED-QUOTE",
    "HIDDEN-SITE-SECRET",
    "HIDDEN-QUOTE",
    "Unconfirmed Necropolis",
    "unconfirmed-necropolis",
    "Secret Valley",
    "Rumour Weekly",
    "Whispers from the desert",
    "Anonymous Insider",
    "reviewer",
]
