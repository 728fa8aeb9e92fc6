"""The game from end to end in the real window (SDL's dummy drivers): every screen runs a few frames; the menu
starts the tutorial; the day ends in a saved replay and the debrief; an unfinished attempt is offered again."""

import os

os.environ["SDL_VIDEODRIVER"] = "dummy"  # before pygame initialises: no screen here
os.environ["SDL_AUDIODRIVER"] = "dummy"

import json  # noqa: E402

import pygame  # noqa: E402
import pytest  # noqa: E402

from frontdesk.simulator.core import actions as A  # noqa: E402
from frontdesk.simulator.scenario.shipped import shipped_dir  # noqa: E402
from frontdesk.simulator.ui.app import App  # noqa: E402
from frontdesk.simulator.ui.game import Game  # noqa: E402
from frontdesk.simulator.ui.session import find_autosaves  # noqa: E402
from frontdesk.simulator.ui.sounds import Sounds  # noqa: E402


@pytest.fixture
def game(tmp_path, monkeypatch):
    """A game in a fresh window (sounds off), with its data and working folder in the test's temporary folder."""
    monkeypatch.setenv("FRONTDESK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)  # no local scenario folders here: the menu lists the shipped ones
    app = App()
    app.sounds = Sounds(on=False)
    yield Game(app), app
    pygame.quit()


def frames(app, n=3):
    """Run ``n`` frames of the app."""
    for _ in range(n):
        app.frame(1 / 60)


def test_every_screen_runs_a_few_frames(game):
    """The menu, the desk (front desk and medical-assistant mode) and the debrief each draw several frames."""
    g, app = game
    g.menu()
    frames(app)
    for name in ("tutorial", "ma-morning"):
        g.start(shipped_dir() / f"{name}.yaml", "s1")
        frames(app)
        assert type(app.screen).__name__ == "DeskScreen"
        app.screen.session.end_day()
        frames(app)
        assert type(app.screen).__name__ == "DebriefScreen"
        frames(app)


def test_a_day_ends_in_a_saved_replay_and_the_debrief(game, tmp_path):
    """Playing the tutorial to its end saves the replay (with the student) and shows its grade."""
    g, app = game
    g.start(shipped_dir() / "tutorial.yaml", "s42")
    session = app.screen.session
    session.set_pace(600)
    for _ in range(2000):
        frames(app, 1)
        if type(app.screen).__name__ == "DebriefScreen":
            break
    assert type(app.screen).__name__ == "DebriefScreen"
    saved = list((tmp_path / "data" / "replays").glob("tutorial-s42-*.json"))
    assert len(saved) == 1 and json.loads(saved[0].read_text(encoding="utf-8"))["student"] == "s42"
    assert not find_autosaves()


def test_an_unfinished_attempt_is_offered_and_resumes(game):
    """Closing mid-day keeps the autosave; the menu offers it, and resuming continues at the same second."""
    g, app = game
    g.start(shipped_dir() / "tutorial.yaml", "s7")
    session = app.screen.session
    session.tick(5)
    assert session.act(A.LockScreen(0))
    clock = session.now
    app.handle(pygame.event.Event(pygame.QUIT))  # the window is closed: the attempt stays saved
    saved, = find_autosaves()
    assert saved.student == "s7" and saved.clock == clock
    g.menu()
    frames(app)
    g.resume(saved)
    assert type(app.screen).__name__ == "DeskScreen" and app.screen.session.now == clock
    assert app.screen.session.view().screen_locked


def test_submitting_an_unfinished_attempt_grades_it(game):
    """"Submit as is" plays the rest of the day without the trainee and shows the debrief."""
    g, app = game
    g.start(shipped_dir() / "tutorial.yaml", "s8")
    app.screen.session.act(A.LockScreen(0))
    saved, = find_autosaves()
    g.submit(saved)
    assert type(app.screen).__name__ == "DebriefScreen"


def test_an_attempt_that_cannot_be_resumed_says_why_on_the_menu(game):
    """An autosave whose scenario changed since is not resumed; the menu says why in words."""
    g, app = game
    g.start(shipped_dir() / "tutorial.yaml", "s5")
    app.screen.session.act(A.LockScreen(0))
    saved, = find_autosaves()
    data = json.loads(saved.path.read_text(encoding="utf-8"))
    data["scenario_sha256"] = "0" * 64
    saved.path.write_text(json.dumps(data), encoding="utf-8")
    g.resume(saved)
    assert type(app.screen).__name__ == "MenuScreen"
    assert "different version" in app.screen.status


def test_the_interface_scales_and_clicks_land_where_they_are_drawn(tmp_path, monkeypatch):
    """With `--scale 1.25` the window is larger, the layout keeps its 1280x800 logic, and a click on the drawn
    Pause button pauses."""
    monkeypatch.setenv("FRONTDESK_DATA_DIR", str(tmp_path / "data"))
    from frontdesk.simulator.scenario import load_scenario
    from frontdesk.simulator.ui.desk import DeskScreen
    from frontdesk.simulator.ui.session import PlaySession

    app = App(scale=1.25)
    assert app.size == (1600, 1000) and app.logical_size == (1280, 800)
    session = PlaySession(load_scenario(shipped_dir() / "tutorial.yaml"), "s1")
    desk = DeskScreen(app, session, lambda s: None)
    app.switch(desk)
    frames(app)
    x, y = desk.pause_button.rect.center
    for kind in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP):
        pygame.event.post(pygame.event.Event(kind, pos=(round(x * 1.25), round(y * 1.25)), button=1))
    frames(app)
    pygame.quit()
    assert session.paused


def test_the_debrief_picture_is_visible(game):
    """The debrief's picture of the day is drawn where it can be seen (no panel painted over it): the picture
    area holds many colours, not the page's one."""
    g, app = game
    g.start(shipped_dir() / "tutorial.yaml", "s3")
    app.screen.session.end_day()
    frames(app, 4)
    w, h = app.window.get_size()
    colours = {tuple(app.window.get_at((x, y)))[:3] for x in range(40, w // 2, 13) for y in range(h // 3, h - 120, 11)}
    assert len(colours) > 6


def _type_into(app, entry, text):
    """Click into the text field ``entry`` and type ``text`` there, as a student does."""
    from test_menu import click, type_text

    entry.set_text("")
    click(app, entry)
    type_text(app, text)


def test_an_assignment_code_typed_in_the_menu_plays_the_students_own_day(game, tmp_path, capsys):
    """An instructor assigns laura-day to three students; each types their ID and code in the menu and plays their
    own day (seeds from the code, so their days' dice differ); each replay grades for its own student, and is
    refused in one line under another student's name or with another seed."""
    from frontdesk.simulator.cli import main
    from test_menu import click

    from frontdesk.simulator.replay import read_replay

    roster = tmp_path / "roster.csv"
    roster.write_text("student,name,email\nana1,Ana Lima,ana@example.edu\nbo2,Bo Chen,bo@example.edu\n"
                      "cy3,Cy Diaz,cy@example.edu\n", encoding="utf-8")
    assert main(["assign", "laura-day", "--roster", str(roster), "--out", str(tmp_path / "a1")]) == 0
    codes = {line.split(",")[0]: line.split(",")[-1] for line in
             (tmp_path / "a1" / "codes.csv").read_text(encoding="utf-8").splitlines()[1:]}
    assert set(codes) == {"ana1", "bo2", "cy3"}
    g, app = game
    replays = {}
    for student, code in codes.items():
        g.menu()
        frames(app)
        menu = app.screen
        _type_into(app, menu.id_entry, student)
        _type_into(app, menu.code_entry, code.lower())  # typed in any case
        click(app, menu.code_button)
        assert type(app.screen).__name__ == "DeskScreen", menu.status
        session = app.screen.session
        assert session.scenario.id == "laura-day" and session.assignment.startswith("laura-day-")
        session.tick(3.0)
        assert session.act(A.LockScreen(0))
        session.end_day()
        frames(app)
        assert f"assignment {session.assignment}" in app.screen.who_label.text  # the debrief says which
        replays[student] = session.saved_to
    days = {s: read_replay(p) for s, p in replays.items()}
    assert len({d.seed for d in days.values()}) == 3  # three students, three days' dice
    assert all(d.trace is not None and len(d.trace.real) == 1 and d.trace.real[0] >= 3.0 for d in days.values())
    capsys.readouterr()
    assert main(["grade", "--no-db", "--assignment", str(tmp_path / "a1"), *map(str, replays.values())]) == 0
    assert "refused" not in capsys.readouterr().err
    # Bo hands in Ana's day under his own name; Cy changes her seed.
    forged = tmp_path / "forged"
    forged.mkdir()
    ana = json.loads(replays["ana1"].read_text(encoding="utf-8"))
    (forged / "bo.json").write_text(json.dumps({**ana, "student": "bo2"}), encoding="utf-8")
    cy = json.loads(replays["cy3"].read_text(encoding="utf-8"))
    (forged / "cy.json").write_text(json.dumps({**cy, "seed": cy["seed"] + 1}), encoding="utf-8")
    assert main(["grade", "--no-db", "--assignment", str(tmp_path / "a1"), str(forged)]) == 1
    err = capsys.readouterr().err
    refused = [line for line in err.splitlines() if "refused" in line]
    assert len(refused) == 2
    assert "bo.json: refused: it was played with seed" in refused[0] and "not bo2's day" in refused[0]
    assert "cy.json: refused: it was played with seed" in refused[1] and "another seed" in refused[1]


def test_a_window_with_no_display_is_refused_in_words(monkeypatch):
    """When SDL could only start a driver that shows nothing (no display), opening the window is refused with a
    reason `frontdesk play` prints in one line; a driver asked for by name (tests, screenshots) is used."""
    from frontdesk.simulator.ui.app import refuse_headless_driver

    monkeypatch.setattr(pygame.display, "get_driver", lambda: "offscreen")
    monkeypatch.delenv("SDL_VIDEODRIVER", raising=False)
    with pytest.raises(pygame.error, match="there is no display"):
        refuse_headless_driver()
    monkeypatch.setenv("SDL_VIDEODRIVER", "offscreen")
    refuse_headless_driver()
