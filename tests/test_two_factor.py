"""Two-factor sign-in (authenticator app + recovery codes) and re-authentication before
the gravest actions."""

import datetime
import re
import time

import pytest
from django.urls import resolve, reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from kimportal.core.models import AuditEntry
from tests.factories import PASSWORD

ENROL = reverse("accounts:two-factor")
VERIFY = reverse("accounts:two-factor-verify")
REAUTH = reverse("accounts:reauthenticate")


def _code(device, drift=0):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, drift=drift):06d}"


def _enrol(client, user):
    client.force_login(user)
    page = client.get(ENROL).content.decode()
    assert "<svg" in page
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert device.config_url.split("secret=")[1].split("&")[0] in page
    response = client.post(ENROL, {"code": _code(device)})
    return device, response


def _sign_in(client, user):
    client.logout()
    return client.post(reverse("login"), {"username": user.username, "password": PASSWORD})


def test_an_officer_enrols_and_gets_ten_recovery_codes(client, officer_kab_serang):
    device, response = _enrol(client, officer_kab_serang)

    page = response.content.decode()
    codes = re.findall(r"<li>(\w+)</li>", page.split("data-recovery-codes")[1])
    assert len(codes) == 10
    assert StaticToken.objects.filter(device__user=officer_kab_serang).count() == 10
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEntry.objects.filter(
        action="accounts.user.two_factor_enabled", object_id=str(officer_kab_serang.pk)
    ).exists()


def test_a_wrong_code_does_not_turn_it_on(client, officer_kab_serang):
    client.force_login(officer_kab_serang)
    client.get(ENROL)
    response = client.post(ENROL, {"code": "000000"})
    assert "Kode salah" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=officer_kab_serang, confirmed=True).exists()


def test_after_the_password_every_page_waits_for_the_code(client, officer_kab_serang):
    device, _ = _enrol(client, officer_kab_serang)
    response = _sign_in(client, officer_kab_serang)
    assert client.get("/beranda/")["Location"] == f"{VERIFY}?next=%2Fberanda%2F"
    assert client.get("/kim/")["Location"].startswith(VERIFY)
    assert client.post(VERIFY, {"code": "123456", "next": "/kim/"}).status_code == 200
    device.refresh_from_db()
    device.throttle_reset()  # a wrong code makes the next try wait a second (throttling)

    response = client.post(VERIFY, {"code": _code(device, drift=1), "next": "/kim/"})

    assert response["Location"] == "/kim/"
    assert client.get("/beranda/").status_code == 200


def test_a_recovery_code_works_once(client, officer_kab_serang):
    _enrol(client, officer_kab_serang)
    code = StaticToken.objects.filter(device__user=officer_kab_serang).first().token
    _sign_in(client, officer_kab_serang)
    assert client.post(VERIFY, {"code": code})["Location"] == "/beranda/"
    _sign_in(client, officer_kab_serang)
    assert client.post(VERIFY, {"code": code}).status_code == 200  # used up
    assert client.get("/beranda/").status_code == 302


def test_staff_and_admins_must_enrol_when_the_setting_is_on(
    client, settings, province_staff, admin_user, officer_kab_serang
):
    settings.REQUIRE_2FA_FOR_STAFF = True
    for user in (province_staff, admin_user):
        _sign_in(client, user)
        assert client.get("/beranda/")["Location"].startswith(ENROL), user
        assert client.get(ENROL).status_code == 200
    _sign_in(client, officer_kab_serang)  # regency officers may, need not
    assert client.get("/beranda/").status_code == 200


def test_kim_managers_are_not_offered_two_factor(client_for, manager):
    assert client_for(manager).get(ENROL).status_code == 403


# --- re-authentication ------------------------------------------------------------------


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(datetime.datetime(2025, 3, 14, 8, 0, tzinfo=datetime.UTC), tick=False)
    return time_machine


def test_account_management_asks_for_the_password_after_ten_minutes(client, province_staff, clock):
    client.force_login(province_staff)
    create = reverse("accounts:user-create")
    assert client.get(create).status_code == 200  # just signed in
    clock.shift(datetime.timedelta(minutes=11))
    response = client.get(create)
    assert response["Location"] == f"{REAUTH}?next=%2Fakun%2Fpengguna%2Fbaru%2F"

    wrong = client.post(REAUTH, {"password": "bukan-sandinya", "next": create})
    assert "Kata sandi salah" in wrong.content.decode()
    right = client.post(REAUTH, {"password": PASSWORD, "next": create})
    assert right["Location"] == create
    assert client.get(create).status_code == 200


def test_a_stale_post_goes_to_reauthentication_and_back_to_the_page_it_came_from(
    client, officer_kab_serang, manager, clock
):
    client.force_login(officer_kab_serang)
    clock.shift(datetime.timedelta(minutes=11))
    url = reverse("accounts:user-toggle", args=[manager.pk])
    back = f"http://testserver/akun/pengguna/{manager.pk}/"
    response = client.post(url, HTTP_REFERER=back)
    assert response["Location"].startswith(REAUTH)
    assert "next=http%3A%2F%2Ftestserver%2Fakun%2Fpengguna" in response["Location"]
    manager.refresh_from_db()
    assert manager.is_active  # nothing happened


def test_with_two_factor_reauthentication_takes_a_code(client, officer_kab_serang):
    device, _ = _enrol(client, officer_kab_serang)
    session = client.session
    session["authenticated_at"] = time.time() - 3600
    session.save()
    invite = reverse("accounts:manager-invite")
    assert client.get(invite)["Location"].startswith(REAUTH)
    page = client.get(f"{REAUTH}?next={invite}").content.decode()
    assert "aplikasi autentikator" in page
    assert client.post(REAUTH, {"code": _code(device, drift=1), "next": invite})["Location"] == (
        invite
    )


GUARDED = {
    "accounts:user-create": [],
    "accounts:user-edit": [1],
    "accounts:user-toggle": [1],
    "accounts:manager-invite": [],
    "registry:issue-number": [1],
    "registry:change-status": [1],
    "registry:letters-bulk": [],
    "registry:roster-export": [1],
    "registry:roster-download-for-editing": [1],
}


@pytest.mark.parametrize(("name", "args"), GUARDED.items())
def test_the_grave_actions_are_guarded(name, args):
    assert getattr(resolve(reverse(name, args=args)).func, "recent_login_required", False)
