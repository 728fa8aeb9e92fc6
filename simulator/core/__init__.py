"""The simulation core: pure and deterministic (DESIGN section 3, rules 1 to 4).

It never imports pygame or Faker, never reads the wall clock or a file, and draws every random choice from the
one ``random.Random`` its :class:`Simulation` is seeded with. Same scenario, seed and actions: same facts.
"""

from .actions import ACTION_TYPES, Action, ActionError, action_from_dict, action_to_dict
from .engine import Simulation
from .facts import Fact, FactLog
from .view import DeskView, desk_view

__all__ = [
    "ACTION_TYPES",
    "Action",
    "ActionError",
    "DeskView",
    "Fact",
    "FactLog",
    "Simulation",
    "action_from_dict",
    "action_to_dict",
    "desk_view",
]
