"""The grade of one attempt: findings, checks, criterion scores, the total, and its JSON form (DESIGN section 4).

The scenario fixes the rubric (:mod:`grading.lines`); the criteria fill each line in from the facts as a
:class:`Check` with the :class:`Finding` that explains any score point lost (or praises a trap handled well). A
criterion scores 100 less the points its findings cost, never below 0, so every point lost is explained by exactly
one finding; a day with a critical error is "not yet competent" whatever its total.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from frontdesk.simulator.mechanics import MECHANICS

from .rubric import COMPETENCIES

__all__ = ["Finding", "Check", "Grade", "SEVERITIES", "CRITERIA", "clock", "losses"]

#: Severities, from the worst: a privacy breach, an error, something late, something missed, and praise.
SEVERITIES = ("breach", "error", "late", "missed", "good")
#: The three criteria, in the order reports show them.
CRITERIA = ("multitasking", "accuracy", "privacy")


def clock(t: int) -> str:
    """``HH:MM`` of simulated second ``t`` (past midnight reads 24:10, not 00:10: it is still the same day)."""
    return f"{t // 3600:02d}:{t % 3600 // 60:02d}"


@dataclass(frozen=True)
class Finding:
    """What happened, when, how bad it was, and what a professional would have done.

    ``points`` are the criterion's score points the finding costs (0 to 100 scale): its ``share`` of the rubric
    or its harm class's ``deduction``, whichever side decides the criterion (:func:`grading.day.decide`). ``critical`` names the critical error it is (see
    :data:`grading.rubric.CRITICAL_ERRORS`), if any; ``line`` is the key of its rubric line (``None`` for a
    deduction that no line foresaw, such as opening a chart with no reason).
    """

    t: int
    criterion: str
    mechanic: str
    severity: str
    message: str
    better: str
    rule: str | None = None
    points: float = 0.0
    harm: str = "moderate"
    critical: str | None = None
    line: str | None = None
    #: What it costs under completion: the share of the criterion's rubric points its line lost (0 for a
    #: deduction).
    share: float = 0.0
    #: What it costs under harm: its harm class's fixed deduction (times the share of its line lost).
    deduction: float = 0.0
    #: Which side decided its criterion's score: ``completion`` or ``harm`` (``points`` is that side's cost).
    decided_by: str = "harm"

    def to_json(self) -> dict[str, Any]:
        """The finding as the grade JSON writes it."""
        return {"at": clock(self.t), "criterion": self.criterion, "mechanic": self.mechanic,
                "severity": self.severity, "harm": self.harm, "critical": self.critical is not None,
                "critical_error": self.critical, "line": self.line, "message": self.message, "better": self.better,
                "rule": self.rule, "points": round(self.points, 2)}


def losses(checks: list[Check], criterion: str) -> tuple[float, float, str]:
    """What ``criterion`` loses under completion (findings' shares) and under harm (their deductions), and which
    side decides its score: the one that loses more."""
    found = [c.finding for c in checks if c.criterion == criterion and c.finding is not None]
    share, harm = sum(f.share for f in found), sum(f.deduction for f in found)
    return share, harm, "harm" if harm >= share else "completion"


@dataclass(frozen=True)
class Check:
    """One judged rubric line: ``earned`` of ``max`` points under a criterion and a mechanic, with its competency
    tags and the :class:`Finding` that explains the score points lost (or praises a trap handled well).

    A *deduction* (a mistake no line foresaw, or a second mistake on a line already lost) is a check with
    ``max == 0`` whose finding carries the points it costs.
    """

    criterion: str
    mechanic: str
    max: float
    earned: float
    tag: str
    finding: Finding | None = None
    key: str | None = None
    harm: str = "moderate"
    tags: tuple[str, ...] = ()
    what: str = ""

    @property
    def status(self) -> str:
        """``earned``, ``partial``, ``missed`` (nothing done) or ``error`` (done wrong), for a line."""
        if self.earned >= self.max:
            return "earned"
        if self.finding is not None and self.finding.severity == "missed" and self.earned == 0:
            return "missed"
        return "partial" if self.earned > 0 else "error"


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
    #: The most the total may be when the day has a critical error (``rubric.critical_cap``), if set.
    critical_cap: float | None = None

    def possible(self, criterion: str) -> float:
        """The points the scenario's rubric puts under ``criterion`` (fixed before anyone plays)."""
        return sum(c.max for c in self.checks if c.criterion == criterion)

    def shown(self) -> tuple[str, ...]:
        """The criteria the rubric has lines under (a criterion with none is not scored at all)."""
        return tuple(c for c in CRITERIA if self.possible(c) > 0)

    def criterion_score(self, criterion: str) -> float | None:
        """0–100: 100 less the score points every finding under ``criterion`` costs (on the side that decides it),
        never below 0; ``None`` when the rubric has no line under it."""
        if self.possible(criterion) == 0:
            return None
        lost = sum(c.finding.points for c in self.checks if c.criterion == criterion and c.finding is not None)
        return max(0.0, 100.0 - lost)

    def sides(self, criterion: str) -> dict[str, Any]:
        """Both ways of scoring ``criterion``: what completion and harm lose, and which one decided the score."""
        share, harm, side = losses(self.checks, criterion)
        return {"completion_lost": round(share, 1), "harm_lost": round(harm, 1), "decided_by": side}

    @property
    def critical(self) -> list[Finding]:
        """The critical errors of the day, in time order."""
        return [f for f in self.findings if f.critical is not None]

    @property
    def competent(self) -> bool:
        """False when the day has a critical error: "not yet competent", whatever the total."""
        return not self.critical

    @property
    def total(self) -> float:
        """The weighted sum of the criteria shown (weights normalised over them), capped by
        ``critical_cap`` when the day has a critical error."""
        shown = self.shown()
        weight = sum(self.weights.get(c, 0.0) for c in shown)
        if not shown or weight == 0:
            return 0.0
        total = sum((self.criterion_score(c) or 0.0) * self.weights.get(c, 0.0) for c in shown) / weight
        if self.critical_cap is not None and not self.competent:
            total = min(total, self.critical_cap)
        return total

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
            for tag in c.tags or (c.tag,):
                entry = out.setdefault(tag, {"score": 0.0, "max": 0.0, "checks": 0})
                entry["score"] += c.earned
                entry["max"] += c.max
                entry["checks"] += 1
        return {tag: {"score": round(v["score"], 2), "max": round(v["max"], 2), "checks": v["checks"]}
                for tag, v in sorted(out.items())}

    def lines(self) -> list[dict[str, Any]]:
        """Every rubric line with how much of it was earned (0 to 1) and its status, in rubric order."""
        return [{"key": c.key, "criterion": c.criterion, "mechanic": c.mechanic, "harm": c.harm,
                 "tags": list(c.tags), "what": c.what, "points": c.max,
                 "earned": round(c.earned / c.max, 3), "status": c.status}
                for c in self.checks if c.key is not None and c.max > 0]

    def to_json(self) -> dict[str, Any]:
        """The grade JSON of DESIGN section 4, plus ``competent``, ``critical``, ``mechanics`` and ``lines``."""
        return {
            "scenario": self.scenario,
            "scenario_sha256": self.scenario_sha256,
            "student": self.student,
            "seed": self.seed,
            "total": round(self.total, 1),
            "competent": self.competent,
            "critical": [f.to_json() for f in self.critical],
            "criteria": {c: {"score": round(self.criterion_score(c) or 0.0, 1), "weight": self.weights.get(c, 0.0),
                             "points_possible": round(self.possible(c), 2), **self.sides(c)}
                         for c in self.shown()},
            "findings": [f.to_json() for f in self.findings],
            "facts_sha256": self.facts_sha256,
            "mechanics": self.mechanics(),
            "lines": self.lines(),
        }
