"""What can be waiting on the day's event queue: one small typed record per kind of happening.

Each is pushed by the part of the day that foresees it and handled by the part that owns what it changes (the
:class:`~simulator.core.engine.Simulation` routes each type to its owner). They carry only ids and values, never
the engine's mutable records.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..scenario.models import Document

__all__ = ["Happening", "ScenarioEvent", "PatientArrives", "NoShow", "PatientGivesUp", "CallGivesUp",
           "CallerHangsUp", "Dispatch", "VisitEnds", "ResultsArrive", "DocumentArrives", "SpecimenReturns"]


@dataclass(frozen=True)
class Happening:
    """Something that happens by itself at a second of the day."""


@dataclass(frozen=True)
class ScenarioEvent(Happening):
    """The scenario's event number ``index`` happens."""

    index: int


@dataclass(frozen=True)
class PatientArrives(Happening):
    """A booked patient walks up to the counter, telling what changed (chart fields) and with or without a card."""

    patient: str
    changes: dict[str, Any] = field(default_factory=dict, hash=False)
    forgot_card: bool = False
    #: The booked time of the visit they come for (``None``: their next visit still to come).
    at: int | None = None


@dataclass(frozen=True)
class NoShow(Happening):
    """Long enough past a booked time that a patient who never came is a no-show."""

    patient: str
    at: int


@dataclass(frozen=True)
class PatientGivesUp(Happening):
    """A patient's patience runs out (in the waiting room, at the counter, at checkout)."""

    patient: str


@dataclass(frozen=True)
class CallGivesUp(Happening):
    """A ringing or held caller hangs up."""

    call: str


@dataclass(frozen=True)
class CallerHangsUp(Happening):
    """An answered caller left with nothing said to them for too long hangs up."""

    call: str


@dataclass(frozen=True)
class Dispatch(Happening):
    """A doctor looks for the next patient to see."""

    doctor: str


@dataclass(frozen=True)
class VisitEnds(Happening):
    """A doctor finishes with the patient in the exam room."""

    doctor: str


@dataclass(frozen=True)
class ResultsArrive(Happening):
    """The lab sends results the desk asked for."""

    patient: str
    test: str


@dataclass(frozen=True)
class DocumentArrives(Happening):
    """A document the desk asked for (a pharmacy's medication list, a lab result) lands in the inbox."""

    document: Document


@dataclass(frozen=True)
class SpecimenReturns(Happening):
    """The lab has matched (or failed to match) a specimen by its label."""

    patient: str
    test: str
    label: tuple[str, str]
    #: The facts' mark of the visit it was drawn at (``Visit.mark``).
    mark: tuple[tuple[str, str], ...] = ()
