"""Officers print lists and a KIM's pages: on A4, Chromium's print to PDF puts the page's
title and its first rows on page 1, without the menu, buttons, forms or footer."""

import subprocess
from datetime import timedelta

import pytest
from django.utils import timezone

from kimportal.core.accounts.roles import Role
from tests.browser.conftest import ARTIFACTS, login
from tests.factories import PASSWORD, KimFactory, RosterFactory, UserFactory, make_board

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Text of the navigation, the footer and forms: none of it belongs on paper.
SCREEN_ONLY = ["Kebijakan privasi", "Keluar", "Lewati ke isi", "Terapkan", "English", "Beranda"]


def _first_page(page, name):
    pdf = page.pdf(format="A4", print_background=True)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"print-{name}.pdf").write_bytes(pdf)
    text = subprocess.run(
        ["/usr/bin/pdftotext", "-f", "1", "-l", "1", "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout.decode()
    return " ".join(text.split())


@pytest.mark.parametrize(
    ("path", "title", "rows"),
    [
        ("/kim/", "Daftar KIM", ".list-group-item strong"),
        ("/kim/peninjauan/", "Antrean peninjauan", "tbody th a"),
        ("KIM", None, "#main h1"),
        ("ROSTER", "Susunan pengurus", "tbody th"),
    ],
)
def test_a4_print_has_title_and_first_rows_without_navigation(page, path, title, rows):
    staff = UserFactory(role=Role.PROVINCE, province_id="36")
    kims = [
        KimFactory(
            name=f"KIM Cetak {n:02d}",
            status="submitted",
            submitted_at=timezone.now() - timedelta(days=n),
            village_id="36.04.05.2001",
        )
        for n in range(1, 31)
    ]
    make_board(RosterFactory(kim=kims[0]), extra_members=12)
    path = {"KIM": f"/kim/{kims[0].pk}/", "ROSTER": f"/kim/{kims[0].pk}/pengurus/"}.get(path, path)
    login(page, staff.username, PASSWORD)
    page.wait_for_url("**/beranda/")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(page.base_url + path)
    first = [t.strip() for t in page.locator(rows).all_inner_texts()[:3]]
    assert first, f"{path}: no rows to print"
    text = _first_page(page, path.strip("/").replace("/", "-"))
    assert (title or kims[0].name) in text
    # A name wrapped in its cell comes out of pdftotext interleaved with the next cells'
    # lines, so each row is looked for word by word.
    words = set(text.split())
    for row in first:
        missing = [word for word in row.split() if word not in words]
        assert missing == [], f"{path}: first row {row!r} not on page 1 (missing {missing})"
    shown = [word for word in SCREEN_ONLY if word in text]
    assert shown == [], f"{path}: screen-only text on paper: {shown}"
