from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connections
from django.utils import timezone

from kimportal.core import backup


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump, custom format), MEDIA_ROOT and the encryption keys' "
        "identifiers into a folder (default var/backups/<time>); `make backup`."
    )

    def add_arguments(self, parser):
        parser.add_argument("target", nargs="?")

    def handle(self, *args, target=None, **options):
        target = target or settings.BASE_DIR / "var" / "backups" / (
            timezone.localtime().strftime("%Y%m%d-%H%M%S")
        )
        folder = backup.backup(
            target,
            database=connections["default"].settings_dict,
            media_root=settings.MEDIA_ROOT,
        )
        self.stdout.write(f"Cadangan tersimpan di {folder} ({', '.join(backup.key_lines())}).")
