from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "partnerships"
    verbose_name = _("Kemitraan komunikasi")

    def ready(self):
        from kimportal.core import figures
        from partnerships.selectors.home import HOME_READS

        # Officers' home panels are cached until one of these rows changes.
        figures.track(*HOME_READS)
