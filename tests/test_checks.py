"""Cross-checks: the parts of a scenario agree with each other, and each problem points at the value at fault."""

import pytest

from frontdesk.simulator.scenario import ScenarioError, load_scenario_text

from conftest import MINI


def problems_of(text: str) -> list[str]:
    """The problems the validator reports for ``text``, each as ``s.yaml:LINE:COLUMN: message``."""
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text(text, "s.yaml")
    return [str(p) for p in caught.value.problems]


def one_problem(text: str) -> str:
    """The one problem the validator reports for ``text`` (fails when there are more or none)."""
    found = problems_of(text)
    assert len(found) == 1, found
    return found[0]


def with_events(*lines: str) -> str:
    """:data:`MINI` with ``lines`` as its events."""
    return MINI + "events:\n" + "".join(f"  - {line}\n" for line in lines)


def test_unknown_doctor_and_visit_type():
    """An appointment with an unknown doctor or visit type is flagged at that value, with a suggestion."""
    assert "no doctor has the id 'grene' (did you mean 'greene'?)" in one_problem(MINI.replace("with: greene", "with: grene"))
    assert "unknown visit type 'followup' (did you mean 'follow_up'?)" in one_problem(
        MINI.replace("type: follow_up", "type: followup")
    )


def test_a_nurse_cannot_hold_appointments():
    """Appointments are with doctors; naming the nurse says why it is wrong."""
    assert "'nurse' is a nurse, not a doctor" in one_problem(MINI.replace("with: greene", "with: nurse"))


def test_doctor_double_booking_is_caught():
    """Two visits that overlap for one doctor are an error at the later one."""
    text = MINI + '  - {at: "9:10", patient: okafor, with: greene, type: follow_up}\n'
    problem = one_problem(text)
    assert problem.startswith("s.yaml:15:") and "Dr. Anne Greene is double-booked" in problem


def test_back_to_back_visits_are_fine():
    """A visit that starts when the previous one ends is not a double booking."""
    load_scenario_text(MINI + '  - {at: "9:15", patient: okafor, with: greene, type: follow_up}\n')


def test_visits_must_fit_in_opening_hours():
    """A visit that would run past closing does not fit."""
    text = MINI + '  - {at: "16:50", patient: okafor, with: greene, type: follow_up}\n'
    assert "does not fit in opening hours" in one_problem(text)


def test_visit_during_doctors_time_away():
    """A visit booked while the doctor is away is flagged."""
    text = MINI.replace(
        "name: Dr. Anne Greene}", 'name: Dr. Anne Greene, away: [{from: "8:30", until: "9:30"}]}'
    )
    assert "is away 08:30–09:30" in one_problem(text)


def test_event_times_must_be_inside_the_day_unless_marked():
    """An event outside opening hours is an error unless marked overnight or after hours."""
    assert "outside opening hours" in one_problem(with_events('{at: "22:00", voicemail: {from: chen, intent: routine}}'))
    load_scenario_text(with_events('{at: "22:00", overnight: true, voicemail: {from: chen, intent: routine}}'))
    load_scenario_text(with_events('{at: "17:45", after_hours: true, call: {caller: patient, about: chen, wants: book}}'))


def test_health_card_check_digit_unless_marked_invalid():
    """A card failing its check digit is an error, unless the scenario marks it invalid as a trap."""
    bad = MINI.replace('"1234567897"', '"1234567898"')
    assert "check digit" in one_problem(bad)
    load_scenario_text(bad.replace("version: AB}", "version: AB, invalid: true}"))


def test_us_scenario_wants_insurance_not_health_card():
    """Patients in a US scenario carry insurance; a health card there is pointed out."""
    problem = one_problem(MINI.replace("jurisdiction: ON", "jurisdiction: US"))
    assert "in US scenarios the patient's card is their insurance card: write `insurance`, not `health_card`" in problem


def test_limited_use_code_is_ontario_only():
    """A pharmacist cannot ask for a Limited Use code in the US; there it is prior authorization."""
    text = with_events('{at: "10:00", call: {caller: pharmacist, about: okafor, wants: limited_use_code}}')
    text = text.replace("jurisdiction: ON", "jurisdiction: US").replace(', health_card: {number: "1234567897", version: AB}', "")
    assert "prior_authorization" in one_problem(text)


def test_code_on_chart_is_for_a_limited_use_code_call_only():
    """`code_on_chart` says the doctor recorded a Limited Use code; on any other request it has no effect, so it is
    refused at the key (a prior authorization is never on the chart)."""
    problem = one_problem(with_events(
        '{at: "10:00", call: {caller: patient, about: okafor, wants: results, code_on_chart: true}}'))
    assert "code_on_chart is for a call that wants limited_use_code" in problem and problem.startswith("s.yaml:16:89:")
    load_scenario_text(with_events(
        '{at: "10:00", call: {caller: pharmacist, about: okafor, wants: limited_use_code, code_on_chart: true}}'))


def test_patient_requests_must_name_the_patient():
    """A call asking for results must say about whom."""
    assert "must say which patient" in one_problem(with_events('{at: "10:00", call: {caller: family, wants: results}}'))


def test_arrival_needs_an_appointment():
    """Only scheduled patients arrive; others are walk-ins."""
    assert "use a walk_in event" in one_problem(with_events('{at: "10:00", arrival: {patient: okafor}}'))
    load_scenario_text(with_events('{at: "10:00", walk_in: {patient: okafor, complaint: chest pain}}'))


def test_patient_arrives_only_once():
    """A patient with one visit today arrives once."""
    text = with_events('{at: "8:50", arrival: {patient: chen}}', '{at: "8:55", arrival: {patient: chen}}')
    assert "'chen' arrives 2 times but has 1 visit today" in one_problem(text)


def test_cancel_must_match_an_appointment():
    """A cancellation names an appointment the patient really has today."""
    text = with_events('{at: "8:10", voicemail: {from: chen, intent: cancel, appointment: "10:30"}}')
    assert "no appointment at 10:30" in one_problem(text)
    load_scenario_text(text.replace('"10:30"', '"9:00"'))


def test_away_day_needs_bookings_on_that_day():
    """A mass rescheduling day with nobody booked would teach nothing; it is flagged."""
    text = with_events('{at: "14:30", away_day: {doctor: greene, date: 2026-03-13}}')
    assert "nothing to reschedule" in one_problem(text)
    text = text.replace("events:", "bookings:\n  - {date: 2026-03-13, at: '9:00', patient: okafor, with: greene, type: follow_up}\nevents:")
    load_scenario_text(text)


def test_bookings_must_be_on_open_later_days():
    """Later bookings fall after the simulated day, on a day the clinic opens."""
    text = MINI + "bookings:\n  - {date: 2026-03-07, at: '9:00', patient: okafor, with: greene, type: follow_up}\n"
    assert "closed that day" in one_problem(text)
    assert "not after" in one_problem(text.replace("2026-03-07", "2026-03-02"))


def test_documents_need_their_kind_specific_fields():
    """A referral needs an urgency, a lab result a test, a renewal a medication."""
    assert "needs `urgency`" in one_problem(with_events('{at: "9:30", document: {kind: referral, patient: chen, from: haddad}}').replace("schedule:", "directory: [{id: haddad, kind: physician, name: Dr. Haddad}]\nschedule:"))
    assert "needs `from`" in one_problem(with_events('{at: "9:30", document: {kind: referral, patient: chen, urgency: routine}}'))
    assert "needs `test`" in one_problem(with_events('{at: "9:30", document: {kind: lab_result, patient: chen}}'))


def test_rubric_weights_add_up_to_one():
    """Weights that do not add up to 1 are an error with their sum."""
    text = MINI + "rubric:\n  weights: {multitasking: 0.5, accuracy: 0.5, privacy: 0.5}\n"
    assert "add up to 1.5" in one_problem(text)


def test_duplicate_patient_ids():
    """Two patients cannot share an id."""
    assert "used twice" in one_problem(MINI.replace("id: okafor", "id: chen"))


def test_vitals_need_medical_assistant_mode():
    """Vitals belong to medical-assistant mode; the scenario must say so."""
    vitals = '{pulse: 72, respirations: 16, bp: 128/82, height_cm: 170, weight_kg: 80}'
    text = MINI.replace("type: follow_up}", f"type: follow_up, vitals: {vitals}}}")
    assert "mode: medical_assistant" in one_problem(text)
    load_scenario_text(text.replace("jurisdiction: ON", "jurisdiction: ON\nmode: medical_assistant"))


def test_simulated_day_must_be_an_open_day():
    """The simulated day is one the clinic is open."""
    assert "closed that day" in one_problem(MINI.replace("jurisdiction: ON", "jurisdiction: ON\ndate: 2026-03-07"))


def test_version_code_error_points_at_the_version():
    """A bad version code is reported at `version`, not at the number."""
    text = MINI.replace("version: AB}", "version: ab}")
    problem = one_problem(text)
    assert problem.startswith("s.yaml:11:97:") and "version code 'ab'" in problem


def test_a_card_marked_invalid_must_really_fail():
    """`invalid: true` on a card that passes every check is flagged: the trap would not be a trap."""
    assert "passes every check" in one_problem(MINI.replace("version: AB}", "version: AB, invalid: true}"))


def test_wrong_kind_of_card_is_one_problem():
    """An insurance card in an Ontario file is one problem, not also a bad health-card number."""
    text = MINI.replace("dob: 1949-09-30}", "dob: 1949-09-30, insurance: {payer: X, member_id: ABC123456}}")
    assert "write `health_card`, not `insurance`" in one_problem(text)


def test_doctor_must_arrive_before_the_first_visit():
    """A doctor who arrives after a visit starts cannot see it."""
    text = MINI.replace("name: Dr. Anne Greene}", 'name: Dr. Anne Greene, arrives: "9:30"}')
    assert "arrives at 09:30, after this visit starts" in one_problem(text)


def test_lunch_and_matters_by_are_inside_the_day():
    """Lunch lies inside opening hours, and an urgent message matters after it arrives."""
    text = MINI.replace("  name: Test Clinic", '  name: Test Clinic\n  lunch: {from: "18:00", until: "18:30"}')
    assert "lunch starting at 18:00" in problems_of(text)[0]
    text = with_events('{at: "10:00", voicemail: {from: chen, intent: urgent, for: greene, matters_by: "9:00"}}')
    assert "matters_by must come after" in one_problem(text)


def test_reminder_due_time_advice_fits_reminders():
    """The reminders' due time outside hours is flagged without advising flags reminders do not have."""
    text = MINI + "bookings:\n  - {date: 2026-03-03, at: '9:00', patient: okafor, with: greene, type: follow_up}\n"
    problem = one_problem(text + 'reminders: {date: 2026-03-03, due: "18:00"}\n')
    assert "outside opening hours" in problem and "overnight" not in problem


def test_a_call_cancelling_a_visit_that_does_not_exist():
    """A call that cancels today's appointment names one the patient has."""
    text = with_events('{at: "8:30", call: {caller: patient, about: chen, wants: cancel, appointment: "11:00"}}')
    assert "no appointment at 11:00 today to cancel" in one_problem(text)


def test_patient_and_directory_ids_differ():
    """A message `from` an id that is both a patient and a directory entry would be ambiguous."""
    text = MINI.replace("schedule:", "directory: [{id: chen, kind: physician, name: Dr. Chen}]\nschedule:")
    assert "both a patient and a directory entry" in one_problem(text)


def test_only_messages_and_documents_wait_overnight():
    """A patient cannot arrive overnight."""
    problem = one_problem(with_events('{at: "7:00", overnight: true, arrival: {patient: chen}}'))
    assert "only a voicemail, an email or a document can be waiting overnight, not an arrival" in problem


def test_generated_ids_hint_when_there_is_no_generate_entry():
    """Referring to p03 without `{generate: N}` explains where such ids come from."""
    assert "exist only with a `{generate: N}`" in one_problem(MINI.replace("patient: chen, with", "patient: p03, with"))


def test_postal_codes_of_the_clinic_are_checked():
    """The clinic's own address has a postal code of its jurisdiction."""
    text = MINI.replace("  name: Test Clinic", "  name: Test Clinic\n  address: {street: 1 Main St, city: Toronto, region: ON, postal: 12345}")
    assert "not a postal code of Ontario" in one_problem(text)


def test_a_patient_may_come_back_the_same_day():
    """A patient booked twice today at different times has two visits; booked twice at once is refused."""
    assert load_scenario_text(MINI + '  - {at: "15:00", patient: chen, with: greene, type: follow_up}\n').id == "mini"
    assert "double-booked" in one_problem(
        MINI + '  - {at: "9:10", patient: chen, with: greene, type: follow_up}\n')


def test_a_booked_patient_walking_in_for_their_visit_is_an_arrival():
    """A walk-in of a booked patient within the hour before their visit (or during it) is refused as an arrival;
    hours away from it, it is a visit of its own."""
    assert "'chen' is booked at 09:00; coming in for it is an arrival" in one_problem(
        with_events('{at: "8:40", walk_in: {patient: chen, complaint: pain}}'))
    assert load_scenario_text(with_events('{at: "14:00", walk_in: {patient: chen, complaint: pain}}')).id == "mini"


def test_arrivals_are_counted_against_the_visits():
    """A patient with two visits may arrive twice (once for each); a third arrival is one too many."""
    text = MINI + '  - {at: "15:00", patient: chen, with: greene, type: follow_up}\n' + "events:\n" + "".join(
        f'  - {{at: "{t}", arrival: {{patient: chen}}}}\n' for t in ("8:55", "14:50", "16:00"))
    (problem,) = problems_of(text)
    assert "'chen' arrives 3 times but has 2 visits today" in problem


def test_an_urgent_referral_needs_an_open_day_inside_its_window():
    """On a Friday, an urgent referral (two days) falls on the weekend: the file says so at its urgency."""
    friday = MINI.replace("jurisdiction: ON\n", "jurisdiction: ON\ndate: 2026-03-06\n")
    doc = '{at: "9:00", document: {kind: referral, patient: okafor, from: haddad, urgency: urgent}}'
    text = friday.replace("patients:", "directory:\n  - {id: haddad, kind: physician, name: Dr. Amir Haddad}\npatients:")
    text += "events:\n  - " + doc + "\n"
    problem = one_problem(text)
    assert "urgent referral must be seen within 2 days of 2026-03-06" in problem
    thursday = text.replace("date: 2026-03-06", "date: 2026-03-05")  # Friday is inside the window and open
    assert load_scenario_text(thursday, "s.yaml").id == "mini"
