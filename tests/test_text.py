"""grading/text.py: grades as terminal text, with whatever came from a student's file made safe to print."""

from __future__ import annotations

import pytest

from frontdesk.grading.grade import CRITERIA
from frontdesk.grading.text import format_batch_header, format_batch_line, format_grade

#: An id that would clear the screen, set the window's title, ring the bell and reverse the rest of the line.
HOSTILE = "s1\x1b[2J\x1b]0;owned\x07\u202eevil\u2066x\u2069\u200f"
UNSAFE = ("\x1b", "\x07", "\u202e", "\u2066", "\u2069", "\u200f")


def grade(student: str) -> dict:
    """A small grade JSON with ``student`` as its id and a finding quoting what was typed at the desk."""
    return {"scenario": "tutorial", "student": student, "seed": 1, "total": 50.0,
            "criteria": {c: {"score": 50.0, "weight": 1 / 3} for c in CRITERIA}, "mechanics": {},
            "findings": [{"at": "9:00", "severity": "error", "criterion": "accuracy", "mechanic": "M4",
                          "message": f"typed {student!s} into the chart", "better": "b", "points": 1.0}],
            "facts_sha256": "0" * 64}


@pytest.mark.parametrize("path", ["replays/a.json", "replays/\x1b[31mred\u202e.json"])
def test_a_batch_line_shows_no_escape_or_bidi_control(path):
    """One line per replay: the file's name and the student's id with escape sequences and bidi controls shown
    as ``?``; a name that needs no change keeps its columns under the header."""
    line = format_batch_line(path, grade(HOSTILE))
    assert not any(ch in line for ch in UNSAFE) and "\n" not in line and "s1?[2J?]0;owned??evil?x??" in line
    plain = format_batch_line(path, grade("s1"))
    assert plain.index("tutorial") == format_batch_header().index("scenario")


def test_a_grade_in_full_shows_no_escape_or_bidi_control():
    """The whole grade (the student in its title, the findings quoting them) shows each unsafe character as ``?``."""
    text = format_grade(grade(HOSTILE))
    assert not any(ch in text for ch in UNSAFE)
    assert "student s1?[2J?]0;owned??evil?x??" in text
