"""The game from start to finish: the menu, a day at the desk, and the debrief, in one window.

``frontdesk play`` calls :func:`play`. A day ends at the desk; its replay is saved in the user's data folder,
graded, and the debrief shows what happened and what a professional would have done. Closing the window in the
middle of a day keeps the autosave, which the menu offers to resume or submit next time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..scenario import ScenarioError, load_scenario
from .app import App
from .session import Autosave, PlaySession

__all__ = ["Game", "play"]


class Game:
    """Moves between the screens of one run of the game."""

    def __init__(self, app: App, pace: int | None = None, student: str | None = None, watch: str | None = None,
                 assist: str | None = None):
        self.app = app
        self.pace = pace
        #: The help the trainee asked for (full, some, none), or ``None`` for each scenario's own; a day played
        #: from an assignment code always takes its scenario's, so every student of it gets the same help.
        self.assist = assist
        self.student = student
        self.watch = watch
        self._menu: Any = None

    def menu(self) -> None:
        """Show the menu (built the first time)."""
        from .menu import MenuScreen

        if self._menu is None:
            self._menu = MenuScreen(self.app, on_play=self.start, on_resume=self.resume, on_submit=self.submit,
                                    on_assignment=self.start_assignment)
        self.app.switch(self._menu)

    def start(self, path: Path, student: str | None = None, name: str | None = None, watch: str | None = None,
              code: str | None = None) -> None:
        """Begin a day of the scenario at ``path`` (with ``code``: the student's own day of an assignment)."""
        try:
            scenario = load_scenario(path)
        except ScenarioError as exc:
            self._error(str(exc))
            return
        watching = None if code is not None else (watch or self.watch)
        student = None if watching else (student or self.student)
        seed = assignment = None
        if code is not None:
            from ..assignment_code import CodeError, assignment_id, decode_code, scenario_tag
            from ..scenario.summary import scenario_digest

            try:
                decoded = decode_code(code, student)
            except CodeError as exc:
                self._error(str(exc))
                return
            if decoded.tag != scenario_tag(scenario_digest(scenario)):
                self._error(f"This code is not for {scenario.title}.")
                return
            seed, assignment = decoded.seed, assignment_id(scenario.id, decoded)
        session = PlaySession(scenario, student, pace=self.pace, seed=seed, watch=watching,
                              student_name=None if watching else name, assignment=assignment, code=code,
                              assist=None if code is not None else self._assist())
        self._desk(session)

    def _assist(self) -> str | None:
        """The help asked for: chosen in the menu, else on the command line, else ``None`` (the scenario's)."""
        chosen = getattr(self._menu, "assist", None)
        return chosen or self.assist

    def start_assignment(self, path: Path, student: str | None, name: str | None, code: str) -> None:
        """Begin the student's own day of an assignment: the scenario at ``path`` with the seed ``code`` carries."""
        self.start(path, student, name, None, code=code)

    def resume(self, autosave: Autosave) -> None:
        """Take up an unfinished attempt where it was left."""
        session = self._resumed(autosave)
        if session is not None:
            self._desk(session)

    def submit(self, autosave: Autosave) -> None:
        """Hand in an unfinished attempt as it stands: the rest of the day happens without the trainee."""
        session = self._resumed(autosave)
        if session is not None:
            session.end_day()
            self.debrief(session)

    def _resumed(self, autosave: Autosave) -> PlaySession | None:
        """The attempt in ``autosave``, played again to the second it was saved (None, and a message, if it cannot)."""
        from ..replay import ReplayError

        try:
            return PlaySession.resume(autosave, self._scenario_of(autosave), pace=self.pace)
        except (ReplayError, ScenarioError, LookupError) as exc:
            self._error(str(exc))
            return None

    def _scenario_of(self, autosave: Autosave) -> Any:
        from frontdesk.grading.api import ScenarioFinder
        from ..replay import read_replay

        replay = read_replay(autosave.path)
        return ScenarioFinder([Path("my-scenarios"), Path("scenarios")]).find(
            replay.scenario_id, replay.scenario_sha256, str(autosave.path))

    def _desk(self, session: PlaySession) -> None:
        from .desk import DeskScreen

        self.app.switch(DeskScreen(self.app, session, self.debrief, sounds=self.app.sounds))

    def debrief(self, session: PlaySession) -> None:
        """The day is over: save the replay, grade it (a student's day goes on this computer's scoreboard), show the
        debrief."""
        from frontdesk.grading.api import grade_simulation

        from .debrief import DebriefScreen

        path = session.save_final() if session.watch is None else None
        grade = grade_simulation(session.sim, session.student)
        if path is not None and session.student:
            from .progress import record_day

            # Kept on this computer's scoreboard, so the menu shows the student's progress through the course.
            record_day(grade.to_json(), path, session.scenario.title)
        screen = DebriefScreen(self.app, session.scenario, session.sim, grade, on_menu=self.menu,
                               assessment=session.scenario.assessment, replay_path=path,
                               assignment=session.assignment)
        self.app.switch(screen)

    def _error(self, message: str) -> None:
        """Back to the menu, which says what went wrong."""
        self.menu()
        self._menu.show_error(message)


def play(scenario: str | None = None, student: str | None = None, pace: int | None = None, watch: str | None = None,
         sound: bool = True, show_fps: bool = False, frame_log: str | None = None, scale: float = 1.0,
         code: str | None = None, assist: str | None = None) -> int:
    """Open the window: the menu, or straight to ``scenario``'s desk (``code``: the student's assignment code)."""
    from ..files import clean_app_folders

    clean_app_folders()  # a game killed mid-save left temporary files beside its autosaves: tidy them first
    app = App(scale=scale, show_fps=show_fps, frame_log=frame_log)
    from .sounds import Sounds

    app.sounds = Sounds(on=sound)
    if sound and app.sounds.missing:
        import sys

        sys.stderr.write("frontdesk play: no sound device here, so the game is silent (captions still say what each "
                         "sound means)\n")
    game = Game(app, pace=pace, student=student, watch=watch, assist=assist)
    if scenario is None:
        game.menu()
    else:
        game.start(Path(scenario), student, None, watch, code=code)
        if app.screen is None:
            game.menu()
    app.loop()
    return 0
