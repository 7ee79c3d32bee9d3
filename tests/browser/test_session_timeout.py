"""The session warning keeps what an officer typed: "Tetap masuk" pings the server."""

import pytest
from playwright.sync_api import expect

from kimportal.core.accounts.roles import Role
from tests.browser.conftest import login, shot
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_keep_signed_in_from_the_warning_keeps_the_typed_form(page, settings):
    settings.SESSION_IDLE_MINUTES = 1
    settings.SESSION_WARNING_SECONDS = 57  # the warning shows 3 s after the page
    officer = UserFactory(role=Role.REGENCY, regency_id="36.73")
    login(page, officer.username, PASSWORD)
    page.wait_for_url("**/beranda/")
    page.goto(page.base_url + "/akun/")
    page.get_by_label("Nama depan").fill("Teks yang sedang diketik")

    warning = page.locator("#session-warning")
    expect(warning).to_be_visible(timeout=8_000)
    expect(warning).to_contain_text("Sesi Anda akan segera berakhir")
    shot(page, "session-warning")
    with page.expect_response("**/akun/sesi/") as answer:
        warning.get_by_role("button", name="Tetap masuk").click()
    assert answer.value.status == 200

    expect(warning).to_be_hidden()
    assert page.get_by_label("Nama depan").input_value() == "Teks yang sedang diketik"
    assert page.url.endswith("/akun/")
