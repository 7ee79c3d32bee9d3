"""Jobs: long work run by Celery workers, with a page that shows its progress.

The API the apps use (the core imports no app; apps register their kinds in
`<app>/jobs.py`, see kinds.py):

    from kimportal.core import jobs

    job = jobs.start(kind="registry.letters_bulk", owner=request.user,
                     params={"regency": "36.04"})
    return redirect(job)                       # the job page: state, progress, result

    @jobs.kind("registry.letters_bulk", label=_("Surat keterangan massal"))
    def letters_bulk(ctx): ...                 # ctx.progress(), ctx.save_file(), WAIT

    jobs.part_finished(job_id)                 # a fanned-out part is done (runner.py)
    jobs.latest_result(kind, **params)         # newest finished file of a published kind
"""

from kimportal.core.jobs.kinds import cleaner, kind, sweeper
from kimportal.core.jobs.runner import WAIT, JobContext, fail, part_finished, start


def latest_result(kind_name, **params):
    """The newest succeeded job of `kind_name` with these params that has a file, or None
    (for published files such as the public directory export)."""
    from kimportal.core.jobs.models import Job, JobState

    lookups = {f"params__{key}": value for key, value in params.items()}
    return (
        Job.objects.filter(kind=kind_name, state=JobState.SUCCEEDED, **lookups)
        .exclude(result_file="")
        .order_by("-finished_at")
        .first()
    )


__all__ = [
    "WAIT",
    "JobContext",
    "cleaner",
    "fail",
    "kind",
    "latest_result",
    "part_finished",
    "start",
    "sweeper",
]
