"""The check-in page for organisers at the door: scan (camera), type, or tick a list; it
keeps working without signal.

A service worker (served from /kegiatan/presensi/sw.js, so its scope covers every
check-in page) keeps the page, its scripts and the participant list; check-ins made
offline wait in the phone's storage and are sent to `sync` when the connection returns.
Each is recorded once per person and day; duplicates from two phones are merged and
anything refused is shown to the organiser.
"""

import json

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from capacity.forms.participants import WalkInForm
from capacity.models import Attendance, Event, Registration
from capacity.services import attendance as service
from capacity.views.events import event_crumbs
from kimportal.core.access import (
    ActionRefused,
    get_for_user,
    permission_required,
    public,
)

SCOPE = "/kegiatan/presensi/"


def _event(request, pk):
    return get_for_user(
        request.user,
        Event.objects.select_related("province", "regency"),
        pk=pk,
        perm="capacity.check_in",
    )


def _today_or_first(event, value=None):
    days = event.days
    chosen = parse_date(value or "") if value else None
    if chosen in days:
        return chosen
    today = timezone.localdate()
    return today if today in days else days[0]


def check_in_texts():
    """What the check-in script says, translated here (the script has no gettext)."""
    return {
        "online": _("Daring"),
        "offline": _("Luring — presensi disimpan di ponsel"),
        "queued": _("%(n)s menunggu dikirim"),
        "present": _("hadir"),
        "markPresent": _("Hadir"),
        "markPresentFor": _("Catat %(name)s hadir"),
        "more": _("%(n)s lainnya: persempit pencarian."),
        "invalid": _("Kode pendaftaran terdiri dari 8 huruf dan angka, misalnya ABCD-EFGH."),
        "cancelled": _("Pendaftaran %(name)s sudah dibatalkan."),
        "waitlisted": _(
            "%(name)s masih di daftar tunggu. Bila diterima, tambahkan sebagai peserta langsung."
        ),
        "waitlistedShort": _("daftar tunggu"),
        "already": _("%(name)s sudah tercatat hadir."),
        "recorded": _("%(name)s hadir."),
        "savedOffline": _("Tersimpan di ponsel; dikirim saat ada sinyal."),
        "unknownQueued": _(
            "Kode %(code)s tidak ada di daftar ponsel ini; akan diperiksa server saat sinkron."
        ),
        "merged": _("(digabung)"),
        "signIn": _("Sesi Anda berakhir: masuk lagi agar presensi terkirim."),
        "noCamera": _("Kamera tidak dapat dibuka. Ketik kodenya atau centang di daftar."),
    }


@permission_required("capacity.check_in")
def check_in_page(request, pk):
    event = _event(request, pk)
    day = _today_or_first(event, request.GET.get("hari"))
    response = render(
        request,
        "capacity/check_in.html",
        {
            "event": event,
            "day": day,
            "days": event.days,
            "walk_in_form": WalkInForm(initial={"day": day}),
            "data_url": reverse("capacity:check-in-data", args=[event.pk]),
            "sync_url": reverse("capacity:check-in-sync", args=[event.pk]),
            "sw_url": reverse("capacity:check-in-sw"),
            "scope": SCOPE,
            "texts": check_in_texts(),
            "crumbs": event_crumbs(event, (_("Presensi"), None)),
        },
    )
    # The camera is allowed on this page only (the portal's default is camera=()).
    response["Permissions-Policy"] = "camera=(self), microphone=(), geolocation=()"
    return response


@never_cache
@permission_required("capacity.check_in")
def check_in_data(request, pk):
    """The participant list the phone keeps for offline check-in: code, name, origin,
    status and days present. No NIK or phone numbers."""
    event = _event(request, pk)
    present = {}
    for registration_id, day in Attendance.objects.filter(event=event).values_list(
        "registration_id", "day"
    ):
        present.setdefault(registration_id, []).append(day.isoformat())
    rows = (
        Registration.objects.filter(event=event)
        .order_by("name", "pk")
        .values_list("pk", "code", "name", "organisation", "status")
    )
    return JsonResponse(
        {
            "event": event.pk,
            "days": [day.isoformat() for day in event.days],
            "generated": timezone.now().isoformat(),
            "participants": [
                {
                    "id": pk_,
                    "code": code,
                    "name": name,
                    "org": organisation,
                    "status": status,
                    "present": present.get(pk_, []),
                }
                for pk_, code, name, organisation, status in rows
            ],
        },
        json_dumps_params={"ensure_ascii": False, "separators": (",", ":")},
    )


def _items(payload):
    items = []
    for raw in payload.get("items", []):
        if not isinstance(raw, dict):
            continue
        at = parse_datetime(str(raw.get("at") or ""))
        if at is not None and timezone.is_naive(at):
            at = timezone.make_aware(at)
        items.append(
            service.CheckInItem(
                id=str(raw.get("id") or "")[:40],
                code=str(raw.get("code") or "")[:40],
                day=parse_date(str(raw.get("day") or "")),
                at=at,
                method=str(raw.get("method") or "scan")[:20],
            )
        )
    return items


@require_POST
@permission_required("capacity.check_in")
def check_in_sync(request, pk):
    """Record a phone's queued check-ins (JSON); answer what happened to each."""
    event = _event(request, pk)
    try:
        payload = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return JsonResponse({"error": _("Data presensi tidak terbaca.")}, status=400)
    if not isinstance(payload, dict):
        return JsonResponse({"error": _("Data presensi tidak terbaca.")}, status=400)
    try:
        results = service.check_in_many(
            event=event,
            actor=request.user,
            items=_items(payload),
            device=str(payload.get("device") or "")[:40],
        )
    except ActionRefused as refusal:
        return JsonResponse({"error": refusal.message}, status=409)
    return JsonResponse({"results": [result.as_json() for result in results]})


@require_POST
@permission_required("capacity.check_in")
def walk_in(request, pk):
    event = _event(request, pk)
    form = WalkInForm(request.POST)
    day = _today_or_first(event, request.POST.get("day"))
    if form.is_valid():
        try:
            registration = service.walk_in_add(
                event=event,
                actor=request.user,
                name=form.cleaned_data["name"],
                organisation=form.cleaned_data["organisation"],
                position=form.cleaned_data["position"],
                day=form.cleaned_data["day"],
            )
        except ActionRefused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(
                request,
                _("%(name)s dicatat hadir sebagai peserta langsung.") % {"name": registration.name},
            )
    else:
        messages.error(request, _("Tuliskan nama peserta langsung."))
    return redirect(reverse("capacity:check-in", args=[event.pk]) + f"?hari={day.isoformat()}")


@public
def service_worker(request):
    """The check-in service worker, served under the check-in pages so its scope covers
    them. Public: it is code, carries no data, and the browser fetches updates of it in
    the background, when a session may have ended."""
    script = render_to_string(
        "capacity/check_in_sw.js",
        {
            "static_url": settings.STATIC_URL
            if settings.STATIC_URL.startswith("/")
            else "/" + settings.STATIC_URL,
            "scope": SCOPE,
        },
    )
    response = HttpResponse(script, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = SCOPE
    response["Cache-Control"] = "no-cache"
    return response
