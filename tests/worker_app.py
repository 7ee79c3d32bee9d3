"""The Celery app the worker tests start (`celery -A tests.worker_app worker`): the portal's
own app, plus faults injected on request, to show retries and redelivery for real.

KIMPORTAL_TEST_FAULT:
  slow_render     a letter's render marks `started` in KIMPORTAL_TEST_FAULT_DIR, then hangs
                  (the test kills the worker there)
  fail_render:N   the first N renders (across all worker processes) raise OperationalError
"""

import os
import time

from celery.signals import worker_process_init

from kimportal.celery import app

__all__ = ["app"]


@worker_process_init.connect
def _inject_faults(**kwargs):
    fault = os.environ.get("KIMPORTAL_TEST_FAULT", "")
    if not fault:
        return
    from django.db import OperationalError

    from registry.services import letters

    folder = os.environ["KIMPORTAL_TEST_FAULT_DIR"]
    original = letters.render_letter

    def faulty(*args, **kwargs):
        if fault == "slow_render":
            open(os.path.join(folder, "started"), "w").close()
            time.sleep(120)
        elif fault.startswith("fail_render:"):
            for n in range(int(fault.split(":")[1])):
                try:  # one marker file per failure: counted across processes
                    os.close(os.open(os.path.join(folder, f"failed-{n}"), os.O_CREAT | os.O_EXCL))
                except FileExistsError:
                    continue
                raise OperationalError(f"injected failure {n + 1}")
        return original(*args, **kwargs)

    letters.render_letter = faulty
