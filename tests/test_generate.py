"""`frontdesk generate`: deterministic, valid, realistic, fictional, and scaled by difficulty."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.scenario import load_scenario_text
from simulator.scenario.generate import SCHEMA_MODELINE, generate_day
from simulator.scenario.jurisdictions import JURISDICTIONS, card_problems
from simulator.scenario.models import event_kind


def test_same_arguments_give_identical_text():
    """The same seed and options give byte-identical YAML."""
    assert generate_day(3) == generate_day(3)
    assert generate_day(3, 50, "US", "hard") == generate_day(3, 50, "US", "hard")


def test_different_seeds_give_different_days():
    """A different seed gives a different day."""
    assert generate_day(3) != generate_day(4)


@pytest.mark.parametrize("jurisdiction", ["ON", "US"])
@pytest.mark.parametrize("difficulty", ["easy", "normal", "hard"])
def test_fifty_seeds_validate(jurisdiction, difficulty):
    """Every one of 50 seeds, in both jurisdictions and at each difficulty, gives a scenario that validates."""
    for seed in range(50):
        load_scenario_text(generate_day(seed, 40, jurisdiction, difficulty), f"seed-{seed}.yaml")


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**31), patients=st.integers(min_value=12, max_value=150))
def test_any_seed_and_panel_size_validates(seed, patients):
    """Any seed and panel size gives a valid scenario with that many patients."""
    scenario = load_scenario_text(generate_day(seed, patients))
    assert len(scenario.patients) == patients


def test_output_starts_with_the_schema_modeline():
    """Generated files get editor autocompletion like the shipped ones."""
    assert generate_day(1).startswith(SCHEMA_MODELINE + "\n")


@pytest.mark.parametrize("jurisdiction", ["ON", "US"])
def test_patients_are_fictional_and_ids_valid(jurisdiction):
    """Phones are 555-01xx, e-mail uses example.com, and every card passes the jurisdiction's check."""
    s = load_scenario_text(generate_day(8, 60, jurisdiction, "easy"))
    j = JURISDICTIONS[jurisdiction]
    for p in s.patients:
        assert re.fullmatch(r"\d{3}-555-01\d\d", p.phone)
        assert p.email is None or p.email.endswith("@example.com")
        card = p.health_card if jurisdiction == "ON" else p.insurance
        assert card is not None and getattr(card, j.id_document == "health_card" and "number" or "member_id")
        if not card.invalid:
            number = card.number if jurisdiction == "ON" else card.member_id
            assert card_problems(j, number, getattr(card, "version", None)) == []


def test_difficulty_scales_the_day():
    """A hard day has more calls, more walk-ins, a longer delay and more traps than an easy one."""

    def counts(difficulty):
        s = load_scenario_text(generate_day(5, 40, "ON", difficulty))
        kinds = [event_kind(e) for e in s.events]
        impostors = sum(1 for e in s.events if event_kind(e) == "call" and e.call.impostor)
        invalid = sum(1 for p in s.patients if p.health_card and p.health_card.invalid)
        delay = sum(e.doctor_delay.minutes for e in s.events if event_kind(e) == "doctor_delay")
        return kinds.count("call"), kinds.count("walk_in"), delay, impostors + invalid

    easy, hard = counts("easy"), counts("hard")
    assert all(h > e for h, e in zip(hard, easy)), (easy, hard)


def test_generated_day_covers_the_front_desk_mechanics():
    """A normal generated day gives the trainee work in most front-desk mechanics."""
    from simulator.scenario import coverage

    mechanics = set(coverage(load_scenario_text(generate_day(2))))
    assert {"M1", "M2", "M3", "M4", "M5", "M6", "M7", "M9", "M10", "M11", "M12", "M13", "M14", "M18"} <= mechanics


def test_c_and_python_emitters_write_the_same_text(monkeypatch):
    """Output does not depend on whether PyYAML was built with libyaml, so it is the same on every machine."""
    import yaml

    from simulator.scenario import generate

    fast = generate_day(11, 40, "US", "hard")
    monkeypatch.setattr(generate, "_Dumper", generate._make_dumper(yaml.SafeDumper))
    assert generate_day(11, 40, "US", "hard") == fast


def test_generated_text_has_no_aliases_and_quotes_digit_strings():
    """Every value is written out (no `&id001`/`*id001`), and numbers with leading zeros stay quoted text."""
    text = generate_day(7, 40, "US", "normal")
    assert "&id" not in text and "*id" not in text
    assert not re.search(r":\s0\d+[,}\s]", text), "an unquoted number with a leading zero"


def test_generated_requests_fit_the_patient():
    """Renewals are for a drug the patient takes; family callers are named on the patient's chart."""
    s = load_scenario_text(generate_day(12, 60, "ON", "hard"))
    for e in s.events:
        kind = event_kind(e)
        if kind == "document" and e.document.kind == "renewal":
            assert e.document.medication in s.patient(e.document.patient).medications
        if kind == "call" and e.call.caller == "family":
            names = {c.name: c for c in s.patient(e.call.about).contacts}
            assert e.call.name in names and names[e.call.name].authorised == e.call.authorised


def test_phone_numbers_do_not_collide():
    """In a small panel, every patient and organisation has a phone number of their own."""
    s = load_scenario_text(generate_day(7, 40, "ON", "normal"))
    phones = [p.phone for p in s.patients] + [d.phone for d in s.directory if d.phone] + [s.clinic.phone]
    assert len(phones) == len(set(phones))
