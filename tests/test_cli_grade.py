"""`frontdesk grade`, `run --json`, `scoreboard`, `export` and `calibrate` through the real command line."""

import json
import re
import sqlite3
import subprocess
import sys

import pytest

from conftest import SCENARIOS
from test_scoreboard import grade  # the sample grade JSON, shared (tests/ is on sys.path)


@pytest.fixture(scope="module")
def replays(tmp_path_factory):
    """An expert and a novice replay of the tutorial, recorded by `frontdesk run --replay-out`."""
    from frontdesk.simulator.cli import main

    folder = tmp_path_factory.mktemp("replays")
    for bot, student in (("expert", "s100"), ("novice", "=cmd|' /C calc'!A0")):
        path = folder / f"{bot}.json"
        assert main(["run", str(SCENARIOS / "tutorial.yaml"), "--bot", bot, "--replay-out", str(path)]) == 0
        data = json.loads(path.read_text(encoding="utf-8"))
        data["student"] = student  # a recorded attempt carries the student's id; one tries to be a formula
        del data["bot"]  # as if the student had played it; grade still recognises the bot's day, so the tests that
        # record these stand-ins pass --allow-bot-match, the instructor's override
        path.write_text(json.dumps(data), encoding="utf-8")
    return folder


def test_run_and_grade_agree(frontdesk, replays, tmp_path):
    """`run --json` and `grade --json` of the same day give the same total and facts digest, with the grade keys."""
    code, out, _ = frontdesk("run", SCENARIOS / "tutorial.yaml", "--bot", "novice", "--json")
    ran = json.loads(out)
    code2, out2, _ = frontdesk("grade", replays / "novice.json", "--json", "--db", tmp_path / "s.db")
    graded = json.loads(out2)
    assert code == code2 == 0
    assert ran["total"] == graded["total"] and ran["facts_sha256"] == graded["facts_sha256"]
    assert set(graded) == {"scenario", "scenario_sha256", "student", "seed", "total", "criteria", "findings",
                           "facts_sha256", "mechanics", "competent", "critical", "lines"}
    assert set(ran) == set(graded) | {"summary"}


def test_a_batch_goes_on_past_a_bad_file_and_says_so(frontdesk, replays, tmp_path):
    """A corrupt replay among good ones is reported on its own line; the rest are graded; the exit code is 1."""
    (tmp_path / "batch").mkdir()
    for name in ("expert", "novice"):
        (tmp_path / "batch" / f"{name}.json").write_bytes((replays / f"{name}.json").read_bytes())
    (tmp_path / "batch" / "broken.json").write_text('{"format": 1, "actions": [', encoding="utf-8")
    code, out, err = frontdesk("grade", tmp_path / "batch", "--jobs", "2", "--db", tmp_path / "s.db",
                               "--report", tmp_path / "reports")
    assert code == 1
    assert "broken.json" in err and "graded 2 of 3 replays; 1 could not be graded" in err
    assert len(out.strip().splitlines()) == 3  # a header and one line per graded replay
    reports = sorted(p.name for p in (tmp_path / "reports").iterdir())
    assert reports == ["expert.html", "flags.csv", "novice.html", "similarity.csv"]  # the batch compared, beside them
    html = (tmp_path / "reports" / "novice.html").read_text(encoding="utf-8")
    assert "<svg" in html and "http://" not in html.replace("http://www.w3.org/2000/svg", "")


def test_the_scoreboard_keeps_one_row_per_replay(frontdesk, replays, tmp_path):
    """Grading the same replays twice adds no row; `scoreboard` shows the best attempt per student."""
    db = tmp_path / "s.db"
    for _ in range(2):
        assert frontdesk("grade", replays, "--db", db, "--allow-bot-match")[0] == 0
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from attempts").fetchone()[0] == 2
        assert conn.execute("pragma journal_mode").fetchone()[0] == "wal"
    code, out, _ = frontdesk("scoreboard", "--db", db)
    assert code == 0 and "tutorial" in out


def test_exports_have_the_lms_headers(frontdesk, replays, tmp_path):
    """Canvas: Student, ID, SIS User ID, SIS Login ID, Section, then `Title (id)`, and a Points Possible row."""
    db = tmp_path / "s.db"
    frontdesk("grade", replays, "--db", db, "--allow-bot-match")
    code, out, _ = frontdesk("export", "--format", "canvas", "--db", db)
    header, points = out.splitlines()[:2]
    assert code == 0
    assert header.startswith("Student,ID,SIS User ID,SIS Login ID,Section,") and header.endswith("(tutorial) competent")
    assert points.startswith("Points Possible,")
    assert "'=cmd" in out and "\n=cmd" not in out  # a student id cannot become a spreadsheet formula
    code, out, _ = frontdesk("export", "--format", "moodle", "--db", db)
    assert out.splitlines()[0].startswith("ID number,")
    out_file = tmp_path / "out.csv"
    assert frontdesk("export", "--format", "csv", "--db", db, "--out", out_file)[0] == 0
    assert out_file.read_text(encoding="utf-8").startswith("student,scenario,")


def test_a_replay_of_a_changed_scenario_is_refused(frontdesk, replays, tmp_path):
    """A replay recorded on another version of its scenario is reported in one line, not graded."""
    data = json.loads((replays / "expert.json").read_text(encoding="utf-8"))
    data["scenario_sha256"] = "0" * 64
    (tmp_path / "old.json").write_text(json.dumps(data), encoding="utf-8")
    code, _, err = frontdesk("grade", tmp_path / "old.json", "--no-db")
    assert code == 1 and "different version of 'tutorial'" in err and "Traceback" not in err


def test_calibrate_reports_the_bots_and_coverage(frontdesk):
    """`calibrate` prints each bot's score, the spread and coverage by mechanic."""
    code, out, _ = frontdesk("calibrate", SCENARIOS / "tutorial.yaml", "--random-seeds", "1")
    assert code == 0
    for word in ("expert", "novice", "random", "spread", "coverage by mechanic", "warnings"):
        assert word in out


def test_a_bots_day_is_graded_but_not_put_on_the_scoreboard(frontdesk, tmp_path):
    """`run --bot --replay-out` marks the replay as the bot's: `grade` says so and records no row."""
    replay = tmp_path / "bot.json"
    assert frontdesk("run", SCENARIOS / "tutorial.yaml", "--bot", "expert", "--replay-out", replay)[0] == 0
    assert json.loads(replay.read_text(encoding="utf-8"))["bot"] == "expert"
    code, _, err = frontdesk("grade", replay, "--db", tmp_path / "s.db")
    assert code == 0 and "played by the expert bot" in err
    with sqlite3.connect(tmp_path / "s.db") as conn:
        assert conn.execute("select count(*) from attempts").fetchone()[0] == 0


def test_a_bot_key_nulled_still_keeps_the_day_off_the_scoreboard(frontdesk, tmp_path):
    """The expert's replay with `"bot": null` (or `false`) is still a bot's day: `grade` says it is marked as one
    and records no row."""
    replay = tmp_path / "bot.json"
    assert frontdesk("run", SCENARIOS / "tutorial.yaml", "--bot", "expert", "--replay-out", replay)[0] == 0
    for value in ("null", "false"):
        replay.write_text(replay.read_text(encoding="utf-8").replace('"bot": "expert"', f'"bot": {value}')
                          .replace('"bot": null', f'"bot": {value}'), encoding="utf-8")
        code, _, err = frontdesk("grade", replay, "--db", tmp_path / "s.db")
        assert code == 0 and "is marked as a bot's day, not a student's" in err
    with sqlite3.connect(tmp_path / "s.db") as conn:
        assert conn.execute("select count(*) from attempts").fetchone()[0] == 0


def test_a_report_never_replaces_a_file_the_user_had(frontdesk, replays, tmp_path):
    """A debrief whose name is taken by the user's own file is written beside it, under another name."""
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "expert.html").write_text("my notes", encoding="utf-8")
    assert frontdesk("grade", replays / "expert.json", "--no-db", "--report", folder)[0] == 0
    assert (folder / "expert.html").read_text(encoding="utf-8") == "my notes"
    [page] = folder.glob("expert-*.html")
    assert re.fullmatch(r"expert-[0-9a-f]{8}\.html", page.name)
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_a_deeply_nested_file_is_one_line_not_a_crash(frontdesk, replays, tmp_path):
    """A replay nested thousands deep is refused in one line, and the rest of the batch is graded."""
    (tmp_path / "batch").mkdir()
    (tmp_path / "batch" / "deep.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    (tmp_path / "batch" / "ok.json").write_bytes((replays / "expert.json").read_bytes())
    code, out, err = frontdesk("grade", tmp_path / "batch", "--no-db")
    assert code == 1 and "deep.json: not a replay file" in err and "Traceback" not in err
    assert "graded 1 of 2 replays" in err


def test_grade_tidies_what_a_killed_grade_left_in_the_report_folder(frontdesk, replays, tmp_path):
    """Starting `grade --report DIR` removes the minute-old temporary files of debriefs and CSV files a killed
    grade left there, and nothing of the user's."""
    import os
    import time

    folder = tmp_path / "reports"
    folder.mkdir()
    names = (".expert.html.k2x9_a0q.tmp", ".flags.csv.abcdefgh.tmp", ".notes.txt.abcdefgh.tmp", "notes.txt")
    then = time.time() - 120
    for name in names:
        (folder / name).write_text("x", encoding="utf-8")
        os.utime(folder / name, (then, then))
    assert frontdesk("grade", replays / "expert.json", "--no-db", "--report", folder)[0] == 0
    assert sorted(p.name for p in folder.iterdir()) == [".notes.txt.abcdefgh.tmp", "expert.html", "flags.csv",
                                                          "notes.txt"]


def test_grade_prints_no_escape_sequence_or_bidi_control_from_a_replay(frontdesk, replays, tmp_path):
    """A replay's file name and student id reach the terminal (the table, the messages, a refusal) with escape
    sequences and bidi controls shown as ``?``."""
    folder = tmp_path / "batch"
    folder.mkdir()
    data = json.loads((replays / "expert.json").read_text(encoding="utf-8"))
    data["student"] = "\x1b[2J\u202eevil"
    (folder / "a\x1b[31m\u202e.json").write_text(json.dumps(data), encoding="utf-8")
    (folder / "b\x1b]0;x\x07\u2066.json").write_text("{broken", encoding="utf-8")
    code, out, err = frontdesk("grade", folder, "--no-db")
    assert code == 1
    assert not any(ch in out + err for ch in ("\x1b", "\x07", "\u202e", "\u2066"))
    assert "a?[31m?.json" in out and "?[2J?evil" in out and "b?]0;x??.json" in err


def test_every_replay_gets_its_own_debrief_whatever_its_name(frontdesk, replays, tmp_path):
    """A batch with a 250-byte file name, and in two folders each a replay of one short name and one of 255 bytes
    in two-byte letters, grades every file and writes one debrief per replay, each name within 255 bytes; graded
    again, each replay's debrief is replaced in place, and a same-named replay graded alone later gets its own."""
    batch = tmp_path / "batch"
    for folder in ("a", "b"):
        (batch / folder).mkdir(parents=True)
        for name in ("day.json", "é" * 125 + ".json"):
            (batch / folder / name).write_bytes((replays / "expert.json").read_bytes())
    (batch / "a" / ("x" * 245 + ".json")).write_bytes((replays / "expert.json").read_bytes())
    reports = tmp_path / "reports"
    code, out, err = frontdesk("grade", batch, "--no-db", "--allow-bot-match", "--report", reports)
    assert code == 0 and "graded 5 of 5 replays" in err

    def debriefs() -> list[str]:
        return sorted(p.name for p in reports.glob("*.html"))

    first = debriefs()
    assert len(first) == 5 and all(len(name.encode()) <= 255 for name in first)
    assert "day.html" in first and any(re.fullmatch(r"day-[0-9a-f]{8}\.html", n) for n in first)
    assert frontdesk("grade", batch, "--no-db", "--allow-bot-match", "--report", reports)[0] == 0
    assert debriefs() == first
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "day.json").write_bytes((replays / "novice.json").read_bytes())
    assert frontdesk("grade", tmp_path / "c" / "day.json", "--no-db", "--allow-bot-match", "--report", reports)[0] == 0
    assert len(debriefs()) == 6 and set(first) < set(debriefs())


def test_a_replay_over_a_cap_is_one_line_and_the_batch_goes_on(frontdesk, replays, tmp_path):
    """`grade` refuses a replay over the size or the action cap in one line each (no traceback) and grades the
    rest of the batch."""
    from frontdesk.simulator.replay import MAX_REPLAY_ACTIONS, MAX_REPLAY_BYTES

    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "ok.json").write_bytes((replays / "expert.json").read_bytes())
    (batch / "big.json").write_bytes(b" " * (MAX_REPLAY_BYTES + 1))
    data = json.loads((replays / "expert.json").read_text(encoding="utf-8"))
    data["actions"] = [data["actions"][-1]] * (MAX_REPLAY_ACTIONS + 1)
    (batch / "long.json").write_text(json.dumps(data), encoding="utf-8")
    code, out, err = frontdesk("grade", batch, "--no-db", "--allow-bot-match")
    assert code == 1 and "graded 1 of 3 replays" in err and "Traceback" not in err
    assert [line for line in err.splitlines() if "big.json" in line or "long.json" in line] == [
        f"frontdesk grade: {batch / 'big.json'}: too large to be a replay: more than 2 MiB, where a whole day takes "
        "tens of kB",
        f"frontdesk grade: {batch / 'long.json'}: 20,001 actions, more than any day holds (at most 20,000; a whole "
        "day takes a few hundred)"]


def test_flags_and_similarity_csv_hold_no_formula(frontdesk, replays, tmp_path):
    """flags.csv and similarity.csv beside the debriefs quote a student id or a file name that a spreadsheet would
    read as a formula (=, +, -, @), like every export."""
    import csv

    batch = tmp_path / "batch"
    batch.mkdir()
    for name in ("=HYPERLINK(1).json", "@SUM(A1).json"):
        (batch / name).write_bytes((replays / "novice.json").read_bytes())  # its student is "=cmd|' /C calc'!A0"
    assert frontdesk("grade", batch, "--no-db", "--report", tmp_path / "out")[0] == 0
    for name in ("flags.csv", "similarity.csv"):
        with open(tmp_path / "out" / name, encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        assert len(rows) > 1 and not [c for row in rows for c in row if c[:1] in ("=", "+", "-", "@")], name


@pytest.fixture
def gradebook(tmp_path):
    """A scoreboard file of two scenarios: ann on both, zoë (an accented id) on laura-day only."""
    from frontdesk.grading.scoreboard import Scoreboard

    db = tmp_path / "board.sqlite3"
    with Scoreboard(db) as board:
        board.record(grade("ann", 92.5), "a1", "2025-03-01T10:00:00Z", scenario_title="A full day")
        board.record(grade("zoë", 64.25), "z1", "2025-03-01T11:00:00Z", scenario_title="A full day")
        board.record(grade("ann", 100, scenario="tutorial"), "t1", "2025-03-01T12:00:00Z", scenario_title="Tutorial")
    return db


def test_canvas_assignment_ids_come_from_the_command_line(frontdesk, gradebook):
    """`--canvas-assignment-id SCENARIO=ID`, repeatable, puts each scenario's grades in that Canvas assignment."""
    code, out, _ = frontdesk("export", "--format", "canvas", "--db", gradebook,
                             "--canvas-assignment-id", "laura-day=4021", "--canvas-assignment-id", "tutorial=17")
    assert code == 0
    assert out.splitlines()[0].split(",")[5:] == ["A full day (4021)", "A full day (4021) competent",
                                                  "Tutorial (17)", "Tutorial (17) competent"]


@pytest.mark.parametrize("value", ["laura-day", "laura-day=", "=4021", "laura-day=x", "laura-day=0",
                                   "laura-day=-3", "laura-day=٤٠٢١"])
def test_a_malformed_canvas_assignment_id_is_a_usage_error(frontdesk, gradebook, value):
    """A value that is not SCENARIO=ID with a positive number is one line on stderr, exit 2, nothing written."""
    code, out, err = frontdesk("export", "--format", "canvas", "--db", gradebook, "--canvas-assignment-id", value)
    assert (code, out) == (2, "")
    assert err.startswith("frontdesk export: --canvas-assignment-id takes SCENARIO=ID") and err.count("\n") == 1


#: Runs ``frontdesk`` behind a stdout like Windows' console: text that turns each "\n" into "\r\n" and encodes in
#: a code page, not UTF-8. Only bytes written past the text layer come out as the export made them.
WINDOWS_STDOUT = ("import io, sys; sys.stdout = io.TextIOWrapper(sys.stdout.buffer, encoding='cp1252', "
                  "newline='\\r\\n'); from frontdesk.simulator.cli import main; sys.exit(main(sys.argv[1:]))")


def _export_bytes(*args, windows: bool = False) -> bytes:
    """The stdout bytes of `frontdesk export ARGS` run in a new process (as on Windows with ``windows``)."""
    command = [sys.executable, "-c", WINDOWS_STDOUT] if windows else [sys.executable, "-m", "frontdesk"]
    done = subprocess.run([*command, "export", *map(str, args)], capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    return done.stdout


@pytest.mark.parametrize("fmt", ["csv", "canvas", "moodle", "brightspace", "competencies"])
@pytest.mark.parametrize("windows", [False, True])
def test_stdout_gets_the_csv_bytes_exactly(gradebook, fmt, windows):
    """A CSV export printed to stdout is the export's own UTF-8 bytes: every line ends in CRLF, never CR CR LF,
    and an accented id is UTF-8, even behind a text stdout that translates newlines (Windows)."""
    data = _export_bytes("--format", fmt, "--db", gradebook, windows=windows)
    assert data.endswith(b"\r\n") and b"\r\r\n" not in data
    assert data.count(b"\n") == data.count(b"\r\n") > 1
    assert "zoë".encode("utf-8") in data and not data.startswith(b"\xef\xbb\xbf")


def test_bom_only_when_asked(gradebook, tmp_path):
    """`--bom` starts the CSV with the UTF-8 byte-order mark, on stdout and in a file alike; without it, no mark
    (the LMSs import without one); it is refused for Gradescope's JSON."""
    bom = b"\xef\xbb\xbf"
    for windows in (False, True):
        data = _export_bytes("--format", "brightspace", "--db", gradebook, "--bom", windows=windows)
        assert data.startswith(bom + b"OrgDefinedId,") and data.count(bom) == 1 and b"\r\r\n" not in data
    out = tmp_path / "grades.csv"
    _export_bytes("--format", "moodle", "--db", gradebook, "--bom", "--out", out)
    assert out.read_bytes().startswith(bom + b"ID number,")
    _export_bytes("--format", "moodle", "--db", gradebook, "--out", out)
    assert out.read_bytes().startswith(b"ID number,")
    done = subprocess.run([sys.executable, "-m", "frontdesk", "export", "--format", "gradescope", "--db",
                           str(gradebook), "--bom"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and done.stderr == ("frontdesk export: --bom is for the CSV formats; --format "
                                                    "gradescope writes no CSV\n")
