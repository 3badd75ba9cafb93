"""Time the public pages on a large dataset: median response time, size and queries.

    python bench/bench_pages.py --sites 10000 --reports 200000 --sources 100000 \
        --evidence 400000 --repeat 20

Builds a fresh SQLite database with bench/generate_dataset.py (or uses DATABASE_URL's,
which must be empty and is filled the same way), then requests each page through Django's
test client and prints one line per page and a summary line.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate_dataset import configure, generate  # noqa: E402


def measure(client, url: str, repeat: int) -> tuple[float, int, int]:
    """Median milliseconds, response bytes and queries for GET url."""
    from django.db import connection, reset_queries

    timings = []
    size = queries = 0
    for _ in range(repeat):
        reset_queries()
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        size, queries = len(response.content), len(connection.queries)
    return statistics.median(timings), size, queries


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=str(ROOT / "var" / "bench-pages.sqlite3"))
    parser.add_argument("--sites", type=int, default=10_000)
    parser.add_argument("--reports", type=int, default=50_000)
    parser.add_argument("--sources", type=int, default=20_000)
    parser.add_argument("--evidence", type=int, default=80_000)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument(
        "--reuse", action="store_true", help="time the pages on the database --db already holds"
    )
    args = parser.parse_args(argv)
    db = Path(args.db)
    reuse = args.reuse and db.exists()
    db.parent.mkdir(parents=True, exist_ok=True)
    if not reuse:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
    configure(str(db))

    from django.conf import settings
    from django.core.management import call_command
    from django.db.models import Count, Q
    from django.test import Client
    from django.test.utils import setup_test_environment

    from heritage.models import DamageReport, HeritageSite

    setup_test_environment()  # lets Client run against the real settings
    settings.DEBUG = True  # records queries for the count
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    if reuse:
        args.sites = HeritageSite.objects.count()
        args.reports = DamageReport.objects.count()
        print(f"reusing {db}: {args.sites} sites, {args.reports} reports")
    else:
        started = time.perf_counter()
        counts = generate(
            sites=args.sites, reports=args.reports, sources=args.sources, evidence=args.evidence
        )
        print(f"dataset {counts} built in {time.perf_counter() - started:.1f}s")

    busiest = (
        HeritageSite.objects.public()
        .annotate(n=Count("reports", filter=Q(reports__review_status="published")))
        .order_by("-n")
        .first()
    )
    pages = [
        "/",
        "/?country=SY&status=destroyed",
        "/?event=looted&page=3",
        "/map.json",
        f"/sites/{busiest.slug}/",
        "/about/",
        "/sitemap.xml",
        "/sitemap-sites.xml?p=3",
    ]
    client = Client()
    results = []
    for url in pages:
        median_ms, size, queries = measure(client, url, args.repeat)
        results.append((url, median_ms))
        print(f"{url:<40} {median_ms:8.1f} ms median  {size / 1024:7.1f} KB  {queries} queries")
    slowest = max(results, key=lambda item: item[1])
    print(
        f"public pages, {args.sites} sites / {args.reports} reports: slowest {slowest[0]} "
        f"at {slowest[1]:.1f} ms median over {args.repeat} requests"
    )


if __name__ == "__main__":
    main()
