"""A student's progress through the course, read from this computer's scoreboard (:mod:`grading.scoreboard`).

For each scenario the menu shows the student's best result so far, whether that day was competent (no critical
error: the verdict the gradebook exports give), and the competencies their days of it demonstrated
(:func:`grading.competencies.checklist`, in the framework of the scenario's jurisdiction). The game keeps on the same
scoreboard every day a student with an ID finishes in the window (:func:`record_day`), so there is something to show
without an instructor grading; ``frontdesk grade`` on this computer adds to it too.

Reading never raises: no ID, no scoreboard, or a scoreboard that cannot be read each gives a :class:`Progress` with
no attempts and one line saying so.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from frontdesk.grading.competencies import DEMONSTRATED, MAERB, NOT_YET, ONTARIO, Competency, checklist, competency
from frontdesk.grading.exports import competent
from frontdesk.grading.scoreboard import Attempt, Scoreboard, ScoreboardError, best_of, default_db_path

from ..scenario.models import Scenario

__all__ = ["FRAMEWORK_OF", "Progress", "Standing", "read_progress", "record_day"]

log = logging.getLogger(__name__)

#: The competency framework a scenario's days are shown against, by its jurisdiction: an Ontario day against the
#: Ontario health-office set, a US day against the CAAHEP/MAERB curriculum.
FRAMEWORK_OF: dict[str, tuple[Competency, ...]] = {"ON": ONTARIO, "US": MAERB}


@dataclass(frozen=True)
class Standing:
    """A student's results on one scenario.

    ``best`` is the highest total (the earliest of equal ones) and ``competent`` that day's verdict;
    ``demonstrated`` and ``not_yet`` are the competencies of ``framework`` the student's days of it demonstrated
    and those they assessed without demonstrating. ``earlier_version`` is True when every attempt was of another
    version of the scenario's file (it changed since).
    """

    attempts: int
    best: float
    competent: bool
    framework: str
    demonstrated: tuple[Competency, ...]
    not_yet: tuple[Competency, ...]
    earlier_version: bool = False


@dataclass(frozen=True)
class Progress:
    """What the scoreboard holds of one student: their graded attempts by scenario id.

    ``note`` is one line for when there is nothing to show (no ID typed, no results yet, a scoreboard that cannot
    be read), empty otherwise; ``problem`` is True when the scoreboard could not be read.
    """

    student: str | None
    attempts: Mapping[str, tuple[Attempt, ...]] = field(default_factory=dict)
    note: str = ""
    problem: bool = False

    def standing(self, scenario: Scenario, digest: str) -> Standing | None:
        """The student's results on ``scenario`` (whose digest is ``digest``), or ``None`` when not tried.

        Attempts of this very version of the scenario count; when there are none, attempts of a scenario with the
        same id (an earlier version of the file) count instead, and say so.
        """
        mine = self.attempts.get(scenario.id, ())
        if not mine:
            return None
        same = tuple(a for a in mine if a.scenario_sha256 == digest)
        used = same or mine
        best = best_of(used)[0]
        framework = FRAMEWORK_OF.get(scenario.jurisdiction, ONTARIO)
        codes = {c.code for c in framework}
        rows = [r for r in checklist(used) if r.competency in codes]
        return Standing(len(used), best.total, competent(best), framework[0].framework,
                        tuple(competency(r.competency) for r in rows if r.status == DEMONSTRATED),
                        tuple(competency(r.competency) for r in rows if r.status == NOT_YET),
                        earlier_version=not same)


def read_progress(student: str | None, db: Path | None = None) -> Progress:
    """The attempts of ``student`` on the scoreboard ``db`` (by default the one in the user's data folder).

    Never raises: without an ID, without a scoreboard, or with one that cannot be read, the progress holds no
    attempts and its ``note`` says why in one line.
    """
    if not student:
        return Progress(None, note="Type your student ID below to see your results here.")
    path = Path(db) if db is not None else default_db_path()
    if not path.exists():
        return Progress(student, note=f"No results for {student} on this computer yet: each day you finish is "
                                      "kept here.")
    try:
        with Scoreboard(path, create=False) as board:
            rows = board.attempts(student=student)
    except ScoreboardError as exc:
        return Progress(student, note=f"Your results cannot be shown: {exc}.", problem=True)
    except Exception as exc:  # noqa: BLE001 - a damaged row must cost the student their results, never the menu
        log.warning("the scoreboard %s could not be read", path, exc_info=True)
        return Progress(student, note=f"Your results cannot be shown: the scoreboard {path} could not be read "
                                      f"({type(exc).__name__}).", problem=True)
    if not rows:
        return Progress(student, note=f"No results for {student} on this computer yet: each day you finish is "
                                      "kept here.")
    by_scenario: dict[str, list[Attempt]] = {}
    for row in rows:
        by_scenario.setdefault(row.scenario, []).append(row)
    return Progress(student, {k: tuple(v) for k, v in by_scenario.items()})


def record_day(grade: Mapping[str, Any], replay: Path, title: str | None = None, db: Path | None = None) -> str | None:
    """Keep the day graded as ``grade`` (its replay saved at ``replay``) on the scoreboard ``db`` (by default the
    one in the user's data folder), as ``frontdesk grade`` would; returns None, or why it could not be kept (a
    problem here only costs the record: the replay is saved, and ``frontdesk grade`` can record it later)."""
    try:
        digest = hashlib.sha256(Path(replay).read_bytes()).hexdigest()
        with Scoreboard(db) as board:
            board.record(grade, digest, scenario_title=title)
    except (OSError, ScoreboardError) as exc:
        log.warning("the day in %s was not kept on the scoreboard: %s", replay, exc)
        return str(exc)
    return None
