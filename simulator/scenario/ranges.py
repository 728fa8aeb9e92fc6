"""Reference ranges for an adult's vital signs, as data (M16).

A medical assistant flags any value outside its range in the briefing for the doctor. The engine records what
was measured and typed; the grader and the bots read these ranges to know which values were abnormal. Changing a
range here changes what counts as abnormal everywhere, in one place.
"""

from __future__ import annotations

from typing import Any

__all__ = ["VITAL_RANGES", "VITAL_SIGNS", "FLAGGED_SIGNS", "abnormal_vitals", "split_bp"]

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
    "temperature_f": (96.8, 100.2),  # the same range as 36.0–37.9 °C
    "spo2": (95, 100),
    "pain": (0, 6),  # 7 to 10 is severe pain: the doctor hears of it before going in
}
#: Blood glucose, whose unit is the jurisdiction's: mmol/L in Ontario, mg/dL in the US (random, not fasting).
GLUCOSE_RANGES: dict[str, tuple[float, float]] = {"ON": (4.0, 7.8), "US": (70, 140)}
#: Every sign a briefing may flag, in the order a rooming form lists them.
FLAGGED_SIGNS = ("pulse", "respirations", "bp", "temperature_c", "temperature_f", "spo2", "pain", "glucose")


def split_bp(bp: str) -> tuple[int, int] | None:
    """``"128/82"`` → ``(128, 82)``; ``None`` when it is not written that way."""
    parts = bp.replace(" ", "").split("/")
    if len(parts) != 2 or not all(p.isdigit() for p in parts):
        return None
    return int(parts[0]), int(parts[1])


def abnormal_vitals(values: dict[str, Any], jurisdiction: str = "ON") -> list[str]:
    """The signs in ``values`` outside their range, in :data:`FLAGGED_SIGNS` order (glucose read in the unit of
    ``jurisdiction``).

    Blood pressure is reported as ``bp`` when either number is out of range.
    """
    flagged = []
    ranges = {**VITAL_RANGES, "glucose": GLUCOSE_RANGES.get(jurisdiction, GLUCOSE_RANGES["ON"])}
    for sign in ("pulse", "respirations", "temperature_c", "temperature_f", "spo2", "pain", "glucose"):
        value = values.get(sign)
        low, high = ranges[sign]
        if isinstance(value, (int, float)) and not isinstance(value, bool) and not low <= value <= high:
            flagged.append(sign)
    bp = split_bp(str(values.get("bp", "")))
    if bp is not None:
        (slo, shi), (dlo, dhi) = VITAL_RANGES["systolic"], VITAL_RANGES["diastolic"]
        if not (slo <= bp[0] <= shi and dlo <= bp[1] <= dhi):
            flagged.append("bp")
    return sorted(flagged, key=FLAGGED_SIGNS.index)
