"""The grade: criterion scores as 100 less what the findings cost, the weighted total, critical errors, findings
that explain every lost point, and the grade JSON of DESIGN section 4 (grading/grade.py)."""

import functools

import pytest

from frontdesk.grading.api import grade_day, grade_simulation
from frontdesk.grading.grade import CRITERIA, Check, Finding, Grade, clock
from frontdesk.grading.rubric import COMPETENCIES, HARM
from frontdesk.simulator.bots import make_bot, play_day
from frontdesk.simulator.core import Simulation
from frontdesk.simulator.mechanics import MECHANICS
from frontdesk.simulator.scenario import load_scenario, load_scenario_text

from conftest import MINI, SCENARIOS

SHIPPED = sorted(p.stem for p in SCENARIOS.glob("*.yaml"))
BOTS = ("expert", "novice", "random")


@functools.lru_cache(maxsize=None)
def played(name: str, bot: str) -> Simulation:
    """The day of shipped scenario ``name`` played by ``bot`` on its own seed, played once."""
    s = load_scenario(SCENARIOS / f"{name}.yaml")
    return play_day(Simulation(s), make_bot(bot, s, s.seed))


@functools.lru_cache(maxsize=None)
def graded(name: str, bot: str) -> Grade:
    """The grade of :func:`played`'s day, graded once."""
    return grade_simulation(played(name, bot))


ALL = [(name, bot) for name in SHIPPED for bot in BOTS]


def lost(criterion: str, earned: float, most: float = 2.0, t: int = 32400, points: float | None = None,
         critical: str | None = None) -> Check:
    """A check of ``criterion`` earning ``earned`` of ``most``; its finding costs ``points`` score points (by
    default the share lost of a criterion of 4 points)."""
    cost = (most - earned) * 25.0 if points is None else points
    finding = None if earned == most else Finding(t, criterion, "M7", "error", "wrong", "right", None, cost,
                                                  "moderate", critical)
    return Check(criterion, "M7", most, earned, "phone", finding)


def grade_of(checks, weights=None) -> Grade:
    """A grade of ``checks`` with ``weights`` (the default weights when none are given)."""
    return Grade("s", "0" * 64, "student", 1, "f" * 64,
                 weights or {"multitasking": 0.35, "accuracy": 0.40, "privacy": 0.25}, list(checks))


# --- scores -----------------------------------------------------------------------------------------------------


def test_a_criterion_score_is_100_less_what_its_findings_cost():
    """A criterion scores 100 less the score points its findings cost (share lost plus deductions), never below 0."""
    g = grade_of([lost("accuracy", 1.0), lost("accuracy", 2.0)])
    assert g.criterion_score("accuracy") == 75.0
    g = grade_of([lost("accuracy", 0.0, points=70.0), lost("accuracy", 0.0, points=70.0)])
    assert g.criterion_score("accuracy") == 0.0


def test_a_criterion_with_no_rubric_line_is_not_shown():
    """A criterion the rubric has no line under is not scored (never "100"): no score, not in the JSON, no weight
    in the total."""
    g = grade_of([lost("accuracy", 0.0)])
    assert g.criterion_score("privacy") is None and g.criterion_score("multitasking") is None
    assert set(g.to_json()["criteria"]) == {"accuracy"} and g.total == pytest.approx(50.0)
    assert grade_of([]).total == 0.0


def test_the_total_is_the_weighted_sum_of_the_criteria():
    """Total = Σ weight × score with the scenario's weights (0.35, 0.40, 0.25 by default)."""
    g = grade_of([lost("multitasking", 1.0), lost("accuracy", 0.5), lost("privacy", 0.0)])
    assert g.total == pytest.approx(0.35 * 75 + 0.40 * 62.5 + 0.25 * 50)


def test_the_weights_are_normalised():
    """Weights that do not add up to one are normalised: 2, 1, 1 weighs like 0.5, 0.25, 0.25."""
    checks = [lost("multitasking", 1.0), lost("accuracy", 2.0), lost("privacy", 0.0)]
    g = grade_of(checks, {"multitasking": 2, "accuracy": 1, "privacy": 1})
    assert g.total == pytest.approx(0.5 * 75 + 0.25 * 100 + 0.25 * 50)
    assert g.total == pytest.approx(grade_of(checks, {"multitasking": 0.5, "accuracy": 0.25, "privacy": 0.25}).total)


def test_a_critical_error_makes_the_day_not_yet_competent():
    """One finding naming a critical error marks the day not competent whatever its total; the JSON lists it
    under `critical`; a scenario's `critical_cap` caps the total."""
    checks = [lost("multitasking", 2.0), lost("accuracy", 2.0), lost("privacy", 1.9, points=2.0,
                                                                       critical="wrong_chart")]
    g = grade_of(checks)
    assert not g.competent and g.total > 90
    j = g.to_json()
    assert j["competent"] is False and [f["critical_error"] for f in j["critical"]] == ["wrong_chart"]
    capped = Grade("s", "0" * 64, "student", 1, "f" * 64, g.weights, checks, critical_cap=59)
    assert capped.total == 59
    assert grade_of([lost("accuracy", 1.0)]).competent


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
    """Each line that lost part of its points carries one finding costing, on the side that decides its criterion,
    that part of the line's share of the criterion (completion) or of its harm class's deduction (harm); a
    deduction (max 0) carries a finding; a line earned in full carries no finding or a `good` one worth nothing."""
    g = graded(name, bot)
    for c in g.checks:
        if c.max == 0:  # a deduction costs its harm's deduction on either side
            assert c.finding is not None and c.finding.points > 0 and c.finding.severity != "good"
            assert c.finding.share == c.finding.deduction
        elif c.earned < c.max:
            lost = (c.max - c.earned) / c.max
            f = c.finding
            assert f is not None and f.share == pytest.approx(lost * 100 * c.max / g.possible(c.criterion))
            assert f.deduction == pytest.approx(lost * HARM[f.harm].deduction)
            assert f.points == (f.deduction if g.sides(c.criterion)["decided_by"] == "harm" else f.share)
            assert f.severity != "good" and f.criterion == c.criterion
            assert f.mechanic == c.mechanic
        else:
            assert c.finding is None or (c.finding.severity == "good" and c.finding.points == 0)


@pytest.mark.parametrize("name, bot", ALL)
def test_the_score_is_100_less_the_findings_points(name, bot):
    """Per criterion shown, the score is 100 less the findings' points, floored at 0; that is 100 less the worse
    of what completion and harm lose."""
    g = graded(name, bot)
    for criterion in g.shown():
        explained = sum(f.points for f in g.findings if f.criterion == criterion)
        assert g.criterion_score(criterion) == pytest.approx(max(0.0, 100.0 - explained))
        sides = g.sides(criterion)
        assert explained == pytest.approx(max(sides["completion_lost"], sides["harm_lost"]), abs=0.1)


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
            "mechanics", "competent", "critical", "lines"}
FINDING_KEYS = {"at", "criterion", "mechanic", "severity", "harm", "critical", "critical_error", "line", "message",
                "better", "rule", "points"}


@pytest.mark.parametrize("name, bot", ALL)
def test_the_json_has_exactly_the_keys_of_the_contract(name, bot):
    """The grade JSON holds exactly the keys of DESIGN section 4, plus `mechanics`, `competent`, `critical` and
    `lines`; criteria are the three (every shipped day has lines under each), each with score, weight and points
    possible; it describes the day it graded."""
    sim = played(name, bot)
    j = graded(name, bot).to_json()
    assert set(j) == TOP_KEYS
    assert set(j["criteria"]) == set(CRITERIA)
    assert all(set(v) == {"score", "weight", "points_possible", "completion_lost", "harm_lost", "decided_by"}
               for v in j["criteria"].values())
    assert j["scenario"] == name and j["seed"] == sim.seed and j["facts_sha256"] == sim.facts.sha256
    assert len(j["scenario_sha256"]) == 64


@pytest.mark.parametrize("name, bot", ALL)
def test_each_finding_has_its_fields(name, bot):
    """Each finding has at (HH:MM), criterion, mechanic, severity (breach, error, late, missed, good), harm class,
    critical error (if any), its rubric line, message, better, rule and points."""
    for f in graded(name, bot).to_json()["findings"]:
        assert set(f) == FINDING_KEYS
        assert len(f["at"]) == 5 and f["at"][2] == ":"
        assert f["criterion"] in CRITERIA and f["mechanic"] in MECHANICS
        assert f["severity"] in ("breach", "error", "late", "missed", "good")
        assert f["harm"] in HARM and f["critical"] == (f["critical_error"] is not None)
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
    f = Finding(8 * 3600 + 30, "privacy", "M18", "breach", "m", "b", "r", 3.0, "major", None, "desk.locked").to_json()
    assert f == {"at": "08:00", "criterion": "privacy", "mechanic": "M18", "severity": "breach", "harm": "major",
                 "critical": False, "critical_error": None, "line": "desk.locked", "message": "m", "better": "b",
                 "rule": "r", "points": 3.0}


def test_grading_is_deterministic():
    """The same scenario and facts grade to the same JSON, twice."""
    sim = played("laura-day", "novice")
    again = grade_day(sim.scenario, list(sim.facts), sim.seed, sim.facts.sha256)
    assert again.to_json() == graded("laura-day", "novice").to_json()
