"""The validation file: sentences written for the rules of news language, with the claims a
curator would record (PETRARCH-style). Each line of validation.jsonl is one case; a new rule
or lexicon entry comes with its sentence there."""

import datetime as dt
import json
from pathlib import Path

import pytest

CASES = [
    json.loads(line)
    for line in (Path(__file__).with_name("validation.jsonl")).read_text("utf-8").splitlines()
    if line.strip()
]


def _claimants(claim) -> str:
    return " | ".join(claim.claimants).lower()


@pytest.mark.parametrize("case", CASES, ids=[c["rule"] for c in CASES])
def test_validation_sentence(case, extract, gazetteer):
    published = dt.date.fromisoformat(case.get("published", "2016-03-25"))
    article = extract(case["text"], published=published)
    found = {(gazetteer.sites[c.site].name, c.event_type): c for c in article.claims}
    expected = {(e["site"], e["event"]): e for e in case["claims"]}
    assert set(found) == set(expected), case["text"]
    for key, want in expected.items():
        claim = found[key]
        if "date" in want:
            got = [
                claim.earliest.isoformat() if claim.earliest else None,
                claim.latest.isoformat() if claim.latest else None,
            ]
            assert got == want["date"], key
        for name in want.get("claimants", []):
            assert name.lower() in _claimants(claim), (key, claim.claimants)
        for name in want.get("not_claimants", []):
            assert name.lower() not in _claimants(claim), (key, claim.claimants)
