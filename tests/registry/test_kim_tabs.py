"""Every page of one KIM carries the same tabs: the Pengurus and Dokumen pages lacked them."""

import re

import pytest
from django.urls import reverse

from tests.factories import KimFactory
from tests.registry.letter_helpers import registered_kim

pytestmark = pytest.mark.django_db

PAGES = {
    "registry:kim-detail": "Ringkasan",
    "registry:documents": "Dokumen",
    "registry:roster": "Pengurus",
    "registry:letters": "Surat keterangan",
    "partnerships:kim": "Kemitraan",
}


def _tabs(html):
    nav = re.search(
        r'<nav class="nav nav-pills[^"]*" aria-label="Halaman KIM">(.*?)</nav>', html, re.S
    )
    assert nav, "no KIM tabs"
    return re.findall(r'<a class="nav-link( active)?"[^>]*href="([^"]+)">([^<]+)</a>', nav[1])


@pytest.mark.parametrize("page", PAGES)
def test_each_kim_page_has_the_tabs_with_itself_current(client_for, officer_kab_serang, page):
    kim = registered_kim()
    html = client_for(officer_kab_serang).get(reverse(page, args=[kim.pk])).content.decode()
    tabs = _tabs(html)
    assert [label for _active, _href, label in tabs] == list(PAGES.values())
    assert [href for _active, href, _label in tabs] == [
        reverse(name, args=[kim.pk]) for name in PAGES
    ]
    assert [label for active, _href, label in tabs if active] == [PAGES[page]]
    assert 'aria-current="page"' in html


def test_letters_tab_waits_for_the_nomor_induk(client_for, manager):
    kim = KimFactory(managers=[manager])
    html = client_for(manager).get(reverse("registry:roster", args=[kim.pk])).content.decode()
    assert "Surat keterangan" not in [label for _a, _h, label in _tabs(html)]
