"""Grades as readable text for the terminal: one grade in full, or a batch as one line per replay."""

from __future__ import annotations

from typing import Any, Sequence

from .grade import CRITERIA
from .scoreboard import printable

__all__ = ["format_grade", "format_batch_line", "format_batch_header"]

_SYMBOL = {"breach": "!!", "error": "x ", "late": "~ ", "missed": "- ", "good": "+ "}


def format_grade(g: dict[str, Any], findings: int | None = None) -> str:
    """The total, the criteria, the per-mechanic breakdown and the findings (each with what to do better)."""
    who = f", student {g['student']}" if g.get("student") else ""
    rows = [f"Grade: {g['total']:.1f} / 100  ({g['scenario']}{who}, seed {g['seed']})"]
    if g.get("competent") is False:
        rows.append(f"  NOT YET COMPETENT: {len(g.get('critical') or [])} critical error(s), whatever the total")
        for f in g.get("critical") or []:
            rows.append(f"    {f['at']} !! {f['message']}")
    rows.append("")
    for c in CRITERIA:
        v = g["criteria"].get(c)
        if v is None:
            continue  # the scenario's rubric judges nothing under it
        bar = "#" * round(v["score"] / 5)
        rows.append(f"  {c:<13} {v['score']:5.1f}  x{v['weight']:.2f}  {bar}")
    rows += ["", "  By task:"]
    for m, v in g["mechanics"].items():
        rows.append(f"    {m:<4} {v['name']:<26} {v['score']:6.1f} of {v['max']:<6.1f}")
    shown = g["findings"] if findings is None else g["findings"][:findings]
    rows += ["", f"  Findings ({len(g['findings'])}):" if g["findings"] else "  Findings: none"]
    for f in shown:
        lost = f" (-{f['points']:g})" if f["points"] else ""
        rows.append(f"    {f['at']} {_SYMBOL.get(f['severity'], '  ')}{f['severity']:<6} {f['criterion']:<12} "
                    f"{f['mechanic']:<4} {f['message']}{lost}")
        rows.append(f"          better: {f['better']}")
        if f.get("rule"):
            rows.append(f"          rule: {f['rule']}")
    if findings is not None and len(g["findings"]) > findings:
        rows.append(f"    ... and {len(g['findings']) - findings} more (use --json or --report for all)")
    rows += ["", f"  facts_sha256  {g['facts_sha256']}"]
    # The student's id and the findings (which quote what was typed at the desk) come from a student's file.
    return "\n".join(printable(row) for row in rows)


def format_batch_header() -> str:
    """The column headings above the one-line results of a batch of replays."""
    return (f"{'replay':<40} {'student':<12} {'scenario':<20} {'total':>6} " + " ".join(f"{c[:5]:>6}" for c in CRITERIA)
            + "  competent")


def format_batch_line(path: str, g: dict[str, Any]) -> str:
    """One replay's result on one line (the file's name and the student's id as a terminal can safely show them)."""
    path = printable(path)
    name = path if len(path) <= 40 else "..." + path[-37:]
    crit: Sequence[str] = [f"{g['criteria'][c]['score']:6.1f}" if c in g["criteria"] else f"{'-':>6}"
                           for c in CRITERIA]
    student, scenario = printable(str(g.get("student") or "-")), printable(str(g["scenario"]))
    return (f"{name:<40} {student:<12} {scenario:<20} {g['total']:6.1f} " + " ".join(crit)
            + ("  no (critical error)" if g.get("competent") is False else "  yes"))


#: Mistakes no rubric line foresees: each costs its harm class's deduction whenever it happens.
DEDUCTIONS = (
    ("privacy", "major", "a chart opened with no call, visit, document or booking that needs it"),
    ("privacy", "major/critical", "a disclosure on a call no line foresaw (a waiting-list call), a voicemail naming a "
                                  "test or the reason, a document with no line filed to the wrong chart"),
    ("accuracy", "moderate", "a chart detail changed to something wrong; a freed slot filled with a visit that does "
                             "not fit; a reminder answer not acted on"),
    ("multitasking", "major", "a walk-in who leaves without being seen"),
    ("multitasking", "minor", "a patient who leaves after the visit without being checked out"),
)


def rubric_json(scenario: Any) -> dict[str, Any]:
    """The scenario's rubric as data: criteria with their points possible and what each harm class's finding
    costs there, every line, the deductions and the critical errors."""
    from .lines import build_rubric
    from .rubric import CRITICAL_ERRORS, HARM

    lines = build_rubric(scenario)
    weights = scenario.rubric.weights
    criteria = {}
    for c in CRITERIA:
        possible = sum(line.points for line in lines if line.criterion == c)
        if possible:
            criteria[c] = {"weight": getattr(weights, c), "points_possible": possible,
                           "a_finding_costs": {h.name: round(100 * h.points / possible + h.deduction, 1)
                                               for h in HARM.values()}}
    return {"scenario": scenario.id, "criteria": criteria,
            "harm_classes": {h.name: {"points": h.points, "deduction": h.deduction, "meaning": h.meaning}
                             for h in HARM.values()},
            "critical_cap": scenario.rubric.critical_cap,
            "critical_errors": CRITICAL_ERRORS,
            "deductions": [{"criterion": c, "harm": h, "what": w} for c, h, w in DEDUCTIONS],
            "lines": [line.to_json() for line in lines]}


def format_rubric(scenario: Any) -> str:
    """The rubric as an instructor reads it before assigning a scenario."""
    r = rubric_json(scenario)
    rows = [f"Rubric of {scenario.title} ({scenario.id}): {len(r['lines'])} lines, fixed before anyone plays.", ""]
    for c, v in r["criteria"].items():
        costs = ", ".join(f"{h} {cost:g}" for h, cost in v["a_finding_costs"].items())
        rows.append(f"  {c:<13} weight {v['weight']:.2f}, {v['points_possible']:g} points possible; a line lost "
                    f"costs ({costs}) of 100")
    for c in CRITERIA:
        mine = [line for line in r["lines"] if line["criterion"] == c]
        if not mine:
            continue
        rows += ["", f"  {c.upper()}"]
        for line in mine:
            rows.append(f"    {line['at']}  {line['mechanic']:<4} {line['harm']:<8} {line['points']:>3g} pt  "
                        f"{line['what']}   [{line['key']}; {', '.join(line['tags'])}]")
    rows += ["", "  Deductions (whenever they happen, on top of the lines):"]
    rows += [f"    {d['criterion']:<12} {d['harm']:<14} {d['what']}" for d in r["deductions"]]
    rows += ["", "  Critical errors (the day is 'not yet competent' whatever its total"
             + (f"; the total is capped at {r['critical_cap']:g}" if r["critical_cap"] is not None else "") + "):"]
    rows += [f"    {text}" for text in r["critical_errors"].values()]
    return "\n".join(rows)
