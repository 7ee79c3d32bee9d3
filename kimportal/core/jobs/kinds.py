"""The kinds of job, registered by the apps: the core runs them and names none.

Each app declares its kinds in `<app>/jobs.py` (imported when the core starts, as the
audit catalogue finds `audit_actions.py`):

    @jobs.kind("registry.letters_bulk", label=_("Surat keterangan massal"))
    def letters_bulk(ctx):        # ctx: kimportal.core.jobs.runner.JobContext
        ...                       # ctx.progress(done, total); ctx.save_file(...)
        return "12 surat"         # the job's message; or jobs.WAIT (see runner.py)

A kind's function is idempotent: it may run again after a worker died mid-way, and it
then finishes the work instead of doing it twice.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules


@dataclass(frozen=True)
class Kind:
    name: str
    label: Promise
    run: object  # (JobContext) -> message | WAIT
    pending: object = None  # (job) -> bool: parts still running (jobs that WAIT)
    published: bool = False  # its result is a public file (served by the app's own view)


_kinds: dict[str, Kind] = {}


class UnknownJobKind(LookupError):
    pass


def kind(name, *, label, pending=None, published=False):
    """Decorator: register `run` as the job kind `name`."""

    def register(run):
        existing = _kinds.get(name)
        if existing is not None and existing.run is not run:
            raise ValueError(f"job kind {name!r} is registered already")
        _kinds[name] = Kind(name=name, label=label, run=run, pending=pending, published=published)
        return run

    return register


def get(name):
    try:
        return _kinds[name]
    except KeyError:
        raise UnknownJobKind(
            f"job kind {name!r} is not registered (declare it in <app>/jobs.py)"
        ) from None


def label_of(name):
    found = _kinds.get(name)
    return found.label if found else name


def discover():
    """Import every installed app's `jobs` module (CoreConfig.ready)."""
    autodiscover_modules("jobs")


# Housekeeping the apps add to the schedule's generic jobs (cleanup_files, requeue_stalled).
cleaners = []  # () -> int: files removed
sweepers = []  # () -> int: stalled work sent to the workers again


def cleaner(function):
    cleaners.append(function)
    return function


def sweeper(function):
    sweepers.append(function)
    return function
