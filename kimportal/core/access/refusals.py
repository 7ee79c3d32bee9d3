"""One way to say no: services raise `ActionRefused` with a message for the user, and one
view helper turns it into that message and a redirect."""

from django.contrib import messages
from django.shortcuts import redirect


class ActionRefused(Exception):
    """This action is not allowed, or not possible now; `message` says why, in words a
    user understands (translated). Domain errors (workflow, letters) subclass it."""

    def __init__(self, message):
        super().__init__(message)
        self.message = str(message)

    def __str__(self):
        return self.message


class NotPermitted(ActionRefused):
    """The user may not do this to this object (a permission said no)."""


def perform(request, action, *, success, then):
    """Run `action()`; flash `success` (text, or a callable of the result) or the refusal's
    message, and redirect to `then` (a URL or a URL name)."""
    try:
        result = action()
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, success(result) if callable(success) else success)
    return redirect(then)


def add_form_error(form, error):
    """Put a service's refusal on a form: a ValidationError on the fields it names (the
    rest on the form), an ActionRefused as the form's own error."""
    if isinstance(error, ActionRefused):
        form.add_error(None, error.message)
    elif hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)
