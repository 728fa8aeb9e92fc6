"""Multitasking: answer time, abandoned calls, the counter and the waiting room, messages passed on in time,
freed slots filled (grading/multitasking.py, DESIGN section 6)."""

import pytest

from grading.grade import Grade
from grading.rubric import POINTS
from simulator.core import Simulation
from simulator.core import actions as A
from simulator.scenario import load_scenario_text

from conftest import MINI, at, graded

#: A small day: two lines, Grace Okafor reachable by phone, a third patient for walk-ins.
DAY = MINI.replace("  name: Test Clinic", "  name: Test Clinic\n  phone_lines: 2").replace(
    "{id: okafor, name: Grace Okafor, dob: 1949-09-30}",
    "{id: okafor, name: Grace Okafor, dob: 1949-09-30, phone: 416-555-0143}\n"
    "  - {id: ruth, name: Ruth Chen, dob: 1960-01-01}",
)


def day(events: str = "", extra: str = "") -> Simulation:
    """The small day with ``extra`` top-level YAML and ``events`` (one per line)."""
    text = DAY + extra
    if events:
        text += "events:\n" + "".join(f"  - {e}\n" for e in events.strip().splitlines())
    return Simulation(load_scenario_text(text))


def found(g: Grade, mechanic: str, severity: str | None = None, words: str = "") -> list:
    """The multitasking findings of ``mechanic`` (of ``severity``, whose message holds ``words``)."""
    return [f for f in g.findings if f.criterion == "multitasking" and f.mechanic == mechanic
            and (severity is None or f.severity == severity) and words in f.message]


def checks(g: Grade, mechanic: str) -> list:
    return [c for c in g.checks if c.criterion == "multitasking" and c.mechanic == mechanic]


CALL = '{at: "9:00", call: {caller: patient, about: chen, wants: confirm}}'

# --- phones (M7) -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("after", [0, 7, 13])
def test_a_call_answered_within_the_target_rings_earns_full_points(after):
    """Answered by the third ring (a ring every 6 s), the answer-time line earns every point and has no finding."""
    sim = day(CALL)
    sim.apply(A.AnswerCall(at("9:00", after), 1))
    g = graded(sim)
    (phone,) = checks(g, "M7")
    assert phone.earned == phone.max == POINTS["step"] and phone.finding is None
    assert not found(g, "M7")


@pytest.mark.parametrize("after, rings, lost", [(25, 5, 0.5), (40, 7, 1.0)])
def test_a_slow_answer_is_late(after, rings, lost):
    """Answered after the target (up to twice the target: half the points; beyond: none), the call is `late`,
    and the finding says how many rings it took."""
    sim = day(CALL)
    sim.apply(A.AnswerCall(at("9:00", after), 1))
    g = graded(sim)
    (late,) = found(g, "M7")
    assert late.severity == "late" and late.points == lost and f"rang {rings} times" in late.message
    assert late.t == at("9:00", after) and "3 rings" in late.better


def test_the_target_rings_come_from_the_scenario_rubric():
    """A scenario that allows 6 rings does not call a 5-ring answer late."""
    sim = day(CALL, extra="rubric:\n  targets: {answer_within_rings: 6}\n")
    sim.apply(A.AnswerCall(at("9:00", 25), 1))
    assert not found(graded(sim), "M7")


def test_an_abandoned_call_is_missed():
    """A call nobody answers is abandoned: a `missed` finding worth a major line's points."""
    g = graded(day(CALL))
    (missed,) = found(g, "M7")
    assert missed.severity == "missed" and "abandoned" in missed.message and missed.points == POINTS["major"]


def test_a_caller_left_on_hold_until_they_hang_up_is_missed():
    """Answered at once, then put on hold and forgotten until the caller hangs up: the call was abandoned."""
    sim = day(CALL)
    sim.apply(A.AnswerCall(at("9:00", 3), 1))
    sim.apply(A.HoldCall(at("9:00", 10), 1))
    sim.advance(at("9:30"))
    assert any(f.kind == "call_abandoned" and f.get("state_before") == "on_hold" for f in sim.facts)
    g = graded(sim)
    assert [f.severity for f in found(g, "M7", words="on hold")] == ["missed"]


def test_a_busy_signal_is_missed():
    """With both lines taken, a third caller gets a busy signal: a `missed` finding."""
    sim = day('{at: "9:00", call: {caller: patient, about: chen, wants: confirm}}\n'
              '{at: "9:00", call: {caller: patient, about: okafor, wants: confirm}}\n'
              '{at: "9:00", call: {caller: pharmacist, about: chen, wants: medication_list}}')
    g = graded(sim)
    assert [f.severity for f in found(g, "M7", words="busy signal")] == ["missed"]


# --- the counter and the waiting room (M4, M13) ------------------------------------------------------------------


def check_in(sim: Simulation, patient: str, arrived: int, greet_after: int) -> None:
    sim.advance(arrived)
    sim.apply(A.GreetPatient(arrived + greet_after, patient))
    sim.apply(A.ConfirmIdentity(arrived + greet_after + 5, patient, ("name", "dob")))
    sim.apply(A.CheckIn(arrived + greet_after + 10, patient))


@pytest.mark.parametrize("waited, lost", [(10, 0.0), (60, 0.5), (200, 1.0)])
def test_a_patient_greeted_late_at_the_counter(waited, lost):
    """Greeted within 30 s: full points; within four times that: half; later: none. The finding is `late`."""
    sim = day('{at: "8:50", arrival: {patient: chen}}')
    check_in(sim, "chen", at("8:50"), waited)
    g = graded(sim)
    late = found(g, "M4", "late", "at the counter")
    assert [f.points for f in late] == ([lost] if lost else [])


def test_a_walk_out_costs_more_than_a_late_greeting():
    """A patient who leaves without being seen loses more points than the slowest greeting at the counter."""
    slow = day('{at: "8:50", arrival: {patient: chen}}')
    check_in(slow, "chen", at("8:50"), 300)
    (greeting,) = found(graded(slow), "M4", "late")

    ignored = day('{at: "8:00", doctor_delay: {doctor: greene, minutes: 240}}\n{at: "8:50", arrival: {patient: chen}}')
    check_in(ignored, "chen", at("8:50"), 5)
    (walk_out,) = found(graded(ignored), "M13", "missed", "left without being seen")
    assert "never told why" in walk_out.message
    assert walk_out.points > greeting.points and walk_out.points == POINTS["major"]


def test_a_patient_seen_late_and_never_told_is_missed():
    """Seen more than 15 minutes late without a word about the delay: `missed`; told in time: no finding."""
    events = '{at: "8:00", doctor_delay: {doctor: greene, minutes: 80}}\n{at: "8:50", arrival: {patient: chen}}'
    untold = day(events)
    check_in(untold, "chen", at("8:50"), 5)
    assert [f.severity for f in found(graded(untold), "M13", words="nobody told them")] == ["missed"]

    told = day(events)
    check_in(told, "chen", at("8:50"), 5)
    told.apply(A.InformDelay(at("9:05"), "chen"))
    g = graded(told)
    assert not found(g, "M13")
    assert all(c.earned == c.max for c in checks(g, "M13"))


# --- messages and the huddle (M1, M3) ------------------------------------------------------------------------------

URGENT = ('{at: "22:00", overnight: true, voicemail: {from: okafor, about: chen, intent: urgent, urgent: true, '
          'for: greene, text: "Please look at his new results before you see him."}}\n'
          '{at: "8:50", arrival: {patient: chen}}')


def test_an_urgent_message_passed_before_the_patient_arrives_earns_full_points():
    """Passed to the staff member it is for before the related patient arrives: on time."""
    sim = day(URGENT)
    sim.apply(A.ReviewMessage(at("8:01"), "V1"))
    sim.apply(A.BriefStaff(at("8:05"), "greene", "V1", urgent=True))
    g = graded(sim)
    (huddle,) = checks(g, "M3")
    assert huddle.earned == huddle.max and not found(g, "M3")


def test_an_urgent_message_passed_after_the_related_patient_arrived_is_late():
    """Passed on only after the patient it concerns arrived: `late`, with most of its points lost."""
    sim = day(URGENT)
    sim.apply(A.ReviewMessage(at("8:01"), "V1"))
    sim.advance(at("8:50"))
    sim.apply(A.BriefStaff(at("8:52"), "greene", "V1", urgent=True))
    g = graded(sim)
    (late,) = found(g, "M3")
    assert late.severity == "late" and late.t == at("8:52") and "too late" in late.message
    assert late.points == pytest.approx(POINTS["task"] * 0.75)


def test_an_urgent_message_passed_after_it_matters_is_late():
    """A message that matters by 8:30 passed on at 8:40 is late, even before the patient comes."""
    sim = day(URGENT.replace('for: greene,', 'for: greene, matters_by: "8:30",'))
    sim.apply(A.ReviewMessage(at("8:01"), "V1"))
    sim.apply(A.BriefStaff(at("8:40"), "greene", "V1", urgent=True))
    assert [f.severity for f in found(graded(sim), "M3")] == ["late"]


def test_an_urgent_message_never_passed_on_is_missed():
    """An urgent message the staff member never hears of: `missed`, all its points lost."""
    sim = day(URGENT)
    sim.apply(A.ReviewMessage(at("8:01"), "V1"))
    (missed,) = found(graded(sim), "M3")
    assert missed.severity == "missed" and "never reached Dr. Anne Greene" in missed.message
    assert missed.points == POINTS["task"]


@pytest.mark.parametrize("reviewed, severity", [(None, "missed"), ("10:30", "late"), ("8:01", None)])
def test_an_overnight_message_must_be_reviewed_at_opening(reviewed, severity):
    """Never reviewed: `missed`; reviewed more than an hour after opening: `late`; at opening: no finding."""
    sim = day('{at: "22:30", overnight: true, voicemail: {from: okafor, intent: billing, text: "A form fee?"}}')
    if reviewed:
        sim.apply(A.ReviewMessage(at(reviewed), "V1"))
    g = graded(sim)
    assert [f.severity for f in found(g, "M1")] == ([severity] if severity else [])
    if severity == "missed":
        assert "never went through" in found(g, "M1")[0].message


# --- freed slots (M2) ------------------------------------------------------------------------------------------------

CANCEL = '{at: "22:00", overnight: true, voicemail: {from: chen, intent: cancel, appointment: "9:00"}}'
WAITING = "waiting_list: [okafor]\n"


def test_a_freed_slot_never_filled_is_missed():
    """A cancellation frees a slot; nobody on the waiting list is called and it stays empty: `missed`."""
    g = graded(day(CANCEL, extra=WAITING))
    (missed,) = found(g, "M2")
    assert missed.severity == "missed" and "09:00 slot" in missed.message and "stayed empty" in missed.message


def test_a_freed_slot_is_done_once_the_whole_waiting_list_was_called():
    """Calling everyone on the waiting list is all the desk can do, even if nobody can take the slot."""
    sim = day(CANCEL, extra=WAITING)
    sim.apply(A.ReviewMessage(at("8:01"), "V1"))
    sim.apply(A.PlaceCall(at("8:05"), "okafor", "waiting_list"))
    sim.apply(A.EndCall(at("8:06"), 1))
    g = graded(sim)
    assert not found(g, "M2")
    (slot,) = checks(g, "M2")
    assert slot.earned == slot.max


def test_a_freed_slot_is_not_judged_without_a_waiting_list():
    """With nobody waiting, an empty slot is nobody's fault."""
    assert not checks(graded(day(CANCEL)), "M2")


# --- closing (M15) -------------------------------------------------------------------------------------------------


def test_closing_checks_are_missed_when_skipped_and_done_when_done():
    """No after-hours greeting, no last inbox check and an unlocked screen: three `missed` lines at closing."""
    g = graded(day())
    assert sorted(f.message for f in found(g, "M15", "missed")) == [
        "You did not check the inbox a last time before leaving.",
        "You did not record the after-hours greeting.",
        "You left with the screen unlocked.",
    ]
    sim = day()
    sim.apply(A.RecordGreeting(at("17:00"), "after_hours", ("clinic_name", "hours", "emergency_advice")))
    sim.apply(A.CheckInbox(at("17:01")))
    sim.apply(A.LockScreen(at("17:02")))
    assert not found(graded(sim), "M15")
