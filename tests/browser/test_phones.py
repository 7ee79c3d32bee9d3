"""Every page a demo role can reach fits a 360 × 640 phone.

The demo (`seed_demo`, as `make run` seeds it) is walked once per role: from the home
page, every same-site link of the menus and of the pages found, one page per URL shape
(/kim/12/ and /kim/13/ are one shape), a few levels deep. Each page must not scroll
sideways, its buttons must be big enough for a thumb (44 px, WCAG 2.5.5), and its file
inputs must say what they take, so the phone's picker offers the camera for scans.
"""

import io
import re
from collections import deque
from urllib.parse import urldefrag, urlsplit

import pytest
from django.core.management import call_command
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from kimportal.core.accounts.roles import Role
from tests.browser.conftest import login, shot
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "Demo-KIM-2025"
PHONE = {"width": 360, "height": 640}
MAX_PAGES = 90  # per role; the demo's shapes are fewer, this only stops a runaway walk
MAX_DEPTH = 4
# A KIM's page differs with its state (draft, submitted, registered: tabs and buttons), so
# a few KIM are opened; every other shape once.
SAMPLES = {"/kim/N/": 4}
# Not pages: files, PDFs, calendars, exports, data for scripts, Django's own admin.
NOT_PAGES = re.compile(
    r"/admin/|/berkas/|/unduh|\.pdf|\.ics|\.js$|/templat/|/ekspor/|/naskah/|/foto/"
    r"|/presensi/\d+/data/|/wilayah/|format=|inline=|/keluar/"
)
# The journey pages each role must have reached (URL shapes), so a broken menu or link
# cannot make this test pass by visiting less.
JOURNEYS = {
    "admin": {"/beranda/", "/kim/", "/kim/N/", "/akun/pengguna/", "/audit/", "/kemitraan/"},
    "provinsi.banten": {
        "/beranda/",
        "/kim/peninjauan/",
        "/kim/N/",
        "/kim/N/pengurus/",
        "/kim/N/dokumen/",
        "/kemitraan/",
        "/kemitraan/N/",
        "/kegiatan/",
        "/kegiatan/N/",
        "/audit/",
        "/akun/pengguna/",
    },
    "petugas.kabserang": {
        "/beranda/",
        "/kim/",
        "/kim/N/",
        "/kim/N/pengurus/",
        "/kim/N/dokumen/",
        "/kim/N/surat/",
        "/kim/surat/massal/",
        "/kemitraan/",
        "/kemitraan/N/",
        "/kemitraan/kim/N/",
        "/kegiatan/",
        "/kegiatan/N/",
        "/kegiatan/N/peserta/",
        "/kegiatan/presensi/N/",
        "/audit/",
    },
    "pengelola.serang": {
        "/beranda/",
        "/kim/",
        "/kim/N/",
        "/kim/N/pengurus/",
        "/kim/N/dokumen/",
        "/kemitraan/",
        "/kegiatan/",
        "/kegiatan/N/",
    },
}

MEASURE = """
() => {
  const width = window.innerWidth;
  const describe = (el) => el.tagName.toLowerCase()
    + (el.id ? "#" + el.id : "")
    + [...el.classList].slice(0, 3).map((c) => "." + c).join("")
    + " " + JSON.stringify((el.innerText || el.value || "").trim().slice(0, 40));
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== "hidden";
  };
  const out = (el) => el.getBoundingClientRect().right > width + 1;
  // What makes the page scroll sideways: the deepest elements sticking out on the right,
  // and elements whose text runs out of their box (an unbroken hash or e-mail address).
  const wide = [...document.body.querySelectorAll("*")]
    .filter((el) => visible(el) && (out(el) && ![...el.children].some(out)
      || el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === "visible"
         && el.clientWidth > 0 && !["TABLE", "TBODY", "THEAD", "TR"].includes(el.tagName)))
    .slice(0, 4)
    .map((el) => describe(el) + " right=" + Math.round(el.getBoundingClientRect().right));
  // Lists on a phone show every column without scrolling inside a box (cards), and no
  // form control is cut by the screen's edge or cuts its own chosen text.
  const cut = [...document.querySelectorAll("td, th, input, select, textarea, .btn")]
    .filter((el) => visible(el) && out(el))
    .slice(0, 4)
    .map((el) => "cut off at the right: " + describe(el));
  const canvas = document.createElement("canvas").getContext("2d");
  const clipped = [...document.querySelectorAll("select")]
    .filter(visible)
    .filter((el) => {
      const s = getComputedStyle(el);
      canvas.font = s.font;
      const text = el.selectedOptions[0] ? el.selectedOptions[0].text : "";
      const room = el.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
      return canvas.measureText(text).width > room + 1;
    })
    .map((el) => "select shows its choice cut: " + describe(el));
  const small = [...document.querySelectorAll(
      ".btn, button[type=submit], input[type=submit], button:not([type])")]
    .filter(visible)
    .filter((el) => !el.closest(".dropdown-menu, .btn-close"))
    .filter((el) => el.getBoundingClientRect().height < 44)
    .map((el) => describe(el) + " " + Math.round(el.getBoundingClientRect().height) + "px");
  const files = [...document.querySelectorAll("input[type=file]")]
    .filter((el) => !(el.getAttribute("accept") || "").trim())
    .map((el) => "input[name=" + el.name + "] without accept");
  // A box that scrolls sideways can be reached and scrolled by keyboard (WCAG 2.1.1).
  const regions = [...document.querySelectorAll("main *")]
    .filter((el) => visible(el) && ["auto", "scroll"].includes(getComputedStyle(el).overflowX)
      && el.scrollWidth > el.clientWidth + 1)
    .filter((el) => el.tabIndex < 0 || el.getAttribute("role") !== "region"
      || !el.getAttribute("aria-label"))
    .map((el) => "scrolls sideways but cannot be focused or is unnamed: " + describe(el));
  return {
    regions,
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: width,
    wide, small, files, cut, clipped,
    links: [...document.querySelectorAll("a[href]")].map((a) => a.href),
  };
}
"""


def _shape(path):
    return re.sub(r"/\d+(?=/|$)", "/N", path)


@pytest.fixture
def demo(banten_areas):
    call_command("seed_demo", stdout=io.StringIO())


def _walk(browser, base_url, username):
    """Visit every page shape reachable from the role's home; return (shapes, problems)."""
    context = browser.new_context(viewport=PHONE, locale="id-ID", accept_downloads=False)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base_url = base_url
    login(page, username, DEMO_PASSWORD)
    page.wait_for_url("**/beranda/")
    origin = urlsplit(base_url).netloc
    queue = deque([(base_url + "/beranda/", 0)])
    seen, visited, problems = {}, set(), []
    while queue and len(visited) < MAX_PAGES:
        url, depth = queue.popleft()
        path = urlsplit(url).path
        shape = _shape(path)
        if path in visited or seen.get(shape, 0) >= SAMPLES.get(shape, 1):
            continue
        seen[shape] = seen.get(shape, 0) + 1
        visited.add(path)
        try:
            response = page.goto(url)
        except PlaywrightError:  # a download, not a page
            continue
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            continue
        if response.status >= 400:
            problems.append(f"{path}: HTTP {response.status}")
            continue
        found = page.evaluate(MEASURE)
        if found["scrollWidth"] > found["innerWidth"]:
            problems.append(
                f"{path}: {found['scrollWidth']} px wide on a {found['innerWidth']} px "
                f"phone: {found['wide']}"
            )
            shot(page, f"phone-overflow-{username}-{_shape(path).strip('/').replace('/', '-')}")
        if shape in JOURNEYS[username] and seen[shape] == 1:  # for people to look at
            shot(page, f"phone-{username}-{shape.strip('/').replace('/', '-') or 'home'}")
        problems += [f"{path}: button under 44 px: {b}" for b in found["small"]]
        problems += [
            f"{path}: {f}"
            for f in found["files"] + found["cut"] + found["clipped"] + found["regions"]
        ]
        if depth >= MAX_DEPTH:
            continue
        for link in found["links"]:
            link = urldefrag(link)[0]
            parts = urlsplit(link)
            if parts.netloc != origin or NOT_PAGES.search(link):
                continue
            queue.append((link, depth + 1))
    context.close()
    return set(seen), problems


@pytest.mark.parametrize("username", list(JOURNEYS))
def test_every_page_of_each_role_fits_a_phone(browser, live_server, demo, username):
    seen, problems = _walk(browser, live_server.url, username)
    missing = JOURNEYS[username] - seen
    if missing:
        problems.append(f"never reached {sorted(missing)} (walked {sorted(seen)})")
    assert not problems, f"{username}, {len(seen)} page shapes:\n" + "\n".join(problems)


def test_a_long_e_mail_and_name_wrap_on_a_phone(page, province_staff):
    """A user page with a long address was 374 px wide on a 360 px phone."""
    long = UserFactory(
        role=Role.MANAGER,
        regency_id="36.04",
        first_name="Nurhasanah",
        last_name="Kusumawardhani-Prawiranegara",
        email="pengelola.kim.kramatwatu.sejahtera.bersama@desakramatwatu.example.org",
    )
    login(page, province_staff.username, PASSWORD)
    page.wait_for_url("**/beranda/")
    for path in (f"/akun/pengguna/{long.pk}/", f"/akun/pengguna/?q={long.last_name}"):
        page.goto(page.base_url + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, path
    shot(page, "phone-user-list-long-name")
    page.goto(page.base_url + f"/akun/pengguna/{long.pk}/")
    expect(page.get_by_text(long.email)).to_be_visible()
    shot(page, "phone-user-long-e-mail")
