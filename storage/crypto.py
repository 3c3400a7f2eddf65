"""Encryption at rest for names and free text (Fernet, with key rotation).

Columns declared as :class:`EncryptedText` are encrypted on write and decrypted on read with
the process-wide key ring set by :func:`configure_keys`. Keys come from ``ENCRYPTION_KEY``:
comma-separated Fernet keys, newest first. The newest encrypts; every key decrypts, so old
rows stay readable until ``lifelinks keys rotate`` re-encrypts them with the newest key.
"""

from __future__ import annotations

from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from sqlalchemy.engine import Dialect
from sqlalchemy.types import Text, TypeDecorator


class KeyError_(ValueError):
    """Raised when the encryption keys are missing or malformed."""


_ring: MultiFernet | None = None
_newest: Fernet | None = None


def parse_keys(raw: str) -> list[Fernet]:
    """Turn a comma-separated list of Fernet keys into Fernet objects, newest first."""
    keys = [part.strip() for part in raw.split(",") if part.strip()]
    if not keys:
        raise KeyError_("ENCRYPTION_KEY is empty: set one or more Fernet keys, newest first")
    try:
        return [Fernet(key.encode()) for key in keys]
    except (ValueError, TypeError) as exc:
        raise KeyError_(
            "ENCRYPTION_KEY holds a value that is not a Fernet key "
            "(make one with: lifelinks keys generate)"
        ) from exc


def configure_keys(raw: str) -> None:
    """Install the key ring used by every encrypted column in this process."""
    global _ring, _newest
    keys = parse_keys(raw)
    _ring = MultiFernet(keys)
    _newest = keys[0]


def generate_key() -> str:
    """Return a fresh Fernet key as text."""
    return Fernet.generate_key().decode()


def _require_ring() -> MultiFernet:
    if _ring is None:
        raise KeyError_("encryption keys are not configured")
    return _ring


def encrypt(plain: str) -> str:
    """Encrypt text with the newest key."""
    return _require_ring().encrypt(plain.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    """Decrypt text written with any key in the ring."""
    try:
        return _require_ring().decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeEncodeError) as exc:
        raise KeyError_("a stored value cannot be decrypted with the configured keys") from exc


def rotate(token: str) -> str:
    """Re-encrypt a stored value with the newest key."""
    try:
        return _require_ring().rotate(token.encode("ascii")).decode("ascii")
    except (InvalidToken, UnicodeEncodeError) as exc:
        raise KeyError_("a stored value cannot be decrypted with the configured keys") from exc


def is_current(token: str) -> bool:
    """True when a stored value is already encrypted with the newest key (nothing to rotate)."""
    _require_ring()
    assert _newest is not None
    try:
        _newest.decrypt(token.encode("ascii"))
    except (InvalidToken, UnicodeEncodeError):
        return False
    return True


def readable(token: str) -> bool:
    """True when some key in the ring can decrypt a stored value."""
    try:
        _require_ring().decrypt(token.encode("ascii"))
    except (InvalidToken, UnicodeEncodeError):
        return False
    return True


class EncryptedText(TypeDecorator[str]):
    """A text column stored as a Fernet token."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return encrypt(str(value))

    def process_result_value(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return decrypt(str(value))
