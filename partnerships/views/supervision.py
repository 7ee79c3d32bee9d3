"""Supervision and mentoring: visits per KIM, follow-ups, per-regency counts."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kimportal.core.access import (
    ActionRefused,
    add_form_error,
    get_for_user,
    login_required,
    perform,
    permission_required,
    refusal,
)
from kimportal.core.access.predicates import working_area
from kimportal.core.areas.models import Province
from kimportal.core.pagination import paginate
from partnerships.forms.others import CloseFollowUpForm, FollowUpForm, VisitForm
from partnerships.models import FollowUp, Visit, VisitKind
from partnerships.selectors import supervision as selectors
from partnerships.services import supervision as services
from partnerships.views.common import crumbs, dinas_of, own_dinas
from registry.selectors.partners import partner_kims_for

PAGE_SIZE = 25


def _crumbs(*more):
    return crumbs(
        *more, section=(_("Supervisi dan pendampingan"), reverse("partnerships:visit-list"))
    )


@login_required
def visit_list(request):
    visits = selectors.visits_for(request.user)
    kind = request.GET.get("jenis", "")
    if kind in VisitKind.values:
        visits = visits.filter(kind=kind)
    query = request.GET.get("q", "").strip()
    if query:
        visits = visits.filter(kim__name__icontains=query)
    page = paginate(request, visits.order_by("-visited_on", "-pk"), PAGE_SIZE)
    return render(
        request,
        "partnerships/visit_list.html",
        {
            "page": page,
            "kinds": VisitKind.choices,
            "kind": kind,
            "q": query,
            "may_log": bool(dinas_of(request.user))
            and request.user.has_perm("partnerships.log_visit"),
            "may_summary": request.user.has_perm("partnerships.view_supervision_summary"),
            "crumbs": crumbs((_("Supervisi dan pendampingan"), None)),
        },
    )


@permission_required("partnerships.view_supervision_summary")
def visit_summary(request):
    province = working_area(request.user)[0] or request.GET.get("provinsi", "36")
    province = Province.objects.filter(pk=province).first()
    if province is None:
        raise PermissionDenied(refusal("partnerships.view_supervision_summary"))
    year = request.GET.get("tahun", "")
    year = int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else None
    rows, totals, year = selectors.regency_summary(request.user, province.code, year)
    return render(
        request,
        "partnerships/visit_summary.html",
        {
            "province": province,
            "rows": rows,
            "totals": totals,
            "year": year,
            "years": list(range(timezone.localdate().year, timezone.localdate().year - 5, -1)),
            "crumbs": _crumbs((_("Rekap per kabupaten/kota"), None)),
        },
    )


@permission_required("partnerships.log_visit")
def visit_create(request):
    """Log a visit: the KIM is picked among the KIM of the officer's area (?kim= preselects
    one, e.g. from the KIM's partnership page)."""
    area = own_dinas(request.user, "partnerships.log_visit")
    kims = partner_kims_for(request.user, area, registered_only=False)
    chosen = request.GET.get("kim", "")
    initial = {"team": request.user.get_full_name() or request.user.username}
    if chosen.isdigit() and kims.filter(pk=chosen).exists():
        initial["kim"] = int(chosen)
    form = VisitForm(request.POST or None, kims=kims, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            visit = services.visit_log(
                kim=form.cleaned_data["kim"],
                actor=request.user,
                data=form.visit_data(),
                follow_ups=form.follow_ups(),
            )
        except (ValidationError, ActionRefused) as error:
            add_form_error(form, error)
        else:
            messages.success(request, _("Kunjungan dicatat."))
            return redirect("partnerships:visit-detail", pk=visit.pk)
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "title": _("Catat kunjungan"),
            "crumbs": _crumbs((_("Catat kunjungan"), None)),
        },
    )


@login_required
def visit_detail(request, pk):
    visit = get_for_user(
        request.user, Visit.objects.select_related("kim", "regency", "created_by"), pk=pk
    )
    may_log = request.user.has_perm("partnerships.log_visit", visit)
    follow_ups = list(visit.follow_ups.select_related("done_by"))
    for follow_up in follow_ups:
        follow_up.may_close = request.user.has_perm("partnerships.close_follow_up", follow_up)
    return render(
        request,
        "partnerships/visit_detail.html",
        {
            "visit": visit,
            "follow_ups": follow_ups,
            "follow_up_form": FollowUpForm() if may_log else None,
            "close_form": CloseFollowUpForm(),
            "crumbs": _crumbs((str(visit), None)),
        },
    )


@require_POST
@permission_required("partnerships.log_visit")
def follow_up_add(request, pk):
    visit = get_for_user(request.user, Visit, perm="partnerships.log_visit", pk=pk)
    form = FollowUpForm(request.POST)
    then = reverse("partnerships:visit-detail", args=[visit.pk])
    if not form.is_valid():
        messages.error(request, _("Isi tindak lanjut dan tenggatnya."))
        return redirect(then)
    return perform(
        request,
        lambda: services.follow_up_add(visit=visit, actor=request.user, **form.cleaned_data),
        success=_("Tindak lanjut ditambahkan."),
        then=then,
    )


def _next(request):
    """Where a form posted from a list (the home page, the follow-ups) returns to."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return None


@require_POST
@permission_required("partnerships.close_follow_up")
def follow_up_close(request, pk):
    follow_up = get_for_user(
        request.user,
        FollowUp.objects.select_related("visit"),
        perm="partnerships.close_follow_up",
        pk=pk,
    )
    form = CloseFollowUpForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    return perform(
        request,
        lambda: services.follow_up_close(follow_up=follow_up, actor=request.user, note=note),
        success=_("Tindak lanjut ditandai selesai."),
        then=_next(request) or reverse("partnerships:visit-detail", args=[follow_up.visit_id]),
    )


@login_required
def follow_up_list(request):
    follow_ups = selectors.follow_ups_for(request.user)
    state = request.GET.get("status", "open")
    today = timezone.localdate()
    if state == "overdue":
        follow_ups = selectors.overdue(follow_ups, today)
    elif state == "done":
        follow_ups = follow_ups.filter(status="done").order_by("-done_at", "-pk")
    elif state == "all":
        follow_ups = follow_ups.order_by("status", "due_on", "pk")
    else:
        state = "open"
        follow_ups = selectors.open_follow_ups(follow_ups)
    page = paginate(request, follow_ups, PAGE_SIZE)
    for follow_up in page.object_list:
        follow_up.may_close = request.user.has_perm("partnerships.close_follow_up", follow_up)
    return render(
        request,
        "partnerships/follow_up_list.html",
        {
            "page": page,
            "state": state,
            "states": [
                ("open", _("Terbuka")),
                ("overdue", _("Lewat tenggat")),
                ("done", _("Selesai")),
                ("all", _("Semua")),
            ],
            "close_form": CloseFollowUpForm(),
            "crumbs": _crumbs((_("Tindak lanjut"), None)),
        },
    )
