"""Letters are checked on the public verification page (kimportal.core.verification)."""

from django.utils.translation import gettext_lazy as _

from kimportal.core import verification
from registry.models import Letter
from registry.services.letters import letter_count_verification


def _letters():
    return Letter.objects.defer("pdf").select_related(
        "kim__village__district__regency__province", "superseded_by"
    )


verification.register(
    verification.Kind(
        name="letter",
        title=_("Verifikasi Surat Keterangan Terdaftar KIM"),
        by_token=lambda token: _letters().filter(token=token).first(),
        by_sha256=lambda digest: _letters().filter(sha256=digest).first(),
        template="registry/verify/_result.html",
        context=lambda letter: {"letter": letter, "village": letter.kim.village},
        count=letter_count_verification,
    )
)
