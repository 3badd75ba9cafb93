"""`make eval` shows where attribution fails: the claim, who the importer says said it, who
the gold says."""

from sources.extraction import evaluation

GOLD = {
    "articles": [{"file": "a.txt"}],
    "site_aliases": {"Temple of Bel": [], "Great Mosque": []},
    "sites": {"a.txt": ["Temple of Bel", "Great Mosque"]},
    "claims": [
        {
            "file": "a.txt",
            "site": "Temple of Bel",
            "event_types": ["destroyed"],
            "event_date": None,
            "attributed_to": ["the antiquities ministry"],
            "evidence": ["The temple was destroyed, the antiquities ministry said."],
            "required": True,
        },
        {
            "file": "a.txt",
            "site": "Great Mosque",
            "event_types": ["damaged"],
            "event_date": None,
            "attributed_to": ["residents"],
            "evidence": ["The mosque was damaged, residents said."],
            "required": True,
        },
    ],
}


def prediction(mosque_claimants):
    claims = [
        {
            "site": "Temple of Bel",
            "event_type": "destroyed",
            "attributed_to": ["antiquities ministry"],
            "evidence": ["The temple was destroyed, the antiquities ministry said."],
        },
        {
            "site": "Great Mosque",
            "event_type": "damaged",
            "attributed_to": mosque_claimants,
            "evidence": ["The mosque was damaged, residents said."],
        },
    ]
    return {"sources": [{"file": "a.txt", "sites": [], "claims": claims}]}


def test_a_wrong_claimant_is_listed_with_both_sides():
    misses = evaluation.attribution_misses(prediction(["the governor"]), GOLD)

    assert misses == [
        {
            "file": "a.txt",
            "site": "Great Mosque",
            "event_type": "damaged",
            "predicted": ["the governor"],
            "gold": ["residents"],
        }
    ]
    # The same pairing as the scorer's: one claim of two misattributed.
    assert evaluation.scorer().score(prediction(["the governor"]), GOLD)["attribution"] == 0.5


def test_a_right_claimant_is_no_miss():
    assert evaluation.attribution_misses(prediction(["residents"]), GOLD) == []


def test_the_article_report_shows_the_misattribution():
    rows = evaluation.per_article(prediction([]), GOLD)

    assert rows[0]["misattributed"] == 1
    assert (
        "ATTR a.t Great Mosque damaged: said by (no one) | gold: residents" in rows[0]["diagnosis"]
    )


def test_verbose_eval_prints_attribution_misses(capsys, monkeypatch):
    monkeypatch.setattr(
        evaluation,
        "evaluate",
        lambda eval_set, **kw: (
            {"claims_required": 2, "true_positives": 2, "false_positives": 0},
            prediction(["the governor"]),
            GOLD,
        ),
    )
    evaluation.main(["--verbose", "--set", "dev"])

    out = capsys.readouterr().out
    assert "a.txt: missed 0/2, false 0, misattributed 1" in out
    assert "said by the governor | gold: residents" in out
