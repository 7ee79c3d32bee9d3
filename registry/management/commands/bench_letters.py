"""Time one letter and a bulk run of letters on throwaway data (rolled back at the end)."""

import datetime
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from kimportal.core.accounts.roles import Role
from kimportal.core.areas.models import Village
from kimportal.core.models import User
from registry.demo import _demo_office
from registry.models import Document, Kim, KimStatus, Letter, Member, Roster
from registry.services import letters as service
from registry.services.office import office_for

VILLAGE = "36.04.05.2001"  # Kramatwatu, Kabupaten Serang


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Measure rendering one Surat Keterangan Terdaftar and a bulk run (default 200) + ZIP."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=200, help="letters in the bulk run")

    def handle(self, *args, count, **options):
        if not Village.objects.filter(pk=VILLAGE).exists():
            raise CommandError("Wilayah belum dimuat: jalankan `manage.py load_areas` dulu.")
        try:
            with transaction.atomic():
                self._run(count)
                raise _Rollback
        except _Rollback:
            pass
        self.stdout.write("Data uji dibatalkan (rollback); basis data tidak berubah.")

    def _run(self, count):
        officer = User.objects.create(
            username="bench-letters-officer", role=Role.REGENCY, regency_id="36.04"
        )
        office = office_for("36.04")
        _demo_office(office, 3)
        kims = bench_kims(count + 2)

        # Issuing (the number, in a short transaction) and rendering (what a worker does)
        # are timed apart: only the first holds the counter's lock.
        for label, kim in (
            ("pertama kali (memuat WeasyPrint dan font)", kims[0]),
            ("berikutnya", kims[1]),
        ):
            started = time.perf_counter()
            letter = service.letter_issue(kim=kim, actor=officer)
            issued = time.perf_counter() - started
            started = time.perf_counter()
            service.letter_render(letter_id=letter.pk)
            rendered = time.perf_counter() - started
            self.stdout.write(
                f"Satu surat, {label}: nomor {issued * 1000:.0f} ms (kunci penghitung), "
                f"render + simpan {rendered * 1000:.0f} ms (di worker)."
            )

        cache = {}
        started = time.perf_counter()
        issued = [service.letter_issue(kim=kim, actor=officer) for kim in kims[2:]]
        numbering = time.perf_counter() - started
        for letter in issued:
            service.letter_render(letter_id=letter.pk, cache=cache)
        rendered = time.perf_counter() - started - numbering
        letters = Letter.objects.filter(pk__in=[letter.pk for letter in issued])
        with service.letters_zip(letters) as spool:
            archive = spool.read()
        total = time.perf_counter() - started
        self.stdout.write(
            f"{len(issued)} surat massal dalam satu proses: nomor {numbering:.1f} s, render "
            f"{rendered:.1f} s ({len(issued) / max(rendered, 1e-9):.1f} surat/detik), "
            f"total dengan ZIP {total:.1f} s (ZIP {len(archive) / 1e6:.1f} MB). Dengan worker: "
            "`manage.py bench_jobs`."
        )


def bench_kims(n, regency_id="36.04", village=VILLAGE, prefix="KIM Uji Kinerja"):
    """`n` registered KIM ready for a letter: Nomor Induk, a board with a term, an SK."""
    today = timezone.localdate()
    now = timezone.now()
    kims = Kim.objects.bulk_create(
        [
            Kim(
                name=f"{prefix} {i + 1:03d}",
                village_id=village,
                regency_id=regency_id,
                address=f"Jalan Raya Kramatwatu Nomor {i + 1}",
                status=KimStatus.REGISTERED,
                nomor_induk=f"BENCH-{prefix[-4:]}-{i + 1:05d}",
                registered_at=now,
            )
            for i in range(n)
        ]
    )
    rosters = Roster.objects.bulk_create(
        [
            Roster(
                kim=kim,
                term_start=today - datetime.timedelta(days=30),
                term_end=today + datetime.timedelta(days=3 * 365),
            )
            for kim in kims
        ]
    )
    positions = ("ketua", "sekretaris", "bendahara")
    Member.objects.bulk_create(
        [
            Member(
                roster=roster,
                nik=f"3604050101{i:02d}{r:04d}"[:16],
                full_name=f"Pengurus {position.title()} {r + 1}",
                position=position,
                gender="L",
                order=i,
            )
            for r, roster in enumerate(rosters)
            for i, position in enumerate(positions)
        ]
    )
    Document.objects.bulk_create(
        [
            Document(
                kim=kim,
                kind="sk",
                file="bench/sk.pdf",
                content_type="application/pdf",
                size=1,
                sha256="0" * 64,
                original_name="sk.pdf",
                number=f"141/{i + 1}/2025",
                issued_on=today - datetime.timedelta(days=60),
                issuer_name="Kepala Desa",
                issuer_office="Kepala Desa Kramatwatu",
            )
            for i, kim in enumerate(kims)
        ]
    )
    return kims
