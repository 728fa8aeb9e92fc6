"""The desk in the real window (under SDL's dummy drivers), driven by posted mouse clicks and key presses:
answering and routing a call, checking in a patient whose phone changed, filing a document, pause, and a whole
day watched at pace 600 giving the headless facts."""

import os
from types import SimpleNamespace

os.environ["SDL_VIDEODRIVER"] = "dummy"  # before pygame initialises: no screen here
os.environ["SDL_AUDIODRIVER"] = "dummy"

import pygame  # noqa: E402
import pytest  # noqa: E402

from frontdesk.simulator.bots import make_bot, play_day  # noqa: E402
from frontdesk.simulator.core import Simulation  # noqa: E402
from frontdesk.simulator.scenario import load_scenario  # noqa: E402
from frontdesk.simulator.ui.app import App  # noqa: E402
from frontdesk.simulator.ui.desk import DeskScreen  # noqa: E402
from frontdesk.simulator.ui.session import PlaySession  # noqa: E402

from conftest import SCENARIOS  # noqa: E402


@pytest.fixture
def desk(tmp_path, monkeypatch):
    """The tutorial's desk in a window, paused, with a way to click widgets and press keys."""
    monkeypatch.setenv("FRONTDESK_DATA_DIR", str(tmp_path / "data"))
    scenario = load_scenario(SCENARIOS / "tutorial.yaml")
    session = PlaySession(scenario, student="s1", pace=20)
    app = App()
    screen = DeskScreen(app, session, lambda s: None)
    app.switch(screen)
    app.frame(1 / 60)
    yield app, screen, session
    pygame.quit()


def frames(app, n=2):
    """Run ``n`` frames of the app."""
    for _ in range(n):
        app.frame(1 / 60)


def click(app, widget):
    """A real left click on the widget's centre: button down, then up, then frames to deliver the UI event."""
    pos = widget.rect.center
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))
    frames(app, 3)


def key(app, k, text=""):
    """Press and release key ``k`` (typing ``text``), then run two frames."""
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode=text, scancode=0))
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=k, mod=0, unicode=text, scancode=0))
    frames(app, 2)


def type_into(app, entry, text):
    """Click ``entry`` and type ``text`` into it, one character at a time."""
    click(app, entry)
    for ch in text:
        pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=ch))
    frames(app, 2)


def button(screen, label):
    """The visible action button whose text starts with ``label``."""
    for b in screen.choice_buttons:
        if b.visible and b.text.split(" ", 1)[1].startswith(label):  # after its function key: "F2 Verify…"
            return b
    raise AssertionError(f"no visible button {label!r}: {[b.text for b in screen.choice_buttons if b.visible]}")


def row(screen, kind, words):
    """The visible row of the ``kind`` list whose text holds ``words`` (the counter, the waiting room and the exam
    rooms are the drawn clinic's people: their figure)."""
    if kind in ("counter", "waiting", "room"):
        return figure(screen, kind, words)
    for b in screen.lists[kind].rows:
        if b.visible and words in b.text:
            return b
    raise AssertionError(f"no {kind} row with {words!r}")


def figure(screen, kind, words):
    """The drawn person (``kind``: counter, waiting or room) whose full words hold ``words``, with its ``rect`` in
    the window's layout pixels, ready for :func:`click`."""
    for item in screen.clinic.items:
        if item.key is not None and item.key[0] == kind and words in item.text:
            return SimpleNamespace(rect=item.rect.move(screen.scene_rect.topleft), text=item.text, key=item.key)
    raise AssertionError(f"no {kind} figure with {words!r}: {[i.text for i in screen.clinic.items]}")


def run_to(app, session, seconds):
    """Let the clock run (at pace 600) until the simulated second ``seconds``."""
    session.set_pace(600)
    while session.now < seconds and not session.over:
        app.frame(1 / 60)
    session.set_pace(20)


def test_answer_verify_and_route_a_call(desk):
    """A ringing line is answered, the caller verified with two identifiers, and put through to the nurse —
    all by clicking."""
    app, screen, session = desk
    ring = next(e.at for e in session.scenario.events if e.model_dump().get("call"))
    run_to(app, session, ring + 1)
    click(app, row(screen, "line", "RINGING"))
    click(app, button(screen, "Answer"))
    assert session.sim.facts.of_kind("call_answered")
    click(app, button(screen, "Verify identity"))
    for option in ("name", "dob"):
        click(app, next(t for t in screen.toggles if t.visible and t.text.endswith(option)))
    click(app, screen.do_button)
    assert session.sim.facts.of_kind("caller_verification")[-1].get("identity_verified")
    click(app, button(screen, "Put through to"))
    click(app, next(c for c in screen.field_cycles if c.visible))  # the first staff member → the next one
    click(app, screen.do_button)
    routed = session.sim.facts.of_kind("call_routed")
    assert routed and routed[-1].get("to") == "nurse"


def test_check_in_a_patient_whose_phone_changed(desk):
    """The patient at the counter is greeted, identified, their new phone typed in, and checked in."""
    app, screen, session = desk
    arrival = next(e.at for e in session.scenario.events if e.model_dump().get("arrival"))
    run_to(app, session, arrival + 5)
    click(app, row(screen, "counter", "check-in"))
    click(app, button(screen, "Greet"))
    click(app, button(screen, "Confirm identity"))
    for option in ("name", "dob"):
        click(app, next(t for t in screen.toggles if t.visible and t.text.endswith(option)))
    click(app, screen.do_button)
    says = dict(session.view().serving_says)
    chart = dict(session.view().serving_chart)
    changed = [f for f in says if chart.get(f) != says[f]]
    assert changed == ["phone"]
    click(app, button(screen, "Update chart field"))  # the field picker starts at "phone"
    type_into(app, next(e for e in screen.field_entries if e.visible), says["phone"])
    click(app, screen.do_button)
    click(app, button(screen, "Check in"))
    checked = session.sim.facts.of_kind("patient_checked_in")[-1]
    assert checked.get("fields_updated") == ("phone",) and len(checked.get("identifiers_confirmed")) == 2


def test_file_a_document_to_the_right_chart(desk):
    """A lab result is filed by picking the chart whose name and date of birth match the printed ones."""
    app, screen, session = desk
    doc_at = next(e.at for e in session.scenario.events if e.model_dump().get("document"))
    run_to(app, session, doc_at + 1)
    doc = session.view().inbox[0]
    click(app, row(screen, "doc", doc.id))
    click(app, button(screen, "File to chart"))
    cycle = next(c for c in screen.field_cycles if c.visible)
    for _ in range(10):  # step through the charts to the one with the printed date of birth
        if doc.printed_dob in cycle.text and doc.printed_name in cycle.text:
            break
        click(app, cycle)
    click(app, screen.do_button)
    filed = session.sim.facts.of_kind("document_filed")[-1]
    assert filed.get("filed_to") == filed.get("belongs_to")


def test_pause_blocks_actions(desk):
    """While paused (Space), the clock stands still and a click on an action is refused with a reason."""
    app, screen, session = desk
    key(app, pygame.K_SPACE, " ")
    assert session.paused
    before = session.now
    frames(app, 30)
    assert session.now == before
    click(app, button(screen, "Lock screen"))
    assert not session.sim.facts.of_kind("screen_locked") and "paused" in (session.last_error or "")
    key(app, pygame.K_SPACE, " ")
    click(app, button(screen, "Lock screen"))
    assert session.sim.facts.of_kind("screen_locked")


def test_watching_the_expert_at_pace_600_gives_the_headless_facts(tmp_path, monkeypatch):
    """`--watch expert` at pace 600 in the window plays the whole tutorial day to its end, and its facts are
    those of `frontdesk run --bot expert`."""
    monkeypatch.setenv("FRONTDESK_DATA_DIR", str(tmp_path / "data"))
    scenario = load_scenario(SCENARIOS / "tutorial.yaml")
    headless = play_day(Simulation(scenario, scenario.seed), make_bot("expert", scenario, scenario.seed))
    session = PlaySession(scenario, pace=600, watch="expert")
    ended = []
    app = App()
    app.switch(DeskScreen(app, session, ended.append))
    for _ in range(5000):
        app.frame(1 / 60)
        if ended:
            break
    pygame.quit()
    assert ended and session.sim.facts.sha256 == headless.facts.sha256


def keys(app, *names):
    """Press keys by name: "tab", "f1", "space", "return", "right", "ctrl+e", or a single character."""
    for name in names:
        mod = pygame.KMOD_CTRL if name.startswith("ctrl+") else 0
        bare = name.removeprefix("ctrl+")
        code = pygame.key.key_code(bare)
        text = bare if len(bare) == 1 and not mod else (" " if bare == "space" else "")
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=code, mod=mod, unicode=text, scancode=0))
        if text and not mod and bare not in ("space",):
            pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=text))
        pygame.event.post(pygame.event.Event(pygame.KEYUP, key=code, mod=mod, unicode=text, scancode=0))
        frames(app, 2)


def tab_to(app, screen, kind, limit=40):
    """Press Tab until a ``kind`` is selected (at most ``limit`` times)."""
    for _ in range(limit):
        if screen.selection[0] == kind:
            return
        keys(app, "tab")
    raise AssertionError(f"Tab never reached a {kind}")


def function_key(screen, label):
    """The F-key of the visible action ``label``."""
    return button(screen, label).text.split(" ", 1)[0].lower()


def test_the_tutorial_with_the_keyboard_alone(desk):
    """Without the mouse: a message listened to, a call answered and verified, a patient greeted, identified,
    their new phone typed and checked in, a result filed to the right chart, and the day ended to its debrief."""
    app, screen, session = desk
    tab_to(app, screen, "msg")
    keys(app, function_key(screen, "Listen"))
    assert session.sim.facts.of_kind("message_reviewed")
    run_to(app, session, 9 * 3600 + 2 * 60 + 5)
    keys(app, "1")
    keys(app, function_key(screen, "Answer"))
    keys(app, function_key(screen, "Verify identity"))
    keys(app, "tab", "tab", "tab", "tab", "tab")
    assert screen.choice is not None and screen.form_focus == 5  # past the five identifier boxes: "Do it"
    keys(app, "tab", "tab")  # past "Cancel", round to the first box again
    keys(app, "space", "tab", "space", "return")  # tick name and date of birth, then do it
    assert session.sim.facts.of_kind("caller_verification")[-1].get("identity_verified")
    keys(app, function_key(screen, "End call"))
    run_to(app, session, 9 * 3600 + 6 * 60 + 5)
    tab_to(app, screen, "counter")
    keys(app, function_key(screen, "Greet"))
    keys(app, function_key(screen, "Confirm identity"))
    keys(app, "space", "tab", "space", "return")
    keys(app, function_key(screen, "Update chart field"))
    keys(app, "tab")  # the field picker shows "phone"; Tab to the value
    for ch in "905-555-0129":
        keys(app, ch)
    keys(app, "return")
    keys(app, function_key(screen, "Check in"))
    checked = session.sim.facts.of_kind("patient_checked_in")[-1]
    assert checked.get("fields_updated") == ("phone",)
    run_to(app, session, 9 * 3600 + 12 * 60 + 5)
    tab_to(app, screen, "doc")
    doc = session.view().inbox[0]
    keys(app, function_key(screen, "File to chart"))
    for _ in range(5):
        cycle = next(c for c in screen.field_cycles if c.visible)
        if doc.printed_name in cycle.text and doc.printed_dob in cycle.text:
            break
        keys(app, "right")
    keys(app, "return")
    filed = session.sim.facts.of_kind("document_filed")[-1]
    assert filed.get("filed_to") == filed.get("belongs_to")
    keys(app, "ctrl+e")
    assert not session.over and "again to confirm" in screen.status  # one press asks; a stray key ends nothing
    keys(app, "ctrl+e")
    assert session.over


def test_registering_a_new_patient_with_the_chart_forms(tmp_path, monkeypatch):
    """A first-time patient is registered at the desk: a new chart, then her details typed in two forms (each
    field an update of the chart), then the pharmacy asked for her medication list."""
    monkeypatch.setenv("FRONTDESK_DATA_DIR", str(tmp_path / "data"))
    scenario = load_scenario(SCENARIOS / "laura-day.yaml")
    session = PlaySession(scenario, student="s1", pace=20)
    app = App()
    screen = DeskScreen(app, session, lambda s: None)
    app.switch(screen)
    session.sim.advance(10 * 3600 + 50 * 60 + 5)  # Priya Raman has just walked up (the clock moved as if played)
    frames(app)
    click(app, row(screen, "counter", "Priya Raman"))
    click(app, button(screen, "Greet"))
    click(app, button(screen, "Register"))
    assert session.sim.facts.of_kind("chart_created")
    says = dict(session.view().serving_says)
    click(app, button(screen, "Type name, birth date"))
    for entry, field in zip([e for e in screen.field_entries if e.visible],
                            ("name", "dob", "phone", "address.street", "address.city", "address.postal"),
                            strict=False):
        type_into(app, entry, says[field])
    click(app, screen.do_button)
    typed = {f.get("field") for f in session.sim.facts.of_kind("chart_updated") if f.get("patient") == "raman"}
    assert {"name", "dob", "phone", "address.street", "address.city", "address.postal"} <= typed
    assert all(f.mechanic == "M8" for f in session.sim.facts.of_kind("chart_updated"))
    click(app, button(screen, "Ask pharmacy"))
    assert session.sim.facts.of_kind("medication_list_requested")


def test_a_modifier_key_alone_does_nothing(desk):
    """Ctrl, Shift or Alt pressed on their own type no letter, so they take no action (they once stepped the
    trainee away from the desk: the one choice with no shortcut letter matched the empty one)."""
    app, screen, session = desk
    assert not session.paused  # else every action would be refused anyway
    screen.select(("desk",))
    frames(app)
    for k in (pygame.K_LCTRL, pygame.K_RSHIFT, pygame.K_LALT):
        key(app, k)
    assert session.sim.actions == []


# --- the drawn clinic in the middle column -------------------------------------------------------------------------


def _laura_desk(tmp_path, monkeypatch, at, size=(1280, 720), scale=1.0, scenario="laura-day"):
    """``scenario``'s desk at second ``at`` (the expert having played up to then), paused, in a ``size`` window."""
    monkeypatch.setenv("FRONTDESK_DATA_DIR", str(tmp_path / "data"))
    session = PlaySession(load_scenario(SCENARIOS / f"{scenario}.yaml"), "s1", watch="expert")
    session.driver.advance_to(at)
    session.pause()
    app = App(size=size, scale=scale)
    screen = DeskScreen(app, session, lambda s: None)
    app.switch(screen)
    frames(app)
    return app, screen, session


def schedule_rows(screen):
    """How many whole rows of today's schedule can be read without scrolling."""
    layout = screen.schedule.text_box_layout
    return sum(1 for row in layout.layout_rows if row.bottom <= layout.view_rect.height)


BUSY = 16 * 3600 + 40 * 60  # laura-day's busiest minute: six in the waiting room, one with the doctor


def test_clicking_a_drawn_person_selects_them(tmp_path, monkeypatch):
    """A click on a patient's figure in the drawn waiting room selects them, as a click on their row did."""
    app, screen, session = _laura_desk(tmp_path, monkeypatch, BUSY)
    first = session.view().waiting[0].patient
    click(app, figure(screen, "waiting", screen._names[first]))
    assert screen.selection == ("waiting", first)
    pygame.quit()


def test_tab_reaches_every_drawn_person(tmp_path, monkeypatch):
    """Tab goes through the people of the drawn clinic (counter, waiting room) in turn, as through their rows."""
    app, screen, session = _laura_desk(tmp_path, monkeypatch, BUSY)
    reached = set()
    for _ in range(40):
        keys(app, "tab")
        reached.add(screen.selection)
    view = session.view()
    assert {("waiting", w.patient) for w in view.waiting} | {("counter", c.patient) for c in view.counter} <= reached
    pygame.quit()


def test_pointing_at_a_person_writes_them_out_in_full(tmp_path, monkeypatch):
    """The mouse over a figure: the caption line gives their whole row of words (name, minutes, lateness)."""
    app, screen, session = _laura_desk(tmp_path, monkeypatch, BUSY)
    person = figure(screen, "waiting", "min")
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=person.rect.center, rel=(0, 0), buttons=(0, 0, 0)))
    frames(app)
    assert screen.clinic.caption == person.text and " min" in person.text
    pygame.quit()


@pytest.mark.parametrize("scenario, at", [("laura-day", BUSY), ("ma-morning", 10 * 3600 + 4 * 60)])
def test_at_1280x720_the_schedule_shows_six_rows_beside_the_clinic(tmp_path, monkeypatch, scenario, at):
    """At the game's smallest window the schedule keeps six readable rows under the drawn clinic, in front-desk and
    in medical-assistant mode (whose exam rooms once squeezed it to two)."""
    app, screen, session = _laura_desk(tmp_path, monkeypatch, at, scenario=scenario)
    assert schedule_rows(screen) >= 6
    assert screen.scene_rect.bottom < screen.lists["later"].title.rect.top
    pygame.quit()


def test_a_long_row_is_cut_with_an_ellipsis_and_whole_on_hover(tmp_path, monkeypatch):
    """A list row too long for its width ends in "…" (never cut mid-letter by the edge), and its tooltip holds the
    whole text."""
    app, screen, session = _laura_desk(tmp_path, monkeypatch, BUSY)
    cut = [b for rows in screen.lists.values() for b in rows.rows if b.visible and "…" in b.text]
    assert cut
    for b in cut:
        assert b.font.size(b.text)[0] <= b.rect.width - 16
        assert b.tool_tip_text and b.tool_tip_text.rstrip(")").startswith(b.text.split("…")[0])
    pygame.quit()


def test_the_clinic_is_clicked_right_at_a_larger_scale(tmp_path, monkeypatch):
    """With --scale 1.5 the window is bigger and a click on a figure, in the window's pixels, still selects it."""
    app, screen, session = _laura_desk(tmp_path, monkeypatch, BUSY, scale=1.5)
    assert app.window.get_size() == (1920, 1080) and app.logical_size == (1280, 720)
    person = figure(screen, "waiting", "min")
    x, y = person.rect.center
    pos = (round(x * 1.5), round(y * 1.5))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))
    frames(app, 3)
    assert screen.selection == person.key
    pygame.quit()
