"""Comparing what a trainee typed with the truth, as a person reading the chart would (DESIGN section 6).

Case and spacing never matter; a date is a date however it is written; `St.` is `Street` and `Ave` is
`Avenue`; a phone number is its digits; a postal code ignores its space; a list (allergies, medications)
is the same list in any order. Anything else must match word for word.
"""

from __future__ import annotations

import datetime as dt
import re

__all__ = ["same_value", "normalise"]

#: Street words and their usual abbreviations, as Canada Post and USPS write them.
_STREET_WORDS = {
    "st": "street", "ave": "avenue", "av": "avenue", "rd": "road", "dr": "drive", "cres": "crescent",
    "crt": "court", "ct": "court", "ln": "lane", "blvd": "boulevard", "pl": "place", "hwy": "highway",
    "pkwy": "parkway", "cir": "circle", "terr": "terrace", "ter": "terrace", "sq": "square",
    "n": "north", "s": "south", "e": "east", "w": "west", "apt": "apartment",
}
_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%d/%m/%Y", "%m/%d/%Y", "%d %B %Y", "%B %d %Y", "%d %b %Y", "%b %d %Y")


def _words(value: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", value.casefold())


def _date(value: str) -> dt.date | None:
    text = " ".join(value.replace(",", " ").split())
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def normalise(field: str, value: str) -> str:
    """The form two values of ``field`` are compared in."""
    leaf = field.rsplit(".", 1)[-1]
    if leaf in ("expires", "dob") or field == "dob":
        day = _date(value)
        if day is not None:
            return day.isoformat()
    if leaf in ("phone", "number", "member_id", "postal"):
        return "".join(_words(value))
    if leaf in ("allergies", "medications"):
        items = [" ".join(_words(item)) for item in re.split(r"[;,\n]", value)]
        return "; ".join(sorted(i for i in items if i))
    if leaf == "street" or leaf == "city":
        return " ".join(_STREET_WORDS.get(w, w) for w in _words(value))
    return " ".join(_words(value))


def same_value(field: str, typed: str | None, truth: str | None) -> bool:
    """Whether ``typed`` says the same as ``truth`` for chart ``field``, read as a person would."""
    if typed is None or truth is None:
        return typed is None and truth is None
    return normalise(field, typed) == normalise(field, truth)
