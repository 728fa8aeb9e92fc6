"""Mass rescheduling (M11): moving every booking off a day the doctor will be away (or cancelling it, for a patient
who already holds a later visit of the same kind).

A mixin of :class:`~simulator.core.engine.Simulation`. The book (:class:`~.ledger.Ledger`) refuses a move
that would double-book the doctor, land on a closed day, off the grid, outside opening hours, in lunch or on an
away day the desk knows of; everything else is recorded with what the grader needs (urgency, how far from the
away day, the patient's stated availability).
Telling the patient is a call placed with purpose ``reschedule``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..scenario.times import format_clock
from ..scenario.book import patient_available
from . import actions as A

__all__ = ["Rescheduling"]


class Rescheduling:
    """The actions of moving and cancelling a booking of a later day."""

    def _booking_of(self: Any, patient: str, date: str, at: str) -> tuple[str, str, int]:
        """The book's key of ``patient``'s booking at the typed ``date`` and ``at``; refused in words if none."""
        day, start = A.typed_date_time(date, at)
        key = self.book.find(patient, day, start)
        if key is None:
            name = self.patients[patient].name if patient in self.patients else patient
            raise A.ActionError(f"{name} has no booking on {day} at {format_clock(start)}.")
        self._need_screen()
        return key  # type: ignore[no-any-return]

    def _do_cancel_booking(self: Any, a: A.CancelBooking) -> None:
        key = self._booking_of(a.patient, a.date, a.at)
        day, at = key[0], key[2]
        entry = self._unbook(key)
        self.facts.record(self.now, "booking_cancelled", "M11", patient=a.patient, doctor=key[1], date=day,
                          at=format_clock(at), visit_type=entry.visit_type, urgent=entry.urgent,
                          off_away_day=(key[1], day) in self.away_days,
                          still_holds=[f"{d} {format_clock(t)} {doctor} {self.bookings[(d, doctor, t)].visit_type}"
                                       for d, doctor, t in self.book.of(a.patient)])

    def _do_move_booking(self: Any, a: A.MoveBooking) -> None:
        to_day, to_at = A.typed_date_time(a.to_date, a.to_at)
        key = self._booking_of(a.patient, a.date, a.at)
        day, at = key[0], key[2]
        entry = self.bookings[key]
        doctor = key[1]
        target = (to_day, doctor, to_at)
        self.book.check(to_day, doctor, to_at, entry.minutes, ignore=key)
        self._unbook(key, moved_to=target)
        self.book.add(target, entry)
        self.moved_to[a.patient] = target
        when = dt.date.fromisoformat(to_day)
        self.facts.record(self.now, "booking_moved", "M11", patient=a.patient, doctor=doctor, date=day,
                          at=format_clock(at), to_date=to_day, to_at=format_clock(to_at), visit_type=entry.visit_type,
                          minutes=entry.minutes, urgent=entry.urgent, off_away_day=(doctor, day) in self.away_days,
                          days_after=(when - dt.date.fromisoformat(day)).days,
                          patient_available=patient_available(self.patients.get(a.patient), when, to_at,
                                                              entry.minutes))
