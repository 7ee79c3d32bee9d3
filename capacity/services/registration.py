"""Registering people for an event within its quota; a waiting list when it is full.

Every registration for an event takes the event's row lock first, so seats are counted
and given one registration at a time: two managers pressing "Daftarkan" together never
overbook the event (tests/capacity/test_registration_concurrency.py, on PostgreSQL).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from capacity import notifications
from capacity.audit_actions import RegistrationAction
from capacity.models import (
    Event,
    ParticipantKind,
    Registration,
    RegistrationStatus,
)
from capacity.selectors.registration import admitted_kims, officer_candidates, roster_member
from kimportal.core import audit
from kimportal.core.access import ActionRefused, require


class RegistrationError(ActionRefused):
    """A registration that cannot be made or changed; the message says why."""


def _lock(event):
    return (
        Event.objects.select_for_update(of=("self",))
        .select_related("province", "regency")
        .get(pk=event.pk)
    )


def _confirmed(event):
    return Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).count()


def _record(actor, registration):
    action = (
        RegistrationAction.REGISTERED
        if registration.is_confirmed
        else RegistrationAction.WAITLISTED
    )
    audit.record(
        actor=actor,
        obj=registration,
        action=action,
        changes={
            "name": [None, registration.name],
            "status": [None, registration.status],
            "organisation": [None, registration.organisation],
        },
    )


def _seat(event, taken):
    """CONFIRMED while seats are left, else WAITLISTED."""
    return RegistrationStatus.CONFIRMED if taken < event.quota else RegistrationStatus.WAITLISTED


@transaction.atomic
def kim_participants_register(*, event, actor, kim, member_ids=(), guests=()):
    """Register members of `kim`'s current board (`member_ids`) and named guests
    (`guests`: [(name, position)]) in one go; each takes a seat or a place on the
    waiting list, in order. Returns the new registrations."""
    locked = _lock(event)
    require(actor, "capacity.register_kim_participants", locked)
    kim = admitted_kims(locked, actor).filter(pk=kim.pk).first()
    if kim is None:
        raise RegistrationError(_("KIM ini bukan sasaran kegiatan ini atau belum terdaftar."))
    if not member_ids and not guests:
        raise RegistrationError(_("Pilih pengurus atau tuliskan nama tamu yang didaftarkan."))
    taken = _confirmed(locked)
    created = []
    for member_id in member_ids:
        member = roster_member(kim, member_id)
        if member is None:
            raise RegistrationError(_("Orang ini tidak ada di susunan pengurus KIM yang berlaku."))
        duplicate = (
            Registration.objects.filter(event=locked, member=member)
            .exclude(status=RegistrationStatus.CANCELLED)
            .exists()
        )
        if duplicate:
            raise RegistrationError(
                _("%(name)s sudah terdaftar di kegiatan ini.") % {"name": member.full_name}
            )
        created.append(
            Registration(
                event=locked,
                kind=ParticipantKind.MEMBER,
                kim=kim,
                member=member,
                name=member.full_name,
                position=member.position_detail or member.get_position_display(),
                organisation=kim.name,
            )
        )
    for name, position in guests:
        if not name.strip():
            continue
        created.append(
            Registration(
                event=locked,
                kind=ParticipantKind.GUEST,
                kim=kim,
                name=name.strip()[:150],
                position=(position or "").strip()[:150],
                organisation=kim.name,
            )
        )
    return _save_all(locked, actor, created, taken)


def _save_all(event, actor, registrations, taken):
    now = timezone.now()
    for registration in registrations:
        registration.status = _seat(event, taken)
        registration.registered_by = actor
        registration.created_at = now
        registration.status_changed_at = now
        if registration.is_confirmed:
            taken += 1
        registration.save()
        _record(actor, registration)
    return registrations


@transaction.atomic
def officers_register(*, event, actor, officer_ids):
    """Register officers of the actor's own office (themself included)."""
    locked = _lock(event)
    require(actor, "capacity.register_officers", locked)
    candidates = {
        str(user.pk): user
        for user in officer_candidates(locked, actor)
        if not user.registered and user.has_perm("capacity.register_officers", locked)
    }
    chosen = [candidates.get(str(pk)) for pk in officer_ids]
    if not chosen or None in chosen:
        raise RegistrationError(_("Pilih petugas dari kantor Anda yang belum terdaftar."))
    registrations = [
        Registration(
            event=locked,
            kind=ParticipantKind.OFFICER,
            officer=user,
            name=user.get_full_name() or user.username,
            position=user.position,
            organisation=_office_name(user),
        )
        for user in chosen
    ]
    return _save_all(locked, actor, registrations, _confirmed(locked))


def _office_name(user):
    area = user.regency or user.province
    return _("Diskominfo %(area)s") % {"area": area.name} if area else ""


@transaction.atomic
def registration_cancel(*, registration, actor):
    """Cancel; a confirmed seat goes to the first person on the waiting list."""
    require(actor, "capacity.cancel_registration", registration)
    locked_event = _lock(registration.event)
    current = Registration.objects.select_for_update().get(pk=registration.pk)
    if current.is_cancelled:
        raise RegistrationError(_("Pendaftaran ini sudah dibatalkan."))
    old = current.status
    current.status = RegistrationStatus.CANCELLED
    current.status_changed_at = timezone.now()
    current.save(update_fields=["status", "status_changed_at"])
    audit.record(
        actor=actor,
        obj=current,
        action=RegistrationAction.CANCELLED,
        changes={"status": [old, current.status]},
    )
    promoted = promote_waitlist(event=locked_event, actor=actor) if old == "confirmed" else []
    return current, promoted


def promote_waitlist(*, event, actor):
    """Give free seats to the waiting list, first come first served (inside the caller's
    transaction, with the event locked). Their managers are told by e-mail."""
    free = event.quota - _confirmed(event)
    if free <= 0:
        return []
    waiting = list(
        Registration.objects.select_for_update()
        .filter(event=event, status=RegistrationStatus.WAITLISTED)
        .order_by("created_at", "pk")[:free]
    )
    now = timezone.now()
    for registration in waiting:
        registration.status = RegistrationStatus.CONFIRMED
        registration.status_changed_at = now
        registration.save(update_fields=["status", "status_changed_at"])
        audit.record(
            actor=actor,
            obj=registration,
            action=RegistrationAction.PROMOTED,
            changes={"status": [RegistrationStatus.WAITLISTED, RegistrationStatus.CONFIRMED]},
        )
    if waiting:
        notifications.on_promoted(event, waiting)
    return waiting
