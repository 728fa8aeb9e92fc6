"""Reference ranges for an adult's vital signs, as data (M16).

A medical assistant flags any value outside its range in the briefing for the doctor. The engine records what
was measured and typed; the grader and the bots read these ranges to know which values were abnormal. Changing a
range here changes what counts as abnormal everywhere, in one place.
"""

from __future__ import annotations

from typing import Any

__all__ = ["VITAL_RANGES", "VITAL_SIGNS", "abnormal_vitals", "split_bp"]

#: The vital signs a medical assistant records, in the order a rooming form lists them.
VITAL_SIGNS = ("pulse", "respirations", "bp", "height_cm", "weight_kg")

#: Sign → (lowest normal, highest normal), inclusive, for a resting adult. Blood pressure is checked as two
#: numbers: systolic and diastolic. Height and weight have no abnormal range of their own.
VITAL_RANGES: dict[str, tuple[float, float]] = {
    "pulse": (60, 100),
    "respirations": (12, 20),
    "systolic": (90, 139),
    "diastolic": (60, 89),
    "temperature_c": (36.0, 37.9),
}


def split_bp(bp: str) -> tuple[int, int] | None:
    """``"128/82"`` → ``(128, 82)``; ``None`` when it is not written that way."""
    parts = bp.replace(" ", "").split("/")
    if len(parts) != 2 or not all(p.isdigit() for p in parts):
        return None
    return int(parts[0]), int(parts[1])


def abnormal_vitals(values: dict[str, Any]) -> list[str]:
    """The signs in ``values`` (``pulse``, ``respirations``, ``bp``, ``temperature_c``) outside their range.

    Blood pressure is reported as ``bp`` when either number is out of range.
    """
    flagged = []
    for sign in ("pulse", "respirations", "temperature_c"):
        value = values.get(sign)
        low, high = VITAL_RANGES[sign]
        if isinstance(value, (int, float)) and not low <= value <= high:
            flagged.append(sign)
    bp = split_bp(str(values.get("bp", "")))
    if bp is not None:
        (slo, shi), (dlo, dhi) = VITAL_RANGES["systolic"], VITAL_RANGES["diastolic"]
        if not (slo <= bp[0] <= shi and dlo <= bp[1] <= dhi):
            flagged.append("bp")
    return sorted(flagged, key=lambda s: ("pulse", "respirations", "bp", "temperature_c").index(s))
