from importlib import import_module
from pathlib import Path

from django.apps import AppConfig
from django.conf import settings
from django.core.management import call_command
from django.db.models.signals import post_migrate, pre_save
from django.utils.translation import gettext_lazy as _

# What the core registers itself, in this order (the trail lists catalogues in it).
CORE_REGISTRATIONS = (
    "kimportal.core.accounts.audit_actions",  # AccountAction
    "kimportal.core.accounts.sessions",  # the session clocks start at sign-in
    "kimportal.core.accounts.two_factor",  # what a sign-in still owes (user_logged_in)
    "kimportal.core.accounts.language",  # a login brings the account's language along
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
        from kimportal.core import verification
        from kimportal.core.audit import actions
        from kimportal.core.jobs import kinds

        for module in CORE_REGISTRATIONS:
            import_module(module)
        # Each app registers its audit catalogue (<app>/audit_actions.py), the documents
        # the public can verify (<app>/verification.py) and its job kinds (<app>/jobs.py);
        # the core names none.
        actions.discover()
        verification.discover()
        kinds.discover()
        pre_save.connect(_clean_text_before_save, dispatch_uid="kimportal.clean_text")
        post_migrate.connect(_create_cache_table, sender=self, dispatch_uid="kimportal.cache")


def _create_cache_table(using="default", **kwargs):
    """`migrate` also creates the database cache's table (the shared default without
    Redis, settings.CACHES); it does nothing when the table exists or Redis is used."""
    call_command("createcachetable", database=using, verbosity=0)


def _clean_text_before_save(sender, instance, raw=False, **kwargs):
    """Text fields of the portal's own models (not Django's or libraries') lose their
    bidirectional control characters on every save (kimportal.core.text)."""
    if raw:
        return  # fixtures are loaded as they are
    config = sender._meta.app_config  # None for the historical models of migrations
    if config is not None and Path(config.path).is_relative_to(settings.BASE_DIR):
        from kimportal.core.text import clean_model_text

        clean_model_text(instance)
