"""Clock times and durations as instructors write them.

The simulation counts time in integer seconds since midnight. Scenario files hold times the way people write
them (``8:00``, ``08:00``, ``14:30``, ``2:30 pm``, ``9:05:30``) and durations in words (``45 minutes``,
``2 days``, ``6 weeks``). This module turns both into integers and back; it is pure and imports nothing heavy,
so the engine, the grader and the loader can all share it.
"""

from __future__ import annotations

import re

__all__ = ["parse_clock", "format_clock", "parse_days", "format_days", "parse_minutes", "DAY_SECONDS"]

DAY_SECONDS = 24 * 60 * 60

_CLOCK = re.compile(
    r"^\s*(?P<h>\d{1,2})(?::(?P<m>\d{2})(?::(?P<s>\d{2}))?)?\s*(?P<ampm>[ap]\.?\s*m\.?)?\s*$",
    re.IGNORECASE,
)


def parse_clock(text: str | int) -> int:
    """Return seconds since midnight for a clock time such as ``9:05``, ``14:30``, ``2:30 pm`` or ``9:05:30``.

    An ``int`` is taken as seconds already (the engine's own unit), so normalised data round-trips.
    A bare hour (``9``) is refused unless it carries am/pm, because ``9`` alone is easy to mistype.
    Raises ``ValueError`` with a message meant for an instructor.
    """
    if isinstance(text, bool) or not isinstance(text, (str, int)):
        raise ValueError("expected a time here, written like 9:05 or 2:30 pm")
    if isinstance(text, int):
        if 0 <= text < DAY_SECONDS:
            return text
        raise ValueError(f"{text} seconds is outside one day")
    match = _CLOCK.match(str(text))
    if not match:
        raise ValueError(f"{text!r} is not a time; write it like 9:05, 14:30 or 2:30 pm")
    hour = int(match["h"])
    minute = int(match["m"] or 0)
    second = int(match["s"] or 0)
    ampm = match["ampm"]
    if match["m"] is None and not ampm:
        raise ValueError(f"{text!r} is not a time; write the minutes too, like {hour}:00")
    if minute > 59 or second > 59:
        raise ValueError(f"{text!r} is not a time: minutes and seconds go up to 59")
    if ampm:
        if not 1 <= hour <= 12:
            raise ValueError(f"{text!r} is not a time: with am/pm the hour goes from 1 to 12")
        pm = ampm[0].lower() == "p"
        hour = hour % 12 + (12 if pm else 0)
    elif hour > 23:
        raise ValueError(f"{text!r} is not a time: hours go from 0 to 23")
    return hour * 3600 + minute * 60 + second


def format_clock(seconds: int) -> str:
    """Format seconds since midnight as ``HH:MM``, or ``HH:MM:SS`` when the seconds are not zero."""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    if secs:
        return f"{hours:02d}:{minutes:02d}:{secs:02d}"
    return f"{hours:02d}:{minutes:02d}"


_DURATION = re.compile(r"^\s*(?P<n>\d+)\s*(?P<unit>[a-z]+)?\s*$", re.IGNORECASE)
# A month is taken as 30 days and a year as 365: follow-ups are written "in 3 months" or "in 1 year" and booked to
# the nearest open day anyway.
_DAY_UNITS = {"day": 1, "days": 1, "d": 1, "week": 7, "weeks": 7, "w": 7, "wk": 7, "wks": 7, "month": 30, "months": 30,
              "year": 365, "years": 365, "yr": 365, "yrs": 365}
_MINUTE_UNITS = {"minute": 1, "minutes": 1, "min": 1, "mins": 1, "m": 1, "hour": 60, "hours": 60, "h": 60, "hr": 60}


def _parse_duration(text: str | int, units: dict[str, int], default_unit: str, example: str) -> int:
    if isinstance(text, bool):
        raise ValueError(f"{text!r} is not a duration; write it like {example}")
    if isinstance(text, int):
        value = text
    else:
        match = _DURATION.match(str(text))
        if not match:
            raise ValueError(f"{text!r} is not a duration; write it like {example}")
        unit = (match["unit"] or default_unit).lower()
        if unit not in units:
            known = ", ".join(sorted({u for u in units if len(u) > 2}))
            raise ValueError(f"{text!r}: unknown unit {unit!r} (use {known})")
        value = int(match["n"]) * units[unit]
    if value < 0:
        raise ValueError(f"{text!r} is negative; durations are zero or more")
    return value


def parse_days(text: str | int) -> int:
    """Return a number of days from ``2 days``, ``1 week``, ``6 weeks``, ``3 months`` (30 days each), ``1 year``
    (365 days) or a number."""
    return _parse_duration(text, _DAY_UNITS, "days", "2 days, 6 weeks or 1 year")


def format_days(days: int) -> str:
    """Format a number of days the way the guidelines are written (``1 day``, ``14 days``)."""
    return f"{days} day" if days == 1 else f"{days} days"


def parse_minutes(text: str | int) -> int:
    """Return a number of minutes from ``45``, ``45 minutes`` or ``1 hour``."""
    return _parse_duration(text, _MINUTE_UNITS, "minutes", "45 minutes")
