"""The personal-data access log (UU 27/2022): an entry whenever someone is shown or takes a
board's full NIK and phone numbers — who, which KIM, which page or file, when. Masked
pages are not logged, and no value ever enters the trail."""

from django.db import transaction

from kimportal.core import audit
from registry.audit_actions import PersonalDataAction


@transaction.atomic
def personal_data_viewed(*, kim, actor, page, members):
    """`page`: the path that showed `members` full NIKs; nothing is logged for none."""
    if members:
        audit.record(
            actor=actor,
            obj=kim,
            action=PersonalDataAction.VIEWED,
            changes={"page": [None, page], "members": [None, members]},
        )


@transaction.atomic
def personal_data_exported(*, kim, actor, file, members):
    audit.record(
        actor=actor,
        obj=kim,
        action=PersonalDataAction.EXPORTED,
        changes={"file": [None, file], "members": [None, members]},
    )
