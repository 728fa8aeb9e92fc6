"""Privacy: disclosing only what is allowed, to whom it is allowed (DESIGN sections 2 (M18) and 6).

Each disclosure is judged from the neutral facts the engine recorded beside it: who asked, whether their identity
was verified, whether the patient consented (the scenario's and the chart's word). A provider caring for the
patient may be told what the care needs; refusing them is an error too. Minimum necessary covers what is said
(on a voicemail, in a greeting, beyond what was asked); safeguards cover wrong-chart filing, an unlocked screen
left behind, sensitive questions asked in the waiting room's hearing, and charts opened without a reason.
"""

from __future__ import annotations

from typing import Any

from .accuracy import PROVIDERS, WANTS
from .day import Day

__all__ = ["judge_privacy", "PHI_PIECES"]

C = "privacy"
#: Voicemail pieces that say something about the patient's health (the reason, a test, a specialist's name).
PHI_PIECES = ("visit_reason", "test_name", "doctor_name")
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


def judge_privacy(day: Day) -> None:
    """Add every privacy check of ``day``."""
    for judge in (_disclosures, _declines, _voicemails, _greetings, _filing, _desk, _discretion, _charts,
                  _specimen_results):
        judge(day)


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


def _disclosures(day: Day) -> None:
    for f in day.kind("disclosure"):
        if f.get("channel") != "phone":
            continue
        about = day.name(f.get("about"))
        item = str(f.get("item")).replace("_", " ")
        who = _who(day, f)
        provider = f.get("caller") in PROVIDERS and not f.get("impostor")
        consented = f.get("authorised") if f.get("authorised") is not None else (
            provider or (f.get("caller") == "patient" and not f.get("impostor")) or bool(f.get("contact_authorised")))
        if not consented:
            day.judge(C, "M18", "privacy", "breach", 0.0, t=f.t, severity="breach",
                      message=(f"You told {who} {about}'s {item}." if f.get("impostor") else
                               f"You told {who} {about}'s {item} without the patient's consent."),
                      better="Check the chart for who the patient allows to be told; decline anyone else politely, "
                             "without confirming the person is a patient.", rule="verify")
            continue
        if not f.get("identity_verified"):
            if f.get("purpose"):
                message = f"You told whoever answered at {about}'s number about the {item} before checking it was them."
            elif f.get("caller") == "patient":
                message = f"You told a caller who said they were {about} about the {item} before verifying it was them."
            else:
                message = f"You told {who} {about}'s {item} before verifying who was calling."
            day.judge(C, "M18", "privacy", "breach" if not provider else "task", 0.0, t=f.t,
                      severity="breach" if not provider else "error", message=message,
                      better="Verify two identifiers (or call a provider back at their listed number) before "
                             "saying anything about a patient.", rule="verify")
            continue
        needed = _NEEDS.get(f.get("wants"), set())
        own = f.get("caller") == "patient" and not f.get("impostor")  # a patient may know their own record
        if needed and f.get("item") not in needed and not provider and not own:
            day.judge(C, "M18", "privacy", "breach", 0.0, t=f.t, severity="breach",
                      message=f"{who.capitalize() if who[0].islower() else who} asked {WANTS.get(f.get('wants'), 'something')} and you told them "
                              f"{about}'s {item}.",
                      better="Share only what the request needs.", rule="minimum")
            continue
        day.judge(C, "M18", "privacy", "breach", 1.0, t=f.t,
                  praise=(f"You gave {who} what {about}'s care needed." if provider else None),
                  better="A provider caring for the patient may be told what the care needs.",
                  rule="care" if provider else None)


def _declines(day: Day) -> None:
    for f in day.kind("request_declined"):
        provider = f.get("caller") in PROVIDERS and not f.get("impostor") and f.get("authorised") is not False
        care = f.get("wants") in ("medication_list", "results", "records") and provider
        if care:
            day.judge(C, "M18", "privacy", "task", 0.0, t=f.t, severity="error",
                      message=f"You refused {_who(day, f)} the {str(f.get('wants')).replace('_', ' ')} of "
                              f"{day.name(f.get('about'))}, needed for the patient's care.",
                      better="A provider treating the patient may be told what the care needs; verify who they are "
                             "and share it.", rule="care")
        elif f.get("caller") == "family" and not f.get("contact_authorised") and not f.get("authorised"):
            day.judge(C, "M18", "privacy", "task", 1.0, t=f.t,
                      praise=f"You declined {_who(day, f)}, who is not authorised to know about "
                             f"{day.name(f.get('about'))}.",
                      better="Declining without confirming anything protects the patient.", rule="verify")


def _voicemails(day: Day) -> None:
    for f in day.kind("voicemail_message_left"):
        said = [p for p in f.get("pieces") if p in PHI_PIECES]
        words = {"visit_reason": "the reason for the visit", "test_name": "a test", "doctor_name": "the doctor's name"}
        day.judge(C, f.mechanic, "privacy", "breach", 0.0 if said else 1.0, t=f.t, severity="breach",
                  message=f"Your voicemail for {day.name(f.get('patient'))} named "
                          f"{' and '.join(words[p] for p in said)}: anyone at that number can hear it.",
                  better="On voicemail leave only the clinic's name, who the message is for, the appointment time "
                         "and a number to call back; never a test, a condition or a specialist.", rule="voicemail")


def _greetings(day: Day) -> None:
    for f in day.kind("greeting_recorded"):
        names = f.get("patient")
        day.judge(C, f.mechanic, "privacy", "breach", 0.0 if names else 1.0, t=f.t, severity="breach",
                  message=f"The {f.get('greeting').replace('_', '-')} greeting speaks to {day.name(names)} by name: "
                          "every caller hears it.",
                  better="A greeting holds only the clinic's name, hours, how to book and what to do in an "
                         "emergency; call the patient instead.", rule="minimum")


def _filing(day: Day) -> None:
    for f in day.kind("document_filed"):
        if f.get("filed_to") != f.get("belongs_to"):
            day.judge(C, "M6", "privacy", "breach", 0.0, t=f.t, severity="breach",
                      message=f"{day.name(f.get('belongs_to'))}'s {str(f.get('document_kind')).replace('_', ' ')} is "
                              f"in {day.name(f.get('filed_to'))}'s chart, where the wrong people will read it.",
                      better="Match name and date of birth on every document before filing it.", rule="safeguards")


def _desk(day: Day) -> None:
    for f in day.kind("desk_left"):
        day.judge(C, "M18", "privacy", "breach", 1.0 if f.get("screen_locked") else 0.0, t=f.t, severity="breach",
                  message="You left the desk with the screen unlocked.",
                  better="Lock the screen every time you step away from the desk.", rule="safeguards")


def _discretion(day: Day) -> None:
    """One check per sensitive walk-in: were their symptoms (and the nurse's advice) kept out of earshot?"""
    heard: dict[str, Any] = {}
    asked: dict[str, Any] = {}
    for f in day.kind("triage_answer", "nurse_consulted"):
        if f.get("sensitive"):
            asked.setdefault(f.get("patient"), f)
            if not f.get("private"):
                heard.setdefault(f.get("patient"), f)
    for patient, first in asked.items():
        f = heard.get(patient, first)
        day.judge(C, "M12", "sensitivity", "breach", 0.0 if patient in heard else 1.0, t=f.t, severity="breach",
                  message=f"You discussed {day.name(patient)}'s symptoms within earshot of the waiting room.",
                  better="Take the patient (or the nurse) aside before asking about symptoms.", rule="minimum")


def _charts(day: Day) -> None:
    for f in day.kind("chart_opened"):
        reason = f.get("patient") in (f.get("call_about"), f.get("serving"))
        if not reason:
            day.judge(C, "M18", "privacy", "breach", 0.0, t=f.t, severity="breach",
                      message=f"You opened {day.name(f.get('patient'))}'s chart with no call or visit that needed it.",
                      better="Open a chart only for the patient you are serving or the call you are on.",
                      rule="safeguards")


def _specimen_results(day: Day) -> None:
    for f in day.kind("specimen_result_returned"):
        if f.get("result_for") != f.get("patient"):
            day.judge(C, "M17", "privacy", "breach", 0.0, t=f.t, severity="breach",
                      message=f"{day.name(f.get('patient'))}'s {f.get('test')} result came back for "
                              f"{day.name(f.get('result_for'))}, because of the label.",
                      better="Two identifiers on every label: the result follows the label.", rule="safeguards")
