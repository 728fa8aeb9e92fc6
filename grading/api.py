"""Grading in one call: a played day, or a replay file, to its :class:`~grading.grade.Grade`.

Every criterion is a pure function of the scenario and the facts; a replay is re-simulated first (the facts are
never stored in it, so they cannot be edited). Scenarios are found by the id and digest a replay records: the
shipped ones, and any files or folders the caller names.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from frontdesk.simulator.core.engine import Simulation, day_start
from frontdesk.simulator.replay import Replay, ReplayError, read_replay_bytes, replay_from_bytes, replay_simulation
from frontdesk.simulator.scenario import ScenarioError, load_scenario, scenario_digest
from frontdesk.simulator.scenario.models import Scenario
from frontdesk.simulator.scenario.shipped import shipped_scenarios

from .accuracy import judge_accuracy
from .assignments import Assignment
from .day import Day
from .grade import Grade
from .multitasking import judge_multitasking
from .privacy import judge_privacy

__all__ = ["grade_day", "grade_simulation", "ScenarioFinder", "Graded", "grade_replay_bytes", "grade_replay_file"]


def grade_day(scenario: Scenario, facts: Iterable[Any], seed: int, facts_sha256: str,
              student: str | None = None) -> Grade:
    """Judge a day's ``facts`` against ``scenario``: every check of every criterion."""
    day = Day(scenario, facts)
    judge_multitasking(day)
    judge_accuracy(day)
    judge_privacy(day)
    w = scenario.rubric.weights
    return Grade(scenario.id, scenario_digest(scenario), student, seed, facts_sha256,
                 {"multitasking": w.multitasking, "accuracy": w.accuracy, "privacy": w.privacy}, day.checks(),
                 scenario.rubric.critical_cap)


def grade_simulation(sim: Simulation, student: str | None = None) -> Grade:
    """The grade of a day played to its end."""
    return grade_day(sim.scenario, sim.facts, sim.seed, sim.facts.sha256, student)


class ScenarioFinder:
    """Finds the scenario a replay was recorded on, among the shipped scenarios and ``extra`` files or folders."""

    def __init__(self, extra: Iterable[str | os.PathLike[str]] = ()):
        self._paths: list[Path] = []
        for item in extra:
            p = Path(item)
            self._paths += sorted(p.glob("*.yaml")) + sorted(p.glob("*.yml")) if p.is_dir() else [p]
        self._paths += shipped_scenarios()
        self._loaded: dict[Path, Scenario | None] = {}

    def _load(self, path: Path) -> Scenario | None:
        if path not in self._loaded:
            try:
                self._loaded[path] = load_scenario(path)
            except ScenarioError:
                self._loaded[path] = None  # a broken file among the candidates is not this replay's problem
        return self._loaded[path]

    def find(self, scenario_id: str, digest: str, name: str) -> Scenario:
        """The scenario with this id and digest; a :class:`ReplayError` saying what was found otherwise."""
        same_id = []
        # A scenario is usually in a file named after its id: look there first, so one file is read, not all.
        for path in sorted(self._paths, key=lambda p: p.stem != scenario_id):
            s = self._load(path)
            if s is not None and s.id == scenario_id:
                if scenario_digest(s) == digest:
                    return s
                same_id.append(path)
        if same_id:
            raise ReplayError(f"{name}: recorded on a different version of {scenario_id!r} than {same_id[0]} "
                              "(the scenario has changed since); pass the version it was recorded on with --scenario")
        raise ReplayError(f"{name}: recorded on scenario {scenario_id!r}, which is not shipped; pass its file "
                          "with --scenario")


@dataclass(frozen=True)
class Graded:
    """A replay played again and graded, with what a report needs."""

    replay: Replay
    scenario: Scenario
    sim: Simulation
    grade: Grade
    #: What an instructor should look at (an unchecked assignment, a missing or odd real-time trace): signals,
    #: one line each, that do not stop the grade.
    flags: tuple[str, ...] = ()


def grade_replay_bytes(raw: bytes, name: str, finder: ScenarioFinder | None = None,
                       assignments: Iterable[Assignment] = (), key: bytes | None = None) -> Graded:
    """Grade the replay whose file holds ``raw`` (``name`` is for messages); :class:`ReplayError` when it cannot be,
    including a day that is not its student's own in an assignment (:func:`grading.assignments.assignment_verdict`)."""
    from .assignments import assignment_verdict
    from .integrity import help_flag, trace_flags

    replay = replay_from_bytes(raw, name)
    refusal, note = assignment_verdict(replay, assignments, key)
    if refusal is not None:
        raise ReplayError(f"{name}: refused: {refusal}")
    scenario = (finder or ScenarioFinder()).find(replay.scenario_id, replay.scenario_sha256, name)
    sim = replay_simulation(replay, scenario, name)
    locked = scenario.pace if scenario.pace_locked else None
    helped = help_flag(replay, scenario) if replay.bot is None else None
    flags = ([note] if note else []) + (trace_flags(replay, day_start(scenario), locked)
                                         if replay.bot is None else []) + ([helped] if helped else [])
    return Graded(replay, scenario, sim, grade_simulation(sim, student_of(replay, assignments)), tuple(flags))


def student_of(replay: Replay, assignments: Iterable[Assignment] = ()) -> str | None:
    """The student a replay is graded for: as the roster spells them when it is a day of an assignment (so ``S1``
    and ``s1 `` are one student on the scoreboard), else as the replay has it, without surrounding spaces."""
    from .assignments import find_assignment

    if replay.assignment is not None:
        found = find_assignment(replay.assignment, assignments)
        entry = found.enrolled(replay.student) if found is not None else None
        if entry is not None:
            return entry.student
    return replay.student.strip() or None if replay.student is not None else None


def grade_replay_file(path: str | os.PathLike[str], finder: ScenarioFinder | None = None,
                      allow_bots: bool = False, assignments: Iterable[Assignment] = (),
                      flags: list[str] | None = None) -> Grade:
    """Read a replay, re-play it on its scenario and grade it; :class:`ReplayError` when it cannot be.

    A day played by a bot (``frontdesk run --bot``), or whose actions match a bot's day, is refused unless
    ``allow_bots``: a student must not hand in the expert's day as their own. With ``assignments``, a day that is
    not a day of one of them, played by its own student with their own seed, is refused too. (A replay file is
    not tamper-proof; this stops the easy ways.) The signals about a graded day (:attr:`Graded.flags`) are added
    to ``flags`` when given.
    """
    name = str(path)
    graded = grade_replay_bytes(read_replay_bytes(path), name, finder, assignments)
    if flags is not None:
        flags.extend(graded.flags)
    if graded.replay.bot is not None and not allow_bots:
        from .integrity import bot_mark

        raise ReplayError(f"{name}: this day {bot_mark(graded.replay.bot)}, not a student's own")
    if not allow_bots:
        from .integrity import bot_match

        match = bot_match(graded.scenario, graded.replay.seed, graded.replay.actions)
        if match is not None:
            raise ReplayError(f"{name}: this day {match.describe()}, not a student's own")
    return graded.grade
