"""Read-only snapshots of the desk, for UIs and bots.

A :class:`DeskView` is built from a :class:`~simulator.core.engine.Simulation` at one second and holds only
frozen values, so whoever reads it cannot change the world by accident: the only way to act is an action.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..scenario.book import availability_text

if TYPE_CHECKING:  # the engine imports nothing from here; this is for type checkers only
    from .engine import Simulation
    from .ledger import Ledger
    from .world import Call

__all__ = ["DeskView", "LineView", "CounterView", "WaitingView", "DocumentView", "MessageView", "FreedSlotView",
           "RoomView", "BookingView", "BookPage", "desk_view"]


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
        return tuple(_booking_view(ledger, key, None) for key in ledger.of(patient))


def _booking_view(ledger: Ledger, key: tuple[str, str, int], available: str | None) -> BookingView:
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


def desk_view(sim: "Simulation") -> DeskView:
    """A snapshot of ``sim`` at its current second, built from each part of the day's own state."""
    return DeskView(now=sim.now, finished=sim.finished, **sim.desk.view(), **_phones(sim), **_counter(sim),
                    **_waiting_room(sim), **_inbox(sim), **_office(sim), **_book(sim), **_staff(sim))


def _phones(sim: "Simulation") -> dict[str, Any]:
    phones = sim.phones
    lines = []
    for index, call_id in enumerate(phones.lines):
        call = phones.calls.get(call_id) if call_id else None
        if call is None:
            lines.append(LineView(index + 1, None, None, None, None, None, None, False, 0, False, None, None))
            continue
        s = call.script
        lines.append(LineView(index + 1, call.id, call.state, s.caller, s.name, s.about, s.wants, s.urgent,
                              call.rings(sim.now), call.verified, s.date.isoformat() if s.date else None, s.appointment,
                              call.outbound, call.purpose, _chart_note(call)))
    return {"lines": tuple(lines)}


def _counter(sim: "Simulation") -> dict[str, Any]:
    visits, records, serving = sim.visits.visits, sim.records, sim.desk.serving
    counter = []
    for patient in sim.desk.counter:
        visit = visits[patient]
        orders = visit.orders if visit.state == "checkout" else None
        counter.append(CounterView(patient, visit.state, visit.at_counter_since,
                                   visit.appointment.at if visit.appointment else None, visit.nurse_decision,
                                   orders.follow_up if orders else None, tuple(orders.tests) if orders else (),
                                   tuple(visit.booked), patient in records.charts, not visit.forgot_card, visit.tag,
                                   visit.walk_in.complaint if visit.walk_in else None))
    return {
        "counter": tuple(counter),
        "serving_says": tuple(sorted(records.stated_details(serving).items())) if serving else (),
        "serving_chart": tuple(sorted(records.charts.get(serving, {}).items())) if serving else (),
        "visit_states": tuple((v.patient, v.appointment.at if v.appointment else None, v.state)
                              for v in sim.visits.all()),
    }


def _waiting_room(sim: "Simulation") -> dict[str, Any]:
    visits, back_office = sim.visits.visits.values(), sim.back_office
    waiting = tuple(
        WaitingView(v.patient, v.checked_in_at or sim.now, v.appointment.at if v.appointment else None, v.informed,
                    v.informed_at, back_office.needs_rooming(v), v.tag)
        for v in visits if v.state == "waiting"
    )
    rooms = []
    for v in visits:
        if v.state != "roomed" or v.appointment is None:
            continue
        truth = v.appointment.vitals
        measured = tuple(truth.model_dump(exclude_none=True).items()) if truth is not None else ()
        rooms.append(RoomView(v.patient, measured, v.appointment.reason, tuple(x.test for x in v.appointment.specimens),
                              tuple(sorted(v.labels)), tuple(sorted(v.specimens_sent)), v.vitals_recorded, v.briefed,
                              v.tag, tuple(x.test for x in v.appointment.specimens if not x.requisition),
                              tuple(x.test for x in v.appointment.specimens if x.fasting),
                              not v.appointment.fasted, tuple(x.kind for x in v.appointment.specimens),
                              back_office.is_lab(v)))
    return {"waiting": waiting, "rooms": tuple(rooms), "exam_rooms": sim.scenario.clinic.exam_rooms,
            "freed_slots": tuple(FreedSlotView(doctor, at, f["minutes"], f["type"], sim.visits.gap_minutes(doctor, at),
                                               f["filled_by"]) for (doctor, at), f in sorted(sim.visits.freed.items()))}


def _inbox(sim: "Simulation") -> dict[str, Any]:
    inbox = []
    for doc in sim.inbox.documents.values():
        owner = sim.frame.patients.get(doc.script.patient)
        booked = f"{doc.booked[0]} {doc.booked[2] // 3600:02d}:{doc.booked[2] % 3600 // 60:02d}" if doc.booked else None
        inbox.append(DocumentView(doc.id, doc.script.kind, doc.status, owner.name if owner else "",
                                  owner.dob.isoformat() if owner else "", doc.script.test, doc.script.from_,
                                  doc.script.reason, tuple(doc.script.clues), doc.urgency, booked, doc.notified,
                                  doc.script.abnormal))
    return {"inbox": tuple(inbox)}


def _office(sim: "Simulation") -> dict[str, Any]:
    office = sim.office
    messages = tuple(
        MessageView(m.id, m.channel, m.script.from_, m.script.about, m.script.intent, m.script.urgent, m.script.for_,
                    m.script.matters_by, m.script.text, m.script.appointment, m.reviewed_at is not None,
                    tuple(m.briefed_to))
        for m in office.messages.values()
    )
    reminders = sim.scenario.reminders
    return {"messages": messages, "greetings": tuple(sorted(office.greetings)),
            "inbox_checked": office.inbox_checked(),
            "reminders_due": (reminders.due if reminders.due is not None else sim.scenario.clinic.closes)
            if reminders else None}


def _book(sim: "Simulation") -> dict[str, Any]:
    appointments = sim.appointments
    ledger, patients = appointments.ledger, sim.frame.patients
    reminders = sim.scenario.reminders
    reminder_list: list[BookingView] = []
    to_move: list[BookingView] = []
    if reminders is not None:
        for key in ledger.on(reminders.date.isoformat()):
            if key in ledger.first:  # booked before today: a visit made today needs no reminder
                who = ledger.entries[key].patient
                reminder_list.append(_booking_view(ledger, key, availability_text(patients.get(who))))
    for doctor, day in sorted(appointments.away_days):
        for key in ledger.on(day):
            if key[1] == doctor:
                who = ledger.entries[key].patient
                to_move.append(_booking_view(ledger, key, availability_text(patients.get(who))))
    return {"reminder_list": tuple(reminder_list), "to_move": tuple(to_move),
            "away_days": tuple(sorted(appointments.away_days)), "waiting_list": tuple(appointments.waiting_list.items()),
            "book": BookPage(ledger)}


def _staff(sim: "Simulation") -> dict[str, Any]:
    staff = sim.staff
    return {"with_doctor": tuple((d.id, d.with_patient) for d in staff.doctors.values() if d.with_patient),
            "staff_present": tuple(m.id for m in sim.scenario.clinic.staff if staff.is_present(m))}


def _chart_note(call: Call) -> str | None:
    """What the chart, open during ``call``, says about its request: whether the doctor recorded a Limited Use code;
    that a prior authorization is the prescriber's to request."""
    if not call.chart_seen:
        return None
    wants = call.script.wants
    if wants == "limited_use_code":
        return ("the doctor recorded a Limited Use code on the chart" if call.script.code_on_chart
                else "no Limited Use code on the chart: only the prescriber can give one")
    if wants == "prior_authorization":
        return "a prior authorization is the prescriber's request to the insurer: none is on the chart"
    return None
