"""A small, realistic published record for the public-page tests (client and browser):
Palmyra and two of its monuments, with published, pending and hidden material side by side,
so every test can check that only the published part shows."""

import datetime
from dataclasses import dataclass

from heritage import services
from heritage.models import DamageReport, HeritageSite
from sources.models import Actor, Source
from tests.factories import (
    ActorFactory,
    EvidenceFactory,
    ReportFactory,
    SiteAliasFactory,
    SiteFactory,
    SourceFactory,
)

PENDING_SUMMARY = "PENDING-SUMMARY: the arch may have been hit"
PENDING_QUOTE = "PENDING-QUOTE: witnesses heard blasts near the arch"
CURATOR_NOTE = "CURATOR-NOTE: check the date with a second source"
HIDDEN_SITE_NAME = "Unreviewed Candidate Tomb"


@dataclass
class PalmyraStory:
    palmyra: HeritageSite
    bel: HeritageSite
    baalshamin: HeritageSite
    arch: HeritageSite
    hidden: HeritageSite
    bel_report: DamageReport
    baalshamin_report: DamageReport
    pending_report: DamageReport
    reuters: Source
    abdulkarim: Actor


def _site(slug: str, alias: str = "", **fields) -> HeritageSite:
    """The gazetteer's site if it is loaded (the browser tests load it), else a new one."""
    existing = HeritageSite.objects.filter(slug=slug).first()
    if existing:
        return existing
    site = SiteFactory(slug=slug, **fields)
    if alias:
        SiteAliasFactory(site=site, name=alias)
    return site


def build_palmyra_story(reviewer) -> PalmyraStory:
    """Create the sites, sources and reports; publish through the services, as curators do.
    Uses the gazetteer's Palmyra sites when they are loaded."""
    palmyra = _site(
        "palmyra",
        alias="Tadmur",
        name="Palmyra",
        kind=HeritageSite.Kind.ARCHAEOLOGICAL_SITE,
        latitude="34.551000",
        longitude="38.269000",
        unesco_id="23",
        wikidata="Q5747",
        description="Ruins of a caravan city in the Syrian desert.",
    )
    bel = _site(
        "palmyra-temple-of-bel",
        alias="Bel Temple",
        name="Temple of Bel",
        parent=palmyra,
        latitude="34.547200",
        longitude="38.274200",
        wikidata="Q797481",
        unesco_id="23",
    )
    baalshamin = _site(
        "palmyra-temple-of-baalshamin",
        name="Temple of Baalshamin",
        parent=palmyra,
        latitude="34.556100",
        longitude="38.267000",
    )
    arch = _site(
        "palmyra-monumental-arch",
        name="Monumental Arch",
        parent=palmyra,
        kind=HeritageSite.Kind.ARCH,
        latitude="34.550800",
        longitude="38.271000",
    )
    hidden = SiteFactory(
        name=HIDDEN_SITE_NAME, slug="unreviewed-candidate-tomb", parent=palmyra, is_public=False
    )

    abdulkarim = ActorFactory(
        name="Maamoun Abdulkarim", description="Syria's director of antiquities"
    )
    reuters = SourceFactory(
        outlet="Reuters",
        title="Islamic State blows up Palmyra's Temple of Bel",
        url="https://www.reuters.com/article/palmyra-bel",
        published_on=datetime.date(2015, 8, 31),
        reliability="B",
    )
    cbc = SourceFactory(
        outlet="CBC News",
        title="Syrian forces retake Palmyra citadel from ISIS",
        url="https://www.cbc.ca/news/palmyra",
        published_on=datetime.date(2016, 3, 25),
    )

    bel_report = ReportFactory(
        site=bel,
        event_type="destroyed",
        extent="destroyed",
        cause="explosives",
        event_date_earliest=datetime.date(2015, 8, 1),
        event_date_latest=datetime.date(2015, 8, 31),
        date_precision="month",
        summary="The cella of the Temple of Bel was blown up; only the entrance arch stands.",
        confidence="confirmed",
        curator_notes=CURATOR_NOTE,
    )
    EvidenceFactory(
        report=bel_report,
        source=reuters,
        quote="The main building of the Temple of Bel was destroyed, satellite images show.",
        attribution_text="UNOSAT said",
        char_start=0,
        char_end=70,
    )
    EvidenceFactory(
        report=bel_report,
        source=cbc,
        quote="ISIS has destroyed part of Palmyra’s Temple of Bel, activists and witnesses say.",
        attribution_text="activists and witnesses say",
        char_start=10,
        char_end=90,
    )
    baalshamin_report = ReportFactory(
        site=baalshamin,
        event_type="destroyed",
        extent="severe",
        cause="explosives",
        event_date_earliest=datetime.date(2015, 8, 23),
        event_date_latest=datetime.date(2015, 8, 23),
        date_precision="day",
        summary="Militants packed the temple with explosives and blew it up.",
        confidence="contested",
    )
    EvidenceFactory(
        report=baalshamin_report,
        source=cbc,
        quote="They blew up the Temple of Baalshamin on August 23, causing much damage.",
        attributed_to=abdulkarim,
        attribution_text="Syrian antiquities chief Maamoun Abdulkarim told AFP",
        stated_date_text="on August 23",
        char_start=100,
        char_end=170,
    )
    pending_report = ReportFactory(
        site=arch,
        event_type="damaged",
        extent="moderate",
        summary=PENDING_SUMMARY,
    )
    EvidenceFactory(report=pending_report, source=cbc, quote=PENDING_QUOTE)
    hidden_report = ReportFactory(site=hidden, summary="A report about a hidden site")

    for report in (bel_report, baalshamin_report, hidden_report):
        services.report_publish(report=report, user=reviewer)
    for site in (palmyra, bel, baalshamin, arch, hidden):
        site.refresh_from_db()
    return PalmyraStory(
        palmyra=palmyra,
        bel=bel,
        baalshamin=baalshamin,
        arch=arch,
        hidden=hidden,
        bel_report=bel_report,
        baalshamin_report=baalshamin_report,
        pending_report=pending_report,
        reuters=reuters,
        abdulkarim=abdulkarim,
    )
