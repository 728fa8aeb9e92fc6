"""The novice: the expert's routine with the mistakes students make, each with a seeded chance.

Each slip is drawn once per patient, call or document (so asking again gives the same answer) from the bot's
own random source, seeded by the day's seed. The mistakes (DESIGN section 6): answering late, skipping
identity checks, telling family what they may not be told, filing a result to a look-alike chart, missing a
changed chart field, forgetting to request missing results, never telling the waiting room about a delay,
forgetting ordered tests, and leaving the desk at lunch with the screen unlocked.
"""

from __future__ import annotations

from ..core import actions as A
from ..core.view import CounterView, DeskView, LineView
from .driver import Intent
from .expert import ExpertBot

__all__ = ["NoviceBot", "SLIPS"]

#: Each kind of mistake and how often the novice makes it.
SLIPS = {
    "answers_late": 0.5,
    "skips_verification": 0.5,
    "tells_family": 0.6,
    "files_by_name_only": 0.7,
    "misses_a_change": 0.5,
    "forgets_results": 0.6,
    "forgets_tests": 0.5,
}


class NoviceBot(ExpertBot):
    """Like the expert, with slips."""

    name = "novice"

    def __init__(self, scenario, seed):  # type: ignore[no-untyped-def]
        super().__init__(scenario, seed)
        self._slips: dict[tuple[str, str], bool] = {}

    def slips(self, kind: str, about: str) -> bool:
        """Whether the novice makes mistake ``kind`` on ``about`` (a call, patient or document), drawn once."""
        key = (kind, about)
        if key not in self._slips:
            self._slips[key] = self.rng.random() < SLIPS[kind]
        return self._slips[key]

    def decide(self, view: DeskView) -> Intent | None:
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
        if self.slips("answers_late", line.call or ""):
            return self.intent(A.AnswerCall(0, line.line), ("answer", line.call or ""), 20, 45)
        return super().answer(line, busy)

    def handle(self, view: DeskView, line: LineView) -> Intent | None:
        call = line.call or ""
        if ("call", call) not in self.done and self.slips("skips_verification", call):
            self.done.add(("verify", call))  # never asks; goes straight to the request
            return self.request(view, line, ("call", call))
        return super().handle(view, line)

    def caller_may_know(self, line: LineView) -> bool:
        if line.caller == "family" and self.slips("tells_family", line.call or ""):
            return True
        return super().caller_may_know(line)

    def request(self, view: DeskView, line: LineView, step: tuple[str, ...]) -> Intent | None:
        if line.wants == "results" and self.caller_may_know(line) and line.caller != "patient":
            return self.finish(A.Disclose(0, line.line, "results"), step)  # says it rather than pass it on
        return super().request(view, line, step)

    def serve(self, view: DeskView, entry: CounterView) -> Intent | None:
        p = entry.patient
        if entry.state in ("arrived", "arrived_late"):
            if self.slips("misses_a_change", p):
                for field, _ in view.serving_says:
                    self.done.add(("field", p, field))
            if self.slips("forgets_results", p):
                appointment = self.appointments.get(p)
                for test in appointment.needs if appointment else ():
                    self.done.add(("results", p, test))
        if entry.state == "checkout" and self.slips("forgets_tests", p):
            for test in entry.tests:
                self.done.add(("test", p, test))
        return super().serve(view, entry)

    def missing_results(self, view: DeskView) -> Intent | None:
        return None  # does not read ahead in the schedule; notices (or not) when the patient is at the counter

    def waiting_room(self, view: DeskView) -> Intent | None:
        return None  # never thinks to tell the waiting room about the delay

    def match(self, name: str, dob: str) -> str | None:
        slip = self.slips("files_by_name_only", name + dob)
        if slip:
            surname = name.split()[-1]
            for pid, p in sorted(self.patients.items()):
                if p.name.split()[-1] == surname and not p.new and p.name != name:
                    return pid  # a look-alike chart: same surname, first match in the list
        return super().match(name, dob)
