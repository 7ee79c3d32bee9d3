"""KIM list, profile create/edit, detail page and submission."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kimportal.core import audit, exports
from kimportal.core.access import (
    ActionRefused,
    get_for_user,
    login_required,
    perform,
    permission_required,
)
from kimportal.core.pagination import paginate
from registry.forms.kim import DecisionForm, KimFilterForm, KimForm, NoteForm
from registry.models import DocumentKind, Kim
from registry.requirements import kim_requirements
from registry.selectors.kims import days_waiting, kims_for, list_columns
from registry.selectors.roster import current_roster, nik_conflicts, roster_members, with_display
from registry.services import workflow
from registry.services.documents import current_documents
from registry.services.personal_data import personal_data_viewed
from registry.services.workflow import DECISIONS, STATUS_ACTIONS
from registry.views.crumbs import kim_crumbs


def export_response(request, name):
    """The list as CSV or XLSX (?format=): at once when small, else a job; or None."""
    fmt = request.GET.get("format")
    if fmt not in exports.FORMATS:
        return None
    return exports.export(request, name, fmt)


@login_required
def kim_list(request):
    form = KimFilterForm(request.GET or None, user=request.user)
    kims = form.apply(kims_for(request.user))
    export = export_response(request, "registry.kim_list")
    if export:
        return export
    page = paginate(
        request,
        list_columns(kims),
        25,
        estimate=not form.has_search,
        search="name" if form.has_search else None,
    )
    return render(
        request,
        "registry/kim_list.html",
        {
            "form": form,
            "page": page,
            "crumbs": [(_("KIM"), None)],
            "can_create": request.user.has_perm("registry.create_kim"),
        },
    )


# The scans a reviewer reads, in the order of the legal requirements.
REVIEW_KINDS = [DocumentKind.SK, DocumentKind.ROSTER_SCAN, DocumentKind.DECLARATION_BUNDLE]


def _profile_data(form):
    data = dict(form.cleaned_data)
    data.pop("managers", None)
    data["village_id"] = data.pop("village").pk
    return data


@permission_required("registry.create_kim")
def kim_create(request):
    form = KimForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        kim = workflow.kim_create(
            actor=request.user,
            data=_profile_data(form),
            managers=form.cleaned_data.get("managers") or (),
        )
        messages.success(
            request,
            _("%(kim)s dibuat. Langkah berikutnya: unggah SK dan susunan pengurus.")
            % {"kim": kim.titled_name},
        )
        return redirect("registry:kim-detail", pk=kim.pk)
    return render(
        request,
        "registry/kim_form.html",
        {
            "form": form,
            "title": _("Daftarkan KIM"),
            "crumbs": kim_crumbs(None, (_("Daftarkan KIM"), None)),
        },
    )


@login_required
def kim_edit(request, pk):
    kim = get_for_user(request.user, Kim, pk=pk, perm="registry.change_kim_profile")
    form = KimForm(request.POST or None, instance=kim, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.kim_update(
                kim=Kim.objects.get(pk=kim.pk), actor=request.user, data=_profile_data(form)
            )
        except ActionRefused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _("Profil KIM disimpan."))
            return redirect("registry:kim-detail", pk=kim.pk)
    return render(
        request,
        "registry/kim_form.html",
        {
            "form": form,
            "title": _("Ubah profil KIM"),
            "kim": kim,
            "crumbs": kim_crumbs(kim, (_("Ubah profil"), None)),
        },
    )


@login_required
def kim_detail(request, pk):
    kim = get_for_user(
        request.user, Kim.objects.select_related("village__district__regency__province"), pk=pk
    )
    user = request.user
    decisions = workflow.available_transitions(kim, user, DECISIONS)
    status_actions = workflow.available_transitions(kim, user, STATUS_ACTIONS)
    requirements = kim_requirements(kim)
    officer = user.has_perm("registry.review_kim", kim)
    roster = current_roster(kim) if officer else None
    # Reviewers see at once when board members also sit on another active KIM.
    conflicts = nik_conflicts(roster, viewer=user) if officer else []
    members = roster_members(roster)
    if officer:  # the review shows the whole board, NIK and phone in full
        personal_data_viewed(kim=kim, actor=user, page=request.path, members=len(members))
    return render(
        request,
        "registry/kim_detail.html",
        {
            "kim": kim,
            "crumbs": [*kim_crumbs(kim)[:-1], (kim.name, None)],
            "requirements": requirements,
            "ready": all(req.met for req in requirements),
            "can_edit": user.has_perm("registry.change_kim_profile", kim),
            "can_submit": workflow.can_take(kim, user, "submit"),
            "decision_form": DecisionForm(transitions=decisions) if decisions else None,
            "status_form": DecisionForm(transitions=status_actions) if status_actions else None,
            "can_issue_number": workflow.can_take(kim, user, "issue_number"),
            "note_form": NoteForm() if officer else None,
            "conflict_kims": sorted({(c.kim_name, c.regency_name) for c in conflicts}),
            # The application as a reviewer reads it: scans inline and the whole board.
            "review": officer
            and {
                "documents": sorted(
                    (d for d in current_documents(kim) if d.kind in REVIEW_KINDS),
                    key=lambda d: REVIEW_KINDS.index(d.kind),
                ),
                "roster": roster,
                "members": with_display(members, show_personal=True),
            },
            "conflict_count": len({c.nik for c in conflicts}),
            "history": kim.status_changes.select_related("actor"),
            # Verification notes are the officers' working notes, not for the community.
            "notes": kim.notes.select_related("author") if officer else [],
            "trail": audit.trail_for(kim)[:30] if officer else None,
            "days_waiting": days_waiting(kim),
            "managers": kim.managers.all(),
        },
    )


@require_POST
@permission_required("registry.submit_kim")
def kim_submit(request, pk):
    kim = get_for_user(request.user, Kim, pk=pk)
    return perform(
        request,
        lambda: workflow.kim_transition(kim=kim, actor=request.user, action="submit"),
        success=_("KIM diajukan. Diskominfo Provinsi akan meninjaunya."),
        then=reverse("registry:kim-detail", args=[kim.pk]),
    )
