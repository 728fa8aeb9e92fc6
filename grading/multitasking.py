"""Multitasking: keeping every plate spinning (DESIGN section 6).

Rings before an answer, calls abandoned, the counter's wait, walk-outs and a waiting room kept informed, results
before the doctor needs them, messages gone through and passed on before they matter, freed slots filled,
reminders made in time, referrals and away-day patients dealt with, the closing checklist, patients roomed
before the doctor came. The professional targets come from the scenario's rubric.
"""

from __future__ import annotations

from simulator.scenario.times import parse_clock

from .day import Day
from .grade import clock

__all__ = ["judge_multitasking"]

C = "multitasking"


def judge_multitasking(day: Day) -> None:
    """Add every multitasking check of ``day``."""
    for judge in (_phones, _counter, _waiting_room, _results, _messages, _huddle, _freed_slots, _reminders,
                  _referrals, _away_day, _closing, _rooming):
        judge(day)


def _phones(day: Day) -> None:
    target = day.s.rubric.targets.answer_within_rings
    answered = {f.get("call"): f for f in day.kind("call_answered")}
    abandoned = {f.get("call"): f for f in day.kind("call_abandoned")}
    for rang in day.kind("call_rang"):
        call = rang.get("call")
        who = day.caller(rang.get("caller"), rang.get("name"))
        if call in answered:
            rings = answered[call].get("rings")
            share = 1.0 if rings <= target else (0.5 if rings <= 2 * target else 0.0)
            day.judge(C, "M7", "phone", "step", share, t=answered[call].t, severity="late",
                      message=f"The call from {who} on line {rang.get('line')} rang {rings} times before you answered.",
                      better=f"Answer within {target} rings; if you are busy, answer and ask the caller to hold.")
        if call in abandoned:
            a = abandoned[call]
            where = "on hold" if a.get("state_before") == "on_hold" else "while it rang"
            day.judge(C, "M7", "phone", "major", 0.0, t=a.t, severity="missed",
                      message=f"{who} hung up {where} after {a.get('waited')} seconds: the call was abandoned.",
                      better="Pick up every line quickly; a caller on hold needs checking back within a minute.")
    for busy in day.kind("call_got_busy_signal"):
        day.judge(C, "M7", "phone", "step", 0.0, t=busy.t, severity="missed",
                  message=f"{day.caller(busy.get('caller'), None).capitalize()} got a busy signal: every line was taken.",
                  better="Keep calls short and end finished ones, so a line is free for the next caller.")


def _counter(day: Day) -> None:
    target = day.s.rubric.targets.greet_within_seconds
    for g in day.kind("patient_greeted"):
        waited = g.get("waited")
        share = 1.0 if waited <= target else (0.5 if waited <= 4 * target else 0.0)
        day.judge(C, g.mechanic, "sensitivity", "step", share, t=g.t, severity="late",
                  message=f"{day.name(g.get('patient'))} waited {waited} seconds at the counter before you greeted them.",
                  better=f"Greet a patient at the counter within {target} seconds, even if only to say you will be "
                         "right with them.")


def _waiting_room(day: Day) -> None:
    limit = day.s.rubric.targets.max_wait_minutes * 60
    informed: dict[str, list[int]] = {}
    for f in day.kind("patient_informed_of_delay"):
        informed.setdefault(f.get("patient"), []).append(f.t)
    for f in day.kind("patient_left_without_visit"):
        day.judge(C, "M13", "sensitivity", "major", 0.0, t=f.t, severity="missed",
                  message=f"{day.name(f.get('patient'))} left without being seen after waiting "
                          f"{f.get('waited') // 60} minutes" + ("." if f.get("informed") else ", never told why."),
                  better="When the doctor runs late, tell waiting patients how long it will be, offer to rebook, "
                         "and update them every 15 minutes.")
    for f in day.kind("patient_called_in"):
        overdue = f.get("overdue") or 0
        if overdue <= limit or f.get("vitals_recorded") is not None:
            continue  # on time, or waiting in an exam room with the medical assistant rather than out front
        told = [t for t in informed.get(f.get("patient"), []) if t <= f.t]
        day.judge(C, "M13", "sensitivity", "task", 1.0 if told else 0.0, t=f.t, severity="missed",
                  message=f"{day.name(f.get('patient'))} was seen {overdue // 60} minutes late and nobody told them "
                          "about the delay.",
                  better="Tell patients about a delay as soon as they are more than a few minutes overdue.")
    for f in day.kind("patient_left_before_checkout"):
        day.judge(C, "M14", "schedule", "step", 0.0, t=f.t, severity="missed",
                  message=f"{day.name(f.get('patient'))} left after the visit without being checked out.",
                  better="Serve patients back from the doctor promptly, so follow-ups and tests are booked.")


def _results(day: Day) -> None:
    missing = {f.get("patient"): f for f in day.kind("results_missing_at_visit")}
    called_in: dict[str, object] = {}
    for f in day.kind("patient_called_in"):
        called_in.setdefault(f.get("patient"), f)
    for a in day.s.schedule:
        on_file = set(day.patients[a.patient].results_on_file) if a.patient in day.patients else set()
        needed = [n for n in a.needs if n not in on_file]
        seen = called_in.get(a.patient)
        if not needed or seen is None:
            continue
        gap = missing.get(a.patient)
        day.judge(C, "M5", "team", "task", 0.0 if gap else 1.0, t=seen.t, severity="late",
                  message=f"{day.staff_name(a.with_)} saw {day.name(a.patient)} without the "
                          f"{', '.join(gap.get('missing')) if gap else ''} results the visit needed.",
                  better="Check each visit's needs against the chart early in the day, and ask the lab to send "
                         "what is missing before the patient is seen.")


def _messages(day: Day) -> None:
    reviewed = {f.get("message"): f for f in day.kind("message_reviewed")}
    opens = day.s.clinic.opens
    for m in day.kind("message_received"):
        r = reviewed.get(m.get("message"))
        due = max(m.t, opens) + 3600
        share = 1.0 if r is not None and r.t <= due else (0.5 if r is not None else 0.0)
        day.judge(C, "M1", "procedures", "step", share, t=r.t if r is not None else day.end,
                  severity="late" if r is not None else "missed",
                  message=f"You went through {day.message(m)} only at {clock(r.t)}." if r is not None
                  else f"You never went through {day.message(m)}.",
                  better="Go through the overnight voicemail and email first thing at opening: cancellations and "
                         "urgent messages are in there.")


def _huddle(day: Day) -> None:
    briefed: dict[str, list] = {}
    for f in day.kind("staff_briefed"):
        briefed.setdefault(f.get("message"), []).append(f)
    for m in day.kind("message_received"):
        if not (m.get("urgent") and m.get("for_staff")):
            continue
        told = [b for b in briefed.get(m.get("message"), []) if b.get("to") == m.get("for_staff")]
        first = told[0] if told else None
        on_time = first is not None and _in_time(first)
        share = 1.0 if on_time else (0.25 if first is not None else 0.0)
        who = day.staff_name(m.get("for_staff"))
        day.judge(C, "M3", "team", "task", share, t=first.t if first is not None else day.end,
                  severity="late" if first is not None else "missed",
                  message=(f"The urgent {day.message(m)} reached {who} too late, at {clock(first.t)}."
                           if first is not None else f"The urgent {day.message(m)} never reached {who}."),
                  better=f"Pass urgent messages to {who} at the morning huddle, before the patient they concern "
                         "arrives" + (f" and before {m.get('matters_by')}." if m.get("matters_by") else "."))


def _in_time(briefing) -> bool:  # type: ignore[no-untyped-def]
    """A briefing counts only before the moment it matters: the deadline, and the related patient's arrival."""
    deadline = briefing.get("matters_by")
    arrived = briefing.get("patient_arrived_at")
    return (deadline is None or briefing.t < parse_clock(deadline)) and arrived is None


def _freed_slots(day: Day) -> None:
    filled = {(f.get("doctor"), f.get("at")) for f in day.kind("slot_filled")}
    waiting = [e.patient for e in day.s.waiting_list]
    called = {f.get("patient") for f in day.kind("call_placed") if f.get("purpose") == "waiting_list"}
    for f in day.kind("slot_freed"):
        key = (f.get("doctor"), f.get("at"))
        done = key in filled or (bool(waiting) and set(waiting) <= called)
        if not waiting:
            continue
        day.judge(C, "M2", "schedule", "task", 1.0 if done else 0.0, t=f.t, severity="missed",
                  message=f"The {f.get('at')} slot freed by a cancellation stayed empty.",
                  better="Call the waiting list in order as soon as a slot frees up, and offer it to the first "
                         "patient who can come.")


def _reminders(day: Day) -> None:
    r = day.s.reminders
    if r is None:
        return
    due = r.due if r.due is not None else day.s.clinic.closes
    released = {f.get("patient") for f in day.kind("slot_filled") if f.get("released")}
    calls = {}
    for f in day.kind("call_placed"):
        if f.get("purpose") == "reminder":
            calls.setdefault(f.get("patient"), f)
    for b in day.s.bookings:
        if b.date != r.date or b.patient in released:
            continue
        call = calls.get(b.patient)
        share = 1.0 if call is not None and call.t <= due else (0.5 if call is not None else 0.0)
        day.judge(C, "M9", "schedule", "step", share, t=call.t if call is not None else due,
                  severity="late" if call is not None else "missed",
                  message=(f"The reminder call to {day.name(b.patient)} came after {clock(due)}." if call is not None
                           else f"{day.name(b.patient)} was never reminded of tomorrow's appointment."),
                  better=f"Phone everyone booked for {r.date} before {clock(due)}; leave a short voicemail when "
                         "they do not answer.")


def _referrals(day: Day) -> None:
    booked = {f.get("document") for f in day.kind("referral_booked")}
    for d in day.kind("document_arrived"):
        if d.get("document_kind") != "referral":
            continue
        day.judge(C, "M10", "schedule", "task", 1.0 if d.get("document") in booked else 0.0, t=day.end,
                  severity="missed", message=f"The referral for {day.name(d.get('belongs_to'))} was never booked.",
                  better="Sort each referral by urgency the day it arrives and book it inside its window.")


def _away_day(day: Day) -> None:
    moved = {f.get("patient") for f in day.kind("booking_moved") if f.get("off_away_day")}
    for a in day.kind("away_day_announced"):
        for patient in a.get("patients"):
            day.judge(C, "M11", "schedule", "task", 1.0 if patient in moved else 0.0, t=day.end, severity="missed",
                      message=f"{day.name(patient)} is still booked on {a.get('date')}, when the doctor is away.",
                      better="Move everyone off the away day, urgent patients first, and tell each of them.")


def _closing(day: Day) -> None:
    ended = day.kind("day_ended")
    if not ended:
        return
    end = ended[-1]
    steps = [
        ("after_hours" in end.get("greetings"), "You did not record the after-hours greeting.",
         "At closing, switch the phones to the after-hours greeting: hours, and where to go in an emergency."),
        (end.get("inbox_checked"), "You did not check the inbox a last time before leaving.",
         "Before leaving, go through the inbox and messages once more: nothing urgent waits overnight."),
        (end.get("screen_locked"), "You left with the screen unlocked.",
         "Lock the screen (and the office) when you leave."),
    ]
    for done, message, better in steps:
        day.judge(C, "M15", "procedures", "step", 1.0 if done else 0.0, t=end.t, severity="missed",
                  message=message, better=better)


def _rooming(day: Day) -> None:
    for f in day.kind("patient_called_in"):
        if f.get("vitals_recorded") is None:
            continue
        ready = bool(f.get("vitals_recorded")) and bool(f.get("briefed"))
        day.judge(C, "M16", "vitals", "step", 1.0 if ready else 0.0, t=f.t, severity="late",
                  message=f"The doctor went in to {day.name(f.get('patient'))} before the rooming was finished.",
                  better="Room each patient as soon as a room is free: vitals, reason, specimens, then brief the "
                         "doctor.")
