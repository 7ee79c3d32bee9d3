"""Indexes for the public directory at 100,000 KIM (PostgreSQL only).

- (name, id): the directory's default order; the first page reads 25 index entries instead
  of sorting every KIM.
- (regency_id, name, id): a regency filter in name order, and the sort by regency.
- (registered_at DESC NULLS LAST, id DESC): the "newest registered" sort.
- GIN trigram index on UPPER(name): Django's `name__icontains` is
  `UPPER(name::text) LIKE UPPER('%...%')` on PostgreSQL; pg_trgm lets that use an index.

These are database-specific query aids, not model state, so they are created with SQL on
PostgreSQL and skipped elsewhere (the SQLite development database does not need them).
pg_trgm is a trusted extension: the database owner can create it without superuser.
"""

from django.db import migrations

INDEXES = [
    ("registry_kim_dir_name", "CREATE INDEX IF NOT EXISTS {name} ON registry_kim (name, id)"),
    (
        "registry_kim_dir_regency_name",
        "CREATE INDEX IF NOT EXISTS {name} ON registry_kim (regency_id, name, id)",
    ),
    (
        "registry_kim_dir_registered",
        "CREATE INDEX IF NOT EXISTS {name} ON registry_kim (registered_at DESC NULLS LAST, id DESC)",
    ),
    (
        "registry_kim_dir_name_trgm",
        "CREATE INDEX IF NOT EXISTS {name} ON registry_kim "
        "USING gin ((UPPER(name::text)) gin_trgm_ops)",
    ),
]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, sql in INDEXES:
        schema_editor.execute(sql.format(name=name))


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _sql in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    # The pg_trgm extension stays: other indexes may use it.


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0002_kim_roster_documents"),
    ]

    operations = [
        migrations.RunPython(create_indexes, drop_indexes),
    ]
