"""The expert: a front-desk professional who follows protocol.

It answers within a ring or two, verifies two identifiers before saying anything about a patient, discloses only
to those allowed to know (a provider caring for the patient, a family member the chart says may be told), routes
urgent calls at once, checks every chart field with the patient, requests missing results before the doctor
needs them, keeps a late waiting room informed, books what the doctor ordered, and files each document to the
chart whose name and date of birth both match.

It sees what a person at the desk sees: the :class:`~simulator.core.view.DeskView`, and the clinic's records in
the scenario (schedule, charts, the appointment book), never the script of who a caller really is.
"""

from __future__ import annotations

import datetime as dt

from ..core import actions as A
from ..core.view import CounterView, DeskView, LineView
from ..scenario.checks import day_of_week
from ..scenario.models import Patient, Scenario
from ..scenario.times import format_clock
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
        self.booked: set[tuple[str, str, str]] = {
            (b.date.isoformat(), b.with_, format_clock(b.at)) for b in scenario.bookings
        }
        self.appointments = {a.patient: a for a in scenario.schedule}
        self.done: set[tuple[str, ...]] = set()  # steps taken: ("verify", call), ("field", patient, name), ...
        self.refused: set[tuple[str, ...]] = set()
        self._delays: dict[tuple[str, ...], int] = {}

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
        if isinstance(action, (A.BookAppointment, A.BookFollowUp)):
            self.booked.add((action.date, action.doctor, action.at))

    def rejected(self, intent: Intent, error: A.ActionError) -> None:
        """The expert's actions are legal by construction; a refusal is remembered so it is not repeated."""
        self.refused.add(intent.key)

    def intent(self, action: A.Action, key: tuple[str, ...], low: int, high: int) -> Intent | None:
        if key in self.refused:
            return None
        return Intent(action, self.delay(key, low, high), key)

    # --- the decision ---------------------------------------------------------------------------------------

    def decide(self, view: DeskView) -> Intent | None:
        if not view.at_desk:
            return Intent(A.ReturnToDesk(0), 2)
        if view.screen_locked and not view.finished:
            return Intent(A.UnlockScreen(0), 2)
        for step in (self.phones, self.counter, self.missing_results, self.waiting_room, self.inbox, self.closing):
            intent = step(view)
            if intent is not None:
                return intent
        return None

    # phones

    def phones(self, view: DeskView) -> Intent | None:
        ringing = [l for l in view.lines if l.state == "ringing"]
        active = next((l for l in view.lines if l.state == "active"), None)
        held = [l for l in view.lines if l.state == "on_hold"]
        if ringing:
            first = min(ringing, key=lambda l: (-l.rings, l.line))
            if active is None or first.rings >= 2:
                return self.answer(first, active is not None)
        if active is not None:
            return self.handle(view, active)
        if held:
            return self.intent(A.ResumeCall(0, held[0].line), ("resume", held[0].call or ""), 2, 4)
        return None

    def answer(self, line: LineView, busy: bool) -> Intent | None:
        return self.intent(A.AnswerCall(0, line.line), ("answer", line.call or ""), 1, 2 if busy else 4)

    def caller_may_know(self, line: LineView) -> bool:
        """May this caller be told about the patient? Providers for care, the patient, listed family."""
        if line.caller in PROVIDERS or line.caller == "patient":
            return True
        if line.caller == "family" and line.about in self.patients:
            return any(c.name == line.name and c.authorised for c in self.patients[line.about].contacts)
        return False

    def checks_identity(self, line: LineView) -> bool:
        """Whether to verify this caller before dealing with the request (always, for a professional)."""
        return True

    def handle(self, view: DeskView, line: LineView) -> Intent | None:
        call = line.call or ""
        step = ("call", call)
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

    def request(self, view: DeskView, line: LineView, step: tuple[str, ...]) -> Intent | None:
        n, wants, caller = line.line, line.wants, line.caller
        doctor = self.doctors[0]
        if wants == "critical_result":
            return self.finish(A.RouteCall(0, n, doctor, urgent=True), step)
        if wants == "speak_to_doctor":
            if caller in PROVIDERS:
                return self.finish(A.RouteCall(0, n, doctor, urgent=line.urgent or caller == "er_nurse"), step)
            return self.finish(A.TakeMessage(0, n, doctor, urgent=line.urgent), step)
        if wants == "speak_to_nurse":
            return self.finish(A.RouteCall(0, n, self.nurse, urgent=line.urgent), step)
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
                return self.intent(A.CancelAppointment(0, n, line.date, format_clock(old.at)), ("cancel_old", step[1]), 10, 20)
        if wants in ("book", "reschedule"):
            day, at = self.free_slot(doctor, self.scenario.date + dt.timedelta(days=1))
            return self.finish(A.BookAppointment(0, n, day, at, doctor), step)
        if wants == "cancel" and line.appointment is not None:
            day = line.date or self.scenario.date.isoformat()
            return self.finish(A.CancelAppointment(0, n, day, format_clock(line.appointment)), step)
        return self.finish(A.TakeMessage(0, n, self.nurse), step)

    def free_slot(self, doctor: str, earliest: dt.date) -> tuple[str, str]:
        """The first open slot with ``doctor`` on or after ``earliest``, on a day the clinic opens."""
        c = self.scenario.clinic
        day = earliest
        for _ in range(366):
            if day_of_week(day) in c.days:
                t = max(c.opens, 9 * 3600)
                while t + c.slot_minutes * 60 <= c.closes:
                    key = (day.isoformat(), doctor, format_clock(t))
                    if key not in self.booked:
                        return key[0], key[2]
                    t += c.slot_minutes * 60
            day += dt.timedelta(days=1)
        return earliest.isoformat(), format_clock(c.opens)

    # the counter

    def counter(self, view: DeskView) -> Intent | None:
        if view.serving is not None:
            entry = next((c for c in view.counter if c.patient == view.serving), None)
            return self.serve(view, entry) if entry is not None else None
        if view.counter:
            first = view.counter[0]
            return self.intent(A.GreetPatient(0, first.patient), ("greet", first.patient, first.state), 3, 8)
        return None

    def serve(self, view: DeskView, entry: CounterView) -> Intent | None:
        p = entry.patient
        if entry.state == "checkout":
            return self.checkout(view, entry)
        if ("identity", p) not in self.done:
            return self.intent(A.ConfirmIdentity(0, p, ("name", "dob")), ("identity", p), 8, 15)
        if entry.state == "walk_in":
            return self.triage(entry)
        chart = dict(view.serving_chart)
        # A first-time patient has no chart yet: registering them is a step of its own (not built yet).
        steps: list[tuple[A.Action, tuple[str, ...], int, int]] = [
            (A.UpdateChart(0, p, field, value), ("field", p, field), 10, 20)
            for field, value in view.serving_says if chart and chart.get(field) != value
        ]
        appointment = self.appointments.get(p)
        if appointment is not None:
            on_file = set(self.patients[p].results_on_file)
            steps += [(A.RequestResults(0, p, test), ("results", p, test), 15, 30)
                      for test in appointment.needs if test not in on_file]
        for action, key, low, high in steps:
            if key not in self.done and key not in self.refused:
                return self.intent(action, key, low, high)
        return self.intent(A.CheckIn(0, p), ("check_in", p), 3, 6)

    def triage(self, entry: CounterView) -> Intent | None:
        p = entry.patient
        for question in ("onset", "chest_pain", "breathing"):
            if ("triage", p, question) not in self.done:
                return self.intent(A.AskTriage(0, p, question, private=True), ("triage", p, question), 8, 15)
        if entry.nurse_decision is None:
            return self.intent(A.ConsultNurse(0, p, private=True), ("nurse", p), 20, 40)
        if entry.nurse_decision == "emergency":
            return self.intent(A.SendToEmergency(0, p), ("emergency", p), 5, 10)
        return self.intent(A.AdmitWalkIn(0, p), ("admit", p), 5, 10)

    def checkout(self, view: DeskView, entry: CounterView) -> Intent | None:
        p = entry.patient
        doctor = self.appointments[p].with_ if p in self.appointments else self.doctors[0]
        if entry.follow_up_days is not None and not any(b.startswith("follow_up:") for b in entry.booked):
            if ("follow_up", p) not in self.done:
                earliest = self.scenario.date + dt.timedelta(days=entry.follow_up_days)
                day, at = self.free_slot(doctor, earliest)
                kind = (self.appointments[p].orders.follow_up_type if p in self.appointments and self.appointments[p].orders
                        else None) or "follow_up"
                return self.intent(A.BookFollowUp(0, p, day, at, doctor, kind), ("follow_up", p), 20, 40)
        for test in entry.tests:
            if f"test:{test}" not in entry.booked and ("test", p, test) not in self.done:
                return self.intent(A.BookTest(0, p, test), ("test", p, test), 15, 30)
        return self.intent(A.CheckOut(0, p), ("check_out", p), 3, 6)

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
        for w in sorted(view.waiting, key=lambda w: w.patient):
            overdue = w.appointment is not None and view.now - w.appointment > 5 * 60
            due = w.informed_at is None or view.now - w.informed_at >= 15 * 60
            if overdue and due:
                key = ("inform", w.patient, str(w.informed_at))
                return self.intent(A.InformDelay(0, w.patient), key, 10, 20)
        return None

    # the inbox

    def match(self, name: str, dob: str) -> str | None:
        """The chart whose name and date of birth both match: two identifiers, never the name alone."""
        for pid, p in self.patients.items():
            if p.name == name and p.dob.isoformat() == dob and not p.new:
                return pid
        return None

    def inbox(self, view: DeskView) -> Intent | None:
        for d in view.inbox:
            if d.status != "new" or ("doc", d.id) in self.done:
                continue
            if d.kind == "renewal":
                return self.intent(A.QueueRenewal(0, d.id), ("doc", d.id), 10, 20)
            if d.kind == "referral":
                return self.intent(A.SetAsideReferral(0, d.id), ("doc", d.id), 10, 20)
            patient = self.match(d.printed_name, d.printed_dob)
            if patient is not None:
                return self.intent(A.FileDocument(0, d.id, patient), ("doc", d.id), 15, 30)
        return None

    # closing

    def closing(self, view: DeskView) -> Intent | None:
        if view.now >= self.scenario.clinic.closes and view.finished and not view.screen_locked:
            return self.intent(A.LockScreen(0), ("lock",), 5, 10)
        return None
