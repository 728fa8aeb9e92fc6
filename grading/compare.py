"""Comparing what a trainee typed with the truth, as a person reading the chart would (DESIGN section 6).

Case and spacing never matter; a date is a date however it is written (03/04/2026 is read both the Canadian and
the American way); `St.` is `Street` and `Ave` is
`Avenue`; a phone number is its digits; a postal code ignores its space; a list (allergies, medications)
is the same list in any order, and "NKA" says the same as "none known"; a phone number may carry its +1. Anything else must match word for word.
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
#: Ways a chart says "nothing" for a list: no known allergies, no medications.
_NOTHING = {"none", "none known", "nil", "nka", "nkda", "no known allergies", "no known drug allergies",
            "no allergies", "no medications", "no meds", "no current medications"}


def _words(value: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", value.casefold())


def _dates(value: str) -> set[dt.date]:
    """Every date ``value`` can be read as: 03/04/2026 is 3 April in Canada and March 4 in the United States."""
    text = " ".join(value.replace(",", " ").split())
    found = set()
    for fmt in _DATE_FORMATS:
        try:
            found.add(dt.datetime.strptime(text, fmt).date())
        except ValueError:
            continue
    return found


def normalise(field: str, value: str) -> str:
    """The form two values of ``field`` are compared in."""
    leaf = field.rsplit(".", 1)[-1]
    if leaf in ("expires", "dob"):
        days = _dates(value)
        if len(days) == 1:
            return days.pop().isoformat()
    if leaf == "phone":
        digits = "".join(_words(value))
        return digits[1:] if len(digits) == 11 and digits.startswith("1") else digits  # +1, the NANP country code
    if leaf in ("number", "member_id", "postal"):
        return "".join(_words(value))
    if leaf in ("allergies", "medications"):
        items = [" ".join(_words(item)) for item in re.split(r"[;,\n]", value)]
        items = ["none" if item in _NOTHING else item for item in items if item]
        return "; ".join(sorted(set(items)))
    if leaf == "street" or leaf == "city":
        return " ".join(_STREET_WORDS.get(w, w) for w in _words(value))
    return " ".join(_words(value))


def same_value(field: str, typed: str | None, truth: str | None) -> bool:
    """Whether ``typed`` says the same as ``truth`` for chart ``field``, read as a person would."""
    if typed is None or truth is None:
        return typed is None and truth is None
    if field.rsplit(".", 1)[-1] in ("expires", "dob"):
        typed_days, true_days = _dates(typed), _dates(truth)
        if typed_days and true_days:
            return bool(typed_days & true_days)  # an ambiguous 03/04 matches either reading
    return normalise(field, typed) == normalise(field, truth)
