from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KimportalConfig(AppConfig):
    name = "kimportal"
    verbose_name = _("Portal KIM")
