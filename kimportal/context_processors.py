from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .roles import Role

# (label, url name, roles allowed, url arguments from the user). One list for the menu.
MENU = [
    (_("Beranda"), "dashboard", tuple(Role), None),
    (_("Antrean peninjauan"), "registry:review-queue", (Role.PROVINCE, Role.REGENCY), None),
    (_("KIM"), "registry:kim-list", tuple(Role), None),
    (_("Surat massal"), "registry:letters-bulk", (Role.PROVINCE, Role.REGENCY), None),
    (_("Pengaturan surat"), "registry:office-settings", (Role.REGENCY,),
     lambda user: [user.regency_id]),
    (_("Akun pengguna"), "accounts:user-list", (Role.PROVINCE, Role.REGENCY), None),
]


def navigation(request):
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {"menu": []}
    role = Role.ADMIN if user.is_system_admin else user.role
    current = request.resolver_match.view_name if request.resolver_match else ""
    items = [
        {"label": label, "url": reverse(name, args=args(user) if args else None),
         "active": name == current}
        for label, name, roles, args in MENU
        if role in roles
    ]
    return {"menu": items}
