"""The appointment book of later days, as the engine keeps it: entries indexed by day and by patient, and the
one set of rules every booking action checks (the same rules ``frontdesk validate`` uses to prove an away day
can be cleared).

The rules: a later day the clinic opens; a doctor of the clinic who is not away that day; a start on the book's
grid with the whole visit inside opening hours and outside lunch (the clinic's part is
:func:`~simulator.scenario.book.slot_refusal`, shared with the validator and the bots); and no overlap with another
visit of that doctor. Double booking is impossible. A refusal is an :class:`~simulator.core.actions.ActionError` in words a student understands.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Iterator

from ..scenario.book import grid_starts, slot_refusal
from ..scenario.models import Scenario
from ..scenario.times import format_clock
from .actions import ActionError
from .world import BookEntry

__all__ = ["Ledger", "Key"]

Key = tuple[str, str, int]
"""(date ISO, doctor id, start second)."""


class Ledger:
    """Later-day bookings: ``entries`` by key, with indexes so a 4,000-patient book answers in a few lookups."""

    def __init__(self, scenario: Scenario, doctor_names: dict[str, str]):
        self.scenario = scenario
        self.doctor_names = doctor_names
        self.entries: dict[Key, BookEntry] = {}
        self._by_day: dict[str, set[Key]] = defaultdict(set)
        self._by_patient: dict[str, set[Key]] = defaultdict(set)
        self.away: set[tuple[str, str]] = set()  # (doctor, date ISO) the desk has been told of
        #: Patients whose bookings the desk added to or took from today (the day's end records their book).
        self.touched: set[str] = set()
        for b in scenario.bookings:
            self.add((b.date.isoformat(), b.with_, b.at),
                     BookEntry(b.patient, scenario.visit_length(b), b.type, b.urgent))
        self.touched.clear()  # the scenario's own bookings are where the day starts, not changes
        #: The bookings made before today (the scenario's): a visit booked today needs no reminder call.
        self.first: frozenset[Key] = frozenset(self.entries)

    def add(self, key: Key, entry: BookEntry) -> None:
        """Write an entry in (the caller has checked the slot)."""
        self.entries[key] = entry
        self._by_day[key[0]].add(key)
        self._by_patient[entry.patient].add(key)
        self.touched.add(entry.patient)

    def remove(self, key: Key) -> BookEntry:
        """Take an entry out and return it."""
        entry = self.entries.pop(key)
        self._by_day[key[0]].discard(key)
        self._by_patient[entry.patient].discard(key)
        self.touched.add(entry.patient)
        return entry

    def held_by(self, patients: set[str]) -> list[list[str]]:
        """Each of ``patients``' bookings as ``[patient, date, HH:MM, doctor, visit_type]``, by patient, date and
        time."""
        return [[p, d, format_clock(at), doctor, self.entries[(d, doctor, at)].visit_type]
                for p in sorted(patients) for d, doctor, at in self.of(p)]

    def on(self, day: str) -> list[Key]:
        """Keys booked on ``day``, by doctor and time."""
        return sorted(self._by_day.get(day, ()))

    def of(self, patient: str) -> list[Key]:
        """Keys booked for ``patient``, by date and time."""
        return sorted(self._by_patient.get(patient, ()))

    def find(self, patient: str, day: str, start: int) -> Key | None:
        """The patient's booking on ``day`` at ``start`` (any doctor), if there is one."""
        return next((k for k in self.of(patient) if k[0] == day and k[2] == start), None)

    def items(self) -> Iterator[tuple[Key, BookEntry]]:
        """Every booking in the book, as (key, entry) pairs."""
        return iter(self.entries.items())

    def refusal(self, day: str, doctor: str, start: int, minutes: int, ignore: Key | None = None) -> str | None:
        """Why the book cannot hold a visit of ``minutes`` at ``start`` on ``day`` with ``doctor``, in words; ``None``
        when it can. The clinic's rules are :func:`~simulator.scenario.book.slot_refusal`'s, the same ones the
        validator proves away days with; the doctor's part (a later day, not away, no overlap) is added here."""
        when = dt.date.fromisoformat(day)
        name = self.doctor_names.get(doctor)
        if name is None:
            return f"{doctor!r} is not one of the clinic's doctors."
        if when <= self.scenario.date:
            return "Book on a later day: today's visits are on today's schedule."
        clinic = slot_refusal(self.scenario, when, start, minutes)
        if clinic is not None:
            return clinic
        if (doctor, day) in self.away:
            return f"{name} is away on {when.strftime('%A %d %B')}."
        end = start + minutes * 60
        for key in self.on(day):
            other = self.entries[key]
            if key[1] == doctor and key != ignore and key[2] < end and start < key[2] + other.minutes * 60:
                return (f"{name} already has a patient from {format_clock(key[2])} to "
                        f"{format_clock(key[2] + other.minutes * 60)} that day.")
        return None

    def check(self, day: str, doctor: str, start: int, minutes: int, ignore: Key | None = None) -> None:
        """Refuse, in words, a visit of ``minutes`` at ``start`` on ``day`` that the book cannot hold."""
        reason = self.refusal(day, doctor, start, minutes, ignore)
        if reason is not None:
            raise ActionError(reason)

    def free_starts(self, doctor: str, day: str, minutes: int) -> list[int]:
        """The grid starts on ``day`` where :meth:`check` would take a visit of ``minutes`` with ``doctor``: what
        the book shows free, by the very rules that decide."""
        return [t for t in grid_starts(self.scenario, dt.date.fromisoformat(day))
                if self.refusal(day, doctor, t, minutes) is None]
