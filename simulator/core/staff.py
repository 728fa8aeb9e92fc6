"""The clinic's staff (M13): who is in, the doctors' days (arrival, away windows, delays) and which patient each
doctor sees next.

A doctor calls in the next ready patient as soon as they are free: walk-ins the nurse sent in first, then booked
patients at their time (never before it), then walk-ins admitted without asking the nurse. In medical-assistant
mode a patient who must be roomed is ready once roomed and briefed (see :class:`~simulator.core.backoffice.BackOffice`).
"""

from __future__ import annotations

from typing import Any, Callable

from ..scenario.models import DoctorDelay, StaffMember
from ..scenario.times import format_clock
from . import actions as A
from .backoffice import BackOffice
from .clock import Priority
from .frame import Frame
from .happenings import Dispatch, VisitEnds
from .visits import Visits
from .world import Doctor

__all__ = ["Staff"]


class Staff:
    """The doctors' days and the staff's presence."""

    def __init__(self, frame: Frame, visits: Visits, back_office: BackOffice):
        self.frame = frame
        self.visits = visits
        self.back_office = back_office
        clinic = frame.clinic
        self.doctors: dict[str, Doctor] = {
            m.id: Doctor(m.id, m.name, m.arrives if m.arrives is not None else clinic.opens,
                         tuple((w.from_, w.until) for w in m.away), m.leaves)
            for m in clinic.staff if m.role == "doctor"
        }

    def happenings(self) -> dict[type, Callable[[Any], None]]:
        """The queued happenings this part of the day handles, by type."""
        return {Dispatch: self._dispatch, VisitEnds: self._visit_ends}

    def view(self) -> dict[str, Any]:
        """Who is with each doctor, and which staff are in the office now."""
        return {"with_doctor": tuple((d.id, d.with_patient) for d in self.doctors.values() if d.with_patient),
                "staff_present": tuple(m.id for m in self.frame.clinic.staff if self.is_present(m))}

    def plan(self) -> None:
        """Each doctor starts looking for patients from the moment they are in."""
        for doctor in self.doctors.values():
            self.frame.schedule(doctor.free_from(self.frame.start), Priority.DISPATCH, Dispatch(doctor.id))

    # --- who is in ---------------------------------------------------------------------------------------

    def is_present(self, member: StaffMember) -> bool:
        """Whether a staff member is in the office now: arrived, and not out."""
        now = self.frame.now
        arrives = member.arrives if member.arrives is not None else self.frame.clinic.opens
        gone = member.leaves is not None and now >= member.leaves
        return now >= arrives and not gone and not any(w.from_ <= now < w.until for w in member.away)

    def present(self, staff_id: str) -> StaffMember:
        """The staff member ``staff_id``, who must be in now; refused in words otherwise."""
        member = self.member(staff_id)
        now = self.frame.now
        arrives = member.arrives if member.arrives is not None else self.frame.clinic.opens
        if now < arrives:
            raise A.ActionError(f"{member.name} is not in yet (arrives at {format_clock(arrives)}).")
        if member.leaves is not None and now >= member.leaves:
            raise A.ActionError(f"{member.name} has left for the day (at {format_clock(member.leaves)}).")
        away = next((w for w in member.away if w.from_ <= now < w.until), None)
        if away is not None:
            raise A.ActionError(f"{member.name} is out until {format_clock(away.until)}.")
        return member

    def member(self, staff_id: str) -> StaffMember:
        """The staff member ``staff_id``; refused in words when nobody has that id."""
        member = next((m for m in self.frame.clinic.staff if m.id == staff_id), None)
        if member is None:
            raise A.ActionError(f"Nobody on staff has the id {staff_id!r}.")
        return member

    # --- the doctors -------------------------------------------------------------------------------------

    def delay(self, body: DoctorDelay) -> None:
        """The doctor falls behind by ``body.minutes`` (the scenario's event)."""
        doctor = self.doctors[body.doctor]
        extra = body.minutes * 60
        doctor.busy_until = doctor.free_from(self.frame.now) + extra  # late on top of not being here yet, or away
        if doctor.visit_end is not None:
            self.frame.cancel(doctor.visit_end)
            doctor.visit_end = self.frame.schedule(doctor.visit_end.time + extra, Priority.FINISH, VisitEnds(doctor.id))
        self.frame.record("doctor_delayed", "M13", doctor=doctor.id, minutes=body.minutes, reason=body.reason)

    def _dispatch(self, h: Dispatch) -> None:
        doctor = self.doctors[h.doctor]
        if doctor.with_patient is not None:
            return
        now = self.frame.now
        free = doctor.free_from(now)
        if doctor.leaves is not None and free >= doctor.leaves:
            return  # gone for the day: whoever is still waiting will not be seen by this doctor
        if free > now:
            self.frame.schedule(free, Priority.DISPATCH, Dispatch(h.doctor))
            return
        waiting = [v for v in self.visits.visits.values()
                   if v.state in ("waiting", "roomed") and self.visits.seen_by(v, h.doctor)
                   and self.back_office.ready(v)]
        # A booked patient is called in at their time, not before; a walk-in as soon as the doctor is free.
        due = [v for v in waiting if v.appointment is None or v.appointment.at <= now]
        if not due:
            if waiting:
                first = min(v.appointment.at for v in waiting if v.appointment is not None)
                self.frame.schedule(first, Priority.DISPATCH, Dispatch(h.doctor))
            return
        visit = min(due, key=lambda v: v.order_key)
        doctor.with_patient = visit.patient
        seconds = self.visits.call_in(visit, h.doctor, self.back_office.rooming_facts(visit))
        doctor.visit_end = self.frame.schedule(now + seconds, Priority.FINISH, VisitEnds(h.doctor))

    def _visit_ends(self, h: VisitEnds) -> None:
        doctor = self.doctors[h.doctor]
        doctor.visit_end = None
        patient = doctor.with_patient or ""
        doctor.with_patient = None
        self.visits.seen(patient, h.doctor)
        self.frame.schedule(self.frame.now, Priority.DISPATCH, Dispatch(h.doctor))
