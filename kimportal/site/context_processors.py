from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kimportal.core.accounts.roles import Role

# (label, url name, roles allowed, url arguments from the user, where it shows):
# "main" is the navigation bar, "user" the menu under the user's name.
MENU = [
    (_("Beranda"), "dashboard", tuple(Role), None, "main"),
    (_("Antrean peninjauan"), "registry:review-queue", (Role.PROVINCE, Role.REGENCY), None, "main"),
    (_("KIM"), "registry:kim-list", tuple(Role), None, "main"),
    (_("Surat massal"), "registry:letters-bulk", (Role.PROVINCE, Role.REGENCY), None, "main"),
    (_("Akun saya"), "accounts:profile", tuple(Role), None, "user"),
    (_("Akun pengguna"), "accounts:user-list", (Role.PROVINCE, Role.REGENCY), None, "user"),
    (_("Jejak audit"), "audit:list", (Role.PROVINCE, Role.REGENCY), None, "user"),
    (
        _("Pengaturan surat"),
        "registry:office-settings",
        (Role.REGENCY,),
        lambda user: [user.regency_id],
        "user",
    ),
]


def navigation(request):
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {"menu": [], "user_menu": []}
    role = Role.ADMIN if user.is_system_admin else user.role
    current = request.resolver_match.view_name if request.resolver_match else ""
    items = {"main": [], "user": []}
    for label, name, roles, args, place in MENU:
        if role in roles:
            items[place].append(
                {
                    "label": label,
                    "active": name == current,
                    "url": reverse(name, args=args(user) if args else None),
                }
            )
    return {"menu": items["main"], "user_menu": items["user"]}
