"""Letter pages: a KIM's letters, issuing, downloading, bulk letters, regency settings."""

import secrets

from django.contrib import messages
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kimportal.core import audit
from kimportal.core.access import (
    get_for_user,
    login_required,
    perform,
    permission_required,
    visible_to,
)
from kimportal.core.access.predicates import working_area
from kimportal.core.areas.models import Province, Regency
from registry.forms.letters import BulkFilterForm, office_settings_form
from registry.models import Kim, Letter, RegencyOffice
from registry.selectors import letters as selectors
from registry.selectors import offices
from registry.services import letters as service
from registry.services import office as office_service
from registry.views.crumbs import kim_crumbs

BULK_BATCH_SIZE = 20
BULK_SESSION_KEY = "letters_bulk_runs"
BULK_RUNS_KEPT = 5


@login_required
def letter_list(request, pk):
    kim = get_for_user(request.user, Kim.objects.select_related("regency"), pk=pk)
    can_issue = request.user.has_perm("registry.issue_letter", kim)
    office = RegencyOffice.objects.filter(pk=kim.regency_id).first() if can_issue else None
    return render(
        request,
        "registry/letters/letter_list.html",
        {
            "kim": kim,
            "letters": list(selectors.letters_for_kim(kim)),
            "can_issue": can_issue and kim.can_get_letter,
            "settings_missing": (
                office.letter_settings_missing if office else [_("semua pengaturan surat")]
            )
            if can_issue
            else [],
            "settings_url": reverse("registry:office-settings", args=[kim.regency_id]),
            "crumbs": kim_crumbs(kim, (_("Surat keterangan"), None)),
        },
    )


@require_POST
@permission_required("registry.issue_letter")
def letter_issue(request, pk):
    kim = get_for_user(request.user, Kim, pk=pk)
    return perform(
        request,
        lambda: service.letter_issue(kim=kim, actor=request.user),
        success=lambda letter: (
            _("Surat keterangan nomor %(n)s diterbitkan.") % {"n": letter.number}
        ),
        then=reverse("registry:letters", args=[kim.pk]),
    )


@login_required
def letter_download(request, pk):
    """The stored bytes, exactly as issued (never re-rendered)."""
    letter = get_for_user(request.user, Letter, pk=pk)
    response = HttpResponse(bytes(letter.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{letter.filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- bulk --------------------------------------------------------------------------------


def province_wide(user):
    """Provincial staff pick a regency for a bulk run; regency officers have theirs."""
    province, regency = working_area(user)
    return bool(province and not regency)


def _bulk_regency(request, form):
    """The regency a bulk run covers: the officer's own, or the staff member's filter."""
    _province, regency = working_area(request.user)
    if regency:
        return regency
    if form.is_valid() and form.cleaned_data["regency"]:
        return form.cleaned_data["regency"].code
    return None


@permission_required("registry.issue_letters_in_bulk")
def letters_bulk(request):
    form = BulkFilterForm(request.GET or None, user=request.user)
    regency_id = _bulk_regency(request, form)
    candidates = selectors.bulk_candidates(request.user, regency_id)
    total = candidates.count()
    run = secrets.token_urlsafe(12)
    runs = request.session.get(BULK_SESSION_KEY, {})
    # Keep a few recent runs only: the session stays small.
    runs = dict(list(runs.items())[-(BULK_RUNS_KEPT - 1) :]) if runs else {}
    runs[run] = {"regency": regency_id, "letters": [], "failed": []}
    request.session[BULK_SESSION_KEY] = runs
    return render(
        request,
        "registry/letters/bulk.html",
        {
            "form": form if province_wide(request.user) else None,
            "regency": Regency.objects.filter(pk=regency_id).first() if regency_id else None,
            "total": total,
            "preview": list(candidates.select_related("village")[:10]),
            "run": run,
            "batch_size": BULK_BATCH_SIZE,
            "crumbs": [(_("Surat keterangan massal"), None)],
        },
    )


@require_POST
@permission_required("registry.issue_letters_in_bulk")
def letters_bulk_batch(request, run):
    """Issue the next batch of a run; the page's script calls this until nothing is left."""
    runs = request.session.get(BULK_SESSION_KEY, {})
    state = runs.get(run)
    if state is None:
        raise Http404
    candidates = selectors.bulk_candidates(request.user, state["regency"]).exclude(
        pk__in=state["failed"]
    )
    batch = list(candidates.select_related("regency")[:BULK_BATCH_SIZE])
    result = service.letters_issue_bulk(kims=batch, actor=request.user)
    state["letters"].extend(letter.pk for letter in result.letters)
    state["failed"].extend(kim.pk for kim, _message in result.errors)
    request.session[BULK_SESSION_KEY] = runs
    remaining = candidates.exclude(pk__in=[k.pk for k, _m in result.errors]).count()
    return JsonResponse(
        {
            "issued": len(result.letters),
            "issued_total": len(state["letters"]),
            "remaining": remaining,
            "errors": [{"kim": kim.name, "message": message} for kim, message in result.errors],
            "done": remaining == 0 or not batch,
            "zip_url": reverse("registry:letters-bulk-zip", args=[run]),
        }
    )


@permission_required("registry.issue_letters_in_bulk")
def letters_bulk_zip(request, run):
    state = request.session.get(BULK_SESSION_KEY, {}).get(run)
    if state is None or not state["letters"]:
        raise Http404
    letters = (
        visible_to(request.user, Letter)
        .filter(pk__in=state["letters"])
        .order_by("regency_id", "kim_name", "pk")
    )
    response = FileResponse(
        service.letters_zip(letters),
        content_type="application/zip",
        as_attachment=True,
        filename=f"surat-keterangan-{run[:8]}.zip",
    )
    response["Cache-Control"] = "private, no-store"
    return response


# --- regency settings ----------------------------------------------------------------------


@permission_required("registry.view_office_settings")
def office_settings(request, code):
    """A Dinas's settings (a regency's, or the province's): edited by that Dinas's officers,
    read-only for the officers supervising it; 404 for others."""
    area = _office_area(code)
    # The settings row is created on first visit; a refused visit (404/403 raised inside
    # the block) rolls that creation back, so outsiders cause no write.
    with transaction.atomic():
        office = office_service.office_for(area.pk)
        office = get_for_user(
            request.user,
            type(office),
            pk=area.pk,
            perm="registry.change_office_settings" if request.method == "POST" else None,
        )
    editable = request.user.has_perm("registry.change_office_settings", office)
    form = office_settings_form(
        office, request.POST or None, request.FILES or None, read_only=not editable
    )
    if request.method == "POST" and form.is_valid():
        office_service.office_update(
            office=office,
            actor=request.user,
            data=form.settings_data(),
            logo=form.cleaned_data["logo_file"],
            remove_logo=form.cleaned_data.get("remove_logo", False),
        )
        messages.success(request, _("Pengaturan surat %(area)s disimpan.") % {"area": area.name})
        return redirect("registry:office-settings", code=area.pk)
    office.refresh_from_db()
    return render(
        request,
        "registry/letters/office_settings.html",
        {
            "form": form,
            "office": office,
            "area": area,
            "editable": editable,
            "logo": offices.logo_data_uri(office),
            "trail": audit.trail_for(office)[:20],
            "crumbs": [(_("Pengaturan surat"), None), (area.name, None)],
        },
    )


def _office_area(code):
    if office_service.is_province_code(code):
        return get_object_or_404(Province, pk=code)
    return get_object_or_404(Regency, pk=code)
