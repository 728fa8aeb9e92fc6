"""The random trainee: any action the desk offers, at random moments. It finds crashes, not good days."""

from __future__ import annotations

import datetime as dt
import random

from ..core import actions as A
from ..scenario.charts import CHART_FIELDS
from ..core.view import DeskView
from ..scenario.models import Patient, Scenario, TRIAGE_QUESTIONS
from .driver import Intent, bot_rng

__all__ = ["RandomBot"]


class RandomBot:
    """Picks a random action from those that make sense to try in the current view (many will be refused)."""

    name = "random"

    def __init__(self, scenario: Scenario, seed: int):
        self.scenario = scenario
        self.rng: random.Random = bot_rng(self.name, seed)
        self.patients = sorted(p.id for p in scenario.patients if isinstance(p, Patient))
        self.staff = [m.id for m in scenario.clinic.staff]
        self.doctors = [m.id for m in scenario.clinic.staff if m.role == "doctor"]
        self.refused = 0

    def applied(self, intent: Intent) -> None:
        """Nothing to remember."""

    def rejected(self, intent: Intent, error: A.ActionError) -> None:
        """Refusals are expected; they are counted, and the engine must stay consistent after each."""
        self.refused += 1

    def decide(self, view: DeskView) -> Intent | None:
        """Any action worth trying on the lines, the counter, the waiting room or the inbox, or now and then none."""
        rng = self.rng
        if rng.random() < 0.3:
            return None  # sometimes it just watches
        options: list[A.Action] = []
        for line in view.lines:
            n = line.line
            if line.state == "ringing":
                options.append(A.AnswerCall(0, n))
            elif line.state in ("active", "on_hold"):
                options += [
                    A.HoldCall(0, n), A.ResumeCall(0, n), A.EndCall(0, n),
                    A.VerifyCaller(0, n, tuple(rng.sample(A.IDENTIFIERS, k=rng.randint(1, 2)))),
                    A.Disclose(0, n, rng.choice(A.DISCLOSABLE)), A.Decline(0, n, "no"),
                    A.RouteCall(0, n, rng.choice(self.staff), urgent=rng.random() < 0.5),
                    A.TakeMessage(0, n, rng.choice(self.staff)),
                ]
        for entry in view.counter:
            p = entry.patient
            options += [A.GreetPatient(0, p), A.CheckIn(0, p), A.CheckOut(0, p), A.ConfirmIdentity(0, p, ("name", "dob")),
                        A.AskTriage(0, p, rng.choice(TRIAGE_QUESTIONS)), A.ConsultNurse(0, p, rng.random() < 0.5),
                        A.AdmitWalkIn(0, p), A.SendToEmergency(0, p), A.BookTest(0, p, "bloodwork")]
        for w in view.waiting:
            options.append(A.InformDelay(0, w.patient))
        for d in view.inbox:
            options += [A.FileDocument(0, d.id, rng.choice(self.patients)), A.QueueRenewal(0, d.id),
                        A.SetAsideReferral(0, d.id)]
        options += self.rest_of_the_day(view)
        options += [A.UpdateChart(0, rng.choice(self.patients), rng.choice(CHART_FIELDS), "changed"),
                    A.LockScreen(0), A.UnlockScreen(0), A.LeaveDesk(0), A.ReturnToDesk(0),
                    A.RequestResults(0, rng.choice(self.patients), "bloodwork"), A.OpenChart(0, rng.choice(self.patients))]
        return Intent(rng.choice(options), rng.randint(1, 20))

    def rest_of_the_day(self, view: DeskView) -> list[A.Action]:
        """Tries at the rest of the day's work: messages, greetings, outbound calls, referrals, moves, rooming."""
        rng = self.rng
        p = rng.choice(self.patients)
        day = (self.scenario.date + dt.timedelta(days=rng.randint(1, 21))).isoformat()
        at = f"{rng.randint(7, 17)}:{rng.choice(('00', '15', '30', '45', '10'))}"
        options: list[A.Action] = [
            A.RecordGreeting(0, rng.choice(A.GREETINGS), tuple(rng.sample(A.GREETING_PIECES, k=rng.randint(1, 3))), p),
            A.PlaceCall(0, p, rng.choice(A.CALL_PURPOSES)), A.CheckInbox(0), A.RegisterPatient(0, p),
            A.RequestMedicationList(0, p), A.RoomPatient(0, p),
            A.RecordVitals(0, p, rng.randint(50, 120), rng.randint(10, 24), "120/80", 170.0, 70.0),
            A.RecordReason(0, p, "a check-up"), A.BriefDoctor(0, p, tuple(rng.sample(A.VITAL_FLAGS, k=1))),
            A.LabelSpecimen(0, p, "CBC", "Some One", "1970-01-01"), A.SendSpecimen(0, p, "CBC"),
        ]
        for m in view.messages:
            options += [A.ReviewMessage(0, m.id), A.BriefStaff(0, rng.choice(self.staff), m.id, rng.random() < 0.5)]
        for line in view.lines:
            if line.state in ("active", "voicemail"):
                options += [A.LeaveVoicemail(0, line.line, tuple(rng.sample(A.VOICEMAIL_PIECES, k=2))),
                            A.ConfirmAppointment(0, line.line),
                            A.OfferSlot(0, line.line, at, rng.choice(self.doctors))]
        for d in view.inbox:
            options += [A.ClassifyReferral(0, d.id, rng.choice(("urgent", "semi_urgent", "routine"))),
                        A.BookReferral(0, d.id, day, at, rng.choice(self.doctors)), A.NotifyReferrer(0, d.id)]
        for b in view.to_move + view.reminder_list:
            options.append(A.MoveBooking(0, b.patient, b.date, f"{b.at // 3600}:{b.at % 3600 // 60:02d}", day, at))
        for room in view.rooms:
            options += [A.RecordVitals(0, room.patient, 72, 16, "120/80", 170.0, 70.0),
                        A.BriefDoctor(0, room.patient, ())]
        return options
