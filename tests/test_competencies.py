"""The competency checklist: frameworks as data, demonstrated / not yet / not assessed with their evidence, and
`frontdesk export --format competencies`."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from frontdesk.grading import competencies as comp
from frontdesk.grading.exports import COMPETENCIES_HEADER, FORMATS, export
from frontdesk.grading.scoreboard import DATA_DIR_ENV, Scoreboard

from test_scoreboard import grade  # the sample grade JSON, shared (tests/ is on sys.path)

ALL_CODES = [c.code for framework in comp.FRAMEWORKS for c in framework]


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing a test does may touch the real user-data directory."""
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "data"))


def line(key: str, tags: list[str], status: str = "earned", what: str | None = None) -> dict[str, Any]:
    """A rubric line of the grade JSON, earned or not."""
    earned = {"earned": 1.0, "partial": 0.5}.get(status, 0.0)
    return {"key": key, "criterion": "accuracy", "mechanic": "M7", "harm": "major", "tags": tags,
            "what": what or f"line {key}", "earned": earned, "status": status}


def graded(student: str | None, lines: list[dict[str, Any]] | None, *, total: float = 80.0,
           scenario: str = "laura-day", competent: bool | None = True) -> dict[str, Any]:
    """A grade JSON with rubric lines (None: an older grade without the key) and the competent flag."""
    g = grade(student, total, scenario=scenario)
    if lines is not None:
        g["lines"] = lines
    if competent is not None:
        g["competent"] = competent
    return g


def rows_of(text: object) -> list[list[str]]:
    """The rows of a CSV export (which must be text with CRLF line ends)."""
    assert isinstance(text, str) and text.endswith("\r\n")
    return list(csv.reader(io.StringIO(text)))


def by_code(rows: list[comp.Row], student: str) -> dict[str, comp.Row]:
    """``student``'s checklist rows by competency code."""
    return {r.competency: r for r in rows if r.student == student}


def test_every_tag_maps_into_both_frameworks() -> None:
    """Every tag evidences at least one competency of each framework (the MAERB side except for the tags named in
    MAERB_GAPS, whose MAERB codes are not yet checked, and that set holds no tag that does map); every code
    a tag names exists; the tag vocabulary is exactly DESIGN's."""
    assert set(comp.TAGS) == {"phone", "messages", "schedule", "privacy", "sensitivity", "identity", "records",
                              "team", "vitals", "specimens", "triage", "procedures", "insurance"}
    assert set(comp.TAG_COMPETENCIES) == set(comp.TAGS)
    maerb = {c.code for c in comp.MAERB}
    ontario = {c.code for c in comp.ONTARIO}
    for tag, codes in comp.TAG_COMPETENCIES.items():
        assert set(codes) <= maerb | ontario, tag
        assert set(codes) & ontario, f"{tag} evidences nothing in the Ontario set"
        assert bool(set(codes) & maerb) != (tag in comp.MAERB_GAPS), f"{tag}: MAERB mapping vs MAERB_GAPS"
    assert comp.MAERB_GAPS < set(comp.TAGS)
    # Every competency listed is evidenced by some tag (otherwise it could never be assessed).
    assert {code for codes in comp.TAG_COMPETENCIES.values() for code in codes} == maerb | ontario
    assert len(ALL_CODES) == len(set(ALL_CODES))
    assert all(c.code.startswith("ON-MOA-") for c in comp.ONTARIO)
    assert comp.competency("VI.P.1").title == "Manage appointment schedule using established priorities"


def test_one_row_per_student_and_competency_in_order(tmp_path: Path) -> None:
    """The checklist has exactly one row per student × competency of both frameworks, ordered by student, then
    framework, then the framework's own order; attempts without a student id credit no one."""
    with Scoreboard(tmp_path / "s.db") as b:
        b.record(graded("bob", [line("a", ["schedule"])]), "b1", "2025-03-01T09:00:00Z")
        b.record(graded("ann", [line("a", ["phone"])]), "a1", "2025-03-01T10:00:00Z")
        b.record(graded("ann", [line("a", ["vitals"])], scenario="tutorial"), "a2", "2025-03-01T11:00:00Z")
        b.record(graded(None, [line("a", ["phone"])]), "x1", "2025-03-01T12:00:00Z")
        rows = comp.checklist(b.attempts())
    assert [(r.student, r.competency) for r in rows] == [(s, code) for s in ("ann", "bob") for code in ALL_CODES]
    assert {r.status for r in rows} <= set(comp.STATUSES)


def test_demonstrated_not_yet_and_not_assessed_with_their_evidence(tmp_path: Path) -> None:
    """Demonstrated: an attempt with every line for the competency earned, evidenced by one of its earned lines.
    Not yet: assessed but never demonstrated, evidenced by the first line not earned in the latest attempt that
    assessed it. Not assessed: no line, no evidence. Evidence may come from any attempt, not only the best."""
    with Scoreboard(tmp_path / "s.db") as b:
        # Early, low-scoring day: the only one that booked well.
        b.record(graded("ann", [line("book:1", ["schedule"], what="Booked Mr. Chen's follow-up"),
                                line("call:1:handling", ["phone", "messages"], "missed", what="First call")],
                        total=40.0), "r1", "2025-03-01T09:00:00Z")
        # Later, best day: booking partly wrong; messages missed again, in another line.
        b.record(graded("ann", [line("book:2", ["schedule"], "partial"),
                                line("call:3:answer", ["phone"], "earned"),
                                line("call:3:handling", ["phone", "messages"], "error", what="The call from "
                                     "Dr. Ito about Robert Chen: routed right")], total=95.0, scenario="tutorial"),
                 "r2", "2025-03-01T10:00:00Z")
        rows = by_code(comp.checklist(b.attempts()), "ann")
    schedule = rows["VI.P.1"]
    assert (schedule.status, schedule.scenario, schedule.graded_at, schedule.replay_sha256, schedule.line,
            schedule.evidence) == ("demonstrated", "laura-day", "2025-03-01T09:00:00Z", "r1", "book:1",
                                   "Booked Mr. Chen's follow-up")
    assert rows["ON-MOA-1"].status == "demonstrated" and rows["ON-MOA-1"].line == "book:1"
    messages = rows["ON-MOA-3"]
    assert (messages.status, messages.scenario, messages.replay_sha256, messages.line, messages.evidence) == (
        "not yet", "tutorial", "r2", "call:3:handling", "The call from Dr. Ito about Robert Chen: routed right")
    # Telephone: the latest day answered well but handled a call wrongly; the first line not earned is named.
    assert (rows["ON-MOA-2"].status, rows["ON-MOA-2"].line) == ("not yet", "call:3:handling")
    vitals = rows["I.P.1"]
    assert (vitals.status, vitals.scenario, vitals.graded_at, vitals.replay_sha256, vitals.line, vitals.evidence) \
        == ("not assessed", "", "", "", "", "")
    assert vitals.framework == "CAAHEP/MAERB" and rows["ON-MOA-11"].framework == "Ontario MOA"


def test_a_day_with_a_critical_error_never_demonstrates(tmp_path: Path) -> None:
    """An attempt whose grade says `competent: false` demonstrates nothing, even with every line earned; the row
    says not yet and why. A later competent day with the same lines earned does demonstrate."""
    with Scoreboard(tmp_path / "s.db") as b:
        b.record(graded("ann", [line("walkin:1", ["triage", "team"], what="Chest pain walk-in sent through")],
                        competent=False), "r1", "2025-03-01T09:00:00Z")
        rows = by_code(comp.checklist(b.attempts()), "ann")
        assert rows["I.P.3"].status == "not yet" and rows["ON-MOA-10"].status == "not yet"
        assert rows["I.P.3"].line == "walkin:1" and "critical error" in rows["I.P.3"].evidence
        b.record(graded("ann", [line("walkin:1", ["triage"])]), "r2", "2025-03-01T10:00:00Z")
        rows = by_code(comp.checklist(b.attempts()), "ann")
    assert (rows["I.P.3"].status, rows["I.P.3"].replay_sha256) == ("demonstrated", "r2")
    # Team was assessed only in the day with the critical error.
    assert (rows["ON-MOA-8"].status, rows["ON-MOA-8"].replay_sha256) == ("not yet", "r1")


def test_grades_without_lines_assess_nothing(tmp_path: Path) -> None:
    """Older scoreboard rows (no `lines` in the grade JSON) count as assessing nothing; they never break the
    checklist, and a grade without `competent` is not held against the student."""
    with Scoreboard(tmp_path / "s.db") as b:
        b.record(graded("ann", None, competent=None), "old", "2025-03-01T09:00:00Z")
        assert {r.status for r in comp.checklist(b.attempts())} == {"not assessed"}
        b.record(graded("ann", [line("card:1", ["insurance"])], competent=None), "new", "2025-03-01T10:00:00Z")
        rows = by_code(comp.checklist(b.attempts()), "ann")
    assert [rows[c].status for c in ("VIII.P.1", "VIII.P.2", "ON-MOA-7")] == ["demonstrated"] * 3


def test_export_writes_the_checklist_from_all_attempts(tmp_path: Path) -> None:
    """`export(..., "competencies")` is a CSV under the documented header, one line per student × competency,
    names from the roster, evidence from any attempt (not only the best), narrowed by --scenario."""
    assert "competencies" in FORMATS
    with Scoreboard(tmp_path / "s.db") as b:
        b.record(graded("bob", [line("book:1", ["schedule"])], total=30.0), "b1", "2025-03-01T09:00:00Z")
        b.record(graded("bob", [line("book:1", ["schedule"], "missed")], total=90.0), "b2", "2025-03-01T10:00:00Z")
        b.record(graded("ann", [line("vs:1", ["vitals"])], scenario="tutorial"), "a1", "2025-03-01T11:00:00Z")
        rows = rows_of(export(b, "competencies", roster={"bob": {"name": "Bob Li"}}))
        assert rows[0] == list(COMPETENCIES_HEADER) == [
            "student", "name", "framework", "competency", "title", "status", "scenario", "graded_at",
            "replay_sha256", "line", "evidence"]
        assert len(rows) == 1 + 2 * len(ALL_CODES)
        assert [r[0] for r in rows[1:]] == ["ann"] * len(ALL_CODES) + ["bob"] * len(ALL_CODES)
        bob = {r[3]: r for r in rows[1:] if r[0] == "bob"}
        assert bob["VI.P.1"] == ["bob", "Bob Li", "CAAHEP/MAERB", "VI.P.1",
                                 "Manage appointment schedule using established priorities", "demonstrated",
                                 "laura-day", "2025-03-01T09:00:00Z", "b1", "book:1", "line book:1"]
        narrowed = rows_of(export(b, "competencies", scenario="tutorial"))
        assert {r[0] for r in narrowed[1:]} == {"ann"}
        assert export(b.attempts(), "competencies") == export(b, "competencies")


def test_no_checklist_cell_can_become_a_spreadsheet_formula(tmp_path: Path) -> None:
    """Student ids, roster names, scenario ids and rubric text starting with =, +, -, @ get a leading quote."""
    with Scoreboard(tmp_path / "s.db") as b:
        b.record(graded("=HYPERLINK(\"http://x\")", [line("-1", ["phone"], "missed", what="@SUM(A1:A9)")],
                        scenario="+cmd"), "r1", "2025-03-01T09:00:00Z")
        text = export(b, "competencies", roster={"=HYPERLINK(\"http://x\")": {"name": "=2*3"}})
    cells = [c for row in rows_of(text) for c in row]
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))]
    assert {"'=HYPERLINK(\"http://x\")", "'=2*3", "'+cmd", "'-1", "'@SUM(A1:A9)"} <= set(cells)


def test_cli_writes_the_checklist(frontdesk: Callable[..., tuple[int, str, str]], tmp_path: Path) -> None:
    """`frontdesk export --format competencies --db FILE --out FILE` writes the CSV file (stdout without --out)."""
    db = tmp_path / "s.db"
    with Scoreboard(db) as b:
        b.record(graded("ann", [line("call:1:answer", ["phone"])]), "a1", "2025-03-01T09:00:00Z")
    out = tmp_path / "checklist.csv"
    code, stdout, err = frontdesk("export", "--format", "competencies", "--db", db, "--out", out)
    assert (code, stdout, err) == (0, "", "")
    rows = rows_of(out.read_bytes().decode("utf-8"))
    assert rows[0] == list(COMPETENCIES_HEADER) and len(rows) == 1 + len(ALL_CODES)
    assert ["ann", "", "Ontario MOA", "ON-MOA-2"] == next(r for r in rows if r[3] == "ON-MOA-2")[:4]
    code, stdout, _ = frontdesk("export", "--format", "competencies", "--db", db)
    assert code == 0 and stdout.replace("\r\n", "\n") == out.read_text(encoding="utf-8").replace("\r\n", "\n")
    code, _, err = frontdesk("export", "--format", "competencies", "--db", db, "--scenario", "nope")
    assert code == 1 and "no graded attempt of scenario 'nope'" in err
