"""Loading scenarios: values read as meant, every problem reported at once at its own line and column."""

import json

import pytest
from pydantic import ValidationError

from frontdesk.simulator.scenario import ScenarioError, load_scenario, load_scenario_text, scenario_digest
from frontdesk.simulator.scenario.models import Patient

from conftest import MINI


def problems_of(text: str) -> list[str]:
    """The problems the validator reports for ``text``, each as ``s.yaml:LINE:COLUMN: message``."""
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text(text, "s.yaml")
    return [str(p) for p in caught.value.problems]


def test_minimal_scenario_loads_with_defaults_filled():
    """A small file loads; everything left out takes its documented default."""
    s = load_scenario_text(MINI)
    assert s.id == "mini" and s.jurisdiction == "ON"
    assert s.clinic.opens == 8 * 3600 and s.clinic.closes == 17 * 3600
    assert s.clinic.visit_types["follow_up"] == 15 and s.pace == 20
    assert s.rubric.weights.accuracy == 0.40


def test_unquoted_values_are_read_as_meant():
    """Unquoted `at: 10:15`, `at: 9:05`, `jurisdiction: ON` and card `0712345677` mean a time, Ontario and ten digits."""
    text = MINI.replace('at: "9:00"', "at: 10:15").replace('number: "1234567897"', "number: 0712345677")
    text += "events:\n  - {at: 9:05, arrival: {patient: chen}}\n"
    s = load_scenario_text(text)
    data = s.model_dump(mode="json", by_alias=True)
    assert data["schedule"][0]["at"] == "10:15"
    assert data["events"][0]["at"] == "09:05"
    assert data["jurisdiction"] == "ON"
    assert data["patients"][0]["health_card"]["number"] == "0712345677"


def test_names_like_no_and_yes_stay_text():
    """A patient called `Yes` or a clinic called `NO` keeps its name."""
    text = MINI.replace("name: Test Clinic", "name: NO").replace("name: Grace Okafor", "name: Yes")
    s = load_scenario_text(text)
    assert s.clinic.name == "NO" and s.patient("okafor").name == "Yes"


def test_three_mistakes_give_three_lines_at_the_right_places():
    """Each mistake is reported once, at its own line and column, all in one pass."""
    text = MINI.replace("jurisdiction: ON", "jurisdiction: Ontario")  # line 4
    text = text.replace("name: Test Clinic", "nmae: Test Clinic")  # line 6
    text = text.replace("patient: chen, with", "patient: chne, with")  # line 14
    found = problems_of(text)
    assert len(found) == 3, found
    assert found[0].startswith("s.yaml:4:15: 'Ontario' is not one of: ON, US")
    assert found[1].startswith("s.yaml:6:3: unknown key 'nmae' (did you mean 'name'?)")
    assert found[2].startswith("s.yaml:14:27: no patient has the id 'chne' (did you mean 'chen'?)")


def test_a_missing_key_points_at_its_mapping():
    """A required key left out is named, at the mapping that lacks it."""
    text = MINI.replace("title: A small day\n", "")
    assert problems_of(text) == ["s.yaml:1:1: missing key 'title'"]


def test_event_without_a_kind_suggests_one():
    """An event whose kind is misspelled says which kinds exist and guesses the intended one."""
    text = MINI + "events:\n  - {at: '9:00', arival: {patient: chen}}\n"
    (problem,) = problems_of(text)
    assert problem.startswith("s.yaml:16:5: an event needs one of: voicemail,") and "did you mean 'arrival'" in problem


def test_event_with_two_kinds_is_refused():
    """An event has exactly one kind."""
    text = MINI + "events:\n  - {at: '9:00', arrival: {patient: chen}, call: {caller: lab, wants: results, about: chen}}\n"
    (problem,) = problems_of(text)
    assert "exactly one kind" in problem


def test_unknown_key_inside_an_event_suggests_the_field():
    """A misspelled field inside an event is pinned to its own key with a suggestion."""
    text = MINI + "events:\n  - {at: '9:00', call: {caler: lab, wants: results, about: chen}}\n"
    found = problems_of(text)
    assert any(p.startswith("s.yaml:16:25: unknown key 'caler' (did you mean 'caller'?)") for p in found), found


def test_wrong_format_version_is_explained():
    """A file written for another format version says which one this program reads."""
    (problem,) = problems_of(MINI.replace("format: 1", "format: 2"))
    assert "reads format 1" in problem and problem.startswith("s.yaml:1:9:")


def test_empty_values_are_named():
    """A required key with nothing after it needs a value; an optional one may be left out instead."""
    (problem,) = problems_of(MINI.replace("title: A small day", "title:"))
    assert problem == "s.yaml:3:7: 'title' needs a value"
    (problem,) = problems_of(MINI.replace("title: A small day", "title: A small day\npace:"))
    assert problem == "s.yaml:4:6: 'pace' has no value; write one or leave the key out"


def test_an_empty_list_item_names_its_list():
    """An empty item in a list is named by the list it is in, not by its index."""
    (problem,) = problems_of(MINI.replace("dob: 1949-09-30}", "dob: 1949-09-30, allergies: [latex, '']}"))
    assert "an item of 'allergies'" in problem


def test_a_broken_patient_does_not_also_break_its_references():
    """A patient with its own error is set aside, but appointments naming it are not flagged as unknown."""
    text = MINI.replace("dob: 1958-04-12", "dob: 1958-13-12")
    found = problems_of(text)
    assert len(found) == 1 and "is not a real date" in found[0], found


def test_generated_patients_are_expanded_with_ids():
    """`{generate: N}` becomes N synthetic patients named p01, p02, ... after the written ones."""
    text = MINI.replace("patients:\n", "patients:\n  - {generate: 3}\n")
    s = load_scenario_text(text)
    ids = [p.id for p in s.patients]
    assert ids == ["p01", "p02", "p03", "chen", "okafor"]
    assert all(isinstance(p, Patient) for p in s.patients)


def test_generated_ids_skip_written_ones():
    """A written patient called p02 keeps its id; generated ones go around it."""
    text = MINI.replace("patients:\n", "patients:\n  - {id: p02, name: Zed Zed, dob: 1990-01-01}\n  - {generate: 2}\n")
    s = load_scenario_text(text)
    assert [p.id for p in s.patients][:3] == ["p02", "p01", "p03"]


def test_generated_patients_are_deterministic():
    """The same file gives the same generated patients every time."""
    text = MINI.replace("patients:\n", "patients:\n  - {generate: 5}\n")
    a = load_scenario_text(text).model_dump_json()
    b = load_scenario_text(text).model_dump_json()
    assert a == b


def test_loaded_scenario_is_frozen():
    """A loaded scenario cannot be changed by accident."""
    s = load_scenario_text(MINI)
    with pytest.raises(ValidationError, match="frozen"):
        s.id = "other"  # type: ignore[misc]


def test_missing_file_is_one_problem(tmp_path):
    """A path that does not exist is one clear problem, not a traceback."""
    with pytest.raises(ScenarioError) as caught:
        load_scenario(tmp_path / "nope.yaml")
    assert str(caught.value).endswith("nope.yaml:1:1: no such file")


def test_folder_is_not_a_scenario(tmp_path):
    """Passing a folder says so."""
    with pytest.raises(ScenarioError, match="folder"):
        load_scenario(tmp_path)


def test_top_level_must_be_a_mapping():
    """A list or a bare value at the top is explained."""
    assert "mapping of keys" in problems_of("- a\n- b\n")[0]


def test_show_output_loads_back_identically():
    """The normalised JSON of a scenario is itself a valid scenario that loads to the same thing."""
    s = load_scenario_text(MINI)
    again = load_scenario_text(json.dumps(s.model_dump(mode="json", by_alias=True)))
    assert again == s


def test_a_comma_inside_braces_is_explained():
    """Unquoted text with a comma inside `{...}` is the commonest YAML slip; the message says to quote it."""
    text = MINI + "events:\n  - {at: '9:30', call: {caller: patient, about: okafor, wants: book, text: Hi, I need a visit}}\n"
    (problem,) = problems_of(text)
    assert "'I need a visit' stands alone inside {...}" in problem and "in quotes" in problem


def test_a_tab_for_indentation_is_named():
    """A tab used to indent is named as such, at its line, rather than as a cryptic token error."""
    (problem,) = problems_of(MINI.replace("  name: Test Clinic", "\tname: Test Clinic"))
    assert problem.startswith("s.yaml:6:1:") and "tab" in problem


def test_an_anchored_list_with_a_bad_item_is_reported_not_crashed():
    """A list shared through an anchor and an alias, with a bad item, gives problems, never an internal error."""
    text = MINI.replace(
        "dob: 1958-04-12,", "dob: 1958-04-12, available: &m {days: [mon, tue, wedn]},"
    ).replace("dob: 1949-09-30}", "dob: 1949-09-30, available: *m}")
    found = problems_of(text)
    assert found and all("'wedn' is not one of" in p for p in found), found


def test_generated_patients_are_capped_in_total():
    """Many small `{generate: N}` entries cannot add up to a day nobody could load in time."""
    text = MINI.replace("patients:\n", "patients:\n" + "  - {generate: 4000}\n" * 3)
    (problem,) = problems_of(text)
    assert "more than 10000 generated patients" in problem and problem.startswith("s.yaml:13:")


def test_all_items_of_a_list_wrong_gives_no_extra_line():
    """When every patient has its own error, only those errors are reported (no "at least 1 item")."""
    text = MINI.replace("dob: 1958-04-12", "dob: 1958-13-12").replace("dob: 1949-09-30", "dob: 1949-02-30")
    found = problems_of(text)
    assert len(found) == 2 and all("not a real date" in p for p in found), found


def test_an_empty_required_list_says_so():
    """`patients: []` says that at least one patient is needed."""
    text = MINI.split("patients:")[0] + "patients: []\n"
    assert "'patients' needs at least 1 item(s)" in problems_of(text)[0]


def test_a_typo_in_an_appointment_does_not_cascade_to_its_arrival():
    """A bad time in okafor's appointment is one problem; okafor's arrival is not also called unscheduled."""
    text = MINI + '  - {at: "9:61", patient: okafor, with: greene, type: follow_up}\nevents:\n  - {at: "9:50", arrival: {patient: okafor}}\n'
    found = problems_of(text)
    assert len(found) == 1 and "minutes and seconds go up to 59" in found[0], found


def test_a_bad_required_text_still_lets_the_rest_be_checked():
    """An unusable id is reported, and so is an unknown patient elsewhere in the same file."""
    text = MINI.replace("id: mini", "id: mini day").replace("patient: chen, with", "patient: chne, with")
    found = problems_of(text)
    assert len(found) == 2 and "not a usable id" in found[0] and "'chne'" in found[1], found


def test_booleans_are_true_or_false_only():
    """`yes` means text to an editor (YAML 1.2), so a flag must be written true or false."""
    (problem,) = problems_of(MINI.replace("jurisdiction: ON", "jurisdiction: ON\npace_locked: yes"))
    assert "'yes' is not true or false; write true or false" in problem


def test_comma_hint_only_inside_braces():
    """An unknown key with no value in block style is just an unknown key, not a comma problem."""
    (problem,) = problems_of(MINI.replace("  name: Test Clinic", "  name: Test Clinic\n  parking:"))
    assert problem.endswith("unknown key 'parking'")
    (problem,) = problems_of(MINI + "events:\n  - {at: '9:30', call: {caller: lab, about: chen, wants: results, text: Call back, urgent}}\n")
    assert "'urgent' stands alone inside {...}" in problem


def test_limits_are_said_in_words():
    """Numeric limits read as sentences, not as validator jargon."""
    (problem,) = problems_of(MINI.replace("  name: Test Clinic", "  name: Test Clinic\n  phone_lines: 0"))
    assert problem.endswith("must be at least 1")


def test_a_text_where_a_list_belongs_shows_the_list_form():
    """`allergies: latex` suggests `[latex]`."""
    (problem,) = problems_of(MINI.replace("dob: 1949-09-30}", "dob: 1949-09-30, allergies: latex}"))
    assert problem.endswith("expected a list here; write [latex]")


def test_zero_minute_visits_are_refused():
    """A visit type of zero minutes could never be double-booked; it is refused."""
    text = MINI.replace("    - {id: nurse, role: nurse, name: Sam Patel}", "    - {id: nurse, role: nurse, name: Sam Patel}\n  visit_types: {follow_up: 0}")
    assert any("must be at least 1" in p for p in problems_of(text))


def test_unreadable_devices_are_bounded(tmp_path):
    """Reading stops at the size cap, so an endless file cannot hang validation."""
    import os

    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero here")
    with pytest.raises(ScenarioError, match="larger than"):
        load_scenario("/dev/zero")


@pytest.mark.parametrize(
    "change",
    [
        ("  name: Test Clinic", '  name: Test Clinic\n  closes: "16:3O"'),  # the default closing time must not speak
        ("jurisdiction: ON", "jurisdiction: ON\ndate: 2026-02-30"),  # nor the default date
        ("  name: Test Clinic", "  name: Test Clinic\n  days: [mon, tues, wed, thu, fri]"),
        ("name: Dr. Anne Greene}", 'name: Dr. Anne Greene, arrives: "8:3O"}'),  # nor "needs at least one doctor"
        ("patients:\n", "patients:\n  - {generate: 3o}\n"),
    ],
)
def test_a_mended_value_causes_no_follow_on_problems(change):
    """A wrong value is one problem: whatever stands in for it while the rest is checked says nothing."""
    found = problems_of(MINI.replace(*change) + "events:\n  - {at: '9:50', arrival: {patient: chen}}\n")
    assert len(found) == 1, found


@pytest.mark.parametrize(
    "change",
    [
        ("    - {id: nurse, role: nurse, name: Sam Patel}", "    - {id: nurse, role: nurse, name: Sam Patel}\n  visit_types: {follow_up: 0}"),
        ("  name: Test Clinic", '  name: Test Clinic\n  lunch: {from: "12:00"}'),
        ("jurisdiction: ON", 'jurisdiction: ON\nreminders: {due: "16:00"}'),
    ],
)
def test_a_second_mistake_is_still_found(change):
    """After a first mistake somewhere else, a wrong patient id is still reported in the same run."""
    found = problems_of(MINI.replace(*change).replace("patient: chen, with", "patient: chne, with"))
    assert len(found) == 2 and "'chne'" in found[1], found


def test_generated_patients_are_cached_and_a_damaged_cache_is_ignored(tmp_path, monkeypatch):
    """The second load of a `{generate: N}` scenario reads the cache (same patients, same digest); a damaged
    cache file is made again rather than trusted."""
    monkeypatch.setenv("FRONTDESK_CACHE_DIR", str(tmp_path))
    text = MINI.replace("patients:\n", "patients:\n  - {generate: 5}\n")
    first = load_scenario_text(text, "g.yaml")
    cached = list((tmp_path / "patients").glob("*.json"))
    assert len(cached) == 1
    assert scenario_digest(load_scenario_text(text, "g.yaml")) == scenario_digest(first)
    cached[0].write_text("{not json", encoding="utf-8")
    assert scenario_digest(load_scenario_text(text, "g.yaml")) == scenario_digest(first)


def test_the_event_union_names_every_event_kind_once():
    """The Event union written out for type checkers has exactly the event models of EVENT_KINDS, each under its
    own tag: adding a kind to one list and not the other fails here."""
    import typing

    from frontdesk.simulator.scenario import models

    union = typing.get_args(models.Event)[0]
    members = [typing.get_args(member) for member in typing.get_args(union)]
    tags = {meta.tag.removeprefix(models.TAG_PREFIX): cls for cls, meta in members}
    assert tags == dict(models._EVENT_MODELS)
