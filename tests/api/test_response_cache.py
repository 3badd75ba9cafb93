"""Whole answers are cached per data version (heritage/api/response_cache.py): a hit is the
same answer with the same headers, never a refused one nor a large download, and never stale — a
change a reviewer publishes is visible on the very next request.

The no-stale tests are marked `postgres` (the project's production database, run with
`-m postgres` there) but need no concurrency, so they run on SQLite too; the late-commit
test needs two connections at once and runs on PostgreSQL only."""

import datetime
import threading
import time

import psycopg
import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client, override_settings

from heritage import services
from heritage.api import response_cache
from heritage.models import DamageReport
from tests.api.conftest import publish
from tests.api.helpers import body, get
from tests.factories import SiteFactory

pytestmark = pytest.mark.django_db

HTTP_HEADERS = ["Content-Type", "ETag", "Last-Modified", "Cache-Control", "Vary", "Allow"]


def warm(client, django_assert_num_queries, *urls):
    """Request each URL twice, checking that a second 200 came from the cache (the
    data-version query only); return the answers' JSON (or status, for errors)."""
    answers = {}
    for url in urls:
        first = get(client, url)
        if first.status_code != 200:  # errors are not cached
            answers[url] = first.status_code
            continue
        with django_assert_num_queries(1):
            again = get(client, url)
        assert again.content == first.content
        answers[url] = first.json()
    return answers


def test_a_hit_has_the_same_body_and_headers_as_a_miss(client, world):
    for url in ["/api/v1/sites/", "/api/v1/sites/palmyra/", "/api/v1/reports/?page_size=1"]:
        miss, hit = get(client, url), get(client, url)
        assert miss.status_code == hit.status_code == 200
        assert hit.content == miss.content
        for header in HTTP_HEADERS:
            assert hit[header] == miss[header], (url, header)


def test_a_hit_still_answers_304_to_a_conditional_request(client, world):
    etag = get(client, "/api/v1/sites/")["ETag"]
    assert get(client, "/api/v1/sites/", HTTP_IF_NONE_MATCH=etag).status_code == 304


def stored_answers() -> int:
    """How many answers the (in-memory, in tests) cache holds."""
    return sum(response_cache.KEY_PREFIX in key for key in cache._cache)


def sent_answers() -> int:
    """How many answers the cache holds as sent (SentAnswerMiddleware)."""
    return sum(response_cache.SENT_PREFIX in key for key in cache._cache)


def test_errors_are_never_cached(client, world):
    for url in ["/api/v1/sites/no-such-site/", "/api/v1/reports/?page_size=abc"]:
        assert get(client, url).status_code in (400, 404)
        assert stored_answers() == 0 and sent_answers() == 0
    get(client, "/api/v1/sites/palmyra/")
    assert stored_answers() == 1 and sent_answers() == 1


def test_a_throttled_request_is_refused_even_when_its_answer_is_cached(client, world):
    with override_settings(API_ANON_THROTTLE_RATE="2/minute"):
        assert get(client, "/api/v1/sites/").status_code == 200
        assert get(client, "/api/v1/sites/").status_code == 200
        assert get(client, "/api/v1/sites/").status_code == 429


@pytest.mark.parametrize(
    ("url", "fmt"),
    [("/api/v1/reports/", "csv"), ("/api/v1/sites/", "csv"), ("/api/v1/sites/", "geojson")],
)
def test_a_small_download_is_cached_once_streamed_in_full(
    client, world, django_assert_num_queries, url, fmt
):
    miss = get(client, url, {"format": fmt})
    assert stored_answers() == 0  # not before the client has read it all
    first = body(miss)
    assert stored_answers() == 1
    with django_assert_num_queries(1):
        hit = get(client, url, {"format": fmt})
        assert body(hit) == first
    assert hit.streaming and miss.streaming
    for header in [*HTTP_HEADERS, "Content-Disposition"]:
        assert hit[header] == miss[header], header


def test_a_large_download_is_streamed_and_not_kept(client, world, monkeypatch):
    monkeypatch.setattr(response_cache, "MAX_BYTES", 100)
    first = body(get(client, "/api/v1/reports/", {"format": "csv"}))
    assert len(first) > 100
    assert stored_answers() == 0 and sent_answers() == 0
    assert body(get(client, "/api/v1/reports/", {"format": "csv"})) == first


def test_answers_are_cached_per_host_and_media_type(client, world):
    here = get(client, "/api/v1/sites/palmyra/").json()
    there = get(client, "/api/v1/sites/palmyra/", HTTP_HOST="localhost").json()
    assert here["url"].startswith("http://testserver/")
    assert there["url"].startswith("http://localhost/")
    indented = get(client, "/api/v1/sites/palmyra/", HTTP_ACCEPT="application/json; indent=2")
    assert indented.content.startswith(b"{\n")
    assert not get(client, "/api/v1/sites/palmyra/").content.startswith(b"{\n")


@override_settings(API_RESPONSE_CACHE_SECONDS=0)
def test_it_can_be_turned_off(client, world, django_assert_num_queries):
    get(client, "/api/v1/sites/palmyra/")
    # version, site, aliases, children, timeline (no report sets Palmyra's own status)
    with django_assert_num_queries(5):
        get(client, "/api/v1/sites/palmyra/")


# --- Answers replayed as sent, before the middleware and DRF (SentAnswerMiddleware) ---------

SENT_URLS = [
    "/api/v1/sites/",
    "/api/v1/sites/palmyra/",
    "/api/v1/reports/?page_size=1",
    "/api/v1/sites/?format=geojson&country=SY",
    "/api/v1/reports/?format=csv&site=temple-of-bel",
    "/api/v1/stats/",
]
# The request headers a replay depends on, and none.
SENT_VARIANTS = [
    {},
    {"HTTP_ORIGIN": "https://maps.example"},
    {"HTTP_ACCEPT": "application/json; indent=2"},
]


def sent(response) -> tuple:
    """All a client receives: status, every header in order, the bytes, streamed or not."""
    return response.status_code, list(response.items()), body(response), response.streaming


@pytest.mark.parametrize("headers", SENT_VARIANTS)
def test_a_replayed_answer_is_the_answer_drf_sends_byte_for_byte(
    client, world, django_assert_num_queries, monkeypatch, headers
):
    from heritage.api.views import PublicApiMixin

    for url in SENT_URLS:
        computed = sent(get(client, url, **headers))
        forget_sent()
        from_drf_cache = sent(get(client, url, **headers))  # DRF's hit, kept as sent again
        with monkeypatch.context() as patched:
            patched.setattr(PublicApiMixin, "initial", lambda *a, **k: pytest.fail("DRF ran"))
            with django_assert_num_queries(1):  # the data version
                replayed = sent(get(client, url, **headers))
        assert computed[0] == 200, url
        assert replayed == from_drf_cache == computed, url


def test_a_replay_depends_on_the_origin_and_the_accept_headers(client, world):
    url = "/api/v1/sites/?country=SY"
    cors = "Access-Control-Allow-Origin"
    assert get(client, url, HTTP_ORIGIN="https://maps.example")[cors] == "*"
    assert cors not in get(client, url)
    assert get(client, url, HTTP_ORIGIN="https://maps.example")[cors] == "*"
    assert body(get(client, url, HTTP_ACCEPT="text/csv")).startswith("id,slug,")
    assert get(client, url, HTTP_ACCEPT="application/json; indent=2").content.startswith(b"{\n")
    assert get(client, url).content.startswith(b'{"count"')
    assert body(get(client, url, HTTP_ACCEPT="text/csv")).startswith("id,slug,")
    assert sent_answers() == 4


def test_conditional_and_head_requests_go_through_drf(client, world, monkeypatch):
    from heritage.api.views import PublicApiMixin

    url = "/api/v1/sites/palmyra/"
    etag = get(client, url)["ETag"]
    calls = []
    initial = PublicApiMixin.initial

    def counted(*args, **kwargs):
        calls.append(1)
        return initial(*args, **kwargs)

    monkeypatch.setattr(PublicApiMixin, "initial", counted)
    assert get(client, url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert get(client, url, HTTP_IF_NONE_MATCH='W/"other"').status_code == 200
    assert client.head(url).status_code == 200
    assert len(calls) == 3
    get(client, url)
    assert len(calls) == 3  # a plain GET is replayed


def test_the_throttle_counts_a_request_once_replayed_or_computed(client, world):
    with override_settings(API_ANON_THROTTLE_RATE="3/minute"):
        assert get(client, "/api/v1/sites/").status_code == 200  # computed
        assert get(client, "/api/v1/sites/palmyra/").status_code == 200  # computed
        assert get(client, "/api/v1/sites/").status_code == 200  # replayed
        refused = get(client, "/api/v1/sites/")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0


# --- No stale answer after a write (services.py, as the admin calls them) -----------------


@pytest.mark.postgres
def test_a_publication_is_visible_on_the_next_request(
    client, world, reviewer, django_assert_num_queries
):
    pending = world["pending"]
    before = warm(
        client,
        django_assert_num_queries,
        "/api/v1/reports/",
        "/api/v1/sites/mosul-museum/",
        "/api/v1/stats/",
        f"/api/v1/reports/{pending.pk}/",
    )
    assert before[f"/api/v1/reports/{pending.pk}/"] == 404
    publish(pending, reviewer)
    reports = get(client, "/api/v1/reports/").json()
    assert reports["count"] == before["/api/v1/reports/"]["count"] + 1
    assert pending.pk in [report["id"] for report in reports["results"]]
    mosul = get(client, "/api/v1/sites/mosul-museum/").json()
    assert [entry["id"] for entry in mosul["timeline"]] == [pending.pk]
    assert mosul["status"]["extent"] == "severe"
    stats = get(client, "/api/v1/stats/").json()
    assert stats["reports_total"] == before["/api/v1/stats/"]["reports_total"] + 1
    assert get(client, f"/api/v1/reports/{pending.pk}/").status_code == 200


@pytest.mark.postgres
def test_a_retraction_is_visible_on_the_next_request(
    client, world, reviewer, django_assert_num_queries
):
    bel_destroyed = world["bel_destroyed"]
    url = f"/api/v1/reports/{bel_destroyed.pk}/"
    before = warm(
        client, django_assert_num_queries, url, "/api/v1/reports/", "/api/v1/sites/temple-of-bel/"
    )
    assert before["/api/v1/sites/temple-of-bel/"]["status"]["extent"] == "destroyed"
    services.report_retract(report=bel_destroyed, user=reviewer, reason="Wrong temple")
    assert get(client, url).status_code == 404
    reports = get(client, "/api/v1/reports/").json()
    assert bel_destroyed.pk not in [report["id"] for report in reports["results"]]
    assert reports["count"] == before["/api/v1/reports/"]["count"] - 1
    bel = get(client, "/api/v1/sites/temple-of-bel/").json()
    assert bel["status"]["extent"] == "minor"
    assert bel_destroyed.pk not in [entry["id"] for entry in bel["timeline"]]


@pytest.mark.postgres
def test_an_edit_of_a_site_is_visible_on_the_next_request(client, world, django_assert_num_queries):
    warm(
        client,
        django_assert_num_queries,
        "/api/v1/sites/palmyra/",
        "/api/v1/sites/temple-of-bel/",
        "/api/v1/sites/?search=Palmyra",
    )
    palmyra = world["palmyra"]
    palmyra.name = "Tadmor"
    palmyra.description = "Renamed in the admin."
    palmyra.save()  # what the admin's change form does
    assert get(client, "/api/v1/sites/palmyra/").json()["name"] == "Tadmor"
    assert get(client, "/api/v1/sites/temple-of-bel/").json()["parent"]["name"] == "Tadmor"
    assert get(client, "/api/v1/sites/?search=Palmyra").json()["count"] == 0


@pytest.mark.postgres
def test_a_merge_of_reports_is_visible_on_the_next_request(
    client, world, reviewer, django_assert_num_queries
):
    kept, merged = world["bel_destroyed"], world["bel_damaged_earlier"]
    before = warm(
        client,
        django_assert_num_queries,
        f"/api/v1/reports/{kept.pk}/",
        f"/api/v1/reports/{merged.pk}/",
        "/api/v1/sites/temple-of-bel/",
    )
    services.report_merge(target=kept, others=[merged], user=reviewer)
    assert get(client, f"/api/v1/reports/{merged.pk}/").status_code == 404
    after = get(client, f"/api/v1/reports/{kept.pk}/").json()
    assert after["updated_at"] != before[f"/api/v1/reports/{kept.pk}/"]["updated_at"]
    timeline = get(client, "/api/v1/sites/temple-of-bel/").json()["timeline"]
    assert [entry["id"] for entry in timeline] == [kept.pk]


@pytest.mark.postgres
def test_a_merge_of_sites_is_visible_on_the_next_request(client, world, django_assert_num_queries):
    before = warm(client, django_assert_num_queries, "/api/v1/sites/palmyra/")
    candidate = SiteFactory(name="Tadmor Ruins", is_public=False)
    services.site_merge(candidate=candidate, target=world["palmyra"])
    aliases = get(client, "/api/v1/sites/palmyra/").json()["aliases"]
    assert aliases != before["/api/v1/sites/palmyra/"]["aliases"]
    assert "Tadmor Ruins" in aliases


# --- A transaction that commits late with an older timestamp (caching.py) ------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_late_commit_with_an_older_timestamp_is_not_hidden_by_the_cache(client, world, reviewer):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (two writers at once)")
    report = world["bel_destroyed"]
    url = f"/api/v1/reports/{report.pk}/"
    db = connection.settings_dict
    late = psycopg.connect(
        host=db["HOST"] or "localhost",
        port=db["PORT"] or 5432,
        user=db["USER"],
        password=db["PASSWORD"] or None,
        dbname=db["NAME"],
    )
    try:
        # A writer stamps its row first, and commits last.
        late.execute(
            "UPDATE heritage_damagereport SET summary = 'Written late', updated_at = %s "
            "WHERE id = %s",
            [datetime.datetime.now(datetime.UTC), report.pk],
        )
        # Another write stamped after it commits first: the latest timestamp is its own.
        publish(world["pending"], reviewer)
        assert get(client, url).json()["summary"] != "Written late"  # cached, rightly
        late.commit()
        # The latest timestamp is unchanged, yet the answer must be the new one.
        assert get(client, url).json()["summary"] == "Written late"
    finally:
        late.close()
    assert DamageReport.objects.get(pk=report.pk).summary == "Written late"


def other_connection(**overrides):
    db = connection.settings_dict
    return psycopg.connect(
        host=db["HOST"] or "localhost",
        port=db["PORT"] or 5432,
        user=db["USER"],
        password=db["PASSWORD"] or None,
        dbname=overrides.get("dbname", db["NAME"]),
        autocommit=overrides.get("autocommit", False),
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_transactions_that_write_nothing_the_api_reads_keep_the_cached_answers(
    client, world, django_assert_num_queries
):
    """Another database's transaction, or one writing a table the data version does not read,
    changes no answer: the cached ones stay reachable (they were all missed before)."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (two connections at once)")
    url = "/api/v1/sites/palmyra/"
    warm(client, django_assert_num_queries, url)
    elsewhere = other_connection(dbname="postgres", autocommit=True)
    unrelated = other_connection()
    try:
        elsewhere.execute("CREATE TEMP TABLE scratch (n int)")
        elsewhere.execute("BEGIN")
        elsewhere.execute("INSERT INTO scratch VALUES (1)")
        unrelated.execute("INSERT INTO auth_group (name) VALUES ('In progress')")
        for conn in (elsewhere, unrelated):  # both hold a transaction id
            assert conn.execute("SELECT pg_current_xact_id_if_assigned()").fetchone()[0]
        # A later one commits: the two are now in every snapshot's list of transactions in
        # progress (which only names those older than the latest to have ended).
        with other_connection(autocommit=True) as later:
            later.execute("INSERT INTO auth_group (name) VALUES ('Committed')")
        # the data version, then which of the transactions in progress write what it
        # reads (none); the answer from the cache
        with django_assert_num_queries(2):
            assert get(client, url).status_code == 200
    finally:
        unrelated.rollback()
        unrelated.close()
        elsewhere.close()


def test_a_head_request_stores_the_whole_answer_for_the_next_get(client, world):
    assert client.head("/api/v1/sites/palmyra/").content == b""
    assert stored_answers() == 1
    assert get(client, "/api/v1/sites/palmyra/").json()["slug"] == "palmyra"


# --- One computation per miss, however many clients miss at once (the dogpile) ------------


def stored_keys() -> list[str]:
    """The keys of the answers the (in-memory) cache holds, as response_cache names them."""
    return [key.split(":", 2)[2] for key in cache._cache if response_cache.KEY_PREFIX in key]


def forget_sent() -> None:
    """Drop the answers kept as sent, so that the next request goes through DRF's lookup."""
    for key in [key for key in cache._cache if response_cache.SENT_PREFIX in key]:
        cache.delete(key.split(":", 2)[2])


def claims() -> int:
    return sum(response_cache.LOCK_PREFIX in key for key in cache._cache)


def later(seconds, action):
    timer = threading.Timer(seconds, action)
    timer.start()
    return timer


def test_a_miss_waits_for_the_answer_another_worker_is_computing(
    client, world, django_assert_num_queries
):
    url = "/api/v1/sites/palmyra/"
    answer = get(client, url).content
    forget_sent()
    [key] = stored_keys()
    stored = cache.get(key)
    cache.delete(key)
    assert cache.add(response_cache._lock(key), 1)  # another worker is computing it
    timer = later(0.2, lambda: cache.set(key, stored))  # … and stores it
    with django_assert_num_queries(1):  # the data version; the answer is the other's
        assert get(client, url).content == answer
    timer.join()


def test_a_waiter_computes_the_answer_when_the_claim_is_given_up(
    client, world, django_assert_num_queries
):
    url = "/api/v1/sites/palmyra/"
    answer = get(client, url).content
    forget_sent()
    [key] = stored_keys()
    cache.delete(key)
    assert cache.add(response_cache._lock(key), 1)
    timer = later(0.1, lambda: response_cache.release(key))  # an error: nothing stored
    with django_assert_num_queries(5):  # computed here
        assert get(client, url).content == answer
    timer.join()
    assert stored_keys() == [key] and claims() == 0


def test_a_waiter_stops_waiting_after_a_while(client, world, monkeypatch):
    monkeypatch.setattr(response_cache, "WAIT_SECONDS", 0.05)
    url = "/api/v1/sites/palmyra/"
    answer = get(client, url).content
    forget_sent()
    [key] = stored_keys()
    cache.delete(key)
    assert cache.add(response_cache._lock(key), 1)  # a worker that died holding it
    started = time.monotonic()
    assert get(client, url).content == answer
    assert time.monotonic() - started < response_cache.LOCK_SECONDS


def test_the_claim_is_released_after_an_answer_an_error_or_a_large_download(
    client, world, monkeypatch
):
    get(client, "/api/v1/sites/palmyra/")
    assert claims() == 0
    assert get(client, "/api/v1/sites/no-such-site/").status_code == 404
    assert claims() == 0
    with override_settings(API_RESPONSE_CACHE_SECONDS=0):
        chunks = list(get(client, "/api/v1/reports/", {"format": "csv"}).streaming_content)
    assert len(chunks) > 2
    monkeypatch.setattr(response_cache, "MAX_BYTES", len(chunks[0]))
    stream = get(client, "/api/v1/reports/", {"format": "csv"}).streaming_content
    next(stream)
    assert claims() == 1  # streaming, its copy still under the limit
    next(stream)
    assert claims() == 0  # past the limit: the others need not wait for it
    b"".join(stream)
    assert claims() == 0 and stored_answers() == 1  # the site's answer, not the download


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_clients_missing_at_once_compute_the_answer_once(world, monkeypatch):
    from heritage.api.views import SiteViewSet

    computed = []
    retrieve = SiteViewSet.retrieve

    def slow_retrieve(self, request, *args, **kwargs):
        computed.append(threading.get_ident())
        time.sleep(0.3)  # wide enough for every client to miss while it runs
        return retrieve(self, request, *args, **kwargs)

    monkeypatch.setattr(SiteViewSet, "retrieve", slow_retrieve)
    answers, start = [], threading.Barrier(4)

    def ask():
        start.wait()
        try:
            answers.append(Client().get("/api/v1/sites/palmyra/"))
        finally:
            connection.close()

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [answer.status_code for answer in answers] == [200] * 4
    assert len({answer.content for answer in answers}) == 1
    assert len(computed) == 1
