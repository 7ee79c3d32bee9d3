"""Time a roster import of N rows (default 5,000) end to end; everything is rolled back."""

import csv
import datetime
import io
import time

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from kimportal.core.accounts.roles import Role
from kimportal.core.areas.models import Village
from kimportal.core.models import User
from registry import roster_import
from registry.models import Kim
from registry.services.roster import roster_replace


class Rollback(Exception):
    pass


def _rows(district, count):
    """Valid rows: Ketua, Sekretaris, Bendahara, then Anggota; distinct NIKs."""
    plain = district.replace(".", "")
    positions = ["Ketua", "Sekretaris", "Bendahara"]
    for i in range(count):
        female = i % 2 == 1
        day = 1 + i % 28 + (40 if female else 0)
        nik = f"{plain}{day:02d}{1 + i % 12:02d}{80 + i % 20:02d}{i % 10000:04d}"
        position = positions[i] if i < 3 else "Anggota"
        yield [
            nik,
            f"Pengurus {i + 1}",
            position,
            "",
            "P" if female else "L",
            f"0812{i:08d}",
            "Ya",
            "Ya",
            "Ya",
            "Ya",
        ]


def _csv(rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(roster_import.template_header())
    writer.writerows(rows)
    return buffer.getvalue().encode()


class Command(BaseCommand):
    help = "Print how many seconds reading, validating and saving a roster of N rows takes."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=roster_import.MAX_ROWS)
        parser.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")

    def handle(self, *args, rows, format, **options):
        if not 3 <= rows <= roster_import.MAX_ROWS:
            raise CommandError(f"--rows must be 3..{roster_import.MAX_ROWS}")
        village = Village.objects.select_related("district").order_by("code").first()
        if village is None:
            raise CommandError("No areas loaded: run `manage.py load_areas` first.")
        data = list(_rows(village.district_id, rows))
        content = roster_import.template_xlsx_bytes(data) if format == "xlsx" else _csv(data)
        upload = SimpleUploadedFile(f"bench.{format}", content)
        try:
            with transaction.atomic():
                self._run(village, upload, rows, format, len(content))
                raise Rollback
        except Rollback:
            self.stdout.write("Data benchmark dibatalkan (rollback).")

    def _run(self, village, upload, rows, kind, size):
        actor = User.objects.create(username="bench.roster", role=Role.ADMIN)
        kim = Kim.objects.create(name="KIM Bench", village=village, address="Jl. Bench")
        started = time.perf_counter()
        result = roster_import.parse_roster(upload)
        parsed = time.perf_counter()
        if result.errors:
            raise CommandError(f"unexpected errors: {[str(e) for e in result.errors[:5]]}")
        roster_replace(
            kim=kim,
            actor=actor,
            rows=result.rows,
            source=f"import:{kind}",
            term_start=datetime.date(2025, 1, 1),
            term_end=datetime.date(2028, 1, 1),
        )
        saved = time.perf_counter()
        self.stdout.write(
            f"{rows} baris {kind.upper()} ({size / 1024:.0f} KB): baca+validasi "
            f"{parsed - started:.2f} s, simpan {saved - parsed:.2f} s, "
            f"total {saved - started:.2f} s"
        )
