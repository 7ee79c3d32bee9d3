from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from kimportal.core import audit
from kimportal.core.access import (
    get_for_user,
    login_required,
    permission_required,
    public,
    recent_login_required,
    visible_to,
)
from kimportal.core.access.predicates import may_use_two_factor
from kimportal.core.accounts import language as account_language
from kimportal.core.accounts import services
from kimportal.core.accounts.forms import (
    AccountCreateForm,
    AccountEditForm,
    ManagerInviteForm,
    ProfileForm,
    SignUpForm,
)
from kimportal.core.accounts.roles import Role
from kimportal.core.models import User
from kimportal.core.pagination import paginate


def _crumbs(*pairs):
    return [(_("Akun pengguna"), reverse("accounts:user-list")), *pairs]


def _form_page(request, form, title, account=None):
    crumbs = (
        _crumbs((str(account), reverse("accounts:user-detail", args=[account.pk])), (title, None))
        if account
        else _crumbs((title, None))
    )
    return render(
        request,
        "accounts/user_form.html",
        {"form": form, "title": title, "account": account, "crumbs": crumbs},
    )


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.user_update(actor=request.user, user=request.user, **form.cleaned_data)
        account_language.remember(request, request.user.language)
        messages.success(request, _("Profil disimpan."))
        return redirect("accounts:profile")
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "can_use_two_factor": may_use_two_factor(request.user)},
    )


@permission_required("accounts.view_accounts")
def user_list(request):
    users = visible_to(request.user, User).select_related("regency", "province")
    query = request.GET.get("q", "").strip()
    if query:
        users = users.filter(
            Q(username__icontains=query)
            | Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
            | Q(email__icontains=query)
        )
    role = request.GET.get("peran", "")
    if role in Role.values:
        users = users.filter(role=role)
    page = paginate(request, users.order_by("role", "regency_id", "username"), 50)
    return render(
        request,
        "accounts/user_list.html",
        {
            "page": page,
            "query": query,
            "role": role,
            "roles": Role.choices,
        },
    )


@recent_login_required
@permission_required("accounts.create_officer_account")
def user_create(request):
    form = AccountCreateForm(request.POST or None, province=request.user.province)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = services.user_create(actor=request.user, province=request.user.province, **data)
        messages.success(
            request,
            _("Akun %(name)s dibuat; tautan untuk membuat kata sandi dikirim ke %(email)s.")
            % {"name": user, "email": user.email},
        )
        return redirect("accounts:user-list")
    return _form_page(request, form, _("Akun petugas baru"))


@recent_login_required
@permission_required("accounts.change_account")
def user_edit(request, pk):
    user = get_for_user(request.user, User, pk=pk, perm="accounts.change_account")
    form = AccountEditForm(request.POST or None, instance=user, actor=request.user)
    if request.method == "POST" and form.is_valid():
        services.user_update(actor=request.user, user=user, **form.cleaned_data)
        messages.success(request, _("Akun %(name)s disimpan.") % {"name": user})
        return redirect("accounts:user-detail", pk=user.pk)
    return _form_page(request, form, _("Ubah akun"), account=user)


@permission_required("accounts.view_accounts")
def user_detail(request, pk):
    account = get_for_user(request.user, User, pk=pk)
    return render(
        request,
        "accounts/user_detail.html",
        {
            "account": account,
            "crumbs": _crumbs((str(account), None)),
            "can_edit": request.user.has_perm("accounts.change_account", account),
            "can_toggle": request.user.has_perm("accounts.change_account_active", account),
            "trail": audit.trail_for(account)[:50],
        },
    )


@require_POST
@recent_login_required
@permission_required("accounts.change_account_active")
def user_toggle_active(request, pk):
    account = get_for_user(request.user, User, pk=pk, perm="accounts.change_account_active")
    services.user_set_active(actor=request.user, user=account, active=not account.is_active)
    if account.is_active:
        messages.success(request, _("Akun %(name)s diaktifkan.") % {"name": account})
    else:
        messages.success(request, _("Akun %(name)s dinonaktifkan.") % {"name": account})
    return redirect("accounts:user-detail", pk=account.pk)


SIGN_UP_EMAIL = "sign_up_email"


@public
def sign_up(request):
    if request.user.is_authenticated:
        return redirect("dashboard")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.manager_sign_up(
            username=data["username"],
            email=data["email"],
            password=data["password1"],
            first_name=data["first_name"],
            last_name=data["last_name"],
        )
        # Answered by a redirect: reloading the page must not sign up (and mail) again.
        request.session[SIGN_UP_EMAIL] = data["email"]
        return redirect("accounts:sign-up-sent")
    return render(
        request, "accounts/sign_up.html", {"form": form, "title": _("Daftar sebagai pengelola KIM")}
    )


@public
def sign_up_sent(request):
    email = request.session.get(SIGN_UP_EMAIL)
    if not email:
        return redirect("accounts:sign-up")
    return render(request, "accounts/sign_up_sent.html", {"email": email})


@public
def language_switch(request):
    """Django's language switcher; a signed-in person's choice also becomes the language of
    the e-mails they receive."""
    response = set_language(request)
    language = request.POST.get("language", "")
    if (
        request.method == "POST"
        and request.user.is_authenticated
        and language in dict(settings.LANGUAGES)
    ):
        User.objects.filter(pk=request.user.pk).update(language=language)
        account_language.remember(request, language)
    return response


@public
def activate(request, uidb64, token):
    """GET shows a button; only its POST activates and signs in (a mail scanner that
    opens the link neither uses it up nor gets a session)."""
    if request.method != "POST":
        pending = services.activation_pending(uidb64=uidb64, token=token)
        if pending is None:
            return render(request, "accounts/activation_invalid.html", status=400)
        return render(request, "accounts/activate.html", {"account": pending})
    user = services.manager_activate(uidb64=uidb64, token=token)
    if user is None:
        return render(request, "accounts/activation_invalid.html", status=400)
    login(request, user, backend="kimportal.core.accounts.backend.PortalBackend")
    messages.success(
        request, _("Email dikonfirmasi. Selamat datang! Langkah berikutnya: daftarkan KIM Anda.")
    )
    return redirect("dashboard")


@recent_login_required
@permission_required("accounts.invite_kim_manager")
def manager_invite(request):
    form = ManagerInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = services.manager_invite(actor=request.user, **form.cleaned_data)
        messages.success(request, _("Undangan dikirim ke %(email)s.") % {"email": user.email})
        return redirect("accounts:user-list")
    return _form_page(request, form, _("Undang pengelola KIM"))
