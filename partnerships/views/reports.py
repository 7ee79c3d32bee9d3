"""Activity report pages: the list (review queue for officers), filing, the report, its
review, its photos."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from kimportal.core.access import (
    ActionRefused,
    add_form_error,
    get_for_user,
    login_required,
    permission_required,
)
from kimportal.core.pagination import paginate
from partnerships.exports import filtered_reports
from partnerships.forms.reports import ReportFilterForm, ReportForm, ReviewForm
from partnerships.models import ActivityReport, Agreement
from partnerships.services import reports as services
from partnerships.views.agreements import export_response
from partnerships.views.common import crumbs, stored_file_response

PAGE_SIZE = 25


def _report(request, pk, perm=None):
    return get_for_user(
        request.user,
        ActivityReport.objects.select_related("agreement__province", "agreement__regency", "kim"),
        perm=perm,
        pk=pk,
    )


def _crumbs(*more):
    return crumbs(
        *more,
        section=(pgettext("partnerships", "Laporan kegiatan"), reverse("partnerships:report-list")),
    )


@login_required
def report_list(request):
    """Officers: the review queue first (oldest waiting first); managers: their reports."""
    user = request.user
    form = ReportFilterForm(request.GET or None)
    agreement = None
    if request.GET.get("perjanjian", "").isdigit():
        agreement = get_for_user(user, Agreement.objects.defer("pdf"), pk=request.GET["perjanjian"])
    export = export_response(request, "partnerships.reports")
    if export:
        return export
    ordered = filtered_reports(user, request.GET)
    reviews = user.has_perm("partnerships.review_report")
    page = paginate(request, ordered, PAGE_SIZE)
    return render(
        request,
        "partnerships/report_list.html",
        {
            "form": form,
            "page": page,
            "agreement": agreement,
            "keep": [("perjanjian", agreement.pk)] if agreement else [],
            "reviews": reviews,
            "crumbs": crumbs((pgettext("partnerships", "Laporan kegiatan"), None)),
        },
    )


@permission_required("partnerships.file_report")
def report_create(request, pk):
    agreement = get_for_user(
        request.user,
        Agreement.objects.defer("pdf").select_related("province", "regency"),
        perm="partnerships.file_report",
        pk=pk,
    )
    kims = [kim for kim in agreement.kims.order_by("name") if kim.is_managed_by(request.user)]
    queryset = agreement.kims.filter(pk__in=[kim.pk for kim in kims]).order_by("name")
    form = ReportForm(request.POST or None, request.FILES or None, kims=queryset)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_file(
                agreement=agreement,
                kim=form.cleaned_data["kim"],
                actor=request.user,
                data=form.report_data(),
                photos=form.cleaned_data["photos"],
            )
        except (ValidationError, ActionRefused) as error:
            add_form_error(form, error)
        else:
            messages.success(
                request,
                _("Laporan dikirim. Petugas %(dinas)s akan meninjaunya.")
                % {"dinas": agreement.dinas_label},
            )
            return redirect("partnerships:report-detail", pk=report.pk)
    return render(
        request,
        "partnerships/report_form.html",
        {
            "form": form,
            "agreement": agreement,
            "title": _("Laporan kegiatan baru"),
            "crumbs": crumbs(
                (agreement.title, reverse("partnerships:agreement-detail", args=[agreement.pk])),
                (_("Laporan baru"), None),
            ),
        },
    )


@login_required
def report_detail(request, pk):
    report = _report(request, pk)
    may_review = request.user.has_perm("partnerships.review_report", report)
    return render(
        request,
        "partnerships/report_detail.html",
        {
            "report": report,
            "photos": list(report.photos.all()),
            "may_review": may_review,
            "may_change": request.user.has_perm("partnerships.change_report", report),
            "review_form": ReviewForm() if may_review else None,
            "crumbs": _crumbs((report.title, None)),
        },
    )


@login_required
def report_edit(request, pk):
    report = _report(request, pk, perm="partnerships.change_report")
    form = ReportForm(request.POST or None, request.FILES or None, kims=None, report=report)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_update(
                report=report,
                actor=request.user,
                data=form.report_data(),
                photos=form.cleaned_data["photos"],
                remove_photos=form.cleaned_data.get("remove_photos") or (),
            )
        except (ValidationError, ActionRefused) as error:
            add_form_error(form, error)
        else:
            messages.success(request, _("Laporan disimpan."))
            return redirect("partnerships:report-detail", pk=report.pk)
    return render(
        request,
        "partnerships/report_form.html",
        {
            "form": form,
            "agreement": report.agreement,
            "report": report,
            "title": _("Ubah laporan kegiatan"),
            "crumbs": _crumbs(
                (report.title, reverse("partnerships:report-detail", args=[report.pk])),
                (_("Ubah"), None),
            ),
        },
    )


@require_POST
@permission_required("partnerships.review_report")
def report_review(request, pk):
    report = _report(request, pk, perm="partnerships.review_report")
    form = ReviewForm(request.POST)
    then = reverse("partnerships:report-detail", args=[report.pk])
    if not form.is_valid():
        messages.error(request, _("Pilih keputusan tinjauan."))
        return redirect(then)
    try:
        services.report_review(
            report=report,
            actor=request.user,
            accept=form.cleaned_data["decision"] == "accept",
            note=form.cleaned_data["note"],
        )
    except (ValidationError, ActionRefused) as error:
        message = error.message if isinstance(error, ActionRefused) else " ".join(error.messages)
        messages.error(request, message)
        return redirect(then)
    messages.success(
        request,
        _("Laporan diterima.")
        if form.cleaned_data["decision"] == "accept"
        else _("Permintaan klarifikasi dikirim ke KIM."),
    )
    return redirect(then)


@login_required
def report_photo(request, pk, photo_id):
    report = _report(request, pk)
    photo = get_object_or_404(report.photos, pk=photo_id)
    return stored_file_response(photo, name_stem=f"foto-{report.title}", inline=True)
