"""Class results in the files learning-management systems import (DESIGN section 4, ``frontdesk export``).

Every export is a pure function of the best attempts (:meth:`grading.scoreboard.Scoreboard.best`), except the
competency checklist, which is one of all the attempts:

- ``csv``: one row per best attempt, for spreadsheets and scripts;
- ``canvas``: a Canvas gradebook import, one column per scenario;
- ``moodle``: a Moodle "CSV file" grade import, one column per scenario;
- ``brightspace``: a D2L Brightspace grades import, one ``Points Grade`` column per scenario;
- ``gradescope``: the ``results.json`` of one attempt, per Gradescope's autograder specification;
- ``competencies``: a competency checklist, one row per student and competency (:mod:`grading.competencies`),
  from *all* the attempts, since any day can be the evidence.

:func:`gradescope_autograder` writes a whole Gradescope autograder (``setup.sh``, ``run_autograder`` and a copy of
this package) so a course can grade replays on Gradescope's own workers: pinned to one scenario, or to an
assignment (:mod:`grading.assignments`), and counting only the submitters' own days.

Student names, e-mail addresses and LMS user names are not in replays; an optional *roster* (student id → name,
email, section, username, orgdefinedid, sid; see :func:`load_roster`) supplies them.

Every CSV cell that a spreadsheet would read as a formula (it starts with ``=``, ``+``, ``-``, ``@``, a tab or
a carriage return) is prefixed with ``'``: a student id or a scenario title is text someone typed, and opening
the gradebook must not run it.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import stat
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import competencies as comp
from .assignments import ROSTER_FIELDS  # the one list of roster columns, re-exported here
from .formats import FORMATS
from .scoreboard import CRITERIA, Attempt, Scoreboard, best_of, printable

if TYPE_CHECKING:
    from frontdesk.simulator.scenario.models import Scenario

    from .assignments import Assignment

__all__ = ["export", "FORMATS", "ExportError", "CSV_HEADER", "CANVAS_STUDENT_COLUMNS", "MOODLE_ID_COLUMNS",
           "MOODLE_NO_GRADE", "BRIGHTSPACE_ID_COLUMNS", "BRIGHTSPACE_END_COLUMN", "ROSTER_FIELDS",
           "COMPETENCIES_HEADER", "generic_csv", "canvas_csv", "moodle_csv", "brightspace_csv", "competencies_csv",
           "gradescope_results", "gradescope_autograder", "load_roster", "neutralise", "scenario_column"]

#: The generic CSV's columns.
CSV_HEADER = ("student", "scenario", "scenario_sha256", "total", "multitasking", "accuracy", "privacy",
              "competent", "critical_errors", "graded_at", "replay_sha256", "facts_sha256")
#: The competency checklist's columns.
COMPETENCIES_HEADER = ("student", "name", "framework", "competency", "title", "status", "scenario", "graded_at",
                       "replay_sha256", "line", "evidence")
#: The student columns a Canvas gradebook import starts with, before one column per assignment.
CANVAS_STUDENT_COLUMNS = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
#: Moodle identifier column per user field the import maps on.
MOODLE_ID_COLUMNS = {"idnumber": "ID number", "email": "Email address", "username": "Username"}
#: What a Moodle grade cell holds for a scenario not played: Moodle's own export writes it for "no grade", and its
#: import reads it as no grade, where an empty cell in a column imported as a new grade item becomes 0.
MOODLE_NO_GRADE = "-"
#: Brightspace identifier column per user field the import matches on (its own export's spelling).
BRIGHTSPACE_ID_COLUMNS = {"orgdefinedid": "OrgDefinedId", "username": "Username"}
#: The last column of a Brightspace import, holding ``#`` on every row.
BRIGHTSPACE_END_COLUMN = "End-of-Line Indicator"
#: Every scenario is graded out of 100.
POINTS_POSSIBLE = 100

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class ExportError(Exception):
    """An export that cannot be made as asked; the message says why, for a person."""


class _Verbatim(str):
    """A cell this module writes itself, never text from a student or a scenario: written as it is (Moodle's
    ``-`` is no formula, but :func:`neutralise` would quote it, and Moodle would then read ``'-`` as a bad grade)."""


Roster = Mapping[str, Mapping[str, str]]


def neutralise(cell: object) -> str:
    """``cell`` as CSV text that no spreadsheet reads as a formula (a leading ``'`` where it would be one)."""
    text = "" if cell is None else str(cell)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def scenario_column(scenario: str, title: str | None) -> str:
    """A scenario's gradebook column: ``Title (id)``.

    Canvas reads a number in the parentheses as its own assignment id; a scenario id is not one, so Canvas takes
    the whole header as the assignment's name, creates that assignment on the first import and matches it by
    that name on every later one.
    """
    return f"{title or scenario} ({scenario})"


def export(source: Scoreboard | Iterable[Attempt], fmt: str, *, scenario: str | None = None,
           student: str | None = None, roster: Roster | None = None, moodle_id: str = "idnumber",
           canvas_assignment_ids: Mapping[str, int] | None = None,
           brightspace_id: str = "orgdefinedid") -> str | dict[str, Any]:
    """Class results from a scoreboard (or a list of attempts) in format ``fmt`` (one of :data:`FORMATS`).

    Only the best attempt of each student at each scenario counts, except in ``competencies``, which reads every
    attempt (evidence can come from any of them). ``scenario`` and ``student`` narrow the attempts; ``roster``
    maps student ids to the fields of :data:`ROSTER_FIELDS`. The CSV formats return text
    (CRLF line ends, as RFC 4180 and the LMSs expect); ``gradescope`` returns the ``results.json`` object of the
    single attempt left after narrowing. ``moodle_id`` picks Moodle's identifier column (``idnumber``, ``email``
    or ``username``); ``canvas_assignment_ids`` maps scenario ids to existing Canvas assignment ids;
    ``brightspace_id`` picks Brightspace's (``orgdefinedid`` or ``username``).
    """
    if fmt not in FORMATS:
        hint = " (it writes a folder: use gradescope_autograder)" if fmt == "gradescope-autograder" else ""
        raise ExportError(f"unknown export format {fmt!r}{hint}; choose one of {', '.join(FORMATS)}")
    if fmt == "competencies":
        rows = source.attempts(scenario) if isinstance(source, Scoreboard) else list(source)
    else:
        rows = source.best(scenario) if isinstance(source, Scoreboard) else best_of(source)
    rows = [r for r in rows if (scenario is None or r.scenario == scenario)
            and (student is None or r.student == student)]
    wrong = [(r, found) for r in rows if (found := r.problem()) is not None]
    if wrong:
        r, (mark, why) = wrong[0]
        more = f" (and {len(wrong) - 1} more)" if len(wrong) > 1 else ""
        who = f"the scoreboard row of {printable(r.student) or '(no id)'} on {r.scenario}"
        if mark == "UNSEALED":
            raise ExportError(f"{who} is not sealed with your instructor key: {why}{more}; nothing was exported")
        raise ExportError(f"{who} was changed after grading: {why}{more}; grade its replay again to put the true "
                          "grade back, then export")
    if not rows and fmt != "gradescope":
        narrowed = " ".join(part for part in (f"of scenario {scenario!r}" if scenario else "",
                                              f"by student {student!r}" if student else "") if part)
        raise ExportError(f"the scoreboard holds no graded attempt{' ' + narrowed if narrowed else ''} to export; "
                          "grade some replays first (frontdesk grade)")
    if fmt == "csv":
        return generic_csv(rows)
    if fmt == "canvas":
        return canvas_csv(rows, roster=roster, assignment_ids=canvas_assignment_ids)
    if fmt == "moodle":
        return moodle_csv(rows, roster=roster, identifier=moodle_id)
    if fmt == "brightspace":
        return brightspace_csv(rows, roster=roster, identifier=brightspace_id)
    if fmt == "competencies":
        return competencies_csv(rows, roster=roster)
    if len(rows) != 1:
        if not rows:
            raise ExportError("no graded attempt matches " + (" and ".join(
                part for part in (f"student {student!r}" if student else "", f"scenario {scenario!r}" if scenario else "")
                if part) or "the scoreboard") + "; see `frontdesk scoreboard` for who has been graded")
        raise ExportError(f"a Gradescope results.json holds one attempt, and {len(rows)} matched: name one student "
                          "(--student) and one scenario (--scenario)")
    if rows[0].grade is None:
        raise ExportError("this attempt was recorded without its grade; grade the replay again")
    return gradescope_results(rows[0].grade)


# -- CSV -----------------------------------------------------------------------------------------------------


def _csv(lines: Iterable[Sequence[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for line in lines:
        writer.writerow([c if isinstance(c, _Verbatim) else neutralise(c) for c in line])
    return out.getvalue()


def _num(x: float | None) -> str:
    """A score as a gradebook shows it: at most two decimals, no trailing zeros (87.5, 100)."""
    return "" if x is None else f"{round(float(x), 2):g}"


def competent(attempt: Attempt) -> bool:
    """Whether the attempt is free of critical errors (a grade JSON from before critical errors counts as so)."""
    return (attempt.grade or {}).get("competent") is not False


def critical_summary(attempt: Attempt) -> str:
    """The attempt's critical errors in one line ("" when there are none)."""
    found = [f for f in (attempt.grade or {}).get("critical") or [] if isinstance(f, Mapping)]
    return "; ".join(f"{f.get('at')} {f.get('message')}" for f in found)


def generic_csv(rows: Iterable[Attempt]) -> str:
    """One line per attempt under :data:`CSV_HEADER`; ``competent`` is ``no`` when the day has a critical error,
    which ``critical_errors`` then lists."""
    return _csv([CSV_HEADER, *([r.student, r.scenario, r.scenario_sha256, _num(r.total), _num(r.multitasking),
                                _num(r.accuracy), _num(r.privacy), "yes" if competent(r) else "no",
                                critical_summary(r), r.graded_at, r.replay_sha256, r.facts_sha256]
                               for r in rows)])


def _grid(rows: Iterable[Attempt]) -> tuple[list[str], dict[str, str], dict[str, dict[str, Attempt]]]:
    """Scenario ids in order, their titles, and student → scenario → attempt (students without an id are left
    out: an LMS cannot match them to anyone, and Moodle would abandon the whole import over one)."""
    rows = [r for r in rows if r.student]
    scenarios = sorted({r.scenario for r in rows})
    titles: dict[str, str] = {}
    for r in rows:
        if r.scenario_title:
            titles.setdefault(r.scenario, r.scenario_title)
    grid: dict[str, dict[str, Attempt]] = {}
    for r in rows:
        grid.setdefault(r.student, {})[r.scenario] = r
    return scenarios, titles, grid


def _total(attempt: Attempt | None) -> str:
    return "" if attempt is None else _num(attempt.total)


def _lms_ids(students: Iterable[str], roster: Roster, field: str, what: str) -> dict[str, str]:
    """Each student's identifier in the LMS: the roster's ``field`` when the roster has that column, else the
    student id itself (students typed their LMS id in the game).

    Once the column is there, every student needs a value: a student left blank would be matched by the id they
    typed, which may be another person's user name.
    """
    students = list(students)
    if not any(field in entry for entry in roster.values()):
        return {s: s for s in students}
    missing = [s for s in students if not roster.get(s, {}).get(field)]
    if missing:
        raise ExportError(f"no {what} in the roster for {', '.join(printable(s) for s in missing[:5])}"
                          f"{' and others' if len(missing) > 5 else ''}: add them, or leave the roster's "
                          f"{field} column out to use the student ids")
    return {s: roster[s][field] for s in students}


def canvas_csv(rows: Iterable[Attempt], *, roster: Roster | None = None,
               assignment_ids: Mapping[str, int] | None = None) -> str:
    """A Canvas gradebook import: :data:`CANVAS_STUDENT_COLUMNS`, then ``Title (id)`` per scenario, a
    ``Points Possible`` row, then one row per student. Beside each scenario, a ``Title (id) competent`` column
    holds ``complete`` or ``incomplete`` (a day with a critical error): import it as a complete/incomplete
    assignment, so "not yet competent" reaches the gradebook whatever the total.

    Canvas finds each student by ``SIS User ID``, then ``SIS Login ID`` (both hold the student id); ``ID`` is
    Canvas's internal number, unknown here, so it stays empty. A blank score leaves Canvas's grade unchanged.
    """
    scenarios, titles, grid = _grid(rows)
    roster = roster or {}
    ids = assignment_ids or {}
    unknown = sorted(set(ids) - set(scenarios))
    if unknown:
        # A mistyped scenario id would quietly leave the real assignment alone and make a new one.
        raise ExportError(f"a Canvas assignment id is given for {', '.join(map(repr, unknown))}, which has no graded "
                          f"attempt in this export (its scenarios: {', '.join(scenarios)})")
    header: list[str] = [*CANVAS_STUDENT_COLUMNS]
    points = ["Points Possible", "", "", "", ""]
    for s in scenarios:
        column = f"{titles.get(s, s)} ({ids[s]})" if s in ids else scenario_column(s, titles.get(s))
        header += [column, f"{column} competent"]
        points += [str(POINTS_POSSIBLE), ""]
    body = []
    for student in sorted(grid):
        who = roster.get(student, {})
        row = [who.get("name") or student, "", student, student, who.get("section", "")]
        for s in scenarios:
            a = grid[student].get(s)
            row += [_total(a), "" if a is None else ("complete" if competent(a) else "incomplete")]
        body.append(row)
    return _csv([header, points, *body])


def moodle_csv(rows: Iterable[Attempt], *, roster: Roster | None = None, identifier: str = "idnumber") -> str:
    """A Moodle grade import ("CSV file"): an identifier column, then ``Title (id)`` per scenario.

    On import, map ``ID number`` to the user field "ID number" (or ``Email address`` to "Email address",
    ``Username`` to "Username"), and each scenario column to its grade item or to a new one, and its ``feedback``
    column to that item's feedback (it says "Not yet competent" and why when the day has a critical error). A
    scenario the student has not played holds :data:`MOODLE_NO_GRADE`, which Moodle imports as no grade.

    Moodle abandons the whole import when one row names no known user, so every student must have the
    identifier: with ``email``, a student missing from the roster is an error here rather than there; with
    ``username``, the roster's ``username`` column when it has one (every student then needs one), else the
    student id.
    """
    if identifier not in MOODLE_ID_COLUMNS:
        raise ExportError(f"Moodle maps users by {', '.join(MOODLE_ID_COLUMNS)}, not {identifier!r}")
    scenarios, titles, grid = _grid(rows)
    roster = roster or {}
    if identifier == "email":
        missing = [s for s in sorted(grid) if not roster.get(s, {}).get("email")]
        if missing:
            raise ExportError(f"no e-mail address in the roster for {', '.join(missing[:5])}"
                              f"{' and others' if len(missing) > 5 else ''}: add them, or map by ID number")
        who = {s: roster[s]["email"] for s in grid}
    elif identifier == "username":
        who = _lms_ids(sorted(grid), roster, "username", "Moodle username")
    else:
        who = {s: s for s in grid}
    header = [MOODLE_ID_COLUMNS[identifier]]
    for s in scenarios:
        header += [scenario_column(s, titles.get(s)), f"{scenario_column(s, titles.get(s))} feedback"]
    body = []
    for student in sorted(grid):
        row: list[str] = [who[student]]
        for x in scenarios:
            a = grid[student].get(x)
            row += [_Verbatim(MOODLE_NO_GRADE) if a is None else _num(a.total),
                    "" if a is None or competent(a) else f"Not yet competent: {critical_summary(a)}"]
        body.append(row)
    return _csv([header, *body])


def brightspace_csv(rows: Iterable[Attempt], *, roster: Roster | None = None,
                    identifier: str = "orgdefinedid") -> str:
    """A D2L Brightspace grades import: ``OrgDefinedId`` (or ``Username``), a ``Title (id) Points Grade``
    column per scenario (points out of 100), and :data:`BRIGHTSPACE_END_COLUMN`.

    Laid out as Brightspace's own grades export: each identifier starts with ``#`` and every row ends with a
    ``#`` cell. The leading ``#`` keeps a spreadsheet from reading an OrgDefinedId such as ``00246`` as a number
    and dropping its zeros; the end marker keeps the row whole when its last grade is empty. An empty grade is a
    scenario the student has not played. Names and e-mail addresses are left out: Brightspace's import does not
    take them.

    The identifier is the roster's ``orgdefinedid`` (or ``username``) column when it has one (every student then
    needs one), else the student id.
    """
    if identifier not in BRIGHTSPACE_ID_COLUMNS:
        raise ExportError(f"Brightspace matches users by {' or '.join(BRIGHTSPACE_ID_COLUMNS)}, not {identifier!r}")
    scenarios, titles, grid = _grid(rows)
    what = "OrgDefinedId" if identifier == "orgdefinedid" else "Brightspace username"
    who = _lms_ids(sorted(grid), roster or {}, identifier, what)
    header = [BRIGHTSPACE_ID_COLUMNS[identifier],
              *(f"{scenario_column(s, titles.get(s))} Points Grade" for s in scenarios), BRIGHTSPACE_END_COLUMN]
    body = []
    for student in sorted(grid):
        # "#" first: no spreadsheet reads the cell as a formula or a number, whatever the id holds.
        row: list[str] = ["#" + who[student], *(_total(grid[student].get(s)) for s in scenarios), "#"]
        body.append(row)
    return _csv([header, *body])


def competencies_csv(rows: Iterable[Attempt], *, roster: Roster | None = None) -> str:
    """A competency checklist under :data:`COMPETENCIES_HEADER`: one line per student and competency of both
    frameworks (:func:`grading.competencies.checklist`), ordered by student, framework and competency.

    ``rows`` should be every attempt, not only the best. ``name`` comes from the roster (empty when unknown);
    ``line`` and ``evidence`` are the rubric line's key and description behind the status.
    """
    roster = roster or {}
    return _csv([COMPETENCIES_HEADER, *([r.student, roster.get(r.student, {}).get("name", ""), r.framework,
                                         r.competency, r.title, r.status, r.scenario, r.graded_at, r.replay_sha256,
                                         r.line, r.evidence]
                                        for r in comp.checklist(rows))])


def load_roster(path: str | os.PathLike[str]) -> dict[str, dict[str, str]]:
    """A roster CSV read by :func:`grading.assignments.read_roster` (a ``student`` column and any of
    :data:`ROSTER_FIELDS`), as student id → those fields."""
    from .assignments import AssignmentError, read_roster

    try:
        rows = read_roster(path)
    except AssignmentError as e:
        raise ExportError(str(e)) from None
    return {row["student"]: {k: v for k, v in row.items() if k != "student"} for row in rows}


# -- Gradescope ----------------------------------------------------------------------------------------------


def _round(x: Any) -> float:
    return round(float(x), 2)


def _finding_line(f: Mapping[str, Any]) -> str:
    line = f"{f.get('at', '')} {f.get('severity', '')}: {f.get('message', '')}"
    if f.get("points"):
        line += f" (-{_num(f['points'])})"
    if f.get("better") and f.get("severity") != "good":
        line += f"\n    Better: {f['better']}"
    if f.get("rule"):
        line += f"\n    Rule: {f['rule']}"
    return line


def gradescope_results(grade: Mapping[str, Any]) -> dict[str, Any]:
    """The Gradescope ``results.json`` for one grade JSON.

    ``score`` is the total out of 100. One test per criterion (its 0–100 score, its findings as output) and one
    per mechanic judged (its points, its rubric lines and findings), tagged with the criteria and competencies
    they cover; a ``leaderboard`` with the total and each criterion.
    """
    findings = list(grade.get("findings") or [])
    criteria = grade.get("criteria") or {}
    tests: list[dict[str, Any]] = []
    for c in CRITERIA:
        entry = criteria.get(c)
        if entry is None:
            continue
        mine = [f for f in findings if f.get("criterion") == c]
        weight = entry.get("weight")
        intro = f"{c.capitalize()}: {_num(entry['score'])} / 100"
        if weight is not None:
            intro += f", weighing {_num(100 * float(weight))}% of the total"
        tests.append({"name": f"{c.capitalize()}", "score": _round(entry["score"]), "max_score": 100.0,
                      "output": "\n".join([intro + ".", *map(_finding_line, mine)]),
                      "tags": ["criterion", c], "visibility": "visible"})
    for mid, mech in (grade.get("mechanics") or {}).items():
        mine = [f for f in findings if f.get("mechanic") == mid]
        checks = mech.get("checks")
        lines = []
        tags = [mid]
        if isinstance(checks, list):  # rubric lines; an older grade JSON may hold only their count
            for line in checks:
                lines.append(f"{line.get('criterion')}: {line.get('competency')}: {_num(line.get('score'))} / "
                             f"{_num(line.get('max'))} ({line.get('count')} checked)")
                tags += [t for t in (line.get("criterion"), line.get("competency")) if t and t not in tags]
        tags += sorted({f["criterion"] for f in mine if f.get("criterion")} - set(tags))
        lines += [_finding_line(f) for f in mine]
        score, most = _round(mech.get("score", 0)), _round(mech.get("max", 0))
        if not lines:
            lines.append("Done as a professional would." if score >= most else "")
        tests.append({"name": f"{mid} {mech.get('name', '')}".strip(), "score": score, "max_score": most,
                      "output": "\n".join(lines), "tags": tags, "visibility": "visible"})
    leaderboard = [{"name": "Total", "value": _round(grade["total"]), "order": "desc"}]
    leaderboard += [{"name": c.capitalize(), "value": _round(criteria[c]["score"]), "order": "desc"}
                    for c in CRITERIA if c in criteria]
    title = grade.get("scenario_title") or grade.get("scenario")
    verdict = ""
    if grade.get("competent") is False:
        verdict = (" NOT YET COMPETENT: the day has a critical error, whatever its total: "
                   + "; ".join(f"{f.get('at')} {str(f.get('message') or '').rstrip('.')}" for f in grade.get("critical") or [])
                   + ".")
        tests.insert(0, {"name": "Critical errors", "score": 0.0, "max_score": 0.0, "status": "failed",
                         "output": verdict.strip(), "tags": ["critical"], "visibility": "visible"})
    return {
        "score": _round(grade["total"]),
        "output": f"{title}: {_num(grade['total'])} / 100.{verdict} Each test below is one criterion or one task of "
                  f"the day, with what happened and what a professional would have done.",
        "tests": tests,
        "leaderboard": leaderboard,
        "extra_data": {k: grade.get(k) for k in ("scenario", "scenario_sha256", "student", "seed", "facts_sha256")},
    }


# -- Gradescope autograder -------------------------------------------------------------------------------------

_SETUP_SH = r"""#!/usr/bin/env bash
# Gradescope runs this once, as root, while it builds the autograder image: it installs Front Desk (copied
# into this folder, so nothing but PyPI's dependencies is fetched) into its own virtual environment.
# Choose one of Gradescope's Ubuntu 22.04 (or newer) base images: Front Desk needs Python 3.10 or newer.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="${AUTOGRADER_ROOT:-/autograder}"
VENV="$ROOT/frontdesk-venv"

python_ok() {
  command -v python3 >/dev/null 2>&1 &&
    python3 -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 10))' >/dev/null 2>&1
}
if ! python_ok; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q python3 python3-venv python3-pip
fi
if ! python_ok; then
  echo "Front Desk needs Python 3.10 or newer; this image has $(python3 --version 2>&1)." >&2
  echo "Pick an Ubuntu 22.04 or newer base image in the autograder settings." >&2
  exit 1
fi
# A virtual environment: newer Ubuntu refuses system-wide pip installs (PEP 668), and it keeps the grader's
# packages apart from the image's.
python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "$HERE/frontdesk"
"$VENV/bin/python" -c 'import frontdesk.grading.exports, frontdesk; print("Front Desk", frontdesk.__version__, "installed")'
"""

_RUN_AUTOGRADER = r"""#!/usr/bin/env bash
# Gradescope runs this for every submission: it grades the replays in submission/ into results/results.json.
# AUTOGRADER_ROOT (default /autograder) and FRONTDESK_PYTHON let it be tried anywhere.
ROOT="${AUTOGRADER_ROOT:-/autograder}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PY="${FRONTDESK_PYTHON:-$ROOT/frontdesk-venv/bin/python}"
[ -x "$PY" ] || PY="$(command -v python3 || true)"
RUNNER="$ROOT/source/frontdesk_autograde.py"
[ -f "$RUNNER" ] || RUNNER="$HERE/frontdesk_autograde.py"
mkdir -p "$ROOT/results"
if [ -n "$PY" ]; then
  AUTOGRADER_ROOT="$ROOT" "$PY" "$RUNNER" && exit 0
fi
# Python itself could not run: still give the student a result that says so, rather than none.
if [ ! -s "$ROOT/results/results.json" ]; then
  printf '%s\n' '{"score": 0, "output": "The Front Desk autograder could not start. Your submission was not graded; please tell your instructor.", "tests": []}' > "$ROOT/results/results.json"
fi
exit 0
"""

_RUNNER_PY = r'''"""Front Desk's Gradescope runner: grade every submitted replay and write the best into results.json.

Written by ``frontdesk export --format gradescope-autograder``. It must always leave a results.json that says
what happened, whatever was submitted. A replay counts only when its student is one of this submission's
submitters (Gradescope's submission_metadata.json) and, when the autograder carries an assignment, only when it
is that student's own day of it.
"""

import json
import os
import sys
import traceback
from pathlib import Path

ROOT = Path(os.environ.get("AUTOGRADER_ROOT", "/autograder"))
HERE = Path(__file__).resolve().parent


def write(results):
    out = ROOT / "results" / "results.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(".results.json.tmp")
    tmp.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, out)


def zero(why):
    return {"score": 0.0, "output": why, "tests": []}


def norm(value):
    """An id or e-mail address as they are compared: trimmed, without case; "" for none."""
    return "" if value is None else str(value).strip().casefold()


def submitters():
    """Who handed this submission in, from Gradescope's metadata: ``(people, None)``, each person their
    compared e-mail and sid and how to name them; ``(None, why)`` when the metadata cannot tell."""
    path = ROOT / "submission_metadata.json"
    try:
        users = json.loads(path.read_text(encoding="utf-8")).get("users")
        if not isinstance(users, list) or not users:
            return None, f"{path.name} lists no users"
        people = [{"email": norm(u.get("email")), "sid": norm(u.get("sid")),
                   "shown": str(u.get("email") or u.get("sid") or u.get("name") or "a user with no e-mail").strip()}
                  for u in users]
    except FileNotFoundError:
        return None, f"{path.name} is missing"
    except (OSError, ValueError, AttributeError) as e:  # unreadable, not JSON, or not the documented shape
        return None, f"{path.name} cannot be read ({type(e).__name__}: {e})"
    return people, None


def among(student, entry, people):
    """Whether the replay's ``student`` (with their roster ``entry``, if any) is one of ``people``."""
    theirs = {p[k] for p in people for k in ("email", "sid")}
    if entry is not None:  # the roster says how Gradescope knows this student
        mine = {norm(student), norm(entry.email), norm(entry.sid)}
    else:  # no roster: students often type their college id, or the name part of their e-mail address
        mine = {norm(student)}
        theirs |= {p["email"].split("@")[0] for p in people}
    return bool((mine & theirs) - {""})


def not_theirs(name, student, entry, people):
    """Why the replay ``name`` does not count for these submitters, in one line."""
    who = ", ".join(p["shown"] for p in people)
    if not student:
        return f"{name} names no student, so it cannot be matched to this submission's submitters ({who})"
    known = [x for x in (entry.email, entry.sid) if x] if entry is not None else []
    roster = f" ({', '.join(known)} on the roster)" if known else ""
    return f"{name} is the day of student {student!r}{roster}, who is not among this submission's submitters ({who})"


def main():
    config = {}
    if (HERE / "frontdesk_autograder.json").is_file():
        config = json.loads((HERE / "frontdesk_autograder.json").read_text(encoding="utf-8"))
    try:
        from frontdesk.grading.api import grade_replay_file
        from frontdesk.grading.exports import gradescope_results
    except Exception as e:  # a broken install: say so to the student, and the details to the instructor
        traceback.print_exc()
        return write(zero(f"The autograder could not load Front Desk ({e}). Your submission was not graded; "
                          f"please tell your instructor."))
    assignment = None
    if config.get("assignment"):
        try:
            from frontdesk.grading.assignments import load_assignment

            assignment = load_assignment(HERE / config["assignment"])
        except Exception as e:  # without its roster, grading would accept anyone's day: grade nothing
            traceback.print_exc()
            return write(zero(f"The autograder could not read its assignment ({e}). Your submission was not "
                              f"graded; please tell your instructor."))
    extra = []
    if (HERE / "scenarios").is_dir():  # the instructor's own scenarios, bundled beside the shipped ones
        from frontdesk.grading.api import ScenarioFinder

        extra = [ScenarioFinder([HERE / "scenarios"])]
    # Only with an assignment: an older grading.api takes no such keyword.
    options = {"assignments": [assignment]} if assignment is not None else {}
    people, unknown = submitters()
    notes = []
    if unknown is not None:  # grade rather than fail the student for Gradescope's file; the instructor checks
        print(f"Note for the instructor: the submitters were not checked against the replays' students: {unknown}.",
              file=sys.stderr)
        notes.append(f"Who submitted could not be checked against the replays' student ids ({unknown}); your "
                     f"instructor will check it.")
    folder = ROOT / "submission"
    replays = sorted(p for p in folder.rglob("*.json") if p.is_file()) if folder.is_dir() else []
    if not replays:
        return write(zero("No replay was submitted: upload the .json replay file that Front Desk saved at the "
                          "end of your day."))
    expected = config.get("scenario")
    graded, failed = [], []
    for path in replays:
        name = str(path.relative_to(folder))
        signals = []
        try:
            grade = grade_replay_file(path, *extra, flags=signals, **options)
            grade = grade.to_json() if hasattr(grade, "to_json") else dict(grade)
            for flag in signals:  # a signal for the instructor (the autograder's log), not a verdict for the student
                print(f"Note for the instructor: {name}: look at it: {flag}", file=sys.stderr)
        except Exception as e:
            print(f"{name}: {type(e).__name__}: {e}", file=sys.stderr)
            why = str(e) or type(e).__name__
            why = why[len(str(path)) + 2:] if why.startswith(f"{path}: ") else why  # the name is said once
            if why.startswith("refused: "):  # not this student's own day: said as such, not as a failure
                failed.append(f"{name} was refused: {why[len('refused: '):]}")
            else:
                failed.append(f"{name} could not be graded: {why}")
            continue
        if expected and grade.get("scenario") != expected:
            failed.append(f"{name} is a replay of the scenario {grade.get('scenario')!r}, not {expected!r}, "
                          f"so it does not count here")
            continue
        if people is not None:
            student = grade.get("student")
            entry = assignment.enrolled(student) if assignment is not None and student else None
            if not among(student, entry, people):
                failed.append(not_theirs(name, student, entry, people))
                continue
        graded.append((name, grade))
    if not graded:
        return write(zero("\n".join(["No submitted replay could be graded.", *failed, *notes])))
    # The best attempt counts; between equal totals, the first file in name order.
    name, best = graded[max(range(len(graded)), key=lambda i: (graded[i][1]["total"], -i))]
    results = gradescope_results(best)
    lines = [f"Graded {name}."]
    if len(graded) > 1:
        lines.append("The best of these counts: " + ", ".join(f"{n}: {g['total']}" for n, g in graded) + ".")
    lines += failed + notes
    results["output"] = "\n".join(lines + [results.get("output", "")])
    write(results)


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # whatever went wrong, the student gets a result that says so
        traceback.print_exc()
        write(zero(f"The autograder failed ({type(e).__name__}: {e}). Please tell your instructor."))
'''

_README = """Front Desk autograder for Gradescope
=====================================

Made by `frontdesk export --format gradescope-autograder`. To use it:

1. Zip the *contents* of this folder (not the folder itself), e.g. `cd THIS_FOLDER && zip -r ../autograder.zip .`
2. In Gradescope, create a Programming Assignment worth 100 points, choose an Ubuntu 22.04 (or newer) base
   image, and upload autograder.zip.
3. Students submit the replay file (.json) that Front Desk saved at the end of their day. Only replays
   of the scenario '{scenario}' are accepted; when several count, the best one is graded.{handin}

{who}

Try it locally (Linux or macOS): put replays in ROOT/submission/ and a submission_metadata.json naming the
submitter in ROOT/ (`{{"users": [{{"email": "ann@example.edu", "sid": "1001", "name": "Ann"}}]}}`), and run
`AUTOGRADER_ROOT=ROOT ./setup.sh && AUTOGRADER_ROOT=ROOT ./run_autograder`; the result is in
ROOT/results/results.json.
"""

#: The README's "Who submitted" paragraph: its start with an assignment and without, then the rest.
_WHO_ROSTER = ("This autograder carries assignment {id} ({file}: its roster, with each student's code and how "
               "Gradescope knows them; share this folder with no one but Gradescope). A replay counts only when it "
               "is the day of a student on that roster, played with their own code (and so their own seed), and "
               "that student is one of the submission's submitters: the replay's student id, or the e-mail address "
               "or sid the roster gives for it, must be a submitter's e-mail address or student id (SID) in "
               "Gradescope, case aside.")
_WHO_PLAIN = ("A replay counts only when the student id in it (what the student typed in the game) is one of the "
              "submission's submitters in Gradescope: their student id (SID), their e-mail address, or the part of "
              "it before the @, case aside. Tell students to type one of these.")
_WHO_ALWAYS = ("A replay that is not the day of one of the submission's submitters does not count, and the output "
               "says so; when no replay counts, the score is 0. The submitters are read from Gradescope's "
               "submission_metadata.json; when it cannot be read, the replays are graded and the output says the "
               "submitters were not checked (and the autograder's log says why).")

_SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", "*.pyo", ".*")


def _package_dir(name: str) -> Path:
    """Where the importable package ``name`` lives, however Front Desk was installed (wheel or editable)."""
    import importlib.util

    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise ExportError(f"cannot find the installed package {name!r} to copy into the autograder")
    return Path(list(spec.submodule_search_locations)[0])


def _requirements() -> tuple[str, list[str], str]:
    """This install's version, dependencies and Python requirement, from its metadata."""
    from importlib import metadata

    try:
        dist = metadata.distribution("frontdesk")
    except metadata.PackageNotFoundError:
        raise ExportError("Front Desk is not installed as a package (pip install it first), so its dependencies "
                          "are unknown") from None
    requires = [r for r in (dist.requires or []) if "extra ==" not in r]
    return dist.version, requires, dist.metadata["Requires-Python"] or ">=3.10"


def _pyproject(version: str, requires: list[str], python: str, packages: list[str],
               data: dict[str, list[str]]) -> str:
    def toml_list(items: Iterable[str]) -> str:
        return "[" + ", ".join(json.dumps(i) for i in items) + "]"

    lines = ['[build-system]', 'requires = ["setuptools>=68"]', 'build-backend = "setuptools.build_meta"', '',
             '[project]', 'name = "frontdesk"', f'version = {json.dumps(version)}',
             f'requires-python = {json.dumps(python)}', f'dependencies = {toml_list(requires)}', '',
             '[tool.setuptools]', f'packages = {toml_list(packages)}', '', '[tool.setuptools.package-data]']
    lines += [f"{json.dumps(pkg)} = {toml_list(files)}" for pkg, files in sorted(data.items())]
    return "\n".join(lines) + "\n"


def _copy_source(dest: Path) -> None:
    """Copy the ``frontdesk`` package as this Python imports it, with its subpackages, shipped scenarios and assets
    (a wheel install and a checkout give the same bundle), and a ``pyproject.toml`` that installs exactly it."""
    version, requires, python = _requirements()
    top = dest / "frontdesk"
    top.mkdir(parents=True)
    for file in sorted(_package_dir("frontdesk").glob("*.py")):  # its own modules; its subpackages come below
        shutil.copyfile(file, top / file.name)
    for sub in ("simulator", "grading"):
        if not (top / sub).exists():
            shutil.copytree(_package_dir(f"frontdesk.{sub}"), top / sub, ignore=_SKIP)
    for part in ("shipped", "assets"):  # a checkout keeps them in scenarios/ and assets/, mapped into simulator
        if not (top / "simulator" / part).exists():
            shutil.copytree(_package_dir(f"frontdesk.simulator.{part}"), top / "simulator" / part, ignore=_SKIP)
    packages: list[str] = []
    data: dict[str, list[str]] = {}
    for folder in sorted(p for p in [top, *top.rglob("*")] if p.is_dir()):
        if (folder / "__init__.py").is_file():
            packages.append(".".join(folder.relative_to(dest).parts))
    for file in sorted(p for p in top.rglob("*") if p.is_file() and p.suffix != ".py"):
        owner = file.parent  # the nearest package above a data file owns it
        while not (owner / "__init__.py").is_file():
            owner = owner.parent
        data.setdefault(".".join(owner.relative_to(dest).parts), []).append(file.relative_to(owner).as_posix())
    (dest / "pyproject.toml").write_text(_pyproject(version, requires, python, packages, data), encoding="utf-8")


#: The autograder's own files: its settings, and the assignment record it carries.
_CONFIG_FILE = "frontdesk_autograder.json"
_ASSIGNMENT_FILE = "frontdesk_assignment.json"


def _read_scenario(path: Path, what: str) -> Scenario:
    """The scenario in ``path``, or an :class:`ExportError` naming ``what`` it was for."""
    from frontdesk.simulator.scenario import ScenarioError, load_scenario

    try:
        return load_scenario(path)
    except ScenarioError as e:
        raise ExportError(f"{what} is not valid: {e}") from None
    except OSError as e:
        raise ExportError(f"cannot read {what} {path}: {e.strerror or e}") from None


def _scenario_pin(scenario: str | os.PathLike[str]) -> tuple[str, Path | None, Scenario | None]:
    """What ``--scenario`` pins: the scenario id, and when it is given as a file, that file and its scenario."""
    path = Path(scenario)
    if path.suffix in (".yaml", ".yml") or path.is_file():
        found = _read_scenario(path, "the scenario to bundle")
        return found.id, path, found
    from frontdesk.simulator.scenario.shipped import shipped_scenarios

    shipped = {p.stem for p in shipped_scenarios()}
    if str(scenario) not in shipped:
        raise ExportError(f"no shipped scenario has the id {str(scenario)!r} (shipped: {', '.join(sorted(shipped))}); "
                          "for your own scenario, give its file: --scenario my-scenarios/my-day.yaml")
    return str(scenario), None, None


def _assignment_scenario(assignment: Assignment) -> Path | None:
    """The scenario file to bundle for ``assignment`` (``None`` for a shipped one), checked to be the very version
    the assignment was made on: replays of any other could not be graded on Gradescope."""
    from frontdesk.simulator.scenario import scenario_digest

    path: Path | None = None
    if assignment.scenario_file:
        path = (assignment.path.parent if assignment.path else Path()) / assignment.scenario_file
        if not path.is_file():
            raise ExportError(f"the scenario file of assignment {assignment.id}, {path}, is missing (it is kept "
                              "beside assignment.json)")
        found = _read_scenario(path, f"the scenario of assignment {assignment.id}")
        where = str(path)
    else:
        from frontdesk.simulator.scenario.shipped import shipped_scenarios

        shipped = [p for p in shipped_scenarios() if p.stem == assignment.scenario_id]
        if not shipped:
            raise ExportError(f"assignment {assignment.id} is of the scenario {assignment.scenario_id!r}, which is "
                              "not shipped and whose file is not beside its record")
        found, where = _read_scenario(shipped[0], "the shipped scenario"), "the shipped scenario"
    if found.id != assignment.scenario_id or scenario_digest(found) != assignment.scenario_sha256:
        raise ExportError(f"{where} is not the version of {assignment.scenario_id!r} that assignment "
                          f"{assignment.id} was made on, so none of its replays could be graded")
    return path


def gradescope_autograder(out_dir: str | os.PathLike[str], *, scenario: str | os.PathLike[str] | None = None,
                          assignment: str | os.PathLike[str] | None = None) -> Path:
    """Write a ready Gradescope autograder into the new or empty folder ``out_dir`` and return it.

    The folder holds ``setup.sh`` (installs the bundled copy of Front Desk into a virtual environment),
    ``run_autograder`` (grades ``/autograder/submission/*.json`` with :func:`grading.api.grade_replay_file` and
    writes ``/autograder/results/results.json``; the best replay counts; when none can be graded, a score of 0
    that says why), the runner it calls, the package source under ``frontdesk/``, and a README.

    The autograder is pinned to one scenario, so a student cannot submit a replay of an easier day: ``scenario``
    is a shipped scenario's id, or a scenario file, which is then bundled too (replays of it are graded on
    Gradescope although it is not shipped); or ``assignment`` (the folder ``frontdesk assign`` wrote, or its
    ``assignment.json``) pins its own scenario and is bundled with it, so that only a roster student's own day
    counts (its record carries each student's code, hence their seed: no instructor key is needed). Either way a
    replay counts only when its student is one of the submission's submitters in Gradescope.
    """
    from .assignments import AssignmentError, load_assignment

    out = Path(out_dir)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise ExportError(f"{out} already exists and is not an empty folder; choose a new folder for the "
                          f"autograder")
    if scenario is None and assignment is None:
        raise ExportError("an autograder grades one scenario, so that no one hands in an easier day: pass "
                          "--scenario ID_OR_FILE or --assignment FOLDER")
    pinned, bundled, given = _scenario_pin(scenario) if scenario is not None else (None, None, None)
    record: Assignment | None = None
    if assignment is not None:
        try:
            record = load_assignment(assignment)
        except AssignmentError as e:
            raise ExportError(str(e)) from None
        if pinned is not None and pinned != record.scenario_id:
            raise ExportError(f"--scenario {pinned} disagrees with assignment {record.id}, which is of the scenario "
                              f"{record.scenario_id!r}: give --assignment alone")
        if given is not None:
            from frontdesk.simulator.scenario import scenario_digest

            if scenario_digest(given) != record.scenario_sha256:
                raise ExportError(f"{bundled} is another version of {pinned!r} than assignment {record.id} was "
                                  "made on: give --assignment alone")
        # The assignment's own copy is the version its students play; a shipped one needs no copy.
        bundled, pinned = _assignment_scenario(record), record.scenario_id
    try:
        out.mkdir(parents=True, exist_ok=True)
        _copy_source(out / "frontdesk")
        if bundled is not None:
            (out / "scenarios").mkdir()
            shutil.copyfile(bundled, out / "scenarios" / f"{pinned}{bundled.suffix}")
        if record is not None:
            (out / _ASSIGNMENT_FILE).write_text(json.dumps(record.to_json(), indent=2, ensure_ascii=False) + "\n",
                                                encoding="utf-8")
        for name, text, mode in (("setup.sh", _SETUP_SH, 0o755), ("run_autograder", _RUN_AUTOGRADER, 0o755),
                                 ("frontdesk_autograde.py", _RUNNER_PY, 0o644)):
            path = out / name
            path.write_text(text, encoding="utf-8", newline="\n")  # LF even on Windows: these run on Linux
            path.chmod(mode | stat.S_IRUSR)
        config = {"scenario": pinned, "assignment": _ASSIGNMENT_FILE if record is not None else None}
        (out / _CONFIG_FILE).write_text(json.dumps(config) + "\n", encoding="utf-8")
        if record is not None:
            handin = (f"\n   For assignment {record.id}, each student plays their own day (their student ID and the "
                      "assignment\n   code they were given) and submits its replay.")
            who = _WHO_ROSTER.format(id=record.id, file=_ASSIGNMENT_FILE)
        else:
            handin, who = "", _WHO_PLAIN
        who = textwrap.fill(f"Who submitted. {who} {_WHO_ALWAYS}", width=112, break_on_hyphens=False)
        (out / "README.md").write_text(_README.format(scenario=pinned, handin=handin, who=who), encoding="utf-8")
    except OSError as e:
        raise ExportError(f"cannot write the autograder into {out}: {e.strerror or e}") from None
    return out
