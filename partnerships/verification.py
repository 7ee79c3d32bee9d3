"""Agreements are checked on the public verification page (kimportal.core.verification):
by the code under the QR printed on the agreement, or by uploading the printed PDF or the
signed scan. The page shows parties, term and status; no personal data."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kimportal.core import verification
from partnerships.models import Agreement, AgreementDocument
from partnerships.services.agreements import agreement_count_verification


def _agreements():
    return Agreement.objects.defer("pdf").select_related("province", "regency", "renews")


def _by_sha256(digest):
    signed = AgreementDocument.objects.filter(sha256=digest).values("agreement_id")
    return _agreements().filter(Q(pdf_sha256=digest) | Q(pk__in=signed)).first()


def _context(agreement):
    kims = list(agreement.kims.select_related("regency").order_by("name"))
    forums = list(agreement.forums.order_by("name"))
    return {
        "agreement": agreement,
        "kims": kims,
        "forums": forums,
        "renewal": Agreement.objects.filter(renews=agreement).defer("pdf").order_by("-pk").first(),
    }


verification.register(
    verification.Kind(
        name="agreement",
        title=_("Verifikasi Perjanjian Kemitraan Komunikasi"),
        by_token=lambda token: _agreements().filter(token=token).first(),
        by_sha256=_by_sha256,
        template="partnerships/verify/_result.html",
        context=_context,
        count=agreement_count_verification,
    )
)
