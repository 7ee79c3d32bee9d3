"""Backups: the database (pg_dump custom format), the uploaded files (a tar of
MEDIA_ROOT) and the identifiers of the encryption keys, never the keys themselves.

A backup folder holds `database.dump`, `media.tar.gz` and `keys.txt`. Restoring needs
the same FIELD_ENCRYPTION_KEYS (one whose identifier `keys.txt` names) and FIELD_HASH_KEY;
`restore` refuses to run without them, since NIK and phone numbers would not decrypt.
"""

import os
import shutil
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from kimportal.core.crypto import key_id

DUMP, MEDIA, KEYS = "database.dump", "media.tar.gz", "keys.txt"


def _pg(database):
    """(arguments naming the database, environment with its password) for pg_* tools."""
    if "postgresql" not in database["ENGINE"]:
        raise ImproperlyConfigured("Backups are made of PostgreSQL (DATABASE_URL=postgres://…).")
    args = ["--dbname", database["NAME"]]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if database.get(key):
            args += [option, str(database[key])]
    env = {**os.environ}
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = database["PASSWORD"]
    return args, env


def _tool(name):
    path = shutil.which(name)
    if not path:
        raise ImproperlyConfigured(f"{name} is not installed (Debian: postgresql-client).")
    return path


def key_lines():
    return [
        *(f"encryption {key_id(key)}" for key in settings.FIELD_ENCRYPTION_KEYS),
        f"hash {key_id(settings.FIELD_HASH_KEY)}",
    ]


def backup(target, *, database, media_root):
    """Write a backup of `database` (a DATABASES entry) and `media_root` into `target`."""
    target = Path(target)
    target.mkdir(parents=True, exist_ok=True)
    args, env = _pg(database)
    subprocess.run(  # noqa: S603 - fixed program, arguments from settings
        [
            _tool("pg_dump"),
            "--format=custom",
            "--no-owner",
            "--no-acl",
            "--file",
            target / DUMP,
            *args,
        ],
        env=env,
        check=True,
    )
    with tarfile.open(target / MEDIA, "w:gz") as archive:
        if Path(media_root).is_dir():
            archive.add(media_root, arcname=".")
    # The key's identifier tells which key the dump needs; the key itself stays out of it.
    (target / KEYS).write_text("\n".join(key_lines()) + "\n")
    return target


def missing_keys(source):
    """Lines of the backup's keys.txt this installation's keys cannot satisfy."""
    wanted = (Path(source) / KEYS).read_text().split("\n")
    have = set(key_lines())
    first_encryption = next(line for line in wanted if line.startswith("encryption "))
    hash_line = next(line for line in wanted if line.startswith("hash "))
    return [line for line in (first_encryption, hash_line) if line not in have]


def restore(source, *, database, media_root):
    """Replace `database`'s contents and `media_root`'s files with the backup in `source`."""
    source = Path(source)
    missing = missing_keys(source)
    if missing:
        raise ImproperlyConfigured(
            "The backup was made with keys this installation does not have ("
            + ", ".join(missing)
            + "): set FIELD_ENCRYPTION_KEYS and FIELD_HASH_KEY as they were."
        )
    args, env = _pg(database)
    subprocess.run(  # noqa: S603 - fixed program, arguments from settings
        [
            _tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-acl",
            "--exit-on-error",
            "--single-transaction",
            *args,
            source / DUMP,
        ],
        env=env,
        check=True,
    )
    media_root = Path(media_root)
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / MEDIA, "r:gz") as archive:
        archive.extractall(media_root, filter="data")
