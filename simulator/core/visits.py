"""Today's visits (M4, M5, M8, M12, M13, M14): patients arriving, waiting and losing patience, walk-ins triaged,
check-in and checkout at the counter, and today's schedule with the slots cancellations free.

Each visit follows the visit machine of :mod:`simulator.core.machines` (``arrived`` → ``waiting`` →
``in_exam_room`` → ``checkout`` → ``checked_out``, with walk-ins, no-shows and patients who leave). Patience is
a budget drawn when the day is planned and used up faster once a patient is overdue; telling them about the
delay slows it down. Which doctor sees whom, and when, is :class:`~simulator.core.staff.Staff`'s business.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any, Callable

from ..scenario.jurisdictions import CARD_STATUSES, JURISDICTIONS, card_status
from ..scenario.models import TRIAGE_QUESTIONS, Appointment, Arrival, WalkIn
from ..scenario.times import format_clock
from ..scenario.visits import visit_tags
from . import actions as A
from .appointments import Appointments
from .clock import Priority
from .desk import Desk
from .frame import Frame
from .happenings import Dispatch, NoShow, PatientArrives, PatientGivesUp, ResultsArrive, ScenarioEvent
from .machines import VISIT_STATE_WORDS, visit_machine
from .records import Records
from .view import CounterView, FreedSlotView
from .world import Visit

__all__ = ["Visits", "ACTIVE_VISIT"]

#: The states of a visit whose patient is in the clinic.
ACTIVE_VISIT = ("arrived", "arrived_late", "walk_in", "waiting", "roomed", "in_exam_room", "checkout")
#: A waiting patient can be given news of the delay again after this long, and each update buys patience.
_UPDATE_EVERY = 15 * 60
_UPDATE_PATIENCE = 15 * 60
#: How much longer a lab asked by fax (no phone number on file) takes to send results than one asked by phone.
_FAX_EXTRA = 30 * 60
#: A booked patient who never comes is marked a no-show this long after their time.
_NO_SHOW_AFTER = 30 * 60
#: A patient due for another visit while still in the clinic for an earlier one comes to the counter for it once
#: the earlier one is over; until then the desk looks again this often.
_NEXT_VISIT_AFTER = 5 * 60

#: One visit's dice: patience (seconds), visit-length factor, and patience at checkout (seconds).
VisitDice = tuple[float, float, int]


class Visits:
    """Every visit of today, the patients' patience, and the slots freed on today's schedule.

    A patient may have several visits today (:mod:`simulator.scenario.visits`); ``visits`` holds each patient's
    current one (the one in the clinic, or the next to come), which is the one the desk's actions name.
    """

    def __init__(self, frame: Frame, desk: Desk, records: Records, appointments: Appointments):
        self.frame = frame
        self.desk = desk
        self.records = records
        self.appointments = appointments
        #: Each patient's current visit.
        self.visits: dict[str, Visit] = {}
        #: Every visit of each patient today, in the order they were planned or came.
        self.day: dict[str, list[Visit]] = {}
        self._machine = visit_machine()
        self._arrival_entries: dict[tuple[str, int], Any] = {}
        #: Each visit's dice, drawn when the day is planned: ("booked", patient, time), ("walk_in", patient, event)
        #: or ("waiting", patient) → dice.
        self.dice: dict[tuple[Any, ...], VisitDice] = {}
        self._tags = visit_tags(frame.scenario)
        #: Today's slots freed by a cancellation: (doctor, start) → what was there, and who fills it.
        self.freed: dict[tuple[str, int], dict[str, Any]] = {}
        self._doctors = tuple(m.id for m in frame.clinic.staff if m.role == "doctor")

    def actions(self) -> dict[str, Callable[[Any], None]]:
        """The actions this part of the day takes, by action type."""
        return {"greet_patient": self._do_greet_patient, "confirm_identity": self._do_confirm_identity,
                "note_card": self._do_note_card, "register_patient": self._do_register_patient,
                "check_in": self._do_check_in, "request_results": self._do_request_results,
                "inform_delay": self._do_inform_delay, "book_follow_up": self._do_book_follow_up,
                "book_test": self._do_book_test, "check_out": self._do_check_out, "ask_triage": self._do_ask_triage,
                "consult_nurse": self._do_consult_nurse, "admit_walk_in": self._do_admit_walk_in,
                "send_to_emergency": self._do_send_to_emergency}

    def happenings(self) -> dict[type, Callable[[Any], None]]:
        """The queued happenings this part of the day handles, by type."""
        return {PatientArrives: self._arrive, PatientGivesUp: self._patient_gives_up, NoShow: self._no_show}

    def view(self) -> dict[str, Any]:
        """The counter (who is there, what the one being served says, their chart), every visit's state for the
        schedule, and the slots cancellations freed today."""
        serving = self.desk.serving
        counter = []
        for patient in self.desk.counter:
            visit = self.visits[patient]
            orders = visit.orders if visit.state == "checkout" else None
            counter.append(CounterView(patient, visit.state, visit.at_counter_since,
                                       visit.appointment.at if visit.appointment else None, visit.nurse_decision,
                                       orders.follow_up if orders else None, tuple(orders.tests) if orders else (),
                                       tuple(visit.booked), patient in self.records.charts, not visit.forgot_card,
                                       visit.tag, visit.walk_in.complaint if visit.walk_in else None,
                                       tuple((q, self._triage_answer(visit, q)) for q in dict.fromkeys(visit.triage_asked))
                                       if visit.walk_in else ()))
        return {
            "counter": tuple(counter),
            "serving_says": tuple(sorted(self.records.stated_details(serving).items())) if serving else (),
            "serving_chart": tuple(sorted(self.records.charts.get(serving, {}).items())) if serving else (),
            "serving_results": tuple(sorted(self.records.results_on_file.get(serving, ())))
            if serving and serving in self.records.charts else (),
            "visit_states": tuple((v.patient, v.appointment.at if v.appointment else None, v.state)
                                  for v in self.all()),
            "freed_slots": tuple(FreedSlotView(doctor, at, f["minutes"], f["type"], self.gap_minutes(doctor, at),
                                               f["filled_by"]) for (doctor, at), f in sorted(self.freed.items())),
        }

    # --- the plan ------------------------------------------------------------------------------------------

    @staticmethod
    def draw(rng: Any) -> VisitDice:
        """One visit's dice, from the day's random source."""
        return float(rng.randint(45, 75) * 60), rng.uniform(0.9, 1.15), rng.randint(15, 25) * 60

    def schedule_arrival(self, appointment: Appointment, at: int | None) -> None:
        """A booked visit of today: it exists from the start; the patient comes at ``at`` (``None``: the scenario
        says when, or they never come)."""
        p = appointment.patient
        visit = self._add(Visit(p, appointment=appointment, tag=self._tags.get((p, appointment.at)),
                                dice=self.dice[("booked", p, appointment.at)]))
        current = self.visits.get(p)
        if current is None or (current.appointment is not None and current.appointment.at > appointment.at):
            self.visits[p] = visit  # before anyone comes, a patient's current visit is their first
        if appointment.no_show:
            self.frame.schedule(appointment.at + _NO_SHOW_AFTER, Priority.TIMEOUT, NoShow(p, appointment.at))
        if at is not None:
            self._arrival_entries[(p, appointment.at)] = self.frame.schedule(
                max(at, self.frame.start), Priority.SCENARIO, PatientArrives(p, at=appointment.at))

    def add_booked(self, appointment: Appointment, arrive: int) -> None:
        """A visit booked into today during the day (a freed slot filled): the patient comes at ``arrive``."""
        p = appointment.patient
        earlier = self.day.get(p, [])
        dice = self.dice.get(("waiting", p)) or earlier[0].dice
        visit = self._add(Visit(p, appointment=appointment, tag=format_clock(appointment.at) if earlier else None,
                                dice=dice))
        if p not in self.visits or self.visits[p].state not in ACTIVE_VISIT:
            self.visits[p] = visit
        self._arrival_entries[(p, appointment.at)] = self.frame.schedule(
            arrive, Priority.SCENARIO, PatientArrives(p, at=appointment.at))

    def _add(self, visit: Visit) -> Visit:
        self.day.setdefault(visit.patient, []).append(visit)
        return visit

    def all(self) -> list[Visit]:
        """Every visit of today, of every patient."""
        return [v for visits in self.day.values() for v in visits]

    def _booked(self, patient: str, at: int | None) -> Visit | None:
        """``patient``'s booked visit at ``at`` (``None``: the first of theirs that has not happened yet)."""
        visits = sorted((v for v in self.day.get(patient, ()) if v.appointment is not None),
                        key=lambda v: v.appointment.at if v.appointment is not None else 0)
        if at is None:
            return next((v for v in visits if v.state == "scheduled"), None)
        return next((v for v in visits if v.appointment is not None and v.appointment.at == at), None)

    def _still_here(self, patient: str, visit: Visit | None = None) -> bool:
        """Whether ``patient`` is in the clinic for a visit (other than ``visit``)."""
        current = self.visits.get(patient)
        return current is not None and current is not visit and current.state in ACTIVE_VISIT

    # --- who is where --------------------------------------------------------------------------------------

    def in_clinic(self) -> list[str]:
        """Patients still in the clinic, sorted."""
        return sorted(v.patient for v in self.visits.values() if v.state in ACTIVE_VISIT)

    def get(self, patient: str, *states: str) -> Visit:
        """``patient``'s visit, in one of ``states`` if any are given; refused in words otherwise."""
        visit = self.visits.get(patient)
        name = self.frame.patient_name(patient)
        if visit is None:
            raise A.ActionError(f"{name} has no visit today.")
        if states and visit.state not in states:
            raise A.ActionError(f"{name} {VISIT_STATE_WORDS[visit.state]}.")
        return visit

    def serving(self, patient: str, *states: str) -> Visit:
        """The visit of the patient being served at the counter; refused in words when it is someone else."""
        visit = self.get(patient, *states)
        if self.desk.serving != patient:
            raise A.ActionError(f"Greet {self.frame.patient_name(patient)} at the counter first.")
        return visit

    def doctor_for(self, visit: Visit) -> str | None:
        """The doctor who sees ``visit``: the booked one, the one a walk-in was sent to, or ``None`` for a walk-in
        in the shared queue (whichever doctor is free first sees them)."""
        if visit.appointment is not None:
            return visit.appointment.with_
        if visit.walk_in is not None and visit.walk_in.doctor is not None:
            return visit.walk_in.doctor
        return None if len(self._doctors) > 1 else self._doctors[0]

    def seen_by(self, visit: Visit, doctor: str) -> bool:
        """Whether ``doctor`` may see ``visit``: theirs, or a walk-in from the shared queue."""
        return self.doctor_for(visit) in (doctor, None)

    def dispatch(self, visit: Visit, at: int | None = None) -> None:
        """Tell the doctor of ``visit`` (every doctor, for the shared queue) that someone is ready at ``at`` (now)."""
        doctor = self.doctor_for(visit)
        for who in (doctor,) if doctor is not None else self._doctors:
            if who not in self._doctors:
                continue  # a lab visit: the medical assistant (the trainee) sees them, not a doctor
            self.frame.schedule(self.frame.now if at is None else at, Priority.DISPATCH, Dispatch(who))

    def overdue_at(self, visit: Visit) -> int:
        """When the patient of ``visit`` is overdue: their appointment, or half an hour after a walk-in came."""
        if visit.appointment is not None:
            return visit.appointment.at
        return (visit.arrived_at or self.frame.now) + 30 * 60

    def gap_minutes(self, doctor: str, at: int) -> int:
        """Minutes from ``at`` until the doctor's next visit still on today's schedule (or closing)."""
        later = [v.appointment.at for v in self.all()
                 if v.appointment is not None and v.appointment.with_ == doctor and v.appointment.at > at
                 and v.state not in ("cancelled",)]
        return (min(later, default=self.frame.clinic.closes) - at) // 60

    def card_shown(self, patient: str) -> str:
        """What the card ``patient`` shows at the counter is (one of ``CARD_STATUSES``), from what they state."""
        j = JURISDICTIONS[self.frame.scenario.jurisdiction]
        prefix = j.id_document + "."
        card = {k[len(prefix):]: v for k, v in self.records.stated_details(patient).items() if k.startswith(prefix)}
        visit = self.visits.get(patient)
        return card_status(j, card, self.frame.scenario.date, forgotten=bool(visit and visit.forgot_card))

    # --- arrivals, walk-ins and cancellations --------------------------------------------------------------

    def arrival(self, body: Arrival) -> None:
        """The scenario's own arrival event: the patient comes now, saying what changed."""
        changes = (body.changes.model_dump(mode="json", by_alias=True, exclude_none=True, exclude_defaults=True)
                   if body.changes else {})
        visit = self._booked(body.patient, None)
        self._arrive(PatientArrives(body.patient, changes, body.forgot_card,
                                    visit.appointment.at if visit is not None and visit.appointment else None))

    def _arrive(self, h: PatientArrives) -> None:
        patient = h.patient
        visit = self._booked(patient, h.at)
        if visit is None or visit.state != "scheduled" or visit.appointment is None:
            self._arrival_entries.pop((patient, h.at or -1), None)
            return  # cancelled before they came, or already here
        if self._still_here(patient, visit):  # still here for an earlier visit: they come for this one after it
            self._arrival_entries[(patient, visit.appointment.at)] = self.frame.schedule(
                self.frame.now + _NEXT_VISIT_AFTER, Priority.SCENARIO, h)
            return
        self._arrival_entries.pop((patient, visit.appointment.at), None)
        self.visits[patient] = visit
        late = self.frame.now > visit.appointment.at
        self._machine.add_model(visit, initial="arrived_late" if late else "arrived")
        visit.arrived_at = visit.at_counter_since = self.frame.now
        self.records.presents(patient, h.changes)
        visit.forgot_card = h.forgot_card
        self.desk.step_up(patient)
        self._start_patience(visit)
        self.frame.record("patient_arrived", "M4", patient=patient, **visit.mark,
                          appointment=format_clock(visit.appointment.at), late=late, changed=sorted(self.records.changed_fields(patient)),
                          forgot_card=h.forgot_card, new_patient=patient not in self.records.charts)

    def walk_in(self, script: WalkIn, index: int) -> None:
        """A patient comes in without an appointment (the scenario's event ``index``)."""
        if any(v.event == index for v in self.day.get(script.patient, ())):
            return  # came in already
        if self._still_here(script.patient):  # in the clinic for another visit: comes in for this one after it
            self.frame.schedule(self.frame.now + _NEXT_VISIT_AFTER, Priority.SCENARIO, ScenarioEvent(index))
            return
        at = self.frame.scenario.events[index].at
        visit = self._add(Visit(script.patient, walk_in=script, tag=self._tags.get((script.patient, at)), event=index,
                                dice=self.dice[("walk_in", script.patient, index)]))
        self.visits[script.patient] = visit
        self._machine.add_model(visit, initial="walk_in")
        visit.arrived_at = visit.at_counter_since = self.frame.now
        visit.forgot_card = script.forgot_card
        if script.changes is not None:
            self.records.presents(script.patient, script.changes.model_dump(
                mode="json", by_alias=True, exclude_none=True, exclude_defaults=True))
        self.desk.step_up(script.patient)
        self._start_patience(visit)
        # What a walk-in brings to the desk besides the complaint: a changed chart, a missing card, no chart at all
        # (only said when there is something to say, so that plain walk-ins keep their facts).
        papers = {"changed": sorted(self.records.changed_fields(script.patient)), "forgot_card": script.forgot_card,
                  "new_patient": script.patient not in self.records.charts}
        self.frame.record("walk_in_arrived", "M12", patient=script.patient, **visit.mark, complaint=script.complaint,
                          sensitive=script.sensitive, event=index,
                          **(papers if any(papers.values()) else {}))

    def _no_show(self, h: NoShow) -> None:
        visit = self._booked(h.patient, h.at)
        if visit is not None and visit.state == "scheduled" and visit.appointment is not None:
            visit.state = "no_show"  # a model joins its machine on arrival; this visit never arrives
            self.frame.record("patient_no_show", "M4", patient=h.patient, **visit.mark,
                              appointment=format_clock(visit.appointment.at))

    def cancel_today(self, visit: Visit, mechanic: str) -> None:
        """A booked visit today is cancelled: the patient will not come, and the slot is free for someone else."""
        appointment = visit.appointment
        assert appointment is not None
        visit.state = "cancelled"
        self.frame.cancel(self._arrival_entries.pop((visit.patient, appointment.at), None))
        self.frame.record("visit_cancelled", mechanic, patient=visit.patient, **visit.mark,
                          appointment=format_clock(appointment.at))
        minutes = self.frame.scenario.visit_length(appointment)
        self.freed[(appointment.with_, appointment.at)] = {"patient": visit.patient, "type": appointment.type,
                                                         "minutes": minutes, "filled_by": None}
        self.frame.record("slot_freed", "M2", doctor=appointment.with_, at=format_clock(appointment.at),
                          minutes=minutes, visit_type=appointment.type,
                          gap_minutes=self.gap_minutes(appointment.with_, appointment.at))

    def cancellable_today(self, patient: str | None, seconds: int) -> Visit | None:
        """``patient``'s visit booked today at ``seconds`` that has not happened yet, if there is one."""
        visit = self._booked(patient or "", seconds)
        return visit if visit is not None and visit.state == "scheduled" else None

    # --- patience --------------------------------------------------------------------------------------------

    def _start_patience(self, visit: Visit) -> None:
        visit.patience_left = visit.dice[0]
        visit.patience_since = self.frame.now
        self._schedule_walk_out(visit)

    @staticmethod
    def _rates(visit: Visit) -> tuple[float, float]:
        """How fast patience drains before and after the patient is overdue; slower once they are told why."""
        return (0.25, 0.5) if visit.informed else (1.0, 1.5)

    def _consume(self, visit: Visit) -> None:
        """Use up patience from ``patience_since`` to now at the rates that held over that time."""
        before, after = self._rates(visit)
        overdue = self.overdue_at(visit)
        t0, t1 = visit.patience_since, self.frame.now
        split = min(max(overdue, t0), t1)
        visit.patience_left -= (split - t0) * before + (t1 - split) * after
        visit.patience_since = t1

    def _schedule_walk_out(self, visit: Visit) -> None:
        self.frame.cancel(visit.timeout)
        before, after = self._rates(visit)
        overdue = self.overdue_at(visit)
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
        visit.timeout = self.frame.schedule(deadline, Priority.TIMEOUT, PatientGivesUp(visit.patient))

    def _patient_gives_up(self, h: PatientGivesUp) -> None:
        patient = h.patient
        visit = self.visits[patient]
        before = visit.state
        if before == "checkout":
            visit.leave_at_checkout()
        else:
            visit.walk_out()
        visit.timeout = None
        self.desk.step_away(patient)
        self._machine.remove_model(visit)
        if before == "checkout":
            self.frame.record("patient_left_before_checkout", "M14", patient=patient, **visit.mark, booked=list(visit.booked))
        else:
            self.frame.record("patient_left_without_visit", "M13", patient=patient, **visit.mark, state_before=before,
                              waited=self.frame.now - (visit.arrived_at or self.frame.now), informed=visit.informed)

    # --- the doctor's part, done by Staff ---------------------------------------------------------------------

    def call_in(self, visit: Visit, doctor: str, rooming: dict[str, Any]) -> int:
        """The doctor calls ``visit``'s patient in; returns how many seconds the visit will take."""
        now = self.frame.now
        self.frame.cancel(visit.timeout)
        visit.timeout = None
        visit.call_in()
        self.frame.record("patient_called_in", "M13", patient=visit.patient, **visit.mark, doctor=doctor,
                          waited=now - (visit.checked_in_at or now), overdue=max(0, now - self.overdue_at(visit)),
                          **rooming)
        if visit.appointment is not None:
            missing = [n for n in visit.appointment.needs if n not in self.records.results_on_file[visit.patient]]
            if missing:
                self.frame.record("results_missing_at_visit", "M5", patient=visit.patient, **visit.mark, missing=missing)
            minutes = self.frame.scenario.visit_length(visit.appointment) + visit.appointment.overrun
        else:
            minutes = self.frame.clinic.visit_types.get("urgent", 15)
        return int(minutes * 60 * visit.dice[1])

    def seen(self, patient: str, doctor: str) -> None:
        """The doctor is done with ``patient``: they come to the counter for checkout with the doctor's orders."""
        visit = self.visits[patient]
        visit.finish_visit()
        orders = visit.appointment.orders if visit.appointment is not None else None
        visit.orders = orders
        self.desk.step_up(visit.patient)
        # Nobody waits at the checkout counter forever: after a quarter of an hour or so they go home.
        visit.timeout = self.frame.schedule(self.frame.now + visit.dice[2], Priority.TIMEOUT,
                                            PatientGivesUp(visit.patient))
        visit.at_counter_since = self.frame.now
        self.frame.record("visit_ended", "M14", patient=visit.patient, **visit.mark, doctor=doctor,
                          follow_up_days=orders.follow_up if orders else None,
                          tests=list(orders.tests) if orders else [])

    # --- the counter -----------------------------------------------------------------------------------------

    def _do_greet_patient(self, a: A.GreetPatient) -> None:
        visit = self.get(a.patient, "arrived", "arrived_late", "walk_in", "checkout")
        if a.patient not in self.desk.counter:
            raise A.ActionError(f"{self.frame.patient_name(a.patient)} is not at the counter.")
        if self.desk.serving not in (None, a.patient):
            raise A.ActionError(f"You are still serving {self.frame.patient_name(self.desk.serving or '')}.")
        self.desk.serving = a.patient
        stage = "checkout" if visit.state == "checkout" else "arrival"
        mechanic = "M14" if stage == "checkout" else ("M12" if visit.walk_in else "M4")
        self.frame.record("patient_greeted", mechanic, patient=a.patient, **visit.mark, stage=stage,
                          waited=self.frame.now - visit.at_counter_since)

    def _do_confirm_identity(self, a: A.ConfirmIdentity) -> None:
        visit = self.serving(a.patient)
        asked = sorted(set(a.identifiers))
        if not asked or any(i not in A.IDENTIFIERS for i in asked):
            raise A.ActionError(f"Ask for identifiers among: {', '.join(A.IDENTIFIERS)}.")
        visit.identifiers_confirmed = tuple(sorted(set(visit.identifiers_confirmed) | set(asked)))
        self.frame.record("identity_confirmed", "M4", patient=a.patient, **visit.mark, identifiers=asked)

    def _do_note_card(self, a: A.NoteCard) -> None:
        visit = self.serving(a.patient, "arrived", "arrived_late", "walk_in")
        if a.status not in CARD_STATUSES:
            raise A.ActionError(f"A card is one of: {', '.join(CARD_STATUSES)}.")
        self.frame.record("card_noted", "M4", patient=a.patient, **visit.mark, status=a.status, card=self.card_shown(a.patient))

    def _do_register_patient(self, a: A.RegisterPatient) -> None:
        self.serving(a.patient, "arrived", "arrived_late", "walk_in")
        if a.patient in self.records.charts:
            raise A.ActionError(f"{self.frame.patient_name(a.patient)} already has a chart.")
        self.desk.need_screen()
        self.records.register(a.patient)
        self.frame.record("chart_created", "M8", patient=a.patient)

    def _do_check_in(self, a: A.CheckIn) -> None:
        visit = self.serving(a.patient, "arrived", "arrived_late")
        self.desk.need_screen()
        late = visit.state == "arrived_late"
        visit.check_in()
        visit.checked_in_at = self.frame.now
        self.desk.step_away(a.patient)
        registered = a.patient in self.records.registered
        self.frame.record("patient_checked_in", "M8" if registered else "M4",
                          patient=a.patient, **visit.mark, identifiers_confirmed=list(visit.identifiers_confirmed),
                          fields_updated=self.records.edited_since(a.patient, visit.arrived_at or 0), late=late,
                          registered=registered, has_chart=a.patient in self.records.charts)
        self.dispatch(visit)

    def _do_request_results(self, a: A.RequestResults) -> None:
        if a.patient not in self.frame.patients:
            raise A.ActionError(f"No patient has the id {a.patient!r}.")
        self.desk.need_screen()
        visit = self.visits.get(a.patient)
        needed = bool(visit and visit.appointment and a.test in visit.appointment.needs)
        # The lab has the results already; sending them over takes a few minutes on the phone. A lab with no phone
        # number on file is asked by fax, and its answer takes half an hour more.
        lab = next((d for d in self.frame.scenario.directory if d.kind == "lab"), None)
        by_fax = lab is not None and lab.phone is None
        self.frame.schedule(self.frame.now + self.records.lab_delay[a.patient] + (_FAX_EXTRA if by_fax else 0),
                            Priority.FINISH, ResultsArrive(a.patient, a.test))
        self.frame.record("results_requested", "M5", patient=a.patient, test=a.test, needed_today=needed,
                          **({"by": "fax"} if by_fax else {}))

    def _do_inform_delay(self, a: A.InformDelay) -> None:
        visit = self.get(a.patient, "waiting", "arrived", "arrived_late")
        now = self.frame.now
        if visit.informed_at is not None and now - visit.informed_at < _UPDATE_EVERY:
            minutes = (now - visit.informed_at) // 60
            raise A.ActionError(f"You told {self.frame.patient_name(a.patient)} about the delay {minutes} minutes ago.")
        self._consume(visit)
        first = not visit.informed
        visit.informed = True
        visit.informed_at = now
        if not first:
            visit.patience_left += _UPDATE_PATIENCE  # kept up to date, people stay
        self._schedule_walk_out(visit)
        self.frame.record("patient_informed_of_delay", "M13", patient=a.patient, **visit.mark, update=not first,
                          overdue=max(0, now - self.overdue_at(visit)))

    def _do_book_follow_up(self, a: A.BookFollowUp) -> None:
        visit = self.serving(a.patient, "checkout")
        self.desk.need_screen()
        key = self.appointments.slot(a.date, a.at, a.doctor)
        self.appointments.book(key, a.patient, a.visit_type)
        visit.booked.append(f"follow_up:{key[0]}")
        self.frame.record("follow_up_booked", "M14", patient=a.patient, **visit.mark, date=key[0],
                          at=format_clock(key[2]), doctor=a.doctor, visit_type=a.visit_type,
                          ordered_type=(visit.orders.follow_up_type or "follow_up") if visit.orders else None,
                          ordered_days=visit.orders.follow_up if visit.orders else None,
                          days_ahead=(dt.date.fromisoformat(key[0]) - self.frame.scenario.date).days)

    def _do_book_test(self, a: A.BookTest) -> None:
        visit = self.serving(a.patient, "checkout")
        self.desk.need_screen()
        visit.booked.append(f"test:{a.test}")
        ordered = bool(visit.orders and a.test in visit.orders.tests)
        self.frame.record("test_booked", "M14", patient=a.patient, **visit.mark, test=a.test, ordered=ordered)

    def _do_check_out(self, a: A.CheckOut) -> None:
        visit = self.serving(a.patient, "checkout")
        self.frame.cancel(visit.timeout)
        visit.timeout = None
        visit.check_out()
        self.desk.step_away(a.patient)
        self._machine.remove_model(visit)
        orders = visit.orders
        self.frame.record("patient_checked_out", "M14", patient=a.patient, **visit.mark,
                          follow_up_ordered=orders.follow_up if orders else None,
                          tests_ordered=list(orders.tests) if orders else [], booked=list(visit.booked))

    # --- walk-ins ------------------------------------------------------------------------------------------

    @staticmethod
    def _script(visit: Visit) -> WalkIn:
        """The walk-in's scenario entry (every visit in state ``walk_in`` has one)."""
        if visit.walk_in is None:
            raise A.ActionError(f"{visit.patient} did not walk in; they have an appointment.")
        return visit.walk_in

    def _do_ask_triage(self, a: A.AskTriage) -> None:
        visit = self.serving(a.patient, "walk_in")
        if a.question not in TRIAGE_QUESTIONS:
            raise A.ActionError(f"Ask one of: {', '.join(TRIAGE_QUESTIONS)}.")
        answer = self._triage_answer(visit, a.question)
        visit.triage_asked.append(a.question)
        self.frame.record("triage_answer", "M12", patient=a.patient, **visit.mark, question=a.question, answer=answer,
                          private=a.private, sensitive=self._script(visit).sensitive)

    def _triage_answer(self, visit: Visit, question: str) -> str:
        """What a walk-in answers to a triage ``question``, in their words ("nothing to add" when the scenario gives
        no answer)."""
        return next((said for asked, said in self._script(visit).answers.items() if asked == question),
                    "nothing to add")

    def _do_consult_nurse(self, a: A.ConsultNurse) -> None:
        visit = self.get(a.patient, "walk_in")
        script = self._script(visit)
        flags = list(script.red_flags)
        # The nurse decides on what the desk heard: a red flag only the right question brings out is missed when
        # nobody asked it.
        heard = not script.revealed_by or any(q in visit.triage_asked for q in script.revealed_by)
        visit.nurse_decision = "emergency" if flags and heard else "see_today"
        self.frame.record("nurse_consulted", "M12", patient=a.patient, **visit.mark, private=a.private,
                          decision=visit.nurse_decision, red_flags=flags, sensitive=script.sensitive,
                          questions_asked=sorted(set(visit.triage_asked)),
                          **({"revealed_by": list(script.revealed_by)} if script.revealed_by else {}))

    def _do_admit_walk_in(self, a: A.AdmitWalkIn) -> None:
        visit = self.serving(a.patient, "walk_in")
        script = self._script(visit)
        visit.admit_walk_in()
        visit.seen_next = visit.nurse_decision == "see_today"  # the nurse's word puts them next in line
        visit.checked_in_at = self.frame.now
        self.desk.step_away(a.patient)
        self.frame.record("walk_in_admitted", "M12", patient=a.patient, **visit.mark, nurse_decision=visit.nurse_decision,
                          red_flags=list(script.red_flags))
        self.dispatch(visit)

    def _do_send_to_emergency(self, a: A.SendToEmergency) -> None:
        visit = self.serving(a.patient, "walk_in")
        script = self._script(visit)
        visit.refer_to_emergency()
        self.frame.cancel(visit.timeout)
        visit.timeout = None
        self.desk.step_away(a.patient)
        self._machine.remove_model(visit)
        self.frame.record("walk_in_sent_to_emergency", "M12", patient=a.patient, **visit.mark,
                          nurse_decision=visit.nurse_decision, red_flags=list(script.red_flags))
