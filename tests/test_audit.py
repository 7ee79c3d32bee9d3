import pytest
from django.db import models, transaction
from django.utils import translation
from django.utils.functional import lazy

from kimportal.core import audit
from kimportal.core.accounts.audit_actions import AccountAction
from kimportal.core.audit import actions
from kimportal.core.models import AuditEntry
from registry.audit_actions import TRANSITION_ACTIONS, KimAction, RosterAction
from registry.services import workflow


def test_audit_refuses_to_write_outside_a_transaction(manager, monkeypatch):
    # pytest-django wraps each test in a transaction; pretend we are outside it.
    with monkeypatch.context() as patch:
        patch.setattr(transaction.get_connection(), "in_atomic_block", False)
        with pytest.raises(RuntimeError):
            audit.record(actor=manager, obj=manager, action=AccountAction.UPDATED)
    assert not AuditEntry.objects.exists()


def test_personal_fields_are_never_written_to_the_trail(manager):
    with transaction.atomic():
        audit.record(
            actor=manager,
            obj=manager,
            action=RosterAction.MEMBER_UPDATED,
            changes={"nik": ["3604014101900001", "3604014101900002"], "name": ["A", "B"]},
        )
    entry = AuditEntry.objects.get(action="registry.roster.member_updated")
    assert "3604014101900001" not in str(entry.changes)
    assert entry.changes["name"] == ["A", "B"]


# --- the catalogue ---------------------------------------------------------------------


# A lazy (translatable) text that keeps test strings out of the message catalogue.
lazy_text = lazy(str, str)


class NotRegistered(models.TextChoices):
    THING = "registry.kim.thing", lazy_text("Sesuatu")


@pytest.mark.parametrize(
    "action",
    [
        "registry.kim.submit",  # the right code, but a bare string: use the enum member
        "registry.kim.approved",  # a typo
        NotRegistered.THING,  # a TextChoices nobody registered
        None,
    ],
)
def test_record_refuses_an_action_outside_the_catalogue(manager, action):
    with pytest.raises(actions.UnknownAuditAction, match="registered catalogue"):
        audit.record(actor=manager, obj=manager, action=action)
    with pytest.raises(actions.UnknownAuditAction):
        audit.record_many(actor=manager, objs=[manager], action=action)
    assert not AuditEntry.objects.exists()


def test_record_many_stores_the_catalogue_value(manager, other_manager):
    audit.record_many(
        actor=None, objs=[manager, other_manager], action=AccountAction.UPDATED, changes={}
    )
    assert list(AuditEntry.objects.values_list("action", flat=True)) == [
        "accounts.user.updated",
        "accounts.user.updated",
    ]


# Every value the trail has ever stored: rows written before the catalogue keep their
# meaning only while these stay in it.
STORED_VALUES = {
    "accounts.user.created",
    "accounts.user.signed_up",
    "accounts.user.activated",
    "accounts.user.updated",
    "accounts.user.role_changed",
    *(f"registry.kim.{name}" for name in workflow.TRANSITIONS),
    "registry.kim.created",
    "registry.kim.updated",
    "registry.kim.number_issued",
    "registry.kim.note_added",
    "registry.kim.term_expired",
    "registry.roster.replaced",
    "registry.roster.member_added",
    "registry.roster.member_updated",
    "registry.roster.member_removed",
    "registry.document.uploaded",
    "registry.letter.issued",
    "registry.letter.superseded",
    "registry.letter.revoked",
    "registry.office.updated",
}


def test_every_value_ever_stored_is_still_in_the_catalogue():
    registered = {member.value for c in actions.catalogues() for member in c.actions}
    assert not STORED_VALUES - registered


def test_every_workflow_transition_records_its_own_catalogued_action():
    assert set(TRANSITION_ACTIONS) == set(workflow.TRANSITIONS)
    for name, action in TRANSITION_ACTIONS.items():
        assert action.value == f"registry.kim.{name}"  # the value stored before the catalogue


def test_each_catalogue_is_a_part_of_the_portal_with_a_translated_name():
    catalogues = {c.prefix: c for c in actions.catalogues()}
    assert list(catalogues) == [
        "accounts.",
        "registry.kim.",
        "registry.roster.",
        "registry.document.",
        "registry.letter.",
        "registry.office.",
    ]
    with translation.override("en"):
        assert str(catalogues["registry.letter."].label) == "Certificates"


def test_a_catalogue_with_untranslated_labels_or_a_foreign_prefix_is_refused():
    class Plain(models.TextChoices):
        DONE = "test.done", "Selesai"  # not gettext_lazy

    class Astray(models.TextChoices):
        DONE = "other.done", lazy_text("Selesai")

    class Twice(models.TextChoices):
        SUBMIT = "registry.kim.submit", lazy_text("Lagi")

    with pytest.raises(ValueError, match="gettext_lazy"):
        actions.catalogue(prefix="test.", label="Uji")(Plain)
    with pytest.raises(ValueError, match="does not start with"):
        actions.catalogue(prefix="test.", label="Uji")(Astray)
    with pytest.raises(ValueError, match="KimAction already"):
        actions.catalogue(prefix="registry.kim.", label="Uji")(Twice)
    assert actions.lookup("test.done") == (None, None)
    assert actions.lookup("registry.kim.submit")[0] is KimAction.SUBMIT
