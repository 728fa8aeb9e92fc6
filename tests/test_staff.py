"""The staff's own hours (simulator/core/staff.py): a doctor in before the doors open sees the patients booked
then, a doctor who leaves early sees nobody after, and the validator holds visits to each doctor's hours."""

from __future__ import annotations

import pytest

from frontdesk.simulator.core import Simulation
from frontdesk.simulator.scenario import ScenarioError, load_scenario_text

from conftest import MINI, at

#: Dr. Greene starts at 7:00, an hour before the 8:00 opening (a lab morning), and Chen is booked at 7:15.
EARLY = (MINI.replace("    - {id: greene, role: doctor, name: Dr. Anne Greene}",
                      '    - {id: greene, role: doctor, name: Dr. Anne Greene, arrives: "7:00"}')
         .replace('{at: "9:00", patient: chen', '{at: "7:15", patient: chen')
         .replace("  name: Test Clinic", '  name: Test Clinic\n  opens: "8:00"'))


def test_a_doctor_in_early_sees_the_patients_booked_before_opening():
    """The day starts when the first staff member comes in; Chen, booked at 7:15, is called in by Dr. Greene
    before the clinic opens at 8:00."""
    sim = Simulation(load_scenario_text(EARLY))
    assert sim.start == at("7:00")
    sim.advance(at("7:10"))
    assert [f.get("patient") for f in sim.facts if f.kind == "patient_arrived"] == ["chen"]
    from frontdesk.simulator.core import actions as A

    sim.apply(A.GreetPatient(at("7:10", 5), "chen"))
    sim.apply(A.CheckIn(at("7:10", 10), "chen"))
    sim.advance(at("7:40"))
    called = [f for f in sim.facts if f.kind == "patient_called_in"]
    assert [(f.get("patient"), f.t <= at("7:20")) for f in called] == [("chen", True)]


def test_a_visit_before_opening_needs_its_doctor_in():
    """Without the early start, a 7:15 visit does not fit in opening hours; with it, a visit before the doctor's own
    arrival is refused, naming the arrival."""
    with pytest.raises(ScenarioError, match="does not fit in opening hours"):
        load_scenario_text(EARLY.replace(', arrives: "7:00"', ""))
    with pytest.raises(ScenarioError, match="arrives at 07:30, after this visit starts"):
        load_scenario_text(EARLY.replace('arrives: "7:00"', 'arrives: "7:30"'))


#: Dr. Greene leaves at 12:00; Okafor walks in at 12:05.
LEAVING = (MINI.replace("    - {id: greene, role: doctor, name: Dr. Anne Greene}",
                        '    - {id: greene, role: doctor, name: Dr. Anne Greene, leaves: "12:00"}')
           + 'events:\n  - {at: "12:05", walk_in: {patient: okafor, complaint: a sore throat}}\n')


def test_a_doctor_who_has_left_sees_nobody():
    """A walk-in admitted after Dr. Greene has left at 12:00 is never called in; staff who have left cannot be
    briefed."""
    from frontdesk.simulator.core import actions as A

    sim = Simulation(load_scenario_text(LEAVING))
    sim.advance(at("12:05"))
    sim.apply(A.GreetPatient(at("12:05", 5), "okafor"))
    sim.apply(A.ConsultNurse(at("12:05", 20), "okafor", private=True))
    sim.apply(A.AdmitWalkIn(at("12:05", 30), "okafor"))
    sim.advance(at("14:00"))
    assert not [f for f in sim.facts if f.kind == "patient_called_in" and f.get("patient") == "okafor"]
    with pytest.raises(A.ActionError, match="has left for the day"):
        sim.staff.present("greene")


def test_a_visit_past_the_doctors_leaving_is_refused():
    """A visit that would end after its doctor leaves is refused at its time; leaving before arriving is refused at
    `leaves`."""
    with pytest.raises(ScenarioError, match="leaves at 09:10, before this visit ends"):
        load_scenario_text(LEAVING.replace('leaves: "12:00"', 'leaves: "9:10"'))
    with pytest.raises(ScenarioError, match="leaves at 08:00, before arriving at 09:00"):
        load_scenario_text(LEAVING.replace('leaves: "12:00"', 'leaves: "8:00", arrives: "9:00"')
                           .replace('{at: "9:00", patient: chen', '{at: "9:30", patient: chen'))
