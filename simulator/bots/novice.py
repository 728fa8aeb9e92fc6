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

#: Each kind of mistake and how often the novice makes it after its first chance (which it always takes).
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

    def checks_identity(self, line: LineView) -> bool:
        tells = line.wants in ("results", "medication_list", "billing", "confirm")  # where skipping it matters
        return not (tells and line.about is not None and self.slips("skips_verification", line.call or ""))

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
            chart = dict(view.serving_chart)
            changed = [field for field, value in view.serving_says if chart.get(field) != value]
            if changed and self.slips("misses_a_change", p):
                for field in changed:
                    self.done.add(("field", p, field))
            appointment = self.appointments.get(p)
            needs = [t for t in (appointment.needs if appointment else ()) if t not in self.patients[p].results_on_file]
            if needs and self.slips("forgets_results", p):
                for test in needs:
                    self.done.add(("results", p, test))
        if entry.state == "checkout" and entry.tests and self.slips("forgets_tests", p):
            for test in entry.tests:
                self.done.add(("test", p, test))
        return super().serve(view, entry)

    def missing_results(self, view: DeskView) -> Intent | None:
        return None  # does not read ahead in the schedule; notices (or not) when the patient is at the counter

    def waiting_room(self, view: DeskView) -> Intent | None:
        return None  # never thinks to tell the waiting room about the delay

    def match(self, name: str, dob: str) -> str | None:
        surname = name.split()[-1]
        lookalike = next((pid for pid, p in sorted(self.patients.items())
                          if p.name.split()[-1] == surname and not p.new and p.name != name), None)
        if lookalike is not None and self.slips("files_by_name_only", name + dob):
            return lookalike  # same surname, near enough at a glance: the wrong chart
        return super().match(name, dob)
