from django.core.management.base import BaseCommand

from registry.jobs import directory_files_refresh


class Command(BaseCommand):
    help = (
        "Rebuild the public directory's full CSV/XLSX files when a KIM changed since the "
        "last build (celery beat runs this every few minutes); --force rebuilds anyway."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="rebuild even if unchanged")

    def handle(self, *args, force=False, **options):
        started = directory_files_refresh(force=force)
        self.stdout.write(f"{started} berkas direktori dibuat ulang (atau dikirim ke worker).")
