"""Recognising a bot's day by what it is (grading/integrity.py): a replay whose actions match a shipped bot's day
on the same scenario and seed is flagged and kept off the scoreboard, whatever its `bot` key says; near-identical
days in a batch are listed; a missing or implausible real-time trace is flagged."""

from __future__ import annotations

import dataclasses
import json
import sqlite3

import pytest

from frontdesk.grading.api import grade_replay_file
from frontdesk.grading.integrity import BOT_MATCH_THRESHOLD, bot_match, trace_flags
from frontdesk.simulator.bots import make_bot, play_day
from frontdesk.simulator.core import Simulation
from frontdesk.simulator.core import actions as A
from frontdesk.simulator.replay import ReplayError, replay_of, write_replay
from frontdesk.simulator.scenario import load_scenario

from conftest import SCENARIOS

TUTORIAL = load_scenario(SCENARIOS / "tutorial.yaml")


def played(bot: str, seed: int | None = None) -> Simulation:
    """``bot``'s day on the tutorial (with ``seed``, else the scenario's)."""
    seed = TUTORIAL.seed if seed is None else seed
    return play_day(Simulation(TUTORIAL, seed), make_bot(bot, TUTORIAL, seed))


def handed_in(tmp_path, sim: Simulation, name: str = "s1.json"):  # type: ignore[no-untyped-def]
    """``sim``'s day saved as a student's replay: no `bot` key at all."""
    path = tmp_path / name
    write_replay(path, replay_of(sim, student="s1"))
    assert "bot" not in json.loads(path.read_text(encoding="utf-8"))
    return path


def test_a_bots_day_matches_that_bot_whole():
    """The expert's and the novice's days each match their own bot in every action."""
    for bot in ("expert", "novice"):
        sim = played(bot)
        assert bot_match(TUTORIAL, sim.seed, sim.actions) == (bot, 1.0, False)


def test_another_day_does_not_match():
    """A day no bot played the same way (the random bot's, or the expert's on another seed replayed here as if on
    this one) stays far under the threshold: choosing as the expert does is not copying it."""
    for sim in (played("random"), played("expert", TUTORIAL.seed + 1)):
        assert bot_match(TUTORIAL, TUTORIAL.seed, sim.actions) is None


def test_a_copy_shifted_in_time_still_matches():
    """The same actions every 7 s later keep the bot's intervals: still the bot's day ("with its times shifted"); a
    copy half at the bot's seconds and half shifted matches too. Moving each action by its own amount escapes the
    signal (docs/grading.md says so)."""
    sim = played("expert")
    shifted = [dataclasses.replace(a, t=a.t + 7) for a in sim.actions]
    match = bot_match(TUTORIAL, sim.seed, shifted)
    assert match is not None and match.bot == "expert" and match.shifted and match.share >= 0.95
    assert "matches the expert bot's day with its times shifted" in match.describe()
    half = list(sim.actions[: len(sim.actions) // 2 + 1]) + shifted[len(sim.actions) // 2 + 1:]
    match = bot_match(TUTORIAL, sim.seed, half)
    assert match is not None and match.bot == "expert" and match.share >= BOT_MATCH_THRESHOLD
    jittered = [dataclasses.replace(a, t=a.t + 3 * (i % 5)) for i, a in enumerate(sim.actions)]
    assert bot_match(TUTORIAL, sim.seed, jittered) is None


def test_grade_keeps_a_matched_day_off_the_scoreboard_unless_allowed(frontdesk, tmp_path):
    """The expert's day handed in with no `bot` key is graded but flagged and not recorded; `--allow-bot-match`
    records it; with --report the flag is a row of flags.csv."""
    path = handed_in(tmp_path, played("expert"))
    code, _, err = frontdesk("grade", path, "--db", tmp_path / "s.db")
    assert code == 0 and "matches the expert bot's day (100% of actions identical)" in err
    with sqlite3.connect(tmp_path / "s.db") as conn:
        assert conn.execute("select count(*) from attempts").fetchone()[0] == 0
    assert frontdesk("grade", path, "--db", tmp_path / "s.db", "--allow-bot-match")[0] == 0
    with sqlite3.connect(tmp_path / "s.db") as conn:
        assert conn.execute("select count(*) from attempts").fetchone()[0] == 1
    assert frontdesk("grade", path, "--no-db", "--report", tmp_path / "out")[0] == 0
    rows = (tmp_path / "out" / "flags.csv").read_text(encoding="utf-8").splitlines()
    assert rows[:2] == ["replay,student,flag", "s1.json,s1,it matches the expert bot's day (100% of actions identical)"]


def test_the_autograders_grade_refuses_a_matched_day(tmp_path):
    """Grading one file for an autograder refuses a day that matches a bot's, in one line naming the bot."""
    path = handed_in(tmp_path, played("novice"))
    with pytest.raises(ReplayError, match="matches the novice bot's day"):
        grade_replay_file(path)
    assert grade_replay_file(path, allow_bots=True).total >= 0


def test_two_students_handing_in_the_same_day_are_listed(frontdesk, tmp_path):
    """A batch where two students hand in the same day (one copied the other's file under a new id) lists that pair,
    with the same facts digest, in the terminal and in similarity.csv beside the debriefs; a day of its own (the
    random bot's, as a stand-in) is in no pair."""
    batch = tmp_path / "batch"
    batch.mkdir()
    day = played("expert", TUTORIAL.seed + 3)  # not the scenario seed's bot day: only the copy pairs these two
    for student in ("ann", "bob"):
        write_replay(batch / f"{student}.json", replay_of(day, student=student))
    write_replay(batch / "cy.json", replay_of(played("random"), student="cy"))
    code, _, err = frontdesk("grade", batch, "--no-db", "--report", tmp_path / "out")
    assert code == 0
    assert "ann (ann.json)  ~  bob (bob.json): 100% of actions identical, the same facts digest" in err
    assert "cy (cy.json)" not in err.split("similar days")[1]
    lines = (tmp_path / "out" / "similarity.csv").read_text(encoding="utf-8").splitlines()
    assert lines == ["first,second,identical_actions,same_facts", "ann (ann.json),bob (bob.json),1.00,yes"]


def _played_in_the_window(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """A day taken at the desk as a person does: a second or two of real time between actions, a pause, a change
    of pace; returns its replay and the second the day began at."""
    from frontdesk.simulator.ui.session import PlaySession

    monkeypatch.setenv("FRONTDESK_DATA_DIR", str(tmp_path / "data"))
    session = PlaySession(TUTORIAL, "s1", pace=10)
    start = session.now
    for i in range(12):
        session.tick(1.3 + (i % 3) * 0.4)
        assert session.act(A.LockScreen(0) if i % 2 == 0 else A.UnlockScreen(0))
        if i == 4:
            session.toggle_pause()
            session.tick(20.0)
            session.toggle_pause()
        if i == 7:
            session.faster()
    return session.replay(), start


def test_a_day_played_in_the_window_raises_no_flag(tmp_path, monkeypatch):
    """A trace from the game's own clock fits its actions' seconds at every pace and pause, at a person's speed."""
    replay, start = _played_in_the_window(tmp_path, monkeypatch)
    assert trace_flags(replay, start) == []


def test_a_replay_with_no_trace_is_flagged():
    """A day with no real-time trace (made outside the window, or with the trace removed) is flagged, not refused."""
    flags = trace_flags(replay_of(played("random"), student="s1"), Simulation(TUTORIAL, TUTORIAL.seed).now)
    assert flags == ["it has no real-time trace: it was not played in the game window, or its trace was removed"]


def test_a_trace_squeezed_into_seconds_is_flagged(tmp_path, monkeypatch):
    """A whole day's actions within a couple of real seconds neither fits the pace nor a person's speed: both are
    said, each in a line that gives the figures."""
    replay, start = _played_in_the_window(tmp_path, monkeypatch)
    trace = replay.trace
    squeezed = dataclasses.replace(trace, real=tuple(r / 20 for r in trace.real), pauses=(), ended=trace.ended / 20)
    flags = trace_flags(dataclasses.replace(replay, trace=squeezed), start)
    assert len(flags) == 2
    assert flags[0].startswith("its real-time trace does not fit its clock: action 1 is at")
    assert "faster than a person works" in flags[1]


def test_a_trace_that_does_not_match_its_actions_is_flagged(tmp_path, monkeypatch):
    """A trace with a number of entries other than the actions', or going back in time, is read as damaged and
    flagged (the day is still graded)."""
    from frontdesk.simulator.replay import replay_from_bytes

    replay, start = _played_in_the_window(tmp_path, monkeypatch)
    data = json.loads(replay.to_json())
    data["trace"]["real"] = data["trace"]["real"][:-1]
    short = replay_from_bytes(json.dumps(data).encode())
    assert trace_flags(short, start) == ["its real-time trace has 11 entries for 12 actions"]
    data["trace"]["real"] = list(reversed(replay.trace.real))
    assert trace_flags(replay_from_bytes(json.dumps(data).encode()), start) == [
        "its real-time trace goes back in time"]


def test_a_classmates_day_shifted_in_time_is_listed_too():
    """A copy with every action a second later shares no action at the same second, but all at the same intervals:
    the pair is listed all the same; two different days are not."""
    from frontdesk.grading.integrity import gap_signatures, similar_pairs

    day = played("random", TUTORIAL.seed + 5).actions
    later = [dataclasses.replace(a, t=a.t + 1) for a in day]
    other = played("random", TUTORIAL.seed + 6).actions
    days = {"ann": day, "bob": later, "cy": other}
    from frontdesk.grading.integrity import signatures

    pairs = similar_pairs({n: signatures(d) for n, d in days.items()}, None,
                          {n: gap_signatures(d) for n, d in days.items()})
    assert [(a, b) for a, b, _, _ in pairs] == [("ann", "bob")] and pairs[0][2] >= 0.9


def test_a_trace_at_a_pace_the_game_never_runs_at_is_flagged(tmp_path, monkeypatch):
    """A trace whose pace is beyond the game's fastest (600), or other than an assessment's locked pace, or that
    ends at a pace other than the replay's, is flagged, even when its times fit that pace."""
    replay, start = _played_in_the_window(tmp_path, monkeypatch)
    fast = dataclasses.replace(replay.trace, paces=((0.0, 1000),))
    flags = trace_flags(dataclasses.replace(replay, trace=fast, pace=1000), start)
    assert flags[0].startswith("its trace's paces (1000) are not what the game runs at (paces 1 to 600")
    assert trace_flags(replay, start, locked_pace=10)[0].startswith("its trace's paces (10, 20) are not what")


def test_days_of_a_few_actions_are_not_called_similar():
    """Three students who each locked the screen at the start and did nothing else share their one action, but a
    day that short says nothing: no pair is listed (unless their facts are the same)."""
    from frontdesk.grading.integrity import gap_signatures, signatures, similar_pairs

    days = {name: [A.LockScreen(28800)] for name in ("ann", "bob", "cy")}
    facts = {"ann": "f1", "bob": "f2", "cy": "f3"}
    assert similar_pairs({n: signatures(d) for n, d in days.items()}, facts,
                         {n: gap_signatures(d) for n, d in days.items()}) == []
    facts["cy"] = "f1"
    assert similar_pairs({n: signatures(d) for n, d in days.items()}, facts) == [("ann", "cy", 1.0, True)]


def test_a_day_played_with_more_help_than_its_scenario_gives_is_noted():
    """A day played with help above the scenario's level (the menu's choice) is noted for the instructor; the
    scenario's own level, less help, or none recorded, is not; an assessment's level is none, so any help is
    noted."""
    from frontdesk.grading.integrity import help_flag

    laura = load_scenario(SCENARIOS / "laura-day.yaml")  # assist: some (the default)
    day = replay_of(Simulation(laura), student="s1")
    assert help_flag(dataclasses.replace(day, assist="full"), laura)
    assert "more than the scenario gives ('some')" in help_flag(dataclasses.replace(day, assist="full"), laura)
    for level in ("some", "none", None):
        assert help_flag(dataclasses.replace(day, assist=level), laura) is None
    assessed = laura.model_copy(update={"assessment": True})
    assert help_flag(dataclasses.replace(day, assist="some"), assessed)
    assert help_flag(dataclasses.replace(day, assist="full"), TUTORIAL) is None  # the tutorial's own level
