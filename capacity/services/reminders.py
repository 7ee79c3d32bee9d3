"""Scheduled reminders (manage.py event_reminders; a periodic task once jobs land):

- the day before an event, each KIM manager (and each registered officer) gets the names
  of their registered people, the time, the place and the registration codes;
- when registration closes, the event's registration is closed and its organisers get
  the figures.

Idempotent: each event carries when its reminder and its closing notice were sent, set in
the same transaction that queues the mail; a second run the same day sends nothing.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from capacity import notifications
from capacity.audit_actions import EventAction
from capacity.models import Event, EventStatus, Registration, RegistrationStatus
from capacity.selectors.events import event_figures
from kimportal.core import audit
from kimportal.core.models import User


@dataclass
class ReminderRun:
    reminded_events: int = 0
    reminder_mails: int = 0
    closed_events: int = 0
    closing_mails: int = 0


def _recipients(registrations):
    """{email: [registration, ...]}: each manager hears about their own KIM's people."""
    kim_ids = {r.kim_id for r in registrations if r.kim_id}
    managers = defaultdict(set)
    for kim_id, email in User.objects.filter(is_active=True, managed_kims__in=kim_ids).values_list(
        "managed_kims", "email"
    ):
        if email:
            managers[kim_id].add(email)
    officers = dict(
        User.objects.filter(
            is_active=True, pk__in={r.officer_id for r in registrations if r.officer_id}
        ).values_list("pk", "email")
    )
    out = defaultdict(list)
    for registration in registrations:
        emails = managers.get(registration.kim_id, set()) if registration.kim_id else set()
        if registration.officer_id and officers.get(registration.officer_id):
            emails = emails | {officers[registration.officer_id]}
        for email in emails:
            out[email].append(registration)
    return out


def _send_reminders(event):
    registrations = list(
        Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).order_by(
            "organisation", "name"
        )
    )
    sent = 0
    url = notifications.event_url(event)
    for email, people in _recipients(registrations).items():
        sent += notifications.send(
            lambda: _("Pengingat: %(event)s besok") % {"event": event.title},
            "capacity/email/reminder.txt",
            {"event": event, "people": people, "url": url},
            [email],
        )
    return sent


@transaction.atomic
def _remind(event_id, now):
    event = (
        Event.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("province", "regency")
        .filter(pk=event_id, reminder_sent_at__isnull=True)
        .first()
    )
    if event is None:
        return None
    event.reminder_sent_at = now
    event.save(update_fields=["reminder_sent_at"])
    return event


@transaction.atomic
def _close(event_id, now):
    event = (
        Event.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("province", "regency")
        .filter(pk=event_id, closing_notice_sent_at__isnull=True)
        .first()
    )
    if event is None:
        return None
    event.closing_notice_sent_at = now
    fields = ["closing_notice_sent_at"]
    if event.status == EventStatus.OPEN:
        event.status = EventStatus.CLOSED
        fields += ["status", "updated_at"]
        audit.record(
            actor=None,
            obj=event,
            action=EventAction.CLOSED,
            changes={"status": [EventStatus.OPEN, EventStatus.CLOSED]},
        )
    event.save(update_fields=fields)
    return event


def event_reminders(*, now=None):
    """Send what is due now; returns what was done."""
    now = now or timezone.now()
    run = ReminderRun()
    tomorrow = timezone.localdate(now) + datetime.timedelta(days=1)
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(tomorrow, datetime.time.min, tzinfo=tz)
    due = Event.objects.filter(
        status__in=(EventStatus.OPEN, EventStatus.CLOSED),
        reminder_sent_at__isnull=True,
        starts_at__gte=start,
        starts_at__lt=start + datetime.timedelta(days=1),
    ).values_list("pk", flat=True)
    for event_id in list(due):
        event = _remind(event_id, now)
        if event is not None:
            run.reminded_events += 1
            run.reminder_mails += _send_reminders(event)
    closing = Event.objects.filter(
        status__in=(EventStatus.OPEN, EventStatus.CLOSED),
        closing_notice_sent_at__isnull=True,
        registration_closes__lte=now,
    ).values_list("pk", flat=True)
    for event_id in list(closing):
        event = _close(event_id, now)
        if event is not None:
            run.closed_events += 1
            figures = event_figures(event)
            run.closing_mails += notifications.send(
                lambda event=event: _("Pendaftaran ditutup: %(event)s") % {"event": event.title},
                "capacity/email/registration_closed.txt",
                {"event": event, "figures": figures, "url": notifications.event_url(event)},
                notifications.organisers_of(event),
            )
    return run
