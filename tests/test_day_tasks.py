"""The whole day's tasks: on the shipped days the expert finishes every one, and the novice's gaps show in the facts.

These are the "done when" of the rest-of-the-day mechanics (M1–M3, M8–M11, M15–M17), read from facts alone, the
way the grader will read them.
"""

from functools import lru_cache

import pytest

from frontdesk.simulator.bots import make_bot, play_day
from frontdesk.simulator.core import Simulation
from frontdesk.simulator.scenario import load_scenario
from frontdesk.simulator.scenario.ranges import abnormal_vitals

from conftest import SCENARIOS

#: Facts that may name a condition or a test on a voicemail: more than the minimum necessary.
PHI_PIECES = {"visit_reason", "test_name", "doctor_name"}


@lru_cache(maxsize=None)
def day(name: str, bot: str) -> Simulation:
    """The day of shipped scenario ``name`` played by ``bot`` on its own seed, played once."""
    s = load_scenario(SCENARIOS / f"{name}.yaml")
    return play_day(Simulation(s, s.seed), make_bot(bot, s, s.seed))


def mechanics(sim: Simulation) -> set[str]:
    """The mechanics the day's facts belong to."""
    return {f.mechanic for f in sim.facts}


def test_laura_day_has_facts_for_every_front_desk_mechanic():
    """The expert's laura-day records facts for each of M1 to M15 (and privacy, M18)."""
    assert {f"M{i}" for i in range(1, 16)} | {"M18"} <= mechanics(day("laura-day", "expert"))


def test_ma_morning_has_facts_for_vitals_and_specimens():
    """The expert's ma-morning records facts for M16 and M17 beside the front-desk basics."""
    assert {"M4", "M16", "M17"} <= mechanics(day("ma-morning", "expert"))


def filled_slots(sim: Simulation) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """The slots freed and the slots filled in the day, each as (doctor, time)."""
    freed = {(f.get("doctor"), f.get("at")) for f in sim.facts.of_kind("slot_freed")}
    filled = {(f.get("doctor"), f.get("at")) for f in sim.facts.of_kind("slot_filled")}
    return freed, filled


def test_expert_fills_every_fillable_cancellation():
    """Each slot freed on laura-day is filled from the waiting list, with a visit no longer than the gap."""
    sim = day("laura-day", "expert")
    freed, filled = filled_slots(sim)
    assert freed and freed == filled
    for f in sim.facts.of_kind("slot_filled"):
        assert f.get("minutes") <= f.get("gap_minutes")


def test_expert_makes_every_reminder():
    """Everyone booked on the reminders' date is phoned before the due time; a voicemail names no test or reason."""
    sim = day("laura-day", "expert")
    s = sim.scenario
    due = s.reminders.due
    remind_day = s.reminders.date.isoformat()
    booked = {b.patient for b in s.bookings if b.date.isoformat() == remind_day}
    filled = {f.get("patient") for f in sim.facts.of_kind("slot_filled")}  # their later booking was released
    called = {f.get("patient") for f in sim.facts.of_kind("call_placed") if f.get("purpose") == "reminder" and f.t <= due}
    assert booked - filled <= called
    for f in sim.facts.of_kind("voicemail_message_left"):
        assert not PHI_PIECES & set(f.get("pieces"))


def test_expert_books_every_referral_inside_its_window_and_tells_the_referrer():
    """Each referral is sorted right, booked within its true window, and its physician notified."""
    sim = day("laura-day", "expert")
    referrals = {f.get("document") for f in sim.facts.of_kind("document_arrived") if f.get("document_kind") == "referral"}
    booked = {f.get("document"): f for f in sim.facts.of_kind("referral_booked")}
    notified = {f.get("document") for f in sim.facts.of_kind("referrer_notified")}
    assert referrals and set(booked) == referrals == notified
    for f in booked.values():
        assert f.get("urgency") == f.get("true_urgency") and f.get("days_ahead") <= f.get("true_window_days")


def test_expert_rebooks_and_notifies_everyone_of_the_away_day():
    """Everyone booked on the away day is moved (urgent within the guideline, inside their availability) and told;
    a patient already booked today for the same kind of visit soon after (Linda Brooks's follow-up, ordered at
    checkout) has the away-day visit cancelled instead, never a second visit beside the first, and is told too."""
    sim = day("laura-day", "expert")
    announced = sim.facts.of_kind("away_day_announced")[0]
    moved = {f.get("patient"): f for f in sim.facts.of_kind("booking_moved")}
    cancelled = {f.get("patient"): f for f in sim.facts.of_kind("booking_cancelled")}
    assert set(cancelled) == {"brooks"} and cancelled["brooks"].get("off_away_day")
    assert any(held.endswith("greene follow_up") for held in cancelled["brooks"].get("still_holds"))
    assert set(moved) | set(cancelled) == set(announced.get("patients"))
    limit = sim.scenario.clinic.guidelines.urgent_rebook_within
    for f in moved.values():
        assert f.get("off_away_day") and f.get("patient_available")
        assert f.get("days_after") <= (limit if f.get("urgent") else announced.get("within_days"))
    calls = {f.get("call"): f.get("patient") for f in sim.facts.of_kind("call_placed") if f.get("purpose") == "reschedule"}
    told = {calls[f.get("call")] for f in sim.facts.of_kind("disclosure") if f.get("call") in calls and f.get("identity_verified")}
    told |= {f.get("patient") for f in sim.facts.of_kind("voicemail_message_left")
             if f.get("purpose") == "reschedule" and "appointment_time" in f.get("pieces")}
    assert told == set(moved) | set(cancelled)


def test_expert_greeting_and_closing():
    """The expert's greetings hold no patient information; it checks the inbox, records the after-hours greeting
    and locks the screen at closing; urgent messages reach the doctor before they matter."""
    sim = day("laura-day", "expert")
    assert not sim.facts.of_kind("patient_information_in_greeting")
    end = sim.facts[-1]
    assert end.get("greetings") == ("after_hours", "day") and end.get("inbox_checked") and end.get("screen_locked")
    urgent = [f for f in sim.facts.of_kind("message_received") if f.get("urgent") and f.get("for_staff")]
    briefed = {f.get("message"): f for f in sim.facts.of_kind("staff_briefed")}
    assert urgent
    for m in urgent:
        b = briefed[m.get("message")]
        assert b.get("to") == m.get("for_staff") and b.get("urgent")
        assert b.get("patient_arrived_at") is None and b.get("matters_by") > f"{b.t // 3600:02d}:{b.t % 3600 // 60:02d}"


def test_expert_registers_the_new_patient_and_asks_the_pharmacy():
    """The first-time patient gets a chart with every detail (allergies too) and the pharmacy is asked for the list."""
    sim = day("laura-day", "expert")
    created = {f.get("patient") for f in sim.facts.of_kind("chart_created")}
    assert created == {"raman"}
    typed = {f.get("field") for f in sim.facts.of_kind("chart_updated") if f.get("patient") == "raman"}
    assert {"name", "dob", "phone", "health_card.number", "allergies"} <= typed
    assert [f.get("patient") for f in sim.facts.of_kind("medication_list_requested")] == ["raman"]
    assert sim.records.charts["raman"].get("medications")  # the faxed list was filed to her new chart


def test_expert_vitals_and_specimens():
    """In ma-morning every roomed patient's vitals are typed as measured, every out-of-range value is flagged,
    and every specimen is labelled with the patient's own name and date of birth."""
    sim = day("ma-morning", "expert")
    vitals = {f.get("patient"): f for f in sim.facts.of_kind("vitals_recorded")}
    assert set(vitals) == {a.patient for a in sim.scenario.schedule if a.vitals}
    for f in vitals.values():
        assert f.get("pulse") == f.get("true_pulse") and f.get("bp") == f.get("true_bp")
    for f in sim.facts.of_kind("doctor_briefed"):
        a = next(a for a in sim.scenario.schedule if a.patient == f.get("patient"))
        assert list(f.get("flags")) == abnormal_vitals(a.vitals.model_dump())
    assert sim.facts.of_kind("specimen_labelled") and not sim.facts.of_kind("specimen_mislabelled")


@pytest.mark.parametrize("kind, name", [
    ("patient_information_in_greeting", "laura-day"),
    ("specimen_mislabelled", "ma-morning"),
])
def test_novice_gaps_are_facts(kind, name):
    """The novice's slips on the rest of the day show up as facts of their own."""
    assert day(name, "novice").facts.of_kind(kind)


def test_novice_leaves_gaps_the_facts_show():
    """On laura-day the novice leaves freed slots empty, misjudges a referral, skips the urgent huddle, leaves PHI
    on a voicemail, forgets a move notification or reminder, and skips the closing checks."""
    sim = day("laura-day", "novice")
    freed, filled = filled_slots(sim)
    assert freed - filled
    assert any(f.get("urgency") != f.get("true_urgency") for f in sim.facts.of_kind("referral_classified"))
    urgent = {f.get("message") for f in sim.facts.of_kind("message_received") if f.get("urgent")}
    assert urgent - {f.get("message") for f in sim.facts.of_kind("staff_briefed")}
    assert any(PHI_PIECES & set(f.get("pieces")) for f in sim.facts.of_kind("voicemail_message_left"))
    end = sim.facts[-1]
    assert not end.get("inbox_checked") and "after_hours" not in end.get("greetings")
    moved = {f.get("patient") for f in sim.facts.of_kind("booking_moved")}
    called = {f.get("patient") for f in sim.facts.of_kind("call_placed") if f.get("purpose") == "reschedule"}
    assert moved - called


def test_novice_misses_an_abnormal_vital():
    """In ma-morning the novice briefs the doctor on at least one patient without flagging an abnormal value."""
    sim = day("ma-morning", "novice")
    missed = [f for f in sim.facts.of_kind("doctor_briefed")
              if abnormal_vitals(next(a for a in sim.scenario.schedule if a.patient == f.get("patient")).vitals.model_dump())
              and not f.get("flags")]
    assert missed
