"""SITE_URL: every absolute link and QR code is built from it, so it must be right.

Production refuses to start without it; development follows the port `make run` serves on.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIELD_KEYS = {"FIELD_ENCRYPTION_KEYS": "a" * 43 + "=", "FIELD_HASH_KEY": "h" * 32}


def _settings(**env):
    """(exit code, SITE_URL or the error) of kimportal.settings loaded with `env` only."""
    script = "import kimportal.settings as s; print(s.SITE_URL)"
    result = subprocess.run(  # noqa: S603 — fixed arguments
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "SECRET_KEY": "x" * 50, **FIELD_KEYS, **env},
        check=False,
    )
    return result.returncode, (result.stdout.strip() or result.stderr.strip().splitlines()[-1])


def test_production_without_site_url_does_not_start():
    code, output = _settings()
    assert code != 0
    assert "ImproperlyConfigured: SITE_URL must be set when DEBUG is off" in output


def test_production_uses_the_given_site_url():
    assert _settings(SITE_URL="https://kim.example.go.id/") == (0, "https://kim.example.go.id")


def test_site_url_without_scheme_is_refused():
    code, output = _settings(SITE_URL="kim.example.go.id")
    assert code != 0
    assert "must start with http:// or https://" in output


def test_development_follows_the_port():
    assert _settings(DEBUG="1", PORT="8123") == (0, "http://127.0.0.1:8123")
    assert _settings(DEBUG="1") == (0, "http://127.0.0.1:8000")


@pytest.mark.skipif(not shutil.which("make"), reason="make is not installed")
def test_make_run_port_serves_there_and_links_follow():
    plan = subprocess.run(  # noqa: S603
        [shutil.which("make"), "-n", "-C", str(ROOT), "run", "PORT=8123", f"VENV={ROOT}/.no-venv"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    commands = [line for line in plan.splitlines() if "manage.py" in line]
    assert commands[-1].endswith("runserver 127.0.0.1:8123")
    # seed_demo issues letters (QR codes) and runserver sends e-mails: both see the port.
    assert all("http://127.0.0.1:8123" in line for line in commands)


def test_production_without_field_encryption_keys_does_not_start():
    code, output = _settings(SITE_URL="https://kim.example.go.id", FIELD_ENCRYPTION_KEYS="")
    assert code != 0
    assert "FIELD_ENCRYPTION_KEYS and FIELD_HASH_KEY must be set" in output
