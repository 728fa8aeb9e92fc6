"""Every key of the scenario format has an effect: a test walks the JSON Schema and, for each key, finds the
evidence that the day or the grade depends on it, or the validator's warning that it will not.

Evidence, in the order it is looked for:

1. **Measured here**: two small days that write every key (``tests/data/every-key*.yaml``) are played by the expert
   and the novice and graded; each key's value is changed in turn (a time by ten minutes, a number by one, a flag
   flipped, an id to another id, a choice to another choice, a list shortened) and the facts, the grade or the
   rubric must change.
2. **A container**: a key that only holds other keys (``clinic``, ``events``, a card); its own keys are checked.
3. **Read, not judged**: text a trainee reads on the desk (a caller's words, a hint) or a setting of the game or the
   grading run (the pace, the title), each read by the code named in :data:`READ`.
4. **Shown by another test**: a key whose effect needs a day these two cannot hold (a busy signal needs every line
   ringing), named with the test that shows it in :data:`SHOWN_BY`.

A key with none of these fails the test: a new key must come with its evidence, or `validate` must warn about it.
"""

from __future__ import annotations

import ast
import copy
import datetime as dt
import functools
import json
import re
from typing import Any

import yaml
from pydantic import BaseModel

from frontdesk.grading.api import grade_simulation
from frontdesk.grading.lines import build_rubric
from frontdesk.simulator.bots import make_bot, play_day
from frontdesk.simulator.core import Simulation
from frontdesk.simulator.scenario import ScenarioError, parse_scenario, scenario_warnings
from frontdesk.simulator.scenario.models import Patient, Scenario

from conftest import ROOT, SCENARIOS

FIXTURES = (ROOT / "tests" / "data" / "every-key.yaml", ROOT / "tests" / "data" / "every-key-us.yaml")
SCHEMA = json.loads((SCENARIOS / "scenario.schema.json").read_text(encoding="utf-8"))

#: Keys read but never judged, and the code that reads them: (definition, key) → the module that reads it.
READ: dict[tuple[str, str], str] = {
    **{(kind, "hint"): "simulator/ui/desk.py" for kind in (
        "ArrivalEvent", "AwayDayEvent", "CallEvent", "DoctorDelayEvent", "DocumentEvent", "EmailEvent",
        "VoicemailEvent", "WalkInEvent")},
    ("Arrival", "text"): "simulator/ui/desk.py",
    ("Call", "text"): "simulator/core/view.py",
    ("Document", "clues"): "simulator/core/view.py",
    ("Document", "reason"): "simulator/core/view.py",
    ("Document", "title"): "simulator/core/backoffice.py",
    ("Clinic", "name"): "simulator/ui/menu.py",
    ("Clinic", "phone"): "simulator/ui/menu.py",
    ("Scenario", "title"): "simulator/ui/menu.py",
    ("Scenario", "description"): "simulator/ui/menu.py",
    ("Scenario", "difficulty"): "simulator/ui/menu.py",
    ("Scenario", "pace"): "simulator/ui/session.py",
    ("Scenario", "pace_locked"): "simulator/ui/session.py",
    ("Scenario", "assessment"): "simulator/ui/game.py",
    ("Scenario", "id"): "grading/scoreboard.py",
    ("Scenario", "format"): "simulator/scenario/models.py",
}

#: Keys whose effect another test shows, because it needs a day the two fixtures cannot hold.
SHOWN_BY: dict[tuple[str, str], str] = {
    ("Availability", "days"): "test_accuracy.py::test_an_away_day_move_must_fit_the_patients_availability",
    ("Availability", "from"): "test_book.py::test_patient_availability",
    ("Availability", "until"): "test_book.py::test_patient_availability",
    ("Booking", "urgent"): "test_book.py::test_urgent_visits_must_land_within_the_guideline",
    ("Guidelines", "urgent_rebook_within"): "test_book.py::test_urgent_visits_must_land_within_the_guideline",
    ("Call", "appointment"): "test_outbound.py::test_a_patient_who_wants_to_keep_it_confirms_on_a_reminder_call",
    ("Call", "date"): "test_accuracy.py::test_a_reschedule_to_the_very_same_time_is_an_error",
    ("Call", "patience"): "test_engine.py::test_hold_patience_is_one_budget_per_call",
    ("Call", "code_on_chart"): "test_accuracy.py::test_a_limited_use_code_is_read_out_only_when_the_doctor_recorded_it",
    ("Scenario", "assist"): "test_ui_desk.py::test_with_assist_none_no_screen_shows_a_comparison_hint_or_urgency_mark",
    ("Clinic", "exam_rooms"): "test_backoffice.py::test_exam_rooms_are_limited",
    ("Clinic", "phone_lines"): "test_engine.py::test_all_lines_busy_gives_a_busy_signal",
    ("Clinic", "name_reveals_care"): "test_privacy.py::test_a_clinic_name_that_reveals_care_stays_off_voicemail",
    ("Clinic", "days"): "test_checks.py::test_bookings_must_be_on_open_later_days",
    ("Clinic", "slot_minutes"): "test_book.py::test_a_short_visit_fits_before_lunch_on_a_coarse_grid",
    ("Message", "appointment"): "test_engine.py::test_a_cancellation_message_stops_the_patient_coming",
    ("Message", "date"): "test_engine.py::test_a_cancellation_message_stops_the_patient_coming",
    ("Patient", "allergies"): "test_accuracy.py::test_an_unchanged_field_typed_wrong_is_an_error",
    ("Patient", "medications"): "test_accuracy.py::test_an_er_nurse_told_the_medication_list_is_correct",
    ("Patient", "answers_phone"): "test_multitasking.py::test_a_freed_slot_is_done_once_the_whole_waiting_list_was_tried",
    ("Patient", "results_on_file"): "test_engine.py::test_doctor_sees_the_patient_at_their_time_and_missing_results_are_recorded",
    ("Rubric", "critical_cap"): "test_lines.py::test_a_scenario_can_cap_the_total_of_a_day_with_a_critical_error",
    ("Weights", "accuracy"): "test_grade.py::test_the_weights_come_from_the_scenario_rubric",
    ("Weights", "multitasking"): "test_grade.py::test_the_weights_come_from_the_scenario_rubric",
    ("Weights", "privacy"): "test_grade.py::test_the_weights_come_from_the_scenario_rubric",
    ("Scenario", "waiting_list"): "test_outbound.py::test_only_freed_slots_on_waiting_list_calls_can_be_offered",
    ("WaitingListEntry", "patient"): "test_outbound.py::test_only_freed_slots_on_waiting_list_calls_can_be_offered",
    ("WaitingListEntry", "type"): "test_outbound.py::test_offering_a_freed_slot_books_it_and_the_patient_comes",
    ("StaffMember", "away"): "test_checks.py::test_visit_during_doctors_time_away",
    ("Window", "from"): "test_checks.py::test_visit_during_doctors_time_away",
    ("Window", "until"): "test_checks.py::test_visit_during_doctors_time_away",
    ("StaffMember", "role"): "test_checks.py::test_a_nurse_cannot_hold_appointments",
    ("StaffMember", "id"): "test_checks.py::test_unknown_doctor_and_visit_type",
    ("DirectoryEntry", "phone"): "test_visits.py::test_a_lab_with_no_phone_is_asked_by_fax_and_answers_later",
    ("DirectoryEntry", "fax"): "test_referrals.py::test_a_referrer_with_no_fax_cannot_be_sent_the_booking",
    ("Contact", "relationship"): "test_privacy.py::test_a_mother_is_her_young_sons_representative",
    ("Patient", "confidential_phone"): "test_outbound.py::test_a_patient_who_gave_their_own_number_is_called_there",
    ("GeneratePatients", "kind"): "test_generate.py::test_generated_patients_of_a_kind_of_clinic",
    ("StaffMember", "leaves"): "test_staff.py::test_a_doctor_who_has_left_sees_nobody",
    ("WalkIn", "red_flags"): "test_engine.py::test_walk_in_with_red_flags_goes_to_emergency",
    ("WalkIn", "doctor"): "test_engine.py::test_a_walk_in_is_seen_by_the_doctor_named_or_the_first_one_free",
    ("Contact", "court_order"): "test_privacy.py::test_a_father_a_court_order_limits_is_not_his_daughters_representative",
    ("Appointment", "confidential"): "test_privacy.py::test_a_teenagers_confidential_visit_is_not_her_mothers_to_know",
    ("AwayDay", "doctor"): "test_checks.py::test_away_day_needs_bookings_on_that_day",
    ("HealthCard", "invalid"): "test_checks.py::test_a_card_marked_invalid_must_really_fail",
    ("Insurance", "invalid"): "test_checks.py::test_a_card_marked_invalid_must_really_fail",
    ("Scenario", "mode"): "test_backoffice.py::test_rooming_is_refused_in_front_desk_mode",
    ("Scenario", "jurisdiction"): "test_checks.py::test_us_scenario_wants_insurance_not_health_card",
    ("Orders", "follow_up_type"): "test_accuracy.py::test_a_follow_up_booked_far_from_the_ordered_interval_is_an_error",
    ("Vitals", "bp"): "test_backoffice.py::test_blood_pressure_is_read_as_two_numbers",
    ("Vitals", "temperature_c"): "test_backoffice.py::test_abnormal_vitals_flags_values_outside_their_range",
    ("Vitals", "temperature_f"): "test_backoffice.py::test_oxygen_pain_fahrenheit_and_glucose_have_ranges_too",
    ("GeneratePatients", "generate"): "test_loader.py::test_generated_patients_are_expanded_with_ids",
    ("Address", "postal"): "test_compare.py::test_a_different_postal_code_differs",
    ("HealthCard", "number"): "test_checks.py::test_health_card_check_digit_unless_marked_invalid",
    ("DirectoryEntry", "id"): "test_checks.py::test_unknown_doctor_and_visit_type",
    ("Patient", "id"): "test_checks.py::test_duplicate_patient_ids",
}
for _kind in ("ArrivalEvent", "AwayDayEvent", "CallEvent", "DoctorDelayEvent", "DocumentEvent", "EmailEvent",
              "VoicemailEvent", "WalkInEvent"):
    SHOWN_BY[(_kind, "overnight")] = "test_checks.py::test_only_messages_and_documents_wait_overnight"
    SHOWN_BY[(_kind, "after_hours")] = "test_checks.py::test_event_times_must_be_inside_the_day_unless_marked"
SHOWN_BY[("EmailEvent", "at")] = "test_opening.py::test_overnight_messages_get_ids_and_are_recorded_at_opening"
SHOWN_BY[("DocumentEvent", "at")] = "test_opening.py::test_overnight_messages_get_ids_and_are_recorded_at_opening"

#: Keys the desk does not use yet, each a known gap (the chart and the card a student inspects, issue 14, will
#: show them). The test fails once one of them gains an effect, so the list only shrinks.
#: Keys the day does not use yet, each with the start of the warning `validate` prints at it (a fixture day writes
#: each, and the warning must be there).
WARNED: dict[tuple[str, str], str] = {
    ("Contact", "phone"): "a contact's phone number is kept, but nothing in the day uses it yet",
}


def schema_keys() -> set[tuple[str, str]]:
    """Every (definition, key) of the JSON Schema; the top level is ``Scenario``."""
    keys = {("Scenario", k) for k in SCHEMA["properties"]}
    for name, d in SCHEMA["definitions"].items():
        keys |= {(name, k) for k in d.get("properties", {})}
    return keys


def _property(cls: str, key: str) -> dict[str, Any]:
    props = SCHEMA["properties"] if cls == "Scenario" else SCHEMA["definitions"].get(cls, {}).get("properties", {})
    return props.get(key, {})


def containers() -> set[tuple[str, str]]:
    """Keys whose value is one of the format's own objects, or a list or map of them."""
    return {k for k in schema_keys() if "$ref" in json.dumps(_property(*k))
            and _property(*k).get("type") not in ("string", "integer", "number", "boolean")}


def _paths(obj: Any, path: tuple[Any, ...], out: dict[tuple[str, str], list[tuple[Any, ...]]]) -> None:
    """Where each (model, key) is written in the file, from the validated scenario (keys as written)."""
    if isinstance(obj, BaseModel):
        for name, info in type(obj).model_fields.items():
            if name in obj.model_fields_set:
                key = info.alias or name
                out.setdefault((type(obj).__name__, key), []).append(path + (key,))
                _paths(getattr(obj, name), path + (key,), out)
    elif isinstance(obj, (list, tuple)):
        for i, x in enumerate(obj):
            _paths(x, path + (i,), out)
    elif isinstance(obj, dict):
        for k, x in obj.items():
            _paths(x, path + (k,), out)


_CLOCK = re.compile(r"^\d{1,2}:\d{2}$")


def _changed(value: Any) -> list[Any]:
    """Other values of the same shape (the reader keeps every scalar as text)."""
    if isinstance(value, dict) and value:  # every entry changed at once (a map of windows, of visit lengths)
        options = {k: _changed(v) or [v] for k, v in value.items()}
        return [{k: o[min(i, len(o) - 1)] for k, o in options.items()} for i in range(3)]
    if isinstance(value, list):
        return [value[:-1], []] if len(value) > 1 else [[]]
    if not isinstance(value, str):
        return []
    low = value.lower()
    if low in ("true", "false"):
        return ["false" if low == "true" else "true"]
    if re.fullmatch(r"\d+", value):
        n = int(value)
        return [str(n + 1), str(max(1, n - 1)), str(n * 2)]
    if re.fullmatch(r"\d+\.\d+", value):
        return [str(round(float(value) * 1.2, 1))]
    if m := re.fullmatch(r"(\d+) (\w+)", value):
        return [f"{int(m.group(1)) + 1} {m.group(2)}", f"{max(1, int(m.group(1)) - 1)} {m.group(2)}"]
    if _CLOCK.match(value):
        h, m2 = map(int, value.split(":"))
        return [f"{(h * 60 + m2 + d) // 60}:{(h * 60 + m2 + d) % 60:02d}" for d in (10, -10)]
    try:
        day = dt.date.fromisoformat(value)
        return [(day + dt.timedelta(days=d)).isoformat() for d in (1, -1, 7)]
    except ValueError:
        pass
    if re.fullmatch(r"[\d -]+|[A-Z0-9]{2,}", value):  # a phone number, a card's number or version code
        last = value[-1]
        swap = (str((int(last) + 1) % 10) if last.isdigit() else chr((ord(last) - 64) % 26 + 65))
        return [value[:-1] + swap]
    return [value + " (changed)"]


def _alternatives(s: Scenario, key: tuple[str, str], value: Any) -> list[Any]:
    """Another choice of the same key, or another id of the same kind of thing."""
    out: list[Any] = []
    prop = _property(*key)
    for option in [prop, *prop.get("anyOf", [])]:
        out += [v for v in option.get("enum", []) if v != value]
    groups = ([p.id for p in s.patients if isinstance(p, Patient)], [m.id for m in s.clinic.staff],
              [d.id for d in s.directory], list(s.clinic.visit_types))
    for group in groups:
        if value in group:
            out += [x for x in group if x != value]
    return out


def _signature(s: Scenario) -> tuple[Any, ...]:
    """What a day of ``s`` comes to: the expert's and the novice's facts and graded lines, and the rubric."""
    out: list[Any] = [json.dumps([line._asdict() if hasattr(line, "_asdict") else repr(line)
                                  for line in build_rubric(s)], sort_keys=True, default=str)]
    for bot in ("expert", "novice"):
        sim = play_day(Simulation(s, s.seed), make_bot(bot, s, s.seed))
        g = grade_simulation(sim).to_json()
        out.append((sim.facts.sha256, g["total"], json.dumps(g.get("lines"), sort_keys=True, default=str)))
    return tuple(out)


def _with(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    changed = copy.deepcopy(data)
    node = changed
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return changed


@functools.cache
def measured() -> frozenset[tuple[str, str]]:
    """The keys whose changed value changes the facts, the grade or the rubric of one of the fixture days."""
    found: set[tuple[str, str]] = set()
    for path in FIXTURES:
        scenario, located = parse_scenario(path.read_text(encoding="utf-8"), path.name)
        where: dict[tuple[str, str], list[tuple[Any, ...]]] = {}
        _paths(scenario, (), where)
        base = _signature(scenario)
        for key, spots in sorted(where.items()):
            if key in found:
                continue
            for spot in spots[:3]:
                node: Any = located.data
                try:
                    for part in spot:
                        node = node[part]
                except (KeyError, IndexError, TypeError):
                    continue  # a generated patient: not written in the file
                for value in _alternatives(scenario, key, node) + _changed(node):
                    try:
                        other, _ = parse_scenario(yaml.safe_dump(_with(located.data, spot, value)), path.name)
                    except ScenarioError:
                        continue
                    if _signature(other) != base:
                        found.add(key)
                        break
                if key in found:
                    break
    return frozenset(found)


def _test_names() -> set[str]:
    names = set()
    for module in (ROOT / "tests").glob("test_*.py"):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        names |= {f"{module.name}::{n.name}" for n in tree.body if isinstance(n, ast.FunctionDef)}
    return names


def test_every_key_of_the_format_has_evidence_of_its_effect():
    """Each key of the JSON Schema changes the day or its grade (measured on the fixture days), only holds other
    keys, is read as text or a setting, is shown by a named test, or is a listed gap: none is accepted and then
    ignored unnoticed."""
    explained = measured() | containers() | set(READ) | set(SHOWN_BY) | set(WARNED)
    unexplained = sorted(schema_keys() - explained)
    assert not unexplained, "keys with no evidence of any effect:\n" + "\n".join(f"  {k}" for k in unexplained)


def test_the_evidence_named_is_real():
    """Every test named as evidence exists, every reader named reads the key's attribute, and the fixture days
    are valid."""
    names = _test_names()
    assert not [t for t in SHOWN_BY.values() if t not in names], [t for t in SHOWN_BY.values() if t not in names]
    for (cls, key), module in READ.items():
        attribute = {"from": "from_", "for": "for_", "with": "with_"}.get(key, key)
        assert attribute in (ROOT / module).read_text(encoding="utf-8"), (cls, key, module)
    for path in FIXTURES:
        parse_scenario(path.read_text(encoding="utf-8"), path.name)


def test_the_keys_not_yet_used_are_warned_about():
    """Each key the day does not use yet draws its warning from `validate` on a fixture day that writes it, and
    none of them changes the day (a key that gains an effect must leave the list)."""
    warnings = [w for path in FIXTURES
                for w in scenario_warnings(*parse_scenario(path.read_text(encoding="utf-8"), path.name), path.name)]
    for key, words in WARNED.items():
        assert any(words in str(w) for w in warnings), (key, words)
    assert not set(WARNED) & measured(), set(WARNED) & measured()
