"""Board roster pages: current roster, import, template, history, members one by one.

NIK and phone are masked unless the viewer is an officer of the KIM's jurisdiction
(the `registry.view_personal_data` permission); they never appear in URLs (members are
addressed by their id) and never in messages or logs.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kimportal.core import exports
from kimportal.core.access import (
    ActionRefused,
    add_form_error,
    get_for_user,
    login_required,
    recent_login_required,
)
from kimportal.core.pagination import paginate
from registry import roster_import
from registry.forms.roster import MemberForm, RosterImportForm
from registry.models import Kim, Member
from registry.selectors import roster as selectors
from registry.services import roster as services
from registry.services.personal_data import personal_data_exported, personal_data_viewed
from registry.views.crumbs import kim_crumbs

# The error table shows this many rows; the count above it says how many there are.
MAX_ERRORS_SHOWN = 1000


def _crumbs(kim, *more):
    if more:
        return kim_crumbs(kim, (_("Pengurus"), reverse("registry:roster", args=[kim.pk])), *more)
    return kim_crumbs(kim, (_("Pengurus"), None))


def _current_member(kim, member_pk):
    return get_object_or_404(Member, pk=member_pk, roster__kim=kim, roster__is_current=True)


@login_required
def roster(request, pk):
    kim = get_for_user(request.user, Kim, pk=pk)
    current = selectors.current_roster(kim)
    show_personal = request.user.has_perm("registry.view_personal_data", kim)
    members = selectors.with_display(selectors.roster_members(current), show_personal)
    conflicts = []
    if show_personal and current is not None:
        # Reviewers see when a member also sits on another active KIM's board.
        names = {m.nik: m for m in members}
        conflicts = [
            (names.get(c.nik), c) for c in selectors.nik_conflicts(current, viewer=request.user)
        ]
        personal_data_viewed(kim=kim, actor=request.user, page=request.path, members=len(members))
    return render(
        request,
        "registry/roster/roster.html",
        {
            "kim": kim,
            "roster": current,
            "members": members,
            "problems": selectors.problems_of(current, members),
            "conflicts": conflicts,
            "can_write": request.user.has_perm("registry.change_kim_content", kim),
            "can_export_in_full": request.user.has_perm("registry.export_roster_in_full", kim),
            "crumbs": _crumbs(kim),
        },
    )


@login_required
def roster_import_view(request, pk):
    kim = get_for_user(request.user, Kim, pk=pk, perm="registry.change_kim_content")
    current = selectors.current_roster(kim)
    initial = {"term_start": current.term_start, "term_end": current.term_end} if current else {}
    form = RosterImportForm(request.POST or None, request.FILES or None, initial=initial)
    errors = []
    if request.method == "POST" and form.is_valid():
        result = roster_import.parse_roster(form.cleaned_data["file"])
        errors = result.errors
        if result.ok:
            try:
                new = services.roster_replace(
                    kim=kim,
                    actor=request.user,
                    term_start=form.cleaned_data["term_start"],
                    term_end=form.cleaned_data["term_end"],
                    rows=result.rows,
                    source=f"import:{result.file_kind}",
                )
            except ActionRefused as refusal:
                errors = [roster_import.RowError(None, None, refusal.message)]
            except ValidationError as error:
                errors = [roster_import.RowError(None, None, m) for m in error.messages]
            else:
                # The first import replaces nothing: no "old roster in the history" then.
                saved = (
                    _(
                        "Susunan pengurus baru disimpan: %(count)s pengurus. Susunan lama ada di "
                        "riwayat."
                    )
                    if current
                    else _("Susunan pengurus disimpan: %(count)s pengurus.")
                )
                messages.success(request, saved % {"count": len(result.rows)})
                return redirect("registry:roster", pk=new.kim_id)
    return render(
        request,
        "registry/roster/import.html",
        {
            "kim": kim,
            "form": form,
            "errors": errors[:MAX_ERRORS_SHOWN],
            "error_count": len(errors),
            "max_rows": roster_import.MAX_ROWS,
            "replaces": current is not None,
            "crumbs": _crumbs(kim, (_("Impor"), None)),
        },
    )


@login_required
def roster_template(request, pk):
    get_for_user(request.user, Kim, pk=pk)
    kind = request.GET.get("format", "xlsx")
    name = roster_import.TEMPLATE_NAME
    if kind == "xlsx":
        return exports.bytes_response(
            f"{name}.xlsx", roster_import.template_xlsx_bytes(), exports.XLSX_CONTENT_TYPE
        )
    if kind == "csv":
        return exports.csv_response(
            f"{name}.csv", roster_import.template_header(), [roster_import.EXAMPLE_ROW]
        )
    raise Http404


def _export_rows(members):
    return roster_import.member_rows(members, personal=lambda m: (m.nik_display, m.phone_display))


@recent_login_required
@login_required
def roster_export(request, pk):
    """The current roster in the template's columns (an officer's export re-imports as is).

    Formula-looking text is neutralised by kimportal.core.exports; NIK and phone are masked
    for everyone but officers of the jurisdiction, as on the page.
    """
    kim = get_for_user(request.user, Kim, pk=pk)
    show_personal = request.user.has_perm("registry.view_personal_data", kim)
    members = selectors.with_display(
        selectors.roster_members(selectors.current_roster(kim)), show_personal
    )
    filename = f"pengurus-kim-{kim.pk}"
    header = roster_import.template_header()
    if show_personal and members:
        fmt = "csv" if request.GET.get("format") == "csv" else "xlsx"
        personal_data_exported(
            kim=kim, actor=request.user, file=f"{filename}.{fmt}", members=len(members)
        )
    if request.GET.get("format", "xlsx") == "csv":
        return exports.csv_response(f"{filename}.csv", header, _export_rows(members))
    return exports.xlsx_response(
        f"{filename}.xlsx", header, _export_rows(members), sheet_title="Pengurus"
    )


@recent_login_required
@login_required
def roster_download_for_editing(request, pk):
    """The board in the import template, NIK and phone in full: correct it and import it
    back. For the KIM's managers and its officers; every download is in the audit trail.
    XLSX only: a CSV opened in a spreadsheet turns 16-digit NIKs into rounded numbers."""
    kim = get_for_user(request.user, Kim, pk=pk, perm="registry.export_roster_in_full")
    try:
        data = services.roster_export_in_full(kim=kim, actor=request.user)
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
        return redirect("registry:roster", pk=kim.pk)
    return exports.bytes_response(
        f"pengurus-kim-{kim.pk}-untuk-diubah.xlsx", data, exports.XLSX_CONTENT_TYPE
    )


@login_required
def roster_history(request, pk):
    kim = get_for_user(request.user, Kim, pk=pk)
    show_personal = request.user.has_perm("registry.view_personal_data", kim)
    page = paginate(request, selectors.roster_history(kim).prefetch_related("members"), 10)
    for old in page.object_list:
        old.sorted_members = selectors.with_display(
            selectors.sorted_members(old.members.all()), show_personal
        )
    return render(
        request,
        "registry/roster/history.html",
        {"kim": kim, "page": page, "crumbs": _crumbs(kim, (_("Riwayat"), None))},
    )


def _member_form_page(request, kim, form, title):
    return render(
        request,
        "registry/roster/member_form.html",
        {"kim": kim, "form": form, "title": title, "crumbs": _crumbs(kim, (title, None))},
    )


@login_required
def member_add(request, pk):
    kim = get_for_user(request.user, Kim, pk=pk, perm="registry.change_kim_content")
    needs_term = selectors.current_roster(kim) is None
    form = MemberForm(request.POST or None, needs_term=needs_term)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.member_add(
                kim=kim,
                actor=request.user,
                data=form.member_data(),
                term_start=form.cleaned_data.get("term_start"),
                term_end=form.cleaned_data.get("term_end"),
            )
        except (ValidationError, ActionRefused) as error:
            add_form_error(form, error)
        else:
            messages.success(request, _("%(name)s ditambahkan.") % {"name": member.full_name})
            return redirect("registry:roster", pk=kim.pk)
    return _member_form_page(request, kim, form, _("Tambah pengurus"))


@login_required
def member_edit(request, pk, member_pk):
    kim = get_for_user(request.user, Kim, pk=pk, perm="registry.change_kim_content")
    member = _current_member(kim, member_pk)
    show_personal = request.user.has_perm("registry.view_personal_data", kim)
    form = MemberForm(request.POST or None, member=member, show_personal=show_personal)
    if show_personal and request.method == "GET":  # the form shows this member's NIK
        personal_data_viewed(kim=kim, actor=request.user, page=request.path, members=1)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.member_update(
                kim=kim, actor=request.user, member=member, data=form.member_data()
            )
        except (ValidationError, ActionRefused) as error:
            add_form_error(form, error)
        else:
            messages.success(request, _("Data %(name)s disimpan.") % {"name": member.full_name})
            return redirect("registry:roster", pk=kim.pk)
    return _member_form_page(request, kim, form, _("Ubah pengurus"))


@require_POST
@login_required
def member_delete(request, pk, member_pk):
    kim = get_for_user(request.user, Kim, pk=pk, perm="registry.change_kim_content")
    member = _current_member(kim, member_pk)
    try:
        services.member_remove(kim=kim, actor=request.user, member=member)
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("%(name)s dihapus dari susunan pengurus.") % {"name": member.full_name}
        )
    return redirect("registry:roster", pk=kim.pk)
