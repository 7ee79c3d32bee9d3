from django.urls import reverse
from django.utils.translation import gettext as _


def kim_crumbs(kim=None, *more):
    """Breadcrumb of a KIM page: KIM list › the KIM › `more` (label, url-or-None) pairs."""
    crumbs = [(_("KIM"), reverse("registry:kim-list"))]
    if kim:
        crumbs.append((kim.name, reverse("registry:kim-detail", args=[kim.pk])))
    return crumbs + list(more)
