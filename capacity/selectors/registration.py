"""Who may be registered for an event, and who is: reads behind the registration pages."""

from django.db.models import Exists, OuterRef, Prefetch, Q

from capacity.models import (
    Attendance,
    Event,
    Registration,
    RegistrationStatus,
)
from kimportal.core.access import visible_to
from kimportal.core.access.predicates import officers_of_q
from kimportal.core.models import User
from registry.selectors.kims import registered_kims_for
from registry.selectors.roster import current_roster, roster_members


def admitted_q(event):
    """The register's KIM this event's audience admits (a Q on KIM)."""
    through_regencies = Event.audience_regencies.through.objects.filter(event=event.pk)
    through_kims = Event.audience_kims.through.objects.filter(event=event.pk)
    if event.regency_id:
        area = Q(regency_id=event.regency_id)
    else:
        area = Q(regency__code__startswith=f"{event.province_id}.")
    return (
        area
        & (~Q(Exists(through_regencies)) | Q(regency_id__in=through_regencies.values("regency_id")))
        & (~Q(Exists(through_kims)) | Q(pk__in=through_kims.values("kim_id")))
    )


def admitted_kims(event, user):
    """Registered KIM `user` may register people of (their own, or as organisers their
    area's) that this event admits. Empty when the event is not for KIM."""
    kims = registered_kims_for(user)
    if not event.admits_kim_members:
        return kims.none()
    return kims.filter(admitted_q(event)).order_by("name", "pk")


def roster_choices(kim, event):
    """Members of the KIM's current board, each with whether they are registered already."""
    members = roster_members(current_roster(kim))
    taken = set(
        Registration.objects.filter(event=event, member__in=[m.pk for m in members])
        .exclude(status=RegistrationStatus.CANCELLED)
        .values_list("member_id", flat=True)
    )
    return [(member, member.pk in taken) for member in members]


def roster_member(kim, member_id):
    """A member of the KIM's current board by id, or None (the id of another KIM's member
    is not found here)."""
    for member in roster_members(current_roster(kim)):
        if str(member.pk) == str(member_id):
            return member
    return None


def officer_candidates(event, actor):
    """Officer accounts `actor` may register: their own office's active officers that the
    event's audience admits."""
    if not event.admits_officers:
        return User.objects.none()
    office = Q(regency=actor.regency_id) if actor.regency_id else Q(province=actor.province_id)
    candidates = User.objects.filter(is_active=True).filter(officers_of_q(actor)).filter(office)
    taken = Registration.objects.filter(event=event, officer=OuterRef("pk")).exclude(
        status=RegistrationStatus.CANCELLED
    )
    return candidates.annotate(registered=Exists(taken)).order_by("first_name", "username")


def registrations_for(user, event):
    """The participants of `event` that `user` may see (organisers: all; a KIM manager:
    their KIM's), with attendance days and certificate (fixed number of queries)."""
    return (
        visible_to(user, Registration)
        .filter(event=event)
        .select_related("kim", "certificate", "evaluation")
        .prefetch_related(
            Prefetch(
                "attendances",
                queryset=Attendance.objects.order_by("day").only(
                    "registration_id", "day", "checked_in_at"
                ),
            )
        )
    )


def participants_list(event, *, q="", status="", sort="name"):
    """The organisers' participant list with search and filters (one query + prefetch)."""
    rows = (
        Registration.objects.filter(event=event)
        .select_related("kim", "certificate")
        .prefetch_related(
            Prefetch(
                "attendances",
                queryset=Attendance.objects.order_by("day").only(
                    "registration_id", "day", "checked_in_at", "method"
                ),
            )
        )
    )
    if q:
        rows = rows.filter(
            Q(name__icontains=q)
            | Q(organisation__icontains=q)
            | Q(code__icontains=q.replace("-", "").upper())
        )
    if status in RegistrationStatus.values:
        rows = rows.filter(status=status)
    elif status == "attended":
        rows = rows.filter(Exists(Attendance.objects.filter(registration=OuterRef("pk"))))
    elif status == "absent":
        rows = rows.filter(status=RegistrationStatus.CONFIRMED).exclude(
            Exists(Attendance.objects.filter(registration=OuterRef("pk")))
        )
    order = {
        "name": ("name", "pk"),
        "kim": ("organisation", "name", "pk"),
        "registered": ("created_at", "pk"),
    }.get(sort, ("name", "pk"))
    return rows.order_by(*order)


def waiting_list(event):
    return Registration.objects.filter(event=event, status=RegistrationStatus.WAITLISTED).order_by(
        "created_at", "pk"
    )


def attended_all_days(registration, days):
    """Present on every day of the event (the prefetch of `registrations_for`)."""
    present = {attendance.day for attendance in registration.attendances.all()}
    return all(day in present for day in days)
