"""Calibration: the expert scores high on every shipped scenario, the novice clearly lower, and each kind of novice
mistake is named in a finding (issue 5, deliverable 8; DESIGN section 6; grading/calibrate.py)."""

import functools
from typing import Callable

import pytest

from frontdesk.grading.api import grade_simulation
from frontdesk.grading.calibrate import EXPERT_AT_LEAST, calibrate, format_calibration
from frontdesk.grading.grade import Finding, Grade
from frontdesk.simulator.bots import make_bot, play_day
from frontdesk.simulator.bots.novice import SLIPS
from frontdesk.simulator.core import Simulation
from frontdesk.simulator.scenario import load_scenario, load_scenario_text

from conftest import MINI, SCENARIOS

SHIPPED = sorted(p.stem for p in SCENARIOS.glob("*.yaml"))


@functools.lru_cache(maxsize=None)
def scenario(name: str):
    """The shipped scenario ``name``, loaded once."""
    return load_scenario(SCENARIOS / f"{name}.yaml")


@functools.lru_cache(maxsize=None)
def graded(name: str, bot: str) -> Grade:
    """The grade of ``bot`` playing shipped scenario ``name`` on the scenario's own seed."""
    s = scenario(name)
    return grade_simulation(play_day(Simulation(s), make_bot(bot, s, s.seed)))


@functools.lru_cache(maxsize=None)
def laura_calibration():
    """The calibration of laura-day, made once."""
    return calibrate(scenario("laura-day"))


def finding(criterion: str, mechanics: tuple[str, ...] | str | None, severities: tuple[str, ...] | str,
            *words: str) -> Callable[[Finding], bool]:
    """A predicate: a finding under ``criterion`` and one of ``mechanics``, of one of ``severities``, whose message
    holds one of ``words`` (any message when none are given)."""
    mechanics = (mechanics,) if isinstance(mechanics, str) else mechanics
    severities = (severities,) if isinstance(severities, str) else severities
    return lambda f: (f.criterion == criterion and (mechanics is None or f.mechanic in mechanics)
                      and f.severity in severities and (not words or any(w in f.message for w in words)))


#: Each slip of the novice, and the finding that names it.
SLIP_FINDINGS: dict[str, Callable[[Finding], bool]] = {
    "answers_late": finding("multitasking", "M7", "late", "before you answered"),
    "skips_verification": finding("privacy", "M18", "breach", "before verifying", "before checking it was them"),
    "tells_family": finding("privacy", "M18", "breach", "without the patient's consent"),
    "files_by_name_only": finding("accuracy", "M6", "error", "was filed to"),
    "misses_a_change": finding("accuracy", "M4", "missed", "changed and the chart was not updated"),
    "forgets_results": finding("multitasking", "M5", ("late", "missed"), "results the visit needed"),
    "forgets_tests": finding("accuracy", "M14", "missed", "not booked"),
    "greeting_names_patient": finding("privacy", None, "breach", "greeting speaks to"),
    "skips_huddle": finding("multitasking", "M3", "missed", "never reached"),
    "ignores_waiting_list": finding("multitasking", "M2", "missed", "stayed empty"),
    "skips_allergies": finding("accuracy", "M8", ("missed", "error"), "allergies"),
    "forgets_medication_list": finding("accuracy", "M8", "missed", "medication list"),
    "forgets_reminder": finding("multitasking", "M9", "missed", "never reminded"),
    "phi_on_voicemail": finding("privacy", ("M9", "M11", "M2"), "breach", "voicemail"),
    "underrates_referral": finding("accuracy", "M10", "error", "sorted as"),
    "forgets_referrer": finding("accuracy", "M10", "missed", "never told"),
    "forgets_to_notify_move": finding("accuracy", "M11", "missed", "never told"),
    "skips_closing_checks": finding("multitasking", "M15", "missed"),
    "mislabels_specimen": finding("accuracy", "M17", "error", "was labelled"),
    "misses_abnormal_vital": finding("accuracy", "M16", "missed", "flagged"),
}
#: Mistakes the novice makes without a slip: lunch away from an unlocked screen, and a waiting room never told.
OTHER_MISTAKES: dict[str, Callable[[Finding], bool]] = {
    "leaves_the_desk_unlocked": finding("privacy", "M18", "breach", "screen unlocked"),
    "never_tells_the_waiting_room": finding("multitasking", "M13", "missed", "never told why", "nobody told them"),
}
MISTAKES = {**SLIP_FINDINGS, **OTHER_MISTAKES}


# --- the calibration requirements --------------------------------------------------------------------------


@pytest.mark.parametrize("name", SHIPPED)
def test_the_expert_scores_at_least_90_on_every_shipped_scenario(name):
    """A professional can do every shipped day well: the expert scores 90 or more."""
    assert graded(name, "expert").total >= 90
    assert EXPERT_AT_LEAST == 90  # and calibrate() warns below the same line


def test_the_novice_scores_at_most_65_on_laura_day():
    """On laura-day the usual mistakes cost the novice: 65 or less."""
    assert graded("laura-day", "novice").total <= 65


def test_the_novice_on_laura_day_is_named_for_a_breach_a_late_call_and_a_data_error():
    """The novice's laura-day findings include a privacy breach, a late or abandoned call, and a wrong-chart filing
    or a data-entry error."""
    findings = graded("laura-day", "novice").findings
    assert any(f.criterion == "privacy" and f.severity == "breach" for f in findings)
    assert any(f.criterion == "multitasking" and f.mechanic == "M7" and f.severity in ("late", "missed")
               for f in findings)
    assert any(f.criterion == "accuracy" and ((f.mechanic == "M6" and f.severity == "error")
                                              or (f.mechanic in ("M4", "M8") and f.severity in ("error", "missed")))
               for f in findings)


@pytest.mark.parametrize("name", SHIPPED)
def test_the_novice_scores_clearly_lower_than_the_expert(name):
    """On every shipped scenario the novice is at least 15 points below the expert."""
    assert graded(name, "expert").total - graded(name, "novice").total >= 15


def test_every_slip_has_a_finding_that_names_it():
    """The table of slips here covers every slip the novice can make (a new slip needs its finding named)."""
    assert set(SLIP_FINDINGS) == set(SLIPS)


@pytest.mark.parametrize("mistake", sorted(MISTAKES))
def test_every_kind_of_novice_mistake_appears_as_a_finding(mistake):
    """Each kind of novice mistake is named by a finding in some shipped scenario's novice grade."""
    named = MISTAKES[mistake]
    where = [name for name in SHIPPED if any(named(f) for f in graded(name, "novice").findings)]
    assert where, f"no shipped scenario's novice grade names {mistake}"


@pytest.mark.parametrize("mistake", sorted(MISTAKES))
def test_the_expert_makes_none_of_the_novice_mistakes(mistake):
    """The findings that name the novice's mistakes never appear in the expert's grades."""
    named = MISTAKES[mistake]
    assert not [(name, f.message) for name in SHIPPED for f in graded(name, "expert").findings if named(f)]


# --- calibrate() ---------------------------------------------------------------------------------------------------


def test_calibrating_laura_day_plays_the_three_bots():
    """Calibration plays the expert and the novice on the scenario's seed and the random trainee on three seeds."""
    c = laura_calibration()
    assert set(c.grades) == {"expert", "novice", "random"}
    assert len(c.grades["expert"]) == len(c.grades["novice"]) == 1 and len(c.grades["random"]) == 3
    assert c.grades["expert"][0] == graded("laura-day", "expert").to_json()
    assert c.grades["novice"][0] == graded("laura-day", "novice").to_json()
    assert c.mean("random") < c.grades["novice"][0]["total"] < c.grades["expert"][0]["total"]


def test_calibrating_laura_day_gives_no_warning_about_the_expert():
    """On laura-day no warning says the expert falls short, or that a task is impossible or never done."""
    c = laura_calibration()
    assert not [w for w in c.warnings if "expert" in w or "no bot completed" in w or "no privacy trap" in w]


def test_the_calibration_table_shows_scores_spread_coverage_and_warnings():
    """The table names each bot, the spread, coverage by mechanic and the warnings section."""
    text = format_calibration(laura_calibration())
    for words in ("expert", "novice", "random", "spread:", "coverage by mechanic:", "M7", "warnings"):
        assert words in text


def test_calibration_warns_about_a_scenario_without_traps():
    """A day with nothing to catch the novice out says so: no privacy trap, a novice scoring high, a small spread."""
    c = calibrate(load_scenario_text(MINI), random_seeds=1)
    assert any("no privacy trap" in w for w in c.warnings)
    assert any(w.startswith("the novice scores") for w in c.warnings)
    assert any("spread" in w for w in c.warnings)


def test_calibration_warns_when_one_minor_slip_costs_more_than_5():
    """On the tutorial each criterion rests on about a dozen points, so one minor slip costs more than 5 of its 100:
    calibrate says so for each; on laura-day it does not."""
    from frontdesk.grading.calibrate import MINOR_SLIP_AT_MOST

    tutorial = calibrate(load_scenario(SCENARIOS / "tutorial.yaml"), random_seeds=1)
    slips = [w for w in tutorial.warnings if "one minor slip costs" in w]
    assert MINOR_SLIP_AT_MOST == 5 and len(slips) == 3
    assert not [w for w in laura_calibration().warnings if "one minor slip costs" in w]


def test_calibration_names_each_task_the_expert_cannot_complete():
    """A call that wants to book with no patient named cannot be booked even by the expert: calibrate names its
    rubric line as a task the expert cannot complete; the shipped laura-day has none."""
    text = MINI + "events:\n" + '  - {at: "9:10", call: {caller: patient, name: Pat Doe, wants: book}}\n'
    warnings = calibrate(load_scenario_text(text), random_seeds=1).warnings
    assert any(w.startswith("a task the expert cannot complete: call0.handling") for w in warnings), warnings
    laura = calibrate(load_scenario(SCENARIOS / "laura-day.yaml"), random_seeds=1).warnings
    assert not any("cannot complete" in w or "worth nothing" in w for w in laura)
