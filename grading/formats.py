"""The formats ``frontdesk export`` writes, by name: a module of their own, so the command line can offer them
without importing the exports and the scoreboard (every ``frontdesk`` command builds the same parser)."""

from __future__ import annotations

__all__ = ["FORMATS"]

#: The formats :func:`grading.exports.export` writes (``gradescope-autograder``, a folder, is written apart).
FORMATS = ("csv", "canvas", "moodle", "brightspace", "gradescope", "competencies")
