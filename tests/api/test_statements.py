"""The API's statements and disagreements, on the seed articles imported and published."""

import pytest

from tests.statements_data import import_and_publish_seeds

pytestmark = pytest.mark.django_db

BASE = "http://testserver/api/v1"
NO_DATE = {
    "stated_date_text": "",
    "stated_date_earliest": None,
    "stated_date_latest": None,
    "stated_date_precision": "unknown",
    "stated_date_approximate": False,
    "stated_date_display": "no date given",
}
EXPECTED_STATEMENTS = [
    {
        "claimant": "Islamic State",
        "claimant_as_written": "ISIS",
        "via": None,
        **NO_DATE,
        "event_type": "destroyed",
        "extent": "destroyed",
        "perpetrator": None,
        "quote": "It was several days after the initial reports of the destruction of another "
        "part of the site, the Temple of Baalshamin that ISIS itself put out pictures showing "
        "its militants blowing up the temple.",
    },
    {
        "claimant": "satellite imagery",
        "claimant_as_written": "satellite imagery",
        "via": None,
        **NO_DATE,
        "event_type": "destroyed",
        "extent": "destroyed",
        "perpetrator": None,
        "quote": "Satellite images have confirmed the destruction.",
    },
    {
        "claimant": "Syrian officials and activists",
        "claimant_as_written": "Syrian officials and activists",
        "via": None,
        **NO_DATE,
        "event_type": "destroyed",
        "extent": "destroyed",
        "perpetrator": "Islamic State",
        "quote": "Palmyra’s ancient temple of Baalshamin has been destroyed by ISIS militants, "
        "Syrian officials and activists say.",
    },
    {
        "claimant": "Maamoun Abdulkarim",
        "claimant_as_written": "Syria’s head of antiquities",
        "via": "AFP",
        "stated_date_text": "on August 23",
        "stated_date_earliest": "2015-08-23",
        "stated_date_latest": "2015-08-23",
        "stated_date_precision": "day",
        "stated_date_approximate": False,
        "stated_date_display": "23 Aug 2015",
        "event_type": "destroyed",
        "extent": "destroyed",
        "perpetrator": "Islamic State",
        "quote": "Syria’s head of antiquities was quoted as saying the temple was blown up on "
        "August 23. … ISIS “placed a large quantity of explosives in the temple of Baalshamin "
        "today and then blew it up causing much damage to the temple,” Syrian antiquities chief "
        "Maamoun Abdulkarim told AFP news agency.",
    },
    {
        "claimant": "Syrian Observatory for Human Rights",
        "claimant_as_written": "Syrian Observatory for Human Rights",
        "via": None,
        "stated_date_text": "one month ago",
        "stated_date_earliest": "2015-07-09",
        "stated_date_latest": "2015-08-08",
        "stated_date_precision": "range",
        "stated_date_approximate": True,
        "stated_date_display": "about between 9 Jul 2015 and 8 Aug 2015",
        "event_type": "destroyed",
        "extent": "destroyed",
        "perpetrator": "Islamic State",
        "quote": "The British-based Syrian Observatory for Human Rights reported that it happened "
        "one month ago. … According to the Syrian Observatory for Human Rights, residents who "
        "had fled from Palmyra also said ISIS had planted explosives at the temple, although "
        "they had done it about one month ago.",
    },
]
EXPECTED_DISAGREEMENTS = [
    {
        "kind": "date",
        "text": "date: Maamoun Abdulkarim (AFP) 23 Aug 2015; "
        "Syrian Observatory for Human Rights about one month earlier",
        "settled": False,
    }
]


def test_report_statements_and_disagreements(client, reviewer):
    report = import_and_publish_seeds(reviewer)
    data = client.get(f"/api/v1/reports/{report.pk}/").json()
    assert (data["confidence"], data["contested"]) == ("contested", True)
    assert (data["event_date_earliest"], data["event_date_latest"]) == (
        "2015-07-09",
        "2015-08-23",
    )
    assert data["disagreements"] == EXPECTED_DISAGREEMENTS
    statements = data["statements"]
    ids = set(report.evidence.values_list("pk", flat=True))
    assert {s["id"] for s in statements} == ids
    source = report.evidence.first().source
    for item in statements:
        assert item["source"]["url"] == f"{BASE}/sources/{source.pk}/"
        assert item["actor"]["url"] == f"{BASE}/actors/{item['actor']['id']}/"
        assert item["actor"]["name"] == item["claimant"]
    written = [
        {k: v for k, v in s.items() if k not in ("id", "actor", "source")} for s in statements
    ]
    assert written == EXPECTED_STATEMENTS


def test_report_list_carries_them_too_and_csv_appends_columns(client, reviewer):
    report = import_and_publish_seeds(reviewer)
    listed = client.get("/api/v1/reports/?page_size=100").json()["results"]
    (entry,) = [r for r in listed if r["id"] == report.pk]
    assert entry["disagreements"] == EXPECTED_DISAGREEMENTS
    assert len(entry["statements"]) == len(EXPECTED_STATEMENTS)
    response = client.get("/api/v1/reports/?format=csv")
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0].endswith(",contested_on,disagreements")
    (row,) = [line for line in lines[1:] if line.startswith(f"{report.pk},")]
    assert row.endswith(
        ",date,date: Maamoun Abdulkarim (AFP) 23 Aug 2015; "
        "Syrian Observatory for Human Rights about one month earlier"
    )
