"""A NUL byte in any path or query parameter is a 400, and the 500 page tells the truth.

PostgreSQL refuses text with NUL, so such a parameter used to reach the database and end
as a 500 with a traceback (`/direktori/?q=a%00b`, `/wilayah/desa/36%00/`, `/audit/?q=a%00b`).
"""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.test import Client
from django.urls import get_resolver

from tests.test_url_access import _walk

ROOT = Path(__file__).resolve().parents[1]
ROUTES = sorted({route for route, _namespace, _callback in _walk(get_resolver().url_patterns)})


def _with_nul_in_every_parameter(route):
    return "/" + re.sub(r"<(?:\w+:)?\w+>", "36%00", route)


@pytest.mark.parametrize(
    "url", ["/direktori/?q=a%00b", "/wilayah/desa/36%00/", "/audit/?q=a%00b", "/?a%00=1"]
)
def test_the_audited_urls_answer_400(client, province_staff, url, caplog):
    client.force_login(province_staff)
    response = client.get(url)
    assert response.status_code == 400
    assert "Permintaan tidak valid" in response.content.decode()
    assert "Traceback" not in caplog.text


@pytest.mark.parametrize("role", [None, "province_staff"])
def test_every_url_refuses_nul_in_its_path_and_query_parameters(client, db, request, role):
    if role:
        client.force_login(request.getfixturevalue(role))
    checked = []
    for route in ROUTES:
        base = "/" + re.sub(r"<(?:(\w+):)?\w+>", "1", route)
        urls = [f"{base}?q=a%00b", f"{base}?page=1&status=%00", f"{base}?x%00=1"]
        if "<" in route:
            urls.append(_with_nul_in_every_parameter(route))
        for url in urls:
            assert client.get(url).status_code == 400, url
            assert client.post(url).status_code == 400, url
            checked.append(url)
    assert len(checked) > 3 * len(ROUTES)


def test_a_nul_in_a_posted_field_is_a_form_error_not_a_500(client):
    response = client.post("/akun/sandi/lupa/", {"email": "a\x00@example.org"})
    assert response.status_code == 200


# --- the 500 page ---------------------------------------------------------------------


@pytest.fixture
def broken_dashboard(monkeypatch, client):
    def explode(user):
        raise RuntimeError("boom")

    monkeypatch.setattr("kimportal.site.views.dashboard_context", explode)
    client.raise_request_exception = False
    return client


def test_server_errors_are_mailed_to_the_admins_and_the_page_says_so(
    broken_dashboard, settings, province_staff
):
    settings.ADMINS = [("Tim Portal", "tim@example.org")]
    broken_dashboard.force_login(province_staff)
    response = broken_dashboard.get("/beranda/")
    assert response.status_code == 500
    assert "Tim kami telah diberi tahu" in response.content.decode()
    assert [m.to for m in mail.outbox] == [["tim@example.org"]]
    assert "boom" in mail.outbox[0].body


def test_without_admins_the_500_page_does_not_claim_anyone_was_told(
    broken_dashboard, settings, province_staff
):
    settings.ADMINS = []
    broken_dashboard.force_login(province_staff)
    body = broken_dashboard.get("/beranda/").content.decode()
    assert "diberi tahu" not in body
    assert "telah dicatat" in body


def test_admins_are_read_from_the_environment():
    script = (
        "import django; django.setup(); from django.conf import settings; print(settings.ADMINS)"
    )
    result = subprocess.run(  # noqa: S603 — fixed arguments
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={
            "DEBUG": "1",
            "DJANGO_SETTINGS_MODULE": "kimportal.settings",
            "PATH": "/usr/bin",
            "ADMINS": "Tim Portal <tim@example.org>,b@example.org",
        },
        check=True,
    )
    assert result.stdout.strip() == "[('Tim Portal', 'tim@example.org'), ('', 'b@example.org')]"


def test_an_outdated_form_gets_the_portals_page_with_a_way_back(db):
    """templates/403_csrf.html: Django's own page was a bare technical one, no way back."""
    client = Client(enforce_csrf_checks=True)
    response = client.post("/akun/masuk/", {"username": "a", "password": "b"})
    assert response.status_code == 403
    body = response.content.decode()
    assert "Formulir tidak dapat dikirim" in body
    assert 'href="/akun/masuk/"' in body
    assert "Direktori KIM" in body  # the portal's menu


def test_a_signed_in_persons_outdated_form_keeps_their_menu(manager):
    client = Client(enforce_csrf_checks=True)
    client.force_login(manager)
    response = client.post("/akun/", {"first_name": "X"})
    assert response.status_code == 403
    assert manager.get_full_name() in response.content.decode()
