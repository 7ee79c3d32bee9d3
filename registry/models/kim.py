"""A KIM and its life from draft to registration, with its status history."""

import re

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from kimportal.core.access.predicates import jurisdiction_q
from kimportal.core.areas.models import Regency, Village
from kimportal.core.fields import EncryptedCharField
from kimportal.core.text import validate_phone


class KimStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Diajukan")
    RETURNED = "returned", _("Dikembalikan untuk perbaikan")
    APPROVED = "approved", _("Disetujui")
    REJECTED = "rejected", _("Ditolak")
    REGISTERED = "registered", _("Terdaftar")
    INACTIVE = "inactive", _("Tidak aktif")
    REVOKED = "revoked", _("Dicabut")


# A manager edits the profile, documents and roster only while these hold.
EDITABLE_BY_MANAGER = (KimStatus.DRAFT, KimStatus.RETURNED)

STATUS_TONES = {
    KimStatus.REGISTERED: "success",
    KimStatus.SUBMITTED: "primary",
    KimStatus.APPROVED: "info",
    KimStatus.RETURNED: "warning",
    KimStatus.REJECTED: "danger",
    KimStatus.REVOKED: "danger",
}

kimid_validator = RegexValidator(
    r"^https?://[a-z0-9-]+\.kim\.id/?$",
    _("Alamat KIM.id berbentuk https://nama.kim.id"),
    code="invalid_kimid",  # not "invalid": the form would swap in its generic URL message
)


class Kim(models.Model):
    name = models.CharField(_("nama KIM"), max_length=150)
    village = models.ForeignKey(
        Village, verbose_name=_("desa/kelurahan"), on_delete=models.PROTECT, related_name="kims"
    )
    # Derived from the village; stored so jurisdiction filters are one indexed column.
    regency = models.ForeignKey(
        Regency, on_delete=models.PROTECT, related_name="kims", editable=False
    )
    address = models.TextField(_("alamat sekretariat"))
    phone = EncryptedCharField(_("telepon"), max_length=20, blank=True, validators=[validate_phone])
    email = models.EmailField(_("email"), blank=True)
    founded_on = models.DateField(_("tanggal berdiri"), null=True, blank=True)
    focus = models.CharField(
        _("bidang fokus"),
        max_length=250,
        blank=True,
        help_text=_("Misalnya: pertanian, kesehatan, UMKM, pariwisata."),
    )
    website = models.URLField(_("situs web"), blank=True)
    kimid_address = models.URLField(_("alamat KIM.id"), blank=True, validators=[kimid_validator])
    kimid_id = models.CharField(_("ID KIM.id"), max_length=50, blank=True)
    social_links = models.TextField(
        _("media sosial"), blank=True, help_text=_("Satu tautan per baris.")
    )
    member_count = models.PositiveIntegerField(_("jumlah anggota"), null=True, blank=True)

    status = models.CharField(
        _("status"),
        max_length=20,
        choices=KimStatus.choices,
        default=KimStatus.DRAFT,
        db_index=True,
    )
    submitted_at = models.DateTimeField(_("diajukan pada"), null=True, blank=True)
    nomor_induk = models.CharField(
        _("Nomor Induk"), max_length=60, null=True, blank=True, unique=True
    )
    registered_at = models.DateTimeField(_("terdaftar pada"), null=True, blank=True)

    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pengelola"),
        related_name="managed_kims",
        blank=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("KIM")
        verbose_name_plural = _("KIM")
        ordering = ["name"]
        # Each sort the KIM list and review queue offer (KimFilterForm.SORTS), alone, under
        # a status filter and under a regency filter, ending in id: pages are read by
        # seeking in these (kimportal/core/pagination.py), not by sorting every KIM.
        # Name order has registry_kim_dir_name and _dir_regency_name (migration 0003).
        indexes = [
            # The submission date too: the queue's count ("date is set") stays index-only.
            models.Index(fields=["regency", "status", "submitted_at"], name="kim_regency_status"),
            models.Index(fields=["status", "submitted_at", "id"], name="kim_status_submitted"),
            models.Index(fields=["status", "updated_at", "id"], name="kim_status_updated"),
            models.Index(fields=["status", "name", "id"], name="kim_status_name"),
            models.Index(fields=["submitted_at", "id"], name="kim_submitted"),
            models.Index(fields=["updated_at", "id"], name="kim_updated"),
            models.Index(fields=["regency", "submitted_at", "id"], name="kim_regency_submitted"),
            models.Index(fields=["regency", "updated_at", "id"], name="kim_regency_updated"),
            # The directory's sort by registration, both ways, over public KIM only: the
            # others have no date and would sit in front of every backward scan.
            models.Index(
                F("registered_at").desc(nulls_last=True),
                F("id").desc(),
                name="kim_public_registered",
                condition=Q(status__in=["registered", "inactive", "revoked"]),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        issued = getattr(self, "_issued_number", None)
        if issued and self.nomor_induk != issued:
            raise ValueError("A Nomor Induk is immutable once issued.")
        if self.village_id and not self.regency_id:
            self.regency_id = self.village_id[:5]
        super().save(*args, **kwargs)
        self._issued_number = self.nomor_induk

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # Read from the loaded values: touching a deferred field would cost a query per row
        # (and a row loaded without it cannot write it either).
        loaded = dict(zip(field_names, values, strict=True))
        instance._issued_number = loaded.get("nomor_induk")
        return instance

    @property
    def titled_name(self):
        """The name as a sentence names it: "KIM Cimuncang", never "KIM KIM Cimuncang"."""
        name = self.name.strip()
        return name if re.match(r"kim\b", name, re.IGNORECASE) else f"KIM {name}"

    def jurisdiction(self):
        # Derived from the village until saved (a KIM being created is asked about too).
        regency = self.regency_id or (self.village_id or "")[:5]
        return (regency[:2], regency)

    def is_managed_by(self, user):
        """One of this KIM's managers (asked by the permissions; one query per KIM)."""
        if not user.is_authenticated:
            return False
        if getattr(self, "_manager_ids", None) is None:
            self._manager_ids = set(self.managers.values_list("pk", flat=True))
        return user.pk in self._manager_ids

    # --- yes/no questions about the state (templates and services ask these) ---
    @property
    def editable_by_manager(self):
        """Its managers edit the profile, documents and board only now."""
        return self.status in EDITABLE_BY_MANAGER

    @property
    def regency_fixed(self):
        """Submitted at least once: its regency no longer changes with a village pick."""
        return self.submitted_at is not None

    @property
    def can_be_submitted(self):
        return self.status in (KimStatus.DRAFT, KimStatus.RETURNED)

    @property
    def is_resubmission(self):
        return self.status == KimStatus.RETURNED

    @property
    def under_review(self):
        return self.status == KimStatus.SUBMITTED

    @property
    def awaits_number(self):
        return self.status == KimStatus.APPROVED

    @property
    def is_registered(self):
        """Registered and active: it can get letters, agreements and events."""
        return self.status == KimStatus.REGISTERED

    @property
    def is_inactive(self):
        return self.status == KimStatus.INACTIVE

    @property
    def is_revoked(self):
        return self.status == KimStatus.REVOKED

    @property
    def is_rejected(self):
        return self.status == KimStatus.REJECTED

    @property
    def can_get_letter(self):
        return self.is_registered and bool(self.nomor_induk)

    @property
    def next_step(self):
        """What its managers do or wait for now, in a sentence."""
        steps = {
            KimStatus.DRAFT: _("Langkah berikutnya: lengkapi persyaratan lalu ajukan."),
            KimStatus.RETURNED: _("Langkah berikutnya: perbaiki sesuai catatan lalu ajukan ulang."),
            KimStatus.SUBMITTED: _("Menunggu peninjauan Diskominfo Provinsi."),
            KimStatus.APPROVED: _(
                "Disetujui; menunggu Nomor Induk dari Diskominfo kabupaten/kota."
            ),
        }
        if self.status == KimStatus.REGISTERED:
            return _("Terdaftar dengan Nomor Induk %(n)s.") % {"n": self.nomor_induk}
        return steps.get(self.status, self.get_status_display())

    @property
    def status_tone(self):
        """The badge colour of its status."""
        return STATUS_TONES.get(self.status, "secondary")

    # --- list rule (see kimportal.core.access) ---
    @classmethod
    def access_q(cls, user):
        return jurisdiction_q(user, others=Q(managers=user))

    def refresh_from_db(self, *args, **kwargs):
        self._manager_ids = None
        super().refresh_from_db(*args, **kwargs)


class StatusChange(models.Model):
    """One step of the workflow: who moved the KIM from what to what, and why."""

    kim = models.ForeignKey(Kim, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=KimStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=KimStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("catatan"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("perubahan status")
        verbose_name_plural = _("perubahan status")

    def __str__(self):
        return f"{self.kim}: {self.from_status or '-'} -> {self.to_status}"


class VerificationNote(models.Model):
    """A regency officer's (or staff's) note on an application at any stage."""

    kim = models.ForeignKey(Kim, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("catatan verifikasi"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("catatan verifikasi")
        verbose_name_plural = _("catatan verifikasi")

    def __str__(self):
        return f"{self.kim}: {self.text[:50]}"
