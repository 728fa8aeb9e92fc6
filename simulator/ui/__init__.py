"""The game window (pygame-ce + pygame_gui): a thin shell over the engine that reads the desk's state, draws it,
turns clicks and keys into actions, and records them (DESIGN section 3, rule 6).

Importing this package imports nothing from pygame: :mod:`simulator.ui.session` (the clock, pace, autosave) and
:mod:`simulator.ui.choices` (what can be done now) are plain Python; the screens import pygame themselves.
"""

import os

# pygame prints a banner on import; a student's terminal does not need it.
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

__all__: list[str] = []
