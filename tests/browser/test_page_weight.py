"""Light pages for a cheap phone on a slow village connection.

Each main page is loaded by a fresh browser (empty cache) from a server that serves the
static files exactly as production does: collected by `collectstatic` with the production
storage into a temporary STATIC_ROOT and served by WhiteNoise (hashed names, far-future
cache, gzip/brotli). Every first load must transfer under 100 KB, a repeat load (cache
warm) under 15 KB, and nothing may come from another origin.
"""

import http.client
import importlib
import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.test.testcases import LiveServerThread
from django.test.utils import modify_settings, override_settings

from kimportal.core.accounts.roles import Role
from tests.browser.conftest import ARTIFACTS
from tests.factories import KimFactory, UserFactory
from tests.registry.letter_helpers import registered_kim

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIRST_LOAD_BUDGET = 100 * 1024
REPEAT_LOAD_BUDGET = 15 * 1024


@pytest.fixture(scope="module")
def production_static(tmp_path_factory):
    """Static files as `collectstatic` builds them with the production settings."""
    production = importlib.import_module("kimportal.settings")
    root = tmp_path_factory.mktemp("staticfiles")
    with override_settings(
        STATIC_ROOT=root,
        STORAGES=production.STORAGES,
        WHITENOISE_USE_FINDERS=False,
        WHITENOISE_AUTOREFRESH=False,
    ):
        # Django admin's files (a hundred, slow to brotli) are not on these pages.
        call_command("collectstatic", interactive=False, verbosity=0, ignore_patterns=["admin"])
        yield root


@pytest.fixture(scope="module")
def production_server(production_static, django_db_setup):
    """A live server whose static files go through WhiteNoise, not Django's dev handler."""
    thread = LiveServerThread("127.0.0.1", static_handler=lambda handler: handler)
    thread.daemon = True
    with modify_settings(ALLOWED_HOSTS={"append": "127.0.0.1"}):
        thread.start()
        thread.is_ready.wait()
        if thread.error:
            raise thread.error
        yield f"http://127.0.0.1:{thread.port}"
        thread.terminate()


def _session_cookie(user, origin):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    return {"name": cookie.key, "value": cookie.value, "url": origin}


def _load(page, cdp, url):
    """Navigate; return (body bytes received over the network, network requests, URLs).

    Chromium's own accounting (DevTools protocol): loadingFinished.encodedDataLength is
    everything received for a request (headers + compressed body); the response's
    encodedDataLength when it arrived is its headers. Cache hits receive nothing.
    """
    requests = {}

    def sent(event):
        requests.setdefault(event["requestId"], {})["url"] = event["request"]["url"]

    def received(event):
        requests.setdefault(event["requestId"], {})["headers"] = event["response"][
            "encodedDataLength"
        ]

    def finished(event):
        requests.setdefault(event["requestId"], {})["total"] = event["encodedDataLength"]

    handlers = {
        "Network.requestWillBeSent": sent,
        "Network.responseReceived": received,
        "Network.loadingFinished": finished,
    }
    for name, handler in handlers.items():
        cdp.on(name, handler)
    response = page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    for name, handler in handlers.items():
        cdp.remove_listener(name, handler)
    assert response.ok, f"{url}: HTTP {response.status}"
    body, count = 0, 0
    for request in requests.values():
        total = request.get("total", 0)
        if total > 0:
            body += max(total - request.get("headers", 0), 0)
            count += 1
    return body, count, [r["url"] for r in requests.values() if "url" in r]


def _measure(browser, origin, path, user=None):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="id-ID")
    if user is not None:
        context.add_cookies([_session_cookie(user, origin)])
    page = context.new_page()
    page.set_default_timeout(10_000)
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    try:
        first, first_count, first_urls = _load(page, cdp, origin + path)
        repeat, repeat_count, repeat_urls = _load(page, cdp, origin + path)
    finally:
        context.close()
    # data: URIs and the browser's own PDF viewer (the inline scans) are not the network.
    foreign = [
        url
        for url in first_urls + repeat_urls
        if urlsplit(url).scheme in ("http", "https", "ws", "wss")
        and urlsplit(url)[:2] != urlsplit(origin)[:2]
    ]
    return {
        "first": first,
        "first_count": first_count,
        "repeat": repeat,
        "repeat_count": repeat_count,
        "foreign": foreign,
    }


def test_main_pages_are_light_on_first_and_repeat_load(
    browser, production_server, banten_areas, capsys
):
    manager = UserFactory(role=Role.MANAGER, regency_id="36.04")
    staff = UserFactory(role=Role.PROVINCE, province_id="36")
    own = registered_kim("KIM Kramat Sejahtera", managers=[manager])
    KimFactory(name="KIM Draf Kedua", managers=[manager])
    for n in range(3):
        registered_kim(f"KIM Tetangga {n}", seq=n + 2)

    pages = [
        ("home", "/", None),
        ("login", "/akun/masuk/", None),
        ("directory", "/direktori/", None),
        ("verification", "/verifikasi/", None),
        ("manager dashboard", "/beranda/", manager),
        ("manager KIM list", "/kim/", manager),
        ("manager KIM detail", f"/kim/{own.pk}/", manager),
        ("province dashboard", "/beranda/", staff),
        ("province KIM list", "/kim/", staff),
        ("province KIM detail", f"/kim/{own.pk}/", staff),
    ]
    results = {name: _measure(browser, production_server, path, user) for name, path, user in pages}

    lines = [
        f"{'page':<22} {'first KB':>9} {'repeat KB':>10} {'requests':>9}",
        *(
            f"{name:<22} {r['first'] / 1024:>9.1f} {r['repeat'] / 1024:>10.1f} "
            f"{r['first_count']:>4} / {r['repeat_count']}"
            for name, r in results.items()
        ),
    ]
    table = "\n".join(lines)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "page-weight.txt").write_text(table + "\n")
    with capsys.disabled():
        print("\n" + table)

    for name, r in results.items():
        assert not r["foreign"], f"{name}: requests to another origin: {r['foreign']}"
        assert r["first"] < FIRST_LOAD_BUDGET, f"{name}: first load {r['first']} B"
        assert r["repeat"] < REPEAT_LOAD_BUDGET, f"{name}: repeat load {r['repeat']} B"


def _get(url, **headers):
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.netloc, timeout=10)
    try:
        connection.request("GET", parts.path, headers=headers)
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def test_static_files_are_served_hashed_compressed_and_cached_for_a_year(production_server):
    _status, _headers, html = _get(production_server + "/")
    assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', html.decode())
    assert {a.rsplit("/", 1)[-1].split(".")[0] for a in assets} >= {"portal", "favicon"}
    for asset in assets:
        # a content hash in the name: portal.min.0123456789ab.css
        assert re.search(r"\.[0-9a-f]{12}\.\w+$", asset), asset
        status, headers, _body = _get(production_server + asset, **{"Accept-Encoding": "br, gzip"})
        assert status == 200
        assert "immutable" in headers["Cache-Control"], asset
        assert int(re.search(r"max-age=(\d+)", headers["Cache-Control"])[1]) >= 365 * 24 * 3600
        if asset.endswith((".css", ".js")):
            assert headers.get("Content-Encoding") == "br", asset
    status, headers, _body = _get(production_server + "/favicon.ico")
    assert status == 200
    assert headers["Content-Type"] in ("image/x-icon", "image/vnd.microsoft.icon")


def test_screens_for_people_to_compare(browser, production_server, banten_areas):
    """Home and a dashboard at desktop and phone width, menus open, as production styles them."""
    manager = UserFactory(role=Role.MANAGER, regency_id="36.04", first_name="Siti")
    registered_kim("KIM Kramat Sejahtera", managers=[manager])
    ARTIFACTS.mkdir(exist_ok=True)
    for width, height in ((1280, 800), (360, 740)):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="id-ID")
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.goto(production_server + "/")
        page.screenshot(path=ARTIFACTS / f"weight-home-{width}.png", full_page=True)
        context.add_cookies([_session_cookie(manager, production_server)])
        page.goto(production_server + "/beranda/")
        page.screenshot(path=ARTIFACTS / f"weight-dashboard-{width}.png", full_page=True)
        if width < 992:
            page.get_by_role("button", name="Menu").click()
        page.get_by_role("button", name=manager.get_full_name()).click()
        page.wait_for_timeout(400)
        page.screenshot(path=ARTIFACTS / f"weight-dashboard-menu-{width}.png", full_page=True)
        context.close()
