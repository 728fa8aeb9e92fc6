"""The quality bars of DESIGN section 7 that concern speed, measured (``make bench``), never as timed tests.

Each benchmark prints its figure beside its bar. The exit status is 1 when a bar is missed, so a change that
slows the product down shows up when someone runs the benchmarks; the test suite itself never depends on the
speed of the machine it runs on.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FRONTDESK = [sys.executable, "-m", "frontdesk"]


def _median(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _expert_replay(scenario_path: Path, folder: Path) -> Path:
    out = folder / f"{scenario_path.stem}.json"
    subprocess.run(FRONTDESK + ["run", str(scenario_path), "--bot", "expert", "--replay-out", str(out)],
                   check=True, capture_output=True, cwd=ROOT)
    # Handed in as a student's day (no bot mark), so grading takes a student's path, the bot-match check included;
    # the commands below record it anyway, as an instructor's override would.
    data = json.loads(out.read_text(encoding="utf-8"))
    data.pop("bot", None)
    out.write_text(json.dumps(data), encoding="utf-8")
    return out


def bench_replay_and_grade(folder: Path) -> tuple[str, float, float, str]:
    """Replay and grade of a full day (laura-day), in process, median of 30."""
    from frontdesk.grading.api import grade_simulation
    from frontdesk.simulator.replay import read_replay, replay_simulation
    from frontdesk.simulator.scenario import load_scenario

    scenario = load_scenario(ROOT / "scenarios" / "laura-day.yaml")
    replay = read_replay(_expert_replay(ROOT / "scenarios" / "laura-day.yaml", folder))
    seconds = _median(lambda: grade_simulation(replay_simulation(replay, scenario)).to_json(), 30)
    return "replay + grade of a full day, in process (median)", seconds * 1000, 20, "ms"


def bench_whole_process(folder: Path) -> tuple[str, float, float, str]:
    """`frontdesk grade one.json --json`, whole process, median of 7 (after one run that warms the caches)."""
    replay = folder / "laura-day.json"
    command = FRONTDESK + ["grade", str(replay), "--json", "--db", str(folder / "bench.db"), "--allow-bot-match"]
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
    seconds = _median(lambda: subprocess.run(command, check=True, capture_output=True, cwd=ROOT), 7)
    return "whole process `frontdesk grade one.json --json` (median)", seconds * 1000, 300, "ms"


def bench_thousand(folder: Path) -> tuple[str, float, float, str]:
    """1,000 full-day replays with --jobs 2 (laura-day; every student a different id, so every row is new)."""
    batch = folder / "thousand"
    batch.mkdir()
    data = json.loads((folder / "laura-day.json").read_text(encoding="utf-8"))
    for i in range(1000):
        data["student"] = f"s{i:04d}"
        (batch / f"r{i:04d}.json").write_text(json.dumps(data), encoding="utf-8")
    start = time.perf_counter()
    subprocess.run(FRONTDESK + ["grade", str(batch), "--jobs", "2", "--db", str(folder / "thousand.db"), "--allow-bot-match"],
                   check=True, capture_output=True, cwd=ROOT)
    return "1,000 full-day replays with --jobs 2", time.perf_counter() - start, 15, "s"


def bench_big_day(folder: Path) -> list[tuple[str, float, float, str]]:
    """A generated 4,000-patient day: load + validate, and the expert's cost per fact against 40 patients."""
    from frontdesk.simulator.bots import make_bot, play_day
    from frontdesk.simulator.core import Simulation
    from frontdesk.simulator.scenario import Scenario, load_scenario
    from frontdesk.simulator.scenario.generate import generate_day

    results = []
    per_fact = {}
    for patients in (40, 4000):
        path = folder / f"gen{patients}.yaml"
        path.write_text(generate_day(1, patients), encoding="utf-8")
        load = _median(lambda path=path: load_scenario(path), 3)
        s = load_scenario(path)

        def play(s: Scenario = s) -> int:
            sim = play_day(Simulation(s, s.seed), make_bot("expert", s, s.seed))
            return len(sim.facts)

        facts = play()
        per_fact[patients] = _median(play, 3) / facts
        if patients == 4000:
            results.append(("a generated 4,000-patient day: load + validate", load, 1.0, "s"))
    results.append(("cost per fact, 4,000 patients / 40 patients", per_fact[4000] / per_fact[40], 1.5, "x"))
    return results


# The desk as a student sees it at the busiest minute: the drawn clinic full of people (the run fails if it is
# empty, so the bars are never met by a picture with nobody in it), the clock running, and the mouse passing over
# the people every sixth of a second, so the clinic is repainted as it is in play (its caption follows the mouse).
_FRAMES = """
import os, sys, time
start = time.perf_counter()
os.environ["SDL_VIDEODRIVER"] = "dummy"; os.environ["SDL_AUDIODRIVER"] = "dummy"
import pygame
from frontdesk.simulator.scenario import load_scenario
from frontdesk.simulator.ui.app import App
from frontdesk.simulator.ui.desk import DeskScreen
from frontdesk.simulator.ui.session import PlaySession
s = load_scenario(sys.argv[1])
session = PlaySession(s, "bench", watch="expert", pace=20)
app = App()
desk = DeskScreen(app, session, lambda _: None)
app.switch(desk)
app.frame(1 / 60)
first = time.perf_counter() - start
session.driver.advance_to(int(sys.argv[2]))
app.frame(1 / 60)
people = [i for i in desk.clinic.items if i.patient is not None]
assert people, "the drawn clinic is empty at the busiest minute"
app.frame_times.clear()
for n in range(600):
    if n % 10 == 0:
        person = people[n // 10 % len(people)].rect.move(desk.scene_rect.topleft)
        pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=person.center, rel=(0, 0), buttons=(0, 0, 0)))
    app.frame(1 / 60)
t = sorted(app.frame_times)
print(len(people), first, t[len(t) // 2], t[int(len(t) * 0.99)])
"""


def bench_frames(folder: Path) -> list[tuple[str, float, float, str]]:
    """The game window (SDL's dummy driver) at laura-day's busiest minute, the drawn clinic full: frame times, and
    the first frame."""
    from frontdesk.simulator.ui.screenshots import busiest_minute

    laura = ROOT / "scenarios" / "laura-day.yaml"
    at = busiest_minute(laura)
    out = subprocess.run([sys.executable, "-c", _FRAMES, str(laura), str(at)], check=True, capture_output=True,
                         text=True, cwd=ROOT, env={**os.environ, "FRONTDESK_DATA_DIR": str(folder / "ui")})
    people, first, p50, p99 = out.stdout.split()[-4:]
    return [(f"game frame, busiest minute, {people} people drawn (p50)", float(p50) * 1000, 4, "ms"),
            (f"game frame, busiest minute, {people} people drawn (p99)", float(p99) * 1000, 8, "ms"),
            ("first frame after launch (desk of laura-day)", float(first), 1.5, "s")]


def main() -> int:
    """Run every benchmark, print each figure beside its bar, and return 1 when any bar is missed."""
    os.environ.setdefault("FRONTDESK_DATA_DIR", tempfile.mkdtemp(prefix="frontdesk-bench-data-"))
    os.environ.setdefault("FRONTDESK_CACHE_DIR", tempfile.mkdtemp(prefix="frontdesk-bench-cache-"))
    missed = 0
    with tempfile.TemporaryDirectory(prefix="frontdesk-bench-") as tmp:
        folder = Path(tmp)
        rows = [bench_replay_and_grade(folder), bench_whole_process(folder), bench_thousand(folder)]
        rows += bench_big_day(folder)
        rows += bench_frames(folder)
    print(f"{'benchmark':<58} {'measured':>10} {'bar':>8}")
    for name, value, bar, unit in rows:
        ok = value <= bar
        missed += not ok
        print(f"{name:<58} {value:>8.2f} {unit:<2}{'<=':>3} {bar:g} {unit}  {'ok' if ok else 'MISSED'}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
