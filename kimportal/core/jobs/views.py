"""The job pages: a person's recent jobs, one job's progress and result, the download."""

from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from kimportal.core.access import get_for_user, login_required, visible_to
from kimportal.core.jobs.models import Job

RECENT = 50


@login_required
def job_list(request):
    """Your recent jobs (system admins: everyone's)."""
    jobs = visible_to(request.user, Job).select_related("owner").order_by("-created_at")
    return render(
        request,
        "jobs/list.html",
        {"jobs": list(jobs[:RECENT]), "crumbs": [(_("Tugas latar"), None)]},
    )


def _status(job):
    return {
        "state": job.state,
        "state_label": str(job.get_state_display()),
        "finished": job.is_finished,
        "percent": job.percent,
        "done": job.progress_done,
        "total": job.progress_total,
        "message": job.message,
    }


@login_required
def job_detail(request, pk):
    """State, progress, times, who asked, the result or the error. Refreshes itself until
    the job is finished (a meta refresh without JavaScript; live with job_progress.js)."""
    job = get_for_user(
        request.user, Job.objects.select_related("owner"), pk=pk, perm="jobs.view_job"
    )
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse(_status(job))  # never cached: PrivateCacheMiddleware
    return render(
        request,
        "jobs/detail.html",
        {
            "job": job,
            "can_download": request.user.has_perm("jobs.download_result", job),
            # The exception behind a failure, for system admins only.
            "show_detail": request.user.has_perm("accounts.administer_portal"),
            "errors": job.result.get("errors", [])[:200],
            "crumbs": [(_("Tugas latar"), reverse("jobs:list")), (job.label, None)],
        },
    )


@login_required
def job_download(request, pk):
    """The result file, for the person who asked for it, until it expires."""
    job = get_for_user(request.user, Job, pk=pk, perm="jobs.download_result")
    if not job.result_available:
        raise Http404
    return FileResponse(
        job.result_file.open("rb"),
        as_attachment=True,
        filename=job.result_name,
        content_type=job.result_content_type or "application/octet-stream",
    )
