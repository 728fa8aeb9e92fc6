"""Scenarios: the instructors' YAML format, its loader and validator, the JSON Schema and the generator.

Typical use::

    from frontdesk.simulator.scenario import load_scenario, ScenarioError
    scenario = load_scenario("scenarios/laura-day.yaml")   # raises ScenarioError listing every problem
"""

from .loader import load_scenario, load_scenario_text, parse_scenario, read_scenario, scenario_warnings
from .models import FORMAT_VERSION, Scenario
from .problems import Problem, ScenarioError
from .summary import coverage, describe, scenario_digest

__all__ = [
    "FORMAT_VERSION",
    "Problem",
    "Scenario",
    "ScenarioError",
    "coverage",
    "describe",
    "load_scenario",
    "load_scenario_text",
    "parse_scenario",
    "read_scenario",
    "scenario_warnings",
    "scenario_digest",
]
