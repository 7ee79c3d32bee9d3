"""The few facts every permission is built from, defined once (django-rules predicates).

Objects say where they belong with `jurisdiction() -> (province code, regency code)` and,
when a KIM manager runs them, `is_managed_by(user)`. Each app composes these predicates
into named permissions in its own `rules.py`; nothing else compares a user's role.

A permission is asked in two ways. At a page's door there is no object yet
(`user.has_perm(name)`): "could this user ever do this?". On an object
(`user.has_perm(name, obj)`): "may this user do it to this one, now?".

System admins are decided here, once: they open every page, and on any object they may
see and correct data (`supervises`); they do not take an officer's decisions — reviews,
numbers, letters, status changes and verification notes carry the name of an officer of
the jurisdiction.
"""

import rules
from django.db.models import Q

from kimportal.core.accounts.roles import Role


def _role_is(role):
    @rules.predicate(name=f"is_{role.value}")
    def has_role(user):
        return bool(user.is_authenticated and user.is_active and user.role == role)

    return has_role


@rules.predicate
def is_system_admin(user):
    return bool(
        user.is_authenticated and user.is_active and (user.is_superuser or user.role == Role.ADMIN)
    )


is_province_staff = _role_is(Role.PROVINCE)
is_regency_officer = _role_is(Role.REGENCY)
is_kim_manager = _role_is(Role.MANAGER)
is_officer = is_province_staff | is_regency_officer
# Sessions (kimportal/core/accounts/sessions.py): KIM managers, who see only their own
# KIM, stay signed in for days; officers and staff, who see whole regions' personal
# data, time out after minutes.
keeps_a_long_session = is_kim_manager
# Two-factor sign-in (kimportal/core/accounts/two_factor.py): officers, staff and admins
# may enrol; provincial staff and system admins must when REQUIRE_2FA_FOR_STAFF is on.
may_use_two_factor = is_officer | is_system_admin
must_use_two_factor = is_province_staff | is_system_admin


# The same facts about the account a permission is asked about (account management).
@rules.predicate
def account_is_not_admin(user, account):
    return account is None or not (account.is_superuser or account.role == Role.ADMIN)


@rules.predicate
def account_is_kim_manager(user, account):
    return account is None or account.role == Role.MANAGER


@rules.predicate
def at_the_door(user, obj):
    """No object yet: the question is whether the page may open at all."""
    return obj is None


def jurisdiction_of(obj):
    """(province code, regency code) of an object; the regency may be ''."""
    province, regency = obj.jurisdiction()
    return province or "", regency or ""


@rules.predicate
def _in_own_regency(user, obj):
    return obj is None or (bool(user.regency_id) and jurisdiction_of(obj)[1] == user.regency_id)


@rules.predicate
def _in_own_province(user, obj):
    return obj is None or (bool(user.province_id) and jurisdiction_of(obj)[0] == user.province_id)


@rules.predicate
def _manages(user, obj):
    return obj is None or obj.is_managed_by(user)


admin_at_the_door = is_system_admin & at_the_door

# An officer of the regency the object belongs to.
officer_of_regency = (is_regency_officer & _in_own_regency) | admin_at_the_door
# Provincial staff of the province the object belongs to.
staff_of_province = (is_province_staff & _in_own_province) | admin_at_the_door
# Either of them: the officers who act for the object's jurisdiction.
officer_of_jurisdiction = officer_of_regency | staff_of_province
# A KIM manager of this object's KIM.
manager_of = (is_kim_manager & _manages) | admin_at_the_door
# Who may see and correct everything about an object: its officers and system admins.
supervises = is_system_admin | officer_of_jurisdiction
# Any officer (lists of their own jurisdiction), and system admins.
officer_or_admin = is_officer | is_system_admin


def jurisdiction_q(
    user, *, regency="regency", province=None, regency_scope=None, others=None, admins=True
):
    """The same rules for lists: a Q for the rows `user` may see.

    System admins see all, provincial staff their province, regency officers their
    regency (or `regency_scope`, a Q, when the list narrows it further); anyone else
    what `others` allows, or nothing. `regency` names the regency foreign key (or code
    field); `province` the province field when the rows have one. `admins=False` for
    lists of what officers act on (admins do not take officers' decisions).
    """
    if is_system_admin(user):
        return Q() if admins else Q(pk__in=[])
    if is_province_staff(user):
        if province:
            return Q(**{province: user.province_id})
        # A prefix of the regency code ("36." for Banten) rather than a join to the
        # regency table: it uses the code's pattern index and PostgreSQL estimates it
        # well, so lists of 100,000 KIM sort by index instead of joining every row.
        return Q(**{f"{regency}__code__startswith": f"{user.province_id}."})
    if is_regency_officer(user):
        return regency_scope if regency_scope is not None else Q(**{regency: user.regency_id})
    if others is not None and user.is_authenticated:
        return others
    return Q(pk__in=[])


def officers_of_q(obj):
    """The accounts of the officers who act for `obj`'s jurisdiction (for notifications):
    the list counterpart of `officer_of_jurisdiction`."""
    province, regency = jurisdiction_of(obj)
    return Q(role=Role.REGENCY, regency=regency) | Q(role=Role.PROVINCE, province=province)


def working_area(user):
    """(province code, regency code) a user places things in: a regency officer their
    regency, provincial staff their province, anyone else anywhere (None, None)."""
    if is_regency_officer(user):
        return user.province_id, user.regency_id
    if is_province_staff(user):
        return user.province_id, None
    return None, None
