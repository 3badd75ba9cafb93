"""Time the public API against the floor, a naive DRF version and Datasette.

    python bench/bench_api.py            (or: make bench-api)

Uses a generated SQLite database of 10,000 sites, 200,000 reports, 100,000 sources and
400,000 evidence rows (bench/generate_dataset.py), built once and cached under var/bench/.
Then, for the reports list (50 a page, without and with two filters), the sites list and one
site's detail, it takes the median of repeated requests to:

- this API, in process (Django test client: URL routing, middleware, DRF, JSON);
- the floor: the same rows fetched with hand-written SQL (sqlite3) and dumped with json;
- the naive DRF version in bench/naive_api.py, in process like the API;
- Datasette serving the same file, over HTTP on a loopback port, against this API served by
  gunicorn over HTTP in the same way (one fresh connection per request for both).

The API is timed twice: cold (every answer computed, counting included, as the floor, the
naive version and Datasette do) and warm (the shipped setting, the same request again: the
answer comes from the response cache until something is written). Prints medians and ratios,
and ends with the worst row of each ratio, warm then cold:
`worst_api_vs_floor=… worst_naive_vs_api=… worst_datasette_vs_api=… cold_worst_…=…` (naive and
Datasette divided by ours: above 1 means we are faster).
"""

import argparse
import json
import os
import resource
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DIR = ROOT / "var" / "bench"
DB = BENCH_DIR / "api-bench.sqlite3"
DATASETTE = BENCH_DIR / "datasette-venv" / "bin" / "datasette"
SIZES = {"sites": 10_000, "reports": 200_000, "sources": 100_000, "evidence": 400_000}
TWO_FILTERS = {"event_type": "destroyed", "confidence": "corroborated"}

ENV = {
    "DATABASE_URL": f"sqlite:///{DB}",
    "DJANGO_SETTINGS_MODULE": "heritage.settings",
    "DJANGO_DEBUG": "0",  # no query logging: measure what production runs
    "DJANGO_SECRET_KEY": "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "DJANGO_ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
    "DJANGO_SECURE_SSL_REDIRECT": "0",
    "API_ANON_THROTTLE_RATE": "",
    "PYTHONPATH": str(ROOT),
}


def ensure_dataset() -> None:
    """Generate the database once; keep it migrated and its planner statistics fresh."""
    marker = BENCH_DIR / "api-bench.json"
    wanted = json.dumps(SIZES, sort_keys=True)
    if not DB.exists() or not marker.exists() or marker.read_text() != wanted:
        print(f"Generating {SIZES} into {DB} (a few minutes, once)…", flush=True)
        args = [f"--{name}={count}" for name, count in SIZES.items()]
        subprocess.run(
            [sys.executable, str(ROOT / "bench" / "generate_dataset.py"), "--db", str(DB), *args],
            check=True,
            env={**os.environ, **ENV, "DJANGO_DEBUG": "1"},
        )
        marker.write_text(wanted)
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "migrate", "--verbosity=0"],
        check=True,
        env={**os.environ, **ENV},
    )
    with sqlite3.connect(DB) as connection:
        # SQLite plans from the statistics ANALYZE gathers (PostgreSQL keeps its own): without
        # them it sorts every published report instead of walking the ordering index. A
        # migration that rebuilds a table drops that table's statistics: gathered again.
        if not connection.execute(
            "SELECT name FROM sqlite_master WHERE name='sqlite_stat1'"
        ).fetchone():
            connection.execute("ANALYZE")
        for (table,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT IN (SELECT tbl FROM sqlite_stat1)"
        ).fetchall():
            connection.execute(f'ANALYZE "{table}"')


def median_ms(function, runs: int) -> float:
    function()  # warm caches and connections
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


# --- the floor: hand-written SQL and json -------------------------------------------------

REPORT_COLUMNS = """r.id, r.event_type, r.extent, r.cause, r.perpetrator, r.event_date_earliest,
    r.event_date_latest, r.date_precision, r.date_approximate, r.confidence, r.summary,
    r.published_at, r.updated_at, s.slug, s.name, s.latitude, s.longitude, s.location_sensitive,
    (SELECT COUNT(DISTINCT COALESCE(NULLIF(so.outlet, ''), '#' || so.id))
       FROM heritage_evidence e JOIN sources_source so ON so.id = e.source_id
      WHERE e.report_id = r.id) AS independent_sources"""
REPORT_KEYS = [
    "id", "event_type", "extent", "cause", "perpetrator", "event_date_earliest",
    "event_date_latest", "date_precision", "date_approximate", "confidence", "summary",
    "published_at", "updated_at", "site_slug", "site_name", "latitude", "longitude",
    "location_sensitive", "independent_sources",
]  # fmt: skip


def coordinates(latitude, longitude, sensitive):
    if sensitive and latitude is not None:
        return round(latitude, 1), round(longitude, 1)
    return latitude, longitude


def floor_reports(connection, filters: dict) -> str:
    extra, params = "", []
    for name, value in filters.items():
        extra += f" AND r.{name} = ?"
        params.append(value)
    # Each query in the form SQLite plans best: the count from the (review_status, site)
    # index and a list of public sites; the page by walking the newest-first index.
    count = connection.execute(
        "SELECT COUNT(*) FROM heritage_damagereport r WHERE r.review_status = 'published' "
        f"AND r.site_id IN (SELECT id FROM heritage_heritagesite WHERE is_public){extra}",
        params,
    ).fetchone()[0]
    rows = connection.execute(
        f"""SELECT {REPORT_COLUMNS}
              FROM heritage_damagereport r JOIN heritage_heritagesite s ON s.id = r.site_id
             WHERE r.review_status = 'published' AND s.is_public{extra}
             ORDER BY r.event_date_latest DESC, r.id DESC LIMIT 50""",
        params,
    ).fetchall()
    reports = []
    for row in rows:
        report = dict(zip(REPORT_KEYS, row, strict=True))
        report["latitude"], report["longitude"] = coordinates(row[15], row[16], row[17])
        report["evidence"] = []
        reports.append(report)
    by_id = {report["id"]: report for report in reports}
    marks = ",".join("?" * len(by_id))
    for row in connection.execute(
        f"""SELECT e.report_id, e.id, e.quote, e.attribution_text, e.stated_date_text, a.id,
                   a.name, so.id, so.title, so.outlet, so.url, so.published_on
              FROM heritage_evidence e JOIN sources_source so ON so.id = e.source_id
              LEFT JOIN sources_actor a ON a.id = e.attributed_to_id
             WHERE e.report_id IN ({marks}) ORDER BY e.id""",
        list(by_id),
    ):
        by_id[row[0]]["evidence"].append(
            {
                "id": row[1],
                "quote": row[2],
                "attribution_text": row[3],
                "stated_date_text": row[4],
                "attributed_to": {"id": row[5], "name": row[6]} if row[5] else None,
                "source": {
                    "id": row[7],
                    "title": row[8],
                    "outlet": row[9],
                    "link": row[10],
                    "published_on": row[11],
                },
            }
        )
    return json.dumps({"count": count, "results": reports})


SITE_STATUS = """(SELECT r.id FROM heritage_damagereport r WHERE r.site_id = s.id
        AND r.review_status = 'published' AND r.extent != 'unknown'
      ORDER BY r.event_date_latest DESC NULLS LAST, r.event_date_earliest DESC NULLS LAST,
               r.published_at DESC NULLS LAST, r.id DESC LIMIT 1)"""
SITE_COLUMNS = f"""s.id, s.slug, s.name, s.kind, s.country, s.latitude, s.longitude,
    s.location_sensitive, s.parent_id, s.status, s.built, s.unesco_id, s.wikidata, s.pleiades,
    s.description, s.updated_at,
    (SELECT COUNT(*) FROM heritage_damagereport r WHERE r.site_id = s.id
        AND r.review_status = 'published') AS published_report_count,
    {SITE_STATUS} AS status_report_id"""
SITE_KEYS = [
    "id", "slug", "name", "kind", "country", "latitude", "longitude", "location_sensitive",
    "parent_id", "status", "built", "unesco_id", "wikidata", "pleiades", "description",
    "updated_at", "published_report_count", "status_report_id",
]  # fmt: skip


def floor_site_rows(connection, where: str, params, tail: str = "") -> list[dict]:
    sites = [
        dict(zip(SITE_KEYS, row, strict=True))
        for row in connection.execute(
            f"SELECT {SITE_COLUMNS} FROM heritage_heritagesite s WHERE {where} {tail}", params
        )
    ]
    ids = [site["id"] for site in sites]
    marks = ",".join("?" * len(ids))
    aliases, children = {}, {}
    for site_id, name in connection.execute(
        f"SELECT site_id, name FROM heritage_sitealias WHERE site_id IN ({marks}) ORDER BY name",
        ids,
    ):
        aliases.setdefault(site_id, []).append(name)
    for parent_id, slug, name, lat, lon, sensitive in connection.execute(
        f"""SELECT parent_id, slug, name, latitude, longitude, location_sensitive
              FROM heritage_heritagesite WHERE is_public AND parent_id IN ({marks})
             ORDER BY name""",
        ids,
    ):
        latitude, longitude = coordinates(lat, lon, sensitive)
        children.setdefault(parent_id, []).append(
            {"slug": slug, "name": name, "latitude": latitude, "longitude": longitude}
        )
    report_ids = [site["status_report_id"] for site in sites if site["status_report_id"]]
    statuses = {
        row[0]: {"confidence": row[1], "independent_sources": row[2]}
        for row in connection.execute(
            f"""SELECT r.id, r.confidence,
                       (SELECT COUNT(DISTINCT COALESCE(NULLIF(so.outlet, ''), '#' || so.id))
                          FROM heritage_evidence e JOIN sources_source so ON so.id = e.source_id
                         WHERE e.report_id = r.id)
                  FROM heritage_damagereport r WHERE r.id IN ({",".join("?" * len(report_ids))})""",
            report_ids,
        )
    }
    for site in sites:
        site["latitude"], site["longitude"] = coordinates(
            site["latitude"], site["longitude"], site["location_sensitive"]
        )
        site["aliases"] = aliases.get(site["id"], [])
        site["children"] = children.get(site["id"], [])
        site["status"] = {"extent": site["status"], **statuses.get(site["status_report_id"], {})}
    return sites


def floor_sites(connection) -> str:
    count = connection.execute(
        "SELECT COUNT(*) FROM heritage_heritagesite WHERE is_public"
    ).fetchone()[0]
    sites = floor_site_rows(connection, "s.is_public", [], "ORDER BY s.name, s.id LIMIT 50")
    return json.dumps({"count": count, "results": sites})


def floor_site_detail(connection, slug: str) -> str:
    [site] = floor_site_rows(connection, "s.is_public AND s.slug = ?", [slug])
    site["timeline"] = [
        dict(zip(REPORT_KEYS, row, strict=True))
        for row in connection.execute(
            f"""SELECT {REPORT_COLUMNS} FROM heritage_damagereport r
                  JOIN heritage_heritagesite s ON s.id = r.site_id
                 WHERE r.site_id = ? AND r.review_status = 'published'
                 ORDER BY r.event_date_latest DESC, r.id DESC""",
            [site["id"]],
        )
    ]
    return json.dumps(site)


# --- servers over HTTP ----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, process, seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url}: the server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {seconds}s")


def http_get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=120) as response:
        return response.read()


def start(command, env, probe_url):
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT
    )
    try:
        wait_until_up(probe_url, process)
    except Exception:
        process.terminate()
        raise
    return process


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="timed requests per measurement")
    parser.add_argument("--skip-export", action="store_true", help="skip the full CSV export")
    args = parser.parse_args(argv)

    ensure_dataset()
    os.environ.update(ENV)
    import django

    django.setup()
    from django.test import Client
    from django.test.utils import override_settings

    connection = sqlite3.connect(DB)
    slug = connection.execute(
        """SELECT s.slug FROM heritage_heritagesite s WHERE s.is_public
            ORDER BY (SELECT COUNT(*) FROM heritage_damagereport r WHERE r.site_id = s.id) DESC,
                     s.id LIMIT 1"""
    ).fetchone()[0]
    site_id = connection.execute(
        "SELECT id FROM heritage_heritagesite WHERE slug = ?", [slug]
    ).fetchone()[0]
    filters = "&".join(f"{k}={v}" for k, v in TWO_FILTERS.items())
    cases = [
        # (name, api path, naive path, floor, datasette paths)
        (
            "reports list (50/page)",
            "/api/v1/reports/",
            "/naive/reports/",
            lambda: floor_reports(connection, {}),
            ["heritage_damagereport.json?review_status=published&_sort_desc=event_date_latest"],
        ),
        (
            "reports list, 2 filters",
            f"/api/v1/reports/?{filters}",
            f"/naive/reports/?{filters}",
            lambda: floor_reports(connection, TWO_FILTERS),
            [
                "heritage_damagereport.json?review_status=published&_sort_desc=event_date_latest"
                f"&{filters}"
            ],
        ),
        (
            "sites list (50/page)",
            "/api/v1/sites/",
            "/naive/sites/",
            lambda: floor_sites(connection),
            ["heritage_heritagesite.json?is_public=1&_sort=name"],
        ),
        (
            f"site detail ({slug})",
            f"/api/v1/sites/{slug}/",
            f"/naive/sites/{slug}/",
            lambda: floor_site_detail(connection, slug),
            [
                f"heritage_heritagesite/{site_id}.json?",
                f"heritage_damagereport.json?site_id={site_id}&review_status=published"
                "&_sort_desc=event_date_latest",
            ],
        ),
    ]

    client = Client()
    results = {}
    cold_settings = {"API_COUNT_CACHE_SECONDS": 0, "API_RESPONSE_CACHE_SECONDS": 0}
    print(f"\nIn process, median of {args.runs} (ms). `cold` computes every answer, counting")
    print("included, like the floor and the naive version; `counted` is cold with the count cached")
    print("per data version; `warm` is the shipped setting, the same request again: the answer")
    print("comes from the response cache (one data-version query) until something is written.")
    print(
        f"{'':28} {'floor':>7} {'cold':>7} {'counted':>7} {'warm':>7} {'naive':>8}"
        f"   cold/floor warm/floor naive/cold naive/warm"
    )
    with override_settings(ROOT_URLCONF="bench.naive_api"):
        for name, api_path, naive_path, floor, _ in cases:
            for path in (api_path, naive_path):
                assert client.get(path).status_code == 200, path
            floor_ms = median_ms(floor, args.runs)
            with override_settings(**cold_settings):
                cold_ms = median_ms(lambda p=api_path: client.get(p), args.runs)
            with override_settings(API_RESPONSE_CACHE_SECONDS=0):
                counted_ms = median_ms(lambda p=api_path: client.get(p), args.runs)
            warm_ms = median_ms(lambda p=api_path: client.get(p), args.runs)
            naive_ms = median_ms(lambda p=naive_path: client.get(p), max(3, args.runs // 3))
            results[name] = {"floor": floor_ms, "cold": cold_ms, "warm": warm_ms, "naive": naive_ms}
            print(
                f"{name:28} {floor_ms:7.1f} {cold_ms:7.1f} {counted_ms:7.1f} {warm_ms:7.2f} "
                f"{naive_ms:8.1f}   {cold_ms / floor_ms:9.2f}× {warm_ms / floor_ms:9.2f}× "
                f"{naive_ms / cold_ms:9.1f}× {naive_ms / warm_ms:9.1f}×"
            )

    print(
        f"\nOver HTTP on loopback, median of {args.runs} (ms), gunicorn with one worker: `cold` "
        "computes every answer (counting included, as Datasette does), `warm` is the shipped "
        "setting, the same request again:"
    )
    gunicorn = Path(sys.executable).with_name("gunicorn")
    servers = {}
    datasette_port = free_port()
    datasette = None
    try:
        for mode, extra in (
            ("cold", {key: str(value) for key, value in cold_settings.items()}),
            ("warm", {}),
        ):
            port = free_port()
            servers[mode] = (
                start(
                    [str(gunicorn), "heritage.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1"],
                    {**os.environ, **ENV, **extra},
                    f"http://127.0.0.1:{port}/api/v1/",
                ),
                port,
            )
        if DATASETTE.exists():
            datasette = start(
                [
                    str(DATASETTE),
                    "serve",
                    str(DB),
                    "--host=127.0.0.1",
                    f"--port={datasette_port}",
                    "--setting",
                    "sql_time_limit_ms",
                    "60000",
                    "--setting",
                    "default_page_size",
                    "50",
                ],
                dict(os.environ),
                f"http://127.0.0.1:{datasette_port}/-/versions.json",
            )
        else:
            print(f"  Datasette is not installed at {DATASETTE}: `make bench-api` installs it.")
        print(f"{'':28} {'cold':>7} {'warm':>7} {'datasette':>10}   datasette/cold datasette/warm")
        for name, api_path, _, _, datasette_paths in cases:
            line = f"{name:28}"
            for mode in ("cold", "warm"):
                url = f"http://127.0.0.1:{servers[mode][1]}{api_path}"
                http_get(url)  # the warm server stores it
                results[name][f"{mode}_http"] = median_ms(lambda u=url: http_get(u), args.runs)
                line += f" {results[name][f'{mode}_http']:7.2f}"
            if datasette:
                urls = [
                    f"http://127.0.0.1:{datasette_port}/{DB.stem}/{path}&_shape=objects&_size=50"
                    f"&_nosuggest=1"
                    for path in datasette_paths
                ]
                ds_ms = median_ms(lambda urls=urls: [http_get(url) for url in urls], args.runs)
                results[name]["datasette"] = ds_ms
                line += (
                    f" {ds_ms:10.1f}   {ds_ms / results[name]['cold_http']:13.2f}× "
                    f"{ds_ms / results[name]['warm_http']:13.2f}×"
                )
            print(line)
    finally:
        for process in [server for server, _ in servers.values()] + [datasette]:
            if process is not None:
                process.terminate()
                process.wait(timeout=30)

    if not args.skip_export:
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        response = client.get("/api/v1/reports/", {"format": "csv"})
        size = lines = 0
        for piece in response.streaming_content:
            size += len(piece)
            lines += piece.count(b"\n")
        elapsed = time.perf_counter() - started
        grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
        print(
            f"\nFull reports CSV export: {lines - 1:,} rows, {size / 1e6:.0f} MB streamed in "
            f"{elapsed:.1f} s; peak memory grew by {grown:.0f} MB"
        )

    # The worst row of each ratio: the largest api/floor, the smallest naive/api and
    # datasette/api (above 1: we are faster). Warm first (what a repeated request costs),
    # then cold (a cache miss), so that neither is mistaken for the other.
    def worst(mode, prefix=""):
        rows = results.values()
        line = (
            f"{prefix}worst_api_vs_floor={max(row[mode] / row['floor'] for row in rows):.2f} "
            f"{prefix}worst_naive_vs_api={min(row['naive'] / row[mode] for row in rows):.2f} "
        )
        ratio = "n/a"
        if all("datasette" in row for row in rows):
            ratio = f"{min(row['datasette'] / row[f'{mode}_http'] for row in rows):.2f}"
        return line + f"{prefix}worst_datasette_vs_api={ratio}"

    print(f"\n{worst('warm')} {worst('cold', 'cold_')}")


if __name__ == "__main__":
    main()
