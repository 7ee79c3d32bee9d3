"""The partnership journey on a phone: a regency officer drafts an agreement with a
registered KIM, uploads the signed scan and activates it; the KIM's manager files an
activity report tagged Diseminasi + Aspirasi; the officer accepts it, scores the KIM for
mapping and finds it on the grid."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kimportal.core.accounts.roles import Role
from partnerships.models import ActivityReport, Agreement, MappingScore
from tests.browser.conftest import login, shot
from tests.factories import PASSWORD, UserFactory
from tests.registry.letter_helpers import configure_office, registered_kim
from tests.upload_samples import PDF_BYTES, PNG_BYTES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def _switch(page, user):
    page.context.clear_cookies()
    login(page, user.username, PASSWORD)
    page.wait_for_url("**/beranda/")


def test_agreement_report_review_and_mapping_journey(page, tmp_path):
    officer = UserFactory(role=Role.REGENCY, regency_id="36.04", first_name="Petugas")
    manager = UserFactory(role=Role.MANAGER, regency_id="36.04")
    configure_office()
    kim = registered_kim("KIM Cahaya Kramat", managers=[manager])
    today = timezone.localdate()
    (tmp_path / "naskah-ttd.pdf").write_bytes(PDF_BYTES)
    (tmp_path / "kegiatan.png").write_bytes(PNG_BYTES)

    # --- the officer drafts, uploads the signed scan, activates -------------------------
    _switch(page, officer)
    page.goto(f"{page.base_url}/kemitraan/")
    page.get_by_role("link", name="Buat perjanjian").click()
    page.get_by_label("Judul").fill("Diseminasi informasi pembangunan desa")
    page.get_by_label("Nomor perjanjian").fill("12/PKS-KIM/Diskominfo/2025")
    page.get_by_label("KIM Cahaya Kramat").check()
    page.get_by_label("Diseminasi informasi pemerintah").check()
    page.get_by_label("Saluran aspirasi publik").check()
    page.get_by_label("Kewajiban Dinas (pihak pertama)").fill("Menyediakan bahan informasi.")
    page.get_by_label("Kewajiban KIM/forum (pihak kedua)").fill("Menyebarluaskan informasi.")
    page.get_by_label("Tanggal mulai").fill(today.isoformat())
    page.get_by_label("Tanggal berakhir").fill((today + datetime.timedelta(days=365)).isoformat())
    _fits(page)
    shot(page, "partnerships-agreement-form")
    page.get_by_role("button", name="Buat draf").click()
    expect(page.get_by_text("Draf perjanjian dibuat.")).to_be_visible()
    expect(page.get_by_text("Unggah pindaian naskah yang sudah ditandatangani")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Cetak naskah (PDF)").click()
    assert download.value.suggested_filename.startswith("Perjanjian-Kemitraan-12-PKS-KIM")

    page.get_by_label(re.compile("Pindaian naskah bertanda tangan")).set_input_files(
        tmp_path / "naskah-ttd.pdf"
    )
    page.get_by_role("button", name="Unggah", exact=True).click()
    expect(page.get_by_text("Naskah bertanda tangan disimpan.")).to_be_visible()
    page.get_by_role("button", name="Berlakukan perjanjian").click()
    expect(page.get_by_text("Perjanjian diberlakukan.")).to_be_visible()
    agreement = Agreement.objects.get()
    assert agreement.is_active
    _fits(page)
    shot(page, "partnerships-agreement-active")

    # --- the KIM's manager files a report tagged Diseminasi + Aspirasi ------------------
    _switch(page, manager)
    page.get_by_role("link", name="Kirim laporan", exact=True).click()
    page.get_by_label("Tanggal kegiatan").fill(today.isoformat())
    page.get_by_label("Judul kegiatan").fill("Sosialisasi program sanitasi desa")
    page.get_by_label("Uraian").fill("Warga mendengarkan penjelasan dan menyampaikan usulan.")
    page.get_by_label("Diseminasi", exact=True).check()
    page.get_by_label("Aspirasi", exact=True).check()
    page.get_by_label("Saluran").select_option(label="Tatap muka")
    page.get_by_label("Jangkauan (orang)").fill("85")
    page.get_by_label("Foto kegiatan").set_input_files(tmp_path / "kegiatan.png")
    _fits(page)
    shot(page, "partnerships-report-form")
    page.get_by_role("button", name="Kirim laporan").click()
    expect(page.get_by_text("Laporan dikirim.")).to_be_visible()
    report = ActivityReport.objects.get()
    assert report.principles == ["diseminasi", "aspirasi"]
    assert report.photos.count() == 1

    # --- the officer accepts it -------------------------------------------------------
    _switch(page, officer)
    page.get_by_role("link", name="Sosialisasi program sanitasi desa").click()
    expect(page.locator(".photo-grid img")).to_be_visible()
    page.get_by_label("Terima laporan").check()
    page.get_by_role("button", name="Simpan tinjauan").click()
    expect(page.get_by_text("Laporan diterima.")).to_be_visible()
    report.refresh_from_db()
    assert report.is_accepted
    shot(page, "partnerships-report-accepted")

    # --- the officer scores the KIM and sees it on the grid ---------------------------
    page.goto(f"{page.base_url}/kemitraan/pemetaan/")
    expect(page.locator("svg.mapping-grid circle.point")).to_have_count(0)
    page.get_by_role("link", name="KIM Cahaya Kramat").click()
    page.locator("#id_interest_4").check()
    page.locator("#id_influence_3").check()
    page.locator("#id_power_2").check()
    page.get_by_label("Catatan").fill("Aktif melapor.")
    page.get_by_role("button", name="Simpan penilaian").click()
    expect(page.get_by_text("Penilaian KIM Cahaya Kramat disimpan.")).to_be_visible()
    points = page.locator("svg.mapping-grid circle.point")
    expect(points).to_have_count(1)
    assert MappingScore.objects.get().interest == 5
    _fits(page)
    shot(page, "partnerships-grid-360")
    page.set_viewport_size({"width": 1280, "height": 900})
    shot(page, "partnerships-grid-1280")
    page.locator("svg.mapping-grid a").first.click()
    page.wait_for_url(f"**/kim/{kim.pk}/")
