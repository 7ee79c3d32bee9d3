"""What the trail records about jobs: a job that failed for good."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kimportal.core.audit.actions import catalogue


@catalogue(
    prefix="jobs.",
    label=_("Tugas latar"),
    fields={"kind": _("jenis tugas"), "error": _("galat")},
)
class JobAction(models.TextChoices):
    FAILED = "jobs.job.failed", _("Tugas latar gagal")
