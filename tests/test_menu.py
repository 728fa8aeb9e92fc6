"""The menu screen, driven through the real app with posted pygame events (mouse clicks on widgets, key presses):
the course (shipped scenarios in teaching order, an instructor's folder as its own course), the student's results
from this computer's scoreboard, the student's ID, the buttons and the unfinished attempts."""

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
from frontdesk.simulator.scenario.catalog import list_scenarios  # noqa: E402
from frontdesk.simulator.scenario.shipped import shipped_scenarios  # noqa: E402
from frontdesk.simulator.ui.app import App  # noqa: E402
from frontdesk.simulator.ui.menu import MenuScreen, default_folders, load_prefs  # noqa: E402
from frontdesk.simulator.ui.session import PlaySession, find_autosaves  # noqa: E402

TUTORIAL = shipped_scenarios()[0]
#: The shipped scenarios in the course's teaching order, as the menu lists them.
COURSE = [e.path for e in list_scenarios([])]


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


def row_of(menu: MenuScreen, index: int):
    """The pool row showing scenario ``index`` (the list's rows hold course headings too)."""
    return menu.rows[menu._item_of[index] - menu.offset]


def on_screen(widgets, size) -> list:
    """The widgets not wholly inside a window of ``size``."""
    window = pygame.Rect((0, 0), size)
    return [w for w in widgets if not window.contains(w.rect)]


def test_tutorial_is_the_first_row(menu_ui):
    """The shipped course is listed under its heading in teaching order, the tutorial first as step 1, and it is
    selected."""
    app, menu, _ = menu_ui
    assert menu.entries[0].path == TUTORIAL
    assert [e.path for e in menu.entries] == COURSE and sorted(COURSE) == sorted(shipped_scenarios())
    heading, first = menu.rows[0], menu.rows[1]
    assert heading.heading.visible and not heading.button.visible
    assert heading.heading.text.startswith("Front Desk course:") and "teaching order" in heading.heading.text
    assert first.title.text.rstrip("…") in load_scenario(TUTORIAL).title and first.step.text == "1"
    assert first.button.visible and first.button.is_selected and first.marker.text
    assert first.cells[0].text == "ON · easy"
    assert [row_of(menu, i).step.text for i in range(len(COURSE))] == [str(i + 1) for i in range(len(COURSE))]


def test_each_row_shows_where_and_difficulty_and_the_description_the_rest(menu_ui):
    """Every row says where and how hard; the description beside the list gives the whole title, the step of the
    course and what it teaches, the privacy law, the day's hours and patients booked, and the mode."""
    app, menu, _ = menu_ui
    texts = {row.title.text.rstrip("…"): [c.text for c in row.cells] for row in menu.rows if row.button.visible}
    assert texts["A full day at a cardiology office"][0] == "ON · normal"
    assert texts["A morning at a US family practice (HIPAA)"][0] == "US · normal"
    laura = next(i for i, e in enumerate(menu.entries) if e.path.stem == "laura-day")
    menu.select(laura)
    frames(app)
    shown = menu.details.html_text
    for words in ("A full day at a cardiology office", "(PHIPA)", "8:00–17:30, 27 patients booked", "front desk mode",
                  menu.entries[laura].focus):
        assert words in shown
    assert menu.details_heading.text == f"Step {laura + 1} of {len(COURSE)}: Front Desk course"
    ma = next(i for i, e in enumerate(menu.entries) if e.scenario.mode == "medical_assistant")
    menu.select(ma)
    frames(app)
    assert "medical assistant mode" in menu.details.html_text


def test_a_long_title_ends_in_an_ellipsis_and_shows_whole_on_focus_and_under_the_mouse(menu_ui):
    """A title too long for its row is cut with "…"; selected, the description gives it whole, and the row's
    tooltip gives it whole too."""
    app, menu, _ = menu_ui
    cut = [i for i in range(len(menu.entries)) if row_of(menu, i).title.text.endswith("…")]
    assert cut, "at 1280×720 some shipped title is longer than its row"
    i = cut[0]
    whole = menu.entries[i].scenario.title
    assert whole.startswith(row_of(menu, i).title.text[:-1].rstrip())
    click(app, row_of(menu, i).button)
    assert menu.selected == i and whole in menu.details.html_text
    assert whole in row_of(menu, i).button.tool_tip_text


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
    assert menu.selected == 1 and row_of(menu, 1).button.is_selected and not row_of(menu, 0).button.is_selected
    key(app, pygame.K_TAB)
    assert menu.focus == "id" and menu.id_entry.is_focused
    type_text(app, "K-77")
    key(app, pygame.K_TAB)
    assert menu.focus == "name" and menu.name_entry.is_focused
    type_text(app, "Ada Wong")
    key(app, pygame.K_RETURN)
    assert calls.play == [(menu.entries[1].path, "K-77", "Ada Wong", None)]


def test_tab_order_and_the_focus_frame(menu_ui):
    """Tab walks list → ID → name → assignment code → Play assignment → Help → Play → Watch the expert → Watch
    the novice → Quit and round again (Shift+Tab goes back); the amber frame is drawn around the focused control; Enter
    presses a focused button."""
    app, menu, calls = menu_ui
    seen = [menu.focus]
    for _ in range(10):
        key(app, pygame.K_TAB)
        seen.append(menu.focus)
    assert menu.details.scroll_bar is None  # the tutorial's description fits: Tab does not stop there
    assert seen == ["list", "id", "name", "code", "assignment", "assist", "play", "expert", "novice", "quit", "list"]
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
    click(app, row_of(menu, 2).button)
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
    row = row_of(menu, index)
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
    must_show += [row_of(menu, i).button for i in range(len(menu.entries))] + [menu.rows[0].heading]
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
    """With more rows than fit (two courses and their headings), the pool of rows scrolls with Down and PageDown,
    keeping the selection in view and bringing a course's heading with its first scenario; no widget is made after
    the menu is built."""
    mine = tmp_path / "many"
    mine.mkdir()
    for i in range(8):
        (mine / f"s{i:02d}.yaml").write_text(MINI.replace("id: mini", f"id: s{i:02d}"), encoding="utf-8")
    app, menu, calls = open_menu(folders=[mine])
    widgets = len(menu.manager.get_sprite_group().sprites())
    n, v, rows = len(menu.entries), menu.visible_rows, len(menu.items)
    assert n == len(shipped_scenarios()) + 8 and rows == n + 2 and 8 <= v < rows
    assert [r.button.visible or r.heading.visible for r in menu.rows] == [i < v for i in range(len(menu.rows))]
    first_local = len(shipped_scenarios())
    for _ in range(first_local):
        key(app, pygame.K_DOWN)
    assert menu.selected == first_local and menu.entries[first_local].local
    at = menu._item_of[first_local] - menu.offset
    assert menu.rows[at - 1].heading.visible and "many/" in menu.rows[at - 1].heading.text  # its course's heading
    key(app, pygame.K_PAGEDOWN)
    key(app, pygame.K_PAGEDOWN)
    assert menu.selected == n - 1 and menu.offset == rows - v
    shown = row_of(menu, menu.selected)
    assert shown.button.is_selected and shown.marker.text
    assert f"–{n} of {n}" in menu.list_footer.text
    key(app, pygame.K_HOME)
    assert menu.selected == 0 and menu.offset == 0 and menu.rows[0].heading.visible
    frames(app, [pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=-2)])
    assert menu.offset == 2 and menu.selected == 1  # the selection stays in view: the first scenario shown
    frames(app, [pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=1)])
    assert menu.offset == 1 and menu.selected == 1  # the wheel goes back up past a heading, never stuck on it
    # Nothing is built while scrolling: only a description too long for its box gets pygame_gui's scroll bar.
    assert len(menu.manager.get_sprite_group().sprites()) == widgets + _scroll_bar_parts(menu)


# --- the course and the student's results ------------------------------------------------------------------------


def _graded(scenario_id: str, bot: str, student: str) -> dict:
    """The grade JSON of ``bot`` playing the shipped ``scenario_id``, graded for ``student``."""
    from frontdesk.grading.api import grade_simulation
    from frontdesk.simulator.bots import BotDriver, make_bot
    from frontdesk.simulator.core import Simulation

    s = load_scenario(next(p for p in shipped_scenarios() if p.stem == scenario_id))
    sim = Simulation(s, s.seed)
    BotDriver(sim, make_bot(bot, s, s.seed)).play()
    return grade_simulation(sim, student).to_json()


def _record(grade: dict, replay_digest: str) -> None:
    from frontdesk.grading.scoreboard import Scoreboard

    with Scoreboard() as board:
        assert board.record(grade, replay_digest, scenario_title=None)


@pytest.fixture(scope="module")
def grades() -> dict:
    """Real grades of three days of S1: the tutorial twice (the expert's and the novice's: both competent) and the
    phone storm once (the novice's, with a critical error: not yet competent)."""
    return {(sid, bot): _graded(sid, bot, "S1")
            for sid, bot in (("tutorial", "expert"), ("tutorial", "novice"), ("phone-storm", "novice"))}


@pytest.fixture
def board(data, grades) -> Path:
    """This test's scoreboard (in its data folder) holding S1's three days; S1 typed as remembered."""
    for n, g in enumerate(grades.values()):
        _record(g, f"{n:064x}")
    data.mkdir(parents=True, exist_ok=True)
    (data / "menu.json").write_text('{"student_id": "S1", "student_name": ""}', encoding="utf-8")
    return data / "scoreboard.sqlite3"


def _row(menu: MenuScreen, scenario_id: str):
    i = next(i for i, e in enumerate(menu.entries) if e.scenario is not None and e.scenario.id == scenario_id)
    return i, row_of(menu, i)


def test_each_scenario_shows_the_students_best_result_verdict_and_competencies(board, grades):
    """For the ID typed, each row shows the best total of the student's days of that scenario, "competent" or "not
    yet" (that best day's verdict), and how many competencies their days demonstrated of those assessed; a
    scenario never played says "not tried"; the line above the list and the course's heading count them."""
    assert grades["phone-storm", "novice"]["competent"] is False and grades["tutorial", "expert"]["competent"]
    app, menu, _ = open_menu()
    assert menu.id_entry.get_text() == "S1"
    _, tutorial = _row(menu, "tutorial")
    best = max(grades["tutorial", "expert"]["total"], grades["tutorial", "novice"]["total"])
    assert [c.text for c in tutorial.cells[1:3]] == [f"{best:.1f}", "competent"]
    shown, of = tutorial.cells[3].text.split(" of ")
    assert int(shown) == int(of) > 0  # the expert's day earned every line: every competency it assesses is shown
    _, storm = _row(menu, "phone-storm")
    assert [c.text for c in storm.cells[1:3]] == [f"{grades['phone-storm', 'novice']['total']:.1f}", "not yet"]
    assert storm.cells[3].text.startswith("0 of ")  # a day with a critical error demonstrates nothing
    _, laura = _row(menu, "laura-day")
    assert [c.text for c in laura.cells[1:]] == ["not tried", "—", "—"]
    n = len(menu.entries)
    assert menu.results_label.text.rstrip("…") in (f"Results for S1 from this computer's scoreboard: 2 of {n} "
                                                    "scenarios tried, 1 competent.")
    assert "you: 2 tried, 1 competent" in menu.rows[0].heading.text
    assert f"Your best: {best:.1f}" in tutorial.button.tool_tip_text
    assert "Shown: ON-MOA-" in tutorial.button.tool_tip_text  # the codes, for whoever keeps the checklist


def test_with_scale_the_course_fits_and_a_click_lands_on_its_row(board):
    """With `--scale 1.25` at 1280×720 the course and its results are laid out as at 1×, inside the window, and a
    click where a row is drawn chooses that row."""
    app = App(size=(1280, 720), scale=1.25)
    assert app.logical_size == (1280, 720)
    calls = Calls()
    menu = MenuScreen(app, calls.on_play, calls.resume.append, calls.submit.append, folders=())
    app.switch(menu)
    frames(app, n=3)
    assert on_screen(_shown(menu), (1280, 720)) == []
    i, storm = _row(menu, "phone-storm")
    assert storm.cells[2].text == "not yet"
    x, y = storm.button.rect.center
    frames(app, [pygame.event.Event(kind, pos=(round(x * 1.25), round(y * 1.25)), button=1)
                 for kind in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP)])
    assert menu.selected == i


def test_the_description_names_the_competencies_shown_and_the_verdict_in_words(board, grades):
    """Selected, a scenario's description gives the best result with the days graded, the verdict in words (why,
    when not yet), and the competencies shown by what they are about in the scenario's framework."""
    app, menu, _ = open_menu()
    text = menu.details.html_text
    assert "Your best:</b> 100.0 (2 days graded): competent." in text
    assert "Competencies shown</b>" in text and "Ontario MOA" in text and "phone" in text
    i, storm = _row(menu, "phone-storm")
    click(app, storm.button)
    assert menu.selected == i
    assert "not yet competent (a critical error: no competency counts)" in menu.details.html_text


def test_another_id_typed_shows_its_own_results_once_typing_pauses(board):
    """Typing another ID shows that student's results once the ID has stayed unchanged a moment (or at once when
    the field is left); an ID with no days says so in one line and every row says "not tried"; with no ID the
    rows show nothing and the line asks for one."""
    app, menu, calls = open_menu()
    click(app, menu.id_entry)
    for _ in range(2):
        key(app, pygame.K_BACKSPACE)
    type_text(app, "S2")
    assert menu.progress.student == "S1"  # not yet read: typing goes on
    for _ in range(30):
        frames(app)
    assert menu.progress.student == "S2"
    assert menu.results_label.text.rstrip("…") in "No results for S2 on this computer yet: each day you finish is kept here."
    assert all(row_of(menu, i).cells[1].text == "not tried" for i in range(len(menu.entries)))
    for _ in range(2):
        key(app, pygame.K_BACKSPACE)
    key(app, pygame.K_TAB)  # leaving the field reads at once
    assert menu.progress.student is None and menu.focus == "name"
    assert menu.results_label.text == "Type your student ID below to see your results here."
    assert all(c.text == "—" for i in range(len(menu.entries)) for c in row_of(menu, i).cells[1:])
    assert "Type your student ID below" in menu.details.html_text
    key(app, pygame.K_RETURN)
    assert calls.play == [(TUTORIAL, None, None, None)]


def test_without_a_scoreboard_every_scenario_is_not_tried(data):
    """With no scoreboard on this computer the rows say "not tried" and one line says there are no results yet;
    reading creates no scoreboard."""
    data.mkdir(parents=True)
    (data / "menu.json").write_text('{"student_id": "S7"}', encoding="utf-8")
    app, menu, _ = open_menu()
    assert menu.results_label.text.startswith("No results for S7 on this computer yet")
    assert row_of(menu, 0).cells[1].text == "not tried"
    assert not (data / "scoreboard.sqlite3").exists()


@pytest.mark.parametrize("damage", ["not a database", "bad row"])
def test_a_damaged_scoreboard_costs_one_line_never_the_menu(board, damage):
    """A scoreboard file that is not one, or one with a damaged row, is said in one line above the list; the rows
    show nothing, the menu still plays, and the file is left as it was."""
    import sqlite3

    if damage == "not a database":
        board.write_bytes(b"this is not a database\n" * 200)
    else:
        with sqlite3.connect(board) as db:
            db.execute("UPDATE attempts SET grade = '{not json'")
        db.close()
    before = board.read_bytes()
    app, menu, calls = open_menu()
    line = menu.results_label.text
    assert line.startswith("Your results cannot be shown: ") and "\n" not in line
    assert menu.results_label.tool_tip_text or not line.endswith("…")  # cut short: the whole line under the mouse
    assert all(c.text == "—" for i in range(len(menu.entries)) for c in row_of(menu, i).cells[1:])
    assert "Your results cannot be shown:" in menu.details.html_text
    key(app, pygame.K_RETURN)
    assert calls.play == [(TUTORIAL, "S1", None, None)]
    assert board.read_bytes() == before


def test_days_of_an_earlier_version_count_and_say_so(data, grades):
    """Days recorded on an earlier version of a scenario (its digest differs) still show, marked as such."""
    old = dict(grades["tutorial", "expert"], scenario_sha256="0" * 64)
    _record(old, "1" * 64)
    (data / "menu.json").write_text('{"student_id": "S1"}', encoding="utf-8")
    app, menu, _ = open_menu()
    assert row_of(menu, 0).cells[1].text == "100.0"
    assert "of an earlier version of this scenario" in menu.details.html_text


def test_an_instructors_folder_is_its_own_course(data):
    """The instructor's folder (my-scenarios/ here) with a course.json is listed after the shipped course under its
    own heading, in the course file's order, its steps counted from 1; the description names the step."""
    mine = Path.cwd() / "my-scenarios"
    mine.mkdir()
    for sid in ("zeta", "alpha"):
        (mine / f"{sid}.yaml").write_text(MINI.replace("id: mini", f"id: {sid}"), encoding="utf-8")
    (mine / "course.json").write_text(json.dumps({"title": "MOA 101", "steps": [
        {"scenario": "zeta", "focus": "The phones, slowly."}, "alpha"]}), encoding="utf-8")
    app, menu, calls = open_menu()
    local = [i for i, e in enumerate(menu.entries) if e.local]
    assert [menu.entries[i].scenario.id for i in local] == ["zeta", "alpha"]
    heading = menu.rows[menu._item_of[local[0]] - 1 - menu.offset].heading
    assert heading.visible and heading.text.startswith("MOA 101:  your instructor's course, 2 scenarios")
    assert [row_of(menu, i).step.text for i in local] == ["1", "2"]
    click(app, row_of(menu, local[0]).button)
    assert menu.details_heading.text == "Step 1 of 2: MOA 101" and "The phones, slowly." in menu.details.html_text
    assert "my-scenarios/zeta.yaml" in menu.details.html_text
    key(app, pygame.K_RETURN)
    assert calls.play == [(mine / "zeta.yaml", None, None, None)]


def test_a_course_file_problem_is_said_and_the_folder_still_listed(data):
    """A course.json that cannot be used is named in its course's heading and in the description; the folder's
    scenarios are still listed (by file name) and play."""
    mine = Path.cwd() / "my-scenarios"
    mine.mkdir()
    (mine / "mini.yaml").write_text(MINI, encoding="utf-8")
    (mine / "course.json").write_text("{oops", encoding="utf-8")
    app, menu, calls = open_menu()
    heading = menu.rows[menu._item_of[len(menu.entries) - 1] - 1 - menu.offset].heading
    assert "Your own scenarios in my-scenarios/" in heading.text and "course.json" in heading.tool_tip_text
    key(app, pygame.K_END)
    assert "course.json: line 1: it is not JSON" in menu.details.html_text
    key(app, pygame.K_RETURN)
    assert calls.play == [(mine / "mini.yaml", None, None, None)]


def test_a_long_description_scrolls_by_keyboard_too(data):
    """A description longer than its box takes a Tab stop after the list (with the focus frame); there Up/Down and
    PgUp/PgDn scroll it, Enter still plays; choosing a scenario whose description fits puts the keyboard back on
    the list."""
    mine = Path.cwd() / "my-scenarios"
    mine.mkdir()
    long = "A sentence of the day that goes on. " * 60
    (mine / "mini.yaml").write_text(MINI.replace("title: A small day", f"title: A small day\ndescription: {long}"),
                                    encoding="utf-8")
    app, menu, calls = open_menu()
    key(app, pygame.K_END)
    assert menu.details.scroll_bar is not None
    key(app, pygame.K_TAB)
    assert menu.focus == "details" and menu.ring.rect.contains(menu.details.rect)
    bar = menu.details.scroll_bar
    key(app, pygame.K_DOWN)
    key(app, pygame.K_PAGEDOWN)
    assert bar.start_percentage > 0 and menu.selected == len(menu.entries) - 1
    key(app, pygame.K_HOME)
    assert bar.start_percentage == 0
    key(app, pygame.K_RETURN)
    assert calls.play == [(mine / "mini.yaml", None, None, None)]
    key(app, pygame.K_TAB, pygame.KMOD_SHIFT)
    key(app, pygame.K_HOME)  # the tutorial: its description fits
    assert menu.details.scroll_bar is None and "details" not in menu._focus_order()
    key(app, pygame.K_TAB)
    assert menu.focus == "id"


def test_a_finished_day_goes_on_the_scoreboard_and_the_menu_shows_it(data):
    """A student's day finished in the window is kept on this computer's scoreboard, and back at the menu their
    row shows it; a day watched (the expert playing) is not kept."""
    from frontdesk.grading.scoreboard import Scoreboard
    from frontdesk.simulator.ui.game import Game
    from frontdesk.simulator.ui.sounds import Sounds

    app = App(size=(1280, 720))
    app.sounds = Sounds(on=False)
    g = Game(app)
    g.start(TUTORIAL, None, None, "expert")
    app.screen.session.end_day()
    frames(app)
    assert type(app.screen).__name__ == "DebriefScreen" and not (data / "scoreboard.sqlite3").exists()
    g.start(TUTORIAL, "S9")
    app.screen.session.end_day()
    frames(app)
    with Scoreboard(create=False) as board:
        [row] = board.attempts(student="S9")
    assert row.scenario == "tutorial" and row.total == 0.0  # the day ended at once: recorded, with nothing done
    g.menu()
    menu = app.screen
    menu.id_entry.set_text("S9")
    key(app, pygame.K_TAB)  # the list → the ID field
    key(app, pygame.K_TAB)  # leaving it reads the results at once
    assert row_of(menu, 0).cells[1].text == f"{row.total:.1f}"


def test_the_help_level_is_chosen_in_the_menu_and_named_in_the_description(menu_ui):
    """H steps the help through the scenario's own, full, some and none, and the button and the description say
    which applies; the game starts the day with the help chosen."""
    app, menu, calls = menu_ui
    assert menu.assist is None and "Help: as set" in menu.assist_button.text
    assert "<b>Help:</b> full" in menu.details.html_text  # the tutorial's own level
    key(app, pygame.K_h)
    assert menu.assist == "full" and "Help: full" in menu.assist_button.text
    key(app, pygame.K_h)
    assert menu.assist == "some" and "(your choice)" in menu.details.html_text
    key(app, pygame.K_h)
    key(app, pygame.K_h)
    assert menu.assist is None and "(your choice)" not in menu.details.html_text
