import json
from pathlib import Path

import pytest

from sources.extraction import EXTRACTOR_VERSION, contract, extract_paths, find_manifest
from sources.extraction.gazetteer import Gazetteer

ROOT = Path(__file__).resolve().parents[3]
SEEDS = ROOT / "fixtures" / "articles"


@pytest.fixture(scope="module")
def seed_contract():
    gazetteer = Gazetteer.from_file(ROOT / "fixtures" / "sites.json")
    return contract(
        extract_paths([SEEDS], gazetteer=gazetteer, manifest=find_manifest([SEEDS])), gazetteer
    )


def test_version():
    assert EXTRACTOR_VERSION == "heritage-extract/1.0"


def test_manifest_found_in_the_folder():
    assert find_manifest([SEEDS]) == SEEDS / "MANIFEST.tsv"


def test_seed_contract_shape(seed_contract):
    assert seed_contract["errors"] == []
    files = [s["file"] for s in seed_contract["sources"]]
    assert files == sorted(p.name for p in SEEDS.glob("*.txt"))
    json.dumps(seed_contract)  # serialisable as it is


def test_citadel_recapture_in_four_articles(seed_contract):
    days = []
    for source in seed_contract["sources"]:
        for claim in source["claims"]:
            if claim["site"] == "Citadel of Palmyra" and claim["event_type"] == "control_change":
                days.append(claim.get("event_date"))
    assert days.count("2016-03-25") == 4


def test_boilerplate_never_yields_claims(seed_contract):
    for source in seed_contract["sources"]:
        for claim in source["claims"]:
            for quote in claim["evidence"]:
                assert "cookie" not in quote.lower() and "comment" not in quote.lower()


def test_missing_manifest_file_is_an_error(tmp_path):
    (tmp_path / "a.txt").write_text("The Mosul Museum was looted.")
    gazetteer = Gazetteer.from_entries([{"slug": "m", "name": "Mosul Museum", "kind": "museum"}])
    manifest = {"a.txt": None, "gone.txt": None}
    results = list(extract_paths([tmp_path], gazetteer=gazetteer, manifest=manifest))
    errors = [r for r in results if not hasattr(r, "claims")]
    assert [str(e) for e in errors] == ["gone.txt: listed in the manifest but no such file"]


def test_without_manifest_metadata_comes_from_the_text(tmp_path):
    (tmp_path / "a.txt").write_text(
        "Militants loot museum\n\nUpdated Mar 25, 2016\n\nThe Mosul Museum was looted on "
        "Tuesday.\n\nAFP, Reuters"
    )
    gazetteer = Gazetteer.from_entries([{"slug": "m", "name": "Mosul Museum", "kind": "museum"}])
    data = contract(extract_paths([tmp_path / "a.txt"], gazetteer=gazetteer), gazetteer)
    source = data["sources"][0]
    assert (source["title"], source["published"]) == ("Militants loot museum", "2016-03-25")
    assert source["claims"][0]["event_date"] == "2016-03-22"
