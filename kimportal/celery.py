"""The portal's Celery app: long work (letters, exports, e-mail, schedules) off the request.

Configured from Django settings (`CELERY_*`, see settings.py). Without a broker
(`CELERY_BROKER_URL`/`REDIS_URL` unset) every task runs eagerly, in the calling process:
`make run` on a fresh machine needs nothing more. Tasks are found in each installed
app's `tasks.py`.

    celery -A kimportal worker --loglevel=INFO      # one per app server, or more
    celery -A kimportal beat --loglevel=INFO        # exactly one in the whole site
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kimportal.settings")

app = Celery("kimportal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
