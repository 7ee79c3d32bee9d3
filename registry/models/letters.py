"""Surat Keterangan Terdaftar: issued once, stored byte for byte, checked by token."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kimportal.core.access.predicates import jurisdiction_q
from kimportal.core.areas.models import Regency
from kimportal.core.verification.tokens import TOKEN_LENGTH, new_token, token_display

from .kim import Kim


class LetterStatus(models.TextChoices):
    # Numbered and recorded; a worker is rendering its PDF (seconds).
    PREPARING = "preparing", _("Sedang disiapkan")
    # Rendering failed for good: the number stays taken; an officer retries it.
    FAILED = "failed", _("Gagal dibuat")
    VALID = "valid", _("Berlaku")
    SUPERSEDED = "superseded", _("Digantikan")
    REVOKED = "revoked", _("Dicabut")


class Letter(models.Model):
    kim = models.ForeignKey(
        Kim, verbose_name=_("KIM"), on_delete=models.PROTECT, related_name="letters"
    )
    # Copied from the KIM: jurisdiction filters and the per-regency number constraint.
    regency = models.ForeignKey(Regency, on_delete=models.PROTECT, related_name="+", editable=False)
    number = models.CharField(_("nomor surat"), max_length=100)
    token = models.CharField(
        _("kode verifikasi"),
        max_length=TOKEN_LENGTH,
        unique=True,
        default=new_token,
        editable=False,
    )
    # What the letter says, as printed: the public page shows these, not today's values.
    kim_name = models.CharField(_("nama KIM"), max_length=150)
    nomor_induk = models.CharField(_("Nomor Induk"), max_length=60)
    issued_at = models.DateTimeField(_("diterbitkan pada"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("diterbitkan oleh"),
    )
    valid_until = models.DateField(_("berlaku sampai"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=LetterStatus.choices, default=LetterStatus.VALID
    )
    status_changed_at = models.DateTimeField(null=True, blank=True)
    superseded_by = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("digantikan oleh"),
    )
    # Empty until the worker has rendered it; then the exact bytes served on every download.
    pdf = models.BinaryField(editable=False, default=b"")
    size = models.PositiveIntegerField(editable=False, default=0)
    sha256 = models.CharField(max_length=64, db_index=True, editable=False, blank=True)
    render_attempts = models.PositiveSmallIntegerField(default=0, editable=False)
    render_error = models.TextField(blank=True, editable=False)
    # The bulk run (a job) that issued it, if any.
    job = models.ForeignKey(
        "kimportal.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verification_count = models.PositiveIntegerField(_("jumlah pemeriksaan"), default=0)

    class Meta:
        verbose_name = _("surat keterangan terdaftar")
        verbose_name_plural = _("surat keterangan terdaftar")
        ordering = ["-issued_at", "-pk"]
        constraints = [
            # Patterns are per regency, so a number is unique within its Dinas.
            models.UniqueConstraint(
                fields=["regency", "number"], name="letter_number_unique_per_regency"
            ),
            models.UniqueConstraint(
                fields=["kim"], condition=Q(status="valid"), name="one_valid_letter_per_kim"
            ),
            # A second click cannot start a second letter while one is being prepared.
            models.UniqueConstraint(
                fields=["kim"],
                condition=Q(status__in=["preparing", "failed"]),
                name="one_letter_in_flight_per_kim",
            ),
        ]
        indexes = [models.Index(fields=["kim", "status"])]

    def __str__(self):
        return f"{self.number} · {self.kim_name}"

    def save(self, *args, **kwargs):
        if self.kim_id and not self.regency_id:
            self.regency_id = self.kim.regency_id
        super().save(*args, **kwargs)

    def jurisdiction(self):
        return (self.regency_id[:2], self.regency_id)

    @property
    def token_display(self):
        return token_display(self.token)

    @property
    def filename(self):
        safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in self.nomor_induk)
        return f"Surat-Keterangan-Terdaftar-{safe}-{self.pk}.pdf"

    @property
    def is_expired(self):
        return bool(self.valid_until and self.valid_until < timezone.localdate())

    @property
    def is_valid(self):
        return self.status == LetterStatus.VALID

    @property
    def is_preparing(self):
        return self.status == LetterStatus.PREPARING

    @property
    def is_failed(self):
        return self.status == LetterStatus.FAILED

    @property
    def is_ready(self):
        """Its PDF is stored (it can be downloaded)."""
        return bool(self.sha256)

    @property
    def is_superseded(self):
        return self.status == LetterStatus.SUPERSEDED

    @property
    def is_revoked(self):
        return self.status == LetterStatus.REVOKED

    @property
    def status_tone(self):
        if self.is_preparing:
            return "info"
        if self.is_failed:
            return "danger"
        if self.is_valid:
            return "secondary" if self.is_expired else "success"
        return "warning" if self.is_superseded else "danger"

    @property
    def status_label(self):
        if self.is_valid and self.is_expired:
            return _("Masa berlaku habis")
        return self.get_status_display()

    # --- access rules (see kimportal.core.access) ---
    @classmethod
    def access_q(cls, user):
        return jurisdiction_q(user, others=Q(kim__managers=user))

    def is_managed_by(self, user):
        return self.kim.is_managed_by(user)
