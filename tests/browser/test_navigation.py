"""The navbar, the user menu and messages work by mouse, touch and keyboard, and can be read.

static/js/portal.min.js replaces Bootstrap's bundle: these journeys hold it to Bootstrap's
behaviour (aria-expanded, Escape, arrow keys, click outside), and the built stylesheet to
readable navbar text (WCAG 1.4.3) and a visible keyboard focus ring (WCAG 2.4.7).
"""

import re

import pytest
from playwright.sync_api import expect

from kimportal.core.accounts.roles import Role
from kimportal.core.areas.models import Regency
from tests.browser.conftest import login, shot
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Contrast of each visible navbar text against the navbar, composited as painted.
CONTRASTS = """
() => {
  const rgba = (css) => css.match(/[\\d.]+/g).map(Number).concat([1]).slice(0, 4);
  const lum = ([r, g, b]) => {
    const c = [r, g, b].map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  const nav = document.querySelector("nav.navbar");
  const bg = rgba(getComputedStyle(nav).backgroundColor);
  return [...nav.querySelectorAll(".navbar-brand, .navbar-nav > .nav-item > .nav-link, "
                                  + ".navbar-nav .btn-link")]
    .filter((el) => el.offsetParent !== null)
    .map((el) => {
      const [r, g, b, a] = rgba(getComputedStyle(el).color);
      const fg = [r, g, b].map((v, i) => v * a + bg[i] * (1 - a));
      const [hi, lo] = [lum(fg), lum(bg)].sort((x, y) => y - x);
      return [el.textContent.trim(), (hi + 0.05) / (lo + 0.05)];
    });
}
"""


def _contrasts(page):
    return dict(page.evaluate(CONTRASTS))


def test_navbar_text_is_readable_and_keyboard_focus_is_visible(page):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(page.base_url + "/")
    public = _contrasts(page)
    assert {"Portal KIM", "Direktori KIM", "Cek surat", "Masuk", "English"} <= set(public)

    manager = UserFactory(role=Role.MANAGER, regency_id="36.04")
    login(page, manager.username, PASSWORD)
    page.wait_for_url("**/beranda/")
    signed_in = _contrasts(page)
    # the current page ("Beranda", active) and the others (inactive)
    assert {"Beranda", "KIM", manager.get_full_name()} <= set(signed_in)
    for text, ratio in {**public, **signed_in}.items():
        assert ratio >= 4.5, f"navbar text {text!r}: contrast {ratio:.2f}:1"

    # Tab from the top: the skip link, then the brand, each with a solid white ring.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Lewati ke isi")).to_be_focused()
    page.keyboard.press("Tab")
    ring = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [document.activeElement.textContent, s.outlineStyle, s.outlineColor,"
        " parseFloat(s.outlineWidth)]; }"
    )
    assert ring == ["Portal KIM", "solid", "rgb(255, 255, 255)", 2.0]
    shot(page, "navbar-focus-1280")


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
    expect(page.get_by_role("link", name="Tugas latar")).to_be_focused()
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


def test_keyboard_user_arrows_through_the_village_picker_without_losing_focus(page):
    manager = UserFactory(role=Role.MANAGER, regency_id="36.04")
    login(page, manager.username, PASSWORD)
    page.wait_for_url("**/beranda/")
    page.goto(page.base_url + "/kim/baru/")
    _arrow_through_provinces(page)


def test_keyboard_user_arrows_through_the_directory_area_filter(page):
    page.goto(page.base_url + "/direktori/")
    page.get_by_role("button", name="Filter wilayah, status dan urutan").click()
    _arrow_through_provinces(page)
    expect(page.get_by_label("Kabupaten/kota")).to_be_enabled()


def _arrow_through_provinces(page):
    """Each arrow step is a change that asks for the regencies; focus stays on the list,
    and when the answers arrive out of order only the last question's fills the next list.
    """
    province = page.get_by_label("Provinsi")
    regency = page.get_by_label("Kabupaten/kota")
    held = []

    def hold(route):
        held.append(route)

    page.route("**/wilayah/**", hold)
    province.select_option(label="Banten")
    province.focus()
    page.keyboard.press("ArrowUp")  # the option above Banten
    page.keyboard.press("ArrowDown")  # Banten again
    expect(province).to_have_value("36")
    for _ in range(50):
        if len(held) >= 2:
            break
        page.wait_for_timeout(100)
    page.wait_for_timeout(300)
    for route in reversed(held):  # the oldest question is answered last
        route.continue_()
        page.wait_for_timeout(200)
    page.unroute("**/wilayah/**")
    expected = 1 + Regency.objects.filter(province="36").count()
    expect(regency.locator("option")).to_have_count(expected)
    page.wait_for_load_state("networkidle")
    expect(regency.locator("option")).to_have_count(expected)
    expect(province).to_be_focused()
    page.keyboard.press("Tab")
    expect(regency).to_be_focused()
