"""Two-factor sign-in (django-otp): an authenticator app (TOTP) plus one-time recovery codes.

Officers, staff and admins may enrol (`may_use_two_factor`) on /akun/2fa/; provincial
staff and system admins must (`must_use_two_factor`) when REQUIRE_2FA_FOR_STAFF is on (the
default with DEBUG off). Whoever has enrolled is asked for a code after their password;
until then, and until an obliged user has enrolled, every page but these sends them here.
"""

from urllib.parse import urlencode

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_logged_in
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils.html import mark_safe
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from kimportal.core.access import login_required
from kimportal.core.access.predicates import may_use_two_factor, must_use_two_factor
from kimportal.core.access.reauth import mark_authenticated
from kimportal.core.accounts import services

# Pages a signed-in user may open before giving their code (or enrolling).
OPEN_BEFORE_SECOND_STEP = {
    "logout",
    "set_language",
    "accounts:keep-alive",
    "accounts:two-factor",
    "accounts:two-factor-verify",
}
# The page a user still owes after the password ("" for none), decided at sign-in: the
# middleware then reads the session and asks the database nothing.
SECOND_STEP = "two_factor_second_step"


def _must_enrol(user):
    return settings.REQUIRE_2FA_FOR_STAFF and must_use_two_factor(user)


def _second_step(user):
    if user_has_device(user):
        return "accounts:two-factor-verify"
    if _must_enrol(user):
        return "accounts:two-factor"
    return ""


@receiver(user_logged_in, dispatch_uid="kimportal.two_factor.signed_in")
def _signed_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SECOND_STEP] = _second_step(user)


class TwoFactorMiddleware:
    """After django_otp's OTPMiddleware: a signed-in user who owes a second step sees
    only the code (or enrolment) page and sign-out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_verified():
            if SECOND_STEP not in request.session:  # signed in before this check existed
                request.session[SECOND_STEP] = _second_step(user)
            target = request.session[SECOND_STEP]
            if target and self._url_name(request) not in OPEN_BEFORE_SECOND_STEP:
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse(target)}?{query}")
        return self.get_response(request)

    @staticmethod
    def _url_name(request):
        try:
            return resolve(request.path_info).view_name
        except Resolver404:
            return None


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Kode"),
        max_length=16,
        help_text=gettext_lazy(
            "Enam angka dari aplikasi autentikator, atau salah satu kode pemulihan Anda."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args, user, device=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.device = user, device

    def clean_code(self):
        code = self.cleaned_data["code"].replace(" ", "")
        if self.device is not None:  # enrolment: only the app being set up
            matched = self.device if self.device.verify_token(code) else None
        else:
            matched = match_token(self.user, code)
        if matched is None:
            raise forms.ValidationError(_("Kode salah atau sudah dipakai."))
        self.matched = matched
        return code


class ReauthenticationForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Kata sandi"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_password(self):
        user = self.request.user
        password = self.cleaned_data["password"]
        if authenticate(self.request, username=user.get_username(), password=password) != user:
            raise forms.ValidationError(_("Kata sandi salah."))
        return password


def _next(request):
    target = request.POST.get("next") or request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("dashboard")


def _pending_device(user):
    """The app being set up: one unconfirmed TOTP device, kept across page loads."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="Portal KIM", confirmed=False)


@login_required
@never_cache  # the secret key and the recovery codes stay out of every cache
def two_factor(request):
    """Enrolment: a QR code for the authenticator app; the first right code turns it on
    and shows ten recovery codes once."""
    user = request.user
    if not may_use_two_factor(user):
        raise PermissionDenied(_("Verifikasi dua langkah untuk petugas dan staf Diskominfo."))
    if user_has_device(user):
        return render(request, "accounts/two_factor.html", {"enabled": True})
    device = _pending_device(user)
    form = CodeForm(request.POST or None, user=user, device=device)
    form.fields["code"].help_text = _("Enam angka dari aplikasi autentikator.")
    if request.method == "POST" and form.is_valid():
        codes = services.two_factor_enable(user=user, device=device)
        otp_login(request, device)
        request.session[SECOND_STEP] = "accounts:two-factor-verify"
        mark_authenticated(request)
        messages.success(request, _("Verifikasi dua langkah aktif."))
        return render(
            request, "accounts/two_factor_codes.html", {"codes": codes, "next": _next(request)}
        )
    qr = segno.make(device.config_url, error="m").svg_inline(scale=4, title="QR")
    return render(
        request,
        "accounts/two_factor.html",
        {
            "enabled": False,
            "form": form,
            "qr": mark_safe(qr),  # segno's own SVG markup, no user text in it
            "secret": device.config_url.split("secret=")[1].split("&")[0],
            "required": _must_enrol(user),
        },
    )


@login_required
def two_factor_verify(request):
    """The second step after the password: a code from the app, or a recovery code."""
    form = CodeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        otp_login(request, form.matched)
        mark_authenticated(request)
        return redirect(_next(request))
    return render(request, "accounts/two_factor_verify.html", {"form": form})


@login_required
def reauthenticate(request):
    """Prove it is still you: a code when you use two-factor sign-in, else your password."""
    uses_codes = user_has_device(request.user)
    if uses_codes:
        form = CodeForm(request.POST or None, user=request.user)
    else:
        form = ReauthenticationForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        mark_authenticated(request)
        return redirect(_next(request))
    return render(
        request,
        "accounts/reauthenticate.html",
        {"form": form, "uses_codes": uses_codes, "next": _next(request)},
    )
