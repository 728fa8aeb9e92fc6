"""The expert bot never raises, whatever the desk looks like: others' random and adversarial actions mixed into its
day, a booking gone from under a move it meant to make, a booking listed to move off a day it cannot place.

The property test plays a few streams in ``make test`` (derandomized, seconds). For a bigger sweep by hand::

    FRONTDESK_SWEEP=100 .venv/bin/python -m pytest -q -o addopts="" tests/test_expert.py -k streams

(100 streams per shipped scenario tried, 300 in all.)
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frontdesk.simulator.bots.driver import BotDriver, Intent
from frontdesk.simulator.bots.expert import ExpertBot
from frontdesk.simulator.bots.random_bot import RandomBot
from frontdesk.simulator.core import Simulation
from frontdesk.simulator.core import actions as A
from frontdesk.simulator.core.view import BookingView, desk_view
from frontdesk.simulator.scenario import load_scenario
from frontdesk.simulator.scenario.models import Patient

from conftest import SCENARIOS

#: Streams per scenario: a handful in `make test`, as many as asked for in a sweep by hand.
STREAMS = int(os.environ.get("FRONTDESK_SWEEP", "0")) or 3
FUZZED = ("tutorial", "laura-day", "ma-morning")
_LOADED: dict[str, object] = {}


def scenario(name: str):
    """A shipped scenario, loaded once for the module."""
    if name not in _LOADED:
        _LOADED[name] = load_scenario(SCENARIOS / f"{name}.yaml")
    return _LOADED[name]


class Adversary:
    """Any action of the action API, its fields drawn from what the desk shows, the scenario's ids, and junk."""

    def __init__(self, s, rng: random.Random):
        self.s, self.rng = s, rng
        self.patients = [p.id for p in s.patients if isinstance(p, Patient)] + ["nobody"]
        self.staff = [m.id for m in s.clinic.staff] + ["ghost"]
        self.types = sorted(A.ACTION_TYPES.values(), key=lambda cls: cls.type)

    def action(self, view) -> A.Action:
        """One action of a random type, with plausible (and some impossible) fields."""
        cls = self.rng.choice(self.types)
        fields = {f.name: self.value(f.name, str(f.type), view) for f in dataclasses.fields(cls) if f.name != "t"}
        return cls(0, **fields)

    def value(self, name: str, kind: str, view):
        """A value for field ``name`` of type ``kind``: mostly what the desk shows, sometimes what it cannot."""
        r = self.rng
        bookings = view.to_move + view.reminder_list
        pools = {"patient": [c.patient for c in view.counter] + [w.patient for w in view.waiting] + self.patients,
                 "doctor": self.staff, "staff": self.staff, "to": self.staff,
                 "document": [d.id for d in view.inbox] + ["D999"], "message": [m.id for m in view.messages] + ["M9"],
                 "line": [line.line for line in view.lines] + [0, 9]}
        if name in pools:
            return r.choice(pools[name])
        if name in ("date", "to_date"):
            known = [b.date for b in bookings] + [day for _, day in view.away_days]
            if known and r.random() < 0.5:
                return r.choice(known)
            return (self.s.date + dt.timedelta(days=r.randint(-2, 40))).isoformat() if r.random() < 0.95 else "soon"
        if name in ("at", "to_at"):
            if bookings and r.random() < 0.5:
                b = r.choice(bookings)
                return f"{b.at // 3600}:{b.at % 3600 // 60:02d}"
            return f"{r.randint(6, 19)}:{r.choice(('00', '15', '30', '45', '05'))}"
        if kind == "int":
            return r.choice([-1, 0, 1, 2, 60, 120])
        if kind == "float":
            return r.choice([0.0, 37.0, 70.0, 170.0])
        if kind == "bool":
            return r.random() < 0.5
        if kind == "tuple[str, ...]":
            return tuple(r.sample(A.IDENTIFIERS + A.GREETING_PIECES + A.VOICEMAIL_PIECES + A.VITAL_FLAGS,
                                  k=r.randint(0, 3)))
        return r.choice(A.DISCLOSABLE + A.GREETINGS + A.CALL_PURPOSES + A.CALL_NUMBERS
                        + ("follow_up", "new_patient", "CBC", "urgent", "routine", "expired", "valid", "x"))


class Mixed:
    """The expert at the desk with others: at each decision, now and then the random bot or an adversary acts
    instead. Each is told only of its own actions, so the expert meets a world changed behind its back."""

    name = "mixed"

    def __init__(self, s, seed: int, random_share: float, adversary_share: float):
        self.rng = random.Random(seed)
        self.expert, self.random = ExpertBot(s, seed), RandomBot(s, seed)
        self.adversary = Adversary(s, self.rng)
        self.shares = (adversary_share, adversary_share + random_share)
        self.owner: dict[int, object] = {}

    def decide(self, view):
        """The adversary's, the random bot's or the expert's next step."""
        x = self.rng.random()
        if x < self.shares[0]:
            intent, bot = Intent(self.adversary.action(view), self.rng.randint(0, 30)), None
        else:
            bot = self.random if x < self.shares[1] else self.expert
            intent = bot.decide(view)
        if intent is not None:
            self.owner[id(intent)] = bot
        return intent

    def applied(self, intent: Intent) -> None:
        """Told to whoever meant it."""
        bot = self.owner.pop(id(intent), None)
        if bot is not None:
            bot.applied(intent)

    def rejected(self, intent: Intent, error: A.ActionError) -> None:
        """Told to whoever meant it."""
        bot = self.owner.pop(id(intent), None)
        if bot is not None:
            bot.rejected(intent, error)


@pytest.mark.parametrize("name", FUZZED)
@settings(max_examples=STREAMS, derandomize=STREAMS <= 3, database=None, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**31 - 1), random_share=st.sampled_from([0.0, 0.1, 0.3, 0.6]),
       adversary_share=st.sampled_from([0.0, 0.05, 0.2, 0.4]))
def test_the_expert_survives_random_and_adversarial_streams(name, seed, random_share, adversary_share):
    """Mixed with random and adversarial actions on a shipped scenario, the expert plays to the end of the day
    without an uncaught exception (refused actions are the engine's ActionError, caught by the driver)."""
    s = scenario(name)
    sim = Simulation(s, seed)
    BotDriver(sim, Mixed(s, seed, random_share, adversary_share)).play()
    assert sim.day_over


def test_a_move_refused_for_a_booking_already_gone_is_given_up():
    """When the engine refuses the expert's move because the booking is gone (someone else moved or cancelled
    it), the expert drops that move rather than raise or retry it."""
    s = scenario("laura-day")
    sim = Simulation(s, s.seed)
    bot = ExpertBot(s, s.seed)
    bot.book = desk_view(sim).book
    key = ("move", "nobody", "2031-01-06", "32400")
    bot.targets[key] = ("2031-01-07", "9:00")
    intent = Intent(A.MoveBooking(0, "nobody", "2031-01-06", "9:00", "2031-01-07", "9:00"), 30, key)
    bot.rejected(intent, A.ActionError("No such booking."))
    assert key in bot.refused and not bot.taken


def test_a_booking_listed_off_a_day_no_away_day_names_is_left_alone():
    """A booking shown to move off a day for which the scenario names no away day is left alone, not a crash."""
    s = scenario("laura-day")
    sim = Simulation(s, s.seed)
    bot = ExpertBot(s, s.seed)
    stray = BookingView("nobody", "2031-01-06", 9 * 3600, "ghost", "follow_up", 15, False)
    view = dataclasses.replace(desk_view(sim), to_move=(stray,))
    bot.book = view.book
    assert bot.away_day(view) is None and bot.decide(view) is not None  # the rest of the day goes on
    assert ("move", "nobody", "2031-01-06", str(9 * 3600)) in bot.refused
