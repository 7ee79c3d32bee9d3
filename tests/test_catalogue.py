"""The English catalogue is complete: nothing fuzzy or empty, nothing makemessages would
add, and the compiled .mo is the .po's.

A fuzzy entry is not compiled, so English readers would meet its Indonesian text; a string
makemessages would add is one nobody translated. The msgids are the Indonesian text
itself, so `id` needs no catalogue of its own: an untranslated `id` string cannot exist.
"""

import contextlib
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

ROOT = Path(settings.BASE_DIR)
PO = ROOT / "locale/en/LC_MESSAGES/django.po"
MO = PO.with_suffix(".mo")
SOURCES = ("kimportal", "registry", "partnerships", "capacity", "templates")

pytestmark = pytest.mark.skipif(not shutil.which("msgattrib"), reason="gettext is not installed")


def _entries(po, *flags):
    """msgids that `msgattrib flags` keeps (the header, msgid "", left out)."""
    kept = subprocess.run(  # noqa: S603 - fixed arguments
        [shutil.which("msgattrib"), "--no-wrap", *flags, str(po)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [line for line in kept.splitlines() if line.startswith("msgid ") and line != 'msgid ""']


def test_the_committed_english_catalogue_has_nothing_fuzzy_or_empty():
    assert _entries(PO, "--only-fuzzy") == []
    assert _entries(PO, "--untranslated") == []


def test_makemessages_finds_no_string_the_catalogue_lacks(tmp_path):
    # makemessages writes into the `locale` folder beside the sources it reads, so it runs
    # on a copy of them (a second or two), never touching the committed catalogue.
    for folder in SOURCES:
        shutil.copytree(
            ROOT / folder,
            tmp_path / folder,
            ignore=shutil.ignore_patterns("__pycache__", "data", "migrations", "*.gz"),
        )
    shutil.copytree(ROOT / "locale", tmp_path / "locale")
    with contextlib.chdir(tmp_path):
        call_command("makemessages", locale=["en"], no_obsolete=True, verbosity=0)
    fresh = tmp_path / "locale/en/LC_MESSAGES/django.po"
    assert _entries(fresh, "--only-fuzzy") == [], "new strings: translate them in django.po"
    assert _entries(fresh, "--untranslated") == [], "new strings: translate them in django.po"


def test_the_compiled_catalogue_is_the_committed_one(tmp_path):
    compiled = tmp_path / "django.mo"
    subprocess.run(  # noqa: S603 - fixed arguments
        [shutil.which("msgfmt"), "--check-format", "-o", str(compiled), str(PO)], check=True
    )
    assert compiled.read_bytes() == MO.read_bytes(), "run msgfmt (see README) after editing"
