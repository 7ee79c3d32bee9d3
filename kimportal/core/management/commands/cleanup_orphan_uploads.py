import datetime

from django.core.management.base import BaseCommand, CommandError

from kimportal.core.uploads import cleanup_orphan_uploads


class Command(BaseCommand):
    help = (
        "Delete uploaded files that no row names (left by a request killed between storing "
        "the file and committing). Only files older than the grace period; safe to repeat."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than-hours",
            type=float,
            default=6,
            help="Grace period: younger files are kept (an upload may be in progress). Default 6.",
        )
        parser.add_argument("--dry-run", action="store_true", help="List, delete nothing.")

    def handle(self, *args, older_than_hours, dry_run, **options):
        if older_than_hours < 1:
            raise CommandError("--older-than-hours must be at least 1 (uploads in progress).")
        result = cleanup_orphan_uploads(
            grace=datetime.timedelta(hours=older_than_hours), dry_run=dry_run
        )
        for name in result.deleted:
            self.stdout.write(
                f"{'akan dihapus' if dry_run else 'dihapus'}: {name}", self.style.NOTICE
            )
        verb = "akan dihapus" if dry_run else "dihapus"
        self.stdout.write(
            f"{len(result.deleted)} berkas tanpa data {verb}; {result.checked} diperiksa, "
            f"{result.in_use} dipakai, {result.too_recent} lebih baru dari "
            f"{older_than_hours:g} jam."
        )
