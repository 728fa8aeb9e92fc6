"""Several visits a day for one patient (simulator/scenario/visits.py, simulator/core/visits.py): each planned,
played, recorded and graded apart, and the walk-in clinic's Saturday that relies on them."""

from __future__ import annotations

from pathlib import Path

from frontdesk.simulator.bots import make_bot, play_day
from frontdesk.simulator.core import Simulation
from frontdesk.simulator.core import actions as A
from frontdesk.simulator.core.actions import ActionError
from frontdesk.simulator.scenario import load_scenario, load_scenario_text
from frontdesk.simulator.scenario.visits import planned_visits, visit_key

from conftest import MINI, at, graded

SATURDAY = Path(__file__).parent.parent / "scenarios" / "walk-in-saturday.yaml"

#: :data:`MINI` with Chen back at 15:00 and Okafor walking in twice.
TWICE = MINI + '  - {at: "15:00", patient: chen, with: greene, type: follow_up}\n' + (
    "events:\n"
    '  - {at: "10:00", walk_in: {patient: okafor, complaint: a sore throat}}\n'
    '  - {at: "10:05", walk_in: {patient: okafor, complaint: she forgot to mention her cough}}\n')


def expert_day(path: Path = SATURDAY) -> Simulation:
    """The expert's whole day on the scenario at ``path``."""
    scenario = load_scenario(path)
    return play_day(Simulation(scenario), make_bot("expert", scenario, scenario.seed))


def replayed(sim: Simulation, keep) -> Simulation:  # type: ignore[no-untyped-def]
    """``sim``'s day played again with only the actions ``keep`` accepts (refused ones are dropped, as a replay
    of a day that went differently would have them)."""
    again = Simulation(sim.scenario, seed=sim.seed)
    for action in sim.actions:
        if keep(action):
            try:
                again.apply(action)
            except ActionError:
                pass
    again.finish_day()
    return again


def test_a_later_visit_is_tagged_with_its_time():
    """A patient's first visit of the day is named by the patient; each later one (booked or walked in) by its
    time; walk-ins and appointments are ordered together by when they are due."""
    plan = planned_visits(load_scenario_text(TWICE))
    assert [(v.patient, v.tag) for v in plan] == [("chen", None), ("okafor", None), ("okafor", "10:05"),
                                                  ("chen", "15:00")]
    assert [v.key for v in plan][-1] == "visit.chen@15:00" == visit_key("chen", "15:00")


def test_each_visit_is_played_and_recorded_apart():
    """Chen comes twice: the second arrival's facts carry ``visit: "15:00"``, the first's carry no mark."""
    sim = Simulation(load_scenario_text(TWICE))
    sim.advance(at("16:00"))
    arrived = [f for f in sim.facts if f.kind == "patient_arrived" and f.get("patient") == "chen"]
    assert [f.get("visit") for f in arrived] == [None, "15:00"]
    assert [f.get("appointment") for f in arrived] == ["09:00", "15:00"]


def test_a_second_walk_in_waits_until_the_first_visit_is_over():
    """Okafor walks in again at 10:05 while still at the counter for her 10:00 walk-in: the second visit starts
    only once the first is over (here, when she is sent to emergency), and is recorded with its own mark."""
    text = TWICE.replace("complaint: a sore throat}", "complaint: a sore throat, red_flags: [blue lips]}")
    sim = Simulation(load_scenario_text(text))
    sim.advance(at("10:06"))
    assert [f.get("visit") for f in sim.facts if f.kind == "walk_in_arrived"] == [None]
    sim.apply(A.GreetPatient(at("10:06"), "okafor"))
    sim.apply(A.ConsultNurse(at("10:07"), "okafor", private=True))
    sim.apply(A.SendToEmergency(at("10:08"), "okafor"))
    sim.advance(at("10:20"))
    second = [f for f in sim.facts if f.kind == "walk_in_arrived"][1]
    assert second.get("visit") == "10:05" and second.t > at("10:08")


def test_the_saturday_plays_each_situation_into_the_facts():
    """On the walk-in Saturday the expert's day shows each situation the day is for: walk-ins seen by both doctors
    from the shared queue, the named doctor's walk-in seen by her, Haddad's two visits apart, and the expired card
    noted."""
    sim = expert_day()
    called = {(f.get("patient"), f.get("visit")): f.get("doctor") for f in sim.facts if f.kind == "patient_called_in"}
    walk_ins = {f.get("patient") for f in sim.facts if f.kind == "walk_in_arrived"}
    assert {called[(p, None)] for p in walk_ins if (p, None) in called} == {"okoye", "lindqvist"}
    assert called[("kowalski", None)] == "lindqvist"
    assert called[("haddad", None)] == called[("haddad", "13:15")] == "okoye"
    assert [f.get("visit") for f in sim.facts if f.kind == "patient_checked_out" and f.get("patient") == "haddad"] \
        == [None, "13:15"]
    noted = {f.get("patient"): f.get("status") for f in sim.facts if f.kind == "card_noted"}
    assert noted["moreau"] == "expired" and noted["obi"] == "forgotten"


def test_the_saturday_grades_each_situation():
    """The rubric judges the return visit, the expired card and the red-flag walk-in on lines of their own; the
    expert earns every one."""
    g = graded(expert_day())
    checks = {c.key: c for c in g.checks}
    for key in ("visit.haddad.seen", "visit.haddad@13:15.greet", "visit.haddad@13:15.identity",
                "visit.haddad@13:15.seen", "visit.moreau.card", "visit.obi.card", "walkin4.disposition",
                "visit.fontaine.chart.allergies"):
        assert checks[key].earned == checks[key].max > 0, key
    assert "visit.haddad@13:15.card" not in checks  # the card was looked at in the morning
    assert g.total == 100.0


def test_the_return_visit_is_judged_apart_both_ways():
    """The expert's day with the afternoon visit's check-in removed: that visit's identity and seen lines are
    lost, the morning visit's are not; with the morning check-in removed instead, the reverse."""
    sim = expert_day()
    afternoon = replayed(sim, lambda a: not (a.type in ("confirm_identity", "check_in") and a.patient == "haddad"
                                               and a.t > at("13:00")))
    morning = replayed(sim, lambda a: not (a.type in ("confirm_identity", "check_in") and a.patient == "haddad"
                                             and a.t < at("12:00")))
    for g, lost, kept in ((graded(afternoon), "visit.haddad@13:15", "visit.haddad"),
                          (graded(morning), "visit.haddad", "visit.haddad@13:15")):
        checks = {c.key: c for c in g.checks}
        assert checks[f"{lost}.identity"].earned == 0 and checks[f"{lost}.seen"].earned == 0
        assert checks[f"{kept}.identity"].earned == checks[f"{kept}.identity"].max
        assert g.total < 100


def test_an_expired_card_not_noted_costs_its_line():
    """The expert's Saturday without noting Moreau's expired card loses exactly that line."""
    sim = replayed(expert_day(), lambda a: not (a.type == "note_card" and a.patient == "moreau"))
    checks = {c.key: c for c in graded(sim).checks}
    assert checks["visit.moreau.card"].earned == 0
    assert all(c.earned == c.max for k, c in checks.items() if k != "visit.moreau.card" and c.max > 0)


def test_the_novice_plays_the_saturday_without_a_refusal():
    """The novice plays the whole Saturday; Haddad's second visit is met and checked out like the first."""
    scenario = load_scenario(SATURDAY)
    sim = play_day(Simulation(scenario), make_bot("novice", scenario, scenario.seed))
    outs = [f.get("visit") for f in sim.facts if f.kind == "patient_checked_out" and f.get("patient") == "haddad"]
    assert outs == [None, "13:15"] and graded(sim).total < 100


def test_a_lab_with_no_phone_is_asked_by_fax_and_answers_later():
    """Results are asked of the lab by phone; a lab whose entry has no phone number is faxed, and its answer comes
    half an hour later than the same day's phoned one."""
    lab = "directory:\n  - {id: lab, kind: lab, name: City Lab, PHONE}\npatients:"
    arrived = {}
    for how, entry in (("phone", "phone: 416-555-0100"), ("fax", "fax: 416-555-0101")):
        sim = Simulation(load_scenario_text(MINI.replace("patients:", lab.replace("PHONE", entry), 1)))
        sim.apply(A.RequestResults(at("8:30"), "chen", "bloodwork"))
        sim.advance(at("10:00"))
        asked = [f for f in sim.facts if f.kind == "results_requested"][0]
        assert asked.get("by") == ("fax" if how == "fax" else None)
        arrived[how] = [f.t for f in sim.facts if f.kind == "results_received"][0]
    assert arrived["fax"] - arrived["phone"] == 30 * 60
