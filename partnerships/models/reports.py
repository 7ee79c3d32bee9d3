"""Activity reports a KIM files under an active agreement, tagged with ADINDA principles,
and reviewed by officers of the agreement's Dinas."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kimportal.core.access.predicates import jurisdiction_q


class Adinda(models.TextChoices):
    """The work principles of KIM (ADINDA)."""

    AKSES = "akses", _("Akses informasi")
    DISKUSI = "diskusi", _("Diskusi")
    IMPLEMENTASI = "implementasi", _("Implementasi")
    NETWORKING = "networking", _("Networking")
    DISEMINASI = "diseminasi", _("Diseminasi")
    ASPIRASI = "aspirasi", _("Aspirasi")


class Channel(models.TextChoices):
    SOCIAL_MEDIA = "social_media", _("Media sosial")
    MESSAGING = "messaging", _("Pesan instan (WhatsApp, Telegram)")
    FACE_TO_FACE = "face_to_face", _("Tatap muka")
    WEBSITE = "website", _("Situs web / KIM.id")
    OTHER = "other", _("Radio / lainnya")


class ReportStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Menunggu tinjauan")
    ACCEPTED = "accepted", _("Diterima")
    CLARIFICATION = "clarification", _("Perlu klarifikasi")


STATUS_TONES = {
    ReportStatus.SUBMITTED: "primary",
    ReportStatus.ACCEPTED: "success",
    ReportStatus.CLARIFICATION: "warning",
}


class ActivityReport(models.Model):
    agreement = models.ForeignKey(
        "partnerships.Agreement",
        verbose_name=_("perjanjian"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    kim = models.ForeignKey(
        "registry.Kim",
        verbose_name=_("KIM"),
        on_delete=models.PROTECT,
        related_name="partnership_reports",
    )
    held_on = models.DateField(_("tanggal kegiatan"))
    title = models.CharField(_("judul kegiatan"), max_length=200)
    description = models.TextField(_("uraian"))
    principles = models.JSONField(_("prinsip ADINDA"), default=list)
    channel = models.CharField(_("saluran"), max_length=20, choices=Channel.choices)
    reach = models.PositiveIntegerField(_("jangkauan (orang)"), null=True, blank=True)
    links = models.TextField(
        _("tautan bukti"), blank=True, help_text=_("Satu tautan per baris (unggahan, berita).")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.SUBMITTED
    )
    review_note = models.TextField(_("catatan tinjauan"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("ditinjau pada"), null=True, blank=True)
    # When it last entered the review queue (filed, or answered after a clarification).
    submitted_at = models.DateTimeField(_("dikirim pada"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("laporan kegiatan")
        verbose_name_plural = _("laporan kegiatan")
        ordering = ["-held_on", "-pk"]
        indexes = [
            models.Index(fields=["agreement", "status"]),
            models.Index(fields=["kim", "held_on"]),
            models.Index(fields=["status", "submitted_at"]),
            # The two orders the list offers, so a page reads 20 rows, not every report.
            models.Index(fields=["-held_on", "-id"], name="report_list_held"),
            models.Index(fields=["-status", "submitted_at", "id"], name="report_list_queue"),
        ]

    def __str__(self):
        return f"{self.held_on:%Y-%m-%d} · {self.title}"

    @classmethod
    def access_q(cls, user):
        return jurisdiction_q(
            user,
            regency="agreement__regency",
            province="agreement__province",
            others=Q(kim__managers=user),
        )

    def jurisdiction(self):
        return self.agreement.jurisdiction()

    def is_managed_by(self, user):
        return self.kim.is_managed_by(user)

    @property
    def principle_labels(self):
        labels = dict(Adinda.choices)
        return [labels[p] for p in Adinda.values if p in self.principles]

    @property
    def link_list(self):
        return [line.strip() for line in self.links.splitlines() if line.strip()]

    @property
    def status_tone(self):
        return STATUS_TONES.get(self.status, "secondary")

    @property
    def awaits_review(self):
        return self.status == ReportStatus.SUBMITTED

    @property
    def needs_clarification(self):
        return self.status == ReportStatus.CLARIFICATION

    @property
    def is_accepted(self):
        return self.status == ReportStatus.ACCEPTED


def _photo_path(instance, filename):
    return f"reports/{instance.report_id}/{uuid.uuid4().hex}"


class ReportPhoto(models.Model):
    """A photo of the activity (JPG/PNG, checked by content, served only by access check)."""

    report = models.ForeignKey(ActivityReport, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(upload_to=_photo_path, max_length=200)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    original_name = models.CharField(max_length=200)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("foto kegiatan")
        verbose_name_plural = _("foto kegiatan")

    def __str__(self):
        return self.original_name

    def jurisdiction(self):
        return self.report.jurisdiction()
