"""The appointment book of later days (M9, M10, M11, M14): booking, cancelling and moving visits, the doctors'
away days, and the waiting list of patients who want an earlier visit.

The rules of the book itself are :class:`~simulator.core.ledger.Ledger`'s. Moving everyone off an away day (M11)
is recorded with what the grader needs (urgency, how far from the away day, the patient's stated availability);
telling the patient is a call placed with purpose ``reschedule``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Callable

from ..scenario.book import availability_text, patient_available
from ..scenario.models import AwayDay
from ..scenario.times import format_clock
from . import actions as A
from .desk import Desk
from .frame import Frame
from .ledger import Key, Ledger
from .view import BookingView, BookPage, booking_view
from .world import BookEntry

__all__ = ["Appointments"]


class Appointments:
    """The book of later days, the away days the desk knows of, and the waiting list."""

    def __init__(self, frame: Frame, desk: Desk):
        self.frame = frame
        self.desk = desk
        clinic = frame.clinic
        self.doctor_names = {m.id: m.name for m in clinic.staff if m.role == "doctor"}
        self.ledger = Ledger(frame.scenario, self.doctor_names)
        #: Where each patient's visit was last moved to, for the call that tells them.
        self.moved_to: dict[str, Key] = {}
        #: Away days the desk has been told of: (doctor, date) → when it was announced.
        self.away_days: dict[tuple[str, str], int] = {}
        #: Patients who want an earlier visit: id → the visit type they wait for.
        self.waiting_list: dict[str, str] = {w.patient: w.type or "follow_up" for w in frame.scenario.waiting_list}
        #: Told when a booking leaves its place: (where it was, where it went or ``None`` when it is gone).
        self.on_unbook: list[Callable[[Key, Key | None], None]] = []

    @property
    def bookings(self) -> dict[Key, BookEntry]:
        """The book's entries, (date, doctor, start) → entry, to read."""
        return self.ledger.entries

    def actions(self) -> dict[str, Callable[[Any], None]]:
        """The actions this part of the day takes, by action type."""
        return {"cancel_booking": self._do_cancel_booking, "move_booking": self._do_move_booking}

    def view(self) -> dict[str, Any]:
        """The book of later days: tomorrow's bookings to remind, the bookings to move off away days, the waiting
        list, and the book itself, read live."""
        ledger, patients = self.ledger, self.frame.patients
        reminders = self.frame.scenario.reminders
        reminder_list: list[BookingView] = []
        to_move: list[BookingView] = []
        if reminders is not None:
            for key in ledger.on(reminders.date.isoformat()):
                if key in ledger.first:  # booked before today: a visit made today needs no reminder
                    who = ledger.entries[key].patient
                    reminder_list.append(booking_view(ledger, key, availability_text(patients.get(who))))
        for doctor, day in sorted(self.away_days):
            for key in ledger.on(day):
                if key[1] == doctor:
                    who = ledger.entries[key].patient
                    to_move.append(booking_view(ledger, key, availability_text(patients.get(who))))
        return {"reminder_list": tuple(reminder_list), "to_move": tuple(to_move),
                "away_days": tuple(sorted(self.away_days)), "waiting_list": tuple(self.waiting_list.items()),
                "book": BookPage(ledger)}

    # --- the book -----------------------------------------------------------------------------------------

    def slot(self, date: str, at: str, doctor: str) -> Key:
        """The book's key for a typed date, time and doctor (the slot itself is checked when booked)."""
        iso, seconds = A.typed_date_time(date, at)
        if doctor not in self.doctor_names:
            raise A.ActionError(f"{doctor!r} is not one of the clinic's doctors.")
        return iso, doctor, seconds

    def book(self, key: Key, patient: str, visit_type: str, urgent: bool = False) -> None:
        """Put ``patient`` in the book at ``key``, if the book can hold the visit (see :class:`Ledger`)."""
        types = self.frame.clinic.visit_types
        if visit_type not in types:
            raise A.ActionError(f"The clinic has no visit type {visit_type.replace('_', ' ')!r}.")
        minutes = types[visit_type]
        self.ledger.check(key[0], key[1], key[2], minutes)
        self.ledger.add(key, BookEntry(patient, minutes, visit_type, urgent))

    def unbook(self, key: Key, moved_to: Key | None = None) -> BookEntry:
        """Take a booking out of the book (cancelled, released, or moved to ``moved_to``)."""
        entry = self.ledger.remove(key)
        for listener in self.on_unbook:
            listener(key, moved_to)
        return entry

    def announce_away(self, away: AwayDay) -> None:
        """The desk learns a doctor will be away on a later day: those booked then must be moved."""
        day = away.date.isoformat()
        self.away_days[(away.doctor, day)] = self.frame.now
        self.ledger.away.add((away.doctor, day))
        booked = sorted(self.bookings[k].patient for k in self.ledger.on(day) if k[1] == away.doctor)
        self.frame.record("away_day_announced", "M11", doctor=away.doctor, date=day, reason=away.reason,
                          patients=booked, within_days=away.within)

    # --- moving and cancelling (M11) ---------------------------------------------------------------------

    def _booking_of(self, patient: str, date: str, at: str) -> Key:
        """The book's key of ``patient``'s booking at the typed ``date`` and ``at``; refused in words if none."""
        day, start = A.typed_date_time(date, at)
        key = self.ledger.find(patient, day, start)
        if key is None:
            raise A.ActionError(f"{self.frame.patient_name(patient)} has no booking on {day} at {format_clock(start)}.")
        self.desk.need_screen()
        return key

    def _do_cancel_booking(self, a: A.CancelBooking) -> None:
        key = self._booking_of(a.patient, a.date, a.at)
        day, at = key[0], key[2]
        entry = self.unbook(key)
        self.frame.record("booking_cancelled", "M11", patient=a.patient, doctor=key[1], date=day,
                          at=format_clock(at), visit_type=entry.visit_type, urgent=entry.urgent,
                          off_away_day=(key[1], day) in self.away_days,
                          still_holds=[f"{d} {format_clock(t)} {doctor} {self.bookings[(d, doctor, t)].visit_type}"
                                       for d, doctor, t in self.ledger.of(a.patient)])

    def _do_move_booking(self, a: A.MoveBooking) -> None:
        to_day, to_at = A.typed_date_time(a.to_date, a.to_at)
        key = self._booking_of(a.patient, a.date, a.at)
        day, at = key[0], key[2]
        entry = self.bookings[key]
        doctor = key[1]
        target = (to_day, doctor, to_at)
        self.ledger.check(to_day, doctor, to_at, entry.minutes, ignore=key)
        self.unbook(key, moved_to=target)
        self.ledger.add(target, entry)
        self.moved_to[a.patient] = target
        when = dt.date.fromisoformat(to_day)
        self.frame.record("booking_moved", "M11", patient=a.patient, doctor=doctor, date=day,
                          at=format_clock(at), to_date=to_day, to_at=format_clock(to_at), visit_type=entry.visit_type,
                          minutes=entry.minutes, urgent=entry.urgent, off_away_day=(doctor, day) in self.away_days,
                          days_after=(when - dt.date.fromisoformat(day)).days,
                          patient_available=patient_available(self.frame.patients.get(a.patient), when, to_at,
                                                              entry.minutes))
