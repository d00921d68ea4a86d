"""A guard against reference-counting bugs of PySide6 6.12 on Python 3.11.

PySide6 6.12 hands `None` (and in places `True` and `False`) back to Python without taking a
reference to it, as if they were immortal: from Python 3.12 on they are, and that costs
nothing. On 3.11 every such call takes one reference away (`QObject.setObjectName` and
`QPainter.setPen` each cost `None` one), and after some thousands of calls the interpreter
aborts ("Fatal Python error: none_dealloc" or "bool_dealloc") — within minutes of
painting, or at exit. A kiosk that runs for months cannot wait for an upstream fix, so on
3.11 these singletons get the same effectively endless count that 3.12 gives them.
Remove this module when the kiosk requires Python 3.12 or a fixed PySide6.
"""

from __future__ import annotations

import ctypes
import sys

IMMORTAL = 1 << 60
SINGLETONS = (None, True, False, Ellipsis, NotImplemented)


def make_singletons_immortal() -> bool:
    """Give Python's singletons a reference count no program can use up; True if needed."""
    if sys.version_info >= (3, 12):
        return False
    for singleton in SINGLETONS:
        ctypes.c_ssize_t.from_address(id(singleton)).value = IMMORTAL
    return True
