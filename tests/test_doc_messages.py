"""The "Common mistakes" table of docs/authoring.md shows the messages the loader really prints."""

import pytest

from frontdesk.simulator.scenario import ScenarioError, load_scenario_text

from conftest import MINI, ROOT

EVENTS = "events:\n  - "
US_MINI = MINI.replace("jurisdiction: ON", "jurisdiction: US").replace(', health_card: {number: "1234567897", version: AB}', "")

#: Each row of the table: the mistake as the guide names it, and a small file that makes it.
MISTAKES = {
    "a misspelled key (`visit_type:`)": MINI.replace(
        "    - {id: nurse, role: nurse, name: Sam Patel}", "    - {id: nurse, role: nurse, name: Sam Patel}\n  visit_type: {follow_up: 15}"
    ),
    "a misspelled event kind (`voicmail:`)": MINI + EVENTS + "{at: '8:10', voicmail: {from: chen, intent: routine}}\n",
    "a misspelled id (`patient: chne`)": MINI.replace("patient: chen, with", "patient: chne, with"),
    "a time without a colon (`at: 930`)": MINI.replace('at: "9:00"', "at: 930"),
    "an impossible time (`at: 25:00`)": MINI.replace('at: "9:00"', "at: 25:00"),
    "a date that does not exist (`1958-02-30`)": MINI.replace("dob: 1958-04-12", "dob: 1958-02-30"),
    "a date written another way (`12/04/1958`)": MINI.replace("dob: 1958-04-12", "dob: 12/04/1958"),
    "a comma in unquoted text inside `{...}`": MINI + EVENTS
    + "{at: '9:30', call: {caller: patient, about: okafor, wants: book, text: Hi, I need a visit}}\n",
    "unquoted text with a `:` inside `{...}`": MINI + EVENTS
    + "{at: '9:30', call: {caller: patient, about: okafor, wants: book, text: note: call back}}\n",
    "a tab used to indent": MINI.replace("  name: Test Clinic", "\tname: Test Clinic"),
    "a card number one digit off": MINI.replace('"1234567897"', '"1234567890"'),
    "an event before opening": MINI + EVENTS + "{at: '7:30', voicemail: {from: chen, intent: routine}}\n",
    "two visits at once": MINI + '  - {at: "9:10", patient: okafor, with: greene, type: follow_up}\n',
    "`jurisdiction: Ontario`": MINI.replace("jurisdiction: ON", "jurisdiction: Ontario"),
    "a Limited Use code in a US scenario": US_MINI + EVENTS
    + "{at: '9:30', call: {caller: pharmacist, about: okafor, wants: limited_use_code}}\n",
    "an unscheduled patient arriving": MINI + EVENTS + "{at: '9:30', arrival: {patient: okafor}}\n",
    "weights that do not add up": MINI + "rubric:\n  weights: {multitasking: 0.5, accuracy: 0.5, privacy: 0.5}\n",
    "`format: 2`": MINI.replace("format: 1", "format: 2"),
    "`urgent: yes`": MINI + EVENTS + "{at: '9:30', call: {caller: lab, about: chen, wants: results, urgent: yes}}\n",
    "an empty required value (`title:`)": MINI.replace("title: A small day", "title:"),
    "`p03` with no `{generate: N}` entry": MINI.replace("patient: chen, with", "patient: p03, with"),
}


def _row(mistake: str, text: str) -> str:
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text(text, "s.yaml")
    return f"| {mistake} | `{caught.value.problems[0].message}` |"


@pytest.mark.parametrize("mistake", list(MISTAKES))
def test_common_mistake_row_matches_the_real_message(mistake):
    """The guide's row for this mistake is exactly what `frontdesk validate` prints for it."""
    guide = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
    row = _row(mistake, MISTAKES[mistake])
    assert row in guide.splitlines(), f"update docs/authoring.md with:\n{row}"
