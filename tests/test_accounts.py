import io
import re

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from kimportal.core.access.predicates import keeps_a_long_session
from kimportal.core.accounts.roles import Role
from kimportal.core.accounts.tokens import activation_token
from kimportal.core.models import AuditEntry, User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_province_staff_creates_an_officer_who_gets_a_set_password_email(
    client_for, province_staff, django_capture_on_commit_callbacks
):
    client = client_for(province_staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/akun/pengguna/baru/",
            {
                "username": "petugas.baru",
                "first_name": "Budi",
                "email": "budi@example.org",
                "role": Role.REGENCY,
                "regency": "36.04",
            },
        )
    assert response.status_code == 302
    officer = User.objects.get(username="petugas.baru")
    assert officer.role == Role.REGENCY
    assert officer.province_id == "36"
    assert not officer.has_usable_password()
    assert len(mail.outbox) == 1
    assert "/akun/sandi/atur/" in mail.outbox[0].body
    entry = AuditEntry.objects.get(action="accounts.user.created", object_id=str(officer.pk))
    assert entry.actor == province_staff
    assert entry.regency_code == "36.04"


def test_province_staff_cannot_place_an_officer_outside_the_province(client_for, province_staff):
    response = client_for(province_staff).post(
        "/akun/pengguna/baru/",
        {
            "username": "petugas.bandung",
            "first_name": "Asep",
            "email": "a@example.org",
            "role": Role.REGENCY,
            "regency": "32.04",
        },
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="petugas.bandung").exists()
    assert "Pilih" in response.content.decode()


def test_role_change_is_in_the_audit_trail(client_for, province_staff, officer_kab_serang):
    response = client_for(province_staff).post(
        f"/akun/pengguna/{officer_kab_serang.pk}/ubah/",
        {
            "first_name": officer_kab_serang.first_name,
            "last_name": "",
            "email": "x@example.org",
            "position": "",
            "role": Role.PROVINCE,
            "regency": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    officer_kab_serang.refresh_from_db()
    assert officer_kab_serang.role == Role.PROVINCE
    assert officer_kab_serang.regency_id is None
    entry = AuditEntry.objects.get(action="accounts.user.role_changed")
    assert entry.actor == province_staff
    assert entry.changes["role"] == [Role.REGENCY, Role.PROVINCE]
    assert entry.changes["regency_id"] == ["36.04", None]
    # the supervisor reads it on the account page, in words rather than codes
    page = client_for(province_staff).get(f"/akun/pengguna/{officer_kab_serang.pk}/")
    body = page.content.decode()
    assert "Peran akun diubah" in body
    assert "peran:</span> Petugas Diskominfo Kab/Kota → Staf Diskominfo Provinsi" in body
    assert "accounts.user.role_changed" not in body


def test_deactivating_an_officer_blocks_login_and_is_audited(
    client, client_for, province_staff, officer_kab_serang
):
    response = client_for(province_staff).post(f"/akun/pengguna/{officer_kab_serang.pk}/aktif/")
    assert response.status_code == 302
    officer_kab_serang.refresh_from_db()
    assert not officer_kab_serang.is_active
    assert AuditEntry.objects.filter(
        action="accounts.user.updated", changes__is_active=[True, False]
    ).exists()
    client.logout()
    assert not client.login(username=officer_kab_serang.username, password="Sandi-Uji-2025")


def test_regency_officer_invites_a_manager_of_their_regency(
    client_for, officer_kota_serang, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(officer_kota_serang).post(
            "/akun/undang/",
            {"username": "ketua.kim", "first_name": "Sari", "email": "sari@example.org"},
        )
    assert response.status_code == 302
    invited = User.objects.get(username="ketua.kim")
    assert invited.role == Role.MANAGER
    assert invited.regency_id == "36.73"
    assert mail.outbox[0].to == ["sari@example.org"]


def test_password_reset_sends_a_link_in_indonesian(
    client, manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # sent by a task, after commit
        response = client.post("/akun/sandi/lupa/", {"email": manager.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "kata sandi" in mail.outbox[0].body


def test_login_with_printed_credentials_reaches_the_role_home(client, officer_kab_serang):
    response = client.post(
        "/akun/masuk/",
        {"username": officer_kab_serang.username, "password": "Sandi-Uji-2025"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/beranda/"
    assert "KIM menunggu Nomor Induk" in response.content.decode()


def test_weak_password_is_refused_on_change(client_for, manager):
    response = client_for(manager).post(
        "/akun/sandi/",
        {
            "old_password": "Sandi-Uji-2025",
            "new_password1": "12345678",
            "new_password2": "12345678",
        },
    )
    assert response.status_code == 200
    manager.refresh_from_db()
    assert manager.check_password("Sandi-Uji-2025")


# --- who may see and change which account -------------------------------------------


@pytest.mark.parametrize(
    ("actor", "status"),
    [
        ("province_staff", 200),
        ("officer_kab_serang", 200),
        ("manager", 403),
        ("other_province_staff", 200),  # sees the list, but only their own province
    ],
)
def test_user_list_by_role(request, client_for, actor, status, officer_lebak):
    user = request.getfixturevalue(actor)
    response = client_for(user).get("/akun/pengguna/")
    assert response.status_code == status
    if status == 200 and user.role == Role.PROVINCE and user.province_id != "36":
        assert officer_lebak.username not in response.content.decode()


def test_officer_of_kota_serang_gets_404_for_a_lebak_manager(client_for, officer_kota_serang):
    lebak_manager = UserFactory(role=Role.MANAGER, regency_id="36.02")
    client = client_for(officer_kota_serang)
    assert client.get(f"/akun/pengguna/{lebak_manager.pk}/").status_code == 404
    assert client.post(f"/akun/pengguna/{lebak_manager.pk}/aktif/").status_code == 404
    lebak_manager.refresh_from_db()
    assert lebak_manager.is_active


def test_staff_of_another_province_gets_404_for_a_banten_officer(
    client_for, other_province_staff, officer_kab_serang
):
    client = client_for(other_province_staff)
    assert client.get(f"/akun/pengguna/{officer_kab_serang.pk}/").status_code == 404
    assert client.get(f"/akun/pengguna/{officer_kab_serang.pk}/ubah/").status_code == 404


def test_regency_officer_may_read_but_not_edit_their_own_account_page(
    client_for, officer_kab_serang
):
    client = client_for(officer_kab_serang)
    assert client.get(f"/akun/pengguna/{officer_kab_serang.pk}/").status_code == 200
    assert client.post(f"/akun/pengguna/{officer_kab_serang.pk}/aktif/").status_code == 403
    assert client.get(f"/akun/pengguna/{officer_kab_serang.pk}/ubah/").status_code == 403


@pytest.mark.parametrize("actor", ["officer_kab_serang", "manager"])
def test_only_province_staff_create_officer_accounts(request, client_for, actor):
    response = client_for(request.getfixturevalue(actor)).get("/akun/pengguna/baru/")
    assert response.status_code == 403


@pytest.mark.parametrize("actor", ["province_staff", "manager"])
def test_only_regency_officers_invite_managers(request, client_for, actor):
    assert client_for(request.getfixturevalue(actor)).get("/akun/undang/").status_code == 403


@pytest.mark.parametrize("actor", ["province_staff", "officer_kab_serang", "manager", "admin_user"])
def test_every_role_has_a_home(request, client_for, actor):
    assert client_for(request.getfixturevalue(actor)).get("/beranda/").status_code == 200


# --- self sign-up of KIM managers ---------------------------------------------------

SIGN_UP = {
    "first_name": "Wawan",
    "last_name": "Setiawan",
    "email": "wawan@example.org",
    "username": "wawan.kim",
    "password1": "Kramat-Jaya-2025",
    "password2": "Kramat-Jaya-2025",
}


def test_sign_up_needs_a_confirmed_email_before_login(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/akun/daftar/", SIGN_UP)
    # Post/redirect/get: reloading the answer does not sign up (and mail) again.
    assert response.status_code == 302
    assert response["Location"] == "/akun/daftar/terkirim/"
    for _ in range(2):
        page = client.get("/akun/daftar/terkirim/").content.decode()
        assert "Periksa email Anda" in page
        assert "wawan@example.org" in page
    assert len(mail.outbox) == 1
    user = User.objects.get(username="wawan.kim")
    assert (user.role, user.is_active) == (Role.MANAGER, False)
    assert not client.login(username="wawan.kim", password="Kramat-Jaya-2025")

    link = next(line for line in mail.outbox[0].body.splitlines() if "/akun/aktifkan/" in line)
    path = link.replace("http://testserver", "")
    response = client.post(path, follow=True)
    assert response.redirect_chain[-1][0] == "/beranda/"
    user.refresh_from_db()
    assert user.is_active
    assert AuditEntry.objects.filter(
        action="accounts.user.activated", object_id=str(user.pk)
    ).exists()
    client.logout()
    assert client.get(path).status_code == 400  # a used link does nothing
    assert client.post(path).status_code == 400


def test_sign_up_refuses_a_weak_password(client):
    weak = {**SIGN_UP, "password1": "12345678", "password2": "12345678"}
    assert client.post("/akun/daftar/", weak).status_code == 200
    assert not User.objects.filter(username="wawan.kim").exists()


def _without_tokens(page):
    return re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", page)


def test_sign_up_with_a_known_email_answers_like_a_new_one_and_tells_the_owner(
    client, manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        new = client.post("/akun/daftar/", {**SIGN_UP, "email": "baru@example.org"}, follow=True)
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(
            "/akun/daftar/",
            {**SIGN_UP, "username": "wawan.lain", "email": manager.email.upper()},
            follow=True,
        )
    assert known.redirect_chain == new.redirect_chain == [("/akun/daftar/terkirim/", 302)]
    known_page = _without_tokens(known.content.decode().replace(manager.email.upper(), "ALAMAT"))
    new_page = _without_tokens(new.content.decode().replace("baru@example.org", "ALAMAT"))
    assert known_page == new_page  # nothing tells an attacker the address is registered
    assert "sudah terdaftar" not in known_page
    assert not User.objects.filter(username="wawan.lain").exists()
    owner_mail = mail.outbox[-1]
    assert owner_mail.to == [manager.email]
    assert "mencoba mendaftar" in owner_mail.body
    assert "http://testserver/akun/sandi/lupa/" in owner_mail.body
    assert manager.username in owner_mail.body


def _pending_sign_up(client, capture):
    with capture(execute=True):
        client.post("/akun/daftar/", SIGN_UP)
    return User.objects.get(username="wawan.kim")


def _path(user, token, name):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse(name, args=[uid, token])


def test_opening_the_activation_link_changes_nothing_until_the_button_is_pressed(
    client, django_capture_on_commit_callbacks
):
    user = _pending_sign_up(client, django_capture_on_commit_callbacks)
    path = next(line for line in mail.outbox[0].body.split() if "/akun/aktifkan/" in line)
    path = path.replace("http://testserver", "")

    response = client.get(path)  # what a mail scanner does

    assert response.status_code == 200
    assert 'method="post"' in response.content.decode()
    assert "Aktifkan akun saya" in response.content.decode()
    user.refresh_from_db()
    assert not user.is_active
    assert "_auth_user_id" not in client.session
    assert not AuditEntry.objects.filter(action="accounts.user.activated").exists()
    assert client.post(path).status_code == 302  # the link still works for its owner
    user.refresh_from_db()
    assert user.is_active


def test_a_password_reset_token_does_not_activate_an_account(
    client, django_capture_on_commit_callbacks
):
    user = _pending_sign_up(client, django_capture_on_commit_callbacks)
    path = _path(user, default_token_generator.make_token(user), "accounts:activate")
    assert client.get(path).status_code == 400
    assert client.post(path).status_code == 400
    user.refresh_from_db()
    assert not user.is_active


def test_an_activation_token_does_not_reset_a_password(client, manager):
    token = activation_token.make_token(manager)
    response = client.get(_path(manager, token, "password_reset_confirm"), follow=True)
    assert response.context["validlink"] is False
    assert "Tautan tidak berlaku" in response.content.decode()


def test_the_sent_page_without_a_sign_up_leads_to_the_form(client, db):
    response = client.get("/akun/daftar/terkirim/")
    assert response.status_code == 302
    assert response["Location"] == "/akun/daftar/"


def test_a_wrong_password_is_told_in_plain_words(client, manager):
    body = client.post("/akun/masuk/", {"username": manager.username, "password": "x"})
    body = body.content.decode()
    assert "Nama pengguna atau sandi salah." in body
    assert "nama pengguna nama pengguna" not in body.lower()


def test_a_forged_activation_link_is_refused(client, db):
    assert client.get("/akun/aktifkan/MQ/bukan-token/").status_code == 400
    assert client.get("/akun/aktifkan/!!/x/").status_code == 400


@pytest.mark.django_db
def test_password_guessing_locks_the_login_for_that_username(client, settings, manager):
    settings.AXES_ENABLED = True
    for _ in range(5):
        client.post("/akun/masuk/", {"username": manager.username, "password": "tebakan"})
    response = client.post(
        "/akun/masuk/", {"username": manager.username, "password": "Sandi-Uji-2025"}
    )
    assert response.status_code == 429
    assert "Terlalu banyak percobaan masuk" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_signing_up_again_before_confirming_sends_a_fresh_link(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/akun/daftar/", SIGN_UP)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/akun/daftar/", {**SIGN_UP, "first_name": "Wawan S."}, follow=True)
    assert "Periksa email Anda" in response.content.decode()
    assert User.objects.filter(email="wawan@example.org").count() == 1
    assert len(mail.outbox) == 2


def test_a_mail_server_failure_does_not_undo_or_break_a_sign_up(
    client, settings, django_capture_on_commit_callbacks, caplog
):
    settings.EMAIL_BACKEND = "tests.test_accounts.FailingBackend"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post("/akun/daftar/", SIGN_UP)
    assert len(callbacks) == 1  # the activation mail was attempted, failed, and was logged
    assert "smtp down" in caplog.text
    assert response.status_code == 302
    user = User.objects.get(username="wawan.kim")
    # Retried (eagerly here), then given up: the account's trail says so.
    entry = AuditEntry.objects.get(action="accounts.user.mail_failed", object_id=str(user.pk))
    assert "smtp down" in entry.changes["error"][1]


def test_emails_are_written_in_the_recipients_language(
    client_for, manager, django_capture_on_commit_callbacks
):
    manager.language = "en"
    manager.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        client_for(manager).post("/akun/sandi/lupa/", {"email": manager.email})
    assert "password" in mail.outbox[0].body.lower()
    assert "kata sandi" not in mail.outbox[0].body


def test_the_language_switch_becomes_the_language_of_emails(client_for, manager):
    client_for(manager).post("/bahasa/", {"language": "en", "next": "/"})
    manager.refresh_from_db()
    assert manager.language == "en"


class FailingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("smtp down")


@pytest.mark.parametrize("password", ["Kramat-2025", "Jaya!Sari#9"])  # 11 characters
def test_a_password_shorter_than_twelve_characters_is_refused(client, password):
    response = client.post(
        "/akun/daftar/", {**SIGN_UP, "password1": password, "password2": password}
    )
    assert response.status_code == 200
    assert "setidaknya 12 karakter" in response.content.decode()
    assert not User.objects.filter(username="wawan.kim").exists()


def test_a_twelve_character_passphrase_is_accepted(client_for, manager):
    response = client_for(manager).post(
        "/akun/sandi/",
        {
            "old_password": "Sandi-Uji-2025",
            "new_password1": "kebun-pisang",
            "new_password2": "kebun-pisang",
        },
    )
    assert response.status_code == 302
    manager.refresh_from_db()
    assert manager.check_password("kebun-pisang")


@pytest.mark.parametrize("path", ["/akun/masuk/", "/admin/login/"])
def test_an_overlong_username_is_a_form_error_with_the_lockout_on(client, settings, db, path):
    settings.AXES_ENABLED = True
    response = client.post(path, {"username": "A" * 300, "password": "tebakan"})
    assert response.status_code == 200
    assert response.context["form"].errors["username"]


@pytest.mark.django_db
def test_createsuperuser_makes_a_system_admin_not_a_kim_manager(monkeypatch):
    """The README's first account of a new installation."""
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "Sandi-Admin-2026-panjang")
    call_command(
        "createsuperuser",
        "--noinput",
        username="root",
        email="root@example.org",
        stdout=io.StringIO(),
    )
    root = User.objects.get(username="root")
    assert root.role == Role.ADMIN
    assert not keeps_a_long_session(root)  # a KIM manager's 30 days


def test_a_username_with_bidi_controls_fails_twice_without_a_server_error(client, settings, db):
    settings.AXES_ENABLED = True
    for _ in range(2):
        response = client.post(
            "/akun/masuk/", {"username": "\u202eKIM evil\u202c gnp.exe", "password": "tebakan"}
        )
        assert response.status_code == 200
