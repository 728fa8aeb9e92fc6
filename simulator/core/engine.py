"""The simulation of one day at the front desk.

:class:`Simulation` owns the clock, the event queue, the world and the one seeded ``random.Random``. Time moves
only through :meth:`Simulation.step` and :meth:`Simulation.advance`; the world changes only through scenario
events and :meth:`Simulation.apply`. Every change is written to the fact log. The same scenario, seed and actions
give the same facts, whether the clock jumps from event to event or steps one second at a time: all timing is
carried by queued events (see :class:`~simulator.core.clock.Priority` for the order within one second), never by
counting ticks.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from typing import Any, Callable

from transitions import MachineError

from ..scenario.jurisdictions import CARD_STATUSES, JURISDICTIONS, card_status
from ..scenario.models import Message, Patient, Scenario, TRIAGE_QUESTIONS, event_kind
from ..scenario.times import format_clock
from . import actions as A
from .clock import EventQueue, Priority, Scheduled
from .facts import FactLog
from .machines import CALL_STATE_WORDS, VISIT_STATE_WORDS, call_machine, visit_machine
from .ledger import Ledger
from .world import BookEntry, Call, Desk, Doctor, InboxDocument, OfficeMessage, Visit
from .backoffice import BackOffice
from .office import OfficeRoutine
from .outbound import OutboundCalls
from .referrals import Referrals
from .registration import Registration
from .rescheduling import Rescheduling

__all__ = ["Simulation", "CHART_FIELDS", "DAY_LIMIT", "chart_record", "flatten_changes"]

#: How long after closing a day may run before it is ended anyway (a trainee who never finishes their work).
DAY_LIMIT = 6 * 3600

#: The chart fields a trainee can type into, as dotted paths.
CHART_FIELDS = (
    "name", "dob", "phone", "email", "address.street", "address.city", "address.region", "address.postal",
    "health_card.number", "health_card.version", "health_card.expires",
    "insurance.payer", "insurance.member_id", "insurance.expires", "pharmacy", "allergies", "medications",
)
#: How an empty list reads in a chart: a chart says "none known" rather than leaving the line blank.
_EMPTY_LIST = {"allergies": "none known", "medications": "none"}

#: Seconds a caller lets the phone ring before hanging up, by caller kind (then varied by ±25%).
_RING_PATIENCE = {"patient": 60, "family": 60, "pharmacist": 90, "er_nurse": 120, "physician": 90, "lab": 120,
                  "insurer": 60, "unknown": 45}
#: A waiting patient can be given news of the delay again after this long, and each update buys patience.
_UPDATE_EVERY = 15 * 60
_UPDATE_PATIENCE = 15 * 60
#: A booked patient who never comes is marked a no-show this long after their time.
_NO_SHOW_AFTER = 30 * 60
#: A caller on an answered line hangs up after this long with nothing said to them (the trainee walked away).
_SILENCE_LIMIT = 3 * 60
_ACTIVE_VISIT = ("arrived", "arrived_late", "walk_in", "waiting", "roomed", "in_exam_room", "checkout")


def chart_record(patient: Patient) -> dict[str, str]:
    """What a correct chart of ``patient`` says, field by field (dotted names of :data:`CHART_FIELDS`)."""
    data = patient.model_dump(mode="json", by_alias=True, exclude_none=True)
    chart: dict[str, str] = {}
    for field in CHART_FIELDS:
        value: Any = data
        for part in field.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if isinstance(value, list):
            chart[field] = "; ".join(value) if value else _EMPTY_LIST[field]
        elif value is not None:
            chart[field] = str(value)
    return chart


class _Charts(dict):  # type: ignore[type-arg]
    """Charts by patient id, each built the first time it is read: a 4,000-patient panel costs only the charts
    the day touches. First-time patients have no chart."""

    def __init__(self, patients: dict[str, Patient]):
        super().__init__()
        self._patients = patients

    def __missing__(self, patient: str) -> dict[str, str]:
        p = self._patients.get(patient)
        if p is None or p.new:
            raise KeyError(patient)
        chart = self[patient] = chart_record(p)
        return chart

    def __contains__(self, patient: object) -> bool:
        if dict.__contains__(self, patient):
            return True
        p = self._patients.get(patient) if isinstance(patient, str) else None
        return p is not None and not p.new

    def get(self, patient: str, default: Any = None) -> Any:  # type: ignore[override]
        try:
            return self[patient]
        except KeyError:
            return default


class Simulation(OfficeRoutine, OutboundCalls, Registration, Referrals, Rescheduling, BackOffice):
    """One day of ``scenario``, driven by its events and by actions, recorded as facts.

    The actions of each part of the day live in their own module (the mixins), named after the work.
    """

    def __init__(self, scenario: Scenario, seed: int | None = None):
        self.scenario = scenario
        self.seed = scenario.seed if seed is None else seed
        self.rng = random.Random(self.seed)
        self.facts = FactLog()
        self.actions: list[A.Action] = []
        self._queue = EventQueue()
        self._visit_machine = visit_machine()
        self._call_machine = call_machine()
        clinic = scenario.clinic
        self.patients: dict[str, Patient] = {p.id: p for p in scenario.patients if isinstance(p, Patient)}
        self.charts: dict[str, dict[str, str]] = _Charts(self.patients)
        self.results_on_file: dict[str, set[str]] = {pid: set(p.results_on_file) for pid, p in self.patients.items()}
        self.visits: dict[str, Visit] = {}
        self.calls: dict[str, Call] = {}
        self.lines: list[str | None] = [None] * clinic.phone_lines
        self.counter: list[str] = []
        self.inbox: dict[str, InboxDocument] = {}
        self.messages: dict[str, OfficeMessage] = {}
        #: The appointment book of later days; ``bookings`` is its entries, (date, doctor, start) → entry, to read.
        self.book = Ledger(scenario, {m.id: m.name for m in clinic.staff if m.role == "doctor"})
        self.bookings: dict[tuple[str, str, int], BookEntry] = self.book.entries
        #: Where each patient's visit was last moved to (the book of later days), for the call that tells them.
        self.moved_to: dict[str, tuple[str, str, int]] = {}
        #: Today's slots freed by a cancellation: (doctor, start) → what was there, and who fills it.
        self.freed: dict[tuple[str, int], dict[str, Any]] = {}
        #: Away days the desk has been told of: (doctor, date) → when it was announced.
        self.away_days: dict[tuple[str, str], int] = {}
        #: First-time patients whose chart the desk created today.
        self.registered: set[str] = set()
        self.waiting_list: dict[str, str] = {w.patient: w.type or "follow_up" for w in scenario.waiting_list}
        self.doctors: dict[str, Doctor] = {
            m.id: Doctor(m.id, m.name, m.arrives if m.arrives is not None else clinic.opens,
                         tuple((w.from_, w.until) for w in m.away))
            for m in clinic.staff if m.role == "doctor"
        }
        self.desk = Desk()
        self.day_over = False
        starts = [clinic.opens] + [e.at for e in scenario.events if not e.overnight]
        self.start = min(starts)
        self.now = self.start
        self._last_change = self.start
        self._arrival_entries: dict[str, Scheduled] = {}
        self._call_draws: dict[int, tuple[int, int, bool]] = {}
        self._visit_draws: dict[tuple[str, str], tuple[float, float, int]] = {}
        self._handlers: dict[str, Callable[[Any], None]] = {
            "scenario": self._scenario_event,
            "arrive": self._arrive,
            "call_gives_up": self._call_gives_up,
            "patient_gives_up": self._patient_gives_up,
            "dispatch": self._dispatch,
            "visit_ends": self._visit_ends,
            "results_arrive": self._results_arrive,
            "no_show": self._no_show,
            "caller_hangs_up": self._caller_hangs_up,
            "document_arrives": self._document,
            "specimen_returns": self._specimen_returns,
        }
        self._plan_day()

    # --- time -------------------------------------------------------------------------------------------------

    def next_event_time(self) -> int | None:
        """When the next pending event happens, or ``None`` when nothing is pending."""
        return self._queue.peek_time()

    def step(self) -> bool:
        """Process the next pending event (moving the clock to it). False when nothing is pending."""
        if self._queue.peek_time() is None:
            return False
        entry = self._queue.pop()
        self.now = max(self.now, entry.time)
        self._last_change = self.now
        self._handlers[entry.kind](entry.payload)
        return True

    def advance(self, to: int) -> None:
        """Process every event up to and including second ``to``, then set the clock to ``to``."""
        while True:
            t = self._queue.peek_time()
            if t is None or t > to:
                break
            self.step()
        self.now = max(self.now, to)

    @property
    def finished(self) -> bool:
        """True once the clinic has closed and nobody is left to serve: no patient in the clinic, no live call."""
        if self.now < self.scenario.clinic.closes:
            return False
        if any(v.state in _ACTIVE_VISIT for v in self.visits.values()):
            return False
        return not any(self.lines)

    def finish_day(self) -> None:
        """Let the rest of the day happen with no more actions (up to :data:`DAY_LIMIT` after closing), then end it.

        This is how a replay ends once its actions run out, and how a bot's day ends once it is done, so both
        give the same facts.
        """
        limit = self.scenario.clinic.closes + DAY_LIMIT
        while (t := self._queue.peek_time()) is not None and t <= limit:
            self.step()
        self.end_day()

    def end_day(self) -> None:
        """Close the day: record what was left undone. No action is possible after.

        The day ends at closing, or at the last thing that happened after it, whatever second the clock shows:
        a UI or a bot may let the clock run on for a while, and that must not change the facts.
        """
        if self.day_over:
            return
        self.day_over = True
        left = sorted(v.patient for v in self.visits.values() if v.state in _ACTIVE_VISIT)
        end = max(self.scenario.clinic.closes, self._last_change)
        self.facts.record(end, "day_ended", "M15", patients_still_here=left,
                          calls_still_open=sorted(c for c in self.lines if c), screen_locked=self.desk.screen_locked,
                          documents_unhandled=sorted(d.id for d in self.inbox.values() if d.status == "new"),
                          messages_unreviewed=sorted(m.id for m in self.messages.values() if m.reviewed_at is None),
                          greetings=sorted(self.desk.greetings), inbox_checked=self._final_inbox_check(),
                          bookings_changed=self.book.held_by(self.book.touched))

    def _final_inbox_check(self) -> bool:
        """Whether the inbox was checked at closing (a check in the morning is not the closing check)."""
        return self.desk.inbox_checked_at is not None and self.desk.inbox_checked_at >= self.scenario.clinic.closes

    # --- the plan of the day ----------------------------------------------------------------------------------

    def _plan_day(self) -> None:
        s = self.scenario
        explicit = {getattr(e, "arrival").patient for e in s.events if event_kind(e) == "arrival"}
        # Every random choice of the day is drawn here, in a fixed order, before anything happens: what a trainee
        # does can then never shift the dice, and two students given the same seed meet the same day.
        rng = self.rng
        self._lab_delay = {pid: rng.randint(2, 8) * 60 for pid in self.patients}
        # How each patient answers the desk's calls: picks up or not (busy at work), how long they need to get
        # to the clinic for a freed slot, how they reply to a reminder, and how long their pharmacy takes.
        self._phone_draws: dict[str, tuple[bool, int, str, int]] = {}
        for pid, p in self.patients.items():
            picks_up, travel, reply, fax = rng.random() < 0.8, rng.randint(20, 45) * 60, rng.random(), rng.randint(20, 50) * 60
            self._phone_draws[pid] = (p.answers_phone and picks_up, travel,
                                      "confirm" if reply < 0.8 else ("cancel" if reply < 0.9 else "reschedule"), fax)
        for index, event in enumerate(s.events):
            self._queue.push(self.start if event.overnight else event.at, Priority.SCENARIO, "scenario", index)
            kind = event_kind(event)
            if kind == "call":
                script = event.call
                ring = script.patience * 60 if script.patience is not None else round(
                    _RING_PATIENCE[script.caller] * rng.uniform(0.75, 1.25))
                self._call_draws[index] = (ring, rng.randint(60, 150), rng.random() < 0.5)
            elif kind == "walk_in":
                self._visit_draws[("walk_in", event.walk_in.patient)] = self._draw_visit(rng)
        for a in s.schedule:
            self.visits[a.patient] = Visit(a.patient, appointment=a)
            self._visit_draws[("booked", a.patient)] = self._draw_visit(rng)
            if a.no_show:
                self._queue.push(a.at + _NO_SHOW_AFTER, Priority.TIMEOUT, "no_show", a.patient)
            if a.no_show or a.patient in explicit:
                continue
            # Patients come a few minutes early; about one in eight comes a little late.
            if rng.random() < 0.125:
                t = a.at + rng.randint(1, 10) * 60
            else:
                t = a.at - rng.randint(2, 15) * 60
            self._arrival_entries[a.patient] = self._queue.push(max(t, self.start), Priority.SCENARIO, "arrive", (a.patient, {}, False))
        for entry in s.waiting_list:  # anyone given a freed slot today has their visit's dice ready
            self._visit_draws.setdefault(("booked", entry.patient), self._draw_visit(rng))
        for doctor in self.doctors.values():
            self._queue.push(doctor.free_from(self.start), Priority.DISPATCH, "dispatch", doctor.id)

    @staticmethod
    def _draw_visit(rng: random.Random) -> tuple[float, float, int]:
        """One visit's dice: patience (seconds), visit-length factor, and patience at checkout (seconds)."""
        return float(rng.randint(45, 75) * 60), rng.uniform(0.9, 1.15), rng.randint(15, 25) * 60

    def _no_show(self, patient: str) -> None:
        visit = self.visits[patient]
        if visit.state == "scheduled" and visit.appointment is not None:
            visit.state = "no_show"  # a model joins its machine on arrival; this visit never arrives
            self.facts.record(self.now, "patient_no_show", "M4", patient=patient, appointment=format_clock(visit.appointment.at))

    # --- scenario events --------------------------------------------------------------------------------------

    def _scenario_event(self, index: int) -> None:
        event = self.scenario.events[index]
        kind = event_kind(event) or ""
        body = getattr(event, kind)
        if kind in ("voicemail", "email"):
            self._message(kind, body, index)
        elif kind == "call":
            self._ring(body, index)
        elif kind == "arrival":
            changes = (body.changes.model_dump(mode="json", by_alias=True, exclude_none=True, exclude_defaults=True)
                       if body.changes else {})
            self._arrive((body.patient, changes, body.forgot_card))
        elif kind == "walk_in":
            self._walk_in(body, index)
        elif kind == "doctor_delay":
            self._doctor_delay(body)
        elif kind == "document":
            self._document(body, index)
        elif kind == "away_day":
            self.away_days[(body.doctor, body.date.isoformat())] = self.now
            self.book.away.add((body.doctor, body.date.isoformat()))
            booked = sorted(self.bookings[k].patient for k in self.book.on(body.date.isoformat()) if k[1] == body.doctor)
            self.facts.record(self.now, "away_day_announced", "M11", doctor=body.doctor, date=body.date.isoformat(),
                              reason=body.reason, patients=booked, within_days=body.within)

    def _caller_message(self, s: Any) -> Message:
        """What a caller who gave up says on the voicemail: their request, for whoever must act on it (the doctor
        for what only the prescriber or the doctor can answer, the nurse for results)."""
        doctor = next(m.id for m in self.scenario.clinic.staff if m.role == "doctor")
        nurse = next((m.id for m in self.scenario.clinic.staff if m.role == "nurse"), doctor)
        for_ = {"critical_result": doctor, "speak_to_doctor": doctor, "limited_use_code": doctor,
                "prior_authorization": doctor, "refill": doctor, "results": nurse, "speak_to_nurse": nurse,
                "medication_list": doctor}.get(s.wants)
        intent = s.wants if s.wants in ("cancel", "reschedule", "book", "refill", "results", "billing") else (
            "urgent" if s.urgent or s.wants == "critical_result" else "routine")
        own = s.caller == "patient"
        return Message.model_construct(from_=s.about if own and s.about else (s.name or s.caller),
                                       about=None if own else s.about, intent=intent,
                                       urgent=bool(s.urgent or s.wants == "critical_result"), for_=for_,
                                       text=s.text, appointment=None, date=None, matters_by=None)

    def _message(self, channel: str, body: Any, index: int | None, call: str | None = None) -> None:
        count = sum(1 for m in self.messages.values() if m.channel == channel)
        message_id = f"{'V' if channel == 'voicemail' else 'E'}{count + 1}"
        self.messages[message_id] = OfficeMessage(message_id, channel, body, self.now)
        self.facts.record(self.now, "message_received", "M1", channel=channel, event=index, message=message_id,
                          call=call,
                          sender=body.from_, about=body.about, intent=body.intent, urgent=body.urgent,
                          for_staff=body.for_, text=body.text,
                          matters_by=format_clock(body.matters_by) if body.matters_by is not None else None)
        who = body.about or body.from_
        visit = self.visits.get(who)
        if (body.intent == "cancel" and body.date is None and visit is not None and visit.state == "scheduled"
                and visit.appointment is not None and body.appointment in (None, visit.appointment.at)):
            self._cancel_visit(visit, "M2")

    def _cancel_visit(self, visit: Visit, mechanic: str) -> None:
        """A booked visit today is cancelled: the patient will not come, and the slot is free for someone else."""
        appointment = visit.appointment
        assert appointment is not None
        visit.state = "cancelled"
        self._queue.cancel(self._arrival_entries.pop(visit.patient, None))
        self.facts.record(self.now, "visit_cancelled", mechanic, patient=visit.patient,
                          appointment=format_clock(appointment.at))
        minutes = self.scenario.visit_length(appointment)
        self.freed[(appointment.with_, appointment.at)] = {"patient": visit.patient, "type": appointment.type,
                                                         "minutes": minutes, "filled_by": None}
        self.facts.record(self.now, "slot_freed", "M2", doctor=appointment.with_, at=format_clock(appointment.at),
                          minutes=minutes, visit_type=appointment.type, gap_minutes=self._gap_minutes(appointment.with_, appointment.at))

    def _gap_minutes(self, doctor: str, at: int) -> int:
        """Minutes from ``at`` until the doctor's next visit still on today's schedule (or closing)."""
        later = [v.appointment.at for v in self.visits.values()
                 if v.appointment is not None and v.appointment.with_ == doctor and v.appointment.at > at
                 and v.state not in ("cancelled",)]
        return (min(later, default=self.scenario.clinic.closes) - at) // 60

    def _doctor_delay(self, body: Any) -> None:
        doctor = self.doctors[body.doctor]
        extra = body.minutes * 60
        doctor.busy_until = doctor.free_from(self.now) + extra  # late on top of not being here yet, or being away
        if doctor.visit_end is not None:
            self._queue.cancel(doctor.visit_end)
            doctor.visit_end = self._queue.push(doctor.visit_end.time + extra, Priority.FINISH, "visit_ends", doctor.id)
        self.facts.record(self.now, "doctor_delayed", "M13", doctor=doctor.id, minutes=body.minutes, reason=body.reason)

    def _document(self, body: Any, index: int | None = None) -> None:
        doc_id = f"D{len(self.inbox) + 1}"
        self.inbox[doc_id] = InboxDocument(doc_id, body, self.now)
        mechanic = {"referral": "M10", "medication_list": "M8"}.get(body.kind, "M6")
        self.facts.record(self.now, "document_arrived", mechanic, document=doc_id, document_kind=body.kind,
                          belongs_to=body.patient, sender=body.from_, event=index)

    # --- phones -----------------------------------------------------------------------------------------------

    def _ring(self, script: Any, index: int) -> None:
        call_id = f"C{len(self.calls) + 1}"
        free = [i + 1 for i, c in enumerate(self.lines) if c is None]
        if not free:
            self.facts.record(self.now, "call_got_busy_signal", "M7", event=index, caller=script.caller, about=script.about)
            return
        line = script.line if script.line in free else free[0]
        ring, hold, voicemail = self._call_draws[index]
        call = Call(call_id, script, line, self.now, hold_left=hold, leaves_voicemail=voicemail)
        self.calls[call_id] = call
        self._call_machine.add_model(call, initial="ringing")
        self.lines[line - 1] = call_id
        call.timeout = self._queue.push(self.now + ring, Priority.TIMEOUT, "call_gives_up", call_id)
        self.facts.record(self.now, "call_rang", "M7", call=call_id, line=line, event=index, caller=script.caller,
                          name=script.name, about=script.about, wants=script.wants, urgent=script.urgent)

    def _call_gives_up(self, call_id: str) -> None:
        call = self.calls[call_id]
        before = call.state
        call.timeout = None  # this very entry: already off the queue
        call.give_up()
        self._close_line(call)
        self.facts.record(self.now, "call_abandoned", call.mechanic, call=call_id, line=call.line, state_before=before,
                          rings=call.rings(self.now) if before == "ringing" else None,
                          waited=self.now - (call.held_since if before == "on_hold" else call.rang_at))
        # Half of those with something to ask leave a message when the line goes to voicemail; the rest hang up.
        if before == "ringing" and call.script.caller != "unknown" and call.leaves_voicemail:
            s = call.script
            self.facts.record(self.now, "voicemail_left", "M7", call=call_id, caller=s.caller, name=s.name,
                              about=s.about, wants=s.wants, urgent=s.urgent)
            self._message("voicemail", self._caller_message(s), None, call=call_id)

    def _close_line(self, call: Call) -> None:
        self._queue.cancel(call.timeout)
        call.timeout = None
        self.lines[call.line - 1] = None
        self._call_machine.remove_model(call)

    def _call_on(self, line: int, *states: str) -> Call:
        if not 1 <= line <= len(self.lines):
            raise A.ActionError(f"There is no line {line}; this desk has {len(self.lines)}.")
        call_id = self.lines[line - 1]
        if call_id is None:
            raise A.ActionError(f"Line {line} is quiet: no call is on it.")
        call = self.calls[call_id]
        if states and call.state not in states:
            raise A.ActionError(f"The call on line {line} {CALL_STATE_WORDS[call.state]}.")
        return call

    def _hold_active(self, except_call: Call | None = None) -> None:
        for call_id in self.lines:
            call = self.calls.get(call_id) if call_id else None
            if call is not None and call is not except_call and call.state == "active":
                self._put_on_hold(call, automatic=True)

    def _put_on_hold(self, call: Call, automatic: bool = False) -> None:
        call.hold()
        call.held_since = self.now
        self._queue.cancel(call.timeout)
        # One budget of patience on hold per call, used up across every hold: holding and resuming buys no time.
        call.timeout = self._queue.push(self.now + max(call.hold_left, 1), Priority.TIMEOUT, "call_gives_up", call.id)
        self.facts.record(self.now, "call_held", "M7", call=call.id, line=call.line, automatic=automatic,
                          hold_patience_left=call.hold_left)

    def _listen(self, call: Call) -> None:
        """The trainee is talking with an answered caller: the caller stays on the line a while longer."""
        self._queue.cancel(call.timeout)
        call.timeout = self._queue.push(self.now + _SILENCE_LIMIT, Priority.TIMEOUT, "caller_hangs_up", call.id)

    def _caller_hangs_up(self, call_id: str) -> None:
        call = self.calls[call_id]
        call.timeout = None  # this very entry: already off the queue
        self._end(call)
        self.facts.record(self.now, "caller_hung_up", call.mechanic, call=call_id, line=call.line, silent_for=_SILENCE_LIMIT,
                          handled=call.handled)

    def _consent(self, call: Call) -> dict[str, Any]:
        """What the scenario and the chart say about this caller, as neutral facts; judging them is the grader's."""
        s = call.script
        contacts = self.patients[s.about].contacts if s.about in self.patients else ()
        listed = next((c for c in contacts if s.name and c.name == s.name), None)
        return {"authorised": s.authorised, "listed_contact": listed is not None,
                "contact_authorised": listed.authorised if listed else None}

    def _end(self, call: Call) -> None:
        call.hang_up()
        self._close_line(call)

    # --- patients ---------------------------------------------------------------------------------------------

    def _changed_fields(self, patient: str) -> dict[str, str]:
        """The chart fields whose true value today differs from what the chart says (none without a chart)."""
        if patient not in self.charts:
            return {}  # a first-time patient: there is no chart yet to compare with
        chart = self.charts[patient]
        return {k: v for k, v in self.stated_details(patient).items() if chart.get(k) != v}

    def _arrive(self, payload: tuple[str, dict[str, Any], bool]) -> None:
        patient, changes, forgot_card = payload
        self._arrival_entries.pop(patient, None)
        visit = self.visits.get(patient)
        if visit is None or visit.state != "scheduled" or visit.appointment is None:
            return  # cancelled before they came, or already here
        late = self.now > visit.appointment.at
        self._visit_machine.add_model(visit, initial="arrived_late" if late else "arrived")
        visit.arrived_at = visit.at_counter_since = self.now
        visit.changes = changes
        visit.forgot_card = forgot_card
        self.counter.append(patient)
        self._start_patience(visit)
        self.facts.record(self.now, "patient_arrived", "M4", patient=patient, appointment=format_clock(visit.appointment.at),
                          late=late, changed=sorted(self._changed_fields(patient)), forgot_card=forgot_card,
                          new_patient=patient not in self.charts)

    def _walk_in(self, script: Any, index: int) -> None:
        if script.patient in self.visits:
            return  # a patient booked today who also walks in is the same visit
        visit = Visit(script.patient, walk_in=script)
        self.visits[script.patient] = visit
        self._visit_machine.add_model(visit, initial="walk_in")
        visit.arrived_at = visit.at_counter_since = self.now
        self.counter.append(script.patient)
        self._start_patience(visit)
        self.facts.record(self.now, "walk_in_arrived", "M12", patient=script.patient, complaint=script.complaint,
                          sensitive=script.sensitive, event=index)

    def _dice(self, visit: Visit) -> tuple[float, float, int]:
        return self._visit_draws[("walk_in" if visit.walk_in is not None else "booked", visit.patient)]

    def _start_patience(self, visit: Visit) -> None:
        visit.patience_left = self._dice(visit)[0]
        visit.patience_since = self.now
        self._schedule_walk_out(visit)

    def _overdue_at(self, visit: Visit) -> int:
        if visit.appointment is not None:
            return visit.appointment.at
        return (visit.arrived_at or self.now) + 30 * 60

    def _rates(self, visit: Visit) -> tuple[float, float]:
        """How fast patience drains before and after the patient is overdue; slower once they are told why."""
        return (0.25, 0.5) if visit.informed else (1.0, 1.5)

    def _consume(self, visit: Visit) -> None:
        """Use up patience from ``patience_since`` to now at the rates that held over that time."""
        before, after = self._rates(visit)
        overdue = self._overdue_at(visit)
        t0, t1 = visit.patience_since, self.now
        split = min(max(overdue, t0), t1)
        visit.patience_left -= (split - t0) * before + (t1 - split) * after
        visit.patience_since = t1

    def _schedule_walk_out(self, visit: Visit) -> None:
        self._queue.cancel(visit.timeout)
        before, after = self._rates(visit)
        overdue = self._overdue_at(visit)
        left = max(visit.patience_left, 0.0)
        t = visit.patience_since
        if t < overdue:
            budget = (overdue - t) * before
            if budget >= left:
                deadline = t + math.ceil(left / before)
            else:
                deadline = overdue + math.ceil((left - budget) / after)
        else:
            deadline = t + math.ceil(left / after)
        visit.timeout = self._queue.push(deadline, Priority.TIMEOUT, "patient_gives_up", visit.patient)

    def _patient_gives_up(self, patient: str) -> None:
        visit = self.visits[patient]
        before = visit.state
        if before == "checkout":
            visit.leave_at_checkout()
        else:
            visit.walk_out()
        visit.timeout = None
        if patient in self.counter:
            self.counter.remove(patient)
        if self.desk.serving == patient:
            self.desk.serving = None
        self._visit_machine.remove_model(visit)
        if before == "checkout":
            self.facts.record(self.now, "patient_left_before_checkout", "M14", patient=patient,
                              booked=list(visit.booked))
        else:
            self.facts.record(self.now, "patient_left_without_visit", "M13", patient=patient, state_before=before,
                              waited=self.now - (visit.arrived_at or self.now), informed=visit.informed)

    def _dispatch(self, doctor_id: str) -> None:
        doctor = self.doctors[doctor_id]
        if doctor.with_patient is not None:
            return
        free = doctor.free_from(self.now)
        if free > self.now:
            self._queue.push(free, Priority.DISPATCH, "dispatch", doctor_id)
            return
        waiting = [v for v in self.visits.values()
                   if v.state in ("waiting", "roomed") and self._doctor_for(v) == doctor_id and self._ready(v)]
        # A booked patient is called in at their time, not before; a walk-in as soon as the doctor is free.
        due = [v for v in waiting if v.appointment is None or v.appointment.at <= self.now]
        if not due:
            if waiting:
                first = min(v.appointment.at for v in waiting if v.appointment is not None)
                self._queue.push(first, Priority.DISPATCH, "dispatch", doctor_id)
            return
        visit = min(due, key=lambda v: v.order_key)
        self._queue.cancel(visit.timeout)
        visit.timeout = None
        visit.call_in()
        doctor.with_patient = visit.patient
        self.facts.record(self.now, "patient_called_in", "M13", patient=visit.patient, doctor=doctor_id,
                          waited=self.now - (visit.checked_in_at or self.now),
                          overdue=max(0, self.now - self._overdue_at(visit)),
                          **self._rooming_facts(visit))
        if visit.appointment is not None:
            missing = [n for n in visit.appointment.needs if n not in self.results_on_file[visit.patient]]
            if missing:
                self.facts.record(self.now, "results_missing_at_visit", "M5", patient=visit.patient, missing=missing)
            minutes = self.scenario.visit_length(visit.appointment) + visit.appointment.overrun
        else:
            minutes = self.scenario.clinic.visit_types.get("urgent", 15)
        seconds = int(minutes * 60 * self._dice(visit)[1])
        doctor.visit_end = self._queue.push(self.now + seconds, Priority.FINISH, "visit_ends", doctor_id)

    def _doctor_for(self, visit: Visit) -> str:
        if visit.appointment is not None:
            return visit.appointment.with_
        return next(iter(self.doctors))  # the nurse sends walk-ins to the first doctor on staff

    def _visit_ends(self, doctor_id: str) -> None:
        doctor = self.doctors[doctor_id]
        doctor.visit_end = None
        visit = self.visits[doctor.with_patient or ""]
        doctor.with_patient = None
        visit.finish_visit()
        orders = visit.appointment.orders if visit.appointment is not None else None
        visit.orders = orders
        self.counter.append(visit.patient)
        # Nobody waits at the checkout counter forever: after a quarter of an hour or so they go home.
        visit.timeout = self._queue.push(self.now + self._dice(visit)[2], Priority.TIMEOUT, "patient_gives_up", visit.patient)
        visit.at_counter_since = self.now
        self.facts.record(self.now, "visit_ended", "M14", patient=visit.patient, doctor=doctor_id,
                          follow_up_days=orders.follow_up if orders else None,
                          tests=list(orders.tests) if orders else [])
        self._queue.push(self.now, Priority.DISPATCH, "dispatch", doctor_id)

    def _results_arrive(self, payload: tuple[str, str]) -> None:
        patient, test = payload
        self.results_on_file[patient].add(test)
        self.facts.record(self.now, "results_received", "M5", patient=patient, test=test)

    def stated_details(self, patient: str) -> dict[str, str]:
        """What ``patient`` tells the desk when asked: their true details today, chart fields by name."""
        p = self.patients[patient]
        details = chart_record(p)
        if p.new and not p.brings_medication_list:
            details.pop("medications", None)  # left the list at home: the pharmacy has it
        visit = self.visits.get(patient)
        if visit is not None:
            details.update({k: v for k, v in flatten_changes(visit.changes).items() if k in CHART_FIELDS})
        return details

    # --- actions ----------------------------------------------------------------------------------------------

    def apply(self, action: A.Action) -> None:
        """Take ``action`` at its second: the clock first advances to ``action.t`` (events up to then happen).

        Raises :class:`~simulator.core.actions.ActionError` when the action is not possible then; the action
        itself then changes nothing. A successful action is kept in :attr:`actions`, the replay's list.
        """
        if self.day_over or action.t > self.scenario.clinic.closes + DAY_LIMIT:
            raise A.ActionError("The day is over.")
        if action.t < self.now:
            raise A.ActionError(f"That action is stamped {format_clock(action.t)}, before now ({format_clock(self.now)}).")
        self.advance(action.t)
        handler = getattr(self, "_do_" + action.type, None)
        if handler is None:
            raise A.ActionError(f"{action.type} is not something the desk can do yet.")
        if not self.desk.at_desk and action.type != "return_to_desk":
            raise A.ActionError("You are away from the desk; come back first.")
        try:
            handler(action)
        except MachineError as exc:  # handlers check states first; this is a last guard, worded for a person
            raise A.ActionError(f"That cannot be done now ({exc}).") from None
        line = getattr(action, "line", None)
        call = self.calls.get(self.lines[line - 1] or "") if isinstance(line, int) and 1 <= line <= len(self.lines) else None
        if call is not None and call.state == "active":
            self._listen(call)
        self._last_change = self.now
        self.actions.append(action)

    def _need_screen(self) -> None:
        if self.desk.screen_locked:
            raise A.ActionError("The screen is locked; unlock it first.")

    def _visit(self, patient: str, *states: str) -> Visit:
        visit = self.visits.get(patient)
        name = self.patients[patient].name if patient in self.patients else patient
        if visit is None:
            raise A.ActionError(f"{name} has no visit today.")
        if states and visit.state not in states:
            raise A.ActionError(f"{name} {VISIT_STATE_WORDS[visit.state]}.")
        return visit

    def _serving(self, patient: str, *states: str) -> Visit:
        visit = self._visit(patient, *states)
        if self.desk.serving != patient:
            raise A.ActionError(f"Greet {self.patients[patient].name} at the counter first.")
        return visit

    # phones

    def _do_answer_call(self, a: A.AnswerCall) -> None:
        call = self._call_on(a.line, "ringing")
        self._hold_active()
        self._queue.cancel(call.timeout)
        call.timeout = None
        call.answer()
        call.answered_at = self.now
        self._listen(call)
        self.facts.record(self.now, "call_answered", "M7", call=call.id, line=call.line, rings=call.rings(self.now),
                          waited=self.now - call.rang_at)

    def _do_hold_call(self, a: A.HoldCall) -> None:
        self._put_on_hold(self._call_on(a.line, "active"))

    def _do_resume_call(self, a: A.ResumeCall) -> None:
        call = self._call_on(a.line, "on_hold")
        self._hold_active(except_call=call)
        self._queue.cancel(call.timeout)
        call.timeout = None
        call.hold_left -= self.now - (call.held_since or self.now)
        call.resume()
        self._listen(call)
        self.facts.record(self.now, "call_resumed", "M7", call=call.id, line=call.line,
                          held_for=self.now - (call.held_since or self.now))

    def _do_verify_caller(self, a: A.VerifyCaller) -> None:
        call = self._call_on(a.line, "active")
        asked = tuple(sorted(set(a.identifiers)))
        unknown = [i for i in asked if i not in A.IDENTIFIERS]
        if not asked or unknown:
            raise A.ActionError(f"Ask for identifiers among: {', '.join(A.IDENTIFIERS)}.")
        answer = call.script.verification
        call.identifiers_asked = tuple(sorted(set(call.identifiers_asked) | set(asked)))
        call.verified = call.verified or (answer == "correct" and len(call.identifiers_asked) >= 2)
        self.facts.record(self.now, "caller_verification", "M18", call=call.id, identifiers=list(asked), answer=answer,
                          identity_verified=call.verified)

    def _do_disclose(self, a: A.Disclose) -> None:
        call = self._call_on(a.line, "active")
        if a.item not in A.DISCLOSABLE:
            raise A.ActionError(f"Say one of: {', '.join(A.DISCLOSABLE)}.")
        if call.script.about is None:
            raise A.ActionError("This call is not about a particular patient.")
        self._need_screen()
        call.handled = True
        s = call.script
        self.facts.record(self.now, "disclosure", "M18", call=call.id, item=a.item, about=s.about, channel="phone",
                          caller=s.caller, name=s.name, relationship=s.relationship, impostor=s.impostor,
                          identity_verified=call.verified, identifiers=list(call.identifiers_asked), wants=s.wants,
                          purpose=call.purpose, code_on_chart=s.code_on_chart, **self._consent(call))

    def _do_decline(self, a: A.Decline) -> None:
        call = self._call_on(a.line, "active")
        call.handled = True
        s = call.script
        self.facts.record(self.now, "request_declined", "M18", call=call.id, wants=s.wants, about=s.about,
                          caller=s.caller, name=s.name, relationship=s.relationship, impostor=s.impostor,
                          identity_verified=call.verified, reason=a.reason, **self._consent(call))

    def _staff_role(self, staff_id: str) -> str:
        for member in self.scenario.clinic.staff:
            if member.id == staff_id:
                return member.role
        raise A.ActionError(f"Nobody on staff has the id {staff_id!r}.")

    def _do_route_call(self, a: A.RouteCall) -> None:
        call = self._call_on(a.line, "active", "on_hold")
        role = self._staff_role(a.to)
        s = call.script
        self._end(call)
        self.facts.record(self.now, "call_routed", "M7", call=call.id, to=a.to, role=role, urgent=a.urgent,
                          wants=s.wants, caller=s.caller, about=s.about, identity_verified=call.verified)

    def _do_take_message(self, a: A.TakeMessage) -> None:
        call = self._call_on(a.line, "active")
        role = self._staff_role(a.to)
        s = call.script
        self._end(call)
        self.facts.record(self.now, "message_taken", "M7", call=call.id, to=a.to, role=role, urgent=a.urgent,
                          wants=s.wants, caller=s.caller, about=s.about)

    def _slot(self, date: str, at: str, doctor: str) -> tuple[str, str, int]:
        """The book's key for a typed date, time and doctor (the slot itself is checked when booked)."""
        iso, seconds = A.typed_date_time(date, at)
        if doctor not in self.doctors:
            raise A.ActionError(f"{doctor!r} is not one of the clinic's doctors.")
        return iso, doctor, seconds

    def _do_book_appointment(self, a: A.BookAppointment) -> None:
        call = self._call_on(a.line, "active")
        if call.script.about is None:
            raise A.ActionError("This call is not about a particular patient.")
        self._need_screen()
        key = self._slot(a.date, a.at, a.doctor)
        self._book(key, call.script.about, a.visit_type)
        call.handled = True
        self.facts.record(self.now, "appointment_booked", call.mechanic, call=call.id, patient=call.script.about, date=key[0],
                          at=format_clock(key[2]), doctor=a.doctor, visit_type=a.visit_type, wants=call.script.wants,
                          identity_verified=call.verified)

    def _book(self, key: tuple[str, str, int], patient: str, visit_type: str, urgent: bool = False) -> None:
        """Put ``patient`` in the book at ``key``, if the book can hold the visit (see :class:`Ledger`)."""
        if visit_type not in self.scenario.clinic.visit_types:
            raise A.ActionError(f"The clinic has no visit type {visit_type.replace('_', ' ')!r}.")
        minutes = self.scenario.clinic.visit_types[visit_type]
        self.book.check(key[0], key[1], key[2], minutes)
        self.book.add(key, BookEntry(patient, minutes, visit_type, urgent))

    def _unbook(self, key: tuple[str, str, int], moved_to: tuple[str, str, int] | None = None) -> BookEntry:
        """Take a booking out of the book (cancelled, released, or moved to ``moved_to``); a referral booked
        there follows it."""
        entry = self.book.remove(key)
        for doc in self.inbox.values():
            if doc.booked == key:
                doc.booked = moved_to
                if moved_to is None:
                    doc.status = "set_aside"
        return entry

    def _do_cancel_appointment(self, a: A.CancelAppointment) -> None:
        call = self._call_on(a.line, "active")
        patient = call.script.about
        day, seconds = A.typed_date_time(a.date, a.at)
        self._need_screen()
        key = self.book.find(patient or "", day, seconds)
        visit = self.visits.get(patient or "")
        today = (day == self.scenario.date.isoformat() and visit is not None and visit.state == "scheduled"
                 and visit.appointment is not None and visit.appointment.at == seconds)
        if key is None and not today:
            raise A.ActionError("That patient has no appointment then.")
        if key is not None:
            self._unbook(key)
        call.handled = True
        self.facts.record(self.now, "appointment_cancelled", call.mechanic, call=call.id, patient=patient, date=day,
                          at=format_clock(seconds), identity_verified=call.verified)
        if today and visit is not None:
            self._cancel_visit(visit, call.mechanic)

    def _do_open_chart(self, a: A.OpenChart) -> None:
        if a.patient not in self.charts:
            raise A.ActionError(f"No chart has the id {a.patient!r}.")
        self._need_screen()
        active = next((self.calls[c] for c in self.lines if c and self.calls[c].state == "active"), None)
        if active is not None and active.script.about == a.patient:
            active.chart_seen = True
        self.facts.record(self.now, "chart_opened", "M18", patient=a.patient,
                          call=active.id if active else None, call_about=active.script.about if active else None,
                          serving=self.desk.serving)

    def _do_end_call(self, a: A.EndCall) -> None:
        call = self._call_on(a.line, "active", "on_hold", "voicemail")
        self._end(call)
        self.facts.record(self.now, "call_ended", call.mechanic, call=call.id, line=call.line, handled=call.handled,
                          talk_time=self.now - (call.answered_at or self.now))

    # the counter

    def _do_greet_patient(self, a: A.GreetPatient) -> None:
        visit = self._visit(a.patient, "arrived", "arrived_late", "walk_in", "checkout")
        if a.patient not in self.counter:
            raise A.ActionError(f"{self.patients[a.patient].name} is not at the counter.")
        if self.desk.serving not in (None, a.patient):
            raise A.ActionError(f"You are still serving {self.patients[self.desk.serving].name}.")
        self.desk.serving = a.patient
        stage = "checkout" if visit.state == "checkout" else "arrival"
        mechanic = "M14" if stage == "checkout" else ("M12" if visit.walk_in else "M4")
        self.facts.record(self.now, "patient_greeted", mechanic, patient=a.patient, stage=stage,
                          waited=self.now - visit.at_counter_since)

    def _do_confirm_identity(self, a: A.ConfirmIdentity) -> None:
        visit = self._serving(a.patient)
        asked = sorted(set(a.identifiers))
        if not asked or any(i not in A.IDENTIFIERS for i in asked):
            raise A.ActionError(f"Ask for identifiers among: {', '.join(A.IDENTIFIERS)}.")
        visit.identifiers_confirmed = tuple(sorted(set(visit.identifiers_confirmed) | set(asked)))
        self.facts.record(self.now, "identity_confirmed", "M4", patient=a.patient, identifiers=asked)

    def _do_update_chart(self, a: A.UpdateChart) -> None:
        if a.patient not in self.charts:
            raise A.ActionError(f"{a.patient!r} has no chart to update.")
        if a.field not in CHART_FIELDS:
            raise A.ActionError(f"Charts have no field {a.field!r}.")
        self._need_screen()
        before = self.charts[a.patient].get(a.field)
        self.charts[a.patient][a.field] = a.value
        visit = self.visits.get(a.patient)
        if visit is not None and visit.state in _ACTIVE_VISIT:
            visit.fields_updated.add(a.field)
        self.facts.record(self.now, "chart_updated", "M8" if a.patient in self.registered else "M4", patient=a.patient,
                          field=a.field, value=a.value, before=before, **self._card_check(a.field, a.value))

    def _do_note_card(self, a: A.NoteCard) -> None:
        self._serving(a.patient, "arrived", "arrived_late")
        if a.status not in CARD_STATUSES:
            raise A.ActionError(f"A card is one of: {', '.join(CARD_STATUSES)}.")
        self.facts.record(self.now, "card_noted", "M4", patient=a.patient, status=a.status,
                          card=self.card_shown(a.patient))

    def card_shown(self, patient: str) -> str:
        """What the card ``patient`` shows at the counter is (one of ``CARD_STATUSES``), from what they state."""
        j = JURISDICTIONS[self.scenario.jurisdiction]
        prefix = j.id_document + "."
        card = {k[len(prefix):]: v for k, v in self.stated_details(patient).items() if k.startswith(prefix)}
        visit = self.visits.get(patient)
        return card_status(j, card, self.scenario.date, forgotten=bool(visit and visit.forgot_card))

    def _do_check_in(self, a: A.CheckIn) -> None:
        visit = self._serving(a.patient, "arrived", "arrived_late")
        self._need_screen()
        late = visit.state == "arrived_late"
        visit.check_in()
        visit.checked_in_at = self.now
        self.counter.remove(a.patient)
        self.desk.serving = None
        self.facts.record(self.now, "patient_checked_in", "M8" if a.patient in self.registered else "M4",
                          patient=a.patient, identifiers_confirmed=list(visit.identifiers_confirmed),
                          fields_updated=sorted(visit.fields_updated), late=late,
                          registered=a.patient in self.registered, has_chart=a.patient in self.charts)
        self._queue.push(self.now, Priority.DISPATCH, "dispatch", self._doctor_for(visit))

    def _do_request_results(self, a: A.RequestResults) -> None:
        if a.patient not in self.patients:
            raise A.ActionError(f"No patient has the id {a.patient!r}.")
        self._need_screen()
        visit = self.visits.get(a.patient)
        needed = bool(visit and visit.appointment and a.test in visit.appointment.needs)
        # The lab has the results already; sending them over takes a few minutes.
        self._queue.push(self.now + self._lab_delay[a.patient], Priority.FINISH, "results_arrive", (a.patient, a.test))
        self.facts.record(self.now, "results_requested", "M5", patient=a.patient, test=a.test, needed_today=needed)

    def _do_inform_delay(self, a: A.InformDelay) -> None:
        visit = self._visit(a.patient, "waiting", "arrived", "arrived_late")
        if visit.informed_at is not None and self.now - visit.informed_at < _UPDATE_EVERY:
            minutes = (self.now - visit.informed_at) // 60
            raise A.ActionError(f"You told {self.patients[a.patient].name} about the delay {minutes} minutes ago.")
        self._consume(visit)
        first = not visit.informed
        visit.informed = True
        visit.informed_at = self.now
        if not first:
            visit.patience_left += _UPDATE_PATIENCE  # kept up to date, people stay
        self._schedule_walk_out(visit)
        self.facts.record(self.now, "patient_informed_of_delay", "M13", patient=a.patient, update=not first,
                          overdue=max(0, self.now - self._overdue_at(visit)))

    def _do_book_follow_up(self, a: A.BookFollowUp) -> None:
        visit = self._serving(a.patient, "checkout")
        self._need_screen()
        key = self._slot(a.date, a.at, a.doctor)
        self._book(key, a.patient, a.visit_type)
        visit.booked.append(f"follow_up:{key[0]}")
        self.facts.record(self.now, "follow_up_booked", "M14", patient=a.patient, date=key[0],
                          at=format_clock(key[2]), doctor=a.doctor, visit_type=a.visit_type,
                          ordered_type=(visit.orders.follow_up_type or "follow_up") if visit.orders else None,
                          ordered_days=visit.orders.follow_up if visit.orders else None,
                          days_ahead=(dt.date.fromisoformat(key[0]) - self.scenario.date).days)

    def _do_book_test(self, a: A.BookTest) -> None:
        visit = self._serving(a.patient, "checkout")
        self._need_screen()
        visit.booked.append(f"test:{a.test}")
        ordered = bool(visit.orders and a.test in visit.orders.tests)
        self.facts.record(self.now, "test_booked", "M14", patient=a.patient, test=a.test, ordered=ordered)

    def _do_check_out(self, a: A.CheckOut) -> None:
        visit = self._serving(a.patient, "checkout")
        self._queue.cancel(visit.timeout)
        visit.timeout = None
        visit.check_out()
        self.counter.remove(a.patient)
        self.desk.serving = None
        self._visit_machine.remove_model(visit)
        orders = visit.orders
        self.facts.record(self.now, "patient_checked_out", "M14", patient=a.patient,
                          follow_up_ordered=orders.follow_up if orders else None,
                          tests_ordered=list(orders.tests) if orders else [], booked=list(visit.booked))

    # walk-ins

    @staticmethod
    def _script(visit: Visit) -> Any:
        """The walk-in's scenario entry (every visit in state ``walk_in`` has one)."""
        if visit.walk_in is None:
            raise A.ActionError(f"{visit.patient} did not walk in; they have an appointment.")
        return visit.walk_in

    def _do_ask_triage(self, a: A.AskTriage) -> None:
        visit = self._serving(a.patient, "walk_in")
        if a.question not in TRIAGE_QUESTIONS:
            raise A.ActionError(f"Ask one of: {', '.join(TRIAGE_QUESTIONS)}.")
        answer = self._script(visit).answers.get(a.question, "nothing to add")
        visit.triage_asked.append(a.question)
        self.facts.record(self.now, "triage_answer", "M12", patient=a.patient, question=a.question, answer=answer,
                          private=a.private, sensitive=self._script(visit).sensitive)

    def _do_consult_nurse(self, a: A.ConsultNurse) -> None:
        visit = self._visit(a.patient, "walk_in")
        script = self._script(visit)
        flags = list(script.red_flags)
        visit.nurse_decision = "emergency" if flags else "see_today"
        self.facts.record(self.now, "nurse_consulted", "M12", patient=a.patient, private=a.private,
                          decision=visit.nurse_decision, red_flags=flags, sensitive=script.sensitive,
                          questions_asked=sorted(set(visit.triage_asked)))

    def _do_admit_walk_in(self, a: A.AdmitWalkIn) -> None:
        visit = self._serving(a.patient, "walk_in")
        script = self._script(visit)
        visit.admit_walk_in()
        visit.seen_next = visit.nurse_decision == "see_today"  # the nurse's word puts them next in line
        visit.checked_in_at = self.now
        self.counter.remove(a.patient)
        self.desk.serving = None
        self.facts.record(self.now, "walk_in_admitted", "M12", patient=a.patient, nurse_decision=visit.nurse_decision,
                          red_flags=list(script.red_flags))
        self._queue.push(self.now, Priority.DISPATCH, "dispatch", self._doctor_for(visit))

    def _do_send_to_emergency(self, a: A.SendToEmergency) -> None:
        visit = self._serving(a.patient, "walk_in")
        script = self._script(visit)
        visit.refer_to_emergency()
        self._queue.cancel(visit.timeout)
        visit.timeout = None
        if a.patient in self.counter:
            self.counter.remove(a.patient)
        if self.desk.serving == a.patient:
            self.desk.serving = None
        self._visit_machine.remove_model(visit)
        self.facts.record(self.now, "walk_in_sent_to_emergency", "M12", patient=a.patient,
                          nurse_decision=visit.nurse_decision, red_flags=list(script.red_flags))

    # the inbox

    def _document_of(self, doc_id: str, *kinds: str) -> InboxDocument:
        doc = self.inbox.get(doc_id)
        if doc is None:
            raise A.ActionError(f"The inbox has no document {doc_id!r}.")
        if doc.status != "new":
            raise A.ActionError(f"Document {doc_id} is already {doc.status.replace('_', ' ')}.")
        if kinds and doc.script.kind not in kinds:
            raise A.ActionError(f"Document {doc_id} is a {doc.script.kind.replace('_', ' ')}.")
        self._need_screen()
        return doc

    def _do_file_document(self, a: A.FileDocument) -> None:
        doc = self._document_of(a.document)
        if a.patient not in self.charts:
            raise A.ActionError(f"{a.patient!r} has no chart to file to.")
        doc.status = "filed"
        if doc.script.kind == "lab_result" and doc.script.test:
            self.results_on_file[a.patient].add(doc.script.test)
        if doc.script.kind == "medication_list":
            meds = self.patients[doc.script.patient].medications
            self.charts[a.patient]["medications"] = "; ".join(meds) if meds else _EMPTY_LIST["medications"]
        self.facts.record(self.now, "document_filed", "M6", document=doc.id, document_kind=doc.script.kind,
                          filed_to=a.patient, belongs_to=doc.script.patient, test=doc.script.test)

    def _do_queue_renewal(self, a: A.QueueRenewal) -> None:
        doc = self._document_of(a.document, "renewal")
        doc.status = "queued_for_signature"
        self.facts.record(self.now, "renewal_queued", "M6", document=doc.id, patient=doc.script.patient,
                          medication=doc.script.medication)

    def _do_set_aside_referral(self, a: A.SetAsideReferral) -> None:
        doc = self._document_of(a.document, "referral")
        doc.status = "set_aside"
        self.facts.record(self.now, "referral_set_aside", "M10", document=doc.id, patient=doc.script.patient,
                          urgency=doc.script.urgency)

    # the desk

    def _do_lock_screen(self, a: A.LockScreen) -> None:
        if self.desk.screen_locked:
            raise A.ActionError("The screen is already locked.")
        self.desk.screen_locked = True
        self.facts.record(self.now, "screen_locked", "M15" if self.now >= self.scenario.clinic.closes else "M18")

    def _do_unlock_screen(self, a: A.UnlockScreen) -> None:
        if not self.desk.screen_locked:
            raise A.ActionError("The screen is not locked.")
        self.desk.screen_locked = False
        self.facts.record(self.now, "screen_unlocked", "M18")

    def _do_leave_desk(self, a: A.LeaveDesk) -> None:
        self.desk.at_desk = False
        self.facts.record(self.now, "desk_left", "M18", screen_locked=self.desk.screen_locked,
                          patients_at_counter=len(self.counter))

    def _do_return_to_desk(self, a: A.ReturnToDesk) -> None:
        if self.desk.at_desk:
            raise A.ActionError("You are already at the desk.")
        self.desk.at_desk = True
        self.facts.record(self.now, "desk_returned", "M18")


def flatten_changes(changes: dict[str, Any], prefix: str = "") -> dict[str, str]:
    """``{"address": {"city": "X"}}`` → ``{"address.city": "X"}``: the chart's own dotted field names."""
    flat: dict[str, str] = {}
    for key, value in changes.items():
        if isinstance(value, dict):
            flat.update(flatten_changes(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = str(value)
    return flat

