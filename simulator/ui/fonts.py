"""The game's font for what it draws itself (the clinic, the appointment book, the debrief's picture), and the one
way it cuts a text to fit: whole, or ending in "…".

pygame_gui's widgets use Noto Sans from its own theme; pictures drawn in plain pygame load the same files (shipped
with pygame_gui), so a name reads the same in a row, in the clinic and in the book.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

import pygame

__all__ = ["noto", "fit_text"]


def noto(size: int, bold: bool = False) -> pygame.font.Font:
    """Noto Sans at ``size`` pixels (bold or regular); pygame's own font, a little larger, if it is missing."""
    name = "NotoSans-Bold.ttf" if bold else "NotoSans-Regular.ttf"
    try:
        return pygame.font.Font(str(resources.files("pygame_gui.data").joinpath(name)), size)
    except (OSError, ModuleNotFoundError):
        return pygame.font.Font(None, size + 4)


def fit_text(font: Any, text: str, width: int, tail: str = "") -> str:
    """``text`` then ``tail`` as they fit in ``width`` pixels of ``font`` (a pygame or pygame_gui font): whole, or
    ``text`` cut with an ellipsis ("Christopher St…") and ``tail`` kept; ``""`` when not even "…" fits."""
    if font is None or font.size(text + tail)[0] <= width:
        return text + tail
    lo, hi = 0, len(text)
    while lo < hi:  # the longest head of the text that fits with its ellipsis and the tail
        mid = (lo + hi + 1) // 2
        if font.size(text[:mid].rstrip() + "…" + tail)[0] <= width:
            lo = mid
        else:
            hi = mid - 1
    head = text[:lo].rstrip()
    if not head and font.size("…" + tail)[0] > width:
        return ""
    return head + "…" + tail
