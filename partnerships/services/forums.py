"""Forum KIM: the forum's profile, its member KIM, and its board (KIM roster rules).

Board members carry NIK and phone (personal data): the trail records names and positions,
never the numbers (kimportal.core.audit redacts them anyway).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from kimportal.core import audit, mail
from kimportal.core.access import require
from kimportal.core.text import validate_phone
from partnerships.audit_actions import ForumAction
from partnerships.models import Forum, ForumInvitation, ForumMember
from partnerships.models.dinas import in_area
from registry.selectors import board_rules

FORUM_FIELDS = (
    "name",
    "address",
    "founded_on",
    "decree",
    "term_start",
    "term_end",
    "contact_name",
    "contact_phone",
    "contact_email",
    "is_active",
)
MEMBER_FIELDS = ("nik", "full_name", "position", "position_detail", "gender", "phone", "kim")


def _check_forum(data):
    try:
        validate_phone(data.get("contact_phone") or "")
    except ValidationError as error:
        raise ValidationError({"contact_phone": error.messages}) from None
    start, end = data.get("term_start"), data.get("term_end")
    if start and end and end <= start:
        raise ValidationError({"term_end": _("Akhir masa bakti harus setelah awal masa bakti.")})


def _check_kims(forum, kims):
    outside = [kim.name for kim in kims if not in_area(forum.dinas_code, kim.regency_id)]
    if outside:
        raise ValidationError(
            {
                "kims": _("Bukan KIM di wilayah forum ini: %(names)s.")
                % {"names": ", ".join(outside)}
            }
        )


@transaction.atomic
def forum_create(*, actor, dinas_code, data, kims=()):
    unknown = set(data) - set(FORUM_FIELDS)
    if unknown:
        raise TypeError(f"not forum fields: {sorted(unknown)}")
    forum = Forum(**data, created_by=actor)
    forum.set_dinas(dinas_code)
    require(actor, "partnerships.manage_forum", forum)
    _check_forum(data)
    kims = list(kims)
    _check_kims(forum, kims)
    forum.save()
    forum.kims.set(kims)
    audit.record(
        actor=actor,
        obj=forum,
        action=ForumAction.CREATED,
        changes={"name": [None, forum.name], "kims": [None, len(kims)]},
    )
    return forum


@transaction.atomic
def forum_update(*, forum, actor, data, kims):
    forum = Forum.objects.select_for_update().get(pk=forum.pk)
    require(actor, "partnerships.manage_forum", forum)
    _check_forum({**{f: getattr(forum, f) for f in FORUM_FIELDS}, **data})
    kims = list(kims)
    _check_kims(forum, kims)
    before = Forum(**{f: getattr(forum, f) for f in FORUM_FIELDS})
    for name, value in data.items():
        setattr(forum, name, value)
    forum.save()
    changes = audit.diff(before, forum, FORUM_FIELDS)
    if changes:
        audit.record(actor=actor, obj=forum, action=ForumAction.UPDATED, changes=changes)
    old = {kim.pk: kim.name for kim in forum.kims.all()}
    new = {kim.pk: kim.name for kim in kims}
    forum.kims.set(kims)
    for pk in new.keys() - old.keys():
        audit.record(
            actor=actor, obj=forum, action=ForumAction.KIM_ADDED, changes={"kim": [None, new[pk]]}
        )
    for pk in old.keys() - new.keys():
        audit.record(
            actor=actor,
            obj=forum,
            action=ForumAction.KIM_REMOVED,
            changes={"kim": [old[pk], None]},
        )
    return forum


def _check_member(forum, data, member=None):
    others = forum.members.all()
    if member is not None:
        others = others.exclude(pk=member.pk)
    others = list(others.values_list("nik", "position"))
    errors = board_rules.member_problems(
        nik=data["nik"],
        gender=data["gender"],
        position=data["position"],
        other_niks=[nik for nik, _position in others],
        other_positions=[position for _nik, position in others],
    )
    try:
        validate_phone(data.get("phone") or "")
    except ValidationError as error:
        errors["phone"] = error.messages[0]
    kim = data.get("kim")
    if kim is not None and not forum.kims.filter(pk=kim.pk).exists():
        errors["kim"] = _("Asal KIM harus salah satu KIM anggota forum.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def forum_member_add(*, forum, actor, data):
    forum = Forum.objects.select_for_update().get(pk=forum.pk)
    require(actor, "partnerships.manage_forum", forum)
    _check_member(forum, data)
    last = forum.members.aggregate(last=Max("order"))["last"] or 0
    member = ForumMember.objects.create(forum=forum, order=last + 1, **data)
    audit.record(
        actor=actor,
        obj=forum,
        action=ForumAction.MEMBER_ADDED,
        changes={"member": [None, member.full_name], "position": [None, member.position]},
    )
    return member


@transaction.atomic
def forum_member_update(*, forum, actor, member, data):
    forum = Forum.objects.select_for_update().get(pk=forum.pk)
    require(actor, "partnerships.manage_forum", forum)
    member = ForumMember.objects.get(pk=member.pk, forum=forum)
    merged = {f: data.get(f, getattr(member, f)) for f in MEMBER_FIELDS}
    _check_member(forum, merged, member=member)
    before = ForumMember(**{f: getattr(member, f) for f in MEMBER_FIELDS if f != "kim"})
    for name, value in data.items():
        setattr(member, name, value)
    member.save()
    changes = audit.diff(before, member, [f for f in MEMBER_FIELDS if f != "kim"])
    if changes:
        changes["member"] = [member.full_name, member.full_name]
        audit.record(actor=actor, obj=forum, action=ForumAction.MEMBER_UPDATED, changes=changes)
    return member


@transaction.atomic
@transaction.atomic
def forum_personal_data_viewed(*, forum, actor, page, members):
    """The access log: `actor` was shown `members` full NIKs of the board on `page`."""
    if members:
        audit.record(
            actor=actor,
            obj=forum,
            action=ForumAction.PERSONAL_DATA_VIEWED,
            changes={"page": [None, page], "members": [None, members]},
        )


def forum_member_remove(*, forum, actor, member):
    forum = Forum.objects.select_for_update().get(pk=forum.pk)
    require(actor, "partnerships.manage_forum", forum)
    member = ForumMember.objects.get(pk=member.pk, forum=forum)
    member.delete()
    audit.record(
        actor=actor,
        obj=forum,
        action=ForumAction.MEMBER_REMOVED,
        changes={"member": [member.full_name, None], "position": [member.position, None]},
    )


def board_problems(forum, members=None):
    """What the forum's board still lacks, by the KIM roster rules ([] when complete)."""
    members = list(forum.members.all()) if members is None else members
    problems = board_rules.board_problems(m.position for m in members)
    if not forum.term_start or not forum.term_end:
        problems.append(_("Isi masa bakti pengurus forum."))
    return problems


INVITATION_FIELDS = ("title", "starts_at", "place", "link", "note")


@transaction.atomic
def forum_invite(*, forum, actor, data):
    """Record that `forum` is invited to a coordination meeting and e-mail its contact
    (after the commit). Returns the invitation."""
    require(actor, "partnerships.invite_forum", forum)
    unknown = set(data) - set(INVITATION_FIELDS)
    if unknown:
        raise TypeError(f"not invitation fields: {sorted(unknown)}")
    invitation = ForumInvitation.objects.create(
        forum=forum, invited_by=actor, emailed_to=forum.contact_email, **data
    )
    audit.record(
        actor=actor,
        obj=forum,
        action=ForumAction.INVITED,
        changes={
            "meeting": [None, invitation.title],
            "emailed_to": [None, forum.contact_email or None],
        },
    )
    if forum.contact_email:  # the forum has no account: it reads the portal's language
        mail.send(
            to=[(forum.contact_email, settings.LANGUAGE_CODE)],
            subject=lambda: _("Undangan rapat koordinasi: %(title)s") % {"title": invitation.title},
            template="partnerships/email/forum_invitation.txt",
            context={"forum": forum, "invitation": invitation, "inviter": actor},
        )
    return invitation
