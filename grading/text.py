"""Grades as readable text for the terminal: one grade in full, or a batch as one line per replay."""

from __future__ import annotations

from typing import Any, Sequence

from .grade import CRITERIA

__all__ = ["format_grade", "format_batch_line", "format_batch_header"]

_SYMBOL = {"breach": "!!", "error": "x ", "late": "~ ", "missed": "- ", "good": "+ "}


def format_grade(g: dict[str, Any], findings: int | None = None) -> str:
    """The total, the criteria, the per-mechanic breakdown and the findings (each with what to do better)."""
    who = f", student {g['student']}" if g.get("student") else ""
    rows = [f"Grade: {g['total']:.1f} / 100  ({g['scenario']}{who}, seed {g['seed']})", ""]
    for c in CRITERIA:
        v = g["criteria"][c]
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
    return "\n".join(rows)


def format_batch_header() -> str:
    return f"{'replay':<40} {'student':<12} {'scenario':<20} {'total':>6} " + " ".join(f"{c[:5]:>6}" for c in CRITERIA)


def format_batch_line(path: str, g: dict[str, Any]) -> str:
    """One replay's result on one line."""
    name = path if len(path) <= 40 else "..." + path[-37:]
    crit: Sequence[str] = [f"{g['criteria'][c]['score']:6.1f}" for c in CRITERIA]
    return f"{name:<40} {str(g.get('student') or '-'):<12} {g['scenario']:<20} {g['total']:6.1f} " + " ".join(crit)
