"""The mechanics of the day, M1 to M18 (DESIGN section 2): the shared vocabulary of facts, bots and grading."""

from __future__ import annotations

__all__ = ["MECHANICS"]

#: Mechanic id → short name, in the order of a clinic day.
MECHANICS: dict[str, str] = {
    "M1": "opening the office",
    "M2": "same-day cancellations",
    "M3": "morning huddle",
    "M4": "check-in",
    "M5": "missing results",
    "M6": "document inbox",
    "M7": "multi-line phones",
    "M8": "new-patient registration",
    "M9": "reminder calls",
    "M10": "referrals",
    "M11": "mass rescheduling",
    "M12": "urgent walk-in",
    "M13": "doctor running late",
    "M14": "checkout",
    "M15": "closing",
    "M16": "back office: vitals",
    "M17": "in-house lab: specimens",
    "M18": "privacy throughout",
}
