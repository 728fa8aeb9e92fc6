"""The rubric fixed by the scenario (grading/lines.py, grading/rubric.py): points possible never depend on what the
trainee did, a day with no action earns nothing, the same mistake costs about the same on any shipped day, and the
critical errors make a day "not yet competent"."""

from __future__ import annotations

import functools
import json

import pytest

from frontdesk.grading.api import grade_day, grade_simulation
from frontdesk.grading.grade import CRITERIA, Grade
from frontdesk.grading.lines import build_rubric
from frontdesk.grading.rubric import CRITICAL_ERRORS, HARM
from frontdesk.simulator.bots import make_bot, play_day
from frontdesk.simulator.core import Simulation
from frontdesk.simulator.core.facts import Fact
from frontdesk.simulator.scenario import load_scenario, load_scenario_text
from frontdesk.simulator.scenario.generate import generate_day

from conftest import MINI, SCENARIOS

SHIPPED = sorted(p.stem for p in SCENARIOS.glob("*.yaml"))
#: Shipped days compared for the cost of one mistake (the tutorial is too short to compare: calibrate warns of it).
COMPARED = [name for name in SHIPPED if name != "tutorial"]


@functools.lru_cache(maxsize=None)
def scenario(name: str):
    """The shipped scenario ``name``, loaded once."""
    return load_scenario(SCENARIOS / f"{name}.yaml")


@functools.lru_cache(maxsize=None)
def generated(seed: int, jurisdiction: str, mode: str):
    """The generated day for ``seed``, ``jurisdiction`` and ``mode``, loaded once."""
    return load_scenario_text(generate_day(seed, jurisdiction=jurisdiction, mode=mode))


@functools.lru_cache(maxsize=None)
def day(name: str, bot: str) -> Simulation:
    """Shipped scenario ``name`` played by ``bot`` on its own seed (``none``: nothing done all day), played once."""
    s = scenario(name)
    sim = Simulation(s, s.seed)
    if bot == "none":
        sim.finish_day()
        return sim
    return play_day(sim, make_bot(bot, s, s.seed))


def graded(name: str, bot: str) -> Grade:
    """The grade of :func:`day`'s day."""
    return grade_simulation(day(name, bot))


def regraded(name: str, facts: list[Fact]) -> Grade:
    """The expert's day with its facts changed: the grader is a pure function of the facts."""
    return grade_day(scenario(name), facts, 0, "0" * 64)


def fact(t: int, kind: str, mechanic: str, **details) -> Fact:
    """A fact of ``kind`` at second ``t`` under ``mechanic`` with ``details``."""
    return Fact(t, kind, mechanic, tuple(sorted(details.items())))


def changed(f: Fact, **details) -> Fact:
    """Fact ``f`` with ``details`` added or replaced."""
    return Fact(f.t, f.kind, f.mechanic, tuple(sorted({**dict(f.details), **details}.items())))


# --- the rubric is fixed by the scenario -------------------------------------------------------------------------


@pytest.mark.parametrize("name", SHIPPED)
def test_points_possible_are_the_same_whatever_the_trainee_did(name):
    """The expert's day, the novice's day and a day with no action have the same points possible per criterion:
    the rubric comes from the scenario, not from what was done."""
    possible = {bot: {c: graded(name, bot).possible(c) for c in CRITERIA} for bot in ("expert", "novice", "none")}
    assert possible["expert"] == possible["novice"] == possible["none"]
    assert all(possible["none"][c] > 0 for c in CRITERIA)


@pytest.mark.parametrize("name", SHIPPED)
def test_every_rubric_line_is_a_check_of_every_day(name):
    """Each line of the rubric is judged exactly once as a line on any day (deductions aside): the grade's lines
    are the rubric's keys, in its order."""
    keys = [line.key for line in build_rubric(scenario(name))]
    for bot in ("expert", "none"):
        assert [c.key for c in graded(name, bot).checks if c.max > 0] == keys


@pytest.mark.parametrize("name", SHIPPED)
def test_a_day_with_no_action_scores_at_most_5(name):
    """A day where the trainee does nothing scores at most 5 in total and in every criterion shown."""
    g = graded(name, "none")
    assert g.total <= 5
    assert all(g.criterion_score(c) <= 5 for c in g.shown())


@pytest.mark.parametrize("seed, jurisdiction, mode", [(1, "ON", "front_desk"), (2, "US", "front_desk"),
                                                      (3, "ON", "medical_assistant")])
def test_a_generated_day_with_no_action_scores_at_most_5(seed, jurisdiction, mode):
    """The same on days from `frontdesk generate`, in both jurisdictions and in medical-assistant mode."""
    s = generated(seed, jurisdiction, mode)
    sim = Simulation(s, s.seed)
    sim.finish_day()
    g = grade_simulation(sim)
    assert g.total <= 5 and all(g.criterion_score(c) <= 5 for c in g.shown())


# --- the expert and the novice ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", SHIPPED)
def test_the_expert_day_has_no_error_and_no_critical_finding(name):
    """The expert scores 90 or more with no finding at all but praise: no error, nothing late or missed, no
    critical error."""
    g = graded(name, "expert")
    assert g.total >= 90 and g.competent
    assert [f.message for f in g.findings if f.severity != "good"] == []


@pytest.mark.parametrize("seed, jurisdiction, mode", [(1, "ON", "front_desk"), (2, "US", "front_desk"),
                                                      (3, "ON", "medical_assistant")])
def test_the_expert_is_competent_on_generated_days(seed, jurisdiction, mode):
    """On generated days the expert scores 90 or more with no critical error."""
    s = generated(seed, jurisdiction, mode)
    g = grade_simulation(play_day(Simulation(s, s.seed), make_bot("expert", s, s.seed)))
    assert g.total >= 90 and g.competent, [f.message for f in g.findings if f.severity != "good"]


# --- the same mistake costs about the same on any day -------------------------------------------------------------


def _misfile(name: str) -> Grade | None:
    """The expert's day with its first lab result filed to another chart (a look-alike's when there is one)."""
    facts = list(day(name, "expert").facts)
    s = scenario(name)
    patients = {p.id: p for p in s.patients if hasattr(p, "name")}
    for i, f in enumerate(facts):
        if f.kind == "document_filed" and f.get("document_kind") == "lab_result":
            owner = patients[f.get("belongs_to")]
            others = sorted((p.name != owner.name, p.id) for p in patients.values() if p.id != owner.id)
            facts[i] = changed(f, filed_to=others[0][1])
            return regraded(name, facts)
    return None


def _unverified_results(name: str) -> Grade | None:
    """The expert's day where, on the first call a patient makes about herself, the desk tells the caller her
    results before verifying who is calling."""
    facts = list(day(name, "expert").facts)
    rang = {f.get("call"): f for f in facts if f.kind == "call_rang"}
    for i, f in enumerate(facts):
        r = rang.get(f.get("call"))
        if f.kind == "call_answered" and r is not None and r.get("caller") == "patient" and r.get("about"):
            told = fact(f.t + 1, "disclosure", "M18", call=f.get("call"), item="results", about=r.get("about"),
                        channel="phone", caller="patient", name=r.get("name"), relationship=None, impostor=False,
                        identity_verified=False, identifiers=[], wants=r.get("wants"), purpose=None,
                        authorised=None, listed_contact=False, contact_authorised=None)
            return regraded(name, facts[:i + 1] + [told] + facts[i + 1:])
    return None


def _slow_answer(name: str) -> Grade | None:
    """The expert's day with its first answered call picked up after 12 rings."""
    facts = list(day(name, "expert").facts)
    for i, f in enumerate(facts):
        if f.kind == "call_answered":
            facts[i] = changed(f, rings=12)
            return regraded(name, facts)
    return None


MISTAKES = {"misfiled result": _misfile, "results to an unverified caller": _unverified_results,
            "answered after 12 rings": _slow_answer}


@pytest.mark.parametrize("mistake", sorted(MISTAKES))
def test_the_same_mistake_costs_at_most_twice_as_much_on_one_day_as_on_another(mistake):
    """One mistake, made once in the expert's day, costs between x and 2x total points across the shipped days
    that give the chance to make it (the tutorial aside)."""
    costs = {}
    for name in COMPARED:
        g = MISTAKES[mistake](name)
        if g is not None:
            costs[name] = graded(name, "expert").total - g.total
    assert len(costs) >= 2, f"fewer than two shipped days allow {mistake}: {costs}"
    assert min(costs.values()) > 0
    assert max(costs.values()) <= 2 * min(costs.values()), costs


def test_a_harm_class_costs_the_same_deduction_everywhere():
    """Every harm class has fixed points and a fixed deduction, worst first; critical outweighs all the rest."""
    assert list(HARM) == ["critical", "major", "moderate", "minor"]
    points = [h.points for h in HARM.values()]
    deductions = [h.deduction for h in HARM.values()]
    assert points == sorted(points, reverse=True) and deductions == sorted(deductions, reverse=True)
    assert HARM["critical"].deduction > sum(h.deduction for name, h in HARM.items() if name != "critical")


# --- critical errors ----------------------------------------------------------------------------------------------


def _red_flag_ignored():
    """us-family-practice's stroke walk-in, left in the waiting room: the expert's day without its disposition."""
    name = "us-family-practice"
    facts = [f for f in day(name, "expert").facts
             if f.kind not in ("walk_in_sent_to_emergency", "walk_in_admitted")]
    return regraded(name, facts)


CRITICAL_DAYS = {
    "red_flag_kept": _red_flag_ignored,
    "clinical_disclosure": lambda: _unverified_results("laura-day"),
    "wrong_chart": lambda: _misfile("laura-day"),
}


@pytest.mark.parametrize("error", sorted(CRITICAL_DAYS))
def test_each_critical_error_makes_the_day_not_yet_competent(error):
    """A red-flag walk-in left waiting, results told to an unverified caller, a result filed to a look-alike's
    chart: each marks the day not competent in the grade JSON, naming the critical error."""
    g = CRITICAL_DAYS[error]()
    assert error in CRITICAL_ERRORS
    j = json.loads(json.dumps(g.to_json()))
    assert j["competent"] is False and error in [f["critical_error"] for f in j["critical"]]
    assert all(f["critical"] for f in j["critical"])


def test_a_red_flag_walk_in_nobody_dealt_with_is_a_critical_error():
    """A walk-in with red flags that nobody sent to emergency is missed, and missing it is critical."""
    s = load_scenario_text(MINI + 'events:\n  - {at: "9:30", walk_in: {patient: okafor, complaint: chest pain, '
                                  'red_flags: [short of breath]}}\n')
    sim = Simulation(s, s.seed)
    sim.finish_day()
    g = grade_simulation(sim)
    (f,) = [f for f in g.findings if f.line and f.line.endswith(".disposition")]
    assert f.severity == "missed" and f.harm == "critical" and f.critical == "red_flag_kept" and not g.competent


def test_a_scenario_can_cap_the_total_of_a_day_with_a_critical_error():
    """`rubric.critical_cap` caps the total of a day with a critical error; without it the total stands."""
    s = load_scenario_text(MINI + 'events:\n  - {at: "9:30", walk_in: {patient: okafor, complaint: chest pain, '
                                  'red_flags: [short of breath]}}\nrubric:\n  critical_cap: 0\n')
    sim = Simulation(s, s.seed)
    sim.finish_day()
    assert grade_simulation(sim).total == 0
    assert grade_simulation(sim).critical_cap == 0


def test_a_day_with_nothing_done_is_not_competent_where_care_depended_on_the_desk():
    """Doing nothing is no way to be competent: on laura-day the emergency nurse's request and the urgent referral
    go unanswered, each a critical error (a patient-safety step), so the idle day is not yet competent."""
    g = graded("laura-day", "none")
    errors = {f.critical for f in g.critical}
    assert not g.competent and {"care_request_unanswered", "urgent_referral_late"} <= errors
