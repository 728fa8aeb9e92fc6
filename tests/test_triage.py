"""The desk's screening protocol (simulator/scenario/triage.py) and what asking the wrong questions costs: a red
flag that only the right question brings out never reaches the nurse."""

from __future__ import annotations

import pytest

from frontdesk.simulator.core import Simulation
from frontdesk.simulator.core import actions as A
from frontdesk.simulator.scenario import ScenarioError, load_scenario_text
from frontdesk.simulator.scenario.triage import screening_questions

from conftest import MINI, at, graded

#: Okafor walks in at 10:00 with a headache whose red flag shows only in her answer about severity.
HEADACHE = MINI + (
    "events:\n"
    '  - {at: "10:00", walk_in: {patient: okafor, complaint: a headache since lunch, '
    "red_flags: [sudden worst headache ever], revealed_by: [severity], "
    'answers: {onset: an hour ago, severity: "the worst ever, all at once", chest_pain: "no"}}}\n')


def triaged(*questions: str) -> Simulation:
    """Okafor's walk-in: greeted, asked ``questions`` aside, the nurse consulted, then admitted or sent on as the
    nurse says."""
    sim = Simulation(load_scenario_text(HEADACHE))
    sim.apply(A.GreetPatient(at("10:00", 5), "okafor"))
    for i, q in enumerate(questions):
        sim.apply(A.AskTriage(at("10:00", 10 + i), "okafor", q, private=True))
    sim.apply(A.ConsultNurse(at("10:01"), "okafor", private=True))
    decision = [f for f in sim.facts if f.kind == "nurse_consulted"][-1].get("decision")
    then = A.SendToEmergency if decision == "emergency" else A.AdmitWalkIn
    sim.apply(then(at("10:02"), "okafor"))
    return sim


def test_each_complaint_gets_its_systems_questions():
    """Every walk-in is asked when it started, then the questions of each system the complaint mentions; a complaint
    the protocol does not know gets a general screen."""
    assert screening_questions("pressure in his chest") == ("onset", "chest_pain", "breathing")
    assert screening_questions("a cut on his hand, bleeding") == ("onset", "bleeding", "severity")
    assert screening_questions("dizzy since breakfast") == ("onset", "dizziness", "severity")
    assert screening_questions("a cough and a fever") == ("onset", "breathing", "fever", "severity")
    assert screening_questions("wants a sick note") == ("onset", "severity", "breathing")


def test_the_right_question_brings_the_red_flag_to_the_nurse():
    """Asked about severity, Okafor's answer reaches the nurse, who sends her to emergency; the grade is whole."""
    sim = triaged("onset", "severity")
    assert [f.get("decision") for f in sim.facts if f.kind == "nurse_consulted"] == ["emergency"]
    g = graded(sim)
    assert g.competent
    assert {c.key: c for c in g.checks}["walkin0.disposition"].earned > 0


def test_the_wrong_questions_miss_the_red_flag():
    """Asked only the onset, chest pain and breathing, the nurse hears no red flag and says she can wait: the desk
    admits her, a critical error whose finding names the question nobody asked."""
    sim = triaged("onset", "chest_pain", "breathing")
    assert [f.get("decision") for f in sim.facts if f.kind == "nurse_consulted"] == ["see_today"]
    g = graded(sim)
    assert [f.critical for f in g.critical] == ["red_flag_kept"]
    (finding,) = [c.finding for c in g.checks if c.key == "walkin0.disposition"]
    assert finding is not None and "nobody asked about severity" in finding.message


def test_a_red_flag_the_patient_tells_unasked_needs_no_question():
    """Without `revealed_by` the patient says it unasked: the nurse hears the red flag whatever was asked."""
    sim = Simulation(load_scenario_text(HEADACHE.replace("revealed_by: [severity], ", "")))
    sim.apply(A.GreetPatient(at("10:00", 5), "okafor"))
    sim.apply(A.ConsultNurse(at("10:01"), "okafor", private=True))
    assert [f.get("decision") for f in sim.facts if f.kind == "nurse_consulted"] == ["emergency"]


def test_revealed_by_needs_red_flags_and_an_answer():
    """`revealed_by` names questions whose answers carry the red flag: with no red flags, or no answer to a question
    it names, the file is refused at that value."""
    with pytest.raises(ScenarioError, match="this walk-in has no `red_flags`"):
        load_scenario_text(HEADACHE.replace("red_flags: [sudden worst headache ever], ", ""))
    with pytest.raises(ScenarioError, match="the answer to 'bleeding' is what shows the red flag"):
        load_scenario_text(HEADACHE.replace("revealed_by: [severity]", "revealed_by: [bleeding]"))


def test_on_the_saturday_the_protocol_finds_what_the_habit_misses():
    """On the walk-in Saturday the expert's questions for a headache bring out the thunderclap (sent to emergency);
    the novice's same three questions for everyone miss it (kept to wait, a critical error)."""
    from pathlib import Path

    from frontdesk.simulator.bots import make_bot, play_day
    from frontdesk.simulator.scenario import load_scenario

    scenario = load_scenario(Path(__file__).parent.parent / "scenarios" / "walk-in-saturday.yaml")
    sent = {}
    for bot in ("expert", "novice"):
        sim = play_day(Simulation(scenario), make_bot(bot, scenario, scenario.seed))
        sent[bot] = any(f.kind == "walk_in_sent_to_emergency" and f.get("patient") == "p13" for f in sim.facts)
    assert sent == {"expert": True, "novice": False}
