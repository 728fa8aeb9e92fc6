"""The back office in medical-assistant mode (M16, M17): rooming, vital signs, the reason for the visit, the
briefing for the doctor, and specimens labelled, sent and tracked to their results.

A mixin of :class:`~simulator.core.engine.Simulation`. In ``medical_assistant`` mode a visit whose appointment
carries true ``vitals`` waits for the assistant to room it before the doctor can see the patient. The facts
record what was typed beside what was true; which values count as abnormal is data
(:mod:`simulator.scenario.ranges`) read by the grader and the bots.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..scenario.models import Document
from ..scenario.ranges import VITAL_SIGNS
from . import actions as A
from .clock import Priority
from .world import Visit

__all__ = ["BackOffice"]

#: A doctor not briefed on a roomed patient goes in anyway after this long.
_LOOKS_IN_AFTER = 10 * 60


def _same_name(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


class BackOffice:
    """Actions of the medical assistant."""

    def _needs_rooming(self: Any, visit: Visit) -> bool:
        """In medical-assistant mode, a visit whose appointment has vitals to take is roomed first."""
        return (self.scenario.mode == "medical_assistant" and visit.appointment is not None
                and visit.appointment.vitals is not None)

    def _ready(self: Any, visit: Visit) -> bool:
        """Whether the doctor can see this patient now: briefed in their room (or roomed a while ago: a doctor
        kept waiting looks in anyway), or not needing rooming at all."""
        if not self._needs_rooming(visit):
            return True
        return visit.state == "roomed" and (visit.briefed or self.now >= (visit.roomed_at or 0) + _LOOKS_IN_AFTER)

    def _rooming_facts(self: Any, visit: Visit) -> dict[str, Any]:
        if not self._needs_rooming(visit):
            return {}
        return {"vitals_recorded": visit.vitals_recorded, "briefed": visit.briefed}

    def _roomed(self: Any, patient: str) -> Visit:
        if self.scenario.mode != "medical_assistant":
            raise A.ActionError("Rooming, vitals and specimens are for medical-assistant mode.")
        return self._visit(patient, "roomed")

    def _do_room_patient(self: Any, a: A.RoomPatient) -> None:
        if self.scenario.mode != "medical_assistant":
            raise A.ActionError("Rooming, vitals and specimens are for medical-assistant mode.")
        visit = self._visit(a.patient, "waiting")
        rooms = self.scenario.clinic.exam_rooms
        in_rooms = sum(1 for v in self.visits.values() if v.state in ("roomed", "in_exam_room"))
        if in_rooms >= rooms:
            raise A.ActionError(f"All {rooms} exam rooms are in use.")
        self._queue.cancel(visit.timeout)  # in a room, a patient waits for the doctor without walking out
        visit.timeout = None
        visit.room()
        visit.roomed_at = self.now
        self.facts.record(self.now, "patient_roomed", "M16", patient=a.patient,
                          waited=self.now - (visit.checked_in_at or self.now))
        self._queue.push(self.now + _LOOKS_IN_AFTER, Priority.DISPATCH, "dispatch", self._doctor_for(visit))

    def _do_record_vitals(self: Any, a: A.RecordVitals) -> None:
        visit = self._roomed(a.patient)
        self._need_screen()
        truth = visit.appointment.vitals if visit.appointment is not None else None
        visit.vitals_recorded = True
        true = truth.model_dump(mode="json") if truth is not None else {}
        self.facts.record(self.now, "vitals_recorded", "M16", patient=a.patient, pulse=a.pulse,
                          respirations=a.respirations, bp=a.bp, height_cm=a.height_cm, weight_kg=a.weight_kg,
                          temperature_c=a.temperature_c or None,
                          **{f"true_{sign}": true.get(sign) for sign in VITAL_SIGNS + ("temperature_c",)})

    def _do_record_reason(self: Any, a: A.RecordReason) -> None:
        visit = self._roomed(a.patient)
        self._need_screen()
        self.facts.record(self.now, "reason_recorded", "M16", patient=a.patient, reason=a.reason,
                          true_reason=visit.appointment.reason if visit.appointment is not None else None)

    def _do_brief_doctor(self: Any, a: A.BriefDoctor) -> None:
        visit = self._roomed(a.patient)
        flags = sorted(set(a.flags))
        unknown = [f for f in flags if f not in A.VITAL_FLAGS]
        if unknown:
            raise A.ActionError(f"Flag among: {A.words(A.VITAL_FLAGS)}.")
        if visit.briefed:
            raise A.ActionError("The doctor has already been briefed on this patient.")
        visit.briefed = True
        self.facts.record(self.now, "doctor_briefed", "M16", patient=a.patient, flags=flags,
                          vitals_recorded=visit.vitals_recorded)
        self._queue.push(self.now, Priority.DISPATCH, "dispatch", self._doctor_for(visit))

    def _specimen_tests(self: Any, visit: Visit) -> list[str]:
        return [s.test for s in visit.appointment.specimens] if visit.appointment is not None else []

    def _do_label_specimen(self: Any, a: A.LabelSpecimen) -> None:
        visit = self._roomed(a.patient)
        if a.test not in self._specimen_tests(visit):
            raise A.ActionError(f"No {a.test!r} specimen is ordered for this visit.")
        if a.test in visit.specimens_sent:
            raise A.ActionError(f"The {a.test} specimen has gone to the lab already.")
        visit.labels[a.test] = (a.name, a.dob)
        patient = self.patients[a.patient]
        matches = _same_name(a.name, patient.name) and a.dob.strip() == patient.dob.isoformat()
        self.facts.record(self.now, "specimen_labelled", "M17", patient=a.patient, test=a.test, label_name=a.name,
                          label_dob=a.dob, matches_patient=matches)
        if not matches:
            self.facts.record(self.now, "specimen_mislabelled", "M17", patient=a.patient, test=a.test,
                              label_name=a.name, label_dob=a.dob)

    def _chart_by_label(self: Any, name: str, dob: str) -> str | None:
        """The chart a lab would match a label to: the same name and the same date of birth."""
        try:
            born = dt.date.fromisoformat(dob.strip())
        except ValueError:
            return None
        return next((pid for pid, p in self.patients.items()
                     if p.dob == born and _same_name(p.name, name) and pid in self.charts), None)

    def _do_send_specimen(self: Any, a: A.SendSpecimen) -> None:
        visit = self._visit(a.patient)
        if a.test not in self._specimen_tests(visit):
            raise A.ActionError(f"No {a.test!r} specimen is ordered for this visit.")
        if a.test in visit.specimens_sent:
            raise A.ActionError(f"The {a.test} specimen has gone to the lab already.")
        label = visit.labels.get(a.test)
        if label is None:
            raise A.ActionError("Label the specimen with two identifiers before it leaves the room.")
        visit.specimens_sent.add(a.test)
        self.facts.record(self.now, "specimen_sent", "M17", patient=a.patient, test=a.test, label_name=label[0],
                          label_dob=label[1])
        self._queue.push(self.now + self._lab_delay[a.patient] * 5, Priority.SCENARIO, "specimen_returns",
                         (a.patient, a.test, label))

    def _specimen_returns(self: Any, payload: tuple[str, str, tuple[str, str]]) -> None:
        patient, test, (name, dob) = payload
        matched = self._chart_by_label(name, dob)
        if matched is None:
            # A lab will not run a specimen it cannot match to a patient: it sends it back to be redrawn.
            self.facts.record(self.now, "specimen_rejected", "M17", patient=patient, test=test, label_name=name,
                              label_dob=dob)
            return
        self.facts.record(self.now, "specimen_result_returned", "M17", patient=patient, test=test,
                          result_for=matched)
        lab = next((d.id for d in self.scenario.directory if d.kind == "lab"), None)
        self._document(Document.model_construct(kind="lab_result", patient=matched, from_=lab, test=test,
                                                title=f"{test} result"))
