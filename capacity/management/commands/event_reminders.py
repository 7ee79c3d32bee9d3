"""Daily (or hourly): e-mail reminders the day before events, and close registration
when its window ends, telling the organisers. Safe to run again: nothing is sent twice."""

from django.core.management.base import BaseCommand

from capacity.services.reminders import event_reminders


class Command(BaseCommand):
    help = "Send event reminders due now and close registrations whose window ended."

    def handle(self, *args, **options):
        run = event_reminders()
        self.stdout.write(
            f"Pengingat: {run.reminded_events} kegiatan, {run.reminder_mails} email; "
            f"pendaftaran ditutup: {run.closed_events} kegiatan, {run.closing_mails} email."
        )
