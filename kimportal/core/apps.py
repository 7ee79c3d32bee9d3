from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The shared core: accounts, areas, access, audit, numbering, documents. Imports no app."""

    name = "kimportal.core"
    label = "kimportal"  # kept: migrations and AUTH_USER_MODEL name the app this way
    verbose_name = _("Portal KIM")
