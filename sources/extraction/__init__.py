"""Article reading and claim extraction, plain Python over text (no Django import)."""

from .pipeline import (
    EXTRACTOR_VERSION,
    Article,
    contract,
    extract_paths,
    extract_text,
    find_manifest,
)
from .reading import ReadError

__all__ = [
    "EXTRACTOR_VERSION",
    "Article",
    "ReadError",
    "contract",
    "extract_paths",
    "extract_text",
    "find_manifest",
]
