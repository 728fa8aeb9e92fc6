"""A student's progress from this computer's scoreboard (simulator/ui/progress.py): reading never raises, the best
day and its verdict, the competencies in the scenario's framework, the version of the scenario, and keeping a
finished day on the scoreboard."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from frontdesk.grading.api import grade_simulation
from frontdesk.grading.competencies import MAERB, ONTARIO
from frontdesk.grading.scoreboard import Scoreboard
from frontdesk.simulator.bots import BotDriver, make_bot
from frontdesk.simulator.core import Simulation
from frontdesk.simulator.scenario import load_scenario
from frontdesk.simulator.scenario.shipped import shipped_dir
from frontdesk.simulator.scenario.summary import scenario_digest
from frontdesk.simulator.ui.progress import read_progress, record_day


def _day(scenario_id: str, bot: str, student: str = "S1") -> tuple:
    """The shipped scenario and the grade JSON of ``bot``'s day of it, graded for ``student``."""
    s = load_scenario(shipped_dir() / f"{scenario_id}.yaml")
    sim = Simulation(s, s.seed)
    BotDriver(sim, make_bot(bot, s, s.seed)).play()
    return s, grade_simulation(sim, student).to_json()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """Where this test's scoreboard goes (not created)."""
    return tmp_path / "scoreboard.sqlite3"


def test_nothing_to_read_says_why_in_one_line(db: Path):
    """No ID, no scoreboard, or no days of this student: no attempts, and a one-line note saying which."""
    assert read_progress(None, db).note == "Type your student ID below to see your results here."
    missing = read_progress("S1", db)
    assert missing.attempts == {} and not missing.problem and missing.note.startswith("No results for S1")
    assert not db.exists()
    s, grade = _day("tutorial", "expert", "S2")
    with Scoreboard(db) as board:
        board.record(grade, "a" * 64)
    other = read_progress("S1", db)
    assert other.attempts == {} and other.note.startswith("No results for S1")


def test_the_best_day_decides_the_result_and_every_day_counts_for_competencies(db: Path):
    """The best total (the earliest of equal ones) and its verdict are the result; the competencies are those the
    student's days demonstrated, in the Ontario set for an Ontario day."""
    s, expert = _day("tutorial", "expert")
    _, novice = _day("tutorial", "novice")
    with Scoreboard(db) as board:
        board.record(novice, "1" * 64, "2025-01-01T10:00:00Z")
        board.record(expert, "2" * 64, "2025-01-02T10:00:00Z")
    progress = read_progress("S1", db)
    assert progress.note == "" and set(progress.attempts) == {"tutorial"}
    found = progress.standing(s, scenario_digest(s))
    assert found is not None and found.attempts == 2 and found.best == expert["total"] > novice["total"]
    assert found.competent and not found.earlier_version
    assert found.framework == ONTARIO[0].framework and found.demonstrated and not found.not_yet
    assert {c.framework for c in found.demonstrated} == {ONTARIO[0].framework}


def test_a_critical_error_is_not_yet_competent_and_shows_no_competency(db: Path):
    """A best day with a critical error is "not yet competent", and demonstrates none of the competencies it
    assesses."""
    s, grade = _day("phone-storm", "novice")
    assert grade["competent"] is False
    with Scoreboard(db) as board:
        board.record(grade, "3" * 64)
    found = read_progress("S1", db).standing(s, scenario_digest(s))
    assert found is not None and not found.competent and found.demonstrated == () and found.not_yet


def test_a_us_day_is_shown_against_the_maerb_curriculum(db: Path):
    """The competencies of a US day are those of the CAAHEP/MAERB curriculum."""
    s, grade = _day("us-family-practice", "expert")
    with Scoreboard(db) as board:
        board.record(grade, "4" * 64)
    found = read_progress("S1", db).standing(s, scenario_digest(s))
    assert found is not None and found.framework == MAERB[0].framework
    assert {c.code for c in found.demonstrated} <= {c.code for c in MAERB} and found.demonstrated


def test_days_of_this_version_come_before_days_of_an_earlier_one(db: Path):
    """Days of the scenario as it is now count; only when there are none do days of an earlier version (same id,
    another digest) count, marked as such."""
    s, expert = _day("tutorial", "expert")
    _, novice = _day("tutorial", "novice")
    with Scoreboard(db) as board:
        board.record(dict(expert, scenario_sha256="0" * 64), "5" * 64)
    progress = read_progress("S1", db)
    old = progress.standing(s, scenario_digest(s))
    assert old is not None and old.earlier_version and old.best == expert["total"]
    with Scoreboard(db) as board:
        board.record(novice, "6" * 64)
    now = read_progress("S1", db).standing(s, scenario_digest(s))
    assert now is not None and not now.earlier_version and now.best == novice["total"] and now.attempts == 1


@pytest.mark.parametrize("damage", [b"not a database at all\n" * 100, b"SQLite format 3\x00" + b"\x00" * 200])
def test_a_scoreboard_that_cannot_be_read_is_one_line(db: Path, damage: bytes):
    """A file that is not a scoreboard (or a damaged one) gives no attempts and one line, never an exception; the
    file is not changed."""
    db.write_bytes(damage)
    progress = read_progress("S1", db)
    assert progress.problem and progress.attempts == {} and progress.note.startswith("Your results cannot be shown: ")
    assert "\n" not in progress.note and db.read_bytes() == damage


def test_record_day_keeps_the_day_once_as_frontdesk_grade_would(db: Path, tmp_path: Path):
    """A finished day is recorded under its replay file's SHA-256 (the key `frontdesk grade` uses), once however
    often it is recorded; a scoreboard that cannot be written only returns why."""
    s, grade = _day("tutorial", "expert")
    replay = tmp_path / "day.json"
    replay.write_text('{"a replay": true}\n', encoding="utf-8")
    assert record_day(grade, replay, s.title, db) is None
    assert record_day(grade, replay, s.title, db) is None
    with Scoreboard(db, create=False) as board:
        [row] = board.attempts()
    assert row.replay_sha256 == hashlib.sha256(replay.read_bytes()).hexdigest() and row.student == "S1"
    assert row.scenario_title == s.title and row.grade == grade
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"nope\n" * 100)
    why = record_day(grade, replay, s.title, bad)
    assert why is not None and "not a Front Desk scoreboard" in why
    assert record_day(grade, tmp_path / "gone.json", s.title, db) is not None
