"""Reminders: the day before an event to the managers of registered people, and to the
organisers when registration closes. Idempotent: a second run sends nothing."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from capacity.models import Event
from capacity.services.reminders import event_reminders
from kimportal.core.accounts.roles import Role
from tests.capacity.helpers import board_of, register
from tests.factories import UserFactory
from tests.registry.letter_helpers import registered_kim


def _event_tomorrow_at_nine():
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    starts = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time(9)))
    now = timezone.now()
    return Event.objects.create(
        kind="bimtek",
        title="Bimtek Besok",
        province_id="36",
        regency_id="36.04",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=6),
        venue="Aula",
        hours_jp=6,
        quota=10,
        registration_opens=now - datetime.timedelta(days=5),
        registration_closes=now - datetime.timedelta(minutes=5),
        status="open",
    )


@pytest.mark.django_db
def test_day_before_reminder_and_closing_notice_are_sent_once(
    manager, officer_kab_serang, django_capture_on_commit_callbacks
):
    kim = registered_kim(managers=[manager])
    event = _event_tomorrow_at_nine()
    registration = register(event, kim, board_of(kim)[0])
    register(event, kim, board_of(kim)[1], status="waitlisted")
    UserFactory(role=Role.MANAGER, regency_id="36.04")  # manages nothing: hears nothing
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):  # e-mail goes after the commit
        run = event_reminders()
        again = event_reminders()

    assert (run.reminded_events, run.closed_events) == (1, 1)
    assert (again.reminded_events, again.closed_events) == (0, 0)
    reminder = next(m for m in mail.outbox if m.to == [manager.email])
    assert "Bimtek Besok" in reminder.subject
    assert registration.code_display in reminder.body
    assert board_of(kim)[1].full_name not in reminder.body  # waitlisted: not told to come
    closing = next(m for m in mail.outbox if m.to == [officer_kab_serang.email])
    assert "ditutup" in closing.subject.lower()
    assert len(mail.outbox) == 2
    event.refresh_from_db()
    assert event.status == "closed"


@pytest.mark.django_db
def test_no_reminder_two_days_ahead(manager):
    kim = registered_kim(managers=[manager])
    event = _event_tomorrow_at_nine()
    register(event, kim)
    with time_machine.travel(timezone.now() - datetime.timedelta(days=1), tick=False):
        run = event_reminders()
    assert run.reminded_events == 0


@pytest.mark.django_db
def test_command_prints_a_summary(capsys):
    call_command("event_reminders")
    assert "Pengingat: 0 kegiatan" in capsys.readouterr().out
