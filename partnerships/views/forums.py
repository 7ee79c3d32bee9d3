"""Forum KIM pages: list, create, edit, the forum (board, member KIM, agreements)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kimportal.core.access import (
    ActionRefused,
    add_form_error,
    get_for_user,
    login_required,
    perform,
    permission_required,
)
from partnerships.forms.others import ForumForm, ForumMemberForm, InvitationForm
from partnerships.models import Forum, ForumMember
from partnerships.selectors import forums as selectors
from partnerships.selectors.agreements import agreements_for
from partnerships.services import forums as services
from partnerships.views.common import crumbs, dinas_of, own_dinas
from registry.selectors.board_rules import mask_phone
from registry.selectors.partners import partner_kims_for


def _crumbs(*more):
    return crumbs(*more, section=(_("Forum KIM"), reverse("partnerships:forum-list")))


def _forum(request, pk, perm=None):
    return get_for_user(
        request.user, Forum.objects.select_related("province", "regency"), perm=perm, pk=pk
    )


def _member_kims(user, dinas_code, forum=None):
    kims = partner_kims_for(user, dinas_code, registered_only=False)
    if forum is not None:
        kims = kims | forum.kims.all()
    return kims.select_related("village").order_by("name").distinct()


@permission_required("partnerships.view_forum")
def forum_list(request):
    return render(
        request,
        "partnerships/forum_list.html",
        {
            "forums": selectors.forum_list(request.user),
            "can_create": bool(dinas_of(request.user))
            and request.user.has_perm("partnerships.manage_forum"),
            "crumbs": crumbs((_("Forum KIM"), None)),
        },
    )


def _save(request, form, action):
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return action(form)
    except (ValidationError, ActionRefused) as error:
        add_form_error(form, error)
    return None


@permission_required("partnerships.manage_forum")
def forum_create(request):
    dinas_code = own_dinas(request.user, "partnerships.manage_forum")
    form = ForumForm(request.POST or None, kims=_member_kims(request.user, dinas_code))
    forum = _save(
        request,
        form,
        lambda f: services.forum_create(
            actor=request.user,
            dinas_code=dinas_code,
            data=f.forum_data(),
            kims=f.cleaned_data["kims"],
        ),
    )
    if forum:
        messages.success(request, _("Forum dibuat. Langkah berikutnya: isi susunan pengurusnya."))
        return redirect("partnerships:forum-detail", pk=forum.pk)
    return render(
        request,
        "form_page.html",
        {"form": form, "title": _("Forum KIM baru"), "crumbs": _crumbs((_("Baru"), None))},
    )


@login_required
def forum_edit(request, pk):
    forum = _forum(request, pk, perm="partnerships.manage_forum")
    show = request.user.has_perm("partnerships.view_personal_data", forum)
    form = ForumForm(
        request.POST or None,
        kims=_member_kims(request.user, forum.dinas_code, forum),
        forum=forum,
        show_personal=show,
    )
    saved = _save(
        request,
        form,
        lambda f: services.forum_update(
            forum=forum, actor=request.user, data=f.forum_data(), kims=f.cleaned_data["kims"]
        ),
    )
    if saved:
        messages.success(request, _("Forum disimpan."))
        return redirect("partnerships:forum-detail", pk=forum.pk)
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "title": _("Ubah forum"),
            "crumbs": _crumbs(
                (forum.name, reverse("partnerships:forum-detail", args=[forum.pk])),
                (_("Ubah"), None),
            ),
        },
    )


@login_required
def forum_detail(request, pk):
    forum = _forum(request, pk, perm="partnerships.view_forum")
    show = request.user.has_perm("partnerships.view_personal_data", forum)
    members = selectors.board_of(forum, show_personal=show)
    if show:
        services.forum_personal_data_viewed(
            forum=forum, actor=request.user, page=request.path, members=len(members)
        )
    return render(
        request,
        "partnerships/forum_detail.html",
        {
            "forum": forum,
            "members": members,
            "problems": services.board_problems(forum, members),
            "kims": list(forum.kims.select_related("village").order_by("name")),
            "agreements": list(
                agreements_for(request.user).filter(forums=forum).order_by("-start_date", "-pk")
            ),
            "may_manage": request.user.has_perm("partnerships.manage_forum", forum),
            "may_invite": request.user.has_perm("partnerships.invite_forum", forum),
            "invitations": list(forum.invitations.select_related("invited_by")[:10]),
            "contact_phone": forum.contact_phone if show else mask_phone(forum.contact_phone),
            "crumbs": _crumbs((forum.name, None)),
        },
    )


def _member_form_page(request, forum, form, title):
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "title": title,
            "crumbs": _crumbs(
                (forum.name, reverse("partnerships:forum-detail", args=[forum.pk])),
                (_("Pengurus"), None),
            ),
        },
    )


@login_required
def forum_member_add(request, pk):
    forum = _forum(request, pk, perm="partnerships.manage_forum")
    form = ForumMemberForm(request.POST or None, forum=forum)
    saved = _save(
        request,
        form,
        lambda f: services.forum_member_add(forum=forum, actor=request.user, data=f.cleaned_data),
    )
    if saved:
        messages.success(request, _("Pengurus ditambahkan."))
        return redirect("partnerships:forum-detail", pk=forum.pk)
    return _member_form_page(request, forum, form, _("Tambah pengurus forum"))


@login_required
def forum_member_edit(request, pk, member_pk):
    forum = _forum(request, pk, perm="partnerships.manage_forum")
    member = get_object_or_404(ForumMember, pk=member_pk, forum=forum)
    # Whoever manages a forum may see its personal data (manage_forum implies supervises).
    initial = {
        name: getattr(member, name)
        for name in ("nik", "full_name", "position", "position_detail", "gender", "phone", "kim")
    }
    form = ForumMemberForm(request.POST or None, forum=forum, initial=initial)
    saved = _save(
        request,
        form,
        lambda f: services.forum_member_update(
            forum=forum, actor=request.user, member=member, data=f.cleaned_data
        ),
    )
    if saved:
        messages.success(request, _("Data pengurus disimpan."))
        return redirect("partnerships:forum-detail", pk=forum.pk)
    return _member_form_page(request, forum, form, _("Ubah pengurus forum"))


@require_POST
@login_required
def forum_member_delete(request, pk, member_pk):
    forum = _forum(request, pk, perm="partnerships.manage_forum")
    member = get_object_or_404(ForumMember, pk=member_pk, forum=forum)
    return perform(
        request,
        lambda: services.forum_member_remove(forum=forum, actor=request.user, member=member),
        success=_("%(name)s dihapus dari susunan pengurus.") % {"name": member.full_name},
        then=reverse("partnerships:forum-detail", args=[forum.pk]),
    )


@login_required
def forum_invite(request, pk):
    """Invite the forum to a coordination meeting (rakor); its contact gets an e-mail."""
    forum = _forum(request, pk, perm="partnerships.invite_forum")
    form = InvitationForm(request.POST or None)
    saved = _save(
        request,
        form,
        lambda f: services.forum_invite(forum=forum, actor=request.user, data=f.cleaned_data),
    )
    if saved:
        messages.success(
            request,
            _("Undangan dicatat dan dikirim ke %(email)s.") % {"email": forum.contact_email}
            if forum.contact_email
            else _(
                "Undangan dicatat. Forum ini belum punya email: sampaikan undangannya langsung."
            ),
        )
        return redirect("partnerships:forum-detail", pk=forum.pk)
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "title": _("Undang ke rapat koordinasi: %(forum)s") % {"forum": forum.name},
            "crumbs": _crumbs(
                (forum.name, reverse("partnerships:forum-detail", args=[forum.pk])),
                (_("Undangan rakor"), None),
            ),
        },
    )
