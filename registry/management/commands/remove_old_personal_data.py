from django.conf import settings
from django.core.management.base import BaseCommand

from registry.tasks import remove_old_personal_data


class Command(BaseCommand):
    help = (
        "Delete names, NIK and phone numbers of rosters replaced more than "
        "ROSTER_RETENTION_YEARS ago (scheduled daily by celery beat; run again, it changes "
        "nothing more)."
    )

    def handle(self, *args, **options):
        count = remove_old_personal_data()
        self.stdout.write(
            f"Data pribadi {count} susunan pengurus yang diganti lebih dari "
            f"{settings.ROSTER_RETENTION_YEARS} tahun lalu dihapus."
        )
