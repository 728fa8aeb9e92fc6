"""grading/batch.py: many replays graded in a pool of worker processes that never outlive the batch."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import SCENARIOS


def _children(pid: int) -> set[int]:
    """The live (not yet exited) processes whose parent is ``pid``, read from /proc."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if fields[0] != "Z" and int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    """Whether ``pid`` is a process that has not exited (a zombie has exited; it only waits to be reaped)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads processes from /proc (Linux)")
def test_workers_exit_when_the_batch_is_killed(tmp_path):
    """After `kill -9` of a `frontdesk grade --jobs 2` in mid-batch, both its workers are gone within 5 seconds
    (they used to wait on the pool's queue for ever)."""
    from frontdesk.simulator.cli import main

    folder = tmp_path / "replays"
    folder.mkdir()
    first = folder / "day-000.json"
    assert main(["run", str(SCENARIOS / "tutorial.yaml"), "--bot", "expert", "--replay-out", str(first)]) == 0
    for n in range(1, 400):  # seconds of work for two workers: the batch is still at it when it is killed
        shutil.copy(first, folder / f"day-{n:03d}.json")
    env = {**os.environ, "FRONTDESK_DATA_DIR": str(tmp_path / "data")}
    batch = subprocess.Popen([sys.executable, "-m", "frontdesk", "grade", str(folder), "--jobs", "2", "--no-db"],
                             env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + 20
        while len(workers) < 2 and time.monotonic() < deadline and batch.poll() is None:
            workers = _children(batch.pid)
            time.sleep(0.02)
        assert len(workers) == 2 and batch.poll() is None, "the batch never had its two workers at work"
        batch.send_signal(signal.SIGKILL)
        batch.wait()
        deadline = time.monotonic() + 5
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [w for w in workers if _alive(w)], "a worker outlived its batch"
    finally:  # never leave a stray process behind, even when the test fails
        for pid in [batch.pid, *workers]:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        batch.wait()
