"""The appointment book (simulator/ui/appointment_book.py): its model agrees with the engine's booking rules both
ways, marks lunch, away days, closed days, the past, visits too long for a gap and times outside the patient's
stated availability, moves a cursor and picks; its panel, driven headless by posted keys and clicks, picks the slot
under the cursor and never one that does not fit."""

import datetime as dt
import os
import textwrap

os.environ["SDL_VIDEODRIVER"] = "dummy"  # before pygame initialises: no screen here
os.environ["SDL_AUDIODRIVER"] = "dummy"

import pygame  # noqa: E402
import pytest  # noqa: E402

from frontdesk.simulator.core import Simulation, desk_view  # noqa: E402
from frontdesk.simulator.core import actions as A  # noqa: E402
from frontdesk.simulator.scenario import load_scenario, load_scenario_text  # noqa: E402
from frontdesk.simulator.scenario.book import availability_text, patient_available  # noqa: E402
from frontdesk.simulator.scenario.models import Patient  # noqa: E402
from frontdesk.simulator.scenario.times import format_clock, parse_clock  # noqa: E402
from frontdesk.simulator.ui.app import App, Screen  # noqa: E402
from frontdesk.simulator.ui.appointment_book import (  # noqa: E402
    AWAY,
    BOOKED,
    CLOSED,
    FREE,
    LUNCH,
    NOT_FREED,
    OWN,
    PAST,
    SHORT,
    TODAY,
    UNAVAILABLE,
    AppointmentBook,
    BookModel,
    BookRequest,
    SlotRefusedError,
    follow_up_request,
    move_request,
    parse_availability,
    referral_request,
)

from conftest import SCENARIOS, at  # noqa: E402

LAURA = load_scenario(SCENARIOS / "laura-day.yaml")
TOMORROW = dt.date(2026, 3, 5)  # laura-day is Wednesday 2026-03-04; Thursday holds the reminder calls' bookings


def at_checkout() -> Simulation:
    """laura-day with Robert Chen (follow-up ordered in 6 weeks) served at checkout, a little after 9:15."""
    sim = Simulation(LAURA)
    t = at("8:52")
    sim.advance(t)
    sim.apply(A.GreetPatient(t + 5, "chen"))
    sim.apply(A.ConfirmIdentity(t + 10, "chen", ("name", "dob")))
    sim.apply(A.CheckIn(t + 40, "chen"))
    while not any(f.kind == "visit_ended" and f.get("patient") == "chen" for f in sim.facts):
        sim.step()
    sim.apply(A.GreetPatient(sim.now + 5, "chen"))
    return sim


def book_for(sim: Simulation, visit_type: str = "follow_up") -> BookModel:
    """The book opened for Robert Chen's follow-up, of ``visit_type``."""
    view = desk_view(sim)
    return BookModel(LAURA, view, follow_up_request(LAURA, view, "chen", visit_type))


def try_booking(sim: Simulation, day: str, start: int, doctor: str, visit_type: str) -> str | None:
    """Book Chen's follow-up through the engine's own action: ``None`` when accepted (and the booking is taken out
    again, so the book is as before), else the engine's refusal."""
    try:
        sim.apply(A.BookFollowUp(sim.now, "chen", day, format_clock(start), doctor, visit_type))
    except A.ActionError as refused:
        return str(refused)
    sim.apply(A.CancelBooking(sim.now, "chen", day, format_clock(start)))
    return None


# --- the model agrees with the engine ------------------------------------------------------------------------


@pytest.mark.parametrize("visit_type", ["follow_up", "consult"])
def test_every_slot_the_book_calls_free_is_booked_and_every_other_is_refused(visit_type):
    """On laura-day at checkout, for each slot of tomorrow's busy book (and the next days'), the engine's
    BookFollowUp accepts exactly the slots the book shows free, and refuses the others in the words the book
    shows under the grid."""
    sim = at_checkout()
    model = book_for(sim, visit_type)
    seen = set()
    for day in (TOMORROW, dt.date(2026, 3, 9), dt.date(2026, 3, 13)):
        for cell in model.cells(day, "greene"):
            refusal = try_booking(sim, day.isoformat(), cell.start, "greene", visit_type)
            seen.add(cell.status)
            if cell.fits:
                assert refusal is None, (day, format_clock(cell.start), refusal)
            else:
                assert refusal is not None and refusal in cell.reason, (day, format_clock(cell.start), cell)
    assert {FREE, BOOKED, LUNCH} <= seen and (SHORT in seen) == (visit_type == "consult")


def test_a_visit_too_long_for_its_gap_says_how_many_minutes_are_free():
    """A 30-minute consult at 8:45 tomorrow (a patient at 9:00) or at 11:45 (lunch at 12:00) is "too short: 15 min
    free"; at 9:30 (the 10:00 patient leaves 30 minutes) it fits."""
    model = book_for(at_checkout(), "consult")
    cells = {format_clock(c.start): c for c in model.cells(TOMORROW, "greene")}
    for time in ("08:45", "11:45"):
        assert cells[time].status == SHORT and cells[time].label == "too short: 15 min free"
    assert cells["09:30"].status == FREE
    assert cells["09:00"].status == BOOKED and cells["09:00"].visit is not None
    assert cells["09:00"].label == cells["09:00"].visit.name


def test_lunch_the_past_and_today_are_marked():
    """Lunch rows on a later day are lunch; Monday of this week is past; today, before now is past, a visit shows
    its patient and state, and the rest says to book a later day."""
    model = book_for(at_checkout())
    assert {c.status for c in model.cells(TOMORROW, "greene") if parse_clock("12:00") <= c.start < parse_clock("12:30")} == {LUNCH}
    assert {c.status for c in model.cells(dt.date(2026, 3, 2), "greene")} == {PAST}
    today = {format_clock(c.start): c for c in model.cells(LAURA.date, "greene")}
    assert today["08:00"].status == PAST
    assert today["09:00"].status == BOOKED and today["09:00"].label == "Robert Chen · at checkout"
    assert today["15:30"].status == TODAY and not today["15:30"].fits


def test_a_day_the_clinic_is_closed_is_marked_closed():
    """A weekday the clinic does not open is a closed column in the week view, and the engine refuses it too."""
    text = textwrap.dedent(
        """\
        format: 1
        id: closed
        title: Closed Wednesdays
        jurisdiction: ON
        clinic:
          name: Test Clinic
          days: [mon, tue, thu, fri]
          staff:
            - {id: greene, role: doctor, name: Dr. Anne Greene}
        patients:
          - {id: chen, name: Robert Chen, dob: 1958-04-12}
        """
    )
    scenario = load_scenario_text(text)
    sim = Simulation(scenario)
    view = desk_view(sim)
    model = BookModel(scenario, view, BookRequest("Test", 15, opens_on=dt.date(2026, 3, 10)))
    wednesday = dt.date(2026, 3, 11)
    assert wednesday in model.days() and model.heading(wednesday, "greene")[1] == "closed"
    cells = model.cells(wednesday, "greene")
    assert {c.status for c in cells} == {CLOSED}
    assert view.book is not None and view.book.refusal("greene", "2026-03-11", cells[0].start, 15) in cells[0].reason
    model.move_day(1)  # Tuesday -> Thursday: the closed day is stepped over
    assert model.day == dt.date(2026, 3, 12)


def test_an_announced_away_day_is_marked_and_a_move_agrees_with_the_engine():
    """Before the desk is told, the conference day looks like any other (the book reveals nothing the desk does not
    know); once announced it is "doctor away", and for Linda Brooks's move (she said Tuesdays and Thursdays) each
    slot the book calls free is accepted by MoveBooking and each other is refused or outside her times."""
    def told() -> Simulation:
        sim = Simulation(LAURA)
        sim.advance(at("14:31"))
        return sim

    sim = Simulation(LAURA)
    sim.advance(at("14:00"))
    brooks = desk_view(sim).book.held("brooks")[0]
    model = BookModel(LAURA, desk_view(sim), move_request(LAURA, brooks))
    assert AWAY not in {c.status for c in model.cells(dt.date(2026, 3, 13), "greene")}
    sim = told()
    view = desk_view(sim)
    brooks = next(b for b in view.to_move if b.patient == "brooks")
    model = BookModel(LAURA, view, move_request(LAURA, brooks, available=brooks.available))
    assert model.refresh(view) is False  # nothing shown changed since it was built
    away = model.cells(dt.date(2026, 3, 13), "greene")
    assert {c.status for c in away if c.visit is None or c.visit.own} - {LUNCH} <= {AWAY, OWN}
    assert any(c.status == OWN for c in away) and model.heading(dt.date(2026, 3, 13), "greene")[1] == "Dr. Greene away"
    checked = {FREE: 0, UNAVAILABLE: 0}
    for day in (dt.date(2026, 3, 16), dt.date(2026, 3, 17), dt.date(2026, 3, 13)):
        for cell in model.cells(day, "greene"):
            try:
                sim.apply(A.MoveBooking(sim.now, "brooks", brooks.date, format_clock(brooks.at), day.isoformat(),
                                        format_clock(cell.start)))
                refusal = None
            except A.ActionError as refused:
                refusal = str(refused)
            if refusal is None:  # she cannot be moved back onto the away day: start again from the announcement
                sim = told()
            if cell.status in checked:
                checked[cell.status] += 1
                assert refusal is None, (day, cell)
            elif cell.status != OWN:
                assert refusal is not None and refusal in cell.reason, (day, cell)
    assert checked[FREE] and checked[UNAVAILABLE]  # Tuesday the 17th suits her; Monday the 16th does not


def test_availability_words_are_read_as_the_engine_reads_availability():
    """The desk's words for a patient's availability, read back, suit exactly the slots patient_available allows."""
    patient = Patient.model_validate({"id": "x", "name": "Pat X", "dob": "1970-01-01",
                                      "available": {"days": ["wed", "thu"], "from": "9:00", "until": "12:00"}})
    words = availability_text(patient)
    assert parse_availability(words) == (("wed", "thu"), parse_clock("9:00"), parse_clock("12:00"))
    sim = at_checkout()
    view = desk_view(sim)
    model = BookModel(LAURA, view, follow_up_request(LAURA, view, "chen", available=words))
    for day in (TOMORROW, dt.date(2026, 3, 9)):
        for cell in model.cells(day, "greene"):
            if cell.status in (FREE, UNAVAILABLE):
                assert (cell.status == FREE) == patient_available(patient, day, cell.start, 15), cell
    assert parse_availability(None) == (None, None, None)


def test_a_referral_book_names_the_desks_sort_never_the_true_urgency():
    """Haidari's referral is truly urgent: unsorted, the book's title names no window; sorted routine by the desk,
    it says routine and 90 days (the book shows the student's judgement, not the answer)."""
    sim = Simulation(LAURA)
    sim.advance(at("8:05"))
    doc = next(d for d in desk_view(sim).inbox if d.printed_name == "Fatima Haidari")
    title = referral_request(LAURA, desk_view(sim), doc.id, "consult").title
    assert title == "Referral for Fatima Haidari: 30 min (consult)"
    sim.apply(A.ClassifyReferral(sim.now, doc.id, "routine"))
    title = referral_request(LAURA, desk_view(sim), doc.id, "consult").title
    assert title.endswith("sorted routine: within 90 days") and "urgent" not in title


# --- the cursor and the pick -----------------------------------------------------------------------------------


def test_the_cursor_moves_and_picks_the_slot_under_it():
    """The book opens on the day the order points to; arrows, PgDn, W and the week's edge move the cursor; pick
    gives (date, HH:MM, doctor) of a free slot and refuses a booked one with the reason."""
    model = book_for(at_checkout())
    assert model.day == dt.date(2026, 4, 15) and model.mode == "week" and model.row == 0
    assert "in about 42 days" in model.title()
    model.move_slot(3)
    assert model.pick() == ("2026-04-15", "08:45", "greene")
    model.move_page(1)
    assert model.day == dt.date(2026, 4, 22)
    model.toggle_mode()
    model.move_page(-1)
    assert model.mode == "day" and model.day == dt.date(2026, 4, 21)
    model.toggle_mode()
    for _ in range(4):
        model.move_column(1)  # Tuesday, on to Friday, then over the weekend to Monday
    assert model.day == dt.date(2026, 4, 27) and model.column == 0
    model.go_to(TOMORROW, parse_clock("9:00"))
    with pytest.raises(SlotRefusedError, match="already has a patient from 09:00 to 09:15"):
        model.pick()
    model.move_slot(-len(model.rows))
    assert model.row == 0 and model.pick() == ("2026-03-05", "08:00", "greene")


def test_tab_goes_through_the_doctors_and_all_of_them():
    """With two doctors, Tab shows the second doctor's book, then both side by side (a column each), then the
    first again; a move keeps its doctor."""
    scenario = load_scenario(SCENARIOS / "monday-rush.yaml")
    doctors = [m.id for m in scenario.clinic.staff if m.role == "doctor"]
    view = desk_view(Simulation(scenario))
    model = BookModel(scenario, view, BookRequest("Test", 15))
    model.toggle_mode()
    assert model.doctor == doctors[0] and len(model.columns()) == 1
    model.next_doctor()
    assert model.doctor == doctors[1] and len(model.columns()) == 1
    model.next_doctor()
    assert model.all_doctors and [d for _, d in model.columns()] == doctors
    model.move_column(-1)
    assert model.doctor == doctors[0]
    model.next_doctor()
    assert not model.all_doctors and model.doctor == doctors[0]
    fixed = BookModel(scenario, view, BookRequest("Move", 15, doctor=doctors[1], doctor_fixed=True))
    assert fixed.next_doctor() is False and fixed.doctor == doctors[1]


def test_a_freed_slot_offer_shows_today_only_and_only_the_freed_slot_fits():
    """Offering today's freed slot (Petra Novak's 10:30, cancelled overnight): the book stays on today; exactly the
    freed slots are free; an empty slot nobody cancelled is "not freed"; a booked one shows its patient."""
    sim = Simulation(LAURA)
    sim.advance(at("8:20"))
    view = desk_view(sim)
    assert any(f.at == parse_clock("10:30") for f in view.freed_slots)
    model = BookModel(LAURA, view, BookRequest("Freed", 15, patient="p07", today=True))
    assert model.mode == "day" and model.days() == (LAURA.date,)
    assert model.move_page(1) is False and model.toggle_mode() is False
    cells = {format_clock(c.start): c for c in model.cells(LAURA.date, "greene")}
    freed = [format_clock(f.at) for f in view.freed_slots if f.filled_by is None]
    assert "10:30" in freed and [t for t, c in cells.items() if c.fits] == freed
    assert cells["15:30"].status == NOT_FREED and cells["09:00"].status == BOOKED
    assert cells["08:00"].status == PAST
    model.go_to(LAURA.date, parse_clock("10:30"))
    assert model.pick() == ("2026-03-04", "10:30", "greene")


def test_the_book_redraws_only_when_something_shown_changes():
    """A new view a second later, with nothing shown changed, is not a change; a booking on a shown day is."""
    sim = at_checkout()
    model = book_for(sim)
    model.go_to(TOMORROW, 0)
    sim.advance(sim.now + 1)
    assert model.refresh(desk_view(sim)) is False
    sim.apply(A.BookFollowUp(sim.now, "chen", "2026-03-05", "08:00", "greene"))
    assert model.refresh(desk_view(sim)) is True
    assert model.cells(TOMORROW, "greene")[0].status == BOOKED


# --- the panel, headless -----------------------------------------------------------------------------------------


class _BookScreen(Screen):
    """A screen holding only the book, handing it every event (as the desk does while the book is open)."""

    def __init__(self, app):
        super().__init__(app)
        w, h = app.logical_size
        self.book = AppointmentBook(self.manager, self.root, pygame.Rect(356, 56, w - 364, h - 86))

    def process_event(self, event):
        return self.book.process_event(event)


@pytest.fixture
def scale():
    """The interface's scale (``--scale``); a test parametrizes it to try another."""
    return 1.0


@pytest.fixture
def panel(scale):
    """A 1280x720 window (times ``scale``) with the book opened for Robert Chen's follow-up, on tomorrow's busy book;
    what the desk was handed is in ``picked`` and ``cancelled``."""
    app = App(size=(1280, 720), scale=scale)
    screen = _BookScreen(app)
    app.switch(screen)
    sim = at_checkout()
    model = book_for(sim)
    model.go_to(TOMORROW, parse_clock("8:00"))
    picked, cancelled = [], []

    def on_pick(date, time, doctor):
        picked.append((date, time, doctor))
        return try_booking(sim, date, parse_clock(time), doctor, "follow_up")

    screen.book.open(model, on_pick, lambda: cancelled.append(True))
    frames(app)
    yield app, screen.book, model, picked, cancelled
    pygame.quit()


def frames(app, n=2):
    """Run ``n`` frames."""
    for _ in range(n):
        app.frame(1 / 60)


def press(app, key, mod=0):
    """Press and release ``key``, then run two frames."""
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode="", scancode=0))
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=key, mod=mod, unicode="", scancode=0))
    frames(app)


def click(app, pos):
    """A left click at ``pos``: button down and up, then frames."""
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))
    frames(app)


def test_keys_move_the_cursor_and_enter_picks_the_slot_under_it(panel):
    """Down twice and Right from Thursday 8:00 is Friday 8:30; Enter hands the desk that slot and the book closes."""
    app, book, model, picked, _ = panel
    press(app, pygame.K_DOWN)
    press(app, pygame.K_DOWN)
    press(app, pygame.K_RIGHT)
    assert (model.day, format_clock(model.cursor.start)) == (dt.date(2026, 3, 6), "08:30")
    press(app, pygame.K_RETURN)
    assert picked == [("2026-03-06", "08:30", "greene")] and not book.is_open


def test_enter_on_a_slot_that_does_not_fit_says_why_and_picks_nothing(panel):
    """Thursday 9:00 is booked: Enter leaves the book open, picks nothing, and the line under the grid says why."""
    app, book, model, picked, _ = panel
    for _ in range(4):
        press(app, pygame.K_DOWN)
    assert model.cursor.status == BOOKED
    press(app, pygame.K_RETURN)
    assert picked == [] and book.is_open and "already has a patient from 09:00 to 09:15" in book.message


def test_a_click_moves_the_cursor_and_a_double_click_picks(panel):
    """One click on Thursday 8:15 puts the cursor there; a second click on it picks it."""
    app, book, model, picked, _ = panel
    column = model.columns().index((TOMORROW, "greene"))
    pos = book.cell_centre(column, 1)
    assert pos is not None
    click(app, pos)
    assert (model.day, format_clock(model.cursor.start)) == (TOMORROW, "08:15") and picked == []
    click(app, pos)
    assert picked == [("2026-03-05", "08:15", "greene")] and not book.is_open


def test_the_pick_and_cancel_buttons_and_escape(panel):
    """Pick (the button) picks the cursor's slot; after reopening, Esc closes and tells the desk."""
    app, book, model, picked, cancelled = panel
    click(app, book.pick_button.rect.center)
    assert picked == [("2026-03-05", "08:00", "greene")] and not book.is_open
    book.open(model, lambda *slot: None, lambda: cancelled.append(True))
    frames(app)
    press(app, pygame.K_ESCAPE)
    assert cancelled == [True] and not book.is_open


def test_the_engine_refusal_is_shown_and_the_book_stays_open(panel):
    """When the desk's booking is refused (the slot was taken meanwhile), the engine's words show under the grid."""
    app, book, model, picked, _ = panel
    book.on_pick = lambda *slot: "Dr. Anne Greene already has a patient from 08:00 to 08:15 that day."
    press(app, pygame.K_RETURN)
    assert book.is_open and "already has a patient from 08:00" in book.message


def test_space_stays_the_desks_and_other_keys_are_the_books(panel):
    """Space (pause) is not the book's; a letter is swallowed, so no desk shortcut fires behind the book."""
    _, book, _, _, _ = panel
    space = pygame.event.Event(pygame.KEYDOWN, key=pygame.K_SPACE, mod=0, unicode=" ", scancode=0)
    letter = pygame.event.Event(pygame.KEYDOWN, key=pygame.K_a, mod=0, unicode="a", scancode=0)
    assert book.process_event(space) is False and book.process_event(letter) is True


def test_an_unchanged_book_is_not_redrawn(panel):
    """Frames with nothing changed draw nothing new; a cursor move draws once."""
    app, book, model, _, _ = panel
    before = book.redraws
    for _ in range(10):
        book.update(model.view)
        app.frame(1 / 60)
    assert book.redraws == before
    press(app, pygame.K_DOWN)
    assert book.redraws == before + 1


@pytest.mark.parametrize("scale", [1.5])
def test_clicks_land_on_the_right_cell_at_a_larger_scale(panel):
    """With --scale 1.5 the window is larger; a click at a cell's place on the window still moves the cursor to that
    cell, and a double click picks it."""
    app, book, model, picked, _ = panel
    column = model.columns().index((TOMORROW, "greene"))
    x, y = book.cell_centre(column, 2)
    click(app, (int(x * 1.5), int(y * 1.5)))
    assert format_clock(model.cursor.start) == "08:30"
    click(app, (int(x * 1.5), int(y * 1.5)))
    assert picked == [("2026-03-05", "08:30", "greene")]


@pytest.mark.parametrize("width", [473, 920])
def test_nothing_is_cut_off_in_the_work_area(panel, width):
    """In the desk's work panel (473 wide at 1280x720) or over its middle and right (920), every widget of the book
    lies inside it, the title's lines fit their labels, and the grid keeps at least a dozen rows."""
    app, book, model, _, _ = panel
    book.resize(pygame.Rect(1280 - 8 - width, 56, width, 720 - 86))
    frames(app)
    inside = book.panel.rect
    widgets = [book.title, book.title2, book.prev_button, book.next_button, book.mode_button, book.doctor_button,
               book.grid, book.pick_button, book.cancel_button]
    for widget in widgets:
        assert inside.contains(widget.rect), (widget, widget.rect, inside)
    for label in (book.title, book.title2):
        assert book.title_font.size(label.text)[0] <= label.rect.width
    assert "…" not in book.title.text + book.title2.text
    assert book._geometry["visible"] >= 12


def test_changing_the_visit_type_in_the_open_book_changes_what_fits(panel):
    """Reopened on Thursday 8:45 for a 30-minute consult (a patient at 9:00), the slot is too short; Enter picks
    nothing and says how many minutes are free."""
    app, book, model, picked, _ = panel
    book.set_request(follow_up_request(LAURA, model.view, "chen", "consult"))
    model.go_to(TOMORROW, parse_clock("8:45"))
    press(app, pygame.K_RETURN)
    assert picked == [] and model.cursor.status == SHORT and "Only 15 minutes are free from 08:45" in book.message
    assert "30 min" in book.title.text


def test_a_slot_outside_the_patients_times_is_marked_but_can_still_be_picked():
    """The patient's times are the desk's to respect, not a rule the engine enforces: a slot outside them is
    marked (and the line under the grid says why) but a pick takes it, so the grader, not the screen, judges it."""
    sim = Simulation(LAURA)
    sim.advance(10 * 3600)
    view = desk_view(sim)
    brooks = desk_view(sim).book.held("brooks")[0]
    model = BookModel(LAURA, view, move_request(LAURA, brooks, available="tue, thu"))
    monday = next(d for d in model.days() if d.strftime("%a") == "Mon")
    cell = next(c for c in model.cells(monday, "greene") if c.status == UNAVAILABLE)
    model.go_to(monday, cell.start, "greene")
    assert "Outside what the patient said they can do" in model.describe() and "can still book it" in model.describe()
    assert model.pick() == (monday.isoformat(), format_clock(cell.start), "greene")
