"""Multitasking: answer time, time on hold, abandoned calls, the counter and the waiting room, messages passed on
in time, freed slots filled (grading/multitasking.py, DESIGN section 6).

Each rule of the day is a rubric line fixed by the scenario (grading/lines.py): a line nothing was done about is
`missed`; a line done late keeps part of its points. A finding costs (1 - share) x (the line's share of the
criterion + its harm class's deduction)."""

import pytest

from frontdesk.grading.grade import Check, Finding, Grade
from frontdesk.grading.lines import build_rubric
from frontdesk.grading.multitasking import HOLD_TARGET_SECONDS
from frontdesk.grading.rubric import HARM
from frontdesk.simulator.core import Simulation
from frontdesk.simulator.core import actions as A
from frontdesk.simulator.scenario import load_scenario_text
from frontdesk.simulator.scenario.jurisdictions import JURISDICTIONS

from conftest import MINI, assert_costs, at, graded

#: A small day: two lines, Grace Okafor reachable by phone, a third patient for walk-ins.
DAY = MINI.replace("  name: Test Clinic", "  name: Test Clinic\n  phone_lines: 2").replace(
    "{id: okafor, name: Grace Okafor, dob: 1949-09-30}",
    "{id: okafor, name: Grace Okafor, dob: 1949-09-30, phone: 416-555-0143}\n"
    "  - {id: ruth, name: Ruth Chen, dob: 1960-01-01}",
)


def text(events: str = "", extra: str = "") -> str:
    """The small day's YAML with ``extra`` top-level YAML and ``events`` (one per line)."""
    out = DAY + extra
    if events:
        out += "events:\n" + "".join(f"  - {e}\n" for e in events.strip().splitlines())
    return out


def day(events: str = "", extra: str = "") -> Simulation:
    """The small day with ``extra`` top-level YAML and ``events`` (one per line)."""
    return Simulation(load_scenario_text(text(events, extra)))


def found(g: Grade, mechanic: str, severity: str | None = None, words: str = "") -> list:
    """The multitasking findings of ``mechanic`` (of ``severity``, whose message holds ``words``)."""
    return [f for f in g.findings if f.criterion == "multitasking" and f.mechanic == mechanic
            and (severity is None or f.severity == severity) and words in f.message]


def line(g: Grade, key: str) -> Check:
    """The check of rubric line ``key`` (the scenario's rubric has it whatever was done)."""
    (check,) = [c for c in g.checks if c.key == key and c.max > 0]
    return check


def on(g: Grade, key: str) -> list[Finding]:
    """Every finding on rubric line ``key`` (the worst judgement, then any further deduction on it)."""
    return [f for f in g.findings if f.line == key]


CALL = '{at: "9:00", call: {caller: patient, about: chen, wants: confirm}}'

# --- phones (M7) -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("after", [0, 7, 13])
def test_a_call_answered_within_the_target_rings_earns_full_points(after):
    """Answered by the third ring (a ring every 6 s), the answer line (a routine call: a moderate line) earns
    every point and has no finding."""
    sim = day(CALL)
    sim.apply(A.AnswerCall(at("9:00", after), 1))
    g = graded(sim)
    answer = line(g, "call0.answer")
    assert answer.max == HARM["moderate"].points and answer.status == "earned" and answer.finding is None
    assert not on(g, "call0.answer")


@pytest.mark.parametrize("after, rings, share", [(25, 5, 0.5), (40, 7, 0.0)])
def test_a_slow_answer_is_late(after, rings, share):
    """Answered after the target (up to twice the target: half the line; beyond: none of it), the answer line is
    `late`, its finding costs the part of the line lost, and it says how many rings it took."""
    sim = day(CALL)
    sim.apply(A.AnswerCall(at("9:00", after), 1))
    g = graded(sim)
    (late,) = on(g, "call0.answer")
    assert late.severity == "late" and f"rang {rings} times" in late.message
    assert_costs(g, late, 1 - share)
    assert line(g, "call0.answer").earned == pytest.approx(share * HARM["moderate"].points)
    assert late.t == at("9:00", after) and "3 rings" in late.better


def test_the_target_rings_come_from_the_scenario_rubric():
    """A scenario that allows 6 rings does not call a 5-ring answer late."""
    sim = day(CALL, extra="rubric:\n  targets: {answer_within_rings: 6}\n")
    sim.apply(A.AnswerCall(at("9:00", 25), 1))
    g = graded(sim)
    assert not on(g, "call0.answer") and line(g, "call0.answer").status == "earned"


def test_an_abandoned_call_is_missed():
    """A call nobody answers is abandoned: the answer line is `missed` and its finding costs the whole line."""
    g = graded(day(CALL))
    (missed,) = on(g, "call0.answer")
    assert missed.severity == "missed" and "abandoned" in missed.message and missed.mechanic == "M7"
    assert_costs(g, missed, 1.0)


def test_a_call_never_answered_is_missed_on_every_line():
    """A call never answered is `missed` on its answer line and its handling line, and on its privacy line too
    when it is about a patient: none of them earns anything."""
    g = graded(day(CALL))
    for key, criterion in (("call0.answer", "multitasking"), ("call0.handling", "accuracy"),
                           ("call0.privacy", "privacy")):
        (missed,) = on(g, key)
        assert missed.severity == "missed" and missed.criterion == criterion
        assert line(g, key).status == "missed"


NURSE = '{at: "10:00", call: {caller: patient, about: chen, wants: speak_to_nurse}}'
ER_DOCTOR = '{at: "10:00", call: {caller: er_nurse, name: Kevin Morrison, about: chen, wants: speak_to_doctor}}'


@pytest.mark.parametrize("call, wrong", [(NURSE, "greene"), (ER_DOCTOR, "nurse")], ids=["to_nurse", "er_nurse"])
def test_a_call_never_answered_costs_at_least_as_much_as_one_routed_wrong(call, wrong):
    """Never answering is never cheaper than answering and handling badly: the points the call's lines lose when
    it is never answered (answer, handling, privacy) are at least those lost when it is answered at once and put
    through to the wrong person, under completion, under harm and as scored; the day's total is no higher."""
    ignored = graded(day(call))
    routed = day(call)
    routed.apply(A.AnswerCall(at("10:00", 4), 1))
    routed.apply(A.RouteCall(at("10:00", 20), 1, wrong))
    misrouted = graded(routed)
    assert [f.severity for f in on(misrouted, "call0.handling")] == ["error"]

    def lost(g: Grade, side: str) -> float:
        return sum(getattr(f, side) for f in g.findings if f.line and f.line.startswith("call0."))

    for side in ("points", "share", "deduction"):
        assert lost(ignored, side) >= lost(misrouted, side) > 0
    assert ignored.total <= misrouted.total


def test_an_urgent_callers_answer_line_is_major_and_a_booking_calls_moderate():
    """The answer line's harm follows the caller's urgency, fixed by the scenario: an emergency nurse's call is
    `major`, a patient's booking call `moderate`; left unanswered, each finding carries its line's harm."""
    events = ('{at: "9:00", call: {caller: er_nurse, name: Kevin Morrison, about: chen, wants: medication_list}}\n'
              '{at: "9:00", call: {caller: patient, about: okafor, wants: book}}')
    rubric = {ln.key: ln for ln in build_rubric(load_scenario_text(text(events)))}
    assert rubric["call0.answer"].harm == "major" and rubric["call1.answer"].harm == "moderate"
    g = graded(day(events))
    assert [f.harm for f in on(g, "call0.answer")] == ["major"]
    assert [f.harm for f in on(g, "call1.answer")] == ["moderate"]


@pytest.mark.parametrize("held, share", [(HOLD_TARGET_SECONDS - 10, 1.0), (HOLD_TARGET_SECONDS + 30, 0.5)])
def test_a_caller_left_on_hold_more_than_a_minute_is_late(held, share):
    """A caller taken back within a minute on hold (`HOLD_TARGET_SECONDS`) loses nothing; left longer (up to three
    minutes), the answer line loses half, `late`, with the time on hold in the message."""
    sim = day(CALL)
    sim.apply(A.AnswerCall(at("9:00", 3), 1))
    sim.apply(A.HoldCall(at("9:00", 10), 1))
    sim.apply(A.ResumeCall(at("9:00", 10 + held), 1))
    g = graded(sim)
    answer = line(g, "call0.answer")
    if share == 1.0:
        assert answer.status == "earned" and not on(g, "call0.answer")
    else:
        (late,) = on(g, "call0.answer")
        assert late.severity == "late" and "1 min 30 s on hold" in late.message
        assert_costs(g, late, 1 - share)
        assert answer.status == "partial"


def test_a_caller_left_on_hold_until_they_hang_up_is_missed():
    """Answered at once, then put on hold and forgotten until the caller hangs up: the call was abandoned, and
    its answer line is `missed` (its worst judgement, whatever else the hold cost)."""
    sim = day(CALL)
    sim.apply(A.AnswerCall(at("9:00", 3), 1))
    sim.apply(A.HoldCall(at("9:00", 10), 1))
    sim.advance(at("9:30"))
    assert any(f.kind == "call_abandoned" and f.get("state_before") == "on_hold" for f in sim.facts)
    g = graded(sim)
    answer = line(g, "call0.answer")
    assert answer.earned == 0 and answer.finding.severity == "missed"
    assert "hung up on hold" in answer.finding.message and "abandoned" in answer.finding.message


def test_a_busy_signal_is_missed():
    """With both lines taken, a third caller gets a busy signal: its answer line is `missed`."""
    sim = day('{at: "9:00", call: {caller: patient, about: chen, wants: confirm}}\n'
              '{at: "9:00", call: {caller: patient, about: okafor, wants: confirm}}\n'
              '{at: "9:00", call: {caller: pharmacist, about: chen, wants: medication_list}}')
    g = graded(sim)
    assert [f.severity for f in on(g, "call2.answer") if "busy signal" in f.message] == ["missed"]


# --- the counter and the waiting room (M4, M13) ------------------------------------------------------------------


def check_in(sim: Simulation, patient: str, arrived: int, greet_after: int) -> None:
    """``patient`` arrives at ``arrived``, is greeted ``greet_after`` seconds later, confirmed and checked in."""
    sim.advance(arrived)
    sim.apply(A.GreetPatient(arrived + greet_after, patient))
    sim.apply(A.ConfirmIdentity(arrived + greet_after + 5, patient, ("name", "dob")))
    sim.apply(A.CheckIn(arrived + greet_after + 10, patient))


@pytest.mark.parametrize("waited, share", [(10, 1.0), (60, 0.5), (200, 0.0)])
def test_a_patient_greeted_late_at_the_counter(waited, share):
    """Greeted within 30 s: the greeting line is fully earned; within four times that: half; later: none. The
    finding is `late`, a minor step, and costs the part of the line lost."""
    sim = day('{at: "8:50", arrival: {patient: chen}}')
    check_in(sim, "chen", at("8:50"), waited)
    g = graded(sim)
    late = [f for f in on(g, "visit.chen.greet") if f.severity == "late" and "at the counter" in f.message]
    assert len(late) == (1 if share < 1 else 0)
    for f in late:
        assert f.harm == "minor"
        assert_costs(g, f, 1 - share)


def test_a_walk_out_costs_more_than_a_late_greeting():
    """A patient who leaves without being seen loses more points than the slowest greeting at the counter: the
    walk-out is a `major` harm on the visit's `seen` line, the greeting a `minor` one."""
    slow = day('{at: "8:50", arrival: {patient: chen}}')
    check_in(slow, "chen", at("8:50"), 300)
    (greeting,) = on(graded(slow), "visit.chen.greet")
    assert greeting.severity == "late" and greeting.harm == "minor"

    ignored = day('{at: "8:00", doctor_delay: {doctor: greene, minutes: 240}}\n{at: "8:50", arrival: {patient: chen}}')
    check_in(ignored, "chen", at("8:50"), 5)
    (walk_out,) = on(graded(ignored), "visit.chen.seen")
    assert walk_out.severity == "missed" and walk_out.mechanic == "M13"
    assert "left without being seen" in walk_out.message and "never told why" in walk_out.message
    assert walk_out.harm == "major"
    assert walk_out.share > greeting.share and walk_out.deduction > greeting.deduction


def test_a_patient_seen_late_and_never_told_is_missed():
    """Seen more than 15 minutes late without a word about the delay: `missed`; told in time: no finding."""
    events = '{at: "8:00", doctor_delay: {doctor: greene, minutes: 80}}\n{at: "8:50", arrival: {patient: chen}}'
    untold = day(events)
    check_in(untold, "chen", at("8:50"), 5)
    assert [f.severity for f in on(graded(untold), "visit.chen.seen") if "nobody told them" in f.message] == ["missed"]

    told = day(events)
    check_in(told, "chen", at("8:50"), 5)
    told.apply(A.InformDelay(at("9:05"), "chen"))
    g = graded(told)
    assert not found(g, "M13")
    assert line(g, "visit.chen.seen").status == "earned"


# --- messages and the huddle (M1, M3) ------------------------------------------------------------------------------

URGENT = ('{at: "22:00", overnight: true, voicemail: {from: okafor, about: chen, intent: urgent, urgent: true, '
          'for: greene, text: "Please look at his new results before you see him."}}\n'
          '{at: "8:50", arrival: {patient: chen}}')


def test_an_urgent_message_passed_before_the_patient_arrives_earns_full_points():
    """Passed to the staff member it is for before the related patient arrives: on time, the huddle line (and
    the routing line) fully earned."""
    sim = day(URGENT)
    sim.apply(A.ReviewMessage(at("8:01"), "V1"))
    sim.apply(A.BriefStaff(at("8:05"), "greene", "V1", urgent=True))
    g = graded(sim)
    assert line(g, "msg0.huddle").status == "earned" and not found(g, "M3")
    assert line(g, "msg0.route").status == "earned"


def test_an_urgent_message_passed_after_the_related_patient_arrived_is_late():
    """Passed on only after the patient it concerns arrived: `late`, with three quarters of its line lost."""
    sim = day(URGENT)
    sim.apply(A.ReviewMessage(at("8:01"), "V1"))
    sim.advance(at("8:50"))
    sim.apply(A.BriefStaff(at("8:52"), "greene", "V1", urgent=True))
    g = graded(sim)
    (late,) = on(g, "msg0.huddle")
    assert late.severity == "late" and late.t == at("8:52") and "too late" in late.message
    assert late.harm == "major"
    assert_costs(g, late, 0.75)


def test_an_urgent_message_passed_after_it_matters_is_late():
    """A message that matters by 8:30 passed on at 8:40 is late, even before the patient comes."""
    sim = day(URGENT.replace('for: greene,', 'for: greene, matters_by: "8:30",'))
    sim.apply(A.ReviewMessage(at("8:01"), "V1"))
    sim.apply(A.BriefStaff(at("8:40"), "greene", "V1", urgent=True))
    assert [f.severity for f in on(graded(sim), "msg0.huddle")] == ["late"]


def test_an_urgent_message_never_passed_on_is_missed():
    """An urgent message the staff member never hears of: `missed`, the whole huddle line lost."""
    sim = day(URGENT)
    sim.apply(A.ReviewMessage(at("8:01"), "V1"))
    g = graded(sim)
    (missed,) = on(g, "msg0.huddle")
    assert missed.severity == "missed" and "never reached Dr. Anne Greene" in missed.message
    assert_costs(g, missed, 1.0)


@pytest.mark.parametrize("reviewed, severity", [(None, "missed"), ("10:30", "late"), ("8:01", None)])
def test_an_overnight_message_must_be_reviewed_at_opening(reviewed, severity):
    """Never reviewed: `missed`; reviewed more than an hour after opening: `late`; at opening: no finding."""
    sim = day('{at: "22:30", overnight: true, voicemail: {from: okafor, intent: billing, text: "A form fee?"}}')
    if reviewed:
        sim.apply(A.ReviewMessage(at(reviewed), "V1"))
    g = graded(sim)
    review = on(g, "msg0.review")
    assert [f.severity for f in review] == ([severity] if severity else [])
    if severity == "missed":
        assert "never went through" in review[0].message


# --- freed slots (M2) ------------------------------------------------------------------------------------------------

CANCEL = '{at: "22:00", overnight: true, voicemail: {from: chen, intent: cancel, appointment: "9:00"}}'
WAITING = "waiting_list: [okafor]\n"


def test_a_freed_slot_never_filled_is_missed():
    """A cancellation frees a slot; nobody on the waiting list is called and it stays empty: `missed`."""
    g = graded(day(CANCEL, extra=WAITING))
    (missed,) = found(g, "M2")
    assert missed.severity == "missed" and missed.line == "slot.chen"
    assert "09:00 slot" in missed.message and "stayed empty" in missed.message


@pytest.mark.parametrize("answers, done", [(False, True), (True, False)])
def test_a_freed_slot_is_done_once_the_whole_waiting_list_was_tried(answers, done):
    """Calling everyone on the waiting list is all the desk can do when nobody answers (or everyone turns the slot
    down); a patient who answers and is offered nothing was not tried, and the slot stays `missed`."""
    scenario = text(CANCEL, WAITING)
    if not answers:
        scenario = scenario.replace("{id: okafor, name: Grace Okafor, dob: 1949-09-30",
                                    "{id: okafor, name: Grace Okafor, answers_phone: false, dob: 1949-09-30")
    sim = Simulation(load_scenario_text(scenario))
    sim.apply(A.ReviewMessage(at("8:01"), "V1"))
    sim.apply(A.PlaceCall(at("8:05"), "okafor", "waiting_list"))
    assert sim.facts.of_kind("call_placed")[-1].get("answered") is answers
    sim.apply(A.EndCall(at("8:06"), 1))
    g = graded(sim)
    assert (line(g, "slot.chen").status == "earned") is done


def test_a_freed_slot_is_not_judged_without_a_waiting_list():
    """With nobody waiting, an empty slot is nobody's fault: the rubric has no line for it."""
    g = graded(day(CANCEL))
    assert not [c for c in g.checks if c.mechanic == "M2"]


# --- closing (M15, M18) --------------------------------------------------------------------------------------------


def test_closing_checks_are_missed_when_skipped_and_done_when_done():
    """No after-hours greeting and no last inbox check: two `missed` closing lines; the screen left unlocked is a
    safeguards `breach` on `desk.locked` (privacy). Done, all three are fully earned."""
    g = graded(day())
    assert sorted(f.message for f in found(g, "M15", "missed")) == [
        "You did not check the inbox a last time before leaving.",
        "You did not record the after-hours greeting.",
    ]
    (unlocked,) = on(g, "desk.locked")
    assert unlocked.severity == "breach" and unlocked.criterion == "privacy"
    assert unlocked.message == "You left for the night with the screen unlocked."
    assert unlocked.rule == JURISDICTIONS["ON"].rule("safeguards")

    sim = day()
    sim.apply(A.RecordGreeting(at("17:00"), "after_hours", ("clinic_name", "hours", "emergency_advice")))
    sim.apply(A.CheckInbox(at("17:01")))
    sim.apply(A.LockScreen(at("17:02")))
    g = graded(sim)
    assert not found(g, "M15")
    for key in ("closing.greeting", "closing.inbox", "desk.locked"):
        assert line(g, key).status == "earned"


@pytest.mark.parametrize("brief", [None, "greene", "nurse"])
def test_an_urgent_message_for_nobody_in_particular_must_reach_the_doctor_or_the_nurse(brief):
    """An urgent voicemail that names no one it is for is still a line: it must reach the doctor or the nurse, in
    time; never passed on, it is missed."""
    text = MINI + ('events:\n  - {at: "7:10", overnight: true, voicemail: {from: okafor, intent: urgent, '
                   'urgent: true, text: "Chest pain since last night."}}\n')
    sim = Simulation(load_scenario_text(text))
    sim.advance(at("8:05"))
    if brief:
        sim.apply(A.ReviewMessage(at("8:05"), "V1"))
        sim.apply(A.BriefStaff(at("8:06"), brief, "V1", True))
    g = graded(sim)
    (check,) = [c for c in g.checks if c.key == "msg0.huddle" and c.max > 0]
    assert check.harm == "major" and (check.earned == check.max) is bool(brief)
