"""English UI: the switcher, the compiled catalog, and Indonesian as the default."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import KimFactory

JAKARTA = ZoneInfo("Asia/Jakarta")


def switch_to_english(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302


@pytest.fixture
def registered_in_march(db):
    return KimFactory(
        name="KIM Maju Bersama",
        status="registered",
        nomor_induk="KIM-3604-2025-0001",
        registered_at=datetime.datetime(2025, 3, 14, 10, 0, tzinfo=JAKARTA),
    )


@pytest.mark.parametrize(
    ("msgid", "english"),
    [
        ("Keluar", "Log out"),
        ("Masuk", "Log in"),
        ("Daftar KIM", "KIM list"),
        ("Antrean peninjauan", "Review queue"),
        ("Masuk ke Portal KIM", "Log in to Portal KIM"),
        ("Direktori KIM", "KIM directory"),
        ("Ya, terbitkan Nomor Induk", "Yes, issue the Nomor Induk"),
        ("Belum menyatakan", "Not declared yet"),
    ],
)
def test_the_compiled_catalog_translates_key_strings(msgid, english):
    with translation.override("en"):
        assert translation.gettext(msgid) == english
    with translation.override("id"):
        assert translation.gettext(msgid) == msgid


def test_the_catalog_handles_plurals():
    with translation.override("en"):
        assert translation.ngettext("%(total)s KIM ditemukan", "%(total)s KIM ditemukan", 1) == (
            "%(total)s KIM found"
        )
        assert translation.ngettext("%(total)s KIM ditemukan", "%(total)s KIM ditemukan", 3) == (
            "%(total)s KIMs found"
        )


def test_a_new_visitor_gets_indonesian(client, db):
    home = client.get(reverse("home")).content.decode()
    assert '<html lang="id">' in home
    assert "Cari KIM terdaftar" in home
    login = client.get(reverse("login")).content.decode()
    assert "Masuk ke Portal KIM" in login


def test_switching_to_english_translates_home_and_login(client, db):
    switch_to_english(client)

    home = client.get(reverse("home")).content.decode()
    assert '<html lang="en">' in home
    assert "Find a registered KIM" in home
    assert "Cari KIM terdaftar" not in home
    # The switcher now offers the way back, in its own language.
    assert 'value="id"' in home

    login = client.get(reverse("login")).content.decode()
    assert "Log in to Portal KIM" in login
    assert "Forgot your password?" in login
    assert "Masuk ke Portal KIM" not in login


def test_switching_back_to_indonesian(client, db):
    switch_to_english(client)
    client.post(reverse("set_language"), {"language": "id", "next": "/"})
    assert "Cari KIM terdaftar" in client.get(reverse("home")).content.decode()


def test_english_dashboard_for_staff(client_for, province_staff):
    client = client_for(province_staff)
    switch_to_english(client)
    page = client.get(reverse("dashboard")).content.decode()
    assert "Review queue" in page
    assert "Log out" in page
    assert "Antrean peninjauan" not in page


def test_dates_use_indonesian_month_names_by_default(client, registered_in_march):
    url = reverse("registry:directory-detail", args=[registered_in_march.pk])
    page = client.get(url).content.decode()
    assert "14 Maret 2025" in page
    assert "Terdaftar pada" in page


def test_dates_use_english_month_names_in_english(client, registered_in_march):
    switch_to_english(client)
    url = reverse("registry:directory-detail", args=[registered_in_march.pk])
    page = client.get(url).content.decode()
    assert "14 March 2025" in page
    assert "Registered on" in page
    assert "Maret" not in page


@pytest.mark.parametrize(
    ("language", "time", "number"), [("id", "09.30", "12.345,5"), ("en", "09:30", "12,345.5")]
)
def test_times_and_numbers_follow_the_active_language(language, time, number):
    from django.template import Context, Template

    moment = datetime.datetime(2025, 3, 14, 9, 30, tzinfo=JAKARTA)
    template = Template(
        '{{ moment|time:"TIME_FORMAT" }}|{{ moment|date:"DATETIME_FORMAT" }}|{{ n }}'
    )
    with translation.override(language):
        shown = template.render(Context({"moment": moment, "n": 12345.5}))
    month = "Maret" if language == "id" else "March"
    assert shown == f"{time}|14 {month} 2025 {time}|{number}"
