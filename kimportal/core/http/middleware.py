from django.conf import settings
from django.http import HttpResponseBadRequest
from django.middleware.gzip import GZipMiddleware
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import check_for_language

from kimportal.core.accounts import language as account_language


class PortalLanguageMiddleware:
    """Bahasa Indonesia unless the visitor chose English with the switcher.

    Django's LocaleMiddleware would follow the browser's Accept-Language, so a phone set
    to English would get English dates on an Indonesian page; a registry speaks its own
    language by default.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # A signed-in person's own language (kept on the account), else the switcher's.
        chosen = account_language.of_session(request) or request.COOKIES.get(
            settings.LANGUAGE_COOKIE_NAME
        )
        language = chosen if chosen and check_for_language(chosen) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response


# Everything the portal serves comes from itself: scripts and styles are vendored files,
# previews are framed from our own download views. Inline style attributes remain in a
# few templates; inline scripts and event handlers are not used anywhere.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "frame-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    ]
)


class ContentSecurityPolicyMiddleware:
    """A strict CSP on every response that did not set its own (file downloads do)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        return response


class PageGZipMiddleware(GZipMiddleware):
    """Pages compressed for metered phone connections (a list page's HTML shrinks to a
    fifth); files that are compressed already (PDF, ZIP, XLSX, photos) pass untouched.
    Django's GZipMiddleware pads each response with random bytes against BREACH."""

    COMPRESSIBLE = ("text/", "application/json", "application/javascript", "image/svg+xml")

    def process_response(self, request, response):
        if not response.get("Content-Type", "").startswith(self.COMPRESSIBLE):
            return response
        return super().process_response(request, response)


class RejectNulBytesMiddleware:
    """A NUL byte in the path or the query string is a 400, before any view runs.

    PostgreSQL cannot store or compare text holding NUL, so `?q=a%00b` or `/desa/36%00/`
    reached the database and ended as a 500 with a traceback; no legitimate link carries
    one (form fields already refuse it in POSTed text).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        texts = (text for key, values in request.GET.lists() for text in (key, *values))
        if "\x00" in request.path_info or any("\x00" in text for text in texts):
            # Rendered without the request: the page needs no user, session or database.
            return HttpResponseBadRequest(render_to_string("400.html"))
        return self.get_response(request)


class PrivateCacheMiddleware:
    """`Cache-Control: no-store, private` on every answer to a signed-in user and on every
    file: pages and exports carry full NIK and phone numbers, which no browser cache or
    shared proxy may keep (a shared office computer's back button, a caching proxy).

    Only a file served to a visitor who is not signed in may keep a `public` policy its
    view chose (the public directory file: no personal data, rebuilt every few minutes).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if signed_in or (_is_file(response) and "public" not in response.get("Cache-Control", "")):
            response["Cache-Control"] = "no-store, private"
        return response


def _is_file(response):
    return response.streaming or "attachment" in response.get("Content-Disposition", "")
