"""Capacity's job kinds (found by the core when it starts).

- capacity.certificates: every attendee of an event without a certificate gets one; the
  job shows progress and ends with a ZIP of the event's certificates. A second run only
  does what is left (the issuing service is idempotent).
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from capacity.models import Certificate, Event
from capacity.services import certificates as service
from kimportal.core import jobs

CERTIFICATES = "capacity.certificates"


@jobs.kind(CERTIFICATES, label=gettext_lazy("Sertifikat kegiatan"))
def certificates(ctx):
    event = Event.objects.get(pk=ctx.params["event"])
    result = service.certificates_issue_bulk(event=event, actor=ctx.owner, progress=ctx.progress)
    ctx.remember(errors=[{"item": r.name, "message": m} for r, m in result.errors])
    issued = Certificate.objects.filter(event=event).order_by("participant_name", "pk")
    if issued.exists():
        with service.certificates_zip(issued) as archive:
            ctx.save_file(f"sertifikat-kegiatan-{event.pk}.zip", archive, "application/zip")
    return _("%(n)s sertifikat diterbitkan, %(e)s tidak dapat diproses.") % {
        "n": len(result.issued),
        "e": len(result.errors),
    }
