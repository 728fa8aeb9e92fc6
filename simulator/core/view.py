"""Read-only snapshots of the desk, for UIs and bots.

A :class:`DeskView` is built from a :class:`~simulator.core.engine.Simulation` at one second and holds only
frozen values, so whoever reads it cannot change the world by accident: the only way to act is an action. Each
part of the day builds its own slice (``Phones.view()``, ``Visits.view()``, ...); :func:`desk_view` puts them
together.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the parts import the view's records from here; nothing here imports a part at run time
    from .engine import Simulation
    from .ledger import Ledger

__all__ = ["DeskView", "LineView", "CounterView", "WaitingView", "DocumentView", "MessageView", "FreedSlotView",
           "RoomView", "BookingView", "BookPage", "booking_view", "desk_view"]


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
    #: A call the desk placed, and why (``waiting_list``, ``reminder``, ``reschedule``).
    outbound: bool = False
    purpose: str | None = None
    #: What the open chart says that bears on the request (a Limited Use code recorded or not); ``None`` until the
    #: chart of the patient the call is about is opened during the call.
    chart_note: str | None = None
    #: What the caller says when the call begins, in their words (``None``: the scenario gives no words).
    said: str | None = None
    #: Each identifier the desk has asked for, and the caller's answer in words (a date as spoken, a refusal).
    answers: tuple[tuple[str, str], ...] = ()
    #: The chart the desk opened during the call, field by field (the right patient's, or a look-alike's if the
    #: desk picked that one); empty until a chart is opened.
    chart: tuple[tuple[str, str], ...] = ()


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
    #: A first-time patient: no chart until the desk registers them.
    has_chart: bool = True
    #: They brought their health or insurance card (its details are in what they say, ``serving_says``).
    card_brought: bool = True
    #: ``None`` for the patient's first visit today; the time (``"HH:MM"``) of a later one.
    visit: str | None = None
    #: A walk-in's complaint, in their words.
    complaint: str | None = None
    #: A walk-in's answers to the triage questions asked so far: (question, answer in their words).
    triage: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class WaitingView:
    """A patient in the waiting room."""

    patient: str
    since: int
    appointment: int | None
    informed: bool
    informed_at: int | None
    #: Medical-assistant mode: the patient must be roomed (vitals taken) before the doctor sees them.
    needs_rooming: bool = False
    #: ``None`` for the patient's first visit today; the time (``"HH:MM"``) of a later one.
    visit: str | None = None


@dataclass(frozen=True)
class DocumentView:
    """A document in the inbox."""

    id: str
    kind: str
    status: str
    printed_name: str
    printed_dob: str
    test: str | None
    sender: str | None = None
    #: Referrals: what the letter says, and what the desk has done with it.
    reason: str | None = None
    clues: tuple[str, ...] = ()
    urgency: str | None = None
    booked: str | None = None
    notified: bool = False
    #: A lab result the lab flagged abnormal (printed on the report itself, as labs do).
    flagged: bool = False


@dataclass(frozen=True)
class MessageView:
    """A voicemail or email (M1): who left it, what it is about, and what the desk has done with it."""

    id: str
    channel: str
    sender: str
    about: str | None
    intent: str
    urgent: bool
    for_staff: str | None
    matters_by: int | None
    text: str | None
    appointment: int | None
    reviewed: bool
    briefed_to: tuple[str, ...]


@dataclass(frozen=True)
class FreedSlotView:
    """A slot on today's schedule freed by a cancellation (M2)."""

    doctor: str
    at: int
    minutes: int
    visit_type: str
    gap_minutes: int
    filled_by: str | None


@dataclass(frozen=True)
class RoomView:
    """A patient in an exam room (medical-assistant mode): what the assistant measures and has done."""

    patient: str
    #: The vital signs as the assistant measures them, and the reason the patient gives.
    measured: tuple[tuple[str, object], ...]
    reason: str | None
    specimens: tuple[str, ...]
    labelled: tuple[str, ...]
    sent: tuple[str, ...]
    vitals_recorded: bool
    briefed: bool
    #: ``None`` for the patient's first visit today; the time (``"HH:MM"``) of a later one.
    visit: str | None = None
    #: What the chart and the patient tell the assistant before a draw: the tests with no requisition on file,
    #: the tests whose requisition says "fasting", and whether the patient says they ate today.
    no_requisition: tuple[str, ...] = ()
    fasting: tuple[str, ...] = ()
    ate_today: bool = False
    #: Each specimen's kind (blood, urine, swab, stool, other), in the order of ``specimens``.
    kinds: tuple[str, ...] = ()
    #: A lab visit: held by the medical assistant, no doctor; done with ``finish_lab_visit``.
    lab: bool = False


@dataclass(frozen=True)
class BookingView:
    """An appointment on a later day that the desk has work to do on: a reminder, or a move off an away day."""

    patient: str
    date: str
    at: int
    doctor: str
    visit_type: str
    minutes: int
    urgent: bool
    #: When the patient said they can come (days and hours), as their chart notes it; ``None``: any time.
    available: str | None = None
    #: Booked today (at the desk), rather than before the day began.
    made_today: bool = False


class BookPage:
    """The appointment book of later days as the desk's screen shows it: free places and a patient's bookings.

    The one part of a :class:`DeskView` read live rather than copied (the book is the clinic's whole future, too
    large to copy at every second); it only answers questions, by the rules the engine books with
    (:meth:`~simulator.core.ledger.Ledger.refusal`), so what it shows free is exactly what a booking may take.
    """

    def __init__(self, ledger: Ledger):
        self._ledger = ledger

    def free_starts(self, doctor: str, day: str, minutes: int) -> list[int]:
        """Start times on ``day`` (ISO) where a visit of ``minutes`` with ``doctor`` can be booked now."""
        return self._ledger.free_starts(doctor, day, minutes)

    def held(self, patient: str) -> tuple[BookingView, ...]:
        """``patient``'s bookings on later days, by date and time."""
        ledger = self._ledger
        return tuple(booking_view(ledger, key, None) for key in ledger.of(patient))

    def on_day(self, day: str) -> tuple[BookingView, ...]:
        """Every booking on ``day`` (ISO), by doctor and time, as the appointment book draws them (their
        ``available`` is not filled in: the book shows who is booked, not when they can come)."""
        ledger = self._ledger
        return tuple(booking_view(ledger, key, None) for key in ledger.on(day))

    def refusal(self, doctor: str, day: str, start: int, minutes: int,
                moving: tuple[str, str, int] | None = None) -> str | None:
        """Why a visit of ``minutes`` at ``start`` on ``day`` with ``doctor`` cannot be booked now, in the words the
        engine refuses with; ``None`` when it can. ``moving`` is the (date, doctor, start) of a booking being moved,
        whose own place does not stand in its way."""
        return self._ledger.refusal(day, doctor, start, minutes, ignore=moving)


def booking_view(ledger: Ledger, key: tuple[str, str, int], available: str | None) -> BookingView:
    """One booking of the book as the desk lists it (to remind, to move)."""
    e = ledger.entries[key]
    return BookingView(e.patient, key[0], key[2], key[1], e.visit_type, e.minutes, e.urgent, available,
                       key not in ledger.first)


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
    messages: tuple[MessageView, ...] = ()
    greetings: tuple[str, ...] = ()
    freed_slots: tuple[FreedSlotView, ...] = ()
    #: The waiting list: (patient, visit type wanted).
    waiting_list: tuple[tuple[str, str], ...] = ()
    rooms: tuple[RoomView, ...] = ()
    exam_rooms: int = 0
    #: Tomorrow's bookings for the reminder calls, and the bookings on away days the desk has been told of.
    reminder_list: tuple[BookingView, ...] = ()
    to_move: tuple[BookingView, ...] = ()
    away_days: tuple[tuple[str, str], ...] = ()
    inbox_checked: bool = False
    #: The book of later days, to look up free places and a patient's bookings (``None`` only in hand-made views).
    book: BookPage | None = None
    #: When the reminder calls must be made by, and which staff are in the office now (for the huddle).
    reminders_due: int | None = None
    staff_present: tuple[str, ...] = ()
    #: Every visit of the day: the patient, when it is due (an appointment's time; ``None`` for a walk-in), and its
    #: state (scheduled, arrived, waiting, ..., checked out), for the schedule.
    visit_states: tuple[tuple[str, int | None, str], ...] = ()
    #: The results filed on the chart of the patient being served (the EMR's "documents and results").
    serving_results: tuple[str, ...] = ()


def desk_view(sim: "Simulation") -> DeskView:
    """A snapshot of ``sim`` at its current second: each part of the day shows its own slice of the desk."""
    return DeskView(now=sim.now, finished=sim.finished, **sim.desk.view(), **sim.phones.view(), **sim.visits.view(),
                    **sim.back_office.view(), **sim.inbox.view(), **sim.office.view(), **sim.appointments.view(),
                    **sim.staff.view())
