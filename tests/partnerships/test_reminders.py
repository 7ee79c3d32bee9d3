"""The daily reminders: who hears of what, one e-mail per person, idempotent per day."""

import pytest
from django.core import mail
from django.core.management import call_command

from kimportal.core.accounts.roles import Role
from partnerships.models import ReminderSent
from partnerships.services.reminders import due_reminders, reminders_send
from tests.factories import UserFactory
from tests.partnerships.helpers import DAY, make_agreement, make_report, make_visit, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(kim, manager, officer_kab_serang, officer_kota_serang, province_staff):
    ending = make_agreement(
        [kim], status="active", title="Berakhir sebentar lagi", end=today() + 20 * DAY
    )
    make_agreement([kim], status="active", title="Masih lama", end=today() + 200 * DAY)
    make_report(ending, kim, title="Laporan menunggu")
    make_report(
        ending,
        kim,
        title="Laporan perlu klarifikasi",
        status="clarification",
        review_note="Lampirkan foto.",
    )
    make_visit(
        kim, follow_ups=[("Perbarui KIM.id", -3), ("Belum jatuh tempo", 5)], by=province_staff
    )
    return ending


def _texts(reminders):
    return " | ".join(r.text for r in reminders)


def test_officers_and_managers_hear_of_what_concerns_them(
    world, manager, officer_kab_serang, officer_kota_serang, province_staff
):
    due = due_reminders()
    officer = _texts(due[officer_kab_serang])
    assert "Berakhir sebentar lagi" in officer
    assert "Masih lama" not in officer
    assert "Laporan menunggu" in officer
    assert "Perbarui KIM.id" in officer
    assert "Belum jatuh tempo" not in officer
    mgr = _texts(due[manager])
    assert "Berakhir sebentar lagi" in mgr
    assert "perlu klarifikasi" in mgr
    assert "Perbarui KIM.id" in mgr
    assert "Laporan menunggu" not in mgr
    # Staff who logged the visit hear of its overdue follow-up, not of the regency's
    # agreement (they do not act on it).
    staff = _texts(due[province_staff])
    assert "Perbarui KIM.id" in staff
    assert "Berakhir" not in staff
    assert officer_kota_serang not in due


def test_one_email_per_person_and_a_second_run_the_same_day_sends_nothing(
    world, manager, officer_kab_serang, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = reminders_send()
    assert first.emails == len(mail.outbox) == 3  # the officer, the manager, the staff
    by_address = {message.to[0]: message for message in mail.outbox}
    body = by_address[officer_kab_serang.email].body
    assert "Laporan menunggu" in body
    assert "/kemitraan/laporan/" in body

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        second = reminders_send()
    assert second.emails == 0
    assert mail.outbox == []
    assert second.skipped == first.reminders


def test_a_thing_is_reminded_again_at_its_next_stage(
    world, officer_kab_serang, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reminders_send()
    mail.outbox.clear()
    # A week later the same report has waited a week longer: reminded once more; the
    # agreement is still in its 30-day stage: not again.
    with django_capture_on_commit_callbacks(execute=True):
        reminders_send(today=today() + 7 * DAY)
    body = next(m.body for m in mail.outbox if m.to == [officer_kab_serang.email])
    assert "Laporan menunggu" in body
    assert "Berakhir sebentar lagi" not in body
    # Fewer than 7 days left: the last stage.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reminders_send(today=today() + 14 * DAY)
    body = next(m.body for m in mail.outbox if m.to == [officer_kab_serang.email])
    assert "Berakhir sebentar lagi" in body


def test_the_command_expires_then_reminds_and_says_what_it_did(
    world, kim, capsys, django_capture_on_commit_callbacks
):
    make_agreement(
        [kim], status="active", title="Sudah lewat", start=today() - 400 * DAY, end=today() - DAY
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("partnership_reminders")
    out = capsys.readouterr().out
    assert out.startswith("1 perjanjian berakhir; 3 email pengingat")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("partnership_reminders")
    assert "0 perjanjian berakhir; 0 email pengingat" in capsys.readouterr().out
    assert ReminderSent.objects.values("recipient").distinct().count() == 3


def test_inactive_accounts_and_accounts_without_email_get_nothing(world, officer_kab_serang):
    officer_kab_serang.is_active = False
    officer_kab_serang.save(update_fields=["is_active"])
    silent = UserFactory(role=Role.REGENCY, regency_id="36.04", email="")
    due = due_reminders()
    assert officer_kab_serang not in due
    result = reminders_send()
    assert silent in due
    assert not ReminderSent.objects.filter(recipient=silent).exists()
    assert result.emails == 2


def test_a_reminder_reads_in_the_language_it_is_rendered_in(world, officer_kab_serang):
    from django.utils import translation

    ending = next(
        r for r in due_reminders()[officer_kab_serang] if r.key.startswith("agreement-ending")
    )
    assert "20 hari lagi" in ending.text
    with translation.override("en"):
        assert "20 days left" in ending.text
