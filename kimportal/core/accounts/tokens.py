"""One token generator per purpose: a link mailed for one thing never does another.

Django's `default_token_generator` signs password-reset (and set-your-password) links;
activation links are signed with a salt of their own, and also cover `is_active`, so a
used activation link stops working.
"""

from django.contrib.auth.tokens import PasswordResetTokenGenerator


class ActivationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "kimportal.core.accounts.tokens.ActivationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        return f"{super()._make_hash_value(user, timestamp)}{user.is_active}"


activation_token = ActivationTokenGenerator()
