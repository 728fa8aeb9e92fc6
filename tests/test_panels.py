"""The shipped scenarios' generated panels, shipped as data (simulator/scenario/loader.py: shipped_panel), so that
loading and grading a shipped day needs no Faker. Run `python tests/test_panels.py` to write them again after a
change to the generator (the golden digests guard what the patients are)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from frontdesk.simulator.scenario import yamlread
from frontdesk.simulator.scenario.loader import panel_key
from frontdesk.simulator.scenario.models import GeneratePatients, Patient, Scenario
from frontdesk.simulator.scenario.shipped import shipped_scenarios

ROOT = Path(__file__).resolve().parent.parent
PANELS = ROOT / "scenarios" / "panels.json"


def _entries() -> list[tuple[str, tuple, dict]]:
    """Every `{generate: N}` entry of the shipped scenarios: (scenario file, the panel's inputs, made now)."""
    from frontdesk.simulator.scenario.generate import synthetic_patients

    found = []
    for path in shipped_scenarios():
        source = Scenario.model_validate(yamlread.read_yaml(path.read_bytes()).data)
        taken = {e.id for e in source.patients if isinstance(e, Patient)}
        number = 0
        for index, entry in enumerate(source.patients):
            if isinstance(entry, GeneratePatients):
                inputs = (source.jurisdiction, source.seed, index, entry.generate, number, taken, source.date,
                          entry.kind)
                made, after = synthetic_patients(*inputs)
                data = {"patients": [p.model_dump(mode="json", by_alias=True, exclude_defaults=True) for p in made],
                        "number": after}
                found.append((path.name, inputs, data))
                number = after
    return found


def write_panels() -> None:
    """Write every shipped panel into scenarios/panels.json (and only those a shipped scenario uses)."""
    wanted = {panel_key(*inputs): data for _, inputs, data in _entries()}
    PANELS.write_text(json.dumps(wanted, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")


def test_each_shipped_panel_is_what_the_generator_makes():
    """Every generated panel of a shipped scenario is shipped, and is exactly what the generator makes now (run
    `python tests/test_panels.py` after changing the generator); no stale panel is shipped."""
    pytest.importorskip("faker")
    entries = _entries()
    assert entries, "the shipped scenarios generate some of their patients"
    shipped = json.loads(PANELS.read_text(encoding="utf-8"))
    for scenario, inputs, data in entries:
        key = panel_key(*inputs)
        assert key in shipped, f"{scenario}: its panel is not shipped; run python tests/test_panels.py"
        assert shipped[key] == data, f"{scenario}: stale panel; run python tests/test_panels.py"
    assert len(shipped) == len(entries)


def test_a_shipped_day_loads_without_making_patients(monkeypatch, tmp_path):
    """Loading laura-day takes its generated patients from the shipped panel: the generator is never called."""
    import frontdesk.simulator.scenario.generate as generate
    from frontdesk.simulator.scenario import load_scenario

    def refuse(*args, **kwargs):
        raise AssertionError("the generator was called for a shipped scenario")

    monkeypatch.setattr(generate, "synthetic_patients", refuse)
    monkeypatch.setenv("FRONTDESK_CACHE_DIR", str(tmp_path))  # and no cache to fall back on
    laura = next(p for p in shipped_scenarios() if p.stem == "laura-day")
    assert len(load_scenario(laura).patients) > 24


if __name__ == "__main__":
    write_panels()
    sys.stdout.write(f"wrote {len(json.loads(PANELS.read_text(encoding='utf-8')))} panels into {PANELS}\n")


def test_without_faker_a_generate_entry_says_which_extra_to_install(monkeypatch):
    """A scenario of one's own with `{generate: N}`, on an install without Faker (the base install), is refused at
    that line with what to install, in one line."""
    from conftest import MINI
    from frontdesk.simulator.scenario import ScenarioError, load_scenario_text

    monkeypatch.setitem(sys.modules, "faker", None)  # `import faker` now fails, as when it is not installed
    monkeypatch.delitem(sys.modules, "frontdesk.simulator.scenario.generate", raising=False)
    monkeypatch.setenv("FRONTDESK_CACHE_DIR", "/nonexistent-cache-for-this-test")
    text = MINI.replace("  - {id: okafor, name: Grace Okafor, dob: 1949-09-30}",
                        "  - {id: okafor, name: Grace Okafor, dob: 1949-09-30}\n  - {generate: 3}")
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text(text, "own.yaml")
    assert str(caught.value).startswith("own.yaml:13:")
    assert "needs Faker" in str(caught.value) and "pip install 'frontdesk[authoring]'" in str(caught.value)
