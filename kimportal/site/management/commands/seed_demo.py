"""A lived-in Banten demo: one login per role, printed. Safe to run again."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.utils.text import slugify

from capacity.demo import seed_capacity
from kimportal.core import verification
from kimportal.core.accounts.roles import Role
from kimportal.core.areas.models import Province, Regency
from kimportal.core.models import User
from partnerships.demo import seed_partnerships
from registry.demo import letters_seed_demo, seed_registry
from registry.models import Letter, LetterStatus

DEMO_PASSWORD = "Demo-KIM-2025"
BANTEN = "36"
MANAGERS = [  # username, first name, last name, regency
    ("pengelola.serang", "Siti", "Rahmawati", "36.04"),
    ("pengelola.lebak", "Ahmad", "Fauzi", "36.02"),
    ("pengelola.kotaserang", "Dewi", "Lestari", "36.73"),
]


def _username(regency):
    name = regency.name.replace("Kabupaten ", "kab ").replace("Kota ", "kota ")
    return "petugas." + slugify(name).replace("-", "")


class Command(BaseCommand):
    help = "Create demo accounts (and, as the registry grows, demo data) for Banten."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="seed even with DEBUG off (not on a live site)"
        )

    def handle(self, *args, force=False, **options):
        # Its passwords are in the README: on a live site anyone could sign in as admin
        # (and, with two-factor required, enrol their own authenticator first).
        if not settings.DEBUG and not force:
            raise CommandError(
                f"seed_demo membuat akun demo dengan kata sandi umum ({DEMO_PASSWORD}); "
                "dengan DEBUG mati hanya dengan --force, dan jangan di situs yang dipakai."
            )
        if not Province.objects.filter(code=BANTEN).exists():
            call_command("load_areas", stdout=self.stdout)
        # Demo workflow steps would email every officer; keep the console readable.
        with (
            override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"),
            transaction.atomic(),
        ):
            logins = self._accounts()
            seed_registry(self.stdout)
            letters_seed_demo(self.stdout)
            seed_partnerships(self.stdout)
            seed_capacity(self.stdout)
        self.stdout.write(f"\nLogin demo (kata sandi semua akun: {DEMO_PASSWORD})")
        for username, role, where in logins:
            self.stdout.write(f"  {username:<28} {role:<30} {where}")
        letter = Letter.objects.filter(status=LetterStatus.VALID).order_by("pk").first()
        if letter:
            self.stdout.write(
                f"\nCek keaslian surat {letter.number} ({letter.kim}): "
                f"{verification.url_for(letter.token)}"
            )
        self.stdout.write(self.style.SUCCESS(f"Demo siap: {len(logins)} akun."))

    def _user(self, username, **fields):
        user, _ = User.objects.update_or_create(username=username, defaults=fields)
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        return user

    def _accounts(self):
        banten = Province.objects.get(code=BANTEN)
        logins = []
        admin = self._user(
            "admin",
            role=Role.ADMIN,
            is_staff=True,
            is_superuser=True,
            first_name="Admin",
            last_name="Sistem",
            email="admin@example.org",
        )
        logins.append((admin.username, Role.ADMIN.label, "—"))
        staff = self._user(
            "provinsi.banten",
            role=Role.PROVINCE,
            province=banten,
            first_name="Rina",
            last_name="Susanti",
            email="provinsi@example.org",
            position="Analis Kemitraan Komunikasi",
        )
        logins.append((staff.username, Role.PROVINCE.label, banten.name))
        for regency in Regency.objects.filter(province=banten).order_by("code"):
            officer = self._user(
                _username(regency),
                role=Role.REGENCY,
                regency=regency,
                province=banten,
                first_name="Petugas",
                last_name=regency.name.replace("Kabupaten ", ""),
                email=f"{_username(regency)}@example.org",
            )
            logins.append((officer.username, Role.REGENCY.label, regency.name))
        for username, first, last, regency_code in MANAGERS:
            regency = Regency.objects.get(code=regency_code)
            manager = self._user(
                username,
                role=Role.MANAGER,
                regency=regency,
                province=banten,
                first_name=first,
                last_name=last,
                email=f"{username}@example.org",
            )
            logins.append((manager.username, Role.MANAGER.label, regency.name))
        return logins
