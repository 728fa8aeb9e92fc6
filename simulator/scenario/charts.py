"""What a patient's chart holds, field by field: the fields a trainee can type into and a correct chart of a
scenario's patient.

The engine starts each chart from :func:`chart_record` and the grader judges a chart against it, so both read the
chart the same way.
"""

from __future__ import annotations

from typing import Any

from .models import Patient

__all__ = ["CHART_FIELDS", "EMPTY_LIST", "chart_record", "flatten_changes"]

#: The chart fields a trainee can type into, as dotted paths.
CHART_FIELDS = (
    "name", "dob", "sex", "phone", "email", "address.street", "address.city", "address.region", "address.postal",
    "health_card.number", "health_card.version", "health_card.expires",
    "insurance.payer", "insurance.member_id", "insurance.group", "insurance.expires", "pharmacy", "allergies",
    "medications",
)
#: How an empty list reads in a chart: a chart says "none known" rather than leaving the line blank.
EMPTY_LIST = {"allergies": "none known", "medications": "none"}


def chart_record(patient: Patient) -> dict[str, str]:
    """What a correct chart of ``patient`` says, field by field (dotted names of :data:`CHART_FIELDS`)."""
    data = patient.model_dump(mode="json", by_alias=True, exclude_none=True)
    chart: dict[str, str] = {}
    for field in CHART_FIELDS:
        value: Any = data
        for part in field.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if isinstance(value, list):
            chart[field] = "; ".join(value) if value else EMPTY_LIST[field]
        elif value is not None:
            chart[field] = str(value)
    return chart


def flatten_changes(changes: dict[str, Any], prefix: str = "") -> dict[str, str]:
    """``{"address": {"city": "X"}}`` → ``{"address.city": "X"}``: the chart's own dotted field names."""
    flat: dict[str, str] = {}
    for key, value in changes.items():
        if isinstance(value, dict):
            flat.update(flatten_changes(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = str(value)
    return flat
