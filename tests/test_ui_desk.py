"""The desk in the real window (under SDL's dummy drivers), driven by posted mouse clicks and key presses:
answering and routing a call, checking in a patient whose phone changed, filing a document, pause, and a whole
day watched at pace 600 giving the headless facts."""

import os
import re
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
        if b.visible and re.sub(r"^F\d+ ", "", b.text).startswith(label):  # after its function key: "F2 Ask…"
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
    click(app, button(screen, "Ask: name"))
    click(app, button(screen, "Ask: date of birth"))
    assert session.sim.facts.of_kind("caller_verification")[-1].get("identity_verified")
    assert "And the date of birth?" in screen.details.html_text  # the question, and the answer in words
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
    click(app, button(screen, "Ask: name and birth date"))
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
    """The F-key of the visible action ``label`` (or its letter, for an action past the twelfth)."""
    text = button(screen, label).text
    key = re.match(r"F\d+", text)
    return key.group(0).lower() if key else re.search(r"\[(\w)\]$", text).group(1).lower()


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


#: What only the tutorial's full help shows: a hint, a comparison of the chart with what was said, a verdict on a
#: caller's answers, the caller's request as a label, an urgency mark, the referral's clues named as such.
_HELP_MARKS = ("Hint:", "&lt;- says", "differences first", "identity confirmed", "NOT confirmed", "wants:",
               "URGENT", "clues:", "verified", "score", "after-hours greeting", "Help:", "<br>for: ", "matters by",
               "only the prescriber", "the prescriber's request")


def _every_screen_text(assist: str, name: str = "monday-rush", frame: float = 1 / 30) -> str:
    """Every text the desk shows during scenario ``name`` played by the expert with ``assist``: at every ten minutes
    of the day, each listed item selected in turn, and at the counter every question asked; and every action's
    form opened, with its fields as they start."""
    session = PlaySession(load_scenario(SCENARIOS / f"{name}.yaml"), student="s1", watch="expert",
                          assist=assist)
    app = App()
    screen = DeskScreen(app, session, lambda s: None)
    app.switch(screen)
    seen: list[str] = []
    session.set_pace(600)
    next_look = 0
    last_talk: object = None
    while not session.over:
        app.frame(frame)  # a frame of ``frame`` real seconds is 600 times as long in the day
        view = session.view()
        # Every ten minutes, everything listed; in between, each conversation under way (calls are short).
        sweep = session.now >= next_look
        if sweep:
            next_look = session.now + 600
            items = ([k for rows in screen.lists.values() for k in rows.keys if k is not None]
                     + list(screen.clinic.order) + [("desk",)])
        else:  # a conversation is looked at again only when something in it changed
            talk = (tuple((l.line, l.answers, l.chart, l.chart_note) for l in view.lines if l.state == "active"),
                    view.serving, view.serving_chart)
            items = [] if talk == last_talk else [("line", str(l.line)) for l in view.lines if l.state == "active"]
            items += [("counter", view.serving)] if view.serving and talk != last_talk else []
            last_talk = talk
        for item in items:
            screen.select(item)
            for c in screen._choice_keys:
                if c is not None and c.reveal:
                    screen._do(c, {})
            seen += [screen.work_title.text, screen.details.html_text, screen.status_label.html_text]
            seen += [b.text for b in screen.choice_buttons if b.visible]
            for c in [c for c in screen._choice_keys if sweep and c is not None and c.fields and c.request is None]:
                screen.start(c)  # each form as it opens: its labels and where its choices start
                seen += [w.text for w in (*screen.field_labels, *screen.field_cycles) if w.visible]
                screen._close_form()
            seen += [l.text for l in screen.card_lines] + [screen.chart_box.html_text]
        seen += [r.text for rows in screen.lists.values() for r in rows.rows if r.visible]
        seen += [" ".join((i.text, *i.lines)) for i in screen.clinic.items]  # the drawn clinic's words
        seen += [screen.schedule.html_text]
    pygame.quit()
    return "\n".join(seen)


def test_with_assist_none_no_screen_shows_a_comparison_hint_or_urgency_mark():
    """At assist none (an assessment's level), nothing on any screen of a whole day compares the chart with what
    was said, judges a caller's answers, hints, labels urgency, says whom a message is for, advises on a chart note
    or scores, and no form starts at an answer (every judged choice starts at "choose…"); at full, the same day
    shows that help (so the test can tell the two apart). A caller's answers still show in words at both levels."""
    bare = _every_screen_text("none")
    found = [mark for mark in _HELP_MARKS if mark in bare]
    assert not found, f"assist none shows help: {found}"
    assert "And the date of birth?" in bare and "Here you are." in bare  # the conversations themselves remain
    assert "choose…" in bare
    helped = _every_screen_text("full")
    assert {"Hint:", "&lt;- says", "NOT confirmed"} <= {mark for mark in _HELP_MARKS if mark in helped}
    assert "choose…" not in helped


@pytest.mark.parametrize("name", ["laura-day", "us-family-practice"])
def test_assist_none_shows_no_help_on_the_full_day_and_the_us_day_either(name):
    """The same at assist none over laura-day (messages for a named person by a deadline, a Limited Use code) and
    the US day (a prior authorization): no label, deadline or advice the grader checks is on screen."""
    bare = _every_screen_text("none", name, frame=1 / 20)  # half-minute steps: the sweeps see every form
    found = [mark for mark in _HELP_MARKS if mark in bare]
    assert not found, f"assist none shows help on {name}: {found}"
    assert "choose…" in bare


def test_a_row_too_narrow_for_its_words_ends_in_an_ellipsis_with_the_whole_text_on_hover(desk):
    """A list row never cuts words off mid-letter at the edge: a long sender's name ends in "…" within the row, and
    hovering shows the whole text; a short row keeps its words and has no tooltip."""
    app, screen, session = desk
    rows = screen.lists["msg"]
    long = "V9 voicemail from " + "Bartholomew Featherstonehaugh-Wolfeschlegel " * 3
    rows.show([(("msg", "V9"), long, False), (("msg", "V8"), "V8 email", False)], "", None)
    cut, short = rows.rows[0], rows.rows[1]
    assert cut.text.endswith("…") and cut.font.size(cut.text)[0] <= cut.rect.width - 14
    assert cut.tool_tip_text == long
    assert short.text == "V8 email" and not short.tool_tip_text


def _graded(session):
    from frontdesk.grading.api import grade_simulation

    return grade_simulation(session.sim, "s1")


def _cycle_to(app, screen, words, step_key=None, limit=30):
    """Turn the visible form's first choice field whose text lacks ``words`` until it shows them (by click, or by
    ``step_key`` on the focused field)."""
    for _ in range(limit):
        cycle = next(c for c in screen.field_cycles if c.visible)
        if all(w in cycle.text for w in words):
            return
        if step_key:
            keys(app, step_key)
        else:
            click(app, cycle)
    raise AssertionError(f"no choice shows {words}")


def _toggle(app, screen, *options):
    """Click the form's tick boxes for ``options``."""
    for option in options:
        click(app, next(t for t in screen.toggles if t.visible and t.text.endswith(option.replace("_", " "))))


def test_the_whole_tutorial_with_the_mouse_alone(desk):
    """With clicks only, as a student who has not read the docs would: the overnight message, the day greeting, a
    caller verified by asking and told their appointment, a check-in with the card and the details asked for and
    the new phone typed, a result filed, the pharmacist's Limited Use request passed to the doctor, the follow-up
    booked at checkout by picking a slot in the appointment book, the after-hours greeting, the inbox and the lock:
    the day ends competent, nothing left undone."""
    app, screen, session = desk
    run_to(app, session, session.now + 5)  # the night's messages are in once the day has begun
    click(app, row(screen, "msg", "V1"))
    click(app, button(screen, "Listen"))
    click(app, screen.desk_button)
    click(app, button(screen, "Record phone greeting"))
    _toggle(app, screen, "clinic_name", "hours", "availability", "emergency_advice")
    click(app, screen.do_button)
    run_to(app, session, 9 * 3600 + 2 * 60 + 5)
    click(app, row(screen, "line", "RINGING"))
    click(app, button(screen, "Answer"))
    click(app, button(screen, "Open chart"))
    click(app, screen.do_button)  # the full help starts the search at the caller's chart
    assert "Chart" in screen.chart_box.html_text
    for label in ("Ask: name", "Ask: date of birth", "Tell them…"):
        click(app, button(screen, label))
    click(app, screen.do_button)  # "appointment" is the first thing to tell
    click(app, button(screen, "End call"))
    run_to(app, session, 9 * 3600 + 6 * 60 + 5)
    click(app, row(screen, "counter", "check-in"))
    for label in ("Greet", "Ask: name and birth date", "Ask for the card", "Ask: any changes?"):
        click(app, button(screen, label))
    assert "Here you are." in screen.details.html_text and screen.card.visible
    click(app, button(screen, "Update chart field"))
    type_into(app, next(e for e in screen.field_entries if e.visible), "905-555-0129")
    click(app, screen.do_button)
    click(app, button(screen, "Check in"))
    run_to(app, session, 9 * 3600 + 12 * 60 + 5)
    click(app, row(screen, "doc", "lab result"))
    click(app, button(screen, "File to chart"))
    doc = session.view().inbox[0]
    _cycle_to(app, screen, (doc.printed_name, doc.printed_dob))
    click(app, screen.do_button)
    run_to(app, session, 9 * 3600 + 18 * 60 + 5)
    click(app, row(screen, "line", "RINGING"))
    click(app, button(screen, "Answer"))
    click(app, button(screen, "Open chart"))
    click(app, screen.do_button)
    for label in ("Ask: name", "Ask: date of birth", "Take a message for…"):
        click(app, button(screen, label))
    _cycle_to(app, screen, ("Dr. Linh Ng",))
    click(app, screen.do_button)
    while not any(c.state == "checkout" for c in session.view().counter):
        run_to(app, session, session.now + 30)
    click(app, row(screen, "counter", "checkout"))
    click(app, button(screen, "Greet"))
    click(app, button(screen, "Book follow-up"))
    assert screen.book.is_open and "in about 180 days" in screen.book.title.text + screen.book.title2.text
    click(app, screen.book.pick_button)  # the book opens on a free slot on the day the order points to
    assert not screen.book.is_open, screen.book.message
    booked = session.sim.facts.of_kind("follow_up_booked")
    assert booked, screen.status
    click(app, button(screen, "Check out"))
    click(app, screen.desk_button)  # closing, before the day ends with the last patient gone
    click(app, button(screen, "Check the inbox"))
    click(app, button(screen, "Record phone greeting"))
    _cycle_to(app, screen, ("after hours",))
    _toggle(app, screen, "clinic_name", "hours", "after_hours_line", "emergency_advice")
    click(app, screen.do_button)
    click(app, button(screen, "Lock screen"))
    click(app, screen.end_button)
    click(app, screen.end_button)
    assert session.over
    grade = _graded(session)
    assert grade.competent and grade.total >= 95, (grade.total, [(f.t, f.message) for f in grade.findings])


def _tick(app, screen, *options):
    """In the open form, Tab to each tick box of ``options`` and tick it with Space."""
    for option in options:
        for _ in range(len(screen.form_controls) + 1):
            control = screen.form_controls[screen.form_focus]
            if control in screen.toggles and control.text.endswith(option.replace("_", " ")):
                break
            keys(app, "tab")
        keys(app, "space")


def test_the_whole_tutorial_with_the_keyboard_alone(desk):
    """With keys only (Tab, the F-keys and letters, Space, Enter, arrows): the same whole tutorial as with the mouse,
    the follow-up picked in the appointment book with Enter, and the day ends competent."""
    app, screen, session = desk
    run_to(app, session, session.now + 5)
    tab_to(app, screen, "msg")
    keys(app, function_key(screen, "Listen"))
    keys(app, "d")
    keys(app, function_key(screen, "Record phone greeting"))
    _tick(app, screen, "clinic_name", "hours", "availability", "emergency_advice")
    keys(app, "return")
    assert session.sim.facts.of_kind("greeting_recorded")
    run_to(app, session, 9 * 3600 + 2 * 60 + 5)
    keys(app, "1")
    keys(app, function_key(screen, "Answer"))
    keys(app, function_key(screen, "Open chart"), "return")
    for label in ("Ask: name", "Ask: date of birth", "Tell them…"):
        keys(app, function_key(screen, label))
    keys(app, "return")
    keys(app, function_key(screen, "End call"))
    run_to(app, session, 9 * 3600 + 6 * 60 + 5)
    tab_to(app, screen, "counter")
    for label in ("Greet", "Ask: name and birth date", "Ask for the card", "Ask: any changes?",
                  "Update chart field"):
        keys(app, function_key(screen, label))
    keys(app, "tab", *"905-555-0129", "return")
    keys(app, function_key(screen, "Check in"))
    run_to(app, session, 9 * 3600 + 12 * 60 + 5)
    tab_to(app, screen, "doc")
    doc = session.view().inbox[0]
    keys(app, function_key(screen, "File to chart"))
    _cycle_to(app, screen, (doc.printed_name, doc.printed_dob), step_key="right")
    keys(app, "return")
    run_to(app, session, 9 * 3600 + 18 * 60 + 5)
    keys(app, "1")
    keys(app, function_key(screen, "Answer"))
    keys(app, function_key(screen, "Open chart"), "return")
    for label in ("Ask: name", "Ask: date of birth", "Take a message for…"):
        keys(app, function_key(screen, label))
    _cycle_to(app, screen, ("Dr. Linh Ng",), step_key="right")
    keys(app, "return")
    while not any(c.state == "checkout" for c in session.view().counter):
        run_to(app, session, session.now + 30)
    tab_to(app, screen, "counter")
    keys(app, function_key(screen, "Greet"))
    keys(app, function_key(screen, "Book follow-up"))
    assert screen.book.is_open
    keys(app, "down", "return")  # the second free slot of the day the order points to
    assert not screen.book.is_open and session.sim.facts.of_kind("follow_up_booked")
    keys(app, function_key(screen, "Check out"))
    keys(app, "d")
    keys(app, function_key(screen, "Check the inbox"))
    keys(app, function_key(screen, "Record phone greeting"))
    keys(app, "right")  # the greeting: after hours
    _tick(app, screen, "clinic_name", "hours", "after_hours_line", "emergency_advice")
    keys(app, "return")
    keys(app, function_key(screen, "Lock screen"), "ctrl+e", "ctrl+e")
    assert session.over
    grade = _graded(session)
    assert grade.competent and grade.total >= 95, (grade.total, [(f.t, f.message) for f in grade.findings])


def test_a_patient_the_desk_phones_answers_in_words(tmp_path, monkeypatch):
    """A reminder call the desk places is a conversation too: once the patient picks up, the work panel gives
    their answer in words (that they will come, or want to cancel or move it), never a bare label."""
    from frontdesk.simulator.core import actions as A
    from frontdesk.simulator.ui.desk import _REPLIES

    monkeypatch.setenv("FRONTDESK_DATA_DIR", str(tmp_path / "data"))
    session = PlaySession(load_scenario(SCENARIOS / "laura-day.yaml"), student="s1", assist="none")
    app = App()
    screen = DeskScreen(app, session, lambda s: None)
    app.switch(screen)
    run_to(app, session, 10 * 3600)
    session.pause()
    session.toggle_pause()
    for booking in session.view().reminder_list:
        assert session.act(A.PlaceCall(session.now, booking.patient, "reminder")), session.last_error
        line = next(l for l in session.view().lines if l.outbound and l.about == booking.patient)
        if line.state == "active":
            screen.select(("line", str(line.line)))
            assert any(reply in screen.details.html_text for reply in _REPLIES.values())
            assert "wants:" not in screen.details.html_text
            break
        session.act(A.EndCall(session.now, line.line))
    else:
        raise AssertionError("nobody on the reminder list picked up")

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


def _at_checkout(tmp_path, monkeypatch, patient):
    """Laura-day's desk (a student's session, the expert's actions up to there) with ``patient`` back at the
    counter for checkout, not yet served."""
    from frontdesk.simulator.bots import BotDriver
    from frontdesk.simulator.core.view import desk_view

    monkeypatch.setenv("FRONTDESK_DATA_DIR", str(tmp_path / "data"))
    s = load_scenario(SCENARIOS / "laura-day.yaml")
    session = PlaySession(s, student="s1", assist="none")
    driver = BotDriver(session.sim, make_bot("expert", s, session.sim.seed))
    t = s.clinic.opens
    while not any(c.patient == patient and c.state == "checkout" for c in desk_view(session.sim).counter):
        t += 5
        driver.advance_to(t)
    app = App()
    screen = DeskScreen(app, session, lambda s: None)
    app.switch(screen)
    frames(app)
    screen.select(("counter", patient))
    if session.view().serving != patient:
        click(app, button(screen, "Greet"))
    return app, screen, session


def test_the_book_marks_the_patients_times_only_once_asked(tmp_path, monkeypatch):
    """Linda Brooks can only come on Tuesdays and Thursdays. Booking her follow-up without asking, the book marks
    no slot as outside her times; asked "when can you come?", she says so in words and the book marks every
    Monday, Wednesday and Friday slot as outside her times (marked, for the desk to respect)."""
    from frontdesk.simulator.ui.appointment_book import UNAVAILABLE

    app, screen, session = _at_checkout(tmp_path, monkeypatch, "brooks")
    click(app, button(screen, "Book follow-up"))
    model = screen.book.model
    days = model.days()
    assert not any(c.status == UNAVAILABLE for d in days for c in model.cells(d, "greene"))
    key(app, pygame.K_ESCAPE)
    key(app, pygame.K_ESCAPE)  # the form too
    click(app, button(screen, "Ask: when can you come?"))
    assert "I can only come tue, thu" in screen.details.html_text
    click(app, button(screen, "Book follow-up"))
    model = screen.book.model
    for d in model.days():
        statuses = {c.status for c in model.cells(d, "greene")}
        assert (UNAVAILABLE in statuses) == (d.strftime("%a") not in ("Tue", "Thu")), (d, statuses)
    pygame.quit()


def test_a_click_on_the_open_book_never_reaches_the_clinic_under_it(tmp_path, monkeypatch):
    """The book lies over the drawn clinic: a click on its title or between its buttons selects nothing behind it,
    and the book and its form stay open."""
    app, screen, session = _at_checkout(tmp_path, monkeypatch, "brooks")
    click(app, button(screen, "Book follow-up"))
    assert screen.book.is_open
    under = [i.rect.move(screen.scene_rect.topleft).center for i in screen.clinic.items if i.key is not None]
    under = [pos for pos in under if screen.book.panel.rect.collidepoint(pos)]
    assert under  # the phone lights and the people at the counter lie under the book
    for pos in under:
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))
        frames(app, 3)
        assert screen.book.is_open and screen.selection == ("counter", "brooks"), pos
    pygame.quit()


def test_a_walk_in_answers_each_triage_question_in_words(tmp_path, monkeypatch):
    """A walk-in at the counter is asked triage questions one at a time, and each answer shows in their words under
    the question (the red flags come only from reading them)."""
    from frontdesk.simulator.core import actions as A

    monkeypatch.setenv("FRONTDESK_DATA_DIR", str(tmp_path / "data"))
    s = load_scenario(SCENARIOS / "walk-in-saturday.yaml")
    session = PlaySession(s, student="s1", assist="none")
    app = App()
    screen = DeskScreen(app, session, lambda s: None)
    app.switch(screen)
    walk_in = next(e for e in s.events if getattr(e, "walk_in", None) is not None and e.walk_in.answers)
    run_to(app, session, walk_in.at + 5)
    patient = walk_in.walk_in.patient
    assert session.act(A.GreetPatient(0, patient))
    question, said = next(iter(walk_in.walk_in.answers.items()))
    assert session.act(A.AskTriage(0, patient, question, True))
    screen.select(("counter", patient))
    assert said[:1].upper() + said[1:] in screen.details.html_text
    pygame.quit()
