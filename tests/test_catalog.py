"""The scenarios a user can name (simulator/scenario/catalog.py): by path, by a shipped id, or by the id of their
own file in my-scenarios/; how they group into courses in teaching order (scenarios/course.json, an instructor's
course.json); and how `frontdesk scenarios` lists them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from frontdesk.simulator.scenario.catalog import COURSE_FILE, find_scenario, list_courses, list_scenarios, read_course
from frontdesk.simulator.scenario.shipped import shipped_dir, shipped_scenarios

from conftest import MINI, SCENARIOS

#: The shipped course, as its file gives it (read here as plain JSON, not through the code under test).
COURSE = json.loads((SCENARIOS / COURSE_FILE).read_text(encoding="utf-8"))


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working folder with a my-scenarios/ folder holding one scenario of the instructor's, `mini`."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "my-scenarios").mkdir()
    (tmp_path / "my-scenarios" / "mini.yaml").write_text(MINI, encoding="utf-8")
    return tmp_path


def test_a_name_is_a_path_a_shipped_id_or_a_local_id(here: Path):
    """A file that exists is itself; `laura-day` is the shipped file; `mini` is my-scenarios/mini.yaml; an unknown
    id, or a path that is not there, is nothing (never taken for another)."""
    (here / "notes.txt").write_text("x", encoding="utf-8")
    assert find_scenario("notes.txt") == Path("notes.txt")
    assert find_scenario("laura-day") == next(p for p in shipped_scenarios() if p.stem == "laura-day")
    assert find_scenario("mini") == here / "my-scenarios" / "mini.yaml"
    assert find_scenario("lauraday") is None and find_scenario("gone/laura-day") is None
    assert find_scenario("laura-day.yaml") is None  # a file name that is not here is a missing file, not an id


def test_the_list_is_shipped_first_then_local(here: Path):
    """The list holds every shipped scenario, the tutorial first, then the local ones marked as such."""
    entries = list_scenarios([here / "my-scenarios"])
    assert sorted(e.path for e in entries if not e.local) == sorted(shipped_scenarios())
    assert entries[0].path.stem == "tutorial" and entries[-1].local and entries[-1].scenario.id == "mini"


def test_every_shipped_scenario_has_one_place_in_the_shipped_course():
    """scenarios/course.json names every shipped scenario exactly once, the tutorial first, each with what its step
    teaches; the course reads without a problem and the catalogue lists the shipped scenarios in its order."""
    named = [step["scenario"] for step in COURSE["steps"]]
    assert sorted(named) == sorted(p.stem for p in shipped_scenarios()), "a shipped scenario without a place"
    assert len(set(named)) == len(named) and named[0] == "tutorial"
    assert all(step.get("focus", "").strip() for step in COURSE["steps"])
    assert set(COURSE) <= {"format", "title", "about", "steps"} and COURSE["title"].strip()
    [(course, entries)] = list_courses([])
    assert course.shipped and course.title == COURSE["title"] and course.problems == ()
    assert [e.scenario.id for e in entries] == named
    assert [e.step for e in entries] == list(range(1, len(named) + 1))
    assert [e.focus for e in entries] == [step["focus"] for step in COURSE["steps"]]


def test_the_shipped_course_climbs_from_the_tutorial_to_the_full_day():
    """The tutorial is the one easy day and comes first; the full day, which holds every task, comes last; the
    medical-assistant morning comes after every front-desk drill it builds on (the phones and the counter)."""
    [(_, entries)] = list_courses([])
    ids = [e.scenario.id for e in entries]
    assert [e.scenario.difficulty for e in entries].count("easy") == 1 and entries[0].scenario.difficulty == "easy"
    assert ids[-1] == "laura-day"
    assert ids.index("ma-morning") > max(ids.index("phone-storm"), ids.index("monday-rush"))


def _folder(root: Path, course: str | bytes | None, *ids: str) -> Path:
    """A folder of MINI scenarios with ``ids``, and ``course`` as its course file (none when None)."""
    folder = root / "course"
    folder.mkdir()
    for sid in ids:
        (folder / f"{sid}.yaml").write_text(MINI.replace("id: mini", f"id: {sid}"), encoding="utf-8")
    if isinstance(course, bytes):
        (folder / COURSE_FILE).write_bytes(course)
    elif course is not None:
        (folder / COURSE_FILE).write_text(course, encoding="utf-8")
    return folder


def test_an_instructors_folder_is_a_course_in_its_own_order(tmp_path: Path):
    """A folder with a course.json is its own course after the shipped one: titled by the file, in its steps'
    order (by id or file name, with their focus); a scenario no step names follows, by file name, never hidden."""
    folder = _folder(tmp_path, json.dumps({"format": 1, "title": "MOA 101", "about": "Phones, then the counter.",
                                           "steps": [{"scenario": "phones", "focus": "Calls first."}, "counter"]}),
                     "counter", "extra", "phones")
    shipped, (course, entries) = list_courses([folder])
    assert shipped[0].shipped and not course.shipped and course.folder == folder
    assert (course.title, course.about, course.problems) == ("MOA 101", "Phones, then the counter.", ())
    assert [(e.scenario.id, e.step, e.focus, e.local) for e in entries] == [
        ("phones", 1, "Calls first.", True), ("counter", 2, "", True), ("extra", 3, "", True)]
    assert all(e.course is course for e in entries)
    assert [e.scenario.id for e in list_scenarios([folder])][-3:] == ["phones", "counter", "extra"]


def test_a_folder_without_a_course_file_is_a_course_by_file_name(tmp_path: Path):
    """Without a course.json the folder is still its own course, untitled, ordered by file name; an empty folder
    is no course at all."""
    folder = _folder(tmp_path, None, "b-second", "a-first")
    (tmp_path / "empty").mkdir()
    courses = list_courses([folder, tmp_path / "empty"])
    assert len(courses) == 2
    course, entries = courses[1]
    assert course.title is None and course.problems == ()
    assert [(e.path.stem, e.step) for e in entries] == [("a-first", 1), ("b-second", 2)]


@pytest.mark.parametrize(("text", "says"), [
    ("{not json", "line 1: it is not JSON"),
    (b"\xff\xfe{}", "not UTF-8"),
    ("[1, 2]", "it must be an object"),
    ('{"title": "T", "steps": ["a"], "colour": 1}', "unknown key 'colour'"),
    ('{"title": "", "steps": ["a"]}', '"title" must be'),
    ('{"title": "T", "steps": "a"}', '"steps" must be a list'),
    ('{"title": "T", "steps": [{"scenario": "a", "why": "x"}]}', "step 1: unknown key 'why'"),
    ('{"title": "T", "steps": [7]}', "step 1: name the scenario"),
    ('{"format": 2, "title": "T", "steps": []}', "format 2"),
    ('{"title": "T", "steps": ["a"]}\n' + " " * 300_000, "too large"),
    ('{"title": "T", "steps": ' + "[" * 100_000, "nested too deeply"),
])
def test_a_course_file_with_the_wrong_shape_is_set_aside_in_one_line(tmp_path: Path, text: str | bytes,
                                                                     says: str):
    """A course.json that is not JSON, or not a course, never stops the listing: the folder is listed by file name
    and the course carries one line saying what is wrong with the file (and where, for JSON)."""
    folder = _folder(tmp_path, text, "b", "a")
    course, steps = read_course(folder)
    assert steps == [] and course.title is None and len(course.problems) == 1
    assert course.problems[0].startswith(f"{COURSE_FILE}: ") and says in course.problems[0]
    assert "listed by file name" in course.problems[0]
    _, (listed, entries) = list_courses([folder])
    assert [e.path.stem for e in entries] == ["a", "b"] and listed.problems == course.problems


def test_a_step_naming_no_scenario_is_reported_and_the_rest_kept(tmp_path: Path):
    """A step that names no scenario of the folder, or one already placed, is reported; the other steps keep their
    order."""
    folder = _folder(tmp_path, json.dumps({"title": "T", "steps": ["b", "gone", "b", "a"]}), "a", "b")
    _, (course, entries) = list_courses([folder])
    assert [e.path.stem for e in entries] == ["b", "a"]
    assert course.problems == (f"{COURSE_FILE}: step 2 names 'gone', and no scenario here has that id",
                               f"{COURSE_FILE}: step 3 names 'b' again (a scenario has one place in a course)")


def test_the_shipped_folder_named_as_a_local_one_is_listed_once(tmp_path: Path):
    """The shipped folder passed as a folder of one's own (a checkout's scenarios/) adds no second course."""
    assert len(list_courses([shipped_dir()])) == 1


def test_frontdesk_scenarios_lists_them_with_what_each_day_is(frontdesk, here: Path):
    """`frontdesk scenarios` prints one row per scenario: id, title, where and law, difficulty, hours and patients,
    mode and where it comes from; --json gives the same as data; a broken local file is named on stderr, exit 1."""
    code, out, err = frontdesk("scenarios")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].split() == ["STEP", "ID", "TITLE", "WHERE", "(LAW)", "DIFFICULTY", "DAY", "·", "PATIENTS", "BOOKED",
                                "MODE", "FROM"]
    assert lines[1].startswith("1     tutorial ") and "ON (PHIPA)" in lines[1] and lines[1].endswith("shipped")
    assert any(line.split()[:2] == ["1", "mini"] and "my-scenarios/mini.yaml" in line for line in lines)
    data = json.loads(frontdesk("scenarios", "--json")[1])
    laura = next(d for d in data if d["id"] == "laura-day")
    assert {"difficulty": "normal", "day": "8:00–17:30 · 27 patients", "shipped": True}.items() <= laura.items()
    assert {"course": COURSE["title"], "step": len(COURSE["steps"])}.items() <= laura.items()
    (here / "my-scenarios" / "broken.yaml").write_text("format: 1\nid: [\n", encoding="utf-8")
    code, out, err = frontdesk("scenarios")
    assert code == 1 and "broken.yaml: cannot be opened" in err and "tutorial" in out


def test_frontdesk_scenarios_lists_in_course_order(frontdesk, here: Path):
    """`frontdesk scenarios` lists the shipped course in its teaching order, then the instructor's folder in its
    course file's order; a course file's problem is named on stderr with its folder, and is not a failure."""
    (here / "my-scenarios" / "alpha.yaml").write_text(MINI.replace("id: mini", "id: alpha"), encoding="utf-8")
    (here / "my-scenarios" / COURSE_FILE).write_text('{"title": "Mine", "steps": ["mini", "nope"]}', encoding="utf-8")
    code, out, err = frontdesk("scenarios")
    ids = [line.split()[1] for line in out.splitlines()[1:] if line.strip() and line[0].isdigit()]
    assert ids == [step["scenario"] for step in COURSE["steps"]] + ["mini", "alpha"]
    assert code == 0 and err.strip() == (f"{here / 'my-scenarios'}/{COURSE_FILE}: step 2 names 'nope', and no "
                                         "scenario here has that id")
    data = json.loads(frontdesk("scenarios", "--json")[1])
    assert [(d["id"], d["course"], d["step"]) for d in data[-2:]] == [("mini", "Mine", 1), ("alpha", "Mine", 2)]


def test_every_command_takes_an_id(frontdesk, here: Path):
    """validate, show, run and calibrate accept a shipped id and a local id; an unknown id says so in one line."""
    assert frontdesk("validate", "laura-day", "mini")[0] == 0
    assert frontdesk("show", "tutorial")[0] == 0
    assert frontdesk("run", "mini", "--bot", "expert")[0] == 0
    code, out, _ = frontdesk("validate", "lauraday")
    assert code == 1 and out.strip() == ("lauraday: no such file, and no shipped or local scenario has that id "
                                         "(`frontdesk scenarios` lists them)")
    code, _, err = frontdesk("run", "lauraday", "--bot", "expert")
    assert code == 1 and "`frontdesk scenarios` lists them" in err
