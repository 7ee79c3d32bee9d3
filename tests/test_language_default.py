"""Indonesian by default; English only when chosen, and a signed-in person's choice is
remembered on the account."""

from django.test import Client

from kimportal.core.accounts.roles import Role
from tests.factories import PASSWORD, UserFactory


def test_pages_are_indonesian_even_when_the_browser_asks_for_english(client, db):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "id"
    assert '<html lang="id">' in response.content.decode()


def test_the_switcher_choice_wins(client, db):
    client.post("/bahasa/", {"language": "en", "next": "/"})
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="id")
    assert response["Content-Language"] == "en"


def _english(response):
    return response["Content-Language"] == "en" and '<html lang="en">' in response.content.decode()


def test_a_signed_in_persons_choice_follows_them_to_another_device(client, db):
    user = UserFactory(role=Role.MANAGER, regency_id="36.04")
    client.login(username=user.username, password=PASSWORD)
    client.post("/bahasa/", {"language": "en", "next": "/"})
    user.refresh_from_db()
    assert user.language == "en"

    # A phone with no cookie at all: the login brings English along.
    phone = Client()
    assert not _english(phone.get("/akun/masuk/"))
    phone.post("/akun/masuk/", {"username": user.username, "password": PASSWORD})
    assert _english(phone.get("/beranda/"))
    # Signing out leaves the account's language with the account.
    phone.post("/akun/keluar/")
    assert not _english(phone.get("/"))


def test_the_account_language_wins_over_a_visitors_cookie_at_login(client, db):
    user = UserFactory(role=Role.MANAGER, regency_id="36.04", language="id")
    client.post("/bahasa/", {"language": "en", "next": "/"})  # as a visitor
    assert _english(client.get("/akun/masuk/"))
    client.post("/akun/masuk/", {"username": user.username, "password": PASSWORD})
    assert not _english(client.get("/beranda/"))


def test_choosing_english_in_the_profile_switches_the_pages(client, db):
    user = UserFactory(role=Role.MANAGER, regency_id="36.04", email="siti@example.org")
    client.force_login(user)
    client.post(
        "/akun/",
        {"first_name": "Siti", "last_name": "R", "email": "siti@example.org", "language": "en"},
    )
    assert _english(client.get("/akun/"))
