"""The phone lines (M7, M18): calls ringing, answered, held and put through, callers verified, and what the desk
says to each caller about a patient.

A caller lets the phone ring for a while (their patience, drawn when the day is planned), holds for a budget of
patience across every hold, and hangs up when left with nothing said for too long. About half of those who give
up while it rings leave a voicemail. Facts record what was said and to whom, with what the grader needs to judge
it (whether the caller was verified, listed on the chart, authorised); never whether it was right.
"""

from __future__ import annotations

import random
from typing import Any, Callable

from ..scenario.jurisdictions import JURISDICTIONS, PARENT_RELATIONSHIPS, age_on
from ..scenario.models import Call as CallScript
from ..scenario.models import Message
from ..scenario.times import format_clock
from . import actions as A
from .answers import caller_answer
from .appointments import Appointments
from .clock import Priority
from .desk import Desk
from .frame import Frame
from .happenings import CallerHangsUp, CallGivesUp
from .machines import CALL_STATE_WORDS, call_machine
from .office import Office
from .records import Records
from .staff import Staff
from .view import LineView
from .visits import Visits
from .world import Call

__all__ = ["Phones"]

#: Seconds a caller lets the phone ring before hanging up, by caller kind (then varied by ±25%).
_RING_PATIENCE = {"patient": 60, "family": 60, "pharmacist": 90, "er_nurse": 120, "physician": 90, "lab": 120,
                  "insurer": 60, "unknown": 45}
#: A caller on an answered line hangs up after this long with nothing said to them (the trainee walked away).
SILENCE_LIMIT = 3 * 60


class Phones:
    """The lines and every call of the day on them."""

    def __init__(self, frame: Frame, desk: Desk, records: Records, appointments: Appointments, visits: Visits,
                 staff: Staff, office: Office):
        self.frame = frame
        self.desk = desk
        self.records = records
        self.appointments = appointments
        self.visits = visits
        self.staff = staff
        self.office = office
        self.calls: dict[str, Call] = {}
        #: Each line's call id, or ``None`` when the line is quiet.
        self.lines: list[str | None] = [None] * frame.clinic.phone_lines
        self._machine = call_machine()
        #: Each scenario call's dice, by event index: ring patience, hold patience, leaves a voicemail.
        self.dice: dict[int, tuple[int, int, bool]] = {}
        self._doctor = next(m.id for m in frame.clinic.staff if m.role == "doctor")
        self._nurse = next((m.id for m in frame.clinic.staff if m.role == "nurse"), self._doctor)

    def actions(self) -> dict[str, Callable[[Any], None]]:
        """The actions this part of the day takes, by action type."""
        return {"answer_call": self._do_answer_call, "hold_call": self._do_hold_call,
                "resume_call": self._do_resume_call, "verify_caller": self._do_verify_caller,
                "disclose": self._do_disclose, "decline": self._do_decline, "route_call": self._do_route_call,
                "take_message": self._do_take_message, "book_appointment": self._do_book_appointment,
                "cancel_appointment": self._do_cancel_appointment, "open_chart": self._do_open_chart,
                "end_call": self._do_end_call}

    def happenings(self) -> dict[type, Callable[[Any], None]]:
        """The queued happenings this part of the day handles, by type."""
        return {CallGivesUp: self._call_gives_up, CallerHangsUp: self._caller_hangs_up}

    def view(self) -> dict[str, Any]:
        """The phone lines as the desk shows them."""
        lines = []
        for index, call_id in enumerate(self.lines):
            call = self.calls.get(call_id) if call_id else None
            if call is None:
                lines.append(LineView(index + 1, None, None, None, None, None, None, False, 0, False, None, None))
                continue
            s = call.script
            lines.append(LineView(index + 1, call.id, call.state, s.caller, s.name, s.about, s.wants, s.urgent,
                                  call.rings(self.frame.now), call.verified, s.date.isoformat() if s.date else None,
                                  s.appointment, call.outbound, call.purpose, _chart_note(call), s.text,
                                  self._answers(call), self._chart(call)))
        return {"lines": tuple(lines)}

    def _answers(self, call: Call) -> tuple[tuple[str, str], ...]:
        """What the caller said to each identifier asked, in the order of :data:`~simulator.core.actions.IDENTIFIERS`."""
        if not call.identifiers_asked:
            return ()
        s = call.script
        stated = self.records.stated_details(s.about) if s.about in self.records.patients else {}
        return tuple((i, caller_answer(call.id, s.verification, i, stated, s.name, self.frame.scenario.jurisdiction))
                     for i in A.IDENTIFIERS if i in call.identifiers_asked)

    def _chart(self, call: Call) -> tuple[tuple[str, str], ...]:
        """The chart the desk opened during the call (whichever it picked), as it reads now."""
        opened = call.chart_opened
        if opened is None or opened not in self.records.charts:
            return ()
        return tuple(sorted(self.records.charts[opened].items()))

    def draw(self, index: int, script: CallScript, rng: random.Random) -> None:
        """Draw the dice of the scenario's call ``index`` when the day is planned."""
        ring = script.patience * 60 if script.patience is not None else round(
            _RING_PATIENCE[script.caller] * rng.uniform(0.75, 1.25))
        self.dice[index] = (ring, rng.randint(60, 150), rng.random() < 0.5)

    # --- the lines ---------------------------------------------------------------------------------------

    def free_lines(self) -> list[int]:
        """The quiet lines, by number."""
        return [i + 1 for i, c in enumerate(self.lines) if c is None]

    def live(self) -> list[str]:
        """Calls still on a line, sorted."""
        return sorted(c for c in self.lines if c)

    def active(self) -> Call | None:
        """The call the trainee is talking on, if any."""
        return next((self.calls[c] for c in self.lines if c and self.calls[c].state == "active"), None)

    def call_on(self, line: int, *states: str) -> Call:
        """The call on ``line``, in one of ``states`` if any are given; refused in words otherwise."""
        if not 1 <= line <= len(self.lines):
            raise A.ActionError(f"There is no line {line}; this desk has {len(self.lines)}.")
        call_id = self.lines[line - 1]
        if call_id is None:
            raise A.ActionError(f"Line {line} is quiet: no call is on it.")
        call = self.calls[call_id]
        if states and call.state not in states:
            raise A.ActionError(f"The call on line {line} {CALL_STATE_WORDS[call.state]}.")
        return call

    def connect(self, call: Call, initial: str) -> None:
        """Put ``call`` on its line, in state ``initial``."""
        self.calls[call.id] = call
        self._machine.add_model(call, initial=initial)
        self.lines[call.line - 1] = call.id

    def next_id(self) -> str:
        """The id the next call of the day gets."""
        return f"C{len(self.calls) + 1}"

    def ring(self, script: CallScript, index: int) -> None:
        """The scenario's call ``index`` rings on a free line (or gets a busy signal)."""
        now = self.frame.now
        free = self.free_lines()
        if not free:
            self.frame.record("call_got_busy_signal", "M7", event=index, caller=script.caller, about=script.about)
            return
        line = script.line if script.line in free else free[0]
        ring, hold, voicemail = self.dice[index]
        call = Call(self.next_id(), script, line, now, hold_left=hold, leaves_voicemail=voicemail)
        self.connect(call, "ringing")
        call.timeout = self.frame.schedule(now + ring, Priority.TIMEOUT, CallGivesUp(call.id))
        self.frame.record("call_rang", "M7", call=call.id, line=line, event=index, caller=script.caller,
                          name=script.name, about=script.about, wants=script.wants, urgent=script.urgent)

    def _caller_message(self, s: CallScript) -> Message:
        """What a caller who gave up says on the voicemail: their request, for whoever must act on it (the doctor
        for what only the prescriber or the doctor can answer, the nurse for results)."""
        doctor, nurse = self._doctor, self._nurse
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

    def _call_gives_up(self, h: CallGivesUp) -> None:
        call = self.calls[h.call]
        now = self.frame.now
        before = call.state
        call.timeout = None  # this very entry: already off the queue
        call.give_up()
        self._close_line(call)
        self.frame.record("call_abandoned", call.mechanic, call=call.id, line=call.line, state_before=before,
                          rings=call.rings(now) if before == "ringing" else None,
                          waited=now - (call.held_since or 0 if before == "on_hold" else call.rang_at))
        # Half of those with something to ask leave a message when the line goes to voicemail; the rest hang up.
        if before == "ringing" and call.script.caller != "unknown" and call.leaves_voicemail:
            s = call.script
            self.frame.record("voicemail_left", "M7", call=call.id, caller=s.caller, name=s.name,
                              about=s.about, wants=s.wants, urgent=s.urgent)
            self.office.receive("voicemail", self._caller_message(s), None, call=call.id)

    def _close_line(self, call: Call) -> None:
        self.frame.cancel(call.timeout)
        call.timeout = None
        self.lines[call.line - 1] = None
        self._machine.remove_model(call)

    def hold_active(self, except_call: Call | None = None) -> None:
        """Put the call being talked on on hold (the trainee picks up another line)."""
        for call_id in self.lines:
            call = self.calls.get(call_id) if call_id else None
            if call is not None and call is not except_call and call.state == "active":
                self._put_on_hold(call, automatic=True)

    def _put_on_hold(self, call: Call, automatic: bool = False) -> None:
        now = self.frame.now
        call.hold()
        call.held_since = now
        self.frame.cancel(call.timeout)
        # One budget of patience on hold per call, used up across every hold: holding and resuming buys no time.
        call.timeout = self.frame.schedule(now + max(call.hold_left, 1), Priority.TIMEOUT, CallGivesUp(call.id))
        self.frame.record("call_held", "M7", call=call.id, line=call.line, automatic=automatic,
                          hold_patience_left=call.hold_left)

    def listen(self, call: Call) -> None:
        """The trainee is talking with an answered caller: the caller stays on the line a while longer."""
        self.frame.cancel(call.timeout)
        call.timeout = self.frame.schedule(self.frame.now + SILENCE_LIMIT, Priority.TIMEOUT, CallerHangsUp(call.id))

    def after_action(self, action: A.Action) -> None:
        """Anything done on a line keeps its answered caller there."""
        line = getattr(action, "line", None)
        call = self.calls.get(self.lines[line - 1] or "") if isinstance(line, int) and 1 <= line <= len(self.lines) else None
        if call is not None and call.state == "active":
            self.listen(call)

    def _caller_hangs_up(self, h: CallerHangsUp) -> None:
        call = self.calls[h.call]
        call.timeout = None  # this very entry: already off the queue
        self.end(call)
        self.frame.record("caller_hung_up", call.mechanic, call=call.id, line=call.line, silent_for=SILENCE_LIMIT,
                          handled=call.handled)

    def _consent(self, call: Call) -> dict[str, Any]:
        """What the scenario and the chart say about this caller, as neutral facts; judging them is the grader's.

        About a minor (younger than the jurisdiction's age of consent), also: whether the caller is listed as their
        parent or guardian with no court order limiting them (their default representative), and whether the
        minor has care of their own today that the law keeps from their parents.
        """
        s = call.script
        patient = self.frame.patients.get(s.about or "")
        contacts = patient.contacts if patient is not None else ()
        listed = next((c for c in contacts if s.name and c.name == s.name), None)
        facts: dict[str, Any] = {"authorised": s.authorised, "listed_contact": listed is not None,
                                 "contact_authorised": listed.authorised if listed else None}
        j = JURISDICTIONS[self.frame.scenario.jurisdiction]
        if patient is not None and age_on(patient.dob, self.frame.scenario.date) < j.minor_until:
            parent = listed is not None and listed.relationship.strip().lower() in PARENT_RELATIONSHIPS
            facts.update(minor=True, representative=parent and listed is not None and listed.court_order is None,
                         court_order=listed.court_order if listed is not None else None,
                         confidential_care=any(a.confidential for a in self.frame.scenario.schedule
                                               if a.patient == patient.id))
        return facts

    def end(self, call: Call) -> None:
        """Hang up ``call`` and free its line."""
        call.hang_up()
        self._close_line(call)

    # --- actions -----------------------------------------------------------------------------------------

    def _do_answer_call(self, a: A.AnswerCall) -> None:
        call = self.call_on(a.line, "ringing")
        now = self.frame.now
        self.hold_active()
        self.frame.cancel(call.timeout)
        call.timeout = None
        call.answer()
        call.answered_at = now
        self.listen(call)
        self.frame.record("call_answered", "M7", call=call.id, line=call.line, rings=call.rings(now),
                          waited=now - call.rang_at)

    def _do_hold_call(self, a: A.HoldCall) -> None:
        self._put_on_hold(self.call_on(a.line, "active"))

    def _do_resume_call(self, a: A.ResumeCall) -> None:
        call = self.call_on(a.line, "on_hold")
        now = self.frame.now
        self.hold_active(except_call=call)
        self.frame.cancel(call.timeout)
        call.timeout = None
        call.hold_left -= now - (call.held_since or now)
        call.resume()
        self.listen(call)
        self.frame.record("call_resumed", "M7", call=call.id, line=call.line, held_for=now - (call.held_since or now))

    def _do_verify_caller(self, a: A.VerifyCaller) -> None:
        call = self.call_on(a.line, "active")
        asked = tuple(sorted(set(a.identifiers)))
        unknown = [i for i in asked if i not in A.IDENTIFIERS]
        if not asked or unknown:
            raise A.ActionError(f"Ask for identifiers among: {', '.join(A.IDENTIFIERS)}.")
        answer = call.script.verification
        call.identifiers_asked = tuple(sorted(set(call.identifiers_asked) | set(asked)))
        call.verified = call.verified or (answer == "correct" and len(call.identifiers_asked) >= 2)
        self.frame.record("caller_verification", "M18", call=call.id, identifiers=list(asked), answer=answer,
                          identity_verified=call.verified)

    def _do_disclose(self, a: A.Disclose) -> None:
        call = self.call_on(a.line, "active")
        if a.item not in A.DISCLOSABLE:
            raise A.ActionError(f"Say one of: {', '.join(A.DISCLOSABLE)}.")
        if call.script.about is None:
            raise A.ActionError("This call is not about a particular patient.")
        self.desk.need_screen()
        call.handled = True
        s = call.script
        self.frame.record("disclosure", "M18", call=call.id, item=a.item, about=s.about, channel="phone",
                          caller=s.caller, name=s.name, relationship=s.relationship, impostor=s.impostor,
                          identity_verified=call.verified, identifiers=list(call.identifiers_asked), wants=s.wants,
                          purpose=call.purpose, code_on_chart=s.code_on_chart, **self._consent(call))

    def _do_decline(self, a: A.Decline) -> None:
        call = self.call_on(a.line, "active")
        call.handled = True
        s = call.script
        self.frame.record("request_declined", "M18", call=call.id, wants=s.wants, about=s.about,
                          caller=s.caller, name=s.name, relationship=s.relationship, impostor=s.impostor,
                          identity_verified=call.verified, reason=a.reason, **self._consent(call))

    def _do_route_call(self, a: A.RouteCall) -> None:
        call = self.call_on(a.line, "active", "on_hold")
        role = self.staff.member(a.to).role
        s = call.script
        self.end(call)
        self.frame.record("call_routed", "M7", call=call.id, to=a.to, role=role, urgent=a.urgent,
                          wants=s.wants, caller=s.caller, about=s.about, identity_verified=call.verified)

    def _do_take_message(self, a: A.TakeMessage) -> None:
        call = self.call_on(a.line, "active")
        role = self.staff.member(a.to).role
        s = call.script
        self.end(call)
        self.frame.record("message_taken", "M7", call=call.id, to=a.to, role=role, urgent=a.urgent,
                          wants=s.wants, caller=s.caller, about=s.about)

    def _do_book_appointment(self, a: A.BookAppointment) -> None:
        call = self.call_on(a.line, "active")
        if call.script.about is None:
            raise A.ActionError("This call is not about a particular patient.")
        self.desk.need_screen()
        key = self.appointments.slot(a.date, a.at, a.doctor)
        self.appointments.book(key, call.script.about, a.visit_type)
        call.handled = True
        self.frame.record("appointment_booked", call.mechanic, call=call.id, patient=call.script.about, date=key[0],
                          at=format_clock(key[2]), doctor=a.doctor, visit_type=a.visit_type, wants=call.script.wants,
                          identity_verified=call.verified)

    def _do_cancel_appointment(self, a: A.CancelAppointment) -> None:
        call = self.call_on(a.line, "active")
        patient = call.script.about
        day, seconds = A.typed_date_time(a.date, a.at)
        self.desk.need_screen()
        key = self.appointments.ledger.find(patient or "", day, seconds)
        today = self.visits.cancellable_today(patient, seconds) if day == self.frame.scenario.date.isoformat() else None
        if key is None and today is None:
            raise A.ActionError("That patient has no appointment then.")
        if key is not None:
            self.appointments.unbook(key)
        call.handled = True
        self.frame.record("appointment_cancelled", call.mechanic, call=call.id, patient=patient, date=day,
                          at=format_clock(seconds), identity_verified=call.verified)
        if today is not None:
            self.visits.cancel_today(today, call.mechanic)

    def _do_open_chart(self, a: A.OpenChart) -> None:
        if a.patient not in self.records.charts:
            raise A.ActionError(f"No chart has the id {a.patient!r}.")
        self.desk.need_screen()
        active = self.active()
        if active is not None:
            active.chart_opened = a.patient
            active.chart_seen = active.chart_seen or active.script.about == a.patient
        self.frame.record("chart_opened", "M18", patient=a.patient,
                          call=active.id if active else None, call_about=active.script.about if active else None,
                          serving=self.desk.serving)

    def _do_end_call(self, a: A.EndCall) -> None:
        call = self.call_on(a.line, "active", "on_hold", "voicemail")
        self.end(call)
        self.frame.record("call_ended", call.mechanic, call=call.id, line=call.line, handled=call.handled,
                          talk_time=self.frame.now - (call.answered_at or self.frame.now))


def _chart_note(call: Call) -> str | None:
    """What the chart, open during ``call``, shows that bears on its request, as a plain fact of the chart: whether
    the doctor recorded a Limited Use code; that no prior authorization is on it. (What to do about it is the
    desk's to know; only the tutorial's help says it.)"""
    if not call.chart_seen:
        return None
    wants = call.script.wants
    if wants == "limited_use_code":
        return ("the doctor recorded a Limited Use code on the chart" if call.script.code_on_chart
                else "no Limited Use code is recorded on the chart")
    if wants == "prior_authorization":
        return "no prior authorization is on the chart"
    return None
