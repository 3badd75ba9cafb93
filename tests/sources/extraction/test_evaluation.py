"""`make eval` shows where attribution fails (the claim, who the importer says said it, who
the gold says) and where dates fail (the claim, both intervals, the sentence of the date)."""

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
    assert "a.txt: missed 0/2, false 0, misattributed 1, misdated 0" in out
    assert "said by the governor | gold: residents" in out


DATED_GOLD = {
    "articles": [{"file": "b.txt"}],
    "site_aliases": {"Temple of Bel": [], "Great Mosque": [], "Old Souk": []},
    "sites": {"b.txt": ["Temple of Bel", "Great Mosque", "Old Souk"]},
    "claims": [
        {
            "file": "b.txt",
            "site": site,
            "event_types": ["damaged"],
            "event_date": {"earliest": "2015-08-20", "latest": "2015-08-31"},
            "attributed_to": [],
            "evidence": [],
            "required": True,
        }
        for site in ("Temple of Bel", "Great Mosque", "Old Souk")
    ],
}


def dated_prediction():
    def claim(site, earliest, latest, said, evidence):
        return {
            "site": site,
            "event_type": "damaged",
            "event_date_earliest": earliest,
            "event_date_latest": latest,
            "stated_date_text": said,
            "evidence": evidence,
        }

    claims = [
        claim("Temple of Bel", "2015-08-30", "2015-08-30", "on Sunday", ["Hit on Sunday."]),
        claim("Great Mosque", "2014-05-01", "2014-05-31", "in May", ["Later.", "Hit in May."]),
        claim("Old Souk", None, "2015-09-02", "", ["The souk burned."]),
    ]
    return {"sources": [{"file": "b.txt", "sites": [], "claims": claims}]}


def test_a_date_outside_the_gold_window_is_listed_with_its_sentence():
    misses = evaluation.date_misses(dated_prediction(), DATED_GOLD)

    assert [(m["site"], m["date_text"], m["sentence"]) for m in misses] == [
        ("Great Mosque", "in May", "Hit in May."),
        # No date: the claim's own sentence.
        ("Old Souk", "", "The souk burned."),
    ]
    # The same pairing as the scorer's: one date of three consistent.
    assert evaluation.scorer().score(dated_prediction(), DATED_GOLD)["date_consistent"] == 0.333


def test_the_article_report_shows_the_date_misses():
    rows = evaluation.per_article(dated_prediction(), DATED_GOLD)

    assert rows[0]["misdated"] == 2
    assert (
        "DATE b.t Great Mosque damaged: predicted 2014-05-01..2014-05-31 | gold "
        '2015-08-20..2015-08-31 | from "in May" in: Hit in May.'
    ) in rows[0]["diagnosis"]
    assert (
        "DATE b.t Old Souk damaged: predicted (no date) | gold 2015-08-20..2015-08-31 "
        "in: The souk burned."
    ) in rows[0]["diagnosis"]
