from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The shared core: accounts, areas, access, audit, numbering, documents. Imports no app."""

    name = "kimportal.core"
    label = "kimportal"  # kept: migrations and AUTH_USER_MODEL name the app this way
    verbose_name = _("Portal KIM")

    def ready(self):
        from kimportal.core import verification
        from kimportal.core.accounts import audit_actions  # noqa: F401 - registers AccountAction
        from kimportal.core.audit import actions

        # Each app registers its audit catalogue (<app>/audit_actions.py) and the documents
        # the public can verify (<app>/verification.py); the core names none.
        actions.discover()
        verification.discover()
