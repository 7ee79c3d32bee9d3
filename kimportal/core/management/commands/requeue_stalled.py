from django.core.management.base import BaseCommand

from kimportal.core.jobs.tasks import requeue_stalled


class Command(BaseCommand):
    help = (
        "Send again the work whose task message was lost (the broker was down); scheduled "
        "every 10 minutes by celery beat. Sending twice does nothing twice."
    )

    def handle(self, *args, **options):
        count = requeue_stalled()
        self.stdout.write(f"{count} pekerjaan yang macet dikirim ulang ke worker.")
