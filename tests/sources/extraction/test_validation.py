"""The validation file: sentences written for the rules of news language, with the claims a
curator would record (PETRARCH-style). Each line of validation.jsonl is one case; a new rule
or lexicon entry comes with its sentence there."""

import datetime as dt
import json
from collections import Counter
from pathlib import Path

import pytest

CASES = [
    json.loads(line)
    for line in (Path(__file__).with_name("validation.jsonl")).read_text("utf-8").splitlines()
    if line.strip()
]


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


@pytest.mark.parametrize("case", CASES, ids=[c["rule"] for c in CASES])
def test_validation_sentence(case, extract, gazetteer):
    published = dt.date.fromisoformat(case.get("published", "2016-03-25"))
    article = extract(case["text"], published=published)
    found = sorted(
        article.claims,
        key=lambda c: (gazetteer.sites[c.site].name, c.event_type, _day(c.earliest) or ""),
    )
    expected = sorted(
        case["claims"], key=lambda e: (e["site"], e["event"], (e.get("date") or [""])[0] or "")
    )
    assert Counter((gazetteer.sites[c.site].name, c.event_type) for c in found) == Counter(
        (e["site"], e["event"]) for e in expected
    ), case["text"]
    for claim, want in zip(found, expected, strict=True):
        if "date" in want:
            assert [_day(claim.earliest), _day(claim.latest)] == want["date"], want
        claimants = " | ".join(claim.claimants).lower()
        for name in want.get("claimants", []):
            assert name.lower() in claimants, (want, claim.claimants)
        for name in want.get("not_claimants", []):
            assert name.lower() not in claimants, (want, claim.claimants)
