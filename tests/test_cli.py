"""The `frontdesk` command: the contract of DESIGN section 4 for validate, show, schema and generate."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import MINI, SCENARIOS

FRONTDESK = str(Path(sys.executable).parent / "frontdesk")


def test_validate_shipped_scenarios_exits_zero(frontdesk):
    """`frontdesk validate scenarios/*.yaml` exits 0 and says ok for each file."""
    files = sorted(SCENARIOS.glob("*.yaml"))
    code, out, err = frontdesk("validate", *files)
    assert code == 0, out + err
    assert out.count(": ok") == len(files)


def test_validate_prints_one_line_per_problem_and_exits_one(frontdesk, write):
    """A file with three mistakes prints three `path:line:col: message` lines and exits 1."""
    text = MINI.replace("nurse, name", "nurse, nmae").replace("type: follow_up", "type: folow_up")
    text = text.replace("dob: 1949-09-30", "dob: 1949-02-30")
    path = write(text, "three.yaml")
    code, out, err = frontdesk("validate", path)
    lines = out.splitlines()
    assert code == 1 and len(lines) == 3, out
    assert [line.split(":")[1] for line in lines] == ["9", "12", "14"]
    assert all(line.startswith(f"{path}:") for line in lines)


def test_validate_checks_every_file_even_after_a_bad_one(frontdesk, write, tmp_path):
    """One bad file does not stop the others being checked."""
    bad = write("format: 1\n", "bad.yaml")
    code, out, _ = frontdesk("validate", bad, SCENARIOS / "tutorial.yaml")
    assert code == 1 and "tutorial.yaml: ok" in out and "bad.yaml:1:1: missing key" in out


def test_validate_summary_describes_the_day(frontdesk):
    """`--summary` prints what an instructor checks at a glance, with the scenario digest."""
    code, out, _ = frontdesk("validate", "--summary", SCENARIOS / "laura-day.yaml")
    assert code == 0 and "Greene Cardiology" in out and "M1 opening the office" in out and "scenario_sha256:" in out


def test_show_prints_normalised_json(frontdesk, write):
    """`show` prints times as HH:MM, identifiers as strings with their zeros, and defaults filled."""
    text = MINI.replace('at: "9:00"', "at: 10:15").replace('number: "1234567897"', "number: 0712345677")
    text += "events:\n  - {at: 9:05, arrival: {patient: chen}}\n  - {at: '9:05:30', call: {caller: lab, wants: results, about: chen}}\n"
    code, out, _ = frontdesk("show", write(text))
    data = json.loads(out)
    assert code == 0
    assert data["schedule"][0]["at"] == "10:15"
    assert data["events"][0]["at"] == "09:05" and data["events"][1]["at"] == "09:05:30"
    assert data["jurisdiction"] == "ON"
    assert data["patients"][0]["health_card"]["number"] == "0712345677"
    assert data["clinic"]["opens"] == "08:00" and data["pace"] == 20


def test_show_expands_generated_patients(frontdesk, write):
    """`show` lists generated patients in full."""
    code, out, _ = frontdesk("show", write(MINI.replace("patients:\n", "patients:\n  - {generate: 4}\n")))
    assert code == 0 and [p["id"] for p in json.loads(out)["patients"]][:4] == ["p01", "p02", "p03", "p04"]


def test_show_rubric_prints_every_line_before_anyone_plays(frontdesk, write):
    """`show --rubric` prints the rubric an instructor assigns: each criterion's points possible and what a
    finding of each harm class costs there, every line with its key, harm and points, the deductions and the
    critical errors; `--json` gives the same as data, one entry per rubric line."""
    from frontdesk.grading.lines import build_rubric
    from frontdesk.simulator.scenario import load_scenario_text

    path = write(MINI + 'events:\n  - {at: "9:30", call: {caller: family, name: Bob Chen, relationship: son, '
                        'about: chen, wants: results}}\n')
    code, out, _ = frontdesk("show", "--rubric", path)
    assert code == 0
    for words in ("points possible", "call0.answer", "call0.handling", "call0.privacy", "visit.chen.identity",
                  "desk.locked", "Deductions", "Critical errors", "not yet competent"):
        assert words in out
    code, out, _ = frontdesk("show", "--rubric", "--json", path)
    data = json.loads(out)
    keys = [line.key for line in build_rubric(load_scenario_text(path.read_text()))]
    assert code == 0 and [line["key"] for line in data["lines"]] == keys
    assert set(data["criteria"]) == {"multitasking", "accuracy", "privacy"}
    assert data["criteria"]["privacy"]["points_possible"] == sum(
        line["points"] for line in data["lines"] if line["criterion"] == "privacy")


def test_show_of_a_bad_file_prints_problems_to_stderr(frontdesk, write):
    """`show` on a bad file prints the problems, not JSON, and exits 1."""
    code, out, err = frontdesk("show", write("format: 1\n"))
    assert code == 1 and out == "" and ":1:1: missing key" in err


def test_schema_prints_json(frontdesk):
    """`schema` prints the committed schema."""
    code, out, _ = frontdesk("schema")
    assert code == 0 and out == (SCENARIOS / "scenario.schema.json").read_text(encoding="utf-8")


def test_generate_is_repeatable_and_valid(frontdesk, write):
    """`generate --seed 3` twice gives identical output, and that output validates."""
    first = frontdesk("generate", "--seed", "3")
    second = frontdesk("generate", "--seed", "3")
    assert first == second and first[0] == 0
    code, out, _ = frontdesk("validate", write(first[1]))
    assert code == 0, out


def test_generate_refuses_a_tiny_panel(frontdesk):
    """Too few patients for a day is a usage error with a message, not a traceback."""
    code, _, err = frontdesk("generate", "--seed", "1", "--patients", "3")
    assert code == 2 and "--patients" in err


def test_play_refuses_a_bad_scenario_or_pace_before_opening_a_window(frontdesk, write):
    """`play` reports a broken scenario in `path:line:col` words, and an impossible pace, without a window."""
    bad = write("format: 1\nid: x\n")
    code, _, err = frontdesk("play", bad)
    assert code == 1 and f"{bad}:" in err and "Traceback" not in err
    code, _, err = frontdesk("play", "--pace", "9999")
    assert code == 2 and "from 1 to 600" in err


def _hostile_files(tmp: Path) -> dict[str, Path]:
    files = {
        "python-tag.yaml": b"format: !!python/object/apply:os.system ['touch " + str(tmp / "pwned").encode() + b"']\n",
        "empty.yaml": b"",
        "garbage.yaml": os.urandom(4096) + b"\x00",
    }
    laughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i, name in enumerate("bcdefghi"):
        laughs.append(f"{name}: &{name} [" + ",".join([f"*{'abcdefgh'[i]}"] * 9) + "]")
    files["laughs.yaml"] = ("\n".join(laughs) + "\n").encode()
    paths = {}
    for name, raw in files.items():
        paths[name] = tmp / name
        paths[name].write_bytes(raw)
    big = tmp / "big.yaml"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # 50 MB, sparse: costs no disk
    paths["big.yaml"] = big
    return paths


@pytest.mark.parametrize("name", ["python-tag.yaml", "empty.yaml", "garbage.yaml", "laughs.yaml", "big.yaml"])
def test_hostile_files_give_one_line_exit_one_fast_and_run_nothing(tmp_path, name):
    """Each hostile file, through the real command: one line, exit 1, nothing executed, and no blow-up (an
    expansion bomb would take minutes; the bound is loose so that a busy machine never fails it: speed itself is
    measured by `make bench`)."""
    path = _hostile_files(tmp_path)[name]
    start = time.perf_counter()
    result = subprocess.run([FRONTDESK, "validate", str(path)], capture_output=True, text=True, timeout=30)
    elapsed = time.perf_counter() - start
    assert result.returncode == 1
    assert len(result.stdout.splitlines()) == 1 and result.stdout.startswith(f"{path}:"), result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert not (tmp_path / "pwned").exists()
    assert elapsed < 10.0, f"{name} took {elapsed:.2f}s"


def test_python_dash_m_frontdesk_is_the_same_command():
    """`python -m frontdesk` runs frontdesk."""
    result = subprocess.run([sys.executable, "-m", "frontdesk", "--version"], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0 and result.stdout.startswith("frontdesk ")


def test_validate_does_not_import_faker_or_pygame_for_written_out_files():
    """Checking a scenario whose patients are all written out never imports Faker or pygame."""
    code = (
        "import sys; from simulator.cli import main; main(['validate', sys.argv[1]]); "
        "assert not {'faker', 'pygame'} & set(sys.modules), sorted(m for m in sys.modules if m in ('faker','pygame'))"
    )
    path = SCENARIOS / "tutorial.yaml"
    result = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr


def test_schema_out_errors_are_one_line(frontdesk, tmp_path):
    """`schema --out` to a folder or a missing folder is one clear line and exit 1."""
    code, _, err = frontdesk("schema", "--out", tmp_path)
    assert code == 1 and "cannot write" in err and "internal error" not in err
    code, _, err = frontdesk("schema", "--out", tmp_path / "missing" / "s.json")
    assert code == 1 and "cannot write" in err


def test_schema_out_file_is_readable_by_others(frontdesk, tmp_path):
    """A written schema gets an ordinary file mode, not the private one of a temporary file."""
    target = tmp_path / "s.json"
    frontdesk("schema", "--out", target)
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


def test_garbage_without_nul_bytes(frontdesk, tmp_path):
    """Random bytes with no NUL are still refused in one line."""
    path = tmp_path / "noise.yaml"
    path.write_bytes(bytes(range(128, 256)) * 8)
    code, out, _ = frontdesk("validate", path)
    assert code == 1 and len(out.splitlines()) == 1
