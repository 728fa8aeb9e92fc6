"""The timeline layout and its SVG painter: rows, spans, marks and finding markers, for any day."""

from __future__ import annotations

import random
import xml.etree.ElementTree as ET

import pytest

from frontdesk.grading.grade import SEVERITIES, Finding
from frontdesk.grading.svg import render_svg
from frontdesk.grading.timeline import NEAR, timeline
from frontdesk.simulator.bots import make_bot, play_day
from frontdesk.simulator.core import Simulation
from frontdesk.simulator.core.facts import FactLog
from frontdesk.simulator.scenario import load_scenario, load_scenario_text

from conftest import MINI, SCENARIOS

SVG = "{http://www.w3.org/2000/svg}"

MINI_SCENARIO = load_scenario_text(MINI)


def finding(t: int, message: str = "Something happened.", severity: str = "missed") -> Finding:
    """A multitasking finding on M7 at ``t`` with ``message`` and ``severity``, costing one point."""
    return Finding(t, "multitasking", "M7", severity, message, "Do it the professional way.", None, 1.0)


def day(*facts: tuple) -> FactLog:
    """A fact log from ``(t, kind, mechanic, details)`` tuples."""
    log = FactLog()
    for t, kind, mechanic, details in facts:
        log.record(t, kind, mechanic, **details)
    return log


@pytest.fixture(scope="module")
def novice_day():
    """laura-day and the novice's day on it, played once for the module."""
    s = load_scenario(SCENARIOS / "laura-day.yaml")
    return s, play_day(Simulation(s, s.seed), make_bot("novice", s, s.seed))


def markers_in(svg: str) -> list[ET.Element]:
    """The finding markers (``<g class="marker">``) of an SVG picture."""
    root = ET.fromstring(svg)
    return [g for g in root.iter(f"{SVG}g") if g.get("class") == "marker"]


def test_an_answered_call_talks_on_its_own_line():
    """A call that rings on line 2 and is answered shows ringing, then talking, on line 2 and nowhere else."""
    log = day((28800, "call_rang", "M7", {"call": "C1", "line": 2, "caller": "patient", "about": "chen",
                                         "name": None, "wants": "book"}),
              (28812, "call_answered", "M7", {"call": "C1", "line": 2, "rings": 2}),
              (28850, "call_held", "M7", {"call": "C1", "line": 2}),
              (28870, "call_resumed", "M7", {"call": "C1", "line": 2}),
              (28900, "call_ended", "M7", {"call": "C1", "line": 2}),
              (30000, "day_ended", "M15", {}))
    tl = timeline(MINI_SCENARIO, log)
    line = tl.row("line:2")
    assert [(s.kind, s.start, s.end) for s in line.spans] == [
        ("ringing", 28800, 28812), ("talking", 28812, 28850), ("hold", 28850, 28870), ("talking", 28870, 28900)]
    assert "Robert Chen" in line.spans[1].label  # a patient calling is named from the chart
    assert tl.row("line:1").spans == ()


def test_every_answered_call_of_a_real_day_talks_on_its_line(novice_day):
    """In a real novice day each answered call has a talking span starting when it was answered, on its line."""
    s, sim = novice_day
    tl = timeline(s, sim.facts)
    answered = sim.facts.of_kind("call_answered")
    assert answered
    for f in answered:
        spans = tl.row(f"line:{f.get('line')}").spans
        assert any(sp.kind == "talking" and sp.start == f.t for sp in spans), f


def test_a_walk_out_is_marked_on_the_patients_row():
    """A patient who leaves the waiting room unseen gets a walk-out mark on their own row, and leaves the room."""
    log = day((32000, "patient_arrived", "M4", {"patient": "chen", "appointment": "09:00", "late": False}),
              (32010, "patient_greeted", "M4", {"patient": "chen", "stage": "arrival"}),
              (32040, "patient_checked_in", "M4", {"patient": "chen"}),
              (34000, "patient_left_without_visit", "M13", {"patient": "chen", "waited": 2000}),
              (36000, "day_ended", "M15", {}))
    tl = timeline(MINI_SCENARIO, log)
    row = tl.row("patient:chen")
    assert row.label == "Robert Chen"
    assert [(m.kind, m.t) for m in row.marks if m.kind == "walk_out"] == [("walk_out", 34000)]
    assert [s.kind for s in row.spans] == ["counter_wait", "check_in", "waiting"]
    assert tl.row("counter").spans[0].start == 32010 and tl.row("counter").spans[0].end == 32040
    assert (32040, 1) in tl.row("waiting").steps and tl.row("waiting").steps[-1] == (34000, 0)


def test_every_walk_out_of_a_real_day_is_marked(novice_day):
    """Each walk-out fact of a real day is a mark on that patient's row, at that second."""
    s, sim = novice_day
    tl = timeline(s, sim.facts)
    for f in sim.facts.of_kind("patient_left_without_visit", "patient_left_before_checkout"):
        kinds = {(m.kind, m.t) for m in tl.row(f"patient:{f.get('patient')}").marks}
        assert any(t == f.t and k in ("walk_out", "left_before_checkout") for k, t in kinds), f


def test_open_spans_close_at_the_days_end():
    """Whatever is still going when the day ends (a ringing line, a patient waiting, the desk left) ends then."""
    log = day((30000, "call_rang", "M7", {"call": "C1", "line": 1, "caller": "unknown"}),
              (30100, "patient_arrived", "M4", {"patient": "okafor"}),
              (30200, "patient_greeted", "M4", {"patient": "okafor", "stage": "arrival"}),
              (30300, "desk_left", "M18", {"screen_locked": False}),
              (31000, "day_ended", "M15", {}))
    tl = timeline(MINI_SCENARIO, log)
    assert (tl.start, tl.end) == (30000, 31000)
    last = [tl.row("line:1").spans[-1], tl.row("counter").spans[-1], tl.row("patient:okafor").spans[-1],
            tl.row("desk").spans[-1]]
    assert all(sp.end == 31000 and sp.open_at_end for sp in last)
    assert tl.row("desk").spans[-1].kind == "away_unlocked"


def test_odd_fact_sequences_lay_out():
    """Facts in an impossible order, about unknown calls and patients, or after the day ended, never crash."""
    log = day((100, "call_ended", "M7", {"call": "C9", "line": 7}),
              (100, "patient_checked_out", "M14", {"patient": "nobody"}),
              (120, "call_resumed", "M7", {"call": "C3", "line": 0}),
              (130, "patient_greeted", "M4", {"patient": "chen", "stage": "checkout"}),
              (130, "patient_greeted", "M4", {"patient": "okafor", "stage": "arrival"}),
              (140, "walk_in_admitted", "M12", {"patient": "okafor"}),
              (140, "patient_called_in", "M13", {"patient": "okafor"}),
              (150, "desk_returned", "M18", {}),
              (160, "something_new", "M1", {"call": "C1"}),
              (200, "day_ended", "M15", {}),
              (900, "call_rang", "M7", {"call": "C10", "line": 1}))
    tl = timeline(MINI_SCENARIO, log, [finding(10_000), finding(-5)], subjects=["C9", "nobody"])
    assert (tl.start, tl.end) == (100, 200)
    assert all(s.start <= s.end for r in tl.rows for s in r.spans)
    assert all(tl.start <= m.t <= tl.end for m in tl.markers)
    ET.fromstring(render_svg(tl))
    empty = timeline(MINI_SCENARIO, [])
    assert empty.end > empty.start
    ET.fromstring(render_svg(empty))


@pytest.mark.parametrize("seed", [1, 2, 3, 11, 42])
def test_random_days_lay_out_and_paint(seed):
    """A random bot's day (odd on purpose) lays out, every finding gets one marker, and the SVG is valid XML."""
    s = load_scenario(SCENARIOS / "laura-day.yaml")
    sim = play_day(Simulation(s, seed), make_bot("random", s, seed))
    rng = random.Random(seed)
    facts = list(sim.facts)
    findings = [finding(rng.randint(facts[0].t - 100, facts[-1].t + 100), rng.choice(["A call on line 2.", "Hm."]),
                        rng.choice(SEVERITIES)) for _ in range(25)]
    subjects = [rng.choice([None, "C1", "C4", "chen", "p03", "nobody"]) for _ in findings]
    tl = timeline(s, sim.facts, findings, subjects)
    assert len(tl.markers) == len(findings)
    rows = {r.key for r in tl.rows}
    assert all(m.row in rows for m in tl.markers)
    svg = render_svg(tl)
    assert len(markers_in(svg)) == len(findings)
    assert svg == render_svg(timeline(s, sim.facts, findings, subjects))  # deterministic


def test_findings_land_on_the_row_they_concern(novice_day):
    """A subject puts a finding on its call's line or its patient's row; a message naming a patient during their
    visit does too; a name far from any visit, or nothing at all, leaves it on the desk row."""
    s, sim = novice_day
    rang = sim.facts.of_kind("call_rang")[0]
    arrived = sim.facts.of_kind("patient_arrived")[0]
    pid = arrived.get("patient")
    name = s.patient(pid).name
    findings = [finding(rang.t), finding(arrived.t), finding(arrived.t + 5, f"{name}'s chart was not updated."),
                finding(arrived.t - NEAR - 3600, f"The lab result of {name} was filed to the wrong chart."),
                finding(arrived.t), finding(rang.t, "The call on line 3 rang 9 times.")]
    tl = timeline(s, sim.facts, findings, [rang.get("call"), pid, None, None, None, None])
    rows = [m.row for m in tl.markers]
    assert rows[:5] == [f"line:{rang.get('line')}", f"patient:{pid}", f"patient:{pid}", "desk", "desk"]
    assert rows[5] == "line:3"
    assert [m.label for m in tl.markers] == ["1", "2", "3", "4", "5", "6"]
    assert [m.finding for m in tl.markers] == list(range(6))


def test_the_svg_explains_itself_without_colour(novice_day):
    """Every severity has its own shape and word in the legend; markers carry a tooltip with the message, and
    text from findings is escaped."""
    s, sim = novice_day
    findings = [finding(30000 + i * 600, f"Finding <{sev}> & \"quoted\"", sev) for i, sev in enumerate(SEVERITIES)]
    svg = render_svg(timeline(s, sim.facts, findings))
    root = ET.fromstring(svg)
    marks = markers_in(svg)
    assert len(marks) == len(SEVERITIES)
    tips = [g.find(f"{SVG}title").text for g in marks]
    assert all(f'Finding <{sev}> & "quoted"' in tip for tip, sev in zip(tips, SEVERITIES, strict=True))

    def shape(g: ET.Element) -> str:
        drawn = [c for c in g if c.tag not in (f"{SVG}title", f"{SVG}text")][0]
        return drawn.tag + str(len((drawn.get("points") or "").split()))

    assert len({shape(g) for g in marks}) == len(SEVERITIES)  # diamond, triangle, circle, square, check
    legend = "".join(t.text or "" for t in root.iter(f"{SVG}text"))
    for word in ("privacy breach", "error", "late", "missed", "done well"):
        assert word in legend
    assert "<script" not in svg and "href" not in svg


def test_a_patient_back_for_a_second_visit_keeps_one_row_naming_both():
    """Haddad's morning and afternoon visits on the walk-in Saturday are one row whose note names both times."""
    from pathlib import Path

    from frontdesk.simulator.scenario import load_scenario

    scenario = load_scenario(Path(__file__).parent.parent / "scenarios" / "walk-in-saturday.yaml")
    sim = play_day(Simulation(scenario), make_bot("expert", scenario, scenario.seed))
    rows = [r for r in timeline(scenario, sim.facts).rows if r.key == "patient:haddad"]
    assert len(rows) == 1 and "09:30 appt" in rows[0].note and "back for 13:15 appt" in rows[0].note


def test_a_label_goes_only_where_nothing_is_written():
    """A row's lane takes the first free place for a label and refuses places already written on (with a gap);
    when no place is free the label is left out."""
    from frontdesk.grading.timeline import LabelLane

    lane = LabelLane(gap=4)
    lane.take(98, 102)  # a mark at 100, as the painters take it
    assert lane.place([(107, 180, "right")]) == "right"  # 7 px right of the mark: clear of it by the gap
    assert lane.place([(150, 200, "over the first"), (20, 95, "left")]) is None  # 95 + 4 reaches the mark
    assert lane.place([(150, 200, "over"), (20, 90, "left")]) == "left"
    assert lane.free(300, 320) and not lane.free(170, 175)


def test_no_label_of_the_picture_is_written_over_another():
    """In the picture of a day where a dozen callers give up around 10:00 on one line, the labels along each row
    never overlap each other or another mark: the crowded ones are left out (their tooltips keep the words)."""
    from frontdesk.grading.svg import CHAR_W

    laura = load_scenario(SCENARIOS / "laura-day.yaml")
    day = Simulation(laura, laura.seed)
    day.finish_day()  # nobody at the desk: every caller gives up, every patient walks out
    svg = ET.fromstring(render_svg(timeline(laura, day.facts, [])))
    ns = "{http://www.w3.org/2000/svg}"
    loud = [t for t in svg.iter(f"{ns}text") if t.get("font-weight") == "bold" and t.get("stroke") == "#fff"]
    assert loud, "some callers gave up or patients walked out"
    by_row: dict[str, list[tuple[float, float]]] = {}
    for t in loud:
        x, width = float(t.get("x")), len(t.text or "") * CHAR_W
        box = (x, x + width) if t.get("text-anchor") == "start" else (x - width, x)
        by_row.setdefault(t.get("y"), []).append(box)
    for boxes in by_row.values():
        boxes.sort()
        assert all(a[1] <= b[0] for a, b in zip(boxes, boxes[1:], strict=False)), boxes
