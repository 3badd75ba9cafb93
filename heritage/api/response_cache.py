"""Whole answers of the public API, cached per data version and shared by every worker.

A journalist's map or a mirror's sync asks for the same few URLs thousands of times, mostly
without an ETag. An answer is a function of the published data, the URL (scheme, host, path
and query: answers carry absolute links) and the negotiated media type, so its rendered bytes
are stored under those and the data version (caching.py) in Django's cache: with
`CACHE_URL=redis://…` every worker of every server shares them. Any write changes the data
version, which makes every stored answer unreachable, as it does the cached counts; a hit
costs the data-version query and one cache read, and no serialization.

Stored: 200 answers up to MAX_BYTES, the JSON ones once rendered, the streamed GeoJSON and
CSV downloads once sent in full (a map's download of one country's sites, one site's reports
as CSV: small, and asked for again and again); a copy of a stream is dropped as soon as it
passes MAX_BYTES, so a full export is still never held in memory. Never stored: errors, and
throttled answers (429: refused before the lookup). A hit is replayed as it was sent (streamed
or not), and the view adds the same HTTP caching headers (ETag, Last-Modified,
Cache-Control, Vary) to hits and misses alike.

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
from django.http import HttpResponse, StreamingHttpResponse

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
    content_type, disposition, streamed, content = stored
    if streamed:  # replayed as it was sent: streamed, without a Content-Length
        response = StreamingHttpResponse([content], content_type=content_type)
    else:
        response = HttpResponse(content, content_type=content_type)
    if disposition:
        response["Content-Disposition"] = disposition
    return response


def store_when_rendered(response, key: str | None) -> None:
    """Store a successful answer under `key` once it has been rendered (a DRF Response is
    rendered by Django after the view) or streamed in full, if it is at most MAX_BYTES."""
    if key is None or response.status_code != 200:
        return
    if response.streaming:
        response.streaming_content = _storing_stream(response, response.streaming_content, key)
    elif hasattr(response, "add_post_render_callback"):
        response.add_post_render_callback(lambda rendered: _store(key, rendered, False))


def _store(key: str, response, streamed: bool, content: bytes | None = None) -> None:
    content = response.content if content is None else content
    if len(content) <= MAX_BYTES:
        stored = (
            response["Content-Type"],
            response.get("Content-Disposition"),
            streamed,
            content,
        )
        cache.set(key, stored, settings.API_RESPONSE_CACHE_SECONDS)


def _storing_stream(response, stream, key: str):
    """The stream, passed on chunk by chunk and kept aside while it stays under MAX_BYTES: a
    filtered download (one site's reports, one country's sites for a map) is small and asked
    for again and again; a full export passes the limit early, and its copy is dropped."""
    chunks, size = [], 0
    for chunk in stream:
        if chunks is not None:
            size += len(chunk)
            if size <= MAX_BYTES:
                chunks.append(chunk)
            else:
                chunks = None
        yield chunk
    # Reached only when the whole stream was sent (a client that hangs up closes it first).
    if chunks is not None:
        _store(key, response, True, b"".join(chunks))
