"""A form sent twice in a row does its work once: the second copy follows the first.

A double click, or a tap repeated on a slow village connection, sends the same POST
twice. The portal's script disables a form's buttons once it is sent, but pages work
without JavaScript too, so the server also recognises a signed-in user's identical POST
to the same address within REPEAT_POST_SECONDS and answers it with the first one's
redirect (waiting briefly while the first is still being worked on). Only successful
POSTs (answered by a redirect) are remembered: a refused form can be sent again at once.
"""

import hashlib
import time

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.shortcuts import redirect
from django.utils.translation import gettext as _

IN_FLIGHT = "…"
WAIT_SECONDS = 5.0


def _fingerprint(request):
    digest = hashlib.sha256(f"{request.user.pk}\n{request.get_full_path()}".encode())
    for key, values in sorted(request.POST.lists()):
        if key != "csrfmiddlewaretoken":
            digest.update(repr((key, values)).encode())
    for key, files in sorted(request.FILES.lists()):
        digest.update(repr((key, [(f.name, f.size) for f in files])).encode())
    return "repeat-post:" + digest.hexdigest()


class RepeatedPostMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.REPEAT_POST_SECONDS
        if (
            not seconds
            or request.method != "POST"
            or not request.user.is_authenticated
            or request.content_type
            not in ("application/x-www-form-urlencoded", "multipart/form-data")
        ):
            return self.get_response(request)
        key = _fingerprint(request)
        if not cache.add(key, IN_FLIGHT, seconds):
            return self._follow_first(request, key)
        response = self.get_response(request)
        if response.status_code in (301, 302, 303) and response.get("Location"):
            cache.set(key, response["Location"], seconds)
        else:
            cache.delete(key)
        return response

    def _follow_first(self, request, key):
        deadline = time.monotonic() + WAIT_SECONDS
        location = cache.get(key)
        while location == IN_FLIGHT and time.monotonic() < deadline:
            time.sleep(0.1)
            location = cache.get(key)
        messages.info(request, _("Formulir ini sudah terkirim; kiriman kedua diabaikan."))
        if location and location != IN_FLIGHT:
            return redirect(location)
        return redirect(request.get_full_path())
