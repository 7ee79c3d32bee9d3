"""Certificates: the organisers issue them in bulk for an event (a job with progress); the KIM
manager downloads their members' certificates; the stored bytes are served as issued."""

from django.contrib import messages
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from capacity.forms.certificates import RevokeForm
from capacity.jobs import CERTIFICATES
from capacity.letterhead import letterhead_for_event
from capacity.models import Certificate, Event
from capacity.services import certificates as service
from capacity.views.events import event_crumbs
from kimportal.core import jobs
from kimportal.core.access import (
    add_form_error,
    get_for_user,
    login_required,
    permission_required,
    visible_to,
)


def _event(request, pk):
    return get_for_user(
        request.user,
        Event.objects.select_related("province", "regency"),
        pk=pk,
        perm="capacity.issue_certificates",
    )


@permission_required("capacity.issue_certificates")
def certificates_page(request, pk):
    event = _event(request, pk)
    eligible = service.eligible(event)
    return render(
        request,
        "capacity/certificates.html",
        {
            "event": event,
            "todo": eligible.count(),
            "preview": list(eligible[:10]),
            "issued": list(
                Certificate.objects.filter(event=event)
                .defer("pdf")
                .order_by("participant_name", "pk")
            ),
            "missing": letterhead_for_event(event).missing,
            "crumbs": event_crumbs(event, (_("Sertifikat"), None)),
        },
    )


@require_POST
@permission_required("capacity.issue_certificates")
def certificates_batch(request, pk):
    """Issue every attendee's certificate as a job (progress on the job page, then a ZIP)."""
    event = _event(request, pk)
    job = jobs.start(kind=CERTIFICATES, owner=request.user, params={"event": event.pk})
    return redirect(job)


@login_required
def certificates_zip(request, pk):
    """Every certificate of the event the user may download (organisers: all; a KIM
    manager: their members')."""
    event = get_for_user(request.user, Event, pk=pk)
    certificates = (
        visible_to(request.user, Certificate).filter(event=event).order_by("participant_name", "pk")
    )
    certificates = [
        c
        for c in certificates.defer("pdf").select_related("registration__kim", "event")
        if request.user.has_perm("capacity.download_certificate", c)
    ]
    response = FileResponse(
        service.certificates_zip(Certificate.objects.filter(pk__in=[c.pk for c in certificates])),
        content_type="application/zip",
        as_attachment=True,
        filename=f"sertifikat-kegiatan-{event.pk}.zip",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@permission_required("capacity.download_certificate")
def certificate_download(request, pk):
    certificate = get_for_user(
        request.user,
        Certificate.objects.select_related("registration__kim", "event"),
        pk=pk,
        perm="capacity.download_certificate",
    )
    response = HttpResponse(bytes(certificate.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{certificate.filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@permission_required("capacity.revoke_certificate")
def certificate_revoke(request, pk):
    """Withdraw one certificate with a reason; the page says what it changes first."""
    certificate = get_for_user(
        request.user,
        Certificate.objects.defer("pdf").select_related("event__province", "event__regency"),
        pk=pk,
        perm="capacity.revoke_certificate",
    )
    form = RevokeForm(request.POST or None)
    if form.is_valid():
        try:
            service.certificate_revoke(
                certificate=certificate, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except service.CertificateError as error:
            add_form_error(form, error)
        else:
            messages.success(
                request,
                _("Sertifikat %(number)s dicabut.") % {"number": certificate.number},
            )
            return redirect("capacity:certificates", certificate.event_id)
    event = certificate.event
    return render(
        request,
        "capacity/certificate_revoke.html",
        {
            "certificate": certificate,
            "form": form,
            "crumbs": event_crumbs(
                event,
                (_("Sertifikat"), reverse("capacity:certificates", args=[event.pk])),
                (_("Cabut"), None),
            ),
        },
    )
