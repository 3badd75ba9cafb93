"""Benchmark of the article importer (not a test).

    python bench/bench_import.py [--small 1000] [--large 10000] [--seed 1]

Generates articles by recombining the seed articles' sentences with sites and dates drawn from
the gazetteer, then measures extraction alone (a dry run) and a full import into a fresh
SQLite database, for a small and a large corpus. Ends with one line:

    extract_per_s=N import_per_s=N peak_mb=N scale_10k_over_1k=R workers=N extract_1proc_per_s=N

(import_per_s is taken from the large run; the ratio is the large import's time over the small
one's, so 10x the articles in 10x the time gives 10.) The import runs as the command does, with
`workers` extraction processes (`--workers`, by default the command's own choice); extraction is
also timed in one process. With `--clock cpu` only the single-process figures use CPU time: the
CPU time of worker processes is not this process's, so runs with workers are timed on the wall
clock whatever `--clock` says.
"""

import argparse
import datetime as dt
import io
import os
import random
import re
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEEDS = ROOT / "fixtures" / "articles"
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]  # fmt: skip
# Names in the seed sentences that the generator swaps for other sites of the same role.
PLACE_WORDS = ["Palmyra", "Tadmur"]
MONUMENT_WORDS = ["Temple of Baalshamin", "Temple of Bel", "Valley of the Tombs", "theatre"]


_DAY_RE = re.compile(r"\b(May|August|September|October|March) (\d{1,2})\b")
_YEAR_RE = re.compile(r"\b(20\d\d)\b")


def configure(db_path: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "heritage.settings")
    os.environ["DJANGO_DEBUG"] = "0"  # no query logging: measure what a production import runs
    import django

    django.setup()


def seed_sentences() -> list[str]:
    from sources.extraction.pipeline import clean_text
    from sources.extraction.sentences import split_sentences

    out = []
    for path in sorted(SEEDS.glob("*.txt")):
        text, _ = clean_text(path.read_text(encoding="utf-8"))
        out += [s.text for s in split_sentences(text) if len(s.text) > 40 and s.text[-1] in '.”"']
    return out


def generate(n: int, folder: Path, *, seed: int) -> None:
    """Write n articles (about 25 sentences each) and a MANIFEST.tsv into `folder`."""
    from heritage.gazetteer import read_gazetteer

    rng = random.Random(seed)
    sentences = seed_sentences()
    sites = read_gazetteer(ROOT / "fixtures" / "sites.json")
    parents = [s for s in sites if not s.get("parent")]
    children: dict[str, list[dict]] = {}
    for s in sites:
        if s.get("parent"):
            children.setdefault(s["parent"], []).append(s)
    folder.mkdir(parents=True, exist_ok=True)
    manifest = ["file\turl\toutlet\tpublished\ttitle"]
    for i in range(n):
        place = rng.choice(parents)
        kids = children.get(place["slug"]) or [place]
        published = dt.date(2014, 1, 1) + dt.timedelta(days=rng.randrange(3000))
        body = []
        for sentence in rng.sample(sentences, 25):
            for word in MONUMENT_WORDS:
                sentence = sentence.replace(word, rng.choice(kids)["name"])
            for word in PLACE_WORDS:
                sentence = sentence.replace(word, place["name"])
            sentence = _DAY_RE.sub(lambda m: f"{rng.choice(MONTHS)} {rng.randint(1, 28)}", sentence)
            last_year = published.year
            sentence = _YEAR_RE.sub(lambda m, y=last_year: str(rng.randint(2012, y)), sentence)
            body.append(sentence)
        body.append(f"This is generated report number {i}.")  # every text unique
        name = f"gen_{i:06d}.txt"
        paragraphs = [" ".join(body[k : k + 3]) for k in range(0, len(body), 3)]
        (folder / name).write_text(
            f"{place['name']} news\n\n" + "\n\n".join(paragraphs), encoding="utf-8"
        )
        manifest.append(f"{name}\t\tBench Wire\t{published.isoformat()}\t")
    (folder / "MANIFEST.tsv").write_text("\n".join(manifest) + "\n", encoding="utf-8")


def fresh_database() -> None:
    from django.core.management import call_command
    from django.db import connection

    connection.close()
    db = Path(connection.settings_dict["NAME"])
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    call_command("migrate", verbosity=0)
    call_command("load_gazetteer", verbosity=0, stdout=io.StringIO())


def timed_import(folder: Path, *, dry_run: bool, workers: int) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds of this process, articles) for one import of `folder`."""
    from sources.services import import_articles

    wall, cpu = time.perf_counter(), time.process_time()
    summary = import_articles(paths=[folder], dry_run=dry_run, workers=workers)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    failed = len(summary.errors)
    if failed:
        raise SystemExit(f"{failed} generated files failed: {summary.errors[0]}")
    return wall, cpu, len(summary.outcomes)


def _seconds(wall: float, cpu: float, clock: str, workers: int = 1) -> float:
    return cpu if clock == "cpu" and workers == 1 else wall


def _show(wall: float, cpu: float) -> str:
    return f"{wall:.1f}s wall, {cpu:.1f}s CPU"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--large", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--clock",
        choices=["wall", "cpu"],
        default="wall",
        help="which time the summary line uses: wall clock, or this process's CPU time (fairer "
        "on a machine other jobs share; single-process runs only)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=None,
        help="extraction processes (default: what import_articles --workers defaults to)",
    )
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-import-"))
    try:
        configure(work / "bench.sqlite3")
        small, large = work / "small", work / "large"
        t0 = time.perf_counter()
        generate(args.small, small, seed=args.seed)
        generate(args.large, large, seed=args.seed + 1)
        print(f"generated {args.small} + {args.large} articles in {time.perf_counter() - t0:.1f}s")

        from sources.extraction.pipeline import default_workers

        workers = args.workers or default_workers(args.large)
        fresh_database()
        wall, cpu, count = timed_import(large, dry_run=True, workers=1)
        extract_1proc_per_s = count / _seconds(wall, cpu, args.clock)
        print(f"extraction only (--dry-run), one process: {count} articles, {_show(wall, cpu)}")
        extract_per_s = extract_1proc_per_s
        if workers > 1:
            wall, cpu, count = timed_import(large, dry_run=True, workers=workers)
            extract_per_s = count / wall
            print(
                f"extraction only (--dry-run), {workers} workers: {count} articles, "
                f"{wall:.1f}s wall"
            )

        fresh_database()
        small_wall, small_cpu, small_n = timed_import(small, dry_run=False, workers=workers)
        print(f"import with writes: {small_n} articles, {_show(small_wall, small_cpu)}")

        fresh_database()
        large_wall, large_cpu, large_n = timed_import(large, dry_run=False, workers=workers)
        print(f"import with writes: {large_n} articles, {_show(large_wall, large_cpu)}")
        small_s = _seconds(small_wall, small_cpu, args.clock, workers)
        large_s = _seconds(large_wall, large_cpu, args.clock, workers)
        import_per_s = large_n / large_s

        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
        ratio = large_s / small_s
        clock = args.clock if workers == 1 else "wall"
        print(f"time ({clock}) for {small_n}: {small_s:.1f}s, for {large_n}: {large_s:.1f}s")
        print(f"peak memory: {peak_mb:.0f} MB")
        print(
            f"extract_per_s={extract_per_s:.0f} import_per_s={import_per_s:.0f} "
            f"peak_mb={peak_mb:.0f} scale_10k_over_1k={ratio:.2f} workers={workers} "
            f"extract_1proc_per_s={extract_1proc_per_s:.0f}"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
