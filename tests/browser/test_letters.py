"""An officer issues letters in bulk on a phone, then anyone checks one by its QR link."""

import pytest
from playwright.sync_api import expect

from kimportal.core.accounts.roles import Role
from registry.models import Letter
from tests.browser.conftest import login, shot
from tests.factories import PASSWORD, UserFactory
from tests.registry.letter_helpers import configure_office, registered_kim

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_issues_bulk_letters_with_progress_then_the_public_checks_one(page):
    officer = UserFactory(role=Role.REGENCY, regency_id="36.04")
    configure_office()
    for name in ("KIM Cahaya Kramat", "KIM Pelita Desa"):
        registered_kim(name)
    login(page, officer.username, PASSWORD)
    page.wait_for_url("**/beranda/")

    page.goto(f"{page.base_url}/kim/surat/massal/")
    page.get_by_role("button", name="Terbitkan 2 surat").click()
    # The run is a job (eager here: no broker): its page shows the result and the ZIP.
    page.wait_for_url("**/tugas/*/")
    page.get_by_role("link", name="Unduh surat-keterangan-").wait_for()
    expect(page.get_by_text("2 surat diterbitkan, 0 tidak dapat diproses.")).to_be_visible()
    shot(page, "letters-bulk-done")
    assert Letter.objects.count() == 2

    letter = Letter.objects.get(kim_name="KIM Cahaya Kramat")
    page.goto(f"{page.base_url}/kim/{letter.kim_id}/surat/")
    shot(page, "letters-kim-page")
    page.goto(f"{page.base_url}/kim/pengaturan/36.04/")
    shot(page, "letters-settings")

    page.goto(f"{page.base_url}/v/{letter.token}/")
    expect(page.get_by_text("Surat ini SAH dan BERLAKU")).to_be_visible()
    shot(page, "letters-verify-valid")
