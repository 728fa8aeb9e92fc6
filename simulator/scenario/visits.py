"""The visits a scenario plans for its day, and how a patient's several visits are told apart.

Every appointment on today's schedule and every walk-in is a visit of its own. Most patients have one; a patient who
comes back (a lab draw in the morning and the doctor in the afternoon, a return visit after a test, a walk-in who is
booked later the same day) has several, taken in time order. A patient's first visit of the day is named by the
patient alone (``visit.chen``); each later one carries its time as a tag (``visit.chen@15:00``), in the facts
(``visit: "15:00"``), in the rubric's line keys and on the desk. The engine, the grader and the bots all read the tags
from :func:`planned_visits`, so they cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import Appointment, Scenario, WalkIn, WalkInEvent
from .times import format_clock

__all__ = ["PlannedVisit", "planned_visits", "visit_key", "visit_tags"]


@dataclass(frozen=True)
class PlannedVisit:
    """One visit the scenario plans: an appointment of today, or a walk-in (the scenario's event ``event``)."""

    patient: str
    #: When it is due: the appointment's time, or the second the walk-in comes in.
    at: int
    appointment: Appointment | None = None
    walk_in: WalkIn | None = None
    event: int | None = None
    #: ``None`` for the patient's first visit of the day; ``"HH:MM"`` (its time) for each later one.
    tag: str | None = None

    @property
    def key(self) -> str:
        """The rubric's key for this visit: ``visit.<patient>``, with ``@<tag>`` for a later visit."""
        return visit_key(self.patient, self.tag)


def visit_key(patient: str | None, tag: str | None = None) -> str:
    """The rubric key of a patient's visit: ``visit.<patient>`` for the first of the day, ``visit.<patient>@HH:MM``
    for a later one."""
    return f"visit.{patient}" + (f"@{tag}" if tag else "")


def planned_visits(scenario: Scenario) -> list[PlannedVisit]:
    """Every visit of the scenario's day in time order (appointments before a walk-in due at the same second), each
    tagged when it is not its patient's first."""
    found: list[tuple[int, int, int, PlannedVisit]] = []
    for i, a in enumerate(scenario.schedule):
        found.append((a.at, 0, i, PlannedVisit(a.patient, a.at, appointment=a)))
    for i, e in enumerate(scenario.events):
        if isinstance(e, WalkInEvent):
            found.append((e.at, 1, i, PlannedVisit(e.walk_in.patient, e.at, walk_in=e.walk_in, event=i)))
    found.sort(key=lambda x: x[:3])
    seen: set[str] = set()
    plan = []
    for at, _, _, v in found:
        if v.patient in seen:
            v = PlannedVisit(v.patient, v.at, v.appointment, v.walk_in, v.event, format_clock(at))
        seen.add(v.patient)
        plan.append(v)
    return plan


def visit_tags(scenario: Scenario) -> dict[tuple[str, int], str | None]:
    """Each planned visit's tag by (patient, time due)."""
    return {(v.patient, v.at): v.tag for v in planned_visits(scenario)}
