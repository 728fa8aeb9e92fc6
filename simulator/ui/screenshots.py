"""``make screenshots``: the README's pictures of the game, rendered headless with the real screens.

The menu; the desk at the busiest minute of laura-day (the expert playing, paused there); the drawn waiting room at
that minute; a call being handled; a patient's chart at check-in; and the debrief of the novice's day. Run with SDL's dummy video driver, so no screen
is needed: ``python -m frontdesk.simulator.ui.screenshots docs/screenshots``.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("FRONTDESK_DATA_DIR", tempfile.mkdtemp(prefix="frontdesk-shots-"))

import pygame  # noqa: E402

from ..bots import BotDriver, make_bot  # noqa: E402
from ..core import Simulation  # noqa: E402
from ..core.view import desk_view  # noqa: E402
from ..scenario import load_scenario  # noqa: E402
from ..scenario.shipped import shipped_dir  # noqa: E402
from .app import DEFAULT_SIZE, MIN_SIZE, App  # noqa: E402
from .desk import DeskScreen  # noqa: E402
from .session import PlaySession  # noqa: E402

__all__ = ["busiest_minute", "main"]


def busiest_minute(scenario_path: Path) -> int:
    """The second (on a minute) when the expert's desk is busiest: ringing and live calls, the counter, the
    waiting room — what a trainee has to keep in mind at once."""
    s = load_scenario(scenario_path)
    sim = Simulation(s, s.seed)
    driver = BotDriver(sim, make_bot("expert", s, s.seed))
    best, best_t = -1, s.clinic.opens
    for minute in range(s.clinic.opens // 60, s.clinic.closes // 60):
        driver.advance_to(minute * 60)
        v = desk_view(sim)
        load = 2 * sum(1 for l in v.lines if l.state) + len(v.counter) + len(v.waiting)
        if load > best:
            best, best_t = load, minute * 60
    return best_t


def _desk_at(app: App, scenario_path: Path, at: int, watch: str = "expert") -> tuple[DeskScreen, PlaySession]:
    s = load_scenario(scenario_path)
    session = PlaySession(s, "student", watch=watch)
    session.driver.advance_to(at)
    session.pause()
    screen = DeskScreen(app, session, lambda _: None)
    app.switch(screen)
    return screen, session


def _frames(app: App, n: int = 3) -> None:
    for _ in range(n):
        app.frame(1 / 60, events=[])


def main(argv: list[str] | None = None) -> int:
    """Renders the menu, desk, call, chart and debrief pictures into the folder given and prints their paths."""
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0] if args else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    laura = shipped_dir() / "laura-day.yaml"
    app = App()
    written = []

    def save(name: str) -> None:
        _frames(app)
        path = out / f"{name}.png"
        pygame.image.save(app.window, str(path))
        written.append(path)

    try:
        from .menu import MenuScreen

        app.switch(MenuScreen(app, on_play=lambda *a: None, on_resume=lambda a: None, on_submit=lambda a: None))
        save("menu")
    except ImportError:
        pass
    busiest = busiest_minute(laura)
    screen, session = _desk_at(app, laura, busiest)
    line = next((l for l in session.view().lines if l.state), None)
    if line is not None:
        screen.select(("line", str(line.line)))
    save("desk")
    # The waiting room at that minute, in the smallest window (1280x720): the drawn clinic alone, its people each
    # with a name, a face and a mood in words, the one who has waited longest selected (framed, and written out in
    # full on the line under the picture).
    app.resize(MIN_SIZE)
    screen, session = _desk_at(app, laura, busiest)
    longest = min(session.view().waiting, key=lambda w: w.since, default=None)
    if longest is not None:
        screen.select(("waiting", longest.patient))
    _frames(app)
    path = out / "waiting-room.png"
    pygame.image.save(app.window.subsurface(screen.scene_rect), str(path))
    written.append(path)
    app.resize(DEFAULT_SIZE)
    # A call being handled: the pharmacist asking for a Limited Use code, answered, with the actions it offers.
    call_at = next(e.at for e in screen.scenario.events
                   if getattr(e, "call", None) is not None and e.call.wants == "limited_use_code")
    screen, session = _desk_at(app, laura, call_at + 20)
    line = next(l for l in session.view().lines if l.state)
    screen.select(("line", str(line.line)))
    choice = next((c for c in screen._choice_keys if c is not None and c.key == "disclose"), None)
    if choice is not None:
        screen.start(choice)
    save("call")
    # The chart at check-in: Mr. Chen, whose phone number changed, being served.
    chen = next(e.at for e in screen.scenario.events if getattr(e, "arrival", None) is not None)
    screen, session = _desk_at(app, laura, chen + 30)
    if session.view().serving:
        screen.select(("counter", session.view().serving))
    save("chart")
    try:
        from frontdesk.grading.api import grade_simulation

        from .debrief import DebriefScreen

        s = load_scenario(laura)
        novice = PlaySession(s, "student", watch="novice")
        novice.driver.play()
        debrief = DebriefScreen(app, s, novice.sim, grade_simulation(novice.sim, "student"), on_menu=lambda: None)
        app.switch(debrief)
        save("debrief")
    except ImportError:
        pass
    pygame.quit()
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
