"""The admin PIN, stored only as a salted PBKDF2 hash: `pbkdf2_sha256$ITERATIONS$SALT$HASH`."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re

ITERATIONS = 260_000
_FORMAT = re.compile(r"^pbkdf2_sha256\$(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$")


class PinError(ValueError):
    """A PIN that cannot be used; the message says why."""


def check_new_pin(pin: str) -> None:
    if not pin.isdigit() or not pin.isascii():
        raise PinError("use digits only: the PIN pad has no letters")
    if not 4 <= len(pin) <= 12:
        raise PinError("use 4 to 12 digits")
    if len(set(pin)) == 1:
        raise PinError("use more than one digit: a PIN of one repeated digit is guessed first")


def hash_pin(pin: str, *, iterations: int = ITERATIONS, salt: bytes | None = None) -> str:
    salt = salt or os.urandom(16)
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode(), salt, iterations)
    return f"pbkdf2_sha256${iterations}${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


def verify_pin(pin: str, stored: str) -> bool:
    """Whether `pin` matches the stored hash; slow on purpose, so call it off the GUI thread."""
    match = _FORMAT.match(stored)
    if match is None:
        return False
    iterations, salt, expected = int(match[1]), base64.b64decode(match[2]), base64.b64decode(match[3])
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode(), salt, iterations)
    return hmac.compare_digest(digest, expected)
