"""The KIM workflow in one place: every status change is a transition of the table
below. Each checks the state and the actor's permission, locks the KIM, records the
status change and the audit entry in one transaction, and notifies after commit.

draft/returned --submit--> submitted --approve--> approved --issue_number--> registered
                           submitted --return---> returned (manager fixes, resubmits)
                           submitted --reject---> rejected
registered --deactivate--> inactive --reactivate--> registered
registered --expire (the daily job: the board's term ended)--> inactive
registered/inactive --revoke--> revoked
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kimportal.core import audit
from kimportal.core.access import ActionRefused, require
from kimportal.core.access.predicates import is_kim_manager
from kimportal.core.numbering import next_value
from registry import notifications
from registry.audit_actions import KimAction
from registry.models import Kim, KimStatus, RegencyOffice, StatusChange, VerificationNote
from registry.requirements import unmet_requirements

S = KimStatus


class WorkflowError(ActionRefused):
    """A workflow step that is not possible now; the message says why."""


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple
    target: str
    label: str  # the button
    perm: str | None  # the permission it takes; None: only the system (scheduled jobs)
    audit_action: KimAction
    needs_note: bool = False


TRANSITIONS = {
    t.name: t
    for t in [
        # Officers may submit on a community's behalf (assisted registration).
        Transition(
            "submit",
            (S.DRAFT, S.RETURNED),
            S.SUBMITTED,
            gettext_lazy("Ajukan"),
            "registry.submit_kim",
            KimAction.SUBMIT,
        ),
        Transition(
            "approve",
            (S.SUBMITTED,),
            S.APPROVED,
            gettext_lazy("Setujui"),
            "registry.decide_kim",
            KimAction.APPROVE,
        ),
        Transition(
            "return",
            (S.SUBMITTED,),
            S.RETURNED,
            gettext_lazy("Kembalikan untuk perbaikan"),
            "registry.decide_kim",
            KimAction.RETURN,
            needs_note=True,
        ),
        Transition(
            "reject",
            (S.SUBMITTED,),
            S.REJECTED,
            gettext_lazy("Tolak"),
            "registry.decide_kim",
            KimAction.REJECT,
            needs_note=True,
        ),
        Transition(
            "issue_number",
            (S.APPROVED,),
            S.REGISTERED,
            gettext_lazy("Terbitkan Nomor Induk"),
            "registry.issue_nomor_induk",
            KimAction.NUMBER_ISSUED,
        ),
        Transition(
            "deactivate",
            (S.REGISTERED,),
            S.INACTIVE,
            gettext_lazy("Nonaktifkan"),
            "registry.change_kim_status",
            KimAction.DEACTIVATE,
            needs_note=True,
        ),
        Transition(
            "reactivate",
            (S.INACTIVE,),
            S.REGISTERED,
            gettext_lazy("Aktifkan kembali"),
            "registry.change_kim_status",
            KimAction.REACTIVATE,
            needs_note=True,
        ),
        Transition(
            "expire",
            (S.REGISTERED,),
            S.INACTIVE,
            gettext_lazy("Nonaktifkan karena masa bakti berakhir"),
            None,
            KimAction.TERM_EXPIRED,
            needs_note=True,
        ),
        Transition(
            "revoke",
            (S.REGISTERED, S.INACTIVE),
            S.REVOKED,
            gettext_lazy("Cabut"),
            "registry.change_kim_status",
            KimAction.REVOKE,
            needs_note=True,
        ),
    ]
}
# Decisions a provincial reviewer takes on a submitted application.
DECISIONS = ("approve", "return", "reject")
# Later status changes an officer makes on a registered KIM.
STATUS_ACTIONS = ("deactivate", "reactivate", "revoke")


def available_transitions(kim, user, names=None):
    """Transitions `user` may take now (drives which buttons a page shows)."""
    return [
        t
        for name, t in TRANSITIONS.items()
        if (names is None or name in names)
        and kim.status in t.sources
        and t.perm
        and user.has_perm(t.perm, kim)
    ]


def can_take(kim, user, name):
    return bool(available_transitions(kim, user, (name,)))


def _locked(kim):
    return Kim.objects.select_for_update().get(pk=kim.pk)


def _record(kim, actor, old, note, action, changes=None):
    StatusChange.objects.create(
        kim=kim, from_status=old, to_status=kim.status, actor=actor, note=note
    )
    audit.record(
        actor=actor,
        obj=kim,
        action=action,
        changes={"status": [old, kim.status], **(changes or {})}
        | ({"note": [None, note]} if note else {}),
    )


def _refuse_state(transition, current):
    if transition.name == "issue_number" and current.nomor_induk:
        # Two officers clicked at once: the other one was first.
        issued = current.status_changes.filter(to_status=S.REGISTERED).select_related("actor")
        by = issued.first().actor if issued.exists() else None
        raise WorkflowError(
            _("Nomor Induk KIM ini baru saja diterbitkan: %(n)s, oleh %(by)s.")
            % {"n": current.nomor_induk, "by": by or _("sistem")}
        )
    if current.status == transition.target:
        # Done already (a double click, or someone else first): say so, and by whom.
        done = current.status_changes.filter(to_status=current.status).select_related("actor")
        last = done.first()
        if last is not None:
            raise WorkflowError(
                _(
                    "KIM ini sudah berstatus %(status)s sejak %(when)s WIB, oleh %(by)s; "
                    "tidak ada yang diubah."
                )
                % {
                    "status": current.get_status_display(),
                    "when": formats.date_format(timezone.localtime(last.created_at), "j F Y H:i"),
                    "by": last.actor or _("sistem"),
                }
            )
    raise WorkflowError(
        _("Tindakan “%(action)s” tidak dapat dilakukan pada KIM berstatus %(status)s.")
        % {"action": transition.label, "status": current.get_status_display()}
    )


def _check_requirements(current):
    missing = unmet_requirements(current)
    if missing:
        raise WorkflowError(
            _("Belum dapat diajukan; persyaratan belum lengkap: %(list)s.")
            % {"list": "; ".join(missing)}
        )
    current.submitted_at = timezone.now()
    return {}


def _assign_number(current):
    """Take the regency's next Nomor Induk. The counter row stays locked for the rest of
    the transaction, so two officers clicking at once get consecutive numbers; a failure
    rolls the counter back (no gaps)."""
    office, _created = RegencyOffice.objects.get_or_create(regency_id=current.regency_id)
    year = timezone.localdate().year
    pattern = office.nomor_induk_pattern
    key = f"nomor_induk:{current.regency_id}" + (f":{year}" if "{year}" in pattern else "")
    seq = next_value(key, start=office.nomor_induk_start)
    try:
        validate_nomor_induk_pattern(pattern)
        number = format_nomor_induk(pattern, regency=current.regency_id, year=year, seq=seq)
    except ValidationError as error:
        raise WorkflowError(" ".join(error.messages)) from None
    if Kim.objects.filter(nomor_induk=number).exists():
        # A pattern changed to drop {year}, or a start set too low: never reuse a number.
        raise WorkflowError(
            _(
                "Nomor %(n)s sudah pernah diterbitkan. Periksa pola dan nomor "
                "urut awal di pengaturan kabupaten/kota."
            )
            % {"n": number}
        )
    current.nomor_induk = number
    current.registered_at = timezone.now()
    return {"nomor_induk": [None, number]}


def _revoke_letters(current, actor):
    from registry.services.letters import letters_revoke_for

    letters_revoke_for(kim=current, actor=actor)


# What a transition does besides changing the status: before (may refuse; returns the
# extra audited changes) and after (inside the same transaction).
BEFORE = {"submit": _check_requirements, "issue_number": _assign_number}
AFTER = {"revoke": _revoke_letters}


@transaction.atomic
def kim_transition(*, kim, actor, action, note=""):
    """Apply `action` (a key of TRANSITIONS) to `kim`, or raise an ActionRefused.

    `actor` None is the system (scheduled jobs); only transitions without a permission
    are open to it.
    """
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise WorkflowError(_("Tindakan tidak dikenal."))
    current = _locked(kim)
    if current.status not in transition.sources:
        _refuse_state(transition, current)
    if transition.perm is None:
        if actor is not None:
            raise WorkflowError(_("Tindakan ini dijalankan oleh sistem."))
    else:
        require(actor, transition.perm, current)
    note = (note or "").strip()
    if transition.needs_note and not note:
        raise WorkflowError(_("Tuliskan alasan atau catatan untuk tindakan ini."))
    changes = BEFORE[action](current) if action in BEFORE else {}
    old = current.status
    current.status = transition.target
    current.save()
    _record(current, actor, old, note, transition.audit_action, changes)
    if action in AFTER:
        AFTER[action](current, actor)
    if action == "submit":
        notifications.on_submission(current)
    else:
        notifications.on_decision(current, transition, note)
    kim.refresh_from_db()
    return current


def format_nomor_induk(pattern, *, regency, year, seq):
    return pattern.format(regency=regency.replace(".", ""), year=year, seq=seq)


def validate_nomor_induk_pattern(pattern):
    """Refuse patterns that cannot be filled or would repeat numbers (no {seq})."""
    if "{seq" not in pattern:
        raise ValidationError(_("Pola Nomor Induk wajib memuat {seq}."))
    try:
        sample = format_nomor_induk(pattern, regency="36.04", year=2025, seq=7)
    except (KeyError, ValueError, IndexError, AttributeError):
        raise ValidationError(
            _(
                "Pola Nomor Induk tidak dapat dipakai. Gunakan hanya {seq}, "
                "{year} dan {regency}, misalnya KIM-{regency}-{year}-{seq:04d}."
            )
        ) from None
    if len(sample) > 60:
        raise ValidationError(_("Pola Nomor Induk terlalu panjang."))
    return sample


def nomor_induk_issue(*, kim, actor):
    """Give an approved KIM its Nomor Induk and register it. Unique, never reused."""
    return kim_transition(kim=kim, actor=actor, action="issue_number")


@transaction.atomic
def note_add(*, kim, actor, text):
    require(actor, "registry.add_verification_note", kim)
    text = (text or "").strip()
    if not text:
        raise WorkflowError(_("Catatan tidak boleh kosong."))
    note = VerificationNote.objects.create(kim=kim, author=actor, text=text)
    audit.record(actor=actor, obj=kim, action=KimAction.NOTE_ADDED, changes={"note": [None, text]})
    return note


KIM_FIELDS = (
    "name",
    "village_id",
    "address",
    "phone",
    "email",
    "founded_on",
    "focus",
    "website",
    "kimid_address",
    "kimid_id",
    "social_links",
    "member_count",
)


@transaction.atomic
def kim_create(*, actor, data, managers=()):
    kim = Kim(created_by=actor, **data)
    kim.full_clean()
    require(actor, "registry.create_kim", kim)
    kim.save()
    if is_kim_manager(actor):
        kim.managers.add(actor)
    if managers:
        kim.managers.add(*managers)
    StatusChange.objects.create(kim=kim, from_status="", to_status=kim.status, actor=actor)
    audit.record(
        actor=actor,
        obj=kim,
        action=KimAction.CREATED,
        changes={
            name: [None, audit.json_value(getattr(kim, name))]
            for name in KIM_FIELDS
            if getattr(kim, name) not in (None, "")
        },
    )
    return kim


@transaction.atomic
def kim_update(*, kim, actor, data):
    """Edit the profile; officers' corrections of a submitted KIM are audited like any other.

    A KIM submitted once keeps its regency (its review, numbering and officers belong to
    it): a village elsewhere is a move, for provincial staff of both places only.
    """
    before = _locked(kim)
    require(actor, "registry.change_kim_profile", before)
    for name, value in data.items():
        setattr(kim, name, value)
    if "village_id" in data or "village" in data:
        kim.regency_id = kim.village_id[:5]
    moved = before.regency_fixed and kim.regency_id != before.regency_id
    if moved:
        require(actor, "registry.move_kim_to_another_regency", before)
        require(actor, "registry.move_kim_to_another_regency", kim)  # the destination
    kim.full_clean()
    kim.save()
    changes = audit.diff(before, kim, KIM_FIELDS)
    if moved:
        regency = {"regency": [before.regency_id, kim.regency_id]}
        audit.record(actor=actor, obj=kim, action=KimAction.MOVED, changes=regency)
    if changes:
        audit.record(actor=actor, obj=kim, action=KimAction.UPDATED, changes=changes)
    return kim


def expired_registrations(today):
    """Registered KIM whose current board's term ended before `today`."""
    return Kim.objects.filter(
        status=S.REGISTERED, rosters__is_current=True, rosters__term_end__lt=today
    )


def kims_deactivate_expired(*, today=None):
    """Registered -> inactive when the term ended without a new roster (daily job).

    Each KIM in its own transaction, done by the system, with the reason.
    """
    today = today or timezone.localdate()
    note = _("Masa bakti pengurus berakhir tanpa susunan pengurus baru.")
    done = 0
    for kim in expired_registrations(today).only("pk"):
        try:
            kim_transition(kim=kim, actor=None, action="expire", note=note)
        except WorkflowError:
            continue  # changed meanwhile
        done += 1
    return done
