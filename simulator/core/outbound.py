"""Calls the desk places to patients (M2, M9, M11): filling a freed slot from the waiting list, tomorrow's
reminders, and telling a patient their appointment moved.

An outbound call takes a free line and is either answered
(state ``active``; the trainee can verify, disclose, book, cancel, confirm, offer a slot) or reaches voicemail
(state ``voicemail``; the trainee leaves a message made of pieces, whose content is recorded so the grader can
judge what was said). Whether a patient picks up, how fast they can get here and how they answer a reminder were
drawn when the day was planned.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Callable

from ..scenario.book import patient_available
from ..scenario.models import Appointment, Call as CallScript
from ..scenario.times import format_clock, parse_clock
from . import actions as A
from .appointments import Appointments
from .desk import Desk
from .frame import Frame
from .phones import Phones
from .records import Records
from .visits import Visits
from .world import Call

__all__ = ["OutboundCalls"]

#: Seconds a patient the desk phoned stays on hold before giving up.
_OUTBOUND_HOLD = 120


class OutboundCalls:
    """Calls placed by the desk, and how each patient answers them."""

    def __init__(self, frame: Frame, desk: Desk, phones: Phones, appointments: Appointments, visits: Visits,
                 records: Records):
        self.frame = frame
        self.desk = desk
        self.phones = phones
        self.appointments = appointments
        self.visits = visits
        self.records = records
        #: Each patient's dice, drawn when the day is planned: picks up, minutes to get here, reply to a reminder.
        self.dice: dict[str, tuple[bool, int, str]] = {}

    def actions(self) -> dict[str, Callable[[Any], None]]:
        """The actions this part of the day takes, by action type."""
        return {"place_call": self._do_place_call, "leave_voicemail": self._do_leave_voicemail,
                "confirm_appointment": self._do_confirm_appointment, "offer_slot": self._do_offer_slot}

    def _do_place_call(self, a: A.PlaceCall) -> None:
        if a.purpose not in A.CALL_PURPOSES:
            raise A.ActionError(f"Call a patient for one of: {A.words(A.CALL_PURPOSES)}.")
        patient = self.frame.patients.get(a.patient)
        if patient is None:
            raise A.ActionError(f"No patient has the id {a.patient!r}.")
        if a.number not in A.CALL_NUMBERS:
            raise A.ActionError(f"Dial one of: {A.words(A.CALL_NUMBERS)}.")
        if a.number == "confidential" and not patient.confidential_phone:
            raise A.ActionError(f"{patient.name} has not asked to be called at another number.")
        if a.number == "home" and not patient.phone:
            raise A.ActionError(f"{patient.name} has no phone number on file.")
        self.desk.need_screen()
        free = self.phones.free_lines()
        if not free:
            raise A.ActionError("Every line is busy; finish a call first.")
        self.phones.hold_active()
        answers, _, reply = self.dice[a.patient]
        wants, booking = "confirm", None
        if a.purpose == "waiting_list":
            wants = "book"
        elif a.purpose == "reminder" and self.frame.scenario.reminders is not None:
            day = self.frame.scenario.reminders.date.isoformat()
            booking = next((k for k in self.appointments.ledger.of(a.patient) if k[0] == day), None)
            wants = reply
        elif a.purpose == "reschedule":
            booking = self.appointments.moved_to.get(a.patient)
        script = CallScript.model_construct(
            caller="patient", name=patient.name, about=a.patient, wants=wants,  # type: ignore[arg-type]
            date=dt.date.fromisoformat(booking[0]) if booking else None, appointment=booking[2] if booking else None)
        # Someone the desk phoned will hold a couple of minutes while the desk answers another line.
        call = Call(self.phones.next_id(), script, free[0], self.frame.now, outbound=True, purpose=a.purpose,
                    booking=booking, hold_left=_OUTBOUND_HOLD)
        call.answered_at = self.frame.now
        self.phones.connect(call, "active" if answers else "voicemail")
        self.phones.listen(call)
        # Which number was dialled matters only for a patient who asked not to be called at home.
        number = {"number": a.number} if patient.confidential_phone else {}
        self.frame.record("call_placed", call.mechanic, call=call.id, line=call.line, patient=a.patient,
                          purpose=a.purpose, answered=answers, says=wants if answers else None, **number)

    def _do_leave_voicemail(self, a: A.LeaveVoicemail) -> None:
        call = self.phones.call_on(a.line, "voicemail")
        pieces = tuple(dict.fromkeys(a.pieces))
        unknown = [p for p in pieces if p not in A.VOICEMAIL_PIECES]
        if not pieces or unknown:
            raise A.ActionError(f"A voicemail is made of: {A.words(A.VOICEMAIL_PIECES)}.")
        call.handled = True
        patient = call.script.about
        self.phones.end(call)
        self.frame.record("voicemail_message_left", call.mechanic, call=call.id, patient=patient,
                          purpose=call.purpose, pieces=list(pieces), **self._voicemail_content(call, pieces))

    def _voicemail_content(self, call: Call, pieces: tuple[str, ...]) -> dict[str, Any]:
        """What the pieces said in words, for the ones that name something about the patient's care."""
        said: dict[str, Any] = {}
        patient = call.script.about or ""
        entry = self.appointments.bookings.get(call.booking) if call.booking else None
        if "appointment_time" in pieces and call.booking is not None:
            said["said_appointment"] = f"{call.booking[0]} {format_clock(call.booking[2])}"
        if "visit_reason" in pieces:
            said["said_reason"] = (entry.visit_type if entry is not None
                                   else self.appointments.waiting_list.get(patient, "the visit")).replace("_", " ")
        if "doctor_name" in pieces and call.booking is not None:
            said["said_doctor"] = self.appointments.doctor_names[call.booking[1]]
        if "test_name" in pieces:
            said["said_tests"] = sorted(self.records.results_on_file.get(patient, ()))
        return said

    def _do_confirm_appointment(self, a: A.ConfirmAppointment) -> None:
        call = self.phones.call_on(a.line, "active")
        if call.purpose != "reminder":
            raise A.ActionError("Confirming is for a reminder call.")
        if call.script.wants != "confirm":
            raise A.ActionError(f"{call.script.name} does not want to keep it: they ask to {call.script.wants}.")
        call.handled = True
        s = call.script
        self.frame.record("appointment_confirmed", "M9", call=call.id, patient=s.about,
                          date=s.date.isoformat() if s.date else None,
                          at=format_clock(s.appointment) if s.appointment is not None else None,
                          identity_verified=call.verified)

    def _do_offer_slot(self, a: A.OfferSlot) -> None:
        call = self.phones.call_on(a.line, "active")
        if call.purpose != "waiting_list":
            raise A.ActionError("Offer a freed slot on a call to someone on the waiting list.")
        try:
            at = parse_clock(a.at)
        except ValueError:
            raise A.ActionError("Give the time as HH:MM.") from None
        slot = self.visits.freed.get((a.doctor, at))
        if slot is None:
            doctor = self.appointments.doctor_names.get(a.doctor, a.doctor)
            raise A.ActionError(f"No slot was freed at {format_clock(at)} with {doctor} today.")
        if slot["filled_by"] is not None:
            raise A.ActionError(f"The {format_clock(at)} slot is already filled.")
        if a.visit_type not in self.frame.clinic.visit_types:
            raise A.ActionError(f"The clinic has no visit type {a.visit_type.replace('_', ' ')!r}.")
        patient = call.script.about or ""
        waiting_list = self.appointments.waiting_list
        if patient not in waiting_list:
            raise A.ActionError(f"{call.script.name} is not on the waiting list.")
        today = self.visits.visits
        if patient in today and today[patient].state not in ("cancelled", "no_show"):
            raise A.ActionError(f"{call.script.name} already has a visit today.")
        self.desk.need_screen()
        call.handled = True
        _, travel, _ = self.dice[patient]
        minutes = self.frame.clinic.visit_types[a.visit_type]
        available = patient_available(self.frame.patients[patient], self.frame.scenario.date, at, minutes)
        base = dict(call=call.id, patient=patient, doctor=a.doctor, at=format_clock(at),
                    visit_type=a.visit_type, identity_verified=call.verified,
                    waiting_for=waiting_list.get(patient))
        now = self.frame.now
        if at < now + travel or not available:
            self.frame.record("slot_offer_declined", "M2", **base,
                              reason="cannot get there in time" if available else "not free then")
            return
        slot["filled_by"] = patient
        appointment = Appointment.model_construct(at=at, patient=patient, with_=a.doctor, type=a.visit_type)
        # They leave now and come straight in: a few minutes before the slot, or as soon as they can get here.
        self.visits.add_booked(appointment, max(now + travel, at - 10 * 60))
        # They wanted an earlier visit instead of the later one they hold with this doctor, of the kind they wait for.
        wanted = waiting_list.get(patient)
        released = next((k for k in self.appointments.ledger.of(patient)
                         if k[1] == a.doctor and self.appointments.bookings[k].visit_type == wanted), None)
        if released is not None:
            self.appointments.unbook(released)
        self.frame.record("slot_filled", "M2", **base, minutes=minutes, freed_type=slot["type"],
                          freed_minutes=slot["minutes"], gap_minutes=self.visits.gap_minutes(a.doctor, at),
                          released=f"{released[0]} {format_clock(released[2])}" if released else None)
