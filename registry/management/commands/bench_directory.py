"""Time the public directory with many KIM, then roll everything back.

    DEBUG=1 DATABASE_URL=postgres://... manage.py bench_directory [--count 100000]

Creates `--count` registered KIM spread over Banten's villages inside one transaction,
requests the directory pages a visitor would (first page, a name search, a regency filter,
...) through Django's test client, prints the median milliseconds and the number of
queries of each, and rolls the transaction back: the database is left as it was.
"""

import datetime
import statistics
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kimportal.core.areas.models import Village
from registry.models import Kim, KimStatus

WORDS = [
    "Mandiri",
    "Sejahtera",
    "Cahaya",
    "Harapan",
    "Maju",
    "Bersatu",
    "Lestari",
    "Makmur",
    "Berkah",
    "Jaya",
    "Sentosa",
    "Bina",
    "Karya",
    "Mulya",
    "Sinar",
    "Tunas",
]


class Rollback(Exception):
    """Raised to leave the benchmark transaction without committing."""


class Command(BaseCommand):
    help = "Benchmark the public KIM directory with many KIM (all rolled back afterwards)."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=100_000)
        parser.add_argument("--province", default="36", help="province code of the villages")
        parser.add_argument("--repeat", type=int, default=5, help="requests per page (median)")
        parser.add_argument("--explain", action="store_true", help="print the query plans")

    def handle(self, *args, count, province, repeat, explain, **options):
        villages = list(
            Village.objects.filter(code__startswith=province + ".")
            .order_by("code")
            .values_list("code", "name")
        )
        if not villages:
            raise CommandError(f"No villages for province {province}: run load_areas first.")
        try:
            with transaction.atomic():
                self._create(villages, count)
                self._measure(villages, repeat, explain)
                raise Rollback
        except Rollback:
            pass
        if connection.vendor == "postgresql":
            # Rolled-back rows are dead tuples; clear them so the next run starts clean.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE registry_kim")
        self.stdout.write(
            self.style.SUCCESS(f"Benchmark done; the {count:,} KIM were rolled back.")
        )

    def _create(self, villages, count):
        started = time.monotonic()
        now = timezone.now()
        batch = []
        for index in range(count):
            code, village_name = villages[index % len(villages)]
            word = WORDS[(index // len(villages)) % len(WORDS)]
            batch.append(
                Kim(
                    name=f"KIM {word} {village_name} {index // len(villages) + 1}",
                    village_id=code,
                    regency_id=code[:5],
                    address="-",
                    status=KimStatus.REGISTERED,
                    nomor_induk=f"KIM-BENCH-{index:06d}",
                    registered_at=now - datetime.timedelta(minutes=index),
                    website=f"https://kim{index}.example.org/" if index % 3 == 0 else "",
                )
            )
            if len(batch) == 5000:
                Kim.objects.bulk_create(batch)
                batch = []
        Kim.objects.bulk_create(batch)
        if connection.vendor == "postgresql":
            # Planner statistics for the new rows (transactional: rolled back too).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE registry_kim")
        seconds = time.monotonic() - started
        self.stdout.write(
            f"Created {count:,} registered KIM in {seconds:.1f} s ({connection.vendor})."
        )

    def _measure(self, villages, repeat, explain):
        search = villages[len(villages) // 2][1][:6]
        regency = villages[0][0][:5]
        district = villages[0][0][:8]
        cases = [
            ("first page", {}),
            ("page 200", {"page": "200"}),
            (f"search q={search!r}", {"q": search}),
            ("search q='zzzz' (no match)", {"q": "zzzz"}),
            (f"regency {regency}", {"kabupaten": regency}),
            (f"regency {regency}, sort by newest", {"kabupaten": regency, "urut": "-terdaftar"}),
            (f"district {district}", {"kecamatan": district}),
            ("sort by regency", {"urut": "kabupaten"}),
            ("sort by newest", {"urut": "-terdaftar"}),
            ("province 36", {"provinsi": "36"}),
            ("status inactive (none)", {"status": "inactive"}),
            (f"CSV export, district {district}", {"kecamatan": district, "format": "csv"}),
            (f"CSV export, regency {regency}", {"kabupaten": regency, "format": "csv"}),
            (f"XLSX export, regency {regency}", {"kabupaten": regency, "format": "xlsx"}),
        ]
        client = Client(HTTP_HOST="localhost")
        self.stdout.write(f"{'page':48} {'median ms':>10} {'max ms':>8} {'queries':>8}")
        for label, params in cases:
            timings = []
            for _ in range(repeat):
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    response = client.get("/direktori/", params)
                    if response.streaming:
                        b"".join(response.streaming_content)
                    timings.append((time.perf_counter() - started) * 1000)
                if response.status_code != 200:
                    raise CommandError(f"{label}: HTTP {response.status_code}")
            self.stdout.write(
                f"{label:48} {statistics.median(timings):10.1f} {max(timings):8.1f} "
                f"{len(queries):8d}"
            )
            if explain and connection.vendor == "postgresql":
                for query in queries.captured_queries:
                    if "registry_kim" in query["sql"]:
                        with connection.cursor() as cursor:
                            cursor.execute("EXPLAIN ANALYZE " + query["sql"])
                            plan = "\n    ".join(row[0] for row in cursor.fetchall())
                        self.stdout.write(f"  {query['sql'][:120]}...\n    {plan}")
