"""Comparing typed chart fields with the truth as a person reads them (DESIGN section 6)."""

import pytest

from frontdesk.grading.compare import normalise, same_value


@pytest.mark.parametrize("typed", ["2027-05-01", "2027/05/01", "01/05/2027", "1 May 2027", "May 1, 2027",
                                   "1 may 2027", "May 1 2027", " 2027-05-01 "])
@pytest.mark.parametrize("field", ["dob", "health_card.expires", "insurance.expires"])
def test_a_date_is_the_same_date_however_it_is_written(field, typed):
    """A date typed as ISO, with slashes, or with the month's name equals the same day in the chart."""
    assert same_value(field, typed, "2027-05-01")


def test_a_date_written_month_first_is_read_when_it_can_only_be_that():
    """12/31/2026 can only be month-first (there is no month 31): it is 31 December 2026."""
    assert same_value("insurance.expires", "12/31/2026", "2026-12-31")


def test_different_dates_differ():
    """A date one day off is a different date, in any format."""
    assert not same_value("dob", "1958-04-13", "1958-04-12")
    assert not same_value("dob", "13 April 1958", "1958-04-12")


@pytest.mark.parametrize("typed", ["12 elm street", "12 Elm St.", "12 ELM ST", "12  Elm   Street", "12 elm st"])
def test_street_abbreviations_equal_the_word(typed):
    """`12 Elm St.` equals `12 elm street`: street words and abbreviations, case and spacing do not matter."""
    assert same_value("address.street", typed, "12 Elm Street")


@pytest.mark.parametrize("typed, truth", [("77 Lakeshore Blvd W", "77 Lakeshore Boulevard West"),
                                          ("15 Birch Cres.", "15 Birch Crescent"),
                                          ("9 Oak Ave", "9 Oak Avenue"),
                                          ("4 Pine Rd", "4 Pine Road")])
def test_other_street_abbreviations(typed, truth):
    """Canada Post / USPS abbreviations (Blvd, W, Cres, Ave, Rd) read as their words."""
    assert same_value("address.street", typed, truth)


def test_a_different_street_differs():
    """Another house number or another street name is a different address."""
    assert not same_value("address.street", "14 Elm Street", "12 Elm Street")
    assert not same_value("address.street", "12 Elm Avenue", "12 Elm Street")
    assert not same_value("address.street", "12 Elms Street", "12 Elm Street")


@pytest.mark.parametrize("typed", ["416-555-0199", "(416) 555-0199", "416 555 0199", "4165550199", "416.555.0199"])
def test_a_phone_number_is_its_digits(typed):
    """Dashes, brackets, dots and spaces in a phone number do not matter."""
    assert same_value("phone", typed, "416-555-0199")


def test_a_phone_number_with_a_wrong_digit_differs():
    """One digit off is a different number (a typo a caller would never get through on)."""
    assert not same_value("phone", "416-555-0198", "416-555-0199")
    assert not same_value("phone", "416-555-199", "416-555-0199")


@pytest.mark.parametrize("typed", ["M5J 2L6", "m5j2l6", "M5J2L6", " m5j  2l6 "])
def test_a_postal_code_with_or_without_its_space(typed):
    """A postal code ignores its space and its case."""
    assert same_value("address.postal", typed, "M5J 2L6")


def test_a_different_postal_code_differs():
    """One character off is another postal code."""
    assert not same_value("address.postal", "M5J 2L7", "M5J 2L6")


def test_a_health_card_number_is_its_digits():
    """A health card number typed in groups is the same number."""
    assert same_value("health_card.number", "1234 567 897", "1234567897")
    assert not same_value("health_card.number", "1234567898", "1234567897")


@pytest.mark.parametrize("typed", ["sulfa drugs; penicillin", "Penicillin, Sulfa drugs", "penicillin;sulfa drugs",
                                   "PENICILLIN\nsulfa  drugs"])
def test_an_allergy_list_is_the_same_in_any_order(typed):
    """Allergies (and medications) are a list: order, separators, case and spacing do not matter."""
    assert same_value("allergies", typed, "penicillin; sulfa drugs")


def test_medication_lists_in_any_order():
    """A medication list typed in another order is the same list."""
    assert same_value("medications", "atorvastatin 20 mg, ramipril 5 mg", "ramipril 5 mg; atorvastatin 20 mg")


def test_a_list_missing_an_item_differs():
    """A list with an item missing, or an extra one, is not the same list."""
    assert not same_value("allergies", "penicillin", "penicillin; sulfa drugs")
    assert not same_value("allergies", "penicillin; sulfa drugs; latex", "penicillin; sulfa drugs")


@pytest.mark.parametrize("field, typed", [("name", "robert  CHEN"), ("health_card.version", "ab"),
                                          ("address.city", "toronto"), ("email", "Ian.Fraser@Example.com")])
def test_case_and_spacing_never_matter(field, typed):
    """Any other field ignores case and spacing."""
    truth = {"name": "Robert Chen", "health_card.version": "AB", "address.city": "Toronto",
             "email": "ian.fraser@example.com"}[field]
    assert same_value(field, typed, truth)


@pytest.mark.parametrize("field, typed, truth", [("name", "Roberta Chen", "Robert Chen"),
                                                 ("health_card.version", "AC", "AB"),
                                                 ("address.city", "Mississauga", "Toronto"),
                                                 ("pharmacy", "king-pharmacy", "queen-pharmacy")])
def test_different_values_differ(field, typed, truth):
    """Anything else must say the same words: another name, version code, city or pharmacy differs."""
    assert not same_value(field, typed, truth)


def test_nothing_typed_is_not_the_truth():
    """A missing value equals only a missing value."""
    assert not same_value("phone", None, "416-555-0199")
    assert not same_value("phone", "416-555-0199", None)
    assert same_value("phone", None, None)


def test_normalise_is_what_both_sides_are_compared_in():
    """`normalise` gives the comparison form: the ISO date, the digits, the sorted list, the street words."""
    assert normalise("dob", "April 12, 1958") == "1958-04-12"
    assert normalise("phone", "(416) 555-0199") == "4165550199"
    assert normalise("allergies", "Sulfa; penicillin") == "penicillin; sulfa"
    assert normalise("address.street", "12 Elm St.") == "12 elm street"


@pytest.mark.parametrize("typed", ["No known allergies", "none", "NKA"])
def test_no_known_allergies_however_it_is_written(typed):
    """A chart's 'none known' allergies typed as 'No known allergies', 'none' or 'NKA' says the same thing."""
    assert same_value("allergies", typed, "none known")


def test_a_phone_number_with_its_country_code_is_the_same_number():
    """`+1 416-555-0199` and `1-416-555-0199` are the number 416-555-0199, dialled from anywhere."""
    assert same_value("phone", "+1 416-555-0199", "416-555-0199")
    assert same_value("phone", "1-416-555-0199", "416-555-0199")
