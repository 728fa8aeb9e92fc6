"""The Gradescope autograder for an assignment (`frontdesk export --format gradescope-autograder --assignment DIR`):
it carries the assignment's record, pins its scenario, and, run as Gradescope runs it with the real grader, counts
a replay only when it is the day of a roster student who is among the submission's submitters, played with their
own seed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from frontdesk.grading.assignments import Assignment, load_assignment, make_assignment
from frontdesk.grading.exports import ExportError, gradescope_autograder
from frontdesk.simulator.bots import make_bot, play_day
from frontdesk.simulator.core import Simulation
from frontdesk.simulator.replay import replay_of
from frontdesk.simulator.scenario import load_scenario

from conftest import SCENARIOS
from test_exports import run_autograder  # lays out /autograder and runs the bundle (tests/ is on sys.path)

TUTORIAL = load_scenario(SCENARIOS / "tutorial.yaml")
#: Who is in the class: s1 is known to Gradescope by e-mail, s2 by e-mail and student number.
ROSTER = [{"student": "s1", "name": "Ana Silva", "email": "ana@example.edu"},
          {"student": "s2", "name": "Bo Chen", "email": "bo@example.edu", "sid": "900123"}]
ANA = {"email": "Ana@Example.edu", "id": 11, "name": "Ana Silva", "sid": None}
BO = {"email": "bo@example.edu", "id": 12, "name": "Bo Chen", "sid": "900123"}


@pytest.fixture(scope="module")
def assignment(tmp_path_factory: pytest.TempPathFactory) -> Assignment:
    """The tutorial assigned to ROSTER (registered in the suite's sandboxed data folder, see conftest)."""
    return make_assignment(TUTORIAL, SCENARIOS / "tutorial.yaml", ROSTER, tmp_path_factory.mktemp("asg") / "a",
                           bytes(range(32)))


@pytest.fixture(scope="module")
def bundle(assignment: Assignment, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The autograder made from the assignment's folder, once for the module."""
    assert assignment.path is not None
    return gradescope_autograder(tmp_path_factory.mktemp("ag") / "autograder", assignment=assignment.path.parent)


def day_of(assignment: Assignment, student: str, seed_of: str | None = None) -> str:
    """A replay's text: ``student``'s day, played with ``seed_of``'s seed (theirs unless said), under
    ``student``'s code. The random bot plays it: the expert's and the novice's days are refused as bot matches."""
    entry = assignment.enrolled(student)
    other = assignment.enrolled(seed_of or student)
    assert entry is not None and other is not None
    seed = assignment.seed_of(other)
    sim = play_day(Simulation(TUTORIAL, seed), make_bot("random", TUTORIAL, seed))
    return replay_of(sim, student=student, assignment=assignment.id, code=entry.code).to_json()


def test_the_autograder_carries_the_assignment_and_pins_its_scenario(assignment: Assignment, bundle: Path) -> None:
    """The record (every student's code, so no instructor key) is bundled and pins the assignment's scenario; the
    README says what students hand in and how submitters are matched."""
    config = json.loads((bundle / "frontdesk_autograder.json").read_text(encoding="utf-8"))
    assert config == {"scenario": "tutorial", "assignment": "frontdesk_assignment.json"}
    carried = load_assignment(bundle / "frontdesk_assignment.json")
    assert carried.id == assignment.id and carried.students == assignment.students
    assert not (bundle / "scenarios").exists()  # a shipped scenario is in the bundled install already
    readme = (bundle / "README.md").read_text(encoding="utf-8")
    assert f"For assignment {assignment.id}, each student plays their own day" in readme
    assert "roster" in readme and "submitters" in readme


def test_the_roster_maps_a_replay_to_its_submitter(assignment: Assignment, bundle: Path, tmp_path: Path) -> None:
    """The roster maps student s1 to ana@example.edu: Ana's submission of s1's own day is graded (the e-mail
    compared case aside)."""
    entry = assignment.enrolled("s1")
    assert entry is not None and entry.email == "ana@example.edu"
    results = run_autograder(bundle, tmp_path, {"s1.json": day_of(assignment, "s1")}, users=[ANA], stub=False)
    assert results["output"].startswith("Graded s1.json.") and results["tests"]
    assert results["extra_data"]["student"] == "s1" and results["extra_data"]["seed"] == assignment.seed_of(entry)


def test_a_roster_students_day_submitted_by_another_scores_zero(assignment: Assignment, bundle: Path,
                                                                 tmp_path: Path) -> None:
    """s1's day submitted by Bo (s2 on the roster, whom Gradescope knows by e-mail and sid) does not count:
    0, naming s1, the roster's address for them, and the submitter."""
    results = run_autograder(bundle, tmp_path, {"s1.json": day_of(assignment, "s1")}, users=[BO], stub=False)
    assert results["score"] == 0 and results["tests"] == []
    assert ("s1.json is the day of student 's1' (ana@example.edu on the roster), who is not among this "
            "submission's submitters (bo@example.edu)") in results["output"]


def test_a_day_played_with_another_students_seed_is_refused(assignment: Assignment, bundle: Path,
                                                            tmp_path: Path) -> None:
    """A day played with s2's seed but named s1 (with s1's code), submitted by Ana, is refused with the seed
    reason: the autograder holds each replay to its student's own day."""
    results = run_autograder(bundle, tmp_path, {"s1.json": day_of(assignment, "s1", seed_of="s2")}, users=[ANA],
                             stub=False)
    assert results["score"] == 0
    assert "s1.json was refused: it was played with seed" in results["output"]
    assert "another student's code, or another seed" in results["output"]


def test_an_assignments_own_scenario_is_bundled(tmp_path: Path) -> None:
    """An assignment of a scenario that is not shipped carries the scenario file beside its record; the
    autograder bundles it in scenarios/, where the runner finds it."""
    own = tmp_path / "my-day.yaml"
    shutil.copyfile(SCENARIOS / "tutorial.yaml", own)
    made = make_assignment(TUTORIAL, own, ROSTER, tmp_path / "a", bytes(range(32)), shipped=False)
    assert made.scenario_file == f"{made.id}.yaml"  # named after the assignment: a later edit is another's
    ag = gradescope_autograder(tmp_path / "ag", assignment=tmp_path / "a" / "assignment.json")
    assert (ag / "scenarios" / "tutorial.yaml").read_bytes() == own.read_bytes()
    (tmp_path / "a" / made.scenario_file).unlink()
    with pytest.raises(ExportError, match="is missing"):
        gradescope_autograder(tmp_path / "ag2", assignment=tmp_path / "a")


def test_scenario_and_assignment_must_agree(assignment: Assignment, tmp_path: Path) -> None:
    """--scenario beside --assignment must name the assignment's own scenario: another is an error in one
    sentence; the same one is accepted. An assignment that cannot be loaded is an export error too."""
    assert assignment.path is not None
    with pytest.raises(ExportError, match=r"^--scenario laura-day disagrees with assignment .*, which is of the "
                                          r"scenario 'tutorial': give --assignment alone$"):
        gradescope_autograder(tmp_path / "ag", scenario="laura-day", assignment=assignment.path)
    assert not (tmp_path / "ag").exists()
    gradescope_autograder(tmp_path / "ok", scenario="tutorial", assignment=assignment.path)
    with pytest.raises(ExportError, match="no such assignment"):
        gradescope_autograder(tmp_path / "ag3", assignment=tmp_path / "nowhere")
