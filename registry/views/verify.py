"""Public verification of letters: by QR link / code, or by uploading the PDF.

Shows only what the letter itself states about the KIM (no personal data), counts each
verification, and rate-limits lookups per client address so tokens cannot be guessed.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from kimportal.core.access import public
from kimportal.core.http.client_ip import client_ip
from registry.forms.letters import VerifyCodeForm, VerifyUploadForm
from registry.models import Letter
from registry.models.letters import normalize_token
from registry.services.letters import letter_count_verification


def rate_limited(request):
    """True when this client made more than VERIFY_RATE_LIMIT_PER_MINUTE lookups this minute."""
    limit = settings.VERIFY_RATE_LIMIT_PER_MINUTE
    if not limit:
        return False
    key = f"verify-rate:{client_ip(request)}:{int(time.time() // 60)}"
    cache.add(key, 0, timeout=120)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=120)
        count = 1
    return count > limit


def _too_many(request):
    response = render(request, "registry/verify/rate_limited.html", status=429)
    response["Retry-After"] = "60"
    return response


def _letters():
    return Letter.objects.defer("pdf").select_related(
        "kim__village__district__regency__province", "superseded_by"
    )


def _result(request, letter, *, template, extra=None):
    letter_count_verification(letter)
    return render(
        request, template, {"letter": letter, "village": letter.kim.village, **(extra or {})}
    )


@public
@never_cache
def letter_verify(request, token):
    """The page a letter's QR code opens."""
    if rate_limited(request):
        return _too_many(request)
    token = normalize_token(token)
    letter = _letters().filter(token=token).first() if token else None
    if letter is None:
        return render(
            request, "registry/verify/not_found.html", {"code_form": VerifyCodeForm()}, status=404
        )
    return _result(request, letter, template="registry/verify/letter.html")


@public
@never_cache
def verify(request):
    """Type the code printed on a letter, or upload the PDF to compare it byte for byte."""
    code_form = VerifyCodeForm(request.GET if "kode" in request.GET else None)
    upload_form = VerifyUploadForm(request.POST or None, request.FILES or None)
    if code_form.is_bound and code_form.is_valid():
        return redirect("registry:letter-verify", token=code_form.cleaned_data["kode"])
    context = {"code_form": code_form, "upload_form": upload_form}
    if request.method == "POST":
        if rate_limited(request):
            return _too_many(request)
        if upload_form.is_valid():
            checked = upload_form.cleaned_data["berkas"]
            letter = _letters().filter(sha256=checked.sha256).first()
            if letter is not None:
                return _result(
                    request,
                    letter,
                    template="registry/verify/verify.html",
                    extra={**context, "matched": True},
                )
            context["mismatch"] = True
    return render(request, "registry/verify/verify.html", context)
