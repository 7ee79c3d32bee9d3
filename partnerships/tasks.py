"""Partnerships' scheduled work (each also a management command)."""

from celery import shared_task

from kimportal.core.jobs.tasking import PortalTask
from partnerships.services.agreements import agreements_expire
from partnerships.services.reminders import reminders_send


@shared_task(base=PortalTask, name="partnerships.daily")
def partnerships_daily():
    """Daily: agreements past their end date expire, then officers and KIM managers are
    reminded of what concerns them (manage.py partnership_reminders). Run twice, it
    expires and sends nothing the second time."""
    expired = agreements_expire()
    run = reminders_send()
    return {"expired": expired, "emails": run.emails, "reminders": run.reminders}
