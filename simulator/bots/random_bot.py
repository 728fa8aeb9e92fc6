"""The random trainee: any action the desk offers, at random moments. It finds crashes, not good days."""

from __future__ import annotations

import random

from ..core import actions as A
from ..core.engine import CHART_FIELDS
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
        options += [A.UpdateChart(0, rng.choice(self.patients), rng.choice(CHART_FIELDS), "changed"),
                    A.LockScreen(0), A.UnlockScreen(0), A.LeaveDesk(0), A.ReturnToDesk(0),
                    A.RequestResults(0, rng.choice(self.patients), "bloodwork"), A.OpenChart(0, rng.choice(self.patients))]
        return Intent(rng.choice(options), rng.randint(1, 20))
