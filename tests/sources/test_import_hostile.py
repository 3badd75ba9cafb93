"""Hostile input to the importer (hypothesis): random Unicode, binary, enormous lines, deeply
nested HTML, malformed manifests and JSON. Never a traceback; always a clear error naming the
file; and a file that fails leaves the database as it was."""

import json
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from heritage.models import DamageReport, Evidence, HeritageSite
from sources.models import Actor, Source
from sources.services import ImportAborted, import_articles

pytestmark = pytest.mark.django_db

HOSTILE = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def counts():
    return tuple(m.objects.count() for m in (Source, DamageReport, Evidence, HeritageSite, Actor))


@pytest.fixture
def gazetteer(db):
    from django.core.management import call_command

    call_command("load_gazetteer", verbosity=0)


def import_one(tmp_path, name, content, **kwargs):
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    path = folder / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    before = counts()
    summary = import_articles(paths=[path], **kwargs)
    outcomes = summary.outcomes
    assert outcomes, "every file gets an outcome"
    for outcome in summary.errors:
        assert outcome.file == name or outcome.file.startswith(f"{name}#")  # a record in it
        assert outcome.detail and "\n" not in outcome.detail and "Traceback" not in outcome.detail
        # The safety net for unexpected exceptions must not be what handled these inputs.
        assert "internal error" not in outcome.detail
    if summary.errors and not any(o.status == "imported" for o in outcomes):
        assert counts() == before
    return summary


@HOSTILE
@given(text=st.text(max_size=3000))
def test_random_unicode_text(gazetteer, tmp_path_factory, text):
    import_one(tmp_path_factory.mktemp("u"), "random.txt", text)


@HOSTILE
@given(data=st.binary(min_size=1, max_size=3000))
def test_random_bytes(gazetteer, tmp_path_factory, data):
    import_one(tmp_path_factory.mktemp("b"), "random.txt", data)


@HOSTILE
@given(
    word=st.sampled_from(["Palmyra", "destroyed", "temple", "x", "“", "—", "Temple of Bel"]),
    repeat=st.integers(min_value=1000, max_value=30_000),
    separator=st.sampled_from([" ", "", ",", "\u00a0"]),
)
def test_enormous_lines(gazetteer, tmp_path_factory, word, repeat, separator):
    text = "ISIS blew up the Temple of Bel. " + separator.join([word] * repeat)
    import_one(tmp_path_factory.mktemp("l"), "long.txt", text)


@HOSTILE
@given(
    depth=st.integers(min_value=1, max_value=5000),
    tag=st.sampled_from(["div", "p", "span", "table", "b"]),
)
def test_deeply_nested_html(gazetteer, tmp_path_factory, depth, tag):
    html = (
        "<html><head><title>Temple destroyed</title></head><body>"
        + f"<{tag}>" * depth
        + "<p>ISIS militants blew up the Temple of Baalshamin on August 23, officials said.</p>"
        + f"</{tag}>" * depth
        + "</body></html>"
    )
    import_one(tmp_path_factory.mktemp("h"), "nested.html", html)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=50),
    lambda children: (
        st.lists(children, max_size=5)
        | st.dictionaries(
            st.sampled_from(["text", "title", "published", "outlet", "url", "x"]),
            children,
            max_size=5,
        )
    ),  # fmt: skip
    max_leaves=20,
)


@HOSTILE
@given(value=json_values)
def test_malformed_json_records(gazetteer, tmp_path_factory, value):
    import_one(tmp_path_factory.mktemp("j"), "record.json", json.dumps(value))


@HOSTILE
@given(lines=st.lists(json_values.map(json.dumps) | st.text(max_size=80), max_size=6))
def test_malformed_jsonl_records(gazetteer, tmp_path_factory, lines):
    import_one(tmp_path_factory.mktemp("jl"), "records.jsonl", "\n".join(lines))


@HOSTILE
@given(
    manifest=st.text(alphabet=string.printable + "\t\u00a0é", max_size=400)
    | json_values.map(json.dumps),
    suffix=st.sampled_from([".tsv", ".json"]),
)
def test_malformed_manifests(gazetteer, tmp_path_factory, manifest, suffix):
    folder = tmp_path_factory.mktemp("m")
    article = folder / "article.txt"
    article.write_text("ISIS blew up the Temple of Bel in September 2015.", encoding="utf-8")
    manifest_path = folder.parent / f"{folder.name}-manifest{suffix}"
    manifest_path.write_text(manifest, encoding="utf-8")
    before = counts()
    try:
        summary = import_articles(paths=[article], manifest=manifest_path)
    except ImportAborted as exc:
        # A manifest that cannot be read stops the run before anything is written.
        assert str(exc) and "\n" not in str(exc)
        assert counts() == before
    else:
        for outcome in summary.errors:
            assert outcome.detail
