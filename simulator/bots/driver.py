"""Playing a bot through the public action API, the same way headless and in the window.

A bot looks at a :class:`~simulator.core.view.DeskView` and names the one thing it would do next and how many
seconds it takes to get to it (its reaction delay). The :class:`BotDriver` asks again after every change to the
world, so an intention is kept (with its original due time) while it still holds, and dropped when the world
moved on. Decisions happen only at those change points, never per frame or per tick, so a bot driven to a far
target in one go (headless) and one driven second by second (``--watch``) take the same actions at the same
seconds, and the day's facts are the same.
"""

from __future__ import annotations

import dataclasses
import random
from typing import Protocol

from ..core.actions import Action, ActionError
from ..core.engine import DAY_LIMIT, Simulation
from ..core.view import DeskView, desk_view

__all__ = ["Bot", "Intent", "BotDriver", "play_day"]
#: A bot looks around at least this often, even when nothing happens (a waiting room grows late quietly).
GLANCE_SECONDS = 60


@dataclasses.dataclass(frozen=True)
class Intent:
    """What a bot means to do: an action (its ``t`` is filled in when due) after ``delay`` seconds.

    ``key`` names the step in the bot's own plan (``("verify", "C3")``); the bot is told when it is done.
    """

    action: Action
    delay: int
    key: tuple[str, ...] = ()


class Bot(Protocol):
    """A scripted trainee."""

    name: str

    def decide(self, view: DeskView) -> Intent | None:
        """The next thing to do, or ``None`` to wait for something to happen."""

    def applied(self, intent: Intent) -> None:
        """Told when the engine has taken the intended action."""

    def rejected(self, intent: Intent, error: ActionError) -> None:
        """Told when the engine refused an action (so a bot can stop retrying it)."""


def _same(a: Action, b: Action) -> bool:
    return dataclasses.replace(a, t=0) == dataclasses.replace(b, t=0)


class BotDriver:
    """Drives ``bot`` on ``sim``: :meth:`advance_to` plays up to a second, :meth:`play` to the end of the day."""

    def __init__(self, sim: Simulation, bot: Bot):
        self.sim = sim
        self.bot = bot
        self._due: int | None = None
        self._pending: Intent | None = None
        self._stale = True
        self._refused: tuple[int, Action] | None = None

    def _rethink(self) -> None:
        intent = self.bot.decide(desk_view(self.sim))
        self._stale = False
        if intent is not None and self._refused is not None and self._refused[0] == self.sim.now \
                and _same(intent.action, self._refused[1]):
            intent = None  # refused a moment ago: wait for something to change before trying it again
        if intent is None:
            self._pending, self._due = None, None
        elif self._pending is not None and _same(intent.action, self._pending.action):
            pass  # still the same intention: keep its due time
        else:
            self._pending, self._due = intent, self.sim.now + max(0, intent.delay)

    def advance_to(self, target: int) -> None:
        """Play the day up to second ``target``: events and the bot's actions, in time order."""
        sim = self.sim
        limit = sim.scenario.clinic.closes + DAY_LIMIT
        while not sim.day_over:
            if self._stale:
                self._rethink()
            # The day ends the moment the work is done (or far past closing), however the clock is driven.
            idle = self._due is None and sim.next_event_time() is None
            if (sim.finished and idle) or sim.now >= limit:
                sim.finish_day()
                break
            next_event = self._next_change()
            if (self._pending is not None and self._due is not None and self._due <= target
                    and (next_event is None or self._due < next_event)):
                intent = self._pending
                action = dataclasses.replace(intent.action, t=max(self._due, sim.now))
                self._pending, self._due, self._stale = None, None, True
                try:
                    sim.apply(action)
                except ActionError as exc:
                    self._refused = (sim.now, intent.action)
                    self.bot.rejected(intent, exc)
                else:
                    self.bot.applied(intent)
                continue
            if next_event is not None and next_event <= target:
                if sim.next_event_time() == next_event:
                    sim.step()
                else:
                    sim.advance(next_event)  # a glance: the clock moves, nothing happens, the bot looks again
                self._stale = True
                continue
            break
        sim.advance(max(sim.now, target))

    def _next_change(self) -> int | None:
        """The next second at which the bot looks again: the next event, or its next glance around the desk."""
        event = self.sim.next_event_time()
        glance = (self.sim.now // GLANCE_SECONDS + 1) * GLANCE_SECONDS
        return glance if event is None or glance < event else event

    def play(self) -> None:
        """Play the whole day headless, until the work is done (or the day runs far past closing)."""
        sim = self.sim
        self.advance_to(sim.scenario.clinic.closes + DAY_LIMIT)
        if not sim.day_over:
            sim.finish_day()


def play_day(sim: Simulation, bot: Bot) -> Simulation:
    """Play ``bot`` through the whole day of ``sim`` and end it."""
    BotDriver(sim, bot).play()
    return sim


def bot_rng(name: str, seed: int) -> random.Random:
    """A bot's own random source (reaction times, slips), seeded from the day's seed and the bot's name."""
    return random.Random(f"{name}:{seed}")
