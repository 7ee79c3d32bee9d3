"""Review queue, decisions, verification notes, Nomor Induk and later status changes."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kimportal.core.access import get_for_user, role_required
from kimportal.core.accounts.roles import Role
from registry.forms.kim import DecisionForm, KimFilterForm, NoteForm
from registry.models import Kim, KimStatus
from registry.selectors.kims import days_waiting, kims_for
from registry.services import workflow
from registry.services.workflow import DECISIONS, STATUS_ACTIONS, WorkflowError
from registry.views.kim import export_response

OFFICERS = (Role.PROVINCE, Role.REGENCY)


@role_required(*OFFICERS)
def queue(request):
    """Applications waiting, oldest first; filters by regency, status and name."""
    params = request.GET.copy()
    params.setdefault("status", KimStatus.SUBMITTED)
    params.setdefault("sort", "oldest")
    form = KimFilterForm(params, user=request.user)
    kims = form.apply(kims_for(request.user), default_sort="oldest")
    export = export_response(request, kims, "antrean-peninjauan")
    if export:
        return export
    page = Paginator(kims, 25).get_page(request.GET.get("page"))
    now = timezone.now()
    rows = [(kim, days_waiting(kim, now)) for kim in page.object_list]
    return render(
        request,
        "registry/review_queue.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "crumbs": [(_("Antrean peninjauan"), None)],
        },
    )


def _act(request, pk, names, run):
    kim = get_for_user(request.user, Kim, pk=pk)
    form = DecisionForm(
        request.POST, transitions=workflow.available_transitions(kim, request.user, names)
    )
    if not form.is_valid():
        messages.error(request, _("Tindakan ini tidak tersedia untuk Anda pada status KIM ini."))
        return redirect("registry:kim-detail", pk=kim.pk)
    try:
        run(kim, form.cleaned_data)
    except WorkflowError as error:
        messages.error(request, str(error))
    else:
        kim.refresh_from_db()
        messages.success(
            request, _("Status KIM sekarang: %(status)s.") % {"status": kim.get_status_display()}
        )
    return redirect("registry:kim-detail", pk=kim.pk)


@require_POST
@role_required(Role.PROVINCE)
def decide(request, pk):
    return _act(
        request,
        pk,
        DECISIONS,
        lambda kim, data: workflow.kim_transition(
            kim=kim, actor=request.user, action=data["action"], note=data["note"]
        ),
    )


@require_POST
@role_required(*OFFICERS)
def change_status(request, pk):
    return _act(
        request,
        pk,
        STATUS_ACTIONS,
        lambda kim, data: workflow.kim_transition(
            kim=kim, actor=request.user, action=data["action"], note=data["note"]
        ),
    )


@require_POST
@role_required(Role.REGENCY)
def issue_number(request, pk):
    kim = get_for_user(request.user, Kim, pk=pk)
    try:
        kim = workflow.nomor_induk_issue(kim=kim, actor=request.user)
    except WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Nomor Induk %(n)s diterbitkan.") % {"n": kim.nomor_induk})
    return redirect("registry:kim-detail", pk=kim.pk)


@require_POST
@role_required(*OFFICERS)
def note_add(request, pk):
    kim = get_for_user(request.user, Kim, pk=pk)
    form = NoteForm(request.POST)
    try:
        if not form.is_valid():
            raise WorkflowError(_("Catatan tidak boleh kosong."))
        workflow.note_add(kim=kim, actor=request.user, text=form.cleaned_data["text"])
    except WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Catatan verifikasi disimpan."))
    return redirect("registry:kim-detail", pk=kim.pk)
