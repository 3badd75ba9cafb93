"""Country names for the two-letter codes sites carry, from the Unicode CLDR (via Babel)."""

from functools import lru_cache

from babel import Locale

# Where UNESCO (whose lists readers compare with) writes the name differently from CLDR.
OVERRIDES = {"BA": "Bosnia and Herzegovina", "PS": "Palestine"}


@lru_cache(maxsize=1)
def _territories() -> dict[str, str]:
    return {**Locale("en").territories, **OVERRIDES}


def country_name(code: str) -> str:
    """English name of an ISO 3166-1 alpha-2 code; the code itself if CLDR does not know it."""
    return _territories().get(code, code) if code else ""
