"""A form sent twice (a double click without JavaScript, a repeated tap on a slow line)
does its work once; the second copy is answered with the first one's redirect."""

import threading

import pytest
from django.db import connection
from django.test import Client

from registry.models import Kim

pytestmark = pytest.mark.django_db

KIM = {
    "name": "KIM Kramat Informasi",
    "village": "36.04.05.2001",
    "address": "Jl. Raya Kramatwatu 5",
}


@pytest.fixture(autouse=True)
def guard_on(settings):
    settings.REPEAT_POST_SECONDS = 10


def test_the_same_form_twice_creates_one_kim(client_for, manager):
    client = client_for(manager)
    first = client.post("/kim/baru/", KIM)
    second = client.post("/kim/baru/", KIM)
    assert Kim.objects.filter(name=KIM["name"]).count() == 1
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    page = client.get(second["Location"]).content.decode()
    assert "Formulir ini sudah terkirim; kiriman kedua diabaikan." in page


def test_different_data_or_a_refused_form_is_not_a_repeat(client_for, manager):
    client = client_for(manager)
    refused = {**KIM, "kimid_address": "https://example.com/kim"}
    assert client.post("/kim/baru/", refused).status_code == 200
    assert client.post("/kim/baru/", refused).status_code == 200  # still its errors
    client.post("/kim/baru/", KIM)
    client.post("/kim/baru/", {**KIM, "name": "KIM Kramat Dua"})
    assert Kim.objects.count() == 2


def test_another_user_sending_the_same_form_is_not_a_repeat(client_for, manager, other_manager):
    client_for(manager).post("/kim/baru/", KIM)
    client_for(other_manager).post("/kim/baru/", KIM)
    assert Kim.objects.filter(name=KIM["name"]).count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_copies_at_once_create_one_kim(banten_areas, manager):
    """The second copy arrives while the first is still being worked on."""
    clients = []
    for _ in range(2):
        client = Client()
        client.force_login(manager)
        clients.append(client)
    answers = []

    def send(client):
        try:
            answers.append(client.post("/kim/baru/", KIM))
        finally:
            connection.close()  # each thread's own connection

    threads = [threading.Thread(target=send, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Kim.objects.filter(name=KIM["name"]).count() == 1
    assert {a.status_code for a in answers} == {302}
