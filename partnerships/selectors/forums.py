"""Queries behind the forum pages."""

from django.db.models import Count

from kimportal.core.access import visible_to
from partnerships.models import Forum
from registry.selectors import board_rules


def forums_for(user):
    return visible_to(user, Forum).select_related("province", "regency")


def forum_list(user):
    return (
        forums_for(user)
        .annotate(kim_count=Count("kims", distinct=True))
        .order_by("dinas_code", "name")
    )


def board_of(forum, show_personal):
    """The forum's board in roster order, NIK and phone masked unless allowed (one query)."""
    members = sorted(
        forum.members.select_related("kim"),
        key=lambda m: (board_rules.position_rank(m.position), m.order, m.pk),
    )
    labels = dict(board_rules.POSITION_CHOICES)
    genders = dict(board_rules.GENDER_CHOICES)
    for member in members:
        member.position_label = labels.get(member.position, member.position)
        member.gender_label = genders.get(member.gender, member.gender)
        member.nik_display = member.nik if show_personal else board_rules.mask_nik(member.nik)
        member.phone_display = (
            member.phone if show_personal else board_rules.mask_phone(member.phone)
        )
    return members


def forums_of_kim(kim):
    return list(Forum.objects.filter(kims=kim).select_related("province", "regency"))
