"""Two imports of the same folder at once (two processes) on PostgreSQL leave no duplicates:
the unique content hash lets only one of them store each article, and the site row lock makes
merges into one report take turns."""

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from django.db import connection

from heritage.gazetteer import gazetteer_load
from heritage.models import DamageReport, Evidence
from sources.models import Source

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "fixtures" / "articles"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_imports_of_one_folder_leave_no_duplicates():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (row locks and concurrent writers)")
    gazetteer_load(path=ROOT / "fixtures" / "sites.json")
    db = connection.settings_dict
    host = f"{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}"
    url = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{host}/{db['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "heritage.settings_test"}
    command = [sys.executable, "manage.py", "import_articles", str(SEEDS)]
    processes = [
        subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    results = [p.communicate(timeout=300) for p in processes]
    assert [p.returncode for p in processes] == [0, 0], results

    assert Source.objects.count() == 5
    # One row per statement (a source may quote several claimants), never one twice.
    statements = Counter(
        Evidence.objects.values_list("report_id", "source_id", "char_start", "attribution_text")
    )
    assert max(statements.values()) == 1
    keys = Counter(
        DamageReport.objects.values_list(
            "site_id", "event_type", "event_date_earliest", "event_date_latest", "perpetrator"
        )
    )
    assert max(keys.values()) == 1
    recapture = DamageReport.objects.get(
        site__slug="palmyra-citadel", event_type="control_change", event_date_earliest="2016-03-25"
    )
    assert recapture.evidence.values("source").distinct().count() == 4
