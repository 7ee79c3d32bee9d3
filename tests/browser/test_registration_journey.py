"""The main journey, as people do it on phones: register, upload, submit, return with a
note, fix and resubmit, approve, issue the Nomor Induk."""

import pytest
from playwright.sync_api import expect

from kimportal.core.accounts.roles import Role
from registry.models import Kim, KimStatus
from tests.browser.conftest import login, shot
from tests.dates import as_form, current_term
from tests.factories import PASSWORD, UserFactory
from tests.registry.roster_files import board_rows, row, xlsx_bytes
from tests.upload_samples import PDF_BYTES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _as(page, user):
    page.context.clear_cookies()
    login(page, user.username, PASSWORD)
    page.wait_for_url("**/beranda/")


def _open_kim(page, kim_name):
    page.goto(page.base_url + "/kim/")
    page.get_by_role("link", name=kim_name).click()


def test_from_registration_to_nomor_induk(page, tmp_path):
    manager = UserFactory(role=Role.MANAGER, regency_id="36.04")
    staff = UserFactory(role=Role.PROVINCE, province_id="36")
    officer = UserFactory(role=Role.REGENCY, regency_id="36.04")
    board = board_rows(22)  # 25 members
    broken = [*board[:10], row(90, "Ketua"), board[3], *board[10:]]  # second ketua, repeated NIK
    (tmp_path / "pengurus-salah.xlsx").write_bytes(xlsx_bytes(broken))
    (tmp_path / "pengurus.xlsx").write_bytes(xlsx_bytes(board))
    (tmp_path / "scan.pdf").write_bytes(PDF_BYTES)

    # 1. The manager registers the KIM, picking the village level by level.
    _as(page, manager)
    page.get_by_role("link", name="Daftarkan KIM").click()
    page.get_by_label("Nama KIM").fill("KIM Kramat Jaya")
    page.get_by_label("Provinsi").select_option(label="Banten")
    page.get_by_label("Kabupaten/kota").select_option(label="Kabupaten Serang")
    page.get_by_label("Kecamatan").select_option(label="Kramatwatu")
    page.get_by_label("Desa/kelurahan").select_option(label="Margasana")
    page.get_by_label("Alamat sekretariat").fill("Jl. Raya Margasana 7")
    page.get_by_label("Telepon").fill("0254 123456")
    shot(page, "journey-1-register")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("KIM Kramat Jaya dibuat")).to_be_visible()
    kim = Kim.objects.get(name="KIM Kramat Jaya")
    assert kim.village.name == "Margasana"
    expect(page.get_by_role("button", name="Ajukan")).to_be_disabled()

    # 2. Documents: SK and the acknowledged roster scan.
    page.get_by_role("link", name="Dokumen").click()
    sk = page.locator("#sk")
    sk.get_by_label("Nomor SK").fill("141/12/Kpts/2025")
    sk.get_by_label("Tanggal SK").fill("2025-03-10")
    sk.get_by_label("Nama penandatangan").fill("H. Ahmad Suryadi")
    sk.get_by_label("Jabatan penandatangan").fill("Kepala Desa Margasana")
    sk.get_by_label("Berkas").set_input_files(tmp_path / "scan.pdf")
    with page.expect_navigation():
        sk.get_by_role("button", name="Simpan").click()
    scan = page.locator("#roster_scan")
    scan.get_by_label("Diketahui oleh").fill("H. Ahmad Suryadi")
    scan.get_by_label("Tanggal diketahui").fill("2025-03-12")
    scan.get_by_label("Berkas").set_input_files(tmp_path / "scan.pdf")
    with page.expect_navigation():
        scan.get_by_role("button", name="Simpan").click()

    # 3. The roster: a file with errors is refused whole, the fixed one replaces nothing.
    page.goto(f"{page.base_url}/kim/{kim.pk}/pengurus/")
    page.get_by_role("link", name="Impor dari berkas").click()
    term = as_form(current_term())  # current whenever the suite runs: the requirements check it
    page.get_by_label("Awal masa bakti").fill(term["term_start"])
    page.get_by_label("Akhir masa bakti").fill(term["term_end"])
    page.get_by_label("Berkas susunan pengurus").set_input_files(tmp_path / "pengurus-salah.xlsx")
    page.get_by_role("button", name="Impor").click()
    expect(page.get_by_text("Tidak ada yang disimpan")).to_be_visible()
    shot(page, "journey-2-roster-errors")
    assert not kim.rosters.exists()
    page.get_by_label("Berkas susunan pengurus").set_input_files(tmp_path / "pengurus.xlsx")
    page.get_by_role("button", name="Impor").click()
    expect(page.get_by_text("Susunan pengurus disimpan: 25 pengurus.")).to_be_visible()

    # 4. One scan holding all 25 declarations.
    page.goto(f"{page.base_url}/kim/{kim.pk}/dokumen/")
    page.locator("#declaration_bundle_file").set_input_files(tmp_path / "scan.pdf")
    with page.expect_navigation():
        page.locator("#declaration").get_by_role("button", name="Simpan").first.click()

    # 5. Every requirement met: submit.
    page.goto(f"{page.base_url}/kim/{kim.pk}/")
    shot(page, "journey-3-checklist")
    page.get_by_role("button", name="Ajukan").click()
    expect(page.get_by_text("KIM diajukan.")).to_be_visible()
    assert Kim.objects.get(pk=kim.pk).status == KimStatus.SUBMITTED

    # 6. Provincial staff return it with a note.
    _as(page, staff)
    page.goto(page.base_url + "/kim/peninjauan/")
    shot(page, "journey-4-queue")
    page.get_by_role("link", name="KIM Kramat Jaya").click()
    page.get_by_label("Kembalikan untuk perbaikan").check()
    page.get_by_label("Catatan / alasan").fill("Alamat sekretariat belum lengkap: tulis RT/RW.")
    page.get_by_role("button", name="Simpan keputusan").click()
    expect(page.get_by_text("Status KIM sekarang: Dikembalikan untuk perbaikan.")).to_be_visible()

    # 7. The manager reads the note, fixes the address, resubmits.
    _as(page, manager)
    _open_kim(page, "KIM Kramat Jaya")
    expect(page.locator(".alert-warning").get_by_text("tulis RT/RW")).to_be_visible()
    shot(page, "journey-5-returned")
    page.get_by_role("link", name="Ubah profil").click()
    page.get_by_label("Alamat sekretariat").fill("Jl. Raya Margasana 7 RT 02/RW 03")
    page.get_by_role("button", name="Simpan").click()
    page.get_by_role("button", name="Ajukan ulang").click()
    expect(page.get_by_text("KIM diajukan.")).to_be_visible()

    # 8. Staff approve.
    _as(page, staff)
    _open_kim(page, "KIM Kramat Jaya")
    page.get_by_label("Setujui").check()
    page.get_by_role("button", name="Simpan keputusan").click()
    expect(page.get_by_text("Status KIM sekarang: Disetujui.")).to_be_visible()

    # 9. The regency officer issues the Nomor Induk from the home page.
    _as(page, officer)
    page.get_by_role("link", name="KIM Kramat Jaya").first.click()
    page.get_by_role("button", name="Terbitkan Nomor Induk").click()
    # Irreversible: a confirmation step first (a plain form; no script needed).
    expect(page.get_by_text("tidak dapat diubah, ditarik atau dipakai ulang")).to_be_visible()
    page.get_by_role("button", name="Ya, terbitkan Nomor Induk").click()
    expect(page.get_by_text("Nomor Induk KIM-")).to_be_visible()
    kim.refresh_from_db()
    assert kim.status == KimStatus.REGISTERED
    expect(page.get_by_text(f"Nomor Induk {kim.nomor_induk} diterbitkan.")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shot(page, "journey-6-registered")
