"""Is a scenario fair? Play it with the expert, the novice and the random trainee, and compare.

An instructor who writes a scenario wants to know that a professional can score high on it, that the usual
mistakes cost points, that there is a privacy trap, and that every task in it can be done. The expert must
reach 90, the novice should stay well below; a task no bot completed, or a scenario with nothing to judge under
a criterion, is a warning.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from frontdesk.simulator.bots import make_bot, play_day
from frontdesk.simulator.core import Simulation
from frontdesk.simulator.mechanics import MECHANICS
from frontdesk.simulator.scenario.models import Scenario
from frontdesk.simulator.scenario.summary import coverage

from .api import grade_simulation
from .grade import CRITERIA
from .rubric import HARM

__all__ = ["Calibration", "calibrate", "format_calibration", "EXPERT_AT_LEAST", "NOVICE_AT_MOST", "MINOR_SLIP_AT_MOST"]

#: The scores a fair scenario gives: a professional at least this, a novice at most that.
EXPERT_AT_LEAST = 90.0
NOVICE_AT_MOST = 80.0
#: A criterion on which one minor slip costs more than this (of its 100) rests on too few points.
MINOR_SLIP_AT_MOST = 5.0


@dataclass
class Calibration:
    """The bots' grades on one scenario, and what they say about it."""

    scenario: Scenario
    grades: dict[str, list[dict[str, Any]]]
    coverage: list[str]
    warnings: list[str] = field(default_factory=list)

    def mean(self, bot: str) -> float:
        """The mean total of ``bot``'s grades on this scenario."""
        return sum(g["total"] for g in self.grades[bot]) / len(self.grades[bot])


def calibrate(scenario: Scenario, random_seeds: int = 3) -> Calibration:
    """Play the expert and the novice on the scenario's seed, the random trainee on ``random_seeds`` seeds."""
    grades: dict[str, list[dict[str, Any]]] = {}
    for bot, seeds in (("expert", [scenario.seed]), ("novice", [scenario.seed]),
                       ("random", [scenario.seed + i for i in range(random_seeds)])):
        grades[bot] = [grade_simulation(play_day(Simulation(scenario, s), make_bot(bot, scenario, s))).to_json()
                       for s in seeds]
    result = Calibration(scenario, grades, coverage(scenario))
    result.warnings = _warnings(result)
    return result


def _warnings(c: Calibration) -> list[str]:
    warnings = []
    expert, novice = c.grades["expert"][0], c.grades["novice"][0]
    if expert["total"] < EXPERT_AT_LEAST:
        warnings.append(f"the expert scores {expert['total']:.1f}, under {EXPERT_AT_LEAST:.0f}: something in the "
                        "scenario cannot be done well; read the expert's findings")
    if novice["total"] > NOVICE_AT_MOST:
        warnings.append(f"the novice scores {novice['total']:.1f}: the usual mistakes cost little here; add traps "
                        "(look-alike charts, an unauthorised relative, a late doctor)")
    if expert["total"] - novice["total"] < 15:
        warnings.append(f"the spread between expert and novice is only {expert['total'] - novice['total']:.1f} points")
    # The greeting and the desk are the same every day; a trap is in the day's own calls, documents and patients.
    traps = [f for f in novice["findings"] if f["criterion"] == "privacy" and f["severity"] == "breach"
             and f["mechanic"] not in ("M1", "M15") and "screen unlocked" not in f["message"]]
    if not traps:
        warnings.append("no privacy trap in this scenario: the novice breaches nothing in its calls, documents or "
                        "patients (add an unauthorised relative, an impostor, look-alike charts or a reminder call)")
    minor = HARM["minor"]
    for criterion, v in expert["criteria"].items():
        possible = v["points_possible"]
        slip = 100 * minor.points / possible + minor.deduction
        if slip > MINOR_SLIP_AT_MOST:
            warnings.append(f"{criterion} rests on only {possible:g} points: one minor slip costs {slip:.1f} of its "
                            f"100 (more than {MINOR_SLIP_AT_MOST:g}); add more to judge")
    if expert["findings"] and any(f["severity"] != "good" for f in expert["findings"]):
        wrong = [f for f in expert["findings"] if f["severity"] != "good"]
        warnings.append(f"the expert's own day has {len(wrong)} finding(s), e.g. {wrong[0]['at']} {wrong[0]['message']} "
                        "— a scenario the expert cannot do cleanly needs a look")
    for m, v in expert["mechanics"].items():
        if v["max"] and v["score"] / v["max"] < 0.75:
            warnings.append(f"{m} ({v['name']}): even the expert earns only {v['score']:g} of {v['max']:g} points; "
                            "a task may be impossible")
    for line in expert.get("lines", []):
        if not line["points"]:
            warnings.append(f"a rubric line worth nothing: {line['key']} ({line['what']})")
        elif line["status"] != "earned":
            warnings.append(f"a task the expert cannot complete: {line['key']} ({line['what']}): "
                            f"{line['status']}, {line['earned']:.0%} earned")
    done = {m for g in (expert, novice, *c.grades["random"]) for m, v in g["mechanics"].items() if v["score"] > 0}
    for m in c.coverage:
        if m in expert["mechanics"] and m not in done:
            warnings.append(f"a task no bot completed: {m} ({MECHANICS[m]})")
    for criterion in CRITERIA:
        if criterion not in expert["criteria"]:
            warnings.append(f"nothing in this scenario is judged under {criterion}: it is left out of the total")
    return warnings


def format_calibration(c: Calibration) -> str:
    """The calibration as a table: scores per bot, the spread, coverage by mechanic, then the warnings."""
    s = c.scenario
    rows = [f"Calibration of {s.id} ({s.title}), seed {s.seed}", ""]
    rows.append(f"  {'bot':<8} {'total':>6} " + " ".join(f"{k[:5]:>6}" for k in CRITERIA) + "  findings")
    for bot, grades in c.grades.items():
        for g in grades:
            rows.append(f"  {bot:<8} {g['total']:6.1f} "
                        + " ".join(f"{g['criteria'][k]['score']:6.1f}" if k in g["criteria"] else f"{'-':>6}"
                                   for k in CRITERIA)
                        + f"  {len(g['findings']):>8}  (seed {g['seed']})")
    spread = c.grades["expert"][0]["total"] - c.grades["novice"][0]["total"]
    rows += ["", f"  spread: expert - novice = {spread:.1f} points; expert - random = "
                 f"{c.grades['expert'][0]['total'] - c.mean('random'):.1f} points", "", "  coverage by mechanic:",
             f"    {'':<4} {'':<26} {'work?':<6} points earned of possible"]
    for m in MECHANICS:
        in_scenario = m in c.coverage
        judged = {bot: c.grades[bot][0]["mechanics"].get(m) for bot in ("expert", "novice")}
        if not in_scenario and not any(judged.values()):
            continue
        cells = "  ".join(f"{bot} {v['score']:g}/{v['max']:g}" if v else f"{bot} -" for bot, v in judged.items())
        rows.append(f"    {m:<4} {MECHANICS[m]:<26} {'yes' if in_scenario else 'no':<6} {cells}")
    rows += ["", "  warnings:" if c.warnings else "  warnings: none"]
    rows += [f"    - {w}" for w in c.warnings]
    return "\n".join(rows)
