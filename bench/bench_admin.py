"""Server-side rendering time of the curators' busiest admin pages at scale.

    python bench/bench_admin.py [--runs 7] [--rebuild]

Generates 100,000 reports, 300,000 evidence rows and 10,000 sites into
var/bench/admin-100k.sqlite3 with bench/generate_dataset.py (once: later runs reuse the
file), then renders the report changelist (the review queue, and the "All" list), one report's
page and the site changelist through the Django test client as a superuser, and prints the
median of several runs. The last line is machine-readable:

    changelist_ms=N report_page_ms=N site_changelist_ms=N
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB = ROOT / "var" / "bench" / "admin-100k.sqlite3"
SIZES = {"sites": 10_000, "reports": 100_000, "sources": 50_000, "evidence": 300_000}


def ensure_dataset(rebuild: bool) -> None:
    if DB.exists() and not rebuild:
        return
    args = [f"--{name}={count}" for name, count in SIZES.items()]
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "generate_dataset.py"), f"--db={DB}", *args],
        check=True,
        env={**os.environ, "DJANGO_DEBUG": "1"},
    )


def median_ms(client, url: str, runs: int) -> float:
    client.get(url)  # warm caches (templates, SQLite pages)
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(timings)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--rebuild", action="store_true", help="generate the dataset again")
    args = parser.parse_args(argv)
    ensure_dataset(args.rebuild)

    os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "heritage.settings_test")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from heritage.models import DamageReport

    call_command("migrate", verbosity=0)  # a cached dataset made before a new migration
    setup_test_environment()  # the test client needs testserver in ALLOWED_HOSTS
    user, _ = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    report = DamageReport.objects.filter(evidence__isnull=False).order_by("-id").first()
    changelist = reverse("admin:heritage_damagereport_changelist")
    pages = {
        "changelist": changelist,
        "changelist_all": changelist + "?status=all",
        "report_page": reverse("admin:heritage_damagereport_change", args=[report.pk]),
        "site_changelist": reverse("admin:heritage_heritagesite_changelist"),
    }
    results = {}
    for name, url in pages.items():
        results[name] = median_ms(client, url, args.runs)
        print(f"{name:18} {url:45} median {results[name]:7.1f} ms over {args.runs} runs")
    print(
        f"changelist_ms={max(results['changelist'], results['changelist_all']):.0f} "
        f"report_page_ms={results['report_page']:.0f} "
        f"site_changelist_ms={results['site_changelist']:.0f}"
    )


if __name__ == "__main__":
    main()
