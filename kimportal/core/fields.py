"""Model fields for personal data at rest (see kimportal.core.crypto).

`EncryptedCharField` keeps CharField's form and validation (max_length applies to the
clear value) but stores a Fernet token in a text column; it answers no lookups but
`isnull`, so a `filter(nik=...)`, which could never match a token, fails loudly instead
of finding nothing. `BlindIndexField` holds the HMAC of another field, set on every save
(bulk_create included); query it with `crypto.blind_index(value)`.
"""

from django.db import connection, models

from kimportal.core import crypto


class EncryptedCharField(models.CharField):
    def db_type(self, connection):
        return "text"

    def rel_db_type(self, connection):
        return "text"

    def from_db_value(self, value, expression, connection):
        return None if value is None else crypto.decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return None if value is None else crypto.encrypt(value)

    def get_lookup(self, lookup_name):
        return super().get_lookup(lookup_name) if lookup_name == "isnull" else None

    def get_transform(self, lookup_name):
        return None


class BlindIndexField(models.CharField):
    def __init__(self, *args, source, **kwargs):
        self.source = source
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        for key, value in (("max_length", 64), ("editable", False), ("default", "")):
            if kwargs.get(key) == value:
                del kwargs[key]
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        value = crypto.blind_index(getattr(model_instance, self.source))
        setattr(model_instance, self.attname, value)
        return value


def personal_fields(model):
    """(encrypted fields, blind index fields) of `model`."""
    fields = model._meta.concrete_fields
    return (
        [f for f in fields if isinstance(f, EncryptedCharField)],
        [f for f in fields if isinstance(f, BlindIndexField)],
    )


def rewrite_personal_data(model, *, batch_size=1000):
    """Write every row's encrypted values again under the first key, and its hashes under
    the current hash key; rows written in clear (before encryption) get encrypted.

    Batches of `batch_size` rows in primary-key order, each one `UPDATE … FROM (VALUES …)`
    committed on its own outside a transaction (bulk_update's CASE per row was 3 ms a
    row). Returns the number of rows.
    """
    encrypted, hashes = personal_fields(model)
    if not encrypted and not hashes:
        return 0
    fields = encrypted + hashes
    manager, done, last = model._base_manager, 0, 0
    table = connection.ops.quote_name(model._meta.db_table)
    columns = [connection.ops.quote_name(f.column) for f in fields]
    assignments = ", ".join(f"{c} = v.{c}" for c in columns)
    names = [f.attname for f in encrypted] + list({f.source for f in hashes})
    while batch := list(
        manager.filter(pk__gt=last).order_by("pk").values("pk", *names)[:batch_size]
    ):
        rows = [
            (
                row["pk"],
                *(f.get_prep_value(row[f.attname]) for f in encrypted),
                *(crypto.blind_index(row[f.source]) for f in hashes),
            )
            for row in batch
        ]
        placeholders = ", ".join(["(%s" + ", %s" * len(fields) + ")"] * len(rows))
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET {assignments} FROM (VALUES {placeholders}) "  # noqa: S608
                f"AS v(id, {', '.join(columns)}) WHERE {table}.id = v.id",
                [value for row in rows for value in row],
            )
        done, last = done + len(batch), batch[-1]["pk"]
    return done


def write_personal_data_in_clear(model, schema_editor):
    """The reverse of the encrypting migration: clear values back in their columns."""
    encrypted, _hashes = personal_fields(model)
    columns = [f.column for f in encrypted]
    table = schema_editor.quote_name(model._meta.db_table)
    assignments = ", ".join(f"{schema_editor.quote_name(c)} = %s" for c in columns)
    rows = [
        (*values, pk)
        for pk, *values in model._base_manager.values_list("pk", *[f.name for f in encrypted])
    ]
    with schema_editor.connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {table} SET {assignments} WHERE id = %s", rows)  # noqa: S608
