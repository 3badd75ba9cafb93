"""Production settings are safe by default: these run manage.py in a clean environment."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def manage(*args, **env):
    clean_env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    clean_env.update(env, DJANGO_SETTINGS_MODULE="heritage.settings")
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_in_production():
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING",
        DJANGO_DEBUG="0", DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key():
    result = manage("check", DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr
    serve = subprocess.run(
        [sys.executable, "-c", "import heritage.wsgi"],
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
        | {"DJANGO_DEBUG": "0", "DJANGO_SETTINGS_MODULE": "heritage.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert serve.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in serve.stderr


@pytest.mark.parametrize("value", ["maybe", "2"])
def test_bad_boolean_setting_is_a_clear_error(value):
    result = manage("check", DJANGO_DEBUG=value)
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be 0 or 1" in result.stderr


def test_debug_defaults_off():
    result = manage(
        "shell", "-c", "from django.conf import settings; print(settings.DEBUG)",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
    )  # fmt: skip
    assert result.stdout.strip().splitlines()[-1] == "False", result.stderr


def test_a_worker_loads_the_urlconf_before_its_first_request():
    """gunicorn imports heritage.wsgi as a worker starts: the views are imported then, not in
    the first request (which took about half a second)."""
    loaded = subprocess.run(
        [sys.executable, "-c",
         "import sys, heritage.wsgi; print('heritage.api.views' in sys.modules)"],
        cwd=ROOT,
        env=os.environ | {"DJANGO_DEBUG": "1", "DJANGO_SETTINGS_MODULE": "heritage.settings"},
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert loaded.stdout.strip() == "True", loaded.stderr
