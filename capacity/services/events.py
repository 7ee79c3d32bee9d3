"""Writes on events: create, change, and the status workflow draft → open → closed →
held → reported, or cancelled."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from capacity import notifications
from capacity.audit_actions import EventAction
from capacity.models import Event, EventPerson, EventStatus
from kimportal.core import audit
from kimportal.core.access import ActionRefused, require

EVENT_FIELDS = (
    "kind",
    "title",
    "theme",
    "province_id",
    "regency_id",
    "starts_at",
    "ends_at",
    "venue",
    "online_link",
    "hours_jp",
    "quota",
    "audience",
    "registration_opens",
    "registration_closes",
)


class EventError(ActionRefused):
    """An event change that is not possible now; the message says why."""


def _check_times(event):
    if event.ends_at <= event.starts_at:
        raise EventError(_("Waktu selesai harus setelah waktu mulai."))
    if event.registration_closes <= event.registration_opens:
        raise EventError(_("Pendaftaran harus ditutup setelah dibuka."))
    if event.registration_opens > event.starts_at:
        raise EventError(_("Pendaftaran harus dibuka sebelum kegiatan dimulai."))
    if not (event.venue or event.online_link):
        raise EventError(_("Isi tempat kegiatan atau tautan daring."))


def _set_people(event, people):
    """Replace the speakers and moderator with `people` [(role, name, position)]."""
    event.people.all().delete()
    EventPerson.objects.bulk_create(
        EventPerson(event=event, role=role, name=name, position=position, order=index)
        for index, (role, name, position) in enumerate(people)
        if name.strip()
    )


def _people_repr(people):
    return "; ".join(f"{role}: {name}" for role, name, _position in people if name.strip())


@transaction.atomic
def event_create(*, actor, data, people=(), audience_regencies=(), audience_kims=()):
    event = Event(**{name: data.get(name) for name in EVENT_FIELDS if name in data})
    event.theme = event.theme or ""
    event.venue = event.venue or ""
    event.online_link = event.online_link or ""
    require(actor, "capacity.create_event", event)
    _check_times(event)
    event.created_by = actor
    event.save()
    event.audience_regencies.set(audience_regencies)
    event.audience_kims.set(audience_kims)
    _set_people(event, people)
    audit.record(
        actor=actor,
        obj=event,
        action=EventAction.CREATED,
        changes={
            "title": [None, event.title],
            "starts_at": [None, audit.json_value(event.starts_at)],
            "quota": [None, event.quota],
            "people": [None, _people_repr(people)],
        },
    )
    return event


@transaction.atomic
def event_update(*, event, actor, data, people=None, audience_regencies=None, audience_kims=None):
    locked = Event.objects.select_for_update().get(pk=event.pk)
    require(actor, "capacity.change_event", locked)
    before = Event.objects.get(pk=event.pk)
    for name in EVENT_FIELDS:
        if name in data and name not in ("province_id", "regency_id"):  # the organiser stays
            setattr(locked, name, data[name] if data[name] is not None else "")
    _check_times(locked)
    locked.save()
    changes = audit.diff(before, locked, [n for n in EVENT_FIELDS if not n.endswith("_id")])
    if audience_regencies is not None:
        locked.audience_regencies.set(audience_regencies)
    if audience_kims is not None:
        locked.audience_kims.set(audience_kims)
    if people is not None:
        old = _people_repr([(p.role, p.name, p.position) for p in locked.people.all()])
        _set_people(locked, people)
        new = _people_repr(people)
        if old != new:
            changes["people"] = [old, new]
    if changes:
        audit.record(actor=actor, obj=locked, action=EventAction.UPDATED, changes=changes)
    if "quota" in changes:
        from capacity.services.registration import promote_waitlist

        promote_waitlist(event=locked, actor=actor)
    return locked


@dataclass(frozen=True)
class Transition:
    name: str
    label: object
    sources: tuple
    target: str
    action: EventAction
    needs_reason: bool = False
    tone: str = "primary"


TRANSITIONS = {
    t.name: t
    for t in (
        Transition(
            "open",
            gettext_lazy("Buka pendaftaran"),
            (EventStatus.DRAFT, EventStatus.CLOSED),
            EventStatus.OPEN,
            EventAction.OPENED,
        ),
        Transition(
            "close",
            gettext_lazy("Tutup pendaftaran"),
            (EventStatus.OPEN,),
            EventStatus.CLOSED,
            EventAction.CLOSED,
            tone="outline-secondary",
        ),
        Transition(
            "hold",
            gettext_lazy("Tandai terlaksana"),
            (EventStatus.OPEN, EventStatus.CLOSED),
            EventStatus.HELD,
            EventAction.HELD,
        ),
        Transition(
            "cancel",
            gettext_lazy("Batalkan kegiatan"),
            (EventStatus.DRAFT, EventStatus.OPEN, EventStatus.CLOSED),
            EventStatus.CANCELLED,
            EventAction.CANCELLED,
            needs_reason=True,
            tone="outline-danger",
        ),
    )
}


def available_transitions(event, user, now=None):
    """What `user` may do to `event`'s status now (buttons on the event page)."""
    if not user.has_perm("capacity.change_event_status", event):
        return []
    now = now or timezone.now()
    found = []
    for transition in TRANSITIONS.values():
        if event.status not in transition.sources:
            continue
        if transition.name == "hold" and event.starts_at > now:
            continue
        if transition.name == "open" and event.ends_at < now:
            continue
        found.append(transition)
    return found


@transaction.atomic
def event_transition(*, event, actor, action, reason=""):
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise EventError(_("Tindakan ini tidak dikenal."))
    locked = Event.objects.select_for_update().get(pk=event.pk)
    require(actor, "capacity.change_event_status", locked)
    if transition not in available_transitions(locked, actor):
        raise EventError(
            _("Kegiatan berstatus “%(status)s”: tindakan ini tidak tersedia.")
            % {"status": locked.get_status_display()}
        )
    if transition.needs_reason and not reason.strip():
        raise EventError(_("Tuliskan alasan pembatalan; peserta akan menerimanya."))
    old = locked.status
    locked.status = transition.target
    if transition.name == "open" and locked.registration_closes <= timezone.now():
        raise EventError(_("Masa pendaftaran sudah lewat; ubah tanggal tutup pendaftaran dulu."))
    locked.save(update_fields=["status", "updated_at"])
    changes = {"status": [old, locked.status]}
    if reason:
        changes["reason"] = [None, reason.strip()]
    audit.record(actor=actor, obj=locked, action=transition.action, changes=changes)
    if transition.name == "cancel":
        notifications.on_cancelled(locked, reason.strip())
    return locked
