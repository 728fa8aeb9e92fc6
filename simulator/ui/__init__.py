"""The game window (pygame-ce + pygame_gui): a thin shell over the engine that reads the desk's state, draws it,
turns clicks and keys into actions, and records them (DESIGN section 3, rule 6).

Importing this package imports nothing from pygame: :mod:`simulator.ui.session` (the clock, pace, autosave) and
:mod:`simulator.ui.choices` (what can be done now) are plain Python; the screens import pygame themselves.
"""

import contextlib
import os
from typing import Iterator

# pygame prints a banner on import; a student's terminal does not need it.
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

__all__ = ["quiet_stderr"]


@contextlib.contextmanager
def quiet_stderr() -> Iterator[None]:
    """Send what C libraries write to the process's stderr to /dev/null for a moment (Python's own messages are
    unaffected: they are written after)."""
    try:
        saved = os.dup(2)
    except OSError:  # no stderr to quiet
        yield
        return
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 2)
            yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)

