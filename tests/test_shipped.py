"""The shipped scenarios: all valid, each with the schema modeline, each with its own teaching goal."""

import pytest

from frontdesk.simulator.scenario import coverage, load_scenario
from frontdesk.simulator.scenario.generate import SCHEMA_MODELINE
from frontdesk.simulator.scenario.models import event_kind
from frontdesk.simulator.scenario.shipped import shipped_scenarios

from conftest import SCENARIOS

SHIPPED = sorted(SCENARIOS.glob("*.yaml"))


def test_there_are_at_least_five():
    """The tutorial, laura-day and at least three more ship."""
    names = {p.stem for p in SHIPPED}
    assert {"tutorial", "laura-day"} <= names and len(names) >= 5


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_shipped_scenario_is_valid(path):
    """Every shipped scenario loads without a problem, and its id matches its file name."""
    scenario = load_scenario(path)
    assert scenario.id == path.stem


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_shipped_scenario_starts_with_the_modeline(path):
    """Every shipped scenario's first line points editors at the schema."""
    assert path.read_text(encoding="utf-8").splitlines()[0] == SCHEMA_MODELINE


def test_installed_package_finds_the_same_files():
    """The shipped scenarios are package data, found the same way after `pip install`; the tutorial comes first."""
    found = shipped_scenarios()
    assert [p.name for p in found][0] == "tutorial.yaml"
    assert sorted(p.name for p in found) == sorted(p.name for p in SHIPPED)


def test_tutorial_is_short_with_a_hint_on_every_event():
    """The tutorial lasts about twenty minutes and every event carries a hint."""
    s = load_scenario(SCENARIOS / "tutorial.yaml")
    assert 15 * 60 <= s.clinic.closes - s.clinic.opens <= 40 * 60
    assert s.events and all(e.hint for e in s.events)
    assert len({event_kind(e) for e in s.events}) >= 4


def test_laura_day_holds_every_task_of_the_day():
    """laura-day has each task of the source day, in order, as data the engine will play."""
    s = load_scenario(SCENARIOS / "laura-day.yaml")
    events = [(event_kind(e), getattr(e, event_kind(e)), e) for e in s.events]
    messages = [b for k, b, _ in events if k in ("voicemail", "email")]
    assert any(m.intent == "cancel" for m in messages), "overnight cancellation"
    assert any(m.urgent and m.for_ for m in messages), "urgent message for the huddle"
    assert s.waiting_list and any(m.arrives for m in s.clinic.staff), "waiting list and the huddle"
    arrivals = [b for k, b, _ in events if k == "arrival" and b.changes]
    assert any(a.changes.address for a in arrivals), "changed address at check-in"
    lambert = s.patient("lambert")
    assert lambert.health_card.expires < s.date, "an outdated card"
    chen = next(a for a in s.schedule if a.patient == "chen")
    assert "bloodwork" in chen.needs and "bloodwork" not in s.patient("chen").results_on_file, "missing bloodwork"
    docs = [b for k, b, _ in events if k == "document"]
    assert {"lab_result", "renewal", "referral"} <= {d.kind for d in docs}
    names = [s.patient(d.patient).name.split()[-1] for d in docs if d.kind == "lab_result"]
    assert any(sum(1 for p in s.patients if p.name.split()[-1] == n) > 1 for n in names), "look-alike names"
    calls = {b.caller: b for k, b, _ in events if k == "call"}
    assert calls["pharmacist"].wants == "limited_use_code" and "er_nurse" in calls and "physician" in calls
    assert any(p.new and not p.brings_medication_list for p in s.patients), "new patient without medication list"
    assert s.reminders is not None, "reminder calls"
    assert {d.urgency for d in docs if d.kind == "referral"} == {"urgent", "semi_urgent", "routine"}
    kinds = [k for k, _, _ in events]
    assert "away_day" in kinds and "walk_in" in kinds and "doctor_delay" in kinds
    assert s.clinic.closes == 17 * 3600 + 1800
    day_order = [e.at for e in s.events if not e.overnight]
    assert day_order == sorted(day_order), "events in the order of the day"


def test_laura_day_exercises_the_front_desk_mechanics():
    """laura-day gives the trainee something to do in every front-desk mechanic M1 to M15 and M18."""
    mechanics = set(coverage(load_scenario(SCENARIOS / "laura-day.yaml")))
    assert {f"M{i}" for i in range(1, 16)} | {"M18"} <= mechanics


def test_each_other_scenario_has_its_own_goal():
    """The other scenarios differ: a privacy-trap rush, a phone storm, and a US practice under HIPAA."""
    rush = load_scenario(SCENARIOS / "monday-rush.yaml")
    assert any(event_kind(e) == "call" and e.call.impostor for e in rush.events)
    storm = load_scenario(SCENARIOS / "phone-storm.yaml")
    assert storm.clinic.phone_lines >= 4 and sum(event_kind(e) == "call" for e in storm.events) >= 20
    us = load_scenario(SCENARIOS / "us-family-practice.yaml")
    assert us.jurisdiction == "US" and any(
        event_kind(e) == "call" and e.call.wants == "prior_authorization" for e in us.events
    )


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_pure_python_yaml_reads_the_same(path, monkeypatch):
    """Every shipped file reads the same with PyYAML's pure-Python parser as with libyaml, so it loads anywhere."""
    import yaml

    from frontdesk.simulator.scenario import yamlread

    raw = path.read_bytes()
    fast = yamlread.read_yaml(raw).data
    monkeypatch.setattr(yamlread, "_Loader", yaml.SafeLoader)
    assert yamlread.read_yaml(raw).data == fast
