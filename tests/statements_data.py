"""The seed articles imported and published, as a curator would try issue 12's example."""

from pathlib import Path

from heritage import services
from heritage.gazetteer import gazetteer_load
from heritage.models import DamageReport
from sources.services import import_articles

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "fixtures" / "articles"


def import_and_publish_seeds(reviewer) -> DamageReport:
    """Load the gazetteer, import the seeds with their MANIFEST.tsv, publish every report
    about a public site; return the Temple of Baalshamin's report."""
    gazetteer_load(path=ROOT / "fixtures" / "sites.json")
    import_articles(paths=[SEEDS])
    for report in DamageReport.objects.filter(site__is_public=True):
        services.report_publish(report=report, user=reviewer)
    return DamageReport.objects.get(site__slug="palmyra-temple-of-baalshamin")
