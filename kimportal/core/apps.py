from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The shared core: accounts, areas, access, audit, numbering, documents. Imports no app."""

    name = "kimportal.core"
    label = "kimportal"  # kept: migrations and AUTH_USER_MODEL name the app this way
    verbose_name = _("Portal KIM")

    def ready(self):
        from kimportal.core import exports  # noqa: F401 - registers the list-export job kind
        from kimportal.core.accounts import audit_actions  # noqa: F401 - registers AccountAction
        from kimportal.core.audit import actions
        from kimportal.core.audit import views as audit_views  # noqa: F401 - its export
        from kimportal.core.jobs import audit_actions as job_actions  # noqa: F401
        from kimportal.core.jobs import (
            kinds,
            tasking,  # noqa: F401 - connects the give-up signal
        )

        # Each app's <app>/audit_actions.py registers its catalogue and <app>/jobs.py its
        # job kinds; the core names none.
        actions.discover()
        kinds.discover()
