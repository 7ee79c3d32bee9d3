"""Sessions: officers and staff time out after 30 minutes idle and 12 hours in all; KIM
managers stay signed in for days; a warning with "Tetap masuk" keeps the session.

The audit found sessions of 14 days with no idle timeout for everyone.
"""

import datetime

import pytest
from django.urls import reverse

HOME = "/beranda/"
LOGIN = reverse("login")


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(datetime.datetime(2025, 3, 14, 8, 0, tzinfo=datetime.UTC), tick=False)
    return time_machine


def _signed_in(client):
    response = client.get(HOME)
    return response.status_code == 200


def test_an_officer_idle_for_31_minutes_is_signed_out(client, officer_kab_serang, clock):
    client.force_login(officer_kab_serang)
    assert _signed_in(client)
    clock.shift(datetime.timedelta(minutes=29))
    assert _signed_in(client)  # 29 minutes idle: still in, and the clock restarts
    clock.shift(datetime.timedelta(minutes=31))

    response = client.get(HOME, follow=True)

    assert response.redirect_chain[0][0].startswith(LOGIN)
    assert "Sesi Anda berakhir" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_busy_officer_is_signed_out_twelve_hours_after_signing_in(client, province_staff, clock):
    client.force_login(province_staff)
    assert _signed_in(client)
    for _ in range(35):  # a request every 20 minutes: 11 h 40 min
        clock.shift(datetime.timedelta(minutes=20))
        assert _signed_in(client)
    clock.shift(datetime.timedelta(minutes=21))
    assert not _signed_in(client)


def test_a_kim_manager_stays_signed_in_for_days(client, manager, clock):
    client.force_login(manager)
    assert _signed_in(client)
    clock.shift(datetime.timedelta(days=10))
    assert _signed_in(client)
    clock.shift(datetime.timedelta(days=15))
    assert not _signed_in(client)


def test_the_limits_come_from_settings(client, officer_kab_serang, clock, settings):
    settings.SESSION_IDLE_MINUTES = 5
    client.force_login(officer_kab_serang)
    assert _signed_in(client)
    clock.shift(datetime.timedelta(minutes=6))
    assert not _signed_in(client)


def test_keep_alive_restarts_the_idle_clock(client, officer_kab_serang, clock):
    client.force_login(officer_kab_serang)
    assert _signed_in(client)
    clock.shift(datetime.timedelta(minutes=25))

    response = client.post(reverse("accounts:keep-alive"))

    assert response.status_code == 200
    assert response.json() == {"expires_in": 30 * 60}
    clock.shift(datetime.timedelta(minutes=25))
    assert _signed_in(client)  # 50 minutes after the page, 25 after "Tetap masuk"


def test_keep_alive_after_the_end_does_not_revive_the_session(client, officer_kab_serang, clock):
    client.force_login(officer_kab_serang)
    assert _signed_in(client)
    clock.shift(datetime.timedelta(minutes=31))
    response = client.post(reverse("accounts:keep-alive"))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_keep_alive_is_post_only(client_for, officer_kab_serang):
    assert client_for(officer_kab_serang).get(reverse("accounts:keep-alive")).status_code == 405


def test_officers_pages_carry_the_warning_and_managers_pages_do_not(
    client, officer_kab_serang, manager, clock
):
    client.force_login(officer_kab_serang)
    page = client.get(HOME).content.decode()
    assert 'id="session-warning"' in page
    assert 'data-expires-in="1800"' in page
    assert "Tetap masuk" in page
    assert "js/session-timeout.js" in page
    client.force_login(manager)
    assert 'id="session-warning"' not in client.get(HOME).content.decode()
