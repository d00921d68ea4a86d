"""The admin PIN, stored only as a salted PBKDF2 hash: `pbkdf2_sha256$ITERATIONS$SALT$HASH`.

A stored hash is checked before it is used: the settings file is text anyone with access can
edit, and a hash with 0 iterations, a broken salt or 2·10⁹ iterations (minutes of a busy
thread per try) must neither crash the PIN pad nor hang it. Such a hash is refused with a
message saying what is wrong, and the kiosk acts as if no PIN were set (the admin panel stays
locked in kiosk mode).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import re

ITERATIONS = 260_000
MIN_ITERATIONS = 1_000
MAX_ITERATIONS = 2_000_000
MIN_SALT_BYTES = 8
DIGEST_BYTES = 32
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


def _decoded(text: str) -> bytes | None:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None


def hash_problem(stored: str) -> str | None:
    """What makes a stored PIN hash unusable, or None for a sane one."""
    match = _FORMAT.match(stored)
    if match is None:
        shown = stored if len(stored) <= 40 else stored[:39] + "…"
        return f"'{shown}' is not a PIN hash; set the PIN with 'kiosk set-pin'"
    iterations = int(match[1]) if len(match[1]) <= 12 else None
    salt, digest = _decoded(match[2]), _decoded(match[3])
    problem = None
    if iterations is None or not MIN_ITERATIONS <= iterations <= MAX_ITERATIONS:
        problem = (f"{_shorten(match[1])} iterations (a sound hash has {MIN_ITERATIONS:,} to "
                   f"{MAX_ITERATIONS:,})")
    elif salt is None:
        problem = "its salt is not base64"
    elif len(salt) < MIN_SALT_BYTES:
        problem = f"its salt is {len(salt)} bytes (at least {MIN_SALT_BYTES})"
    elif digest is None:
        problem = "its hash is not base64"
    elif len(digest) != DIGEST_BYTES:
        problem = f"its hash is {len(digest)} bytes (SHA-256 gives {DIGEST_BYTES})"
    if problem is None:
        return None
    return f"the PIN hash is broken: {problem}; set the PIN again with 'kiosk set-pin' (until then no PIN is set)"


def _shorten(digits: str) -> str:
    return digits if len(digits) <= 14 else digits[:12] + "…"


def verify_pin(pin: str, stored: str) -> bool:
    """Whether `pin` matches the stored hash; slow on purpose, so call it off the GUI thread.

    A hash that `hash_problem` refuses matches no PIN."""
    match = _FORMAT.match(stored)
    if match is None or hash_problem(stored) is not None:
        return False
    iterations, salt, expected = int(match[1]), base64.b64decode(match[2]), base64.b64decode(match[3])
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode(), salt, iterations)
    return hmac.compare_digest(digest, expected)
