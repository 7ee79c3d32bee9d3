"""Retention (UU 27/2022): personal data of boards replaced long ago is deleted.

A roster replaced more than ROSTER_RETENTION_YEARS ago keeps its term, positions,
genders, declarations ticked and member count (the history and statistics stay true);
names, NIK and phone numbers are blanked, and the members' declaration scans are removed
(their files go with the daily orphan cleanup once no row names them). The audit trail is
kept as it is, with one entry per roster saying it was done.
"""

from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from kimportal.core import audit
from registry.audit_actions import RosterAction
from registry.models import Document, Member, Roster


def add_years(moment, years):
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year + years, day=28)


def rosters_past_retention(now=None):
    """Replaced rosters whose successor was made more than the retention period ago."""
    cutoff = add_years(now or timezone.now(), -settings.ROSTER_RETENTION_YEARS)
    successor = Roster.objects.filter(
        kim_id=OuterRef("kim_id"), created_at__gt=OuterRef("created_at")
    ).order_by("created_at")
    return (
        Roster.objects.filter(is_current=False, personal_data_removed_at__isnull=True)
        .annotate(replaced_at=Subquery(successor.values("created_at")[:1]))
        .filter(replaced_at__lt=cutoff)
    )


def rosters_remove_old_personal_data(*, now=None):
    """Blank the personal data of every roster past retention; returns how many rosters.
    Each roster in its own transaction; run again, it finds nothing more."""
    done = 0
    for roster in rosters_past_retention(now).select_related("kim").iterator():
        with transaction.atomic():
            members = Member.objects.filter(roster=roster)
            count = members.count()
            Document.objects.filter(member__roster=roster).delete()
            members.update(full_name="", nik="", nik_hash="", phone="")
            Roster.objects.filter(pk=roster.pk).update(personal_data_removed_at=timezone.now())
            audit.record(
                actor=None,
                obj=roster.kim,
                action=RosterAction.PERSONAL_DATA_REMOVED,
                changes={"roster": [None, roster.pk], "members": [None, count]},
            )
        done += 1
    return done
