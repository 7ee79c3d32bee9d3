import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connections

from kimportal.core import backup


class Command(BaseCommand):
    help = (
        "Restore a folder written by `backup` into DATABASE_URL's database (its contents are "
        "replaced) and MEDIA_ROOT; `make restore FROM=<folder>`. Stop the portal first."
    )

    def add_arguments(self, parser):
        parser.add_argument("source")

    def handle(self, *args, source, **options):
        started = time.perf_counter()
        connections.close_all()
        backup.restore(
            source, database=connections["default"].settings_dict, media_root=settings.MEDIA_ROOT
        )
        self.stdout.write(
            f"Cadangan {source} dipulihkan dalam {time.perf_counter() - started:.1f} detik."
        )
