"""Writes on accounts: every one audited in the same transaction."""

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from kimportal.core import audit, mail
from kimportal.core.access import require
from kimportal.core.accounts.audit_actions import AccountAction
from kimportal.core.accounts.roles import Role
from kimportal.core.accounts.tokens import activation_token
from kimportal.core.models import User

AUDITED_FIELDS = ("role", "province_id", "regency_id", "is_active", "email", "position")


def _set_password_url(user):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return settings.SITE_URL + reverse("password_reset_confirm", args=[uid, token])


def _send_welcome(user, inviter):
    mail.send(
        to=[user],
        subject=lambda: _("Akun Portal KIM Anda"),
        template="accounts/email/welcome.txt",
        context={"user": user, "inviter": inviter, "url": _set_password_url(user)},
    )


@transaction.atomic
def user_create(*, actor, username, email, role, province=None, regency=None, **fields):
    """Create an account without a usable password; the person sets it from the email."""
    require(
        actor,
        "accounts.invite_kim_manager"
        if role == Role.MANAGER
        else "accounts.create_officer_account",
    )
    user = User(
        username=username, email=email, role=role, province=province, regency=regency, **fields
    )
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    audit.record(
        actor=actor,
        obj=user,
        action=AccountAction.CREATED,
        changes={"role": [None, role], "regency_id": [None, regency and regency.pk]},
    )
    # Sent by a task after the commit, with retries: the mail server never holds up a page.
    _send_welcome(user, actor)
    return user


def pending_sign_up(email):
    """A manager account signed up with `email` whose link was never opened, or None."""
    return (
        User.objects.kim_managers()
        .filter(email__iexact=email, is_active=False, last_login__isnull=True)
        .first()
    )


@transaction.atomic
def manager_sign_up(*, username, email, password, first_name="", last_name="", language=None):
    """A KIM manager registers themself; the account works once the email is confirmed.

    Signing up again before confirming (the email was lost) updates the pending account
    and sends a fresh link instead of refusing the address for good. An address that
    already has an account gets no second one: its owner is told by e-mail, and the
    caller shows the same page as for a new sign-up (returns None).
    """
    pending = pending_sign_up(email)
    owner = None if pending else User.objects.filter(email__iexact=email).first()
    if owner is not None:
        make_password(password)  # the hashing a sign-up does: the answer takes as long
        _send_sign_up_attempt(owner)
        return None
    user = pending or User(role=Role.MANAGER, is_active=False)
    user.username, user.email = username, email
    user.first_name, user.last_name = first_name, last_name
    # E-mails speak the language the person signed up in.
    user.language = language or translation.get_language() or user.language
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    audit.record(
        actor=None,
        obj=user,
        action=AccountAction.SIGNED_UP,
        changes={"role": [None, Role.MANAGER]},
    )
    _send_activation(user)
    return user


def _send_sign_up_attempt(owner):
    mail.send(
        to=[owner],
        subject=lambda: _("Percobaan pendaftaran dengan email Anda"),
        template="accounts/email/sign_up_attempt.txt",
        context={
            "user": owner,
            "reset_url": settings.SITE_URL + reverse("password_reset"),
            "login_url": settings.SITE_URL + reverse("login"),
        },
    )


def _activation_url(user):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = activation_token.make_token(user)
    return settings.SITE_URL + reverse("accounts:activate", args=[uid, token])


def _send_activation(user):
    mail.send(
        to=[user],
        subject=lambda: _("Konfirmasi email akun Portal KIM"),
        template="accounts/email/activate.txt",
        context={"user": user, "url": _activation_url(user)},
    )


def _activation_user(uidb64, token, queryset):
    try:
        pk = int(urlsafe_base64_decode(uidb64).decode())
        user = queryset.get(pk=pk)
    except (ValueError, User.DoesNotExist):
        return None
    if user.is_active or not activation_token.check_token(user, token):
        return None
    return user


def activation_pending(*, uidb64, token):
    """The account a valid activation link would activate, or None; changes nothing
    (the link's page asks for a click: mail scanners open links, they do not POST)."""
    return _activation_user(uidb64, token, User.objects.kim_managers())


@transaction.atomic
def manager_activate(*, uidb64, token):
    """The user of a valid activation link, now active; None for a bad or used link."""
    user = _activation_user(uidb64, token, User.objects.kim_managers().select_for_update())
    if user is None:
        return None
    user.is_active = True
    user.save(update_fields=["is_active"])
    audit.record(
        actor=user, obj=user, action=AccountAction.ACTIVATED, changes={"is_active": [False, True]}
    )
    return user


def manager_invite(*, actor, username, email, first_name="", last_name=""):
    """A regency officer invites a KIM manager of their regency."""
    return user_create(
        actor=actor,
        username=username,
        email=email,
        role=Role.MANAGER,
        regency=actor.regency,
        first_name=first_name,
        last_name=last_name,
    )


@transaction.atomic
def user_update(*, actor, user, **fields):
    """Change an account (anyone their own profile; officers as their permissions allow)."""
    before = User.objects.select_for_update().get(pk=user.pk)
    if before.pk != actor.pk:
        activity_only = set(fields) == {"is_active"}
        perm = "accounts.change_account_active" if activity_only else "accounts.change_account"
        require(actor, perm, before)
    for name, value in fields.items():
        setattr(user, name, value)
    if user.regency_id:
        user.province_id = user.regency.province_id
    user.full_clean(exclude=["password"])
    user.save()
    changes = audit.diff(before, user, AUDITED_FIELDS)
    if changes:
        action = AccountAction.ROLE_CHANGED if "role" in changes else AccountAction.UPDATED
        audit.record(actor=actor, obj=user, action=action, changes=changes)
    return user


def user_set_active(*, actor, user, active):
    return user_update(actor=actor, user=user, is_active=active)


RECOVERY_CODES = 10


@transaction.atomic
def two_factor_enable(*, user, device):
    """Confirm the user's authenticator app (its first code was right) and make one-time
    recovery codes for a lost phone; returns the codes, shown once."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    StaticDevice.objects.filter(user=user).delete()
    recovery = StaticDevice.objects.create(user=user, name=_("Kode pemulihan"))
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    recovery.token_set.bulk_create([StaticToken(device=recovery, token=code) for code in codes])
    audit.record(
        actor=user,
        obj=user,
        action=AccountAction.TWO_FACTOR_ENABLED,
        changes={"two_factor": [False, True]},
    )
    return codes
