"""Scenario digests and summaries: stable across formatting, sensitive to values."""

from frontdesk.simulator.scenario import coverage, describe, load_scenario_text, scenario_digest

from conftest import MINI


def test_reformatting_keeps_the_digest():
    """Reordering keys, changing quotes, comments and time spelling does not change the scenario's digest."""
    reformatted = (
        "# a comment\n"
        + MINI.replace('at: "9:00"', "at: 9:00 am").replace("title: A small day", "title: 'A small day'")
    )
    assert scenario_digest(load_scenario_text(MINI)) == scenario_digest(load_scenario_text(reformatted))


def test_changing_a_value_changes_the_digest():
    """Any changed value gives a different digest."""
    changed = MINI.replace('at: "9:00"', 'at: "9:15"')
    assert scenario_digest(load_scenario_text(MINI)) != scenario_digest(load_scenario_text(changed))


def test_coverage_lists_mechanics_in_order():
    """A day with a check-in and a call covers opening, check-in, phones, privacy and closing."""
    text = MINI + "events:\n  - {at: '8:55', arrival: {patient: chen}}\n  - {at: '9:30', call: {caller: lab, wants: results, about: chen}}\n"
    assert coverage(load_scenario_text(text)) == ["M1", "M4", "M7", "M15", "M18"]


def test_describe_names_the_essentials():
    """The summary names the clinic, the law, the counts and the digest."""
    s = load_scenario_text(MINI)
    text = describe(s)
    assert "Test Clinic" in text and "PHIPA" in text and "2 patients, 1 appointment today" in text
    assert scenario_digest(s) in text
