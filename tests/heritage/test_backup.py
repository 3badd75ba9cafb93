"""export_dataset / import_dataset round-trip everything, and refuse bad files whole."""

import gzip
import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from bench.generate_dataset import generate
from heritage import services
from heritage.backup import dataset_models
from tests.factories import EvidenceFactory, ReportFactory, SiteAliasFactory, SiteFactory

pytestmark = pytest.mark.django_db


def snapshot():
    state = {}
    for model in dataset_models():
        rows = list(model._default_manager.order_by("pk").values())
        for row in rows:
            row.pop("password", None)
        state[model._meta.label_lower] = rows
    return state


def wipe():
    # Children before parents; raw deletes skip Django's PROTECT, as an empty database would.
    User = get_user_model()
    for model in [User.groups.through, User.user_permissions.through, *reversed(dataset_models())]:
        model._default_manager.all()._raw_delete(model._default_manager.db)


@pytest.fixture
def dataset(reviewer, curator):
    curator.groups.add(Group.objects.get_or_create(name="Curators")[0])
    parent = SiteFactory(name="Palmyra", slug="palmyra")
    site = SiteFactory(name="Temple of Bel", slug="temple-of-bel", parent=parent)
    SiteAliasFactory(site=site, name="Bel Temple")
    evidence = EvidenceFactory(report=ReportFactory(site=site, curator_notes="internal"))
    services.report_publish(report=evidence.report, user=reviewer)
    retracted = EvidenceFactory(report=ReportFactory(site=parent)).report
    services.report_publish(report=retracted, user=reviewer)
    services.report_retract(report=retracted, user=reviewer, reason="wrong site")
    generate(sites=30, reports=200, sources=60, evidence=300, seed=7)


def test_round_trip_restores_every_row_identically(dataset, tmp_path):
    path = tmp_path / "backup.jsonl.gz"
    before = snapshot()
    assert before["heritage.historicaldamagereport"]  # history is part of the dataset
    call_command("export_dataset", str(path))
    wipe()
    assert not any(snapshot().values())
    call_command("import_dataset", str(path))
    assert snapshot() == before


def test_restored_users_must_reset_their_password(dataset, tmp_path):
    path = tmp_path / "backup.jsonl.gz"
    call_command("export_dataset", str(path))
    content = "\n".join(read_lines(path))
    assert '"password"' not in content and "md5$" not in content
    wipe()
    call_command("import_dataset", str(path))
    curator = get_user_model().objects.get(username="curator")
    assert not curator.has_usable_password()
    assert list(curator.groups.values_list("name", flat=True)) == ["Curators"]
    reviewer = get_user_model().objects.get(username="reviewer")
    assert reviewer.has_perm("heritage.publish_damagereport")


def test_new_rows_after_restore_get_fresh_ids(dataset, tmp_path):
    path = tmp_path / "backup.jsonl.gz"
    call_command("export_dataset", str(path))
    highest = max(snapshot()["heritage.heritagesite"], key=lambda row: row["id"])["id"]
    wipe()
    call_command("import_dataset", str(path))
    assert SiteFactory(slug="brand-new").pk > highest


def test_restore_refuses_a_database_that_is_not_empty(dataset, tmp_path):
    path = tmp_path / "backup.jsonl.gz"
    call_command("export_dataset", str(path))
    before = snapshot()
    with pytest.raises(CommandError, match="not empty"):
        call_command("import_dataset", str(path))
    assert snapshot() == before


def read_lines(path):
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        return stream.read().splitlines()


def write_lines(path, lines):
    with gzip.open(path, "wt", encoding="utf-8") as out:
        out.writelines(line + "\n" for line in lines)


def test_truncated_file_restores_nothing(dataset, tmp_path):
    path = tmp_path / "backup.jsonl.gz"
    call_command("export_dataset", str(path))
    lines = read_lines(path)
    write_lines(path, lines[: len(lines) // 2])
    wipe()
    with pytest.raises(CommandError, match="incomplete"):
        call_command("import_dataset", str(path))
    assert not any(snapshot().values())


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"plain text, not gzip", "cannot read"),
        (gzip.compress(b""), "no header"),
        (gzip.compress(b'{"format": "something-else"}\n'), "not a heritage-dataset"),
        (gzip.compress(b'{"format": "heritage-dataset", "version": 99}\n'), "version 99"),
    ],
)
def test_bad_files_get_a_clear_error(db, tmp_path, content, message):
    path = tmp_path / "bad.jsonl.gz"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        call_command("import_dataset", str(path))


def test_rows_of_unknown_models_are_refused(db, tmp_path):
    path = tmp_path / "backup.jsonl.gz"
    call_command("export_dataset", str(path))
    lines = read_lines(path)
    write_lines(path, [lines[0], json.dumps({"model": "auth.permission", "pk": 1, "fields": {}})])
    with pytest.raises(CommandError, match="unknown model"):
        call_command("import_dataset", str(path))


def test_missing_file(db, tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_dataset", str(tmp_path / "nope.jsonl.gz"))
