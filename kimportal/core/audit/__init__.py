"""The one audit trail. Call `record` inside the transaction that makes the change.

`action` is a member of a registered catalogue (see audit/actions.py); anything else is
refused, so every entry has a label people can read.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from kimportal.core.audit.actions import require as _require_action
from kimportal.core.audit.models import AuditEntry

# Field names whose values are personal data: the trail notes that they changed,
# never what they were (UU 27/2022).
PERSONAL_FIELDS = {"nik", "nik_hash", "phone", "contact_phone", "password"}


def _redact(changes):
    return {
        key: ["•••", "•••"] if key in PERSONAL_FIELDS else value
        for key, value in (changes or {}).items()
    }


def _jurisdiction(obj):
    """Objects say where they belong with `jurisdiction() -> (province, regency)` codes."""
    scope = getattr(obj, "jurisdiction", None)
    return scope() if scope else ("", "")


def _entry(actor, obj, action, changes):
    province, regency = _jurisdiction(obj)
    return AuditEntry(
        actor=actor if actor and actor.is_authenticated else None,
        action=action,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        changes=_redact(changes),
        province_code=province or "",
        regency_code=regency or "",
    )


def _require_transaction():
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("the audit trail is written inside the transaction of the change")


def record(*, actor, obj, action, changes=None):
    action = _require_action(action)
    _require_transaction()
    entry = _entry(actor, obj, action, changes)
    entry.save()
    return entry


def record_many(*, actor, objs, action, changes=None):
    """Bulk operations log in one INSERT."""
    action = _require_action(action)
    _require_transaction()
    return AuditEntry.objects.bulk_create([_entry(actor, obj, action, changes) for obj in objs])


def json_value(value):
    return value if value is None or isinstance(value, bool | int | float | str) else str(value)


def diff(before, after, fields):
    """{field: [old, new]} for the fields whose value changed, JSON-safe."""
    out = {}
    for name in fields:
        old, new = getattr(before, name, None), getattr(after, name, None)
        if old != new:
            out[name] = [json_value(old), json_value(new)]
    return out


def trail_for(obj):
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).select_related("actor")
