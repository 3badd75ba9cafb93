"""Extraction in several processes (`workers`): the same articles, in the same order, as one
process; bad files keep their place; a worker that dies fails only the files it held."""

import json
import os
import pickle
import shutil
import signal
from pathlib import Path

import pytest

from sources.extraction import contract, extract_paths, find_manifest
from sources.extraction.gazetteer import Gazetteer
from sources.extraction.pipeline import MAX_WORKERS, PARALLEL_FROM, Article, default_workers
from sources.extraction.reading import ReadError

ROOT = Path(__file__).resolve().parents[3]
SEEDS = ROOT / "fixtures" / "articles"
DEV = ROOT / "fixtures" / "eval" / "dev" / "articles"


def gazetteer():
    return Gazetteer.from_file(ROOT / "fixtures" / "sites.json")


def as_json(items, gaz) -> str:
    return json.dumps(contract(items, gaz), sort_keys=True, default=str)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """The dev corpus and the seeds in one folder, with bad files among them: an unknown
    extension, an empty file, and a .jsonl of two records (a file of several articles)."""
    folder = tmp_path_factory.mktemp("corpus")
    for path in [*sorted(DEV.glob("*.txt")), *sorted(SEEDS.glob("*.txt"))]:
        shutil.copy(path, folder / path.name)
    (folder / "150_notes.docx").write_bytes(b"PK\x03\x04")
    (folder / "250_empty.txt").write_text("", encoding="utf-8")
    records = [
        {"text": "Militants blew up the Temple of Bel in Palmyra on Sunday, activists said.",
         "published": "2015-08-31", "title": "One"},
        {"text": "The Arch of Triumph in Palmyra was destroyed, the antiquities chief said.",
         "published": "2015-10-05", "title": "Two"},
    ]  # fmt: skip
    (folder / "350_wire.jsonl").write_text(
        "\n".join(json.dumps(r) for r in records), encoding="utf-8"
    )
    return folder


def test_two_workers_give_what_one_process_gives(corpus):
    serial_gaz, parallel_gaz = gazetteer(), gazetteer()
    serial = list(extract_paths([corpus], gazetteer=serial_gaz, workers=1))
    parallel = list(extract_paths([corpus], gazetteer=parallel_gaz, workers=2))
    assert len(parallel) == len(serial) > 50
    assert [type(i).__name__ for i in parallel] == [type(i).__name__ for i in serial]
    errors = [(e.file, e.reason) for e in parallel if isinstance(e, ReadError)]
    assert errors == [(e.file, e.reason) for e in serial if isinstance(e, ReadError)]
    assert [file for file, _ in errors] == ["150_notes.docx", "250_empty.txt"]
    assert as_json(parallel, parallel_gaz) == as_json(serial, serial_gaz)
    # The candidate sites the workers proposed are the caller's, as in one process.
    assert parallel_gaz.proposed == serial_gaz.proposed
    for article in (a for a in parallel if isinstance(a, Article)):
        for entry in article.candidates:
            assert parallel_gaz.sites[entry.slug] is entry


def test_the_seeds_with_their_manifest(corpus):
    serial_gaz, parallel_gaz = gazetteer(), gazetteer()
    manifest = find_manifest([SEEDS])
    serial = extract_paths([SEEDS], gazetteer=serial_gaz, manifest=manifest)
    parallel = extract_paths([SEEDS], gazetteer=parallel_gaz, manifest=manifest, workers=3)
    assert as_json(parallel, parallel_gaz) == as_json(serial, serial_gaz)


def test_a_candidate_named_twice_is_one_site(tmp_path):
    """Two articles far apart (so in different batches) propose the same new site, spelled
    differently: the caller keeps the first spelling, as one process would."""
    texts = ["Shelling damaged the Qaryat Heritage Museum on Monday, residents said."]
    texts += [f"Talks resumed in the capital on day {i}." for i in range(10)]
    texts += ["The Qaryat Héritage Museum was looted, a guard said."]
    for i, text in enumerate(texts):
        (tmp_path / f"{i:02d}.txt").write_text(text, encoding="utf-8")
    serial_gaz, parallel_gaz = gazetteer(), gazetteer()
    serial = list(extract_paths([tmp_path], gazetteer=serial_gaz))
    parallel = list(extract_paths([tmp_path], gazetteer=parallel_gaz, workers=2))
    first, last = parallel[0], parallel[-1]
    assert [c.name for c in first.candidates] == ["Qaryat Heritage Museum"]
    assert last.candidates == first.candidates and last.candidates[0] is first.candidates[0]
    assert as_json(parallel, parallel_gaz) == as_json(serial, serial_gaz)


def test_a_worker_that_dies_fails_its_files_and_the_rest_is_extracted(corpus):
    gaz = gazetteer()
    found = extract_paths([corpus], gazetteer=gaz, workers=2)
    first = next(found)
    pool = found.gi_yieldfrom.gi_frame.f_locals["pool"]
    for pid in list(pool._processes):
        os.kill(pid, signal.SIGKILL)
    rest = list(found)  # no exception: the run goes on
    items = [first, *rest]
    serial = list(extract_paths([corpus], gazetteer=gazetteer()))

    def by_file(found):
        out = {}
        for item in found:
            out.setdefault(item.file, []).append(type(item).__name__)
        return out

    lost = {i.file for i in items if isinstance(i, ReadError) and "stopped" in i.reason}
    assert lost, "the files the killed workers held are reported"
    assert all("import it again" in i.reason for i in items if i.file in lost)
    assert len(lost) <= 2 * 3 * 4  # the files in flight: workers x tasks each x files a task
    got, expected = by_file(items), by_file(serial)
    assert list(got) == list(expected)  # every file, in order
    assert {f: t for f, t in got.items() if f not in lost} == {
        f: t for f, t in expected.items() if f not in lost
    }


def test_read_errors_survive_the_trip_between_processes():
    error = pickle.loads(pickle.dumps(ReadError("a.txt", "no article text")))
    assert (error.file, error.reason) == ("a.txt", "no article text")
    assert str(error) == "a.txt: no article text"


def test_default_workers():
    assert default_workers(1) == default_workers(PARALLEL_FROM - 1) == 1
    assert 1 <= default_workers(PARALLEL_FROM) <= MAX_WORKERS
    assert default_workers(10_000) == min(MAX_WORKERS, len(os.sched_getaffinity(0)))
