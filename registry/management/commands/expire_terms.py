from django.core.management.base import BaseCommand

from registry.services.workflow import kims_deactivate_expired


class Command(BaseCommand):
    help = "Mark registered KIM inactive when their board's term ended (run daily, e.g. cron)."

    def handle(self, *args, **options):
        count = kims_deactivate_expired()
        self.stdout.write(f"{count} KIM dinonaktifkan karena masa bakti berakhir.")
