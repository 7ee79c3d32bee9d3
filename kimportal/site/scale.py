"""The synthetic national dataset (`manage.py seed_scale`), composed from each app's
generator (registry/scale.py, partnerships/scale.py, capacity/scale.py) with the accounts
that act in it. Synthetic accounts are named `scale.*`; synthetic KIM are created by one;
anything else is real data, which the command refuses to mix with unless forced."""

import random
import time
from dataclasses import dataclass, field

from django.apps import apps
from django.db import connection, transaction

from capacity.scale import seed_capacity
from kimportal.core.accounts.roles import Role
from kimportal.core.areas.models import Province, Regency
from kimportal.core.models import User
from partnerships.scale import seed_partnerships
from registry.models import Kim
from registry.scale import seed_offices, seed_registry

PREFIX = "scale."
ADMIN = f"{PREFIX}admin"
# Per 100,000 KIM (the national figures); scaled with --kim.
AGREEMENTS_PER_KIM = 20_000 / 100_000
EVENTS_PER_KIM = 5_000 / 100_000
REGISTRATIONS_PER_KIM = 200_000 / 100_000


def province_user(code):
    return f"{PREFIX}prov.{code}"


def regency_user(code):
    return f"{PREFIX}kab.{code}"


def non_synthetic_rows():
    """How many accounts and KIM are not synthetic (real data the seed must not touch)."""
    return {
        "users": User.objects.exclude(username__startswith=PREFIX).count(),
        "kim": Kim.objects.exclude(created_by__username__startswith=PREFIX).count(),
    }


def has_synthetic_data():
    return User.objects.filter(username=ADMIN).exists()


def reset():
    """Empty the apps' tables and the synthetic accounts (only ever on a synthetic database:
    the command checks first)."""
    tables = [
        model._meta.db_table
        for label in ("registry", "partnerships", "capacity")
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    ]
    tables += ["kimportal_counter", "kimportal_auditentry", "kimportal_job"]
    tables = [t for t in tables if t in connection.introspection.table_names()]
    with connection.cursor() as cursor:
        # Foreign keys are checked at commit; inside a transaction TRUNCATE needs them done.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
    User.objects.filter(username__startswith=PREFIX).delete()


def _accounts():
    """A system admin, one staff account per province, one officer per regency."""
    provinces = list(Province.objects.values_list("code", "name"))
    regencies = list(Regency.objects.values_list("code", "name"))
    users = [
        User(username=ADMIN, role=Role.ADMIN, is_staff=True, is_superuser=True),
        *(User(username=province_user(c), role=Role.PROVINCE, province_id=c) for c, _ in provinces),
        *(
            User(username=regency_user(c), role=Role.REGENCY, regency_id=c, province_id=c[:2])
            for c, _ in regencies
        ),
    ]
    for user in users:
        user.email = f"{user.username}@scale.invalid"
        user.set_unusable_password()
    User.objects.bulk_create(users, ignore_conflicts=True)
    ids = dict(User.objects.filter(username__startswith=PREFIX).values_list("username", "pk"))
    officers = {code: ids[regency_user(code)] for code, _ in regencies}
    return ids[ADMIN], officers, provinces, regencies


@dataclass
class ScaleResult:
    counts: dict = field(default_factory=dict)
    seconds: dict = field(default_factory=dict)


@transaction.atomic
def seed_scale(*, kim, seed, stdout=None):
    """Load the national dataset for `kim` KIM (repeatable with `seed`)."""
    rng = random.Random(seed)
    result = ScaleResult()
    started = time.monotonic()
    creator, officers, provinces, regencies = _accounts()
    seed_offices(regencies, provinces)
    registry = seed_registry(rng, kim, creator_id=creator, officers=officers, stdout=stdout)
    result.counts.update(registry.counts)
    result.seconds["registry"] = time.monotonic() - started
    step = time.monotonic()
    result.counts.update(
        seed_partnerships(
            rng,
            round(kim * AGREEMENTS_PER_KIM),
            registered=registry.registered,
            creator_id=creator,
            officers=officers,
        )
    )
    result.seconds["partnerships"] = time.monotonic() - step
    step = time.monotonic()
    result.counts.update(
        seed_capacity(
            rng,
            round(kim * EVENTS_PER_KIM),
            round(kim * REGISTRATIONS_PER_KIM),
            registered=registry.registered,
            creator_id=creator,
            officers=officers,
        )
    )
    result.seconds["capacity"] = time.monotonic() - step
    result.counts["users"] = User.objects.filter(username__startswith=PREFIX).count()
    result.seconds["total"] = time.monotonic() - started
    return result
