import datetime as dt

import pytest

from sources.extraction.gazetteer import Gazetteer
from sources.extraction.pipeline import extract_text

SITES = [
    {
        "slug": "aleppo",
        "name": "Ancient City of Aleppo",
        "kind": "historic_city",
        "parent": None,
        "aliases": ["Old City of Aleppo", "Aleppo Old City"],
    },
    {
        "slug": "aleppo-citadel",
        "name": "Citadel of Aleppo",
        "kind": "fortification",
        "parent": "aleppo",
        "aliases": ["Aleppo Citadel"],
    },
    {
        "slug": "aleppo-mosque",
        "name": "Umayyad Mosque of Aleppo",
        "kind": "mosque",
        "parent": "aleppo",
        "aliases": ["Great Mosque of Aleppo"],
    },
    {
        "slug": "nimrud",
        "name": "Nimrud",
        "kind": "archaeological_site",
        "parent": None,
        "aliases": ["Kalhu", "Calah"],
    },
    {
        "slug": "nimrud-ziggurat",
        "name": "Ziggurat of Nimrud",
        "kind": "temple",
        "parent": "nimrud",
        "aliases": [],
    },
    {
        "slug": "mostar-bridge",
        "name": "Old Bridge of Mostar",
        "kind": "other",
        "parent": None,
        "aliases": ["Stari Most"],
    },
    {
        "slug": "bamiyan-buddhas",
        "name": "Buddhas of Bamiyan",
        "kind": "other",
        "parent": None,
        "aliases": ["Bamiyan Buddhas"],
    },
    {
        "slug": "odesa-fine-arts",
        "name": "Odesa Museum of Fine Arts",
        "kind": "museum",
        "parent": None,
        "aliases": [],
    },
    {
        "slug": "hatra",
        "name": "Hatra",
        "kind": "archaeological_site",
        "parent": None,
        "aliases": ["al-Hadr"],
    },
    {
        "slug": "mosul-museum",
        "name": "Mosul Museum",
        "kind": "museum",
        "parent": None,
        "aliases": ["Museum of Mosul"],
    },
    {
        "slug": "bosra",
        "name": "Ancient City of Bosra",
        "kind": "historic_city",
        "parent": None,
        "aliases": ["Bosra", "Busra"],
    },
    {
        "slug": "bosra-theatre",
        "name": "Roman Theatre at Bosra",
        "kind": "theatre",
        "parent": "bosra",
        "aliases": ["Bosra theatre"],
    },
    {
        "slug": "timbuktu",
        "name": "Timbuktu",
        "kind": "historic_city",
        "parent": None,
        "aliases": ["Tombouctou"],
    },
    {
        "slug": "sidi-yahia",
        "name": "Sidi Yahia Mosque",
        "kind": "mosque",
        "parent": "timbuktu",
        "aliases": ["Sidi Yahya Mosque"],
    },
    {
        "slug": "djinguereber",
        "name": "Djinguereber Mosque",
        "kind": "mosque",
        "parent": "timbuktu",
        "aliases": [],
    },
    {
        "slug": "apamea",
        "name": "Apamea",
        "kind": "archaeological_site",
        "parent": None,
        "aliases": ["Afamia"],
    },
    {
        "slug": "basra-library",
        "name": "Basra Central Library",
        "kind": "other",
        "parent": None,
        "aliases": ["Central Library of Basra"],
    },
    {
        "slug": "pochaiv-lavra",
        "name": "Pochaiv Lavra",
        "kind": "monastery",
        "parent": None,
        "aliases": [],
    },
    {
        "slug": "sao-tome-arch",
        "name": "Arch of Sao Tome",
        "kind": "arch",
        "parent": "apamea",
        "aliases": [],
    },
]

PUBLISHED = dt.date(2016, 3, 25)  # a Friday


@pytest.fixture
def gazetteer():
    return Gazetteer.from_entries(SITES)


@pytest.fixture
def extract(gazetteer):
    """Extract from text written for the test, published on Friday 25 March 2016."""

    def run(text, published=PUBLISHED):
        return extract_text(text, gazetteer=gazetteer, published=published, file="test.txt")

    return run


def claims_of(article, gazetteer):
    """{(site name, event type)} of an article's claims."""
    return {(gazetteer.sites[c.site].name, c.event_type) for c in article.claims}
