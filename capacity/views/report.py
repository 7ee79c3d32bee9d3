"""The event report: the organisers' summary, photos and documents."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from capacity.forms.participants import ReportForm
from capacity.models import Event, ReportFile
from capacity.selectors.events import event_figures
from capacity.services import evaluation as service
from capacity.views.events import event_crumbs
from kimportal.core.access import (
    ActionRefused,
    add_form_error,
    get_for_user,
    login_required,
    perform,
    permission_required,
)
from kimportal.core.uploads import DOCUMENT_TYPES, accept_attribute, validate_upload


@permission_required("capacity.report_event")
def report(request, pk):
    event = get_for_user(
        request.user,
        Event.objects.select_related("province", "regency"),
        pk=pk,
        perm="capacity.report_event",
    )
    form = ReportForm(
        request.POST or None, request.FILES or None, initial={"summary": event.report_summary}
    )
    form.fields["file"].widget.attrs["accept"] = accept_attribute(DOCUMENT_TYPES)
    if request.method == "POST" and form.is_valid():
        files = []
        upload = form.cleaned_data.get("file")
        try:
            if upload:
                files.append(
                    (validate_upload(upload, DOCUMENT_TYPES), upload, form.cleaned_data["caption"])
                )
            service.report_save(
                event=event,
                actor=request.user,
                summary=form.cleaned_data["summary"],
                files=files,
                mark_reported=form.cleaned_data["finish"],
            )
        except ValidationError as error:
            form.add_error("file", error)
        except ActionRefused as refusal:
            add_form_error(form, refusal)
        else:
            messages.success(request, _("Laporan kegiatan disimpan."))
            if form.cleaned_data["finish"]:
                return redirect("capacity:event-detail", pk=event.pk)
            return redirect("capacity:event-report", pk=event.pk)
    return render(
        request,
        "capacity/report.html",
        {
            "event": event,
            "form": form,
            "files": list(event.report_files.all()),
            "figures": event_figures(event),
            "comments": list(event.evaluations.exclude(comment="").order_by("-rating", "pk")[:50]),
            "crumbs": event_crumbs(event, (_("Laporan"), None)),
        },
    )


@require_POST
@permission_required("capacity.report_event")
def report_file_remove(request, pk, file_pk):
    event = get_for_user(request.user, Event, pk=pk, perm="capacity.report_event")
    report_file = get_for_user(request.user, ReportFile.objects.filter(event=event), pk=file_pk)
    return perform(
        request,
        lambda: service.report_file_remove(report_file=report_file, actor=request.user),
        success=_("Berkas dihapus."),
        then=reverse("capacity:event-report", args=[event.pk]),
    )


@login_required
def report_file(request, pk, file_pk):
    """A report photo or document, to anyone who may see the event."""
    event = get_for_user(request.user, Event, pk=pk)
    report_file = get_for_user(request.user, ReportFile.objects.filter(event=event), pk=file_pk)
    response = FileResponse(
        report_file.file.open("rb"),
        content_type=report_file.content_type,
        as_attachment=not report_file.is_image,
        filename=report_file.original_name,
    )
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
