"""What every part of the day shares: the scenario, the clock, the event queue and the fact log.

The :class:`~simulator.core.engine.Simulation` owns the one :class:`Frame` and moves its clock; each part of the
day (phones, counter, book, ...) holds it to read the time, record facts and schedule happenings. Nothing else is
shared: each part keeps its own state.
"""

from __future__ import annotations

from ..scenario.models import Patient, Scenario
from .clock import EventQueue, Priority, Scheduled
from .facts import Fact, FactLog
from .happenings import Happening

__all__ = ["Frame"]


class Frame:
    """The scenario, the current second, the queue of happenings and the fact log of one day."""

    def __init__(self, scenario: Scenario, start: int):
        self.scenario = scenario
        self.clinic = scenario.clinic
        #: The clinic's panel, by id (generated patients included).
        self.patients: dict[str, Patient] = {p.id: p for p in scenario.patients if isinstance(p, Patient)}
        self.facts = FactLog()
        self.queue = EventQueue()
        self.start = start
        #: The current second of the day; only the simulation moves it.
        self.now = start

    def record(self, kind: str, mechanic: str, **details: object) -> Fact:
        """Write a fact of ``kind`` at the current second."""
        return self.facts.record(self.now, kind, mechanic, **details)

    def schedule(self, at: int, priority: Priority, happening: Happening) -> Scheduled:
        """Queue ``happening`` for second ``at``; the entry returned can cancel it."""
        return self.queue.push(at, priority, type(happening).__name__, happening)

    def cancel(self, entry: Scheduled | None) -> None:
        """Take a queued happening off the queue (``None`` is ignored)."""
        self.queue.cancel(entry)

    def patient_name(self, patient: str) -> str:
        """A patient's name for a message to the trainee (the id when unknown)."""
        p = self.patients.get(patient)
        return p.name if p is not None else patient
