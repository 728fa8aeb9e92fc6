"""The scoreboard: one SQLite row per graded attempt, safe under concurrent graders, clear about bad files."""

from __future__ import annotations

import multiprocessing
import sqlite3
from pathlib import Path

import pytest

from frontdesk.grading import scoreboard as sb
from frontdesk.grading.scoreboard import Scoreboard, ScoreboardError, best_of, default_db_path, format_table


def grade(student: str | None = "s1", total: float = 80.0, scenario: str = "laura-day", **over) -> dict:
    """A grade JSON of DESIGN section 4 (plus mechanics), with the given student, total and scenario."""
    g = {"scenario": scenario, "scenario_sha256": f"sha-{scenario}", "student": student, "seed": 7,
         "total": total,
         "criteria": {"multitasking": {"score": total - 1, "weight": 0.35},
                      "accuracy": {"score": total, "weight": 0.40},
                      "privacy": {"score": total + 1, "weight": 0.25}},
         "findings": [{"at": "10:14", "criterion": "privacy", "mechanic": "M18", "severity": "breach",
                       "message": "told an ex-spouse a lab result", "better": "verify first",
                       "rule": "PHIPA s. 29", "points": 4.0}],
         "facts_sha256": f"facts-{student}-{total}",
         "mechanics": {"M18": {"name": "privacy throughout", "score": 6.0, "max": 10.0,
                               "checks": [{"criterion": "privacy", "competency": "protect privacy",
                                           "score": 6.0, "max": 10.0, "count": 2}]}}}
    g.update(over)
    return g


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test's user-data directory is inside tmp_path, so nothing is written to the real home."""
    home = tmp_path / "data"
    monkeypatch.setenv(sb.DATA_DIR_ENV, str(home))
    return home


@pytest.fixture
def board(tmp_path: Path):
    """An empty scoreboard in a fresh file, closed after the test."""
    with Scoreboard(tmp_path / "board.sqlite3") as b:
        yield b


def test_default_path_honours_the_data_dir_variable(data_dir: Path, tmp_path: Path) -> None:
    """FRONTDESK_DATA_DIR replaces the platform's user-data directory; the folder is made on first open, and
    nothing else is written anywhere."""
    assert default_db_path() == data_dir / "scoreboard.sqlite3"
    assert not data_dir.exists()
    with Scoreboard() as b:
        b.record(grade(), "r1", "2025-03-01T10:00:00Z")
    assert (data_dir / "scoreboard.sqlite3").is_file()
    assert {p.name for p in tmp_path.iterdir()} == {"data"}


def test_default_path_without_the_variable_is_the_platform_user_data_dir(monkeypatch) -> None:
    """Without the variable the file sits in platformdirs' user-data folder for "frontdesk"."""
    import platformdirs

    monkeypatch.delenv(sb.DATA_DIR_ENV)
    assert default_db_path() == platformdirs.user_data_path("frontdesk", appauthor=False) / "scoreboard.sqlite3"


def test_wal_mode_and_schema_version(board: Scoreboard) -> None:
    """The file is in WAL mode and carries the schema version and the application id."""
    assert board.journal_mode == "wal"
    raw = sqlite3.connect(board.path)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == sb.SCHEMA_VERSION
    assert raw.execute("PRAGMA application_id").fetchone()[0] == sb.APPLICATION_ID
    raw.close()


def test_the_same_replay_twice_keeps_one_row(board: Scoreboard, tmp_path: Path) -> None:
    """Grading a replay again adds nothing, also after reopening the file; another replay adds a row."""
    assert board.record(grade(), "replay-a", "2025-03-01T10:00:00Z", scenario_title="A full day") is True
    assert board.record(grade(), "replay-a", "2025-03-02T10:00:00Z") is False
    with Scoreboard(board.path) as again:
        assert again.record(grade(), "replay-a", "2025-03-03T10:00:00Z") is False
        assert again.record(grade(total=50), "replay-b", "2025-03-03T10:00:00Z") is True
    assert len(board) == 2
    first = board.attempts()[0]
    assert (first.student, first.total, first.accuracy, first.graded_at) == ("s1", 80.0, 80.0,
                                                                               "2025-03-01T10:00:00Z")
    assert first.scenario_title == "A full day" and first.grade["mechanics"]["M18"]["max"] == 10.0
    assert first.criteria["privacy"] == {"score": 81.0, "weight": 0.25}
    assert board.titles() == {"laura-day": "A full day"}


def test_graded_at_is_stored_as_utc_text_and_defaults_to_now(board: Scoreboard) -> None:
    """Offsets are converted to UTC; an omitted time is now; a malformed one is refused."""
    board.record(grade(), "r1", "2025-03-01T12:00:00+02:00")
    board.record(grade(), "r2")
    times = [a.graded_at for a in board.attempts(student="s1")]
    assert "2025-03-01T10:00:00Z" in times
    assert all(len(t) == 20 and t.endswith("Z") for t in times)
    with pytest.raises(ValueError, match="ISO-8601"):
        board.record(grade(), "r3", "yesterday")


def test_best_attempt_per_student_and_scenario(board: Scoreboard) -> None:
    """The highest total counts, ties go to the earliest graded; rows come by scenario, then total."""
    board.record(grade("ann", 70), "a1", "2025-03-01T09:00:00Z")
    board.record(grade("ann", 90), "a2", "2025-03-01T11:00:00Z")
    board.record(grade("ann", 85), "a3", "2025-03-01T12:00:00Z")
    board.record(grade("bob", 90), "b2", "2025-03-02T10:00:00Z")
    board.record(grade("bob", 90), "b1", "2025-03-01T10:00:00Z")  # same total, graded earlier
    board.record(grade("cy", 60), "c1", "2025-03-01T10:00:00Z")
    board.record(grade("ann", 40, scenario="tutorial"), "t1", "2025-03-01T10:00:00Z")
    best = board.best()
    assert [(r.scenario, r.student, r.total, r.replay_sha256) for r in best] == [
        ("laura-day", "bob", 90.0, "b1"),
        ("laura-day", "ann", 90.0, "a2"),
        ("laura-day", "cy", 60.0, "c1"),
        ("tutorial", "ann", 40.0, "t1"),
    ]
    assert [r.student for r in board.best("tutorial")] == ["ann"]
    assert best_of(board.attempts()) == best
    assert [r.replay_sha256 for r in board.attempts(scenario="laura-day", student="ann")] == ["a1", "a2", "a3"]


def test_format_table_ranks_students_per_scenario(board: Scoreboard) -> None:
    """The table names each scenario and lists its students best first; control characters are defused."""
    assert "No attempts" in format_table([])
    board.record(grade("ann", 90), "a", "2025-03-01T09:00:00Z", scenario_title="A full day")
    board.record(grade("b\x1b[2Jb", 75.5), "b", "2025-03-01T10:00:00Z")
    board.record(grade(None, 50), "c", "2025-03-01T11:00:00Z")
    text = format_table(board.best())
    lines = text.splitlines()
    assert lines[0] == "A full day (laura-day)"
    assert lines[1].split() == ["#", "Student", "Total", "Multitasking", "Accuracy", "Privacy", "Graded", "(UTC)"]
    assert lines[3].split()[:3] == ["1", "ann", "90.0"]
    assert lines[4].split()[:3] == ["2", "b?[2Jb", "75.5"]
    assert "(no id)" in lines[5] and "\x1b" not in text


def _writer(path: str, worker: int, count: int, start) -> None:
    start.wait(30)  # both open the new file at the same moment, racing the schema's creation too
    with Scoreboard(path) as b:
        for i in range(count):
            b.record(grade(f"w{worker}-{i % 7}", float(i % 100)), f"replay-{worker}-{i}", "2025-03-01T10:00:00Z")


def test_two_processes_writing_at_once_lose_no_row(tmp_path: Path) -> None:
    """Two graders recording 200 attempts each into one new file end with 400 rows."""
    path = str(tmp_path / "shared.sqlite3")
    ctx = multiprocessing.get_context()
    start = ctx.Barrier(2)
    procs = [ctx.Process(target=_writer, args=(path, w, 200, start)) for w in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    with Scoreboard(path) as b:
        assert len(b) == 400
        assert len({a.replay_sha256 for a in b.attempts()}) == 400


@pytest.mark.parametrize("content, words", [
    (b"this is a list of grades, not a database\n" * 100, "not an SQLite database"),
    (b"SQLite format 3\x00" + b"\xff" * 4000, "not an SQLite database"),
    (b"", None),
])
def test_a_file_that_is_not_a_scoreboard_is_refused_and_left_alone(tmp_path: Path, content: bytes,
                                                                   words: str) -> None:
    """Garbage or a damaged header gives one clear sentence, and the file's bytes are untouched."""
    path = tmp_path / "grades.sqlite3"
    path.write_bytes(content)
    if words is None:  # an empty file is a new scoreboard
        Scoreboard(path).close()
        return
    with pytest.raises(ScoreboardError, match=words) as info:
        Scoreboard(path)
    assert str(path) in str(info.value) and "\n" not in str(info.value)
    assert path.read_bytes() == content


def test_a_damaged_scoreboard_says_so(tmp_path: Path) -> None:
    """A scoreboard whose pages were overwritten gives a ScoreboardError naming the damage, not a traceback."""
    path = tmp_path / "board.sqlite3"
    with Scoreboard(path) as b:
        for i in range(50):
            b.record(grade(f"s{i}"), f"r{i}", "2025-03-01T10:00:00Z")
    data = bytearray(path.read_bytes())
    data[4096:] = b"\x5a" * (len(data) - 4096)  # every page after the first
    path.write_bytes(bytes(data))
    with pytest.raises(ScoreboardError, match="damaged|not an SQLite database"):
        with Scoreboard(path) as b:
            b.best()
            b.record(grade("late"), "r-late", "2025-03-01T10:00:00Z")


def test_another_programs_database_is_refused(tmp_path: Path) -> None:
    """An SQLite file with other tables is not taken over."""
    path = tmp_path / "other.db"
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE notes (x)")
    raw.commit()
    raw.close()
    with pytest.raises(ScoreboardError, match="not a Front Desk scoreboard"):
        Scoreboard(path)


def test_a_newer_scoreboard_is_refused(tmp_path: Path) -> None:
    """A file written by a newer schema version asks for an upgrade instead of being misread."""
    path = tmp_path / "new.sqlite3"
    Scoreboard(path).close()
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA user_version = {sb.SCHEMA_VERSION + 1}")
    raw.close()
    with pytest.raises(ScoreboardError, match="newer Front Desk.*upgrade"):
        Scoreboard(path)


def test_a_folder_or_a_missing_file_when_reading(tmp_path: Path) -> None:
    """A folder is not a scoreboard; create=False refuses to make a new file."""
    with pytest.raises(ScoreboardError, match="it is a folder"):
        Scoreboard(tmp_path)
    with pytest.raises(ScoreboardError, match="no scoreboard at"):
        Scoreboard(tmp_path / "none.sqlite3", create=False)
    assert not (tmp_path / "none.sqlite3").exists()


def _edit(path: Path, sql: str) -> None:
    """Change the scoreboard file by hand, as someone with a database tool would."""
    raw = sqlite3.connect(path)
    raw.execute(sql)
    raw.commit()
    raw.close()


def test_a_row_edited_grade_and_all_is_caught_by_its_seal(board: Scoreboard, data_dir: Path) -> None:
    """Raising a total in the row *and* in the grade JSON it keeps agrees with itself, but not with the row's seal:
    the scoreboard marks the row EDITED and says why; the other rows stay as they are."""
    board.record(grade("s1", 60.0), "r1", "2025-03-01T10:00:00Z")
    board.record(grade("s2", 70.0), "r2", "2025-03-01T10:00:00Z")
    _edit(board.path, "UPDATE attempts SET total = 99, grade = json_set(grade, '$.total', 99) WHERE student = 's1'")
    rows = {r.student: r for r in board.attempts()}
    assert rows["s1"].edited() == ("its grade, replay digest or time graded no longer match the seal it was "
                                   "recorded with")
    assert rows["s2"].edited() is None
    table = format_table(board.best())
    assert "EDITED: s1's row: its grade" in table and table.count("EDITED") == 2  # the mark and its note


def test_with_the_instructors_key_rows_are_sealed_with_it(tmp_path: Path, data_dir: Path) -> None:
    """On a computer holding the instructor's key every row is sealed with an HMAC of it, which a plain digest
    cannot imitate: a row edited and sealed again with SHA-256 under the keyed label is caught."""
    import hashlib
    import json

    from frontdesk.grading.assignments import load_key

    key = load_key(create=True)
    with Scoreboard(tmp_path / "k.sqlite3") as b:
        b.record(grade("s1", 60.0), "r1", "2025-03-01T10:00:00Z")
        row, = b.attempts()
        assert row.seal.startswith("hmac:") and row.edited() is None and row.edited(key) is None
        forged = {**row.grade, "total": 99}
        text = "\0".join([json.dumps(forged, sort_keys=True, separators=(",", ":")), "r1", row.graded_at])
        fake = row.seal.rsplit(":", 1)[0] + ":" + hashlib.sha256(text.encode()).hexdigest()
        _edit(b.path, f"UPDATE attempts SET total = 99, grade = json_set(grade, '$.total', 99), seal = '{fake}'")
        row, = b.attempts()
        assert row.edited() is not None


def test_a_version_1_scoreboard_gains_seals_and_keeps_its_rows(tmp_path: Path) -> None:
    """A scoreboard written before seals opens, is upgraded in place, keeps its rows (checked as before, with no
    seal) and seals the rows recorded after."""
    path = tmp_path / "old.sqlite3"
    raw = sqlite3.connect(path)
    for statement in sb._SCHEMA[1]:
        raw.execute(statement)
    raw.execute(f"PRAGMA application_id = {sb.APPLICATION_ID}")
    raw.execute("PRAGMA user_version = 1")
    raw.execute("INSERT INTO attempts (student, scenario, scenario_sha256, total, criteria, facts_sha256, "
                "replay_sha256, graded_at, grade) VALUES ('s0', 'laura-day', 'sha-laura-day', 50, '{}', 'f', 'r0', "
                "'2025-01-01T00:00:00Z', '{}')")
    raw.commit()
    raw.close()
    with Scoreboard(path) as b:
        b.record(grade("s1", 60.0), "r1", "2025-03-01T10:00:00Z")
        old, new = b.attempts()
        assert old.seal is None and new.seal.startswith("sha256:") and new.edited() is None
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == sb.SCHEMA_VERSION == 2
    raw.close()


def test_with_the_key_a_row_not_sealed_with_it_is_unsealed_until_vouched_for(tmp_path: Path, data_dir: Path) -> None:
    """Once this computer holds the instructor's key, a row whose seal is gone, replaced by a plain digest or by
    another key's label is marked UNSEALED (and so not exported); `reseal` seals the rows that agree with their
    grades and leaves an edited one EDITED. A row whose grade record was removed is EDITED whatever its seal."""
    from frontdesk.grading.assignments import load_key

    with Scoreboard(tmp_path / "b.sqlite3") as b:
        for i in range(4):
            b.record(grade(f"s{i}", 60.0 + i), f"r{i}", "2025-03-01T10:00:00Z")
    key = load_key(create=True)
    with Scoreboard(tmp_path / "b.sqlite3") as b:
        assert {r.problem(key)[0] for r in b.attempts()} == {"UNSEALED"}  # recorded before the key
        assert b.reseal(key) == (4, 0)
        assert all(r.problem() is None for r in b.attempts())
        _edit(b.path, "UPDATE attempts SET seal = NULL WHERE student = 's0'")
        _edit(b.path, "UPDATE attempts SET seal = 'hmac:000000000000:00' WHERE student = 's1'")
        _edit(b.path, "UPDATE attempts SET grade = 'null', total = 99 WHERE student = 's2'")
        _edit(b.path, "UPDATE attempts SET total = 99, grade = json_set(grade, '$.total', 99), seal = NULL "
                      "WHERE student = 's3'")
        marks = {r.student: r.problem() for r in b.attempts()}
        assert marks["s0"][0] == marks["s1"][0] == marks["s3"][0] == "UNSEALED"
        assert marks["s2"] == ("EDITED", "its grade record is missing")
        assert "UNSEALED: s0's row: it is not sealed with your instructor key" in format_table(b.best())


def test_grading_an_edited_rows_replay_again_puts_the_true_grade_back(board: Scoreboard) -> None:
    """A row changed by hand is replaced when its replay is graded again (grading an untouched row again adds
    nothing)."""
    board.record(grade("s1", 60.0), "r1", "2025-03-01T10:00:00Z")
    assert not board.record(grade("s1", 60.0), "r1", "2025-03-02T10:00:00Z")
    _edit(board.path, "UPDATE attempts SET total = 99")
    assert board.attempts()[0].problem()[0] == "EDITED"
    assert board.record(grade("s1", 60.0), "r1", "2025-03-02T10:00:00Z")
    row, = board.attempts()
    assert row.total == 60.0 and row.problem() is None


@pytest.mark.parametrize("seal", ["hmac", "hmac:x", "sha256", "md5:abc", ""])
def test_a_seal_of_the_wrong_shape_is_an_edit_not_a_crash(board: Scoreboard, data_dir: Path, seal: str) -> None:
    """A seal Front Desk never writes (cut short, of another kind, empty) marks the row EDITED, with or without the
    instructor's key on this computer; reading the scoreboard never fails on it."""
    from frontdesk.grading.assignments import load_key

    board.record(grade("s1", 60.0), "r1", "2025-03-01T10:00:00Z")
    _edit(board.path, f"UPDATE attempts SET seal = '{seal}'")
    row, = board.attempts()
    assert row.problem() == ("EDITED", "its seal is not one Front Desk writes")
    load_key(create=True)
    assert row.problem() == ("EDITED", "its seal is not one Front Desk writes")
    assert "EDITED" in format_table(board.best())


def test_printable_defuses_escapes_bidi_controls_and_line_breaks():
    """Escape sequences, C1 controls, every bidi control (U+202A-U+202E, U+2066-U+2069, U+200E/F, U+061C) and line
    or paragraph separators each show as ``?``; ordinary letters of any script stay."""
    from frontdesk.grading.scoreboard import printable

    evil = "\x1b]0;x\x07\x9b2J\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c\u2028\u2029\n"
    assert printable(evil) == "?]0;x??2J" + "?" * 15
    assert printable("Zoë Ünal Ωμέγα שלום 李") == "Zoë Ünal Ωμέγα שלום 李"
