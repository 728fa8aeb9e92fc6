"""New-patient registration (simulator/core/registration.py; M8): the chart of a first-time patient, the ID
number check on what is typed, and the medication list asked of their pharmacy."""

import textwrap

import pytest

from frontdesk.simulator.core import Simulation, desk_view
from frontdesk.simulator.core import actions as A
from frontdesk.simulator.scenario import load_scenario_text

H = 3600
M = 60

#: Raman and Haidari come for the first time (no chart). Raman left her medication list at home and uses
#: Main Pharmacy; Haidari has no pharmacy on file. Chen is an established patient.
NEW_PATIENTS = textwrap.dedent(
    """\
    format: 1
    id: registration
    title: New patients
    jurisdiction: ON
    clinic:
      name: Test Clinic
      staff:
        - {id: greene, role: doctor, name: Dr. Anne Greene}
        - {id: nurse, role: nurse, name: Sam Patel}
    directory:
      - {id: main-pharmacy, kind: pharmacy, name: Main Pharmacy, fax: 416-555-0199}
    patients:
      - {id: chen, name: Robert Chen, dob: 1958-04-12, health_card: {number: "1234567897", version: AB}}
      - {id: raman, name: Priya Raman, dob: 1979-03-14, phone: 416-555-0152, new: true, pharmacy: main-pharmacy,
         brings_medication_list: false, medications: [metformin 500 mg, ramipril 5 mg],
         health_card: {number: "1234567897", version: PR}}
      - {id: haidari, name: Fatima Haidari, dob: 1983-09-09, new: true}
    schedule:
      - {at: "9:00", patient: raman, with: greene, type: new_patient}
      - {at: "9:30", patient: haidari, with: greene, type: new_patient}
      - {at: "10:00", patient: chen, with: greene, type: follow_up}
    events:
      - {at: "8:50", arrival: {patient: raman}}
      - {at: "9:20", arrival: {patient: haidari}}
      - {at: "9:50", arrival: {patient: chen}}
    """
)
T = 8 * H + 50 * M  # Raman arrives


def day() -> Simulation:
    """A day on :data:`NEW_PATIENTS`, not yet begun."""
    return Simulation(load_scenario_text(NEW_PATIENTS))


def registered(patient: str = "raman", at: int = T) -> Simulation:
    """The day with ``patient`` greeted and registered just after they arrive."""
    sim = day()
    sim.advance(at)
    sim.apply(A.GreetPatient(at + 5, patient))
    sim.apply(A.RegisterPatient(at + 10, patient))
    return sim


def test_a_first_time_patient_arrives_without_a_chart():
    """A `new: true` patient arrives as a new patient: there is no chart to compare or update yet."""
    sim = day()
    sim.advance(T)
    arrived, = sim.facts.of_kind("patient_arrived")
    assert arrived.get("new_patient") is True and arrived.get("changed") == ()
    assert "raman" not in sim.records.charts and sim.records.charts.get("raman") is None
    assert [(c.patient, c.has_chart) for c in desk_view(sim).counter] == [("raman", False)]
    with pytest.raises(A.ActionError, match="no chart to update"):
        sim.apply(A.UpdateChart(T + 5, "raman", "phone", "416-555-0152"))


def test_registering_needs_the_patient_greeted_at_the_counter():
    """`register_patient` is for the patient being served: before the greeting it is refused."""
    sim = day()
    sim.advance(T)
    with pytest.raises(A.ActionError, match="Greet Priya Raman"):
        sim.apply(A.RegisterPatient(T + 5, "raman"))
    assert not sim.facts.of_kind("chart_created")


def test_registering_creates_an_empty_chart_once():
    """Registering records `chart_created` (M8) and gives the patient an empty chart; a second time, or for an
    established patient, it is refused."""
    sim = registered()
    created, = sim.facts.of_kind("chart_created")
    assert created.mechanic == "M8" and created.get("patient") == "raman"
    assert "raman" in sim.records.charts and sim.records.charts["raman"] == {}
    assert [(c.patient, c.has_chart) for c in desk_view(sim).counter] == [("raman", True)]
    with pytest.raises(A.ActionError, match="already has a chart"):
        sim.apply(A.RegisterPatient(T + 20, "raman"))


def test_an_established_patient_cannot_be_registered_again():
    """A patient with a chart already is refused registration."""
    sim = day()
    sim.advance(9 * H + 50 * M)
    sim.apply(A.GreetPatient(9 * H + 50 * M + 5, "chen"))
    with pytest.raises(A.ActionError, match="already has a chart"):
        sim.apply(A.RegisterPatient(9 * H + 50 * M + 10, "chen"))


def test_typing_a_registered_chart_is_registration_work():
    """`update_chart` on a chart created today is M8, and its value lands in the chart; checking the patient
    in is M8 too and says they were registered."""
    sim = registered()
    sim.apply(A.UpdateChart(T + 20, "raman", "name", "Priya Raman"))
    sim.apply(A.UpdateChart(T + 30, "raman", "dob", "1979-03-14"))
    updates = sim.facts.of_kind("chart_updated")
    assert [f.mechanic for f in updates] == ["M8", "M8"]
    assert updates[0].get("before") is None and "card_check" not in updates[0].as_dict()
    assert sim.records.charts["raman"] == {"name": "Priya Raman", "dob": "1979-03-14"}
    sim.apply(A.CheckIn(T + 40, "raman"))
    checked_in, = sim.facts.of_kind("patient_checked_in")
    assert checked_in.mechanic == "M8" and checked_in.get("registered") is True and checked_in.get("has_chart") is True


def test_an_established_patients_chart_update_stays_check_in_work():
    """Typing into an established patient's chart is M4, not registration."""
    sim = day()
    sim.advance(9 * H + 50 * M)
    sim.apply(A.UpdateChart(9 * H + 50 * M + 5, "chen", "phone", "416-555-0100"))
    assert sim.facts.of_kind("chart_updated")[0].mechanic == "M4"


@pytest.mark.parametrize("number, passes", [("1234567897", True), ("1234 567-897", True),
                                            ("1234567890", False), ("12345", False)])
def test_a_typed_health_card_number_is_checked(number, passes):
    """A typed health-card number carries `card_check`: empty when it passes the format and check digit
    (spaces and dashes ignored), a message otherwise."""
    sim = registered()
    sim.apply(A.UpdateChart(T + 20, "raman", "health_card.number", number))
    check = sim.facts.of_kind("chart_updated")[0].get("card_check")
    assert check is not None and (check == ()) is passes
    if not passes:
        assert all(isinstance(message, str) and message for message in check)


def test_the_medication_list_is_asked_of_the_pharmacy_and_filed():
    """`request_medication_list` records the request (M8); the pharmacy's list arrives later as an inbox
    document (M8), and filing it fills the chart's medications."""
    sim = registered()
    sim.apply(A.RequestMedicationList(T + 20, "raman"))
    requested, = sim.facts.of_kind("medication_list_requested")
    assert requested.mechanic == "M8" and requested.get("pharmacy") == "main-pharmacy"
    assert requested.get("brought_list") is False
    sim.advance(T + 20 + 19 * M)
    assert not sim.facts.of_kind("document_arrived")
    sim.advance(T + 20 + 50 * M)
    arrived, = sim.facts.of_kind("document_arrived")
    assert arrived.mechanic == "M8" and arrived.get("document_kind") == "medication_list"
    assert arrived.get("belongs_to") == "raman" and arrived.get("sender") == "main-pharmacy"
    assert 20 * M <= arrived.t - (T + 20) <= 50 * M
    sim.apply(A.FileDocument(sim.now + 5, arrived.get("document"), "raman"))
    assert sim.records.charts["raman"]["medications"] == "metformin 500 mg; ramipril 5 mg"


def test_the_medication_list_needs_a_chart_and_a_pharmacy():
    """Asking for the list before the chart exists is refused ("register them first"); so is asking for a
    patient with no pharmacy on file."""
    sim = day()
    sim.advance(T)
    with pytest.raises(A.ActionError, match="register them first"):
        sim.apply(A.RequestMedicationList(T + 5, "raman"))
    sim = registered("haidari", 9 * H + 20 * M)
    with pytest.raises(A.ActionError, match="no pharmacy on file"):
        sim.apply(A.RequestMedicationList(9 * H + 20 * M + 20, "haidari"))
    assert not sim.facts.of_kind("medication_list_requested")


def test_a_pharmacy_with_no_fax_cannot_send_the_list():
    """The medication list comes by fax: asking a pharmacy with no fax number on file is refused in words."""
    text = NEW_PATIENTS.replace("name: Main Pharmacy, fax: 416-555-0199", "name: Main Pharmacy, phone: 416-555-0198")
    sim = Simulation(load_scenario_text(text))
    sim.advance(T)
    sim.apply(A.GreetPatient(T + 5, "raman"))
    sim.apply(A.RegisterPatient(T + 10, "raman"))
    with pytest.raises(A.ActionError, match="Main Pharmacy has no fax number on file"):
        sim.apply(A.RequestMedicationList(T + 20, "raman"))
