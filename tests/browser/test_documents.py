"""A manager uploads the SK on a phone, sees it previewed, replaces it; history stays."""

import pytest
from playwright.sync_api import expect

from kimportal.core.accounts.roles import Role
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
    expect(page.get_by_text("SK Kepala Desa/Lurah belum diunggah.").first).to_be_visible()

    sk = page.locator("#sk")
    sk.get_by_label("Nomor SK").fill("141/Kep.12/2025")
    sk.get_by_label("Tanggal SK").fill("2025-03-10")
    sk.get_by_label("Nama penandatangan").fill("H. Ahmad Suryadi")
    sk.get_by_label("Jabatan penandatangan").fill("Kepala Desa Kramatwatu")
    # An HTML page named .pdf is refused with the reason, and nothing is kept.
    sk.get_by_label("Berkas").set_input_files(tmp_path / "palsu.pdf")
    sk.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Berkas harus PDF, JPG atau PNG").first).to_be_visible()
    assert not Document.objects.exists()

    page.get_by_label("Berkas").set_input_files(tmp_path / "sk.pdf")
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_url(f"**/kim/{kim.pk}/dokumen/#sk")
    expect(page.get_by_text("141/Kep.12/2025")).to_be_visible()
    preview = page.locator("#sk iframe")
    expect(preview).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shot(page, "documents-sk-uploaded")

    # Keyboard, not a click: the PDF preview above may still be shifting the layout.
    page.locator("#sk summary").press("Enter")
    expect(sk.get_by_label("Nomor SK")).to_be_visible()
    sk.get_by_label("Nomor SK").fill("141/Kep.13/2025")
    sk.get_by_label("Tanggal SK").fill("2025-04-01")
    sk.get_by_label("Nama penandatangan").fill("H. Ahmad Suryadi")
    sk.get_by_label("Jabatan penandatangan").fill("Kepala Desa Kramatwatu")
    sk.get_by_label("Berkas").set_input_files(tmp_path / "sk-baru.png")
    sk.get_by_role("button", name="Simpan").press("Enter")
    expect(page.get_by_text("SK Kepala Desa/Lurah disimpan.")).to_be_visible()
    expect(page.locator("#sk img")).to_be_visible()
    # Visible is not loaded: wait for the preview's bytes (a 4 px wide sample PNG).
    expect(page.locator("#sk img")).to_have_js_property("naturalWidth", 4)
    history = page.get_by_role("region", name="Riwayat dokumen")
    expect(history.get_by_text("141/Kep.12/2025")).to_be_visible()
    assert Document.objects.filter(is_current=False).count() == 1
    shot(page, "documents-sk-replaced")
