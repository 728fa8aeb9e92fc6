"""ID checks and jurisdiction data: Ontario's mod-10 health card, US member IDs."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from frontdesk.simulator.scenario.jurisdictions import JURISDICTIONS, card_problems, luhn_check_digit, luhn_valid

ON, US = JURISDICTIONS["ON"], JURISDICTIONS["US"]


@pytest.mark.parametrize("number", ["1234567897", "9876543225", "0712345677"])
def test_known_valid_health_cards(number):
    """The synthetic numbers used in the docs pass the mod-10 check digit."""
    assert luhn_valid(number)
    assert card_problems(ON, number, "AB") == []


def test_a_wrong_check_digit_names_the_right_one():
    """A mistyped last digit is caught, and the message says what the digit would be."""
    ((field, problem),) = card_problems(ON, "1234567898", "AB")
    assert field == "number"
    assert "check digit" in problem and "would be 7" in problem


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_check_digit_makes_any_payload_valid(payload):
    """Appending the computed check digit always gives a valid number; changing it never does."""
    number = payload + str(luhn_check_digit(payload))
    assert luhn_valid(number)
    wrong = payload + str((int(number[-1]) + 1) % 10)
    assert not luhn_valid(wrong)


@pytest.mark.parametrize("number", ["123456789", "12345678901", "12345678X7"])
def test_health_card_must_be_ten_digits(number):
    """An Ontario number is exactly ten digits."""
    assert card_problems(ON, number) != []


@pytest.mark.parametrize("version, ok", [("", True), ("A", True), ("AB", True), ("ABC", False), ("ab", False), ("1A", False)])
def test_version_code_is_zero_to_two_capitals(version, ok):
    """The version code is 0 to 2 capital letters."""
    assert (card_problems(ON, "1234567897", version) == []) is ok


def test_us_member_ids_have_no_check_digit():
    """US member IDs are letters and digits of a plausible length, without a check digit."""
    assert card_problems(US, "EVG482913377") == []
    assert card_problems(US, "AB") != []


def test_jurisdictions_differ_as_data():
    """What differs between Ontario and the US is held as data: law, ID document, drug-coverage request."""
    assert (ON.privacy_law, ON.id_document, ON.drug_coverage_request) == ("PHIPA", "health_card", "limited_use_code")
    assert (US.privacy_law, US.id_document, US.drug_coverage_request) == ("HIPAA", "insurance", "prior_authorization")
    assert "164.514(h)" in US.rule("verify_identity") and "164.510(b)" in US.rule("family")
    assert "circle of care" in ON.rule("treatment") and "s. 29" in ON.rule("family")
