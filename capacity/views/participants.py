"""Registering people, their registration card (QR), cancelling, the organisers'
participant list (CSV/XLSX, printable attendance sheet), and evaluations."""

import segno
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from capacity.certificate_pdf import render_attendance_sheet
from capacity.forms.participants import (
    EvaluationForm,
    KimRegistrationForm,
    OfficerRegistrationForm,
)
from capacity.letterhead import letterhead_for_event
from capacity.models import Event, Registration, RegistrationStatus
from capacity.selectors.registration import (
    admitted_kims,
    officer_candidates,
    participants_list,
    roster_choices,
)
from capacity.services import evaluation as evaluation_service
from capacity.services import registration as service
from capacity.views.events import event_crumbs
from kimportal.core.access import (
    ActionRefused,
    add_form_error,
    get_for_user,
    login_required,
    perform,
    permission_required,
)
from kimportal.core.exports import csv_response, xlsx_response
from kimportal.core.pagination import paginate


def _result_message(registrations):
    confirmed = [r.name for r in registrations if r.is_confirmed]
    waiting = [r.name for r in registrations if r.is_waitlisted]
    parts = []
    if confirmed:
        parts.append(_("Terdaftar: %(names)s.") % {"names": ", ".join(confirmed)})
    if waiting:
        parts.append(
            _(
                "Kuota penuh — masuk daftar tunggu: %(names)s. Kursi yang dibatalkan orang lain "
                "diberikan berurutan, dan Anda diberi tahu lewat email."
            )
            % {"names": ", ".join(waiting)}
        )
    return " ".join(parts)


@permission_required("capacity.register_kim_participants")
def register_kim(request, pk):
    event = get_for_user(
        request.user,
        Event.objects.select_related("province", "regency"),
        pk=pk,
        perm="capacity.register_kim_participants",
    )
    kims = list(admitted_kims(event, request.user))
    if not kims:
        messages.error(request, _("Tidak ada KIM Anda yang menjadi sasaran kegiatan ini."))
        return redirect("capacity:event-detail", pk=event.pk)
    chosen = next((k for k in kims if str(k.pk) == request.GET.get("kim")), kims[0])
    if request.method == "POST":
        chosen = next((k for k in kims if str(k.pk) == request.POST.get("kim")), None)
        if chosen is None:
            raise Http404
    choices = roster_choices(chosen, event)
    form = KimRegistrationForm(request.POST or None, choices=choices)
    if request.method == "POST" and form.is_valid():
        try:
            created = service.kim_participants_register(
                event=event,
                actor=request.user,
                kim=chosen,
                member_ids=form.cleaned_data["members"],
                guests=form.cleaned_data["guests"],
            )
        except ActionRefused as refusal:
            add_form_error(form, refusal)
        else:
            messages.success(request, _result_message(created))
            return redirect("capacity:event-detail", pk=event.pk)
    return render(
        request,
        "capacity/register_kim.html",
        {
            "event": event,
            "kims": kims,
            "kim": chosen,
            "choices": choices,
            "form": form,
            "crumbs": event_crumbs(event, (_("Daftarkan peserta"), None)),
        },
    )


@permission_required("capacity.register_officers")
def register_officers(request, pk):
    event = get_for_user(
        request.user,
        Event.objects.select_related("province", "regency"),
        pk=pk,
        perm="capacity.register_officers",
    )
    candidates = list(officer_candidates(event, request.user))
    form = OfficerRegistrationForm(request.POST or None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            created = service.officers_register(
                event=event, actor=request.user, officer_ids=form.cleaned_data["officers"]
            )
        except ActionRefused as refusal:
            add_form_error(form, refusal)
        else:
            messages.success(request, _result_message(created))
            return redirect("capacity:event-detail", pk=event.pk)
    return render(
        request,
        "capacity/register_officers.html",
        {
            "event": event,
            "candidates": candidates,
            "form": form,
            "crumbs": event_crumbs(event, (_("Daftarkan petugas"), None)),
        },
    )


def _registration(request, pk, perm=None):
    return get_for_user(
        request.user,
        Registration.objects.select_related("event__province", "event__regency", "kim"),
        pk=pk,
        perm=perm,
    )


@require_POST
@permission_required("capacity.cancel_registration")
def registration_cancel(request, pk):
    registration = _registration(request, pk)

    def success(result):
        cancelled, promoted = result
        text = _("Pendaftaran %(name)s dibatalkan.") % {"name": cancelled.name}
        if promoted:
            text += " " + _("Kursinya diberikan kepada %(names)s dari daftar tunggu.") % {
                "names": ", ".join(r.name for r in promoted)
            }
        return text

    then = request.POST.get("next") or ""
    if not then.startswith("/kegiatan/"):
        then = reverse("capacity:event-detail", args=[registration.event_id])
    return perform(
        request,
        lambda: service.registration_cancel(registration=registration, actor=request.user),
        success=success,
        then=then,
    )


@login_required
def registration_card(request, pk):
    """The participant's registration code as a QR code, to show at the door (the KIM
    manager forwards it, or prints it)."""
    registration = _registration(request, pk)
    if registration.is_cancelled:
        raise Http404
    qr = mark_safe(
        segno.make(registration.code, error="m").svg_inline(scale=8, border=2, omitsize=True)
    )
    return render(
        request,
        "capacity/registration_card.html",
        {
            "registration": registration,
            "event": registration.event,
            "qr": qr,
            "crumbs": event_crumbs(registration.event, (_("Kartu peserta"), None)),
        },
    )


# --- the organisers' participant list --------------------------------------------------------

EXPORT_HEADER = [
    gettext_lazy("Kode"),
    gettext_lazy("Nama"),
    gettext_lazy("Jabatan"),
    gettext_lazy("Asal KIM/instansi"),
    gettext_lazy("Jenis peserta"),
    gettext_lazy("Status"),
    gettext_lazy("Didaftarkan (WIB)"),
]


def _export(request, event, rows):
    export = request.GET.get("format")
    if export not in ("csv", "xlsx"):
        return None
    days = event.days
    header = (
        [str(h) for h in EXPORT_HEADER]
        + [_("Hadir %(d)s") % {"d": day.strftime("%d/%m/%Y")} for day in days]
        + [_("Nomor sertifikat")]
    )

    def lines():
        for r in rows.iterator(chunk_size=500) if hasattr(rows, "iterator") else rows:
            present = {a.day: a for a in r.attendances.all()}
            certificate = getattr(r, "certificate", None)
            yield [
                r.code_display,
                r.name,
                r.position,
                r.organisation,
                r.get_kind_display(),
                r.get_status_display(),
                timezone.localtime(r.created_at).strftime("%Y-%m-%d %H:%M"),
                *(
                    timezone.localtime(present[day].checked_in_at).strftime("%H:%M")
                    if day in present
                    else ""
                    for day in days
                ),
                certificate.number if certificate else "",
            ]

    filename = f"peserta-kegiatan-{event.pk}"
    if export == "xlsx":
        return xlsx_response(f"{filename}.xlsx", header, lines(), sheet_title="Peserta")
    return csv_response(f"{filename}.csv", header, lines())


STATUS_FILTERS = [
    ("", gettext_lazy("Semua")),
    (RegistrationStatus.CONFIRMED, gettext_lazy("Terdaftar")),
    (RegistrationStatus.WAITLISTED, gettext_lazy("Daftar tunggu")),
    (RegistrationStatus.CANCELLED, gettext_lazy("Dibatalkan")),
    ("attended", gettext_lazy("Hadir")),
    ("absent", gettext_lazy("Belum hadir")),
]
SORTS = [
    ("name", gettext_lazy("Nama")),
    ("kim", gettext_lazy("Asal KIM/instansi")),
    ("registered", gettext_lazy("Urutan mendaftar")),
]


@permission_required("capacity.view_participants")
def participants(request, pk):
    event = get_for_user(
        request.user,
        Event.objects.select_related("province", "regency"),
        pk=pk,
        perm="capacity.view_participants",
    )
    q = " ".join(request.GET.get("q", "").split())[:100]
    status = request.GET.get("status", "")
    sort = request.GET.get("urut", "name")
    rows = participants_list(event, q=q, status=status, sort=sort)
    export = _export(request, event, rows)
    if export:
        return export
    page = paginate(request, rows, 50)
    days = event.days
    for registration in page.object_list:
        present = {a.day for a in registration.attendances.all()}
        registration.present_days = [(day, day in present) for day in days]
    return render(
        request,
        "capacity/participants.html",
        {
            "event": event,
            "page": page,
            "days": days,
            "q": q,
            "status": status,
            "sort": sort,
            "status_filters": STATUS_FILTERS,
            "sorts": SORTS,
            "can_cancel": request.user.has_perm("capacity.cancel_registration"),
            # Attendance is taken until the report is written; then the link would 403.
            "can_check_in": request.user.has_perm("capacity.check_in", event),
            "crumbs": event_crumbs(event, (_("Peserta"), None)),
        },
    )


@permission_required("capacity.view_participants")
def attendance_sheet(request, pk):
    """A printable attendance sheet (PDF) with a signature column, per day."""
    event = get_for_user(
        request.user,
        Event.objects.select_related("province", "regency"),
        pk=pk,
        perm="capacity.view_participants",
    )
    days = event.days
    day = next((d for d in days if d.isoformat() == request.GET.get("hari")), days[0])
    rows = list(
        Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).order_by(
            "name", "pk"
        )
    )
    pdf = render_attendance_sheet(
        {
            "event": event,
            "day": day,
            "days": days,
            "rows": rows,
            "blank_rows": range(max(5, min(20, event.quota - len(rows)))),
            "letterhead": letterhead_for_event(event),
        }
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="daftar-hadir-{event.pk}-{day.isoformat()}.pdf"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


# --- evaluation -------------------------------------------------------------------------------


@permission_required("capacity.evaluate_event")
def evaluate(request, pk):
    registration = _registration(request, pk, perm="capacity.evaluate_event")
    existing = getattr(registration, "evaluation", None)
    initial = {"rating": existing.rating, "comment": existing.comment} if existing else None
    form = EvaluationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            evaluation_service.evaluation_save(
                registration=registration,
                actor=request.user,
                rating=form.cleaned_data["rating"],
                comment=form.cleaned_data["comment"],
            )
        except ActionRefused as refusal:
            add_form_error(form, refusal)
        else:
            messages.success(
                request,
                _("Terima kasih: evaluasi %(name)s disimpan.") % {"name": registration.name},
            )
            return redirect("capacity:event-detail", pk=registration.event_id)
    return render(
        request,
        "capacity/evaluate.html",
        {
            "registration": registration,
            "event": registration.event,
            "form": form,
            "crumbs": event_crumbs(registration.event, (_("Evaluasi"), None)),
        },
    )
