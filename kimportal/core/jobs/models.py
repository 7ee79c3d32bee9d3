"""A job: long work a person (or the schedule) asked for, run by a Celery worker.

The row is the truth about the work: its state and progress are what the job page shows,
its result file is served only through the access-checked download view (MEDIA_ROOT is
never served), and it keeps the error when the work failed for good.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kimportal.core.access.predicates import is_system_admin


def _result_path(job, filename):
    # Under the job's id, which is unguessable; the name people see is `result_name`.
    return f"jobs/{job.pk}/{uuid.uuid4().hex}"


class JobState(models.TextChoices):
    QUEUED = "queued", _("Menunggu giliran")
    RUNNING = "running", _("Sedang berjalan")
    # Waiting for its parts (e.g. letters rendered by other workers) before it finishes.
    WAITING = "waiting", _("Sedang berjalan")
    SUCCEEDED = "succeeded", _("Selesai")
    FAILED = "failed", _("Gagal")


FINISHED = (JobState.SUCCEEDED, JobState.FAILED)


class Job(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("jenis"), max_length=80)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diminta oleh"),
        null=True,  # the schedule's own jobs
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    params = models.JSONField(default=dict, blank=True)
    language = models.CharField(max_length=10, default="id")  # the owner's, at the request
    state = models.CharField(
        _("status"), max_length=20, choices=JobState.choices, default=JobState.QUEUED
    )
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(null=True, blank=True)
    message = models.CharField(_("hasil"), max_length=300, blank=True)
    result = models.JSONField(default=dict, blank=True)  # what the kind keeps (errors, ids)
    result_file = models.FileField(upload_to=_result_path, max_length=200, blank=True)
    result_name = models.CharField(max_length=150, blank=True)
    result_content_type = models.CharField(max_length=100, blank=True)
    result_size = models.PositiveBigIntegerField(null=True, blank=True)
    error = models.TextField(_("galat"), blank=True)  # for the owner, in their words
    error_detail = models.TextField(blank=True)  # for system admins: the exception
    attempts = models.PositiveSmallIntegerField(default=0)
    task_id = models.CharField(max_length=64, blank=True)  # the delivery that may run it
    created_at = models.DateTimeField(_("diminta pada"), default=timezone.now)
    started_at = models.DateTimeField(_("mulai"), null=True, blank=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    expires_at = models.DateTimeField(_("berkas tersedia sampai"), null=True, blank=True)

    class Meta:
        verbose_name = _("tugas latar")
        verbose_name_plural = _("tugas latar")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["owner", "-created_at"]),
            models.Index(fields=["kind", "state", "-finished_at"]),
            models.Index(fields=["state", "created_at"]),
        ]

    def __str__(self):
        return f"{self.label} · {self.created_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("jobs:detail", args=[self.pk])

    @property
    def label(self):
        from kimportal.core.jobs.kinds import label_of

        return label_of(self.kind)

    @property
    def is_finished(self):
        return self.state in FINISHED

    @property
    def is_running(self):
        return self.state in (JobState.RUNNING, JobState.WAITING)

    @property
    def percent(self):
        if self.state == JobState.SUCCEEDED:
            return 100
        if not self.progress_total:
            return 0
        return min(100, int(100 * self.progress_done / self.progress_total))

    @property
    def is_expired(self):
        return bool(self.expires_at and self.expires_at <= timezone.now())

    @property
    def result_available(self):
        return self.state == JobState.SUCCEEDED and bool(self.result_file) and not self.is_expired

    @property
    def tone(self):
        return {
            JobState.SUCCEEDED: "success",
            JobState.FAILED: "danger",
            JobState.QUEUED: "secondary",
        }.get(self.state, "primary")

    # --- access rules (see kimportal.core.access): the owner, and system admins ---
    @classmethod
    def access_q(cls, user):
        return Q() if is_system_admin(user) else Q(owner=user)

    def jurisdiction(self):
        return ("", "")

    def is_managed_by(self, user):
        return self.owner_id == user.pk
