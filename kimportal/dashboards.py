"""What each role sees on its home page. Apps add panels as they grow."""

from .roles import Role

TEMPLATES = {
    Role.PROVINCE: "dashboard/province.html",
    Role.REGENCY: "dashboard/regency.html",
    Role.MANAGER: "dashboard/manager.html",
    Role.ADMIN: "dashboard/admin.html",
}


def dashboard_context(user):
    role = Role.ADMIN if user.is_system_admin else user.role
    return TEMPLATES[role], {}
