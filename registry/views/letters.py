"""Letter pages: a KIM's letters, issuing, downloading, bulk letters, regency settings."""

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kimportal.core import audit, jobs
from kimportal.core.access import (
    get_for_user,
    login_required,
    perform,
    permission_required,
    recent_login_required,
)
from kimportal.core.access.predicates import working_area
from kimportal.core.areas.models import Province, Regency
from registry.forms.letters import BulkFilterForm, ReissueForm, office_settings_form
from registry.jobs import LETTERS_BULK
from registry.models import Kim, Letter, RegencyOffice
from registry.selectors import letters as selectors
from registry.selectors import offices
from registry.services import letters as service
from registry.services import office as office_service
from registry.views.crumbs import kim_crumbs


@login_required
def letter_list(request, pk):
    kim = get_for_user(request.user, Kim.objects.select_related("regency"), pk=pk)
    can_issue = request.user.has_perm("registry.issue_letter", kim)
    office = RegencyOffice.objects.filter(pk=kim.regency_id).first() if can_issue else None
    letters = list(selectors.letters_for_kim(kim))
    in_flight = next((letter for letter in letters if letter.is_preparing), None)
    failed = next((letter for letter in letters if letter.is_failed), None)
    current = next((letter for letter in letters if letter.is_valid), None)
    return render(
        request,
        "registry/letters/letter_list.html",
        {
            "kim": kim,
            "letters": letters,
            "can_issue": can_issue and kim.can_get_letter,
            "settings_missing": (
                office.letter_settings_missing if office else [_("semua pengaturan surat")]
            )
            if can_issue
            else [],
            "settings_url": reverse("registry:office-settings", args=[kim.regency_id]),
            "in_flight": in_flight,
            "failed": failed,
            "current": current,
            "reissue_form": ReissueForm(initial={"replaces": current.pk}) if current else None,
            "crumbs": kim_crumbs(kim, (_("Surat keterangan"), None)),
        },
    )


def _issue_request(request):
    """(replaces, reason) from the issue form: a plain issue names no letter; a re-issue
    names the letter it replaces and must be confirmed with a reason."""
    if "replaces" not in request.POST:
        return None, ""
    form = ReissueForm(request.POST)
    if not form.is_valid():
        raise service.LetterError(
            _("Centang konfirmasi dan tuliskan alasan untuk menerbitkan ulang surat.")
        )
    return form.cleaned_data["replaces"], form.cleaned_data["reason"]


@require_POST
@permission_required("registry.issue_letter")
def letter_issue(request, pk):
    kim = get_for_user(request.user, Kim, pk=pk)

    def issue():
        replaces, reason = _issue_request(request)
        return service.letter_issue(kim=kim, actor=request.user, replaces=replaces, reason=reason)

    return perform(
        request,
        issue,
        success=lambda letter: (
            _("Surat keterangan nomor %(n)s sedang disiapkan; unduhan tersedia sebentar lagi.")
            % {"n": letter.number}
        ),
        then=reverse("registry:letters", args=[kim.pk]),
    )


@require_POST
@permission_required("registry.issue_letter")
def letter_retry(request, pk):
    """Render a failed letter again: same number, same verification code."""
    letter = get_for_user(request.user, Letter.objects.defer("pdf"), pk=pk)
    return perform(
        request,
        lambda: service.letter_render_retry(letter=letter, actor=request.user),
        success=_("Surat nomor %(n)s sedang dibuat ulang.") % {"n": letter.number},
        then=reverse("registry:letters", args=[letter.kim_id]),
    )


@login_required
def letter_download(request, pk):
    """The stored bytes, exactly as issued (never re-rendered); 404 until they exist."""
    letter = get_for_user(request.user, Letter, pk=pk)
    if not letter.is_ready:
        raise Http404
    response = HttpResponse(bytes(letter.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{letter.filename}"'
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


@recent_login_required
@permission_required("registry.issue_letters_in_bulk")
def letters_bulk(request):
    """What a run would cover (GET); a POST starts it as a job: the numbers are taken, the
    workers render the letters side by side, and the job page offers the ZIP."""
    form = BulkFilterForm(request.GET or request.POST or None, user=request.user)
    regency_id = _bulk_regency(request, form)
    candidates = selectors.bulk_candidates(request.user, regency_id)
    total = candidates.count()
    if request.method == "POST":
        if not total:
            messages.info(request, _("Tidak ada KIM yang menunggu surat di wilayah ini."))
            return redirect("registry:letters-bulk")
        job = jobs.start(
            kind=LETTERS_BULK, owner=request.user, params={"regency": regency_id}, total=total
        )
        return redirect(job)
    return render(
        request,
        "registry/letters/bulk.html",
        {
            "form": form if province_wide(request.user) else None,
            "regency": Regency.objects.filter(pk=regency_id).first() if regency_id else None,
            "regency_id": regency_id or "",
            "total": total,
            "preview": list(candidates.select_related("village")[:10]),
            "crumbs": [(_("Surat keterangan massal"), None)],
        },
    )


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
