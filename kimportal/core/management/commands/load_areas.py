import time

from django.core.management.base import BaseCommand

from kimportal.core.areas.loader import load_areas


class Command(BaseCommand):
    help = "Load Indonesian provinces, regencies, districts and villages (Kemendagri codes)."

    def handle(self, *args, **options):
        started = time.monotonic()
        result = load_areas()
        seconds = time.monotonic() - started
        for level, r in result.levels.items():
            self.stdout.write(f"{level}: {r.total} ({r.created} baru, {r.renamed} berganti nama)")
        if result.changed:
            self.stdout.write(self.style.SUCCESS(f"Wilayah dimuat dalam {seconds:.1f} detik."))
        else:
            self.stdout.write(f"Wilayah sudah mutakhir; tidak ada perubahan ({seconds:.1f} detik).")
