"""Re-authentication before the gravest actions: issuing a Nomor Induk, revoking or
changing a KIM's status, bulk letters, account management, full personal-data exports.

A view wrapped by `recent_login_required` runs only if the user proved who they are —
their password at sign-in, a two-factor code, or the re-authentication page — within
REAUTH_MINUTES (10); otherwise they are sent to that page and back. A stolen session
(a shared office computer left signed in) cannot do these things.
"""

import time
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

AUTHENTICATED_AT = "authenticated_at"


def mark_authenticated(request):
    request.session[AUTHENTICATED_AT] = time.time()


@receiver(user_logged_in, dispatch_uid="kimportal.reauth.signed_in")
def _signed_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        mark_authenticated(request)


def authenticated_recently(request):
    proved = request.session.get(AUTHENTICATED_AT, 0)
    return time.time() - proved < settings.REAUTH_MINUTES * 60


def _back_to(request):
    """Where to return afterwards: this page, or for a POST the page that sent it (the
    form is shown again; a POST cannot be replayed by a redirect)."""
    if request.method == "GET":
        return request.get_full_path()
    referer = request.META.get("HTTP_REFERER", "")
    if url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()}):
        return referer
    return reverse("dashboard")


def recent_login_required(view):
    """Outside a permission decorator: anonymous visitors still get the login page."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated and not authenticated_recently(request):
            query = urlencode({"next": _back_to(request)})
            return redirect(f"{reverse('accounts:reauthenticate')}?{query}")
        return view(request, *args, **kwargs)

    wrapper.recent_login_required = True
    return wrapper
