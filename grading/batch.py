"""Grading many replays: files and folders in, one outcome per replay out, in the order given.

A replay that cannot be graded (damaged, not a replay, recorded on another scenario or another version of it)
becomes an outcome with an error and the batch goes on. ``jobs`` above one grades in a process pool; each
worker loads each scenario once, and exits by itself when the batch's process is killed. Writing (reports, the scoreboard) is left to the caller, in one process, so
files are written one at a time and atomically.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

if TYPE_CHECKING:
    from .integrity import BotMatch

__all__ = ["Outcome", "collect", "grade_one", "grade_many"]


@dataclass(frozen=True)
class Outcome:
    """What became of one replay: its grade JSON (or why there is none), and what the caller writes from it."""

    path: str
    grade: dict[str, Any] | None = None
    error: str | None = None
    replay_sha256: str | None = None
    scenario_title: str | None = None
    report_html: str | None = None
    #: The bot that played the day, when it was not a student.
    bot: str | None = None
    #: The bot whose day this one copies, and the share of its actions identical (:mod:`grading.integrity`).
    bot_match: BotMatch | None = None
    #: The replay's actions as short comparable digests (:func:`grading.integrity.fingerprint`), to compare a
    #: batch's days with each other in the parent process (small to send back from a worker).
    fingerprint: tuple[int, ...] = ()
    #: The same for the actions at their intervals (:func:`grading.integrity.gap_signatures`): a copy shifted in
    #: time is still found.
    gap_fingerprint: tuple[int, ...] = ()
    #: Signals for the instructor that do not stop the grade (:attr:`grading.api.Graded.flags`).
    flags: tuple[str, ...] = ()


def collect(paths: Iterable[str]) -> list[str]:
    """The replay files named, with every ``*.json`` inside a named folder (and its subfolders), in order."""
    found: list[str] = []
    for item in paths:
        p = Path(item)
        if p.is_dir():
            found += sorted(str(f) for f in p.rglob("*.json") if f.is_file())
        else:
            found.append(item)
    return found


_FINDERS: dict[tuple[str, ...], Any] = {}
_ASSIGNMENTS: dict[tuple[str, ...], Any] = {}


def grade_one(path: str, scenarios: tuple[str, ...] = (), report: bool = False,
              assignments: tuple[str, ...] = ()) -> Outcome:
    """Grade one replay file; never raises for a bad file (the outcome says what is wrong). ``assignments`` are
    the assignment folders every replay must be a day of (``grade --assignment``)."""
    from frontdesk.simulator.replay import ReplayError, read_replay_bytes

    from .api import ScenarioFinder, grade_replay_bytes
    from .assignments import instructor_key, load_assignment, scenario_paths

    if assignments not in _ASSIGNMENTS:  # loaded once per process; the caller has checked they load
        _ASSIGNMENTS[assignments] = ([load_assignment(a) for a in assignments], instructor_key())
    given, key = _ASSIGNMENTS[assignments]
    finder = _FINDERS.get(scenarios + assignments)
    if finder is None:
        finder = _FINDERS[scenarios + assignments] = ScenarioFinder(
            [*scenarios, *scenario_paths(given), *_registered_scenarios()])
    try:
        data = read_replay_bytes(path)  # read once: the digest recorded is of the very bytes graded
    except ReplayError as exc:
        return Outcome(path, error=str(exc))
    digest = hashlib.sha256(data).hexdigest()
    try:
        graded = grade_replay_bytes(data, path, finder, given, key)
    except ReplayError as exc:
        return Outcome(path, error=str(exc), replay_sha256=digest)
    except Exception as exc:  # noqa: BLE001 - one strange file must never end a class's batch
        return Outcome(path, error=f"{path}: could not be graded ({type(exc).__name__}: {exc}); please report this",
                       replay_sha256=digest)
    grade_json = graded.grade.to_json()
    html = None
    if report:
        from .report import render_report, replay_key
        from .svg import render_svg
        from .timeline import timeline

        html = render_report(grade_json, graded.scenario,
                             render_svg(timeline(graded.scenario, graded.sim.facts, graded.grade.findings)),
                             replay=replay_key(path))
    from .integrity import bot_match, fingerprint, gap_signatures, signatures

    day = signatures(graded.replay.actions)
    match = bot_match(graded.scenario, graded.replay.seed, graded.replay.actions) if graded.replay.bot is None else None
    return Outcome(path, grade_json, None, digest, graded.scenario.title, html, graded.replay.bot, match,
                   fingerprint(day), fingerprint(gap_signatures(graded.replay.actions, day)), graded.flags)


def _registered_scenarios() -> list[Path]:
    """The scenario files of the assignments registered on this computer (instructors' own days)."""
    from .assignments import assignment_registry

    folder = assignment_registry()
    return sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml")) if folder.is_dir() else []


def _grade_star(job: tuple[str, tuple[str, ...], bool, tuple[str, ...]]) -> Outcome:
    return grade_one(*job)


#: How often a worker looks whether the batch's process is still there (a worker left alone exits this soon).
PARENT_POLL_SECONDS = 0.25


def _exit_with_parent(parent: int, method: str) -> None:
    """A worker's initializer: exit as soon as the process grading the batch is gone.

    Killed outright (``kill -9``), that process can neither hand out work nor shut the pool down, and its workers
    would wait on the pool's queue for ever. A daemon thread watches the worker's parent (the batch itself, or the
    fork server, which ends with it) and ends the worker at once when it changes. Polling works on every POSIX
    system, unlike Linux's PR_SET_PDEATHSIG, which also fires when the thread that started the worker ends.
    """
    first = os.getppid()
    if method != "forkserver" and first != parent:
        os._exit(1)  # the batch was gone before this worker even began
    threading.Thread(target=_watch_parent, args=(first,), name="frontdesk-parent-watch", daemon=True).start()


def _watch_parent(first: int) -> None:
    while os.getppid() == first:
        time.sleep(PARENT_POLL_SECONDS)
    os._exit(1)  # no flushing, no clean-up: nobody is left to read this worker's results


def grade_many(paths: list[str], jobs: int = 1, scenarios: tuple[str, ...] = (), report: bool = False,
               progress: Callable[[int, int], None] | None = None,
               assignments: tuple[str, ...] = ()) -> Iterator[Outcome]:
    """Grade every replay in ``paths``, ``jobs`` at a time, yielding outcomes in the order of ``paths``."""
    work = [(p, scenarios, report, assignments) for p in paths]
    total = len(work)
    if jobs <= 1 or total <= 1:
        for done, job in enumerate(work, 1):
            outcome = _grade_star(job)
            if progress:
                progress(done, total)
            yield outcome
        return
    workers = min(jobs, os.cpu_count() or jobs, total)
    context = multiprocessing.get_context()
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_exit_with_parent,
                             initargs=(os.getpid(), context.get_start_method())) as pool:
        # Chunks keep the pool busy without paying a round trip per replay; small enough to show progress.
        chunk = max(1, min(16, total // (workers * 8) or 1))
        for done, outcome in enumerate(pool.map(_grade_star, work, chunksize=chunk), 1):
            if progress:
                progress(done, total)
            yield outcome
