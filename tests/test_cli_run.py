"""`frontdesk run`: the day headless, its digest, replays in and out, and facts as JSON lines."""

import hashlib
import json

from conftest import SCENARIOS

LAURA = SCENARIOS / "laura-day.yaml"


def test_run_twice_gives_the_same_digest(frontdesk):
    """`run laura-day --bot expert --json` twice prints the same facts_sha256."""
    first = json.loads(frontdesk("run", LAURA, "--bot", "expert", "--json")[1])
    second = json.loads(frontdesk("run", LAURA, "--bot", "expert", "--json")[1])
    assert first["facts_sha256"] == second["facts_sha256"] and first["summary"]["patients_seen"] > 20


def test_replay_out_then_replay_reproduces_the_digest(frontdesk, tmp_path):
    """Recording with --replay-out and re-playing with --replay give the same facts_sha256."""
    replay = tmp_path / "r.json"
    code, out, _ = frontdesk("run", LAURA, "--bot", "novice", "--json", "--replay-out", replay)
    code2, out2, _ = frontdesk("run", LAURA, "--replay", replay, "--json")
    assert code == code2 == 0 and json.loads(out)["facts_sha256"] == json.loads(out2)["facts_sha256"]


def test_facts_file_matches_the_digest_and_tags_mechanics(frontdesk, tmp_path):
    """--facts writes JSON lines whose SHA-256 is facts_sha256; every fact has t, kind and a mechanic."""
    facts = tmp_path / "f.jsonl"
    code, out, _ = frontdesk("run", LAURA, "--bot", "expert", "--json", "--facts", facts)
    raw = facts.read_bytes()
    assert hashlib.sha256(raw).hexdigest() == json.loads(out)["facts_sha256"]
    rows = [json.loads(line) for line in raw.decode().splitlines()]
    assert all({"t", "kind", "mechanic"} <= row.keys() and row["mechanic"].startswith("M") for row in rows)


def test_replay_against_an_edited_scenario_is_one_line(frontdesk, tmp_path):
    """A replay run against a changed scenario gives one clear line and a non-zero exit."""
    replay = tmp_path / "r.json"
    frontdesk("run", SCENARIOS / "tutorial.yaml", "--bot", "expert", "--replay-out", replay)
    edited = tmp_path / "tutorial.yaml"
    edited.write_text((SCENARIOS / "tutorial.yaml").read_text().replace("pace: 10", "pace: 12"))
    code, out, err = frontdesk("run", edited, "--replay", replay)
    assert code == 1 and out == "" and len(err.strip().splitlines()) == 1
    assert "recorded on a different version of tutorial" in err


def test_run_prints_a_readable_summary(frontdesk):
    """Without --json, run prints a table with the digest."""
    code, out, _ = frontdesk("run", SCENARIOS / "tutorial.yaml", "--bot", "expert")
    assert code == 0 and "calls answered" in out and "facts_sha256" in out


def test_run_a_bad_scenario_prints_its_problems(frontdesk, write):
    """A scenario with problems is not played; its problems are printed."""
    code, out, err = frontdesk("run", write("format: 1\n"), "--bot", "expert")
    assert code == 1 and "missing key" in err


def test_a_replay_played_again_keeps_its_assignment_code_and_trace(frontdesk, tmp_path):
    """`run --replay X --replay-out Y` writes the same attempt: the assignment, the code, the real-time trace and
    the pace it was played at (not the scenario's) stay in Y."""
    first = tmp_path / "r.json"
    assert frontdesk("run", SCENARIOS / "tutorial.yaml", "--bot", "random", "--replay-out", first)[0] == 0
    data = json.loads(first.read_text(encoding="utf-8"))
    n = len(data["actions"])
    data.update(assignment="tutorial-AAAA", code="CODE", pace=40,
                trace={"clock": "monotonic", "real": [float(i) for i in range(n)], "pauses": [], "paces": [[0.0, 10]],
                       "ended": float(n)})
    first.write_text(json.dumps(data), encoding="utf-8")
    again = tmp_path / "again.json"
    assert frontdesk("run", SCENARIOS / "tutorial.yaml", "--replay", first, "--replay-out", again)[0] == 0
    kept = json.loads(again.read_text(encoding="utf-8"))
    assert (kept["assignment"], kept["code"], kept["trace"], kept["pace"]) == ("tutorial-AAAA", "CODE", data["trace"], 40)
