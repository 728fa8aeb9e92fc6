"""Scripted trainees that play a day through the public action API: expert, novice and random.

``make_bot(name, scenario, seed)`` builds one; :func:`play_day` plays it to the end of the day.
"""

from __future__ import annotations

from typing import Callable

from ..scenario.models import Scenario
from .driver import Bot, BotDriver, Intent, play_day
from .expert import ExpertBot
from .novice import NoviceBot
from .random_bot import RandomBot

__all__ = ["BOTS", "Bot", "BotDriver", "Intent", "make_bot", "play_day"]

#: The bots by name, each made from a scenario and a seed.
BOTS: dict[str, Callable[[Scenario, int], Bot]] = {"expert": ExpertBot, "novice": NoviceBot, "random": RandomBot}


def make_bot(name: str, scenario: Scenario, seed: int) -> Bot:
    """The bot called ``name`` for ``scenario``, with its own random source seeded from ``seed``."""
    return BOTS[name](scenario, seed)
