"""What the trainee can do now: for each thing selected at the desk, the actions that make sense, with the typed
fields each needs.

Plain Python (no pygame), so it is tested on its own. The desk shows the choices of the selected thing as buttons
and their fields as typed entries, toggles and pickers, and builds the :class:`~simulator.core.actions.Action`
from what was typed. The engine has the last word: an action it refuses comes back as its message, in words.
Everything a bot can do is here; nothing here knows the scenario's answers (who a caller really is, the true
urgency) beyond what a person at the desk sees.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from ..core import actions as A
from ..scenario.charts import CHART_FIELDS
from ..core.view import DeskView
from ..scenario.jurisdictions import CARD_STATUSES
from ..scenario.models import TRIAGE_QUESTIONS, Patient, Scenario
from ..scenario.times import format_clock
from .appointment_book import (
    BookRequest,
    appointment_request,
    follow_up_request,
    freed_slot_request,
    move_request,
    referral_request,
)

__all__ = ["Field", "Choice", "choices_for", "Selection", "FieldError", "DECLINE_WORDS", "QUESTION_WORDS",
           "COUNTER_QUESTIONS", "SLOT_FIELD"]

Selection = tuple[str, ...]
"""What is selected: ("line", "2"), ("counter", patient), ("waiting", patient), ("room", patient), ("doc", id),
("msg", id), ("booking", patient, date, "HH:MM"), ("waitlist", patient), ("desk",)."""


class FieldError(ValueError):
    """A typed value that cannot be used (the message says how to write it)."""


@dataclass(frozen=True)
class Field:
    """A value the trainee supplies: typed ``text``, one ``choice`` of ``options``, or several (``multi``)."""

    key: str
    label: str
    kind: str = "text"
    options: tuple[str, ...] = ()
    default: str = ""
    #: How to write the value ("YYYY-MM-DD"): shown at every assist level.
    hint: str = ""
    #: Advice on judging it ("two are the standard"): a help the desk gives only above assist ``none``.
    tip: str = ""
    #: A choice whose default would be an answer (the field that changed, the card's state, the person to tell):
    #: below full help it starts empty, and the trainee must choose.
    neutral: bool = False


@dataclass(frozen=True)
class Choice:
    """One thing to do, with the fields it needs; ``build`` makes the action from the values typed (by key)."""

    label: str
    key: str
    #: The action (or, for a multi-field form, the actions in order) from the values typed.
    build: Callable[[dict[str, Any]], Any]
    fields: tuple[Field, ...] = ()
    shortcut: str = ""
    #: A question whose answer the desk only hears (nothing in the world changes): the topic of
    #: :data:`COUNTER_QUESTIONS` to reveal instead of acting.
    reveal: str = ""
    #: For a booking: what the appointment book opens on, from the desk's view and the values chosen so far (the
    #: visit type); the slot picked there fills the ``date``, ``at`` and ``doctor`` values.
    request: Callable[[DeskView, dict[str, Any]], BookRequest] | None = None


def _clock(seconds: int | None) -> str:
    return "" if seconds is None else format_clock(seconds)


def _int(values: dict[str, Any], key: str, label: str) -> int:
    try:
        return int(str(values.get(key, "")).strip())
    except ValueError:
        raise FieldError(f"{label}: type a whole number") from None


def _float(values: dict[str, Any], key: str, label: str) -> float:
    try:
        return float(str(values.get(key, "")).strip())
    except ValueError:
        raise FieldError(f"{label}: type a number") from None


def _optional(values: dict[str, Any], key: str, label: str, read: Any, empty: Any) -> Any:
    """A field the trainee may leave blank (a sign not taken): ``empty`` when blank, else read as ``read`` reads."""
    return read(values, key, label) if str(values.get(key, "")).strip() else empty


def _text(values: dict[str, Any], key: str, label: str) -> str:
    value = str(values.get(key, "")).strip()
    if not value:
        raise FieldError(f"{label}: type something first")
    return value


def _id(values: dict[str, Any], key: str) -> str:
    """The id of a picked person ("greene · Dr. Anne Greene" → "greene")."""
    return str(values.get(key, "")).split(" · ")[0].strip()


def _yes(values: dict[str, Any], key: str) -> bool:
    """A yes/no choice: only "yes" is yes (a missing or "no" answer is no)."""
    return values.get(key) == "yes"


def _multi(values: dict[str, Any], key: str) -> tuple[str, ...]:
    chosen = values.get(key, ())
    return tuple(chosen) if isinstance(chosen, (list, tuple)) else tuple(x for x in str(chosen).split(",") if x)


#: How chart fields read as form labels.
_FIELD_WORDS = {"name": "Full name", "dob": "Date of birth", "phone": "Phone", "email": "Email",
                "address.street": "Street", "address.city": "City", "address.region": "Province/state",
                "address.postal": "Postal code", "health_card.number": "Health card number",
                "health_card.version": "Version code", "health_card.expires": "Card expires",
                "insurance.payer": "Insurer", "insurance.member_id": "Member ID", "insurance.expires": "Card expires",
                "allergies": "Allergies", "medications": "Medications", "pharmacy": "Pharmacy"}


def _chart_forms(ctx: "_Context") -> list[tuple[str, str, tuple[str, ...]]]:
    card = (("insurance.payer", "insurance.member_id", "insurance.expires") if ctx.scenario.jurisdiction == "US"
            else ("health_card.number", "health_card.version", "health_card.expires"))
    return [("Type name, birth date, phone, address", "chart_who",
             ("name", "dob", "phone", "address.street", "address.city", "address.postal")),
            ("Type card, allergies, pharmacy", "chart_card", card + ("allergies", "pharmacy"))]


#: What the desk can say to turn down a caller's request politely, without confirming anything.
DECLINE_WORDS = ("I'm sorry, I can't share that without the patient's consent.",
                 "I'm sorry, I can't confirm anything about a patient over the phone.",
                 "The details you gave don't match our records, so I can't discuss this.",
                 "Only the prescriber can give that; I can take a message.")

#: What the desk says when it asks a caller, or a patient at the counter, for each identifier.
QUESTION_WORDS = {"name": "May I have the patient's full name, please?",
                  "dob": "And the date of birth?",
                  "health_card": "Could you read me the card number?",
                  "phone": "What is the phone number on file?",
                  "address": "And the home address?"}


#: What the desk asks a patient (at the counter, or on the phone for "when") for each question that only brings an
#: answer.
COUNTER_QUESTIONS = {"card": "May I see your health card, please?",
                     "when": "Which days and times are you able to come in?",
                     "details": "Has anything changed since your last visit: address, phone, e-mail, pharmacy, "
                                "allergies or medications?"}


def _nothing(values: dict[str, Any]) -> list[A.Action]:
    """A question that changes nothing in the world: the desk shows the answer (see :attr:`Choice.reveal`)."""
    return []


#: The field of a booking form filled by picking a slot in the appointment book (its date, time and doctor).
SLOT_FIELD = Field("slot", "When", "slot")


def _slot(values: dict[str, Any]) -> tuple[str, str, str]:
    """The slot picked in the book: (date, "HH:MM", doctor id)."""
    if not values.get("date") or not values.get("at"):
        raise FieldError("When: pick a time in the appointment book")
    return str(values["date"]), str(values["at"]), _id(values, "doctor")


def _picked(values: dict[str, Any], key: str) -> str:
    """The id of a chart picked from a list written "name · date of birth · id"."""
    return str(values.get(key, "")).split(" · ")[-1].strip()


def _ask(line: int, identifier: str) -> Callable[[dict[str, Any]], A.Action]:
    """The question for ``identifier`` to the caller on ``line``, as the action the engine takes."""
    return lambda v: A.VerifyCaller(0, line, (identifier,))


def _several(patient: str, fields: tuple[str, ...]) -> Callable[[dict[str, Any]], list[A.Action]]:
    """The chart updates of a multi-field form: one for each field typed (empty fields are left alone)."""
    def build(values: dict[str, Any]) -> list[A.Action]:
        updates = [A.UpdateChart(0, patient, f, str(values.get(f, "")).strip()) for f in fields
                   if str(values.get(f, "")).strip()]
        if not updates:
            raise FieldError("Type at least one field")
        return updates
    return build


@dataclass
class _Context:
    scenario: Scenario
    view: DeskView
    assist: str = "some"
    patients: dict[str, Patient] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.patients = {p.id: p for p in self.scenario.patients if isinstance(p, Patient)}
        c = self.scenario.clinic
        # Staff are shown by name and role; the id before " · " is what the action takes.
        self.staff = tuple(f"{m.id} · {m.name} ({m.role.replace('_', ' ')})" for m in c.staff)
        self.doctors = tuple(f"{m.id} · {m.name}" for m in c.staff if m.role == "doctor")
        self.visit_types = tuple(c.visit_types)

    def questions(self) -> tuple[tuple[str, str], ...]:
        """The identifiers a caller can be asked for, with the words the desk's buttons use."""
        card = "member ID" if self.scenario.jurisdiction == "US" else "health card"
        return (("name", "name"), ("dob", "date of birth"), ("health_card", card), ("phone", "phone"),
                ("address", "address"))

    # reusable fields
    def staff_field(self) -> Field:
        """Whom to pass something to (the first staff member only with full help)."""
        return Field("to", "To", "choice", self.staff, self.staff[0], neutral=True)

    def urgent_field(self, label: str = "Urgent") -> Field:
        """Whether it is urgent: judged by the trainee (the tutorial's help starts at "no")."""
        return Field("urgent", label, "choice", ("no", "yes"), "no", neutral=True)

    def slot_fields(self, visit_type: str = "follow_up") -> tuple[Field, ...]:
        """A booking's form: the visit type, and the slot picked in the appointment book."""
        return (Field("visit_type", "Visit type", "choice", self.visit_types,
                      visit_type if visit_type in self.visit_types else self.visit_types[0]),
                SLOT_FIELD)

    def all_charts(self) -> tuple[str, ...]:
        """Every patient, as "name · date of birth · id" (the id is what the desk files under)."""
        return tuple(f"{p.name} · {p.dob.isoformat()} · {pid}" for pid, p in sorted(self.patients.items()))

    def charts_like(self, name: str) -> tuple[str, ...]:
        """Charts a filing clerk would find for a printed name: same surname (look-alikes included)."""
        surname = name.split()[-1].casefold() if name.split() else ""
        found = [f"{p.name} · {p.dob.isoformat()} · {pid}" for pid, p in sorted(self.patients.items())
                 if p.name.split()[-1].casefold() == surname]
        return tuple(found) or tuple(f"{p.name} · {p.dob.isoformat()} · {pid}" for pid, p in sorted(self.patients.items())[:20])


def choices_for(selection: Selection, view: DeskView, scenario: Scenario, assist: str = "some") -> list[Choice]:
    """The actions that make sense for ``selection`` now (the engine may still refuse one, and say why).

    ``assist`` (full, some, none) decides only how forms start: at ``full`` the tutorial's help fills in what a
    comparison found; the choices themselves are the same at every level."""
    ctx = _Context(scenario, view, assist)
    kind = selection[0] if selection else "desk"
    maker = {"line": _line, "counter": _counter, "waiting": _waiting, "room": _room, "doc": _document,
             "msg": _message, "booking": _booking, "waitlist": _waitlist}.get(kind, _desk)
    return maker(ctx, selection)


# --- phones -----------------------------------------------------------------------------------------------------


def _line(ctx: _Context, sel: Selection) -> list[Choice]:
    n = int(sel[1])
    line = next((l for l in ctx.view.lines if l.line == n), None)
    if line is None or line.state is None:
        return []
    if line.state == "ringing":
        return [Choice("Answer", "answer", lambda v: A.AnswerCall(0, n), shortcut="A")]
    if line.state == "voicemail":
        return [Choice("Leave voicemail", "voicemail", lambda v: A.LeaveVoicemail(0, n, _multi(v, "pieces")),
                       (Field("pieces", "Say", "multi", A.VOICEMAIL_PIECES, "", tip="say only what is needed"),)),
                Choice("Hang up", "end", lambda v: A.EndCall(0, n), shortcut="E")]
    if line.state == "on_hold":
        return [Choice("Resume", "resume", lambda v: A.ResumeCall(0, n), shortcut="R"),
                Choice("Put through to…", "route", lambda v: A.RouteCall(0, n, _id(v, "to"), _yes(v, "urgent")),
                       (ctx.staff_field(), ctx.urgent_field())),
                Choice("Hang up", "end", lambda v: A.EndCall(0, n), shortcut="E")]
    # Hold and End call come last, where the function keys run out: both have a letter of their own.
    out: list[Choice] = []
    if line.about is not None:
        about = line.about
        # Verifying is a conversation: each question is asked on its own, the answer comes back in words, and the
        # desk judges it against the chart. Nothing here knows whether the answers are right.
        asked = dict(line.answers)
        out += [Choice(f"Ask: {words}", f"ask_{ident}", _ask(n, ident), shortcut="V" if not asked and i == 0 else "")
                for i, (ident, words) in enumerate(ctx.questions()) if ident not in asked]
        # The chart is looked up by name, as at a real desk: look-alikes come up too, and the desk picks one.
        charts = ctx.charts_like(ctx.patients[about].name) if about in ctx.patients else ctx.all_charts()
        mine = next((c for c in charts if c.endswith(f" · {about}")), charts[0] if charts else "")
        out.append(Choice("Open chart…" if not line.chart else "Open another chart…", "chart",
                          lambda v: A.OpenChart(0, _picked(v, "chart")),
                          (Field("chart", "Chart", "choice", charts, mine, tip="match the name and date of birth",
                                 neutral=True),), shortcut="O"))
        out.append(Choice("Tell them…", "disclose", lambda v: A.Disclose(0, n, v["item"]),
                          (Field("item", "What", "choice", A.DISCLOSABLE, "appointment", neutral=True),)))
    out += [Choice("Decline politely", "decline", lambda v: A.Decline(0, n, _text(v, "reason", "Reason")),
                   (Field("reason", "Say", "choice", DECLINE_WORDS, DECLINE_WORDS[0]),)),
            Choice("Put through to…", "route", lambda v: A.RouteCall(0, n, _id(v, "to"), _yes(v, "urgent")),
                   (ctx.staff_field(), ctx.urgent_field())),
            Choice("Take a message for…", "message", lambda v: A.TakeMessage(0, n, _id(v, "to"), _yes(v, "urgent")),
                   (ctx.staff_field(), ctx.urgent_field()))]
    if line.about is not None and line.caller in ("patient", "family"):
        # The book marks the times a patient cannot come only once the desk has asked them.
        out.append(Choice("Ask: when can you come?", "ask_when", _nothing, reveal="when"))
    if line.about is not None and line.caller in ("patient", "family") and line.purpose != "waiting_list":
        # Past the twelfth action there is no function key: these two keep a letter of their own.
        out += [Choice("Book appointment", "book", lambda v: A.BookAppointment(0, n, *_slot(v), v["visit_type"]),
                       ctx.slot_fields(), shortcut="P",
                       request=lambda view, v: appointment_request(ctx.scenario, view, n, v["visit_type"])),
                Choice("Cancel appointment", "cancel", lambda v: A.CancelAppointment(
                    0, n, _text(v, "date", "Date"), _text(v, "at", "Time")),
                    (Field("date", "Date", "text", (), line.date or ctx.scenario.date.isoformat(), "YYYY-MM-DD"),
                     Field("at", "Time", "text", (), _clock(line.appointment), "HH:MM")), shortcut="X")]
    if line.purpose == "waiting_list":
        wanted = dict(ctx.view.waiting_list).get(line.about or "", "follow_up")
        out.append(Choice("Offer today's freed slot", "offer", lambda v: A.OfferSlot(
            0, n, _slot(v)[1], _slot(v)[2], v["visit_type"]), ctx.slot_fields(wanted),
            request=lambda view, v: freed_slot_request(ctx.scenario, view, n, v["visit_type"])))
    if line.purpose == "reminder":
        out.append(Choice("Appointment confirmed", "confirm", lambda v: A.ConfirmAppointment(0, n)))
    out += [Choice("Hold", "hold", lambda v: A.HoldCall(0, n), shortcut="H"),
            Choice("End call", "end", lambda v: A.EndCall(0, n), shortcut="E")]
    return out


# --- the counter, the waiting room, the exam rooms ----------------------------------------------------------------


def _counter(ctx: _Context, sel: Selection) -> list[Choice]:
    p = sel[1]
    entry = next((c for c in ctx.view.counter if c.patient == p), None)
    if entry is None:
        return []
    if ctx.view.serving != p:
        return [Choice("Greet and serve", "greet", lambda v: A.GreetPatient(0, p), shortcut="G")]
    if entry.state == "checkout":
        tests = [Choice("Book a test", "test", lambda v: A.BookTest(0, p, _text(v, "test", "Test")),
                        (Field("test", "Test", "choice", entry.tests, entry.tests[0]),))] if entry.tests else []
        return [Choice("Book follow-up", "follow_up", lambda v: A.BookFollowUp(0, p, *_slot(v), v["visit_type"]),
                       ctx.slot_fields(), shortcut="B",
                       request=lambda view, v: follow_up_request(ctx.scenario, view, p, v["visit_type"])), *tests,
                Choice("Ask: when can you come?", "ask_when", _nothing, reveal="when"),
                Choice("Check out", "check_out", lambda v: A.CheckOut(0, p), shortcut="C")]
    out = [Choice("Ask: name and birth date", "identity", lambda v: A.ConfirmIdentity(0, p, ("name", "dob")),
                  shortcut="V"),
           Choice("Ask for the card", "ask_card", _nothing, shortcut="K", reveal="card")]
    if entry.state == "walk_in":
        return out + [
            Choice("Ask a triage question", "triage", lambda v: A.AskTriage(0, p, v["question"], _yes(v, "private")),
                   (Field("question", "Question", "choice", TRIAGE_QUESTIONS, "onset", neutral=True),
                    Field("private", "Away from the waiting room", "choice", ("yes", "no"), "yes", neutral=True))),
            Choice("Consult the nurse", "nurse", lambda v: A.ConsultNurse(0, p, _yes(v, "private")),
                   (Field("private", "Away from the waiting room", "choice", ("yes", "no"), "yes", neutral=True),)),
            Choice("Add to today's schedule", "admit", lambda v: A.AdmitWalkIn(0, p)),
            Choice("Send to emergency", "emergency", lambda v: A.SendToEmergency(0, p))]
    out.append(Choice("Ask: any changes?", "ask_details", _nothing, shortcut="Q", reveal="details"))
    if not entry.has_chart:
        out.append(Choice("Register (new chart)", "register", lambda v: A.RegisterPatient(0, p)))
    else:
        # A new chart (or a move) needs many fields typed; two forms of them are quicker than one field at a time.
        out += [Choice(label, key, _several(p, group), tuple(Field(f, _FIELD_WORDS.get(f, f)) for f in group))
                for label, key, group in _chart_forms(ctx)]
    card = "insurance." if ctx.scenario.jurisdiction == "US" else "health_card."
    fields = tuple(f for f in CHART_FIELDS if not f.startswith(("insurance.", "health_card.")) or f.startswith(card))
    # Only the tutorial's full help opens the form at the first field that differs; otherwise the desk finds it.
    chart, says = dict(ctx.view.serving_chart), dict(ctx.view.serving_says)
    first_difference = (next((f for f in fields if f in says and chart.get(f) != says[f]), "phone")
                        if ctx.assist == "full" else "phone")
    out += [Choice("Update chart field", "update", lambda v: A.UpdateChart(0, p, v["field"], _text(v, "value", "Value")),
                   (Field("field", "Field", "choice", fields, first_difference, neutral=True),
                    Field("value", "New value", "text", (), "", tip="exactly as the patient says it"))),
            Choice("Request lab results", "results", lambda v: A.RequestResults(0, p, _text(v, "test", "Test")),
                   (Field("test", "Test", "text", (), "", "e.g. bloodwork"),)),
            Choice("Ask pharmacy: med list", "med_list", lambda v: A.RequestMedicationList(0, p)),
            Choice("Note the card", "card", lambda v: A.NoteCard(0, p, v["status"]),
                   (Field("status", "The card is", "choice", CARD_STATUSES, "valid" if entry.card_brought else "forgotten",
                          tip="look at its number, version and expiry date", neutral=True),)),
            Choice("Check in", "check_in", lambda v: A.CheckIn(0, p), shortcut="C")]
    return out


def _waiting(ctx: _Context, sel: Selection) -> list[Choice]:
    p = sel[1]
    w = next((x for x in ctx.view.waiting if x.patient == p), None)
    if w is None:
        return []
    out = [Choice("Tell about the delay", "inform", lambda v: A.InformDelay(0, p), shortcut="I")]
    if w.needs_rooming:
        out.append(Choice("Room the patient", "room", lambda v: A.RoomPatient(0, p)))
    return out


def _room(ctx: _Context, sel: Selection) -> list[Choice]:
    p = sel[1]
    room = next((r for r in ctx.view.rooms if r.patient == p), None)
    if room is None:
        return []
    person = ctx.patients.get(p)
    tests = room.specimens or ("",)
    # The rooming form asks for the usual five signs and for each other one this visit measures.
    measured = {sign for sign, _ in room.measured}
    extra = tuple(f for f in (Field("temperature_c", "Temperature °C"), Field("temperature_f", "Temperature °F"),
                              Field("spo2", "SpO2 %"), Field("pain", "Pain 0-10"),
                              Field("glucose", "Glucose", hint="mmol/L in Ontario, mg/dL in the US"))
                  if f.key in measured)
    draw = [
        Choice("Label specimen", "label", lambda v: A.LabelSpecimen(
            0, p, v["test"], _text(v, "name", "Name"), _text(v, "dob", "Date of birth")),
            (Field("test", "Specimen", "choice", tests, tests[0]),
             Field("name", "Name on label", tip=person.name if person else ""),
             Field("dob", "Date of birth on label", hint="YYYY-MM-DD"))),
        Choice("Send specimen to lab", "send", lambda v: A.SendSpecimen(0, p, v["test"]),
               (Field("test", "Specimen", "choice", tests, tests[0]),)),
    ]
    if room.lab:  # a lab visit is the draw alone, and ends at the counter
        return draw + [Choice("Finish the lab visit", "finish", lambda v: A.FinishLabVisit(0, p))]
    return [
        Choice("Record vitals", "vitals", lambda v: A.RecordVitals(
            0, p, _int(v, "pulse", "Pulse"), _int(v, "respirations", "Respirations"), _text(v, "bp", "Blood pressure"),
            _float(v, "height_cm", "Height"), _float(v, "weight_kg", "Weight"),
            _optional(v, "temperature_c", "Temperature", _float, 0.0), _optional(v, "temperature_f", "Temperature", _float, 0.0),
            _optional(v, "spo2", "Oxygen saturation", _int, 0), _optional(v, "pain", "Pain score", _int, -1),
            _optional(v, "glucose", "Blood glucose", _float, 0.0)),
            (Field("pulse", "Pulse /min"), Field("respirations", "Respirations /min"),
             Field("bp", "Blood pressure", hint="e.g. 128/82"), Field("height_cm", "Height cm"),
             Field("weight_kg", "Weight kg")) + extra),
        Choice("Record reason for visit", "reason", lambda v: A.RecordReason(0, p, _text(v, "reason", "Reason")),
               (Field("reason", "Reason, in their words"),)),
        *draw,
        Choice("Brief the doctor", "brief", lambda v: A.BriefDoctor(0, p, _multi(v, "flags")),
               (Field("flags", "Flag as out of range", "multi", A.VITAL_FLAGS, ""),)),
    ]


# --- the inbox and messages ----------------------------------------------------------------------------------------


def _document(ctx: _Context, sel: Selection) -> list[Choice]:
    d = next((x for x in ctx.view.inbox if x.id == sel[1]), None)
    if d is None:
        return []
    out: list[Choice] = []
    if d.status == "new" and d.kind not in ("referral",):
        charts = ctx.charts_like(d.printed_name)
        fields = (Field("chart", "Chart", "choice", charts, charts[0] if charts else "", tip="match name AND date of birth",
                        neutral=True),)
        if d.kind == "lab_result":
            fields += (Field("review", "To the doctor", "choice", ("no", "yes"), "no",
                             tip="put a flagged result before the doctor", neutral=True),)
        out.append(Choice("File to chart", "file", lambda v: A.FileDocument(
            0, d.id, str(v["chart"]).split(" · ")[-1], v.get("review") == "yes"), fields))
    if d.kind == "renewal" and d.status == "new":
        out.append(Choice("Queue for signature", "renewal", lambda v: A.QueueRenewal(0, d.id)))
    if d.kind == "referral":
        if d.status == "new":
            out.append(Choice("Set aside for triage", "aside", lambda v: A.SetAsideReferral(0, d.id)))
        out += [Choice("Sort by urgency", "classify", lambda v: A.ClassifyReferral(0, d.id, v["urgency"]),
                       (Field("urgency", "Urgency", "choice", ("urgent", "semi_urgent", "routine"), "routine",
                              neutral=True),)),
                Choice("Book the referral", "book_referral", lambda v: A.BookReferral(0, d.id, *_slot(v),
                                                                                         v["visit_type"]),
                       ctx.slot_fields("new_patient"),
                       request=lambda view, v: referral_request(ctx.scenario, view, d.id, v["visit_type"])),
                Choice("Tell the referring physician", "notify", lambda v: A.NotifyReferrer(0, d.id))]
    return out


def _message(ctx: _Context, sel: Selection) -> list[Choice]:
    m = next((x for x in ctx.view.messages if x.id == sel[1]), None)
    if m is None:
        return []
    out = []
    if not m.reviewed:
        out.append(Choice("Listen / read", "review", lambda v: A.ReviewMessage(0, m.id), shortcut="L"))
    out.append(Choice("Pass it on to…", "brief", lambda v: A.BriefStaff(0, _id(v, "to"), m.id, _yes(v, "urgent")),
                      (ctx.staff_field(), Field("urgent", "Urgent", "choice", ("no", "yes"), "no", neutral=True))))
    return out


# --- the book of later days, the waiting list, the desk -----------------------------------------------------------


def _booking(ctx: _Context, sel: Selection) -> list[Choice]:
    _, patient, day, at = sel
    moving = any(b.patient == patient and b.date == day for b in ctx.view.to_move)
    booking = next((b for b in (*ctx.view.to_move, *ctx.view.reminder_list)
                    if b.patient == patient and b.date == day and _clock(b.at) == at), None)
    if booking is None:
        return []  # moved or cancelled since it was selected: nothing left to do with it
    purpose = "reschedule" if moving or ctx.view.away_days else "reminder"
    return [Choice("Phone the patient", "call", lambda v: A.PlaceCall(0, patient, v["purpose"], _number(v)),
                   (Field("purpose", "About", "choice", ("reminder", "reschedule"), purpose),)
                   + _numbers(ctx, patient)),
            Choice("Move the booking", "move", lambda v: A.MoveBooking(0, patient, day, at, *_slot(v)[:2]),
                   (SLOT_FIELD,), request=lambda view, v: move_request(ctx.scenario, booking, booking.available)),
            Choice("Cancel the booking", "cancel", lambda v: A.CancelBooking(0, patient, day, at))]


def _waitlist(ctx: _Context, sel: Selection) -> list[Choice]:
    patient = sel[1]
    return [Choice("Phone about a freed slot", "call", lambda v: A.PlaceCall(0, patient, "waiting_list", _number(v)),
                   _numbers(ctx, patient))]


def _numbers(ctx: _Context, patient: str) -> tuple[Field, ...]:
    """Which number to dial, asked only of a patient who gave the clinic a number of their own to call."""
    p = ctx.patients.get(patient)
    if p is None or not p.confidential_phone:
        return ()
    return (Field("number", "Dial", "choice", (f"home · {p.phone or 'none on file'}",
                                                f"confidential · {p.confidential_phone}"), ""),)


def _number(values: dict[str, Any]) -> str:
    """The number field's choice as the action takes it (``home`` when the form did not ask); when it asked, the
    student must choose: no number is dialled by default."""
    if "number" not in values:
        return "home"
    if not values["number"]:
        raise FieldError("Dial: choose which number to call")
    return str(values["number"]).split(" · ")[0]


def _desk(ctx: _Context, sel: Selection) -> list[Choice]:
    view = ctx.view
    out = [Choice("Unlock screen" if view.screen_locked else "Lock screen", "lock",
                  (lambda v: A.UnlockScreen(0)) if view.screen_locked else (lambda v: A.LockScreen(0)), shortcut="L"),
           Choice("Come back to the desk" if not view.at_desk else "Step away from the desk", "away",
                  (lambda v: A.ReturnToDesk(0)) if not view.at_desk else (lambda v: A.LeaveDesk(0))),
           Choice("Record phone greeting", "greeting", lambda v: A.RecordGreeting(
               0, v["greeting"], _multi(v, "pieces"),
               str(v.get("patient", "")).split(" · ")[-1] if v.get("patient", "-") != "-" else ""),
               (Field("greeting", "Greeting", "choice", A.GREETINGS, "day"),
                Field("patient", "For a patient message", "choice", ("-",) + ctx.all_charts(), "-"),
                Field("pieces", "Say", "multi", A.GREETING_PIECES, ""))),
           Choice("Check the inbox once more", "check_inbox", lambda v: A.CheckInbox(0))]
    return out
