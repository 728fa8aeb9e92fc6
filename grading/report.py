"""The HTML debrief of one graded attempt: one self-contained file a student opens, reads and prints.

Inline CSS, the timeline picture inline as SVG, no scripts and no external references, so it opens anywhere,
offline, and can be mailed or uploaded as one file. Every string that comes from the grade (the student's name
is user input; findings quote callers and patients) is escaped. Severity is always shown as a word and a symbol,
never by colour alone, so the page reads the same printed in black and white.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
from typing import Any, Mapping

from frontdesk.simulator.files import write_atomic
from frontdesk.simulator.mechanics import MECHANICS

from .scoreboard import BIDI_CONTROLS
from .svg import SEVERITY_STYLE

__all__ = ["REPLAY_META", "render_report", "replay_key", "write_report"]

#: Removed from every text on the page: control characters no page should hold, and the bidi controls (a
#: right-to-left override in a student's id would turn the header around).
_INVALID = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff{BIDI_CONTROLS}]")

_CRITERIA_WORDS = {
    "multitasking": "Multitasking: phones, counter and waits",
    "accuracy": "Accuracy: charts, bookings, routing",
    "privacy": "Privacy: who was told what",
}

_CSS = """
:root { --ink: #1b1f24; --muted: #5b6470; --line: #d9dee5; --soft: #f4f6f9; --accent: #2f5d8a; }
* { box-sizing: border-box; }
body { font: 15px/1.45 Helvetica, Arial, sans-serif; color: var(--ink); margin: 0; background: #fff; }
main { max-width: 1240px; margin: 0 auto; padding: 24px 20px 48px; }
header { border-bottom: 3px solid var(--accent); padding-bottom: 12px; margin-bottom: 20px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 28px 0 10px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
.meta { color: var(--muted); margin: 0; }
.meta b { color: var(--ink); font-weight: 600; }
.scores { display: grid; grid-template-columns: 200px 1fr; gap: 18px; align-items: center; }
.total { text-align: center; border: 2px solid var(--accent); border-radius: 10px; padding: 12px 8px; }
.total .num { font-size: 44px; font-weight: 700; line-height: 1.1; }
.total .of { color: var(--muted); font-size: 13px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-size: 13px; color: var(--muted); font-weight: 600; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.bar { position: relative; height: 14px; background: var(--soft); border: 1px solid var(--line);
       border-radius: 3px; min-width: 120px; }
.bar > span { position: absolute; left: 0; top: 0; bottom: 0; background: var(--accent); border-radius: 2px; }
.bar.low > span { background: #b2182b; } .bar.mid > span { background: #c98a00; }
.sub td { font-size: 13px; color: var(--muted); border-bottom: none; padding-top: 0; padding-bottom: 2px; }
.sub td:first-child { padding-left: 28px; }
.picture { overflow-x: auto; border: 1px solid var(--line); border-radius: 6px; }
.picture svg { display: block; width: 100%; height: auto; }
.hint { color: var(--muted); font-size: 13px; margin: 4px 0 10px; }
ol.findings { list-style: none; padding: 0; margin: 0; }
section.critical { border: 2px solid #b3261e; border-radius: 8px; padding: 4px 16px; margin: 12px 0; }
section.critical h2 { color: #b3261e; margin: 8px 0; }
ol.findings > li { border: 1px solid var(--line); border-left-width: 6px; border-radius: 6px; padding: 8px 14px;
                   margin: 0 0 8px; page-break-inside: avoid; break-inside: avoid; }
.f-head { display: flex; flex-wrap: wrap; gap: 4px 14px; align-items: baseline; margin-bottom: 4px; }
.f-no { font-weight: 700; } .f-time { font-variant-numeric: tabular-nums; font-weight: 600; }
.sev { font-weight: 700; white-space: nowrap; }
.tag { font-size: 13px; color: var(--muted); }
.points { margin-left: auto; font-weight: 600; white-space: nowrap; }
.msg { margin: 2px 0 6px; }
.better { background: var(--soft); border-radius: 4px; padding: 6px 10px; margin: 0; }
.better b { display: block; font-size: 13px; color: var(--muted); }
.rule { font-size: 13px; color: var(--muted); margin: 6px 0 0; }
.none { color: var(--muted); font-style: italic; }
footer { color: var(--muted); font-size: 12px; margin-top: 30px; border-top: 1px solid var(--line); padding-top: 8px; }
@media print {
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  h2 { page-break-after: avoid; break-after: avoid; }
  .picture { overflow: visible; border: none; }
  .bar, .bar > span, ol.findings > li, .better { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def _e(value: Any) -> str:
    """Any value as escaped HTML text, without control characters or bidi controls."""
    return html.escape(_INVALID.sub("", "" if value is None else str(value)), quote=True)


def _num(value: Any, places: int = 1) -> str:
    """A number as people read it: ``87.5``, ``90`` (not ``90.0``); anything else escaped as it is."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return _e(value)
    text = f"{value:.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _share(score: Any, most: Any = 100) -> float:
    try:
        return max(0.0, min(1.0, float(score) / float(most))) if float(most) > 0 else 1.0
    except (TypeError, ValueError):
        return 0.0


def _bar(share: float, text: str) -> str:
    level = "low" if share < 0.6 else "mid" if share < 0.8 else ""
    return (f'<div class="bar {level}" role="img" aria-label="{_e(text)}">'
            f'<span style="width:{share * 100:.1f}%"></span></div>')


def _header(grade: Mapping[str, Any], scenario: Any, graded_at: str | None) -> str:
    title = getattr(scenario, "title", None) or grade.get("scenario") or "Scenario"
    clinic = getattr(getattr(scenario, "clinic", None), "name", None)
    day = getattr(scenario, "date", None)
    # <bdi>: a student's id written right to left stays in its own box, never reordering what is around it.
    bits = [f'<b>Student</b> <bdi>{_e(grade.get("student") or "(not named)")}</bdi>',
            f'<b>Scenario</b> {_e(grade.get("scenario") or getattr(scenario, "id", ""))}',
            f'<b>Seed</b> {_e(grade.get("seed"))}']
    if clinic:
        bits.append(f"<b>Clinic</b> {_e(clinic)}")
    if day:
        bits.append(f"<b>Day</b> {_e(day)}")
    if graded_at:
        bits.append(f"<b>Graded</b> {_e(graded_at)}")
    return (f"<header><h1>Debrief: {_e(title)}</h1>"
            f'<p class="meta">{" &nbsp;·&nbsp; ".join(bits)}</p></header>')


def _scores(grade: Mapping[str, Any]) -> str:
    total = grade.get("total")
    criteria = grade.get("criteria") or {}
    weights = {c: (v or {}).get("weight") for c, v in criteria.items() if isinstance(v, Mapping)}
    weight_sum = sum(w for w in weights.values() if isinstance(w, (int, float))) or 1.0
    rows = []
    for name, value in criteria.items():
        value = value if isinstance(value, Mapping) else {"score": value}
        score, weight = value.get("score"), value.get("weight")
        share = _share(score)
        weight_text = f"{_num(100 * weight / weight_sum, 0)}%" if isinstance(weight, (int, float)) else "–"
        rows.append(f"<tr><td>{_e(_CRITERIA_WORDS.get(name, name))}</td>"
                    f'<td class="num">{weight_text}</td>'
                    f'<td class="num"><b>{_num(score)}</b> / 100</td>'
                    f'<td style="width:45%">{_bar(share, f"{_num(score)} out of 100")}</td></tr>')
    table = ('<table><thead><tr><th>Criterion</th><th class="num">Weight</th><th class="num">Score</th>'
             f'<th></th></tr></thead><tbody>{"".join(rows)}</tbody></table>')
    verdict = ""
    critical = [f for f in grade.get("critical") or [] if isinstance(f, Mapping)]
    if grade.get("competent") is False:  # a critical error outweighs any total: it is said before anything else
        items = "".join(f"<li><b>{_e(f.get('at'))}</b> {_e(f.get('message'))}</li>" for f in critical)
        verdict = ('<section class="critical"><h2>Not yet competent</h2><p>This day has a critical error, '
                   f"whatever its total:</p><ul>{items}</ul></section>")
    return (verdict + f'<section class="scores"><div class="total"><div class="num">{_num(total)}</div>'
            f'<div class="of">out of 100<br>weighted total</div></div>{table}</section>')


def _mechanics(grade: Mapping[str, Any]) -> str:
    mechanics = grade.get("mechanics") or {}
    if not mechanics:
        return ""
    rows = []

    def key(item: tuple[str, Any]) -> tuple[int, str]:
        digits = item[0][1:]
        return (int(digits) if digits.isdigit() else 999, item[0])

    for mid, m in sorted(mechanics.items(), key=key):
        m = m if isinstance(m, Mapping) else {}
        score, most = m.get("score"), m.get("max")
        checks = m.get("checks")
        count = len(checks) if isinstance(checks, list) else checks
        rows.append(f"<tr><td><b>{_e(mid)}</b></td><td>{_e(m.get('name', ''))}</td>"
                    f'<td class="num">{_num(score, 2)} / {_num(most, 2)}</td>'
                    f'<td style="width:32%">{_bar(_share(score, most), f"{_num(score, 2)} of {_num(most, 2)}")}</td>'
                    f'<td class="num">{_e(count) if count is not None else ""}</td></tr>')
        if isinstance(checks, list):
            for line in checks:
                if not isinstance(line, Mapping):
                    continue
                what = line.get("competency") or ""
                crit = line.get("criterion") or ""
                rows.append(f'<tr class="sub"><td colspan="2">{_e(what)}'
                            f'{" (" + _e(crit) + ")" if crit else ""}</td>'
                            f'<td class="num">{_num(line.get("score"), 2)} / {_num(line.get("max"), 2)}</td>'
                            f'<td></td><td class="num">{_e(line.get("count", ""))}</td></tr>')
    return ("<h2>Points by task</h2>"
            '<table class="mechanics"><thead><tr><th>Task</th><th>What it covers</th><th class="num">Points</th>'
            f'<th></th><th class="num">Checks</th></tr></thead><tbody>{"".join(rows)}</tbody></table>')


def _findings(grade: Mapping[str, Any]) -> str:
    findings = [f for f in (grade.get("findings") or []) if isinstance(f, Mapping)]
    if not findings:
        return '<h2>Findings</h2><p class="none">No findings: nothing to explain.</p>'
    numbered = sorted(enumerate(findings, 1), key=lambda nf: (str(nf[1].get("at") or ""), nf[0]))
    items = []
    for number, f in numbered:
        severity = str(f.get("severity") or "")
        _, colour, symbol, word = SEVERITY_STYLE.get(severity, ("", "#6b6b6b", "■", severity or "finding"))
        points = f.get("points")
        lost = (f'<span class="points">−{_num(points, 2)} pt</span>'
                if isinstance(points, (int, float)) and points > 0 else "")
        mechanic = f.get("mechanic")
        rule = f.get("rule")
        better = f.get("better")
        items.append(
            f'<li style="border-left-color:{colour}">'
            f'<div class="f-head"><span class="f-no">#{number}</span>'
            f'<span class="f-time">{_e(f.get("at"))}</span>'
            f'<span class="sev" style="color:{colour}">{symbol} {_e(word)}</span>'
            f'<span class="tag">{_e(f.get("criterion"))}'
            f'{" · " + _e(mechanic) + " " + _e(MECHANICS.get(str(mechanic), "")) if mechanic else ""}</span>'
            f"{lost}</div>"
            f'<p class="msg">{_e(f.get("message"))}</p>'
            + (f'<p class="better"><b>What a professional would do</b>{_e(better)}</p>' if better else "")
            + (f'<p class="rule">Rule: {_e(rule)}</p>' if rule else "")
            + "</li>")
    counts: dict[Any, int] = {}
    for f in findings:
        counts[f.get("severity")] = counts.get(f.get("severity"), 0) + 1
    summary = ", ".join(f"{SEVERITY_STYLE[s][2]} {n} {SEVERITY_STYLE[s][3]}" for s in SEVERITY_STYLE
                        if (n := counts.get(s)))
    return (f"<h2>Findings, in time order</h2><p class=\"hint\">{_e(summary)}</p>"
            f'<ol class="findings">{"".join(items)}</ol>')


#: The name of the page's ``<meta>`` naming the replay file it is the debrief of (see :func:`replay_key`).
REPLAY_META = "frontdesk-replay"


def replay_key(path: str | os.PathLike[str]) -> str:
    """A short name for the replay file at ``path`` (a digest of its absolute path, so it shows no folder names):
    ``frontdesk grade --report`` replaces a debrief only when it is of the same file."""
    return hashlib.sha256(os.fsencode(os.path.abspath(path))).hexdigest()[:16]


def render_report(grade_json: Mapping[str, Any], scenario: Any, timeline_svg: str, *,
                  graded_at: str | None = None, replay: str | None = None) -> str:
    """The debrief page for one attempt, as one self-contained HTML document.

    ``grade_json`` is the grade JSON (DESIGN section 4, with ``mechanics``); ``scenario`` the scenario it was
    played on (for its title, clinic and day; ``None`` falls back to the grade's scenario id); ``timeline_svg``
    the picture from :func:`grading.svg.render_svg`, painted from the same findings in the same order, so a
    marker's number is the finding's number here. ``graded_at`` (or the grade's own ``graded_at``) is shown
    when given. ``replay`` (a :func:`replay_key`) names the replay file the page is the debrief of.
    """
    graded_at = graded_at or grade_json.get("graded_at")
    title = getattr(scenario, "title", None) or grade_json.get("scenario") or "Debrief"
    student = grade_json.get("student")
    picture = ""
    if timeline_svg:
        picture = ("<h2>Your day</h2>"
                   '<p class="hint">Each row is a phone line, the counter, the waiting room or a patient. A shape '
                   "marks a finding; its number is the finding's number below. Hover over anything for details."
                   f'</p><div class="picture">{timeline_svg}</div>')
    return ("<!DOCTYPE html>\n"
            '<html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            '<meta name="generator" content="frontdesk grade">'
            + (f'<meta name="{REPLAY_META}" content="{_e(replay)}">' if replay else "")
            +             f"<title>{_e(title)} — {_e(student or 'debrief')}</title>"
            f"<style>{_CSS}</style></head><body><main>"
            + _header(grade_json, scenario, graded_at)
            + _scores(grade_json)
            + picture
            + _findings(grade_json)
            + _mechanics(grade_json)
            + f'<footer>Front Desk debrief · facts {_e(str(grade_json.get("facts_sha256") or "")[:16])}'
            f' · scenario {_e(str(grade_json.get("scenario_sha256") or "")[:16])}</footer>'
            + "</main></body></html>\n")


def write_report(path: str | os.PathLike[str], html_text: str) -> None:
    """Write the page to ``path`` atomically: a crash never leaves half a report where a whole one was."""
    write_atomic(path, html_text)
