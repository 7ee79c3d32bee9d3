from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .roles import Role

# (label, url name, roles allowed). One list so the menu and access never disagree.
MENU = [
    (_("Beranda"), "dashboard", tuple(Role)),
    (_("Akun pengguna"), "accounts:user-list", (Role.PROVINCE, Role.REGENCY)),
]


def navigation(request):
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {"menu": []}
    role = Role.ADMIN if user.is_system_admin else user.role
    current = request.resolver_match.view_name if request.resolver_match else ""
    items = [
        {"label": label, "url": reverse(name), "active": name == current}
        for label, name, roles in MENU
        if role in roles
    ]
    return {"menu": items}
