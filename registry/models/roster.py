"""Board rosters (susunan pengurus): a KIM has one current roster; older ones are history."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kimportal.core.fields import BlindIndexField, EncryptedCharField
from kimportal.core.text import validate_phone

from .kim import Kim


class Position(models.TextChoices):
    KETUA = "ketua", _("Ketua")
    WAKIL_KETUA = "wakil_ketua", _("Wakil Ketua")
    SEKRETARIS = "sekretaris", _("Sekretaris")
    BENDAHARA = "bendahara", _("Bendahara")
    SEKSI = "seksi", _("Seksi/Bidang")
    ANGGOTA = "anggota", _("Anggota")


class Gender(models.TextChoices):
    MALE = "L", _("Laki-laki")
    FEMALE = "P", _("Perempuan")


class Roster(models.Model):
    kim = models.ForeignKey(Kim, on_delete=models.CASCADE, related_name="rosters")
    term_start = models.DateField(_("awal masa bakti"))
    term_end = models.DateField(_("akhir masa bakti"))
    is_current = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    source = models.CharField(max_length=20, default="form")  # "form" or "import:<file name>"
    # Set when retention blanked its members' names, NIK and phone numbers (ROSTER_RETENTION_YEARS).
    personal_data_removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("susunan pengurus")
        verbose_name_plural = _("susunan pengurus")
        constraints = [
            models.UniqueConstraint(
                fields=["kim"], condition=Q(is_current=True), name="one_current_roster_per_kim"
            ),
            models.CheckConstraint(
                condition=Q(term_end__gt=models.F("term_start")),
                name="roster_term_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.kim} {self.term_start:%Y}–{self.term_end:%Y}"

    def jurisdiction(self):
        return self.kim.jurisdiction()


class Member(models.Model):
    roster = models.ForeignKey(Roster, on_delete=models.CASCADE, related_name="members")
    # Encrypted at rest (kimportal/core/crypto.py); nik_hash answers "the same NIK?".
    nik = EncryptedCharField(_("NIK"), max_length=16)
    nik_hash = BlindIndexField(source="nik", db_index=True)
    full_name = models.CharField(_("nama lengkap"), max_length=150)
    position = models.CharField(_("jabatan"), max_length=20, choices=Position.choices)
    position_detail = models.CharField(
        _("keterangan jabatan"),
        max_length=100,
        blank=True,
        help_text=_("Misalnya: Seksi Penyebaran Informasi."),
    )
    gender = models.CharField(_("jenis kelamin"), max_length=1, choices=Gender.choices)
    phone = EncryptedCharField(_("telepon"), max_length=20, blank=True, validators=[validate_phone])
    # The four administrative declarations (syarat administratif).
    not_civil_servant = models.BooleanField(_("bukan ASN"), default=False)
    no_criminal_record = models.BooleanField(_("tidak pernah dipidana"), default=False)
    no_political_party = models.BooleanField(_("tidak berafiliasi partai politik"), default=False)
    no_ngo = models.BooleanField(_("tidak berafiliasi LSM"), default=False)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("pengurus")
        verbose_name_plural = _("pengurus")
        constraints = [
            # Blank once retention removed the NIKs of an old roster.
            models.UniqueConstraint(
                fields=["roster", "nik_hash"],
                condition=~Q(nik_hash=""),
                name="unique_nik_per_roster",
            ),
        ]

    def __str__(self):
        return f"{self.full_name} ({self.get_position_display()})"

    @property
    def declared_all(self):
        return (
            self.not_civil_servant
            and self.no_criminal_record
            and self.no_political_party
            and self.no_ngo
        )

    def jurisdiction(self):
        return self.roster.jurisdiction()
