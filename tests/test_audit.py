import pytest
from django.db import transaction

from kimportal.core import audit
from kimportal.core.models import AuditEntry


def test_audit_refuses_to_write_outside_a_transaction(manager, monkeypatch):
    # pytest-django wraps each test in a transaction; pretend we are outside it.
    with monkeypatch.context() as patch:
        patch.setattr(transaction.get_connection(), "in_atomic_block", False)
        with pytest.raises(RuntimeError):
            audit.record(actor=manager, obj=manager, action="test")
    assert not AuditEntry.objects.filter(action="test").exists()


def test_personal_fields_are_never_written_to_the_trail(manager):
    with transaction.atomic():
        audit.record(
            actor=manager,
            obj=manager,
            action="registry.member.updated",
            changes={"nik": ["3604014101900001", "3604014101900002"], "name": ["A", "B"]},
        )
    entry = AuditEntry.objects.get(action="registry.member.updated")
    assert "3604014101900001" not in str(entry.changes)
    assert entry.changes["name"] == ["A", "B"]
