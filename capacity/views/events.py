"""Event pages: list (with export), calendar, create/edit, the event page, its status,
iCalendar files and the organiser's public feed."""

import datetime

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from capacity import ical
from capacity.forms.events import (
    EventFilterForm,
    EventForm,
    PersonFormSet,
    TransitionForm,
    people_data,
    people_initial,
)
from capacity.models import Event
from capacity.selectors import events as selectors
from capacity.selectors.registration import admitted_kims, registrations_for
from capacity.services import events as service
from kimportal.core.access import (
    ActionRefused,
    add_form_error,
    get_for_user,
    login_required,
    perform,
    permission_required,
    public,
)
from kimportal.core.areas.models import Province, Regency
from kimportal.core.exports import csv_response, xlsx_response
from kimportal.core.pagination import paginate

EXPORT_HEADER = [
    gettext_lazy("Judul"),
    gettext_lazy("Jenis"),
    gettext_lazy("Status"),
    gettext_lazy("Penyelenggara"),
    gettext_lazy("Mulai (WIB)"),
    gettext_lazy("Selesai (WIB)"),
    gettext_lazy("Tempat"),
    gettext_lazy("JP"),
    gettext_lazy("Kuota"),
    gettext_lazy("Terdaftar"),
    gettext_lazy("Daftar tunggu"),
]


def event_crumbs(event=None, *more):
    crumbs = [(_("Kegiatan"), reverse("capacity:event-list"))]
    if event:
        crumbs.append((event.title, reverse("capacity:event-detail", args=[event.pk])))
    return crumbs + list(more)


def _local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _export(request, events):
    export = request.GET.get("format")
    if export not in ("csv", "xlsx"):
        return None
    rows = (
        [
            e.title,
            e.get_kind_display(),
            e.get_status_display(),
            str(e.organiser_name),
            _local(e.starts_at),
            _local(e.ends_at),
            e.venue or (_("Daring") if e.online_link else ""),
            e.hours_jp,
            e.quota,
            e.confirmed_count,
            e.waitlisted_count,
        ]
        for e in events.iterator(chunk_size=500)
    )
    header = [str(label) for label in EXPORT_HEADER]
    if export == "xlsx":
        return xlsx_response("kegiatan.xlsx", header, rows, sheet_title="Kegiatan")
    return csv_response("kegiatan.csv", header, rows)


@login_required
def event_list(request):
    form = EventFilterForm(request.GET or None)
    events = selectors.with_counts(form.apply(selectors.events_for(request.user), timezone.now()))
    export = _export(request, events)
    if export:
        return export
    page = paginate(request, events, 20)
    return render(
        request,
        "capacity/event_list.html",
        {
            "form": form,
            "page": page,
            "can_create": request.user.has_perm("capacity.create_event"),
            "crumbs": [(_("Kegiatan"), None)],
        },
    )


@login_required
def event_calendar(request):
    year, month = selectors.month_of(request.GET.get("bulan"))
    grid, events = selectors.month_grid(request.user, year, month)
    prev_year, prev_month = selectors.shift_month(year, month, -1)
    next_year, next_month = selectors.shift_month(year, month, 1)
    first = datetime.date(year, month, 1)
    return render(
        request,
        "capacity/calendar.html",
        {
            "grid": grid,
            "events": events,
            "month": first,
            "previous": f"{prev_year:04d}-{prev_month:02d}",
            "next": f"{next_year:04d}-{next_month:02d}",
            "today": timezone.localdate(),
            "weekdays": [formats.date_format(grid[0][i].date, "D") for i in range(7)],
            "crumbs": event_crumbs(None, (_("Kalender"), None)),
        },
    )


def _event_form_page(request, *, event=None):
    form = EventForm(request.POST or None, instance=event, user=request.user)
    people = PersonFormSet(request.POST or None, initial=people_initial(event), prefix="people")
    if request.method == "POST" and form.is_valid() and people.is_valid():
        regencies = form.cleaned_data.get("audience_regencies")
        kims = form.cleaned_data.get("audience_kims")
        try:
            if event is None:
                saved = service.event_create(
                    actor=request.user,
                    data=form.event_data(),
                    people=people_data(people),
                    audience_regencies=regencies or (),
                    audience_kims=kims or (),
                )
                messages.success(
                    request,
                    _("Kegiatan dibuat sebagai draf. Periksa lalu buka pendaftarannya."),
                )
            else:
                saved = service.event_update(
                    event=event,
                    actor=request.user,
                    data=form.event_data(),
                    people=people_data(people),
                    audience_regencies=regencies,
                    audience_kims=kims,
                )
                messages.success(request, _("Kegiatan disimpan."))
        except ActionRefused as refusal:
            add_form_error(form, refusal)
        else:
            return redirect("capacity:event-detail", pk=saved.pk)
    title = _("Ubah kegiatan") if event else _("Buat kegiatan")
    return render(
        request,
        "capacity/event_form.html",
        {
            "form": form,
            "people": people,
            "event": event,
            "title": title,
            "crumbs": event_crumbs(event, (title, None)),
        },
    )


@permission_required("capacity.create_event")
def event_create(request):
    return _event_form_page(request)


@permission_required("capacity.change_event")
def event_edit(request, pk):
    event = get_for_user(request.user, Event, pk=pk, perm="capacity.change_event")
    return _event_form_page(request, event=event)


def _event(request, pk):
    return get_for_user(
        request.user,
        Event.objects.select_related("province", "regency", "created_by").prefetch_related(
            "people", "audience_regencies"
        ),
        pk=pk,
    )


@login_required
def event_detail(request, pk):
    event = _event(request, pk)
    user = request.user
    organiser = user.has_perm("capacity.view_participants", event)
    mine = []
    if not organiser:
        mine = list(registrations_for(user, event).order_by("organisation", "name", "pk"))
    can_register_kim = user.has_perm("capacity.register_kim_participants", event) and (
        admitted_kims(event, user).exists()
    )
    return render(
        request,
        "capacity/event_detail.html",
        {
            "event": event,
            "organiser": organiser,
            "figures": selectors.event_figures(event),
            "seats_left": selectors.seats_left(event),
            "mine": mine,
            "days": event.days,
            "can_edit": user.has_perm("capacity.change_event", event),
            "transitions": service.available_transitions(event, user),
            "can_register_kim": can_register_kim,
            "can_register_officers": user.has_perm("capacity.register_officers", event),
            "can_check_in": user.has_perm("capacity.check_in", event),
            "can_certify": user.has_perm("capacity.issue_certificates", event),
            "can_report": user.has_perm("capacity.report_event", event),
            "report_files": list(event.report_files.all()) if event.was_held else [],
            "whatsapp_url": ical.whatsapp_url(event),
            "feed_url": reverse("capacity:organiser-feed", args=[event.organiser_code]),
            "crumbs": event_crumbs(None, (event.title, None)),
        },
    )


@require_POST
@permission_required("capacity.change_event_status")
def event_status(request, pk):
    event = get_for_user(request.user, Event, pk=pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tindakan ini tidak tersedia."))
        return redirect("capacity:event-detail", pk=event.pk)
    transition = service.TRANSITIONS.get(form.cleaned_data["action"])
    return perform(
        request,
        lambda: service.event_transition(
            event=event,
            actor=request.user,
            action=form.cleaned_data["action"],
            reason=form.cleaned_data.get("reason") or "",
        ),
        success=lambda saved: (
            _("Status kegiatan: %(s)s.") % {"s": saved.get_status_display()} if transition else ""
        ),
        then=reverse("capacity:event-detail", args=[event.pk]),
    )


def _ics_response(data, filename):
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def event_ics(request, pk):
    event = _event(request, pk)
    data = ical.calendar_bytes([event], name=event.title, with_link=True)
    return _ics_response(data, f"kegiatan-{event.pk}.ics")


@public
def organiser_feed(request, code):
    """The public calendar of a Dinas's published events (no participants, no links to
    online rooms): phones subscribe to it without signing in."""
    if "." in code:
        area = Regency.objects.filter(pk=code).first()
        name = area and _("Kegiatan Diskominfo %(a)s") % {"a": area.name}
    else:
        area = Province.objects.filter(pk=code).first()
        name = area and _("Kegiatan Diskominfo Provinsi %(a)s") % {"a": area.name.title()}
    if area is None:
        raise Http404
    events = selectors.organiser_feed_events(code)
    response = _ics_response(ical.calendar_bytes(events, name=name), f"kegiatan-{code}.ics")
    response["Content-Disposition"] = f'inline; filename="kegiatan-{code}.ics"'
    response["Cache-Control"] = "public, max-age=900"
    return response
