"""Which triage questions fit a walk-in's complaint: the front desk's screening protocol.

A desk does not diagnose; it asks a few questions the clinic's nurse has set for each kind of complaint, so that a
red flag reaches the nurse at once. Every walk-in is asked when it started; then the questions of each body system
the complaint mentions. The expert bot follows this protocol (it reads only the complaint, as a person at the
counter hears it), and the debrief cites it; a scenario's ``revealed_by`` says which answers carry a red flag, so a
desk that asks the wrong questions misses it.
"""

from __future__ import annotations

__all__ = ["SCREENING", "screening_questions"]

#: What a complaint mentions (lower-case word beginnings) → the questions to ask for it, in order.
SCREENING: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("chest", "heart", "palpitat", "pressure"), ("chest_pain", "breathing")),
    (("breath", "cough", "wheez", "asthma", "throat", "chok"), ("breathing", "fever")),
    (("head", "dizz", "faint", "numb", "weak", "speech", "vision", "confus", "spin"), ("dizziness", "severity")),
    (("cut", "bleed", "wound", "nosebleed", "vomit", "stool", "pregnan"), ("bleeding", "severity")),
    (("fever", "rash", "ear", "eye", "infect", "pee", "urin", "burn"), ("fever", "severity")),
    (("pain", "ache", "sprain", "twist", "ankle", "back", "injur", "fall", "fell", "broke"), ("severity", "location")),
    (("allerg", "sting", "swell", "hive", "bite"), ("breathing", "allergies")),
    (("medic", "pill", "dose", "overdose", "prescri"), ("medications", "history")),
)

#: Asked of every walk-in, first.
FIRST = ("onset",)
#: Asked when the complaint mentions nothing the protocol knows.
OTHERWISE = ("severity", "breathing")


def screening_questions(complaint: str) -> tuple[str, ...]:
    """The questions the protocol asks for ``complaint``: when it started, then each matching system's questions
    (each question once, in the protocol's order)."""
    words = complaint.lower().replace(",", " ").replace(".", " ").split()
    asked: list[str] = list(FIRST)
    matched = False
    for starts, questions in SCREENING:
        if any(w.startswith(s) for w in words for s in starts):
            matched = True
            asked += [q for q in questions if q not in asked]
    if not matched:
        asked += [q for q in OTHERWISE if q not in asked]
    return tuple(asked)
