from django.core.management.base import BaseCommand

from kimportal.core.jobs.tasks import cleanup_files


class Command(BaseCommand):
    help = (
        "Delete job results whose time is up and orphan uploads (scheduled daily by celery "
        "beat; safe to run again)."
    )

    def handle(self, *args, **options):
        removed = cleanup_files()  # in this process, like the schedule's task
        self.stdout.write(f"{removed} berkas kedaluwarsa atau yatim dihapus.")
