"""Print the portal's figures as JSON lines, one per metric:

    {"metric": "kim_list_deep_ms", "value": 41.2, "unit": "ms"}

Against the configured database, filled by `seed_scale` (the national dataset):

    DATABASE_URL=postgres://.../bench1 manage.py bench [--repeat 7] [--redis redis://...]

`--quick` makes a small dataset of its own in a throwaway database (`<name>_benchquick`,
dropped again) and runs a reduced set (no Celery workers) in well under a minute: CI runs
it to check the output's shape. Pages go through Django's test client (all middleware),
warm, median of --repeat; `<page>_x` is a page's time over `baseline_ok_ms`.
"""

import contextlib
import json
import os
import random
import sys
import time

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import override_settings

from kimportal.core.areas.loader import load_areas
from kimportal.core.models import User
from kimportal.site import scale
from kimportal.site.bench.pages import PageTimer, measure_admin, measure_pages, users
from kimportal.site.bench.work import Work
from registry.models import Kim, Letter, Member

QUICK_KIM = 1500


class Command(BaseCommand):
    help = "Measure pages, letters, imports, exports and numbering; one JSON object per line."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=5, help="requests per page (median)")
        parser.add_argument("--quick", action="store_true", help="small dataset, reduced set")
        parser.add_argument("--letters", type=int, default=60, help="letters per worker run")
        parser.add_argument(
            "--redis", default=os.environ.get("BENCH_REDIS_URL") or "redis://127.0.0.1:6379/4"
        )
        parser.add_argument("--force", action="store_true", help="run beside non-synthetic data")

    def emit(self, metric, value, unit):
        value = round(value, 2) if isinstance(value, float) else value
        self.stdout.write(json.dumps({"metric": metric, "value": value, "unit": unit}))
        self.stdout.flush()

    def handle(self, *args, repeat, quick, letters, redis, force, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Run it on PostgreSQL (DATABASE_URL=postgres://...).")
        if not quick:
            real = scale.non_synthetic_rows()
            if any(real.values()) and not force:
                raise CommandError(
                    f"This database holds non-synthetic data ({real}): the bench adds and "
                    "removes rows. Use a database filled by seed_scale, or --force."
                )
            if not User.objects.filter(username=scale.ADMIN).exists():
                raise CommandError("No synthetic dataset: run `manage.py seed_scale` first.")
            self._run(repeat=repeat, letters=letters, redis=redis, roster_rows=5000)
            return
        db = connection.settings_dict
        db["TEST"] = {**db.get("TEST", {}), "NAME": f"{db['NAME']}_benchquick"}
        old_name = db["NAME"]
        with contextlib.redirect_stdout(sys.stderr):  # createcachetable talks: not JSON
            name = connection.creation.create_test_db(
                verbosity=0, autoclobber=True, serialize=False
            )
        # Content type ids cached from the other database would not exist in this one.
        ContentType.objects.clear_cache()
        try:
            load_areas(province="36")
            scale.seed_scale(kim=QUICK_KIM, seed=1)
            self._run(repeat=min(repeat, 3), letters=0, redis=None, roster_rows=500)
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
            ContentType.objects.clear_cache()
            self.stderr.write(f"Basis data {name} dihapus.")

    def _run(self, *, repeat, letters, redis, roster_rows):
        people = users()
        self.stderr.write(
            f"Data: {Kim.objects.count():,} KIM, {Member.objects.count():,} pengurus, "
            f"{Letter.objects.count():,} surat; beban mesin (1 menit) {os.getloadavg()[0]:.2f}."
        )
        timer = PageTimer(self.emit, repeat, note=self.stderr.write)
        # As in production: no query log, templates without debug information.
        with override_settings(
            ROOT_URLCONF="kimportal.site.bench.urls", ALLOWED_HOSTS=["testserver"], DEBUG=False
        ):
            timer.baseline_ok(people["admin"])
            measure_pages(timer, people)
            measure_admin(timer, people["admin"])
        work = Work(self.emit, people["regency"], people["admin"], seed=random.randrange(10**6))
        started = time.monotonic()
        try:
            work.letter_pdf(repeat)
            if letters:
                work.letters_bulk(redis, letters)
            work.roster_import(roster_rows)
            work.export_xlsx(people["admin"])
            work.nomor_induk(issuers=8, each=5 if letters else 2)
        finally:
            work.cleanup()
        self.stderr.write(
            f"Pekerjaan panjang diukur dalam {time.monotonic() - started:.0f} s; beban mesin "
            f"{os.getloadavg()[0]:.2f}."
        )
