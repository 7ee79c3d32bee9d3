"""The KIM workflow in one place: each transition checks the actor, locks the KIM,
records the status change and the audit entry in one transaction, and notifies.

draft/returned --submit--> submitted --approve--> approved --issue number--> registered
                           submitted --return---> returned (manager fixes, resubmits)
                           submitted --reject---> rejected
registered --deactivate--> inactive --reactivate--> registered
registered/inactive --revoke--> revoked
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kimportal.core import audit
from kimportal.core.accounts.roles import Role
from kimportal.core.numbering import next_value
from registry import notifications
from registry.audit_actions import TRANSITION_ACTIONS, KimAction
from registry.models import Kim, KimStatus, RegencyOffice, StatusChange, VerificationNote
from registry.requirements import unmet_requirements

S = KimStatus


class WorkflowError(Exception):
    """A refused action; the message is shown to the user as it is."""


def _manager_of(kim, user):
    return user.role == Role.MANAGER and kim.managers.filter(pk=user.pk).exists()


def _regency_officer(kim, user):
    return user.role == Role.REGENCY and user.regency_id == kim.regency_id


def _province_staff(kim, user):
    return user.role == Role.PROVINCE and user.province_id == kim.regency_id[:2]


_officer = Kim.is_officer_of  # regency officer or provincial staff of the KIM's area


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple
    target: str
    label: str
    may: object  # (kim, user) -> bool
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
            lambda k, u: _manager_of(k, u) or _regency_officer(k, u),
        ),
        Transition("approve", (S.SUBMITTED,), S.APPROVED, gettext_lazy("Setujui"), _province_staff),
        Transition(
            "return",
            (S.SUBMITTED,),
            S.RETURNED,
            gettext_lazy("Kembalikan untuk perbaikan"),
            _province_staff,
            needs_note=True,
        ),
        Transition(
            "reject",
            (S.SUBMITTED,),
            S.REJECTED,
            gettext_lazy("Tolak"),
            _province_staff,
            needs_note=True,
        ),
        Transition(
            "deactivate",
            (S.REGISTERED,),
            S.INACTIVE,
            gettext_lazy("Nonaktifkan"),
            _officer,
            needs_note=True,
        ),
        Transition(
            "reactivate",
            (S.INACTIVE,),
            S.REGISTERED,
            gettext_lazy("Aktifkan kembali"),
            _officer,
            needs_note=True,
        ),
        Transition(
            "revoke",
            (S.REGISTERED, S.INACTIVE),
            S.REVOKED,
            gettext_lazy("Cabut"),
            _officer,
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
        if (names is None or name in names) and kim.status in t.sources and t.may(kim, user)
    ]


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


@transaction.atomic
def kim_transition(*, kim, actor, action, note=""):
    """Apply `action` (a key of TRANSITIONS) to `kim`, or raise WorkflowError."""
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise WorkflowError(_("Tindakan tidak dikenal."))
    current = _locked(kim)
    if current.status not in transition.sources:
        raise WorkflowError(
            _("Tindakan “%(action)s” tidak dapat dilakukan pada KIM berstatus %(status)s.")
            % {"action": transition.label, "status": current.get_status_display()}
        )
    if not transition.may(current, actor):
        raise WorkflowError(_("Anda tidak berwenang melakukan tindakan ini pada KIM ini."))
    note = (note or "").strip()
    if transition.needs_note and not note:
        raise WorkflowError(_("Tuliskan alasan atau catatan untuk tindakan ini."))
    if action == "submit":
        missing = unmet_requirements(current)
        if missing:
            raise WorkflowError(
                _("Belum dapat diajukan; persyaratan belum lengkap: %(list)s.")
                % {"list": "; ".join(missing)}
            )
        current.submitted_at = timezone.now()
    old = current.status
    current.status = transition.target
    current.save(update_fields=["status", "submitted_at", "updated_at"])
    _record(current, actor, old, note, TRANSITION_ACTIONS[action])
    if action == "revoke":
        from registry.services.letters import letters_revoke_for

        letters_revoke_for(kim=current, actor=actor)
    if action == "submit":
        notifications.on_submission(current)
    else:
        notifications.on_decision(current, transition.label, note)
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


def nomor_induk_can_issue(kim, user):
    return kim.status == S.APPROVED and _regency_officer(kim, user)


@transaction.atomic
def nomor_induk_issue(*, kim, actor):
    """Give an approved KIM its Nomor Induk and register it. Unique, never reused.

    The counter row is locked for the rest of the transaction, so two officers clicking
    at once get consecutive numbers; a failure rolls the counter back (no gaps).
    """
    current = _locked(kim)
    if current.status != S.APPROVED:
        raise WorkflowError(_("Nomor Induk hanya diterbitkan untuk KIM yang sudah disetujui."))
    if not _regency_officer(current, actor):
        raise WorkflowError(
            _("Nomor Induk diterbitkan oleh petugas Diskominfo kabupaten/kota KIM ini.")
        )
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
    current.status = S.REGISTERED
    current.registered_at = timezone.now()
    current.save(update_fields=["nomor_induk", "status", "registered_at", "updated_at"])
    _record(
        current,
        actor,
        S.APPROVED,
        "",
        KimAction.NUMBER_ISSUED,
        {"nomor_induk": [None, current.nomor_induk]},
    )
    notifications.on_decision(
        current, _("Nomor Induk diterbitkan: %(n)s") % {"n": current.nomor_induk}, ""
    )
    kim.refresh_from_db()
    return current


@transaction.atomic
def note_add(*, kim, actor, text):
    if not _officer(kim, actor):
        raise WorkflowError(_("Catatan verifikasi ditulis oleh petugas wilayah KIM ini."))
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
    kim.save()
    if actor.role == Role.MANAGER:
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
    """Edit the profile; officers' corrections of a submitted KIM are audited like any other."""
    before = _locked(kim)
    if not before.writable_by(actor):
        raise WorkflowError(_("Profil KIM tidak dapat diubah pada status ini."))
    for name, value in data.items():
        setattr(kim, name, value)
    if "village_id" in data or "village" in data:
        kim.regency_id = kim.village_id[:5]
    kim.full_clean()
    kim.save()
    changes = audit.diff(before, kim, KIM_FIELDS)
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

    Each KIM in its own transaction, recorded as done by the system, with the reason.
    """
    today = today or timezone.localdate()
    done = 0
    for kim in expired_registrations(today).only("pk"):
        with transaction.atomic():
            current = _locked(kim)
            if current.status != S.REGISTERED:
                continue  # changed meanwhile
            current.status = S.INACTIVE
            current.save(update_fields=["status", "updated_at"])
            note = _("Masa bakti pengurus berakhir tanpa susunan pengurus baru.")
            _record(current, None, S.REGISTERED, note, KimAction.TERM_EXPIRED)
            notifications.on_decision(current, _("KIM dinonaktifkan otomatis"), note)
        done += 1
    return done
