"""Actions: everything a trainee (or a bot, or a replay) can do, as small typed records.

The set is closed: each action is a frozen dataclass registered under its ``type`` name, stamped with the
simulated second ``t`` it happens at. The UI turns clicks into these, bots build them directly, and replays
store them as JSON; :func:`action_from_dict` validates a stored action's fields before the engine sees it.
The engine then checks whether the action is possible *now* and raises :class:`ActionError` if not.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any, ClassVar

from ..scenario.times import parse_clock

__all__ = [
    "Action",
    "ActionError",
    "ACTION_TYPES",
    "action_to_dict",
    "action_from_dict",
    "typed_date_time",
    "words",
    "AnswerCall",
    "HoldCall",
    "ResumeCall",
    "VerifyCaller",
    "Disclose",
    "Decline",
    "RouteCall",
    "TakeMessage",
    "EndCall",
    "OpenChart",
    "BookAppointment",
    "CancelAppointment",
    "GreetPatient",
    "ConfirmIdentity",
    "UpdateChart",
    "CheckIn",
    "RequestResults",
    "InformDelay",
    "BookFollowUp",
    "BookTest",
    "CheckOut",
    "AskTriage",
    "ConsultNurse",
    "AdmitWalkIn",
    "SendToEmergency",
    "FileDocument",
    "QueueRenewal",
    "SetAsideReferral",
    "LockScreen",
    "UnlockScreen",
    "LeaveDesk",
    "ReturnToDesk",
    "ReviewMessage",
    "RecordGreeting",
    "BriefStaff",
    "CheckInbox",
    "PlaceCall",
    "LeaveVoicemail",
    "OfferSlot",
    "ConfirmAppointment",
    "RegisterPatient",
    "RequestMedicationList",
    "ClassifyReferral",
    "BookReferral",
    "NotifyReferrer",
    "MoveBooking",
    "CancelBooking",
    "NoteCard",
    "RoomPatient",
    "RecordVitals",
    "RecordReason",
    "BriefDoctor",
    "FinishLabVisit",
    "LabelSpecimen",
    "SendSpecimen",
    "DISCLOSABLE",
    "IDENTIFIERS",
    "GREETINGS",
    "GREETING_PIECES",
    "VOICEMAIL_PIECES",
    "CALL_PURPOSES",
    "VITAL_FLAGS",
]

#: What can be said about a patient on the phone or at the counter.
DISCLOSABLE = ("appointment", "results", "medication_list", "limited_use_code", "prior_authorization",
               "diagnosis", "billing", "records")
#: What a caller or a patient can be asked to confirm who they are.
IDENTIFIERS = ("name", "dob", "health_card", "phone", "address")
#: The two greetings the desk records on the phone system: one for the open day, one for after hours.
GREETINGS = ("day", "after_hours")
#: What a recorded greeting can be made of. ``patient_message`` speaks to one patient by name (it needs ``patient``).
GREETING_PIECES = ("clinic_name", "hours", "availability", "emergency_advice", "after_hours_line", "patient_message")
#: What a voicemail left for a patient can be made of.
VOICEMAIL_PIECES = ("clinic_name", "callback_number", "patient_name", "appointment_time", "doctor_name",
                    "visit_reason", "test_name", "bring_health_card", "bring_medication_list")
#: Why the desk phones a patient: a freed slot (M2), tomorrow's reminder (M9), a moved appointment (M11).
CALL_PURPOSES = ("waiting_list", "reminder", "reschedule")
#: Which of a patient's numbers the desk dials: the chart's phone, or the number they asked the clinic to use.
CALL_NUMBERS = ("home", "confidential")
#: What a medical assistant can flag in the briefing for the doctor (M16).
VITAL_FLAGS = ("pulse", "respirations", "bp", "temperature_c", "height_cm", "weight_kg", "temperature_f", "spo2", "pain",
               "glucose")


class ActionError(Exception):
    """An action that cannot be taken now; the message is for the student ("The patient is already checked in")."""


@dataclass(frozen=True)
class Action:
    """Base of every action: ``t`` is the simulated second it is taken at."""

    t: int
    type: ClassVar[str] = "action"


ACTION_TYPES: dict[str, type[Action]] = {}


def _register(cls: type[Action]) -> type[Action]:
    ACTION_TYPES[cls.type] = cls
    return cls


# --- phones (M7, M18) ---------------------------------------------------------------------------------------


@_register
@dataclass(frozen=True)
class AnswerCall(Action):
    """Pick up the ringing call on ``line`` (1-based). Any call already active is put on hold first."""

    line: int
    type: ClassVar[str] = "answer_call"


@_register
@dataclass(frozen=True)
class HoldCall(Action):
    """Put the active call on ``line`` on hold."""

    line: int
    type: ClassVar[str] = "hold_call"


@_register
@dataclass(frozen=True)
class ResumeCall(Action):
    """Take the call on ``line`` off hold (the active call, if any, goes on hold)."""

    line: int
    type: ClassVar[str] = "resume_call"


@_register
@dataclass(frozen=True)
class VerifyCaller(Action):
    """Ask the caller on ``line`` to confirm the patient's ``identifiers`` (two are the standard)."""

    line: int
    identifiers: tuple[str, ...]
    type: ClassVar[str] = "verify_caller"


@_register
@dataclass(frozen=True)
class Disclose(Action):
    """Tell the caller on ``line`` one ``item`` about the patient the call concerns."""

    line: int
    item: str
    type: ClassVar[str] = "disclose"


@_register
@dataclass(frozen=True)
class Decline(Action):
    """Refuse the caller's request on ``line``, with the ``reason`` given to them."""

    line: int
    reason: str
    type: ClassVar[str] = "decline"


@_register
@dataclass(frozen=True)
class RouteCall(Action):
    """Transfer the call on ``line`` to staff member ``to``; ``urgent`` interrupts them now."""

    line: int
    to: str
    urgent: bool = False
    type: ClassVar[str] = "route_call"


@_register
@dataclass(frozen=True)
class TakeMessage(Action):
    """Take a message from the caller on ``line`` for staff member ``to``, then end the call."""

    line: int
    to: str
    urgent: bool = False
    type: ClassVar[str] = "take_message"


@_register
@dataclass(frozen=True)
class BookAppointment(Action):
    """Book the caller's patient (on ``line``) on ``date`` (YYYY-MM-DD) at ``at`` (HH:MM) with ``doctor``."""

    line: int
    date: str
    at: str
    doctor: str
    visit_type: str = "follow_up"
    type: ClassVar[str] = "book_appointment"


@_register
@dataclass(frozen=True)
class CancelAppointment(Action):
    """Cancel the caller's patient's appointment on ``date`` (YYYY-MM-DD) at ``at`` (HH:MM)."""

    line: int
    date: str
    at: str
    type: ClassVar[str] = "cancel_appointment"


@_register
@dataclass(frozen=True)
class EndCall(Action):
    """Hang up the call on ``line``."""

    line: int
    type: ClassVar[str] = "end_call"


@_register
@dataclass(frozen=True)
class OpenChart(Action):
    """Open ``patient``'s chart on the screen (to answer a call, or serve someone at the counter)."""

    patient: str
    type: ClassVar[str] = "open_chart"


# --- the counter (M4, M5, M13, M14) ---------------------------------------------------------------------------


@_register
@dataclass(frozen=True)
class GreetPatient(Action):
    """Start serving ``patient``, who is waiting at the counter."""

    patient: str
    type: ClassVar[str] = "greet_patient"


@_register
@dataclass(frozen=True)
class ConfirmIdentity(Action):
    """Ask the patient at the counter to confirm ``identifiers`` (two are the standard)."""

    patient: str
    identifiers: tuple[str, ...]
    type: ClassVar[str] = "confirm_identity"


@_register
@dataclass(frozen=True)
class UpdateChart(Action):
    """Type ``value`` into chart ``field`` of ``patient`` (for example ``phone``, ``address.street``)."""

    patient: str
    field: str
    value: str
    type: ClassVar[str] = "update_chart"


@_register
@dataclass(frozen=True)
class NoteCard(Action):
    """Record what ``patient``'s health or insurance card shows: ``valid``, or the problem (``expired``,
    ``invalid``, ``forgotten``); the clinic's policy for a card problem follows from it."""

    patient: str
    status: str
    type: ClassVar[str] = "note_card"


@_register
@dataclass(frozen=True)
class CheckIn(Action):
    """Check ``patient`` in: they go to the waiting room."""

    patient: str
    type: ClassVar[str] = "check_in"


@_register
@dataclass(frozen=True)
class RequestResults(Action):
    """Ask the lab to send ``patient``'s ``test`` results now."""

    patient: str
    test: str
    type: ClassVar[str] = "request_results"


@_register
@dataclass(frozen=True)
class InformDelay(Action):
    """Tell a waiting ``patient`` that the doctor is running late, and offer to rebook."""

    patient: str
    type: ClassVar[str] = "inform_delay"


@_register
@dataclass(frozen=True)
class BookFollowUp(Action):
    """Book ``patient``'s follow-up on ``date`` (YYYY-MM-DD) at ``at`` (HH:MM) with ``doctor``."""

    patient: str
    date: str
    at: str
    doctor: str
    visit_type: str = "follow_up"
    type: ClassVar[str] = "book_follow_up"


@_register
@dataclass(frozen=True)
class BookTest(Action):
    """Book the ``test`` the doctor ordered for ``patient``."""

    patient: str
    test: str
    type: ClassVar[str] = "book_test"


@_register
@dataclass(frozen=True)
class CheckOut(Action):
    """Finish ``patient``'s visit at the counter; they leave."""

    patient: str
    type: ClassVar[str] = "check_out"


# --- walk-ins (M12) -------------------------------------------------------------------------------------------


@_register
@dataclass(frozen=True)
class AskTriage(Action):
    """Ask the walk-in ``patient`` one triage ``question`` (onset, severity, chest_pain, breathing, ...);
    ``private`` means away from the waiting room, out of other patients' earshot."""

    patient: str
    question: str
    private: bool = False
    type: ClassVar[str] = "ask_triage"


@_register
@dataclass(frozen=True)
class ConsultNurse(Action):
    """Ask the nurse about the walk-in ``patient``; ``private`` means away from the waiting room."""

    patient: str
    private: bool = True
    type: ClassVar[str] = "consult_nurse"


@_register
@dataclass(frozen=True)
class AdmitWalkIn(Action):
    """Add the walk-in ``patient`` to today's schedule: they wait to be seen."""

    patient: str
    type: ClassVar[str] = "admit_walk_in"


@_register
@dataclass(frozen=True)
class SendToEmergency(Action):
    """Send the walk-in ``patient`` to the emergency department."""

    patient: str
    type: ClassVar[str] = "send_to_emergency"


# --- the inbox (M6, M10) --------------------------------------------------------------------------------------


@_register
@dataclass(frozen=True)
class FileDocument(Action):
    """File inbox ``document`` to ``patient``'s chart; ``for_review`` also puts it before the doctor (a result
    the lab flagged abnormal)."""

    document: str
    patient: str
    for_review: bool = False
    type: ClassVar[str] = "file_document"


@_register
@dataclass(frozen=True)
class QueueRenewal(Action):
    """Put the renewal ``document`` in the doctor's queue for signature."""

    document: str
    type: ClassVar[str] = "queue_renewal"


@_register
@dataclass(frozen=True)
class SetAsideReferral(Action):
    """Set the referral ``document`` aside for triage later in the day."""

    document: str
    type: ClassVar[str] = "set_aside_referral"


# --- the desk (M18) -------------------------------------------------------------------------------------------


@_register
@dataclass(frozen=True)
class LockScreen(Action):
    """Lock the computer screen."""

    type: ClassVar[str] = "lock_screen"


@_register
@dataclass(frozen=True)
class UnlockScreen(Action):
    """Unlock the computer screen."""

    type: ClassVar[str] = "unlock_screen"


@_register
@dataclass(frozen=True)
class LeaveDesk(Action):
    """Step away from the desk."""

    type: ClassVar[str] = "leave_desk"


@_register
@dataclass(frozen=True)
class ReturnToDesk(Action):
    """Come back to the desk."""

    type: ClassVar[str] = "return_to_desk"


# --- opening, huddle and closing (M1, M3, M15) ------------------------------------------------------------


@_register
@dataclass(frozen=True)
class ReviewMessage(Action):
    """Listen to voicemail or read email ``message`` (an id such as ``V1`` or ``E2``)."""

    message: str
    type: ClassVar[str] = "review_message"


@_register
@dataclass(frozen=True)
class RecordGreeting(Action):
    """Record the phone ``greeting`` (``day`` or ``after_hours``) from ``pieces``; ``patient`` for a
    ``patient_message`` piece."""

    greeting: str
    pieces: tuple[str, ...]
    patient: str = ""
    type: ClassVar[str] = "record_greeting"


@_register
@dataclass(frozen=True)
class BriefStaff(Action):
    """Pass ``message`` (a voicemail or email id) to staff member ``to``; ``urgent`` marks its priority."""

    to: str
    message: str
    urgent: bool = False
    type: ClassVar[str] = "brief_staff"


@_register
@dataclass(frozen=True)
class CheckInbox(Action):
    """Go through the inbox and the messages once more (the closing check)."""

    type: ClassVar[str] = "check_inbox"


# --- outbound calls (M2, M9, M11) -----------------------------------------------------------------------------


@_register
@dataclass(frozen=True)
class PlaceCall(Action):
    """Phone ``patient`` on a free line, for ``purpose`` (``waiting_list``, ``reminder`` or ``reschedule``), at
    ``number``: ``home`` (the chart's phone) or ``confidential`` (the number they asked the clinic to use)."""

    patient: str
    purpose: str
    number: str = "home"
    type: ClassVar[str] = "place_call"


@_register
@dataclass(frozen=True)
class LeaveVoicemail(Action):
    """The call on ``line`` reached voicemail: leave a message made of ``pieces``, then hang up."""

    line: int
    pieces: tuple[str, ...]
    type: ClassVar[str] = "leave_voicemail"


@_register
@dataclass(frozen=True)
class OfferSlot(Action):
    """Offer the patient on ``line`` today's freed slot at ``at`` (HH:MM) with ``doctor``, as ``visit_type``."""

    line: int
    at: str
    doctor: str
    visit_type: str = "follow_up"
    type: ClassVar[str] = "offer_slot"


@_register
@dataclass(frozen=True)
class ConfirmAppointment(Action):
    """The patient on ``line`` confirms the appointment the reminder call is about."""

    line: int
    type: ClassVar[str] = "confirm_appointment"


# --- new patients (M8) ----------------------------------------------------------------------------------------


@_register
@dataclass(frozen=True)
class RegisterPatient(Action):
    """Create a chart for the first-time ``patient`` being served at the counter."""

    patient: str
    type: ClassVar[str] = "register_patient"


@_register
@dataclass(frozen=True)
class RequestMedicationList(Action):
    """Ask ``patient``'s pharmacy to fax their medication list."""

    patient: str
    type: ClassVar[str] = "request_medication_list"


# --- referrals (M10) ------------------------------------------------------------------------------------------


@_register
@dataclass(frozen=True)
class ClassifyReferral(Action):
    """Sort the referral ``document`` by ``urgency`` (``urgent``, ``semi_urgent`` or ``routine``)."""

    document: str
    urgency: str
    type: ClassVar[str] = "classify_referral"


@_register
@dataclass(frozen=True)
class BookReferral(Action):
    """Book the referred patient of ``document`` on ``date`` at ``at`` with ``doctor``."""

    document: str
    date: str
    at: str
    doctor: str
    visit_type: str = "new_patient"
    type: ClassVar[str] = "book_referral"


@_register
@dataclass(frozen=True)
class NotifyReferrer(Action):
    """Fax the referring physician of ``document`` the date of the booked appointment."""

    document: str
    type: ClassVar[str] = "notify_referrer"


# --- rescheduling (M11) ---------------------------------------------------------------------------------------


@_register
@dataclass(frozen=True)
class MoveBooking(Action):
    """Move ``patient``'s booking on ``date`` at ``at`` to ``to_date`` at ``to_at`` (same doctor)."""

    patient: str
    date: str
    at: str
    to_date: str
    to_at: str
    type: ClassVar[str] = "move_booking"


@_register
@dataclass(frozen=True)
class CancelBooking(Action):
    """Take ``patient``'s booking on ``date`` at ``at`` out of the book (a visit they no longer need)."""

    patient: str
    date: str
    at: str
    type: ClassVar[str] = "cancel_booking"


# --- the back office (M16, M17) -------------------------------------------------------------------------------


@_register
@dataclass(frozen=True)
class RoomPatient(Action):
    """Take a waiting ``patient`` to a free exam room (medical-assistant mode)."""

    patient: str
    type: ClassVar[str] = "room_patient"


@_register
@dataclass(frozen=True)
class RecordVitals(Action):
    """Record the roomed ``patient``'s vital signs as measured."""

    patient: str
    pulse: int
    respirations: int
    bp: str
    height_cm: float
    weight_kg: float
    #: Degrees Celsius; 0 when the temperature was not taken.
    temperature_c: float = 0.0
    #: The other signs a visit may ask for; 0 (for the pain score, -1) when not taken.
    temperature_f: float = 0.0
    spo2: int = 0
    pain: int = -1
    glucose: float = 0.0
    type: ClassVar[str] = "record_vitals"


@_register
@dataclass(frozen=True)
class RecordReason(Action):
    """Record the roomed ``patient``'s reason for the visit, in their words."""

    patient: str
    reason: str
    type: ClassVar[str] = "record_reason"


@_register
@dataclass(frozen=True)
class BriefDoctor(Action):
    """Tell the doctor the roomed ``patient`` is ready, flagging the vital signs in ``flags`` as out of range."""

    patient: str
    flags: tuple[str, ...] = ()
    type: ClassVar[str] = "brief_doctor"


@_register
@dataclass(frozen=True)
class FinishLabVisit(Action):
    """The roomed ``patient``'s lab visit (held by the medical assistant, no doctor) is done: they go back to the
    counter to check out."""

    patient: str
    type: ClassVar[str] = "finish_lab_visit"


@_register
@dataclass(frozen=True)
class LabelSpecimen(Action):
    """Label the roomed ``patient``'s ``test`` specimen with a name and a date of birth (YYYY-MM-DD)."""

    patient: str
    test: str
    name: str
    dob: str
    type: ClassVar[str] = "label_specimen"


@_register
@dataclass(frozen=True)
class SendSpecimen(Action):
    """Send ``patient``'s labelled ``test`` specimen to the lab."""

    patient: str
    test: str
    type: ClassVar[str] = "send_specimen"


# --- serialisation -------------------------------------------------------------------------------------------


def action_to_dict(action: Action) -> dict[str, Any]:
    """The action as plain JSON data: ``{"t": ..., "type": ..., fields...}``."""
    data: dict[str, Any] = {"t": action.t, "type": action.type}
    for f in dataclasses.fields(action):
        if f.name != "t":
            value = getattr(action, f.name)
            data[f.name] = list(value) if isinstance(value, tuple) else value
    return data


#: How each field type of an action is checked when read back from JSON: strictly, since a stored
#: `"line": "1"` or `"t": true` is damage, not something to coerce.
_FIELD_CHECKS: dict[str, Any] = {
    "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "str": lambda v: isinstance(v, str),
    "bool": lambda v: isinstance(v, bool),
    "float": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "tuple[str, ...]": lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v),
}
_FIELD_WORDS = {"int": "a whole number", "float": "a number", "str": "text", "bool": "true or false", "tuple[str, ...]": "a list of text"}


def action_from_dict(data: Any) -> Action:
    """Rebuild an action from :func:`action_to_dict`'s data; raises ``ValueError`` saying what is wrong."""
    if not isinstance(data, dict):
        raise ValueError("an action is a JSON object")
    kind = data.get("type")
    cls = ACTION_TYPES.get(kind) if isinstance(kind, str) else None
    if cls is None:
        raise ValueError(f"unknown action type {kind!r}")
    fields = {f.name: f for f in dataclasses.fields(cls)}
    extra = set(data) - set(fields) - {"type"}
    if extra:
        raise ValueError(f"{kind}: unknown field(s) {', '.join(sorted(extra))}")
    values: dict[str, Any] = {}
    for name, f in fields.items():
        if name not in data:
            if f.default is dataclasses.MISSING:
                raise ValueError(f"{kind}: {name}: missing")
            continue
        value = data[name]
        if not _FIELD_CHECKS[str(f.type)](value):
            raise ValueError(f"{kind}: {name}: should be {_FIELD_WORDS[str(f.type)]}, not {value!r}")
        values[name] = tuple(value) if isinstance(value, list) else value
    return cls(**values)


def words(ids: tuple[str, ...] | list[str]) -> str:
    """Identifiers as a person reads them: ``("clinic_name", "bp")`` → ``clinic name, bp``."""
    return ", ".join(i.replace("_", " ") for i in ids)


def typed_date_time(date: str, at: str) -> tuple[str, int]:
    """A date and a clock time as typed at the desk (``2026-03-05``, ``9:30``), as an ISO date and seconds;
    an :class:`ActionError` saying how to write them otherwise."""
    try:
        return dt.date.fromisoformat(date).isoformat(), parse_clock(at)
    except ValueError:
        raise ActionError("Give the date as YYYY-MM-DD and the time as HH:MM.") from None
