from django.contrib.auth.backends import ModelBackend

from kimportal.core.models import User


class PortalBackend(ModelBackend):
    """Loads the user's province and regency with the user: every page shows them in the
    menu and checks them for access, so they cost no extra query."""

    def get_user(self, user_id):
        try:
            user = User._default_manager.select_related("province", "regency").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
