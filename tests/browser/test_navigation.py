"""The navbar, the user menu and messages work by mouse, touch and keyboard.

static/js/portal.min.js replaces Bootstrap's bundle: these journeys hold it to Bootstrap's
behaviour (aria-expanded, Escape, arrow keys, click outside), and the built stylesheet to
styled form errors.
"""

import re

import pytest
from playwright.sync_api import expect

from kimportal.roles import Role
from tests.browser.conftest import login, shot
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_phone_menu_and_user_menu_by_touch_and_keyboard(page):
    manager = UserFactory(role=Role.MANAGER, regency_id="36.04")
    login(page, manager.username, PASSWORD)
    page.wait_for_url("**/beranda/")
    toggler = page.get_by_role("button", name="Menu")
    menu_link = page.locator("#nav").get_by_role("link", name="KIM", exact=True)
    expect(toggler).to_have_attribute("aria-expanded", "false")
    expect(menu_link).to_be_hidden()

    toggler.click()
    expect(toggler).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#nav")).to_have_class(re.compile(r"\bcollapse show\b"))
    expect(menu_link).to_be_visible()

    user = page.get_by_role("button", name=manager.get_full_name())
    account = page.get_by_role("link", name="Akun saya")
    user.focus()
    page.keyboard.press("Enter")
    expect(user).to_have_attribute("aria-expanded", "true")
    expect(account).to_be_visible()
    page.keyboard.press("ArrowDown")
    expect(account).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(page.locator(".dropdown-menu").get_by_role("link", name="Cek surat")).to_be_focused()
    page.keyboard.press("Escape")
    expect(account).to_be_hidden()
    expect(user).to_have_attribute("aria-expanded", "false")
    expect(user).to_be_focused()

    # ArrowUp on the closed toggle opens the menu at its last item; Tab out closes it.
    page.keyboard.press("ArrowUp")
    expect(page.get_by_role("button", name="Keluar")).to_be_focused()
    page.keyboard.press("Tab")
    expect(account).to_be_hidden()
    expect(user).to_have_attribute("aria-expanded", "false")

    # A tap outside closes it too; a tap on the toggler folds the menu away.
    user.click()
    expect(account).to_be_visible()
    page.get_by_role("heading", level=1).click()
    expect(account).to_be_hidden()
    toggler.click()
    expect(toggler).to_have_attribute("aria-expanded", "false")
    expect(menu_link).to_be_hidden()


def test_form_errors_are_styled_and_a_message_can_be_dismissed(page):
    manager = UserFactory(role=Role.MANAGER, regency_id="36.04")
    login(page, manager.username, PASSWORD)
    page.wait_for_url("**/beranda/")
    page.goto(page.base_url + "/akun/")
    email = page.get_by_label("Alamat email")
    email.fill("bukan-email")
    page.get_by_role("button", name="Simpan").click()
    error = page.locator(".invalid-feedback").first
    expect(error).to_be_visible()
    assert error.evaluate("e => getComputedStyle(e).color") == "rgb(220, 53, 69)"
    assert "is-invalid" in email.get_attribute("class")
    shot(page, "profile-error-360")

    email.fill("pengelola@example.org")
    page.get_by_role("button", name="Simpan").click()
    message = page.get_by_role("alert").filter(has_text="Profil disimpan.")
    expect(message).to_be_visible()
    message.get_by_role("button", name="Tutup").click()
    expect(message).to_have_count(0)
