"""Clock times and durations are read the way people write them."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from frontdesk.simulator.scenario.times import format_clock, format_days, parse_clock, parse_days, parse_minutes


@pytest.mark.parametrize(
    "text, seconds",
    [
        ("8:00", 8 * 3600),
        ("08:00", 8 * 3600),
        ("14:30", 14 * 3600 + 1800),
        ("9:05", 9 * 3600 + 300),
        ("2:30 pm", 14 * 3600 + 1800),
        ("2:30pm", 14 * 3600 + 1800),
        ("12:15 am", 15 * 60),
        ("12:00 pm", 12 * 3600),
        ("9 am", 9 * 3600),
        ("9:05:30", 9 * 3600 + 330),
        ("11:59 P.M.", 23 * 3600 + 59 * 60),
    ],
)
def test_clock_times_as_written(text, seconds):
    """Every way an instructor writes a time gives the same seconds since midnight."""
    assert parse_clock(text) == seconds


@pytest.mark.parametrize("text", ["25:00", "9", "9:60", "13:00 pm", "noon", "", "9.30", "-1:00"])
def test_impossible_times_are_refused(text):
    """A time that does not exist, or a bare hour without am/pm, is an error with a readable message."""
    with pytest.raises(ValueError, match="time"):
        parse_clock(text)


@given(st.integers(min_value=0, max_value=24 * 3600 - 1))
def test_format_and_parse_round_trip(seconds):
    """Formatting a time and reading it back gives the same second; HH:MM unless seconds are set."""
    text = format_clock(seconds)
    assert parse_clock(text) == seconds
    assert len(text) == (5 if seconds % 60 == 0 else 8)


@pytest.mark.parametrize(
    "text, days", [("2 days", 2), ("1 day", 1), ("14", 14), ("6 weeks", 42), ("1 week", 7), ("3 months", 90),
                   ("1 year", 365), ("2 years", 730)]
)
def test_day_durations(text, days):
    """Durations in days, weeks, months (30 days) or years (365 days) read as a number of days."""
    assert parse_days(text) == days


def test_day_durations_format_back():
    """Days are written back in the guideline's own words."""
    assert format_days(1) == "1 day" and format_days(14) == "14 days"


@pytest.mark.parametrize("text, minutes", [("45", 45), ("45 minutes", 45), ("1 hour", 60), ("2 h", 120)])
def test_minute_durations(text, minutes):
    """Delays and visit lengths read as minutes, with hours allowed."""
    assert parse_minutes(text) == minutes


def test_unknown_duration_unit_names_the_choices():
    """A misspelled unit says which units exist."""
    with pytest.raises(ValueError, match="unknown unit 'fortnights'"):
        parse_days("2 fortnights")
