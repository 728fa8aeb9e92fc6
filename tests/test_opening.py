"""Opening, the huddle and closing (simulator/core/office.py; M1, M3, M15): overnight messages, the phone
greetings, briefing staff, the closing inbox check and the facts each records."""

import textwrap

import pytest

from frontdesk.simulator.bots import BotDriver, make_bot, play_day
from frontdesk.simulator.core import Simulation, desk_view
from frontdesk.simulator.core import actions as A
from frontdesk.simulator.scenario import load_scenario, load_scenario_text

from conftest import SCENARIOS

H = 3600
M = 60

#: A day that opens at 8:00 with the doctor in at 8:30: Chen cancelled overnight by voicemail, the lab emailed
#: an urgent result about Okafor for the doctor (it matters by 9:30, when Okafor is booked; she arrives at 9:20).
OPENING = textwrap.dedent(
    """\
    format: 1
    id: opening
    title: Opening the office
    jurisdiction: ON
    clinic:
      name: Test Clinic
      staff:
        - {id: greene, role: doctor, name: Dr. Anne Greene, arrives: "8:30"}
        - {id: nurse, role: nurse, name: Sam Patel}
    directory:
      - {id: lab, kind: lab, name: City Lab, phone: 416-555-0100}
    patients:
      - {id: chen, name: Robert Chen, dob: 1958-04-12}
      - {id: okafor, name: Grace Okafor, dob: 1949-09-30}
    schedule:
      - {at: "9:00", patient: chen, with: greene, type: follow_up}
      - {at: "9:30", patient: okafor, with: greene, type: follow_up}
    events:
      - {at: "22:00", overnight: true, voicemail: {from: chen, intent: cancel, appointment: "9:00"}}
      - {at: "23:00", overnight: true, email: {from: lab, about: okafor, intent: urgent, urgent: true, for: greene,
         matters_by: "9:30", text: "Critical potassium for Grace Okafor."}}
      - {at: "9:20", arrival: {patient: okafor}}
    """
)


def opening() -> Simulation:
    """A day on :data:`OPENING`, not yet begun."""
    return Simulation(load_scenario_text(OPENING))


def of(sim: Simulation, kind: str) -> list:
    """The day's facts of ``kind``."""
    return sim.facts.of_kind(kind)


# --- M1: overnight messages ---------------------------------------------------------------------------------


def test_overnight_messages_get_ids_and_are_recorded_at_opening():
    """Each overnight voicemail and email is waiting at opening with its own id (V1, E1) and a
    `message_received` fact (M1) saying who sent it, what about, and when it matters by."""
    sim = opening()
    sim.advance(8 * H)
    received = of(sim, "message_received")
    assert [(f.get("message"), f.get("channel"), f.mechanic, f.t) for f in received] == [
        ("V1", "voicemail", "M1", 8 * H), ("E1", "email", "M1", 8 * H)]
    email = received[1]
    assert email.get("sender") == "lab" and email.get("about") == "okafor" and email.get("urgent") is True
    assert email.get("for_staff") == "greene" and email.get("matters_by") == "09:30"
    assert [m.id for m in desk_view(sim).messages] == ["V1", "E1"]


def test_an_overnight_cancellation_frees_the_slot():
    """A voicemail cancelling today's visit cancels it at once (`visit_cancelled`, M2) and frees its slot
    (`slot_freed`, M2) with the visit's length; the patient never comes."""
    sim = opening()
    sim.advance(8 * H)
    cancelled, = of(sim, "visit_cancelled")
    freed, = of(sim, "slot_freed")
    assert cancelled.mechanic == freed.mechanic == "M2"
    assert cancelled.get("patient") == "chen" and cancelled.get("appointment") == "09:00"
    assert freed.get("doctor") == "greene" and freed.get("at") == "09:00" and freed.get("minutes") == 15
    assert freed.get("visit_type") == "follow_up"
    assert [(s.doctor, s.at, s.filled_by) for s in desk_view(sim).freed_slots] == [("greene", 9 * H, None)]
    sim.advance(12 * H)
    assert not [f for f in of(sim, "patient_arrived") if f.get("patient") == "chen"]


def test_reviewing_a_message_is_recorded_once():
    """`review_message` records `message_reviewed` (M1) with how long the message waited; the same message
    cannot be gone through twice."""
    sim = opening()
    sim.apply(A.ReviewMessage(8 * H + 90, "V1"))
    reviewed, = of(sim, "message_reviewed")
    assert reviewed.mechanic == "M1" and reviewed.get("message") == "V1" and reviewed.get("intent") == "cancel"
    assert reviewed.get("waited") == 90
    with pytest.raises(A.ActionError, match="already went through V1"):
        sim.apply(A.ReviewMessage(8 * H + 100, "V1"))
    assert len(of(sim, "message_reviewed")) == 1


def test_reviewing_an_unknown_message_is_refused():
    """A message id that does not exist is refused in words."""
    sim = opening()
    with pytest.raises(A.ActionError, match="no voicemail or email 'V9'"):
        sim.apply(A.ReviewMessage(8 * H + 10, "V9"))


def test_reading_email_needs_the_screen_unlocked():
    """Email is read on the computer: with the screen locked it is refused (a voicemail is not)."""
    sim = opening()
    sim.apply(A.LockScreen(8 * H + 5))
    with pytest.raises(A.ActionError, match="locked"):
        sim.apply(A.ReviewMessage(8 * H + 10, "E1"))
    sim.apply(A.ReviewMessage(8 * H + 20, "V1"))
    assert [f.get("message") for f in of(sim, "message_reviewed")] == ["V1"]


# --- M1/M15: greetings --------------------------------------------------------------------------------------


def test_a_day_greeting_naming_a_patient_is_a_privacy_fact():
    """A day greeting with a `patient_message` records `greeting_recorded` (M1) and, because anyone calling
    hears it, `patient_information_in_greeting` (M18) naming the patient."""
    sim = opening()
    sim.apply(A.RecordGreeting(8 * H + 30, "day", ("clinic_name", "patient_message"), patient="okafor"))
    greeting, = of(sim, "greeting_recorded")
    assert greeting.mechanic == "M1" and greeting.get("greeting") == "day"
    assert greeting.get("pieces") == ("clinic_name", "patient_message") and greeting.get("patient") == "okafor"
    leak, = of(sim, "patient_information_in_greeting")
    assert leak.mechanic == "M18" and leak.get("patient") == "okafor" and leak.get("greeting") == "day"


def test_a_greeting_without_a_patient_message_discloses_nothing():
    """A greeting of clinic name, hours and emergency advice records no privacy fact and no patient, even
    when a patient id is passed along; repeated pieces are spoken once."""
    sim = opening()
    sim.apply(A.RecordGreeting(8 * H + 30, "day", ("clinic_name", "hours", "emergency_advice", "hours"),
                               patient="okafor"))
    greeting, = of(sim, "greeting_recorded")
    assert greeting.get("pieces") == ("clinic_name", "hours", "emergency_advice")
    assert greeting.get("patient") is None
    assert not of(sim, "patient_information_in_greeting")
    assert desk_view(sim).greetings == ("day",)


@pytest.mark.parametrize("pieces", [("clinic_name", "test_results"), ()])
def test_a_greeting_of_unknown_pieces_is_refused_listing_the_pieces(pieces):
    """Unknown (or no) pieces are refused with a message that lists every piece a greeting can hold."""
    sim = opening()
    with pytest.raises(A.ActionError) as refused:
        sim.apply(A.RecordGreeting(8 * H + 30, "day", pieces))
    assert all(piece.replace("_", " ") in str(refused.value) for piece in A.GREETING_PIECES)
    assert not of(sim, "greeting_recorded")


def test_a_greeting_kind_and_patient_must_be_known():
    """Only `day` and `after_hours` greetings exist, and a patient message must name a patient."""
    sim = opening()
    with pytest.raises(A.ActionError, match="day, after hours"):
        sim.apply(A.RecordGreeting(8 * H + 30, "lunch", ("clinic_name",)))
    with pytest.raises(A.ActionError, match="which patient"):
        sim.apply(A.RecordGreeting(8 * H + 40, "day", ("patient_message",)))


def test_the_after_hours_greeting_is_closing_work():
    """The after-hours greeting belongs to closing (M15)."""
    sim = opening()
    sim.apply(A.RecordGreeting(17 * H + 60, "after_hours", ("clinic_name", "hours", "after_hours_line")))
    assert of(sim, "greeting_recorded")[0].mechanic == "M15"


# --- M3: the huddle -----------------------------------------------------------------------------------------


def test_briefing_needs_the_message_reviewed_and_the_staff_member_in():
    """A message is passed on only after the desk went through it, and only to someone already in: before
    the doctor arrives (8:30) the briefing is refused as "not in yet"."""
    sim = opening()
    with pytest.raises(A.ActionError, match="yourself"):
        sim.apply(A.BriefStaff(8 * H + 10, "greene", "E1", urgent=True))
    sim.apply(A.ReviewMessage(8 * H + 20, "E1"))
    with pytest.raises(A.ActionError, match="not in yet"):
        sim.apply(A.BriefStaff(8 * H + 30, "greene", "E1", urgent=True))
    with pytest.raises(A.ActionError, match="Nobody on staff"):
        sim.apply(A.BriefStaff(8 * H + 40, "ghost", "E1"))
    assert not of(sim, "staff_briefed")


def test_briefing_records_when_it_mattered_and_whether_the_patient_was_here():
    """`staff_briefed` (M3) carries the message's `matters_by` and the related patient's arrival time:
    None when briefed before the patient arrived, the time once they had."""
    early = opening()
    early.apply(A.ReviewMessage(8 * H + 20, "E1"))
    early.apply(A.BriefStaff(8 * H + 31 * M, "greene", "E1", urgent=True))
    fact, = of(early, "staff_briefed")
    assert fact.mechanic == "M3" and fact.get("to") == "greene" and fact.get("role") == "doctor"
    assert fact.get("urgent") is True and fact.get("message_urgent") is True and fact.get("for_staff") == "greene"
    assert fact.get("matters_by") == "09:30" and fact.get("patient_arrived_at") is None
    with pytest.raises(A.ActionError, match="already has E1"):
        early.apply(A.BriefStaff(8 * H + 32 * M, "greene", "E1"))

    late = opening()
    late.apply(A.ReviewMessage(8 * H + 20, "E1"))
    late.apply(A.BriefStaff(9 * H + 25 * M, "greene", "E1", urgent=True))
    assert of(late, "staff_briefed")[0].get("patient_arrived_at") == "09:20"


def test_a_patients_own_message_relates_to_the_sender():
    """A message a patient left about themselves relates to that patient: briefed after they arrived,
    `patient_arrived_at` is their arrival time."""
    text = OPENING.replace("{from: lab, about: okafor, intent: urgent", "{from: okafor, intent: urgent")
    sim = Simulation(load_scenario_text(text))
    sim.apply(A.ReviewMessage(8 * H + 20, "E1"))
    sim.apply(A.BriefStaff(9 * H + 25 * M, "greene", "E1", urgent=True))
    assert of(sim, "staff_briefed")[0].get("patient_arrived_at") == "09:20"


def test_a_staff_member_who_is_out_cannot_be_briefed():
    """During a staff member's time away, briefing them is refused ("out until")."""
    sim = Simulation(load_scenario_text(OPENING.replace(
        "name: Sam Patel}", 'name: Sam Patel, away: [{from: "8:00", until: "10:00"}]}')))
    sim.apply(A.ReviewMessage(8 * H + 20, "E1"))
    with pytest.raises(A.ActionError, match="out until 10:00"):
        sim.apply(A.BriefStaff(8 * H + 40, "nurse", "E1"))
    sim.apply(A.BriefStaff(10 * H, "nurse", "E1"))
    assert of(sim, "staff_briefed")[0].get("role") == "nurse"


# --- M15: closing -------------------------------------------------------------------------------------------


def test_the_closing_inbox_check_lists_what_is_left():
    """`check_inbox` after closing is M15 and lists the documents still new and the messages not gone through;
    during the day it is inbox work (M6)."""
    document = '  - {at: "10:00", document: {kind: lab_result, patient: okafor, test: CBC}}\n'
    sim = Simulation(load_scenario_text(OPENING + document))
    sim.apply(A.ReviewMessage(8 * H + 20, "V1"))
    sim.apply(A.CheckInbox(9 * H))
    sim.apply(A.CheckInbox(17 * H + 5 * M))
    during, closing = of(sim, "inbox_checked")
    assert during.mechanic == "M6" and closing.mechanic == "M15"
    assert closing.get("documents_new") == ("D1",) and closing.get("messages_unreviewed") == ("E1",)


def test_the_day_ends_with_the_closing_checklist():
    """`day_ended` says which greetings were recorded and whether the inbox was checked; locking the screen
    after closing is closing work (M15), before it a privacy habit (M18)."""
    sim = opening()
    sim.apply(A.LockScreen(8 * H + 10))
    sim.apply(A.UnlockScreen(8 * H + 20))
    sim.apply(A.RecordGreeting(8 * H + 30, "day", ("clinic_name", "hours")))
    sim.advance(17 * H)
    sim.apply(A.RecordGreeting(17 * H + 60, "after_hours", ("clinic_name", "after_hours_line")))
    sim.apply(A.CheckInbox(17 * H + 120))
    sim.apply(A.LockScreen(17 * H + 180))
    sim.finish_day()
    assert [f.mechanic for f in of(sim, "screen_locked")] == ["M18", "M15"]
    ended = sim.facts[-1]
    assert ended.kind == "day_ended" and ended.mechanic == "M15"
    assert ended.get("greetings") == ("after_hours", "day") and ended.get("inbox_checked") is True
    assert ended.get("screen_locked") is True and ended.get("messages_unreviewed") == ("E1", "V1")


def test_a_day_without_closing_work_says_so():
    """With no greeting and no inbox check, `day_ended` lists no greetings and `inbox_checked` is false."""
    sim = opening()
    sim.finish_day()
    ended = sim.facts[-1]
    assert ended.get("greetings") == () and ended.get("inbox_checked") is False


# --- determinism on the shipped day that exercises every front-desk mechanic ---------------------------------


def test_laura_day_expert_stepping_equals_jumping():
    """The expert on laura-day, driven one event at a time, records the facts of the same day run headless."""
    s = load_scenario(SCENARIOS / "laura-day.yaml")
    jumped = play_day(Simulation(s, s.seed), make_bot("expert", s, s.seed))
    sim = Simulation(s, s.seed)
    driver = BotDriver(sim, make_bot("expert", s, s.seed))
    while not sim.day_over:
        pending = sim.next_event_time()
        # To the next event (or a minute on, for the bot to look around), never less than a second.
        driver.advance_to(max(sim.now + 1, min(pending if pending is not None else sim.now + 60, sim.now + 60)))
    assert sim.facts.jsonl() == jumped.facts.jsonl()
