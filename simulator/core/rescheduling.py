"""Mass rescheduling (M11): moving every booking off a day the doctor will be away.

A mixin of :class:`~simulator.core.engine.Simulation`. The book refuses a move that would double-book the
doctor, land on a closed day, outside opening hours or on an away day the desk knows of; everything else is
recorded with what the grader needs (urgency, how far from the away day, the patient's stated availability).
Telling the patient is a call placed with purpose ``reschedule``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..scenario.models import WEEKDAYS
from ..scenario.times import format_clock
from . import actions as A

__all__ = ["Rescheduling"]


class Rescheduling:
    """The action of moving a booking."""

    def _do_move_booking(self: Any, a: A.MoveBooking) -> None:
        day, at = A.typed_date_time(a.date, a.at)
        to_day, to_at = A.typed_date_time(a.to_date, a.to_at)
        key = next((k for k, e in self.bookings.items() if k[0] == day and k[2] == at and e.patient == a.patient), None)
        if key is None:
            raise A.ActionError("That patient has no booking then.")
        self._need_screen()
        entry = self.bookings[key]
        doctor = key[1]
        target = (to_day, doctor, to_at)
        c = self.scenario.clinic
        when = dt.date.fromisoformat(to_day)
        if when <= self.scenario.date:
            raise A.ActionError("Move it to a later day.")
        if WEEKDAYS[when.weekday()] not in c.days:
            raise A.ActionError(f"The clinic is closed on {when.strftime('%A')}s.")
        if to_at < c.opens or to_at + entry.minutes * 60 > c.closes:
            raise A.ActionError(f"A {entry.minutes}-minute visit at {format_clock(to_at)} is outside opening hours.")
        if (doctor, to_day) in self.away_days:
            raise A.ActionError(f"{self.doctors[doctor].name} is away on {to_day}.")
        overlaps = self._overlaps(target, entry.minutes, ignore=key)
        if overlaps:
            raise A.ActionError(f"{self.doctors[doctor].name} already has a patient then.")
        del self.bookings[key]
        self.bookings[target] = entry
        away = self.away_days.get((doctor, day))
        away_date = dt.date.fromisoformat(day)
        self.facts.record(self.now, "booking_moved", "M11", patient=a.patient, doctor=doctor, date=day,
                          at=format_clock(at), to_date=to_day, to_at=format_clock(to_at), visit_type=entry.visit_type,
                          minutes=entry.minutes, urgent=entry.urgent, off_away_day=away is not None,
                          days_after=(when - away_date).days,
                          patient_available=self._available(a.patient, when.weekday(), to_at, entry.minutes))
