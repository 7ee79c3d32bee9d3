"""The public verification pages: the page a QR code opens, and the check by typed code or
uploaded PDF. They show only what the document itself states (no personal data), count
each check, and rate-limit lookups per client address so codes cannot be guessed."""

from django.conf import settings
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from kimportal.core import verification
from kimportal.core.access import public
from kimportal.core.http.rate_limit import over_limit
from kimportal.core.verification.forms import VerifyCodeForm, VerifyUploadForm


def _rate_limited(request):
    return over_limit(request, "verify", settings.VERIFY_RATE_LIMIT_PER_MINUTE)


def _too_many(request):
    response = render(request, "verification/rate_limited.html", status=429)
    response["Retry-After"] = "60"
    return response


def _shown(kind, document):
    kind.count(document)
    return {"kind": kind, "result_template": kind.template, **kind.context(document)}


@public
@never_cache
def document(request, token):
    """The page a document's QR code opens."""
    if _rate_limited(request):
        return _too_many(request)
    token = verification.normalize_token(token)
    found = verification.find(token) if token else None
    if found is None:
        return render(
            request, "verification/not_found.html", {"code_form": VerifyCodeForm()}, status=404
        )
    return render(request, "verification/document.html", _shown(*found))


@public
@never_cache
def check(request):
    """Type the code printed on a document, or upload the PDF to compare it byte for byte."""
    code_form = VerifyCodeForm(request.GET if "kode" in request.GET else None)
    upload_form = VerifyUploadForm(request.POST or None, request.FILES or None)
    if code_form.is_bound and code_form.is_valid():
        return redirect("verification:document", token=code_form.cleaned_data["kode"])
    context = {"code_form": code_form, "upload_form": upload_form}
    if request.method == "POST":
        if _rate_limited(request):
            return _too_many(request)
        if upload_form.is_valid():
            found = verification.find_by_sha256(upload_form.cleaned_data["berkas"].sha256)
            if found is not None:
                context.update(_shown(*found), matched=True)
            else:
                context["mismatch"] = True
    return render(request, "verification/check.html", context)
