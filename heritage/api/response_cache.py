"""Whole answers of the public API, cached per data version and shared by every worker.

A journalist's map or a mirror's sync asks for the same few URLs thousands of times, mostly
without an ETag. An answer is a function of the published data, the URL (scheme, host, path
and query: answers carry absolute links) and the negotiated media type, so its rendered bytes
are stored under those and the data version (caching.py) in Django's cache: with
`CACHE_URL=redis://…` every worker of every server shares them. Any write changes the data
version, which makes every stored answer unreachable, as it does the cached counts; a hit
costs the data-version query and one cache read, and no serialization.

Stored: 200 answers that DRF rendered, up to MAX_BYTES. Never stored: errors, throttled
answers (429: refused before the lookup), and the streamed GeoJSON and CSV downloads (whole
collections, which are never held in memory). The view adds the HTTP caching headers (ETag,
Last-Modified, Cache-Control, Vary) to hits and misses alike.

The key also carries a digest of the code and of the settings that shape an answer, so that a
deploy that changes the output never serves answers rendered by the code before it.
"""

import functools
import hashlib
from importlib import import_module
from pathlib import Path

import django
import rest_framework
from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

from heritage.api.caching import DataVersion

# Larger answers (a page of 500 reports with their evidence is about 1 MB) are recomputed.
MAX_BYTES = 2_000_000
KEY_PREFIX = "heritage.api.response"


@functools.cache
def _code_digest() -> str:
    """What the running code would render: our packages' source and the libraries' versions."""
    digest = hashlib.sha256(f"{django.__version__}|{rest_framework.VERSION}".encode())
    for package in ("heritage", "sources"):
        root = Path(import_module(package).__file__).parent
        for path in sorted(root.rglob("*.py")):
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def key_for(request, version: DataVersion) -> str | None:
    """The cache key of this request's answer at this data version; None when not caching."""
    if not settings.API_RESPONSE_CACHE_SECONDS or request.method not in ("GET", "HEAD"):
        return None
    shaping = (settings.API_PAGE_SIZE, settings.API_MAX_PAGE_SIZE, settings.API_CITATION_PUBLISHER)
    raw = "|".join(
        [
            _code_digest(),
            repr(shaping),
            version.key,
            request.build_absolute_uri(),
            request.accepted_media_type,
        ]
    )
    return f"{KEY_PREFIX}:{hashlib.sha256(raw.encode()).hexdigest()}"


def lookup(key: str | None) -> HttpResponse | None:
    """The stored answer under `key`, as a fresh response; None on a miss."""
    if key is None:
        return None
    stored = cache.get(key)
    if stored is None:
        return None
    content_type, content = stored
    return HttpResponse(content, content_type=content_type)


def store_when_rendered(response, key: str | None) -> None:
    """Store `response` (a DRF Response, rendered later by Django) under `key` once rendered,
    if it is a successful answer of a cacheable size."""
    if key is None or response.status_code != 200 or response.streaming:
        return

    def store(rendered):
        if len(rendered.content) <= MAX_BYTES:
            cache.set(
                key,
                (rendered["Content-Type"], rendered.content),
                settings.API_RESPONSE_CACHE_SECONDS,
            )

    response.add_post_render_callback(store)
