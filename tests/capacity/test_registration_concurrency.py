"""Seats under concurrent registration, against PostgreSQL: never more confirmed than the
quota, however many managers press "Daftarkan" at the same moment."""

import threading

import pytest
from django.db import connection

from capacity.models import Registration
from capacity.services.registration import kim_participants_register
from kimportal.core.accounts.roles import Role
from tests.capacity.helpers import board_of, make_event
from tests.factories import KimFactory, RosterFactory, UserFactory, make_board


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_never_overbook(banten_areas):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    import datetime

    from django.utils import timezone

    event = make_event(quota=3)
    teams = []
    for n in range(6):
        manager = UserFactory(role=Role.MANAGER, regency_id="36.04")
        kim = KimFactory(
            name=f"KIM Serentak {n}",
            status="registered",
            nomor_induk=f"KIM-3604-2025-{n:04d}",
            registered_at=timezone.now(),
            managers=[manager],
        )
        today = timezone.localdate()
        roster = RosterFactory(
            kim=kim,
            term_start=today - datetime.timedelta(days=1),
            term_end=today.replace(year=today.year + 2),
        )
        make_board(roster)
        teams.append((manager, kim))
    barrier = threading.Barrier(len(teams))
    errors = []

    def register(manager, kim):
        try:
            barrier.wait()
            kim_participants_register(
                event=event,
                actor=manager,
                kim=kim,
                member_ids=[str(m.pk) for m in board_of(kim)[:2]],
            )
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=team) for team in teams]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    statuses = list(Registration.objects.filter(event=event).values_list("status", flat=True))
    assert len(statuses) == 12
    assert statuses.count("confirmed") == 3
    assert statuses.count("waitlisted") == 9
