"""Fill the configured PostgreSQL database with a synthetic national dataset:

    DATABASE_URL=postgres://.../bench1 manage.py migrate
    DATABASE_URL=postgres://.../bench1 manage.py load_areas
    DATABASE_URL=postgres://.../bench1 manage.py seed_scale [--kim 100000] [--seed 1]

Refuses a database that holds real data (accounts or KIM that are not synthetic) unless
--force; --reset empties the synthetic data first (same --seed, same dataset).
"""

import json
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from kimportal.core.areas.models import Village
from kimportal.site import scale


class Command(BaseCommand):
    help = "Bulk-load a synthetic national dataset (KIM, boards, letters, agreements, events)."

    def add_arguments(self, parser):
        parser.add_argument("--kim", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--reset", action="store_true", help="empty the synthetic data first")
        parser.add_argument(
            "--force", action="store_true", help="run even beside non-synthetic data"
        )

    def handle(self, *args, kim, seed, reset, force, **options):
        if connection.vendor != "postgresql":
            raise CommandError("seed_scale loads with COPY: run it on PostgreSQL.")
        if not Village.objects.exists():
            raise CommandError("No areas: run `manage.py load_areas` first.")
        real = scale.non_synthetic_rows()
        if any(real.values()) and not force:
            raise CommandError(
                f"This database holds non-synthetic data ({real['users']} accounts, "
                f"{real['kim']} KIM): refusing. Use an empty database (createdb, migrate, "
                "load_areas) or --force."
            )
        if reset:
            if any(real.values()):
                raise CommandError("--reset empties whole tables: never beside real data.")
            scale.reset()
        elif scale.has_synthetic_data():
            # The same seed would repeat its unique codes and tokens.
            raise CommandError("A synthetic dataset is loaded already: --reset replaces it.")
        started = time.monotonic()
        result = scale.seed_scale(kim=kim, seed=seed, stdout=self.stdout)
        seconds = time.monotonic() - started
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            size = cursor.fetchone()[0]
        self.stdout.write(
            json.dumps(
                {
                    "seed": seed,
                    **result.counts,
                    "seconds": round(seconds, 1),
                    "steps": {k: round(v, 1) for k, v in result.seconds.items()},
                    "database_mb": round(size / 1e6),
                }
            )
        )
