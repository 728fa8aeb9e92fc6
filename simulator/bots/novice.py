"""The novice: the expert's routine with the mistakes students make, each with a seeded chance.

Each slip is drawn once per patient, call or document (so asking again gives the same answer) from the bot's
own random source, seeded by the day's seed. The mistakes (DESIGN section 6): answering late, skipping
identity checks, telling family what they may not be told, filing a result to a look-alike chart, missing a
changed chart field, forgetting to request missing results, never telling the waiting room about a delay,
forgetting ordered tests, and leaving the desk at lunch with the screen unlocked. For the rest of the day: a
greeting that speaks to a patient by name, urgent messages never passed on, waiting-list calls never made, a
first-time patient's allergies or medication list skipped, reminders forgotten, voicemails that name the reason
for the visit, referrals sorted as less urgent than they are and their senders never told, moved patients never
told, no closing checks, and in the back office a specimen labelled with a look-alike's details and abnormal
vitals left unflagged.
"""

from __future__ import annotations

from ..core import actions as A
from ..core.view import CounterView, DeskView, LineView
from ..scenario.models import Patient, Scenario
from .driver import Intent
from .expert import ExpertBot

__all__ = ["NoviceBot", "SLIPS"]

#: Each kind of mistake and how often the novice makes it after its first chance (which it always takes).
SLIPS = {
    "answers_late": 0.5,
    "skips_verification": 0.5,
    "tells_family": 0.6,
    "files_by_name_only": 0.7,
    "misses_a_change": 0.5,
    "forgets_results": 0.6,
    "forgets_tests": 0.5,
    "greeting_names_patient": 1.0,
    "skips_huddle": 0.7,
    "ignores_waiting_list": 1.0,
    "skips_allergies": 0.7,
    "forgets_medication_list": 0.7,
    "forgets_reminder": 0.4,
    "phi_on_voicemail": 0.6,
    "underrates_referral": 0.5,
    "forgets_referrer": 0.5,
    "forgets_to_notify_move": 0.4,
    "skips_closing_checks": 1.0,
    "mislabels_specimen": 0.3,
    "misses_abnormal_vital": 0.6,
}


class NoviceBot(ExpertBot):
    """Like the expert, with slips."""

    name = "novice"

    def __init__(self, scenario: Scenario, seed: int):
        super().__init__(scenario, seed)
        self._slips: dict[tuple[str, str], bool] = {}
        self._messages: tuple = ()

    def slips(self, kind: str, about: str) -> bool:
        """Whether the novice makes mistake ``kind`` on ``about`` (a call, patient or document), decided once.

        The first chance of each kind in a day is always taken, so every kind of mistake shows up in any day
        that offers it (the grader must name each one); later chances are drawn with the kind's probability.
        Callers ask only where the mistake would change something.
        """
        key = (kind, about)
        if key not in self._slips:
            first = not any(k == kind for k, _ in self._slips)
            self._slips[key] = first or self.rng.random() < SLIPS[kind]
        return self._slips[key]

    def decide(self, view: DeskView) -> Intent | None:
        """The novice's slip: leaves the desk at lunch without locking the screen, and is back once lunch is over."""
        lunch = self.scenario.clinic.lunch
        if lunch is not None:
            if view.at_desk and lunch.from_ <= view.now < lunch.until and ("lunch",) not in self.done:
                return self.intent(A.LeaveDesk(0), ("lunch",), 5, 30)  # without locking the screen
            if not view.at_desk:
                if view.now >= lunch.until:
                    return self.intent(A.ReturnToDesk(0), ("back",), 0, 60)
                return None
        return super().decide(view)

    def answer(self, line: LineView, busy: bool) -> Intent | None:
        """The novice's slip: lets a ringing line go 20 to 45 seconds before answering."""
        if self.slips("answers_late", line.call or ""):
            return self.intent(A.AnswerCall(0, line.line), ("answer", line.call or ""), 20, 45)
        return super().answer(line, busy)

    def checks_identity(self, line: LineView) -> bool:
        """The novice's slip: skips verifying a caller who asks for results, medications, billing or a confirmation."""
        tells = line.wants in ("results", "medication_list", "billing", "confirm")  # where skipping it matters
        return not (tells and line.about is not None and self.slips("skips_verification", line.call or ""))

    def caller_may_know(self, line: LineView) -> bool:
        """The novice's slip: tells a family member what the chart does not say they may be told."""
        if line.caller == "family" and self.slips("tells_family", line.call or ""):
            return True
        return super().caller_may_know(line)

    def request(self, view: DeskView, line: LineView, step: tuple[str, ...]) -> Intent | None:
        """The novice's slip: reads results out to a caller other than the patient, rather than passing the request on."""
        if line.wants == "results" and self.caller_may_know(line) and line.caller != "patient":
            return self.finish(A.Disclose(0, line.line, "results"), step)  # says it rather than pass it on
        return super().request(view, line, step)

    def serve(self, view: DeskView, entry: CounterView) -> Intent | None:
        """The novice's slips at the counter: a changed field missed, missing results or ordered tests forgotten."""
        p, v = entry.patient, self.visit_id(entry.patient, entry.visit)
        if entry.state in ("arrived", "arrived_late"):
            chart = dict(view.serving_chart)
            changed = [field for field, value in view.serving_says if chart.get(field) != value]
            if changed and entry.has_chart and p not in self.registered and self.slips("misses_a_change", p):
                for field in changed:
                    self.done.add(("field", p, field))
            appointment = self.appointments.get((p, entry.appointment or -1))
            needs = [t for t in (appointment.needs if appointment else ()) if t not in self.patients[p].results_on_file]
            if needs and self.slips("forgets_results", p):
                for test in needs:
                    self.done.add(("results", p, test))
        if entry.state == "checkout" and entry.tests and self.slips("forgets_tests", p):
            for test in entry.tests:
                self.done.add(("test", v, test))
        return super().serve(view, entry)

    def number_for(self, patient: str) -> str:
        """The novice's habit: the number on the chart, whatever the patient asked."""
        return "home"

    def triage_questions(self, complaint: str) -> tuple[str, ...]:
        """The novice's habit: the same three questions for every walk-in, whatever the complaint."""
        return ("onset", "chest_pain", "breathing")

    def missing_results(self, view: DeskView) -> Intent | None:
        """The novice never asks the lab ahead of time for results the day's visits need."""
        return None  # does not read ahead in the schedule; notices (or not) when the patient is at the counter

    def waiting_room(self, view: DeskView) -> Intent | None:
        """The novice never tells the waiting room about a delay."""
        return None  # never thinks to tell the waiting room about the delay

    def match(self, name: str, dob: str) -> str | None:
        """The novice's slip: files a document to a look-alike chart with the same surname."""
        surname = name.split()[-1]
        lookalike = next((pid for pid, p in sorted(self.patients.items())
                          if p.name.split()[-1] == surname and not p.new and p.name != name), None)
        if lookalike is not None and self.slips("files_by_name_only", name + dob):
            return lookalike  # same surname, near enough at a glance: the wrong chart
        return super().match(name, dob)

    # the rest of the day

    def day_greeting(self) -> A.RecordGreeting:
        """The novice's slip: a day greeting that names the patient whose cancellation came in overnight."""
        cancelled = next((m.about or m.sender for m in self._messages if m.intent == "cancel"), None)
        if cancelled in self.patients and self.slips("greeting_names_patient", "day"):
            # "Mrs. Novak, we got your message: your 10:30 is cancelled." Heard by anyone who calls.
            return A.RecordGreeting(0, "day", ("clinic_name", "hours", "patient_message"), cancelled)
        return super().day_greeting()

    def opening(self, view: DeskView) -> Intent | None:
        """The expert's opening, remembering the overnight messages for the day greeting."""
        self._messages = view.messages
        return super().opening(view)

    def briefings(self, view: DeskView) -> list[tuple[str, str, bool]]:
        """The novice's slip: urgent messages never passed on to the person they are for."""
        return [(staff, message, urgent) for staff, message, urgent in super().briefings(view)
                if not (urgent and self.slips("skips_huddle", message))]

    def waiting_list(self, view: DeskView) -> Intent | None:
        """The novice's slip: never phones the waiting list, so the freed slots stay empty."""
        if view.freed_slots and self.slips("ignores_waiting_list", "day"):
            return None  # the freed slots stay empty
        return super().waiting_list(view)

    def registration_fields(self, says: dict[str, str]) -> list[str]:
        """The novice's slip: skips a first-time patient's allergies."""
        fields = super().registration_fields(says)
        if "allergies" in fields and self.slips("skips_allergies", says.get("name", "")):
            fields.remove("allergies")
        return fields

    def register(self, view: DeskView, entry: CounterView) -> Intent | None:
        """The novice's slip: never asks the pharmacy for a first-time patient's missing medication list."""
        if "medications" not in dict(view.serving_says) and self.slips("forgets_medication_list", entry.patient):
            self.done.add(("med_list", entry.patient))
        return super().register(view, entry)

    def reminds(self, patient: str) -> bool:
        """The novice's slip: forgets some of the reminder calls."""
        return not self.slips("forgets_reminder", patient)

    def voicemail_pieces(self, line: LineView) -> tuple[str, ...]:
        """The novice's slip: a reminder or reschedule voicemail that names the doctor and the reason for the visit."""
        pieces = super().voicemail_pieces(line)
        if line.purpose in ("reminder", "reschedule") and self.slips("phi_on_voicemail", line.about or ""):
            return pieces + ("doctor_name", "visit_reason")  # "...to see Dr. Greene about your heart"
        return pieces

    def judge_urgency(self, patient: str) -> str:
        """The novice's slip: sorts a referral one step less urgent than it is."""
        urgency = super().judge_urgency(patient)
        lower = {"urgent": "semi_urgent", "semi_urgent": "routine"}
        if urgency in lower and self.slips("underrates_referral", patient):
            return lower[urgency]
        return urgency

    def notifies_referrer(self, document: str) -> bool:
        """The novice's slip: never tells the referrer that the referral is booked."""
        return not self.slips("forgets_referrer", document)

    def notifies_move(self, patient: str) -> bool:
        """The novice's slip: never phones a patient whose away-day visit was moved."""
        return not self.slips("forgets_to_notify_move", patient)

    def closing(self, view: DeskView) -> Intent | None:
        """The novice's slip: closes without the last inbox check and the after-hours greeting."""
        if view.now >= self.scenario.clinic.closes and view.finished and self.slips("skips_closing_checks", "day"):
            self.refused.update({("check_inbox",), ("greeting", "after_hours")})
        return super().closing(view)

    def label_for(self, patient: str, person: Patient) -> tuple[str, str]:
        """The novice's slip: labels a specimen with the patient's name and a look-alike's date of birth."""
        lookalike = next((p for pid, p in sorted(self.patients.items())
                          if pid != patient and p.name.split()[-1] == person.name.split()[-1]), None)
        if self.slips("mislabels_specimen", patient):
            # The name from the requisition, the date of birth from the chart left open on the screen.
            return person.name, (lookalike or person).dob.isoformat() if lookalike else ""
        return super().label_for(patient, person)

    def flags_for(self, patient: str, measured: dict[str, object]) -> list[str]:
        """The novice's slip: leaves abnormal vitals unflagged for the doctor."""
        flags = super().flags_for(patient, measured)
        if flags and self.slips("misses_abnormal_vital", patient):
            return []
        return flags
