"""Reads behind the letter pages: a KIM's letters, and KIM waiting for a bulk letter."""

from django.db.models import Exists, OuterRef

from kimportal.core.access.predicates import jurisdiction_q
from registry.models import Kim, KimStatus, Letter, LetterStatus


def letters_for_kim(kim):
    """A KIM's letters for its letters page, newest first, without the PDF bytes."""
    return (
        Letter.objects.filter(kim=kim)
        .defer("pdf")
        .select_related("issued_by", "superseded_by")
        .order_by("-issued_at", "-pk")
    )


def bulk_candidates(user, regency_id=None):
    """Registered KIM (with a Nomor Induk) of `user`'s jurisdiction without a valid letter
    or one being prepared."""
    valid = Letter.objects.filter(
        kim=OuterRef("pk"), status__in=[LetterStatus.VALID, LetterStatus.PREPARING]
    )
    # The KIM the user issues letters for: their jurisdiction, officers only.
    kims = (
        Kim.objects.filter(jurisdiction_q(user, admins=False))
        .filter(status=KimStatus.REGISTERED, nomor_induk__isnull=False)
        .exclude(Exists(valid))
    )
    if regency_id:
        kims = kims.filter(regency_id=regency_id)
    return kims.order_by("regency_id", "name", "pk")
