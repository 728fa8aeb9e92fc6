"""The engine, mechanic by mechanic: what each event and action does to the world, and the facts it records."""

import pytest

from frontdesk.simulator.core import Simulation, desk_view
from frontdesk.simulator.core import actions as A
from frontdesk.simulator.scenario import load_scenario_text

from conftest import MINI

#: A small day: two patients booked, a phone line, and room for events.
DAY = MINI.replace("  name: Test Clinic", "  name: Test Clinic\n  phone_lines: 2").replace(
    "patients:\n",
    "patients:\n  - {id: ruth, name: Ruth Chen, dob: 1960-01-01, contacts: [{name: Ann Chen, relationship: daughter, authorised: true}]}\n",
) + '  - {at: "9:30", patient: okafor, with: greene, type: follow_up, needs: [bloodwork], orders: {follow_up: 4 weeks, tests: [ECG]}}\n'


def day(events: str = "", **replacements: str) -> Simulation:
    """A day on :data:`DAY` with each of ``replacements`` made in its text and ``events`` (one per line)."""
    text = DAY
    for old, new in replacements.items():
        text = text.replace(old, new)
    if events:
        text += "events:\n" + "".join(f"  - {e}\n" for e in events.strip().splitlines())
    return Simulation(load_scenario_text(text))


def kinds(sim: Simulation) -> list[str]:
    """The kinds of the day's facts, in order."""
    return [f.kind for f in sim.facts]


def last(sim: Simulation, kind: str):
    """The latest fact of ``kind``."""
    return [f for f in sim.facts if f.kind == kind][-1]


# --- phones (M7, M18) ---------------------------------------------------------------------------------------


def test_an_unanswered_call_is_abandoned_with_its_rings():
    """A caller who is not answered hangs up after their patience; the fact says how many rings that was."""
    sim = day('{at: "9:00", call: {caller: patient, about: chen, wants: confirm, patience: 1}}')
    sim.advance(9 * 3600 + 61)
    fact = last(sim, "call_abandoned")
    assert fact.get("rings") == 11 and fact.get("waited") == 60 and sim.phones.lines == [None, None]


def test_answering_records_rings_and_stops_the_timeout():
    """Answered on the second ring (6 s), the call is active and never abandoned."""
    sim = day('{at: "9:00", call: {caller: patient, about: chen, wants: confirm}}')
    sim.apply(A.AnswerCall(9 * 3600 + 7, 1))
    assert last(sim, "call_answered").get("rings") == 2
    sim.advance(12 * 3600)
    assert "call_abandoned" not in kinds(sim)


def test_a_held_caller_gives_up_sooner_or_later():
    """On hold, patience runs out: a caller left on hold abandons the call."""
    sim = day('{at: "9:00", call: {caller: patient, about: chen, wants: confirm}}')
    sim.apply(A.AnswerCall(9 * 3600 + 3, 1))
    sim.apply(A.HoldCall(9 * 3600 + 10, 1))
    sim.advance(9 * 3600 + 400)
    assert last(sim, "call_abandoned").get("state_before") == "on_hold"


def test_answering_a_second_line_holds_the_first():
    """One active call at a time: picking up another line puts the current caller on hold."""
    sim = day('{at: "9:00", call: {caller: patient, about: chen, wants: confirm}}\n'
              '{at: "9:00:05", call: {caller: lab, about: chen, wants: critical_result}}')
    sim.apply(A.AnswerCall(9 * 3600 + 2, 1))
    sim.apply(A.AnswerCall(9 * 3600 + 8, 2))
    assert [line.state for line in desk_view(sim).lines] == ["on_hold", "active"]
    assert last(sim, "call_held").get("automatic") is True


def test_disclosure_records_who_was_told_what_and_whether_verified():
    """A disclosure fact holds the item, the caller's relationship and authority, and the verification."""
    sim = day('{at: "9:00", call: {caller: family, name: Bob, relationship: ex-spouse, about: chen, wants: results, verification: wrong}}')
    sim.apply(A.AnswerCall(9 * 3600 + 3, 1))
    sim.apply(A.VerifyCaller(9 * 3600 + 10, 1, ("name", "dob")))
    assert last(sim, "caller_verification").get("identity_verified") is False
    sim.apply(A.Disclose(9 * 3600 + 20, 1, "results"))
    fact = last(sim, "disclosure").as_dict()
    assert fact["relationship"] == "ex-spouse" and fact["authorised"] is None and fact["listed_contact"] is False
    assert fact["identity_verified"] is False
    assert fact["item"] == "results" and fact["channel"] == "phone" and fact["mechanic"] == "M18"


def test_two_correct_identifiers_verify_a_caller():
    """A caller who answers two identifiers correctly counts as verified; one is not enough."""
    sim = day('{at: "9:00", call: {caller: patient, about: chen, wants: results}}')
    sim.apply(A.AnswerCall(9 * 3600 + 3, 1))
    sim.apply(A.VerifyCaller(9 * 3600 + 10, 1, ("name",)))
    assert last(sim, "caller_verification").get("identity_verified") is False
    sim.apply(A.VerifyCaller(9 * 3600 + 15, 1, ("dob",)))
    assert last(sim, "caller_verification").get("identity_verified") is True


def test_routing_ends_the_call_and_frees_the_line():
    """An urgent transfer to the doctor is recorded and the line is free again."""
    sim = day('{at: "9:00", call: {caller: lab, about: chen, wants: critical_result, urgent: true}}')
    sim.apply(A.AnswerCall(9 * 3600 + 3, 1))
    sim.apply(A.RouteCall(9 * 3600 + 20, 1, "greene", urgent=True))
    fact = last(sim, "call_routed")
    assert fact.get("role") == "doctor" and fact.get("urgent") is True and sim.phones.lines == [None, None]


def test_all_lines_busy_gives_a_busy_signal():
    """With every line taken, a new caller gets a busy signal (a fact), not a ring."""
    sim = day('{at: "9:00", call: {caller: patient, about: chen, wants: confirm}}\n'
              '{at: "9:00", call: {caller: patient, about: okafor, wants: confirm}}\n'
              '{at: "9:00", call: {caller: lab, about: chen, wants: results}}')
    sim.advance(9 * 3600)
    assert kinds(sim).count("call_rang") == 2 and "call_got_busy_signal" in kinds(sim)


@pytest.mark.parametrize(
    "action, words",
    [
        (A.AnswerCall(32400, 2), "Line 2 is quiet"),
        (A.AnswerCall(32400, 5), "There is no line 5"),
        (A.HoldCall(32400, 1), "is still ringing"),
        (A.CheckIn(32400, "okafor"), "has not arrived yet"),
        (A.GreetPatient(32400, "nobody"), "has no visit today"),
        (A.FileDocument(32400, "D9", "chen"), "no document 'D9'"),
        (A.UnlockScreen(32400), "not locked"),
    ],
)
def test_impossible_actions_are_refused_in_words(action, words):
    """An action that cannot be taken now raises an ActionError a student understands, and changes nothing."""
    sim = day('{at: "9:00", call: {caller: patient, about: chen, wants: confirm}}')
    before = len(sim.facts.jsonl())
    with pytest.raises(A.ActionError, match=words):
        sim.apply(action)
    assert not sim.actions and len([f for f in sim.facts if f.t > 32400]) == 0 and before <= len(sim.facts.jsonl())


# --- the counter and the waiting room (M4, M5, M13, M14) ----------------------------------------------------


def arrive(sim: Simulation, patient: str, at: int) -> None:
    """Run the day to ``at`` and check that ``patient`` is at the counter."""
    sim.advance(at)
    assert patient in sim.desk.counter, (patient, sim.desk.counter)


def test_check_in_flow_records_identity_and_chart_updates():
    """Greet, confirm two identifiers, type the changed phone, check in: each step is a fact, in order."""
    sim = day('{at: "8:50", arrival: {patient: chen, changes: {phone: 416-555-0199}}}')
    arrive(sim, "chen", 8 * 3600 + 50 * 60)
    t = 8 * 3600 + 50 * 60
    assert dict(desk_view(sim).serving_says) == {}
    sim.apply(A.GreetPatient(t + 5, "chen"))
    assert dict(desk_view(sim).serving_says)["phone"] == "416-555-0199"
    sim.apply(A.ConfirmIdentity(t + 15, "chen", ("name", "dob")))
    sim.apply(A.UpdateChart(t + 30, "chen", "phone", "416-555-0199"))
    sim.apply(A.CheckIn(t + 40, "chen"))
    fact = last(sim, "patient_checked_in")
    assert fact.get("identifiers_confirmed") == ("dob", "name") and fact.get("fields_updated") == ("phone",)
    assert last(sim, "patient_arrived").get("changed") == ("phone",)
    with pytest.raises(A.ActionError, match="already checked in"):
        sim.apply(A.CheckIn(t + 50, "chen"))


def test_check_in_needs_the_patient_greeted_first():
    """You check in the patient you are serving."""
    sim = day('{at: "8:50", arrival: {patient: chen}}')
    arrive(sim, "chen", 8 * 3600 + 50 * 60)
    with pytest.raises(A.ActionError, match="Greet Robert Chen"):
        sim.apply(A.CheckIn(8 * 3600 + 51 * 60, "chen"))


def test_doctor_sees_the_patient_at_their_time_and_missing_results_are_recorded():
    """The doctor calls a checked-in patient at the appointment time; results the visit needs and the chart
    lacks are recorded as missing; the visit ends in checkout with the doctor's orders."""
    sim = day('{at: "9:20", arrival: {patient: okafor}}')
    arrive(sim, "okafor", 9 * 3600 + 20 * 60)
    t = 9 * 3600 + 20 * 60
    sim.apply(A.GreetPatient(t + 5, "okafor"))
    sim.apply(A.CheckIn(t + 10, "okafor"))
    sim.advance(9 * 3600 + 30 * 60)
    assert last(sim, "patient_called_in").t == 9 * 3600 + 30 * 60
    assert last(sim, "results_missing_at_visit").get("missing") == ("bloodwork",)
    sim.advance(9 * 3600 + 48 * 60)
    ended = last(sim, "visit_ended")
    assert ended.get("follow_up_days") == 28 and ended.get("tests") == ("ECG",) and "okafor" in sim.desk.counter


def test_requested_results_arrive_before_the_visit():
    """Results requested early arrive after a short lab delay and are no longer missing at the visit."""
    sim = day('{at: "9:20", arrival: {patient: okafor}}')
    sim.apply(A.RequestResults(8 * 3600 + 60, "okafor", "bloodwork"))
    sim.advance(9 * 3600 + 20 * 60)
    sim.apply(A.GreetPatient(9 * 3600 + 20 * 60 + 5, "okafor"))
    sim.apply(A.CheckIn(9 * 3600 + 20 * 60 + 10, "okafor"))
    sim.advance(9 * 3600 + 31 * 60)
    assert "results_received" in kinds(sim) and "results_missing_at_visit" not in kinds(sim)


def test_checkout_books_orders_and_no_double_booking():
    """At checkout the follow-up and test are booked; a slot already taken is refused."""
    sim = day('{at: "9:20", arrival: {patient: okafor}}')
    t = 9 * 3600 + 20 * 60
    sim.advance(t)
    sim.apply(A.GreetPatient(t + 5, "okafor"))
    sim.apply(A.CheckIn(t + 10, "okafor"))
    sim.advance(9 * 3600 + 48 * 60)
    now = sim.now
    sim.apply(A.GreetPatient(now + 5, "okafor"))
    sim.apply(A.BookFollowUp(now + 20, "okafor", "2026-03-30", "10:00", "greene"))
    with pytest.raises(A.ActionError, match="already has a patient"):
        sim.apply(A.BookFollowUp(now + 30, "okafor", "2026-03-30", "10:00", "greene"))
    sim.apply(A.BookTest(now + 40, "okafor", "ECG"))
    sim.apply(A.CheckOut(now + 50, "okafor"))
    fact = last(sim, "patient_checked_out")
    assert fact.get("booked") == ("follow_up:2026-03-30", "test:ECG") and sim.visits.visits["okafor"].state == "checked_out"


def test_an_ignored_patient_walks_out_and_an_informed_one_waits_longer():
    """Nobody served: the patient leaves without the visit. Told about the delay, the same patient stays longer."""
    def walk_out_time(inform: bool) -> int:
        sim = day('{at: "8:00", doctor_delay: {doctor: greene, minutes: 240}}\n{at: "8:50", arrival: {patient: chen}}')
        sim.advance(8 * 3600 + 50 * 60)
        sim.apply(A.GreetPatient(8 * 3600 + 50 * 60 + 5, "chen"))
        sim.apply(A.CheckIn(8 * 3600 + 50 * 60 + 10, "chen"))
        if inform:
            sim.apply(A.InformDelay(9 * 3600, "chen"))
        sim.advance(17 * 3600)
        return last(sim, "patient_left_without_visit").t if "patient_left_without_visit" in kinds(sim) else 10**9

    assert walk_out_time(inform=False) < walk_out_time(inform=True)


def test_doctor_delay_pushes_the_current_visit_back():
    """A 45-minute delay during a visit ends that visit 45 minutes later."""
    plain = day('{at: "8:50", arrival: {patient: chen}}')
    late = day('{at: "8:50", arrival: {patient: chen}}\n{at: "9:05", doctor_delay: {doctor: greene, minutes: 45}}')
    for sim in (plain, late):
        sim.advance(8 * 3600 + 50 * 60)
        sim.apply(A.GreetPatient(8 * 3600 + 50 * 60 + 5, "chen"))
        sim.apply(A.CheckIn(8 * 3600 + 50 * 60 + 10, "chen"))
        sim.advance(12 * 3600)
    assert last(late, "visit_ended").t - last(plain, "visit_ended").t == 45 * 60


# --- walk-ins (M12), inbox (M6, M10) and the desk (M18) ------------------------------------------------------


TWO_DOCTORS = {"    - {id: nurse, role: nurse, name: Sam Patel}":
               "    - {id: osei, role: doctor, name: Dr. Helen Osei}\n    - {id: nurse, role: nurse, name: Sam Patel}"}


def _admit(sim: Simulation, patient: str, at: int) -> None:
    sim.advance(at)
    sim.apply(A.GreetPatient(at + 5, patient))
    sim.apply(A.ConsultNurse(at + 10, patient, private=True))
    sim.apply(A.AdmitWalkIn(at + 15, patient))


@pytest.mark.parametrize("doctor, seen_by", [("osei", "osei"), ("greene", "greene"), (None, "osei")])
def test_a_walk_in_is_seen_by_the_doctor_named_or_the_first_one_free(doctor, seen_by):
    """A walk-in sent to a named doctor waits for that doctor; one with no doctor named joins the shared queue and
    is seen by whichever doctor is free first (here Dr. Osei, while Dr. Greene runs 20 minutes late)."""
    named = f", doctor: {doctor}" if doctor else ""
    sim = day(f'{{at: "9:05", walk_in: {{patient: ruth, complaint: sore throat{named}}}}}\n'
              '{at: "9:00", doctor_delay: {doctor: greene, minutes: 20}}', **TWO_DOCTORS)
    _admit(sim, "ruth", 9 * 3600 + 5 * 60)
    sim.advance(12 * 3600)
    called = [f for f in sim.facts if f.kind == "patient_called_in" and f.get("patient") == "ruth"]
    assert [f.get("doctor") for f in called] == [seen_by]


def test_walk_in_with_red_flags_goes_to_emergency():
    """Triage answers come from the scenario; the nurse says emergency when there are red flags."""
    sim = day('{at: "10:00", walk_in: {patient: ruth, complaint: chest pain, red_flags: [short of breath], answers: {onset: an hour ago}}}')
    sim.advance(10 * 3600)
    sim.apply(A.GreetPatient(10 * 3600 + 5, "ruth"))
    sim.apply(A.AskTriage(10 * 3600 + 15, "ruth", "onset"))
    assert last(sim, "triage_answer").get("answer") == "an hour ago"
    sim.apply(A.ConsultNurse(10 * 3600 + 40, "ruth", private=True))
    assert last(sim, "nurse_consulted").get("decision") == "emergency"
    sim.apply(A.SendToEmergency(10 * 3600 + 50, "ruth"))
    assert sim.visits.visits["ruth"].state == "sent_to_emergency" and "ruth" not in sim.desk.counter


def test_filing_to_the_wrong_chart_is_recorded_and_puts_results_there():
    """Filing is possible to any chart: the fact names where it went and whose it really is."""
    sim = day('{at: "8:10", document: {kind: lab_result, patient: chen, test: bloodwork}}')
    sim.advance(8 * 3600 + 600)
    sim.apply(A.FileDocument(8 * 3600 + 700, "D1", "ruth"))
    fact = last(sim, "document_filed")
    assert fact.get("filed_to") == "ruth" and fact.get("belongs_to") == "chen"
    assert "bloodwork" in sim.records.results_on_file["ruth"]
    with pytest.raises(A.ActionError, match="already filed"):
        sim.apply(A.FileDocument(8 * 3600 + 800, "D1", "chen"))


def test_leaving_the_desk_unlocked_is_recorded_and_blocks_actions():
    """Leaving records whether the screen was locked; away from the desk nothing else can be done."""
    sim = day()
    sim.apply(A.LeaveDesk(8 * 3600 + 60))
    assert last(sim, "desk_left").get("screen_locked") is False
    with pytest.raises(A.ActionError, match="away from the desk"):
        sim.apply(A.LockScreen(8 * 3600 + 70))
    sim.apply(A.ReturnToDesk(8 * 3600 + 80))
    sim.apply(A.LockScreen(8 * 3600 + 90))
    with pytest.raises(A.ActionError, match="locked"):
        sim.apply(A.UpdateChart(8 * 3600 + 95, "chen", "phone", "1"))


def test_actions_cannot_go_back_in_time():
    """An action stamped before the current second is refused."""
    sim = day()
    sim.advance(9 * 3600)
    with pytest.raises(A.ActionError, match="before now"):
        sim.apply(A.LockScreen(8 * 3600))


def test_a_cancellation_message_stops_the_patient_coming():
    """An overnight cancellation cancels the visit: the patient never arrives."""
    sim = day('{at: "22:00", overnight: true, voicemail: {from: chen, intent: cancel, appointment: "9:00"}}')
    sim.advance(17 * 3600)
    assert sim.visits.visits["chen"].state == "cancelled" and "visit_cancelled" in kinds(sim)
    assert not any(f.kind == "patient_arrived" and f.get("patient") == "chen" for f in sim.facts)


def test_core_imports_nothing_heavy():
    """`simulator.core` never imports pygame or Faker."""
    import subprocess
    import sys

    code = "import simulator.core, sys; assert not {'pygame', 'faker'} & set(sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], timeout=60).returncode == 0


# --- the second review's findings, each kept fixed ----------------------------------------------------------


def test_a_delay_before_the_doctor_arrives_still_counts():
    """A delay announced before the doctor is in adds to their arrival, rather than vanishing."""
    sim = day('{at: "8:00", doctor_delay: {doctor: greene, minutes: 90}}',
              **{"name: Dr. Anne Greene}": 'name: Dr. Anne Greene, arrives: "8:30"}'})
    assert sim.staff.doctors["greene"].free_from(8 * 3600) >= 8 * 3600  # before the event
    sim.advance(8 * 3600)
    assert sim.staff.doctors["greene"].free_from(8 * 3600) == 10 * 3600


def test_checked_in_late_is_recorded():
    """A patient who arrived late is recorded as late at check-in too."""
    sim = day('{at: "9:10", arrival: {patient: chen}}')
    sim.advance(9 * 3600 + 600)
    sim.apply(A.GreetPatient(9 * 3600 + 605, "chen"))
    sim.apply(A.CheckIn(9 * 3600 + 610, "chen"))
    assert last(sim, "patient_checked_in").get("late") is True


def test_checkout_wait_counts_from_the_end_of_the_visit():
    """Greeted five seconds after coming back from the doctor, the checkout wait is five seconds."""
    sim = day('{at: "8:50", arrival: {patient: chen}}')
    sim.advance(8 * 3600 + 3000)
    sim.apply(A.GreetPatient(8 * 3600 + 3005, "chen"))
    sim.apply(A.CheckIn(8 * 3600 + 3010, "chen"))
    while "visit_ended" not in kinds(sim):
        sim.step()
    ended = last(sim, "visit_ended").t
    sim.apply(A.GreetPatient(ended + 5, "chen"))
    assert last(sim, "patient_greeted").get("waited") == 5


def test_changed_lists_only_fields_that_really_differ():
    """A new street in the same city lists the street alone."""
    text_changes = "{street: 9 New Road, city: Toronto, region: ON, postal: M4W 1N4}"
    sim = day('{at: "8:50", arrival: {patient: chen, changes: {address: ' + text_changes + '}}}',
              **{"dob: 1958-04-12,": "dob: 1958-04-12, address: {street: 48 Elm Avenue, city: Toronto, region: ON, postal: M4W 1N4},"})
    sim.advance(8 * 3600 + 3000)
    assert last(sim, "patient_arrived").get("changed") == ("address.street",)


def test_hold_patience_is_one_budget_per_call():
    """Holding and resuming again and again does not keep a caller on the line for ever."""
    sim = day('{at: "9:00", call: {caller: patient, about: chen, wants: confirm}}')
    t = 9 * 3600 + 3
    sim.apply(A.AnswerCall(t, 1))
    for _ in range(40):
        if not sim.phones.lines[0]:
            break
        t += 1
        sim.apply(A.HoldCall(t, 1))
        t += 50
        sim.advance(t)
        if not sim.phones.lines[0]:
            break
        sim.apply(A.ResumeCall(t, 1))
    assert "call_abandoned" in kinds(sim)


def test_a_silent_line_is_hung_up_by_the_caller():
    """Answer and walk away: the caller hangs up after a few minutes of silence."""
    sim = day('{at: "9:00", call: {caller: patient, about: chen, wants: confirm}}')
    sim.apply(A.AnswerCall(9 * 3600 + 3, 1))
    sim.apply(A.LeaveDesk(9 * 3600 + 10))
    sim.advance(10 * 3600)
    assert "caller_hung_up" in kinds(sim) and sim.phones.lines == [None, None]


def test_no_actions_after_the_day_limit():
    """An action stamped long after the day is refused."""
    sim = day()
    with pytest.raises(A.ActionError, match="day is over"):
        sim.apply(A.LockScreen(10**9))


def test_an_unrelated_action_does_not_change_the_dice():
    """Every random draw is made when the day is planned: a lab request elsewhere changes nobody's visit."""
    def visit_end(extra: bool) -> int:
        sim = day('{at: "8:50", arrival: {patient: chen}}')
        if extra:
            sim.apply(A.RequestResults(8 * 3600 + 1, "ruth", "x-ray"))
        sim.advance(8 * 3600 + 3000)
        sim.apply(A.GreetPatient(8 * 3600 + 3005, "chen"))
        sim.apply(A.CheckIn(8 * 3600 + 3010, "chen"))
        sim.advance(11 * 3600)
        return last(sim, "visit_ended").t

    assert visit_end(False) == visit_end(True)


def test_no_show_is_recorded():
    """A booked patient marked no_show never comes, and the day records it half an hour after their time."""
    sim = day(**{'at: "9:00", patient: chen, with: greene, type: follow_up}': 'at: "9:00", patient: chen, with: greene, type: follow_up, no_show: true}'})
    sim.advance(10 * 3600)
    assert last(sim, "patient_no_show").t == 9 * 3600 + 1800 and sim.visits.visits["chen"].state == "no_show"


def test_the_book_refuses_double_booking_and_times_off_its_grid():
    """Booking the same start, a visit over part of another, or a time off the book's grid is refused; the next
    free time on the grid goes through."""
    sim = day('{at: "9:00", call: {caller: patient, about: ruth, wants: book}}\n'
              '{at: "9:05", call: {caller: patient, about: chen, wants: book}}',
              **{"schedule:": "bookings:\n  - {date: 2026-03-10, at: '10:00', patient: okafor, with: greene, type: follow_up}\nschedule:"})
    sim.apply(A.AnswerCall(9 * 3600 + 3, 1))
    with pytest.raises(A.ActionError, match="already has a patient from 10:00 to 10:15"):
        sim.apply(A.BookAppointment(9 * 3600 + 20, 1, "2026-03-10", "10:00", "greene"))
    with pytest.raises(A.ActionError, match="grid"):
        sim.apply(A.BookAppointment(9 * 3600 + 25, 1, "2026-03-10", "10:05", "greene"))
    with pytest.raises(A.ActionError, match="already has a patient"):
        sim.apply(A.BookAppointment(9 * 3600 + 28, 1, "2026-03-10", "9:45", "greene", "new_patient"))
    sim.apply(A.BookAppointment(9 * 3600 + 30, 1, "2026-03-10", "10:15", "greene"))
    assert last(sim, "appointment_booked").get("at") == "10:15"


@pytest.mark.parametrize("on_chart, note", [(True, "the doctor recorded a Limited Use code on the chart"),
                                            (False, "no Limited Use code is recorded on the chart")])
def test_the_open_chart_says_whether_a_limited_use_code_is_recorded(on_chart, note):
    """A pharmacist asks for a Limited Use code: the line shows nothing of the chart until the chart of the patient
    the call is about is opened during the call; then it says whether the doctor recorded a code; the disclosure
    fact records the truth beside what was said."""
    from conftest import at

    text = MINI + ('events:\n  - {at: "10:00", call: {caller: pharmacist, about: chen, wants: limited_use_code'
                   + (", code_on_chart: true" if on_chart else "") + "}}\n")
    sim = Simulation(load_scenario_text(text))
    sim.advance(at("10:00", 2))
    sim.apply(A.AnswerCall(at("10:00", 2), 1))
    assert desk_view(sim).lines[0].chart_note is None
    sim.apply(A.OpenChart(at("10:00", 5), "okafor"))  # another patient's chart says nothing about this call
    assert desk_view(sim).lines[0].chart_note is None
    sim.apply(A.OpenChart(at("10:00", 8), "chen"))
    assert desk_view(sim).lines[0].chart_note == note
    sim.apply(A.Disclose(at("10:00", 12), 1, "limited_use_code"))
    assert sim.facts.of_kind("disclosure")[-1].get("code_on_chart") is on_chart


def test_a_card_is_noted_with_what_it_really_shows():
    """`note_card` records what the desk noted beside what the card shows (an expired card here); an unknown status
    is refused in words; a patient who forgot the card is shown without one."""
    from conftest import at

    text = MINI.replace('version: AB}', 'version: AB, expires: 2026-01-31}') + (
        'events:\n  - {at: "8:50", arrival: {patient: chen, forgot_card: false}}\n')
    sim = Simulation(load_scenario_text(text))
    sim.advance(at("8:50"))
    sim.apply(A.GreetPatient(at("8:50", 5), "chen"))
    assert desk_view(sim).counter[0].card_brought
    with pytest.raises(A.ActionError, match="A card is one of: valid, expired, invalid, forgotten"):
        sim.apply(A.NoteCard(at("8:50", 8), "chen", "lost"))
    sim.apply(A.NoteCard(at("8:50", 10), "chen", "valid"))
    noted = last(sim, "card_noted")
    assert noted.get("status") == "valid" and noted.get("card") == "expired"
