"""Privacy: disclosing only what is allowed, to whom it is allowed (DESIGN sections 2 (M18) and 6).

Each disclosure is judged from the neutral facts the engine recorded beside it: who asked, whether their identity
was verified, whether the patient consented (the scenario's and the chart's word). The harm of a finding follows
what was said and to whom: results told to a stranger are a critical error, a patient's own appointment time told
before a second identifier a minor slip. A provider caring for the patient may be told what the care needs (and
no more); refusing them is an error of practice. Minimum necessary covers what is said on a voicemail and in a
greeting; safeguards cover wrong-chart filing, an unlocked screen whenever the desk is left, sensitive questions
asked in the waiting room's hearing, and charts opened with no task that needs them.
"""

from __future__ import annotations

from typing import Any

from .consent import may_know, why_not
from .day import Day
from .lines import ITEM_WORDS, PROVIDERS, WANTS

__all__ = ["judge_privacy", "PHI_PIECES", "CLINICAL_ITEMS"]

C = "privacy"
#: Voicemail pieces that say something about the patient's health (the reason for the visit, a test).
PHI_PIECES = ("visit_reason", "test_name")
#: What is clinical information: told to the wrong person, a critical error.
CLINICAL_ITEMS = frozenset({"results", "diagnosis", "medication_list", "records"})
#: What each kind of request needs to be told: anything beyond it is more than the minimum necessary.
_NEEDS = {
    "medication_list": {"medication_list"},
    "results": {"results"},
    "confirm": {"appointment"},
    "book": {"appointment"},
    "reschedule": {"appointment"},
    "cancel": {"appointment"},
    "billing": {"billing"},
    "records": {"records"},
    "limited_use_code": {"limited_use_code"},
    "prior_authorization": {"prior_authorization"},
}
#: What a provider's care of the patient can need, whatever they asked for.
_CARE_ITEMS = frozenset({"results", "diagnosis", "medication_list", "records", "appointment", "limited_use_code",
                         "prior_authorization"})


def judge_privacy(day: Day) -> None:
    """Fill in every privacy line of ``day``."""
    for judge in (_calls, _disclosures, _confirmations, _declines, _voicemails, _greetings, _filing, _desk,
                  _discretion, _charts):
        judge(day)


def _call_keys(day: Day) -> dict[str, str]:
    """The privacy line of each call: an incoming call's own, or the reminder's or move's an outgoing call is for."""
    keys = {f.get("call"): f"call{f.get('event')}.privacy" for f in day.kind("call_rang")}
    for f in day.kind("call_placed"):
        purpose, patient = f.get("purpose"), f.get("patient")
        keys[f.get("call")] = {"reminder": f"remind.{patient}.privacy",
                               "reschedule": f"move.{patient}.privacy"}.get(purpose, "")
    return {call: key for call, key in keys.items() if day.has(key)}


def _who(day: Day, f: Any) -> str:
    """The caller as a sentence names them: "Daniel Okafor (ex-spouse)", "a caller who said they were Aimee Li"."""
    caller, name = f.get("caller"), f.get("name")
    if f.get("impostor"):
        claimed = day.name(f.get("about")) if caller == "patient" else (name or day.caller(caller, None))
        return f"a caller who said they were {claimed} (they were not)"
    if caller == "patient":
        return day.name(f.get("about"))
    kind = day.caller(caller, None)
    if not name:
        return kind
    relation = f.get("relationship")
    return name if "(" in name or not relation else f"{name} ({relation})"


def _calls(day: Day) -> None:
    """A call taken (or placed) with nothing said out of turn keeps its privacy line."""
    keys = _call_keys(day)
    for f in day.kind("call_answered", "call_placed"):
        if f.get("call") in keys:
            day.judge(keys[f.get("call")], 1.0, t=f.t)
    for f in day.kind("call_placed"):
        if f.get("number") == "home":  # only said of a patient who asked to be called at another number
            n = day.name(f.get("patient"))
            _judge_or_deduct(day, keys.get(f.get("call")), f, "moderate", "breach",
                             f"You phoned {n} at home, though {n} asked the clinic to call another number: whoever "
                             "answers there may learn of the care.",
                             "When a patient has asked to be called at a number of their own, dial only that one.",
                             "confidential_communications")


def _judge_or_deduct(day: Day, key: str | None, f: Any, harm: str, severity: str, message: str, better: str,
                     rule: str, critical: str | None = None) -> None:
    if key is not None:
        day.judge(key, 0.0, t=f.t, severity=severity, harm=harm, message=message, better=better, rule=rule,
                  critical=critical)
    else:
        day.deduct(C, f.mechanic, ("privacy",), harm, t=f.t, severity=severity, message=message, better=better,
                   rule=rule, critical=critical)


def _disclosures(day: Day) -> None:
    keys = _call_keys(day)
    for f in day.kind("disclosure"):
        if f.get("channel") != "phone":
            continue
        key = keys.get(f.get("call"))
        about = day.name(f.get("about"))
        item = ITEM_WORDS.get(f.get("item"), str(f.get("item")).replace("_", " "))
        clinical = f.get("item") in CLINICAL_ITEMS
        who = _who(day, f)
        provider = f.get("caller") in PROVIDERS and not f.get("impostor")
        own = f.get("caller") == "patient" and not f.get("impostor")  # a patient may know her own record
        consented = may_know(f)
        minor_rule = why_not(f)
        if not consented and minor_rule is not None:
            _judge_or_deduct(
                day, key, f, "critical" if clinical else "major", "breach",
                (f"You gave {about}'s {item} to {who}, whose say over {about}'s information a court order limits "
                 f"({f.get('court_order')})." if minor_rule == "representative" else
                 f"You gave {about}'s {item} to {who}, though {about} has care of their own today that the law keeps "
                 "from a parent."),
                ("A parent or guardian speaks for a minor only as the law allows: check the chart for a court order "
                 "and for care the minor consented to alone, and decline without confirming anything."),
                minor_rule, "clinical_disclosure" if clinical else None)
            continue
        if not consented:
            family = f.get("caller") == "family" and not f.get("impostor")
            _judge_or_deduct(
                day, key, f, "critical" if clinical else "major", "breach",
                (f"You gave {about}'s {item} to {who}." if f.get("impostor") else
                 f"You gave {about}'s {item} to {who} without the patient's consent."),
                ("Ask for two identifiers: a caller who cannot give them is not the patient; decline politely, "
                 "without confirming anything." if f.get("impostor") else
                 "Check the chart for who the patient allows to be told; decline anyone else politely, without "
                 "confirming the person is a patient."),
                "verify" if f.get("impostor") else ("family" if family else "consent"),
                "clinical_disclosure" if clinical else None)
            continue
        if not f.get("identity_verified"):
            if f.get("purpose"):
                message = f"You told whoever answered at {about}'s number about the {item} before checking it was them."
            elif own:
                message = f"You told a caller who said they were {about} about the {item} before verifying it was them."
            else:
                message = f"You told {who} {about}'s {item} before verifying who was calling."
            if provider:
                harm = "moderate"
            elif clinical:
                harm = "critical"
            else:
                harm = "minor"  # a patient's own appointment time, before the second identifier
            _judge_or_deduct(
                day, key, f, harm, "breach" if not provider else "error", message,
                "Ask for two identifiers (full name and date of birth) and check them against the chart before "
                "saying anything about a patient.", "verify",
                "clinical_disclosure" if clinical and not provider else None)
            continue
        if provider:
            invented = (f.get("item") == "prior_authorization"
                        or (f.get("item") == "limited_use_code" and not f.get("code_on_chart")))
            if invented:  # a code the chart does not have is an accuracy error, not a disclosure to praise
                if key is not None:
                    day.judge(key, 1.0, t=f.t)
            elif f.get("item") not in _CARE_ITEMS:
                _judge_or_deduct(
                    day, key, f, "moderate", "breach",
                    f"{who[0].upper()}{who[1:]} asked {WANTS.get(f.get('wants'), 'something')} and you also told them "
                    f"{about}'s {item}, which their care does not need.",
                    "Tell a provider only what their care of the patient needs.", "provider_minimum")
            elif key is not None:
                day.judge(key, 1.0, t=f.t, praise=f"You gave {who} what {about}'s care needed.",
                          better="A provider caring for the patient may be told what the care needs.", rule="care")
            continue
        needed = _NEEDS.get(f.get("wants"), set())
        if needed and f.get("item") not in needed and not own:
            _judge_or_deduct(
                day, key, f, "major" if clinical else "moderate", "breach",
                f"{who[0].upper()}{who[1:]} asked {WANTS.get(f.get('wants'), 'something')} and you told them "
                f"{about}'s {item}.", "Share only what the request needs.", "minimum")


def _confirmations(day: Day) -> None:
    """Confirming an appointment on a reminder call tells whoever answered when the patient comes: verify first."""
    keys = _call_keys(day)
    for f in day.kind("appointment_confirmed"):
        if not f.get("identity_verified"):
            _judge_or_deduct(
                day, keys.get(f.get("call")), f, "minor", "breach",
                f"You confirmed {day.name(f.get('patient'))}'s appointment to whoever answered before checking it was "
                "them.",
                "Ask for two identifiers (full name and date of birth) before confirming anything on a call.",
                "verify")


def _declines(day: Day) -> None:
    keys = _call_keys(day)
    for f in day.kind("request_declined"):
        key = keys.get(f.get("call"))
        provider = f.get("caller") in PROVIDERS and not f.get("impostor") and f.get("authorised") is not False
        if provider and f.get("wants") in ("medication_list", "results", "records"):
            _judge_or_deduct(
                day, key, f, "moderate", "error",
                f"You refused {_who(day, f)} the {str(f.get('wants')).replace('_', ' ')} of "
                f"{day.name(f.get('about'))}, which the patient's care needs.",
                "The law permits telling a provider treating the patient what the care needs: verify who they are "
                "and share it, or put them through to the doctor.", "care_refused")
        elif f.get("caller") == "family" and not may_know(f) and key:
            about, minor_rule = day.name(f.get("about")), why_not(f)
            praise = (f"You declined {_who(day, f)}, whose say over {about}'s information a court order limits."
                      if minor_rule == "representative" else
                      f"You declined {_who(day, f)}: {about}'s own care today is not a parent's to be told."
                      if minor_rule == "minor_confidential" else
                      f"You declined {_who(day, f)}, who is not authorised to know about {about}.")
            day.judge(key, 1.0, t=f.t, praise=praise,
                      better="Declining without confirming anything protects the patient.", rule=minor_rule or "family")


def _voicemails(day: Day) -> None:
    keys = _call_keys(day)
    words = {"visit_reason": "the reason for the visit", "test_name": "the test",
             "clinic_name": f"the clinic's name ({day.s.clinic.name}), which says what care the patient gets"}
    revealing = PHI_PIECES + (("clinic_name",) if day.s.clinic.name_reveals_care else ())
    for f in day.kind("voicemail_message_left"):
        key = keys.get(f.get("call"))
        said = [p for p in f.get("pieces") if p in revealing]
        if key is not None:
            day.judge(key, 1.0, t=f.t)
        if said:
            _judge_or_deduct(
                day, key, f, "major", "breach",
                f"Your voicemail for {day.name(f.get('patient'))} gave {' and '.join(words[p] for p in said)}: "
                "anyone at that number can hear it.",
                "On voicemail leave only the clinic's name (not even that when the name says what care the patient "
                "gets), who the message is for, the appointment time and a number to call back; never a test, a "
                "condition or the reason for the visit.", "voicemail")


def _greetings(day: Day) -> None:
    for f in day.kind("greeting_recorded"):
        names = f.get("patient")
        day.judge("greetings.privacy", 0.0 if names else 1.0, t=f.t, severity="breach", harm="moderate",
                  message=f"The {f.get('greeting').replace('_', '-')} greeting speaks to {day.name(names)} by name: "
                          "every caller hears it.",
                  better="A greeting holds only the clinic's name, hours, how to book and what to do in an "
                         "emergency; call the patient instead.", rule="voicemail")


#: Documents whose contents are clinical: on the wrong chart, a critical error.
_CLINICAL_DOCUMENTS = frozenset({"lab_result", "report", "fax", "medication_list"})


def _filing(day: Day) -> None:
    arrived = {d.get("document"): d for d in day.kind("document_arrived")}
    for f in day.kind("document_filed"):
        d = arrived.get(f.get("document"))
        key = f"doc{d.get('event') if d is not None else None}.privacy"
        owner = day.document_owner(f.get("document")) or f.get("belongs_to")
        right = f.get("filed_to") == owner
        kind = str(f.get("document_kind"))
        if right:
            if day.has(key):
                day.judge(key, 1.0, t=f.t)
            continue
        clinical = kind in _CLINICAL_DOCUMENTS
        _judge_or_deduct(
            day, key if day.has(key) else None, f, "critical" if clinical else "major", "breach",
            f"{day.name(owner)}'s {kind.replace('_', ' ')} is in {day.name(f.get('filed_to'))}'s chart, where the "
            "wrong people will read it.",
            "Match name and date of birth on every document before filing it.", "safeguards",
            "wrong_chart" if clinical else None)


def _desk(day: Day) -> None:
    for f in day.kind("desk_left"):
        day.judge("desk.locked", 1.0 if f.get("screen_locked") else 0.0, t=f.t, severity="breach",
                  message="You left the desk with the screen unlocked.",
                  better="Lock the screen every time you step away from the desk.", rule="safeguards")
    for f in day.kind("day_ended"):
        day.judge("desk.locked", 1.0 if f.get("screen_locked") else 0.0, t=f.t, severity="breach",
                  message="You left for the night with the screen unlocked.",
                  better="Lock the screen before you leave for the night.", rule="safeguards")


def _discretion(day: Day) -> None:
    """One check per sensitive walk-in: were their symptoms (and the nurse's advice) kept out of earshot?"""
    heard: dict[str, Any] = {}
    asked: dict[str, Any] = {}
    for f in day.kind("triage_answer", "nurse_consulted"):
        if f.get("sensitive"):
            asked.setdefault(day.visit_of(f), f)
            if not f.get("private"):
                heard.setdefault(day.visit_of(f), f)
    for visit, first in asked.items():
        key = f"walkin{day.walk_in_event(first)}.discretion"
        if not day.has(key):
            continue
        f = heard.get(visit, first)
        day.judge(key, 0.0 if visit in heard else 1.0, t=f.t, severity="breach",
                  message=f"You discussed {day.name(f.get('patient'))}'s symptoms within earshot of the waiting room.",
                  better="Take the patient (or the nurse) aside before asking about symptoms.", rule="incidental")


def _tasks(day: Day) -> set[str]:
    """Patients the day gives the desk a reason to open the chart of: today's visits and walk-ins, documents in
    the inbox, reminders, away-day moves and the waiting list, and the look-alikes of each (to compare birth
    dates)."""
    s = day.s
    mine = {a.patient for a in s.schedule} | {e.patient for e in s.waiting_list}
    mine |= {b.patient for b in s.bookings}
    mine |= {f.get("patient") for f in day.kind("walk_in_arrived")}
    mine |= {f.get("belongs_to") for f in day.kind("document_arrived")}
    # A look-alike shares the surname (Maria and Mario Santos, Amy and Aimee Li): comparing charts is the job.
    surnames = {day.patients[p].name.split()[-1].lower() for p in mine if p in day.patients}
    mine |= {p.id for p in day.patients.values() if p.name.split()[-1].lower() in surnames}
    return mine


def _charts(day: Day) -> None:
    tasks = _tasks(day)
    for f in day.kind("chart_opened"):
        patient = f.get("patient")
        if patient in tasks or patient in (f.get("call_about"), f.get("serving")):
            continue
        day.deduct(C, "M18", ("privacy",), "major", t=f.t, severity="breach",
                   message=f"You opened {day.name(patient)}'s chart with no call, visit or document that needed it.",
                   better="Open a chart only for a task at hand: the patient you are serving, the call you are on, "
                          "the document you are filing.", rule="chart_access")
