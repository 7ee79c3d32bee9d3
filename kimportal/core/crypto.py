"""Column encryption of personal data (NIK, phone numbers) and the keyed hash beside it.

Values are Fernet tokens (AES-128-CBC with HMAC-SHA256, from `cryptography`) under
`FIELD_ENCRYPTION_KEYS`: the first key encrypts, every key decrypts, so a new key goes
first and `manage.py rotate_field_keys` re-encrypts the rows before the old one is
dropped. Equality (duplicate NIKs, the same person on two boards, search by NIK) is asked
of an HMAC-SHA256 under `FIELD_HASH_KEY`, never by decrypting every row.
"""

import base64
import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# Every Fernet token starts with its version byte 0x80, "gAAAAA" in base64: a stored value
# without it is a row written before encryption (only the data migration meets those).
TOKEN_PREFIX = "gAAAAA"  # noqa: S105 - not a secret: how every token begins


def development_key(secret, purpose):
    """A key derived from SECRET_KEY, for DEBUG only (settings refuse it in production)."""
    digest = hashlib.sha256(f"kimportal:{purpose}:{secret}".encode()).digest()
    return base64.urlsafe_b64encode(digest).decode()


def key_id(key):
    """A short fingerprint naming a key (for backups and logs); it reveals nothing of it."""
    return hashlib.sha256(f"kimportal-key-id:{key}".encode()).hexdigest()[:16]


@cache
def _fernet(keys):
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except (ValueError, TypeError) as error:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS must be Fernet keys (32 url-safe base64 bytes each): "
            "make one with `python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())'`"
        ) from error


def _keys():
    return tuple(settings.FIELD_ENCRYPTION_KEYS)


def is_encrypted(value):
    return bool(value) and value.startswith(TOKEN_PREFIX)


def encrypt(value):
    """A token for `value` ('' stays '': an empty phone number is no secret)."""
    if not value:
        return value
    return _fernet(_keys()).encrypt(value.encode()).decode()


def decrypt(token):
    if not is_encrypted(token):
        return token  # empty, or written before the data migration encrypted the column
    try:
        return _fernet(_keys()).decrypt(token.encode()).decode()
    except InvalidToken:
        raise ImproperlyConfigured(
            "A stored value cannot be decrypted with FIELD_ENCRYPTION_KEYS: the key it was "
            "encrypted with is missing (keep old keys after the new one until "
            "`manage.py rotate_field_keys` has run)."
        ) from None


def blind_index(value):
    """HMAC-SHA256 of `value` under FIELD_HASH_KEY, hex ('' for no value)."""
    if not value:
        return ""
    key = settings.FIELD_HASH_KEY.encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()
