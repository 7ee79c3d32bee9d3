"""The register's job kinds and housekeeping (found by the core when it starts).

- registry.letters_bulk: letters for every registered KIM of an officer's area without
  one. Numbers are taken one short transaction each; the PDFs are rendered by
  `registry.letter_render` tasks spread over every worker process; when the last one is
  done the job runs again and builds the ZIP.
- registry.directory_file: the public directory's full export (CSV or XLSX), rebuilt by
  the schedule when a KIM changed, served as a file to anonymous visitors.
"""

import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kimportal.core import exports, jobs
from kimportal.core.access import ActionRefused
from kimportal.core.models import Job, JobState
from registry import exports as _registry_exports  # noqa: F401 - registers the list exports
from registry.models import Kim, Letter, LetterStatus
from registry.selectors import directory
from registry.selectors.letters import bulk_candidates
from registry.services import letters as letter_service

# --- bulk letters -------------------------------------------------------------------------

LETTERS_BULK = "registry.letters_bulk"


def _letters_pending(job):
    return Letter.objects.filter(job_id=job.pk, status=LetterStatus.PREPARING).exists()


@jobs.kind(LETTERS_BULK, label=gettext_lazy("Surat keterangan massal"), pending=_letters_pending)
def letters_bulk(ctx):
    job = ctx.job
    if not job.result.get("issued"):
        # Numbers first, one short transaction per KIM; each commit sends its letter to the
        # workers. Run again after a crash, it goes on with the KIM still without a letter.
        kims = list(bulk_candidates(ctx.owner, ctx.params.get("regency")).select_related("regency"))
        ctx.progress(letter_service.letters_done_in(job.pk), len(kims))
        errors = []
        for kim in kims:
            try:
                letter_service.letter_issue(kim=kim, actor=ctx.owner, job=job)
            except ActionRefused as refusal:
                errors.append({"item": kim.name, "message": refusal.message})
        total = Letter.objects.filter(job_id=job.pk).count()
        ctx.progress(letter_service.letters_done_in(job.pk), total)
        ctx.remember(issued=True, errors=errors)
        return jobs.WAIT
    # Every letter of the run is rendered (or failed): one ZIP of the valid ones.
    valid = Letter.objects.filter(job_id=job.pk, status=LetterStatus.VALID).order_by(
        "regency_id", "kim_name", "pk"
    )
    failed = Letter.objects.filter(job_id=job.pk, status=LetterStatus.FAILED)
    errors = [*job.result.get("errors", [])]
    errors += [{"item": f"{f.kim_name} ({f.number})", "message": f.render_error} for f in failed]
    ctx.remember(errors=errors)
    count = valid.count()
    if count:
        with letter_service.letters_zip(valid) as archive:
            ctx.save_file(f"surat-keterangan-{str(job.pk)[:8]}.zip", archive, "application/zip")
    return _("%(n)s surat diterbitkan, %(e)s tidak dapat diproses.") % {
        "n": count,
        "e": len(errors),
    }


# --- the public directory's full export ------------------------------------------------------

DIRECTORY_FILE = "registry.directory_file"


@jobs.kind(DIRECTORY_FILE, label=gettext_lazy("Berkas direktori KIM"), published=True)
def directory_file(ctx):
    fmt = ctx.params["format"]
    kims = directory.public_kims().order_by("regency_id", "name", "pk")
    spec = exports.Export(
        filename="direktori-kim",
        header=[str(label) for label in directory.EXPORT_HEADER],
        rows=directory.directory_export_rows(kims),
        count=kims.count,
        sheet_title=_("Direktori KIM"),
    )
    with ctx.temporary_file(suffix=f".{fmt}") as handle:
        written = [0]

        def on_row(n):
            written[0] = n
            ctx.progress(n)

        exports.write_file(handle.name, fmt, spec, on_row=on_row)
        ctx.save_file(f"direktori-kim.{fmt}", handle.name, exports.FORMATS[fmt])
    return _("%(n)s KIM") % {"n": written[0]}


# --- housekeeping --------------------------------------------------------------------------


@jobs.sweeper
def stalled_letters():
    return letter_service.letters_requeue_stalled()


def directory_files_refresh(*, force=False):
    """Rebuild the public directory files when a KIM changed since the last build (or there
    is none): the schedule calls this every few minutes, so a burst of changes makes one
    rebuild. Returns the number of files started."""
    started = 0
    for fmt in exports.FORMATS:
        busy = Job.objects.filter(
            kind=DIRECTORY_FILE,
            params__format=fmt,
            state__in=[JobState.QUEUED, JobState.RUNNING],
            created_at__gt=timezone.now() - datetime.timedelta(hours=1),
        ).exists()
        if busy:
            continue
        latest = jobs.latest_result(DIRECTORY_FILE, format=fmt)
        stale = (
            force
            or latest is None
            or not latest.result_file.storage.exists(latest.result_file.name)
            or Kim.objects.filter(updated_at__gte=latest.started_at).exists()
        )
        if stale:
            jobs.start(
                kind=DIRECTORY_FILE,
                owner=None,
                params={"format": fmt},
                language=settings.LANGUAGE_CODE,
            )
            started += 1
    return started
