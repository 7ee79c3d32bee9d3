"""Agreement pages: list (with export), create, edit, detail, signed scan, activation,
termination, renewal, evaluation, the printed text."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kimportal.core import audit, exports
from kimportal.core.access import (
    ActionRefused,
    add_form_error,
    get_for_user,
    login_required,
    perform,
    permission_required,
)
from kimportal.core.pagination import paginate
from partnerships.forms.agreements import (
    AgreementFilterForm,
    AgreementForm,
    EvaluationForm,
    SignedUploadForm,
    TerminateForm,
)
from partnerships.models import Agreement, AgreementDocument
from partnerships.selectors import agreements as selectors
from partnerships.selectors import reports as report_selectors
from partnerships.services import agreements as services
from partnerships.views.common import crumbs, dinas_of, own_dinas, stored_file_response

PAGE_SIZE = 25


def _agreement(request, pk, perm=None):
    return get_for_user(
        request.user,
        Agreement.objects.defer("pdf").select_related("province", "regency"),
        perm=perm,
        pk=pk,
    )


# --- list and export ----------------------------------------------------------------------


def export_response(request, name):
    """The list as CSV or XLSX (?format=): at once when small, else a job; or None."""
    fmt = request.GET.get("format")
    if fmt not in exports.FORMATS:
        return None
    return exports.export(request, name, fmt)


@login_required
def agreement_list(request):
    form = AgreementFilterForm(request.GET or None, user=request.user)
    agreements = form.apply(selectors.agreements_for(request.user))
    export = export_response(request, "partnerships.agreements")
    if export:
        return export
    page = paginate(request, selectors.with_list_facts(agreements), PAGE_SIZE)
    return render(
        request,
        "partnerships/agreement_list.html",
        {
            "form": form,
            "page": page,
            "keep": [],
            "crumbs": [(_("Kemitraan"), None)],
            "can_create": bool(dinas_of(request.user))
            and request.user.has_perm("partnerships.create_agreement"),
        },
    )


# --- create and edit ----------------------------------------------------------------------


def _save_form(request, form, action):
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return action(form)
    except (ValidationError, ActionRefused) as error:
        add_form_error(form, error)
    return None


@permission_required("partnerships.create_agreement")
def agreement_create(request):
    dinas_code = own_dinas(request.user, "partnerships.create_agreement")
    form = AgreementForm(request.POST or None, user=request.user, dinas_code=dinas_code)
    agreement = _save_form(
        request,
        form,
        lambda f: services.agreement_create(
            actor=request.user,
            dinas_code=dinas_code,
            data=f.agreement_data(),
            kims=f.cleaned_data["kims"],
            forums=f.cleaned_data["forums"],
        ),
    )
    if agreement:
        messages.success(
            request,
            _("Draf perjanjian dibuat. Langkah berikutnya: cetak naskahnya untuk ditandatangani."),
        )
        return redirect("partnerships:agreement-detail", pk=agreement.pk)
    return render(
        request,
        "partnerships/agreement_form.html",
        {
            "form": form,
            "title": _("Perjanjian kemitraan baru"),
            "crumbs": crumbs((_("Perjanjian baru"), None)),
        },
    )


@login_required
def agreement_edit(request, pk):
    agreement = _agreement(request, pk, perm="partnerships.change_agreement")
    form = AgreementForm(
        request.POST or None,
        user=request.user,
        dinas_code=agreement.dinas_code,
        agreement=agreement,
    )
    saved = _save_form(
        request,
        form,
        lambda f: services.agreement_update(
            agreement=agreement,
            actor=request.user,
            data=f.agreement_data(),
            kims=f.cleaned_data["kims"],
            forums=f.cleaned_data["forums"],
        ),
    )
    if saved:
        messages.success(request, _("Perjanjian disimpan."))
        return redirect("partnerships:agreement-detail", pk=agreement.pk)
    return render(
        request,
        "partnerships/agreement_form.html",
        {
            "form": form,
            "agreement": agreement,
            "title": _("Ubah perjanjian"),
            "crumbs": crumbs(
                (agreement.title, reverse("partnerships:agreement-detail", args=[agreement.pk])),
                (_("Ubah"), None),
            ),
        },
    )


# --- detail --------------------------------------------------------------------------------


@login_required
def agreement_detail(request, pk):
    agreement = _agreement(request, pk)
    user = request.user
    kims, forums = selectors.parties_of(agreement)
    signed = services.current_signed_document(agreement)
    may = {
        name: user.has_perm(f"partnerships.{name}_agreement", agreement)
        for name in ("change", "activate", "terminate", "renew", "evaluate")
    }
    may["upload"] = user.has_perm("partnerships.upload_signed_agreement", agreement)
    may["file_report"] = user.has_perm("partnerships.file_report", agreement)
    reports = list(report_selectors.of_agreement(user, agreement))
    evaluation = getattr(agreement, "evaluation", None) if agreement.has_ended else None
    officer = user.has_perm("partnerships.view_personal_data", agreement)
    return render(
        request,
        "partnerships/agreement_detail.html",
        {
            "agreement": agreement,
            "kims": kims,
            "forums": forums,
            "signed": signed,
            "history": AgreementDocument.objects.filter(agreement=agreement, is_current=False)
            if officer
            else [],
            "may": may,
            "problems": services.activation_problems(
                agreement, kims=kims, forums=forums, signed=signed
            )
            if may["activate"]
            else [],
            "upload_form": SignedUploadForm() if may["upload"] else None,
            "terminate_form": TerminateForm() if may["terminate"] else None,
            "renewals": selectors.renewals_of(agreement),
            "reports": reports[:10],
            "report_count": len(reports),
            "months": report_selectors.by_month(reports),
            "principles": report_selectors.principle_totals(reports),
            "evaluation": evaluation,
            "trail": audit.trail_for(agreement)[:30] if officer else None,
            "crumbs": crumbs((agreement.title, None)),
        },
    )


# --- the signed scan, the printed text --------------------------------------------------------


@login_required
def agreement_upload(request, pk):
    agreement = _agreement(request, pk, perm="partnerships.upload_signed_agreement")
    form = SignedUploadForm(request.POST or None, request.FILES or None)
    saved = _save_form(
        request,
        form,
        lambda f: services.agreement_upload_signed(
            agreement=agreement, actor=request.user, file=f.cleaned_data["file"]
        ),
    )
    if saved:
        messages.success(request, _("Naskah bertanda tangan disimpan."))
        return redirect("partnerships:agreement-detail", pk=agreement.pk)
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "title": _("Unggah naskah bertanda tangan"),
            "crumbs": crumbs(
                (agreement.title, reverse("partnerships:agreement-detail", args=[agreement.pk])),
                (_("Unggah naskah"), None),
            ),
        },
    )


@login_required
def agreement_file(request, pk, doc_id):
    """A signed scan (current or history) to someone who may see the agreement."""
    agreement = _agreement(request, pk)
    document = get_object_or_404(AgreementDocument, pk=doc_id, agreement=agreement)
    return stored_file_response(
        document,
        name_stem=f"perjanjian-{agreement.number or agreement.pk}",
        inline=request.GET.get("inline") == "1",
    )


@login_required
def agreement_pdf(request, pk):
    agreement = _agreement(request, pk)
    try:
        pdf = services.agreement_pdf(agreement=agreement, actor=request.user)
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
        return redirect("partnerships:agreement-detail", pk=agreement.pk)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{agreement.pdf_filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- life ----------------------------------------------------------------------------------


@require_POST
@permission_required("partnerships.activate_agreement")
def agreement_activate(request, pk):
    agreement = _agreement(request, pk, perm="partnerships.activate_agreement")
    return perform(
        request,
        lambda: services.agreement_activate(agreement=agreement, actor=request.user),
        success=_("Perjanjian diberlakukan. KIM pihak perjanjian kini dapat mengirim laporan."),
        then=reverse("partnerships:agreement-detail", args=[agreement.pk]),
    )


@require_POST
@permission_required("partnerships.terminate_agreement")
def agreement_terminate(request, pk):
    agreement = _agreement(request, pk, perm="partnerships.terminate_agreement")
    form = TerminateForm(request.POST)
    then = reverse("partnerships:agreement-detail", args=[agreement.pk])
    if not form.is_valid():
        messages.error(request, _("Tuliskan alasan pengakhiran."))
        return redirect(then)
    return perform(
        request,
        lambda: services.agreement_terminate(
            agreement=agreement, actor=request.user, reason=form.cleaned_data["reason"]
        ),
        success=_("Perjanjian diakhiri."),
        then=then,
    )


@require_POST
@permission_required("partnerships.renew_agreement")
def agreement_renew(request, pk):
    agreement = _agreement(request, pk, perm="partnerships.renew_agreement")
    try:
        renewal = services.agreement_renew(agreement=agreement, actor=request.user)
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
        return redirect("partnerships:agreement-detail", pk=agreement.pk)
    messages.success(
        request, _("Draf perpanjangan dibuat. Periksa isinya, isi nomornya, lalu cetak naskahnya.")
    )
    return redirect("partnerships:agreement-edit", pk=renewal.pk)


@login_required
def agreement_evaluate(request, pk):
    agreement = _agreement(request, pk, perm="partnerships.evaluate_agreement")
    existing = getattr(agreement, "evaluation", None)
    accepted, reached = services.report_totals(agreement)
    initial = (
        {
            "objectives": existing.objectives,
            "activity_count": existing.activity_count,
            "assessment": existing.assessment,
            "recommendation": existing.recommendation,
        }
        if existing
        else {"activity_count": accepted}
    )
    form = EvaluationForm(request.POST or None, initial=initial)
    saved = _save_form(
        request,
        form,
        lambda f: services.agreement_evaluate(
            agreement=agreement, actor=request.user, **f.cleaned_data
        ),
    )
    if saved:
        messages.success(request, _("Evaluasi perjanjian disimpan."))
        return redirect("partnerships:agreement-detail", pk=agreement.pk)
    return render(
        request,
        "partnerships/agreement_evaluate.html",
        {
            "form": form,
            "agreement": agreement,
            "accepted": accepted,
            "reached": reached,
            "title": _("Evaluasi perjanjian"),
            "crumbs": crumbs(
                (agreement.title, reverse("partnerships:agreement-detail", args=[agreement.pk])),
                (_("Evaluasi"), None),
            ),
        },
    )
