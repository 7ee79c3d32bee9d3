"""Forum KIM (FK-KIM): the communication forum of the KIM of a regency/city or province.

A forum has a board that follows the KIM roster rules (registry/selectors/board_rules.py),
member KIM, and a contact. Forums can be party to agreements and are invited to
coordination meetings.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kimportal.core.access.predicates import jurisdiction_q
from kimportal.core.fields import BlindIndexField, EncryptedCharField
from kimportal.core.text import validate_phone

from .dinas import OfDinas


class Forum(OfDinas):
    name = models.CharField(_("nama forum"), max_length=150)
    address = models.TextField(_("alamat sekretariat"), blank=True)
    founded_on = models.DateField(_("tanggal dibentuk"), null=True, blank=True)
    decree = models.CharField(
        _("dasar pembentukan"),
        max_length=200,
        blank=True,
        help_text=_("Misalnya: SK Bupati Serang Nomor 480/Kep.12/2024."),
    )
    term_start = models.DateField(_("awal masa bakti pengurus"), null=True, blank=True)
    term_end = models.DateField(_("akhir masa bakti pengurus"), null=True, blank=True)
    contact_name = models.CharField(_("narahubung"), max_length=150, blank=True)
    contact_phone = EncryptedCharField(
        _("telepon narahubung"), max_length=20, blank=True, validators=[validate_phone]
    )
    contact_email = models.EmailField(_("email forum"), blank=True)
    kims = models.ManyToManyField(
        "registry.Kim", verbose_name=_("KIM anggota"), related_name="partnership_forums", blank=True
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("forum KIM")
        verbose_name_plural = _("forum KIM")
        ordering = ["dinas_code", "name"]

    def __str__(self):
        return self.name

    @classmethod
    def access_q(cls, user):
        return jurisdiction_q(user, province="province")


class ForumMember(models.Model):
    """A member of the forum's board (same positions and NIK rules as a KIM's board)."""

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="members")
    nik = EncryptedCharField(_("NIK"), max_length=16)
    nik_hash = BlindIndexField(source="nik")
    full_name = models.CharField(_("nama lengkap"), max_length=150)
    position = models.CharField(_("jabatan"), max_length=20)
    position_detail = models.CharField(_("keterangan jabatan"), max_length=100, blank=True)
    gender = models.CharField(_("jenis kelamin"), max_length=1)
    phone = EncryptedCharField(_("telepon"), max_length=20, blank=True, validators=[validate_phone])
    kim = models.ForeignKey(
        "registry.Kim",
        verbose_name=_("asal KIM"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("pengurus forum")
        verbose_name_plural = _("pengurus forum")
        constraints = [
            models.UniqueConstraint(fields=["forum", "nik_hash"], name="unique_nik_per_forum_board")
        ]

    def __str__(self):
        return f"{self.full_name} ({self.position})"

    def jurisdiction(self):
        return self.forum.jurisdiction()


class ForumInvitation(models.Model):
    """A forum invited to a coordination meeting (rakor): what, when, where, and the e-mail
    sent to the forum's contact. The meeting itself may be an event of the capacity pages;
    its address goes in `link`."""

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="invitations")
    title = models.CharField(_("rapat"), max_length=200)
    starts_at = models.DateTimeField(_("waktu"))
    place = models.CharField(_("tempat"), max_length=250)
    link = models.URLField(
        _("tautan kegiatan"),
        blank=True,
        help_text=_("Misalnya halaman kegiatan rakor di Portal KIM, atau tautan rapat daring."),
    )
    note = models.TextField(_("catatan"), blank=True)
    emailed_to = models.EmailField(_("dikirim ke"), blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    invited_at = models.DateTimeField(_("diundang pada"), auto_now_add=True)

    class Meta:
        verbose_name = _("undangan rakor")
        verbose_name_plural = _("undangan rakor")
        ordering = ["-starts_at", "-pk"]

    def __str__(self):
        return f"{self.forum} · {self.title}"

    def jurisdiction(self):
        return self.forum.jurisdiction()
