"""Bots: the expert follows protocol, the novice makes the typical mistakes, and both act through actions only."""

from collections import Counter

import pytest

from frontdesk.simulator.bots import make_bot, play_day
from frontdesk.simulator.core import Simulation
from frontdesk.simulator.scenario import load_scenario

from conftest import SCENARIOS

SHIPPED = sorted(p.stem for p in SCENARIOS.glob("*.yaml"))


PROVIDERS = {"er_nurse", "physician", "pharmacist", "lab"}


def permitted(f) -> bool:
    """Whether a disclosure went to someone the scenario or the chart allows (the grader's rule, in short)."""
    if f.get("authorised") is not None:
        return f.get("authorised")
    return f.get("caller") in PROVIDERS or (f.get("caller") == "patient" and not f.get("impostor")) or bool(f.get("contact_authorised"))


def run(name: str, bot: str, seed: int | None = None) -> Simulation:
    """The day of shipped scenario ``name`` played by ``bot`` (on the scenario's own seed by default)."""
    s = load_scenario(SCENARIOS / f"{name}.yaml")
    seed = s.seed if seed is None else seed
    return play_day(Simulation(s, seed), make_bot(bot, s, seed))


@pytest.mark.parametrize("name", SHIPPED)
def test_expert_leaves_nobody_behind(name):
    """On every shipped scenario the expert has no abandoned call and no walk-out, and ends with the inbox done."""
    sim = run(name, "expert")
    kinds = Counter(f.kind for f in sim.facts)
    assert kinds["call_abandoned"] == 0 and kinds["call_got_busy_signal"] == 0
    assert kinds["patient_left_without_visit"] == 0 and kinds["patient_left_before_checkout"] == 0
    assert sim.facts[-1].get("documents_unhandled") == ()


def test_expert_protects_privacy_on_laura_day():
    """The expert verifies before every disclosure and discloses only to those allowed to know."""
    sim = run("laura-day", "expert")
    disclosures = sim.facts.of_kind("disclosure")
    assert disclosures and all(f.get("identity_verified") and permitted(f) for f in disclosures)
    assert not sim.facts.of_kind("results_missing_at_visit")


@pytest.mark.parametrize("seed", [None, 8, 9])
def test_novice_shows_each_kind_of_mistake(seed):
    """In one laura-day, the novice's facts show every kind of mistake it is built to make."""
    seen = set()
    for sim in [run("laura-day", "novice", seed)]:
        for f in sim.facts:
            if f.kind == "call_answered" and f.get("rings") > 3:
                seen.add("answers_late")
            if f.kind == "disclosure" and not f.get("identity_verified"):
                seen.add("skips_verification")
            if f.kind == "disclosure" and f.get("caller") == "family" and not permitted(f):
                seen.add("tells_family")
            if f.kind == "document_filed" and f.get("filed_to") != f.get("belongs_to"):
                seen.add("files_by_name_only")
            if f.kind == "results_missing_at_visit":
                seen.add("forgets_results")
            if f.kind == "patient_left_without_visit":
                seen.add("leaves_waiting_room_uninformed")
            if f.kind == "desk_left" and not f.get("screen_locked"):
                seen.add("leaves_screen_unlocked")
            if f.kind == "patient_checked_out" and len([b for b in f.get("booked") if b.startswith("test:")]) < len(f.get("tests_ordered")):
                seen.add("forgets_tests")
        changed = {f.get("patient") for f in sim.facts if f.kind == "patient_arrived" and f.get("changed")}
        updated = {f.get("patient") for f in sim.facts if f.kind == "chart_updated"}
        if changed - updated:
            seen.add("misses_a_change")
    assert seen == {"answers_late", "skips_verification", "tells_family", "files_by_name_only", "forgets_results",
                    "leaves_waiting_room_uninformed", "leaves_screen_unlocked", "forgets_tests", "misses_a_change"}


def test_driver_does_not_spin_on_a_refused_action():
    """A bot that keeps proposing a refused action with no delay does not hang the day."""
    from frontdesk.simulator.bots.driver import BotDriver, Intent
    from frontdesk.simulator.core.actions import UnlockScreen

    class Stubborn:
        name = "stubborn"

        def decide(self, view):
            return Intent(UnlockScreen(0), 0)

        def applied(self, intent):
            pass

        def rejected(self, intent, error):
            pass

    s = load_scenario(SCENARIOS / "tutorial.yaml")
    sim = Simulation(s)
    BotDriver(sim, Stubborn()).play()
    assert sim.day_over
