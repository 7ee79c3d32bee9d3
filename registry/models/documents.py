"""Uploaded legal documents. Files live outside the web root under random names."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .kim import Kim
from .roster import Member


class DocumentKind(models.TextChoices):
    SK = "sk", _("SK Kepala Desa/Lurah")
    ROSTER_SCAN = "roster_scan", _("Susunan pengurus yang diketahui kepala desa/lurah")
    DECLARATION = "declaration", _("Surat pernyataan pengurus")
    # One scan holding every board member's statement: what most villages actually send.
    DECLARATION_BUNDLE = "declaration_bundle", _("Surat pernyataan seluruh pengurus (satu berkas)")


def _random_path(instance, filename):
    # The original name is kept in the row, never in the path: names can carry personal data.
    return f"documents/{instance.kim_id}/{uuid.uuid4().hex}"


class Document(models.Model):
    kim = models.ForeignKey(Kim, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("jenis"), max_length=20, choices=DocumentKind.choices)
    member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="declarations"
    )
    file = models.FileField(upload_to=_random_path, max_length=200)
    content_type = models.CharField(max_length=50)  # detected from the bytes
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    original_name = models.CharField(max_length=200)
    is_current = models.BooleanField(default=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    # SK Kepala Desa/Lurah
    number = models.CharField(_("nomor SK"), max_length=100, blank=True)
    issued_on = models.DateField(_("tanggal SK"), null=True, blank=True)
    issuer_name = models.CharField(_("nama penandatangan"), max_length=150, blank=True)
    issuer_office = models.CharField(
        _("jabatan penandatangan"),
        max_length=150,
        blank=True,
        help_text=_("Misalnya: Kepala Desa Kramatwatu."),
    )
    # Roster acknowledged by the kepala desa/lurah
    acknowledged_by = models.CharField(_("diketahui oleh"), max_length=150, blank=True)
    acknowledged_on = models.DateField(_("tanggal diketahui"), null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("dokumen")
        verbose_name_plural = _("dokumen")
        indexes = [models.Index(fields=["kim", "kind", "is_current"])]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.kim}"

    def jurisdiction(self):
        return self.kim.jurisdiction()
