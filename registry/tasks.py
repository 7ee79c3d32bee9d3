"""The register's Celery tasks: letters rendered by workers, and its scheduled jobs."""

from celery import shared_task

from kimportal.core.jobs.tasking import PortalTask
from registry.services import letters, retention, workflow

# WeasyPrint's image cache, per worker process: a regency's logo is decoded once.
_render_cache = {}


class LetterRenderTask(PortalTask):
    def gave_up(self, exc, letter_id, *args, **kwargs):
        letters.letter_render_failed(letter_id=letter_id, error=exc)


@shared_task(base=LetterRenderTask, name="registry.letter_render")
def letter_render(letter_id):
    """Render and store one letter (idempotent: see services.letters.letter_render)."""
    if len(_render_cache) > 100:
        _render_cache.clear()
    letter = letters.letter_render(letter_id=letter_id, cache=_render_cache)
    return letter.status if letter else None


@shared_task(base=PortalTask, name="registry.expire_terms")
def expire_terms():
    """Daily: registered KIM whose board's term ended become inactive (manage.py expire_terms).
    Run twice, it finds nothing the second time."""
    return workflow.kims_deactivate_expired()


@shared_task(base=PortalTask, name="registry.remove_old_personal_data")
def remove_old_personal_data():
    """Daily: personal data of rosters replaced more than ROSTER_RETENTION_YEARS ago is
    blanked (manage.py remove_old_personal_data); run twice, it does nothing twice."""
    return retention.rosters_remove_old_personal_data()


@shared_task(base=PortalTask, name="registry.directory_files")
def directory_files(force=False):
    """Rebuild the public directory files if a KIM changed (manage.py directory_files)."""
    from registry.jobs import directory_files_refresh

    return directory_files_refresh(force=force)
