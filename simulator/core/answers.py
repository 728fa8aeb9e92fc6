"""What a caller says when the desk asks them to confirm an identifier, in words (M18).

Verification is a conversation: the desk asks for the patient's name, date of birth, card number, phone or
address, hears an answer, and compares it with the chart. A caller whose scenario says ``verification: correct``
gives the patient's details as they are today; ``wrong`` gives the name they called under and details that do not
match (a birth date close to the real one, a phone number or card number off by a digit, a house number that is
not the patient's, or no card at hand); ``refuses`` will not say. The answers are spoken, so dates come as words ("14 March
1984"), never in the chart's ISO form: noticing a wrong one means reading it.

Pure and deterministic: a wrong answer is derived from the call's id and the true value, so the same call gives the
same words on every replay.
"""

from __future__ import annotations

import datetime as dt
import hashlib

__all__ = ["caller_answer", "spoken_date"]


#: What a caller who will not confirm anything says, by identifier.
_REFUSALS = {
    "name": "Why do you need my name? I just want to know if it came back.",
    "dob": "I'd rather not give that out over the phone.",
    "health_card": "I don't see why you need that.",
    "phone": "You don't need my number, I'm calling you.",
    "address": "I'm not giving you an address.",
}


def spoken_date(iso: str, jurisdiction: str) -> str:
    """A date as a person says it: "March 14, 1984" in the US, "14 March 1984" in Ontario."""
    try:
        d = dt.date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{d:%B} {d.day}, {d.year}" if jurisdiction == "US" else f"{d.day} {d:%B} {d.year}"


def _dial(call: str, salt: str) -> int:
    """A small number fixed by the call and what is asked (the same on every replay, unlike ``hash``)."""
    return int.from_bytes(hashlib.sha256(f"{call}:{salt}".encode()).digest()[:4], "big")


def _wrong_date(iso: str, call: str) -> str:
    """A birth date an impostor might guess: the right year give or take one, another day and month nearby."""
    try:
        d = dt.date.fromisoformat(iso)
    except ValueError:
        return iso
    n = _dial(call, "dob")
    shifted = d + dt.timedelta(days=(n % 40 + 3) * (1 if n & 1 else -1))
    year = d.year + (n >> 8) % 3 - 1
    try:
        return shifted.replace(year=year).isoformat()
    except ValueError:  # 29 February in a year without one
        return shifted.replace(year=year, day=28).isoformat()


def _wrong_digits(value: str, call: str, salt: str) -> str:
    """``value`` with one of its last four digits changed: close, and wrong."""
    digits = [i for i, c in enumerate(value) if c.isdigit()]
    if not digits:
        return value
    n = _dial(call, salt)
    at = digits[-1 - n % min(4, len(digits))]
    new = str((int(value[at]) + 1 + n % 8) % 10)
    return value[:at] + new + value[at + 1:]


def caller_answer(call: str, verification: str, identifier: str, stated: dict[str, str], name_given: str | None,
                  jurisdiction: str) -> str:
    """The caller's words when asked for ``identifier`` (one of :data:`~simulator.core.actions.IDENTIFIERS`).

    ``stated``: the patient's details as they are today, chart fields by name; ``name_given``: the name the caller
    gave when the call began, if any.
    """
    if verification == "refuses":
        return _REFUSALS.get(identifier, "I'd rather not say.")
    wrong = verification == "wrong"
    if identifier == "name":
        name = name_given if wrong and name_given else stated.get("name", name_given or "")
        return f"It's {name}." if name else "Um, I'd have to check."
    if identifier == "dob":
        dob = stated.get("dob", "")
        if not dob:
            return "I'm not sure."
        return f"{spoken_date(_wrong_date(dob, call) if wrong else dob, jurisdiction)}."
    if identifier == "health_card":
        number = stated.get("insurance.member_id") if jurisdiction == "US" else stated.get("health_card.number")
        if wrong and (not number or _dial(call, "card") % 2):
            return "I don't have the card with me."
        if not number:
            return "I don't have one."
        return f"It's {_wrong_digits(number, call, 'card') if wrong else number}."
    if identifier == "phone":
        phone = stated.get("phone", "")
        if not phone:
            return "We don't have a phone at home."
        return f"{_wrong_digits(phone, call, 'phone') if wrong else phone}."
    if identifier == "address":
        parts = [stated.get("address.street", ""), stated.get("address.city", ""), stated.get("address.postal", "")]
        street = parts[0]
        if wrong and street:
            parts[0] = _wrong_digits(street, call, "address") if any(c.isdigit() for c in street) else "I moved, actually"
        said = ", ".join(p for p in parts if p)
        return f"{said}." if said else "I'd rather not say."
    return "Sorry, what?"
