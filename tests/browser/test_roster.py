"""A manager imports a roster on a phone: errors listed first, then the clean file."""

import pytest
from playwright.sync_api import expect

from kimportal.core.accounts.roles import Role
from registry.models import Roster
from registry.nik import mask_nik
from tests.browser.conftest import login, shot
from tests.dates import as_form, current_term
from tests.factories import PASSWORD, KimFactory, UserFactory
from tests.registry.roster_files import board_rows, csv_bytes, row, xlsx_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_manager_fixes_the_file_then_imports_the_roster(page, tmp_path):
    manager = UserFactory(role=Role.MANAGER, regency_id="36.04")
    kim = KimFactory(managers=[manager])
    rows = board_rows(3)
    (tmp_path / "salah.csv").write_bytes(csv_bytes([*rows, row(9, "Penasihat"), rows[0]]))
    (tmp_path / "pengurus.xlsx").write_bytes(xlsx_bytes(rows))
    login(page, manager.username, PASSWORD)
    page.wait_for_url("**/beranda/")
    page.goto(f"{page.base_url}/kim/{kim.pk}/pengurus/")
    page.get_by_role("link", name="Impor dari berkas").click()

    term = as_form(current_term())  # the board must be current whenever the suite runs
    page.get_by_label("Awal masa bakti").fill(term["term_start"])
    page.get_by_label("Akhir masa bakti").fill(term["term_end"])
    page.get_by_label("Berkas susunan pengurus").set_input_files(tmp_path / "salah.csv")
    page.get_by_role("button", name="Impor").click()
    # Penasihat, the copied NIK, and each of the two Ketua rows (every row involved named).
    expect(page.get_by_text("Tidak ada yang disimpan: berkas berisi 4 kesalahan.")).to_be_visible()
    shot(page, "roster-import-errors")
    assert not Roster.objects.exists()

    page.get_by_label("Berkas susunan pengurus").set_input_files(tmp_path / "pengurus.xlsx")
    page.get_by_role("button", name="Impor").click()
    page.wait_for_url(f"**/kim/{kim.pk}/pengurus/")
    expect(page.get_by_text("Susunan pengurus disimpan: 6 pengurus.")).to_be_visible()
    expect(page.get_by_text(mask_nik(rows[0][0]))).to_be_visible()
    shot(page, "roster-current")
