"""A day's facts indexed for judging, and the one way criteria record a judged check.

Criteria read a :class:`Day` (the scenario's ground truth and the facts, by kind, call and patient) and call
:meth:`Day.judge` once per rubric line they assess. Nothing here re-runs the simulation.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Iterable

from simulator.scenario.models import Patient, Scenario

from .grade import Check, Finding
from .rubric import POINTS, rule_for

__all__ = ["Day"]


class Day:
    """The scenario and its facts, with the checks judged so far."""

    def __init__(self, scenario: Scenario, facts: Iterable[Any]):
        self.s = scenario
        self.facts = list(facts)
        self.checks: list[Check] = []
        self.by_kind: dict[str, list[Any]] = defaultdict(list)
        self.by_call: dict[str, list[Any]] = defaultdict(list)
        for f in self.facts:
            self.by_kind[f.kind].append(f)
            call = f.get("call")
            if isinstance(call, str):
                self.by_call[call].append(f)
        self.patients: dict[str, Patient] = {p.id: p for p in scenario.patients if isinstance(p, Patient)}
        ended = self.by_kind.get("day_ended")
        self.end = ended[-1].t if ended else (self.facts[-1].t if self.facts else scenario.clinic.closes)
        self.staff = {m.id: m for m in scenario.clinic.staff}
        self._names: dict[str, int] = defaultdict(int)
        for p in self.patients.values():
            self._names[p.name] += 1
        #: Today's appointments by patient (one visit per patient per day).
        self.appointments = {a.patient: a for a in scenario.schedule}

    def kind(self, *kinds: str) -> list[Any]:
        """Facts of the given kinds, in time order."""
        if len(kinds) == 1:
            return self.by_kind.get(kinds[0], [])
        return [f for f in self.facts if f.kind in kinds]

    def name(self, patient: str | None) -> str:
        """A patient's name as the desk knows it (the id when the patient is unknown); with the date of birth when
        another patient has the same name, since the look-alike is the whole point there."""
        p = self.patients.get(patient or "")
        if p is None:
            return str(patient)
        if self._names[p.name] > 1:
            return f"{p.name} (born {p.dob.isoformat()})"
        return p.name

    def who_is(self, some_id: str | None) -> str:
        """Whoever an id names in the scenario: a patient, a staff member, or an entry of the directory."""
        if some_id in self.patients:
            return self.name(some_id)
        if some_id in self.staff:
            return self.staff[some_id].name
        entry = next((d for d in self.s.directory if d.id == some_id), None)
        return entry.name if entry is not None else str(some_id)

    def message(self, f: Any) -> str:
        """A voicemail or email as a person refers to it: "the voicemail from Lakeshore Medical Laboratories
        about Linda Brooks" (``f`` is its ``message_received`` fact, or any fact naming the message)."""
        received = next((m for m in self.by_kind.get("message_received", []) if m.get("message") == f.get("message")), f)
        what = "voicemail" if received.get("channel") == "voicemail" else "email"
        about = received.get("about")
        return (f"the {what} from {self.who_is(received.get('sender'))}"
                + (f" about {self.name(about)}" if about and about != received.get("sender") else ""))

    @staticmethod
    def caller(kind: str | None, name: str | None) -> str:
        """How a caller reads in a sentence: their name, else what they are ("a pharmacist")."""
        if name:
            return name
        return {"er_nurse": "an emergency nurse", "physician": "a physician", "pharmacist": "a pharmacist",
                "lab": "a lab", "family": "a family member", "patient": "a patient", "insurer": "an insurer",
                "unknown": "an unknown caller"}.get(kind or "", "a caller")

    def staff_name(self, staff_id: str | None) -> str:
        """A staff member's name (the id when unknown)."""
        member = self.staff.get(staff_id or "")
        return member.name if member is not None else str(staff_id)

    def judge(self, criterion: str, mechanic: str, tag: str, weight: str, earned: float, *, t: int,
              severity: str = "error", message: str = "", better: str = "", rule: str | None = None,
              praise: str | None = None) -> None:
        """Record one rubric line: ``earned`` is the share (0 to 1) of its ``weight``'s points that was earned.

        A line not fully earned carries a finding of ``severity`` explaining the points lost; ``praise`` makes a
        fully earned line carry a ``good`` finding (used sparingly: for a trap handled well).
        """
        most = POINTS[weight]
        got = most * max(0.0, min(1.0, earned))
        finding = None
        reference = rule_for(rule, self.s.jurisdiction) if rule else None
        if got < most:
            finding = Finding(t, criterion, mechanic, severity, message, better, reference, most - got)
        elif praise:
            finding = Finding(t, criterion, mechanic, "good", praise, better, reference, 0.0)
        self.checks.append(Check(criterion, mechanic, most, got, tag, finding))
