"""The workflow: every transition by every role, allowed and refused."""

import datetime

import pytest
from django.core import mail

from kimportal.core.access import ActionRefused, NotPermitted
from kimportal.core.models import AuditEntry
from registry.models import Kim, KimStatus, StatusChange
from registry.services import workflow
from registry.services.workflow import WorkflowError
from tests.dates import WIB
from tests.factories import KimFactory

pytestmark = pytest.mark.django_db

ROLES = [
    "manager",
    "other_manager",
    "officer_kab_serang",
    "officer_kota_serang",
    "province_staff",
    "other_province_staff",
]


@pytest.fixture
def requirements_met(monkeypatch):
    """Workflow tests focus on who may act; requirement checks have their own tests."""
    monkeypatch.setattr(workflow, "unmet_requirements", lambda kim: [])


@pytest.fixture
def kim(manager):
    return KimFactory(managers=[manager])


# (action, from status, roles allowed) — every other role in ROLES is refused.
MATRIX = [
    ("submit", KimStatus.DRAFT, {"manager", "officer_kab_serang"}),
    ("submit", KimStatus.RETURNED, {"manager", "officer_kab_serang"}),
    ("approve", KimStatus.SUBMITTED, {"province_staff"}),
    ("return", KimStatus.SUBMITTED, {"province_staff"}),
    ("reject", KimStatus.SUBMITTED, {"province_staff"}),
    ("deactivate", KimStatus.REGISTERED, {"officer_kab_serang", "province_staff"}),
    ("reactivate", KimStatus.INACTIVE, {"officer_kab_serang", "province_staff"}),
    ("revoke", KimStatus.REGISTERED, {"officer_kab_serang", "province_staff"}),
    ("revoke", KimStatus.INACTIVE, {"officer_kab_serang", "province_staff"}),
]


@pytest.mark.parametrize(("action", "source", "allowed"), MATRIX)
@pytest.mark.parametrize("role", ROLES)
def test_transition_by_role(request, requirements_met, kim, action, source, allowed, role):
    actor = request.getfixturevalue(role)
    Kim.objects.filter(pk=kim.pk).update(status=source)
    kim.refresh_from_db()
    target = workflow.TRANSITIONS[action].target
    if role in allowed:
        workflow.kim_transition(kim=kim, actor=actor, action=action, note="alasan")
        assert Kim.objects.get(pk=kim.pk).status == target
        change = StatusChange.objects.get(kim=kim)
        assert (change.from_status, change.to_status, change.actor) == (source, target, actor)
        entry = AuditEntry.objects.get(action=f"registry.kim.{action}")
        assert entry.changes["status"] == [source, target]
        assert entry.actor == actor
    else:
        with pytest.raises(ActionRefused):
            workflow.kim_transition(kim=kim, actor=actor, action=action, note="alasan")
        assert Kim.objects.get(pk=kim.pk).status == source
        assert not StatusChange.objects.filter(kim=kim).exists()


@pytest.mark.parametrize("action", ["approve", "return", "reject", "deactivate", "revoke"])
def test_illegal_transition_from_draft_is_refused_with_a_message(
    requirements_met, kim, province_staff, action
):
    with pytest.raises(WorkflowError, match="tidak dapat dilakukan"):
        workflow.kim_transition(kim=kim, actor=province_staff, action=action, note="x")


@pytest.mark.parametrize("action", ["return", "reject", "revoke"])
def test_return_reject_and_revoke_need_a_reason(requirements_met, kim, province_staff, action):
    status = KimStatus.REGISTERED if action == "revoke" else KimStatus.SUBMITTED
    Kim.objects.filter(pk=kim.pk).update(status=status)
    with pytest.raises(WorkflowError, match="alasan"):
        workflow.kim_transition(kim=kim, actor=province_staff, action=action, note="  ")
    assert Kim.objects.get(pk=kim.pk).status == status


def test_submit_is_refused_while_requirements_are_missing(kim, manager):
    with pytest.raises(WorkflowError, match="persyaratan belum lengkap"):
        workflow.kim_transition(kim=kim, actor=manager, action="submit")
    assert Kim.objects.get(pk=kim.pk).status == KimStatus.DRAFT


def test_managers_are_emailed_on_decisions_and_officers_on_submission(
    requirements_met,
    kim,
    manager,
    officer_kab_serang,
    officer_kota_serang,
    province_staff,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        workflow.kim_transition(kim=kim, actor=manager, action="submit")
    to = sorted(address for message in mail.outbox for address in message.to)
    assert to == sorted([officer_kab_serang.email, province_staff.email])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.kim_transition(
            kim=kim, actor=province_staff, action="return", note="Lengkapi nomor SK."
        )
    assert [m.to for m in mail.outbox] == [[manager.email]]
    assert "Lengkapi nomor SK." in mail.outbox[0].body


# --- Nomor Induk ---------------------------------------------------------------------


@pytest.mark.time_machine(datetime.datetime(2026, 3, 14, 10, 0, tzinfo=WIB), tick=False)
def test_officer_of_the_regency_issues_the_number(kim, officer_kab_serang):
    Kim.objects.filter(pk=kim.pk).update(status=KimStatus.APPROVED)
    issued = workflow.nomor_induk_issue(kim=kim, actor=officer_kab_serang)
    assert issued.nomor_induk == "KIM-3604-2026-0001"
    assert issued.status == KimStatus.REGISTERED
    assert AuditEntry.objects.filter(
        action="registry.kim.number_issued", changes__nomor_induk=[None, issued.nomor_induk]
    ).exists()


# 17:30 UTC on New Year's Eve is already New Year's Day in Serang (WIB, UTC+7).
@pytest.mark.time_machine(datetime.datetime(2025, 12, 31, 17, 30, tzinfo=datetime.UTC), tick=False)
def test_the_number_takes_the_year_in_indonesia_not_in_utc(kim, officer_kab_serang):
    Kim.objects.filter(pk=kim.pk).update(status=KimStatus.APPROVED)
    issued = workflow.nomor_induk_issue(kim=kim, actor=officer_kab_serang)
    assert issued.nomor_induk == "KIM-3604-2026-0001"


@pytest.mark.parametrize("role", ["manager", "officer_kota_serang", "province_staff"])
def test_only_the_regency_officer_issues_numbers(request, kim, role):
    Kim.objects.filter(pk=kim.pk).update(status=KimStatus.APPROVED)
    with pytest.raises(NotPermitted, match="petugas Diskominfo kabupaten/kota"):
        workflow.nomor_induk_issue(kim=kim, actor=request.getfixturevalue(role))
    assert Kim.objects.get(pk=kim.pk).nomor_induk is None


@pytest.mark.parametrize("status", [KimStatus.DRAFT, KimStatus.SUBMITTED, KimStatus.REJECTED])
def test_numbers_only_for_approved_kim(kim, officer_kab_serang, status):
    Kim.objects.filter(pk=kim.pk).update(status=status)
    with pytest.raises(WorkflowError):
        workflow.nomor_induk_issue(kim=kim, actor=officer_kab_serang)


def test_pattern_and_starting_sequence_are_set_per_regency(kim, officer_kab_serang):
    from registry.models import RegencyOffice

    RegencyOffice.objects.create(
        regency_id="36.04", nomor_induk_pattern="{seq:03d}/KIM/{regency}", nomor_induk_start=120
    )
    second = KimFactory()
    Kim.objects.filter(pk__in=[kim.pk, second.pk]).update(status=KimStatus.APPROVED)
    first_number = workflow.nomor_induk_issue(kim=kim, actor=officer_kab_serang).nomor_induk
    second_number = workflow.nomor_induk_issue(kim=second, actor=officer_kab_serang).nomor_induk
    assert (first_number, second_number) == ("120/KIM/3604", "121/KIM/3604")


def test_a_number_is_immutable_once_issued(kim, officer_kab_serang):
    Kim.objects.filter(pk=kim.pk).update(status=KimStatus.APPROVED)
    workflow.nomor_induk_issue(kim=kim, actor=officer_kab_serang)
    kim = Kim.objects.get(pk=kim.pk)
    kim.nomor_induk = "KIM-3604-2025-9999"
    with pytest.raises(ValueError, match="immutable"):
        kim.save()


def test_verification_notes_by_officers_only(kim, officer_kab_serang, officer_kota_serang, manager):
    workflow.note_add(kim=kim, actor=officer_kab_serang, text="SK sudah dicek.")
    assert kim.notes.get().text == "SK sudah dicek."
    for outsider in (officer_kota_serang, manager):
        with pytest.raises(NotPermitted):
            workflow.note_add(kim=kim, actor=outsider, text="x")


def test_term_end_without_a_new_roster_makes_a_registered_kim_inactive(kim, manager):
    from registry.services.workflow import kims_deactivate_expired
    from tests.dates import current_term, ended_term
    from tests.factories import RosterFactory

    Kim.objects.filter(pk=kim.pk).update(status=KimStatus.REGISTERED, nomor_induk="KIM-1")
    RosterFactory(kim=kim, **ended_term())
    still_valid = KimFactory(status=KimStatus.REGISTERED, nomor_induk="KIM-2")
    RosterFactory(kim=still_valid, **current_term())

    assert kims_deactivate_expired() == 1  # today, as the daily `expire_terms` runs it
    assert Kim.objects.get(pk=kim.pk).status == KimStatus.INACTIVE
    assert Kim.objects.get(pk=still_valid.pk).status == KimStatus.REGISTERED
    change = StatusChange.objects.get(kim=kim)
    assert change.actor is None
    assert "Masa bakti" in change.note
    assert AuditEntry.objects.filter(action="registry.kim.term_expired").count() == 1
    assert kims_deactivate_expired() == 0  # idempotent


def test_a_term_ending_today_is_still_current(kim):
    from registry.services.workflow import kims_deactivate_expired
    from tests.dates import add_years, days_from_today
    from tests.factories import RosterFactory

    Kim.objects.filter(pk=kim.pk).update(status=KimStatus.REGISTERED, nomor_induk="KIM-1")
    last_day = days_from_today(0)
    RosterFactory(kim=kim, term_start=add_years(last_day, -3), term_end=last_day)
    assert kims_deactivate_expired() == 0
    assert kims_deactivate_expired(today=days_from_today(1)) == 1


@pytest.mark.parametrize("pattern", ["KIM-{regency}-{year}", "{foo}-{seq}", "KIM-{seq:04d"])
def test_unusable_nomor_induk_patterns_are_refused(pattern):
    from django.core.exceptions import ValidationError

    from registry.services.workflow import validate_nomor_induk_pattern

    with pytest.raises(ValidationError):
        validate_nomor_induk_pattern(pattern)


def test_a_number_that_would_repeat_is_refused_not_a_server_error(kim, officer_kab_serang):
    from registry.models import RegencyOffice

    RegencyOffice.objects.create(regency_id="36.04", nomor_induk_pattern="KIM-{regency}-{seq}")
    KimFactory(status=KimStatus.REGISTERED, nomor_induk="KIM-3604-1")  # from the paper era
    Kim.objects.filter(pk=kim.pk).update(status=KimStatus.APPROVED)
    with pytest.raises(WorkflowError, match="sudah pernah diterbitkan"):
        workflow.nomor_induk_issue(kim=kim, actor=officer_kab_serang)
    assert Kim.objects.get(pk=kim.pk).status == KimStatus.APPROVED


@pytest.mark.parametrize(
    ("name", "titled"),
    [
        ("KIM Cimuncang", "KIM Cimuncang"),
        ("kim-Maju", "kim-Maju"),
        ("Kimia Jaya", "KIM Kimia Jaya"),
    ],
)
def test_mails_never_say_kim_twice(
    kim, manager, province_staff, django_capture_on_commit_callbacks, name, titled
):
    Kim.objects.filter(pk=kim.pk).update(name=name, status=KimStatus.SUBMITTED)
    kim.refresh_from_db()
    kim.managers.add(manager)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.kim_transition(kim=kim, actor=province_staff, action="approve")
    [message] = [m for m in mail.outbox if m.to == [manager.email]]
    assert message.subject == f"Keputusan atas {titled}: Disetujui"
    assert "KIM KIM" not in message.body
