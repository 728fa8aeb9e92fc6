"""The grade: criterion scores as sums of checks, the weighted total, findings that explain every lost point,
and the grade JSON of DESIGN section 4 (grading/grade.py)."""

import functools

import pytest

from grading.api import grade_day, grade_simulation
from grading.grade import CRITERIA, Check, Finding, Grade, clock
from grading.rubric import COMPETENCIES
from simulator.bots import make_bot, play_day
from simulator.core import Simulation
from simulator.mechanics import MECHANICS
from simulator.scenario import load_scenario, load_scenario_text

from conftest import MINI, SCENARIOS

SHIPPED = sorted(p.stem for p in SCENARIOS.glob("*.yaml"))
BOTS = ("expert", "novice", "random")


@functools.lru_cache(maxsize=None)
def played(name: str, bot: str) -> Simulation:
    s = load_scenario(SCENARIOS / f"{name}.yaml")
    return play_day(Simulation(s), make_bot(bot, s, s.seed))


@functools.lru_cache(maxsize=None)
def graded(name: str, bot: str) -> Grade:
    return grade_simulation(played(name, bot))


ALL = [(name, bot) for name in SHIPPED for bot in BOTS]


def lost(criterion: str, earned: float, most: float = 2.0, t: int = 32400) -> Check:
    """A check of ``criterion`` earning ``earned`` of ``most``, with the finding that explains any loss."""
    finding = None if earned == most else Finding(t, criterion, "M7", "error", "wrong", "right", None, most - earned)
    return Check(criterion, "M7", most, earned, "phone", finding)


def grade_of(checks, weights=None) -> Grade:
    return Grade("s", "0" * 64, "student", 1, "f" * 64,
                 weights or {"multitasking": 0.35, "accuracy": 0.40, "privacy": 0.25}, list(checks))


# --- scores -----------------------------------------------------------------------------------------------------


def test_a_criterion_score_is_the_share_of_its_points_earned():
    """Earned 3 of 4 points under a criterion: it scores 75."""
    g = grade_of([lost("accuracy", 1.0), lost("accuracy", 2.0)])
    assert g.criterion_score("accuracy") == 75.0


def test_a_criterion_with_no_checks_scores_100():
    """Nothing judged under a criterion: it scores 100 (nothing was lost)."""
    g = grade_of([lost("accuracy", 0.0)])
    assert g.criterion_score("privacy") == 100.0 and g.criterion_score("multitasking") == 100.0
    assert grade_of([]).total == pytest.approx(100.0)


def test_the_total_is_the_weighted_sum_of_the_criteria():
    """Total = Σ weight × score with the scenario's weights (0.35, 0.40, 0.25 by default)."""
    g = grade_of([lost("multitasking", 1.0), lost("accuracy", 0.5), lost("privacy", 0.0)])
    assert g.total == pytest.approx(0.35 * 50 + 0.40 * 25 + 0.25 * 0)


def test_the_weights_are_normalised():
    """Weights that do not add up to one are normalised: 2, 1, 1 weighs like 0.5, 0.25, 0.25."""
    checks = [lost("multitasking", 1.0), lost("accuracy", 2.0), lost("privacy", 0.0)]
    g = grade_of(checks, {"multitasking": 2, "accuracy": 1, "privacy": 1})
    assert g.total == pytest.approx(0.5 * 50 + 0.25 * 100 + 0.25 * 0)
    assert g.total == pytest.approx(grade_of(checks, {"multitasking": 0.5, "accuracy": 0.25, "privacy": 0.25}).total)


def test_the_weights_come_from_the_scenario_rubric():
    """A scenario's rubric weights are the grade's weights; without a rubric the defaults 0.35, 0.40, 0.25 hold."""
    default = Simulation(load_scenario_text(MINI))
    default.finish_day()
    assert {c: v["weight"] for c, v in grade_simulation(default).to_json()["criteria"].items()} == {
        "multitasking": 0.35, "accuracy": 0.40, "privacy": 0.25}
    tuned = Simulation(load_scenario_text(MINI + "rubric:\n  weights: {multitasking: 0.5, accuracy: 0.3, privacy: 0.2}\n"))
    tuned.finish_day()
    g = grade_simulation(tuned)
    assert g.weights == {"multitasking": 0.5, "accuracy": 0.3, "privacy": 0.2}
    assert g.total == pytest.approx(sum(g.criterion_score(c) * g.weights[c] for c in CRITERIA))


@pytest.mark.parametrize("name, bot", ALL)
def test_the_json_total_is_the_weighted_sum_of_the_json_criteria(name, bot):
    """In the JSON, total = Σ weight × score over the criteria (up to rounding to one decimal)."""
    j = graded(name, bot).to_json()
    weights = sum(v["weight"] for v in j["criteria"].values())
    expected = sum(v["score"] * v["weight"] for v in j["criteria"].values()) / weights
    assert j["total"] == pytest.approx(expected, abs=0.1)
    assert 0 <= j["total"] <= 100 and all(0 <= v["score"] <= 100 for v in j["criteria"].values())


# --- findings explain every lost point ----------------------------------------------------------------------------


@pytest.mark.parametrize("name, bot", ALL)
def test_every_lost_point_has_exactly_one_finding(name, bot):
    """Each check that lost points carries one finding whose `points` is exactly the loss; a check that lost
    nothing carries no finding or a `good` one worth nothing."""
    for c in graded(name, bot).checks:
        if c.earned < c.max:
            assert c.finding is not None and c.finding.points == pytest.approx(c.max - c.earned)
            assert c.finding.severity != "good" and c.finding.criterion == c.criterion
            assert c.finding.mechanic == c.mechanic
        else:
            assert c.finding is None or (c.finding.severity == "good" and c.finding.points == 0)


@pytest.mark.parametrize("name, bot", ALL)
def test_finding_points_add_up_to_the_points_lost_per_criterion(name, bot):
    """Per criterion, the findings' points add up to possible − earned."""
    g = graded(name, bot)
    for criterion in CRITERIA:
        mine = [c for c in g.checks if c.criterion == criterion]
        possible, earned = sum(c.max for c in mine), sum(c.earned for c in mine)
        explained = sum(f.points for f in g.findings if f.criterion == criterion)
        assert explained == pytest.approx(possible - earned)


@pytest.mark.parametrize("name, bot", ALL)
def test_findings_are_in_time_order(name, bot):
    """Findings come in the order they happened, in the grade and in its JSON."""
    g = graded(name, bot)
    times = [f.t for f in g.findings]
    assert times == sorted(times)
    ats = [f["at"] for f in g.to_json()["findings"]]
    assert ats == sorted(ats)


def test_findings_at_the_same_second_put_the_worst_first():
    """Two findings at the same second: the breach comes before the lesser one."""
    late = Finding(100, "multitasking", "M7", "late", "slow", "faster", None, 1.0)
    breach = Finding(100, "privacy", "M18", "breach", "told", "do not", None, 3.0)
    g = grade_of([Check("multitasking", "M7", 1.0, 0.0, "phone", late), Check("privacy", "M18", 3.0, 0.0, "privacy", breach)])
    assert [f.severity for f in g.findings] == ["breach", "late"]


# --- the grade JSON (DESIGN section 4) ----------------------------------------------------------------------------

TOP_KEYS = {"scenario", "scenario_sha256", "student", "seed", "total", "criteria", "findings", "facts_sha256",
            "mechanics"}
FINDING_KEYS = {"at", "criterion", "mechanic", "severity", "message", "better", "rule", "points"}


@pytest.mark.parametrize("name, bot", ALL)
def test_the_json_has_exactly_the_keys_of_the_contract(name, bot):
    """The grade JSON holds exactly the keys of DESIGN section 4, plus `mechanics`; criteria are the three, each
    with score and weight; it describes the day it graded."""
    sim = played(name, bot)
    j = graded(name, bot).to_json()
    assert set(j) == TOP_KEYS
    assert set(j["criteria"]) == set(CRITERIA)
    assert all(set(v) == {"score", "weight"} for v in j["criteria"].values())
    assert j["scenario"] == name and j["seed"] == sim.seed and j["facts_sha256"] == sim.facts.sha256
    assert len(j["scenario_sha256"]) == 64


@pytest.mark.parametrize("name, bot", ALL)
def test_each_finding_has_its_fields(name, bot):
    """Each finding has at (HH:MM), criterion, mechanic, severity (breach, error, late, missed, good), message,
    better, rule and points."""
    for f in graded(name, bot).to_json()["findings"]:
        assert set(f) == FINDING_KEYS
        assert len(f["at"]) == 5 and f["at"][2] == ":"
        assert f["criterion"] in CRITERIA and f["mechanic"] in MECHANICS
        assert f["severity"] in ("breach", "error", "late", "missed", "good")
        assert f["message"] and f["better"] and (f["rule"] is None or isinstance(f["rule"], str))
        assert f["points"] >= 0 and (f["points"] == 0) == (f["severity"] == "good")


@pytest.mark.parametrize("name, bot", ALL)
def test_each_mechanic_entry_has_its_breakdown(name, bot):
    """Per mechanic: name, score, max and its rubric lines, each with criterion, competency, score, max, count; the
    lines add up to the mechanic."""
    mechanics = graded(name, bot).to_json()["mechanics"]
    assert mechanics and set(mechanics) <= set(MECHANICS)
    for m, v in mechanics.items():
        assert set(v) == {"name", "score", "max", "checks"} and v["name"] == MECHANICS[m]
        assert 0 <= v["score"] <= v["max"]
        for line in v["checks"]:
            assert set(line) == {"criterion", "competency", "score", "max", "count"}
            assert line["criterion"] in CRITERIA and line["competency"] in COMPETENCIES.values()
            assert line["count"] >= 1 and 0 <= line["score"] <= line["max"]
        assert sum(line["max"] for line in v["checks"]) == pytest.approx(v["max"], abs=0.01 * len(v["checks"]))
        assert sum(line["score"] for line in v["checks"]) == pytest.approx(v["score"], abs=0.01 * len(v["checks"]))


def test_a_finding_writes_its_time_as_hh_mm():
    """`at` is HH:MM of the simulated second; past midnight it reads 24:10, still the same day."""
    assert clock(9 * 3600 + 5 * 60 + 59) == "09:05"
    assert clock(24 * 3600 + 600) == "24:10"
    f = Finding(8 * 3600 + 30, "privacy", "M18", "breach", "m", "b", "r", 3.0).to_json()
    assert f == {"at": "08:00", "criterion": "privacy", "mechanic": "M18", "severity": "breach", "message": "m",
                 "better": "b", "rule": "r", "points": 3.0}


def test_grading_is_deterministic():
    """The same scenario and facts grade to the same JSON, twice."""
    sim = played("laura-day", "novice")
    again = grade_day(sim.scenario, list(sim.facts), sim.seed, sim.facts.sha256)
    assert again.to_json() == graded("laura-day", "novice").to_json()
