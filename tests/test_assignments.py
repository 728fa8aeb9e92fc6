"""Assignments (grading/assignments.py, `frontdesk assign`, `grade --assignment`): each student on a roster gets
their own day of one scenario, and a replay is graded only as its own student's day of it."""

from __future__ import annotations

import dataclasses
import json
import os
import stat
from pathlib import Path

import pytest

from frontdesk.grading.assignments import (AssignmentError, assignment_verdict, derive_seed, key_id, load_assignment,
                                 load_key, make_assignment, read_roster)
from frontdesk.simulator.core import Simulation
from frontdesk.simulator.replay import replay_of
from frontdesk.simulator.scenario import load_scenario

from conftest import SCENARIOS

TUTORIAL_PATH = SCENARIOS / "tutorial.yaml"
KEY = bytes(range(32))


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data folder of this test only."""
    folder = tmp_path / "data"
    monkeypatch.setenv("FRONTDESK_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def assignment(tmp_path: Path, data: Path):  # type: ignore[no-untyped-def]
    """The tutorial assigned to three students with a known key."""
    roster = [{"student": "ana1", "email": "ana@example.edu"}, {"student": "bo2"}, {"student": "cy3"}]
    return make_assignment(load_scenario(TUTORIAL_PATH), TUTORIAL_PATH, roster, tmp_path / "a1", KEY)


def day_of(assignment, student: str, seed: int | None = None, code: str | None = None):  # type: ignore[no-untyped-def]
    """A (nearly empty) day of the assignment by ``student``, with their own seed and code unless told otherwise."""
    entry = assignment.enrolled(student)
    seed = assignment.seed_of(entry) if seed is None else seed
    sim = Simulation(load_scenario(TUTORIAL_PATH), seed)
    return replay_of(sim, student=student, assignment=assignment.id, code=code or (entry.code if entry else None))


def test_each_student_gets_their_own_seed_from_the_key(assignment):
    """Seeds are an HMAC of the key, the assignment and the student: different per student, the same each time,
    and not what another key gives."""
    seeds = [assignment.seed_of(e) for e in assignment.students]
    assert len(set(seeds)) == 3
    assert seeds[0] == derive_seed(KEY, assignment.id, "ANA1 ")  # ids compare without case or spaces
    assert seeds[0] != derive_seed(bytes(32), assignment.id, "ana1")
    assert assignment.key_id == key_id(KEY)


def test_the_assignment_folder_and_the_registry(assignment, tmp_path, data):
    """`assign` writes the record, the codes as CSV and a note per student, and registers the record in the data
    folder; the record reads back the same."""
    folder = tmp_path / "a1"
    assert sorted(p.name for p in folder.iterdir()) == ["assignment.json", "codes.csv", "students"]
    assert sorted(p.name for p in (folder / "students").iterdir()) == ["ana1.txt", "bo2.txt", "cy3.txt"]
    assert (data / "assignments" / f"{assignment.id}.json").is_file()
    again = load_assignment(folder)
    assert again.to_json() == assignment.to_json()
    codes = (folder / "codes.csv").read_text(encoding="utf-8").splitlines()
    assert codes[0] == "student,name,email,sid,section,code" and codes[1].startswith("ana1,,ana@example.edu,,,")
    assert assignment.enrolled("ana1").code in (folder / "students" / "ana1.txt").read_text(encoding="utf-8")


def test_a_students_own_day_passes(assignment):
    """A day played with the student's own code and seed is accepted, given the assignment or found registered."""
    own = day_of(assignment, "bo2")
    assert assignment.check(own) is None and assignment.check(own, KEY) is None
    assert assignment_verdict(own) == (None, None)
    assert assignment_verdict(own, [assignment]) == (None, None)


def test_a_day_that_is_not_the_students_own_is_refused_in_one_line(assignment):
    """Another student's name, another seed, another code or none, no assignment, another scenario or someone off the
    roster: each is refused with a sentence that says which."""
    ana = day_of(assignment, "ana1")
    cases = {
        "under another student's name": dataclasses.replace(ana, student="bo2"),
        "with another seed": dataclasses.replace(ana, seed=ana.seed + 1),
        "with another code": dataclasses.replace(ana, code=assignment.enrolled("cy3").code),
        "with its code removed": dataclasses.replace(ana, code=None),
        "with no assignment": dataclasses.replace(ana, assignment=None),
        "of another scenario": dataclasses.replace(ana, scenario_id="laura-day"),
        "by someone off the roster": dataclasses.replace(ana, student="zed"),
    }
    said = {case: assignment.check(replay) for case, replay in cases.items()}
    assert "which is not bo2's day" in said["under another student's name"]
    assert "another student's code, or another seed" in said["with another seed"]
    assert said["with another code"] == said["with its code removed"] == "its assignment code is not the one given to ana1"
    assert said["with no assignment"].startswith("it was not played from an assignment code")
    assert said["of another scenario"].startswith("it is a day of 'laura-day'")
    assert said["by someone off the roster"] == f"student 'zed' is not on the roster of assignment {assignment.id}"
    assert all("\n" not in line for line in said.values())


def test_an_edited_record_is_caught_with_the_key(assignment):
    """With the instructor's key, each seed is recomputed: a record whose code was swapped for another seed's does
    not pass, even for a day that matches the edited record."""
    from frontdesk.simulator.assignment_code import encode_code, scenario_tag

    entry = assignment.enrolled("ana1")
    forged = encode_code(scenario_tag(assignment.scenario_sha256), 0, 999, "ana1")
    edited = dataclasses.replace(assignment, students=[dataclasses.replace(entry, code=forged)])
    day = day_of(edited, "ana1", seed=999, code=forged)
    assert edited.check(day) is None  # the record alone cannot tell
    assert "does not agree with your key" in edited.check(day, KEY)


def test_an_unknown_assignment_is_graded_with_a_note(assignment, data):
    """A replay naming an assignment this computer has no record of is graded, with a note that its seed went
    unchecked; with --assignment given, it is refused."""
    other = dataclasses.replace(day_of(assignment, "ana1"), assignment="tutorial-ZZZZ")
    refusal, note = assignment_verdict(other)
    assert refusal is None and "not registered on this computer" in note
    assert assignment_verdict(other, [assignment])[0] == f"it was played for assignment 'tutorial-ZZZZ', not {assignment.id}"


def test_the_key_is_made_private_once_and_read_strictly(data, tmp_path):
    """The key is made on first use, readable by its owner only, and never replaced; a bad key file is refused."""
    key = load_key(create=True)
    path = data / "instructor.key"
    assert len(key) == 32 and load_key(create=True) == key
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    bad = tmp_path / "bad.key"
    bad.write_text("not hex", encoding="ascii")
    with pytest.raises(AssignmentError, match="not an instructor key"):
        load_key(bad)
    bad.write_text("ab" * 8, encoding="ascii")
    with pytest.raises(AssignmentError, match="at least 32 bytes"):
        load_key(bad)
    with pytest.raises(AssignmentError, match="no instructor key there"):
        load_key(tmp_path / "missing.key")


@pytest.mark.parametrize("text, words", [
    ("name,email\nAna,a@x\n", "needs a 'student' column"),
    ("student\nana\nANA\n", "already on line 2"),
    ("student\n\n", "names no student"),
])
def test_a_roster_that_cannot_be_used_says_why(tmp_path, text, words):
    """A roster with no student column, a student twice (ids compare without case) or nobody is refused."""
    path = tmp_path / "roster.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AssignmentError, match=words):
        read_roster(path)


def test_assign_command(frontdesk, tmp_path, data):
    """`frontdesk assign` takes a shipped id, prints each student's code and refuses to write into a folder that
    has files; `play --code` with another student's ID says so in one line before any window opens."""
    roster = tmp_path / "roster.csv"
    roster.write_text("Student,Name,SID\nana1,Ana,1001\nbo2,Bo,1002\n", encoding="utf-8")
    code, out, err = frontdesk("assign", "tutorial", "--roster", roster, "--out", tmp_path / "a")
    assert code == 0 and out.startswith("assignment tutorial-") and "ana1" in out and "bo2" in out
    assert json.loads((tmp_path / "a" / "assignment.json").read_text(encoding="utf-8"))["students"][0]["sid"] == "1001"
    code, _, err = frontdesk("assign", "tutorial", "--roster", roster, "--out", tmp_path / "a")
    assert code == 1 and "already exists and is not an empty folder" in err
    ana_code = load_assignment(tmp_path / "a").enrolled("ana1").code
    code, _, err = frontdesk("play", "--student", "bo2", "--code", ana_code)
    assert code == 2 and err.strip() == ("frontdesk play: This code does not work with student ID 'bo2': check the code and "
                                         "your ID (a code works only with the ID it was made for).")


def test_a_rostered_students_day_without_the_assignment_fields_is_flagged(assignment):
    """A day of the assignment's scenario by a student on its roster, with its assignment and code removed, is
    graded (it may be a practice day) with a note saying so; someone on no roster gets no note."""
    stripped = dataclasses.replace(day_of(assignment, "ana1"), assignment=None, code=None)
    refusal, note = assignment_verdict(stripped)
    assert refusal is None and note.startswith(f"student 'ana1' has assignment {assignment.id} of this scenario")
    assert assignment_verdict(dataclasses.replace(stripped, student="zed")) == (None, None)


def test_a_day_of_an_assignment_is_graded_under_the_rosters_spelling(assignment):
    """`ANA1` and ` ana1 ` are the roster's `ana1` on the scoreboard; a day of no assignment loses only the spaces."""
    from frontdesk.grading.api import student_of

    assert student_of(dataclasses.replace(day_of(assignment, "ana1"), student=" ANA1 ")) == "ana1"
    assert student_of(dataclasses.replace(day_of(assignment, "ana1"), assignment=None, student=" Zed ")) == "Zed"


def test_a_replays_assignment_text_is_quoted_in_messages(assignment):
    """The assignment a replay names is text its student wrote: messages quote it, so escape sequences in it show
    as text and never reach the instructor's terminal as commands."""
    odd = dataclasses.replace(day_of(assignment, "ana1"), assignment="x\x1b[2K\rall fine")
    refusal = assignment.check(odd)
    assert "\x1b" not in refusal and "\\x1b[2K" in refusal
    note = assignment_verdict(odd)[1]
    assert "\x1b" not in note and "\\x1b" in note


def test_students_whose_ids_make_the_same_file_name_each_get_their_note(tmp_path, data):
    """"jo smith" and "jo_smith" would both be students/jo_smith.txt: neither note is lost, and the command in each
    quotes an ID with a space."""
    roster = [{"student": "jo smith"}, {"student": "jo_smith"}]
    made = make_assignment(load_scenario(TUTORIAL_PATH), TUTORIAL_PATH, roster, tmp_path / "a2", KEY)
    notes = sorted((tmp_path / "a2" / "students").iterdir())
    assert [p.name for p in notes] == ["jo_smith-2.txt", "jo_smith.txt"]
    text = (tmp_path / "a2" / "students" / "jo_smith.txt").read_text(encoding="utf-8")
    assert f"frontdesk play --student 'jo smith' --code {made.enrolled('jo smith').code}" in text


def test_a_key_file_given_once_serves_the_whole_command(tmp_path, data, monkeypatch):
    """`--key-file` (use_key_file) makes that key the instructor key for the command and its grading workers (by
    FRONTDESK_KEY_FILE); a record made with another key says so in a note, its seeds read from the record."""
    from frontdesk.grading.assignments import KEY_FILE_ENV, instructor_key, use_key_file

    monkeypatch.setenv(KEY_FILE_ENV, "")  # set here, so the key file this test names is forgotten after it
    mine = tmp_path / "mine.key"
    mine.write_text(KEY.hex(), encoding="ascii")
    assert instructor_key() is None
    assert use_key_file(mine) == KEY and instructor_key() == KEY
    other = tmp_path / "other.key"
    other.write_text((bytes(32)).hex(), encoding="ascii")
    use_key_file(other)
    roster = [{"student": "ana1"}]
    made = make_assignment(load_scenario(TUTORIAL_PATH), TUTORIAL_PATH, roster, tmp_path / "a3", KEY)
    refusal, note = assignment_verdict(day_of(made, "ana1"), [made], instructor_key())
    assert refusal is None and "made with another instructor key than yours" in note


def test_play_with_a_code_says_what_is_missing_or_wrong(frontdesk, tmp_path, data):
    """`play --code` without `--student` names the option; a code for another scenario than the one named is
    refused; both before any window opens."""
    roster = tmp_path / "roster.csv"
    roster.write_text("student\nana1\n", encoding="utf-8")
    assert frontdesk("assign", "tutorial", "--roster", roster, "--out", tmp_path / "a")[0] == 0
    code = load_assignment(tmp_path / "a").enrolled("ana1").code
    assert frontdesk("play", "--code", code)[2].strip() == (
        "frontdesk play: --code needs --student ID, the student ID the code was made for")
    result = frontdesk("play", "laura-day", "--student", "ana1", "--code", code)
    assert result[0] == 2 and "this code is not for laura-day" in result[2]
