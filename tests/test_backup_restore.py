"""Backup and restore: a backup of the real PostgreSQL, restored into an emptied database,
holds every KIM, member (NIK and phone decryptable), document and letter as they were."""

import hashlib
import io
import time
from pathlib import Path

import psycopg
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection

from kimportal.core import backup, crypto
from registry.models import Document, Kim, Letter, Member
from tests.factories import KimFactory, RosterFactory, make_board
from tests.registry.letter_helpers import registered_kim, stored_letter


def _conninfo(settings_dict, name):
    return psycopg.conninfo.make_conninfo(
        dbname=name,
        host=settings_dict.get("HOST") or None,
        port=settings_dict.get("PORT") or None,
        user=settings_dict.get("USER") or None,
        password=settings_dict.get("PASSWORD") or None,
    )


@pytest.fixture
def throwaway_database():
    """A database of its own to restore into (the test database stays as it is)."""
    settings_dict = connection.settings_dict
    name = f"{settings_dict['NAME']}_restore"
    admin = _conninfo(settings_dict, "postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    yield {**settings_dict, "NAME": name}
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _contents(conninfo, media_root):
    """What a person checks after a restore, read straight from the restored database."""
    with psycopg.connect(conninfo) as conn:
        kims = set(conn.execute("SELECT name, nomor_induk FROM registry_kim").fetchall())
        members = {
            (crypto.decrypt(nik), crypto.decrypt(phone), nik_hash)
            for nik, phone, nik_hash in conn.execute(
                "SELECT nik, phone, nik_hash FROM registry_member"
            )
        }
        documents = {
            (name, sha256, hashlib.sha256((media_root / name).read_bytes()).hexdigest())
            for name, sha256 in conn.execute("SELECT file, sha256 FROM registry_document")
        }
        letters = {
            (number, sha256, hashlib.sha256(bytes(pdf)).hexdigest())
            for number, sha256, pdf in conn.execute(
                "SELECT number, sha256, pdf FROM registry_letter"
            )
        }
    return kims, members, documents, letters


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_into_an_emptied_database_loses_nothing(
    banten_areas, throwaway_database, tmp_path, settings
):
    for n in range(3):
        kim = registered_kim(name=f"KIM Cadangan {n}", seq=n + 1)
        stored_letter(kim, number=f"{n + 1}/KIM/3604/2025")
    make_board(RosterFactory(kim=KimFactory(name="KIM Draf", phone="0254123456")))
    media = Path(settings.MEDIA_ROOT)
    expected = (
        set(Kim.objects.values_list("name", "nomor_induk")),
        {(m.nik, m.phone, crypto.blind_index(m.nik)) for m in Member.objects.all()},
        {
            (d.file.name, d.sha256, hashlib.sha256((media / d.file.name).read_bytes()).hexdigest())
            for d in Document.objects.all()
        },
        {(x.number, x.sha256, x.sha256) for x in Letter.objects.all()},
    )
    assert all(expected)
    assert len(expected[1]) == 12  # four boards of three

    call_command("backup", str(tmp_path / "cadangan"), stdout=io.StringIO())
    keys = (tmp_path / "cadangan" / "keys.txt").read_text()
    assert f"encryption {crypto.key_id(settings.FIELD_ENCRYPTION_KEYS[0])}" in keys
    assert settings.FIELD_ENCRYPTION_KEYS[0] not in keys  # the key itself never

    restored_media = tmp_path / "media"
    conninfo = _conninfo(throwaway_database, throwaway_database["NAME"])
    started = time.perf_counter()
    backup.restore(tmp_path / "cadangan", database=throwaway_database, media_root=restored_media)
    took = time.perf_counter() - started
    assert _contents(conninfo, restored_media) == expected

    # Wiped (rows and files gone), then restored over it: everything is back.
    with psycopg.connect(conninfo) as conn:
        conn.execute("TRUNCATE registry_kim CASCADE")
    for path in restored_media.rglob("*"):
        if path.is_file():
            path.unlink()
    backup.restore(tmp_path / "cadangan", database=throwaway_database, media_root=restored_media)
    assert _contents(conninfo, restored_media) == expected
    print(f"restore of the test database: {took:.1f} s")


def test_restore_refuses_a_backup_made_with_other_keys(tmp_path):
    (tmp_path / "keys.txt").write_text("encryption 0123456789abcdef\nhash fedcba9876543210\n")
    with pytest.raises(ImproperlyConfigured, match="keys this installation does not have"):
        backup.restore(tmp_path, database={}, media_root=tmp_path / "media")
