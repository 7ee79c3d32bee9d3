from django.apps import AppConfig


class CapacityConfig(AppConfig):
    name = "capacity"

    def ready(self):
        from capacity.selectors.dashboard import PANEL_READS
        from kimportal.core import figures

        # Officers' home panels are cached until one of these rows changes.
        figures.track(*PANEL_READS)
