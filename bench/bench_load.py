"""Load test of the public API: gunicorn (2 workers) over the benchmark dataset in PostgreSQL,
driven by wrk on loopback.

    python bench/bench_load.py [--duration 60] [--connections 32] [--reuse]

Three phases, each `--duration` seconds at `--connections` connections, cycling through list,
detail, filtered, GeoJSON and CSV requests:

1. cold: no cache at all (`CACHE_URL=dummy://`), every answer computed: the cache-miss path;
2. shared: the production setting, Redis as the shared cache (cached counts and answers),
   clients without ETags, as a map or a crawler sends them;
3. repeat clients: Redis, and clients sending the ETag they were given (If-None-Match), as
   browsers and mirrors do.

Needs PostgreSQL's server binaries, wrk and redis-server (Debian packages). Starts its own
throwaway PostgreSQL cluster and Redis on loopback ports under var/bench/, and stops them.
After each phase, the server-side time of each URL of the mix (gunicorn's access log: from
the request read to the response sent, so without the wait in the listen queue), and for the
Redis phases how many answers were computed and stored (one per URL and data version: more
than the mix's URLs means the data version changed during the run).

`--warm-up` requests each URL once before timing a phase, leaving out the misses of the first
seconds (every URL computed at once, as after a publication), to see the steady state alone.

Ends with one line: load_rps=… p99_ms=… errors=… shared_rps=… shared_p99_ms=… shared_errors=…
cached_rps=… cached_p99_ms=… cached_errors=… (`--phases` runs fewer; their figures are left out)
"""

import argparse
import glob
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "bench" / "load"
PYTHON = sys.executable

PATHS = [
    "/api/v1/reports/?page_size=50",
    "/api/v1/sites/?page_size=50",
    "/api/v1/sites/{site}/",
    "/api/v1/reports/?event_type=destroyed&country=SY&page_size=50",
    "/api/v1/sites/?country=IQ&kind=temple",
    "/api/v1/sites/?format=geojson&country=SY",
    "/api/v1/reports/?format=csv&site={site}",
    "/api/v1/sites/{other_site}/",
    "/api/v1/reports/?extent=destroyed&event_after=2015-01-01&page_size=20",
    "/api/v1/stats/",
]


def request_paths(pg: "Postgres") -> list[str]:
    """The paths with real public sites of the generated data filled in."""
    import psycopg

    with psycopg.connect(pg.url()) as conn:
        site, other_site = (
            row[0]
            for row in conn.execute(
                "SELECT slug FROM heritage_heritagesite WHERE is_public AND EXISTS ("
                " SELECT 1 FROM heritage_damagereport r WHERE r.site_id = heritage_heritagesite.id"
                " AND r.review_status = 'published') ORDER BY id LIMIT 2"
            )
        )
    return [path.format(site=site, other_site=other_site) for path in PATHS]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(cmd, **kwargs):
    return subprocess.run(cmd, check=True, **kwargs)


def as_postgres(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


class Postgres:
    def __init__(self, folder: Path):
        bins = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
        if not bins:
            sys.exit("PostgreSQL server binaries not found: apt-get install postgresql")
        self.bin = Path(bins[-1])
        self.folder = folder
        self.port = free_port()

    def start(self):
        fresh = not (self.folder / "PG_VERSION").exists()
        self.folder.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
            shutil.chown(self.folder.parent, "postgres")
        if fresh:
            run(as_postgres([str(self.bin / "initdb"), "-D", str(self.folder), "-A", "trust",
                             "-U", "postgres"]), stdout=subprocess.DEVNULL)  # fmt: skip
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        run(as_postgres([str(self.bin / "pg_ctl"), "-D", str(self.folder), "-l",
                         str(self.folder / "server.log"), "-w", "-o", options, "start"]),
            stdout=subprocess.DEVNULL)  # fmt: skip
        return fresh

    def stop(self):
        subprocess.run(as_postgres([str(self.bin / "pg_ctl"), "-D", str(self.folder), "-m",
                                    "fast", "stop"]), stdout=subprocess.DEVNULL)  # fmt: skip

    def url(self, name="heritage_bench"):
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"


def generate(pg: Postgres, args) -> None:
    import psycopg

    with psycopg.connect(pg.url("postgres"), autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS heritage_bench")
        conn.execute("CREATE DATABASE heritage_bench")
    env = {**os.environ, "DATABASE_URL": pg.url(), "DJANGO_DEBUG": "1"}
    run([PYTHON, str(ROOT / "bench" / "generate_dataset.py"), "--sites", str(args.sites),
         "--reports", str(args.reports), "--sources", str(args.sources),
         "--evidence", str(args.evidence)], env=env)  # fmt: skip
    run([PYTHON, "manage.py", "shell", "-c",
         "from django.db import connection; connection.cursor().execute('VACUUM ANALYZE')"],
        cwd=ROOT, env=env)  # fmt: skip


def start_gunicorn(pg: Postgres, cache_url: str, access_log: Path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": pg.url(),
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_LOG_LEVEL": "ERROR",
        "CACHE_URL": cache_url,
        "API_ANON_THROTTLE_RATE": "",  # one client address makes all the load
    }
    gunicorn = Path(PYTHON).with_name("gunicorn")
    process = subprocess.Popen(
        [str(gunicorn), "heritage.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}",
         "--log-level", "warning", "--access-logfile", str(access_log),
         "--access-logformat", ACCESS_FORMAT],
        cwd=ROOT, env=env, start_new_session=True,
    )  # fmt: skip
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/", timeout=2)
            return process, port
        except OSError:
            time.sleep(0.2)
    os.killpg(process.pid, signal.SIGTERM)
    sys.exit("gunicorn did not start")


# The path and query, then the time taken in microseconds.
ACCESS_FORMAT = "%(U)s?%(q)s %(D)s"


def per_url_report(access_log: Path) -> None:
    """Print each URL's count and server-side p50/p90/p99 (ms) from the access log."""
    times: dict[str, list[float]] = {}
    for line in access_log.read_text().splitlines():
        url, _, micros = line.rpartition(" ")
        if url.startswith("/api/v1/?") or not micros.isdigit():
            continue  # the start-up probe
        times.setdefault(url.rstrip("?"), []).append(int(micros) / 1000)
    print(f"{'server-side ms':70} {'n':>6} {'p50':>7} {'p90':>7} {'p99':>7}")
    for url, values in sorted(times.items(), key=lambda item: -percentile(item[1], 99)):
        print(
            f"{url[:70]:70} {len(values):6} {percentile(values, 50):7.1f} "
            f"{percentile(values, 90):7.1f} {percentile(values, 99):7.1f}"
        )


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))]


def stored_answers(redis_port: int) -> int:
    """How many answers the response cache stored in this phase's Redis."""
    output = subprocess.run(
        ["redis-cli", "-p", str(redis_port), "--scan", "--pattern", "*heritage.api.response:*"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    return len(output.split())


def lua_script(port: int, conditional: bool, paths: list[str]) -> Path:
    lines = ["local requests = {}"]
    for index, path in enumerate(paths, start=1):
        headers = ""
        if conditional:
            response = urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30)
            etag = response.headers.get("ETag")
            if etag:
                headers = f'["If-None-Match"] = {lua_string(etag)}'
        lines.append(f"requests[{index}] = wrk.format('GET', {lua_string(path)}, {{{headers}}})")
    lines += [
        "local counter = 0",
        "request = function()",
        "  counter = counter % #requests + 1",
        "  return requests[counter]",
        "end",
    ]
    script = WORK / ("conditional.lua" if conditional else "plain.lua")
    script.write_text("\n".join(lines) + "\n")
    return script


def lua_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_ms(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def drive(port: int, script: Path, args) -> dict:
    output = subprocess.run(
        ["wrk", "-t2", f"-c{args.connections}", f"-d{args.duration}s", "--latency",
         "--timeout", "10s", "-s", str(script), f"http://127.0.0.1:{port}"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    print(output)
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output))
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p99": to_ms(re.search(r"\s99%\s+([\d.]+\w+)", output).group(1)),
        "p50": to_ms(re.search(r"\s50%\s+([\d.]+\w+)", output).group(1)),
        "errors": errors,
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--reuse", action="store_true", help="keep the generated dataset")
    parser.add_argument("--sites", type=int, default=10_000)
    parser.add_argument("--reports", type=int, default=200_000)
    parser.add_argument("--sources", type=int, default=100_000)
    parser.add_argument("--evidence", type=int, default=400_000)
    parser.add_argument(
        "--warm-up",
        action="store_true",
        help="request each URL once before timing: the steady state, without the first misses",
    )
    parser.add_argument(
        "--phases", default="cold,shared,cached", help="which phases to run, comma-separated"
    )
    args = parser.parse_args(argv)
    for tool in ("wrk", "redis-server"):
        if not shutil.which(tool):
            sys.exit(f"{tool} not found: apt-get install {tool.split('-')[0]}")
    WORK.mkdir(parents=True, exist_ok=True)
    pg = Postgres(WORK / "pg")
    fresh = pg.start()
    redis = None
    try:
        if fresh or not args.reuse:
            generate(pg, args)
        else:  # a reused dataset gets the migrations (indexes) added since it was made
            run([PYTHON, "manage.py", "migrate", "--verbosity=0"], cwd=ROOT,
                env={**os.environ, "DATABASE_URL": pg.url(), "DJANGO_DEBUG": "1"})  # fmt: skip
        paths = request_paths(pg)
        results = {}
        phases = [("cold", "dummy://", False), ("shared", "redis", False)]
        phases.append(("cached", "redis", True))
        wanted = args.phases.split(",")
        for phase, cache, conditional in [phase for phase in phases if phase[0] in wanted]:
            cache_url = cache
            if cache == "redis":  # a fresh, empty Redis for each phase
                if redis:
                    redis.terminate()
                    redis.wait()
                redis_port = free_port()
                redis = subprocess.Popen(
                    ["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1",
                     "--save", "", "--appendonly", "no"],
                    stdout=subprocess.DEVNULL,
                )  # fmt: skip
                time.sleep(0.5)
                cache_url = f"redis://127.0.0.1:{redis_port}/0"
            access_log = WORK / f"access-{phase}.log"
            access_log.unlink(missing_ok=True)
            server, port = start_gunicorn(pg, cache_url, access_log)
            try:
                print(f"--- {phase}: {args.connections} connections for {args.duration}s")
                if args.warm_up:
                    for path in paths:
                        urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=60).read()
                results[phase] = drive(port, lua_script(port, conditional, paths), args)
            finally:
                os.killpg(server.pid, signal.SIGTERM)
                server.wait()
            per_url_report(access_log)
            if cache == "redis":
                print(f"answers computed and stored: {stored_answers(redis_port)}")
        line = []
        for phase, prefix in (("cold", "load_"), ("shared", "shared_"), ("cached", "cached_")):
            result = results.get(phase)
            if result is None:
                continue
            line += [
                f"{prefix}rps={result['rps']:.0f}",
                f"{'' if phase == 'cold' else prefix}p99_ms={result['p99']:.0f}",
                f"{'' if phase == 'cold' else prefix}errors={result['errors']}",
            ]
        print(" ".join(line))
    finally:
        if redis:
            redis.terminate()
        pg.stop()


if __name__ == "__main__":
    main()
