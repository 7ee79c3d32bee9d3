"""Account tasks (listed in kimportal/core/tasks.py for Celery's autodiscovery)."""

from urllib.parse import urlsplit

from celery import shared_task
from django.conf import settings

from kimportal.core.accounts.forms import PasswordResetByTaskForm
from kimportal.core.jobs.tasking import PortalTask


@shared_task(base=PortalTask, name="accounts.password_reset")
def password_reset_send(email):
    """Find the active accounts of `email` and mail each a reset link (none: nothing)."""
    form = PasswordResetByTaskForm(data={"email": email})
    if form.is_valid():
        # No request here: the site is SITE_URL (the e-mail's link is built from it too).
        form.save(domain_override=urlsplit(settings.SITE_URL).netloc)
    return "done"
