"""Fill a database with a large, realistic-looking dataset for the benchmarks.

    python bench/generate_dataset.py --db var/bench.sqlite3 --sites 10000 --reports 200000 \
        --sources 100000 --evidence 400000

Creates a fresh database (SQLite file, or the DATABASE_URL given), migrates it, then
bulk-inserts sites with aliases, sources, actors, reports (about 80% published, the rest
pending, rejected or retracted) and evidence. Deterministic for a given --seed.
"""

import argparse
import datetime
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BATCH = 5000
KINDS = ["temple", "tomb", "arch", "mosque", "church", "museum", "fortification", "theatre"]
COUNTRIES = ["SY", "IQ", "YE", "LY", "ML", "AF", "UA", "PS"]
EVENTS = ["destroyed", "damaged", "looted", "military_use", "control_change", "threatened"]
EXTENTS = ["destroyed", "severe", "moderate", "minor", "none", "unknown"]
CONFIDENCES = ["claimed", "corroborated", "confirmed", "contested"]
OUTLETS = ["Reuters", "AFP", "BBC News", "Al Jazeera", "CBC News", "Newsweek", "SANA", "TRT World"]
WORDS = [
    "ancient",
    "temple",
    "arch",
    "citadel",
    "tower",
    "tomb",
    "mosque",
    "church",
    "museum",
    "gate",
    "palace",
    "wall",
]


def configure(db: str | None) -> None:
    if db:
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(db).resolve()}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "heritage.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    import django

    django.setup()


def bulk(model, rows):
    for start in range(0, len(rows), BATCH):
        model.objects.bulk_create(rows[start : start + BATCH])


def generate(*, sites: int, reports: int, sources: int, evidence: int, seed: int = 1) -> dict:
    """Insert the rows; return the counts. Assumes an empty, migrated database."""
    from decimal import Decimal

    from django.db import transaction
    from django.utils import timezone

    from heritage.models import DamageReport, Evidence, HeritageSite, SiteAlias
    from sources.models import Actor, Source, content_hash

    rng = random.Random(seed)
    now = timezone.now()
    with transaction.atomic():
        site_rows = []
        for i in range(sites):
            name = f"{rng.choice(WORDS).title()} of {rng.choice(WORDS).title()} {i}"
            site_rows.append(
                HeritageSite(
                    name=name,
                    slug=f"site-{i}",
                    kind=rng.choice(KINDS),
                    country=rng.choice(COUNTRIES),
                    latitude=Decimal(f"{rng.uniform(12, 38):.6f}"),
                    longitude=Decimal(f"{rng.uniform(-5, 70):.6f}"),
                    location_sensitive=rng.random() < 0.1,
                    is_public=rng.random() < 0.95,
                    built=f"{rng.randint(1, 19)}th century",
                )
            )
        bulk(HeritageSite, site_rows)
        site_ids = list(HeritageSite.objects.values_list("id", flat=True))
        alias_rows = [
            SiteAlias(site_id=site_id, name=f"Alias {site_id}", normalized=f"alias {site_id}")
            for site_id in site_ids
        ]
        bulk(SiteAlias, alias_rows)

        actors = [
            Actor(name=f"Actor {i}", kind=rng.choice(list(Actor.Kind.values))) for i in range(200)
        ]
        bulk(Actor, actors)
        actor_ids = list(Actor.objects.values_list("id", flat=True))

        source_rows = []
        for i in range(sources):
            text = f"Article {i}. The {rng.choice(WORDS)} was damaged in fighting, officials said."
            source_rows.append(
                Source(
                    title=f"Report {i} on heritage damage",
                    outlet=rng.choice(OUTLETS),
                    url=f"https://news.example.org/{i}",
                    published_on=datetime.date(2012, 1, 1)
                    + datetime.timedelta(days=rng.randint(0, 4000)),
                    text=text,
                    content_hash=content_hash(text),
                    original_name=f"article-{i}.txt",
                )
            )
        bulk(Source, source_rows)
        source_ids = list(Source.objects.values_list("id", flat=True))

        report_rows = []
        for _ in range(reports):
            start = datetime.date(2012, 1, 1) + datetime.timedelta(days=rng.randint(0, 4000))
            status = rng.choices(
                ["published", "pending", "rejected", "retracted"], weights=[80, 12, 5, 3]
            )[0]
            report_rows.append(
                DamageReport(
                    site_id=rng.choice(site_ids),
                    event_type=rng.choice(EVENTS),
                    extent=rng.choice(EXTENTS),
                    event_date_earliest=start,
                    event_date_latest=start + datetime.timedelta(days=rng.choice([0, 0, 30])),
                    date_precision="day",
                    summary="Reported damage to the site.",
                    curator_notes="internal note",
                    confidence=rng.choice(CONFIDENCES),
                    review_status=status,
                    published_at=now if status == "published" else None,
                    reviewed_at=now if status != "pending" else None,
                )
            )
        bulk(DamageReport, report_rows)
        report_ids = list(DamageReport.objects.values_list("id", flat=True))

        evidence_rows = []
        for i in range(evidence):
            # Every report gets at least one evidence row when there are enough.
            report_id = report_ids[i] if i < len(report_ids) else rng.choice(report_ids)
            evidence_rows.append(
                Evidence(
                    report_id=report_id,
                    source_id=rng.choice(source_ids),
                    quote="The temple was damaged in fighting, officials said.",
                    char_start=i,
                    char_end=i + 50,
                    attributed_to_id=rng.choice(actor_ids),
                    attribution_text="officials said",
                    extracted_by="bench",
                )
            )
        bulk(Evidence, evidence_rows)

        # Statuses as refresh_status() would derive them, in one pass.
        for site in HeritageSite.objects.filter(reports__review_status="published").distinct():
            site.refresh_status()
    from heritage.backup import analyze, dataset_models

    analyze(dataset_models())
    return {"sites": sites, "reports": reports, "sources": sources, "evidence": evidence}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="SQLite file to create (replaced if it exists)")
    parser.add_argument("--sites", type=int, default=10_000)
    parser.add_argument("--reports", type=int, default=200_000)
    parser.add_argument("--sources", type=int, default=100_000)
    parser.add_argument("--evidence", type=int, default=400_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if args.db:
        db = Path(args.db)
        db.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
    configure(args.db)
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    counts = generate(
        sites=args.sites,
        reports=args.reports,
        sources=args.sources,
        evidence=args.evidence,
        seed=args.seed,
    )
    elapsed = time.perf_counter() - started
    print(f"generated {counts} in {elapsed:.1f}s")


if __name__ == "__main__":
    main()
