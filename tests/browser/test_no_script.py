"""Pages work with JavaScript off (an old phone, a data saver, a failed script load):
signing in, a list with its filter, a form sent and refused and sent again, the letter
check. A refused form keeps what was typed."""

import pytest
from playwright.sync_api import expect

from kimportal.core.accounts.roles import Role
from registry.models import Member
from tests.browser.conftest import shot
from tests.dates import as_form, current_term
from tests.factories import PASSWORD, KimFactory, UserFactory
from tests.registry.letter_helpers import registered_kim, stored_letter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def no_script(browser, live_server, banten_areas):
    context = browser.new_context(
        viewport={"width": 360, "height": 640}, locale="id-ID", java_script_enabled=False
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.base_url = live_server.url
    yield page
    context.close()


def test_sign_in_list_form_and_letter_check_without_javascript(no_script):
    page = no_script
    manager = UserFactory(role=Role.MANAGER, regency_id="36.04")
    kim = KimFactory(name="KIM Tanpa Skrip", managers=[manager])  # a draft: its board changes
    letter = stored_letter(registered_kim("KIM Bersurat"))

    page.goto(page.base_url + "/akun/masuk/")
    page.get_by_label("Nama pengguna").fill(manager.username)
    page.get_by_label("Sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url("**/beranda/")
    # The menu cannot fold without a script: it stays open, its links and the user's
    # own menu (log out) within reach.
    expect(page.locator("#nav").get_by_role("link", name="KIM", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Keluar")).to_be_visible()
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    shot(page, "no-script-home")

    # A list and its filter (a GET form).
    page.goto(page.base_url + "/kim/")
    page.get_by_label("Cari").fill("Tanpa Skrip")
    page.get_by_role("button", name="Terapkan").click()
    expect(page.get_by_role("link", name="KIM Tanpa Skrip")).to_be_visible()

    # A form refused keeps what was typed; corrected, it is saved.
    page.goto(f"{page.base_url}/kim/{kim.pk}/pengurus/tambah/")
    term = as_form(current_term())
    page.get_by_label("Awal masa bakti").fill(term["term_start"])
    page.get_by_label("Akhir masa bakti").fill(term["term_end"])
    page.get_by_label("Nama lengkap").fill("Siti Aminah Tanpa Skrip")
    page.get_by_label("Perempuan").check()
    for field in ("not_civil_servant", "no_criminal_record", "no_political_party", "no_ngo"):
        page.locator(f'input[name="{field}"]').first.check()
    page.get_by_label("NIK").fill("12345")
    page.get_by_label("Telepon").fill("081234567890")
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    expect(page.get_by_label("Nama lengkap")).to_have_value("Siti Aminah Tanpa Skrip")
    expect(page.get_by_label("Telepon")).to_have_value("081234567890")
    expect(page.get_by_label("Perempuan")).to_be_checked()
    shot(page, "no-script-refused-form")
    page.get_by_label("NIK").fill("3604055203900007")  # a woman: day + 40
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_url(f"**/kim/{kim.pk}/pengurus/")
    assert Member.objects.filter(full_name="Siti Aminah Tanpa Skrip").count() == 1

    # The public letter check with the printed code.
    page.context.clear_cookies()
    page.goto(page.base_url + "/verifikasi/")
    page.get_by_role("textbox", name="Kode verifikasi").fill(letter.token)
    page.get_by_role("button", name="Periksa kode").click()
    expect(page.get_by_text("Surat ini SAH dan BERLAKU")).to_be_visible()
    shot(page, "no-script-letter-check")
