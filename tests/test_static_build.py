"""The committed static build matches the templates, and production can collect it.

static/css/portal.min.css keeps only the Bootstrap selectors that templates, scripts and
forms use (frontend/build.mjs, `make css`). A template that starts using a class the build
left out would render unstyled: these tests say so, and which command fixes it.
"""

import importlib
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test.utils import override_settings

from capacity.models import STATUS_TONES as EVENT_TONES
from partnerships.models.agreements import STATUS_TONES as AGREEMENT_TONES
from partnerships.models.reports import STATUS_TONES as REPORT_TONES
from registry.models.kim import STATUS_TONES as KIM_TONES

ROOT = Path(settings.BASE_DIR)
TAG = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.S)


def _template_files():
    return sorted((ROOT / "templates").rglob("*.html"))


def _classes_used():
    """Class names written literally in templates and in Python (widget attrs, helpers)."""
    used = {}
    for path in _template_files():
        for value in re.findall(r'class="([^"]*)"', path.read_text()):
            for name in TAG.sub(" ", value).split():
                used.setdefault(name, path)
    for path in ROOT.glob("*/**/*.py"):
        if {"migrations", "tests", "node_modules"} & set(path.parts):
            continue
        text = path.read_text()
        for value in re.findall(r"""["'](?:class|css_class)["']\s*:\s*["']([^"']*)["']""", text):
            for name in value.split():
                used.setdefault(name, path)
    return used


def test_templates_use_no_class_that_the_css_build_left_out():
    removed = {
        line.strip()
        for line in (ROOT / "frontend" / "removed-classes.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    missing = {name: str(path.relative_to(ROOT)) for name, path in _classes_used().items()}
    missing = {name: where for name, where in missing.items() if name in removed}
    assert not missing, (
        f"classes used but not in static/css/portal.min.css: {missing}; run `make css` "
        "and commit static/css/portal.min.css, static/js/portal.min.js and "
        "frontend/removed-classes.txt"
    )


def test_every_status_badge_colour_is_in_the_build():
    """Badges are `text-bg-{{ obj.status_tone }}`: a tone the build left out shows its
    status as white text on white (an expired agreement's "Berakhir" did)."""
    css = (ROOT / "static" / "css" / "portal.min.css").read_text()
    tones = {*EVENT_TONES.values(), *AGREEMENT_TONES.values(), *REPORT_TONES.values()}
    tones |= set(KIM_TONES.values())
    missing = sorted(tone for tone in tones if f".text-bg-{tone}{{" not in css)
    assert missing == [], f"text-bg-{missing} not in the build: add to frontend/build.mjs"


def test_every_page_links_the_one_built_stylesheet_and_script():
    base = (ROOT / "templates" / "base.html").read_text()
    assert re.findall(r"\{% static '([^']+)' %\}", base) == [
        "favicon.svg",
        "css/portal.min.css",
        "js/portal.min.js",
    ]
    for path in _template_files():
        text = path.read_text()
        assert "vendor/bootstrap" not in text, path
        # The Content-Security-Policy allows no inline script.
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), path


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """`collectstatic` with the production storage (hashed names, gzip and brotli)."""
    production = importlib.import_module("kimportal.settings")
    root = tmp_path_factory.mktemp("staticfiles")
    with override_settings(STATIC_ROOT=root, STORAGES=production.STORAGES):
        # Django admin's files (a hundred, slow to brotli) are not on these pages.
        call_command("collectstatic", interactive=False, verbosity=0, ignore_patterns=["admin"])
    return root


def test_production_collects_hashed_and_compressed_copies_of_every_file_pages_use(collected):
    manifest = (collected / "staticfiles.json").read_text()
    referenced = set()
    for path in _template_files():
        referenced |= set(re.findall(r"\{% static ['\"]([^'\"]+)['\"] %\}", path.read_text()))
    referenced.add("js/village-picker.js")  # registry.widgets.VillagePicker.Media
    for name in sorted(referenced):
        assert f'"{name}"' in manifest, f"{name} is not collected: production would fail"
    css = next((collected / "css").glob("portal.min.*.css"))
    assert css.with_name(css.name + ".br").exists()
    assert css.with_name(css.name + ".gz").exists()


def test_favicon_is_served_at_the_site_root(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # ICO header
