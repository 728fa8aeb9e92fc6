"""The scenario format, version 1, as frozen pydantic models.

These classes are the instructors' contract: the JSON Schema that editors use for autocompletion is generated
from them (``frontdesk schema``), and ``docs/authoring.md`` documents every field. Each field's ``description``
is what an editor shows on hover, so it is written for an instructor.

Values arrive from :mod:`simulator.scenario.yamlread` as strings; the annotated types below read them as the
instructor meant (times, durations, dates, identifiers with leading zeros). Cross-references between parts of
a scenario (a patient named in an event exists, a doctor is not double-booked) are checked afterwards in
:mod:`simulator.scenario.checks`, once the whole file is known.
"""

from __future__ import annotations

import datetime as dt
import re
import typing
from typing import Annotated, Any, Literal, Union

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    PlainSerializer,
    Tag,
    WithJsonSchema,
    field_validator,
)

from .times import format_clock, format_days, parse_clock, parse_days, parse_minutes

__all__ = [
    "FORMAT_VERSION",
    "Scenario",
    "Clinic",
    "StaffMember",
    "Patient",
    "GeneratePatients",
    "HealthCard",
    "Insurance",
    "Address",
    "Contact",
    "Availability",
    "Appointment",
    "Booking",
    "WaitingListEntry",
    "Reminders",
    "Event",
    "EVENT_KINDS",
    "Message",
    "Call",
    "Arrival",
    "WalkIn",
    "DoctorDelay",
    "Document",
    "AwayDay",
    "Vitals",
    "Specimen",
    "Orders",
    "Rubric",
    "DirectoryEntry",
    "TRIAGE_QUESTIONS",
    "TAG_PREFIX",
    "TAGGED_MODELS",
    "WEEKDAYS",
    "event_kind",
]

FORMAT_VERSION = 1
#: Union members are tagged ``kind:<name>``; validation errors carry the tag in their location.
TAG_PREFIX = "kind:"


class Model(BaseModel):
    """Base of every scenario part: immutable, and unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


# --- value types ------------------------------------------------------------------------------------------

ClockTime = Annotated[
    int,
    BeforeValidator(parse_clock),
    PlainSerializer(format_clock, return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^\s*\d{1,2}(:\d{2}(:\d{2})?)?\s*([aApP]\.?\s*[mM]\.?)?\s*$",
            "description": "A clock time: 8:00, 08:00, 14:30, 2:30 pm, or 9:05:30.",
        }
    ),
]
"""Seconds since midnight, written as a clock time."""

Days = Annotated[
    int,
    BeforeValidator(parse_days),
    PlainSerializer(format_days, return_type=str),
    WithJsonSchema(
        {
            "type": ["string", "integer"],
            "pattern": r"^\s*\d+\s*(days?|d|weeks?|wks?|w|months?|years?|yrs?)?\s*$",
            "description": "A number of days: 2 days, 1 week, 6 weeks, 3 months (a month counts as 30 days).",
        }
    ),
]
"""A whole number of days, written in days or weeks."""

Minutes = Annotated[
    int,
    BeforeValidator(parse_minutes),
    WithJsonSchema(
        {
            "type": ["integer", "string"],
            "pattern": r"^\s*\d+\s*(minutes?|mins?|m|hours?|hr|h)?\s*$",
            "description": "Minutes: 15, 45 minutes, or 1 hour.",
        }
    ),
]
"""A whole number of minutes."""


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _digits_only(value: Any) -> Any:
    """Identifiers are strings of digits; drop the spaces and dashes people type between groups."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str):
        return re.sub(r"[\s-]", "", value)
    return value


Id = Annotated[
    str,
    BeforeValidator(_strip),
    Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"),
]
"""A short name that other parts of the scenario use to refer to a thing: letters, digits, ``_``, ``-``, ``.``."""

Text = Annotated[str, BeforeValidator(_strip), Field(min_length=1)]

Phone = Annotated[
    str,
    BeforeValidator(_strip),
    Field(pattern=r"^\+?[0-9 ().-]{7,24}$"),
    WithJsonSchema({"type": ["string", "integer"], "description": "A phone number, e.g. 416-555-0142."}),
]

CardNumber = Annotated[
    str,
    BeforeValidator(_digits_only),
    Field(pattern=r"^[0-9A-Za-z]{4,20}$"),
    WithJsonSchema(
        {
            "type": ["string", "integer"],
            "description": "The card or member number; spaces and dashes are ignored. Quote it if it starts with 0.",
        }
    ),
]
"""A health-card or member number. Leading zeros are kept: ``0712345677`` stays ten characters."""

PostalCode = Annotated[
    str,
    BeforeValidator(_strip),
    WithJsonSchema({"type": ["string", "integer"], "description": "Postal or ZIP code; leading zeros are kept."}),
]

Urgency = Literal["urgent", "semi_urgent", "routine"]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[str, ...] = typing.get_args(Weekday)

TriageQuestion = Literal[
    "onset", "severity", "location", "chest_pain", "breathing", "bleeding", "fever", "dizziness", "medications",
    "allergies", "history",
]
#: The triage questions a trainee can ask a walk-in; the scenario supplies the answers.
TRIAGE_QUESTIONS: tuple[str, ...] = typing.get_args(TriageQuestion)


def _strict_bool(value: Any) -> Any:
    """Only YAML 1.2's true/false, as editors read them: `yes`, `on` or `1` would mean text to an editor."""
    if isinstance(value, str):
        word = value.strip()
        if word in ("true", "True", "TRUE"):
            return True
        if word in ("false", "False", "FALSE"):
            return False
        raise ValueError(f"{value!r} is not true or false; write true or false")
    return value


Flag = Annotated[bool, BeforeValidator(_strict_bool)]
"""``true`` or ``false``."""

PositiveMinutes = Annotated[Minutes, Field(ge=1)]
"""Minutes, at least one: a visit or a delay of zero minutes is a mistake."""


# --- the clinic ---------------------------------------------------------------------------------------------


class Window(Model):
    """A stretch of time on the day, from one clock time until another."""

    from_: ClockTime = Field(alias="from", description="When it starts.")
    until: ClockTime = Field(description="When it ends.")


class StaffMember(Model):
    """A person who works at the clinic."""

    id: Id
    role: Literal["doctor", "nurse", "medical_assistant"] = Field(description="doctor, nurse or medical_assistant.")
    name: Text
    arrives: ClockTime | None = Field(
        None, description="When they arrive (the huddle happens then); default: opening. May be before opening: a "
                          "doctor who starts early sees patients booked before the doors open.")
    leaves: ClockTime | None = Field(
        None, description="When they leave today; default: they stay until the last patient is seen. A doctor sees "
                          "nobody after it.")
    away: tuple[Window, ...] = Field((), description="Times today they are out of the office (hospital rounds, meetings).")


class Guidelines(Model):
    """The office's own rules the trainee must follow."""

    referral_urgency: dict[Urgency, Days] = Field(
        default_factory=lambda: {"urgent": 2, "semi_urgent": 14, "routine": 90},  # type: ignore[arg-type]
        description="How soon a referral of each urgency must be seen.",
    )
    urgent_rebook_within: Days = Field(
        7, description="An urgent booking moved off an away day must be rebooked within this many days of it."
    )


class Address(Model):
    """A postal address, compared field by field (St. and Street count as the same)."""

    street: Text
    city: Text
    region: Text = Field(description="Province or state, e.g. ON or MA.")
    postal: PostalCode


class DirectoryEntry(Model):
    """Someone outside the clinic the desk deals with: a lab, a pharmacy, another physician, a hospital."""

    id: Id
    kind: Literal["lab", "pharmacy", "physician", "hospital", "insurer", "other"]
    name: Text
    phone: Phone | None = None
    fax: Phone | None = None


class Clinic(Model):
    """The office: its hours, phones, staff, visit types and guidelines."""

    name: Text
    name_reveals_care: Flag = Field(
        False, description="True when the clinic's name itself tells what care a patient gets (a fertility, HIV or "
                           "addiction clinic): then the name is left off voicemails, as a test or a reason would be.")
    phone: Phone | None = None
    address: Address | None = None
    opens: ClockTime = Field(8 * 3600, description="Opening time; default 8:00.")
    closes: ClockTime = Field(17 * 3600, description="Closing time; default 17:00.")
    days: tuple[Weekday, ...] = Field(("mon", "tue", "wed", "thu", "fri"), description="Weekdays the office is open.")
    lunch: Window | None = Field(None, description="The desk's lunch break (the trainee must lock the screen).")
    phone_lines: int = Field(2, ge=1, le=8, description="How many phone lines ring at the desk.")
    slot_minutes: int = Field(15, ge=5, le=60, description="The grid of the appointment book, in minutes.")
    staff: tuple[StaffMember, ...] = Field(min_length=1)
    visit_types: dict[Id, PositiveMinutes] = Field(
        default_factory=lambda: {"follow_up": 15, "new_patient": 30, "urgent": 15},
        description="Visit types and their length in minutes.",
    )
    guidelines: Guidelines = Field(default_factory=Guidelines)
    exam_rooms: int = Field(
        2, ge=1, le=12, description="Exam rooms the medical assistant can room patients in (medical_assistant mode)."
    )


# --- patients -----------------------------------------------------------------------------------------------


class HealthCard(Model):
    """An Ontario health card (OHIP): number with a check digit, a version code and an expiry date."""

    number: CardNumber
    version: str = Field("", description="Version code: 0 to 2 capital letters.")
    expires: dt.date | None = None
    invalid: Flag = Field(False, description="True when the card is wrong on purpose, as a trap for the trainee.")

    @field_validator("version", mode="before")
    @classmethod
    def _version(cls, value: Any) -> Any:
        return "" if value is None else (value.strip() if isinstance(value, str) else value)


class Insurance(Model):
    """A US insurance card: the payer and the member ID."""

    payer: Text
    member_id: CardNumber
    group: str | None = None
    expires: dt.date | None = None
    invalid: Flag = Field(False, description="True when the card is wrong on purpose, as a trap for the trainee.")


class Contact(Model):
    """A person connected to the patient: family, a caregiver."""

    name: Text
    relationship: Text = Field(description="e.g. spouse, ex-spouse, daughter, caregiver.")
    phone: Phone | None = None
    authorised: Flag = Field(False, description="True when the patient has consented to share information with them.")
    court_order: Text | None = Field(
        None, description="A minor's parent or guardian whose authority a court order limits (what it says, e.g. no "
                          "access to medical information): they are not the minor's representative.")


class Availability(Model):
    """When a patient can come in, for rebooking."""

    days: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri")
    from_: ClockTime | None = Field(None, alias="from")
    until: ClockTime | None = None


class Patient(Model):
    """A synthetic patient: the truth the chart is compared with."""

    id: Id
    name: Text
    dob: dt.date = Field(description="Date of birth, YYYY-MM-DD.")
    sex: Literal["female", "male", "other"] | None = None
    phone: Phone | None = None
    confidential_phone: Phone | None = Field(
        None, description="The number the patient asked the clinic to call instead of `phone` (a teenager's own "
                          "cell, not the family's home): every call to them goes there.")
    email: str | None = None
    address: Address | None = None
    health_card: HealthCard | None = Field(None, description="Ontario scenarios.")
    insurance: Insurance | None = Field(None, description="US scenarios.")
    allergies: tuple[Text, ...] = ()
    medications: tuple[Text, ...] = ()
    results_on_file: tuple[Text, ...] = Field((), description="Tests whose results are already in the chart.")
    contacts: tuple[Contact, ...] = ()
    pharmacy: Id | None = Field(None, description="The patient's pharmacy (a directory id).")
    new: Flag = Field(False, description="A first-time patient: no chart yet; the trainee registers them.")
    brings_medication_list: Flag = Field(True, description="False when they forget it and the pharmacy must send it.")
    answers_phone: Flag = Field(True, description="False when outbound calls reach voicemail.")
    available: Availability | None = Field(None, description="When they can come in, for rebooking.")


class GeneratePatients(Model):
    """``{generate: N}``: fill the panel with N synthetic patients (ids p01, p02, ...)."""

    generate: int = Field(ge=1, le=10_000)
    kind: Literal["family", "pediatrics", "cardiology", "walk_in"] | None = Field(
        None, description="Patients of this kind of clinic (pediatrics: mostly children, each with a parent or "
                          "guardian on the chart); without it, adults.")


def _patient_entry_kind(value: Any) -> str | None:
    if isinstance(value, dict):
        return TAG_PREFIX + ("generate" if "generate" in value else "patient")
    if isinstance(value, (Patient, GeneratePatients)):  # a Scenario built in code from model instances
        return TAG_PREFIX + ("generate" if isinstance(value, GeneratePatients) else "patient")
    return None


PatientEntry = Annotated[
    Union[Annotated[Patient, Tag(TAG_PREFIX + "patient")], Annotated[GeneratePatients, Tag(TAG_PREFIX + "generate")]],
    Discriminator(_patient_entry_kind),
]


# --- the appointment book -----------------------------------------------------------------------------------


class Vitals(Model):
    """True vital signs, for medical-assistant mode (M16)."""

    pulse: int = Field(ge=20, le=250, description="Beats per minute.")
    respirations: int = Field(ge=4, le=80, description="Breaths per minute.")
    bp: str = Field(pattern=r"^\d{2,3}/\d{2,3}$", description="Blood pressure, systolic/diastolic, e.g. 128/82.")
    height_cm: float = Field(gt=30, lt=250)
    weight_kg: float = Field(gt=1, lt=400)
    temperature_c: float | None = Field(None, gt=30, lt=45, description="Degrees Celsius (or temperature_f).")
    temperature_f: float | None = Field(None, gt=86, lt=113, description="Degrees Fahrenheit (or temperature_c).")
    spo2: int | None = Field(None, ge=50, le=100, description="Oxygen saturation, percent.")
    pain: int | None = Field(None, ge=0, le=10, description="Pain score, 0 (none) to 10 (worst).")
    glucose: float | None = Field(
        None, gt=0, lt=1000, description="Blood glucose: mmol/L in Ontario, mg/dL in the US.")


class Specimen(Model):
    """A specimen collected in the in-house lab (M17)."""

    kind: Literal["blood", "urine", "swab", "stool", "other"]
    test: Text
    requisition: Flag = Field(
        True, description="The doctor's signed requisition for it is on the chart; false: it is missing, so nothing "
                          "may be drawn until it is.")
    fasting: Flag = Field(False, description="The test needs the patient fasting (nothing to eat since midnight).")


class Orders(Model):
    """What the doctor orders at the end of the visit; the trainee books it at checkout (M14)."""

    follow_up: Days | None = Field(None, description="Book a follow-up in this many days or weeks.")
    follow_up_type: Id | None = Field(None, description="The visit type of the follow-up; default follow_up.")
    tests: tuple[Text, ...] = Field((), description="Tests to book, e.g. echocardiogram.")


class Appointment(Model):
    """A visit on today's schedule."""

    at: ClockTime
    patient: Id
    with_: Id = Field(alias="with", description="The doctor (a staff id).")
    type: Id = Field(description="A visit type from clinic.visit_types.")
    length: PositiveMinutes | None = Field(None, description="Overrides the visit type's length.")
    reason: str | None = Field(None, description="Reason for the visit.")
    needs: tuple[Text, ...] = Field((), description="Results the doctor needs for this visit, e.g. bloodwork.")
    no_show: Flag = False
    overrun: Minutes = Field(0, description="How many minutes the visit runs long.")
    confidential: Flag = Field(
        False, description="A minor's care they consented to on their own (the law lets them): nothing about it goes "
                           "to a parent or guardian.")
    vitals: Vitals | None = None
    specimens: tuple[Specimen, ...] = ()
    fasted: Flag = Field(
        True, description="Medical-assistant mode: the patient has not eaten today; false: they had breakfast, so a "
                          "fasting specimen cannot be drawn today.")
    orders: Orders | None = None


class Booking(Model):
    """An appointment on a later day, in the book the trainee reschedules and reminds from."""

    date: dt.date
    at: ClockTime
    patient: Id
    with_: Id = Field(alias="with")
    type: Id
    urgent: Flag = Field(False, description="Must be rebooked first and soonest if moved.")


class WaitingListEntry(Model):
    """A patient who wants an earlier appointment if one frees up."""

    patient: Id
    type: Id | None = Field(None, description="The visit type they are waiting for; default follow_up.")


def _waiting_entry(value: Any) -> Any:
    # The short form `waiting_list: [p07, p12]` names patients only.
    return {"patient": value} if isinstance(value, str) else value


WaitingListItem = Annotated[
    WaitingListEntry,
    BeforeValidator(_waiting_entry),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "description": "A patient id."},
                {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["patient"],
                    "properties": {"patient": {"type": "string"}, "type": {"type": "string"}},
                },
            ]
        }
    ),
]


class Reminders(Model):
    """Reminder calls (M9): phone everyone booked on ``date`` before ``due``."""

    date: dt.date
    due: ClockTime | None = Field(None, description="The calls must be made by then; default closing time.")


# --- events -------------------------------------------------------------------------------------------------

Intent = Literal["cancel", "reschedule", "book", "urgent", "routine", "refill", "results", "billing"]
CallerKind = Literal["patient", "family", "pharmacist", "er_nurse", "physician", "lab", "insurer", "unknown"]
Request = Literal[
    "book",
    "cancel",
    "reschedule",
    "confirm",
    "results",
    "limited_use_code",
    "prior_authorization",
    "speak_to_doctor",
    "speak_to_nurse",
    "refill",
    "billing",
    "records",
    "critical_result",
    "medication_list",
]


class Message(Model):
    """A voicemail or an email (M1)."""

    from_: Id = Field(alias="from", description="Who left it: a patient or a directory id.")
    about: Id | None = Field(None, description="The patient it concerns, when not the sender.")
    intent: Intent
    appointment: ClockTime | None = Field(None, description="Today's appointment it concerns (for cancel).")
    date: dt.date | None = Field(None, description="The day it concerns, when not today.")
    text: str | None = Field(None, description="What the message says.")
    urgent: Flag = False
    for_: Id | None = Field(None, alias="for", description="The staff member who must be told (M3 huddle).")
    matters_by: ClockTime | None = Field(None, description="The message is useless if passed on after this time.")


class Call(Model):
    """An incoming phone call (M7)."""

    caller: CallerKind
    name: str | None = Field(None, description="The caller's name as they give it.")
    about: Id | None = Field(None, description="The patient the call concerns.")
    wants: Request
    relationship: str | None = Field(None, description="For family callers: e.g. spouse, ex-spouse, son.")
    verification: Literal["correct", "wrong", "refuses"] = Field(
        "correct", description="How the caller answers identity questions."
    )
    authorised: Flag | None = Field(
        None, description="Whether the caller may be told about the patient; default from the caller kind."
    )
    impostor: Flag = Field(False, description="The caller is not who they claim to be.")
    code_on_chart: Flag = Field(
        False, description="limited_use_code: the doctor has recorded the Limited Use code on the patient's chart, so "
                           "the desk may read it out; otherwise only the prescriber can give one (take a message).")
    urgent: Flag = False
    line: int | None = Field(None, ge=1, le=8, description="Which phone line rings; default the first free one.")
    patience: PositiveMinutes | None = Field(None, description="Minutes they wait before hanging up.")
    appointment: ClockTime | None = None
    date: dt.date | None = None
    text: str | None = Field(None, description="What the caller says.")


class Changes(Model):
    """What is different from the chart when a patient checks in; the trainee must catch each change (M4)."""

    name: Text | None = None
    phone: Phone | None = None
    email: str | None = None
    address: Address | None = None
    health_card: HealthCard | None = None
    insurance: Insurance | None = None
    pharmacy: Id | None = None


class Arrival(Model):
    """A scheduled patient arrives at the counter (M4)."""

    patient: Id
    changes: Changes | None = None
    forgot_card: Flag = Field(False, description="They did not bring their health or insurance card.")
    text: str | None = None


class WalkIn(Model):
    """A patient arrives without an appointment asking to be seen (M12)."""

    patient: Id
    complaint: Text
    red_flags: tuple[Text, ...] = Field((), description="Answers that mean: send to emergency.")
    answers: dict[TriageQuestion, Text] = Field({}, description="Answers to the triage questions.")
    revealed_by: tuple[TriageQuestion, ...] = Field(
        (), description="The triage questions whose answers show the red flags: unless the desk asks one of them, "
                        "the nurse hears of none (empty: the patient tells them unasked)."
    )
    sensitive: Flag = Field(False, description="Should be discussed away from the waiting room.")
    doctor: Id | None = Field(
        None, description="The doctor who sees them; without it, whichever doctor is free first (a shared queue)."
    )
    changes: Changes | None = Field(None, description="Chart details that changed since their last visit.")
    forgot_card: Flag = Field(False, description="They came without their health or insurance card.")


class DoctorDelay(Model):
    """The doctor is running late (M13)."""

    doctor: Id
    minutes: PositiveMinutes
    reason: str | None = None


class Document(Model):
    """A document in the inbox (M6, M10): lab result, renewal, referral, fax, medication list, report."""

    kind: Literal["lab_result", "renewal", "referral", "fax", "medication_list", "report"]
    patient: Id = Field(description="The patient it truly belongs to (the trainee must match two identifiers).")
    from_: Id | None = Field(None, alias="from", description="The sender (a directory id).")
    title: str | None = None
    test: str | None = Field(None, description="lab_result: which test, e.g. bloodwork.")
    abnormal: Flag = Field(False, description="lab_result: the lab flagged it abnormal; the desk must put it before "
                                              "the doctor as it files it.")
    medication: str | None = Field(None, description="renewal: the medication to renew.")
    urgency: Urgency | None = Field(None, description="referral: its true urgency under the office guideline.")
    type: Id | None = Field(None, description="referral: the visit type to book; default new_patient.")
    reason: str | None = None
    clues: tuple[Text, ...] = Field((), description="referral: phrases that reveal the urgency.")


class AwayDay(Model):
    """The doctor will be away on a later day: everyone booked then must be moved (M11)."""

    doctor: Id
    date: dt.date
    reason: str | None = None
    within: Days = Field(
        21, description="Everyone must be rebooked within this many days after the away day (the book must have room)."
    )


class _EventBase(Model):
    at: ClockTime = Field(description="When it happens.")
    overnight: Flag = Field(False, description="It happened before the day began; it is waiting at opening.")
    after_hours: Flag = Field(False, description="It happens today outside opening hours, on purpose.")
    hint: str | None = Field(None, description="A hint shown to the trainee (tutorials).")


class VoicemailEvent(_EventBase):
    """A voicemail is left."""

    voicemail: Message


class EmailEvent(_EventBase):
    """An email arrives."""

    email: Message


class CallEvent(_EventBase):
    """A phone line rings."""

    call: Call


class ArrivalEvent(_EventBase):
    """A scheduled patient walks up to the counter."""

    arrival: Arrival


class WalkInEvent(_EventBase):
    """A patient arrives without an appointment."""

    walk_in: WalkIn


class DoctorDelayEvent(_EventBase):
    """The doctor falls behind."""

    doctor_delay: DoctorDelay


class DocumentEvent(_EventBase):
    """A document lands in the inbox."""

    document: Document


class AwayDayEvent(_EventBase):
    """The desk learns the doctor will be away on a later day."""

    away_day: AwayDay


_EVENT_MODELS: dict[str, type[_EventBase]] = {
    "voicemail": VoicemailEvent,
    "email": EmailEvent,
    "call": CallEvent,
    "arrival": ArrivalEvent,
    "walk_in": WalkInEvent,
    "doctor_delay": DoctorDelayEvent,
    "document": DocumentEvent,
    "away_day": AwayDayEvent,
}
#: The event kinds, in the order the authoring guide lists them.
EVENT_KINDS: tuple[str, ...] = tuple(_EVENT_MODELS)


def event_kind(value: Any) -> str | None:
    """The kind of an event (``call``, ``arrival``, ...) from its keys, or ``None`` when it has none."""
    if isinstance(value, _EventBase):
        return next(k for k, cls in _EVENT_MODELS.items() if isinstance(value, cls))
    if isinstance(value, dict):
        kinds = [k for k in EVENT_KINDS if k in value]
        return kinds[0] if len(kinds) == 1 else None
    return None


def _event_tag(value: Any) -> str | None:
    kind = event_kind(value)
    return TAG_PREFIX + kind if kind else None


# Written out (rather than built from _EVENT_MODELS) so that type checkers know each member: code that narrows an
# event with isinstance is checked. A test keeps the two lists the same.
Event = Annotated[
    Union[
        Annotated[VoicemailEvent, Tag(TAG_PREFIX + "voicemail")],
        Annotated[EmailEvent, Tag(TAG_PREFIX + "email")],
        Annotated[CallEvent, Tag(TAG_PREFIX + "call")],
        Annotated[ArrivalEvent, Tag(TAG_PREFIX + "arrival")],
        Annotated[WalkInEvent, Tag(TAG_PREFIX + "walk_in")],
        Annotated[DoctorDelayEvent, Tag(TAG_PREFIX + "doctor_delay")],
        Annotated[DocumentEvent, Tag(TAG_PREFIX + "document")],
        Annotated[AwayDayEvent, Tag(TAG_PREFIX + "away_day")],
    ],
    Discriminator(_event_tag),
]
"""One event of the day: ``at`` plus exactly one of the kinds in :data:`EVENT_KINDS`."""

#: The model behind each union tag, for tools that walk validation errors back to the model at fault.
TAGGED_MODELS: dict[str, type[BaseModel]] = {"patient": Patient, "generate": GeneratePatients, **_EVENT_MODELS}
"""One event of the day: ``at`` plus exactly one of the kinds in :data:`EVENT_KINDS`."""


# --- grading weights ----------------------------------------------------------------------------------------


class Weights(Model):
    """How much each criterion counts towards the total; they add up to 1."""

    multitasking: float = Field(0.35, ge=0, le=1)
    accuracy: float = Field(0.40, ge=0, le=1)
    privacy: float = Field(0.25, ge=0, le=1)


class Targets(Model):
    """The professional targets that set the grading scale."""

    answer_within_rings: int = Field(3, ge=1, le=20)
    greet_within_seconds: int = Field(30, ge=5, le=600)
    max_wait_minutes: int = Field(15, ge=1, le=240)


class Rubric(Model):
    """Grading settings for this scenario."""

    weights: Weights = Field(default_factory=Weights)
    targets: Targets = Field(default_factory=Targets)
    critical_cap: float | None = Field(
        None, ge=0, le=100,
        description="The most a day with a critical error can total (e.g. 59); default: no cap, the day is only "
                    "marked not yet competent.")


# --- the scenario -------------------------------------------------------------------------------------------


class Scenario(Model):
    """One simulated day at a clinic's front desk."""

    format: int = Field(description="The format version; this is format 1.")
    id: Id
    title: Text
    description: str | None = None
    jurisdiction: Literal["ON", "US"] = Field(description="ON (Ontario, PHIPA, OHIP) or US (HIPAA, insurance).")
    date: dt.date = Field(dt.date(2026, 3, 2), description="The simulated day; default 2026-03-02 (a Monday).")
    seed: int = Field(0, ge=0, description="Seeds every random choice, so a day replays the same.")
    pace: int = Field(20, ge=1, le=600, description="Simulated seconds per real second.")
    pace_locked: Flag = Field(False, description="True to stop the trainee changing the pace.")
    assessment: Flag = Field(False, description="True for a graded attempt: no score is shown while playing, and the "
                                                "desk gives no help (assist none).")
    assist: Literal["full", "some", "none"] = Field(
        "some", description="How much the desk helps while playing: full (the tutorial: hints, chart compared with "
                            "what the patient says, differences and urgency marked, whether a caller's answers match "
                            "the chart), some (the scenario's hints and the forms' tips only), none (no hints, no "
                            "comparisons, no urgency marks). The menu may change it; an assessment is always none.")
    difficulty: Literal["easy", "normal", "hard"] = "normal"
    mode: Literal["front_desk", "medical_assistant"] = Field(
        "front_desk", description="medical_assistant adds rooming, vitals and specimens (M16, M17)."
    )
    clinic: Clinic
    directory: tuple[DirectoryEntry, ...] = Field((), description="Labs, pharmacies, physicians the desk deals with.")
    patients: tuple[PatientEntry, ...] = Field(min_length=1)
    schedule: tuple[Appointment, ...] = Field((), description="Today's appointments.")
    bookings: tuple[Booking, ...] = Field((), description="Appointments on later days.")
    waiting_list: tuple[WaitingListItem, ...] = ()
    reminders: Reminders | None = None
    events: tuple[Event, ...] = ()
    rubric: Rubric = Field(default_factory=Rubric)

    @field_validator("format", mode="before")
    @classmethod
    def _format(cls, value: Any) -> Any:
        if str(value).strip() != str(FORMAT_VERSION):
            raise ValueError(f"this is format {value}; this version of Front Desk reads format {FORMAT_VERSION}")
        return FORMAT_VERSION

    @property
    def assist_level(self) -> str:
        """The help the desk gives: the scenario's ``assist``, except that an assessment gives none."""
        return "none" if self.assessment else self.assist

    def patient(self, patient_id: str) -> Patient:
        """The patient with ``patient_id`` (after generated patients are expanded)."""
        for entry in self.patients:
            if isinstance(entry, Patient) and entry.id == patient_id:
                return entry
        raise KeyError(patient_id)

    def staff_member(self, staff_id: str) -> StaffMember:
        """The staff member with ``staff_id``."""
        for member in self.clinic.staff:
            if member.id == staff_id:
                return member
        raise KeyError(staff_id)

    def visit_length(self, appointment: Appointment | Booking) -> int:
        """How long a visit lasts, in minutes (its own length, else its visit type's)."""
        own = getattr(appointment, "length", None)
        return own if own is not None else self.clinic.visit_types[appointment.type]
