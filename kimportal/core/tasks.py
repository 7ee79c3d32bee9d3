"""The core's Celery tasks (found by `app.autodiscover_tasks()`)."""

from kimportal.core.accounts.tasks import password_reset_send
from kimportal.core.jobs.tasks import cleanup_files, requeue_stalled, run_job
from kimportal.core.mail import send_email

__all__ = ["cleanup_files", "password_reset_send", "requeue_stalled", "run_job", "send_email"]
