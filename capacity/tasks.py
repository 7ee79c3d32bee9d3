"""Capacity's scheduled work (each also a management command)."""

from celery import shared_task

from capacity.services.reminders import event_reminders
from kimportal.core.jobs.tasking import PortalTask


@shared_task(base=PortalTask, name="capacity.event_reminders")
def event_reminders_task():
    """Hourly: reminders the day before events, registrations closed when their window
    ends (manage.py event_reminders). Run twice, it sends nothing twice."""
    run = event_reminders()
    return {"reminder_mails": run.reminder_mails, "closing_mails": run.closing_mails}
