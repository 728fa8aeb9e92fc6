"""How people and things read in a finding: patients (with the birth date when a look-alike shares the name),
staff, the directory's labs and pharmacies, and callers by what they are."""

from __future__ import annotations

from collections import Counter

from frontdesk.simulator.scenario.models import Patient, Scenario

__all__ = ["Names"]

#: A caller with no name, by what they are.
_CALLER_KINDS = {"er_nurse": "an emergency nurse", "physician": "a physician", "pharmacist": "a pharmacist",
                 "lab": "a lab", "family": "a family member", "patient": "a patient", "insurer": "an insurer",
                 "unknown": "an unknown caller"}


class Names:
    """The names a scenario's findings use."""

    def __init__(self, scenario: Scenario):
        self.patients: dict[str, Patient] = {p.id: p for p in scenario.patients if isinstance(p, Patient)}
        self.staff = {m.id: m for m in scenario.clinic.staff}
        self.directory = {d.id: d for d in scenario.directory}
        self._count = Counter(p.name for p in self.patients.values())

    def patient(self, patient: str | None) -> str:
        """A patient's name (the id when unknown), with the date of birth when another patient has the same name,
        since the look-alike is the whole point there."""
        p = self.patients.get(patient or "")
        if p is None:
            return str(patient)
        if self._count[p.name] > 1:
            return f"{p.name} (born {p.dob.isoformat()})"
        return p.name

    def staff_name(self, staff_id: str | None) -> str:
        """A staff member's name (the id when unknown)."""
        member = self.staff.get(staff_id or "")
        return member.name if member is not None else str(staff_id)

    def who_is(self, some_id: str | None) -> str:
        """Whoever an id names in the scenario: a patient, a staff member, or an entry of the directory."""
        if some_id in self.patients:
            return self.patient(some_id)
        if some_id in self.staff:
            return self.staff[some_id].name
        entry = self.directory.get(some_id or "")
        return entry.name if entry is not None else str(some_id)

    @staticmethod
    def caller(kind: str | None, name: str | None) -> str:
        """How a caller reads in a sentence: their name, else what they are ("a pharmacist")."""
        if name:
            return name
        return _CALLER_KINDS.get(kind or "", "a caller")
