"""The appointment book: a day/week grid of each doctor's slots, opened wherever the desk books a visit.

Two layers. :class:`BookModel` is plain Python (importing this module imports no pygame, so the desk's plain
layers may build requests): from the :class:`~simulator.scenario.models.Scenario` and a
:class:`~simulator.core.view.DeskView` it lays out the clinic's grid (opening hours, lunch, closed days, the away
days the desk has been told of, the visits booked on each day with their state) and says, for the visit being
booked, what each slot is in words: free, booked (by whom), lunch, doctor away, closed, past, too short, outside
what the patient said they can do. Whether a later-day slot is free is the engine's own answer
(:meth:`~simulator.core.view.BookPage.refusal`), so what the book shows free is exactly what a booking may take,
and what it refuses is refused in the engine's words. :class:`AppointmentBook` is the pygame_gui panel that shows
a model over the desk's work area, moved by keys and the mouse.

The book shows only what a desk shows: today's schedule and its states, the later days' bookings, the away days
announced, and a patient's availability only when the desk passes it in (once the student has asked).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable

from ..core.view import BookingView, DeskView
from ..scenario.models import WEEKDAYS, Scenario
from ..scenario.times import format_clock

if TYPE_CHECKING:  # the panel's own imports are inside it: the model must load without pygame
    import pygame
    import pygame_gui

__all__ = [
    "AppointmentBook",
    "BookModel",
    "BookRequest",
    "Cell",
    "BookedVisit",
    "SlotRefusedError",
    "STATUS_WORDS",
    "appointment_request",
    "follow_up_request",
    "freed_slot_request",
    "move_request",
    "parse_availability",
    "referral_request",
]

# The statuses a slot can have. Only FREE can be picked.
FREE = "free"
BOOKED = "booked"
LUNCH = "lunch"
AWAY = "away"
CLOSED = "closed"
PAST = "past"
SHORT = "short"
UNAVAILABLE = "unavailable"
TODAY = "today"
NOT_FREED = "not_freed"
OWN = "own"
REFUSED = "refused"

#: Each status in words, as the legend names it.
STATUS_WORDS = {
    FREE: "free: the visit fits",
    BOOKED: "booked (name and state)",
    LUNCH: "lunch",
    AWAY: "doctor away",
    CLOSED: "clinic closed",
    PAST: "past",
    SHORT: "too short for this visit",
    UNAVAILABLE: "outside the patient's times",
    TODAY: "today: book a later day",
    NOT_FREED: "not a freed slot",
    OWN: "the booking being moved",
    REFUSED: "the book refuses it",
}

#: Visit states as the book shows them (the words of practice-management software, as the schedule uses).
_STATE_WORDS = {"scheduled": "not arrived", "arrived_late": "arrived late", "in_exam_room": "with the doctor",
                "roomed": "in exam room", "checkout": "at checkout", "checked_out": "checked out",
                "no_show": "no show", "left_without_visit": "left without visit",
                "left_after_visit": "left before checkout", "sent_to_emergency": "sent to emergency"}

_DAY = re.compile(r"\b(mon|tue|wed|thu|fri|sat|sun)\b")
_FROM = re.compile(r"\bfrom\s+(\d{1,2}):(\d{2})\b")
_UNTIL = re.compile(r"\buntil\s+(\d{1,2}):(\d{2})\b")
#: How far ahead the book can be leafed through.
_HORIZON_DAYS = 730


class SlotRefusedError(ValueError):
    """The slot under the cursor cannot take the visit; the message says why, in words."""


def _words(value: str) -> str:
    return value.replace("_", " ")


def _date_words(day: dt.date) -> str:
    return f"{day.strftime('%a')} {day.day} {day.strftime('%b')}"


def parse_availability(text: str | None) -> tuple[tuple[str, ...] | None, int | None, int | None]:
    """The days and hours a patient said they can come, read from the words the desk shows them in
    (:func:`~simulator.scenario.book.availability_text`: "tue, thu from 09:00 until 12:00"): (weekdays or ``None``
    for any day, earliest start or ``None``, latest end or ``None``). Empty or unreadable words restrict nothing."""
    if not text:
        return None, None, None
    lowered = text.casefold()
    days = tuple(dict.fromkeys(_DAY.findall(lowered))) or None
    start = _FROM.search(lowered)
    end = _UNTIL.search(lowered)
    return (days, int(start[1]) * 3600 + int(start[2]) * 60 if start else None,
            int(end[1]) * 3600 + int(end[2]) * 60 if end else None)


@dataclass(frozen=True)
class BookRequest:
    """What the desk is booking, and where the book opens.

    ``title`` says it in words ("Follow-up for Ana Ruiz: 15 min, in about 14 days"). The visit lasts ``minutes``.
    ``today`` books one of today's freed slots (a waiting-list fill) rather than a later day. ``doctor`` is where the
    book opens, and the only doctor it offers when ``doctor_fixed`` (a move keeps the doctor). ``moving`` is the
    booking being moved, as (date ISO, doctor, start): its own place does not stand in its way. ``available`` is
    the patient's stated availability in the desk's words, passed only once the student has asked for it.
    """

    title: str
    minutes: int
    visit_type: str = "follow_up"
    patient: str | None = None
    opens_on: dt.date | None = None
    doctor: str | None = None
    doctor_fixed: bool = False
    today: bool = False
    moving: tuple[str, str, int] | None = None
    available: str | None = None


def _doctors(scenario: Scenario) -> list[tuple[str, str]]:
    return [(m.id, m.name) for m in scenario.clinic.staff if m.role == "doctor"]


def _patient_name(scenario: Scenario, patient: str | None) -> str:
    if patient is None:
        return "the patient"
    try:
        return scenario.patient(patient).name
    except KeyError:
        return patient


def _minutes(scenario: Scenario, visit_type: str) -> int:
    types = scenario.clinic.visit_types
    if visit_type not in types:
        raise ValueError(f"The clinic has no visit type {_words(visit_type)!r}.")
    return types[visit_type]


def follow_up_request(scenario: Scenario, view: DeskView, patient: str, visit_type: str = "follow_up",
                      doctor: str | None = None, available: str | None = None) -> BookRequest:
    """Booking the follow-up the doctor ordered for ``patient`` at checkout: the book opens on the day the order
    points to ("in about 14 days"), or tomorrow when the order gives no interval."""
    minutes = _minutes(scenario, visit_type)
    at_counter = next((c for c in view.counter if c.patient == patient), None)
    days = at_counter.follow_up_days if at_counter is not None else None
    title = f"Follow-up for {_patient_name(scenario, patient)}: {minutes} min"
    if days:
        title += f", in about {days} days"
    opens = scenario.date + dt.timedelta(days=days or 1)
    return BookRequest(title, minutes, visit_type, patient, opens, doctor, available=available)


def appointment_request(scenario: Scenario, view: DeskView, line: int, visit_type: str = "follow_up",
                        doctor: str | None = None, available: str | None = None) -> BookRequest:
    """Booking an appointment for the patient a caller on ``line`` phones about: the book opens tomorrow."""
    minutes = _minutes(scenario, visit_type)
    call = next((c for c in view.lines if c.line == line), None)
    patient = call.about if call is not None else None
    title = f"Appointment for {_patient_name(scenario, patient)}: {minutes} min ({_words(visit_type)})"
    return BookRequest(title, minutes, visit_type, patient, scenario.date + dt.timedelta(days=1), doctor,
                       available=available)


def referral_request(scenario: Scenario, view: DeskView, document: str, visit_type: str = "new_patient",
                     doctor: str | None = None) -> BookRequest:
    """Booking the referred patient of ``document``. Once the desk has sorted the referral, the title names the
    window the office guideline gives that sort ("urgent: within 2 days"); the book opens tomorrow."""
    minutes = _minutes(scenario, visit_type)
    doc = next((d for d in view.inbox if d.id == document), None)
    who = doc.printed_name if doc is not None else "the referred patient"
    title = f"Referral for {who}: {minutes} min ({_words(visit_type)})"
    if doc is not None and doc.urgency is not None:
        window = scenario.clinic.guidelines.referral_urgency.get(doc.urgency)  # type: ignore[call-overload]
        if window is not None:
            title += f", sorted {_words(doc.urgency)}: within {window} days"
    return BookRequest(title, minutes, visit_type, None, scenario.date + dt.timedelta(days=1), doctor)


def move_request(scenario: Scenario, booking: BookingView, available: str | None = None) -> BookRequest:
    """Moving ``booking`` (from the desk's list of bookings to move or remind) to another day with the same
    doctor; pass ``available`` (its :attr:`~simulator.core.view.BookingView.available`) once the student has
    asked when the patient can come. The book opens the day after the booking."""
    day = dt.date.fromisoformat(booking.date)
    doctor = dict(_doctors(scenario)).get(booking.doctor, booking.doctor)
    title = (f"Move {_patient_name(scenario, booking.patient)}'s {_words(booking.visit_type)} ({booking.minutes} min) "
             f"from {_date_words(day)} {format_clock(booking.at)}, {doctor}")
    return BookRequest(title, booking.minutes, booking.visit_type, booking.patient, day + dt.timedelta(days=1),
                       booking.doctor, doctor_fixed=True, moving=(booking.date, booking.doctor, booking.at),
                       available=available)


def freed_slot_request(scenario: Scenario, view: DeskView, line: int, visit_type: str | None = None,
                       available: str | None = None) -> BookRequest:
    """Offering one of today's freed slots to the waiting-list patient on ``line``: the book shows today only,
    and only a slot a cancellation freed can be picked."""
    call = next((c for c in view.lines if c.line == line), None)
    patient = call.about if call is not None else None
    wanted = dict(view.waiting_list).get(patient or "", "follow_up")
    kind = visit_type or wanted
    minutes = _minutes(scenario, kind)
    title = f"Today's freed slot for {_patient_name(scenario, patient)}: {minutes} min ({_words(kind)})"
    return BookRequest(title, minutes, kind, patient, scenario.date, today=True, available=available)


@dataclass(frozen=True)
class BookedVisit:
    """A visit drawn on the book: who, with whom, when, how long, and its state in words ("booked" on a later
    day; "not arrived", "waiting", "checked out", ... today)."""

    patient: str
    name: str
    doctor: str
    day: str
    start: int
    minutes: int
    visit_type: str
    state: str
    #: The booking being moved (its place shows, but does not stand in its own way).
    own: bool = False
    #: A visit cancelled today: its slot is free again on today's schedule.
    cancelled: bool = False

    @property
    def end(self) -> int:
        """When the visit ends, in seconds since midnight."""
        return self.start + self.minutes * 60


@dataclass(frozen=True)
class Cell:
    """One slot of the book: a start time on a day with a doctor, and what it is for the visit being booked.

    ``status`` is one of the statuses of :data:`STATUS_WORDS`; ``label`` is what the grid writes in it (short);
    ``reason`` is a sentence saying why the visit does not fit (``""`` when it does), in the engine's own words
    where the engine would refuse. ``start`` is the time a pick books (a freed slot's own time, when today's
    schedule has it off the grid).
    """

    day: dt.date
    doctor: str
    start: int
    status: str
    label: str
    reason: str = ""
    visit: BookedVisit | None = None
    #: Marked as not fitting by the desk's judgement alone (outside the patient's times; a freed slot shorter than
    #: the visit) while the engine would take it: the student may still pick it, and the grader judges the choice.
    allowed: bool = False

    @property
    def fits(self) -> bool:
        """True when a pick takes this slot: a free one, or one only marked (see :attr:`allowed`)."""
        return self.status == FREE or self.allowed


class BookModel:
    """The book for one request: what each slot is, a cursor, and the pick.

    Columns are (day, doctor): one doctor or all of them side by side, over one day or the clinic's week (Monday
    to Friday, and the weekend days it opens). Rows are the book's grid from opening to closing, every
    ``clinic.slot_minutes``. :meth:`refresh` takes each new desk view; cells are worked out only for what is shown,
    and again only when something shown changed.
    """

    def __init__(self, scenario: Scenario, view: DeskView, request: BookRequest):
        if view.book is None:
            raise ValueError("The appointment book needs a desk view with its book (DeskView.book).")
        self.scenario = scenario
        self.request = request
        self.view = view
        clinic = scenario.clinic
        self.today = scenario.date
        self.doctor_names = dict(_doctors(scenario))
        self.doctors: tuple[str, ...] = tuple(self.doctor_names)
        if request.doctor_fixed and request.doctor is not None:
            self.doctors = (request.doctor,)
        step = clinic.slot_minutes * 60
        self.step = step
        self.rows: tuple[int, ...] = tuple(range(clinic.opens, clinic.closes, step))
        self._limits = parse_availability(request.available)
        self.mode = "day" if request.today else "week"
        self.all_doctors = False
        self.doctor = request.doctor if request.doctor in self.doctors else self.doctors[0]
        self.day = self._open_on_or_after(request.opens_on or self.today + dt.timedelta(days=1))
        if request.today:
            self.day = self.today
        self.row = 0
        self._cells: dict[tuple[dt.date, str], tuple[Cell, ...]] = {}
        self._signature: tuple[Any, ...] = ()
        self._patients: dict[str, str] = {}
        self._apply_view(view)
        if request.today or self.day == self.today:
            # Today opens at the first slot not yet over.
            self.row = next((i for i, r in enumerate(self.rows) if r + step > view.now), len(self.rows) - 1)
        elif request.moving is not None and request.moving[0] == self.day.isoformat():
            self.row = self._row_of(request.moving[2])

    # --- the desk's state ------------------------------------------------------------------------------------

    def refresh(self, view: DeskView) -> bool:
        """Take the desk's latest view; True when something the book shows changed (the panel then redraws)."""
        self.view = view
        return self._apply_view(view)

    def _apply_view(self, view: DeskView) -> bool:
        signature = self._signature_of(view)
        if signature == self._signature:
            return False
        self._signature = signature
        self._cells.clear()
        return True

    def _signature_of(self, view: DeskView) -> tuple[Any, ...]:
        """What the shown cells depend on: today's schedule and the clock (when today is shown), the away days, and
        the bookings of the later days shown. Cheap enough to take at every frame."""
        days = sorted({day for day, _ in self.columns()})
        parts: list[Any] = [view.away_days]
        if self.today in days:
            now_row = (view.now - self.scenario.clinic.opens) // self.step
            parts += [now_row, view.visit_states, view.freed_slots]
        book = view.book
        assert book is not None
        parts += [book.on_day(day.isoformat()) for day in days if day > self.today]
        return tuple(parts)

    def set_request(self, request: BookRequest) -> None:
        """Book something else in the same book (the visit type changed, or availability was learnt)."""
        self.request = request
        self._limits = parse_availability(request.available)
        self._cells.clear()
        self._signature = ()
        self._apply_view(self.view)

    # --- what the book shows ------------------------------------------------------------------------------------

    def shown_doctors(self) -> tuple[str, ...]:
        """The doctors whose columns are shown."""
        return self.doctors if self.all_doctors else (self.doctor,)

    def days(self) -> tuple[dt.date, ...]:
        """The days shown: the cursor's day, or its week (Monday to Friday and the days the clinic opens)."""
        if self.mode == "day":
            return (self.day,)
        monday = self.day - dt.timedelta(days=self.day.weekday())
        return tuple(monday + dt.timedelta(days=i) for i in range(7)
                     if i < 5 or WEEKDAYS[i] in self.scenario.clinic.days)

    def columns(self) -> list[tuple[dt.date, str]]:
        """The grid's columns, left to right: (day, doctor)."""
        return [(day, doctor) for day in self.days() for doctor in self.shown_doctors()]

    @property
    def column(self) -> int:
        """The cursor's column."""
        return self.columns().index((self.day, self.doctor))

    def cells(self, day: dt.date, doctor: str) -> tuple[Cell, ...]:
        """Every slot of ``doctor`` on ``day``, one per row."""
        key = (day, doctor)
        found = self._cells.get(key)
        if found is None:
            found = self._cells[key] = tuple(self._work_out(day, doctor))
        return found

    def cell(self, column: int, row: int) -> Cell:
        """The cell at ``column``, ``row`` of the grid shown."""
        day, doctor = self.columns()[column]
        return self.cells(day, doctor)[row]

    @property
    def cursor(self) -> Cell:
        """The cell under the cursor."""
        return self.cells(self.day, self.doctor)[self.row]

    def visits(self, day: dt.date, doctor: str) -> list[BookedVisit]:
        """The visits on ``doctor``'s book on ``day``: today's schedule, or the later day's bookings."""
        if day < self.today:
            return []
        if day == self.today:
            return self._today_visits(doctor)
        book = self.view.book
        assert book is not None
        moving = self.request.moving
        return [BookedVisit(b.patient, self._name(b.patient), b.doctor, b.date, b.at, b.minutes, b.visit_type,
                            "being moved" if moving == (b.date, b.doctor, b.at) else "booked",
                            own=moving == (b.date, b.doctor, b.at))
                for b in book.on_day(day.isoformat()) if b.doctor == doctor]

    def title(self) -> str:
        """What is being booked, in words."""
        return self.request.title

    def heading(self, day: dt.date, doctor: str) -> tuple[str, str]:
        """A column's two heading lines: the day ("Thu 12 Mar", "today") and the doctor (or why it is shut)."""
        top = _date_words(day) + (" · today" if day == self.today else "")
        if WEEKDAYS[day.weekday()] not in self.scenario.clinic.days:
            return top, "closed"
        if (doctor, day.isoformat()) in self.view.away_days:
            return top, f"{self._doctor_short(doctor)} away"
        return top, self._doctor_short(doctor) if self.all_doctors or self.mode == "day" else ""

    def legend(self) -> list[tuple[str, str]]:
        """The statuses this request can show, with their words: (status, words)."""
        shown = [FREE, BOOKED, LUNCH, AWAY, CLOSED, PAST, SHORT]
        if self.request.today:
            shown.append(NOT_FREED)
        else:
            shown.append(TODAY)
        if self.request.available:
            shown.append(UNAVAILABLE)
        if self.request.moving is not None:
            shown.append(OWN)
        return [(s, STATUS_WORDS[s]) for s in shown]

    def describe(self, cell: Cell | None = None) -> str:
        """The line under the grid: the slot (the cursor's by default), and whether the visit fits, or why not."""
        cell = cell or self.cursor
        where = f"{_date_words(cell.day)} {format_clock(cell.start)}, {self.doctor_names.get(cell.doctor, cell.doctor)}"
        visit = cell.visit
        booked = ""
        if visit is not None and not visit.cancelled:
            booked = (f" Booked: {visit.name}, {_words(visit.visit_type)} {format_clock(visit.start)}–"
                      f"{format_clock(visit.end)} ({visit.state}).")
        if cell.allowed:
            return f"{where}: {cell.reason} The desk can still book it: Pick [Enter].{booked}"
        if cell.fits:
            return f"{where}: free, a {self.request.minutes}-minute visit fits. Pick [Enter].{booked}"
        return f"{where}: does not fit. {cell.reason}{booked}"

    # --- working out the cells ----------------------------------------------------------------------------------

    def _work_out(self, day: dt.date, doctor: str) -> list[Cell]:
        iso = day.isoformat()
        visits = self.visits(day, doctor)
        c = self.scenario.clinic
        closed = WEEKDAYS[day.weekday()] not in c.days
        out = []
        for r in self.rows:
            cover = next((v for v in visits if not v.cancelled and v.start < r + self.step and r < v.end), None)
            if closed:
                out.append(Cell(day, doctor, r, CLOSED, "closed", f"The clinic is closed on {day.strftime('%A')}s.",
                                cover))
            elif day < self.today:
                out.append(Cell(day, doctor, r, PAST, "past", "That day is over: book a later day.", cover))
            elif day == self.today:
                out.append(self._today_cell(day, doctor, r, cover, visits))
            else:
                out.append(self._later_cell(iso, day, doctor, r, cover, visits))
        return out

    def _later_cell(self, iso: str, day: dt.date, doctor: str, r: int, cover: BookedVisit | None,
                    visits: list[BookedVisit]) -> Cell:
        """A slot on a later day: free exactly when the engine would book it (and, when the student has asked,
        it suits the patient); otherwise what stands in the way, with the engine's words."""
        request = self.request
        minutes = request.minutes
        book = self.view.book
        assert book is not None
        if request.today:
            return Cell(day, doctor, r, TODAY, "later day",
                        "Only one of today's freed slots can be offered on this call.", cover)
        if cover is not None and cover.own and cover.start == r:
            return Cell(day, doctor, r, OWN, f"now: {cover.name}", "That is where the booking is now.", cover)
        refusal = book.refusal(doctor, iso, r, minutes, request.moving)
        if refusal is None:
            if not self._suits_patient(day, r):
                return Cell(day, doctor, r, UNAVAILABLE, "not their times",
                            f"Outside what the patient said they can do ({request.available}).", cover,
                            allowed=True)
            return Cell(day, doctor, r, FREE, "free", "", cover)
        lunch = self.scenario.clinic.lunch
        if (doctor, iso) in self.view.away_days:
            return Cell(day, doctor, r, AWAY, "away", refusal, cover)
        if lunch is not None and lunch.from_ <= r < lunch.until:
            return Cell(day, doctor, r, LUNCH, "lunch", refusal, cover)
        if cover is not None and not cover.own:
            return Cell(day, doctor, r, BOOKED, cover.name, refusal, cover)
        room = self._room(r, visits)
        if room < minutes:
            return Cell(day, doctor, r, SHORT, f"too short: {room} min free",
                        f"Only {room} minutes are free from {format_clock(r)}: {refusal}", cover)
        return Cell(day, doctor, r, REFUSED, "not bookable", refusal, cover)

    def _room(self, r: int, visits: list[BookedVisit]) -> int:
        """Minutes free from ``r`` until the next visit, lunch or closing."""
        c = self.scenario.clinic
        ends = [c.closes] + [v.start for v in visits if not v.own and not v.cancelled and v.start >= r]
        if c.lunch is not None and r < c.lunch.from_:
            ends.append(c.lunch.from_)
        return max(0, (min(ends) - r) // 60)

    def _today_cell(self, day: dt.date, doctor: str, r: int, cover: BookedVisit | None,
                    visits: list[BookedVisit]) -> Cell:
        """A slot today. A later-day booking cannot go here (the engine books later days only); a freed-slot offer
        can take only a slot a cancellation freed, not yet over, long enough, at a time that suits the patient."""
        view = self.view
        request = self.request
        now = view.now
        c = self.scenario.clinic
        end = r + self.step
        freed = next((f for f in view.freed_slots if f.doctor == doctor and r <= f.at < end), None)
        if request.today and freed is not None and freed.filled_by is None:
            at = freed.at
            if at <= now:
                return Cell(day, doctor, at, PAST, "freed, past", "That freed slot's time has passed.", cover)
            if request.minutes > freed.gap_minutes:
                return Cell(day, doctor, at, SHORT, f"too short: {freed.gap_minutes} min free",
                            f"Only {freed.gap_minutes} minutes are free from {format_clock(at)} until the doctor's "
                            f"next visit; this one takes {request.minutes}.", cover, allowed=True)
            if not self._suits_patient(day, at):
                return Cell(day, doctor, at, UNAVAILABLE, "not their times",
                            f"Outside what the patient said they can do ({request.available}).", cover,
                            allowed=True)
            return Cell(day, doctor, at, FREE, "freed slot", "", cover)
        later = "Book on a later day: today's visits are on today's schedule."
        if cover is not None:
            return Cell(day, doctor, r, BOOKED, f"{cover.name} · {cover.state}",
                        later if not request.today else "This time is taken.", cover)
        if end <= now:
            return Cell(day, doctor, r, PAST, "past", "That time has passed.", None)
        if c.lunch is not None and c.lunch.from_ <= r < c.lunch.until:
            return Cell(day, doctor, r, LUNCH, "lunch", "The clinic is at lunch then.", None)
        staff = next((m for m in c.staff if m.id == doctor), None)
        out = next((w for w in (staff.away if staff is not None else ()) if w.from_ <= r < w.until), None)
        if out is not None:
            return Cell(day, doctor, r, AWAY, "away",
                        f"{self.doctor_names.get(doctor, doctor)} is out of the office from {format_clock(out.from_)} "
                        f"to {format_clock(out.until)} today.", None)
        if freed is not None:  # freed today, seen while booking a later day
            return Cell(day, doctor, r, TODAY, "freed slot", later, None)
        if request.today:
            return Cell(day, doctor, r, NOT_FREED, "not freed",
                        "Only a slot freed by a cancellation today can be offered.", None)
        return Cell(day, doctor, r, TODAY, "today", later, None)

    def _today_visits(self, doctor: str) -> list[BookedVisit]:
        """Today's schedule for ``doctor`` with each visit's state, and the freed slots filled since."""
        states = {(p, at): state for p, at, state in self.view.visit_states}
        today = self.today.isoformat()
        out = []
        for a in self.scenario.schedule:
            if a.with_ != doctor:
                continue
            state = states.get((a.patient, a.at), "scheduled")
            out.append(BookedVisit(a.patient, self._name(a.patient), doctor, today, a.at, self.scenario.visit_length(a),
                                   a.type, _words(_STATE_WORDS.get(state, state)), cancelled=state == "cancelled"))
        for f in self.view.freed_slots:
            if f.doctor == doctor and f.filled_by is not None:
                state = states.get((f.filled_by, f.at), "scheduled")
                out.append(BookedVisit(f.filled_by, self._name(f.filled_by), doctor, today, f.at, f.minutes,
                                       f.visit_type, _words(_STATE_WORDS.get(state, state))))
        return sorted(out, key=lambda v: (v.start, v.cancelled))

    def _suits_patient(self, day: dt.date, start: int) -> bool:
        """The patient's stated availability, read as :func:`~simulator.scenario.book.patient_available` reads it."""
        days, earliest, latest = self._limits
        if days is not None and WEEKDAYS[day.weekday()] not in days:
            return False
        if earliest is not None and start < earliest:
            return False
        return latest is None or start + self.request.minutes * 60 <= latest

    def _name(self, patient: str) -> str:
        name = self._patients.get(patient)
        if name is None:
            name = self._patients[patient] = _patient_name(self.scenario, patient)
        return name

    def _doctor_short(self, doctor: str) -> str:
        name = self.doctor_names.get(doctor, doctor)
        parts = name.split()
        return f"{parts[0]} {parts[-1]}" if len(parts) > 2 and parts[0].rstrip(".").lower() == "dr" else name

    # --- the cursor ---------------------------------------------------------------------------------------------

    def _row_of(self, start: int) -> int:
        return max(0, min(len(self.rows) - 1, (start - self.scenario.clinic.opens) // self.step))

    def _open(self, day: dt.date) -> bool:
        return WEEKDAYS[day.weekday()] in self.scenario.clinic.days

    def _open_on_or_after(self, day: dt.date) -> dt.date:
        for k in range(7):
            if self._open(day + dt.timedelta(days=k)):
                return day + dt.timedelta(days=k)
        return day

    def _in_range(self, day: dt.date) -> bool:
        first = self.today - dt.timedelta(days=self.today.weekday())
        return first <= day <= self.today + dt.timedelta(days=_HORIZON_DAYS)

    def _go(self, day: dt.date) -> bool:
        if self.request.today or not self._in_range(day) or day == self.day:
            return False
        self.day = day
        self._apply_view(self.view)
        return True

    def move_slot(self, n: int) -> bool:
        """The cursor ``n`` slots later (earlier when negative), kept on the day; True when it moved."""
        row = max(0, min(len(self.rows) - 1, self.row + n))
        moved = row != self.row
        self.row = row
        return moved

    def move_day(self, n: int) -> bool:
        """The cursor ``n`` open days later (earlier when negative), same time and doctor."""
        step = 1 if n > 0 else -1
        day = self.day
        for _ in range(abs(n)):
            day += dt.timedelta(days=step)
            for _ in range(7):  # over the days the clinic is closed
                if self._open(day):
                    break
                day += dt.timedelta(days=step)
        return self._go(day)

    def move_week(self, n: int) -> bool:
        """The cursor ``n`` weeks later (earlier when negative), on the same weekday if the clinic opens then."""
        day = self.day + dt.timedelta(days=7 * n)
        if not self._open(day):
            day = self._open_on_or_after(day)
        return self._go(day)

    def move_page(self, n: int) -> bool:
        """PgUp/PgDn: a day in the day view, a week in the week view."""
        return self.move_week(n) if self.mode == "week" else self.move_day(n)

    def move_column(self, n: int) -> bool:
        """The cursor ``n`` columns right (left when negative); past the edge, on to the next day or week."""
        columns = self.columns()
        target = self.column + n
        if 0 <= target < len(columns):
            self.day, self.doctor = columns[target]
            return True
        moved = self.move_page(1 if n > 0 else -1)
        if moved:
            shown = self.shown_doctors()
            self.doctor = shown[0] if n > 0 else shown[-1]
            if self.mode == "week":
                days = self.days()
                self.day = days[0] if n > 0 else days[-1]
                self._apply_view(self.view)
        return moved

    def next_doctor(self, n: int = 1) -> bool:
        """Tab: the next doctor's book (after the last, all doctors side by side, when there are several)."""
        if len(self.doctors) < 2:
            return False
        stops: list[str | None] = [*self.doctors, None]
        here = None if self.all_doctors else self.doctor
        nxt = stops[(stops.index(here) + n) % len(stops)]
        self.all_doctors = nxt is None
        if nxt is not None:
            self.doctor = nxt
        self._apply_view(self.view)
        return True

    def set_doctor(self, doctor: str | None) -> bool:
        """Show ``doctor``'s book, or every doctor side by side with ``None``."""
        if doctor is not None and doctor not in self.doctors:
            raise ValueError(f"{doctor!r} is not one of the clinic's doctors.")
        if doctor is None and len(self.doctors) < 2:
            return False
        self.all_doctors = doctor is None
        if doctor is not None:
            self.doctor = doctor
        self._apply_view(self.view)
        return True

    def toggle_mode(self) -> bool:
        """W: the day view or the week view (a freed slot of today is booked in the day view only)."""
        if self.request.today:
            return False
        self.mode = "day" if self.mode == "week" else "week"
        self._apply_view(self.view)
        return True

    def set_cursor(self, column: int, row: int) -> None:
        """Put the cursor on the cell at ``column``, ``row`` (a click)."""
        self.day, self.doctor = self.columns()[column]
        self.row = max(0, min(len(self.rows) - 1, row))

    def go_to(self, day: dt.date | str, start: int, doctor: str | None = None) -> bool:
        """Put the cursor on ``day`` at the slot holding ``start``, with ``doctor`` (default: the cursor's)."""
        when = dt.date.fromisoformat(day) if isinstance(day, str) else day
        if doctor is not None and doctor in self.doctors:
            self.doctor = doctor
        moved = when == self.day or self._go(when)
        self.row = self._row_of(start)
        return moved

    def pick(self) -> tuple[str, str, str]:
        """The slot under the cursor as the booking actions take it: (date ISO, "HH:MM", doctor id). Raises
        :class:`SlotRefusedError` with the reason when the visit does not fit there."""
        cell = self.cursor
        if not cell.fits:
            raise SlotRefusedError(self.describe(cell))
        return cell.day.isoformat(), format_clock(cell.start), cell.doctor


# --- the panel ----------------------------------------------------------------------------------------------------

Colour = tuple[int, int, int]

INK: Colour = (27, 36, 48)
MUTED: Colour = (91, 100, 112)
WHITE: Colour = (255, 255, 255)
GRID: Colour = (201, 209, 218)
ALERT: Colour = (138, 28, 28)
#: Each status's fill and ink, and the pattern drawn over the fill (so colour is never the only sign: every cell
#: also says what it is in words, and the legend shows fill and pattern together).
_LOOK: dict[str, tuple[Colour, Colour, str]] = {
    FREE: ((232, 246, 236), (20, 83, 45), "tick"),
    BOOKED: ((207, 227, 239), (19, 75, 95), "bar"),
    LUNCH: ((244, 236, 214), (110, 84, 20), "hatch"),
    AWAY: ((236, 226, 244), (84, 52, 110), "cross"),
    CLOSED: ((226, 230, 235), MUTED, "dots"),
    PAST: ((238, 240, 243), MUTED, "dots"),
    SHORT: ((253, 236, 220), (124, 58, 0), "notch"),
    UNAVAILABLE: ((250, 226, 226), (120, 20, 20), "cross"),
    TODAY: ((238, 240, 243), MUTED, ""),
    NOT_FREED: ((238, 240, 243), MUTED, ""),
    OWN: ((255, 244, 214), (110, 72, 0), "bar"),
    REFUSED: ((250, 226, 226), (120, 20, 20), "cross"),
}
#: Keys that stay the desk's while the book is open: pause and pace.
_DESK_KEYS = ("space", "+", "-", "=", "[+]", "[-]")
_DOUBLE_CLICK_MS = 450
_HEADER_H = 42
_TIME_W = 52
_LINE_H = 18
_PAD = 8


class AppointmentBook:
    """The appointment book as a panel the desk opens over its work area.

    Built once (its widgets are reused from one opening to the next); :meth:`open` shows a :class:`BookModel`,
    and the student picks a free slot with the keys or the mouse. The grid is drawn to a cached picture, redrawn
    only when the book or the cursor changes. Keys: arrows move, PgUp/PgDn a day (a week in the week view),
    Home/End the first and last slot, Tab the doctor (Shift+Tab back), W day/week, Enter picks, Esc closes. A
    click moves the cursor; a double click, or Pick, picks. A slot that does not fit is never picked: the line
    under the grid says why. ``on_pick(date, "HH:MM", doctor)`` books it and returns ``None``, or the engine's
    refusal in words, which the book then shows, staying open.
    """

    def __init__(self, manager: "pygame_gui.UIManager", container: Any, rect: "pygame.Rect",
                 starting_height: int = 20):
        import pygame
        from pygame_gui.elements import UIButton, UIImage, UILabel, UIPanel

        self.manager = manager
        self.panel = UIPanel(pygame.Rect(rect), starting_height=starting_height, manager=manager,
                             container=container, object_id="#appointment_book", visible=0)
        p = self.panel
        self.title = UILabel(pygame.Rect(0, 0, 100, 24), "", manager, container=p, object_id="@book_title")
        self.title2 = UILabel(pygame.Rect(0, 0, 100, 24), "", manager, container=p, object_id="@book_title")
        self.prev_button = UIButton(pygame.Rect(0, 0, 100, 30), "‹ Prev [PgUp]", manager, container=p)
        self.next_button = UIButton(pygame.Rect(0, 0, 100, 30), "Next [PgDn] ›", manager, container=p)
        self.mode_button = UIButton(pygame.Rect(0, 0, 100, 30), "Day view [W]", manager, container=p)
        self.doctor_button = UIButton(pygame.Rect(0, 0, 100, 30), "", manager, container=p)
        self.pick_button = UIButton(pygame.Rect(0, 0, 120, 32), "Pick [Enter]", manager, container=p,
                                    object_id="@action")
        self.cancel_button = UIButton(pygame.Rect(0, 0, 120, 32), "Cancel [Esc]", manager, container=p)
        self.grid = UIImage(pygame.Rect(0, 0, 100, 100), pygame.Surface((100, 100)), manager, container=p)
        from .fonts import noto  # here, not at the top: the model above must load without pygame

        self.font = noto(13)
        self.bold = noto(13, bold=True)
        # The widgets' own sizes, to lay the title and buttons out so that nothing is cut off.
        self.title_font = noto(16, bold=True)
        self.button_font = noto(14)
        self._rect = pygame.Rect(rect)
        self._layout_key: tuple[Any, ...] = ()
        self._size = (100, 100)
        self.model: BookModel | None = None
        self.on_pick: Callable[[str, str, str], str | None] | None = None
        self.on_cancel: Callable[[], None] | None = None
        #: The last word for the student: why a pick was refused (cleared when the cursor moves).
        self.message = ""
        #: The first row shown (the grid scrolls when the day has more slots than fit).
        self.offset = 0
        self.redraws = 0
        self._texts: dict[tuple[str, bool, Colour], pygame.Surface] = {}
        self._base: pygame.Surface | None = None
        self._base_key: tuple[Any, ...] = ()
        self._picture_key: tuple[Any, ...] = ()
        self._last_click: tuple[int, int, int] | None = None  # (column, row, ticks)
        self._geometry: dict[str, Any] = {}
        self.resize(rect)

    # --- for the desk -----------------------------------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        """True while the book is shown."""
        return self.model is not None

    def open(self, model: BookModel, on_pick: Callable[[str, str, str], str | None],
             on_cancel: Callable[[], None] | None = None) -> None:
        """Show ``model``; ``on_pick`` books the slot picked (returning ``None``, or the engine's refusal in words),
        ``on_cancel`` is told when the student closes the book without picking."""
        self.model = model
        self.on_pick = on_pick
        self.on_cancel = on_cancel
        self.message = ""
        self.offset = 0
        self._last_click = None
        self._base_key = ()
        self._picture_key = ()
        self.panel.show()
        # Nothing behind the book keeps the keyboard: typed keys are the book's while it is open.
        self.manager.set_focus_set(self.panel)
        self._relabel()
        self.draw()

    def close(self) -> None:
        """Hide the book (the desk calls this too, after showing its own screen again: a shown container shows
        all its children)."""
        self.model = None
        self.on_pick = None
        self.on_cancel = None
        self.panel.hide()

    def cancel(self) -> None:
        """Close without picking, and tell the desk."""
        on_cancel = self.on_cancel
        self.close()
        if on_cancel is not None:
            on_cancel()

    def update(self, view: DeskView) -> None:
        """Take the desk's latest view (every frame while open); redraws only when what is shown changed."""
        if self.model is None:
            return
        if self.model.refresh(view):
            self.draw()

    def set_request(self, request: BookRequest) -> None:
        """Book something else in the open book (the form's visit type changed, or the patient said when they can
        come): the statuses, title and legend follow."""
        if self.model is None:
            return
        self.model.set_request(request)
        self.message = ""
        self._relabel()
        self.draw()

    def show_refusal(self, words: str) -> None:
        """Show the engine's refusal under the grid (the book stays open to pick another slot)."""
        self.message = words
        self.draw()

    def resize(self, rect: "pygame.Rect") -> None:
        """Lay the book out in ``rect`` (relative to its container)."""
        import pygame

        self._rect = pygame.Rect(rect)
        self.panel.set_relative_position(self._rect.topleft)
        self.panel.set_dimensions(self._rect.size)
        self._layout_key = ()
        self._layout()

    def _layout(self) -> None:
        """Place the widgets for the panel's size and the current title and doctor: a long title takes two lines
        and the buttons wrap to a second row in a narrow panel, so nothing is cut off. Cheap when nothing moved."""
        w, h = self._rect.size
        inner = w - 2 * _PAD
        title = self._wrap_with(self.title_font, self.model.title() if self.model is not None else "", inner)
        doctor_w = max(150, min(300, self.button_font.size(self.doctor_button.text)[0] + 34))
        key = (w, h, tuple(title), doctor_w)
        if key == self._layout_key:
            return
        self._layout_key = key
        y = 4
        for label, text in zip((self.title, self.title2), title + ["", ""], strict=False):
            label.set_relative_position((_PAD, y))
            label.set_dimensions((inner, 24))
            self._set_text(label, text)
            if text:
                y += 24
        y += 4
        x = _PAD
        for button, bw in ((self.prev_button, 112), (self.next_button, 112), (self.mode_button, 122),
                           (self.doctor_button, min(inner, doctor_w))):
            if x + bw > w - _PAD and x > _PAD:
                x, y = _PAD, y + 34
            button.set_relative_position((x, y))
            button.set_dimensions((bw, 30))
            x += bw + 6
        bottom = h - 40
        self.cancel_button.set_relative_position((w - _PAD - 124, bottom))
        self.cancel_button.set_dimensions((124, 32))
        self.pick_button.set_relative_position((w - _PAD - 124 - 8 - 124, bottom))
        self.pick_button.set_dimensions((124, 32))
        grid_y = y + 36
        self.grid.set_relative_position((_PAD, grid_y))
        size = (inner, max(120, bottom - 6 - grid_y))
        self.grid.set_dimensions(size)
        self._size = size
        self._base_key = ()
        self._picture_key = ()
        if self.model is not None:
            self.draw()

    def _wrap_with(self, font: "pygame.font.Font", text: str, width: int, most: int = 2) -> list[str]:
        """``text`` in lines no wider than ``width`` (the last one shortened with "…" past ``most`` lines)."""
        lines: list[str] = []
        line = ""
        for word in text.split():
            trial = f"{line} {word}".strip()
            if font.size(trial)[0] <= width or not line:
                line = trial
            else:
                lines.append(line)
                line = word
        if line:
            lines.append(line)
        if len(lines) > most:
            lines = lines[: most - 1] + [" ".join(lines[most - 1:])]
        return [self._fit_with(font, x, width) for x in lines]

    @staticmethod
    def _fit_with(font: "pygame.font.Font", text: str, width: int) -> str:
        from .fonts import fit_text

        return fit_text(font, text, width)

    # --- input ----------------------------------------------------------------------------------------------------

    def process_event(self, event: "pygame.event.Event") -> bool:
        """Handle one event while the book is open; True when it was the book's. Every key is the book's except
        pause and pace (Space, + and -), which stay the desk's."""
        import pygame
        import pygame_gui

        model = self.model
        if model is None:
            return False
        if event.type == pygame.KEYDOWN:
            return self._key(event)
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            element = event.ui_element
            actions: dict[Any, Callable[[], Any]] = {
                self.prev_button: lambda: model.move_page(-1), self.next_button: lambda: model.move_page(1),
                self.mode_button: model.toggle_mode, self.doctor_button: model.next_doctor,
                self.pick_button: self.pick, self.cancel_button: self.cancel}
            act = actions.get(element)
            if act is None:
                return False
            act()
            self._moved()
            return True
        if event.type == pygame.MOUSEBUTTONDOWN and getattr(event, "button", 1) == 1:
            return self._click(event.pos)
        if event.type == pygame.MOUSEWHEEL:
            self.scroll(-int(event.y))
            return True
        return False

    def _key(self, event: "pygame.event.Event") -> bool:
        import pygame

        model = self.model
        assert model is not None
        k = event.key
        if pygame.key.name(k) in _DESK_KEYS or k in (pygame.K_KP_PLUS, pygame.K_KP_MINUS):
            return False
        shift = bool(getattr(event, "mod", 0) & pygame.KMOD_SHIFT)
        moves: dict[int, Callable[[], Any]] = {
            pygame.K_UP: lambda: model.move_slot(-1), pygame.K_DOWN: lambda: model.move_slot(1),
            pygame.K_LEFT: lambda: model.move_column(-1), pygame.K_RIGHT: lambda: model.move_column(1),
            pygame.K_PAGEUP: lambda: model.move_page(-1), pygame.K_PAGEDOWN: lambda: model.move_page(1),
            pygame.K_HOME: lambda: model.move_slot(-len(model.rows)),
            pygame.K_END: lambda: model.move_slot(len(model.rows)),
            pygame.K_TAB: lambda: model.next_doctor(-1 if shift else 1), pygame.K_w: model.toggle_mode,
        }
        if k in moves:
            moves[k]()
            self._moved()
        elif k in (pygame.K_RETURN, pygame.K_KP_ENTER):
            self.pick()
        elif k == pygame.K_ESCAPE:
            self.cancel()
        return True  # the book is in front: no key reaches the desk's shortcuts behind it

    def cell_at(self, pos: tuple[int, int]) -> tuple[int, int] | None:
        """The (column, row) of the grid cell at screen position ``pos`` (layout pixels), or ``None``."""
        g = self._geometry
        if self.model is None or not g or not self.grid.rect.collidepoint(pos):
            return None
        x = pos[0] - self.grid.rect.x - _TIME_W
        y = pos[1] - self.grid.rect.y - _HEADER_H
        if x < 0 or y < 0 or x >= g["col_w"] * g["columns"] or y >= g["row_h"] * g["visible"]:
            return None
        return min(g["columns"] - 1, int(x // g["col_w"])), min(len(self.model.rows) - 1, self.offset + int(y // g["row_h"]))

    def cell_centre(self, column: int, row: int) -> tuple[int, int] | None:
        """Where on the screen the cell at ``column``, ``row`` is drawn (its centre), or ``None`` when scrolled out."""
        g = self._geometry
        if not g or not 0 <= row - self.offset < g["visible"] or not 0 <= column < g["columns"]:
            return None
        return (self.grid.rect.x + _TIME_W + column * g["col_w"] + g["col_w"] // 2,
                self.grid.rect.y + _HEADER_H + (row - self.offset) * g["row_h"] + g["row_h"] // 2)

    def _click(self, pos: tuple[int, int]) -> bool:
        import pygame

        model = self.model
        assert model is not None
        if not self.grid.rect.collidepoint(pos):
            return False  # the panel's buttons are pygame_gui's to press
        found = self.cell_at(pos)
        if found is None:
            return True
        column, row = found
        ticks = pygame.time.get_ticks()
        last = self._last_click
        self._last_click = (column, row, ticks)
        model.set_cursor(column, row)
        self._moved()
        if last is not None and last[:2] == (column, row) and ticks - last[2] <= _DOUBLE_CLICK_MS:
            self._last_click = None
            self.pick()
        return True

    def scroll(self, rows: int) -> None:
        """Scroll the grid by ``rows`` (the cursor stays where it is)."""
        g = self._geometry
        if self.model is None or not g:
            return
        most = max(0, len(self.model.rows) - g["visible"])
        offset = max(0, min(most, self.offset + rows))
        if offset != self.offset:
            self.offset = offset
            self.draw(follow_cursor=False)

    def pick(self) -> None:
        """Pick the slot under the cursor: book it through the desk, or say why it does not fit."""
        model = self.model
        if model is None:
            return
        try:
            date, at, doctor = model.pick()
        except SlotRefusedError as refused:
            self.message = str(refused)
            self.draw()
            return
        refusal = self.on_pick(date, at, doctor) if self.on_pick is not None else None
        if refusal:
            self.show_refusal(f"The book refused it: {refusal}")
        elif self.model is model:
            self.close()

    def _moved(self) -> None:
        self.message = ""
        self._relabel()
        self.draw()

    def _relabel(self) -> None:
        model = self.model
        if model is None:
            return
        self._set_text(self.mode_button, "Day view [W]" if model.mode == "week" else "Week view [W]")
        who = "All doctors" if model.all_doctors else model.doctor_names.get(model.doctor, model.doctor)
        self._set_text(self.doctor_button, who + (" [Tab]" if len(model.doctors) > 1 else ""))
        today_only = model.request.today
        for button in (self.prev_button, self.next_button, self.mode_button):
            if today_only:
                button.disable()
            else:
                button.enable()
        if len(model.doctors) > 1:
            self.doctor_button.enable()
        else:
            self.doctor_button.disable()
        self._layout()

    @staticmethod
    def _set_text(widget: Any, text: str) -> None:
        if widget.text != text:
            widget.set_text(text)

    # --- drawing --------------------------------------------------------------------------------------------------

    def _text(self, text: str, colour: Colour, bold: bool = False) -> "pygame.Surface":
        key = (text, bold, colour)
        found = self._texts.get(key)
        if found is None:
            if len(self._texts) > 4000:  # a long session leafs through many weeks: keep the cache bounded
                self._texts.clear()
            found = self._texts[key] = (self.bold if bold else self.font).render(text, True, colour)
        return found

    def _fit(self, text: str, width: int, bold: bool = False) -> str:
        return self._fit_with(self.bold if bold else self.font, text, width)

    def _wrap(self, text: str, width: int, bold: bool = False, most: int = 2) -> list[str]:
        return self._wrap_with(self.bold if bold else self.font, text, width, most)

    def _footer(self, width: int) -> tuple[list[str], list[list[tuple[str, str]]]]:
        """The lines under the grid: the slot under the cursor (and any refusal), and the legend's rows."""
        model = self.model
        assert model is not None
        said = self._wrap(self.message or model.describe(), width, bold=True, most=3)
        rows: list[list[tuple[str, str]]] = [[]]
        used = 0
        for status, words in model.legend():
            need = 26 + self.font.size(words)[0] + 14
            if used + need > width and rows[-1]:
                rows.append([])
                used = 0
            rows[-1].append((status, words))
            used += need
        return said, rows

    def draw(self, follow_cursor: bool = True) -> None:
        """Redraw the grid's picture if the book, the cursor or the size changed (cheap when nothing did)."""
        model = self.model
        if model is None:
            return
        w, h = self._size
        said, legend = self._footer(w - 4)
        # Three lines are kept for what is said under the grid, however many it takes, so the grid stays put as the
        # cursor moves (and its picture is not redrawn).
        footer_h = 3 * _LINE_H + len(legend) * _LINE_H + 14
        # A line is kept under the grid for "more below" when the day has more slots than fit.
        grid_h = max(_LINE_H, h - _HEADER_H - footer_h - _LINE_H)
        rows = len(model.rows)
        row_h = max(_LINE_H, min(26, grid_h // max(1, rows)))
        visible = max(1, min(rows, grid_h // row_h))
        if follow_cursor:
            if model.row < self.offset:
                self.offset = model.row
            elif model.row >= self.offset + visible:
                self.offset = model.row - visible + 1
        self.offset = max(0, min(self.offset, rows - visible))
        columns = model.columns()
        col_w = max(24, (w - _TIME_W) // max(1, len(columns)))
        self._geometry = {"col_w": col_w, "row_h": row_h, "visible": visible, "columns": len(columns)}
        base_key = (id(model), model._signature, tuple(columns), self.offset, (w, h), row_h, visible,
                    model.request, model.all_doctors, model.mode)
        legend_y = h - footer_h + 6
        if base_key != self._base_key or self._base is None:
            self._base = self._draw_base(model, columns, col_w, row_h, visible, (w, h))
            self._draw_legend(self._base, legend, legend_y)
            self._base_key = base_key
        picture_key = (base_key, model.row, model.day, model.doctor, self.message, tuple(said))
        if picture_key == self._picture_key:
            return
        self._picture_key = picture_key
        picture = self._base.copy()
        self._draw_cursor(picture, model, col_w, row_h, visible)
        self._draw_said(picture, said, legend_y + len(legend) * _LINE_H + 4)
        # Opaque, so already "premultiplied": pygame_gui need not convert it again.
        self.grid.set_image(picture, image_is_alpha_premultiplied=True)
        self.redraws += 1

    def _draw_base(self, model: BookModel, columns: list[tuple[dt.date, str]], col_w: int, row_h: int,
                   visible: int, size: tuple[int, int]) -> "pygame.Surface":
        """The grid without the cursor: headings, times, and every shown cell with its words."""
        import pygame

        surface = pygame.Surface(size).convert_alpha()  # the widget's own format: its copies need no conversion
        surface.fill(WHITE)
        top = _HEADER_H
        first, last = self.offset, min(len(model.rows), self.offset + visible)
        # With several doctors a day's heading spans its doctors' columns. Narrow headings drop the month, then the
        # weekday, all alike, before anything is cut.
        span = len(model.shown_doctors())
        shorten = 0
        for k in range(3):
            shorten = k
            if all(self.bold.size(self._day_heading(model, day, doctor, k))[0] <= span * col_w - 6
                   for day, doctor in columns):
                break
        for i, (day, doctor) in enumerate(columns):
            x = _TIME_W + i * col_w
            if i % span == 0:
                words = self._fit(self._day_heading(model, day, doctor, shorten), span * col_w - 6, True)
                surface.blit(self._text(words, INK, True), (x + 4, 2))
                pygame.draw.line(surface, MUTED if span > 1 else GRID, (x, 0), (x, top))
            line2 = model.heading(day, doctor)[1]
            if line2:
                surface.blit(self._text(self._fit(line2, col_w - 6), MUTED), (x + 4, 2 + _LINE_H))
            cells = model.cells(day, doctor)
            previous: tuple[Any, ...] | None = None
            for row in range(first, last):
                cell = cells[row]
                y = top + (row - first) * row_h
                rect = pygame.Rect(x, y, col_w, row_h)
                fill, ink, pattern = _LOOK[cell.status]
                pygame.draw.rect(surface, fill, rect)
                self._pattern(surface, rect, pattern, ink)
                # A run of the same thing (a long visit, lunch, a closed day) is labelled once, at its top.
                same = (cell.status, cell.label, cell.visit)
                if same != previous or row == first or cell.status == FREE:
                    words = cell.label
                    if cell.status == BOOKED and cell.visit is not None and cell.visit.start < cell.start:
                        words = f"{cell.visit.name} (cont.)" if row == first else ""
                    if words:
                        text = self._fit(words, col_w - 14)
                        surface.blit(self._text(text, ink), (x + 10, y + (row_h - _LINE_H) // 2 + 1))
                    pygame.draw.line(surface, GRID, rect.topleft, rect.topright)
                previous = same
            # Between a day's doctors the line starts under the day's heading, which spans them.
            pygame.draw.line(surface, GRID, (x, 0 if i % span == 0 else _LINE_H + 2), (x, top + (last - first) * row_h))
        for row in range(first, last):
            y = top + (row - first) * row_h
            start = model.rows[row]
            ink = INK if start % 3600 == 0 else MUTED
            surface.blit(self._text(format_clock(start), ink, start % 3600 == 0), (4, y + (row_h - _LINE_H) // 2 + 1))
        bottom = top + (last - first) * row_h
        pygame.draw.line(surface, INK, (0, top - 1), (size[0], top - 1))
        pygame.draw.line(surface, GRID, (0, bottom), (size[0], bottom))
        # More slots above or below: a triangle and the hidden times, in words too.
        # More slots above or below: triangles and the hidden times in words, on the line under the grid.
        x = 4
        for hidden, up, words in ((first > 0, True, f"earlier from {format_clock(model.rows[0])}"),
                                  (last < len(model.rows), False,
                                   f"later until {format_clock(model.rows[-1] + model.step)}")):
            if hidden:
                x = self._more(surface, words, (x, bottom + 1), up, size[0] - x)
        if first > 0 or last < len(model.rows):
            surface.blit(self._text(self._fit("(scroll: wheel, or Up and Down)", size[0] - x), MUTED), (x, bottom + 1))
        return surface

    @staticmethod
    def _day_heading(model: BookModel, day: dt.date, doctor: str, shorten: int) -> str:
        full = model.heading(day, doctor)[0]
        rest = full[len(_date_words(day)):]
        return (full, f"{day.strftime('%a')} {day.day}{rest}", f"{day.day}{rest}")[shorten]

    def _more(self, surface: "pygame.Surface", words: str, at: tuple[int, int], up: bool, width: int) -> int:
        import pygame

        x, y = at
        points = [(x, y + 12), (x + 8, y + 12), (x + 4, y + 4)] if up else [(x, y + 4), (x + 8, y + 4), (x + 4, y + 12)]
        pygame.draw.polygon(surface, MUTED, points)
        text = self._text(self._fit(words, width - 12), MUTED)
        surface.blit(text, (x + 11, y))
        return x + 11 + text.get_width() + 12

    @staticmethod
    def _pattern(surface: "pygame.Surface", rect: "pygame.Rect", pattern: str, ink: Colour) -> None:
        """The status's mark over its fill: a tick bar (free), a solid bar (booked), hatching (lunch), a cross hatch
        (away, not suitable), dots (closed, past), a notch (too short)."""
        import pygame

        soft = tuple(min(255, c + (255 - c) * 2 // 3) for c in ink)
        if pattern == "bar":
            pygame.draw.rect(surface, ink, (rect.x + 1, rect.y + 1, 4, rect.h - 1))
        elif pattern == "tick":
            pygame.draw.rect(surface, soft, (rect.x + 2, rect.y + 3, 3, rect.h - 5))
        elif pattern in ("hatch", "cross"):
            clip = surface.get_clip()
            surface.set_clip(rect)
            for k in range(-rect.h, rect.w, 8):
                pygame.draw.line(surface, soft, (rect.x + k, rect.bottom), (rect.x + k + rect.h, rect.y))
                if pattern == "cross":
                    pygame.draw.line(surface, soft, (rect.x + k, rect.y), (rect.x + k + rect.h, rect.bottom))
            surface.set_clip(clip)
        elif pattern == "dots":
            for dx in range(4, rect.w, 10):
                surface.set_at((rect.x + dx, rect.centery), soft)
        elif pattern == "notch":
            pygame.draw.polygon(surface, ink, [(rect.x + 1, rect.y + 1), (rect.x + 8, rect.y + 1),
                                               (rect.x + 1, rect.y + 8)])

    def _draw_cursor(self, picture: "pygame.Surface", model: BookModel, col_w: int, row_h: int, visible: int) -> None:
        import pygame

        row = model.row - self.offset
        if not 0 <= row < visible:
            return
        x = _TIME_W + model.column * col_w
        y = _HEADER_H + row * row_h
        pygame.draw.rect(picture, INK, (x, y, col_w + 1, row_h + 1), 3)
        pygame.draw.rect(picture, WHITE, (x + 3, y + 3, col_w - 5, row_h - 5), 1)
        # The cursor's time and column heading are underlined, so the cursor is found without colour.
        pygame.draw.line(picture, INK, (2, y + row_h - 2), (_TIME_W - 6, y + row_h - 2), 2)
        pygame.draw.line(picture, INK, (x + 2, _HEADER_H - 3), (x + col_w - 2, _HEADER_H - 3), 3)

    def _draw_said(self, picture: "pygame.Surface", said: list[str], y: int) -> None:
        """The slot under the cursor, and whether it fits or why not (or the last refusal), in words."""
        ink = ALERT if self.message or (self.model is not None and not self.model.cursor.fits) else INK
        for line in said:
            picture.blit(self._text(line, ink, True), (2, y))
            y += _LINE_H

    def _draw_legend(self, picture: "pygame.Surface", legend: list[list[tuple[str, str]]], y: int) -> None:
        """Each status's fill and mark, with its words."""
        import pygame

        for items in legend:
            x = 2
            for status, words in items:
                fill, mark, pattern = _LOOK[status]
                swatch = pygame.Rect(x, y + 2, 22, 14)
                pygame.draw.rect(picture, fill, swatch)
                self._pattern(picture, swatch, pattern, mark)
                pygame.draw.rect(picture, GRID, swatch, 1)
                picture.blit(self._text(words, INK), (x + 26, y))
                x += 26 + self.font.size(words)[0] + 14
            y += _LINE_H
