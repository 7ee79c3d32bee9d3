"""How long a sign-in lasts: officers and staff briefly, KIM managers long.

Officers and staff hold the NIK and phone numbers of whole provinces: their session ends
after SESSION_IDLE_MINUTES without a request and SESSION_ABSOLUTE_HOURS after signing
in. KIM managers (`keeps_a_long_session`) stay signed in for SESSION_LONG_IDLE_DAYS
without a request. Pages warn SESSION_WARNING_SECONDS before the end; the warning's
"Tetap masuk" button pings `keep_alive` without leaving the page, so a typed form is
kept (static/js/session-timeout.js).
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kimportal.core.access import login_required
from kimportal.core.access.predicates import keeps_a_long_session

SIGNED_IN_AT = "session_signed_in_at"
LAST_SEEN_AT = "session_last_seen_at"
# The last-seen mark is written at most this often: not a session save per request.
TOUCH_EVERY_SECONDS = 60


def limits(user):
    """(idle seconds, absolute seconds) for this user's sessions."""
    if keeps_a_long_session(user):
        long = settings.SESSION_LONG_IDLE_DAYS * 86400
        return long, settings.SESSION_LONG_ABSOLUTE_DAYS * 86400
    return settings.SESSION_IDLE_MINUTES * 60, settings.SESSION_ABSOLUTE_HOURS * 3600


def seconds_left(request, now=None):
    """Seconds until this session ends if nothing else happens."""
    now = now or time.time()
    idle, absolute = limits(request.user)
    session = request.session
    return int(
        min(
            session.get(LAST_SEEN_AT, now) + idle - now,
            session.get(SIGNED_IN_AT, now) + absolute - now,
        )
    )


@receiver(user_logged_in, dispatch_uid="kimportal.sessions.signed_in")
def _signed_in(sender, request, user, **kwargs):
    """The clocks start at sign-in (written with the login's own session save)."""
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT] = request.session[LAST_SEEN_AT] = time.time()


class SessionTimeoutMiddleware:
    """Signs out a session past its idle or absolute limit, before the view runs (which
    then treats the request as anonymous: a login redirect, or the public page)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            self._check(request, time.time())
        return self.get_response(request)

    def _check(self, request, now):
        session = request.session
        if SIGNED_IN_AT not in session:  # signed in before this check existed
            session[SIGNED_IN_AT] = session[LAST_SEEN_AT] = now
        if seconds_left(request, now) <= 0:
            logout(request)
            messages.info(request, _("Sesi Anda berakhir; silakan masuk lagi."))
            return
        if now - session[LAST_SEEN_AT] >= TOUCH_EVERY_SECONDS:
            session[LAST_SEEN_AT] = now


@require_POST
@login_required
def keep_alive(request):
    """The warning's "Tetap masuk": the request itself counts as activity."""
    request.session[LAST_SEEN_AT] = time.time()
    return JsonResponse({"expires_in": seconds_left(request)})


def session_warning(request):
    """Context processor: the seconds left, for the warning (None: no warning)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or keeps_a_long_session(user):
        return {"session_expires_in": None}
    return {
        "session_expires_in": seconds_left(request),
        "session_warning_seconds": settings.SESSION_WARNING_SECONDS,
    }
