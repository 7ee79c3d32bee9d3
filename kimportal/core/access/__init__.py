"""The one access mechanism every view goes through.

Views are wrapped by `public`, `login_required` or `permission_required(name)`; the
URL-walk test fails for any view that is none of these. Permissions are named in each
app's `rules.py` (django-rules) on the predicates of `kimportal.core.access.predicates`.

Objects are fetched with `get_for_user`, which applies the model's own `access_q(user)`
list rule: an object outside the user's jurisdiction is a 404 (its existence must not
leak); with `perm=`, an object the user may see but not act on is a 403 that says why.
Services check their permission again with `require` and refuse with `NotPermitted`.
"""

from functools import wraps

import rules
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from kimportal.core.access.reauth import recent_login_required
from kimportal.core.access.refusals import ActionRefused, NotPermitted, add_form_error, perform

__all__ = [
    "ActionRefused",
    "NotPermitted",
    "add_form_error",
    "add_permission",
    "get_for_user",
    "login_required",
    "perform",
    "permission_required",
    "public",
    "recent_login_required",
    "refusal",
    "require",
    "visible_to",
]

# Why each permission says no, in the user's words: `require` and the 403 page show it.
REFUSALS = {}
DEFAULT_REFUSAL = _("Anda tidak berwenang melakukan tindakan ini.")


def add_permission(name, predicate, *, refusal):
    """Declare permission `name` (in an app's rules.py) with the reason it gives when it
    says no."""
    rules.add_perm(name, predicate)
    REFUSALS[name] = refusal


def refusal(name):
    return str(REFUSALS.get(name, DEFAULT_REFUSAL))


def require(user, name, obj=None):
    """Raise NotPermitted (with the permission's reason) unless `user` has `name`."""
    if not user.has_perm(name, obj):
        raise NotPermitted(refusal(name))


def public(view):
    """Mark a view as reachable without login (listed on purpose, checked by tests)."""
    view.access = "public"
    return view


def _guarded(check, mark):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                # Imported here: this package is imported while models load.
                from django.contrib.auth.views import redirect_to_login

                return redirect_to_login(request.get_full_path())
            check(request.user)
            return view(request, *args, **kwargs)

        wrapper.access = mark
        return wrapper

    return decorator


def login_required(view):
    """Any signed-in user (their own account pages, the home page)."""
    return _guarded(lambda user: None, "login")(view)


def permission_required(name):
    """Signed in, and `name` may apply to this user at all (the page's door; the object's
    own permission is checked by `get_for_user(perm=...)` and by the service)."""

    def check(user):
        if not user.has_perm(name):
            raise PermissionDenied(refusal(name))

    return _guarded(check, ("permission", name))


def visible_to(user, queryset):
    """Restrict a queryset (or model) to what `user` may see."""
    if isinstance(queryset, type) and issubclass(queryset, Model):
        queryset = queryset._default_manager.all()
    if not isinstance(queryset, QuerySet):
        raise TypeError("visible_to expects a model or a queryset")
    if not user.is_authenticated:
        return queryset.none()
    return queryset.filter(queryset.model.access_q(user))


def get_for_user(user, queryset, *, perm=None, **lookups):
    """The object; 404 outside the user's jurisdiction, 403 (with the reason) when `perm`
    is given and the user may not do that to it."""
    obj = get_object_or_404(visible_to(user, queryset), **lookups)
    if perm and not user.has_perm(perm, obj):
        raise PermissionDenied(refusal(perm))
    return obj
