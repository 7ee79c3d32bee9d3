"""Time the partnership pages, exports, grid, PDF and reminder job with many agreements;
everything is rolled back."""

import datetime
import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from kimportal.core.accounts.roles import Role
from kimportal.core.areas.models import Village
from kimportal.core.models import User
from partnerships.agreement_pdf import render_agreement
from partnerships.models import ActivityReport, Agreement, MappingScore
from partnerships.services.reminders import due_reminders
from registry.models import Kim, KimStatus
from registry.services.office import office_for


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Print timings of the partnership pages with N agreements (default 10,000)."

    def add_arguments(self, parser):
        parser.add_argument("--agreements", type=int, default=10_000)
        parser.add_argument("--kim", type=int, default=300)
        parser.add_argument("--repeat", type=int, default=5)

    def handle(self, *args, agreements, kim, repeat, **options):
        try:
            with transaction.atomic():
                self._run(agreements, kim, repeat)
                raise Rollback
        except Rollback:
            self.stdout.write("Data benchmark dibatalkan (rollback).")

    def _time(self, client, label, url, repeat):
        client.get(url)  # warm up
        timings = []
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as queries:
                t0 = time.monotonic()
                response = client.get(url)
                body = (
                    b"".join(response.streaming_content) if response.streaming else response.content
                )
                timings.append((time.monotonic() - t0) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        timings.sort()
        self.stdout.write(
            f"{label:<34} median {timings[len(timings) // 2]:8.1f} ms  {len(queries):>3} query  "
            f"{len(body) / 1024:8.1f} KB"
        )

    def _run(self, count, kim_count, repeat):
        today = timezone.localdate()
        villages = list(
            Village.objects.filter(district__regency="36.04").values_list("code", flat=True)
        )
        kims = Kim.objects.bulk_create(
            [
                Kim(
                    name=f"KIM Bench {i:04d}",
                    village_id=villages[i % len(villages)],
                    regency_id="36.04",
                    address="Jl. Bench",
                    phone="081234567890",
                    status=KimStatus.REGISTERED,
                    nomor_induk=f"KIM-BENCH-{i:05d}",
                )
                for i in range(kim_count)
            ]
        )
        started = time.monotonic()
        statuses = ("draft", "active", "active", "expired", "terminated")
        made = Agreement.objects.bulk_create(
            [
                Agreement(
                    province_id="36",
                    regency_id="36.04",
                    dinas_code="36.04",
                    number=f"B{n}/PKS/{today.year}",
                    title=f"Perjanjian bench {n}",
                    scopes=["dissemination", "aspiration"],
                    dinas_obligations="-",
                    partner_obligations="-",
                    start_date=today - datetime.timedelta(days=n % 365),
                    end_date=today + datetime.timedelta(days=n % 400),
                    status=statuses[n % len(statuses)],
                    activated_at=timezone.now(),
                )
                for n in range(count)
            ],
            batch_size=5000,
        )
        through = Agreement.kims.through
        through.objects.bulk_create(
            [through(agreement_id=a.pk, kim_id=kims[i % len(kims)].pk) for i, a in enumerate(made)],
            batch_size=5000,
        )
        ActivityReport.objects.bulk_create(
            [
                ActivityReport(
                    agreement_id=a.pk,
                    kim_id=kims[i % len(kims)].pk,
                    held_on=today,
                    title=f"Laporan {i}",
                    description="-",
                    principles=["diseminasi", "aspirasi"],
                    channel="face_to_face",
                    status=("submitted", "accepted")[i % 2],
                )
                for i, a in enumerate(made * 2)
            ],
            batch_size=5000,
        )
        MappingScore.objects.bulk_create(
            [
                MappingScore(
                    kim_id=k.pk,
                    regency_id="36.04",
                    interest=i % 5 + 1,
                    influence=(i // 5) % 5 + 1,
                    power=(i // 25) % 5 + 1,
                    scored_on=today,
                )
                for i, k in enumerate(kims)
            ]
        )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for table in ("agreement", "agreement_kims", "activityreport", "mappingscore"):
                    cursor.execute(f"ANALYZE partnerships_{table}")
        self.stdout.write(
            f"{kim_count:,} KIM, {count:,} perjanjian, {count * 2:,} laporan dibuat dalam "
            f"{time.monotonic() - started:.1f} s"
        )
        officer = User.objects.create(
            username="bench.kabserang", role=Role.REGENCY, regency_id="36.04", province_id="36"
        )
        client = Client()
        client.force_login(officer)
        with override_settings(ALLOWED_HOSTS=["testserver"]):
            for label, url in {
                "daftar perjanjian": "/kemitraan/",
                "daftar, halaman 200": "/kemitraan/?page=200",
                "daftar, cari pihak": "/kemitraan/?q=Bench+0042",
                "daftar, berakhir sebelum": f"/kemitraan/?ending_before={today.isoformat()}",
                "antrean laporan": "/kemitraan/laporan/",
                f"peta ({kim_count} titik)": "/kemitraan/pemetaan/",
                "beranda petugas": "/beranda/",
                f"ekspor CSV ({count:,} baris)": "/kemitraan/?format=csv",
                f"ekspor XLSX ({count:,} baris)": "/kemitraan/?format=xlsx",
            }.items():
                self._time(client, label, url, 1 if "ekspor" in label else repeat)
        started = time.monotonic()
        due = due_reminders()
        self.stdout.write(
            f"{'pengingat (hitung penerima)':<34} {(time.monotonic() - started) * 1000:8.1f} ms  "
            f"{sum(len(v) for v in due.values()):,} pengingat untuk {len(due)} orang"
        )
        office_for("36.04")
        sample = made[1]
        sample.kims.set(kims[:3])
        started = time.monotonic()
        pdf = render_agreement(sample)
        self.stdout.write(
            f"{'naskah PDF (3 KIM)':<34} {(time.monotonic() - started) * 1000:8.1f} ms  "
            f"{len(pdf) / 1024:.0f} KB"
        )
