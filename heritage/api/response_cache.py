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

A miss is computed once, not once per client asking at the same moment (the dogpile: after a
publication every worker misses every popular URL at once). The first to miss claims the
answer with a short lock in the same shared cache (`cache.add`, atomic in Redis and in
memory); the others wait, reading the cache every few milliseconds, for the answer it stores,
and serve that. A waiter computes the answer itself when the claim is given up without an
answer (an error, or one too large to keep: released at once, not after streaming it), or
after WAIT_SECONDS at most. A claim whose holder died expires after LOCK_SECONDS.

Sent answers. A hit through DRF still costs the whole stack: every middleware, URL
resolution, DRF's negotiation and parameter checks, then the header work, about as much as
the data-version query and the cache read themselves. `SentAnswerMiddleware` therefore also
keeps each answer as it left the server (status 200, every header every middleware added, the
bytes) under the request as received: the absolute URL and the Accept and Origin headers (all
that negotiation and CORS read), and the data version. A plain GET of the API whose answer is
kept there is replayed from it before anything else runs, with the same bytes and headers in
the same order; any other request (HEAD, a conditional request, an answer not kept yet) goes
through DRF as before, and DRF's answer is kept for the next one. The throttle counts the
request first either way (throttling.admit).
"""

import functools
import hashlib
import time
from importlib import import_module
from pathlib import Path

import django
import rest_framework
from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, StreamingHttpResponse

from heritage.api import throttling
from heritage.api.caching import DataVersion, data_version

# Larger answers (a page of 500 reports with their evidence is about 1 MB) are recomputed.
MAX_BYTES = 2_000_000
KEY_PREFIX = "heritage.api.response"
SENT_PREFIX = "heritage.api.sent"
LOCK_PREFIX = "heritage.api.computing"
# A claim outlives a computation that died by at most this; a waiter waits at most WAIT_SECONDS
# (a cold answer takes well under a second; past that, computing it again costs less than
# keeping a client waiting on a computation that may have failed).
LOCK_SECONDS = 30
WAIT_SECONDS = 5.0
POLL_SECONDS = (0.002, 0.05)  # first and longest pause between two looks at the cache


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


def _digest(version: DataVersion, *parts: str) -> str:
    shaping = (settings.API_PAGE_SIZE, settings.API_MAX_PAGE_SIZE, settings.API_CITATION_PUBLISHER)
    raw = "|".join([_code_digest(), repr(shaping), version.key, *parts])
    return hashlib.sha256(raw.encode()).hexdigest()


def key_for(request, version: DataVersion) -> str | None:
    """The cache key of this request's answer at this data version; None when not caching."""
    if not settings.API_RESPONSE_CACHE_SECONDS or request.method not in ("GET", "HEAD"):
        return None
    digest = _digest(version, request.build_absolute_uri(), request.accepted_media_type)
    return f"{KEY_PREFIX}:{digest}"


def lookup(key: str | None) -> HttpResponse | None:
    """The stored answer under `key`, as a fresh response; None on a miss, after which the
    caller computes the answer and passes it to `store_when_rendered()`. On a miss, either
    claims the computation or, when another worker holds the claim, waits for its answer."""
    if key is None:
        return None
    stored = cache.get(key)
    if stored is None:
        stored = _claim_or_wait(key)
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


def _lock(key: str) -> str:
    return f"{LOCK_PREFIX}:{key.rsplit(':', 1)[-1]}"


def _claim_or_wait(key: str):
    """Claim the computation of `key` (return None: the caller computes), or wait for the
    answer of the worker that holds the claim (return it), or give up waiting (None)."""
    deadline = time.monotonic() + WAIT_SECONDS
    pause, longest = POLL_SECONDS
    while True:
        if cache.add(_lock(key), 1, LOCK_SECONDS):
            return None
        while time.monotonic() < deadline:
            time.sleep(pause)
            pause = min(pause * 2, longest)
            stored = cache.get(key)
            if stored is not None:
                return stored
            if cache.get(_lock(key)) is None:  # given up without an answer: claim it
                break
        else:
            return None


def release(key: str | None) -> None:
    """Give up the claim on computing `key` (stored or not: waiters then read or compute)."""
    if key is not None:
        cache.delete(_lock(key))


def store_when_rendered(response, key: str | None) -> None:
    """Store a successful answer under `key` once it has been rendered (a DRF Response is
    rendered by Django after the view) or streamed in full, if it is at most MAX_BYTES; and
    release the claim on computing it as soon as it is stored or known not to be."""
    if key is None:
        return
    if response.status_code != 200:
        release(key)
    elif response.streaming:
        # A filtered download (one site's reports, one country's sites for a map) is small and
        # asked for again and again; the claim is released as soon as it is known not to be
        # kept, so that the others stream it themselves rather than wait for this one.
        response.streaming_content = _copying_stream(
            response.streaming_content,
            lambda content: _store(key, response, True, content),
            lambda: release(key),
        )
    elif hasattr(response, "add_post_render_callback"):
        response.add_post_render_callback(lambda rendered: _store(key, rendered, False))
    else:
        release(key)


def _store(key: str, response, streamed: bool, content: bytes | None = None) -> None:
    try:
        content = response.content if content is None else content
        if len(content) <= MAX_BYTES:
            stored = (
                response["Content-Type"],
                response.get("Content-Disposition"),
                streamed,
                content,
            )
            cache.set(key, stored, settings.API_RESPONSE_CACHE_SECONDS)
    finally:
        release(key)


def _copying_stream(stream, keep, give_up):
    """The stream, passed on chunk by chunk and copied aside while it stays under MAX_BYTES:
    `keep(content)` once it has been sent in full; `give_up()` as soon as it passes the limit
    (a full export: its copy is dropped early) or is cut short (a client that hangs up closes
    the stream: GeneratorExit)."""
    chunks, size = [], 0
    try:
        for chunk in stream:
            if chunks is not None:
                size += len(chunk)
                if size <= MAX_BYTES:
                    chunks.append(chunk)
                else:
                    chunks = None
                    give_up()
            yield chunk
    except BaseException:
        give_up()
        raise
    # Reached only when the whole stream was sent.
    if chunks is not None:
        keep(b"".join(chunks))


# --- Answers as sent, replayed before the middleware and DRF run ---------------------------

API_PREFIX = "/api/v1/"
# A request carrying any of these is answered by the view (304, or a range of the body).
CONDITIONAL_HEADERS = (
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_MATCH",
    "HTTP_IF_UNMODIFIED_SINCE",
    "HTTP_RANGE",
)
# Set on a response that the view answered from, or stored in, the cache above (a 200 of a
# public API view): only those are kept as sent.
CACHEABLE = "heritage_cacheable"
# The data version read by SentAnswerMiddleware, which the view reuses (one query, not two).
VERSION = "heritage_data_version"


def sent_key(request, version: DataVersion) -> str:
    """The key of the answer sent to this request at this data version: everything of the
    request that the answer (its headers included) depends on."""
    meta = request.META
    digest = _digest(
        version,
        request.build_absolute_uri(),
        "accept=" + meta.get("HTTP_ACCEPT", ""),
        "origin=" + meta.get("HTTP_ORIGIN", ""),
    )
    return f"{SENT_PREFIX}:{digest}"


class SentAnswerMiddleware:
    """Replays a kept answer to a plain GET of the API before the other middleware and DRF
    run, and keeps DRF's cacheable answers as they are sent (see the module's docstring).
    Second in MIDDLEWARE, after PublicReadsMiddleware (the data version is read where the
    data is); everything after it has already shaped a kept answer's headers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method != "GET"
            or not request.path_info.startswith(API_PREFIX)
            or not settings.API_RESPONSE_CACHE_SECONDS
            or any(header in request.META for header in CONDITIONAL_HEADERS)
        ):
            return self.get_response(request)
        request.build_absolute_uri()  # a host not allowed is refused (400) before any query
        if not throttling.admit(request):  # DRF answers 429
            return self.get_response(request)
        version = data_version()
        setattr(request, VERSION, version)
        key = sent_key(request, version)
        stored = cache.get(key)
        if stored is not None:
            return _replay(stored)
        response = self.get_response(request)
        if response.status_code == 200 and getattr(response, CACHEABLE, False):
            if response.cookies:  # nothing the API sends, but never to be shared
                return response
            if response.streaming:
                response.streaming_content = _copying_stream(
                    response.streaming_content,
                    lambda content: _keep_sent(key, response, True, content),
                    lambda: None,
                )
            else:
                _keep_sent(key, response, False, response.content)
        return response


def _keep_sent(key: str, response, streamed: bool, content: bytes) -> None:
    if len(content) <= MAX_BYTES:
        stored = (list(response.items()), streamed, content)
        cache.set(key, stored, settings.API_RESPONSE_CACHE_SECONDS)


def _replay(stored) -> HttpResponse:
    headers, streamed, content = stored
    if streamed:  # as it was sent: streamed, without a Content-Length
        return StreamingHttpResponse([content], headers=dict(headers))
    return HttpResponse(content, headers=dict(headers))
