"""Privacy: disclosure only to a verified, authorised party; permitted disclosures not refused; minimum necessary on
voicemail and in greetings; safeguards at the desk and at triage (grading/privacy.py, DESIGN sections 2 and 6)."""

import pytest

from grading.grade import Grade
from grading.rubric import POINTS
from simulator.core import Simulation
from simulator.core import actions as A
from simulator.scenario import load_scenario_text
from simulator.scenario.jurisdictions import JURISDICTIONS

from conftest import MINI, at, graded

#: Grace Okafor never answers her phone (so the desk reaches her voicemail); Ruth Chen walks in.
DAY = MINI.replace("  name: Test Clinic", "  name: Test Clinic\n  phone_lines: 2").replace(
    "{id: okafor, name: Grace Okafor, dob: 1949-09-30}",
    "{id: okafor, name: Grace Okafor, dob: 1949-09-30, phone: 416-555-0143, answers_phone: false}\n"
    "  - {id: ruth, name: Ruth Chen, dob: 1960-01-01}",
) + '  - {at: "10:00", patient: okafor, with: greene, type: follow_up}\n'


def day(events: str = "", jurisdiction: str = "ON") -> Simulation:
    text = DAY
    if jurisdiction == "US":
        text = text.replace("jurisdiction: ON", "jurisdiction: US").replace(
            ', health_card: {number: "1234567897", version: AB}', "")
    if events:
        text += "events:\n" + "".join(f"  - {e}\n" for e in events.strip().splitlines())
    return Simulation(load_scenario_text(text))


def privacy(g: Grade, mechanic: str | None = None, severity: str | None = None, words: str = "") -> list:
    return [f for f in g.findings if f.criterion == "privacy" and (mechanic is None or f.mechanic == mechanic)
            and (severity is None or f.severity == severity) and words in f.message]


def rule(jurisdiction: str, name: str) -> str:
    return JURISDICTIONS[jurisdiction].rule(name)


# --- disclosures on the phone (M18) -----------------------------------------------------------------------------

EX_SPOUSE = ('{at: "10:00", call: {caller: family, name: Bob Chen, relationship: ex-spouse, about: chen, '
             'wants: results}}')


def answer_and_verify(sim: Simulation, t: str = "10:00") -> None:
    sim.apply(A.AnswerCall(at(t, 4), 1))
    sim.apply(A.VerifyCaller(at(t, 15), 1, ("name", "dob")))


@pytest.mark.parametrize("jurisdiction, cites", [("ON", "PHIPA s. 29"), ("US", "45 CFR 164.514(h)")])
def test_telling_an_unauthorised_ex_spouse_results_is_a_breach(jurisdiction, cites):
    """An ex-spouse the chart does not authorise, told the results (even knowing the date of birth): a `breach`
    worth a breach's points, citing the jurisdiction's rule on verifying identity and authority."""
    sim = day(EX_SPOUSE, jurisdiction)
    answer_and_verify(sim)
    sim.apply(A.Disclose(at("10:00", 30), 1, "results"))
    (breach,) = privacy(graded(sim), "M18")
    assert breach.severity == "breach" and "without the patient's consent" in breach.message
    assert "Bob Chen (ex-spouse)" in breach.message and "Robert Chen's results" in breach.message
    assert breach.rule == rule(jurisdiction, "verify_identity") and cites in breach.rule
    assert breach.points == POINTS["breach"]


def test_declining_an_unauthorised_ex_spouse_is_praised():
    """Declining the ex-spouse loses nothing and is named as well done."""
    sim = day(EX_SPOUSE)
    sim.apply(A.AnswerCall(at("10:00", 4), 1))
    sim.apply(A.Decline(at("10:00", 20), 1, "we need the patient's consent"))
    g = graded(sim)
    assert [f.severity for f in privacy(g)] == ["good"]
    assert g.criterion_score("privacy") == 100


def test_an_authorised_contact_may_be_told():
    """A daughter the chart lists as authorised, verified, may be told: no breach."""
    sim = day('{at: "10:00", call: {caller: family, name: Ann Chen, relationship: daughter, about: chen, '
              'wants: results, authorised: true}}')
    answer_and_verify(sim)
    sim.apply(A.Disclose(at("10:00", 30), 1, "results"))
    assert not privacy(graded(sim), "M18")


def test_telling_an_unverified_caller_is_a_breach():
    """A caller who says they are the patient, told the appointment before verifying: a `breach`."""
    sim = day('{at: "10:00", call: {caller: patient, about: chen, wants: confirm}}')
    sim.apply(A.AnswerCall(at("10:00", 4), 1))
    sim.apply(A.Disclose(at("10:00", 20), 1, "appointment"))
    (breach,) = privacy(graded(sim), "M18")
    assert breach.severity == "breach" and "before verifying" in breach.message
    assert breach.rule == rule("ON", "verify_identity")


def test_telling_more_than_was_asked_is_a_breach_of_minimum_necessary():
    """An authorised daughter asking to confirm an appointment, told a diagnosis: more than the minimum necessary."""
    sim = day('{at: "10:00", call: {caller: family, name: Ruth Chen, relationship: daughter, about: chen, '
              'wants: confirm, authorised: true}}')
    answer_and_verify(sim)
    sim.apply(A.Disclose(at("10:00", 30), 1, "diagnosis"))
    (breach,) = privacy(graded(sim), "M18")
    assert breach.severity == "breach" and breach.rule == rule("ON", "minimum_necessary")


ER_NURSE = ('{at: "10:00", call: {caller: er_nurse, name: Kevin Morrison, about: chen, wants: medication_list, '
            'urgent: true}}')


def test_a_patient_may_be_told_their_own_record():
    """A verified patient is told their own results when they called to confirm: no privacy breach (the right of
    access; minimum necessary does not apply to the individual)."""
    sim = day('{at: "10:00", call: {caller: patient, about: chen, wants: confirm}}')
    answer_and_verify(sim)
    sim.apply(A.Disclose(at("10:00", 30), 1, "results"))
    assert not [f for f in privacy(graded(sim), "M18") if f.severity == "breach"]


@pytest.mark.parametrize("jurisdiction, cites", [("ON", "circle of care"), ("US", "45 CFR 164.506(c)")])
def test_refusing_an_er_nurse_the_medication_list_is_an_error(jurisdiction, cites):
    """Refusing a permitted disclosure is an error too: an emergency nurse treating the patient refused the
    medication list is an `error` citing the circle of care (PHIPA) or treatment disclosures (HIPAA)."""
    sim = day(ER_NURSE, jurisdiction)
    answer_and_verify(sim)
    sim.apply(A.Decline(at("10:00", 30), 1, "we cannot share that"))
    (error,) = privacy(graded(sim), "M18")
    assert error.severity == "error" and "refused" in error.message and "medication list" in error.message
    assert error.rule == rule(jurisdiction, "circle_of_care" if jurisdiction == "ON" else "treatment")
    assert cites in error.rule and error.points == POINTS["task"]


@pytest.mark.parametrize("jurisdiction", ["ON", "US"])
def test_telling_an_er_nurse_the_medication_list_is_praised(jurisdiction):
    """The same nurse, verified and told: no points lost, a `good` finding citing the care rule."""
    sim = day(ER_NURSE, jurisdiction)
    answer_and_verify(sim)
    sim.apply(A.Disclose(at("10:00", 30), 1, "medication_list"))
    g = graded(sim)
    (good,) = privacy(g, "M18")
    assert good.severity == "good" and good.points == 0
    assert good.rule == rule(jurisdiction, "circle_of_care" if jurisdiction == "ON" else "treatment")
    assert g.criterion_score("privacy") == 100


def test_an_impostor_provider_is_not_a_provider():
    """Someone posing as an emergency nurse, told the medication list: a `breach`, not a permitted disclosure."""
    sim = day(ER_NURSE.replace("urgent: true", "urgent: true, impostor: true"))
    answer_and_verify(sim)
    sim.apply(A.Disclose(at("10:00", 30), 1, "medication_list"))
    assert [f.severity for f in privacy(graded(sim), "M18")] == ["breach"]


# --- voicemail (M9) ------------------------------------------------------------------------------------------------


def leave_voicemail(jurisdiction: str, pieces: tuple[str, ...]) -> Grade:
    sim = day(jurisdiction=jurisdiction)
    sim.apply(A.PlaceCall(at("8:05"), "okafor", "reminder"))
    sim.apply(A.LeaveVoicemail(at("8:06"), 1, pieces))
    return graded(sim)


@pytest.mark.parametrize("jurisdiction, cites", [("US", "HHS FAQ 198"), ("ON", "PHIPA s. 30")])
def test_a_voicemail_naming_the_visit_reason_is_a_breach(jurisdiction, cites):
    """A reminder voicemail that names the reason for the visit: a `breach`; under HIPAA it cites HHS FAQ 198, under
    PHIPA the limit on disclosing more than necessary."""
    g = leave_voicemail(jurisdiction, ("clinic_name", "patient_name", "appointment_time", "visit_reason",
                                       "callback_number"))
    (breach,) = privacy(g, "M9")
    assert breach.severity == "breach" and "the reason for the visit" in breach.message
    assert cites in breach.rule and breach.points == POINTS["breach"]


def test_a_minimal_voicemail_is_not_a_breach():
    """Clinic, name, time and a number to call back: the minimum necessary, no finding."""
    g = leave_voicemail("US", ("clinic_name", "patient_name", "appointment_time", "callback_number",
                               "bring_health_card"))
    assert not privacy(g, "M9")
    assert g.criterion_score("privacy") == 100


# --- greeting, desk, triage ---------------------------------------------------------------------------------------


def test_a_greeting_naming_a_patient_is_a_breach():
    """A day greeting that speaks to a patient by name is heard by every caller: a `breach`."""
    sim = day()
    sim.apply(A.RecordGreeting(at("8:01"), "day", ("clinic_name", "hours", "patient_message"), "chen"))
    (breach,) = privacy(graded(sim), "M1")
    assert breach.severity == "breach" and "Robert Chen by name" in breach.message
    assert breach.rule == rule("ON", "minimum_necessary")


def test_a_greeting_without_patient_information_is_fine():
    """Clinic name, hours and emergency advice: no finding."""
    sim = day()
    sim.apply(A.RecordGreeting(at("8:01"), "day", ("clinic_name", "hours", "emergency_advice")))
    assert not privacy(graded(sim))


@pytest.mark.parametrize("lock, breach", [(False, True), (True, False)])
def test_leaving_the_desk_with_the_screen_unlocked_is_a_breach(lock, breach):
    """Stepping away without locking the screen is a safeguards `breach`; locked first, nothing."""
    sim = day()
    if lock:
        sim.apply(A.LockScreen(at("12:00")))
    sim.apply(A.LeaveDesk(at("12:00", 5)))
    sim.apply(A.ReturnToDesk(at("12:30")))
    found = privacy(graded(sim), "M18", words="screen unlocked")
    assert [f.severity for f in found] == (["breach"] if breach else [])
    if breach:
        assert found[0].rule == rule("ON", "safeguards")


WALK_IN = ('{at: "10:30", walk_in: {patient: ruth, complaint: a rash she is embarrassed about, sensitive: true, '
           'answers: {onset: three days ago}}}')


@pytest.mark.parametrize("private", [False, True])
def test_sensitive_triage_questions_asked_not_in_private_are_a_breach(private):
    """A sensitive walk-in asked about symptoms in the waiting room's hearing: a `breach` (M12); asked aside,
    nothing."""
    sim = day(WALK_IN)
    sim.advance(at("10:30"))
    sim.apply(A.GreetPatient(at("10:30", 5), "ruth"))
    sim.apply(A.AskTriage(at("10:30", 15), "ruth", "onset", private=private))
    sim.apply(A.ConsultNurse(at("10:30", 30), "ruth", private=True))
    sim.apply(A.AdmitWalkIn(at("10:30", 40), "ruth"))
    found = privacy(graded(sim), "M12")
    assert [f.severity for f in found] == ([] if private else ["breach"])
    if not private:
        assert "within earshot" in found[0].message and found[0].rule == rule("ON", "minimum_necessary")


def test_consulting_the_nurse_in_the_waiting_room_is_a_breach():
    """Discussing a sensitive walk-in with the nurse out front is a `breach` too."""
    sim = day(WALK_IN)
    sim.advance(at("10:30"))
    sim.apply(A.GreetPatient(at("10:30", 5), "ruth"))
    sim.apply(A.AskTriage(at("10:30", 15), "ruth", "onset", private=True))
    sim.apply(A.ConsultNurse(at("10:30", 30), "ruth", private=False))
    assert [f.severity for f in privacy(graded(sim), "M12")] == ["breach"]


def test_opening_a_chart_with_no_reason_is_a_breach():
    """Opening a chart with no call or visit that needs it is a `breach`."""
    sim = day()
    sim.apply(A.OpenChart(at("8:30"), "okafor"))
    (breach,) = privacy(graded(sim), "M18")
    assert breach.severity == "breach" and "Grace Okafor's chart" in breach.message
