"""What a scenario holds, in a few lines: its digest, the mechanics it exercises, and a short description."""

from __future__ import annotations

import hashlib
import json

from ..mechanics import MECHANICS
from .jurisdictions import JURISDICTIONS
from .models import Patient, Scenario, event_kind
from .times import format_clock

__all__ = ["scenario_digest", "canonical_json", "coverage", "describe"]


def canonical_json(scenario: Scenario) -> str:
    """The normalised scenario as canonical JSON: sorted keys, no whitespace, defaults filled."""
    data = scenario.model_dump(mode="json", by_alias=True)
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


_DIGESTS: dict[int, tuple[Scenario, str]] = {}


def scenario_digest(scenario: Scenario) -> str:
    """SHA-256 of :func:`canonical_json`: reformatting the YAML keeps it, changing any value changes it.

    Scenarios are immutable, so the digest is remembered per scenario object: grading a class's replays of one
    scenario serialises it once.
    """
    known = _DIGESTS.get(id(scenario))
    if known is not None and known[0] is scenario:
        return known[1]
    digest = hashlib.sha256(canonical_json(scenario).encode("utf-8")).hexdigest()
    if len(_DIGESTS) >= 64:
        _DIGESTS.pop(next(iter(_DIGESTS)))
    _DIGESTS[id(scenario)] = (scenario, digest)
    return digest


def coverage(scenario: Scenario) -> list[str]:
    """The mechanics (``M1`` ... ``M18``) this scenario gives the trainee something to do in, in order."""
    found = {"M1", "M15"}  # every day opens and closes
    kinds = [event_kind(e) for e in scenario.events]
    bodies = [getattr(e, k or "") for e, k in zip(scenario.events, kinds, strict=True)]
    messages = [b for k, b in zip(kinds, bodies, strict=True) if k in ("voicemail", "email")]
    calls = [b for k, b in zip(kinds, bodies, strict=True) if k == "call"]
    documents = [b for k, b in zip(kinds, bodies, strict=True) if k == "document"]
    patients = {p.id: p for p in scenario.patients if isinstance(p, Patient)}
    cancels = any(m.intent == "cancel" for m in messages) or any(c.wants == "cancel" for c in calls)
    checks = {
        "M2": bool(scenario.waiting_list) and cancels,
        "M3": any(m.for_ or m.urgent for m in messages),
        "M4": "arrival" in kinds,
        "M5": any(set(a.needs) - set(patients[a.patient].results_on_file) for a in scenario.schedule if a.patient in patients),
        "M6": any(d.kind != "referral" for d in documents),
        "M7": bool(calls),
        "M8": any(p.new for p in patients.values()),
        "M9": scenario.reminders is not None,
        "M10": any(d.kind == "referral" for d in documents),
        "M11": "away_day" in kinds,
        "M12": "walk_in" in kinds,
        "M13": "doctor_delay" in kinds or any(a.overrun for a in scenario.schedule),
        "M14": any(a.orders for a in scenario.schedule),
        "M16": any(a.vitals for a in scenario.schedule),
        "M17": any(a.specimens for a in scenario.schedule),
        "M18": any(c.about for c in calls) or bool(documents) or scenario.clinic.lunch is not None,
    }
    found |= {m for m, present in checks.items() if present}
    return [m for m in MECHANICS if m in found]


def describe(scenario: Scenario) -> str:
    """A short, human summary of a scenario: what an instructor checks at a glance."""
    j = JURISDICTIONS[scenario.jurisdiction]
    c = scenario.clinic
    kinds: dict[str, int] = {}
    for event in scenario.events:
        kind = event_kind(event) or "?"
        kinds[kind] = kinds.get(kind, 0) + 1
    covered = coverage(scenario)
    lines = [
        f"{scenario.title} ({scenario.id})",
        f"  {c.name}, {j.name} ({j.privacy_law}), {scenario.date:%A %Y-%m-%d}, "
        f"{format_clock(c.opens)}–{format_clock(c.closes)}, {c.phone_lines} phone lines, difficulty {scenario.difficulty}",
        "  staff: " + ", ".join(f"{m.name} ({m.role.replace('_', ' ')})" for m in c.staff),
        f"  {_count(len(scenario.patients), 'patient')}, {_count(len(scenario.schedule), 'appointment')} today, "
        f"{len(scenario.bookings)} on later days, {len(scenario.waiting_list)} on the waiting list",
        "  events: " + (", ".join(f"{n} {k.replace('_', ' ')}" for k, n in kinds.items()) or "none"),
        _wrap(f"  mechanics ({len(covered)} of {len(MECHANICS)}):", [f"{m} {MECHANICS[m]}" for m in covered]),
        f"  scenario_sha256: {scenario_digest(scenario)}",
    ]
    return "\n".join(lines)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _wrap(head: str, items: list[str], width: int = 110) -> str:
    """``head`` then the items, separated by ``;``, wrapped between items rather than inside one."""
    lines, line = [], head
    for i, item in enumerate(items):
        piece = item + (";" if i < len(items) - 1 else "")
        if len(line) + 1 + len(piece) > width:
            lines.append(line)
            line = "    " + piece
        else:
            line += " " + piece
    return "\n".join(lines + [line])
