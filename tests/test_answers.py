"""What a caller says when asked to confirm an identifier (simulator/core/answers.py), seen through the desk's
view of the line: words to read and compare with the chart, never a verdict."""

from __future__ import annotations

import datetime as dt

from frontdesk.simulator.core import Simulation
from frontdesk.simulator.core import actions as A
from frontdesk.simulator.core.answers import caller_answer, spoken_date
from frontdesk.simulator.core.view import desk_view
from frontdesk.simulator.scenario import load_scenario
from frontdesk.simulator.scenario.times import parse_clock

from conftest import SCENARIOS


def _asked(name: str, at: str, identifiers: tuple[str, ...], open_chart: bool = False):
    """The line view of the call ringing at ``at`` in shipped scenario ``name``, answered and asked ``identifiers``."""
    sim = Simulation(load_scenario(SCENARIOS / f"{name}.yaml"))
    t = parse_clock(at)
    sim.advance(t + 2)
    line = next(l for l in desk_view(sim).lines if l.state == "ringing")
    sim.apply(A.AnswerCall(t + 3, line.line))
    if open_chart:
        sim.apply(A.OpenChart(t + 4, desk_view(sim).lines[line.line - 1].about))
    sim.apply(A.VerifyCaller(t + 5, line.line, identifiers))
    return sim, desk_view(sim).lines[line.line - 1]


def test_an_impostor_gives_a_birth_date_that_differs_from_the_chart_in_words_only():
    """Monday rush's caller at 8:12 is not Aimee Li: asked her birth date, the words name another date than the
    chart's, spoken (not ISO), so only reading them shows it; the view carries no verdict beyond the engine's fact."""
    sim, line = _asked("monday-rush", "8:12", ("name", "dob"), open_chart=True)
    answers = dict(line.answers)
    chart = dict(line.chart)
    true_dob = dt.date.fromisoformat(chart["dob"])
    assert set(answers) == {"name", "dob"}
    assert chart["dob"] not in answers["dob"]  # never the chart's own form
    assert spoken_date(true_dob.isoformat(), "ON") not in answers["dob"]
    assert dt.datetime.strptime(answers["dob"].rstrip("."), "%d %B %Y").date() != true_dob
    assert "Amy Li" in answers["name"]  # the name she called under, not the chart's "Aimee"


def test_a_true_caller_gives_the_charts_birth_date_as_spoken_words():
    """A caller whose scenario says they answer correctly gives the patient's own birth date, in words."""
    sim, line = _asked("walk-in-saturday", "12:20", ("dob",), open_chart=True)
    chart = dict(line.chart)
    assert dict(line.answers)["dob"] == spoken_date(chart["dob"], "ON") + "."


def test_a_caller_who_refuses_says_so_for_every_identifier():
    """A caller who will not confirm anything gives no detail, whatever is asked."""
    sim, line = _asked("phone-storm", "8:58", A.IDENTIFIERS)
    answers = dict(line.answers)
    assert set(answers) == set(A.IDENTIFIERS)
    stated = sim.records.stated_details(line.about)
    for said in answers.values():
        assert not any(value in said for key, value in stated.items() if key in ("dob", "phone", "name"))


def test_the_chart_shows_on_the_line_only_once_opened_during_the_call():
    """The line carries the chart only after the desk opened it: the desk compares what it has looked up."""
    _, closed = _asked("walk-in-saturday", "12:20", ("dob",))
    _, opened = _asked("walk-in-saturday", "12:20", ("dob",), open_chart=True)
    assert closed.chart == () and dict(opened.chart)["dob"]


def test_wrong_answers_are_the_same_on_every_replay_and_close_to_the_truth():
    """A wrong answer depends only on the call and the truth: the same words every time, a date within a year or
    so, a phone number differing in one digit."""
    stated = {"dob": "1984-03-14", "phone": "416-555-0142", "name": "Aimee Li", "address.street": "12 Elm St"}
    first = [caller_answer("c7", "wrong", i, stated, "Amy Li", "US") for i in A.IDENTIFIERS]
    assert first == [caller_answer("c7", "wrong", i, stated, "Amy Li", "US") for i in A.IDENTIFIERS]
    phone = caller_answer("c7", "wrong", "phone", stated, None, "US").rstrip(".")
    assert sum(a != b for a, b in zip(phone, stated["phone"], strict=True)) == 1
    assert caller_answer("c7", "wrong", "dob", stated, None, "US") != "March 14, 1984."
    assert caller_answer("c7", "correct", "dob", stated, None, "US") == "March 14, 1984."
