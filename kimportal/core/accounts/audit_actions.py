"""What the trail records about accounts, in people's words."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kimportal.core.audit.actions import catalogue


@catalogue(
    prefix="accounts.",
    label=_("Akun"),
    fields={
        "subject": _("subjek e-mail"),
        "error": _("galat"),
        "two_factor": _("verifikasi dua langkah"),
    },
)
class AccountAction(models.TextChoices):
    CREATED = "accounts.user.created", _("Akun dibuat")
    SIGNED_UP = "accounts.user.signed_up", _("Pendaftaran akun pengelola")
    ACTIVATED = "accounts.user.activated", _("Akun diaktifkan melalui email")
    UPDATED = "accounts.user.updated", _("Akun diubah")
    ROLE_CHANGED = "accounts.user.role_changed", _("Peran akun diubah")
    MAIL_FAILED = "accounts.user.mail_failed", _("E-mail ke akun ini gagal dikirim")
    TWO_FACTOR_ENABLED = "accounts.user.two_factor_enabled", _("Verifikasi dua langkah diaktifkan")
