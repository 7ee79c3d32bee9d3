"""A signed-in person's language follows them from one device to the next.

It is kept on the account (User.language: the switcher and the profile set it; e-mails
are written in it), taken into the session at each login, and read from there by
PortalLanguageMiddleware before the cookie, which speaks only for visitors.
"""

from django.conf import settings
from django.contrib.auth.signals import user_logged_in

SESSION_KEY = "portal_language"


def remember(request, language):
    """Pages of this session speak `language` from the next request on."""
    if language in dict(settings.LANGUAGES):
        request.session[SESSION_KEY] = language


def of_session(request):
    session = getattr(request, "session", None)
    return session.get(SESSION_KEY) if session is not None else None


def _on_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        remember(request, user.language)


user_logged_in.connect(_on_login, dispatch_uid="kimportal.accounts.language")
