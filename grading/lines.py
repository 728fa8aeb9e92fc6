"""The rubric of a scenario: every line a day on it is judged on, derived from the scenario alone.

Before anyone plays, each call (answered or not), message, visit, walk-in, document, referral, freed slot,
reminder, away-day move and closing step becomes one or more :class:`Line` records, each under one criterion,
with a harm class (:data:`grading.rubric.HARM`) and competency tags. Grading then fills the lines in from the
facts; a line nothing was done about is *missed*. So the points possible never depend on what the trainee did,
and a day with no action earns nothing.

Keys are stable, readable ids: ``call3.answer`` is the answering of the call of ``events[3]``, ``visit.chen.phone``
the phone number Robert Chen changes at check-in, ``desk.locked`` the screen locked whenever the desk is left.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator

from frontdesk.simulator.scenario.charts import CHART_FIELDS, chart_record, flatten_changes
from frontdesk.simulator.scenario.jurisdictions import JURISDICTIONS, card_status
from frontdesk.simulator.scenario.models import Appointment, ArrivalEvent, Patient, Scenario, Specimen, WalkInEvent, event_kind
from frontdesk.simulator.scenario.ranges import abnormal_vitals
from frontdesk.simulator.scenario.times import format_clock
from frontdesk.simulator.scenario.visits import planned_visits

from .names import Names
from .rubric import HARM

__all__ = ["Line", "build_rubric", "label", "PROVIDERS", "URGENT_WANTS", "changed_fields", "truth_of", "WANTS", "ITEM_WORDS",
           "card_truth", "CARD_WORDS"]

#: Callers who care for the patient: what they ask for, for that care, may be told.
PROVIDERS = frozenset({"er_nurse", "physician", "pharmacist", "lab"})
#: Requests that make a call urgent whoever places it.
URGENT_WANTS = frozenset({"critical_result"})
#: What a provider asks for that the patient's care needs (refusing or ignoring it delays care).
_CARE_WANTS = frozenset({"speak_to_doctor", "results", "medication_list", "records", "critical_result"})
#: What can be told about a patient, as a sentence says it ("told them the medication list").
ITEM_WORDS = {"appointment": "appointment", "results": "results", "medication_list": "medication list",
              "limited_use_code": "Limited Use code", "prior_authorization": "prior authorization",
              "diagnosis": "diagnosis", "billing": "billing details", "records": "records"}
#: What each request is, in a sentence: "Mei Lin asked for a Limited Use code".
WANTS = {
    "book": "to book an appointment", "cancel": "to cancel an appointment", "reschedule": "to reschedule",
    "confirm": "to confirm an appointment", "results": "for test results", "limited_use_code": "for a Limited Use code",
    "prior_authorization": "for a prior authorization", "speak_to_doctor": "to speak to the doctor",
    "speak_to_nurse": "to speak to the nurse", "refill": "for a refill", "billing": "about a bill",
    "records": "for the patient's records", "critical_result": "to report a critical result",
    "medication_list": "for the medication list",
}


@dataclass(frozen=True)
class Line:
    """One thing a day is judged on: what it is, where it counts, how much harm failing it does."""

    key: str
    criterion: str
    mechanic: str
    harm: str
    tags: tuple[str, ...]
    #: When it falls due, in simulated seconds (orders the rubric; the time of a *missed* finding).
    t: int
    #: What is judged, as the rubric shows it: "Answer the call from Dr. Ito about Robert Chen".
    what: str
    #: The *missed* finding's sentence, when nothing was done about the line.
    missed: str
    #: What a professional does.
    better: str
    #: The critical error (:data:`grading.rubric.CRITICAL_ERRORS`) that leaving this line undone is, if any.
    critical: str | None = None

    @property
    def points(self) -> float:
        """What the line is worth (its harm class's points)."""
        return HARM[self.harm].points

    def to_json(self) -> dict[str, Any]:
        """The line as ``frontdesk show --rubric`` and the grade JSON write it."""
        return {"key": self.key, "criterion": self.criterion, "mechanic": self.mechanic, "harm": self.harm,
                "points": self.points, "tags": list(self.tags), "at": format_clock(self.t), "what": self.what}


def call_is_urgent(call: Any) -> bool:
    """An urgent caller: marked urgent, an emergency nurse, or a lab with a critical result."""
    return bool(call.urgent) or call.caller == "er_nurse" or call.wants in URGENT_WANTS


def provider_care_request(call: Any) -> bool:
    """A provider caring for the patient asks for something the care needs."""
    return call.caller in PROVIDERS and not call.impostor and call.wants in _CARE_WANTS and call.authorised is not False


def stated_changes(scenario: Scenario, patient: str) -> dict[str, str]:
    """The chart fields an arrival or a walk-in states anew for ``patient`` (dotted names → the value), changed or
    not."""
    stated: dict[str, str] = {}
    for e in scenario.events:
        body = e.arrival if isinstance(e, ArrivalEvent) else e.walk_in if isinstance(e, WalkInEvent) else None
        if body is not None and body.patient == patient and body.changes is not None:
            changes = body.changes.model_dump(mode="json", by_alias=True, exclude_none=True, exclude_defaults=True)
            stated.update({k: v for k, v in flatten_changes(changes).items() if k in CHART_FIELDS})
    return stated


def changed_fields(scenario: Scenario, patient: Patient) -> dict[str, str]:
    """The chart fields whose value at check-in differs from the chart (what the desk must update), as the
    engine's ``patient_arrived`` fact will list them."""
    chart = chart_record(patient)
    return {k: v for k, v in stated_changes(scenario, patient.id).items() if chart.get(k) != v}


def truth_of(scenario: Scenario, patient: Patient) -> dict[str, str]:
    """What a correct chart of ``patient`` says today: their record, with what changed since the last visit."""
    chart = chart_record(patient)
    if patient.new and not patient.brings_medication_list:
        chart.pop("medications", None)  # not known at the counter; the pharmacy sends it
    chart.update(stated_changes(scenario, patient.id))
    return chart


def card_truth(scenario: Scenario, patient: Patient) -> str:
    """What ``patient``'s card at check-in today is (``valid``, ``expired``, ``invalid`` or ``forgotten``): the
    chart's card with what the arrival changes, or none brought."""
    j = JURISDICTIONS[scenario.jurisdiction]
    prefix = j.id_document + "."
    stated = {**chart_record(patient), **stated_changes(scenario, patient.id)}
    card = {k[len(prefix):]: v for k, v in stated.items() if k.startswith(prefix)}
    forgot = any((isinstance(e, ArrivalEvent) and e.arrival.patient == patient.id and e.arrival.forgot_card)
                 or (isinstance(e, WalkInEvent) and e.walk_in.patient == patient.id and e.walk_in.forgot_card)
                 for e in scenario.events)
    return card_status(j, card, scenario.date, forgotten=forgot)


#: A card problem, as a finding says it.
CARD_WORDS = {"expired": "expired", "invalid": "not valid (its number fails the check)",
              "forgotten": "left at home", "valid": "valid"}


#: How a chart field reads in a sentence.
_LABELS = {"address.street": "street address", "address.city": "city", "address.region": "province or state",
           "address.postal": "postal code", "health_card.number": "health card number",
           "health_card.version": "health card version code", "health_card.expires": "health card expiry date",
           "insurance.payer": "insurance payer", "insurance.member_id": "insurance member ID",
           "insurance.expires": "insurance expiry date", "dob": "date of birth"}


def label(field: str) -> str:
    """A chart field's name as a person says it."""
    return _LABELS.get(field, field.replace("_", " "))


class _Builder:
    def __init__(self, scenario: Scenario):
        self.s = scenario
        self.names = Names(scenario)
        self.lines: list[Line] = []
        #: Medical assistants, who hold lab visits (a draw, no doctor).
        self.assistants = {m.id for m in scenario.clinic.staff if m.role == "medical_assistant"}

    def add(self, key: str, criterion: str, mechanic: str, harm: str, tags: tuple[str, ...], t: int, what: str,
            missed: str, better: str, critical: str | None = None) -> None:
        self.lines.append(Line(key, criterion, mechanic, harm, tags, t, what, missed, better, critical))

    def events(self, *kinds: str) -> Iterator[tuple[int, Any, Any]]:
        for i, e in enumerate(self.s.events):
            kind = event_kind(e)
            if kind in kinds:
                yield i, e, getattr(e, kind)

    def build(self) -> list[Line]:
        for part in (self._opening, self._messages, self._calls, self._visits, self._walk_ins, self._documents,
                     self._freed_slots, self._reminders, self._away_days, self._closing):
            part()
        return sorted(self.lines, key=lambda line: (line.t, line.key))

    # -- parts of the day --------------------------------------------------------------------------------------

    def _opening(self) -> None:
        opens = self.s.clinic.opens
        self.add("opening.greeting", "multitasking", "M1", "minor", ("procedures",), opens,
                 "Record the day's phone greeting at opening",
                 "You never recorded the day's phone greeting.",
                 "At opening, record the day's greeting: the clinic's name, its hours, how to book, and what to do "
                 "in an emergency.")
        self.add("greetings.privacy", "privacy", "M1", "minor", ("privacy", "procedures"), opens,
                 "Keep every recorded greeting free of patient information",
                 "You recorded no greeting, so callers heard none.",
                 "A greeting holds only the clinic's name, hours, how to book and what to do in an emergency.")

    def _messages(self) -> None:
        opens = self.s.clinic.opens
        for i, e, m in self.events("voicemail", "email"):
            what = "voicemail" if event_kind(e) == "voicemail" else "email"
            about = m.about if m.about and m.about != m.from_ else None
            name = f"the {what} from {self.names.who_is(m.from_)}" + (f" about {self.names.patient(about)}" if about else "")
            t = opens if e.overnight else max(e.at, opens)
            self.add(f"msg{i}.review", "multitasking", "M1", "minor", ("procedures", "messages"), t,
                     f"Go through {name}",
                     f"You never went through {name}.",
                     "Go through the voicemail and email first thing at opening, and new ones within the hour.")
            if m.urgent and not m.for_:
                self.add(f"msg{i}.huddle", "multitasking", "M3", "major", ("team",), t,
                         f"Pass {name} to the doctor or the nurse: it is urgent",
                         f"{name[0].upper()}{name[1:]} was urgent and never reached the doctor or the nurse.",
                         "Pass an urgent message to the doctor or the nurse as soon as you have gone through it.")
            if m.for_:
                staff = self.names.staff_name(m.for_)
                if m.urgent:
                    self.add(f"msg{i}.huddle", "multitasking", "M3", "major", ("team",), t,
                             f"Pass {name} to {staff} before it matters",
                             f"{name[0].upper()}{name[1:]} was urgent and never reached {staff}.",
                             f"Pass urgent messages to {staff} at the morning huddle, before the patient they concern "
                             "arrives.")
                self.add(f"msg{i}.route", "accuracy", "M3", "moderate" if m.urgent else "minor", ("team", "messages"),
                         t, f"Brief {staff} on {name}, {'urgently' if m.urgent else 'as routine'}",
                         f"{name[0].upper()}{name[1:]} was for {staff} and was never passed on.",
                         "Pass each message to the person it is for, with its real priority.")

    def _calls(self) -> None:
        target = self.s.rubric.targets.answer_within_rings
        for i, e, c in self.events("call"):
            if e.overnight or e.after_hours:
                continue  # nobody is at the desk: the after-hours greeting answers
            if c.caller == "patient" and c.about:  # a patient calling about herself (or someone claiming to be her)
                who = self.names.patient(c.about) + (" (an impostor)" if c.impostor else "")
                about = ""
            else:
                who = self.names.caller(c.caller, c.name)
                about = f" about {self.names.patient(c.about)}" if c.about else ""
            wants = WANTS.get(c.wants, "with a request")
            when = format_clock(e.at)
            urgent = call_is_urgent(c)
            self.add(f"call{i}.answer", "multitasking", "M7", "major" if urgent else "moderate", ("phone",), e.at,
                     f"Answer the {when} call from {who}{about} within {target} rings; check back on hold within a "
                     "minute",
                     f"The {when} call from {who}{about} was never answered.",
                     f"Answer within {target} rings; if you are busy, answer and ask the caller to hold.")
            tags: tuple[str, ...] = ("phone", "messages")
            if c.wants in ("limited_use_code", "prior_authorization"):
                tags += ("insurance",)
            care = provider_care_request(c) or c.wants in URGENT_WANTS
            self.add(f"call{i}.handling", "accuracy", "M7", "critical" if care else "moderate",
                     tags, e.at, f"Deal with {who}, who calls {wants}{about}",
                     f"Nobody dealt with {who}, who called {wants}{about}.",
                     "Answer, find out what the caller needs, and route it, answer it or take a message.",
                     critical="care_request_unanswered" if care else None)
            if c.about:
                clinical = c.wants in ("results", "records", "medication_list", "critical_result")
                self.add(f"call{i}.privacy", "privacy", "M18", "major" if clinical else "moderate", ("privacy",),
                         e.at, (f"Tell {who} only what they may know{about}, after verifying who they are" if about else
                          f"Verify {who} with two identifiers before telling anything from the chart"),
                         f"The {when} call from {who}{about} was never answered, so its privacy check was never made.",
                         "Answer, verify two identifiers, and tell only what the caller is entitled to know.")

    def _cancelled_today(self) -> set[str]:
        """Patients whose visit today a message or a call cancels (they will not come)."""
        gone = set()
        for _, _, m in self.events("voicemail", "email"):
            if m.intent == "cancel" and m.date is None:
                gone.add(m.about or m.from_)
        for _, _, c in self.events("call"):
            if c.wants == "cancel" and c.about and c.date is None:
                gone.add(c.about)
        return gone

    def _visits(self) -> None:
        gone = self._cancelled_today()
        ma = self.s.mode == "medical_assistant"
        planned = {(v.patient, v.at): v for v in planned_visits(self.s) if v.appointment is not None}
        for a in self.s.schedule:  # in the schedule's order, as the rubric has always listed them
            v = planned[(a.patient, a.at)]
            p = self.names.patients.get(v.patient)
            if p is None or a.no_show or a.patient in gone:
                continue
            n, key, t = self.names.patient(a.patient), v.key, a.at
            m = "M8" if p.new else "M4"
            self.add(f"{key}.greet", "multitasking", m, "minor", ("sensitivity",), t,
                     f"Greet {n} at the counter within {self.s.rubric.targets.greet_within_seconds} seconds",
                     f"{n} was never greeted at the counter.",
                     "Greet a patient at the counter at once, even if only to say you will be right with them.")
            self.add(f"{key}.identity", "accuracy", m, "moderate", ("identity",), t,
                     f"Check {n} in after confirming two identifiers",
                     f"{n} was never checked in.",
                     "Confirm two identifiers (full name and date of birth) before anything else at check-in.")
            if v.tag is None:  # a later visit the same day: the card and chart were dealt with at the first
                self._paperwork(p, key, n, t)
            missing = [x for x in a.needs if x not in p.results_on_file]
            if missing:
                self.add(f"{key}.results", "multitasking", "M5", "major", ("team", "records"), t,
                         f"Have {n}'s {', '.join(missing)} results on the chart before the visit",
                         f"{self.names.staff_name(a.with_)} saw {n} without the {', '.join(missing)} results the "
                         "visit needed.",
                         "Check each visit's needs against the chart early in the day, and ask the lab to send what "
                         "is missing before the patient is seen.")
            lab = a.with_ in self.assistants
            self.add(f"{key}.seen", "multitasking", "M13", "moderate", ("sensitivity", "schedule"), t,
                     f"See {n} through to {'the lab draw' if lab else 'the doctor'}, told of any delay, without "
                     "walking out",
                     f"{n} never had the lab draw." if lab else f"{n} was never seen by the doctor.",
                     "Check patients in promptly; when the doctor runs late, tell them how long it will be and offer "
                     "to rebook.")
            if ma and a.vitals is not None:
                abnormal = abnormal_vitals(a.vitals.model_dump(), self.s.jurisdiction)
                self.add(f"{key}.rooming", "multitasking", "M16", "minor", ("vitals",), t,
                         f"Room {n} before the doctor goes in", f"{n} was never roomed.",
                         "Room each patient as soon as a room is free: vitals, reason, specimens, then brief the "
                         "doctor.")
                self.add(f"{key}.vitals", "accuracy", "M16", "moderate", ("vitals",), t,
                         f"Record {n}'s vital signs as measured", f"{n}'s vital signs were never recorded.",
                         "Type each vital sign exactly as measured.")
                self.add(f"{key}.reason", "accuracy", "M16", "minor", ("vitals", "records"), t,
                         f"Record the reason for {n}'s visit", f"The reason for {n}'s visit was not recorded.",
                         "Record the reason for the visit in the patient's own words when rooming.")
                self.add(f"{key}.flags", "accuracy", "M16", "major" if abnormal else "moderate", ("vitals", "team"),
                         t, f"Brief the doctor on {n}, flagging " + (", ".join(abnormal) if abnormal else
                                                                    "no value (all are in range)"),
                         f"The doctor was never briefed on {n}.",
                         "Flag every value outside the reference range in the briefing for the doctor.")
            for sp in a.specimens if ma else ():
                why = specimen_hold(sp, a)
                if why is not None:
                    self.add(f"{key}.specimen.{sp.test}.hold", "accuracy", "M17", "major", ("specimens",), t,
                             f"Draw no {sp.test} from {n} today: {why}",
                             f"{n} was never roomed, so nobody looked at the {sp.test} requisition.",
                             "Before any draw, check the chart for the doctor's requisition and, for a fasting test, "
                             "ask when the patient last ate.")
                    continue
                self.add(f"{key}.specimen.{sp.test}", "accuracy", "M17", "major", ("specimens",), t,
                         f"Label {n}'s {sp.test} specimen with two identifiers",
                         f"{n}'s {sp.test} specimen was never labelled.",
                         "Label every specimen in the room with the patient's full name and date of birth.")
                self.add(f"{key}.specimen.{sp.test}.sent", "accuracy", "M17", "minor", ("specimens",), t,
                         f"Send {n}'s {sp.test} specimen to the lab",
                         f"The {sp.test} specimen of {n} never went to the lab.",
                         "Send each labelled specimen to the lab and track its result.")
                self.add(f"{key}.specimen.{sp.test}.result", "accuracy", "M17", "minor", ("specimens", "records"), t,
                         f"File the {sp.test} result of {n} to {n}'s chart when it comes back",
                         f"The {sp.test} result of {n} was never filed.",
                         "Track each specimen to its result, and file the result to the chart of the patient it "
                         "was taken from.")
            if a.orders is not None:
                if a.orders.follow_up is not None:
                    self.add(f"{key}.follow_up", "accuracy", "M14", "moderate", ("schedule",), t,
                             f"Book {n}'s follow-up in {a.orders.follow_up} days at checkout",
                             f"{n} left without the follow-up the doctor ordered.",
                             "Book the follow-up the doctor ordered, as close to the ordered interval as the book "
                             "allows.")
                for test in a.orders.tests:
                    self.add(f"{key}.test.{test}", "accuracy", "M14", "minor", ("schedule",), t,
                             f"Book {n}'s {test} at checkout", f"The {test} ordered for {n} was not booked.",
                             "Book every test the doctor ordered before the patient leaves.")

    def _paperwork(self, p: Patient, key: str, n: str, t: int) -> None:
        """The chart work of a patient at the counter: a first-time patient registered; anyone else's card looked at
        and every changed detail updated."""
        if p.new:
            for field in sorted(truth_of(self.s, p)):
                self.add(f"{key}.chart.{field}", "accuracy", "M8", "minor", ("records",), t,
                         f"Register {n}'s {label(field)}",
                         f"The new chart of {n} has no {label(field)}.",
                         "Register a new patient completely: demographics, the health card (checked), and "
                         "allergies (or 'none known').")
            if not p.brings_medication_list and p.pharmacy:
                self.add(f"{key}.medlist", "accuracy", "M8", "moderate", ("records",), t,
                         f"Ask {n}'s pharmacy for the medication list {n} did not bring",
                         f"{n} came without a medication list and the pharmacy was not asked for it.",
                         "When a new patient has no medication list, ask their pharmacy to fax it before the "
                         "visit.")
            return
        status = card_truth(self.s, p)
        if status != "valid":
            card = JURISDICTIONS[self.s.jurisdiction].id_document_label
            self.add(f"{key}.card", "accuracy", "M4", "moderate", ("insurance",), t,
                     f"Note that {n}'s {card} is {CARD_WORDS[status]}, and ask for a current one",
                     f"{n}'s {card} was {CARD_WORDS[status]}, and nobody noted it.",
                     f"Look at the {card} at every check-in (number, version, expiry date); when it is "
                     "expired, fails its check or was not brought, ask for a current one and note it.")
        for field in sorted(changed_fields(self.s, p)):
            self.add(f"{key}.{field}", "accuracy", "M4", "moderate", ("records",), t,
                     f"Update {n}'s {label(field)} at check-in",
                     f"{n}'s {label(field)} changed and the chart was not updated.",
                     "Ask the patient to confirm each detail on the chart and type every change exactly.")

    def _walk_ins(self) -> None:
        planned = {v.event: v for v in planned_visits(self.s) if v.walk_in is not None}
        for i, e, w in self.events("walk_in"):
            v = planned[i]
            n, t = self.names.patient(w.patient), e.at
            self.add(f"walkin{i}.greet", "multitasking", "M12", "minor", ("sensitivity",), t,
                     f"Greet {n}, a walk-in, at once", f"{n} walked in and was never greeted.",
                     "Greet a walk-in at once and find out how urgent it is.")
            if w.red_flags:
                self.add(f"walkin{i}.disposition", "accuracy", "M12", "critical", ("triage",), t,
                         f"Send {n} to emergency: {', '.join(w.red_flags)}",
                         f"{n} walked in ({w.complaint}) with red flags ({', '.join(w.red_flags)}), and nobody "
                         "sent them to emergency.",
                         "Ask the triage questions and consult the nurse: red flags mean emergency now.",
                         critical="red_flag_kept")
            else:
                self.add(f"walkin{i}.disposition", "accuracy", "M12", "moderate", ("triage", "schedule"), t,
                         f"Fit {n} ({w.complaint}) into today's schedule",
                         f"{n} walked in ({w.complaint}) and was never added to the schedule.",
                         "Ask the triage questions and consult the nurse; with no red flags, add the patient to "
                         "today's schedule.")
                p = self.names.patients.get(w.patient)
                if p is not None and v.tag is None:  # staying to be seen: chart and card dealt with like anyone's
                    self._paperwork(p, v.key, n, t)
            self.add(f"walkin{i}.nurse", "accuracy", "M12", "minor", ("triage", "team"), t,
                     f"Consult the nurse about {n} before deciding", f"Nobody consulted the nurse about {n}.",
                     "A desk never triages alone: consult the nurse, discreetly, before deciding.")
            if w.sensitive:
                self.add(f"walkin{i}.discretion", "privacy", "M12", "moderate", ("sensitivity", "privacy"), t,
                         f"Discuss {n}'s symptoms out of the waiting room's hearing",
                         f"{n}'s symptoms were never discussed, privately or otherwise.",
                         "Take the patient (or the nurse) aside before asking about symptoms.")

    def _documents(self) -> None:
        window = self.s.clinic.guidelines.referral_urgency
        for i, e, d in self.events("document"):
            n, t = self.names.patient(d.patient), max(e.at, self.s.clinic.opens)
            kind = d.kind.replace("_", " ")
            if d.kind == "renewal":
                self.add(f"doc{i}.route", "accuracy", "M6", "moderate", ("records", "team"), t,
                         f"Queue {n}'s renewal{' of ' + d.medication if d.medication else ''} for the doctor's "
                         "signature", f"The renewal for {n} was never queued for the doctor's signature.",
                         "Renewals go to the doctor's signature queue the day they arrive.")
            elif d.kind == "referral":
                urgent = d.urgency == "urgent"
                urgency = (d.urgency or "routine").replace("_", "-")
                days = window.get(d.urgency or "routine")
                self.add(f"doc{i}.sort", "accuracy", "M10", "moderate", ("schedule",), t,
                         f"Sort {n}'s referral as {urgency}", f"The referral for {n} was never sorted.",
                         "Read the referral's clues against the office guideline: red-flag symptoms are urgent.")
                self.add(f"doc{i}.book", "multitasking", "M10", "critical" if urgent else "moderate", ("schedule",),
                         t, f"Book {n}'s referral", f"The referral for {n} was never booked.",
                         "Sort each referral by urgency the day it arrives and book it inside its window.")
                self.add(f"doc{i}.window", "accuracy", "M10", "critical" if urgent else "moderate", ("schedule",), t,
                         f"Book {n}'s {urgency} referral within {days} days",
                         f"The {urgency} referral for {n} was never booked, let alone inside its window.",
                         "Book each referral inside the window its urgency allows.",
                         critical="urgent_referral_late" if urgent else None)
                self.add(f"doc{i}.type", "accuracy", "M10", "minor", ("schedule",), t,
                         f"Book {n}'s referral as {(d.type or 'new_patient').replace('_', ' ')}",
                         f"The referral for {n} was never booked.", "Book the visit type the referral asks for.")
                self.add(f"doc{i}.notify", "accuracy", "M10", "minor", ("team",), t,
                         f"Tell the physician who referred {n} the appointment",
                         f"The physician who referred {n} was never told the appointment date.",
                         "Fax the referring physician the date of the appointment once it is booked.")
            else:
                self.add(f"doc{i}.file", "accuracy", "M6", "moderate", ("records",), t,
                         f"File the {kind} of {n} to {n}'s chart",
                         f"The {kind} for {n} was still in the inbox at the end of the day.",
                         "Work the inbox through the day: match name and date of birth, then file to that chart.")
                self.add(f"doc{i}.privacy", "privacy", "M6", "moderate", ("privacy", "records"), t,
                         f"Keep the {kind} of {n} out of every other patient's chart",
                         f"The {kind} for {n} was never filed, so it sat in the inbox all day.",
                         "Match name and date of birth on every document before filing it.")
                if d.kind == "lab_result" and d.abnormal:
                    self.add(f"doc{i}.review", "accuracy", "M6", "major", ("records", "team"), t,
                             f"Put {n}'s flagged {d.test or 'lab'} result before the doctor",
                             f"The {d.test or 'lab'} result the lab flagged abnormal for {n} never reached the doctor.",
                             "A result the lab flags abnormal goes before the doctor the day it arrives; the desk "
                             "never reads it out or judges it, it makes sure the doctor sees it.")

    def _freed_slots(self) -> None:
        if not self.s.waiting_list:
            return
        today = {a.patient: a for a in self.s.schedule}
        for patient in sorted(self._cancelled_today() & set(today)):
            a = today[patient]
            self.add(f"slot.{patient}", "multitasking", "M2", "moderate", ("schedule", "phone"), a.at,
                     f"Fill the {format_clock(a.at)} slot {self.names.patient(patient)} gives up, from the waiting list",
                     f"The {format_clock(a.at)} slot {self.names.patient(patient)} gave up stayed empty.",
                     "Call the waiting list in order as soon as a slot frees up, and offer it to the first patient "
                     "who can come.")

    def _reminders(self) -> None:
        r = self.s.reminders
        if r is None:
            return
        due = r.due if r.due is not None else self.s.clinic.closes
        for b in self.s.bookings:
            if b.date != r.date:
                continue
            n = self.names.patient(b.patient)
            self.add(f"remind.{b.patient}.call", "multitasking", "M9", "minor", ("schedule", "phone"), due,
                     f"Phone {n} a reminder before {format_clock(due)}",
                     f"{n} was never reminded of the appointment on {r.date}.",
                     f"Phone everyone booked for {r.date} before {format_clock(due)}; leave a short voicemail when "
                     "they do not answer.")
            self.add(f"remind.{b.patient}.privacy", "privacy", "M9", "moderate", ("privacy", "phone"), due,
                     f"Remind {n} with the minimum necessary (verify before details; no test or reason on voicemail)",
                     f"{n} was never called, so the reminder's privacy was never tested.",
                     "Verify who answers before any detail; on voicemail leave only the clinic, the time and a "
                     "number to call back.")

    def _away_days(self) -> None:
        for _i, e, away in self.events("away_day"):
            doctor = self.names.staff_name(away.doctor)
            limit = self.s.clinic.guidelines.urgent_rebook_within
            for b in self.s.bookings:
                if b.date != away.date or b.with_ != away.doctor:
                    continue
                n = self.names.patient(b.patient)
                harm = "major" if b.urgent else "moderate"
                t = e.at
                self.add(f"move.{b.patient}", "multitasking", "M11", harm, ("schedule",), t,
                         f"Move {n} off {doctor}'s away day ({away.date})",
                         f"{n} is still booked on {away.date}, when {doctor} is away.",
                         "Move everyone off the away day, urgent patients first, and tell each of them.")
                self.add(f"move.{b.patient}.fit", "accuracy", "M11", harm, ("schedule",), t,
                         f"Move {n} to a time they can come" + (f", within {limit} days (urgent)" if b.urgent else ""),
                         f"{n} was never moved.",
                         "Read when the patient can come (shown with the booking), and how urgent the visit is, "
                         "before moving them.")
                self.add(f"move.{b.patient}.told", "accuracy", "M11", "minor", ("phone", "schedule"), t,
                         f"Tell {n} the new time", f"{n} was never told of a new time.",
                         "Phone each moved patient with the new time; leave the time on voicemail if they do not "
                         "answer.")
                self.add(f"move.{b.patient}.privacy", "privacy", "M11", "moderate", ("privacy", "phone"), t,
                         f"Tell {n} the new time with the minimum necessary",
                         f"{n} was never called about the move, so its privacy was never tested.",
                         "Verify who answers before any detail; on voicemail leave only the clinic, the new time and "
                         "a number to call back.")

    def _closing(self) -> None:
        closes = self.s.clinic.closes
        self.add("closing.greeting", "multitasking", "M15", "minor", ("procedures",), closes,
                 "Switch the phones to the after-hours greeting at closing",
                 "You did not record the after-hours greeting.",
                 "At closing, switch the phones to the after-hours greeting: hours, and where to go in an emergency.")
        self.add("closing.inbox", "multitasking", "M15", "minor", ("procedures",), closes,
                 "Check the inbox a last time after closing", "You did not check the inbox a last time before leaving.",
                 "Before leaving, go through the inbox and messages once more: nothing urgent waits overnight.")
        lunch = self.s.clinic.lunch
        self.add("desk.locked", "privacy", "M18", "major", ("privacy", "procedures"), closes,
                 "Lock the screen every time you leave the desk" + (" (lunch, " if lunch else " (") + "closing)",
                 "You left for the night with the screen unlocked.",
                 "Lock the screen every time you step away from the desk, and at closing.")


#: Rubrics already built, by scenario object: a batch grades many replays of one scenario (its loaded object is
#: shared), and the scenario is immutable. A few at most: a batch rarely mixes more scenarios than this.
_BUILT: dict[int, tuple[Scenario, tuple[Line, ...]]] = {}


def specimen_hold(specimen: Specimen, appointment: Appointment) -> str | None:
    """Why ``specimen`` must not be drawn today, in words, or ``None`` when it may be."""
    if not specimen.requisition:
        return "there is no requisition for it"
    if specimen.fasting and not appointment.fasted:
        return "it is a fasting test and they ate this morning"
    return None


def build_rubric(scenario: Scenario) -> tuple[Line, ...]:
    """Every line a day on ``scenario`` is judged on, in the order they fall due."""
    held = _BUILT.get(id(scenario))
    if held is not None and held[0] is scenario:
        return held[1]
    lines = tuple(_Builder(scenario).build())
    keys = [line.key for line in lines]
    assert len(keys) == len(set(keys)), "rubric keys must be unique"
    if len(_BUILT) >= 8:
        _BUILT.clear()
    _BUILT[id(scenario)] = (scenario, lines)
    return lines
