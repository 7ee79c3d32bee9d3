"""Provincial staff enrol an authenticator app, then sign in with password and code."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from kimportal.core.accounts.roles import Role
from tests.browser.conftest import login, shot
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _code(device, drift=0):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, drift=drift):06d}"


def test_staff_enrol_then_sign_in_with_a_code(page, settings):
    settings.REQUIRE_2FA_FOR_STAFF = True
    staff = UserFactory(role=Role.PROVINCE, province_id="36")
    login(page, staff.username, PASSWORD)

    # Required: the first page after the password is the enrolment with its QR code.
    page.wait_for_url("**/akun/2fa/**")
    expect(page.get_by_text("wajib memakai verifikasi dua langkah")).to_be_visible()
    expect(page.locator(".two-factor-qr svg")).to_be_visible()
    shot(page, "two-factor-enrol")
    page.goto(page.base_url + "/kim/")  # nothing else opens before enrolling
    page.wait_for_url("**/akun/2fa/**")
    device = TOTPDevice.objects.get(user=staff, confirmed=False)
    assert device.config_url.split("secret=")[1].split("&")[0] in page.content()
    page.get_by_label("Kode").fill(_code(device))
    page.get_by_role("button", name="Aktifkan").click()

    codes = page.locator("[data-recovery-codes] li")
    expect(codes).to_have_count(10)
    shot(page, "two-factor-recovery-codes")
    page.get_by_role("link", name="Saya sudah menyimpannya").click()
    page.wait_for_url("**/kim/")

    # Sign out, sign in again: the password, then the code.
    page.context.clear_cookies()
    login(page, staff.username, PASSWORD)
    page.wait_for_url("**/akun/2fa/verifikasi/**")
    page.get_by_label("Kode").fill(_code(device, drift=1))  # the enrolment used this step
    page.get_by_role("button", name="Lanjut").click()
    page.wait_for_url("**/beranda/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Selamat datang")
