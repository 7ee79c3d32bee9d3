"""A KIM and its life from draft to registration, with its status history."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kimportal.core.accounts.roles import Role, jurisdiction_q
from kimportal.core.areas.models import Regency, Village


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
    phone = models.CharField(_("telepon"), max_length=20, blank=True)
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
        indexes = [
            models.Index(fields=["regency", "status"]),
            models.Index(fields=["status", "submitted_at"]),
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
        instance._issued_number = getattr(instance, "nomor_induk", None)
        return instance

    def audit_scope(self):
        return (self.regency_id[:2], self.regency_id)

    @property
    def editable_by_manager(self):
        return self.status in EDITABLE_BY_MANAGER

    # --- access rules (see kimportal.core.access) ---
    @classmethod
    def access_q(cls, user):
        return jurisdiction_q(user, others=Q(managers=user))

    def writable_by(self, user):
        """Officers of the jurisdiction may correct data (audited); managers while editable."""
        if user.is_system_admin or user.role in (Role.PROVINCE, Role.REGENCY):
            return True
        return self.editable_by_manager

    def is_officer_of(self, user):
        """Regency officer of this KIM's regency, or provincial staff of its province."""
        return (user.role == Role.REGENCY and user.regency_id == self.regency_id) or (
            user.role == Role.PROVINCE and user.province_id == self.regency_id[:2]
        )


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
