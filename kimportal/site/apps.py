from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    """The composition on top: home, dashboards, menu and the demo; imports every app."""

    name = "kimportal.site"
    label = "site"
    verbose_name = _("Portal KIM")
