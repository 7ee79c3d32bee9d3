"""The main journey with the keyboard alone, and a visible focus on everything reachable.

Only Tab, Shift+Tab, Enter, Space and typing: a KIM manager logs in, opens a KIM, fills its
profile form wrongly, is taken to the error, corrects it and saves (WCAG 2.1.1, 3.3.1).
Each element Tab reaches on the home page and on forms shows an outline or a ring
(WCAG 2.4.7).
"""

import pytest
from playwright.sync_api import expect

from kimportal.core.accounts.roles import Role
from registry.models import Kim
from tests.browser.conftest import shot
from tests.factories import PASSWORD, KimFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# What the focused element is (for messages) and whether its focus can be seen: an
# outline that is drawn, or a box-shadow ring (Bootstrap's buttons and fields).
FOCUSED = """
() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  const ring = style.boxShadow !== "none";
  const name = (el.getAttribute("aria-label") || el.textContent || el.name || el.id || "")
    .trim().replace(/\\s+/g, " ").slice(0, 40);
  return {tag: el.tagName.toLowerCase(), name: name, visible: outline || ring,
          style: style.boxShadow + " / " + style.outlineStyle + " " + style.outlineWidth,
          onScreen: el.getBoundingClientRect().width > 0};
}
"""


def _tab_to(page, locator, limit=60):
    """Press Tab until `locator` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if locator.evaluate("el => el === document.activeElement"):
            return
    pytest.fail(f"Tab never reached {locator}")


def _tab_through(page, limit=80):
    """Tab from the top to the end of the page; [(element, focus visible)] on the way."""
    page.locator("body").focus()
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None or (seen and focused == seen[0]):
            break
        seen.append(focused)
    return seen


def test_manager_logs_in_opens_a_kim_and_corrects_its_profile_by_keyboard(page):
    manager = UserFactory(role=Role.MANAGER, regency_id="36.04")
    kim = KimFactory(name="KIM Kramat Sejahtera", managers=[manager])

    page.goto(page.base_url + "/akun/masuk/")
    _tab_to(page, page.get_by_label("Nama pengguna"))
    page.keyboard.type(manager.username)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Sandi")).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/beranda/")

    _tab_to(page, page.get_by_role("link", name="KIM Kramat Sejahtera"))
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/kim/{kim.pk}/")
    _tab_to(page, page.get_by_role("link", name="Ubah profil"))
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/kim/{kim.pk}/ubah/")

    email = page.get_by_label("Email")
    _tab_to(page, email)
    page.keyboard.type("bukan-email")
    _tab_to(page, page.get_by_role("button", name="Simpan"))
    page.keyboard.press("Space")

    # Refused: the summary is announced and focused; its link leads into the field,
    # which says it is invalid and which message describes it.
    summary = page.get_by_role("alert").filter(has_text="Periksa isian berikut")
    expect(summary).to_be_focused()
    expect(email).to_have_attribute("aria-invalid", "true")
    described_by = email.get_attribute("aria-describedby").split()
    error_text = " ".join(page.locator(f"#{i}").inner_text() for i in described_by)
    assert "alamat email yang valid" in error_text
    shot(page, "keyboard-error-summary")
    page.keyboard.press("Tab")
    expect(summary.get_by_role("link", name="Email")).to_be_focused()
    page.keyboard.press("Enter")
    expect(email).to_be_focused()

    page.keyboard.press("Control+A")
    page.keyboard.type("kim.kramat@example.org")
    page.keyboard.press("Enter")  # a text field's Enter submits its form
    page.wait_for_url(f"**/kim/{kim.pk}/")
    kim.refresh_from_db()
    assert kim.email == "kim.kramat@example.org"
    assert Kim.objects.count() == 1


@pytest.mark.parametrize("width", [1280, 360])
def test_every_element_tab_reaches_shows_its_focus(page, width):
    page.set_viewport_size({"width": width, "height": 800})
    pages = {"home": "/", "login form": "/akun/masuk/", "sign-up form": "/akun/daftar/"}
    hidden = {}
    for name, path in pages.items():
        page.goto(page.base_url + path)
        reached = _tab_through(page)
        assert len(reached) >= 4, f"{name}: Tab reached only {reached}"
        hidden[name] = [r for r in reached if not r["visible"] or not r["onScreen"]]

    manager = UserFactory(role=Role.MANAGER, regency_id="36.04")
    kim = KimFactory(managers=[manager])
    page.goto(page.base_url + "/akun/masuk/")
    page.get_by_label("Nama pengguna").fill(manager.username)
    page.get_by_label("Sandi").fill(PASSWORD)
    page.get_by_label("Sandi").press("Enter")
    page.wait_for_url("**/beranda/")
    for name, path in {
        "dashboard": "/beranda/",
        "KIM form": f"/kim/{kim.pk}/ubah/",
        "profile form": "/akun/",
    }.items():
        page.goto(page.base_url + path)
        reached = _tab_through(page, limit=120)
        assert len(reached) >= 4, f"{name}: Tab reached only {reached}"
        hidden[name] = [r for r in reached if not r["visible"] or not r["onScreen"]]
    assert not any(hidden.values()), hidden
