"""Every link the portal mails starts with SITE_URL, never with the request's Host.

A client chooses the Host header; among ALLOWED_HOSTS (several names, a port) a reset
link built from it pointed wherever the request said (`Host: 127.0.0.1:9999`).
"""

import re

import pytest
from django.core import mail

from kimportal.core.accounts.roles import Role
from tests.test_accounts import SIGN_UP

SITE = "https://kim.example.go.id"
HOSTILE = {"HTTP_HOST": "evil.example:9999"}


@pytest.fixture(autouse=True)
def hostile_host_allowed(settings):
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = ["testserver", "evil.example"]


def _links(message):
    return re.findall(r"https?://\S+", message.body)


def _assert_links_from_site_url(outbox):
    links = [link for message in outbox for link in _links(message)]
    assert links
    assert all(link.startswith(SITE + "/") for link in links), links
    assert not any("evil.example" in message.body for message in outbox)


@pytest.mark.parametrize(
    ("actor", "url", "data"),
    [
        (None, "/akun/sandi/lupa/", lambda u: {"email": u["manager"].email}),
        (None, "/akun/daftar/", lambda u: SIGN_UP),
        (None, "/akun/daftar/", lambda u: {**SIGN_UP, "email": u["manager"].email}),
        (
            "province_staff",
            "/akun/pengguna/baru/",
            lambda u: {
                "username": "petugas.baru",
                "first_name": "Rina",
                "email": "rina@example.org",
                "role": Role.REGENCY,
                "regency": "36.04",
            },
        ),
        (
            "officer_kab_serang",
            "/akun/undang/",
            lambda u: {"username": "ketua.kim", "first_name": "Sari", "email": "sari@example.org"},
        ),
    ],
    ids=["password-reset", "sign-up", "sign-up-known-email", "officer-account", "invitation"],
)
def test_mailed_links_ignore_a_hostile_host_header(
    client, request, manager, actor, url, data, django_capture_on_commit_callbacks
):
    users = {"manager": manager}
    if actor:
        client.force_login(request.getfixturevalue(actor))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data(users), **HOSTILE)
    assert response.status_code in (200, 302)
    _assert_links_from_site_url(mail.outbox)
