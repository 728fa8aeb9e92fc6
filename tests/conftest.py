"""Shared helpers: a small valid scenario, a way to write variants of it, and the frontdesk command in-process."""

from __future__ import annotations

import os
import tempfile
import textwrap
from pathlib import Path

import pytest

from frontdesk.simulator.cli import main

# The suite never touches the user's own scoreboard or cache: both live in a folder of this run.
_SANDBOX = tempfile.mkdtemp(prefix="frontdesk-tests-")
os.environ["FRONTDESK_DATA_DIR"] = os.path.join(_SANDBOX, "data")
os.environ["FRONTDESK_CACHE_DIR"] = os.path.join(_SANDBOX, "cache")

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"

#: A small valid scenario. Tests add lines to it; its line numbers are stable (the `patients:` key is line 10).
MINI = textwrap.dedent(
    """\
    format: 1
    id: mini
    title: A small day
    jurisdiction: ON
    clinic:
      name: Test Clinic
      staff:
        - {id: greene, role: doctor, name: Dr. Anne Greene}
        - {id: nurse, role: nurse, name: Sam Patel}
    patients:
      - {id: chen, name: Robert Chen, dob: 1958-04-12, health_card: {number: "1234567897", version: AB}}
      - {id: okafor, name: Grace Okafor, dob: 1949-09-30}
    schedule:
      - {at: "9:00", patient: chen, with: greene, type: follow_up}
    """
)


@pytest.fixture
def write(tmp_path: Path):
    """Write scenario text to a file in a temporary folder and return its path."""

    def _write(text: str, name: str = "scenario.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return _write


@pytest.fixture
def frontdesk(capsys):
    """Run ``frontdesk ARGS`` in-process; return (exit code, stdout, stderr)."""

    def _run(*args: str) -> tuple[int, str, str]:
        code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        return code, out, err

    return _run


def at(clock: str, plus: int = 0) -> int:
    """The simulated second of a clock time (plus some seconds): ``at("9:30", 5)``."""
    from frontdesk.simulator.scenario.times import parse_clock

    return parse_clock(clock) + plus


def graded(sim):  # type: ignore[no-untyped-def]
    """The grade of ``sim``'s day, ending the day first if it is still running."""
    from frontdesk.grading.api import grade_simulation

    if not sim.day_over:
        sim.finish_day()
    return grade_simulation(sim)


def assert_costs(g, f, lost: float) -> None:  # type: ignore[no-untyped-def]
    """Finding ``f`` loses ``lost`` (0 to 1) of its rubric line: under completion that part of the line's share of
    the criterion, under harm that part of its harm class's deduction (a deduction with no line costs its harm's
    deduction either way); its ``points`` are what the side deciding the criterion loses (grading/day.py
    ``decide``)."""
    from frontdesk.grading.rubric import HARM

    lines = [c for c in g.checks if c.key == f.line and c.max > 0] if f.line else []
    whole = 100 * lines[0].max / g.possible(f.criterion) if lines else HARM[f.harm].deduction
    assert f.share == pytest.approx(lost * whole)
    assert f.deduction == pytest.approx(lost * HARM[f.harm].deduction)
    side = g.sides(f.criterion)["decided_by"]
    assert f.decided_by == side and f.points == pytest.approx(f.deduction if side == "harm" else f.share)
