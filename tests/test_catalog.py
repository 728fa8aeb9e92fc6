"""The scenarios a user can name (simulator/scenario/catalog.py): by path, by a shipped id, or by the id of their
own file in my-scenarios/, and how `frontdesk scenarios` lists them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from frontdesk.simulator.scenario.catalog import find_scenario, list_scenarios
from frontdesk.simulator.scenario.shipped import shipped_scenarios

from conftest import MINI


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
    assert [e.path for e in entries if not e.local] == shipped_scenarios()
    assert entries[0].path.stem == "tutorial" and entries[-1].local and entries[-1].scenario.id == "mini"


def test_frontdesk_scenarios_lists_them_with_what_each_day_is(frontdesk, here: Path):
    """`frontdesk scenarios` prints one row per scenario: id, title, where and law, difficulty, hours and patients,
    mode and where it comes from; --json gives the same as data; a broken local file is named on stderr, exit 1."""
    code, out, err = frontdesk("scenarios")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].split() == ["ID", "TITLE", "WHERE", "(LAW)", "DIFFICULTY", "DAY", "·", "PATIENTS", "BOOKED", "MODE",
                                "FROM"]
    assert lines[1].startswith("tutorial ") and "ON (PHIPA)" in lines[1] and lines[1].endswith("shipped")
    assert any(line.startswith("mini ") and "my-scenarios/mini.yaml" in line for line in lines)
    data = json.loads(frontdesk("scenarios", "--json")[1])
    laura = next(d for d in data if d["id"] == "laura-day")
    assert {"difficulty": "normal", "day": "8:00–17:30 · 27 patients", "shipped": True}.items() <= laura.items()
    (here / "my-scenarios" / "broken.yaml").write_text("format: 1\nid: [\n", encoding="utf-8")
    code, out, err = frontdesk("scenarios")
    assert code == 1 and "broken.yaml: cannot be opened" in err and "tutorial" in out


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
