"""Verification codes printed under a document's QR code: unguessable and easy to type."""

import secrets

# Typed by people reading a printed page: no 0/O, 1/I/L look-alikes.
TOKEN_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # noqa: S105 — an alphabet, not a secret
TOKEN_LENGTH = 16  # 31**16 ≈ 2**79: unguessable, and lookups are rate limited


def new_token():
    return "".join(secrets.choice(TOKEN_ALPHABET) for _ in range(TOKEN_LENGTH))


def normalize_token(text):
    """What a person typed (`abcd-efgh …`) -> the stored token, or '' if it cannot be one."""
    token = "".join(ch for ch in (text or "").upper() if ch.isalnum())
    if len(token) != TOKEN_LENGTH or any(ch not in TOKEN_ALPHABET for ch in token):
        return ""
    return token


def token_display(token):
    """ABCD-EFGH-JKMN-PQRS: easier to read aloud and to type."""
    return "-".join(token[i : i + 4] for i in range(0, len(token), 4))
