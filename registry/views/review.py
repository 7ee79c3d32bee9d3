"""Review queue, decisions, verification notes, Nomor Induk and later status changes."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kimportal.core.access import (
    get_for_user,
    perform,
    permission_required,
    recent_login_required,
)
from kimportal.core.pagination import paginate
from registry.forms.kim import DecisionForm, KimFilterForm, NoteForm
from registry.models import Kim, KimStatus
from registry.selectors.kims import days_waiting, kims_for, list_columns
from registry.services import workflow
from registry.services.workflow import DECISIONS, STATUS_ACTIONS
from registry.views.crumbs import kim_crumbs
from registry.views.kim import export_response


@permission_required("registry.view_review_queue")
def queue(request):
    """Applications waiting, oldest first; filters by regency, status and name."""
    params = request.GET.copy()
    params.setdefault("status", KimStatus.SUBMITTED)
    params.setdefault("sort", "oldest")
    form = KimFilterForm(params, user=request.user)
    kims = form.apply(kims_for(request.user), default_sort="oldest")
    export = export_response(request, "registry.review_queue")
    if export:
        return export
    page = paginate(
        request,
        list_columns(kims),
        25,
        estimate=not form.has_search,
        search="name" if form.has_search else None,
    )
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


# Transitions that cannot be undone: the button leads to a confirmation step first.
IRREVERSIBLE = {
    "revoke": (
        gettext_lazy("Cabut pendaftaran KIM ini?"),
        gettext_lazy(
            "Pencabutan tidak dapat dibatalkan: KIM tidak lagi terdaftar dan semua surat "
            "keterangannya dinyatakan dicabut pada halaman verifikasi."
        ),
        gettext_lazy("Ya, cabut pendaftaran"),
    ),
}


def _confirmation(
    request, kim, *, action_url, question, consequence, label, hidden, note="", danger=False
):
    """The step before an irreversible action: what will happen, confirm or cancel. A plain
    form (no script needed); posting it again adds `confirmed=1`."""
    return render(
        request,
        "registry/confirm_action.html",
        {
            "kim": kim,
            "title": question,
            "question": question,
            "consequence": consequence,
            "confirm_label": label,
            "danger": danger,
            "note": note,
            "hidden": hidden,
            "action_url": action_url,
            "cancel_url": reverse("registry:kim-detail", args=[kim.pk]),
            "crumbs": [*kim_crumbs(kim)[:-1], (kim.name, None)],
        },
    )


def _transition(request, kim, action, note):
    return perform(
        request,
        lambda: workflow.kim_transition(kim=kim, actor=request.user, action=action, note=note),
        success=lambda current: (
            _("Status KIM sekarang: %(status)s.") % {"status": current.get_status_display()}
        ),
        then=reverse("registry:kim-detail", args=[kim.pk]),
    )


def _act(request, pk, names):
    """A decision or status change from the KIM page's form (one of `names`)."""
    kim = get_for_user(request.user, Kim, pk=pk)
    form = DecisionForm(
        request.POST, transitions=workflow.available_transitions(kim, request.user, names)
    )
    if not form.is_valid():
        action = request.POST.get("action")
        if "action" in form.errors and action in names:
            # Not available now, e.g. the second POST of a double click: the workflow
            # says why (already done, by whom), as a message, not an error page.
            return _transition(request, kim, action, "")
        if "note" in form.errors:
            messages.error(request, form.errors["note"][0])
        else:
            messages.error(
                request, _("Tindakan ini tidak tersedia untuk Anda pada status KIM ini.")
            )
        return redirect("registry:kim-detail", pk=kim.pk)
    action, note = form.cleaned_data["action"], form.cleaned_data["note"]
    if action in IRREVERSIBLE and request.POST.get("confirmed") != "1" and note.strip():
        question, consequence, label = IRREVERSIBLE[action]
        return _confirmation(
            request,
            kim,
            action_url=request.path,
            question=question,
            consequence=consequence,
            label=label,
            hidden=[("action", action), ("note", note)],
            note=note,
            danger=True,
        )
    return _transition(request, kim, action, note)


@require_POST
@permission_required("registry.decide_kim")
def decide(request, pk):
    return _act(request, pk, DECISIONS)


@require_POST
@recent_login_required
@permission_required("registry.change_kim_status")
def change_status(request, pk):
    return _act(request, pk, STATUS_ACTIONS)


@require_POST
@recent_login_required
@permission_required("registry.issue_nomor_induk")
def issue_number(request, pk):
    """A Nomor Induk is never changed or reused: the KIM page's button first shows what
    will happen; the confirmed POST issues. A second POST is refused by the workflow with
    the number and who issued it."""
    kim = get_for_user(request.user, Kim, pk=pk)
    if request.POST.get("confirmed") != "1" and workflow.can_take(
        kim, request.user, "issue_number"
    ):
        return _confirmation(
            request,
            kim,
            action_url=request.path,
            question=_("Terbitkan Nomor Induk untuk %(name)s?") % {"name": kim.name},
            consequence=_(
                "Nomor Induk diambil dari urutan %(regency)s dan tidak dapat diubah, "
                "ditarik atau dipakai ulang."
            )
            % {"regency": kim.regency.name},
            label=_("Ya, terbitkan Nomor Induk"),
            hidden=[],
        )
    return perform(
        request,
        lambda: workflow.nomor_induk_issue(kim=kim, actor=request.user),
        success=lambda current: _("Nomor Induk %(n)s diterbitkan.") % {"n": current.nomor_induk},
        then=reverse("registry:kim-detail", args=[kim.pk]),
    )


@require_POST
@permission_required("registry.add_verification_note")
def note_add(request, pk):
    kim = get_for_user(request.user, Kim, pk=pk)
    form = NoteForm(request.POST)
    return perform(
        request,
        lambda: workflow.note_add(
            kim=kim, actor=request.user, text=form.cleaned_data["text"] if form.is_valid() else ""
        ),
        success=_("Catatan verifikasi disimpan."),
        then=reverse("registry:kim-detail", args=[kim.pk]),
    )
