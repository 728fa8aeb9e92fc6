"""Replay files: written atomically, read back exactly, and refused in one clear sentence when wrong."""

import json

import pytest

from frontdesk.simulator.bots import make_bot, play_day
from frontdesk.simulator.core import Simulation
from frontdesk.simulator.replay import ReplayError, read_replay, replay_of, replay_simulation, write_replay
from frontdesk.simulator.scenario import load_scenario, load_scenario_text

from conftest import SCENARIOS


@pytest.fixture(scope="module")
def tutorial_run():
    """The tutorial scenario and the expert's day on it, played once for the module."""
    s = load_scenario(SCENARIOS / "tutorial.yaml")
    return s, play_day(Simulation(s), make_bot("expert", s, s.seed))


def test_round_trip(tmp_path, tutorial_run):
    """A written replay reads back to the same actions, seed, student and scenario digest."""
    s, sim = tutorial_run
    path = tmp_path / "r.json"
    write_replay(path, replay_of(sim, student="s123", pace=20))
    back = read_replay(path)
    assert back.actions == tuple(sim.actions) and back.seed == sim.seed and back.student == "s123"
    assert json.loads(path.read_text())["format"] == 1
    assert not list(tmp_path.glob(".*.tmp")), "no temporary file is left behind"


def test_edited_scenario_is_refused(tutorial_run):
    """A replay of a scenario that has since changed says so, in one sentence."""
    s, sim = tutorial_run
    text = (SCENARIOS / "tutorial.yaml").read_text(encoding="utf-8").replace('closes: "9:30"', 'closes: "9:45"')
    with pytest.raises(ReplayError, match="recorded on a different version of tutorial"):
        replay_simulation(replay_of(sim), load_scenario_text(text), "r.json")


def test_other_scenario_is_refused(tutorial_run):
    """A replay of another scenario names both."""
    _, sim = tutorial_run
    with pytest.raises(ReplayError, match="this replay is of scenario 'tutorial', not 'laura-day'"):
        replay_simulation(replay_of(sim), load_scenario(SCENARIOS / "laura-day.yaml"))


@pytest.mark.parametrize(
    "content, words",
    [
        (b"", "not valid JSON"),
        (b"\x00\xff garbage", "not valid JSON"),
        (b"[1, 2]", "expected a JSON object"),
        (b'{"format": 9}', "format 9"),
        (b'{"format": 1, "scenario_id": "x", "scenario_sha256": "y", "seed": 1}', "`actions`"),
        (b'{"format": 1, "scenario_id": "x", "scenario_sha256": "y", "seed": 1, "actions": [{"t": 1, "type": "fly"}]}',
         "action 1 is damaged: unknown action type"),
        (b'{"format": 1, "scenario_id": "x", "scenario_sha256": "y", "seed": 1, "actions": '
         b'[{"t": 9, "type": "lock_screen"}, {"t": 1, "type": "unlock_screen"}]}', "goes back in time"),
    ],
)
def test_corrupt_files_are_explained(tmp_path, content, words):
    """Damaged or foreign files give a one-line reason, never a traceback."""
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(ReplayError, match=words) as caught:
        read_replay(path)
    assert "\n" not in str(caught.value)


def test_missing_file(tmp_path):
    """A path that does not exist is named."""
    with pytest.raises(ReplayError, match="no such file"):
        read_replay(tmp_path / "nope.json")


def test_a_replay_with_no_actions_is_valid_json(tmp_path):
    """An attempt where nothing was done still writes a replay that reads back."""
    s = load_scenario(SCENARIOS / "tutorial.yaml")
    path = tmp_path / "empty.json"
    write_replay(path, replay_of(Simulation(s)))
    assert json.loads(path.read_text())["actions"] == [] and read_replay(path).actions == ()


@pytest.mark.parametrize("written", ['"bot": null', '"bot": false', '"bot": 0', '"bot": []', '"bot": ""',
                                     '"bot": "expert", "bot": null'])
def test_any_bot_key_marks_a_bots_day(tmp_path, tutorial_run, written):
    """The `bot` key is read strictly: whatever it holds (null, false, a number, a list, an empty string), or
    written twice, the replay is a bot's day; only a replay with no `bot` key at all is a student's."""
    scenario, sim = tutorial_run
    path = tmp_path / "r.json"
    write_replay(path, replay_of(sim, student="s1"))
    text = path.read_text(encoding="utf-8")
    assert '"bot"' not in text and read_replay(path).bot is None
    path.write_text(text.replace('"student": "s1",', f'"student": "s1", {written},'), encoding="utf-8")
    assert read_replay(path).bot is not None


def test_a_key_written_twice_is_damage(tmp_path, tutorial_run):
    """A replay never repeats a key; an edited one that does (here `seed`) is refused as damaged, not read as the
    last of its two values."""
    scenario, sim = tutorial_run
    path = tmp_path / "r.json"
    write_replay(path, replay_of(sim, student="s1"))
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"student": "s1",', '"student": "s1", "seed": 99,'), encoding="utf-8")
    with pytest.raises(ReplayError, match="damaged: the key 'seed' is written twice"):
        read_replay(path)


@pytest.mark.parametrize("ended", ["1e400", "10" * 210, '"inf"', '"nan"', "true", "null"])
def test_a_trace_whose_end_is_not_a_number_is_damaged(ended):
    """A trace whose `ended` is out of range, a string, a bool or null is read as a damaged trace (a flag for the
    instructor), never a crash."""
    from frontdesk.simulator.replay import replay_from_bytes

    text = ('{"format": 1, "scenario_id": "x", "scenario_sha256": "y", "seed": 1, "actions": [], '
            f'"trace": {{"real": [], "pauses": [], "paces": [[0, 10]], "ended": {ended}}}}}')
    replay = replay_from_bytes(text.encode())
    assert replay.trace is None and replay.trace_problem == "its real-time trace is damaged"


def test_the_caps_are_generous_multiples_of_a_real_full_day():
    """A real full day (laura-day, played by the expert) takes under a fiftieth of each cap, in bytes and in
    actions, so no real day is ever refused."""
    from frontdesk.simulator.replay import MAX_REPLAY_ACTIONS, MAX_REPLAY_BYTES

    s = load_scenario(SCENARIOS / "laura-day.yaml")
    sim = play_day(Simulation(s), make_bot("expert", s, s.seed))
    text = replay_of(sim, student="s123", pace=20).to_json()
    assert 50 * len(text.encode()) < MAX_REPLAY_BYTES and 50 * len(sim.actions) < MAX_REPLAY_ACTIONS


def test_a_replay_beyond_the_byte_cap_is_refused_in_one_line(tmp_path, tutorial_run):
    """A file one byte over the cap is refused with a one-line reason, without being parsed."""
    from frontdesk.simulator.replay import MAX_REPLAY_BYTES

    _, sim = tutorial_run
    text = replay_of(sim).to_json()
    path = tmp_path / "big.json"
    path.write_text(text[:-2] + " " * (MAX_REPLAY_BYTES + 1 - len(text.encode())) + "}\n", encoding="utf-8")
    assert path.stat().st_size == MAX_REPLAY_BYTES + 1
    with pytest.raises(ReplayError, match=r"^\S*big.json: too large to be a replay: more than 2 MiB[^\n]*$"):
        read_replay(path)
    path.write_text(text[:-2] + " " * (MAX_REPLAY_BYTES - len(text.encode())) + "}\n", encoding="utf-8")
    assert path.stat().st_size == MAX_REPLAY_BYTES and read_replay(path).actions == tuple(sim.actions)


def test_a_huge_file_is_never_read_whole(tmp_path):
    """Reading a replay reads at most one byte past the cap, however large the file (a sparse 64 GiB one here)."""
    from frontdesk.simulator.replay import MAX_REPLAY_BYTES, read_replay_bytes

    path = tmp_path / "huge.json"
    with open(path, "wb") as handle:
        handle.truncate(64 * 1024**3)
    assert len(read_replay_bytes(path)) == MAX_REPLAY_BYTES + 1


def test_a_replay_beyond_the_action_cap_is_refused_in_one_line(tmp_path, tutorial_run):
    """More actions than the cap is refused in one line saying how many and the limit; at the cap it reads."""
    from frontdesk.simulator.replay import MAX_REPLAY_ACTIONS

    _, sim = tutorial_run
    data = json.loads(replay_of(sim).to_json())
    last = data["actions"][-1]["t"]
    data["actions"] = [{"t": last, "type": "check_inbox"}] * MAX_REPLAY_ACTIONS
    path = tmp_path / "many.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert len(read_replay(path).actions) == MAX_REPLAY_ACTIONS
    data["actions"].append(data["actions"][-1])
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ReplayError, match=r"many.json: 20,001 actions, more than any day holds \(at most 20,000"):
        read_replay(path)
