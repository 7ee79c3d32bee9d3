from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kimportal.core.access.predicates import working_area

# (label, url name, permission that opens it (None: any signed-in user), url arguments
# from the user, where it shows): "main" is the navigation bar, "user" the menu under
# the user's name.
MENU = [
    (_("Beranda"), "dashboard", None, None, "main"),
    (_("Antrean peninjauan"), "registry:review-queue", "registry.view_review_queue", None, "main"),
    (_("KIM"), "registry:kim-list", None, None, "main"),
    (_("Kemitraan"), "partnerships:agreement-list", None, None, "main"),
    (_("Surat massal"), "registry:letters-bulk", "registry.issue_letters_in_bulk", None, "main"),
    (_("Kegiatan"), "capacity:event-list", None, None, "main"),
    (_("Indikator"), "capacity:indicators", "capacity.view_indicators", None, "main"),
    (_("Akun saya"), "accounts:profile", None, None, "user"),
    (_("Tugas latar"), "jobs:list", None, None, "user"),
    (_("Akun pengguna"), "accounts:user-list", "accounts.view_accounts", None, "user"),
    (_("Jejak audit"), "audit:list", "audit.view_trail", None, "user"),
    (
        _("Pengaturan surat"),
        "registry:office-settings",
        "registry.change_office_settings",
        # The settings of the officer's own Dinas: their regency's, or their province's.
        lambda user: working_area(user)[1] or working_area(user)[0],
        "user",
    ),
]


def navigation(request):
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {"menu": [], "user_menu": []}
    current = request.resolver_match.view_name if request.resolver_match else ""
    items = {"main": [], "user": []}
    for label, name, perm, argument, place in MENU:
        if perm and not user.has_perm(perm):
            continue
        args = None
        if argument:
            value = argument(user)
            if not value:
                continue
            args = [value]
        items[place].append(
            {"label": label, "active": name == current, "url": reverse(name, args=args)}
        )
    return {"menu": items["main"], "user_menu": items["user"]}
