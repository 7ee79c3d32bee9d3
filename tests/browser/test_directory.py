"""A visitor finds a registered KIM in the public directory on a phone."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import shot
from tests.factories import KimFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _registered(name, village):
    return KimFactory(
        name=name,
        village_id=village,
        status="registered",
        registered_at=timezone.now(),
        nomor_induk=f"KIM-{village[:5].replace('.', '')}-2025-{len(name):04d}",
        website="https://contoh.example.org/",
    )


def test_visitor_searches_from_home_and_opens_a_profile(page):
    kim = _registered("KIM Cahaya Kramatwatu", "36.04.05.2001")
    _registered("KIM Lain Di Kota", "36.73.01.1004")

    page.goto(page.base_url + "/")
    page.get_by_label("Nama KIM").fill("cahaya")
    page.get_by_role("button", name="Cari").click()
    page.wait_for_url("**/direktori/?q=cahaya")
    expect(page.get_by_text("1 KIM ditemukan")).to_be_visible()
    assert page.get_by_text("KIM Lain Di Kota").count() == 0
    # the card list fits a 360 px phone: nothing forces horizontal scrolling
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shot(page, "directory-search-360")

    page.get_by_role("link", name="KIM Cahaya Kramatwatu", exact=True).click()
    page.wait_for_url(f"**/direktori/{kim.pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == "KIM Cahaya Kramatwatu"
    expect(page.get_by_text(kim.nomor_induk)).to_be_visible()
    expect(page.get_by_text("Kabupaten Serang")).to_be_visible()
    shot(page, "directory-profile-360")


def test_visitor_narrows_the_directory_by_area_with_cascading_selects(page):
    _registered("KIM Kramat Jaya", "36.04.05.2001")
    _registered("KIM Kota Baru", "36.73.01.1004")

    page.goto(page.base_url + "/direktori/")
    expect(page.get_by_text("2 KIM ditemukan")).to_be_visible()
    page.get_by_role("button", name="Filter wilayah, status dan urutan").click()
    page.get_by_label("Provinsi").select_option(label="Banten")
    # Regencies arrive from /wilayah/kabupaten/36/; the select is enabled once they have.
    page.get_by_label("Kabupaten/kota").select_option(label="Kabupaten Serang")
    page.get_by_label("Kecamatan").select_option(label="Kramatwatu")
    page.get_by_role("button", name="Terapkan filter").click()
    page.wait_for_url("**/direktori/?*kecamatan=36.04.05*")
    expect(page.get_by_text("1 KIM ditemukan")).to_be_visible()
    expect(page.get_by_role("link", name="KIM Kramat Jaya", exact=True)).to_be_visible()
    assert page.get_by_text("KIM Kota Baru").count() == 0
    shot(page, "directory-filter-360")
