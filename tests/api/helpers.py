"""Small helpers shared by the API tests."""

import csv
import io
import json

BASE = "http://testserver/api/v1"


def get(client, url, params=None, **extra):
    """GET through the real URLconf and middleware; return the response."""
    return client.get(url, params or {}, **extra)


def get_json(client, url, params=None, status=200):
    response = get(client, url, params)
    assert response.status_code == status, response.content[:500]
    return response.json()


def body(response) -> str:
    """The whole body of a response, streamed or not."""
    if not hasattr(response, "_read_body"):  # a stream can be read only once
        raw = b"".join(response.streaming_content) if response.streaming else response.content
        response._read_body = raw.decode("utf-8")
    return response._read_body


def csv_rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(body(response))))


def geojson(response) -> dict:
    return json.loads(body(response))


def iso(moment) -> str:
    """A datetime as DRF writes it (UTC, Z)."""
    return moment.isoformat().replace("+00:00", "Z")
