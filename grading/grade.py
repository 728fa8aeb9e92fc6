"""The grade of one attempt: findings, checks, criterion scores, the total, and its JSON form (DESIGN section 4).

A criterion module turns facts into :class:`Check` records: one per thing a professional would be judged on
(a call answered, a chart field typed, a disclosure made). Each check has a maximum and what was earned, and
carries the :class:`Finding` that explains any point lost (or praises what went well). Scores are sums of checks,
so every point lost is explained by exactly one finding.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from simulator.mechanics import MECHANICS

from .rubric import COMPETENCIES

__all__ = ["Finding", "Check", "Grade", "SEVERITIES", "CRITERIA", "clock"]

#: Severities, from the worst: a privacy breach, an error, something late, something missed, and praise.
SEVERITIES = ("breach", "error", "late", "missed", "good")
#: The three criteria, in the order reports show them.
CRITERIA = ("multitasking", "accuracy", "privacy")


def clock(t: int) -> str:
    """``HH:MM`` of simulated second ``t`` (past midnight reads 24:10, not 00:10: it is still the same day)."""
    return f"{t // 3600:02d}:{t % 3600 // 60:02d}"


@dataclass(frozen=True)
class Finding:
    """What happened, when, how bad it was, and what a professional would have done."""

    t: int
    criterion: str
    mechanic: str
    severity: str
    message: str
    better: str
    rule: str | None = None
    points: float = 0.0

    def to_json(self) -> dict[str, Any]:
        """The finding as the grade JSON writes it."""
        return {"at": clock(self.t), "criterion": self.criterion, "mechanic": self.mechanic,
                "severity": self.severity, "message": self.message, "better": self.better, "rule": self.rule,
                "points": round(self.points, 2)}


@dataclass(frozen=True)
class Check:
    """One judged thing: ``earned`` of ``max`` points under a criterion and a mechanic, with its competency tag."""

    criterion: str
    mechanic: str
    max: float
    earned: float
    tag: str
    finding: Finding | None = None


@dataclass
class Grade:
    """The grade of one day: every check, and the scenario's weights."""

    scenario: str
    scenario_sha256: str
    student: str | None
    seed: int
    facts_sha256: str
    weights: dict[str, float]
    checks: list[Check] = field(default_factory=list)

    def criterion_score(self, criterion: str) -> float:
        """0–100: the share of the criterion's points earned (100 when nothing was judged)."""
        mine = [c for c in self.checks if c.criterion == criterion]
        possible = sum(c.max for c in mine)
        return 100.0 if possible == 0 else 100.0 * sum(c.earned for c in mine) / possible

    @property
    def total(self) -> float:
        """The weighted sum of the criteria (weights normalised to add up to one)."""
        weight = sum(self.weights.values()) or 1.0
        return sum(self.criterion_score(c) * self.weights.get(c, 0.0) for c in CRITERIA) / weight

    @property
    def findings(self) -> list[Finding]:
        """Every finding, in time order (then worst first)."""
        found = [c.finding for c in self.checks if c.finding is not None]
        return sorted(found, key=lambda f: (f.t, SEVERITIES.index(f.severity), f.criterion, f.message))

    def mechanics(self) -> dict[str, dict[str, Any]]:
        """Per mechanic that was judged: its name, points earned and possible, and its rubric lines (checks
        grouped by criterion and competency tag, each with points earned, possible and how many)."""
        out: dict[str, dict[str, Any]] = {}
        for m in MECHANICS:
            mine = [c for c in self.checks if c.mechanic == m]
            if not mine:
                continue
            lines: dict[tuple[str, str], dict[str, Any]] = {}
            for c in mine:
                line = lines.setdefault((c.criterion, c.tag), {"criterion": c.criterion,
                                                               "competency": COMPETENCIES.get(c.tag, c.tag),
                                                               "score": 0.0, "max": 0.0, "count": 0})
                line["score"] += c.earned
                line["max"] += c.max
                line["count"] += 1
            out[m] = {"name": MECHANICS[m], "score": round(sum(c.earned for c in mine), 2),
                      "max": round(sum(c.max for c in mine), 2),
                      "checks": [{**v, "score": round(v["score"], 2), "max": round(v["max"], 2)}
                                 for _, v in sorted(lines.items())]}
        return out

    def competencies(self) -> dict[str, dict[str, Any]]:
        """Per competency tag on the rubric lines, across mechanics: points earned and possible (for a checklist)."""
        out: dict[str, dict[str, Any]] = {}
        for c in self.checks:
            entry = out.setdefault(c.tag, {"score": 0.0, "max": 0.0, "checks": 0})
            entry["score"] += c.earned
            entry["max"] += c.max
            entry["checks"] += 1
        return {tag: {"score": round(v["score"], 2), "max": round(v["max"], 2), "checks": v["checks"]}
                for tag, v in sorted(out.items())}

    def to_json(self) -> dict[str, Any]:
        """The grade JSON of DESIGN section 4, plus ``mechanics``."""
        return {
            "scenario": self.scenario,
            "scenario_sha256": self.scenario_sha256,
            "student": self.student,
            "seed": self.seed,
            "total": round(self.total, 1),
            "criteria": {c: {"score": round(self.criterion_score(c), 1), "weight": self.weights.get(c, 0.0)}
                         for c in CRITERIA},
            "findings": [f.to_json() for f in self.findings],
            "facts_sha256": self.facts_sha256,
            "mechanics": self.mechanics(),
        }
