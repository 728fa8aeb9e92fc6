"""One attempt at a scenario in the window: the clock and its pace, pause, the trainee's actions, autosave.

This is the part of the game that has nothing to draw, so it is tested without pygame. The window turns
elapsed real time into simulated seconds through :meth:`PlaySession.tick`; a trainee's click becomes
:meth:`PlaySession.act`, stamped with the current simulated second. While paused, time stands still and no action
is taken. After every action the attempt is saved (atomically) so that killing the game loses at most the action
in flight; an unfinished attempt can be resumed at the second it was saved, or submitted as it stands.

In ``--watch`` mode a bot plays instead of the trainee, driven by the same :class:`~simulator.bots.BotDriver` as a
headless run, so the facts are the same as ``frontdesk run --bot``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core import actions as A
from ..core.engine import Simulation
from ..core.view import DeskView, desk_view
from ..files import data_dir, safe_name, write_atomic
from ..replay import MAX_PACE, HumanTrace, Replay, ReplayError, read_replay, replay_of, replay_simulation, write_replay
from ..scenario.models import Scenario
from ..scenario.summary import scenario_digest

__all__ = ["PlaySession", "MAX_PACE", "PACES", "ASSIST_LEVELS", "data_dir", "Autosave", "find_autosaves"]

#: The pace keys step through these (simulated seconds per real second).
PACES = (1, 5, 10, 20, 40, 60, 120, 300, 600)
#: How much the desk helps, most first (see the scenario format's ``assist``).
ASSIST_LEVELS = ("full", "some", "none")


@dataclass(frozen=True)
class Autosave:
    """An unfinished attempt found on disk."""

    path: Path
    scenario_id: str
    student: str | None
    clock: int
    actions: int


def find_autosaves() -> list[Autosave]:
    """Every unfinished attempt in the autosave folder (damaged files are skipped, never deleted)."""
    folder = data_dir() / "autosave"
    found = []
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            found.append(Autosave(path, str(data["scenario_id"]), data.get("student"), int(data["clock"]),
                                  len(data["actions"])))
        except (OSError, ValueError, KeyError, TypeError):
            continue
    return found


class PlaySession:
    """The simulation of one attempt, with its clock, its pace, the record of what the trainee did, and saving."""

    def __init__(self, scenario: Scenario, student: str | None = None, pace: int | None = None,
                 seed: int | None = None, watch: str | None = None, autosave: bool = True,
                 student_name: str | None = None, assignment: str | None = None, code: str | None = None,
                 assist: str | None = None):
        self.scenario = scenario
        #: How much the desk helps (full, some, none): the trainee's choice, else the scenario's; an assessment
        #: always none, whatever was asked for.
        self.assist = ("none" if scenario.assessment else assist if assist in ASSIST_LEVELS else scenario.assist)
        self.student = student
        self.student_name = student_name
        #: The assignment this day is played for and the code the student typed (None outside an assignment).
        self.assignment = assignment
        self.code = code
        # One autosave file per attempt: starting again never overwrites an unfinished attempt.
        self._stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        self._autosave_file: Path | None = None
        self.sim = Simulation(scenario, seed)
        # An assessment that locks the pace keeps its own: neither --pace nor a resumed attempt's pace changes it.
        self.pace = max(1, min(MAX_PACE, scenario.pace if scenario.pace_locked else (pace or scenario.pace)))
        self.paused = False
        # The human trace: real seconds on the game's monotonic frame clock since the attempt began (never a
        # date), at each action, each pause and each change of pace.
        self.real = 0.0
        self._real_at: list[float] = []
        self._pauses: list[tuple[float, float]] = []
        self._paused_since: float | None = None
        self._paces: list[tuple[float, int]] = [(0.0, self.pace)]
        self._trace_kept = True  # False when a resumed attempt's saved trace was missing or damaged
        self.watch = watch
        self.autosave = autosave and watch is None
        self._carry = 0.0  # simulated seconds owed from real time, below one second
        self.driver: Any = None
        if watch is not None:
            from ..bots import BotDriver, make_bot

            self.driver = BotDriver(self.sim, make_bot(watch, scenario, self.sim.seed))
        self.last_error: str | None = None
        self.saved_to: Path | None = None

    # --- time ---------------------------------------------------------------------------------------------

    @property
    def now(self) -> int:
        """The simulated second the desk is at."""
        return self.sim.now

    @property
    def over(self) -> bool:
        """True once the day has ended."""
        return self.sim.day_over

    def pause(self) -> None:
        """Stop the clock (and the trainee's actions) until :meth:`toggle_pause`."""
        if not self.paused:
            self.toggle_pause()

    def set_pace(self, pace: int) -> None:
        """Change the pace (unless the scenario locks it)."""
        if not self.scenario.pace_locked:
            new = max(1, min(MAX_PACE, pace))
            if new != self.pace:
                self._paces.append((self.real, new))
            self.pace = new

    def faster(self) -> None:
        """The next faster pace."""
        self.set_pace(next((p for p in PACES if p > self.pace), MAX_PACE))

    def slower(self) -> None:
        """The next slower pace."""
        self.set_pace(next((p for p in reversed(PACES) if p < self.pace), 1))

    def toggle_pause(self) -> None:
        """Pause, or go on."""
        self.paused = not self.paused
        if self.paused:
            self._paused_since = self.real
        elif self._paused_since is not None:
            self._pauses.append((self._paused_since, self.real))
            self._paused_since = None

    def tick(self, real_seconds: float) -> None:
        """Let ``real_seconds`` of real time pass: the clock moves ``real_seconds × pace`` simulated seconds."""
        if self.over:
            return
        self.real += real_seconds
        if self.paused:
            return
        self._carry += real_seconds * self.pace
        whole = int(self._carry)
        if whole <= 0:
            return
        self._carry -= whole
        target = self.sim.now + whole
        if self.driver is not None:
            self.driver.advance_to(target)
        else:
            self.sim.advance(target)
            if self.sim.finished and self.sim.next_event_time() is None:
                self.finish()

    def view(self) -> DeskView:
        """What the trainee sees now."""
        return desk_view(self.sim)

    # --- actions ------------------------------------------------------------------------------------------

    def act(self, action: A.Action) -> bool:
        """Take ``action`` now. False (with :attr:`last_error` in words) when it is refused or the game is paused."""
        if self.paused:
            self.last_error = "The game is paused: press Space to go on."
            return False
        if self.watch is not None:
            self.last_error = "A bot is playing: watch mode takes no actions."
            return False
        try:
            self.sim.apply(dataclasses.replace(action, t=self.sim.now))
        except A.ActionError as exc:
            self.last_error = str(exc)
            return False
        self.last_error = None
        self._real_at.append(self.real)
        self.save_progress()
        return True

    def end_day(self) -> None:
        """The trainee ends the day early (or the window closes on a finished day): the rest happens unattended."""
        self.finish()

    def finish(self) -> None:
        """End the day: whatever is still to happen happens without the trainee."""
        if not self.over:
            self.sim.finish_day()

    # --- saving -------------------------------------------------------------------------------------------

    def trace(self) -> HumanTrace | None:
        """When the trainee acted, in real time (None in watch mode, or when a resumed attempt lost its trace)."""
        if self.watch is not None or not self._trace_kept:
            return None
        pauses = self._pauses + ([(self._paused_since, self.real)] if self._paused_since is not None else [])
        return HumanTrace(tuple(self._real_at), tuple(pauses), tuple(self._paces), self.real)

    def replay(self) -> Replay:
        """The attempt so far as a replay (with the bot's name in watch mode)."""
        return replay_of(self.sim, student=self.student, pace=self.pace, bot=self.watch,
                         student_name=self.student_name, assignment=self.assignment, code=self.code,
                         trace=self.trace(), assist=self.assist)

    def autosave_path(self) -> Path:
        """This attempt's autosave file."""
        if self._autosave_file is not None:
            return self._autosave_file
        return data_dir() / "autosave" / (
            f"{safe_name(self.scenario.id)}-{safe_name(self.student or 'anonymous')}-{self._stamp}.json")

    def save_progress(self) -> None:
        """Write the attempt so far, and the second it is at, to the autosave file (atomically)."""
        if not self.autosave:
            return
        data = json.loads(self.replay().to_json())
        data["clock"] = self.sim.now
        path = self.autosave_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, json.dumps(data, indent=1) + "\n")

    def save_final(self, when: dt.datetime | None = None) -> Path:
        """Save the finished attempt in the replays folder and remove its autosave; returns the replay's path."""
        stamp = (when or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
        path = data_dir() / "replays" / f"{safe_name(self.scenario.id)}-{safe_name(self.student or 'anonymous')}-{stamp}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        write_replay(path, self.replay())
        if self.autosave:
            try:
                self.autosave_path().unlink()
            except FileNotFoundError:
                pass
        self.saved_to = path
        return path

    @classmethod
    def resume(cls, autosave: Autosave, scenario: Scenario, pace: int | None = None) -> "PlaySession":
        """Take up an unfinished attempt where it was saved: its actions again, then the clock to its second."""
        replay = read_replay(autosave.path)
        if replay.scenario_sha256 != scenario_digest(scenario):
            raise ReplayError(f"{autosave.path}: this attempt was made on another version of {scenario.id}")
        session = cls(scenario, replay.student, pace or replay.pace, replay.seed, student_name=replay.student_name,
                      assignment=replay.assignment, code=replay.code, assist=replay.assist)
        session._autosave_file = autosave.path  # the resumed attempt goes on saving where it was saved
        if replay.trace is not None:  # the real clock goes on from where it stopped; the time away is not counted
            t = replay.trace
            session.real = t.ended
            session._real_at, session._pauses = list(t.real), list(t.pauses)
            session._paces = list(t.paces) + [(t.ended, session.pace)]
        else:
            session._trace_kept = False
        for i, action in enumerate(replay.actions):
            try:
                session.sim.apply(action)
            except A.ActionError as exc:
                raise ReplayError(f"{autosave.path}: action {i + 1} cannot be replayed: {exc}") from None
        session.sim.advance(max(session.sim.now, autosave.clock))
        return session

    @staticmethod
    def submit(autosave: Autosave, scenario: Scenario) -> Simulation:
        """Finish an unfinished attempt as it stands (the rest of the day happens without the trainee)."""
        return replay_simulation(read_replay(autosave.path), scenario, str(autosave.path))
