"""Supervision (supervisi terpadu) and mentoring (pendampingan) of KIM, with follow-ups."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from kimportal.core.access.predicates import jurisdiction_q


class VisitKind(models.TextChoices):
    SUPERVISION = "supervision", _("Supervisi terpadu")
    MENTORING = "mentoring", _("Pendampingan")


class Visit(models.Model):
    kim = models.ForeignKey(
        "registry.Kim", verbose_name=_("KIM"), on_delete=models.PROTECT, related_name="+"
    )
    # Copied from the KIM: per-regency counts and jurisdiction filters are one column.
    regency = models.ForeignKey(
        "kimportal.Regency", on_delete=models.PROTECT, related_name="+", editable=False
    )
    kind = models.CharField(_("jenis"), max_length=20, choices=VisitKind.choices)
    visited_on = models.DateField(_("tanggal"))
    team = models.CharField(
        _("petugas"), max_length=300, help_text=_("Siapa yang hadir dari Diskominfo.")
    )
    topics = models.TextField(_("topik"))
    findings = models.TextField(_("temuan"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kunjungan")
        verbose_name_plural = _("kunjungan")
        ordering = ["-visited_on", "-pk"]
        indexes = [models.Index(fields=["regency", "visited_on"])]

    def __str__(self):
        return f"{self.get_kind_display()}, {date_format(self.visited_on, 'j F Y')}"

    @classmethod
    def access_q(cls, user):
        return jurisdiction_q(user, others=Q(kim__managers=user))

    def jurisdiction(self):
        return (self.regency_id[:2], self.regency_id)

    def is_managed_by(self, user):
        return self.kim.is_managed_by(user)


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("Terbuka")
    DONE = "done", _("Selesai")


class FollowUp(models.Model):
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="follow_ups")
    action = models.CharField(_("tindak lanjut"), max_length=300)
    due_on = models.DateField(_("tenggat"))
    status = models.CharField(
        _("status"), max_length=10, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN
    )
    done_at = models.DateTimeField(_("diselesaikan pada"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    done_note = models.TextField(_("catatan penyelesaian"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tindak lanjut")
        verbose_name_plural = _("tindak lanjut")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self):
        return self.action

    @classmethod
    def access_q(cls, user):
        return jurisdiction_q(user, regency="visit__regency", others=Q(visit__kim__managers=user))

    def jurisdiction(self):
        return self.visit.jurisdiction()

    def is_managed_by(self, user):
        return self.visit.is_managed_by(user)

    @property
    def is_open(self):
        return self.status == FollowUpStatus.OPEN

    @property
    def is_overdue(self):
        return self.is_open and self.due_on < timezone.localdate()
