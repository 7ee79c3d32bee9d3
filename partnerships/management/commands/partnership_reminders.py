import datetime

from django.core.management.base import BaseCommand

from partnerships.services.agreements import agreements_expire
from partnerships.services.reminders import reminders_send


class Command(BaseCommand):
    help = (
        "Daily: expire agreements past their end date, then e-mail officers and KIM managers "
        "about agreements ending within 60 days, reports awaiting review or clarification, "
        "and overdue follow-ups. Idempotent: a reminder already sent is not sent again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", type=datetime.date.fromisoformat, help="Run as of this day (YYYY-MM-DD)."
        )

    def handle(self, *args, date=None, **options):
        expired = agreements_expire(today=date)
        result = reminders_send(today=date)
        self.stdout.write(
            f"{expired} perjanjian berakhir; {result.emails} email pengingat "
            f"({result.reminders} pengingat baru, {result.skipped} sudah pernah dikirim)."
        )
