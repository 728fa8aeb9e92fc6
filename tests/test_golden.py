"""Golden runs: each shipped scenario played by each bot gives the committed facts digest.

A change to the engine, a bot or a scenario that changes any fact shows up here. When the change is meant,
refresh the file with ``make golden`` and commit it with the change, saying why the facts changed.
"""

import json
import sys
from pathlib import Path

from frontdesk.simulator.bots import make_bot, play_day
from frontdesk.simulator.core import Simulation
from frontdesk.simulator.scenario import load_scenario

HERE = Path(__file__).resolve().parent
SCENARIOS = HERE.parent / "scenarios"
GOLDEN = HERE / "golden_digests.json"
BOTS = ("expert", "novice", "random")


def digests() -> dict[str, str]:
    """Every shipped scenario × bot, with the scenario's own seed: its facts_sha256."""
    out = {}
    for path in sorted(SCENARIOS.glob("*.yaml")):
        s = load_scenario(path)
        for bot in BOTS:
            out[f"{s.id} {bot}"] = play_day(Simulation(s), make_bot(bot, s, s.seed)).facts.sha256
    return out


def test_golden_digests_hold():
    """The facts of every golden run are unchanged (refresh with `make golden` when a change is intended)."""
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    actual = digests()
    changed = sorted(k for k in actual if expected.get(k) != actual[k])
    assert not changed, f"facts changed for {changed}; if intended, run `make golden` and commit the file"
    assert set(expected) == set(actual)


if __name__ == "__main__":
    GOLDEN.write_text(json.dumps(digests(), indent=2, sort_keys=True) + "\n", encoding="utf-8")
    sys.stdout.write(f"wrote {GOLDEN}\n")
