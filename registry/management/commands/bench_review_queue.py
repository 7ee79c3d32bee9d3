"""Time the review queue and KIM list with many KIM; everything is rolled back."""

import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from kimportal.core.accounts.roles import Role
from kimportal.core.areas.models import Village
from kimportal.core.models import User
from registry.models import Kim, KimStatus


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Print timings of the review queue and KIM list pages with N KIM (default 10,000)."

    def add_arguments(self, parser):
        parser.add_argument("--kim", type=int, default=10_000)
        parser.add_argument("--repeat", type=int, default=5)

    def handle(self, *args, kim, repeat, **options):
        try:
            with transaction.atomic():
                self._run(kim, repeat)
                raise Rollback
        except Rollback:
            self.stdout.write("Data benchmark dibatalkan (rollback).")
        if connection.vendor == "postgresql":
            # Rolled-back rows stay as dead tuples; without this a second run measures bloat.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE registry_kim")

    def _run(self, count, repeat):
        villages = list(
            Village.objects.filter(district__regency__province="36").values_list("code", flat=True)
        )
        now = timezone.now()
        statuses = [KimStatus.SUBMITTED, KimStatus.REGISTERED, KimStatus.DRAFT, KimStatus.APPROVED]
        started = time.monotonic()
        Kim.objects.bulk_create(
            [
                Kim(
                    name=f"KIM Bench {i:06d}",
                    village_id=villages[i % len(villages)],
                    regency_id=villages[i % len(villages)][:5],
                    address="Jl. Bench",
                    status=statuses[i % len(statuses)],
                    submitted_at=now - timezone.timedelta(hours=i),
                )
                for i in range(count)
            ],
            batch_size=5000,
        )
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("ANALYZE registry_kim")
        self.stdout.write(f"{count:,} KIM dibuat dalam {time.monotonic() - started:.1f} s")
        staff = User.objects.create(username="bench.staff", role=Role.PROVINCE, province_id="36")
        client = Client()
        client.force_login(staff)
        pages = {
            "antrean peninjauan": "/kim/peninjauan/",
            "antrean, kab. Serang": "/kim/peninjauan/?regency=36.04",
            "antrean, cari nama": "/kim/peninjauan/?q=Bench+0001",
            "daftar KIM, halaman 100": "/kim/?page=100",
            "beranda staf": "/beranda/",
        }
        with override_settings(ALLOWED_HOSTS=["testserver"]):
            for label, url in pages.items():
                client.get(url)  # warm up
                timings = []
                for _ in range(repeat):
                    with CaptureQueriesContext(connection) as queries:
                        t0 = time.monotonic()
                        response = client.get(url)
                        timings.append((time.monotonic() - t0) * 1000)
                    assert response.status_code == 200, (url, response.status_code)
                timings.sort()
                self.stdout.write(
                    f"{label:<26} median {timings[len(timings) // 2]:7.1f} ms  {len(queries)} query"
                )
