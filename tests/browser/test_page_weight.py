"""Light pages for a cheap phone on a slow village connection.

Each main page of every role's journeys (tests/browser/journeys.py, on the demo data) is
loaded by a fresh browser (empty cache) from a server that serves the static files exactly
as production does: collected by `collectstatic` with the production storage into a
temporary STATIC_ROOT and served by WhiteNoise (hashed names, far-future cache,
gzip/brotli), pages gzipped by PageGZipMiddleware. Every first load must transfer under
100 KB, a repeat load (cache warm) under 15 KB, and nothing may come from another origin.
"""

import http.client
import importlib
import json
import re
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.test.testcases import LiveServerThread
from django.test.utils import modify_settings, override_settings

from tests.browser import journeys
from tests.browser.conftest import ARTIFACTS

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


# Files people uploaded (scans of the SK and roster, activity photos), shown on the pages
# that review them: their size is whatever was uploaded (up to UPLOAD_MAX_BYTES) and they
# are never cached (personal data), so they are counted apart from the page's own weight.
UPLOADS = re.compile(r"/(?:dokumen/\d+/berkas|laporan/\d+/foto/\d+|kemitraan/\d+/berkas/\d+)/")


def _load(page, cdp, url):
    """Navigate; return (page bytes received over the network, bytes of uploaded files
    shown in it, network requests, URLs).

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
    assert urlsplit(page.url).path == urlsplit(url).path, f"{url}: redirected to {page.url}"
    body, uploads, count = 0, 0, 0
    for request in requests.values():
        received = max(request.get("total", 0) - request.get("headers", 0), 0)
        if UPLOADS.search(request.get("url", "")):
            uploads += received
        elif received > 0:
            body += received
            count += 1
    return body, uploads, count, [r["url"] for r in requests.values() if "url" in r]


def _measure(browser, origin, path, user=None):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="id-ID")
    if user is not None:
        context.add_cookies([journeys.session_cookie(user, origin)])
    page = context.new_page()
    page.set_default_timeout(10_000)
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    try:
        first, uploads, first_count, first_urls = _load(page, cdp, origin + path)
        repeat, _uploads, repeat_count, repeat_urls = _load(page, cdp, origin + path)
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
        "uploads": uploads,
        "foreign": foreign,
    }


def _table(results):
    lines = [
        f"{'page':<32} {'first KB':>9} {'repeat KB':>10} {'requests':>9} {'uploads KB':>11}",
        *(
            f"{label:<32} {r['first'] / 1024:>9.1f} {r['repeat'] / 1024:>10.1f} "
            f"{r['first_count']:>4} / {r['repeat_count']:<2} {r['uploads'] / 1024:>9.1f}"
            for label, r in results.items()
        ),
    ]
    return "\n".join(lines)


def test_every_journey_page_is_light_on_first_and_repeat_load(
    browser, production_server, banten_areas, capsys
):
    users = journeys.seed()
    results = {
        page.label: _measure(browser, production_server, page.path, users[page.role])
        for page in journeys.pages()
    }

    table = _table(results)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "page-weight.txt").write_text(table + "\n")
    (ARTIFACTS / "page-weight.json").write_text(json.dumps(results, indent=1))
    with capsys.disabled():
        print("\n" + table)

    for label, r in results.items():
        assert not r["foreign"], f"{label}: requests to another origin: {r['foreign']}"
    over = {
        label: (r["first"], r["repeat"])
        for label, r in results.items()
        if r["first"] >= FIRST_LOAD_BUDGET or r["repeat"] >= REPEAT_LOAD_BUDGET
    }
    assert not over, f"over budget (first, repeat bytes): {over}"


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
    """Each role's home at desktop and phone width, as production styles them; the
    manager's menus open too."""
    users = journeys.seed()
    screens = ARTIFACTS / "screens"
    screens.mkdir(parents=True, exist_ok=True)
    for width, height in ((1280, 800), (360, 740)):
        for role, user in users.items():
            context = browser.new_context(
                viewport={"width": width, "height": height}, locale="id-ID"
            )
            if user is not None:
                context.add_cookies([journeys.session_cookie(user, production_server)])
            page = context.new_page()
            page.set_default_timeout(10_000)
            page.goto(production_server + ("/beranda/" if user else "/"))
            page.screenshot(path=screens / f"home-{role}-{width}.png", full_page=True)
            if role == "manager":
                if width < 992:
                    page.get_by_role("button", name="Menu").click()
                page.get_by_role("button", name=user.get_full_name()).click()
                page.wait_for_timeout(400)
                page.screenshot(path=screens / f"menu-{role}-{width}.png", full_page=True)
            context.close()
