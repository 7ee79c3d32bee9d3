from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = _("Registrasi KIM")

    def ready(self):
        # The tasks are imported when the process starts (before gunicorn forks, with
        # --preload), not on the first letter issued: that import would run while the
        # issuing transaction holds the regency's counter lock.
        from kimportal.core import figures
        from registry import tasks  # noqa: F401
        from registry.models import Kim

        # Home page figures count KIM: a KIM saved or deleted makes them out of date.
        figures.track(Kim)
