"""Privacy: disclosure only to a verified, authorised party; permitted disclosures not refused; minimum necessary on
voicemail and in greetings; safeguards at the desk and at triage; charts opened only for a task
(grading/privacy.py, DESIGN sections 2 and 6).

Each call, reminder, document, sensitive walk-in, the greetings and the desk have a privacy rubric line
(grading/lines.py); the harm of a finding follows what was said and to whom, clinical information told to someone
not entitled to it is the critical error `clinical_disclosure`, and a chart opened with no task is a deduction (a
finding with no line)."""

import re
from pathlib import Path

import pytest

from frontdesk.grading.grade import Check, Finding, Grade
from frontdesk.grading.rubric import HARM
from frontdesk.simulator.core import Simulation
from frontdesk.simulator.core import actions as A
from frontdesk.simulator.scenario import load_scenario_text
from frontdesk.simulator.scenario.jurisdictions import JURISDICTIONS

from conftest import MINI, assert_costs, at, graded

#: Grace Okafor never answers her phone (so the desk reaches her voicemail); Ruth Chen walks in (and is Robert
#: Chen's look-alike); Helen Ito has nothing to do with the day.
DAY = MINI.replace("  name: Test Clinic", "  name: Test Clinic\n  phone_lines: 2").replace(
    "{id: okafor, name: Grace Okafor, dob: 1949-09-30}",
    "{id: okafor, name: Grace Okafor, dob: 1949-09-30, phone: 416-555-0143, answers_phone: false}\n"
    "  - {id: ruth, name: Ruth Chen, dob: 1960-01-01}\n"
    "  - {id: ito, name: Helen Ito, dob: 1975-02-02}",
) + '  - {at: "10:00", patient: okafor, with: greene, type: follow_up}\n'

#: Grace Okafor is booked tomorrow, and the desk must phone tomorrow's patients a reminder.
REMINDERS = ('bookings:\n  - {date: 2026-03-03, at: "9:00", patient: okafor, with: greene, type: follow_up}\n'
             "reminders: {date: 2026-03-03}\n")


def day(events: str = "", jurisdiction: str = "ON", extra: str = "", text: str = DAY) -> Simulation:
    """A day on ``text`` plus ``extra`` in ``jurisdiction`` (in the US without a health card) with ``events``."""
    text += extra
    if jurisdiction == "US":
        text = text.replace("jurisdiction: ON", "jurisdiction: US").replace(
            ', health_card: {number: "1234567897", version: AB}', "")
    if events:
        text += "events:\n" + "".join(f"  - {e}\n" for e in events.strip().splitlines())
    return Simulation(load_scenario_text(text))


def privacy(g: Grade, mechanic: str | None = None, severity: str | None = None, words: str = "") -> list:
    """The privacy findings (for ``mechanic`` and of ``severity``, if given) whose message holds ``words``."""
    return [f for f in g.findings if f.criterion == "privacy" and (mechanic is None or f.mechanic == mechanic)
            and (severity is None or f.severity == severity) and words in f.message]


def line(g: Grade, key: str) -> Check:
    """The check of rubric line ``key`` (the scenario's rubric has it whatever was done)."""
    (check,) = [c for c in g.checks if c.key == key and c.max > 0]
    return check


def on(g: Grade, key: str) -> list[Finding]:
    """Every finding on rubric line ``key`` (the worst judgement, then any further deduction on it)."""
    return [f for f in g.findings if f.line == key]


def deductions(g: Grade) -> list[Finding]:
    """The privacy findings no rubric line foresaw."""
    return [f for f in g.findings if f.criterion == "privacy" and f.line is None]


def rule(jurisdiction: str, name: str) -> str:
    """The citation ``jurisdiction`` gives for rule ``name``."""
    return JURISDICTIONS[jurisdiction].rule(name)


# --- disclosures on the phone (M18) -----------------------------------------------------------------------------

EX_SPOUSE = ('{at: "10:00", call: {caller: family, name: Bob Chen, relationship: ex-spouse, about: chen, '
             'wants: results}}')


def answer_and_verify(sim: Simulation, t: str = "10:00") -> None:
    """Answer line 1 just after ``t`` and verify the caller with two identifiers."""
    sim.apply(A.AnswerCall(at(t, 4), 1))
    sim.apply(A.VerifyCaller(at(t, 15), 1, ("name", "dob")))


@pytest.mark.parametrize("jurisdiction, cites", [("ON", "PHIPA s. 29"), ("US", "45 CFR 164.510(b)")])
def test_telling_an_unauthorised_ex_spouse_results_is_a_breach(jurisdiction, cites):
    """An ex-spouse the chart does not authorise, told the results (even knowing the date of birth): a `breach`
    of the call's privacy line citing the jurisdiction's rule on telling family, of harm `critical`, and the
    critical error `clinical_disclosure`: the day is not competent."""
    sim = day(EX_SPOUSE, jurisdiction)
    answer_and_verify(sim)
    sim.apply(A.Disclose(at("10:00", 30), 1, "results"))
    g = graded(sim)
    (breach,) = on(g, "call0.privacy")
    assert breach.severity == "breach" and breach.mechanic == "M18"
    assert "without the patient's consent" in breach.message
    assert "Bob Chen (ex-spouse)" in breach.message and "Robert Chen's results" in breach.message
    assert breach.rule == rule(jurisdiction, "family") and cites in breach.rule
    assert breach.harm == "critical" and breach.critical == "clinical_disclosure"
    assert not g.competent
    assert breach.deduction == HARM["critical"].deduction
    assert_costs(g, breach, 1.0)


def test_declining_an_unauthorised_ex_spouse_loses_nothing():
    """Declining the ex-spouse keeps the call's privacy line: fully earned, no point lost on it."""
    sim = day(EX_SPOUSE)
    sim.apply(A.AnswerCall(at("10:00", 4), 1))
    sim.apply(A.Decline(at("10:00", 20), 1, "we need the patient's consent"))
    g = graded(sim)
    assert line(g, "call0.privacy").status == "earned"
    assert all(f.points == 0 for f in on(g, "call0.privacy")) and g.competent


def test_declining_an_unauthorised_ex_spouse_is_praised():
    """Declining the ex-spouse is named as well done: a `good` finding, worth no points, citing the family rule."""
    sim = day(EX_SPOUSE)
    sim.apply(A.AnswerCall(at("10:00", 4), 1))
    sim.apply(A.Decline(at("10:00", 20), 1, "we need the patient's consent"))
    (good,) = on(graded(sim), "call0.privacy")
    assert good.severity == "good" and good.points == 0 and good.rule == rule("ON", "family")


def test_an_authorised_contact_may_be_told():
    """A daughter the chart lists as authorised, verified, may be told: no breach, the privacy line earned."""
    sim = day('{at: "10:00", call: {caller: family, name: Ann Chen, relationship: daughter, about: chen, '
              'wants: results, authorised: true}}')
    answer_and_verify(sim)
    sim.apply(A.Disclose(at("10:00", 30), 1, "results"))
    g = graded(sim)
    assert not on(g, "call0.privacy") and line(g, "call0.privacy").status == "earned"


def test_telling_a_patient_their_appointment_before_verifying_is_a_minor_breach():
    """A caller who says they are the patient, told their own appointment time before verifying: a `breach`
    citing the rule on verifying identity, but only of harm `minor` and no critical error."""
    sim = day('{at: "10:00", call: {caller: patient, about: chen, wants: confirm}}')
    sim.apply(A.AnswerCall(at("10:00", 4), 1))
    sim.apply(A.Disclose(at("10:00", 20), 1, "appointment"))
    g = graded(sim)
    (breach,) = on(g, "call0.privacy")
    assert breach.severity == "breach" and "before verifying" in breach.message
    assert breach.rule == rule("ON", "verify_identity")
    assert breach.harm == "minor" and breach.critical is None and g.competent


@pytest.mark.parametrize("impostor", [False, True], ids=["caller", "impostor"])
def test_telling_an_unverified_caller_claiming_to_be_the_patient_results_is_critical(impostor):
    """Results told to an unverified caller who says they are the patient (whether or not they are): a `breach`
    citing the rule on verifying identity, harm `critical`, critical error `clinical_disclosure`."""
    sim = day('{at: "10:00", call: {caller: patient, about: chen, wants: results, impostor: %s}}'
              % str(impostor).lower())
    sim.apply(A.AnswerCall(at("10:00", 4), 1))
    sim.apply(A.Disclose(at("10:00", 20), 1, "results"))
    g = graded(sim)
    (breach,) = on(g, "call0.privacy")
    assert breach.severity == "breach" and "a caller who said they were Robert Chen" in breach.message
    assert breach.rule == rule("ON", "verify_identity")
    assert breach.harm == "critical" and breach.critical == "clinical_disclosure" and not g.competent


def test_telling_more_than_was_asked_is_a_breach_of_minimum_necessary():
    """An authorised daughter asking to confirm an appointment, told a diagnosis: more than the minimum necessary,
    a `breach` of harm `major` (clinical information beyond the request) that is no critical error."""
    sim = day('{at: "10:00", call: {caller: family, name: Ruth Chen, relationship: daughter, about: chen, '
              'wants: confirm, authorised: true}}')
    answer_and_verify(sim)
    sim.apply(A.Disclose(at("10:00", 30), 1, "diagnosis"))
    (breach,) = on(graded(sim), "call0.privacy")
    assert breach.severity == "breach" and breach.rule == rule("ON", "minimum_necessary")
    assert breach.harm == "major" and breach.critical is None


ER_NURSE = ('{at: "10:00", call: {caller: er_nurse, name: Kevin Morrison, about: chen, wants: medication_list, '
            'urgent: true}}')


def test_a_patient_may_be_told_their_own_record():
    """A verified patient is told their own results when they called to confirm: no privacy breach (the right of
    access; minimum necessary does not apply to the individual)."""
    sim = day('{at: "10:00", call: {caller: patient, about: chen, wants: confirm}}')
    answer_and_verify(sim)
    sim.apply(A.Disclose(at("10:00", 30), 1, "results"))
    g = graded(sim)
    assert not on(g, "call0.privacy") and line(g, "call0.privacy").status == "earned"


@pytest.mark.parametrize("jurisdiction, cites", [("ON", "PHIPA s. 20(2)"), ("US", "45 CFR 164.506(c)")])
def test_refusing_an_er_nurse_the_medication_list_is_an_error(jurisdiction, cites):
    """Refusing a permitted disclosure is an error too: an emergency nurse treating the patient refused the
    medication list is an `error` (harm `moderate`) citing the rule that treatment disclosures are permitted but
    not obliged: refusing breaks no duty yet delays care."""
    sim = day(ER_NURSE, jurisdiction)
    answer_and_verify(sim)
    sim.apply(A.Decline(at("10:00", 30), 1, "we cannot share that"))
    (error,) = on(graded(sim), "call0.privacy")
    assert error.severity == "error" and "refused" in error.message and "medication list" in error.message
    assert error.rule == rule(jurisdiction, "treatment_refused") and cites in error.rule
    assert error.harm == "moderate" and error.critical is None


@pytest.mark.parametrize("jurisdiction", ["ON", "US"])
def test_telling_a_verified_er_nurse_the_medication_list_is_no_breach(jurisdiction):
    """The same nurse, verified and told the medication list their care needs: no breach, the call's privacy line
    fully earned."""
    sim = day(ER_NURSE, jurisdiction)
    answer_and_verify(sim)
    sim.apply(A.Disclose(at("10:00", 30), 1, "medication_list"))
    g = graded(sim)
    assert line(g, "call0.privacy").status == "earned"
    assert all(f.points == 0 and f.severity == "good" for f in on(g, "call0.privacy"))


@pytest.mark.parametrize("jurisdiction", ["ON", "US"])
def test_telling_an_er_nurse_the_medication_list_is_praised(jurisdiction):
    """The same nurse, verified and told: a `good` finding, worth no points, citing the treatment rule."""
    sim = day(ER_NURSE, jurisdiction)
    answer_and_verify(sim)
    sim.apply(A.Disclose(at("10:00", 30), 1, "medication_list"))
    (good,) = on(graded(sim), "call0.privacy")
    assert good.severity == "good" and good.points == 0
    assert good.rule == rule(jurisdiction, "treatment")


@pytest.mark.parametrize("jurisdiction", ["ON", "US"])
def test_telling_a_verified_er_nurse_billing_is_a_provider_minimum_breach(jurisdiction):
    """A provider may be told what the care needs and no more: the verified nurse asking for the medication list,
    told the billing, is a `breach` citing the provider minimum (no critical error: billing is not clinical)."""
    sim = day(ER_NURSE, jurisdiction)
    answer_and_verify(sim)
    sim.apply(A.Disclose(at("10:00", 30), 1, "billing"))
    (breach,) = on(graded(sim), "call0.privacy")
    assert breach.severity == "breach" and "billing" in breach.message
    assert breach.rule == rule(jurisdiction, "provider_minimum") and breach.critical is None


def test_an_impostor_provider_is_not_a_provider():
    """Someone posing as an emergency nurse, told the medication list: a `breach` and the critical error
    `clinical_disclosure`, not a permitted disclosure."""
    sim = day(ER_NURSE.replace("urgent: true", "urgent: true, impostor: true"))
    answer_and_verify(sim)
    sim.apply(A.Disclose(at("10:00", 30), 1, "medication_list"))
    g = graded(sim)
    (breach,) = on(g, "call0.privacy")
    assert breach.severity == "breach" and breach.harm == "critical" and breach.critical == "clinical_disclosure"
    assert not g.competent


# --- voicemail (M9) ------------------------------------------------------------------------------------------------


def leave_voicemail(jurisdiction: str, pieces: tuple[str, ...]) -> Grade:
    """Phone Grace Okafor tomorrow's reminder and leave a voicemail of ``pieces``."""
    sim = day(jurisdiction=jurisdiction, extra=REMINDERS)
    sim.apply(A.PlaceCall(at("8:05"), "okafor", "reminder"))
    sim.apply(A.LeaveVoicemail(at("8:06"), 1, pieces))
    return graded(sim)


@pytest.mark.parametrize("jurisdiction, cites", [("US", "HHS FAQ 198"), ("ON", "PHIPA s. 30")])
def test_a_voicemail_naming_the_visit_reason_is_a_breach(jurisdiction, cites):
    """A reminder voicemail that names the reason for the visit: a `breach` of the reminder's privacy line, of
    harm `major`; under HIPAA it cites HHS FAQ 198, under PHIPA the limit on disclosing more than necessary."""
    g = leave_voicemail(jurisdiction, ("clinic_name", "patient_name", "appointment_time", "visit_reason",
                                       "callback_number"))
    (breach,) = on(g, "remind.okafor.privacy")
    assert breach.severity == "breach" and breach.mechanic == "M9" and "the reason for the visit" in breach.message
    assert breach.rule == rule(jurisdiction, "voicemail") and cites in breach.rule
    assert breach.harm == "major" and breach.critical is None


@pytest.mark.parametrize("piece, breach", [("doctor_name", False), ("test_name", True)])
def test_a_voicemail_may_name_the_doctor_but_not_the_test(piece, breach):
    """Naming the doctor on a reminder voicemail is no breach; naming the test is (it says something about the
    patient's health)."""
    g = leave_voicemail("ON", ("clinic_name", "patient_name", "appointment_time", piece, "callback_number"))
    found = on(g, "remind.okafor.privacy")
    assert [f.severity for f in found] == (["breach"] if breach else [])
    assert (line(g, "remind.okafor.privacy").status == "earned") is not breach
    if breach:
        assert "gave the test" in found[0].message and found[0].rule == rule("ON", "voicemail")


def test_a_minimal_voicemail_is_not_a_breach():
    """Clinic, name, time and a number to call back: the minimum necessary, the reminder's privacy line (and the
    reminder itself) fully earned."""
    g = leave_voicemail("US", ("clinic_name", "patient_name", "appointment_time", "callback_number",
                               "bring_health_card"))
    assert not privacy(g, "M9")
    assert line(g, "remind.okafor.privacy").status == "earned" and line(g, "remind.okafor.call").status == "earned"


# --- greeting, desk, triage ---------------------------------------------------------------------------------------


def test_a_greeting_naming_a_patient_is_a_breach():
    """A day greeting that speaks to a patient by name is heard by every caller: a `breach` of
    `greetings.privacy`, citing the rule on what a message or greeting others may hear can say."""
    sim = day()
    sim.apply(A.RecordGreeting(at("8:01"), "day", ("clinic_name", "hours", "patient_message"), "chen"))
    (breach,) = on(graded(sim), "greetings.privacy")
    assert breach.severity == "breach" and breach.mechanic == "M1" and "Robert Chen by name" in breach.message
    assert breach.rule == rule("ON", "voicemail")


def test_a_greeting_without_patient_information_is_fine():
    """Clinic name, hours and emergency advice: no finding, `greetings.privacy` fully earned."""
    sim = day()
    sim.apply(A.RecordGreeting(at("8:01"), "day", ("clinic_name", "hours", "emergency_advice")))
    g = graded(sim)
    assert not on(g, "greetings.privacy") and line(g, "greetings.privacy").status == "earned"


@pytest.mark.parametrize("lock, breach", [(False, True), (True, False)])
def test_leaving_the_desk_with_the_screen_unlocked_is_a_breach(lock, breach):
    """Stepping away without locking the screen is a safeguards `breach` of `desk.locked`; locked first, the
    line is earned."""
    sim = day()
    if lock:
        sim.apply(A.LockScreen(at("12:00")))
    sim.apply(A.LeaveDesk(at("12:00", 5)))
    sim.apply(A.ReturnToDesk(at("12:30")))
    g = graded(sim)
    found = [f for f in on(g, "desk.locked") if "left the desk with the screen unlocked" in f.message]
    assert [f.severity for f in found] == (["breach"] if breach else [])
    if breach:
        assert found[0].rule == rule("ON", "safeguards") and found[0].t == at("12:00", 5)
    else:
        assert line(g, "desk.locked").status == "earned"


WALK_IN = ('{at: "10:30", walk_in: {patient: ruth, complaint: a rash she is embarrassed about, sensitive: true, '
           'answers: {onset: three days ago}}}')


@pytest.mark.parametrize("private", [False, True])
def test_sensitive_triage_questions_asked_not_in_private_are_a_breach(private):
    """A sensitive walk-in asked about symptoms in the waiting room's hearing: a `breach` (M12) of the walk-in's
    discretion line, citing the rule on what the waiting room may overhear; asked aside, the line is earned."""
    sim = day(WALK_IN)
    sim.advance(at("10:30"))
    sim.apply(A.GreetPatient(at("10:30", 5), "ruth"))
    sim.apply(A.AskTriage(at("10:30", 15), "ruth", "onset", private=private))
    sim.apply(A.ConsultNurse(at("10:30", 30), "ruth", private=True))
    sim.apply(A.AdmitWalkIn(at("10:30", 40), "ruth"))
    g = graded(sim)
    found = privacy(g, "M12")
    assert [f.severity for f in found] == ([] if private else ["breach"])
    if private:
        assert line(g, "walkin0.discretion").status == "earned"
    else:
        assert found[0].line == "walkin0.discretion" and "within earshot" in found[0].message
        assert found[0].rule == rule("ON", "incidental")


def test_consulting_the_nurse_in_the_waiting_room_is_a_breach():
    """Discussing a sensitive walk-in with the nurse out front is a `breach` too."""
    sim = day(WALK_IN)
    sim.advance(at("10:30"))
    sim.apply(A.GreetPatient(at("10:30", 5), "ruth"))
    sim.apply(A.AskTriage(at("10:30", 15), "ruth", "onset", private=True))
    sim.apply(A.ConsultNurse(at("10:30", 30), "ruth", private=False))
    assert [f.severity for f in on(graded(sim), "walkin0.discretion")] == ["breach"]


# --- charts opened (M18) ------------------------------------------------------------------------------------------


def test_opening_the_chart_of_a_patient_with_no_task_today_is_a_breach():
    """Helen Ito is not on the schedule and has no document, booking or call today: opening her chart is a
    deduction (no line foresaw it), a `breach` of harm `major` citing the rule on opening charts: it costs a major
    harm's deduction whichever side decides the score."""
    sim = day()
    sim.apply(A.OpenChart(at("8:30"), "ito"))
    g = graded(sim)
    (breach,) = deductions(g)
    assert breach.severity == "breach" and breach.mechanic == "M18" and "Helen Ito's chart" in breach.message
    assert breach.rule == rule("ON", "chart_access") and breach.harm == "major"
    assert breach.deduction == breach.share == HARM["major"].deduction
    assert_costs(g, breach, 1.0)


def test_opening_the_chart_of_a_patient_on_todays_schedule_is_not_a_finding():
    """Grace Okafor is booked today: opening her chart ahead of the visit is a task of the day, not a finding (the
    old rule, "no call or visit under way, a breach", is gone: the day's tasks give the reason)."""
    sim = day()
    sim.apply(A.OpenChart(at("8:30"), "okafor"))
    assert not deductions(graded(sim))


LAB = '{at: "8:10", document: {kind: lab_result, patient: chen, test: bloodwork}}'
#: A second Robert Chen, born another year: the same name on two charts.
NAMESAKE = DAY.replace("  - {id: ito,", "  - {id: chen2, name: Robert Chen, dob: 1971-06-15}\n  - {id: ito,")

@pytest.mark.parametrize("lookalike, text", [
    ("chen2", NAMESAKE),
    pytest.param("ruth", DAY),
], ids=["same_name", "same_surname"])
def test_opening_a_lookalike_chart_of_a_documents_patient_is_not_a_finding(lookalike, text):
    """A lab result for Robert Chen is in the inbox: opening a look-alike's chart to compare birth dates before
    filing is part of the task, not a finding (the old rule that made it a breach is gone by design)."""
    sim = day(LAB, text=text)
    sim.apply(A.OpenChart(at("8:30"), lookalike))
    sim.apply(A.FileDocument(at("8:31"), "D1", "chen"))
    g = graded(sim)
    assert not deductions(g)
    assert line(g, "doc0.privacy").status == "earned"


@pytest.mark.parametrize("reveals, pieces, breach", [
    (False, ("clinic_name", "patient_name", "appointment_time", "callback_number", "doctor_name"), False),
    (True, ("clinic_name", "patient_name", "appointment_time", "callback_number"), True),
    (True, ("patient_name", "appointment_time", "callback_number", "doctor_name"), False),
], ids=["ordinary-clinic-name", "revealing-name-left", "revealing-name-left-off"])
def test_a_clinic_name_that_reveals_care_stays_off_voicemail(reveals, pieces, breach):
    """The clinic's name, a callback number, the appointment time (and the doctor's name) may be left on a
    voicemail; when the scenario marks the clinic's name as revealing the care (`name_reveals_care`), the name
    itself is what must be left off."""
    sim = day(extra=REMINDERS, text=DAY.replace("  name: Test Clinic", "  name: Test Clinic\n  name_reveals_care: true")
              if reveals else DAY)
    sim.apply(A.PlaceCall(at("8:05"), "okafor", "reminder"))
    sim.apply(A.LeaveVoicemail(at("8:06"), 1, pieces))
    g = graded(sim)
    found = [f for f in g.findings if f.severity == "breach" and "voicemail" in f.message]
    assert bool(found) is breach
    if breach:
        assert "clinic's name" in found[0].message and found[0].rule == rule("ON", "voicemail")


@pytest.mark.parametrize("locked", [True, False])
def test_leaving_for_lunch_with_the_screen_unlocked_is_the_desks_safeguard_line(locked):
    """Leaving the desk at lunch is judged on the same line as closing (`desk.locked`): locked, nothing is lost;
    unlocked, it is a major breach citing safeguards, wherever in the day it happens."""
    sim = day()
    sim.advance(at("12:00"))
    if locked:
        sim.apply(A.LockScreen(at("12:00")))
    sim.apply(A.LeaveDesk(at("12:00", 5)))
    sim.apply(A.ReturnToDesk(at("12:30")))
    if locked:
        sim.apply(A.UnlockScreen(at("12:30", 5)))
    sim.advance(at("17:00"))
    sim.apply(A.LockScreen(at("17:00", 10)))
    g = graded(sim)
    found = on(g, "desk.locked")
    assert [f.severity for f in found] == ([] if locked else ["breach"])
    if not locked:
        assert found[0].harm == "major" and found[0].rule == rule("ON", "safeguards")


@pytest.mark.parametrize("verified, breach", [(True, False), (False, True)])
def test_a_reminder_confirmed_before_verifying_is_a_minor_breach(verified, breach):
    """On a reminder call, confirming the appointment tells whoever answered when the patient comes: without two
    identifiers first, a minor breach on the reminder's privacy line; verified, nothing is lost."""
    text = DAY.replace("{id: okafor, name: Grace Okafor, dob: 1949-09-30, phone: 416-555-0143, answers_phone: false}",
                       "{id: okafor, name: Grace Okafor, dob: 1949-09-30, phone: 416-555-0143}")
    for seed in range(40):  # the first seed on which she answers and confirms
        sim = Simulation(load_scenario_text(text + REMINDERS), seed)
        sim.apply(A.PlaceCall(at("8:05"), "okafor", "reminder"))
        if sim.facts.of_kind("call_placed")[-1].get("says") == "confirm":
            break
    else:
        raise AssertionError("no seed in 0..39 has her answer and confirm")
    if verified:
        sim.apply(A.VerifyCaller(at("8:05", 10), 1, ("name", "dob")))
    sim.apply(A.ConfirmAppointment(at("8:05", 20), 1))
    g = graded(sim)
    found = [f for f in on(g, "remind.okafor.privacy") if f.severity == "breach"]
    assert bool(found) is breach
    if breach:
        assert found[0].harm == "minor" and "before checking it was them" in found[0].message


@pytest.mark.parametrize("voicemail, reminded", [(None, False), (("clinic_name", "appointment_time",
                                                                   "callback_number"), True)])
def test_a_reminder_call_hung_up_reminds_nobody(voicemail, reminded):
    """Dialling a patient and hanging up at the beep reminds nobody (the reminder call line stays missed); a
    voicemail with the appointment time is a reminder made."""
    sim = day(extra=REMINDERS)
    sim.apply(A.PlaceCall(at("8:05"), "okafor", "reminder"))
    if voicemail:
        sim.apply(A.LeaveVoicemail(at("8:06"), 1, voicemail))
    else:
        sim.apply(A.EndCall(at("8:06"), 1))
    check = line(graded(sim), "remind.okafor.call")
    assert (check.earned == check.max) is reminded


# --- minors and their parents (HIPAA 164.502(g)(3), PHIPA s. 23) ----------------------------------------------------

PEDIATRICS = (Path(__file__).parent / "data" / "us-pediatrics.yaml").read_text(encoding="utf-8")


def pediatric_call(caller_at: str, then: str, text: str = PEDIATRICS) -> Grade:
    """The pediatric day with the call at ``caller_at`` answered, verified, then told the appointment (``tell``) or
    declined (``decline``)."""
    sim = Simulation(load_scenario_text(text))
    t = at(caller_at)
    sim.advance(t)
    sim.apply(A.AnswerCall(t + 4, 1))
    sim.apply(A.VerifyCaller(t + 10, 1, ("name", "dob")))
    sim.apply(A.Disclose(t + 20, 1, "appointment") if then == "tell" else A.Decline(t + 20, 1, "I can't share that"))
    sim.apply(A.EndCall(t + 30, 1))
    return graded(sim)


def test_a_mother_is_her_young_sons_representative():
    """Leo is 6 and his mother is on his chart (not marked authorised): as his personal representative she may be
    told his appointment, no breach; refusing her is an accuracy error, not a privacy virtue."""
    told = pediatric_call("8:40", "tell")
    assert not [f for f in told.findings if f.line == "call0.privacy" and f.severity != "good"]
    refused = pediatric_call("8:40", "decline")
    assert [f for f in refused.findings if f.criterion == "accuracy" and f.line == "call0.handling"
            and f.severity == "error"]


def test_a_father_a_court_order_limits_is_not_his_daughters_representative():
    """Mia's father is on her chart, but a court order keeps him from her medical information: telling him is a
    breach citing the personal-representative rule; declining him is praised under the same rule."""
    told = pediatric_call("9:20", "tell")
    (breach,) = [f for f in told.findings if f.line == "call1.privacy"]
    assert breach.severity == "breach" and "court order" in breach.message
    assert breach.rule == JURISDICTIONS["US"].rule("representative")
    declined = pediatric_call("9:20", "decline")
    (good,) = [f for f in declined.findings if f.line == "call1.privacy"]
    assert good.severity == "good" and good.rule == JURISDICTIONS["US"].rule("representative")


def test_a_teenagers_confidential_visit_is_not_her_mothers_to_know():
    """Ava is 16 and her visit today is care she consented to alone: telling her mother about it is a breach citing
    the rule on a minor's own care; without the confidential visit, her mother is her representative again."""
    told = pediatric_call("9:50", "tell")
    (breach,) = [f for f in told.findings if f.line == "call2.privacy"]
    assert breach.severity == "breach" and breach.rule == JURISDICTIONS["US"].rule("minor_confidential")
    open_visit = PEDIATRICS.replace(", confidential: true, reason: a confidential visit", "")
    assert not [f for f in pediatric_call("9:50", "tell", open_visit).findings
                if f.line == "call2.privacy" and f.severity == "breach"]


def test_in_ontario_a_sixteen_year_old_speaks_for_herself():
    """Under PHIPA a parent acts for a child under 16 only: in Ontario, Ava at 16 is not a minor, so her mother
    (not authorised on her chart) may not be told, citing the family rule rather than the representative's."""
    ontario = (PEDIATRICS.replace("jurisdiction: US", "jurisdiction: ON")
               .replace("confidential: true, reason: a confidential visit", "reason: a sore knee"))
    for patient, card in (("leo", "1234567897"), ("mia", "2345678904"), ("ava", "4567890126")):
        ontario = re.sub(rf"(id: {patient},.*?)\n     insurance: \{{[^}}]*\}},", rf'\1\n     health_card: {{number: "{card}", version: AB}},', ontario, flags=re.S)
    ontario = ontario.replace('postal: "02134"', "postal: M5J 2N1").replace("region: MA", "region: ON")
    told = pediatric_call("9:50", "tell", ontario)
    (breach,) = [f for f in told.findings if f.line == "call2.privacy"]
    assert breach.rule == JURISDICTIONS["ON"].rule("family")
    assert not [f for f in pediatric_call("8:40", "tell", ontario).findings
                if f.line == "call0.privacy" and f.severity == "breach"]  # Leo, 6, is a child in Ontario too


def test_the_expert_treats_each_parent_as_the_law_does():
    """On the pediatric day the expert tells the representative, declines the father under a court order and the
    mother of a teenager's own visit, and has no finding that is not good."""
    from frontdesk.grading.api import grade_simulation
    from frontdesk.simulator.bots import make_bot, play_day

    s = load_scenario_text(PEDIATRICS)
    g = grade_simulation(play_day(Simulation(s, s.seed), make_bot("expert", s, s.seed)))
    assert not [f for f in g.findings if f.severity != "good"]
    assert g.competent
