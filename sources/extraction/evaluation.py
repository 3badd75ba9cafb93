"""The importer scored against the annotated corpora in fixtures/eval/ (`make eval`).

    python -m sources.extraction.evaluation [--verbose] [--worst N] [--record] [--oracle-sites]

Each set is extracted exactly as `import_articles DIR --dry-run --json` does it (the same
`extract_paths` and contract, the gazetteer file `fixtures/sites.json`, the set's manifest),
then scored by `fixtures/eval/score.py`, the scorer the evaluation is defined by (copied
unchanged from ../shared/eval). `--record` writes the figures to `fixtures/eval/figures.json`,
which `tests/sources/extraction/test_eval_ratchet.py` holds as a floor.

`--oracle-sites` adds every gold site and spelling to the gazetteer before extracting: a
diagnosis of the claim logic alone, where the sites are known. It is never recorded.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .gazetteer import Gazetteer, SiteEntry
from .pipeline import contract, extract_paths, find_manifest

ROOT = Path(__file__).resolve().parents[2]
EVAL_DIR = ROOT / "fixtures" / "eval"
GAZETTEER_FILE = ROOT / "fixtures" / "sites.json"
FIGURES_FILE = EVAL_DIR / "figures.json"
# The figures the ratchet holds: a change may not lower any of them on any set.
RATCHETED = ("f1", "recall", "date_consistent", "attribution")
TOLERANCE = 0.005


@dataclass(frozen=True)
class EvalSet:
    name: str
    articles: Path
    gold: Path


SETS = (
    EvalSet("dev", EVAL_DIR / "dev" / "articles", EVAL_DIR / "dev" / "gold.json"),
    EvalSet("seeds", ROOT / "fixtures" / "articles", EVAL_DIR / "seeds-gold.json"),
)


@lru_cache(maxsize=1)
def scorer():
    """fixtures/eval/score.py as a module (it is a script, not a package member)."""
    spec = importlib.util.spec_from_file_location("heritage_eval_score", EVAL_DIR / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_gold(eval_set: EvalSet) -> dict:
    return json.loads(eval_set.gold.read_text(encoding="utf-8"))


_KIND_WORDS = [
    ("mosque", "mosque"),
    ("church", "church"),
    ("cathedral", "church"),
    ("monastery", "monastery"),
    ("lavra", "monastery"),
    ("museum", "museum"),
    ("shrine", "shrine"),
    ("mausoleum", "tomb"),
    ("tomb", "tomb"),
    ("temple", "temple"),
    ("theatre", "theatre"),
    ("citadel", "fortification"),
    ("castle", "fortification"),
    ("old city", "historic_city"),
    ("historic centre", "historic_city"),
    ("ancient city", "historic_city"),
]


def oracle_gazetteer(base: Gazetteer, gold: dict) -> Gazetteer:
    """`base` plus every gold site under its gold spellings (for diagnosis only)."""
    parents = {c["site"]: c.get("parent_site") for c in gold["claims"]}
    entries = list(base.sites.values())
    slugs = {}
    for name in gold["site_aliases"]:
        slugs[name] = "gold:" + re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    for name, aliases in gold["site_aliases"].items():
        lowered = name.lower()
        kind = next((k for word, k in _KIND_WORDS if word in lowered), "archaeological_site")
        parent = slugs.get(parents.get(name) or "")
        # Spellings in brackets ("Roman Theatre (Bosra)") are the annotator's disambiguation.
        plain = [re.sub(r"\s*\([^)]*\)", "", a).strip() for a in [name, *aliases]]
        entries.append(
            SiteEntry(
                slug=slugs[name],
                name=name,
                kind=kind,
                parent=parent,
                aliases=tuple(dict.fromkeys(a for a in plain if a)),
            )
        )
    return Gazetteer.from_entries(entries)


def predict(eval_set: EvalSet, gazetteer: Gazetteer) -> dict:
    """What `import_articles <set> --dry-run --json` prints for the set."""
    paths = [eval_set.articles]
    results = extract_paths(paths, gazetteer=gazetteer, manifest=find_manifest(paths))
    return contract(results, gazetteer)


def evaluate(eval_set: EvalSet, *, oracle_sites: bool = False) -> tuple[dict, dict, dict]:
    """(figures, predictions, gold) for one set."""
    gold = load_gold(eval_set)
    gazetteer = Gazetteer.from_file(GAZETTEER_FILE)
    if oracle_sites:
        gazetteer = oracle_gazetteer(gazetteer, gold)
    predictions = predict(eval_set, gazetteer)
    figures = scorer().score(predictions, gold, verbose=True)
    return figures, predictions, gold


def paired_claims(predictions: dict, gold: dict):
    """(file, predicted claim, gold claim, event type, predicted interval, gold window) for each
    found claim, paired with the gold exactly as `score.score` pairs them (same order, same
    candidates), so the misses listed are the ones behind the figures."""
    sc = scorer()
    sites = sc.Sites(gold["site_aliases"])
    gold_files = {a["file"] for a in gold["articles"]}
    claims = [dict(c, matched=None) for c in gold["claims"]]
    windows = {
        id(c): (sc.parse_day(c["event_date"]["earliest"]), sc.parse_day(c["event_date"]["latest"]))
        if c.get("event_date")
        else None
        for c in claims
    }
    for source in predictions.get("sources", []):
        file = Path(str(source.get("file", ""))).name
        if file not in gold_files:
            continue
        for p in source.get("claims", []):
            site = sites.canonical(str(p.get("site", "")))
            kind = str(p.get("event_type", "")).lower()
            span = sc.interval(p)
            candidates = [
                c
                for c in claims
                if c["file"] == file
                and c["matched"] is None
                and site in c.get("accept_sites", [c["site"]])
                and kind in c["event_types"]
            ]
            candidates.sort(
                key=lambda c: (
                    c["site"] != site,
                    not (span and windows[id(c)] and sc.overlaps(span, windows[id(c)])),
                    not c["required"],
                )
            )
            if not candidates:
                continue
            c = candidates[0]
            c["matched"] = p
            yield file, p, c, kind, span, windows[id(c)]


def attribution_misses(predictions: dict, gold: dict) -> list[dict]:
    """The found claims whose claimant the scorer does not accept: the claim, who the importer
    says said it, who the gold says."""
    sc = scorer()
    misses = []
    for file, p, c, kind, _span, _window in paired_claims(predictions, gold):
        predicted = sc.as_list(p.get("attributed_to"))
        if (
            c["required"]
            and c["attributed_to"]
            and not sc.attribution_hit(predicted, c["attributed_to"])
        ):
            misses.append(
                {
                    "file": file,
                    "site": c["site"],
                    "event_type": kind,
                    "predicted": predicted,
                    "gold": list(c["attributed_to"]),
                }
            )
    return misses


def attribution_line(miss: dict) -> str:
    said = "; ".join(miss["predicted"]) or "(no one)"
    return (
        f"ATTR {miss['file'][:3]} {miss['site']} {miss['event_type']}: "
        f"said by {said} | gold: {'; '.join(miss['gold'])}"
    )


def date_misses(predictions: dict, gold: dict) -> list[dict]:
    """The found claims whose predicted interval misses the gold window (or has no date): the
    claim, both intervals, the date text and the sentence it came from when known."""
    sc = scorer()
    misses = []
    for file, p, c, kind, span, window in paired_claims(predictions, gold):
        if not c["required"] or not window or (span and sc.overlaps(span, window)):
            continue
        said = str(p.get("stated_date_text") or "")
        evidence = sc.as_list(p.get("evidence"))
        # The sentence the date came from; with no date, the claim's own sentence.
        sentence = next((e for e in evidence if said in e), "") if said else evidence[:1]
        sentence = sentence if isinstance(sentence, str) else "".join(sentence)
        misses.append(
            {
                "file": file,
                "site": c["site"],
                "event_type": kind,
                "predicted": span,
                "gold": window,
                "date_text": said,
                "sentence": sentence,
            }
        )
    return misses


def date_line(miss: dict) -> str:
    def shown(span) -> str:
        return f"{span[0]}..{span[1]}" if span else "(no date)"

    line = (
        f"DATE {miss['file'][:3]} {miss['site']} {miss['event_type']}: "
        f"predicted {shown(miss['predicted'])} | gold {shown(miss['gold'])}"
    )
    if miss["date_text"]:
        line += f' | from "{miss["date_text"]}"'
    if miss["sentence"]:
        line += f" in: {miss['sentence']}"
    return line


def per_article(predictions: dict, gold: dict) -> list[dict]:
    """Each article scored on its own, worst first (most misses and false positives)."""
    score = scorer().score
    by_file = {s["file"]: s for s in predictions.get("sources", [])}
    rows = []
    misattributed: dict[str, list[dict]] = {}
    for miss in attribution_misses(predictions, gold):
        misattributed.setdefault(miss["file"], []).append(miss)
    misdated: dict[str, list[dict]] = {}
    for miss in date_misses(predictions, gold):
        misdated.setdefault(miss["file"], []).append(miss)
    for article in gold["articles"]:
        file = article["file"]
        one_gold = dict(
            gold,
            articles=[article],
            claims=[c for c in gold["claims"] if c["file"] == file],
            sites={file: gold["sites"].get(file, [])},
        )
        one_pred = {"sources": [by_file[file]] if file in by_file else []}
        figures = score(one_pred, one_gold, verbose=True)
        missed = figures["claims_required"] - figures["true_positives"]
        rows.append(
            {
                "file": file,
                "missed": missed,
                "false_positives": figures["false_positives"],
                "required": figures["claims_required"],
                "misattributed": len(misattributed.get(file, [])),
                "misdated": len(misdated.get(file, [])),
                "diagnosis": figures["diagnosis"]
                + [attribution_line(m) for m in misattributed.get(file, [])]
                + [date_line(m) for m in misdated.get(file, [])],
            }
        )
    rows.sort(key=lambda r: (-(r["missed"] + r["false_positives"]), -r["misattributed"], r["file"]))
    return rows


def summary_line(name: str, figures: dict) -> str:
    keys = (
        "f1",
        "precision",
        "recall",
        "date_consistent",
        "date_precise",
        "attribution",
        "evidence",
        "site_mention_recall",
    )
    shown = " ".join(f"{k}={figures.get(k)}" for k in keys)
    counts = (
        f"(required {figures['claims_required']}, found {figures['true_positives']}, "
        f"false {figures['false_positives']})"
    )
    return f"{name:6} {shown} {counts}"


def recorded_figures() -> dict:
    return json.loads(FIGURES_FILE.read_text(encoding="utf-8"))


def record(all_figures: dict[str, dict]) -> None:
    keep = ("f1", "precision", "recall", "date_consistent", "date_precise", "attribution")
    keep += ("evidence", "site_mention_recall", "claims_required", "true_positives")
    keep += ("false_positives",)
    document = {
        "comment": "Written by `make eval-record`; tests/sources/extraction/test_eval_ratchet.py "
        f"fails when {', '.join(RATCHETED)} on any set drops more than {TOLERANCE} below these.",
        "sets": {name: {k: figures.get(k) for k in keep} for name, figures in all_figures.items()},
    }
    FIGURES_FILE.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--worst", type=int, default=10, help="articles to list, worst first")
    parser.add_argument("--verbose", action="store_true", help="every article's misses")
    parser.add_argument("--record", action="store_true", help=f"write {FIGURES_FILE.name}")
    parser.add_argument(
        "--oracle-sites", action="store_true", help="diagnosis: give the gazetteer gold sites"
    )
    parser.add_argument("--set", choices=[s.name for s in SETS], action="append")
    args = parser.parse_args(argv)
    if args.record and args.oracle_sites:
        parser.error("--record measures the real gazetteer; drop --oracle-sites")
    chosen = [s for s in SETS if not args.set or s.name in args.set]
    all_figures, reports = {}, []
    for eval_set in chosen:
        figures, predictions, gold = evaluate(eval_set, oracle_sites=args.oracle_sites)
        all_figures[eval_set.name] = figures
        reports.append((eval_set.name, per_article(predictions, gold)))
    try:
        before = recorded_figures()["sets"]
    except FileNotFoundError:
        before = {}
    print("Figures" + (" (oracle sites: diagnosis only)" if args.oracle_sites else ""))
    for name, figures in all_figures.items():
        print(summary_line(name, figures))
        if name in before and not args.oracle_sites:
            print(summary_line("  was", before[name] | {"site_mention_recall": None}))
    for name, rows in reports:
        limit = len(rows) if args.verbose else args.worst
        shown = [
            r
            for r in rows
            if r["missed"] or r["false_positives"] or r["misattributed"] or r["misdated"]
        ]
        shown = shown[:limit]
        if shown:
            print(
                f"\nWorst articles of {name} (FN: missed claim, FP: claim not in the gold, "
                "ATTR: claim found, claimant wrong; DATE: claim found, date outside the gold "
                "window)"
            )
        for row in shown:
            print(
                f"{row['file']}: missed {row['missed']}/{row['required']}, "
                f"false {row['false_positives']}, misattributed {row['misattributed']}, "
                f"misdated {row['misdated']}"
            )
            for line in row["diagnosis"]:
                print("  " + line.strip())
    if args.record:
        record(all_figures)
        print(f"\nrecorded in {FIGURES_FILE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
