"""Certificates are checked on the public verification page (kimportal.core.verification):
the name, event, dates, JP and organiser as printed; nothing else about the person."""

from django.utils.translation import gettext_lazy as _

from capacity.models import Certificate
from capacity.services.certificates import certificate_count_verification
from kimportal.core import verification


def _certificates():
    return Certificate.objects.defer("pdf")


verification.register(
    verification.Kind(
        name="certificate",
        title=_("Verifikasi sertifikat kegiatan"),
        by_token=lambda token: _certificates().filter(token=token).first(),
        by_sha256=lambda digest: _certificates().filter(sha256=digest).first(),
        template="capacity/verify/_result.html",
        context=lambda certificate: {"certificate": certificate},
        count=certificate_count_verification,
    )
)
