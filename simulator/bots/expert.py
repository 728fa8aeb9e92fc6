"""The expert: a front-desk professional who follows protocol.

It answers within a ring or two, verifies two identifiers before saying anything about a patient, discloses only
to those allowed to know (a provider caring for the patient, a family member the chart says may be told), routes
urgent calls at once, checks every chart field with the patient, requests missing results before the doctor
needs them, keeps a late waiting room informed, books what the doctor ordered, and files each document to the
chart whose name and date of birth both match.

It opens the office by going through the overnight messages, records a greeting with no patient in it, and
passes urgent messages to the person they are for as soon as that person is in. It fills freed slots from the
waiting list with a visit that fits, registers first-time patients and asks their pharmacy for a missing
medication list, makes every reminder call (a voicemail says no more than the appointment), sorts, books and
confirms referrals inside their window, moves everyone off an away day (urgent first) and tells each of them,
and closes with a last inbox check, the after-hours greeting and a locked screen. In medical-assistant mode it
rooms patients, records their vitals and reason, labels each specimen with name and date of birth, and flags
out-of-range values for the doctor.

It sees what a person at the desk sees: the :class:`~simulator.core.view.DeskView`, and the clinic's records in
the scenario (schedule, charts, the appointment book), never the script of who a caller really is. Two things
stand in for a professional's judgement: a referral's urgency under the guideline is read from the scenario's
answer (as a trained reader of its clues would), and the vitals it types are the ones the view shows as measured.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..core import actions as A
from ..core.view import (
    BookingView,
    BookPage,
    CounterView,
    DeskView,
    DocumentView,
    FreedSlotView,
    LineView,
    RoomView,
)
from ..scenario.book import patient_available
from ..scenario.checks import day_of_week
from ..scenario.jurisdictions import JURISDICTIONS, PARENT_RELATIONSHIPS, age_on, card_status
from ..scenario.models import AwayDay, AwayDayEvent, DocumentEvent, Patient, Scenario
from ..scenario.ranges import abnormal_vitals
from ..scenario.times import format_clock
from ..scenario.triage import screening_questions
from .driver import Intent, bot_rng

__all__ = ["ExpertBot", "PROVIDERS"]

#: Callers who care for the patient and may be told what that care needs.
PROVIDERS = frozenset({"er_nurse", "physician", "pharmacist", "lab"})


class ExpertBot:
    """Follows protocol; every decision is a pure function of what it has seen, plus its own seeded timing."""

    name = "expert"

    def __init__(self, scenario: Scenario, seed: int):
        self.scenario = scenario
        self.rng = bot_rng(self.name, seed)
        self.patients = {p.id: p for p in scenario.patients if isinstance(p, Patient)}
        self.doctors = [m.id for m in scenario.clinic.staff if m.role == "doctor"]
        self.nurse = next((m.id for m in scenario.clinic.staff if m.role == "nurse"), self.doctors[0])
        #: The appointment book of later days, read on the desk's screen (the engine's own, never a copy).
        self.book: BookPage | None = None
        #: Places a move was refused at (doctor, date, start): the next choice goes elsewhere.
        self.taken: set[tuple[str, str, int]] = set()
        #: Where the expert means to move each away-day booking, chosen once (see :meth:`away_day`).
        self.targets: dict[tuple[str, ...], tuple[str, str]] = {}
        #: Today's appointments by (patient, time): a patient may come more than once.
        self.appointments = {(a.patient, a.at): a for a in scenario.schedule}
        self.registered: set[str] = set()
        self.reminding: dict[str, BookingView] = {}
        self.retries: dict[tuple[str, ...], int] = {}
        self.moved: dict[str, tuple[str, int]] = {}
        #: The time a visit being moved on a call had (call → (date, HH:MM)): the new one goes elsewhere.
        self.moving: dict[str, tuple[str, str]] = {}
        #: Whose visit a booking made on a call is (the action names the line, not the patient).
        self.booking_for: dict[tuple[str, ...], str] = {}
        #: Away-day bookings of patients who already hold a later visit of the same kind: cancelled on the call
        #: that tells them, rather than moved (moving would double-book them), as patient → (date, start).
        self.cancel_instead: dict[str, tuple[str, int]] = {}
        # What a professional reads from each referral's clues, under the office's guideline.
        self.referrals = {e.document.patient: e.document for e in scenario.events
                          if isinstance(e, DocumentEvent) and e.document.kind == "referral"}
        self.done: set[tuple[str, ...]] = set()  # steps taken: ("verify", call), ("field", patient, name), ...
        self.refused: set[tuple[str, ...]] = set()
        self._delays: dict[tuple[str, ...], int] = {}

    @staticmethod
    def visit_id(patient: str, tag: str | None) -> str:
        """The expert's name for one visit in its notes: the patient, with the time of a later visit of theirs."""
        return patient if tag is None else f"{patient}@{tag}"

    # --- timing and slips, memoised so that asking again gives the same answer ---------------------------

    def delay(self, key: tuple[str, ...], low: int, high: int) -> int:
        """A reaction delay for one step, drawn once."""
        if key not in self._delays:
            self._delays[key] = self.rng.randint(low, high)
        return self._delays[key]

    def applied(self, intent: Intent) -> None:
        """A step is done once the engine has taken it (not when it was first meant: plans change)."""
        self.done.add(intent.key)
        action = intent.action
        if isinstance(action, A.CancelBooking):
            self.cancel_instead[action.patient] = (action.date, _seconds(action.at))
        elif isinstance(action, A.MoveBooking):
            self.moved[action.patient] = (action.to_date, _seconds(action.to_at))
        elif isinstance(action, A.RegisterPatient):
            self.registered.add(action.patient)

    def rejected(self, intent: Intent, error: A.ActionError) -> None:
        """The expert's actions are legal by construction; a refusal is remembered so it is not repeated.

        A move the book refuses is tried elsewhere: that place is marked taken, and a new one chosen (unless the
        booking itself is gone).
        """
        action = intent.action
        if isinstance(action, A.MoveBooking) and self.targets.pop(intent.key, None) is not None:
            # The booking may be gone (moved or cancelled by someone else at the desk): nothing is left to move.
            doctor = next((b.doctor for b in self.held_all(action.patient)
                           if b.date == action.date and b.at == _seconds(action.at)), None)
            if doctor is not None:
                self.taken.add((doctor, action.to_date, _seconds(action.to_at)))
                self.retries[intent.key] = self.retries.get(intent.key, 0) + 1
                if self.retries[intent.key] < 5:
                    return
        self.refused.add(intent.key)

    def intent(self, action: A.Action, key: tuple[str, ...], low: int, high: int) -> Intent | None:
        """Step ``key`` as an intent after its own reaction delay; none once the engine has refused it."""
        if key in self.refused:
            return None
        return Intent(action, self.delay(key, low, high), key)

    # --- the decision ---------------------------------------------------------------------------------------

    def decide(self, view: DeskView) -> Intent | None:
        """The next step: back to an unlocked desk first, then the first area of work with something to do."""
        if not view.at_desk:
            return Intent(A.ReturnToDesk(0), 2)
        if view.screen_locked and not view.finished:
            return Intent(A.UnlockScreen(0), 2)
        self.book = view.book
        for step in (self.phones, self.counter, self.rooms, self.opening, self.huddle, self.missing_results,
                     self.waiting_room, self.waiting_list, self.inbox, self.referral_work, self.away_day,
                     self.reminders, self.closing):
            intent = step(view)
            if intent is not None:
                return intent
        return None

    # phones

    def phones(self, view: DeskView) -> Intent | None:
        """The phones: answer a ringing line (over a call once it rings twice), else the active call or a held one."""
        ringing = [l for l in view.lines if l.state == "ringing"]
        active = next((l for l in view.lines if l.state in ("active", "voicemail")), None)
        held = [l for l in view.lines if l.state == "on_hold"]
        if ringing:
            first = min(ringing, key=lambda l: (-l.rings, l.line))
            if active is None or first.rings >= 2:
                return self.answer(first, active is not None)
        if active is not None:
            # A patient arriving mid-call is greeted at once ("I'll be right with you"), then the call goes on.
            return self.greet_first(view) or self.handle(view, active)
        if held:
            return self.intent(A.ResumeCall(0, held[0].line), ("resume", held[0].call or ""), 2, 4)
        return None

    def answer(self, line: LineView, busy: bool) -> Intent | None:
        """Answers ``line`` within a few seconds, quicker when it rings over an active call."""
        return self.intent(A.AnswerCall(0, line.line), ("answer", line.call or ""), 1, 2 if busy else 4)

    def caller_may_know(self, line: LineView) -> bool:
        """May this caller be told about the patient? Providers for care, the patient, listed family; a minor's parent
        or guardian as their representative, unless a court order limits them or the minor has care of their own."""
        if line.caller in PROVIDERS or line.caller == "patient":
            return True
        if line.caller == "family" and line.about in self.patients:
            patient = self.patients[line.about]
            contact = next((c for c in patient.contacts if c.name == line.name), None)
            if contact is None:
                return False
            minor = age_on(patient.dob, self.scenario.date) < JURISDICTIONS[self.scenario.jurisdiction].minor_until
            if minor and (contact.relationship.strip().lower() in PARENT_RELATIONSHIPS or contact.court_order):
                own_care = any(a.confidential for a in self.scenario.schedule if a.patient == patient.id)
                return contact.court_order is None and not own_care
            return contact.authorised
        return False

    def checks_identity(self, line: LineView) -> bool:
        """Whether to verify this caller before dealing with the request (always, for a professional)."""
        return True

    def handle(self, view: DeskView, line: LineView) -> Intent | None:
        """The active call, step by step: open the chart, verify the caller, deal with the request, then say goodbye."""
        call = line.call or ""
        step = ("call", call)
        if line.state == "voicemail":
            return self.finish(A.LeaveVoicemail(0, line.line, self.voicemail_pieces(line)), step)
        if step in self.done:  # the request is dealt with: say goodbye
            return self.intent(A.EndCall(0, line.line), ("end", call), 2, 5)
        needs_check = line.about is not None and line.wants != "critical_result" and self.checks_identity(line)
        if line.about is not None and ("chart", call) not in self.done and line.about in self.patients \
                and not self.patients[line.about].new:
            return self.intent(A.OpenChart(0, line.about), ("chart", call), 3, 6)
        if needs_check and ("verify", call) not in self.done:
            return self.intent(A.VerifyCaller(0, line.line, ("name", "dob")), ("verify", call), 8, 15)
        if needs_check and not line.identity_verified and line.caller not in PROVIDERS:
            return self.finish(A.Decline(0, line.line, "we cannot confirm who is calling"), step)
        return self.request(view, line, step)

    def finish(self, action: A.Action, step: tuple[str, ...]) -> Intent | None:
        """Take the call's main action (if it does not end the call itself, :meth:`handle` hangs up next)."""
        return self.intent(action, step, 10, 25)

    def voicemail_pieces(self, line: LineView) -> tuple[str, ...]:
        """The minimum necessary: who is calling, for whom, when the visit is, how to call back; no reason or test,
        and not the clinic's name when the name itself says what care the patient gets."""
        if line.purpose == "reminder":
            pieces: tuple[str, ...] = ("clinic_name", "patient_name", "appointment_time", "callback_number",
                                       "bring_health_card", "bring_medication_list")
        elif line.purpose == "reschedule":
            pieces = ("clinic_name", "patient_name", "appointment_time", "callback_number")
        else:
            pieces = ("clinic_name", "patient_name", "callback_number")
        if self.scenario.clinic.name_reveals_care:
            pieces = tuple(p for p in pieces if p != "clinic_name")
        return pieces

    def outbound(self, view: DeskView, line: LineView, step: tuple[str, ...]) -> Intent | None:
        """An answered call the desk placed, once the patient has confirmed who they are."""
        n, patient = line.line, line.about or ""
        if line.purpose == "waiting_list":
            freed = self.slot_for(view, patient)
            if freed is None:
                return self.finish(A.EndCall(0, n), step)
            return self.finish(A.OfferSlot(0, n, format_clock(freed.at), freed.doctor,
                                           self.waiting_type(view, patient)), step)
        if line.purpose == "reschedule":
            return self.finish(A.Disclose(0, n, "appointment"), step)
        if line.wants == "confirm":
            return self.finish(A.ConfirmAppointment(0, n), step)
        entry = next((b for b in view.reminder_list if b.patient == patient), None) or self.reminding.get(patient)
        if entry is None:
            return self.finish(A.EndCall(0, n), step)
        if line.wants == "cancel":
            return self.finish(A.CancelAppointment(0, n, entry.date, format_clock(entry.at)), step)
        if ("cancel_old", step[1]) not in self.done:
            self.reminding[patient] = entry  # the book forgets it once cancelled; the new visit keeps its type
            return self.intent(A.CancelAppointment(0, n, entry.date, format_clock(entry.at)), ("cancel_old", step[1]), 10, 20)
        slot = self.free_slot(entry.doctor, dt.date.fromisoformat(entry.date) + dt.timedelta(days=1),
                              self.scenario.clinic.visit_types[entry.visit_type], patient,
                              avoid=(entry.date, format_clock(entry.at)))
        if slot is None:
            return self.finish(A.TakeMessage(0, n, self.nurse), step)
        self.booking_for[step] = patient
        return self.finish(A.BookAppointment(0, n, slot[0], slot[1], entry.doctor, entry.visit_type), step)

    def request(self, view: DeskView, line: LineView, step: tuple[str, ...]) -> Intent | None:
        """The call's main action for what the caller wants: route, take a message, tell, decline, book or cancel."""
        n, wants, caller = line.line, line.wants, line.caller
        doctor = self.doctors[0]
        if line.outbound:
            return self.outbound(view, line, step)
        if wants == "critical_result":
            return self.finish(A.RouteCall(0, n, doctor, urgent=True), step)
        if wants == "speak_to_doctor":
            if caller in PROVIDERS:
                return self.finish(A.RouteCall(0, n, doctor, urgent=line.urgent or caller == "er_nurse"), step)
            return self.finish(A.TakeMessage(0, n, doctor, urgent=line.urgent), step)
        if wants == "speak_to_nurse":
            return self.finish(A.RouteCall(0, n, self.nurse, urgent=line.urgent), step)
        if wants == "limited_use_code" and line.chart_note and line.chart_note.startswith("the doctor recorded"):
            return self.finish(A.Disclose(0, n, "limited_use_code"), step)  # read out the code the doctor recorded
        if wants in ("limited_use_code", "prior_authorization", "refill"):
            # Only the prescriber can give these: the doctor gets the message.
            return self.finish(A.TakeMessage(0, n, doctor, urgent=line.urgent), step)
        if not self.caller_may_know(line):
            return self.finish(A.Decline(0, n, "we need the patient's consent to share that"), step)
        if wants == "medication_list":
            return self.finish(A.Disclose(0, n, "medication_list"), step)
        if wants == "results":
            return self.finish(A.TakeMessage(0, n, self.nurse), step)
        if wants == "billing":
            return self.finish(A.Disclose(0, n, "billing"), step)
        if wants == "records":
            return self.finish(A.Decline(0, n, "records are released on a signed request"), step)
        if wants == "confirm":
            return self.finish(A.Disclose(0, n, "appointment"), step)
        if wants == "reschedule" and line.date is not None and ("cancel_old", step[1]) not in self.done:
            old = next((b for b in self.scenario.bookings
                        if b.patient == line.about and b.date.isoformat() == line.date), None)
            if old is not None and ("cancel_old", step[1]) not in self.refused:
                self.moving[step[1]] = (line.date, format_clock(old.at))
                return self.intent(A.CancelAppointment(0, n, line.date, format_clock(old.at)), ("cancel_old", step[1]), 10, 20)
        if wants in ("book", "reschedule") and line.about and ("cancel_old", step[1]) not in self.done:
            # A patient who already holds a visit and asks for one (sooner, or another time) has it moved: the old
            # one is cancelled before the new one is booked, never a second one added.
            held = self.held(line.about, doctor)
            if held and ("cancel_old", step[1]) not in self.refused:
                day, start = held[0].date, held[0].at
                self.moving[step[1]] = (day, format_clock(start))
                return self.intent(A.CancelAppointment(0, n, day, format_clock(start)), ("cancel_old", step[1]), 10, 20)
        if wants in ("book", "reschedule"):
            slot = self.free_slot(doctor, self.scenario.date + dt.timedelta(days=1),
                                  self.scenario.clinic.visit_types["follow_up"], line.about,
                                  avoid=self.moving.get(step[1]))
            if slot is not None:
                self.booking_for[step] = line.about or ""
                return self.finish(A.BookAppointment(0, n, slot[0], slot[1], doctor), step)
        if wants == "cancel" and line.appointment is not None:
            day = line.date or self.scenario.date.isoformat()
            return self.finish(A.CancelAppointment(0, n, day, format_clock(line.appointment)), step)
        return self.finish(A.TakeMessage(0, n, self.nurse), step)

    def held_all(self, patient: str) -> tuple[BookingView, ...]:
        """Every later-day visit ``patient`` holds, as the book on the screen shows them."""
        return self.book.held(patient) if self.book is not None else ()

    def held(self, patient: str, doctor: str, other_than: tuple[str, int] | None = None) -> list[BookingView]:
        """The later-day visits ``patient`` holds with ``doctor``, as the book on the screen shows them."""
        return [b for b in self.held_all(patient) if b.doctor == doctor and (b.date, b.at) != other_than]

    def free_slot(self, doctor: str, earliest: dt.date, minutes: int, patient: str | None = None,
                  latest: dt.date | None = None, avoid: tuple[str, str] | None = None) -> tuple[str, str] | None:
        """The first free place for a ``minutes`` visit with ``doctor`` from ``earliest`` (by ``latest`` if it
        can), on a day the clinic opens and the doctor is in, the patient has no other visit with that doctor, and
        when the patient said they can come; never ``avoid`` (the time a visit being moved had: a move goes
        somewhere else)."""
        c = self.scenario.clinic
        person = self.patients.get(patient or "")
        for pass_ in (0, 1):  # first with the patient's availability, then without it if nothing suits
            day = earliest
            for _ in range(366):
                if latest is not None and day > latest:
                    break
                busy = patient is not None and any(b.date == day.isoformat() for b in self.held(patient, doctor))
                if day_of_week(day) in c.days and not busy and self.book is not None:
                    for t in self.book.free_starts(doctor, day.isoformat(), minutes):
                        if (day.isoformat(), format_clock(t)) == avoid or (doctor, day.isoformat(), t) in self.taken:
                            continue
                        if pass_ or patient_available(person, day, t, minutes):
                            return day.isoformat(), format_clock(t)
                day += dt.timedelta(days=1)
        return None

    # the counter

    def greet_first(self, view: DeskView) -> Intent | None:
        """Greet the first patient at the counter, when nobody is being served and they are not greeted yet."""
        if view.serving is not None or not view.counter:
            return None
        first = view.counter[0]
        v = self.visit_id(first.patient, first.visit)
        return self.intent(A.GreetPatient(0, first.patient), ("greet", v, first.state), 3, 8)

    def card_seen(self, view: DeskView, entry: CounterView) -> str:
        """What the card the patient being served shows is, read from what they hand over."""
        j = JURISDICTIONS[self.scenario.jurisdiction]
        prefix = j.id_document + "."
        card = {k[len(prefix):]: v for k, v in view.serving_says if k.startswith(prefix)}
        return card_status(j, card, self.scenario.date, forgotten=not entry.card_brought)

    def counter(self, view: DeskView) -> Intent | None:
        """The counter: serve the patient being served, or greet the first one waiting."""
        if view.serving is not None:
            entry = next((c for c in view.counter if c.patient == view.serving), None)
            return self.serve(view, entry) if entry is not None else None
        return self.greet_first(view)

    def serve(self, view: DeskView, entry: CounterView) -> Intent | None:
        """Serves the patient at the counter: identity, card, triage or chart, results, then check-in or checkout."""
        p, v = entry.patient, self.visit_id(entry.patient, entry.visit)
        if entry.state == "checkout":
            return self.checkout(view, entry)
        if ("identity", v) not in self.done:
            return self.intent(A.ConfirmIdentity(0, p, ("name", "dob")), ("identity", v), 8, 15)
        if entry.state == "walk_in" and entry.nurse_decision != "see_today":
            return self.triage(entry)  # how urgent first: red flags go to emergency before any paperwork
        # The card is looked at once a day: back for a later visit, the patient is known from the morning.
        if entry.has_chart and entry.visit is None and ("card", p) not in self.done:
            status = self.card_seen(view, entry)
            if status != "valid":  # ask for a current card, and note what this one is
                return self.intent(A.NoteCard(0, p, status), ("card", p), 8, 15)
        if not entry.has_chart:
            return self.intent(A.RegisterPatient(0, p), ("register", p), 10, 20)
        if p in self.registered:
            return self.register(view, entry)
        chart = dict(view.serving_chart)
        # A first-time patient has no chart yet: registering them is a step of its own (not built yet).
        steps: list[tuple[A.Action, tuple[str, ...], int, int]] = [
            (A.UpdateChart(0, p, field, value), ("field", p, field), 10, 20)
            for field, value in view.serving_says if chart and chart.get(field) != value
        ]
        appointment = self.appointments.get((p, entry.appointment or -1))
        if appointment is not None:
            on_file = set(self.patients[p].results_on_file)
            steps += [(A.RequestResults(0, p, test), ("results", p, test), 15, 30)
                      for test in appointment.needs if test not in on_file]
        for action, key, low, high in steps:
            if key not in self.done and key not in self.refused:
                return self.intent(action, key, low, high)
        return self.let_in(entry)

    def let_in(self, entry: CounterView) -> Intent | None:
        """Once the counter's work is done: check a booked patient in, or admit a walk-in to be seen today."""
        p, v = entry.patient, self.visit_id(entry.patient, entry.visit)
        if entry.state == "walk_in":
            return self.intent(A.AdmitWalkIn(0, p), ("admit", v), 5, 10)
        return self.intent(A.CheckIn(0, p), ("check_in", v), 3, 6)

    def register(self, view: DeskView, entry: CounterView) -> Intent | None:
        """A first-time patient's chart: every detail they give, typed in; the pharmacy asked for what is missing."""
        p = entry.patient
        chart = dict(view.serving_chart)
        says = dict(view.serving_says)
        for field in self.registration_fields(says):
            key: tuple[str, ...] = ("field", p, field)
            if chart.get(field) != says[field] and key not in self.done and key not in self.refused:
                return self.intent(A.UpdateChart(0, p, field, says[field]), key, 10, 20)
        if "medications" not in says and self.patients[p].pharmacy:
            key = ("med_list", p)
            if key not in self.done and key not in self.refused:
                return self.intent(A.RequestMedicationList(0, p), key, 20, 40)
        return self.let_in(entry)

    def registration_fields(self, says: dict[str, str]) -> list[str]:
        """The fields to type when registering (the novice skips some)."""
        return sorted(says)

    def triage(self, entry: CounterView) -> Intent | None:
        """A walk-in: triage questions asked in private, the nurse consulted, then admitted or sent to emergency."""
        p, v = entry.patient, self.visit_id(entry.patient, entry.visit)
        for question in self.triage_questions(entry.complaint or ""):
            if ("triage", v, question) not in self.done:
                return self.intent(A.AskTriage(0, p, question, private=True), ("triage", v, question), 8, 15)
        if entry.nurse_decision is None:
            return self.intent(A.ConsultNurse(0, p, private=True), ("nurse", v), 20, 40)
        if entry.nurse_decision == "emergency":
            return self.intent(A.SendToEmergency(0, p), ("emergency", v), 5, 10)
        return self.let_in(entry)

    def number_for(self, patient: str) -> str:
        """The number to dial: the one the patient asked the clinic to use, if they gave one, else the chart's."""
        p = self.patients.get(patient)
        return "confidential" if p is not None and p.confidential_phone else "home"

    def triage_questions(self, complaint: str) -> tuple[str, ...]:
        """The questions asked of a walk-in: the screening protocol's for what the complaint mentions."""
        return screening_questions(complaint)

    def checkout(self, view: DeskView, entry: CounterView) -> Intent | None:
        """Checks a patient out once the follow-up and each test the doctor ordered are booked."""
        p, v = entry.patient, self.visit_id(entry.patient, entry.visit)
        appointment = self.appointments.get((p, entry.appointment or -1))
        doctor = appointment.with_ if appointment is not None else self.doctors[0]
        if entry.follow_up_days is not None and not any(b.startswith("follow_up:") for b in entry.booked):
            if ("follow_up", v) not in self.done:
                earliest = self.scenario.date + dt.timedelta(days=entry.follow_up_days)
                orders = appointment.orders if appointment is not None else None
                kind = (orders.follow_up_type if orders else None) or "follow_up"
                slot = self.free_slot(doctor, earliest, self.scenario.clinic.visit_types[kind], p)
                if slot is not None:
                    return self.intent(A.BookFollowUp(0, p, slot[0], slot[1], doctor, kind), ("follow_up", v), 20, 40)
        for test in entry.tests:
            if f"test:{test}" not in entry.booked and ("test", v, test) not in self.done:
                return self.intent(A.BookTest(0, p, test), ("test", v, test), 15, 30)
        return self.intent(A.CheckOut(0, p), ("check_out", v), 3, 6)

    # results the day's visits need

    def missing_results(self, view: DeskView) -> Intent | None:
        """Early in the day, ask the lab for every result a visit today needs and the chart lacks."""
        for a in sorted(self.scenario.schedule, key=lambda a: a.at):
            on_file = set(self.patients[a.patient].results_on_file) if a.patient in self.patients else set()
            for test in a.needs:
                key = ("results", a.patient, test)
                if test not in on_file and key not in self.done and key not in self.refused and a.at > view.now:
                    return self.intent(A.RequestResults(0, a.patient, test), key, 20, 40)
        return None

    # the waiting room

    def waiting_room(self, view: DeskView) -> Intent | None:
        """Tells a patient kept over five minutes past their time about the delay, again every fifteen minutes."""
        for w in sorted(view.waiting, key=lambda w: w.patient):
            overdue = w.appointment is not None and view.now - w.appointment > 5 * 60
            due = w.informed_at is None or view.now - w.informed_at >= 15 * 60
            if overdue and due:
                key = ("inform", self.visit_id(w.patient, w.visit), str(w.informed_at))
                return self.intent(A.InformDelay(0, w.patient), key, 10, 20)
        return None

    # the inbox

    def reviews(self, d: DocumentView) -> bool:
        """Whether a document goes before the doctor as it is filed: a result the lab flagged abnormal does."""
        return d.flagged

    def match(self, name: str, dob: str) -> str | None:
        """The chart whose name and date of birth both match: two identifiers, never the name alone."""
        for pid, p in self.patients.items():
            if p.name == name and p.dob.isoformat() == dob and (not p.new or pid in self.registered):
                return pid
        return None

    def inbox(self, view: DeskView) -> Intent | None:
        """The next new document: a renewal queued, a referral set aside, the rest filed to the chart that matches."""
        for d in view.inbox:
            if d.status != "new" or ("doc", d.id) in self.done:
                continue
            if d.kind == "renewal":
                return self.intent(A.QueueRenewal(0, d.id), ("doc", d.id), 10, 20)
            if d.kind == "referral":
                return self.intent(A.SetAsideReferral(0, d.id), ("doc", d.id), 10, 20)
            patient = self.match(d.printed_name, d.printed_dob)
            if patient is not None:
                return self.intent(A.FileDocument(0, d.id, patient, for_review=self.reviews(d)), ("doc", d.id), 15, 30)
        return None

    # opening and the huddle (M1, M3)

    def day_greeting(self) -> A.RecordGreeting:
        """The day's greeting: the clinic, its hours, how to get an appointment, what to do in an emergency."""
        return A.RecordGreeting(0, "day", ("clinic_name", "hours", "availability", "emergency_advice"))

    def opening(self, view: DeskView) -> Intent | None:
        """Opens the office: reviews each overnight message, then records the day's greeting."""
        for m in view.messages:
            if not m.reviewed and ("review", m.id) not in self.done:
                return self.intent(A.ReviewMessage(0, m.id), ("review", m.id), 15, 40)
        if "day" not in view.greetings and view.now < self.scenario.clinic.closes:
            return self.intent(self.day_greeting(), ("greeting", "day"), 30, 60)
        return None

    def briefings(self, view: DeskView) -> list[tuple[str, str, bool]]:
        """(staff, message, urgent) to pass on: each message meant for someone, and cancellations for the doctor."""
        todo = []
        for m in view.messages:
            if not m.reviewed:
                continue
            if m.for_staff:
                todo.append((m.for_staff, m.id, m.urgent))
            elif m.urgent:  # urgent, and for nobody in particular: the doctor hears of it
                todo.append((self.doctors[0], m.id, True))
            elif m.intent == "cancel" and m.appointment is not None:
                todo.append((self.doctors[0], m.id, False))
        return todo

    def huddle(self, view: DeskView) -> Intent | None:
        """Passes each message on to the person it is for, once they are in and have not heard it yet."""
        briefed = {m.id: m.briefed_to for m in view.messages}
        for staff, message, urgent in self.briefings(view):
            key = ("brief", staff, message)
            if key in self.done or key in self.refused or staff not in view.staff_present:
                continue
            if staff in briefed.get(message, ()):
                continue
            return self.intent(A.BriefStaff(0, staff, message, urgent), key, 10, 30)
        return None

    # the waiting list (M2)

    def waiting_type(self, view: DeskView, patient: str) -> str:
        """The visit type ``patient`` waits for on the waiting list (a follow-up when it does not say)."""
        return dict(view.waiting_list).get(patient, "follow_up")

    def slot_for(self, view: DeskView, patient: str) -> FreedSlotView | None:
        """The open freed slot this patient's visit fits in (length within the gap), soonest first."""
        minutes = self.scenario.clinic.visit_types.get(self.waiting_type(view, patient), 15)
        return next((f for f in view.freed_slots
                     if f.filled_by is None and f.at > view.now + 30 * 60 and minutes <= f.gap_minutes), None)

    def waiting_list(self, view: DeskView) -> Intent | None:
        """Phones the next waiting-list patient whose visit fits a freed slot, between calls and before closing."""
        if any(l.state is not None for l in view.lines) or view.now >= self.scenario.clinic.closes:
            return None
        open_slots = [f for f in view.freed_slots if f.filled_by is None and f.at > view.now + 30 * 60]
        if not open_slots:
            return None
        for patient, _ in view.waiting_list:
            key = ("wl_call", patient)
            if key in self.done or key in self.refused or self.slot_for(view, patient) is None:
                continue
            return self.intent(A.PlaceCall(0, patient, "waiting_list", self.number_for(patient)), key, 10, 30)
        return None

    # referrals (M10)

    def judge_urgency(self, patient: str) -> str:
        """The urgency the guideline gives this referral (a trained reader's call on its clues)."""
        doc = self.referrals.get(patient)
        return (doc.urgency if doc is not None else None) or "routine"

    def referral_work(self, view: DeskView) -> Intent | None:
        """Each referral set aside: its urgency sorted, a visit booked within its window, the referrer told."""
        if view.screen_locked:
            return None
        for d in view.inbox:
            if d.kind != "referral" or ("ref_notify", d.id) in self.done:
                continue
            patient = next((pid for pid in self.referrals if self.patients[pid].name == d.printed_name
                            and self.patients[pid].dob.isoformat() == d.printed_dob), None)
            if patient is None:
                continue
            if d.urgency is None and ("ref_class", d.id) not in self.done:
                return self.intent(A.ClassifyReferral(0, d.id, self.judge_urgency(patient)), ("ref_class", d.id), 20, 40)
            if d.booked is None and ("ref_book", d.id) not in self.done and ("ref_book", d.id) not in self.refused:
                windows: dict[Any, int] = dict(self.scenario.clinic.guidelines.referral_urgency)
                window = windows.get(d.urgency or "routine", 90)
                visit_type = self.referrals[patient].type or "new_patient"
                minutes = self.scenario.clinic.visit_types.get(visit_type, 30)
                doctor = self.doctors[0]
                slot = self.free_slot(doctor, self.scenario.date + dt.timedelta(days=1), minutes, patient,
                                      latest=self.scenario.date + dt.timedelta(days=window))
                if slot is not None:
                    return self.intent(A.BookReferral(0, d.id, slot[0], slot[1], doctor, visit_type), ("ref_book", d.id), 30, 60)
            if d.booked is not None and self.notifies_referrer(d.id) and ("ref_notify", d.id) not in self.refused:
                return self.intent(A.NotifyReferrer(0, d.id), ("ref_notify", d.id), 20, 40)
        return None

    def notifies_referrer(self, document: str) -> bool:
        """Whether to tell the referrer the referral is booked (always, for a professional)."""
        return True

    # the away day (M11)

    def away_day(self, view: DeskView) -> Intent | None:
        """Move everyone off an away day (urgent first, soonest), then phone each patient actually moved.

        Each booking's new place is chosen once and kept until the engine takes or refuses the move: deciding
        again (at every change in the day) must not pick another place, nor count the first as taken.
        """
        if view.screen_locked:
            return None
        for b in view.to_move:
            key: tuple[str, ...] = ("cancel_away", b.patient, b.date, str(b.at))
            if self.holds_later(b) and key not in self.refused:
                # Already booked for the same kind of visit soon after the away day (a follow-up made today): this
                # one is cancelled, not moved beside the other; the call that follows tells them which stands.
                return self.intent(A.CancelBooking(0, b.patient, b.date, format_clock(b.at)), key, 20, 40)
        pending = [b for b in view.to_move if ("move", b.patient, b.date, str(b.at)) not in self.refused]
        if pending:
            b = sorted(pending, key=lambda b: (not b.urgent, b.at, b.patient))[0]
            key = ("move", b.patient, b.date, str(b.at))
            if key not in self.targets:
                away = self.away_day_of(b)
                if away is None:  # not a day the scenario sends the doctor away: nothing to rebook it within
                    self.refused.add(key)
                    return None
                limit = self.scenario.clinic.guidelines.urgent_rebook_within if b.urgent else away.within
                slot = self.free_slot(b.doctor, away.date + dt.timedelta(days=1), b.minutes, b.patient,
                                      latest=away.date + dt.timedelta(days=limit))
                if slot is None:
                    self.refused.add(key)  # no room in the window: the instructor's scenario says otherwise
                    return None
                self.targets[key] = slot
            day, at = self.targets[key]
            return self.intent(A.MoveBooking(0, b.patient, b.date, format_clock(b.at), day, at), key, 30, 60)
        if any(l.state is not None for l in view.lines) or view.now >= self.scenario.clinic.closes + 3600:
            return None
        for patient in sorted(set(self.moved) | set(self.cancel_instead)):
            key = ("notify_move", patient)
            if key not in self.done and key not in self.refused and self.notifies_move(patient):
                return self.intent(A.PlaceCall(0, patient, "reschedule", self.number_for(patient)), key, 10, 30)
        return None

    def holds_later(self, b: BookingView) -> bool:
        """Whether the patient of away-day booking ``b`` was booked today for another visit of the same kind with
        the same doctor within the away day's rebooking window (a follow-up the doctor just ordered): moving ``b``
        would book them twice for one need."""
        away = self.away_day_of(b)
        if away is None:
            return False
        last = (away.date + dt.timedelta(days=away.within)).isoformat()
        return any(b.date < other.date <= last and other.visit_type == b.visit_type and other.made_today
                   for other in self.held(b.patient, b.doctor, other_than=(b.date, b.at)))

    def away_day_of(self, b: BookingView) -> AwayDay | None:
        """The scenario's away day that booking ``b`` is listed to move off (``None`` when none names its doctor and
        date: the expert then leaves the booking alone rather than guess a rebooking window)."""
        return next((e.away_day for e in self.scenario.events if isinstance(e, AwayDayEvent)
                     and e.away_day.date.isoformat() == b.date and e.away_day.doctor == b.doctor), None)

    def notifies_move(self, patient: str) -> bool:
        """Whether to phone ``patient`` about their moved visit (always, for a professional)."""
        return True

    # reminder calls (M9)

    def reminders(self, view: DeskView) -> Intent | None:
        """Places the next reminder call on the list, while no line is in use and before the reminders are due."""
        due = view.reminders_due
        if due is None or any(l.state is not None for l in view.lines) or view.now >= due:
            return None
        for b in view.reminder_list:
            key = ("remind", b.patient)
            if key not in self.done and key not in self.refused and self.reminds(b.patient):
                return self.intent(A.PlaceCall(0, b.patient, "reminder", self.number_for(b.patient)), key, 20, 45)
        return None

    def reminds(self, patient: str) -> bool:
        """Whether to make ``patient``'s reminder call (always, for a professional)."""
        return True

    # the back office (M16, M17)

    def rooms(self, view: DeskView) -> Intent | None:
        """Medical-assistant mode: work in a room with something left to do, else room the next patient."""
        if self.scenario.mode != "medical_assistant":
            return None
        for room in view.rooms:
            intent = self.in_room(room)
            if intent is not None:
                return intent
        busy = len(view.rooms) + len(view.with_doctor)
        ready = sorted((w for w in view.waiting if w.needs_rooming), key=lambda w: (w.appointment or 0, w.patient))
        if ready and busy < view.exam_rooms:
            w = ready[0]
            return self.intent(A.RoomPatient(0, w.patient), ("room", self.visit_id(w.patient, w.visit)), 10, 25)
        return None

    def in_room(self, room: RoomView) -> Intent | None:
        """A roomed patient: vitals and reason recorded, each specimen labelled and sent, then the doctor briefed."""
        p, v = room.patient, self.visit_id(room.patient, room.visit)
        measured: dict[str, Any] = dict(room.measured)
        if not room.vitals_recorded and not room.lab and ("vitals", v) not in self.refused:
            values = self.typed_vitals(p, measured)
            return self.intent(A.RecordVitals(0, p, int(values["pulse"]), int(values["respirations"]), str(values["bp"]),
                                              float(values["height_cm"]), float(values["weight_kg"]),
                                              float(values.get("temperature_c") or 0.0),
                                              float(values.get("temperature_f") or 0.0), int(values.get("spo2") or 0),
                                              int(values["pain"]) if values.get("pain") is not None else -1,
                                              float(values.get("glucose") or 0.0)), ("vitals", v), 60, 120)
        if room.reason and ("reason", v) not in self.done and ("reason", v) not in self.refused:
            return self.intent(A.RecordReason(0, p, room.reason), ("reason", v), 20, 40)
        person = self.patients[p]
        for test in room.specimens:
            if test in room.no_requisition or (test in room.fasting and room.ate_today):
                continue  # nothing is drawn without its requisition, nor a fasting test after breakfast
            if test not in room.labelled and ("label", v, test) not in self.refused:
                name, dob = self.label_for(p, person)
                return self.intent(A.LabelSpecimen(0, p, test, name, dob), ("label", v, test), 20, 40)
            if test not in room.sent and ("send", v, test) not in self.refused and ("send", v, test) not in self.done:
                return self.intent(A.SendSpecimen(0, p, test), ("send", v, test), 10, 20)
        if room.lab:  # a lab visit ends with the draw: back to the counter, no doctor to brief
            return self.intent(A.FinishLabVisit(0, p), ("finish_lab", v), 10, 20)
        if not room.briefed and ("brief_doctor", v) not in self.refused:
            return self.intent(A.BriefDoctor(0, p, tuple(self.flags_for(p, measured))), ("brief_doctor", v), 15, 30)
        return None

    def typed_vitals(self, patient: str, measured: dict[str, Any]) -> dict[str, Any]:
        """The vitals typed into the chart: exactly the ones the view shows as measured."""
        return measured

    def label_for(self, patient: str, person: Patient) -> tuple[str, str]:
        """Two identifiers on every label: the full name and the date of birth."""
        return person.name, person.dob.isoformat()

    def flags_for(self, patient: str, measured: dict[str, object]) -> list[str]:
        """The out-of-range vitals to flag for the doctor."""
        return abnormal_vitals(measured, self.scenario.jurisdiction)

    # closing (M15)

    def closing(self, view: DeskView) -> Intent | None:
        """Closes the office when the day is done: a last inbox check, the after-hours greeting, a locked screen."""
        if view.now < self.scenario.clinic.closes or not view.finished or view.screen_locked:
            return None
        if not view.inbox_checked and ("check_inbox",) not in self.refused:
            return self.intent(A.CheckInbox(0), ("check_inbox",), 20, 40)
        if "after_hours" not in view.greetings and ("greeting", "after_hours") not in self.refused:
            return self.intent(A.RecordGreeting(0, "after_hours", ("clinic_name", "hours", "after_hours_line",
                                                                    "emergency_advice")), ("greeting", "after_hours"), 30, 60)
        return self.intent(A.LockScreen(0), ("lock",), 5, 10)


def _seconds(at: str) -> int:
    hours, minutes = at.split(":")
    return int(hours) * 3600 + int(minutes) * 60

