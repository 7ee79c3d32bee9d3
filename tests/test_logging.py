"""Logs: our apps at LOG_LEVEL (INFO), third-party libraries at WARNING.

`seed_demo` printed hundreds of fontTools font-subsetting lines over its login table.
"""

import logging
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("name", ["fontTools.subset", "fontTools.ttLib", "weasyprint", "PIL"])
def test_third_party_info_is_not_logged(name):
    assert not logging.getLogger(name).isEnabledFor(logging.INFO)
    assert logging.getLogger(name).isEnabledFor(logging.WARNING)


@pytest.mark.parametrize("name", ["registry.roster_import", "kimportal.core.pdf"])
def test_our_own_info_is_logged(name):
    assert logging.getLogger(name).isEnabledFor(logging.INFO)


def test_development_console_shows_only_our_lines():
    """As `make run` starts it: a fontTools INFO line stays out, ours is printed."""
    script = (
        "import django, logging; django.setup(); "
        "logging.getLogger('fontTools.subset').info('maxp pruned'); "
        "logging.getLogger('registry').info('ours')"
    )
    result = subprocess.run(  # noqa: S603 — fixed arguments
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"DEBUG": "1", "DJANGO_SETTINGS_MODULE": "kimportal.settings", "PATH": "/usr/bin"},
        check=True,
    )
    assert "maxp pruned" not in result.stderr
    assert "ours" in result.stderr
