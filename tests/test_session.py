"""The play session: the clock and its pace, pause, actions stamped with the clock, autosave, resume, submit,
and watch mode giving the same facts as a headless bot (simulator/ui/session.py; no pygame needed)."""

import json

import pytest

from frontdesk.simulator.bots import make_bot, play_day
from frontdesk.simulator.core import Simulation
from frontdesk.simulator.core import actions as A
from frontdesk.simulator.scenario import load_scenario
from frontdesk.simulator.ui.session import MAX_PACE, PlaySession, find_autosaves

from conftest import SCENARIOS


@pytest.fixture
def tutorial(tmp_path, monkeypatch):
    """The tutorial scenario, with the data folder in the test's own temporary folder."""
    monkeypatch.setenv("FRONTDESK_DATA_DIR", str(tmp_path / "data"))
    return load_scenario(SCENARIOS / "tutorial.yaml")


def test_real_time_times_pace_moves_the_clock(tutorial):
    """Two real seconds at pace 20 move the clock 40 simulated seconds; fractions carry over."""
    s = PlaySession(tutorial, pace=20)
    start = s.now
    s.tick(1.0)
    s.tick(1.0)
    assert s.now == start + 40
    for _ in range(4):
        s.tick(0.01)  # 0.2 simulated seconds each: no whole second until the fifth
    assert s.now == start + 40
    s.tick(0.01)
    assert s.now == start + 41


def test_pause_stops_time_and_actions(tutorial):
    """While paused the clock stands still and no action is taken (the trainee is told why)."""
    s = PlaySession(tutorial)
    s.toggle_pause()
    before = s.now
    s.tick(10.0)
    assert s.now == before
    assert not s.act(A.LockScreen(0)) and "paused" in s.last_error
    s.toggle_pause()
    assert s.act(A.LockScreen(0))


def test_pace_steps_and_limits(tutorial):
    """The pace keys step between 1 and 600; a scenario with `pace_locked` keeps its own pace, whatever pace the
    attempt was started with (`--pace`) and whatever key is pressed."""
    s = PlaySession(tutorial, pace=20)
    for _ in range(20):
        s.faster()
    assert s.pace == MAX_PACE
    for _ in range(20):
        s.slower()
    assert s.pace == 1
    locked = PlaySession(tutorial.model_copy(update={"pace_locked": True, "pace": 20}), pace=1)
    assert locked.pace == 20
    locked.faster()
    assert locked.pace == 20


def test_an_action_is_stamped_with_the_clock_and_refusals_are_words(tutorial):
    """An action happens at the session's current second; a refused one comes back as the engine's message."""
    s = PlaySession(tutorial)
    s.tick(3.0)
    assert s.act(A.LockScreen(123))  # the stamp given is ignored: actions happen now
    assert s.sim.actions[-1].t == s.now
    assert not s.act(A.LockScreen(0)) and s.last_error == "The screen is already locked."


def test_every_action_autosaves_and_the_attempt_resumes_at_its_second(tutorial):
    """After an action the autosave holds the attempt and its clock; resuming replays it to that second."""
    s = PlaySession(tutorial, student="s9")
    s.tick(5.0)
    s.act(A.LockScreen(0))
    s.tick(2.0)
    s.act(A.UnlockScreen(0))
    saved, = find_autosaves()
    assert saved.student == "s9" and saved.actions == 2 and saved.clock == s.now
    resumed = PlaySession.resume(saved, tutorial)
    assert resumed.now == s.now and resumed.sim.facts.sha256 == s.sim.facts.sha256
    data = json.loads(saved.path.read_text(encoding="utf-8"))
    assert data["clock"] == s.now and len(data["actions"]) == 2


def test_a_finished_day_is_saved_as_a_replay_and_the_autosave_removed(tutorial):
    """At the end of the day the replay goes to the replays folder and the autosave is gone."""
    s = PlaySession(tutorial, student="s9")
    s.act(A.LockScreen(0))
    s.end_day()
    path = s.save_final()
    assert path.parent.name == "replays" and path.exists() and not find_autosaves()
    assert json.loads(path.read_text(encoding="utf-8"))["student"] == "s9"


def test_a_damaged_autosave_is_skipped_not_deleted(tutorial, tmp_path):
    """A damaged autosave file is not offered, and is left where it is."""
    folder = tmp_path / "data" / "autosave"
    folder.mkdir(parents=True)
    (folder / "broken.json").write_text("{", encoding="utf-8")
    assert find_autosaves() == [] and (folder / "broken.json").exists()


@pytest.mark.parametrize("bot", ["expert", "novice"])
def test_watching_a_bot_gives_the_headless_facts(tutorial, bot):
    """A bot played through the session at pace 600, frame by frame, gives the same facts as `run --bot`."""
    headless = play_day(Simulation(tutorial, tutorial.seed), make_bot(bot, tutorial, tutorial.seed))
    s = PlaySession(tutorial, pace=600, watch=bot)
    while not s.over:
        s.tick(1 / 60)
    assert s.sim.facts.sha256 == headless.facts.sha256
    assert not s.act(A.LockScreen(0)) and "watch" in s.last_error


def test_a_new_attempt_never_overwrites_an_unfinished_one(tutorial):
    """Two attempts by the same student at the same scenario are saved apart; resuming one keeps its own file."""
    for stamp in ("20261123-090000", "20261123-100000"):  # two attempts started at different times
        attempt = PlaySession(tutorial, student="s9")
        attempt._stamp = stamp
        attempt.act(A.LockScreen(0))
    saved = find_autosaves()
    assert len(saved) == 2 and saved[0].path != saved[1].path
    resumed = PlaySession.resume(saved[0], tutorial)
    assert resumed.autosave_path() == saved[0].path


def test_the_trace_records_real_seconds_pauses_and_paces(tutorial):
    """Each action is stamped with the real seconds since the attempt began (paused time included, so the pauses
    are recorded too), and each change of pace; the replay carries the trace and reads back the same."""
    from frontdesk.simulator.replay import replay_from_bytes

    s = PlaySession(tutorial, pace=10)
    s.tick(2.0)
    assert s.act(A.LockScreen(0))
    s.toggle_pause()
    s.tick(5.0)
    s.toggle_pause()
    s.faster()
    s.tick(1.5)
    assert s.act(A.UnlockScreen(0))
    trace = s.trace()
    assert trace.real == (2.0, 8.5) and trace.pauses == ((2.0, 7.0),) and trace.paces == ((0.0, 10), (7.0, 20))
    assert replay_from_bytes(s.replay().to_json().encode()).trace == trace


def test_a_resumed_attempt_goes_on_with_its_trace_and_its_assignment(tutorial):
    """Resuming continues the real clock from where the attempt was saved (the time away is not counted) and keeps
    the assignment and code it was played for."""
    s = PlaySession(tutorial, "s1", pace=10, seed=77, assignment="tutorial-AAAA", code="X")
    s.tick(3.0)
    assert s.act(A.LockScreen(0))
    saved, = find_autosaves()
    again = PlaySession.resume(saved, tutorial)
    again.tick(1.0)
    assert again.act(A.UnlockScreen(0))
    replay = again.replay()
    assert replay.trace.real == (3.0, 4.0) and replay.assignment == "tutorial-AAAA" and replay.code == "X"
    assert replay.seed == 77


def test_watch_mode_records_no_trace(tutorial):
    """A bot's day shown in the window has no human trace: nobody acted."""
    assert PlaySession(tutorial, watch="expert").trace() is None
