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
from ..core import actions as A  # noqa: E402
from ..core.view import desk_view  # noqa: E402
from ..scenario import load_scenario  # noqa: E402
from ..scenario.shipped import shipped_dir  # noqa: E402
from ..scenario.times import parse_clock  # noqa: E402
from .app import MIN_SIZE, App  # noqa: E402
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


def s_open(path: Path) -> int:
    """When the clinic at ``path`` opens."""
    return load_scenario(path).clinic.opens


def _student_at(app: App, scenario_path: Path, at: int, expert_until_checkout: bool = False,
                assist: str = "none") -> tuple[DeskScreen, PlaySession]:
    """A student's desk at second ``at`` with nothing done (or, ``expert_until_checkout``, the expert's day up to
    the first patient back at the counter for checkout, not yet served)."""
    s = load_scenario(scenario_path)
    session = PlaySession(s, "student", assist=assist)
    if expert_until_checkout:
        driver = BotDriver(session.sim, make_bot("expert", s, session.sim.seed))
        t = at
        while not any(c.state == "checkout" for c in desk_view(session.sim).counter):
            t += 5
            driver.advance_to(t)
    else:
        session.sim.advance(at)
    screen = DeskScreen(app, session, lambda _: None)
    app.switch(screen)
    return screen, session


def _choose(screen: DeskScreen, key: str) -> None:
    """Press the work panel's action ``key`` (its form, if any, opens; a booking opens the book)."""
    choice = next(c for c in screen._choice_keys if c is not None and c.key == key)
    screen.start(choice)


def _frames(app: App, n: int = 3) -> None:
    for _ in range(n):
        app.frame(1 / 60, events=[])


def main(argv: list[str] | None = None) -> int:
    """Renders the menu, desk, waiting room, conversation, check-in, book and debrief pictures (at 1280×720, the
    smallest window the game lays out for) into the folder given, and prints their paths."""
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0] if args else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    laura = shipped_dir() / "laura-day.yaml"
    app = App(size=MIN_SIZE)  # the smallest window the desk lays out for: nothing may be cut off at it
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
    screen, session = _desk_at(app, laura, busiest)
    longest = min(session.view().waiting, key=lambda w: w.since, default=None)
    if longest is not None:
        screen.select(("waiting", longest.patient))
    _frames(app)
    path = out / "waiting-room.png"
    pygame.image.save(app.window.subsurface(screen.scene_rect), str(path))
    written.append(path)
    # A conversation at assist none: Monday rush's caller at 8:12, asked her name and birth date, the chart open
    # beside her words (her birth date is not the chart's: only reading shows it).
    rush = shipped_dir() / "monday-rush.yaml"
    screen, session = _student_at(app, rush, parse_clock("8:12") + 5)
    line = next(l for l in session.view().lines if l.state == "ringing")
    session.act(A.AnswerCall(0, line.line))
    screen.select(("line", str(line.line)))
    _choose(screen, "chart")  # the search by her name finds her chart among the look-alikes: the desk picks it
    assert screen.choice is not None
    screen.values["chart"] = next(o for o in screen.choice.fields[0].options if o.endswith(f" · {line.about}"))
    screen.submit()
    for key in ("ask_name", "ask_dob"):
        _choose(screen, key)
    save("conversation")
    # Check-in at assist none: Mr. Osman has handed over his card (it expired two days ago) and said his details.
    screen, session = _student_at(app, rush, parse_clock("8:20") + 40)
    screen.select(("counter", "osman"))
    for key in ("greet", "identity", "ask_card", "ask_details"):
        _choose(screen, key)
    save("check-in")
    # The appointment book, opened for the first follow-up ordered at checkout in laura-day (the expert played
    # the day up to there).
    screen, session = _student_at(app, laura, s_open(laura), expert_until_checkout=True)
    patient = next(c.patient for c in session.view().counter if c.state == "checkout")
    screen.select(("counter", patient))
    if session.view().serving != patient:
        _choose(screen, "greet")
    _choose(screen, "follow_up")
    save("book")
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
