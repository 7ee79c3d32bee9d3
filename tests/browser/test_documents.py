"""A manager uploads the SK on a phone, sees it previewed, replaces it; history stays."""

import pytest

from kimportal.roles import Role
from registry.models import Document
from tests.browser.conftest import login, shot
from tests.factories import PASSWORD, KimFactory, UserFactory
from tests.upload_samples import HTML_BYTES, PDF_BYTES, PNG_BYTES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_manager_uploads_previews_and_replaces_the_sk(page, tmp_path):
    manager = UserFactory(role=Role.MANAGER, regency_id="36.04")
    kim = KimFactory(managers=[manager])
    (tmp_path / "sk.pdf").write_bytes(PDF_BYTES)
    (tmp_path / "palsu.pdf").write_bytes(HTML_BYTES)
    (tmp_path / "sk-baru.png").write_bytes(PNG_BYTES)
    login(page, manager.username, PASSWORD)
    page.wait_for_url("**/beranda/")
    page.goto(f"{page.base_url}/kim/{kim.pk}/dokumen/")
    assert page.get_by_text("SK Kepala Desa/Lurah belum diunggah.").first.is_visible()

    sk = page.locator("#sk")
    sk.get_by_label("Nomor SK").fill("141/Kep.12/2025")
    sk.get_by_label("Tanggal SK").fill("2025-03-10")
    sk.get_by_label("Nama penandatangan").fill("H. Ahmad Suryadi")
    sk.get_by_label("Jabatan penandatangan").fill("Kepala Desa Kramatwatu")
    # An HTML page named .pdf is refused with the reason, and nothing is kept.
    sk.get_by_label("Berkas").set_input_files(tmp_path / "palsu.pdf")
    sk.get_by_role("button", name="Simpan").click()
    assert page.get_by_text("Berkas harus PDF, JPG atau PNG").first.is_visible()
    assert not Document.objects.exists()

    page.get_by_label("Berkas").set_input_files(tmp_path / "sk.pdf")
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_url(f"**/kim/{kim.pk}/dokumen/#sk")
    assert page.get_by_text("141/Kep.12/2025").is_visible()
    preview = page.locator("#sk iframe")
    assert preview.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shot(page, "documents-sk-uploaded")

    page.locator("#sk summary").click()
    sk.get_by_label("Nomor SK").fill("141/Kep.13/2025")
    sk.get_by_label("Tanggal SK").fill("2025-04-01")
    sk.get_by_label("Nama penandatangan").fill("H. Ahmad Suryadi")
    sk.get_by_label("Jabatan penandatangan").fill("Kepala Desa Kramatwatu")
    sk.get_by_label("Berkas").set_input_files(tmp_path / "sk-baru.png")
    with page.expect_navigation():
        sk.get_by_role("button", name="Simpan").click()
    assert page.locator("#sk img").evaluate("img => img.naturalWidth") == 4
    history = page.get_by_role("region", name="Riwayat dokumen")
    assert history.get_by_text("141/Kep.12/2025").is_visible()
    assert Document.objects.filter(is_current=False).count() == 1
    shot(page, "documents-sk-replaced")
