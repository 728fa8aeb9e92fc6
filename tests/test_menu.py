"""The menu screen, driven through the real app with posted pygame events (mouse clicks on widgets, key presses)."""

from __future__ import annotations

import json
import os

os.environ["SDL_VIDEODRIVER"] = "dummy"  # before pygame is imported: no window, no sound card
os.environ["SDL_AUDIODRIVER"] = "dummy"

from pathlib import Path  # noqa: E402

import pygame  # noqa: E402
import pytest  # noqa: E402
from conftest import MINI  # noqa: E402

from frontdesk.simulator.core import actions as A  # noqa: E402
from frontdesk.simulator.scenario import load_scenario  # noqa: E402
from frontdesk.simulator.scenario.shipped import shipped_scenarios  # noqa: E402
from frontdesk.simulator.ui.app import App  # noqa: E402
from frontdesk.simulator.ui.menu import MenuScreen, default_folders, load_prefs  # noqa: E402
from frontdesk.simulator.ui.session import PlaySession, find_autosaves  # noqa: E402

TUTORIAL = shipped_scenarios()[0]


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data folder of this test only; the current folder is an empty one (so no local scenarios by default)."""
    folder = tmp_path / "data"
    monkeypatch.setenv("FRONTDESK_DATA_DIR", str(folder))
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return folder


class Calls:
    """Records what the menu asked for."""

    def __init__(self) -> None:
        self.play: list[tuple] = []
        self.resume: list = []
        self.submit: list = []

    def on_play(self, path, student_id, student_name, watch) -> None:
        """Record the menu's request to play ``path`` (as the student named, or watching the bot ``watch``)."""
        self.play.append((path, student_id, student_name, watch))


def frames(app: App, events: list | None = None, n: int = 1) -> None:
    """Run ``n`` frames, the first with ``events``, then drop the events pygame_gui posted."""
    app.frame(1 / 60, events or [])
    for _ in range(n - 1):
        app.frame(1 / 60, [])
    pygame.event.clear()  # the events pygame_gui posts for itself; nothing here reads them


def click(app: App, widget) -> None:
    """A left click on the centre of ``widget``."""
    pos = widget.rect.center
    frames(app, [pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1),
                 pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1)])


def key(app: App, k: int, mod: int = 0) -> None:
    """Press key ``k`` with modifiers ``mod``."""
    frames(app, [pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode="", scancode=0)])


def type_text(app: App, text: str) -> None:
    """Type ``text`` into the focused field."""
    frames(app, [pygame.event.Event(pygame.TEXTINPUT, text=text)])


def open_menu(size=(1280, 720), folders=()) -> tuple[App, MenuScreen, Calls]:
    """A window of ``size`` showing the menu of ``folders``' scenarios, and what the menu asked for."""
    app = App(size=size)
    calls = Calls()
    menu = MenuScreen(app, calls.on_play, calls.resume.append, calls.submit.append, folders=folders)
    app.switch(menu)
    frames(app, n=3)
    return app, menu, calls


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory):
    """One app and menu for the tests that only click and type (building a menu costs most of a second): no
    unfinished attempts, no local scenarios."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("FRONTDESK_DATA_DIR", str(tmp_path_factory.mktemp("shared-data")))
        yield open_menu(folders=[tmp_path_factory.mktemp("no-scenarios")])


@pytest.fixture
def menu_ui(shared, data):
    """The shared menu as a student finds it: nothing typed, the first scenario selected, the list focused."""
    app, menu, calls = shared
    app.running = True
    calls.__init__()
    menu.id_entry.set_text("")
    menu.name_entry.set_text("")
    menu.select(0)
    menu.set_focus("list")
    frames(app)
    return shared


def _scroll_bar_parts(menu: MenuScreen) -> int:
    """How many sprites the description box's scroll bar (made by pygame_gui when the text overflows) adds."""
    bar = menu.details.scroll_bar
    if bar is None:
        return 0
    parts = (bar, bar.button_container)
    return sum(1 for s in menu.manager.get_sprite_group().sprites()
               if any(s is p for p in parts) or any(getattr(s, "ui_container", None) is p for p in parts))


def on_screen(widgets, size) -> list:
    """The widgets not wholly inside a window of ``size``."""
    window = pygame.Rect((0, 0), size)
    return [w for w in widgets if not window.contains(w.rect)]


def test_tutorial_is_the_first_row(menu_ui):
    """The shipped scenarios are listed with the tutorial first, and the first row is selected."""
    app, menu, _ = menu_ui
    assert menu.entries[0].path == TUTORIAL
    assert [e.path for e in menu.entries] == shipped_scenarios()
    first = menu.rows[0]
    assert first.title.text == load_scenario(TUTORIAL).title
    assert first.button.visible and first.button.is_selected and first.marker.text
    assert first.cells[0].text == "ON (PHIPA)" and first.cells[1].text == "easy"
    assert first.cells[2].text == "9:00–9:30 · 1 patient" and first.cells[3].text == "front desk"


def test_each_row_shows_jurisdiction_difficulty_length_and_mode(menu_ui):
    """Every row says where (with the privacy law), how hard, the day's hours and patients booked, and the mode."""
    app, menu, _ = menu_ui
    texts = {row.title.text.rstrip("…"): [c.text for c in row.cells] for row in menu.rows if row.button.visible}
    assert texts["A full day at a cardiology office"] == ["ON (PHIPA)", "normal", "8:00–17:30 · 27 patients",
                                                          "front desk"]
    assert texts["A morning at a US family practice (HIPAA)"][0] == "US (HIPAA)"
    assert any(cells[3] == "medical assistant" for cells in texts.values())


def test_click_play_with_a_typed_student_id(menu_ui):
    """Clicking the ID field, typing, then clicking Play starts the selected scenario (the tutorial) for that ID."""
    app, menu, calls = menu_ui
    click(app, menu.id_entry)
    type_text(app, "S1234")
    click(app, menu.play_button)
    assert calls.play == [(TUTORIAL, "S1234", None, None)]


def test_keyboard_alone_starts_the_selected_scenario(menu_ui):
    """Down selects the next scenario, Tab reaches the ID field, typing fills it, Enter plays: no mouse needed."""
    app, menu, calls = menu_ui
    key(app, pygame.K_DOWN)
    assert menu.selected == 1 and menu.rows[1].button.is_selected and not menu.rows[0].button.is_selected
    key(app, pygame.K_TAB)
    assert menu.focus == "id" and menu.id_entry.is_focused
    type_text(app, "K-77")
    key(app, pygame.K_TAB)
    assert menu.focus == "name" and menu.name_entry.is_focused
    type_text(app, "Ada Wong")
    key(app, pygame.K_RETURN)
    assert calls.play == [(menu.entries[1].path, "K-77", "Ada Wong", None)]


def test_tab_order_and_the_focus_frame(menu_ui):
    """Tab walks list → ID → name → assignment code → Play assignment → Play → Watch the expert → Watch the
    novice → Quit and round again (Shift+Tab goes back); the amber frame is drawn around the focused control; Enter
    presses a focused button."""
    app, menu, calls = menu_ui
    seen = [menu.focus]
    for _ in range(9):
        key(app, pygame.K_TAB)
        seen.append(menu.focus)
    assert seen == ["list", "id", "name", "code", "assignment", "play", "expert", "novice", "quit", "list"]
    key(app, pygame.K_TAB, pygame.KMOD_SHIFT)
    assert menu.focus == "quit"
    key(app, pygame.K_TAB, pygame.KMOD_SHIFT)
    assert menu.focus == "novice"
    assert menu.ring.visible and menu.ring.rect.contains(menu.novice_button.rect)
    key(app, pygame.K_RETURN)
    assert calls.play == [(TUTORIAL, None, None, "novice")]


def test_shortcut_keys(menu_ui):
    """W watches the expert and N the novice (outside the text fields, where they are letters); Escape quits; the
    shortcuts are written on the screen."""
    app, menu, calls = menu_ui
    key(app, pygame.K_w)
    key(app, pygame.K_n)
    assert calls.play == [(TUTORIAL, None, None, "expert"), (TUTORIAL, None, None, "novice")]
    key(app, pygame.K_TAB)  # into the ID field: W is a letter there
    frames(app, [pygame.event.Event(pygame.KEYDOWN, key=pygame.K_w, mod=0, unicode="w", scancode=0),
                 pygame.event.Event(pygame.TEXTINPUT, text="w")])
    assert len(calls.play) == 2 and menu.id_entry.get_text() == "w"
    for words in ("Up/Down", "Tab", "Enter", "W watch the expert", "Esc quit"):
        assert words in menu.keys_label.text
    assert app.running
    key(app, pygame.K_ESCAPE)
    assert not app.running


def test_watch_buttons_and_quit_by_mouse(menu_ui):
    """The Watch buttons start the selected scenario with a bot; Quit closes the game."""
    app, menu, calls = menu_ui
    click(app, menu.rows[2].button)
    assert menu.selected == 2 and menu.focus == "list"
    click(app, menu.expert_button)
    assert calls.play == [(menu.entries[2].path, None, None, "expert")]
    click(app, menu.quit_button)
    assert not app.running


def test_an_unfinished_attempt_can_be_resumed_or_submitted(data):
    """An autosave (left by a session that took an action) is listed with its scenario, student, the simulated time
    it stopped at and its actions; Resume and Submit as is hand it to the callbacks, by mouse and by keyboard."""
    session = PlaySession(load_scenario(TUTORIAL), student="S42")
    assert session.act(A.LockScreen(0)), session.last_error
    saved = find_autosaves()
    assert len(saved) == 1
    app, menu, calls = open_menu()
    row = menu.save_rows[0]
    assert menu.saves_box.visible and row.resume.visible and row.submit.visible
    assert not menu.save_rows[1].resume.visible
    for words in ("tutorial", "S42", f"stopped at {session.now // 3600:02d}:{session.now % 3600 // 60:02d}",
                  "1 action taken"):
        assert words in row.text.text
    click(app, row.resume)
    assert calls.resume == saved
    click(app, row.submit)
    assert calls.submit == saved
    # by keyboard: Shift+Tab from the list reaches the attempt's buttons
    menu.set_focus("list")
    key(app, pygame.K_TAB, pygame.KMOD_SHIFT)
    assert menu.focus == "submit0"
    key(app, pygame.K_TAB, pygame.KMOD_SHIFT)
    key(app, pygame.K_RETURN)
    assert menu.focus == "resume0" and calls.resume == saved * 2
    assert calls.play == []
    # shown again (after a game), the menu reads the attempts again: this one was submitted meanwhile
    saved[0].path.unlink()
    menu.hide()
    menu.show()
    frames(app)
    assert not menu.saves_box.visible and not row.resume.visible and menu.focus == "list"


def test_no_attempts_box_without_autosaves(menu_ui):
    """With no unfinished attempt the box is not shown at all, and Tab starts from the list."""
    app, menu, _ = menu_ui
    assert not menu.saves_box.visible and not any(r.resume.visible or r.submit.visible for r in menu.save_rows)
    assert menu._focus_order()[0] == "list"


def test_a_broken_scenario_is_listed_but_cannot_be_started(data, tmp_path):
    """A local file that does not load gets a row saying it cannot be opened and why (its first problem); Play on it
    starts nothing and says why."""
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "broken.yaml").write_text("format: 1\nid: broken\ntitle: Broken\njurisdiction: ON\n", encoding="utf-8")
    app, menu, calls = open_menu(folders=[mine])
    index = len(menu.entries) - 1
    entry = menu.entries[index]
    assert entry.path.name == "broken.yaml" and not entry.playable and "clinic" in entry.problem
    row = menu.rows[index - menu.offset]
    assert row.button.visible and "cannot be opened" in row.title.text.lower()
    assert row.reason.visible and "clinic" in row.reason.text
    assert not any(cell.visible for cell in row.cells)
    click(app, row.button)
    assert menu.selected == index
    click(app, menu.play_button)
    key(app, pygame.K_RETURN)
    key(app, pygame.K_w)
    assert calls.play == []
    assert "cannot be opened" in menu.status_label.text and "clinic" in menu.status_label.text
    assert menu.status_label.visible
    key(app, pygame.K_UP)  # choosing a playable scenario clears the message
    assert menu.status_label.text == ""


def test_local_scenarios_from_the_current_folder(data):
    """By default the menu also lists my-scenarios/*.yaml of the current folder, after the shipped ones."""
    mine = Path.cwd() / "my-scenarios"
    mine.mkdir()
    (mine / "mini.yaml").write_text(MINI, encoding="utf-8")
    assert default_folders() == [mine]
    app, menu, calls = open_menu()
    assert menu.entries[-1].path == mine / "mini.yaml" and menu.entries[-1].playable
    key(app, pygame.K_END)
    key(app, pygame.K_RETURN)
    assert calls.play == [(mine / "mini.yaml", None, None, None)]


def test_student_is_remembered_between_runs(menu_ui, data):
    """The typed ID and name are saved in data_dir()/menu.json when a game starts, and filled in next time."""
    app, menu, calls = menu_ui
    click(app, menu.id_entry)
    type_text(app, "S-9")
    key(app, pygame.K_TAB)
    type_text(app, "Sam Lee")
    key(app, pygame.K_RETURN)
    assert json.loads((data / "menu.json").read_text(encoding="utf-8")) == {"student_id": "S-9",
                                                                            "student_name": "Sam Lee"}
    assert load_prefs() == {"student_id": "S-9", "student_name": "Sam Lee"}
    app2, menu2, calls2 = open_menu()
    assert menu2.id_entry.get_text() == "S-9" and menu2.name_entry.get_text() == "Sam Lee"
    key(app2, pygame.K_RETURN)
    assert calls2.play == [(TUTORIAL, "S-9", "Sam Lee", None)]


@pytest.mark.parametrize("damage", [b"{not json", b"[1, 2]", b'{"student_id": 7}', b"\xff\xfe", b""])
def test_a_damaged_memory_file_gives_nothing(data, damage):
    """A damaged menu.json reads as nothing remembered (never an error)."""
    data.mkdir(parents=True)
    (data / "menu.json").write_bytes(damage)
    assert load_prefs() == {}


def test_a_damaged_memory_file_is_ignored_by_the_menu(data):
    """With a damaged menu.json the fields start empty, the menu works, and starting a game writes a good file."""
    data.mkdir(parents=True)
    (data / "menu.json").write_text('{"student_id": ', encoding="utf-8")
    app, menu, calls = open_menu()
    assert menu.id_entry.get_text() == "" and menu.name_entry.get_text() == ""
    type_text(app, "ignored: the list has the keyboard")
    key(app, pygame.K_RETURN)
    assert calls.play == [(TUTORIAL, None, None, None)]
    assert load_prefs() == {"student_id": "", "student_name": ""}


def _shown(menu: MenuScreen) -> list:
    return [w for w in menu.root.get_container().elements if w.visible]


def test_layout_fits_1280x720_and_follows_a_resize(data):
    """At 1280×720 everything is visible at once and inside the window, with no two controls overlapping; after a
    resize to 1600×900 it all still is, and the list and the fields use the room."""
    session = PlaySession(load_scenario(TUTORIAL), student="S1")  # with the attempts box too: the tightest case
    session.act(A.LockScreen(0))
    app, menu, _ = open_menu(size=(1280, 720))
    assert app.window.get_size() == (1280, 720)
    frames(app, n=5)
    controls = [menu.id_entry, menu.name_entry, menu.play_button, menu.expert_button, menu.novice_button,
                menu.quit_button, menu.save_rows[0].resume, menu.save_rows[0].submit]
    must_show = [menu.title, menu.tagline, menu.keys_label, menu.list_card, menu.details, menu.saves_box] + controls
    must_show += [menu.rows[i].button for i in range(len(menu.entries))]
    assert all(w.visible for w in must_show)
    assert on_screen(_shown(menu), (1280, 720)) == []
    for i, a in enumerate(controls):
        for b in controls[i + 1:]:
            assert not a.rect.colliderect(b.rect), (a, b)
    assert not menu.list_card.rect.colliderect(menu.details.rect)
    list_width, name_width = menu.list_card.rect.width, menu.name_entry.rect.width

    frames(app, [pygame.event.Event(pygame.VIDEORESIZE, w=1600, h=900, size=(1600, 900))], n=5)
    assert app.window.get_size() == (1600, 900)
    assert all(w.visible for w in must_show)
    assert on_screen(_shown(menu), (1600, 900)) == []
    assert menu.list_card.rect.width > list_width and menu.name_entry.rect.width >= name_width
    assert menu.keys_label.rect.bottom > 850  # the bottom line followed the window down
    for i, a in enumerate(controls):
        for b in controls[i + 1:]:
            assert not a.rect.colliderect(b.rect), (a, b)


def test_many_scenarios_scroll(data, tmp_path):
    """With more scenarios than rows, the pool of rows scrolls with Down and PageDown, keeping the selection in
    view; no widget is made after the menu is built."""
    mine = tmp_path / "many"
    mine.mkdir()
    for i in range(8):
        (mine / f"s{i:02d}.yaml").write_text(MINI.replace("id: mini", f"id: s{i:02d}"), encoding="utf-8")
    app, menu, calls = open_menu(folders=[mine])
    widgets = len(menu.manager.get_sprite_group().sprites())
    n, v = len(menu.entries), menu.visible_rows
    assert n == len(shipped_scenarios()) + 8 and 8 <= v < n
    assert [r.button.visible for r in menu.rows] == [i < v for i in range(len(menu.rows))]
    for _ in range(v):
        key(app, pygame.K_DOWN)
    assert menu.selected == v and menu.offset == 1
    key(app, pygame.K_PAGEDOWN)
    assert menu.selected == n - 1 and menu.offset == n - v
    shown = menu.rows[menu.selected - menu.offset]
    assert shown.button.is_selected and shown.marker.text
    assert f"{n - v + 1}–{n} of {n}" in menu.list_footer.text
    key(app, pygame.K_HOME)
    assert menu.selected == 0 and menu.offset == 0
    frames(app, [pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=-2)])
    assert menu.offset == 2 and menu.selected == 2  # the selection stays in view
    # Nothing is built while scrolling: only a description too long for its box gets pygame_gui's scroll bar.
    assert len(menu.manager.get_sprite_group().sprites()) == widgets + _scroll_bar_parts(menu)
