"""Time the reviewers' "board member on another active KIM" warning: one board of 30
checked against N other registered KIM with boards of 10 (default 10,000 KIM, 100,000
members); everything is rolled back."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from kimportal.core.areas.models import Village
from registry.models import Kim, KimStatus, Member, Roster
from registry.selectors.roster import nik_conflicts


class Rollback(Exception):
    pass


def _nik(plain, n):
    """A valid NIK per n (birth date and serial from n)."""
    return f"{plain}{1 + n % 28:02d}{1 + n % 12:02d}{80 + n % 20:02d}{n % 10000:04d}"[:16]


class Command(BaseCommand):
    help = "Print how long the shared-board-member warning takes on a big register."

    def add_arguments(self, parser):
        parser.add_argument("--kim", type=int, default=10_000)
        parser.add_argument("--repeat", type=int, default=20)

    def handle(self, *args, kim, repeat, **options):
        village = Village.objects.order_by("code").first()
        if village is None:
            raise CommandError("No areas loaded: run `manage.py load_areas` first.")
        try:
            with transaction.atomic():
                self._run(village, kim, repeat)
                raise Rollback
        except Rollback:
            self.stdout.write("Data benchmark dibatalkan (rollback).")

    def _run(self, village, count, repeat):
        started = time.perf_counter()
        plain = village.district_id.replace(".", "")
        kims = Kim.objects.bulk_create(
            Kim(
                name=f"KIM Bench {i}",
                village=village,
                regency_id=village.code[:5],
                address="-",
                status=KimStatus.REGISTERED,
            )
            for i in range(count + 1)
        )
        rosters = Roster.objects.bulk_create(
            Roster(kim=k, term_start="2025-01-01", term_end="2028-01-01") for k in kims
        )
        members = []
        for i, roster in enumerate(rosters[1:]):
            members += [
                Member(
                    roster=roster,
                    nik=_nik(plain, i * 10 + j),
                    full_name="x",
                    position="anggota",
                    gender="L",
                    phone=f"0812{i:08d}",
                )
                for j in range(10)
            ]
        # The checked board: 30 people, 5 of them on other KIM's boards.
        members += [
            Member(
                roster=rosters[0],
                nik=_nik(plain, n),
                full_name="y",
                position="anggota",
                gender="L",
                phone="081200000000",
            )
            for n in [*range(0, 50, 10), *range(10 * count + 1, 10 * count + 26)]
        ]
        Member.objects.bulk_create(members, batch_size=2000)
        with connection.cursor() as cursor:  # statistics as autovacuum would keep them
            cursor.execute("ANALYZE registry_kim, registry_roster, registry_member")
        built = time.perf_counter()
        checked = rosters[0]
        timings = []
        for _ in range(repeat):
            before = time.perf_counter()
            conflicts = nik_conflicts(checked)
            timings.append(time.perf_counter() - before)
        timings.sort()
        self.stdout.write(
            f"{count} KIM, {len(members)} pengurus (dibuat {built - started:.1f} s); "
            f"peringatan pengurus ganda: {len(conflicts)} konflik, median "
            f"{timings[len(timings) // 2] * 1000:.1f} ms, maks {timings[-1] * 1000:.1f} ms"
        )
