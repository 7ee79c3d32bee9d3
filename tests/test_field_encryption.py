"""NIK and phone numbers are encrypted in their columns; equality goes by an HMAC."""

import io

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.core.management import call_command
from django.db import connection

from kimportal.core import crypto
from kimportal.core.fields import rewrite_personal_data
from registry.models import Kim, KimStatus, Member
from registry.selectors.roster import nik_conflicts
from tests.factories import KimFactory, MemberFactory, RosterFactory, make_board

pytestmark = pytest.mark.django_db


def _raw(table, column, pk):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def _raw_column(table, column):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table}")  # noqa: S608
        return [row[0] for row in cursor.fetchall()]


@pytest.fixture
def member():
    kim = KimFactory(phone="0254123456")
    return MemberFactory(roster=RosterFactory(kim=kim), phone="081234567890")


def test_the_database_holds_no_nik_or_phone_in_clear(member):
    nik_column = _raw_column("registry_member", "nik")
    assert member.nik not in " ".join(nik_column)
    assert all(value.startswith("gAAAAA") for value in nik_column)
    assert "081234567890" not in " ".join(_raw_column("registry_member", "phone"))
    assert "0254123456" not in _raw("registry_kim", "phone", member.roster.kim_id)
    # and the portal reads them back
    again = Member.objects.get(pk=member.pk)
    assert (again.nik, again.phone) == (member.nik, "081234567890")
    assert Kim.objects.get(pk=member.roster.kim_id).phone == "0254123456"


def test_the_same_nik_encrypts_differently_but_hashes_the_same(member):
    twin = MemberFactory(nik=member.nik)
    raw = [_raw("registry_member", "nik", pk) for pk in (member.pk, twin.pk)]
    assert raw[0] != raw[1]
    hashes = [_raw("registry_member", "nik_hash", pk) for pk in (member.pk, twin.pk)]
    assert hashes[0] == hashes[1] == crypto.blind_index(member.nik)
    assert member.nik not in hashes[0]


def test_forum_boards_and_contacts_are_encrypted_too():
    from tests.partnerships.helpers import make_forum

    forum = make_forum()
    board = list(forum.members.all())
    assert board
    assert "081234567890" not in _raw("partnerships_forum", "contact_phone", forum.pk)
    for person in board:
        raw_nik = _raw("partnerships_forummember", "nik", person.pk)
        assert raw_nik.startswith("gAAAAA")
        assert person.nik not in raw_nik
        assert _raw("partnerships_forummember", "nik_hash", person.pk) == crypto.blind_index(
            person.nik
        )
        assert person.phone not in _raw("partnerships_forummember", "phone", person.pk)


def test_asking_an_encrypted_column_for_equality_fails_loudly(member):
    # A token never equals the clear value: a silent empty answer would hide the bug.
    with pytest.raises(FieldError):
        list(Member.objects.filter(nik=member.nik))
    assert list(Member.objects.filter(nik_hash=crypto.blind_index(member.nik))) == [member]


def test_the_shared_board_member_warning_goes_by_hash(member):
    kim = member.roster.kim
    other = KimFactory(status=KimStatus.REGISTERED)
    MemberFactory(roster=RosterFactory(kim=other), nik=member.nik)
    conflicts = nik_conflicts(member.roster)
    assert [(c.nik, c.kim_id) for c in conflicts] == [(member.nik, other.pk)]
    assert kim.pk != other.pk


def test_officers_find_a_kim_by_a_board_members_nik(client_for, province_staff):
    kim = KimFactory(name="KIM Dicari")
    wanted = make_board(RosterFactory(kim=kim))[0]
    make_board(RosterFactory(kim=KimFactory(name="KIM Lain")))
    page = client_for(province_staff).get("/kim/", {"q": wanted.nik})
    assert [k.name for k in page.context["page"]] == ["KIM Dicari"]


def test_rows_written_in_clear_are_encrypted_by_the_migration_step(member):
    # As before the data migration: clear values in the columns, no hash.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE registry_member SET nik = %s, phone = %s, nik_hash = '' WHERE id = %s",
            [member.nik, "081299998888", member.pk],
        )
    rewrite_personal_data(Member)
    assert _raw("registry_member", "nik", member.pk).startswith("gAAAAA")
    assert _raw("registry_member", "nik_hash", member.pk) == crypto.blind_index(member.nik)
    assert Member.objects.get(pk=member.pk).phone == "081299998888"


def test_key_rotation_re_encrypts_under_the_new_key(member, settings):
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    new_key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new_key, old_key]
    assert Member.objects.get(pk=member.pk).nik == member.nik  # old rows still read
    out = io.StringIO()
    call_command("rotate_field_keys", batch_size=1, stdout=out)
    assert f"kunci {crypto.key_id(new_key)}" in out.getvalue()
    token = _raw("registry_member", "nik", member.pk)
    assert Fernet(new_key).decrypt(token.encode()).decode() == member.nik
    settings.FIELD_ENCRYPTION_KEYS = [new_key]  # the old key can go now
    again = Member.objects.get(pk=member.pk)
    assert (again.nik, again.phone) == (member.nik, "081234567890")
    assert Kim.objects.get(pk=member.roster.kim_id).phone == "0254123456"


def test_a_value_under_a_missing_key_is_refused_not_garbled(member, settings):
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(ImproperlyConfigured, match="rotate_field_keys"):
        Member.objects.get(pk=member.pk)


def test_key_ids_name_a_key_without_revealing_it():
    key = Fernet.generate_key().decode()
    assert crypto.key_id(key) == crypto.key_id(key)
    assert crypto.key_id(key) not in key
    assert len(crypto.key_id(key)) == 16
