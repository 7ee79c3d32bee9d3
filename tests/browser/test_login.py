import pytest
from playwright.sync_api import expect

from kimportal.core.accounts.roles import Role
from tests.browser.conftest import login, shot
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLES = {
    Role.PROVINCE: ({"province_id": "36"}, "KIM di provinsi menurut status"),
    Role.REGENCY: ({"regency_id": "36.73"}, "KIM menunggu Nomor Induk"),
    Role.MANAGER: ({"regency_id": "36.04"}, "KIM saya"),
    Role.ADMIN: ({"is_superuser": True, "is_staff": True}, "Buka admin Django"),
}


@pytest.mark.parametrize("role", list(ROLES))
def test_each_role_logs_in_and_sees_its_home(page, role):
    fields, panel = ROLES[role]
    user = UserFactory(role=role, **fields)
    login(page, user.username, PASSWORD)
    page.wait_for_url("**/beranda/")
    expect(page.get_by_text(panel).first).to_be_visible()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Selamat datang")
    # the page fits a 360 px phone: nothing forces horizontal scrolling
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shot(page, f"home-{role}")


def test_wrong_password_shows_a_message_in_indonesian(page):
    user = UserFactory(role=Role.MANAGER)
    login(page, user.username, "salah-sandi")
    expect(page.get_by_text("Nama pengguna atau sandi salah.")).to_be_visible()
