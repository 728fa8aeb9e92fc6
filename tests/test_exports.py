"""Exports: the generic CSV, Canvas, Moodle and Brightspace gradebooks, Gradescope results and a runnable Gradescope
autograder."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from frontdesk.grading import exports
from frontdesk.grading.exports import ExportError, export, gradescope_autograder, gradescope_results, load_roster
from frontdesk.grading.scoreboard import DATA_DIR_ENV, Scoreboard

from test_scoreboard import grade  # the sample grade JSON, shared (tests/ is on sys.path)

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing a test does may touch the real user-data directory."""
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "data"))


@pytest.fixture
def board(tmp_path: Path):
    """A scoreboard with two scenarios: ann twice and bob on laura-day, ann on the tutorial."""
    with Scoreboard(tmp_path / "board.sqlite3") as b:
        b.record(grade("ann", 70), "a1", "2025-03-01T09:00:00Z", scenario_title="A full day")
        b.record(grade("ann", 92.5), "a2", "2025-03-01T10:00:00Z", scenario_title="A full day")
        b.record(grade("bob", 64.25), "b1", "2025-03-01T11:00:00Z", scenario_title="A full day")
        b.record(grade("ann", 100, scenario="tutorial"), "t1", "2025-03-01T12:00:00Z", scenario_title="Tutorial")
        yield b


def rows_of(text: str) -> list[list[str]]:
    """The rows of a CSV export (which must end its lines with CRLF)."""
    assert text.endswith("\r\n")
    return list(csv.reader(io.StringIO(text)))


def test_generic_csv_has_one_row_per_best_attempt(board: Scoreboard) -> None:
    """Header exactly as documented; only each student's best attempt; numbers without trailing zeros; whether
    the day is competent (no critical error) beside the scores; the replay's and the facts' digests to
    cross-check the row against the file handed in."""
    rows = rows_of(export(board, "csv"))
    assert rows[0] == ["student", "scenario", "scenario_sha256", "total", "multitasking", "accuracy", "privacy",
                       "competent", "critical_errors", "graded_at", "replay_sha256", "facts_sha256"]
    assert rows[1:] == [
        ["ann", "laura-day", "sha-laura-day", "92.5", "91.5", "92.5", "93.5", "yes", "", "2025-03-01T10:00:00Z", "a2",
         "facts-ann-92.5"],
        ["bob", "laura-day", "sha-laura-day", "64.25", "63.25", "64.25", "65.25", "yes", "", "2025-03-01T11:00:00Z",
         "b1", "facts-bob-64.25"],
        ["ann", "tutorial", "sha-tutorial", "100", "99", "100", "101", "yes", "", "2025-03-01T12:00:00Z", "t1",
         "facts-ann-100"],
    ]
    # A list of attempts gives the same file as the scoreboard: the export is a function of the best attempts.
    assert export(board.attempts(), "csv") == export(board, "csv")
    assert len(rows_of(export(board, "csv", scenario="tutorial"))) == 2


def test_canvas_gradebook_header_points_row_and_students(board: Scoreboard) -> None:
    """Canvas: Student, ID, SIS User ID, SIS Login ID, Section, then `Title (id)` and its `competent`
    (complete/incomplete) column per scenario; a Points Possible row; the id in both SIS columns, the roster's
    name and section when known; blank when not tried."""
    roster = {"bob": {"name": "Bob Li", "section": "MOA-101 A"}}
    rows = rows_of(export(board, "canvas", roster=roster))
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section",
                       "A full day (laura-day)", "A full day (laura-day) competent", "Tutorial (tutorial)",
                       "Tutorial (tutorial) competent"]
    assert rows[1] == ["Points Possible", "", "", "", "", "100", "", "100", ""]
    assert rows[2:] == [["ann", "", "ann", "ann", "", "92.5", "complete", "100", "complete"],
                        ["Bob Li", "", "bob", "bob", "MOA-101 A", "64.25", "complete", "", ""]]


def test_canvas_can_target_existing_assignments(board: Scoreboard) -> None:
    """With Canvas assignment ids, the parentheses hold them, so Canvas updates those assignments."""
    rows = rows_of(export(board, "canvas", canvas_assignment_ids={"laura-day": 4021}))
    assert rows[0][5:] == ["A full day (4021)", "A full day (4021) competent", "Tutorial (tutorial)",
                           "Tutorial (tutorial) competent"]


def test_canvas_refuses_an_assignment_id_for_a_scenario_not_exported(board: Scoreboard) -> None:
    """An assignment id for a scenario with no attempt in the export (a mistyped id) is an error naming it and
    the scenarios there are, rather than a new assignment made beside the one meant."""
    with pytest.raises(ExportError, match=r"given for 'laura_day', .* \(its scenarios: laura-day, tutorial\)"):
        export(board, "canvas", canvas_assignment_ids={"laura_day": 4021})


def test_moodle_csv_maps_on_id_number_or_email(board: Scoreboard) -> None:
    """Moodle: an identifier column to map users on, then per scenario its grade and a feedback column (empty
    unless the day has a critical error); by e-mail, every student needs one in the roster (Moodle would abandon
    the import over one unknown row)."""
    rows = rows_of(export(board, "moodle"))
    assert rows == [["ID number", "A full day (laura-day)", "A full day (laura-day) feedback", "Tutorial (tutorial)",
                     "Tutorial (tutorial) feedback"],
                    ["ann", "92.5", "", "100", ""], ["bob", "64.25", "", "-", ""]]
    roster = {"ann": {"email": "ann@example.edu"}, "bob": {"email": "bob@example.edu"}}
    rows = rows_of(export(board, "moodle", roster=roster, moodle_id="email"))
    assert rows[0][0] == "Email address" and [r[0] for r in rows[1:]] == ["ann@example.edu", "bob@example.edu"]
    with pytest.raises(ExportError, match="no e-mail address in the roster for bob"):
        export(board, "moodle", roster={"ann": {"email": "a@x"}}, moodle_id="email")
    with pytest.raises(ExportError, match="idnumber, email, username, not 'userid'"):
        export(board, "moodle", moodle_id="userid")


def test_moodle_writes_a_dash_for_a_scenario_not_played(board: Scoreboard) -> None:
    """A scenario the student has not played is `-` in its grade column, written bare (not quoted as a formula):
    Moodle reads `-` as no grade, where an empty cell imported into a new grade item becomes 0."""
    text = export(board, "moodle")
    assert text.splitlines()[2] == "bob,64.25,,-,"
    assert "'-" not in text


def test_moodle_maps_on_username_from_the_roster(board: Scoreboard) -> None:
    """`username`: a `Username` column holding the roster's username; without that column, the student id; with
    it, a student left without one is an error naming them (they would be matched by a guess)."""
    roster = {"ann": {"username": "aroy"}, "bob": {"username": "bli"}}
    rows = rows_of(export(board, "moodle", roster=roster, moodle_id="username"))
    assert rows[0][0] == "Username" and [r[0] for r in rows[1:]] == ["aroy", "bli"]
    rows = rows_of(export(board, "moodle", roster={"ann": {"name": "Ann Roy"}}, moodle_id="username"))
    assert [r[0] for r in rows[1:]] == ["ann", "bob"]
    with pytest.raises(ExportError, match="no Moodle username in the roster for bob"):
        export(board, "moodle", roster={"ann": {"username": "aroy"}, "bob": {"username": ""}}, moodle_id="username")


def test_brightspace_import_layout(board: Scoreboard) -> None:
    """Brightspace: `OrgDefinedId`, a `Title (id) Points Grade` column per scenario, `End-of-Line Indicator`;
    each id prefixed with `#`, each row ending in `#`, an empty cell for a scenario not played; CRLF lines."""
    text = export(board, "brightspace")
    assert text.split("\r\n") == [
        "OrgDefinedId,A full day (laura-day) Points Grade,Tutorial (tutorial) Points Grade,End-of-Line Indicator",
        "#ann,92.5,100,#",
        "#bob,64.25,,#",
        "",
    ]


def test_brightspace_ids_come_from_the_roster(board: Scoreboard) -> None:
    """The roster's `orgdefinedid` (or `username` with that identifier) replaces the student id, still behind
    `#`; a student the column leaves blank is an error naming them; any other identifier is refused."""
    roster = {"ann": {"orgdefinedid": "00246", "username": "aroy"}, "bob": {"orgdefinedid": "00777",
                                                                            "username": "bli"}}
    rows = rows_of(export(board, "brightspace", roster=roster))
    assert [r[0] for r in rows] == ["OrgDefinedId", "#00246", "#00777"]
    rows = rows_of(export(board, "brightspace", roster=roster, brightspace_id="username"))
    assert [r[0] for r in rows] == ["Username", "#aroy", "#bli"] and rows[1][-1] == "#"
    with pytest.raises(ExportError, match="no OrgDefinedId in the roster for bob"):
        export(board, "brightspace", roster={"ann": {"orgdefinedid": "00246"}})
    with pytest.raises(ExportError, match="orgdefinedid or username, not 'email'"):
        export(board, "brightspace", brightspace_id="email")


def test_gradebooks_leave_out_attempts_without_a_student_id(tmp_path: Path) -> None:
    """An attempt recorded without a student id matches no one in an LMS; the generic CSV still lists it."""
    with Scoreboard(tmp_path / "b.sqlite3") as b:
        b.record(grade(None, 50), "x", "2025-03-01T10:00:00Z")
        b.record(grade("ann", 60), "y", "2025-03-01T10:00:00Z")
        assert [r[0] for r in rows_of(export(b, "canvas"))[2:]] == ["ann"]
        assert [r[0] for r in rows_of(export(b, "moodle"))[1:]] == ["ann"]
        assert sorted(r[0] for r in rows_of(export(b, "csv"))[1:]) == ["", "ann"]


@pytest.mark.parametrize("fmt", ["csv", "canvas", "moodle", "brightspace"])
def test_no_cell_can_become_a_spreadsheet_formula(tmp_path: Path, fmt: str) -> None:
    """Cells starting with =, +, -, @ (or tab/CR) get a leading quote: student ids, names, titles alike (a
    Brightspace id is behind its `#` instead)."""
    nasty = ['=HYPERLINK("http://x","click")', "+1+1", "-2+3", "@SUM(A1:A9)", "\tx"]
    with Scoreboard(tmp_path / "b.sqlite3") as b:
        for i, sid in enumerate(nasty):
            b.record(grade(sid, 70 + i), f"r{i}", "2025-03-01T10:00:00Z", scenario_title="=cmd|' /C calc'!A0")
        roster = {sid: {"name": "=2*3", "section": "@S", "email": f"+{i}@x"} for i, sid in enumerate(nasty)}
        text = export(b, fmt, roster=roster, moodle_id="email" if fmt == "moodle" else "idnumber")
    cells = [c for row in rows_of(text) for c in row]
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))]
    assert "'=HYPERLINK(\"http://x\",\"click\")" in cells or fmt in ("moodle", "brightspace")
    assert "#=HYPERLINK(\"http://x\",\"click\")" in cells or fmt != "brightspace"
    assert any(c.startswith("'=cmd") for c in cells) or fmt == "csv"  # the generic CSV has no titles
    assert exports.neutralise("-2") == "'-2" and exports.neutralise("92.5") == "92.5"


def test_gradescope_results_follow_the_autograder_specification() -> None:
    """score; one test per criterion and per mechanic with name, score, max_score, output, tags, visibility;
    a leaderboard with the total and each criterion."""
    g = grade("ann", 87.5)
    g["mechanics"]["M7"] = {"name": "multi-line phones", "score": 8.5, "max": 10.0,
                            "checks": [{"criterion": "multitasking", "competency": "answer within 3 rings",
                                        "score": 8.5, "max": 10.0, "count": 4}]}
    results = gradescope_results(g)
    json.dumps(results)  # it is written as JSON
    assert results["score"] == 87.5
    names = [t["name"] for t in results["tests"]]
    assert names == ["Multitasking", "Accuracy", "Privacy", "M18 privacy throughout", "M7 multi-line phones"]
    for test in results["tests"]:
        assert set(test) == {"name", "score", "max_score", "output", "tags", "visibility"}
        assert test["visibility"] == "visible" and 0 <= test["score"] <= test["max_score"]
    privacy = results["tests"][2]
    assert privacy["max_score"] == 100.0 and privacy["tags"] == ["criterion", "privacy"]
    assert "told an ex-spouse a lab result" in privacy["output"] and "Better: verify first" in privacy["output"]
    m18 = results["tests"][3]
    assert (m18["score"], m18["max_score"]) == (6.0, 10.0)
    assert m18["tags"] == ["M18", "privacy", "protect privacy"]
    del g["mechanics"]["M7"]["checks"]  # a mechanic without rubric lines or findings still explains itself
    m7 = gradescope_results(g)["tests"][4]
    assert m7["tags"] == ["M7"] and m7["output"] == ""
    assert "Rule: PHIPA s. 29" in m18["output"]
    assert results["leaderboard"] == [{"name": "Total", "value": 87.5, "order": "desc"},
                                      {"name": "Multitasking", "value": 86.5, "order": "desc"},
                                      {"name": "Accuracy", "value": 87.5, "order": "desc"},
                                      {"name": "Privacy", "value": 88.5, "order": "desc"}]


def test_gradescope_export_needs_exactly_one_attempt(board: Scoreboard) -> None:
    """From a scoreboard, a results.json is made for one student's best attempt at one scenario."""
    results = export(board, "gradescope", student="ann", scenario="laura-day")
    assert results["score"] == 92.5 and results["extra_data"]["student"] == "ann"
    with pytest.raises(ExportError, match="one attempt, and 3 matched"):
        export(board, "gradescope")
    with pytest.raises(ExportError, match="unknown export format 'xlsx'"):
        export(board, "xlsx")


def test_load_roster(tmp_path: Path) -> None:
    """A roster CSV (Excel's BOM allowed, header in any case) maps ids to name, email and section."""
    path = tmp_path / "roster.csv"
    path.write_text("\ufeffStudent,Name,Email\nann,Ann Roy,ann@x.edu\n,skipped,\n", encoding="utf-8")
    assert load_roster(path) == {"ann": {"name": "Ann Roy", "email": "ann@x.edu"}}
    path.write_text("who,name\nann,Ann\n", encoding="utf-8")
    with pytest.raises(ExportError, match="needs a 'student' column"):
        load_roster(path)


def test_load_roster_keeps_the_lms_user_fields(tmp_path: Path) -> None:
    """`username`, `orgdefinedid` and `sid` are kept (other columns are not); the `#` a Brightspace export puts
    before a username or OrgDefinedId is dropped, since the Brightspace export writes it back."""
    path = tmp_path / "roster.csv"
    path.write_text("student,Username,OrgDefinedId,SID,notes\nann, #aroy ,#00246,77,x\nbob,bli,00777,,\n",
                    encoding="utf-8")
    assert load_roster(path) == {"ann": {"username": "aroy", "orgdefinedid": "00246", "sid": "77"},
                                 "bob": {"username": "bli", "orgdefinedid": "00777", "sid": ""}}


# -- the Gradescope autograder ---------------------------------------------------------------------------------

STUB_API = textwrap.dedent(
    '''\
    """Test stand-in for grading.api: a replay file here is {"grade": {...}} or {"error": "..."}."""
    import json

    class ScenarioFinder:
        def __init__(self, extra):
            self.extra = [str(p) for p in extra]

    class Grade:
        def __init__(self, data):
            self.data = data

        def to_json(self):
            return self.data

    def grade_replay_file(path, finder=None, assignments=(), flags=None):
        data = json.loads(open(path, encoding="utf-8").read())
        if "error" in data:
            raise ValueError(f"{path}: {data['error']}")
        if finder is not None:  # the bundled scenarios reached the grader
            data["grade"]["scenario"] = "found-" + "+".join(p.rsplit("/", 1)[-1] for p in finder.extra)
        return Grade(data["grade"]) if data.get("object") else data["grade"]
    '''
)


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Gradescope autograder folder made for laura-day, once for the module."""
    return gradescope_autograder(tmp_path_factory.mktemp("ag") / "autograder", scenario="laura-day")


def test_autograder_folder_is_complete(bundle: Path) -> None:
    """setup.sh and run_autograder are executable bash scripts; the package source and a pyproject that
    installs it (shipped scenarios included) are bundled."""
    for script in ("setup.sh", "run_autograder"):
        path = bundle / script
        assert os.access(path, os.X_OK) and path.read_text().startswith("#!/usr/bin/env bash\n")
        assert b"\r\n" not in path.read_bytes()
        subprocess.run(["bash", "-n", str(path)], check=True)
    pyproject = tomllib.loads((bundle / "frontdesk" / "pyproject.toml").read_text())
    packages = pyproject["tool"]["setuptools"]["packages"]
    assert {"frontdesk", "frontdesk.simulator", "frontdesk.simulator.shipped", "frontdesk.simulator.core",
            "frontdesk.simulator.assets", "frontdesk.grading"} <= set(packages)
    data = pyproject["tool"]["setuptools"]["package-data"]
    assert "laura-day.yaml" in data["frontdesk.simulator.shipped"] and "theme.json" in data["frontdesk.simulator.assets"]
    assert any(d.lower().startswith("pyyaml") for d in pyproject["project"]["dependencies"])
    assert (bundle / "frontdesk" / "frontdesk" / "simulator" / "shipped" / "laura-day.yaml").is_file()
    assert (bundle / "frontdesk" / "frontdesk" / "simulator" / "assets" / "theme.json").is_file()  # a checkout's too
    assert (bundle / "frontdesk" / "frontdesk" / "grading" / "exports.py").is_file()
    assert not list(bundle.rglob("__pycache__"))
    assert json.loads((bundle / "frontdesk_autograder.json").read_text()) == {"scenario": "laura-day",
                                                                          "assignment": None}


def test_autograder_bundles_a_scenario_file(tmp_path: Path) -> None:
    """A scenario given as a file is validated, bundled, pinned by its id, and handed to the grader."""
    custom = tmp_path / "my-day.yaml"
    shutil.copyfile(Path(__file__).resolve().parent.parent / "scenarios" / "tutorial.yaml", custom)
    made = gradescope_autograder(tmp_path / "ag", scenario=custom)
    assert (made / "scenarios" / "tutorial.yaml").read_bytes() == custom.read_bytes()
    assert json.loads((made / "frontdesk_autograder.json").read_text()) == {"scenario": "tutorial",
                                                                        "assignment": None}
    results = run_autograder(made, tmp_path / "root", {"r.json": {"grade": grade("ann", 75, scenario="tutorial")}})
    # The stub renames the scenario after the folders it was handed, so the pin then refuses it: proof of both.
    assert "r.json is a replay of the scenario 'found-scenarios', not 'tutorial'" in results["output"]
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: 1\nid: x\n")
    with pytest.raises(ExportError, match="not valid"):
        gradescope_autograder(tmp_path / "ag2", scenario=bad)


def test_autograder_refuses_a_folder_in_use(tmp_path: Path) -> None:
    """An existing, non-empty folder is never written into."""
    (tmp_path / "keep.txt").write_text("mine")
    with pytest.raises(ExportError, match="not an empty folder"):
        gradescope_autograder(tmp_path, scenario="tutorial")
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]


def test_autograder_must_be_pinned_to_a_scenario(tmp_path: Path) -> None:
    """An autograder that would grade any scenario lets a student hand in an easier day: without --scenario or
    --assignment it is refused, saying which to pass, and nothing is written."""
    with pytest.raises(ExportError, match=r"pass --scenario ID_OR_FILE or --assignment FOLDER"):
        gradescope_autograder(tmp_path / "ag")
    assert not (tmp_path / "ag").exists()


#: Gradescope's submission_metadata.json "users" for a submission by ann (as the sample grades' student).
ANN = [{"email": "ann@example.edu", "id": 1234, "name": "Ann Roy", "sid": None}]


def run_autograder(bundle: Path, root: Path, submissions: dict[str, dict | str], *,
                   users: list[dict] | str | None = ANN, stub: bool = True) -> dict:
    """Lay out a Gradescope-like /autograder under ``root`` and run the bundle's run_autograder there, with the
    bundled source on PYTHONPATH and (``stub``) the stub grading.api in that copy (test only). A submission is
    JSON to write, or a replay's text; ``users`` are the submitters in submission_metadata.json (text: the whole
    file as is; ``None``: no such file)."""
    shutil.copytree(bundle, root / "source")
    if stub:
        (root / "source" / "frontdesk" / "frontdesk" / "grading" / "api.py").write_text(STUB_API)
    shutil.copy2(root / "source" / "run_autograder", root / "run_autograder")  # where Gradescope puts it
    if isinstance(users, str):
        (root / "submission_metadata.json").write_text(users)
    elif users is not None:
        metadata = {"id": 1, "users": users, "assignment": {"id": 2, "title": "Front Desk"}}
        (root / "submission_metadata.json").write_text(json.dumps(metadata))
    (root / "submission").mkdir()
    for name, content in submissions.items():
        (root / "submission" / name).write_text(content if isinstance(content, str) else json.dumps(content))
    env = {**os.environ, "AUTOGRADER_ROOT": str(root), "FRONTDESK_PYTHON": sys.executable,
           "PYTHONPATH": str(root / "source" / "frontdesk")}
    done = subprocess.run([str(root / "run_autograder")], cwd=root, env=env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads((root / "results" / "results.json").read_text())


def test_run_autograder_grades_the_best_replay(bundle: Path, tmp_path: Path) -> None:
    """Several replays: the best counts, and the output names it, the others, and each one that failed."""
    results = run_autograder(bundle, tmp_path, {
        "a.json": {"grade": grade("ann", 71)},
        "b.json": {"grade": grade("ann", 88.5), "object": True},
        "broken.json": {"error": "this replay was recorded on a different scenario"},
        "easy.json": {"grade": grade("ann", 100, scenario="tutorial")},
    })
    assert results["score"] == 88.5
    assert results["output"].startswith("Graded b.json.")
    assert "a.json: 71" in results["output"]
    assert "broken.json could not be graded: this replay was recorded on a different scenario" in results["output"]
    assert "easy.json is a replay of the scenario 'tutorial', not 'laura-day'" in results["output"]
    assert [t["name"] for t in results["tests"]][:3] == ["Multitasking", "Accuracy", "Privacy"]


@pytest.mark.parametrize("submissions, words", [
    ({}, "No replay was submitted"),
    ({"x.json": {"error": "not a replay file"}}, "x.json could not be graded: not a replay file"),
])
def test_run_autograder_scores_zero_and_says_why(bundle: Path, tmp_path: Path, submissions, words) -> None:
    """Nothing submitted, or nothing gradable: a score of 0 with an explanation, never a missing results.json."""
    results = run_autograder(bundle, tmp_path, submissions)
    assert results["score"] == 0 and words in results["output"] and results["tests"] == []


def test_run_autograder_does_not_count_another_students_replay(bundle: Path, tmp_path: Path) -> None:
    """A replay whose student is not among the submission's submitters does not count: alone, it scores 0 and
    the output names its student and the submitters."""
    results = run_autograder(bundle, tmp_path, {"replay.json": {"grade": grade("s2", 90)}})
    assert results["score"] == 0 and results["tests"] == []
    assert ("replay.json is the day of student 's2', who is not among this submission's submitters "
            "(ann@example.edu)") in results["output"]


@pytest.mark.parametrize("student, user", [
    ("ann", {"email": "ann@example.edu", "id": 1, "name": "Ann Roy"}),  # the part before the @; no sid at all
    ("ann", {"email": "roy@example.edu", "id": 1, "name": "Ann Roy", "sid": " ANN "}),  # the sid, trimmed
    ("Ann@Example.edu", {"email": "ann@example.edu", "id": 1, "name": "Ann Roy", "sid": None}),  # the address
    ("1001", {"email": "roy@example.edu", "id": 1, "name": "Ann Roy", "sid": 1001}),  # a sid given as a number
])
def test_run_autograder_counts_the_submitters_own_replay(bundle: Path, tmp_path: Path, student: str,
                                                         user: dict) -> None:
    """Without a roster, a replay counts when its student id is a submitter's sid, e-mail address or the part of
    it before the @ (trimmed, case aside); in a group submission, any submitter's; another student's replay
    handed in beside it is named and left out."""
    results = run_autograder(bundle, tmp_path, {"mine.json": {"grade": grade(student, 80)},
                                                "theirs.json": {"grade": grade("bob", 95)}},
                             users=[{"email": "cy@example.edu", "id": 2, "name": "Cy", "sid": "77"}, user])
    assert results["score"] == 80 and results["output"].startswith("Graded mine.json.")
    assert "theirs.json is the day of student 'bob', who is not among this submission's submitters" in results["output"]


@pytest.mark.parametrize("metadata", [None, "not json", '{"users": "ann"}', '{"users": []}'])
def test_run_autograder_grades_but_says_so_when_the_submitters_are_unknown(bundle: Path, tmp_path: Path,
                                                                           metadata: str | None) -> None:
    """Without a readable submission_metadata.json the submission is graded (the student is not failed for
    Gradescope's file), and the output says the submitters were not checked."""
    results = run_autograder(bundle, tmp_path, {"r.json": {"grade": grade("s2", 70)}}, users=metadata)
    assert results["score"] == 70
    assert "Who submitted could not be checked against the replays' student ids" in results["output"]


def test_every_export_marks_a_day_with_a_critical_error_not_yet_competent(tmp_path: Path) -> None:
    """A day with a critical error is "not yet competent" in every export: `no` and the error in the CSV,
    `incomplete` in Canvas, feedback in Moodle, a failed "Critical errors" test and a verdict in Gradescope."""
    critical = [{"at": "10:12", "criterion": "privacy", "mechanic": "M18", "severity": "breach",
                 "message": "You told Daniel Okafor (ex-spouse) Grace Okafor's results.", "critical": True,
                 "critical_error": "clinical_disclosure", "points": 27.0}]
    bad = grade("cam", 88.0, competent=False, critical=critical)
    with Scoreboard(tmp_path / "b.sqlite3") as b:
        b.record(bad, "c1", "2025-03-01T09:00:00Z", scenario_title="A full day")
        csv_rows = rows_of(export(b, "csv"))
        assert csv_rows[1][7:9] == ["no", "10:12 You told Daniel Okafor (ex-spouse) Grace Okafor's results."]
        assert rows_of(export(b, "canvas"))[2][5:7] == ["88", "incomplete"]
        assert rows_of(export(b, "moodle"))[1][1:] == ["88", "Not yet competent: 10:12 You told Daniel Okafor "
                                                             "(ex-spouse) Grace Okafor's results."]
    results = gradescope_results(bad)
    assert "NOT YET COMPETENT" in results["output"]
    assert results["tests"][0]["name"] == "Critical errors" and results["tests"][0]["status"] == "failed"


def test_a_hand_edited_row_is_refused_by_every_export(board: Scoreboard, tmp_path: Path) -> None:
    """A total changed in the scoreboard file by hand no longer agrees with the grade the row was recorded from:
    every export refuses, naming the row and what disagrees, and exports again once the row is as graded."""
    import sqlite3

    db = tmp_path / "board.sqlite3"
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE attempts SET total = 99 WHERE student = 'bob'")
    with Scoreboard(db) as edited:
        for fmt in ("csv", "canvas", "moodle"):
            with pytest.raises(ExportError, match="row of bob on laura-day was changed after grading: total 99 is "
                                                  "not its grade's 64.25"):
                export(edited, fmt)
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE attempts SET total = 64.25 WHERE student = 'bob'")
    with Scoreboard(db) as mended:
        assert rows_of(export(mended, "csv"))[2][0] == "bob"
