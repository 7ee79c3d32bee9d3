"""`make test` does its own set-up: missing Debian packages are installed when root,
otherwise one line says what to run (Chromium or pdfinfo missing is not a test result)."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(not shutil.which("make"), reason="make is not installed")


def _fake_bin(tmp_path, *, uid, installed):
    """A PATH where dpkg knows only `installed`, id says `uid`, apt-get logs its calls."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "apt.log"
    scripts = {
        "dpkg": (
            f'for p in {" ".join(installed) or "none"}; do [ "$2" = "$p" ] && exit 0; done; exit 1'
        ),
        "id": f"echo {uid}",
        "apt-get": f'echo "$@" >> {log}',
    }
    for name, body in scripts.items():
        path = bin_dir / name
        path.write_text(f"#!/bin/sh\n{body}\n")
        path.chmod(0o755)
    return bin_dir, log


def _check(bin_dir):
    make = shutil.which("make")
    return subprocess.run(  # noqa: S603 — fixed arguments
        [make, "--no-print-directory", "-C", str(ROOT), "system-deps-check"],
        capture_output=True,
        text=True,
        env={"PATH": f"{bin_dir}:/usr/bin:/bin"},
        check=False,
    )


def test_make_test_runs_the_system_check_first():
    make = shutil.which("make")
    plan = subprocess.run(  # noqa: S603
        [make, "-n", "-C", str(ROOT), "test", "VENV=/nonexistent"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    assert "dpkg -s" in plan


def test_missing_packages_without_root_say_what_to_run_in_one_line(tmp_path):
    bin_dir, log = _fake_bin(tmp_path, uid=1000, installed=["libpango-1.0-0"])
    result = _check(bin_dir)
    assert result.returncode != 0
    # make adds its own "make: *** ... Error 2" after ours.
    lines = [line for line in result.stderr.splitlines() if not line.startswith("make")]
    assert len(lines) == 1
    assert "chromium" in lines[0]
    assert "poppler-utils" in lines[0]
    assert "sudo make system-deps" in lines[0]
    assert not log.exists()


def test_missing_packages_as_root_are_installed(tmp_path):
    bin_dir, log = _fake_bin(tmp_path, uid=0, installed=[])
    result = _check(bin_dir)
    assert result.returncode == 0, result.stderr
    calls = log.read_text()
    assert "update" in calls
    assert "install" in calls
    assert "chromium" in calls
    assert "poppler-utils" in calls


def test_nothing_happens_when_everything_is_installed(tmp_path):
    packages = [
        "chromium",
        "libpango-1.0-0",
        "libpangoft2-1.0-0",
        "libharfbuzz-subset0",
        "poppler-utils",
        "fonts-dejavu-core",
        "fonts-liberation2",
        "redis-server",
        "gettext",
    ]
    bin_dir, log = _fake_bin(tmp_path, uid=1000, installed=packages)
    result = _check(bin_dir)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert not log.exists()


def test_make_test_installs_frontend_packages_from_the_lock_file():
    """axe-core, which the browser tests inject, comes from frontend/'s lock file."""
    make = shutil.which("make")
    plan = subprocess.run(  # noqa: S603
        [make, "-n", "-B", "-C", str(ROOT), "test", "VENV=/nonexistent"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    assert "npm ci" in plan
    assert '"axe-core"' in (ROOT / "frontend/package.json").read_text()
