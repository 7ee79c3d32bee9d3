"""Print figures for the capacity pages (data is rolled back): check-in with 500
participants, and bulk certificates for 300 attendees. Run against PostgreSQL after
`migrate` and `load_areas`."""

import datetime
import json
import time

from django.core.management.base import BaseCommand
from django.db import transaction
from django.test import Client
from django.utils import timezone

from capacity.models import Attendance, Event, Registration
from capacity.services.certificates import certificates_issue_bulk
from kimportal.core.accounts.roles import Role
from kimportal.core.models import User
from registry.selectors.offices import letterhead_for


class Rollback(Exception):
    pass


def _ms(seconds):
    return f"{seconds * 1000:.0f} ms"


class Command(BaseCommand):
    help = "Check-in with 500 participants and 300 certificates in bulk (rolled back)."

    def add_arguments(self, parser):
        parser.add_argument("--participants", type=int, default=500)
        parser.add_argument("--certificates", type=int, default=300)

    def handle(self, *args, **options):
        try:
            with transaction.atomic():
                self._run(options["participants"], options["certificates"])
                raise Rollback
        except Rollback:
            pass

    def _event(self, officer, count, starts):
        event = Event.objects.create(
            kind="bimtek",
            title=f"Bench {count}",
            province_id="36",
            regency_id="36.04",
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=6),
            venue="Aula",
            hours_jp=6,
            quota=count,
            registration_opens=starts - datetime.timedelta(days=10),
            registration_closes=starts - datetime.timedelta(days=1),
            status="open",
        )
        Registration.objects.bulk_create(
            Registration(
                event=event,
                kind="guest",
                name=f"Peserta Uji {n:04d}",
                position="Anggota",
                organisation=f"KIM Uji {n % 40}",
                status="confirmed",
            )
            for n in range(count)
        )
        return event

    def _run(self, participants, certificates):
        officer = User.objects.create(
            username="bench.officer", role=Role.REGENCY, regency_id="36.04"
        )
        office = letterhead_for("36.04")
        if office.missing:
            from registry.services.office import office_for

            row = office_for("36.04")
            row.dinas_name = "Dinas Komunikasi dan Informatika"
            row.dinas_address = "Jl. Veteran No. 1, Serang"
            row.signatory_name = "Drs. H. Ahmad Suryana, M.Si."
            row.signatory_nip = "197001011995031001"
            row.signatory_position = "Kepala Dinas Komunikasi dan Informatika Kabupaten Serang"
            row.signing_city = "Serang"
            row.save()
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(officer)
        now = timezone.now()

        # --- check-in with 500 participants -------------------------------------------
        event = self._event(officer, participants, now - datetime.timedelta(hours=1))
        codes = list(Registration.objects.filter(event=event).values_list("code", flat=True))
        day = event.days[0].isoformat()
        url = f"/kegiatan/presensi/{event.pk}/sinkron/"

        start = time.perf_counter()
        page = client.get(f"/kegiatan/presensi/{event.pk}/")
        page_time = time.perf_counter() - start
        start = time.perf_counter()
        data = client.get(f"/kegiatan/presensi/{event.pk}/data/")
        data_time = time.perf_counter() - start

        singles = []
        for n, code in enumerate(codes[:50]):
            body = json.dumps({"device": "b", "items": [{"id": f"s{n}", "code": code, "day": day}]})
            start = time.perf_counter()
            response = client.post(url, body, content_type="application/json")
            singles.append(time.perf_counter() - start)
            assert response.json()["results"][0]["result"] == "recorded"
        singles.sort()
        rest = [{"id": f"q{n}", "code": code, "day": day} for n, code in enumerate(codes[50:])]
        start = time.perf_counter()
        response = client.post(
            url, json.dumps({"device": "b", "items": rest}), content_type="application/json"
        )
        queue_time = time.perf_counter() - start
        again_start = time.perf_counter()
        client.post(
            url, json.dumps({"device": "c", "items": rest}), content_type="application/json"
        )
        again_time = time.perf_counter() - again_start
        assert Attendance.objects.filter(event=event).count() == participants
        self.stdout.write(
            f"Presensi, {participants} peserta: halaman {_ms(page_time)} "
            f"({len(page.content) // 1024} kB), daftar JSON {_ms(data_time)} "
            f"({len(data.content) // 1024} kB); satu presensi: median "
            f"{_ms(singles[len(singles) // 2])}, p95 {_ms(singles[int(len(singles) * 0.95)])}; "
            f"antrean luring {len(rest)} presensi sekaligus {_ms(queue_time)}, "
            f"dikirim ulang dari ponsel lain (semua duplikat) {_ms(again_time)}."
        )

        # --- bulk certificates -----------------------------------------------------------
        held = self._event(officer, certificates, now - datetime.timedelta(days=2))
        Attendance.objects.bulk_create(
            Attendance(
                event=held,
                registration=r,
                day=held.days[0],
                checked_in_at=held.starts_at,
                method="list",
            )
            for r in Registration.objects.filter(event=held)
        )
        Event.objects.filter(pk=held.pk).update(status="held")
        held.refresh_from_db()
        start = time.perf_counter()
        result = certificates_issue_bulk(event=held, actor=officer)
        total = time.perf_counter() - start
        sizes = [c.size for c in result.issued]
        self.stdout.write(
            f"Sertifikat massal: {len(result.issued)} dalam {total:.1f} s "
            f"({total / max(len(result.issued), 1) * 1000:.0f} ms per sertifikat, "
            f"rata-rata {sum(sizes) // max(len(sizes), 1) // 1024} kB), {len(result.errors)} gagal."
        )
