"""A day's facts indexed for judging, the scenario's rubric, and the one way criteria fill a rubric line in.

Criteria read a :class:`Day` (the scenario's ground truth and the facts, by kind, call and patient) and call
:meth:`Day.judge` for the rubric line (:mod:`grading.lines`) each fact bears on, or :meth:`Day.deduct` for a
mistake no line foresaw. :meth:`Day.checks` then closes the rubric: a line nothing was judged on is *missed*.
Nothing here re-runs the simulation.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Any, Iterable

from frontdesk.simulator.scenario.models import Appointment, Scenario
from frontdesk.simulator.scenario.visits import planned_visits, visit_key

from .grade import Check, Finding, losses
from .lines import Line, build_rubric
from .names import Names
from .rubric import HARM, rule_for

__all__ = ["Day"]


@dataclass(frozen=True)
class _Judgement:
    share: float
    t: int
    severity: str
    message: str
    better: str
    rule: str | None
    harm: str | None
    critical: str | None
    praise: str | None


class Day:
    """The scenario, its rubric and its facts, with the judgements made so far."""

    def __init__(self, scenario: Scenario, facts: Iterable[Any]):
        self.s = scenario
        self.facts = list(facts)
        self.by_kind: dict[str, list[Any]] = defaultdict(list)
        self.by_call: dict[str, list[Any]] = defaultdict(list)
        for f in self.facts:
            self.by_kind[f.kind].append(f)
            call = f.get("call")
            if isinstance(call, str):
                self.by_call[call].append(f)
        self.names = Names(scenario)
        self.patients = self.names.patients
        self.staff = self.names.staff
        ended = self.by_kind.get("day_ended")
        self.end = ended[-1].t if ended else (self.facts[-1].t if self.facts else scenario.clinic.closes)
        #: Today's first appointment of each patient.
        self.appointments = {a.patient: a for a in sorted(scenario.schedule, key=lambda a: a.at, reverse=True)}
        #: Every planned visit by (patient, tag): a patient's later visits carry their time as a tag.
        self.visits = {(v.patient, v.tag): v for v in planned_visits(scenario)}
        #: The rubric, fixed by the scenario.
        self.rubric: dict[str, Line] = {line.key: line for line in build_rubric(scenario)}
        self._possible = {c: sum(line.points for line in self.rubric.values() if line.criterion == c)
                          for c in ("multitasking", "accuracy", "privacy")}
        self._judged: dict[str, list[_Judgement]] = defaultdict(list)
        self._deductions: list[Check] = []

    # -- reading the facts ---------------------------------------------------------------------------------------

    def kind(self, *kinds: str) -> list[Any]:
        """Facts of the given kinds, in time order."""
        if len(kinds) == 1:
            return self.by_kind.get(kinds[0], [])
        return [f for f in self.facts if f.kind in kinds]

    def name(self, patient: str | None) -> str:
        """A patient's name as the desk knows it (see :meth:`Names.patient`)."""
        return self.names.patient(patient)

    def who_is(self, some_id: str | None) -> str:
        """Whoever an id names in the scenario: a patient, a staff member, or an entry of the directory."""
        return self.names.who_is(some_id)

    def staff_name(self, staff_id: str | None) -> str:
        """A staff member's name (the id when unknown)."""
        return self.names.staff_name(staff_id)

    caller = staticmethod(Names.caller)

    def message(self, f: Any) -> str:
        """A voicemail or email as a person refers to it: "the voicemail from Lakeshore Medical Laboratories
        about Linda Brooks" (``f`` is its ``message_received`` fact, or any fact naming the message)."""
        received = next((m for m in self.by_kind.get("message_received", []) if m.get("message") == f.get("message")), f)
        what = "voicemail" if received.get("channel") == "voicemail" else "email"
        about = received.get("about")
        return (f"the {what} from {self.who_is(received.get('sender'))}"
                + (f" about {self.name(about)}" if about and about != received.get("sender") else ""))

    def document_owner(self, document: str) -> str | None:
        """Whose document ``document`` truly is: the patient it came for, or, for a specimen's result, the patient
        whose specimen it was (the lab sends it for whoever the label names, who may be someone else)."""
        arrived = next((d for d in self.kind("document_arrived") if d.get("document") == document), None)
        if arrived is None:
            return None
        returned = next((r for r in self.kind("specimen_result_returned")
                         if r.t == arrived.t and r.get("result_for") == arrived.get("belongs_to")), None)
        return returned.get("patient") if returned is not None else arrived.get("belongs_to")

    @staticmethod
    def visit_of(f: Any) -> str:
        """The rubric key of the visit fact ``f`` belongs to (``visit.<patient>``, ``@<time>`` for a later one)."""
        return visit_key(f.get("patient"), f.get("visit"))

    def appointment_of(self, f: Any) -> Appointment | None:
        """The appointment of the visit fact ``f`` belongs to (``None`` for a walk-in or a visit not planned)."""
        v = self.visits.get((f.get("patient"), f.get("visit")))
        return v.appointment if v is not None else None

    def walk_in_event(self, f: Any) -> int | None:
        """The scenario event of the walk-in the visit fact ``f`` belongs to (``None`` if it is not a walk-in's)."""
        return next((w.get("event") for w in self.kind("walk_in_arrived")
                     if w.get("patient") == f.get("patient") and w.get("visit") == f.get("visit")), None)

    def has(self, key: str) -> bool:
        """Whether the rubric has line ``key``."""
        return key in self.rubric

    # -- judging -------------------------------------------------------------------------------------------------

    def judge(self, key: str, earned: float, *, t: int, severity: str = "error", message: str = "",
              better: str = "", rule: str | None = None, harm: str | None = None, critical: str | None = None,
              praise: str | None = None) -> None:
        """Judge rubric line ``key``: ``earned`` is the share (0 to 1) of it earned this time.

        A line judged more than once keeps its worst judgement; every other one that lost something is a
        deduction of its own. ``harm`` is the finding's harm class when it differs from the line's (a privacy
        line's finding scales with what was said and to whom); ``critical`` names a critical error
        (:data:`grading.rubric.CRITICAL_ERRORS`); ``praise`` makes a fully earned line carry a ``good`` finding.
        """
        if key not in self.rubric:
            raise KeyError(f"no rubric line {key!r}: the rubric and the criteria disagree")
        self._judged[key].append(_Judgement(max(0.0, min(1.0, earned)), t, severity, message, better, rule, harm,
                                            critical, praise))

    def deduct(self, criterion: str, mechanic: str, tags: tuple[str, ...], harm: str, *, t: int, severity: str,
               message: str, better: str, rule: str | None = None, critical: str | None = None) -> None:
        """A mistake no rubric line foresaw (a chart opened for no reason, a wrong detail typed unasked): it
        costs its harm class's deduction and earns nothing."""
        # A mistake no line foresaw costs its deduction on both sides: it is never free, however the day went.
        finding = Finding(t, criterion, mechanic, severity, message, better, self._rule(rule), 0.0, harm, critical,
                          None, HARM[harm].deduction, HARM[harm].deduction)
        self._deductions.append(Check(criterion, mechanic, 0.0, 0.0, tags[0], finding, None, harm, tags))

    def _rule(self, subject: str | None) -> str | None:
        return rule_for(subject, self.s.jurisdiction) if subject else None

    def _share_points(self, line: Line) -> float:
        """The score points the whole of ``line`` is worth in its criterion."""
        return 100.0 * line.points / self._possible[line.criterion]

    def checks(self) -> list[Check]:
        """Every rubric line as a check (in rubric order), then the deductions, each finding costing what it costs
        on the side that decides its criterion (see :func:`decide`)."""
        return decide(self._checks())

    def _checks(self) -> list[Check]:
        out: list[Check] = []
        for key, line in self.rubric.items():
            judged = self._judged.get(key)
            if not judged:
                finding = Finding(line.t if line.t <= self.end else self.end, line.criterion, line.mechanic,
                                  "missed", line.missed, line.better, None, 0.0, line.harm, line.critical, key,
                                  self._share_points(line), HARM[line.harm].deduction)
                out.append(Check(line.criterion, line.mechanic, line.points, 0.0, line.tags[0], finding, key,
                                 line.harm, line.tags, line.what))
                continue
            worst = min(judged, key=lambda j: (j.share, j.praise is None, j.t))  # praise wins among full marks
            out.append(Check(line.criterion, line.mechanic, line.points, line.points * worst.share, line.tags[0],
                             self._finding(line, worst, self._share_points(line)), key, line.harm, line.tags,
                             line.what))
            for j in judged:
                if j is not worst and j.share < 1.0:
                    # Another mistake on a line already lost is a deduction of its own, never free.
                    out.append(Check(line.criterion, line.mechanic, 0.0, 0.0, line.tags[0],
                                     self._finding(line, j, None), key, j.harm or line.harm, line.tags, line.what))
        return out + self._deductions

    def _finding(self, line: Line, j: _Judgement, share_points: float | None) -> Finding | None:
        """The finding of judgement ``j``: under completion it costs ``share_points`` (the line's share), or its
        deduction when ``None`` (a further mistake on a line already lost)."""
        harm = j.harm or line.harm
        if share_points is None:
            share_points = HARM[harm].deduction
        if j.share >= 1.0:
            if j.praise is None:
                return None
            return Finding(j.t, line.criterion, line.mechanic, "good", j.praise, j.better, self._rule(j.rule), 0.0,
                           harm, None, line.key)
        lost = 1.0 - j.share
        # A line whose failure is a critical error (a patient-safety step) is one however it failed.
        critical = j.critical or line.critical
        return Finding(j.t, line.criterion, line.mechanic, j.severity, j.message, j.better, self._rule(j.rule), 0.0,
                       harm, critical, line.key, lost * share_points, lost * HARM[harm].deduction)


def decide(checks: list[Check]) -> list[Check]:
    """Score each criterion both ways and let the worse decide: *completion* loses each finding's share of the
    rubric's points, *harm* loses each finding's fixed deduction. A short day is usually decided by completion (one
    line is a large share of it), a long day by harm (so the same mistake costs the same as on a short one); a day
    with nothing done loses everything either way. Each finding's ``points`` become what it costs on the deciding
    side, so the findings still explain every point lost."""
    sides = {criterion: losses(checks, criterion)[2] for criterion in {c.criterion for c in checks}}
    return [replace(c, finding=replace(c.finding, points=c.finding.deduction if sides[c.criterion] == "harm"
                                       else c.finding.share, decided_by=sides[c.criterion]))
            if c.finding is not None else c for c in checks]
