"""Retention: a roster replaced more than ROSTER_RETENTION_YEARS ago loses its members'
names, NIK and phone numbers; counts, positions and the audit trail stay."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection

from kimportal.core.models import AuditEntry
from registry.models import Document, DocumentKind, Member, Roster
from registry.services.retention import rosters_remove_old_personal_data
from tests.factories import KimFactory, RosterFactory, make_board

pytestmark = pytest.mark.django_db


@pytest.fixture
def replaced(time_machine, settings):
    """A KIM whose first board (with a declaration scan) was replaced today by a second."""
    settings.ROSTER_RETENTION_YEARS = 5
    time_machine.move_to(datetime.datetime.now(tz=datetime.UTC), tick=False)
    kim = KimFactory()
    old = RosterFactory(kim=kim, is_current=False)
    old_members = make_board(old, extra_members=1)
    Document.objects.create(
        kim=kim,
        kind=DocumentKind.DECLARATION,
        member=old_members[0],
        file="dokumen/pernyataan.pdf",
        content_type="application/pdf",
        size=1,
        sha256="0" * 64,
        original_name="pernyataan.pdf",
    )
    time_machine.shift(datetime.timedelta(minutes=1))
    current = RosterFactory(kim=kim)
    make_board(current)
    AuditEntry.objects.all().delete()
    return old, current


def _years_later(time_machine, years, days):
    now = datetime.datetime.now(tz=datetime.UTC)
    time_machine.move_to(now.replace(year=now.year + years) + datetime.timedelta(days=days))


def test_nothing_is_removed_within_the_retention_period(replaced, time_machine):
    old, _current = replaced
    _years_later(time_machine, 5, -1)
    assert rosters_remove_old_personal_data() == 0
    assert all(m.nik for m in Member.objects.filter(roster=old))


def test_old_rosters_lose_their_personal_data_after_it(replaced, time_machine):
    old, current = replaced
    current_before = list(Member.objects.filter(roster=current).values_list("nik", "phone"))
    _years_later(time_machine, 5, 1)
    out = io.StringIO()
    call_command("remove_old_personal_data", stdout=out)
    assert "Data pribadi 1 susunan pengurus" in out.getvalue()
    members = list(Member.objects.filter(roster=old))
    assert len(members) == 4  # the count stays
    assert {(m.full_name, m.nik, m.phone, m.nik_hash) for m in members} == {("", "", "", "")}
    assert sorted(m.position for m in members) == ["anggota", "bendahara", "ketua", "sekretaris"]
    assert not Document.objects.filter(kind=DocumentKind.DECLARATION).exists()
    with connection.cursor() as cursor:  # nothing left in the columns either
        cursor.execute("SELECT nik, phone FROM registry_member WHERE roster_id = %s", [old.pk])
        assert set(cursor.fetchall()) == {("", "")}
    assert Roster.objects.get(pk=old.pk).personal_data_removed_at is not None
    # the current board is untouched
    after = list(Member.objects.filter(roster=current).values_list("nik", "phone"))
    assert after == current_before
    # the trail keeps what it had and says what was done, by the system
    [entry] = AuditEntry.objects.filter(action="registry.roster.personal_data_removed")
    assert entry.actor is None
    assert entry.changes == {"roster": [None, old.pk], "members": [None, 4]}


def test_running_it_again_does_nothing_more(replaced, time_machine):
    _years_later(time_machine, 6, 0)
    assert rosters_remove_old_personal_data() == 1
    assert rosters_remove_old_personal_data() == 0
    assert AuditEntry.objects.filter(action="registry.roster.personal_data_removed").count() == 1


def test_the_period_is_a_setting(replaced, time_machine, settings):
    settings.ROSTER_RETENTION_YEARS = 2
    _years_later(time_machine, 2, 1)
    assert rosters_remove_old_personal_data() == 1


def test_the_job_is_scheduled_daily(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["remove-old-personal-data"]
    assert entry["task"] == "registry.remove_old_personal_data"
