"""The HTML debrief: one self-contained, escaped, printable page with the scores, the picture and every finding."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET

import pytest

from frontdesk.grading.grade import Finding
from frontdesk.grading.report import render_report, write_report
from frontdesk.grading.svg import render_svg
from frontdesk.grading.timeline import timeline
from frontdesk.simulator.bots import make_bot, play_day
from frontdesk.simulator.core import Simulation
from frontdesk.simulator.scenario import load_scenario

from conftest import SCENARIOS

EVIL = 'Zoë <script>alert("x")</script> & co'


@pytest.fixture(scope="module")
def debrief():
    """A novice day on laura-day, hand-made findings (one of each severity, one quoting markup), its page."""
    s = load_scenario(SCENARIOS / "laura-day.yaml")
    sim = play_day(Simulation(s, s.seed), make_bot("novice", s, s.seed))
    findings = [
        Finding(29000, "privacy", "M1", "breach", "The day greeting names Petra Novak.",
                "Keep names out of the greeting.", "PHIPA s. 30", 3.0),
        Finding(36026, "multitasking", "M7", "late", "The call on line 1 rang 8 times.",
                "Answer within 3 rings.", None, 1.5),
        Finding(40000, "accuracy", "M6", "error", "Filed <D1> to the wrong chart & told nobody.",
                "Match two identifiers.", None, 2.0),
        Finding(50000, "accuracy", "M14", "missed", "The echocardiogram was not booked.", "Book every order.",
                None, 1.0),
        Finding(52000, "accuracy", "M4", "good", "Every change was typed right.", "", None, 0.0),
    ]
    grade_json = {
        "scenario": "laura-day", "scenario_sha256": "ab" * 32, "student": EVIL, "seed": s.seed, "total": 61.25,
        "criteria": {"multitasking": {"score": 70.0, "weight": 0.35}, "accuracy": {"score": 55.5, "weight": 0.4},
                     "privacy": {"score": 58.0, "weight": 0.25}},
        "findings": [f.to_json() for f in findings],
        "facts_sha256": sim.facts.sha256,
        "mechanics": {"M7": {"name": "multi-line phones", "score": 4.5, "max": 6.0, "checks": 3},
                      "M1": {"name": "opening the office", "score": 0.0, "max": 3.0,
                             "checks": [{"criterion": "privacy", "competency": "display sensitivity",
                                         "score": 0.0, "max": 3.0, "count": 1}]}},
    }
    svg = render_svg(timeline(s, sim.facts, findings))
    return s, grade_json, findings, svg, render_report(grade_json, s, svg, graded_at="2026-03-05T10:00:00Z")


def test_the_page_is_self_contained(debrief):
    """No scripts and nothing fetched from elsewhere: no src=, no http links, no url(http…) in the CSS."""
    page = debrief[4]
    assert "src=" not in page.lower()
    assert not re.search(r"""href\s*=\s*["']?\s*(https?:|//)""", page, re.IGNORECASE)
    assert not re.search(r"url\(\s*['\"]?(https?:|//)", page, re.IGNORECASE)
    assert "<script" not in page.lower()
    assert page.count("<svg") == 1 and "<style>" in page


def test_user_text_is_escaped(debrief):
    """A student name with markup shows as text; finding messages with markup do too."""
    page = debrief[4]
    assert html.escape(EVIL) in page
    assert "<D1>" not in page and "&lt;D1&gt;" in page


def test_every_finding_is_there_with_what_to_do_better(debrief):
    """Each finding's message, its better way, its rule, its severity word and symbol, and the points lost."""
    s, grade_json, findings, svg, page = debrief
    for f in findings:
        assert html.escape(f.message) in page
        if f.better:
            assert html.escape(f.better) in page
    assert "What a professional would do" in page and "PHIPA s. 30" in page
    for word, symbol in (("privacy breach", "◆"), ("error", "▲"), ("late", "●"), ("missed", "■"),
                         ("done well", "✓")):
        assert f"{symbol} {word}" in page
    assert "−1.5 pt" in page
    listed = page[page.index("Findings, in time order"):]
    order = [listed.index(html.escape(f.message)) for f in findings]
    assert order == sorted(order)  # time order


def test_scores_mechanics_and_header(debrief):
    """The header names scenario, student, seed and date graded; the criteria show weights; the mechanics table
    lists each mechanic judged with its points."""
    s, grade_json, findings, svg, page = debrief
    assert s.title in page and "2026-03-05T10:00:00Z" in page and f"<b>Seed</b> {s.seed}" in page
    assert "61.2" in page or "61.3" in page
    assert "35%" in page and "40%" in page and "25%" in page
    assert "multi-line phones" in page and "4.5 / 6" in page and "display sensitivity" in page
    assert page.index("M1") < page.index("M7")


def test_the_picture_is_inline_and_valid(debrief):
    """The timeline SVG sits in the page as it was painted; it is valid XML with one marker per finding."""
    s, grade_json, findings, svg, page = debrief
    assert svg in page
    root = ET.fromstring(svg)
    markers = [g for g in root.iter("{http://www.w3.org/2000/svg}g") if g.get("class") == "marker"]
    assert len(markers) == len(findings)


def test_a_grade_with_little_in_it_still_renders():
    """No scenario, no findings, no mechanics, odd values: the page still renders and says there is nothing."""
    page = render_report({"scenario": "x", "student": None, "criteria": {"privacy": 50}, "findings": [
        {"at": None, "severity": "weird", "message": None}]}, None, "")
    assert "<html" in page and "weird" in page
    page = render_report({"findings": []}, None, "")
    assert "No findings" in page


def test_render_is_deterministic(debrief):
    """The same grade and picture give the same bytes."""
    s, grade_json, findings, svg, page = debrief
    assert render_report(grade_json, s, svg, graded_at="2026-03-05T10:00:00Z") == page


def test_write_report_replaces_the_file_whole(tmp_path, debrief):
    """write_report writes the page, replaces an older one, and leaves no temporary file behind."""
    target = tmp_path / "debrief.html"
    target.write_text("old", encoding="utf-8")
    write_report(target, debrief[4])
    assert target.read_text(encoding="utf-8") == debrief[4]
    assert [p.name for p in tmp_path.iterdir()] == ["debrief.html"]


def test_a_critical_error_is_said_first(debrief):
    """A day with a critical error says "Not yet competent" and lists the error before the scores; a competent
    day says nothing of the kind."""
    s, grade_json, findings, svg, page = debrief
    assert "Not yet competent" not in page
    critical = {**findings[2].to_json(), "critical": True, "critical_error": "wrong_chart"}
    bad = {**grade_json, "competent": False, "critical": [critical]}
    page = render_report(bad, s, svg)
    assert page.index("Not yet competent") < page.index('class="scores"')
    assert "Filed &lt;D1&gt; to the wrong chart" in page[:page.index('class="scores"')]


def test_bidi_controls_cannot_turn_the_page_around():
    """A right-to-left override (or any bidi control) in a student's id or a finding is removed from the page and
    its picture, and the id sits in its own <bdi>, so the header reads in its own order."""
    from frontdesk.grading.svg import xml_text

    controls = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f"
    student = "\u202egpj.exe" + controls
    page = render_report({"scenario": "x", "student": student, "criteria": {},
                          "findings": [{"at": "9:00", "severity": "error", "criterion": "accuracy",
                                        "message": "typed \u2067evil\u2069", "better": "b", "points": 1}]}, None, "")
    assert not any(ch in page for ch in controls)
    assert "<b>Student</b> <bdi>gpj.exe</bdi>" in page and "typed evil" in page
    assert xml_text("\u202eab") == "ab"
