from django.core.management.base import BaseCommand

from partnerships.services.agreements import agreements_expire


class Command(BaseCommand):
    help = "Mark active agreements expired once their end date has passed (run daily)."

    def handle(self, *args, **options):
        count = agreements_expire()
        self.stdout.write(f"{count} perjanjian berakhir karena masa berlakunya habis.")
