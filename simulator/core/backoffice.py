"""The back office in medical-assistant mode (M16, M17): rooming, vital signs, the reason for the visit, the
briefing for the doctor, and specimens labelled, sent and tracked to their results.

In ``medical_assistant`` mode a visit whose appointment
carries true ``vitals`` waits for the assistant to room it before the doctor can see the patient. The facts
record what was typed beside what was true; which values count as abnormal is data
(:mod:`simulator.scenario.ranges`) read by the grader and the bots.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Callable

from ..scenario.models import Document
from ..scenario.ranges import VITAL_SIGNS
from . import actions as A
from .clock import Priority
from .desk import Desk
from .frame import Frame
from .happenings import SpecimenReturns
from .inbox import Inbox
from .records import Records
from .view import RoomView, WaitingView
from .visits import Visits
from .world import Visit

__all__ = ["BackOffice"]

#: A doctor not briefed on a roomed patient goes in anyway after this long.
_LOOKS_IN_AFTER = 10 * 60


def _same_name(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


class BackOffice:
    """The medical assistant's work: exam rooms, vital signs, the doctor's briefing, specimens."""

    def __init__(self, frame: Frame, desk: Desk, visits: Visits, records: Records, inbox: Inbox):
        self.frame = frame
        self.desk = desk
        self.visits = visits
        self.records = records
        self.inbox = inbox
        self.assisting = frame.scenario.mode == "medical_assistant"
        #: The medical assistants, who may hold lab visits of their own (a draw, no doctor).
        self.assistants = {m.id for m in frame.clinic.staff if m.role == "medical_assistant"}

    def actions(self) -> dict[str, Callable[[Any], None]]:
        """The actions this part of the day takes, by action type."""
        return {"room_patient": self._do_room_patient, "record_vitals": self._do_record_vitals,
                "record_reason": self._do_record_reason, "brief_doctor": self._do_brief_doctor,
                "label_specimen": self._do_label_specimen, "send_specimen": self._do_send_specimen,
                "finish_lab_visit": self._do_finish_lab_visit}

    def happenings(self) -> dict[type, Callable[[Any], None]]:
        """The queued happenings this part of the day handles, by type."""
        return {SpecimenReturns: self._specimen_returns}

    def view(self) -> dict[str, Any]:
        """The waiting room (who waits, since when, who is to be roomed) and the exam rooms: what the assistant
        reads there and has done."""
        now = self.frame.now
        visits = self.visits.visits.values()
        waiting = tuple(
            WaitingView(v.patient, v.checked_in_at or now, v.appointment.at if v.appointment else None, v.informed,
                        v.informed_at, self.needs_rooming(v), v.tag)
            for v in visits if v.state == "waiting"
        )
        rooms = []
        for v in visits:
            if v.state != "roomed" or v.appointment is None:
                continue
            a = v.appointment
            measured = tuple(a.vitals.model_dump(exclude_none=True).items()) if a.vitals is not None else ()
            rooms.append(RoomView(v.patient, measured, a.reason, tuple(x.test for x in a.specimens),
                                  tuple(sorted(v.labels)), tuple(sorted(v.specimens_sent)), v.vitals_recorded,
                                  v.briefed, v.tag, tuple(x.test for x in a.specimens if not x.requisition),
                                  tuple(x.test for x in a.specimens if x.fasting), not a.fasted,
                                  tuple(x.kind for x in a.specimens), self.is_lab(v)))
        return {"waiting": waiting, "rooms": tuple(rooms), "exam_rooms": self.frame.clinic.exam_rooms}

    def needs_rooming(self, visit: Visit) -> bool:
        """In medical-assistant mode, a visit whose appointment has vitals to take is roomed first, and a lab visit
        is roomed for its draw."""
        return (self.assisting and visit.appointment is not None
                and (visit.appointment.vitals is not None or self.is_lab(visit)))

    def is_lab(self, visit: Visit) -> bool:
        """Whether ``visit`` is a lab visit: held by a medical assistant rather than a doctor."""
        return visit.appointment is not None and visit.appointment.with_ in self.assistants

    def ready(self, visit: Visit) -> bool:
        """Whether the doctor can see this patient now: briefed in their room (or roomed a while ago: a doctor
        kept waiting looks in anyway), or not needing rooming at all."""
        if not self.needs_rooming(visit):
            return True
        return visit.state == "roomed" and (visit.briefed or self.frame.now >= (visit.roomed_at or 0) + _LOOKS_IN_AFTER)

    def rooming_facts(self, visit: Visit) -> dict[str, Any]:
        """For the call-in fact: whether a visit that needed rooming had its vitals recorded and the doctor briefed."""
        if not self.needs_rooming(visit):
            return {}
        return {"vitals_recorded": visit.vitals_recorded, "briefed": visit.briefed}

    def _roomed(self, patient: str) -> Visit:
        if not self.assisting:
            raise A.ActionError("Rooming, vitals and specimens are for medical-assistant mode.")
        return self.visits.get(patient, "roomed")

    def _do_room_patient(self, a: A.RoomPatient) -> None:
        if not self.assisting:
            raise A.ActionError("Rooming, vitals and specimens are for medical-assistant mode.")
        visit = self.visits.get(a.patient, "waiting")
        rooms = self.frame.clinic.exam_rooms
        in_rooms = sum(1 for v in self.visits.visits.values() if v.state in ("roomed", "in_exam_room"))
        if in_rooms >= rooms:
            raise A.ActionError(f"All {rooms} exam rooms are in use.")
        self.frame.cancel(visit.timeout)  # in a room, a patient waits for the doctor without walking out
        visit.timeout = None
        visit.room()
        visit.roomed_at = self.frame.now
        self.frame.record("patient_roomed", "M16", patient=a.patient, **visit.mark,
                          waited=self.frame.now - (visit.checked_in_at or self.frame.now))
        self.visits.dispatch(visit, at=self.frame.now + _LOOKS_IN_AFTER)

    def _do_record_vitals(self, a: A.RecordVitals) -> None:
        visit = self._roomed(a.patient)
        self.desk.need_screen()
        truth = visit.appointment.vitals if visit.appointment is not None else None
        visit.vitals_recorded = True
        true = truth.model_dump(mode="json") if truth is not None else {}
        # The signs beyond the usual five and a Celsius temperature are recorded only when the visit measured them
        # or the assistant typed them (so a day that never uses them keeps its facts).
        more = {"temperature_f": a.temperature_f or None, "spo2": a.spo2 or None,
                "pain": a.pain if a.pain >= 0 else None, "glucose": a.glucose or None}
        extra: dict[str, object] = {}
        for sign, typed in more.items():
            if typed is not None or true.get(sign) is not None:
                extra.update({sign: typed, f"true_{sign}": true.get(sign)})
        self.frame.record("vitals_recorded", "M16", patient=a.patient, **visit.mark, pulse=a.pulse,
                          respirations=a.respirations, bp=a.bp, height_cm=a.height_cm, weight_kg=a.weight_kg,
                          temperature_c=a.temperature_c or None,
                          **{f"true_{sign}": true.get(sign) for sign in VITAL_SIGNS + ("temperature_c",)}, **extra)

    def _do_record_reason(self, a: A.RecordReason) -> None:
        visit = self._roomed(a.patient)
        self.desk.need_screen()
        self.frame.record("reason_recorded", "M16", patient=a.patient, **visit.mark, reason=a.reason,
                          true_reason=visit.appointment.reason if visit.appointment is not None else None)

    def _do_brief_doctor(self, a: A.BriefDoctor) -> None:
        visit = self._roomed(a.patient)
        flags = sorted(set(a.flags))
        unknown = [f for f in flags if f not in A.VITAL_FLAGS]
        if unknown:
            raise A.ActionError(f"Flag among: {A.words(A.VITAL_FLAGS)}.")
        if visit.briefed:
            raise A.ActionError("The doctor has already been briefed on this patient.")
        visit.briefed = True
        self.frame.record("doctor_briefed", "M16", patient=a.patient, **visit.mark, flags=flags,
                          vitals_recorded=visit.vitals_recorded)
        self.visits.dispatch(visit)

    def _do_finish_lab_visit(self, a: A.FinishLabVisit) -> None:
        visit = self._roomed(a.patient)
        if not self.is_lab(visit) or visit.appointment is None:
            raise A.ActionError(f"{self.frame.patient_name(a.patient)} is here to see the doctor; brief the doctor "
                                "instead.")
        assistant = visit.appointment.with_
        self.visits.call_in(visit, assistant, self.rooming_facts(visit))
        self.visits.seen(a.patient, assistant)

    def _specimen_tests(self, visit: Visit) -> list[str]:
        return [s.test for s in visit.appointment.specimens] if visit.appointment is not None else []

    @staticmethod
    def _specimen_facts(visit: Visit, test: str) -> dict[str, object]:
        """What a specimen's facts say of it: its kind (the lab's container), and its requisition and fasting when
        either is in question (a specimen with a requisition on file and no fasting says nothing of them)."""
        a = visit.appointment
        spec = next((s for s in a.specimens if s.test == test), None) if a is not None else None
        if a is None or spec is None:
            return {"specimen": None}
        if spec.requisition and not spec.fasting:
            return {"specimen": spec.kind}
        return {"specimen": spec.kind, "requisition": spec.requisition, "fasting": spec.fasting, "fasted": a.fasted}

    def _do_label_specimen(self, a: A.LabelSpecimen) -> None:
        visit = self._roomed(a.patient)
        if a.test not in self._specimen_tests(visit):
            raise A.ActionError(f"No {a.test!r} specimen is ordered for this visit.")
        if a.test in visit.specimens_sent:
            raise A.ActionError(f"The {a.test} specimen has gone to the lab already.")
        visit.labels[a.test] = (a.name, a.dob)
        patient = self.frame.patients[a.patient]
        matches = _same_name(a.name, patient.name) and a.dob.strip() == patient.dob.isoformat()
        self.frame.record("specimen_labelled", "M17", patient=a.patient, **visit.mark, test=a.test, label_name=a.name,
                          label_dob=a.dob, matches_patient=matches, **self._specimen_facts(visit, a.test))
        if not matches:
            self.frame.record("specimen_mislabelled", "M17", patient=a.patient, **visit.mark, test=a.test,
                              label_name=a.name, label_dob=a.dob)

    def _chart_by_label(self, name: str, dob: str) -> str | None:
        """The chart a lab would match a label to: the same name and the same date of birth."""
        try:
            born = dt.date.fromisoformat(dob.strip())
        except ValueError:
            return None
        return next((pid for pid, p in self.frame.patients.items()
                     if p.dob == born and _same_name(p.name, name) and pid in self.records.charts), None)

    def _do_send_specimen(self, a: A.SendSpecimen) -> None:
        visit = self.visits.get(a.patient)
        if a.test not in self._specimen_tests(visit):
            raise A.ActionError(f"No {a.test!r} specimen is ordered for this visit.")
        if a.test in visit.specimens_sent:
            raise A.ActionError(f"The {a.test} specimen has gone to the lab already.")
        label = visit.labels.get(a.test)
        if label is None:
            raise A.ActionError("Label the specimen with two identifiers before it leaves the room.")
        visit.specimens_sent.add(a.test)
        self.frame.record("specimen_sent", "M17", patient=a.patient, **visit.mark, test=a.test, label_name=label[0],
                          label_dob=label[1], **self._specimen_facts(visit, a.test))
        self.frame.schedule(self.frame.now + self.records.lab_delay[a.patient] * 5, Priority.SCENARIO,
                            SpecimenReturns(a.patient, a.test, label, tuple(visit.mark.items())))

    def _specimen_returns(self, h: SpecimenReturns) -> None:
        patient, test, (name, dob) = h.patient, h.test, h.label
        matched = self._chart_by_label(name, dob)
        if matched is None:
            # A lab will not run a specimen it cannot match to a patient: it sends it back to be redrawn.
            self.frame.record("specimen_rejected", "M17", patient=patient, **dict(h.mark), test=test, label_name=name,
                              label_dob=dob)
            return
        self.frame.record("specimen_result_returned", "M17", patient=patient, **dict(h.mark), test=test,
                          result_for=matched)
        lab = next((d.id for d in self.frame.scenario.directory if d.kind == "lab"), None)
        self.inbox.receive(Document.model_construct(kind="lab_result", patient=matched, from_=lab, test=test,
                                                title=f"{test} result"))
