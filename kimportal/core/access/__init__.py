"""The one access mechanism every view goes through.

Views are wrapped by `public` or `role_required`; the URL-walk test fails for any view
that is neither. Objects are fetched with `get_for_user`, which applies the model's own
`access_q(user)` rule: an object outside the user's jurisdiction is a 404 (its existence
must not leak), an object the user may read but not change is a 403 on write.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.shortcuts import get_object_or_404

from kimportal.core.accounts.roles import Role

ANY_ROLE = tuple(Role)


def public(view):
    """Mark a view as reachable without login (listed on purpose, checked by tests)."""
    view.access = "public"
    return view


def role_required(*roles):
    """Login required, and the user's role must be one of `roles` (admin always passes)."""
    roles = roles or ANY_ROLE

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not (user.is_system_admin or user.role in roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.access = tuple(roles)
        return wrapper

    return decorator


def visible_to(user, queryset):
    """Restrict a queryset (or model) to what `user` may see."""
    if isinstance(queryset, type) and issubclass(queryset, Model):
        queryset = queryset._default_manager.all()
    if not isinstance(queryset, QuerySet):
        raise TypeError("visible_to expects a model or a queryset")
    if not user.is_authenticated:
        return queryset.none()
    return queryset.filter(queryset.model.access_q(user))


def get_for_user(user, queryset, *, write=False, **lookups):
    """The object, 404 outside the user's jurisdiction, 403 if read-only and `write`."""
    obj = get_object_or_404(visible_to(user, queryset), **lookups)
    if write and not obj.writable_by(user):
        raise PermissionDenied
    return obj


def can_write(user, obj):
    return user.is_authenticated and obj.writable_by(user)
