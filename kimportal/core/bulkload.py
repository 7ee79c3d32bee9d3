"""Bulk loading for synthetic datasets (`seed_scale`): PostgreSQL COPY with ids reserved up
front, so related rows can point at rows not yet written. Each app's `scale.py` uses it."""

from django.db import connection, models
from django.utils import timezone

from kimportal.core import crypto
from kimportal.core.fields import personal_fields


def reserve_ids(model, count):
    """Move the table's id sequence past `count` ids and return them as a range."""
    if not count:
        return range(0)
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence(%s, 'id'), nextval(pg_get_serial_sequence(%s,"
            " 'id')) + %s - 1)",
            [table, table, count],
        )
        last = cursor.fetchone()[0]
    return range(last - count + 1, last + 1)


def _defaults(model, now):
    """Each column's value when a row does not give one: the field's default (Django sets
    defaults in Python, not in the table), `now` for auto_now(_add)."""
    defaults = {}
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            defaults[field.attname] = now
        elif field.has_default() and not callable(field.default):
            defaults[field.attname] = field.get_default()
        elif field.null:
            defaults[field.attname] = None
        elif isinstance(field, models.CharField | models.TextField):
            defaults[field.attname] = ""
    return defaults


def copy_rows(model, rows, *, now=None):
    """COPY `rows` (dicts by column name; "id" when reserved) into `model`'s table and return
    how many: much faster than INSERT for hundreds of thousands of rows. Missing columns take
    the field's default; a required column without one raises KeyError."""
    defaults = _defaults(model, now or timezone.now())
    json_fields = {
        f.attname: f for f in model._meta.concrete_fields if isinstance(f, models.JSONField)
    }
    # Personal data goes in as the ORM would write it: encrypted, with its HMAC beside it.
    encrypted, hashes = personal_fields(model)
    encrypted = {f.attname: f for f in encrypted}
    hashes = {f.attname: f for f in hashes}
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return 0
    columns = [
        f.attname for f in model._meta.concrete_fields if not f.primary_key or f.attname in first
    ]
    quoted = ", ".join(connection.ops.quote_name(name) for name in columns)

    def values(row):
        out = []
        for name in columns:
            value = row[name] if name in row else defaults[name]
            if name in json_fields:
                value = json_fields[name].get_db_prep_value(value, connection)
            elif name in encrypted:
                value = encrypted[name].get_prep_value(value)
            elif name in hashes:
                value = crypto.blind_index(row.get(hashes[name].source, ""))
            out.append(value)
        return out

    count = 1
    sql = f"COPY {model._meta.db_table} ({quoted}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        copy.write_row(values(first))
        for row in rows:
            copy.write_row(values(row))
            count += 1
    return count


def analyze(*models_):
    """Fresh planner statistics after a load (the first queries would guess otherwise)."""
    with connection.cursor() as cursor:
        for model in models_:
            cursor.execute(f"ANALYZE {model._meta.db_table}")
