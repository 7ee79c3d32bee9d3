from django.core.management.base import BaseCommand

from registry.tasks import expire_terms


class Command(BaseCommand):
    help = (
        "Mark registered KIM inactive when their board's term ended (scheduled daily by "
        "celery beat; run again, it changes nothing more)."
    )

    def handle(self, *args, **options):
        count = expire_terms()
        self.stdout.write(f"{count} KIM dinonaktifkan karena masa bakti berakhir.")
