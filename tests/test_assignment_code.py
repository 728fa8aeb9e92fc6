"""Assignment codes (simulator/assignment_code.py): what a student types carries the scenario, the assignment and
their seed, is read forgivingly, and is refused in words when mistyped or typed with another student's ID."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from frontdesk.simulator.assignment_code import MAX_SEED, CodeError, assigned_scenario, decode_code, encode_code, scenario_tag
from frontdesk.simulator.scenario import load_scenario, scenario_digest
from frontdesk.simulator.scenario.shipped import shipped_scenarios


@given(st.integers(0, (1 << 20) - 1), st.integers(0, (1 << 20) - 1), st.integers(0, MAX_SEED),
       st.text(min_size=1, max_size=20).filter(str.strip))
def test_a_code_reads_back_what_it_carries(tag, nonce, seed, student):
    """Any scenario tag, assignment and seed come back from the code, for the student it was made for."""
    code = encode_code(tag, nonce, seed, student)
    assert len(code) == 19 and code.count("-") == 3
    read = decode_code(code, student)
    assert (read.tag, read.nonce, read.seed) == (tag, nonce, seed)


def test_a_code_is_read_in_any_case_without_dashes_and_with_look_alikes():
    """Lower case, no dashes, spaces, and I/L for 1 and O for 0 all read as the code."""
    code = encode_code(12345, 678, 424242, "S123")
    loose = code.lower().replace("-", " ").replace("1", "l").replace("0", "o")
    assert decode_code(loose, " s123 ") == decode_code(code, "S123")


def test_another_students_id_or_a_typo_is_refused():
    """The check bits cover the student's ID: the code does not work with another ID, nor with a character changed."""
    code = encode_code(1, 2, 3, "ana1")
    with pytest.raises(CodeError, match="does not work with student ID 'bo2'"):
        decode_code(code, "bo2")
    typo = code[:-1] + ("A" if code[-1] != "A" else "B")
    with pytest.raises(CodeError, match="does not work with student ID"):
        decode_code(typo, "ana1")


@pytest.mark.parametrize("code, student, words", [
    ("ABCD-EFGH", "s1", "16 letters and digits"),
    ("ABCD-EFGH-JKMN-PQRU", "s1", "no U in it"),
    ("ABCD-EFGH-JKMN-PQRS", "", "Type your student ID first"),
])
def test_a_code_that_cannot_be_read_says_why(code, student, words):
    """A code of the wrong length, with a letter codes never use, or typed with no student ID is explained."""
    with pytest.raises(CodeError, match=words):
        decode_code(code, student)


def test_the_code_finds_its_shipped_scenario():
    """A code made for a shipped scenario finds that scenario's file; a tag no scenario has finds nothing."""
    laura = next(p for p in shipped_scenarios() if p.stem == "laura-day")
    tag = scenario_tag(scenario_digest(load_scenario(laura)))
    assert assigned_scenario(decode_code(encode_code(tag, 5, 6, "x"), "x")) == laura
    others = {scenario_tag(scenario_digest(load_scenario(p))) for p in shipped_scenarios()}
    unknown = next(t for t in range(1 << 20) if t not in others)
    assert assigned_scenario(decode_code(encode_code(unknown, 5, 6, "x"), "x")) is None
