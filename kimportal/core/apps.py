from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# What the core registers itself, in this order (the trail lists catalogues in it).
CORE_REGISTRATIONS = (
    "kimportal.core.accounts.audit_actions",  # AccountAction
    "kimportal.core.jobs.audit_actions",  # JobAction
    "kimportal.core.jobs.tasking",  # the give-up hook on Celery's task_failure signal
    "kimportal.core.exports",  # the list-export job kind
    "kimportal.core.audit.views",  # the audit trail's export
)


class CoreConfig(AppConfig):
    """The shared core: accounts, areas, access, audit, numbering, documents. Imports no app."""

    name = "kimportal.core"
    label = "kimportal"  # kept: migrations and AUTH_USER_MODEL name the app this way
    verbose_name = _("Portal KIM")

    def ready(self):
        from kimportal.core.audit import actions
        from kimportal.core.jobs import kinds

        for module in CORE_REGISTRATIONS:
            import_module(module)
        # Each app's <app>/audit_actions.py registers its catalogue and <app>/jobs.py its
        # job kinds; the core names none.
        actions.discover()
        kinds.discover()
