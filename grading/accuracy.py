"""Accuracy: getting each thing right (DESIGN section 6).

Chart fields against the truth (compared as a person would), identity confirmed with two identifiers, documents on
the right chart, calls and messages routed to the right person, the orders booked at checkout, walk-ins sent the
right way, referrals sorted and booked inside their window, freed slots filled with a visit that fits, reminders
acted on, away-day moves that respect urgency and availability, vitals typed and flagged, specimens labelled.
"""

from __future__ import annotations

from typing import Any

from frontdesk.simulator.scenario.jurisdictions import JURISDICTIONS
from frontdesk.simulator.scenario.ranges import abnormal_vitals

from . import lines
from .compare import same_value
from .consent import may_know
from .day import Day
from .grade import clock
from .lines import ITEM_WORDS, PROVIDERS, WANTS, label
from .multitasking import away_day_cancellations, event_of

__all__ = ["judge_accuracy", "truth_of", "WANTS", "PROVIDERS", "label"]

C = "accuracy"
#: Only the prescriber can give these; the desk passes them to the doctor.
_PRESCRIBER = ("limited_use_code", "prior_authorization", "refill")


def truth_of(day: Day, patient: str) -> dict[str, str]:
    """What a correct chart of ``patient`` says today: their record, with what changed since the last visit."""
    return lines.truth_of(day.s, day.patients[patient])


def judge_accuracy(day: Day) -> None:
    """Add every accuracy check of ``day``."""
    for judge in (_identity, _changes, _cards, _registration, _documents, _calls, _checkout, _walk_ins, _referrals,
                  _freed_slots, _huddle, _reminders, _moves, _vitals, _specimens, _double_bookings):
        judge(day)




def _last_typed(day: Day, patient: str) -> dict[str, Any]:
    typed: dict[str, Any] = {}
    for f in day.kind("chart_updated"):
        if f.get("patient") == patient:
            typed[f.get("field")] = f
    return typed


def _identity(day: Day) -> None:
    for f in day.kind("patient_checked_in"):
        key = f"{day.visit_of(f)}.identity"
        if not day.has(key):
            continue  # a walk-in is judged on its triage
        ids = f.get("identifiers_confirmed") or ()
        day.judge(key, 1.0 if len(ids) >= 2 else 0.0, t=f.t,
                  message=f"{day.name(f.get('patient'))} was checked in after confirming "
                          f"{len(ids) or 'no'} identifier{'' if len(ids) == 1 else 's'}.",
                  better="Confirm two identifiers (full name and date of birth) before anything else at check-in.")


def _changes(day: Day) -> None:
    for arrived in day.kind("patient_arrived", "walk_in_arrived"):
        patient = arrived.get("patient")
        if arrived.get("new_patient"):
            continue
        truth = truth_of(day, patient)
        typed = _last_typed(day, patient)
        changed = arrived.get("changed") or ()
        for field in changed:
            f = typed.get(field)
            if not day.has(f"{day.visit_of(arrived)}.{field}"):
                continue
            right = f is not None and same_value(field, f.get("value"), truth.get(field))
            day.judge(f"{day.visit_of(arrived)}.{field}", 1.0 if right else 0.0, t=f.t if f is not None else arrived.t,
                      severity="error" if f is not None else "missed",
                      message=(f"You typed {f.get('value')!r} for {day.name(patient)}'s {label(field)}; it is "
                               f"{truth.get(field)!r}." if f is not None else
                               f"{day.name(patient)}'s {label(field)} changed and the chart was not updated."),
                      better="Ask the patient to confirm each detail on the chart and type every change exactly.")
        for field, f in typed.items():
            if field in changed or field not in truth or same_value(field, f.get("value"), truth[field]):
                continue
            day.deduct(C, "M4", ("records",), "moderate", t=f.t, severity="error",
                       message=f"You changed {day.name(patient)}'s {label(field)} to {f.get('value')!r}, which is wrong.",
                       better="Change a chart field only to what the patient tells you, typed exactly.")


def _cards(day: Day) -> None:
    """Each card problem noted right; a problem noted on a card that has none is a false alarm."""
    card = JURISDICTIONS[day.s.jurisdiction].id_document_label
    for f in day.kind("card_noted"):
        patient, noted = f.get("patient"), f.get("status")
        key = f"{day.visit_of(f)}.card"
        p = day.patients.get(patient)
        truth = lines.card_truth(day.s, p) if p is not None else "valid"
        words = lines.CARD_WORDS
        if day.has(key):
            day.judge(key, 1.0 if noted == truth else 0.0, t=f.t,
                      message=f"You noted {day.name(patient)}'s {card} as {words.get(noted, noted)}; it was "
                              f"{words[truth]}.",
                      better=f"Read the {card}'s number, version and expiry date against today's date before noting "
                             "it.")
        elif noted != truth:
            day.deduct(C, "M4", ("insurance",), "minor", t=f.t, severity="error",
                       message=f"You noted {day.name(patient)}'s {card} as {words.get(noted, noted)}; it was "
                               f"{words[truth]}.",
                       better=f"Note a problem with the {card} only when its number, version or date shows one.")


def _registration(day: Day) -> None:
    requested = {f.get("patient") for f in day.kind("medication_list_requested")}
    for created in day.kind("chart_created"):
        patient = created.get("patient")
        truth = truth_of(day, patient)
        typed = _last_typed(day, patient)
        for field, value in sorted(truth.items()):
            f = typed.get(field)
            if not day.has(f"visit.{patient}.chart.{field}"):
                continue
            right = f is not None and same_value(field, f.get("value"), value)
            day.judge(f"visit.{patient}.chart.{field}", 1.0 if right else 0.0, t=f.t if f is not None else created.t,
                      severity="error" if f is not None else "missed",
                      message=(f"The new chart of {day.name(patient)} says {f.get('value')!r} for {label(field)}; it is "
                               f"{value!r}." if f is not None else
                               f"The new chart of {day.name(patient)} has no {label(field)}."),
                      better="Register a new patient completely: demographics, the health card (checked), and "
                             "allergies (or 'none known').")
        if day.has(f"visit.{patient}.medlist"):
            day.judge(f"visit.{patient}.medlist", 1.0 if patient in requested else 0.0, t=created.t,
                      severity="missed", message=f"{day.name(patient)} came without a medication list and the "
                      "pharmacy was not asked for it.",
                      better="When a new patient has no medication list, ask their pharmacy to fax it before the visit.")


def _documents(day: Day) -> None:
    arrived = {d.get("document"): d for d in day.kind("document_arrived")}
    for f in day.kind("document_filed"):
        d = arrived.get(f.get("document"))
        event = d.get("event") if d is not None else None
        kind = str(f.get("document_kind")).replace("_", " ")
        owner = day.document_owner(f.get("document")) or f.get("belongs_to")
        right = f.get("filed_to") == owner
        message = f"The {kind} of {day.name(owner)} was filed to {day.name(f.get('filed_to'))}'s chart."
        better = "Match two identifiers (name and date of birth) before filing: look-alike names are common."
        if f.get("document_kind") == "renewal" and day.has(f"doc{event}.route"):
            day.judge(f"doc{event}.route", 0.0, t=f.t,
                      message=f"The renewal for {day.name(f.get('belongs_to'))} was filed away instead of being "
                              "queued for the doctor's signature.",
                      better="Renewals go to the doctor's signature queue; the doctor signs, then it is filed.")
        elif f.get("document_kind") == "referral" and day.has(f"doc{event}.sort"):
            day.judge(f"doc{event}.sort", 0.0, t=f.t,
                      message=f"The referral for {day.name(f.get('belongs_to'))} was filed away instead of being "
                              "sorted for booking.",
                      better="Referrals are sorted by urgency and booked inside their window.")
        elif day.has(f"doc{event}.file"):
            day.judge(f"doc{event}.file", 1.0 if right else 0.0, t=f.t, message=message, better=better)
            if day.has(f"doc{event}.review"):
                test = f.get("test") or "lab"
                day.judge(f"doc{event}.review", 1.0 if f.get("for_review") else 0.0, t=f.t, severity="missed",
                          message=f"The {test} result the lab flagged abnormal for {day.name(f.get('belongs_to'))} "
                                  "was filed without going before the doctor.",
                          better="File a flagged result with the doctor's review, the day it arrives.")
        elif not right:  # a document no scenario line foresaw (a specimen's result) on the wrong chart
            day.deduct(C, f.mechanic, ("records",), "moderate", t=f.t, severity="error", message=message,
                       better=better)
    for f in day.kind("renewal_queued"):
        event = arrived[f.get("document")].get("event") if f.get("document") in arrived else None
        if day.has(f"doc{event}.route"):
            day.judge(f"doc{event}.route", 1.0, t=f.t)
    for f in day.kind("referral_set_aside"):
        event = arrived[f.get("document")].get("event") if f.get("document") in arrived else None
        if day.has(f"doc{event}.sort"):
            day.judge(f"doc{event}.sort", 1.0, t=f.t)  # set aside for the doctor's triage: the guideline allows it


def _allowed(f: Any) -> bool:
    """Whether this caller may be told about the patient, from the neutral consent facts (see :mod:`.consent`)."""
    return may_know(f)


def _caller_voicemails(day: Day) -> None:
    """A caller who gave up and left a voicemail: acting on it (going through it and passing it to the person it
    is for) deals with the request after all; a voicemail nobody acted on leaves the request missed."""
    reviewed = {f.get("message"): f for f in day.kind("message_reviewed")}
    briefed: dict[str, list[Any]] = {}
    for f in day.kind("staff_briefed"):
        briefed.setdefault(f.get("message"), []).append(f)
    rang = {f.get("call"): f for f in day.kind("call_rang")}
    for m in day.kind("message_received"):
        r = rang.get(m.get("call"))
        key = f"call{r.get('event')}.handling" if r is not None else ""
        if r is None or not day.has(key):
            continue
        who = day.caller(r.get("caller"), r.get("name"))
        heard = reviewed.get(m.get("message"))
        passed = [b for b in briefed.get(m.get("message"), []) if b.get("to") == m.get("for_staff")]
        done = heard is not None and (m.get("for_staff") is None or bool(passed))
        day.judge(key, 1.0 if done else 0.0, t=(passed[0] if passed else heard or m).t, severity="missed",
                  message=f"{who[0].upper()}{who[1:]} called {WANTS.get(r.get('wants'), 'with a request')} and left a "
                          "voicemail, " + ("which nobody went through." if heard is None else
                                           f"which never reached {day.staff_name(m.get('for_staff'))}."),
                  better="Go through the voicemail as soon as a caller leaves one, and pass the request to the person "
                         "who must act on it" + (", urgently." if m.get("urgent") else "."))


def _calls(day: Day) -> None:
    _caller_voicemails(day)
    for rang in day.kind("call_rang"):
        call, key = rang.get("call"), f"call{rang.get('event')}.handling"
        facts = day.by_call.get(call, [])
        if not any(f.kind == "call_answered" for f in facts) or not day.has(key):
            continue
        outcome = next((f for f in facts if f.kind in ("call_routed", "message_taken", "disclosure", "request_declined",
                                                       "appointment_booked", "appointment_cancelled")), None)
        script = day.s.events[rang.get("event")].call
        expected, ok = _expected(rang, facts, script.code_on_chart)
        who = (day.name(rang.get("about")) if rang.get("caller") == "patient" and rang.get("about")
               else day.caller(rang.get("caller"), rang.get("name")))
        done = {"call_routed": "transferred the call", "message_taken": "took a message",
                "disclosure": "told them", "request_declined": "declined", "appointment_booked": "booked it",
                "appointment_cancelled": "cancelled it"}
        detail = _detail(day, outcome) if outcome is not None else ""
        if outcome is not None and outcome.kind == "disclosure":
            did = f"told them the {ITEM_WORDS.get(outcome.get('item'), outcome.get('item'))}"
        else:
            did = (done.get(outcome.kind, "did something else") + (f" ({detail})" if detail else "")
                   if outcome is not None else "did nothing about it")
        day.judge(key, 1.0 if ok else 0.0, t=outcome.t if outcome is not None else rang.t,
                  severity="error" if outcome is not None else "missed",
                  message=f"{who[0].upper()}{who[1:]} called {WANTS.get(rang.get('wants'), 'with a request')}: you {did}.",
                  better=expected)


def _detail(day: Day, f: Any) -> str:
    if f.kind in ("call_routed", "message_taken"):
        return f"to {day.staff_name(f.get('to'))}" + (", urgent" if f.get("urgent") else "")
    return ""


def _expected(rang: Any, facts: list[Any], code_on_chart: bool = False) -> tuple[str, bool]:
    """What a professional does with this call, and whether it was done (``code_on_chart``: the doctor recorded
    the Limited Use code asked for)."""
    wants, caller = rang.get("wants"), rang.get("caller")
    kinds = {f.kind for f in facts}
    routed = [f for f in facts if f.kind in ("call_routed", "message_taken")]
    to_role = {f.get("role") for f in routed}
    told = {f.get("item") for f in facts if f.kind == "disclosure"}
    consent = next((f for f in facts if f.kind in ("disclosure", "request_declined")), None)
    allowed = consent is None or _allowed(consent)
    put_through = {f.get("role") for f in facts if f.kind == "call_routed"}
    urgently = {f.get("role") for f in facts if f.kind == "call_routed" and f.get("urgent")}
    if wants == "critical_result":
        return ("Put a lab's critical result straight through, urgently, to the doctor (or the nurse, who can take "
                "a critical value).", bool(urgently & {"doctor", "nurse"}))
    if wants == "speak_to_doctor":
        if caller in PROVIDERS:
            urgent = bool(rang.get("urgent")) or caller == "er_nurse"
            if urgent:  # an emergency department cannot wait for a call back
                return ("Put an emergency department's call straight through to the doctor.", "doctor" in put_through)
            return ("Put another provider caring for the patient through to the doctor, or take a message for the "
                    "doctor.", "doctor" in to_role)
        return "Take a message for the doctor, or transfer it.", "doctor" in to_role
    if wants == "speak_to_nurse":
        return "Transfer the caller to the nurse, or take a message for them.", "nurse" in to_role
    if wants == "limited_use_code" and code_on_chart:
        return ("Open the chart: the doctor recorded the Limited Use code, so read it out (or take a message for the "
                "doctor).", "limited_use_code" in told or "doctor" in to_role)
    if wants == "limited_use_code":
        return ("Only the prescriber can give a Limited Use code: open the chart, and when no code is recorded there, "
                "take a message for the doctor; never read out a code the chart does not have.",
                "doctor" in to_role and "limited_use_code" not in told)
    if wants == "prior_authorization":
        return ("A prior authorization is the prescriber's request to the insurer: take a message for the doctor.",
                "doctor" in to_role and "prior_authorization" not in told)
    if wants in _PRESCRIBER:
        return "Only the prescriber can renew a prescription: take a message for the doctor.", "doctor" in to_role
    if not allowed:
        return ("This caller may not be told about the patient: decline politely, without confirming anything.",
                "request_declined" in kinds or bool(routed))
    if wants == "results":
        if caller in PROVIDERS:  # another provider treating the patient may be told what the care needs
            return ("Give a provider treating the patient the results the care needs, or put them through.",
                    "results" in told or bool(to_role & {"nurse", "doctor"}))
        return "Results come from the nurse or doctor: take a message for them.", bool(to_role & {"nurse", "doctor"})
    if wants in ("medication_list", "records") and caller in PROVIDERS:
        return (f"Give a provider caring for the patient the {ITEM_WORDS[wants]} they need, or put them through to "
                "the doctor or the nurse.", wants in told or bool(put_through & {"doctor", "nurse"}))
    if wants == "medication_list":
        return ("Give the verified patient her medication list, or take a message for the nurse.",
                "medication_list" in told or bool(to_role & {"nurse", "doctor"}))
    if wants == "reschedule":
        booked = {(f.get("date"), f.get("at")) for f in facts if f.kind == "appointment_booked"}
        cancelled = {(f.get("date"), f.get("at")) for f in facts if f.kind == "appointment_cancelled"}
        return ("Move the appointment to a new time: cancel the old one and book another time, never the same.",
                bool(booked) and not booked & cancelled)
    if wants == "book":
        return "Book the appointment the caller asks for.", "appointment_booked" in kinds
    if wants == "cancel":
        return "Cancel the appointment, and offer the slot to the waiting list.", "appointment_cancelled" in kinds
    if wants == "confirm":
        return "Confirm the appointment to the verified patient.", "appointment" in told
    if wants == "billing":
        return "Answer the billing question, or take a message.", "billing" in told or bool(routed)
    if wants == "records":
        return ("Records are released on a signed request: explain how to make one.",
                "request_declined" in kinds or bool(routed))
    return "Take a message for the right person.", bool(routed) or "request_declined" in kinds


#: Visit types as a sentence says them, with their article.
_VISITS = {"follow_up": "a follow-up", "new_patient": "a new-patient visit", "consult": "a consultation",
           "urgent": "an urgent visit", "physical": "a physical", "procedure": "a procedure"}


def visit_words(visit_type: Any) -> str:
    """A visit type with its article: "a follow-up", "a consultation", "an ECG visit" for one the list lacks."""
    words = str(visit_type).replace("_", " ")
    return _VISITS.get(str(visit_type), f"{'an' if words[:1].lower() in 'aeiou' else 'a'} {words} visit")


def _words(value: Any) -> str:
    return str(value).replace("_", " ")


#: Vital signs as a briefing names them.
_SIGN_WORDS = {"pulse": "pulse", "respirations": "respirations", "bp": "blood pressure",
               "temperature_c": "temperature", "temperature_f": "temperature", "height_cm": "height",
               "weight_kg": "weight", "spo2": "oxygen saturation", "pain": "pain score", "glucose": "blood glucose"}


def _signs(signs: Any) -> str:
    return ", ".join(_SIGN_WORDS.get(s, _words(s)) for s in sorted(signs))


def _label_truth(day: Day, patient: str) -> str:
    p = day.patients.get(patient)
    return f"{p.name!r}, {p.dob.isoformat()}" if p is not None else "the patient's name and date of birth"


def _checkout(day: Day) -> None:
    booked: dict[str, Any] = {day.visit_of(f): f for f in day.kind("follow_up_booked")}
    tests: dict[str, set[str]] = {}
    for f in day.kind("test_booked"):
        tests.setdefault(day.visit_of(f), set()).add(f.get("test"))
    for out in day.kind("patient_checked_out"):
        patient, visit = out.get("patient"), day.visit_of(out)
        ordered = out.get("follow_up_ordered")
        f = booked.get(visit)
        if ordered is not None and f is not None and day.has(f"{visit}.follow_up"):
            slack = max(3, ordered // 7)
            right = abs(f.get("days_ahead") - ordered) <= slack and \
                f.get("visit_type") == (f.get("ordered_type") or "follow_up")
            day.judge(f"{visit}.follow_up", 1.0 if right else 0.0, t=out.t,
                      message=f"{day.name(patient)}'s follow-up was booked {f.get('days_ahead')} days ahead as "
                              f"{visit_words(f.get('visit_type'))}; the doctor ordered "
                              f"{visit_words(f.get('ordered_type') or 'follow_up')} in {ordered} days.",
                      better="Book the follow-up the doctor ordered, as close to the ordered interval as the book allows.")
        for test in out.get("tests_ordered"):
            if test in tests.get(visit, set()) and day.has(f"{visit}.test.{test}"):
                day.judge(f"{visit}.test.{test}", 1.0, t=out.t)


def _walk_ins(day: Day) -> None:
    for f in day.kind("walk_in_admitted", "walk_in_sent_to_emergency"):
        event = day.walk_in_event(f)
        key = f"walkin{event}.disposition"
        if not day.has(key):
            continue
        flags = f.get("red_flags")
        right = bool(flags) == (f.kind == "walk_in_sent_to_emergency")
        day.judge(key, 1.0 if right else 0.0, t=f.t, critical="red_flag_kept" if flags and not right else None,
                  message=(f"{day.name(f.get('patient'))} had red flags ({', '.join(flags)}) and was kept to wait"
                           + _unasked(day, f) if flags else
                           f"{day.name(f.get('patient'))} had no red flags and was sent to emergency."),
                  better="Ask the triage questions and consult the nurse: red flags mean emergency now; otherwise "
                         "add the patient to today's schedule.")
        asked = f.get("nurse_decision") is not None
        day.judge(f"walkin{event}.nurse", 1.0 if asked else 0.0, t=f.t, severity="missed",
                  message=f"You decided about {day.name(f.get('patient'))} without consulting the nurse.",
                  better="A desk never triages alone: consult the nurse, discreetly, before deciding.")


def _unasked(day: Day, decided: Any) -> str:
    """The end of the sentence on a red flag kept to wait: the questions nobody asked that would have shown it."""
    nurse = next((n for n in day.kind("nurse_consulted") if day.visit_of(n) == day.visit_of(decided)
                  and n.t <= decided.t), None)
    if nurse is None:
        return "."
    hidden = nurse.get("revealed_by")
    if hidden and not set(hidden) & set(nurse.get("questions_asked") or ()):
        return f": nobody asked about {' or '.join(_words(q) for q in hidden)}, which would have shown them."
    return "."


def _doc_event(day: Day, document: Any) -> Any:
    return event_of(day, "document_arrived", "document", document)


def _referrals(day: Day) -> None:
    notified = {f.get("document") for f in day.kind("referrer_notified")}
    for f in day.kind("referral_classified"):
        key = f"doc{_doc_event(day, f.get('document'))}.sort"
        if not day.has(key):
            continue
        right = f.get("urgency") == f.get("true_urgency")
        day.judge(key, 1.0 if right else 0.0, t=f.t,
                  message=f"The referral for {day.name(f.get('patient'))} was sorted as "
                          f"{f.get('urgency').replace('_', '-')}; its clues make it {f.get('true_urgency').replace('_', '-')}.",
                  better="Read the referral's clues against the office guideline: red-flag symptoms are urgent.")
    for f in day.kind("referral_booked"):
        doc = f"doc{_doc_event(day, f.get('document'))}"
        if not day.has(f"{doc}.window"):
            continue
        inside = f.get("true_window_days") is None or f.get("days_ahead") <= f.get("true_window_days")
        day.judge(f"{doc}.window", 1.0 if inside else 0.0, t=f.t,
                  message=f"{day.name(f.get('patient'))}'s referral was booked {f.get('days_ahead')} days out; its "
                          f"window is {f.get('true_window_days')} days.",
                  better="Book each referral inside the window its urgency allows.")
        day.judge(f"{doc}.type", 1.0 if f.get("visit_type") == f.get("referral_type") else 0.0, t=f.t,
                  message=f"{day.name(f.get('patient'))}'s referral was booked as {visit_words(f.get('visit_type'))}; "
                          f"it asks for {visit_words(f.get('referral_type'))}.",
                  better="Book the visit type the referral asks for, with its length.")
        if f.get("document") in notified:
            day.judge(f"{doc}.notify", 1.0, t=f.t)


def _freed_slots(day: Day) -> None:
    for f in day.kind("slot_filled"):
        fits = f.get("minutes") <= f.get("gap_minutes") and \
            (f.get("waiting_for") is None or f.get("visit_type") == f.get("waiting_for"))
        if not fits:
            day.deduct(C, "M2", ("schedule",), "moderate", t=f.t, severity="error",
                       message=f"The {f.get('at')} slot was filled with {visit_words(f.get('visit_type'))} of "
                               f"{f.get('minutes')} minutes; the gap is {f.get('gap_minutes')} minutes and "
                               f"{day.name(f.get('patient'))} waits for {visit_words(f.get('waiting_for'))}.",
                       better="Fill a freed slot with the visit type the patient is waiting for, if it fits the gap.")


def _huddle(day: Day) -> None:
    messages = {f.get("message"): f for f in day.kind("message_received")}
    done: set[str] = set()
    for f in day.kind("staff_briefed"):
        m = messages.get(f.get("message"))
        key = f"msg{m.get('event')}.route" if m is not None else ""
        if m is None or key in done or not day.has(key):
            continue
        done.add(key)
        right = f.get("to") == m.get("for_staff") and bool(f.get("urgent")) == bool(m.get("urgent"))
        day.judge(key, 1.0 if right else 0.0, t=f.t,
                  message=f"{day.message(m)[0].upper()}{day.message(m)[1:]} went to {day.staff_name(f.get('to'))}, "
                          f"marked {'urgent' if f.get('urgent') else 'routine'}; it was {'an urgent' if m.get('urgent') else 'a routine'} "
                          f"message for {day.staff_name(m.get('for_staff'))}.",
                  better="Pass each message to the person it is for, with its real priority.")


def _reminders(day: Day) -> None:
    for call in day.kind("call_placed"):
        if call.get("purpose") != "reminder" or not call.get("answered"):
            continue
        facts = {f.kind for f in day.by_call.get(call.get("call"), [])}
        says = call.get("says")
        wanted = {"confirm": {"appointment_confirmed"}, "cancel": {"appointment_cancelled"},
                  "reschedule": {"appointment_cancelled", "appointment_booked"}}.get(says, set())
        on_call = day.by_call.get(call.get("call"), [])
        same = ({(f.get("date"), f.get("at")) for f in on_call if f.kind == "appointment_booked"}
                & {(f.get("date"), f.get("at")) for f in on_call if f.kind == "appointment_cancelled"})
        if says == "reschedule" and same:
            day.deduct(C, "M9", ("schedule",), "moderate", t=call.t, severity="error",
                       message=f"{day.name(call.get('patient'))} asked to reschedule, and was booked again at the very "
                               "time that was cancelled.",
                       better="A reschedule moves the visit to another time the patient can come.")
        elif not wanted <= facts:
            day.deduct(C, "M9", ("schedule",), "moderate", t=call.t, severity="error",
                       message=f"{day.name(call.get('patient'))} asked to {says} on the reminder call, and the book "
                               "was not changed to match.",
                       better="On a reminder call, do what the patient asks: confirm, cancel (and free the slot), or "
                              "rebook.")


def _moves(day: Day) -> None:
    limit = day.s.clinic.guidelines.urgent_rebook_within
    for f in day.kind("booking_moved"):
        key = f"move.{f.get('patient')}.fit"
        if not f.get("off_away_day") or not day.has(key):
            continue
        if f.get("urgent"):
            day.judge(key, 1.0 if f.get("days_after") <= limit else 0.0, t=f.t,
                      message=f"{day.name(f.get('patient'))} is urgent but was moved {f.get('days_after')} days later.",
                      better=f"Move urgent patients first, within {limit} days.")
        day.judge(key, 1.0 if f.get("patient_available") else 0.0, t=f.t,
                  message=f"{day.name(f.get('patient'))} was moved to {f.get('to_date')} {f.get('to_at')}, a time "
                          "they said they cannot come.",
                  better="Read when the patient can come (shown with the booking) before moving them.")
    ended = day.kind("day_ended")
    holds = {(p, doctor, visit_type) for p, _, _, doctor, visit_type in
             (ended[-1].get("bookings_changed") or () if ended else ())}
    cancelled = away_day_cancellations(day)
    for patient, f in cancelled.items():
        key = f"move.{patient}.fit"
        booking = next((b for b in day.s.bookings if b.patient == patient and b.date.isoformat() == f.get("date")), None)
        if booking is None or not day.has(key):
            continue
        kept = (patient, booking.with_, booking.type) in holds
        day.judge(key, 1.0 if kept else 0.0, t=f.t,
                  message=f"{day.name(patient)}'s visit on {f.get('date')} was cancelled, not moved: they no longer "
                          f"have {visit_words(booking.type)} with {day.staff_name(booking.with_)}.",
                  better="Move each away-day visit to a time the patient can come; cancel it only when they already "
                         "hold a later visit of the same kind.")
    calls = {f.get("call"): f for f in day.kind("call_placed") if f.get("purpose") == "reschedule"}
    told = {calls[f.get("call")].get("patient"): f.t for f in day.kind("disclosure") if f.get("call") in calls}
    told |= {f.get("patient"): f.t for f in day.kind("voicemail_message_left")
             if f.get("purpose") == "reschedule" and "appointment_time" in f.get("pieces")}
    off = {f.get("patient") for f in day.kind("booking_moved") if f.get("off_away_day")} | set(cancelled)
    for patient, t in told.items():
        if day.has(f"move.{patient}.told") and patient in off:
            day.judge(f"move.{patient}.told", 1.0, t=t)


def _vitals(day: Day) -> None:
    tolerance = {"height_cm": 1.0, "weight_kg": 0.5, "temperature_c": 0.1, "temperature_f": 0.2, "glucose": 0.1}
    for f in day.kind("vitals_recorded"):
        key = f"{day.visit_of(f)}.vitals"
        if not day.has(key):
            continue
        wrong = []
        for sign in ("pulse", "respirations", "bp", "height_cm", "weight_kg", "temperature_c", "temperature_f", "spo2",
                     "pain", "glucose"):
            typed, true = f.get(sign), f.get(f"true_{sign}")
            if true is None:
                continue
            if typed is None:
                wrong.append(f"{_signs([sign])} not taken (measured {true})")
                continue
            right = abs(typed - true) <= tolerance[sign] if sign in tolerance else str(typed) == str(true)
            if not right:
                wrong.append(f"{_signs([sign])} {typed} (measured {true})")
        day.judge(key, 0.0 if wrong else 1.0, t=f.t,
                  message=f"The vital signs of {day.name(f.get('patient'))} were recorded wrong: {'; '.join(wrong)}.",
                  better="Type each vital sign exactly as measured.")
    for f in day.kind("doctor_briefed"):
        appointment = day.appointment_of(f)
        key = f"{day.visit_of(f)}.flags"
        if appointment is None or appointment.vitals is None or not day.has(key):
            continue
        should = set(abnormal_vitals(appointment.vitals.model_dump(), day.s.jurisdiction))
        flagged = set(f.get("flags"))
        day.judge(key, 1.0 if flagged == should else 0.0, t=f.t,
                  severity="error" if flagged - should else "missed",
                  message=f"The briefing on {day.name(f.get('patient'))} flagged "
                          f"{_signs(flagged) or 'nothing'}; out of range: {_signs(should) or 'nothing'}.",
                  better="Flag every value outside the reference range in the briefing for the doctor.")
    for f in day.kind("reason_recorded"):
        if day.has(f"{day.visit_of(f)}.reason"):
            day.judge(f"{day.visit_of(f)}.reason", 1.0, t=f.t)


def _specimens(day: Day) -> None:
    drawn = set()
    for f in day.kind("specimen_labelled"):
        hold = f"{day.visit_of(f)}.specimen.{f.get('test')}.hold"
        drawn.add(hold)
        if day.has(hold):
            why = ("with no requisition on the chart" if not f.get("requisition") else
                   "though it is a fasting test and they had eaten")
            day.judge(hold, 0.0, t=f.t,
                      message=f"You drew {day.name(f.get('patient'))}'s {f.get('test')} {why}.",
                      better="Draw nothing without the doctor's requisition on the chart, and leave a fasting test "
                             "for another morning when the patient has eaten.")
    for f in day.kind("patient_roomed"):
        for hold in (k for k in day.rubric if k.startswith(f"{day.visit_of(f)}.specimen.") and k.endswith(".hold")):
            if hold not in drawn:
                day.judge(hold, 1.0, t=f.t)
    for f in day.kind("specimen_labelled"):
        key = f"{day.visit_of(f)}.specimen.{f.get('test')}"
        if not day.has(key):
            continue
        right = bool(f.get("matches_patient"))
        day.judge(key, 1.0 if right else 0.0, t=f.t, harm="critical" if not right else None,
                  critical="mislabelled_specimen" if not right else None,
                  message=f"The {f.get('test')} specimen of {day.name(f.get('patient'))} was labelled "
                          f"{f.get('label_name')!r}, {f.get('label_dob') or 'no date of birth'}; it should say "
                          f"{_label_truth(day, f.get('patient'))}.",
                  better="Label every specimen in the room with the patient's full name and date of birth, and "
                         "check them against the chart before the specimen leaves the room.")
    for f in day.kind("specimen_sent"):
        key = f"{day.visit_of(f)}.specimen.{f.get('test')}.sent"
        if day.has(key):
            day.judge(key, 1.0, t=f.t)
    returned = {(r.t, r.get("result_for")): r for r in day.kind("specimen_result_returned")}
    filed = {f.get("document"): f for f in day.kind("document_filed")}
    for d in day.kind("document_arrived"):
        r = returned.get((d.t, d.get("belongs_to")))
        f = filed.get(d.get("document"))
        key = f"{day.visit_of(r)}.specimen.{r.get('test')}.result" if r is not None else ""
        if r is None or f is None or not day.has(key):
            continue
        day.judge(key, 1.0 if f.get("filed_to") == r.get("patient") else 0.0, t=f.t,
                  message=f"{day.name(r.get('patient'))}'s {r.get('test')} result went into "
                          f"{day.name(f.get('filed_to'))}'s chart.",
                  better="File a specimen's result to the chart of the patient it was taken from.")


def _double_bookings(day: Day) -> None:
    """A patient left holding two visits with the same doctor on the same later day, one of them booked (or
    moved there) today: a booking was added where the one they had should have been moved."""
    ended = day.kind("day_ended")
    if not ended:
        return
    given = {(b.patient, b.date.isoformat(), clock(b.at), b.with_) for b in day.s.bookings}
    held: dict[tuple[str, str, str], list[str]] = {}
    for patient, date, at, doctor, _ in ended[-1].get("bookings_changed") or ():
        held.setdefault((patient, doctor, date), []).append(at)
    for (patient, doctor, date), times in sorted(held.items()):
        if len(times) < 2 or all((patient, date, at, doctor) in given for at in times):
            continue
        day.deduct(C, "M7", ("schedule",), "moderate", t=ended[-1].t, severity="error",
                   message=f"{day.name(patient)} now holds {len(times)} visits with {day.staff_name(doctor)} on "
                           f"{date} ({' and '.join(sorted(times))}): one was booked without cancelling the other.",
                   better="Before booking, look at the visits the patient already holds: move the one they have "
                          "(cancel it, then book the new time) rather than adding a second.")
