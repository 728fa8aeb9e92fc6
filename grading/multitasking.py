"""Multitasking: keeping every plate spinning (DESIGN section 6).

Rings before an answer and time on hold, calls abandoned, the counter's wait, walk-outs and a waiting room kept
informed, results before the doctor needs them, messages gone through and passed on before they matter, freed
slots filled, reminders made in time, referrals and away-day patients dealt with, the closing checklist, patients
roomed before the doctor came. The professional targets come from the scenario's rubric. Each check fills in a
rubric line of :mod:`grading.lines`; a line nothing was done about stays *missed*.
"""

from __future__ import annotations

from typing import Any

from frontdesk.simulator.scenario.models import WalkInEvent
from frontdesk.simulator.scenario.times import parse_clock

from .day import Day
from .grade import clock

__all__ = ["judge_multitasking", "HOLD_TARGET_SECONDS", "event_of", "away_day_cancellations"]

C = "multitasking"
#: Check back on a caller on hold within about a minute; past three minutes the hold earns nothing.
HOLD_TARGET_SECONDS = 60


def judge_multitasking(day: Day) -> None:
    """Fill in every multitasking line of ``day``."""
    for judge in (_phones, _counter, _waiting_room, _results, _messages, _huddle, _freed_slots, _reminders,
                  _referrals, _away_day, _closing, _rooming):
        judge(day)


def event_of(day: Day, kind: str, key: str, value: Any) -> int | None:
    """The scenario event index of the first ``kind`` fact whose ``key`` is ``value`` (``None`` if none)."""
    return next((f.get("event") for f in day.kind(kind) if f.get(key) == value), None)


def _longest_hold(facts: list[Any]) -> tuple[int, int]:
    """The longest stretch a call spent on hold before someone came back to it (or it ended), and when it ended."""
    longest, ended, since = 0, 0, None
    for f in facts:
        if f.kind == "call_held":
            since = f.t
        elif since is not None and f.kind in ("call_resumed", "call_ended", "call_abandoned", "caller_hung_up"):
            if f.t - since > longest:
                longest, ended = f.t - since, f.t
            since = None
    return longest, ended


def _phones(day: Day) -> None:
    target = day.s.rubric.targets.answer_within_rings
    answered = {f.get("call"): f for f in day.kind("call_answered")}
    abandoned = {f.get("call"): f for f in day.kind("call_abandoned")}
    for rang in day.kind("call_rang"):
        call, key = rang.get("call"), f"call{rang.get('event')}.answer"
        if not day.has(key):
            continue
        who = day.caller(rang.get("caller"), rang.get("name"))
        if call in answered:
            rings = answered[call].get("rings")
            share = 1.0 if rings <= target else (0.5 if rings <= 2 * target else 0.0)
            day.judge(key, share, t=answered[call].t, severity="late",
                      message=f"The call from {who} on line {rang.get('line')} rang {rings} times before you answered.",
                      better=f"Answer within {target} rings; if you are busy, answer and ask the caller to hold.")
            held, back = _longest_hold(day.by_call.get(call, []))
            if held > HOLD_TARGET_SECONDS and call not in abandoned:  # a caller who hung up on hold: judged below
                day.judge(key, 0.5 if held <= 3 * HOLD_TARGET_SECONDS else 0.0, t=back,
                          severity="late",
                          message=f"{who[0].upper()}{who[1:]} waited {held // 60} min {held % 60} s on hold before "
                                  "anyone came back to the line.",
                          better="Check back on a caller on hold within a minute: take a message or a number if "
                                 "you cannot help yet.")
        if call in abandoned:
            a = abandoned[call]
            where = "on hold" if a.get("state_before") == "on_hold" else "while it rang"
            day.judge(key, 0.0, t=a.t, severity="missed",
                      message=f"{who[0].upper()}{who[1:]} hung up {where} after {a.get('waited')} seconds: the call "
                              "was abandoned.",
                      better="Pick up every line quickly; a caller on hold needs checking back within a minute.")
    for busy in day.kind("call_got_busy_signal"):
        key = f"call{busy.get('event')}.answer"
        if day.has(key):
            day.judge(key, 0.0, t=busy.t, severity="missed",
                      message=f"{day.caller(busy.get('caller'), None).capitalize()} got a busy signal: every line "
                              "was taken.",
                      better="Keep calls short and end finished ones, so a line is free for the next caller.")


def _greet_key(day: Day, greeted: Any) -> str | None:
    """The rubric line of the greeting ``greeted`` on arrival: a booked visit's, or a walk-in's."""
    if day.has(f"{day.visit_of(greeted)}.greet"):
        return f"{day.visit_of(greeted)}.greet"
    event = day.walk_in_event(greeted)
    return f"walkin{event}.greet" if event is not None and day.has(f"walkin{event}.greet") else None


def _counter(day: Day) -> None:
    target = day.s.rubric.targets.greet_within_seconds
    for g in day.kind("patient_greeted"):
        key = _greet_key(day, g)
        if g.get("stage") != "arrival" or key is None:
            continue
        waited = g.get("waited")
        share = 1.0 if waited <= target else (0.5 if waited <= 4 * target else 0.0)
        day.judge(key, share, t=g.t, severity="late",
                  message=f"{day.name(g.get('patient'))} waited {_duration(waited)} at the counter before you greeted "
                          "them.",
                  better=f"Greet a patient at the counter within {target} seconds, even if only to say you will be "
                         "right with them.")


def _waiting_room(day: Day) -> None:
    limit = day.s.rubric.targets.max_wait_minutes * 60
    red_flags = {e.walk_in.patient for e in day.s.events if isinstance(e, WalkInEvent) and e.walk_in.red_flags}
    informed: dict[str, list[int]] = {}
    for f in day.kind("patient_informed_of_delay"):
        informed.setdefault(day.visit_of(f), []).append(f.t)
    for f in day.kind("patient_left_without_visit"):
        patient = f.get("patient")
        message = (f"{day.name(patient)} left without being seen after waiting {f.get('waited') // 60} minutes"
                   + ("." if f.get("informed") else ", never told why."))
        better = ("When the doctor runs late, tell waiting patients how long it will be, offer to rebook, and update "
                  "them every 15 minutes.")
        if day.has(f"{day.visit_of(f)}.seen"):
            day.judge(f"{day.visit_of(f)}.seen", 0.0, t=f.t, severity="missed", harm="major", message=message,
                      better=better)
        elif patient in red_flags:
            continue  # a walk-in who should have gone to emergency: their disposition line says so, once
        else:
            day.deduct(C, "M13", ("sensitivity",), "major", t=f.t, severity="missed", message=message, better=better)
    for f in day.kind("patient_called_in"):
        key = f"{day.visit_of(f)}.seen"
        if not day.has(key):
            continue
        overdue = f.get("overdue") or 0
        if overdue <= limit or f.get("vitals_recorded") is not None:
            day.judge(key, 1.0, t=f.t)  # on time, or waiting in an exam room with the medical assistant
            continue
        told = [t for t in informed.get(day.visit_of(f), []) if t <= f.t]
        day.judge(key, 1.0 if told else 0.5, t=f.t, severity="missed",
                  message=f"{day.name(f.get('patient'))} was seen {overdue // 60} minutes late and nobody told them "
                          "about the delay.",
                  better="Tell patients about a delay as soon as they are more than a few minutes overdue.")
    for f in day.kind("patient_left_before_checkout"):
        patient = f.get("patient")
        a = day.appointment_of(f)
        if a is not None and a.orders is not None:
            continue  # the orders' own lines say what was missed
        day.deduct(C, "M14", ("schedule",), "minor", t=f.t, severity="missed",
                   message=f"{day.name(patient)} left after the visit without being checked out.",
                   better="Serve patients back from the doctor promptly, so follow-ups and tests are booked.")


def _results(day: Day) -> None:
    missing = {day.visit_of(f): f for f in day.kind("results_missing_at_visit")}
    seen: set[str] = set()
    for f in day.kind("patient_called_in"):
        patient, visit = f.get("patient"), day.visit_of(f)
        key = f"{visit}.results"
        a = day.appointment_of(f)
        if visit in seen or a is None or not day.has(key):
            continue
        seen.add(visit)
        gap = missing.get(visit)
        day.judge(key, 0.0 if gap else 1.0, t=f.t, severity="late",
                  message=f"{day.staff_name(a.with_)} saw {day.name(patient)} without the "
                          f"{', '.join(gap.get('missing')) if gap else ''} results the visit needed.",
                  better="Check each visit's needs against the chart early in the day, and ask the lab to send "
                         "what is missing before the patient is seen.")


def _messages(day: Day) -> None:
    reviewed = {f.get("message"): f for f in day.kind("message_reviewed")}
    opens = day.s.clinic.opens
    for m in day.kind("message_received"):
        r, key = reviewed.get(m.get("message")), f"msg{m.get('event')}.review"
        if r is None or not day.has(key):
            continue
        due = max(m.t, opens) + 3600
        day.judge(key, 1.0 if r.t <= due else 0.5, t=r.t, severity="late",
                  message=f"You went through {day.message(m)} only at {clock(r.t)}.",
                  better="Go through the overnight voicemail and email first thing at opening: cancellations and "
                         "urgent messages are in there.")


def _huddle(day: Day) -> None:
    briefed: dict[str, list[Any]] = {}
    for f in day.kind("staff_briefed"):
        briefed.setdefault(f.get("message"), []).append(f)
    for m in day.kind("message_received"):
        key = f"msg{m.get('event')}.huddle"
        if not day.has(key):
            continue
        # A message for someone must reach them; an urgent one for nobody in particular, the doctor or the nurse.
        told = [b for b in briefed.get(m.get("message"), [])
                if b.get("to") == m.get("for_staff") or (not m.get("for_staff") and b.get("role") in ("doctor", "nurse"))]
        if not told:
            continue
        first = told[0]
        who = day.staff_name(first.get("to"))
        day.judge(key, 1.0 if _in_time(first) else 0.25, t=first.t, severity="late",
                  message=f"{day.message(m)[0].upper()}{day.message(m)[1:]} was urgent and reached {who} only at "
                          f"{clock(first.t)}, too late.",
                  better=f"Pass urgent messages to {who} at the morning huddle, before the patient they concern "
                         "arrives" + (f" and before {m.get('matters_by')}." if m.get("matters_by") else "."))


def _in_time(briefing: Any) -> bool:
    """A briefing counts only before the moment it matters: the deadline, and the related patient's arrival."""
    deadline = briefing.get("matters_by")
    arrived = briefing.get("patient_arrived_at")
    return (deadline is None or briefing.t < parse_clock(deadline)) and arrived is None


def _freed_slots(day: Day) -> None:
    filled = {(f.get("doctor"), f.get("at")) for f in day.kind("slot_filled")}
    waiting = [e.patient for e in day.s.waiting_list]
    # The whole list was tried when each patient on it was called and either did not answer or turned the slot
    # down; one who answered and was offered nothing was not tried.
    declined = {f.get("patient") for f in day.kind("slot_offer_declined")}
    called = {f.get("patient") for f in day.kind("call_placed") if f.get("purpose") == "waiting_list"
              and (not f.get("answered") or f.get("patient") in declined)}
    by_slot = {(a.with_, clock(a.at)): a.patient for a in day.s.schedule}
    for f in day.kind("slot_freed"):
        key = f"slot.{by_slot.get((f.get('doctor'), f.get('at')))}"
        if not day.has(key):
            continue
        slot = (f.get("doctor"), f.get("at"))
        if slot in filled:
            day.judge(key, 1.0, t=f.t)
        elif waiting and set(waiting) <= called:
            day.judge(key, 1.0, t=f.t)  # the whole list was called and nobody could come: the job was done


def _reminders(day: Day) -> None:
    r = day.s.reminders
    if r is None:
        return
    due = r.due if r.due is not None else day.s.clinic.closes
    released = {f.get("patient") for f in day.kind("slot_filled") if f.get("released")}
    done: set[str] = set()
    # A reminder is made when the patient was reached (the call answered) or a voicemail gave the time: dialling
    # and hanging up reminds nobody.
    timed = {f.get("call") for f in day.kind("voicemail_message_left") if "appointment_time" in f.get("pieces")}
    for call in day.kind("call_placed"):
        patient, key = call.get("patient"), f"remind.{call.get('patient')}.call"
        if call.get("purpose") != "reminder" or patient in done or not day.has(key):
            continue
        if not call.get("answered") and call.get("call") not in timed:
            continue
        done.add(patient)
        day.judge(key, 1.0 if call.t <= due else 0.5, t=call.t, severity="late",
                  message=f"The reminder call to {day.name(patient)} came after {clock(due)}.",
                  better=f"Phone everyone booked for {r.date} before {clock(due)}.")
    for patient in released - done:  # their booking was given away today: no reminder is owed
        if day.has(f"remind.{patient}.call"):
            day.judge(f"remind.{patient}.call", 1.0, t=due)


def _referrals(day: Day) -> None:
    booked = {f.get("document"): f for f in day.kind("referral_booked")}
    for d in day.kind("document_arrived"):
        key = f"doc{d.get('event')}.book"
        f = booked.get(d.get("document"))
        if f is not None and day.has(key):
            day.judge(key, 1.0, t=f.t)


def away_day_cancellations(day: Day) -> dict[str, Any]:
    """Away-day bookings cancelled rather than moved, by patient: their ``booking_cancelled`` facts."""
    return {f.get("patient"): f for f in day.kind("booking_cancelled") if f.get("off_away_day")}


def off_before_announced(day: Day) -> dict[str, int]:
    """Patients with away-day lines who were no longer booked on the away day when it was announced (a call that
    moved their visit earlier in the day), by patient: when it was announced. Nothing was left to move."""
    gone: dict[str, int] = {}
    for a in day.kind("away_day_announced"):
        for b in day.s.bookings:
            if b.date.isoformat() == a.get("date") and b.with_ == a.get("doctor") \
                    and b.patient not in a.get("patients") and day.has(f"move.{b.patient}"):
                gone[b.patient] = a.t
    return gone


def _away_day(day: Day) -> None:
    for patient, t in off_before_announced(day).items():
        for key in (f"move.{patient}", f"move.{patient}.fit", f"move.{patient}.told", f"move.{patient}.privacy"):
            day.judge(key, 1.0, t=t)
    for f in day.kind("booking_moved"):
        key = f"move.{f.get('patient')}"
        if f.get("off_away_day") and day.has(key):
            day.judge(key, 1.0, t=f.t)
    for patient, f in away_day_cancellations(day).items():
        if day.has(f"move.{patient}"):
            day.judge(f"move.{patient}", 1.0, t=f.t)  # off the away day; whether it should have moved: accuracy


def _closing(day: Day) -> None:
    ended = day.kind("day_ended")
    if not ended:
        return
    end = ended[-1]
    if "after_hours" in end.get("greetings"):
        day.judge("closing.greeting", 1.0, t=end.t)
    if end.get("inbox_checked"):
        day.judge("closing.inbox", 1.0, t=end.t)
    greeted = [f for f in day.kind("greeting_recorded") if f.get("greeting") == "day"]
    if greeted:
        day.judge("opening.greeting", 1.0, t=greeted[0].t)


def _rooming(day: Day) -> None:
    for f in day.kind("patient_called_in"):
        key = f"{day.visit_of(f)}.rooming"
        if f.get("vitals_recorded") is None or not day.has(key):
            continue
        ready = bool(f.get("vitals_recorded")) and bool(f.get("briefed"))
        day.judge(key, 1.0 if ready else 0.0, t=f.t, severity="late",
                  message=f"The doctor went in to {day.name(f.get('patient'))} before the rooming was finished.",
                  better="Room each patient as soon as a room is free: vitals, reason, specimens, then brief the "
                         "doctor.")


def _duration(seconds: int) -> str:
    """A wait as a person says it: seconds up to two minutes, then minutes."""
    return f"{seconds} seconds" if seconds < 120 else f"{round(seconds / 60)} minutes"
