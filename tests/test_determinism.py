"""Determinism: the same scenario, seed and actions give the same facts, however the clock is driven."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frontdesk.simulator.bots import BotDriver, make_bot, play_day
from frontdesk.simulator.core import Simulation
from frontdesk.simulator.replay import replay_of, replay_simulation
from frontdesk.simulator.scenario import load_scenario

from conftest import SCENARIOS

SHIPPED = sorted(p.stem for p in SCENARIOS.glob("*.yaml"))
_LOADED = {}


def scenario(name):
    """The shipped scenario ``name``, loaded once."""
    if name not in _LOADED:
        _LOADED[name] = load_scenario(SCENARIOS / f"{name}.yaml")
    return _LOADED[name]


def play_in_steps(name: str, bot: str, seed: int, step: int) -> Simulation:
    """Drive the bot the way a window does: the clock is pushed forward ``step`` seconds at a time."""
    s = scenario(name)
    sim = Simulation(s, seed)
    driver = BotDriver(sim, make_bot(bot, s, seed))
    t = sim.now
    while not sim.day_over:
        t += step
        driver.advance_to(t)
    return sim


@settings(max_examples=12, deadline=None)
@given(name=st.sampled_from(SHIPPED), bot=st.sampled_from(["expert", "novice", "random"]),
       seed=st.integers(0, 10_000), step=st.sampled_from([1, 7, 60, 600]))
def test_stepping_second_by_second_equals_jumping_between_events(name, bot, seed, step):
    """A bot driven a few seconds at a time (as in the window) produces the facts of the same bot run headless."""
    s = scenario(name)
    jumped = play_day(Simulation(s, seed), make_bot(bot, s, seed))
    stepped = play_in_steps(name, bot, seed, step)
    assert stepped.facts.jsonl() == jumped.facts.jsonl()


@settings(max_examples=12, deadline=None)
@given(name=st.sampled_from(SHIPPED), bot=st.sampled_from(["expert", "novice", "random"]), seed=st.integers(0, 10_000))
def test_a_replay_gives_the_facts_of_the_live_run(name, bot, seed):
    """Re-playing the recorded actions gives, byte for byte, the facts of the live day."""
    s = scenario(name)
    live = play_day(Simulation(s, seed), make_bot(bot, s, seed))
    again = replay_simulation(replay_of(live), s)
    assert again.facts.sha256 == live.facts.sha256


@pytest.mark.parametrize("name", SHIPPED)
def test_random_bot_never_breaks_the_engine(name):
    """Twenty seeds of random actions on every shipped scenario: refusals are fine, crashes are not."""
    s = scenario(name)
    for seed in range(20):
        sim = play_day(Simulation(s, seed), make_bot("random", s, seed))
        assert sim.day_over and sim.facts[-1].kind == "day_ended"


def test_same_seed_same_digest_different_seed_different_day():
    """Run twice with one seed: identical digests; another seed changes the day."""
    s = scenario("laura-day")
    a = play_day(Simulation(s, 7), make_bot("expert", s, 7)).facts.sha256
    b = play_day(Simulation(s, 7), make_bot("expert", s, 7)).facts.sha256
    c = play_day(Simulation(s, 8), make_bot("expert", s, 8)).facts.sha256
    assert a == b != c
