"""The checklist of legal and administrative requirements a KIM must meet to submit."""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass
class Requirement:
    key: str
    label: str
    problems: list = field(default_factory=list)
    fix_url: str = ""

    @property
    def met(self):
        return not self.problems


def _profile_problems(kim):
    problems = []
    if not kim.address.strip():
        problems.append(str(_("Alamat sekretariat belum diisi.")))
    if not (kim.phone or kim.email):
        problems.append(str(_("Isi telepon atau email KIM.")))
    return problems


def kim_requirements(kim):
    # Imported here: the document and roster services import this module's callers.
    from registry.services.documents import document_problems
    from registry.services.roster import roster_problems

    pk = kim.pk
    return [
        Requirement(
            "profile",
            _("Profil KIM lengkap"),
            _profile_problems(kim),
            reverse("registry:kim-edit", args=[pk]),
        ),
        Requirement(
            "legal_documents",
            _(
                "Syarat legalitas: SK Kepala Desa/Lurah dan susunan "
                "pengurus yang diketahui kepala desa/lurah"
            ),
            document_problems(kim),
            reverse("registry:documents", args=[pk]),
        ),
        Requirement(
            "board",
            _("Syarat administratif: susunan pengurus lengkap dengan pernyataan setiap pengurus"),
            roster_problems(kim),
            reverse("registry:roster", args=[pk]),
        ),
    ]


def unmet_requirements(kim):
    """Human messages for everything still missing; empty when the KIM may submit."""
    return [problem for req in kim_requirements(kim) for problem in req.problems]
