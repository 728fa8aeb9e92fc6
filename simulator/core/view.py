"""Read-only snapshots of the desk, for UIs and bots.

A :class:`DeskView` is built from a :class:`~simulator.core.engine.Simulation` at one second and holds only
frozen values, so whoever reads it cannot change the world by accident: the only way to act is an action.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the engine imports nothing from here; this is for type checkers only
    from .engine import Simulation

__all__ = ["DeskView", "LineView", "CounterView", "WaitingView", "DocumentView", "desk_view"]


@dataclass(frozen=True)
class LineView:
    """One phone line: its call (if any), the call's state, who is calling and how many rings so far."""

    line: int
    call: str | None
    state: str | None
    caller: str | None
    name: str | None
    about: str | None
    wants: str | None
    urgent: bool
    rings: int
    identity_verified: bool
    #: The appointment the caller talks about, if any (date and time as they say them).
    date: str | None
    appointment: int | None


@dataclass(frozen=True)
class CounterView:
    """A patient at the counter: arriving, walking in, or back for checkout."""

    patient: str
    state: str
    since: int
    appointment: int | None
    #: For a walk-in, what the nurse decided once consulted (``emergency`` or ``see_today``).
    nurse_decision: str | None
    #: At checkout, what the doctor ordered: a follow-up in so many days, and tests.
    follow_up_days: int | None
    tests: tuple[str, ...]
    booked: tuple[str, ...]


@dataclass(frozen=True)
class WaitingView:
    """A patient in the waiting room."""

    patient: str
    since: int
    appointment: int | None
    informed: bool
    informed_at: int | None


@dataclass(frozen=True)
class DocumentView:
    """A document in the inbox."""

    id: str
    kind: str
    status: str
    printed_name: str
    printed_dob: str
    test: str | None


@dataclass(frozen=True)
class DeskView:
    """Everything a trainee at the desk can see at second ``now``."""

    now: int
    lines: tuple[LineView, ...]
    counter: tuple[CounterView, ...]
    serving: str | None
    waiting: tuple[WaitingView, ...]
    with_doctor: tuple[tuple[str, str], ...]
    inbox: tuple[DocumentView, ...]
    screen_locked: bool
    at_desk: bool
    finished: bool
    #: What the patient being served tells you when asked, field by field, and what their chart says.
    serving_says: tuple[tuple[str, str], ...]
    serving_chart: tuple[tuple[str, str], ...]


def desk_view(sim: "Simulation") -> DeskView:
    """A snapshot of ``sim`` at its current second."""
    lines = []
    for index, call_id in enumerate(sim.lines):
        call = sim.calls.get(call_id) if call_id else None
        if call is None:
            lines.append(LineView(index + 1, None, None, None, None, None, None, False, 0, False, None, None))
            continue
        s = call.script
        lines.append(LineView(index + 1, call.id, call.state, s.caller, s.name, s.about, s.wants, s.urgent,
                              call.rings(sim.now), call.verified, s.date.isoformat() if s.date else None, s.appointment))
    counter = []
    for patient in sim.counter:
        visit = sim.visits[patient]
        orders = visit.orders if visit.state == "checkout" else None
        counter.append(CounterView(patient, visit.state, visit.at_counter_since,
                                   visit.appointment.at if visit.appointment else None, visit.nurse_decision,
                                   orders.follow_up if orders else None, tuple(orders.tests) if orders else (),
                                   tuple(visit.booked)))
    waiting = tuple(
        WaitingView(v.patient, v.checked_in_at or sim.now, v.appointment.at if v.appointment else None, v.informed,
                    v.informed_at)
        for v in sim.visits.values() if v.state == "waiting"
    )
    inbox = []
    for doc in sim.inbox.values():
        owner = sim.patients.get(doc.script.patient)
        inbox.append(DocumentView(doc.id, doc.script.kind, doc.status, owner.name if owner else "",
                                  owner.dob.isoformat() if owner else "", doc.script.test))
    return DeskView(
        now=sim.now,
        lines=tuple(lines),
        counter=tuple(counter),
        serving=sim.desk.serving,
        waiting=waiting,
        with_doctor=tuple((d.id, d.with_patient) for d in sim.doctors.values() if d.with_patient),
        inbox=tuple(inbox),
        screen_locked=sim.desk.screen_locked,
        at_desk=sim.desk.at_desk,
        finished=sim.finished,
        serving_says=tuple(sorted(sim.stated_details(sim.desk.serving).items())) if sim.desk.serving else (),
        serving_chart=tuple(sorted(sim.charts.get(sim.desk.serving, {}).items())) if sim.desk.serving else (),
    )
