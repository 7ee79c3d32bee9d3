import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import translation
from django.utils.functional import lazy

from kimportal.core import audit
from kimportal.core.accounts.audit_actions import AccountAction
from kimportal.core.audit import actions
from kimportal.core.models import AuditEntry
from registry.audit_actions import KimAction, LetterAction, RosterAction
from registry.models import KimStatus, Position
from registry.services import workflow
from tests.factories import KimFactory


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
    "registry.kim.submit",
    "registry.kim.approve",
    "registry.kim.return",
    "registry.kim.reject",
    "registry.kim.deactivate",
    "registry.kim.reactivate",
    "registry.kim.revoke",
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
    "capacity.event.created",
    "capacity.event.updated",
    "capacity.event.opened",
    "capacity.event.closed",
    "capacity.event.held",
    "capacity.event.cancelled",
    "capacity.event.reported",
    "capacity.event.file_added",
    "capacity.event.file_removed",
    "capacity.registration.registered",
    "capacity.registration.waitlisted",
    "capacity.registration.promoted",
    "capacity.registration.cancelled",
    "capacity.registration.walk_in",
    "capacity.registration.checked_in",
    "capacity.registration.evaluated",
    "capacity.certificate.issued",
    "capacity.assessment.created",
    "capacity.assessment.updated",
}


def test_every_value_ever_stored_is_still_in_the_catalogue():
    registered = {member.value for c in actions.catalogues() for member in c.actions}
    assert not STORED_VALUES - registered


def test_every_workflow_transition_records_its_own_catalogued_action():
    recorded = {t.audit_action for t in workflow.TRANSITIONS.values()}
    assert len(recorded) == len(workflow.TRANSITIONS)  # one action each, never shared
    assert all(isinstance(action, KimAction) for action in recorded)


def test_each_catalogue_is_a_part_of_the_portal_with_a_translated_name():
    catalogues = {c.prefix: c for c in actions.catalogues()}
    assert list(catalogues) == [
        "accounts.",
        "jobs.",
        "registry.kim.",
        "registry.roster.",
        "registry.document.",
        "registry.letter.",
        "registry.office.",
        "registry.personal_data.",
        "partnerships.agreement.",
        "partnerships.report.",
        "partnerships.mapping.",
        "partnerships.forum.",
        "partnerships.visit.",
        "capacity.event.",
        "capacity.registration.",
        "capacity.certificate.",
        "capacity.assessment.",
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


# --- the trail in words ------------------------------------------------------------------


@pytest.mark.django_db
def test_an_entry_reads_as_words_in_either_language(province_staff):
    kim = KimFactory()
    with transaction.atomic():
        entry = audit.record(
            actor=province_staff,
            obj=kim,
            action=KimAction.APPROVE,
            changes={
                "status": [KimStatus.SUBMITTED, KimStatus.APPROVED],
                "village_id": ["36.04.01.2001", "36.04.01.2002"],
                "founded_on": [None, "2025-04-17"],
                "note": [None, "Lengkap"],
                "made_up_key": [0, False],
            },
        )
    entry = AuditEntry.objects.get(pk=entry.pk)
    with translation.override("id"):
        assert str(entry.action_label) == "Pengajuan disetujui"
        assert {c.key: (c.label, c.old, c.new) for c in entry.readable_changes} == {
            "status": ("status", "Diajukan", "Disetujui"),
            "village_id": ("desa/kelurahan", "36.04.01.2001", "36.04.01.2002"),
            "founded_on": ("tanggal berdiri", "—", "17 April 2025"),
            "note": ("catatan", "—", "Lengkap"),
            "made_up_key": ("made_up_key", "0", "Tidak"),  # no label: the key as it is
        }
    with translation.override("en"):
        assert str(entry.action_label) == "Application approved"
        assert {(c.label, c.old, c.new) for c in entry.readable_changes} >= {
            ("status", "Submitted", "Approved"),
            ("village", "36.04.01.2001", "36.04.01.2002"),
            ("date founded", "—", "17 April 2025"),
            ("note", "—", "Lengkap"),
        }


@pytest.mark.django_db
def test_member_changes_recorded_on_the_kim_use_the_member_fields(manager):
    kim = KimFactory()
    with transaction.atomic():
        entry = audit.record(
            actor=manager,
            obj=kim,
            action=RosterAction.MEMBER_UPDATED,
            changes={
                "position": [Position.ANGGOTA, Position.KETUA],
                "nik": ["3604014101900001", "3604014101900002"],
                "phone": ["0812", "0813"],
            },
        )
    with translation.override("id"):
        rows = {c.key: (c.label, c.old, c.new) for c in entry.readable_changes}
    assert rows["position"] == ("jabatan", "Anggota", "Ketua")
    assert rows["nik"] == ("NIK", "•••", "•••")
    assert rows["phone"] == ("telepon", "•••", "•••")


@pytest.mark.django_db
def test_a_row_with_a_code_outside_the_catalogue_still_displays():
    # Written straight to the table (as a row from before the catalogue might be).
    kim = KimFactory()
    entry = AuditEntry.objects.create(
        action="registry.kim.legacy",
        content_type=ContentType.objects.get_for_model(kim),
        object_id=str(kim.pk),
        changes={"name": ["A", "B"]},
    )
    assert entry.action_label == "registry.kim.legacy"
    with translation.override("id"):
        assert [tuple(c) for c in entry.readable_changes] == [("name", "nama KIM", "A", "B")]


@pytest.mark.django_db
def test_letter_supersession_reads_in_words(province_staff):
    kim = KimFactory()
    with transaction.atomic():
        entry = audit.record(
            actor=None,
            obj=kim,
            action=LetterAction.SUPERSEDED,
            changes={"kim": [None, "KIM-3604-2025-0001"], "sha256": [None, "abc"]},
        )
    with translation.override("id"):
        labels = {c.label for c in entry.readable_changes}
    assert labels == {"Nomor Induk", "sidik berkas (SHA-256)"}
