"""Text helpers shared by models and the importer. Plain Python: no Django import."""

import re
import unicodedata

_APOSTROPHES = str.maketrans(dict.fromkeys("'\u2019\u2018\u02bc\u02bb\u02be\u02bf`\u00b4", None))
_DASHES = re.compile(r"[\u2010-\u2015\u2212-]")
_SPACES = re.compile(r"\s+")


def normalize_name(name: str) -> str:
    """Fold a place or person name for matching: no accents, lowercase, no apostrophes or
    ayin marks, hyphens as spaces ("Qal'at", "Qal’at" and "Qalat" all match)."""
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    folded = stripped.translate(_APOSTROPHES).casefold()
    folded = _DASHES.sub(" ", folded)
    return _SPACES.sub(" ", folded).strip()
