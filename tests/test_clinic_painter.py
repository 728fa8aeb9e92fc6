"""The drawn clinic (simulator/ui/clinic_painter.py): a figure per person with their name and mood in words, moods
from what the desk shows, people walking by the simulated clock, the phone console's lights in words, nothing drawn
outside the scene's rect, long names cut with an ellipsis, and the same views giving the same pixels."""

import os

os.environ["SDL_VIDEODRIVER"] = "dummy"  # before pygame initialises: no screen here
os.environ["SDL_AUDIODRIVER"] = "dummy"

import pygame  # noqa: E402
import pytest  # noqa: E402

from frontdesk.simulator.core.view import CounterView, DeskView, LineView, RoomView, WaitingView  # noqa: E402
from frontdesk.simulator.ui.clinic_painter import (  # noqa: E402
    LEAVE_SECONDS,
    MOODS,
    WALK_SECONDS,
    ClinicPainter,
    counter_mood,
    fit_text,
    waiting_mood,
)

NINE = 9 * 3600
NAMES = {"chen": "Robert Chen", "okafor": "Grace Okafor", "long": "Maximiliana Bartholomew-Featherstonehaugh",
         "boyd": "James Boyd", "stein": "Christopher Stein"}
SIZE = pygame.Rect(0, 0, 435, 336)


@pytest.fixture(autouse=True)
def _pygame():
    pygame.display.init()
    pygame.font.init()
    pygame.display.set_mode((10, 10))
    yield
    pygame.quit()


def desk(now, **parts):
    """A desk view at ``now`` holding only ``parts`` (the rest empty), as the engine would build it."""
    fields = dict(now=now, lines=(), counter=(), serving=None, waiting=(), with_doctor=(), inbox=(),
                  screen_locked=False, at_desk=True, finished=False, serving_says=(), serving_chart=())
    fields.update(parts)
    return DeskView(**fields)


def waiting(patient, since, appointment=None, informed=False, **extra):
    """One patient in the waiting room since ``since``."""
    return WaitingView(patient, since, appointment, informed, None, **extra)


def at_counter(patient, since, state="arrived", appointment=NINE):
    """One patient at the counter since ``since``."""
    return CounterView(patient, state, since, appointment, None, None, (), ())


def line(n, state=None, rings=0, urgent=False):
    """Phone line ``n`` in ``state`` (None: quiet)."""
    return LineView(n, f"C{n}" if state else None, state, "patient" if state else None, None, None, None, urgent,
                    rings, False, None, None)


def painter(**options):
    """A painter of a one-doctor clinic with three phone lines."""
    return ClinicPainter(NAMES, [("greene", "Dr. Anne Greene")], options.pop("phone_lines", 3), **options)


def painted(p, view, selected=None, hover=None, rect=SIZE):
    """``view`` given to ``p`` and painted on a fresh surface; the surface."""
    p.update(view)
    surface = pygame.Surface((rect.right + 40, rect.bottom + 40))
    surface.fill((255, 0, 255))
    p.paint(surface, rect, selected, hover)
    return surface


def person(p, patient):
    """The item ``patient`` is drawn as."""
    return next(i for i in p.items if i.patient == patient)


def test_a_figure_per_waiting_patient_with_name_and_mood_word():
    """Every patient in the waiting room is a figure of their own, their name and a mood word written at it."""
    p = painter()
    view = desk(NINE + 600, waiting=(waiting("chen", NINE, NINE), waiting("okafor", NINE + 300, NINE + 900)))
    painted(p, view)
    figures = [i for i in p.items if i.kind == "waiting"]
    assert [i.key for i in figures] == [("waiting", "chen"), ("waiting", "okafor")]
    words = [text for text, _ in p.written]
    for item in figures:
        assert item.mood in MOODS
        assert item.name in words
        assert any(text.startswith(item.mood) and "min" in text for text in words)


def test_the_mood_word_changes_as_the_wait_grows():
    """The same patient reads calm, then restless, then upset as their appointment time slips past, by their face
    and their word; told of the delay, they stay restless rather than upset."""
    p = painter()
    moods = []
    for minutes in (2, 10, 20):
        painted(p, desk(NINE + minutes * 60, waiting=(waiting("chen", NINE, NINE),)))
        item = person(p, "chen")
        moods.append(item.mood)
        assert any(text.startswith(item.mood) for text, _ in p.written)
    assert moods == ["calm", "restless", "upset"]
    painted(p, desk(NINE + 20 * 60, waiting=(waiting("chen", NINE, NINE, informed=True),)))
    assert person(p, "chen").mood == "restless"


def test_moods_come_from_the_numbers_the_desk_shows():
    """Mood is a function of minutes waited and minutes late (and whether the patient was told), nothing hidden."""
    assert waiting_mood(0, 0, False) == "calm"
    assert waiting_mood(15, 0, False) == "restless"
    assert waiting_mood(6, 5, False) == "restless"
    assert waiting_mood(30, 15, False) == "upset"
    assert waiting_mood(30, 15, True) == "restless"
    assert counter_mood(1, False) == "calm"
    assert counter_mood(3, False) == "restless"
    assert counter_mood(6, False) == "upset"
    assert counter_mood(6, True) == "calm"


def test_faces_differ_by_mood():
    """Each mood has its own face (colour is never the only signal): the figures' pixels differ."""
    p = painter()
    faces = {mood: pygame.image.tobytes(p._figure("chen", mood, "sit", 0), "RGBA") for mood in MOODS}
    assert len(set(faces.values())) == len(MOODS)


def test_nothing_is_drawn_outside_its_rect():
    """The scene paints only inside the rect it is given, however crowded (people walking, lights, captions)."""
    p = painter(assisting=True, exam_rooms=2)
    rect = pygame.Rect(30, 25, 435, 336)
    crowd = tuple(waiting(f"w{i}", NINE - i * 60, NINE - 1800) for i in range(14))
    counter = tuple(at_counter(f"c{i}", NINE + 590) for i in range(6))
    room = RoomView("boyd", (), None, (), (), (), False, False)
    view = desk(NINE + 600, waiting=crowd, counter=counter, rooms=(room,), with_doctor=(("greene", "stein"),),
                lines=(line(1, "ringing", 5), line(2, "on_hold"), line(3, "active")))
    surface = painted(p, desk(NINE + 500), rect=rect)
    p.update(view)
    p.paint(surface, rect, ("waiting", "w3"), (200, 200))
    w, h = surface.get_size()
    outside = [pygame.Rect(0, 0, w, rect.y), pygame.Rect(0, rect.bottom, w, h - rect.bottom),
               pygame.Rect(0, 0, rect.x, h), pygame.Rect(rect.right, 0, w - rect.right, h)]
    for strip in outside:  # magenta is the extreme of each channel: an average of it means every pixel is it
        assert tuple(pygame.transform.average_color(surface, strip))[:3] == (255, 0, 255)
    for text, where in p.written:
        assert rect.contains(where), text


def test_a_long_name_is_cut_with_an_ellipsis_and_shown_whole_on_hover():
    """A name wider than its seat is written cut, ending with "…", inside the seat; pointing at the figure writes
    the whole name in the caption."""
    p = painter()
    painted(p, desk(NINE + 60, waiting=(waiting("long", NINE),)))
    seat = person(p, "long").rect
    cut = [(text, where) for text, where in p.written if text.startswith("Maximiliana")]
    assert cut and cut[0][0].endswith("…") and cut[0][1].width <= seat.width
    painted(p, desk(NINE + 60, waiting=(waiting("long", NINE),)), hover=seat.center)
    assert NAMES["long"] in p.caption


def test_fit_text_keeps_what_fits():
    """A text that fits is kept whole; a longer one is the longest head that fits with its ellipsis."""
    font = pygame.font.Font(None, 16)
    assert fit_text(font, "Ann", 200) == "Ann"
    cut = fit_text(font, "Bartholomew Featherstonehaugh", 80)
    assert cut.endswith("…") and font.size(cut)[0] <= 80 and len(cut) > 3


def test_the_console_shows_each_lines_state_in_words():
    """One light per line, each with its state written: a ringing line's ring count, talking, on hold, voicemail,
    quiet; an urgent ringing line is marked "!" as the lines list marks it."""
    p = painter(phone_lines=4)
    view = desk(NINE, lines=(line(1, "ringing", 2), line(2, "ringing", 4), line(3, "on_hold"), line(4)))
    painted(p, view)
    lights = {i.key: i.lines[0] for i in p.items if i.kind == "line"}
    assert lights == {("line", "1"): "1 ringing ×2", ("line", "2"): "! 2 ringing ×4", ("line", "3"): "3 on hold",
                      ("line", "4"): "4 quiet"}
    words = [text for text, _ in p.written]
    assert "1 ringing ×2" in words and "! 2 ringing ×4" in words


def test_a_patient_walks_in_to_the_counter_then_to_a_seat_then_out():
    """By the simulated clock alone: an arrival walks from the entrance to the counter, once checked in walks to a
    seat and sits, and when gone from the room walks back out of the entrance, "leaving", then is gone."""
    p = painter()
    arrive = NINE
    painted(p, desk(arrive - 60))
    entrance_x = p._geometry.entrance.centerx
    painted(p, desk(arrive, counter=(at_counter("chen", arrive),)))
    start = person(p, "chen")
    assert start.kind == "walking" and abs(start.rect.centerx - entrance_x) <= 2
    painted(p, desk(arrive + WALK_SECONDS // 2, counter=(at_counter("chen", arrive),)))
    halfway = person(p, "chen").rect.centerx
    painted(p, desk(arrive + WALK_SECONDS, counter=(at_counter("chen", arrive),)))
    there = person(p, "chen")
    assert there.kind == "counter" and entrance_x < halfway < there.rect.centerx
    checked_in = arrive + 120
    painted(p, desk(checked_in + 2, waiting=(waiting("chen", checked_in),)))
    assert person(p, "chen").kind == "walking"
    painted(p, desk(checked_in + WALK_SECONDS, waiting=(waiting("chen", checked_in),)))
    seated = person(p, "chen")
    assert seated.kind == "waiting" and seated.rect in p._geometry.seats
    left = checked_in + 1800
    states = (("chen", NINE, "left_without_visit"),)
    painted(p, desk(left, visit_states=states))
    leaving = person(p, "chen")
    assert leaving.kind == "leaving" and leaving.mood == "leaving" and leaving.key is None
    assert "leaving" in [text for text, _ in p.written]
    painted(p, desk(left + LEAVE_SECONDS // 2, visit_states=states))
    assert person(p, "chen").kind == "leaving"
    painted(p, desk(left + LEAVE_SECONDS, visit_states=states))
    painted(p, desk(left + LEAVE_SECONDS + 1, visit_states=states))
    assert not [i for i in p.items if i.patient == "chen"]


def test_people_keep_their_seats():
    """When one patient leaves the waiting room the others stay where they sit (no one shuffles along)."""
    p = painter()
    three = (waiting("chen", NINE), waiting("okafor", NINE + 60), waiting("boyd", NINE + 120))
    painted(p, desk(NINE + 600, waiting=three))
    before = {i.patient: i.rect for i in p.items if i.kind == "waiting"}
    painted(p, desk(NINE + 660, waiting=three[1:]))
    after = {i.patient: i.rect for i in p.items if i.kind == "waiting"}
    assert after == {k: before[k] for k in ("okafor", "boyd")}


def test_a_crowd_beyond_the_seats_is_counted_in_words():
    """More patients than seats: the rest are counted ("+N more") and named in full in that tag's caption, and a
    click on the tag selects the first of them (the mouse reaches them too)."""
    p = painter()
    crowd = tuple(waiting(name, NINE + i) for i, name in enumerate(["chen", "okafor", "boyd", "stein", "long"]))
    extra = tuple(waiting(f"x{i}", NINE + 100 + i) for i in range(12))
    painted(p, desk(NINE + 600, waiting=crowd + extra))
    seats = len(p._geometry.seats)
    more = next(i for i in p.items if i.kind == "more")
    assert more.lines == (f"+{17 - seats} more",)
    assert "x11" in more.text and "min" in more.text and "Tab" in more.text
    assert len(p.order) == 17  # every one of them is still reached by Tab
    hidden = [key for key in p.order if not any(i.key == key and i.kind != "more" for i in p.items)]
    assert p.hit(more.rect.center).key == more.key == hidden[0]


def test_the_same_views_paint_the_same_pixels():
    """Two painters given the same views paint byte-identical pictures: no wall clock, no randomness."""
    views = [desk(NINE + t, counter=(at_counter("chen", NINE),) if t < 100 else (),
                  waiting=(waiting("chen", NINE + 100),) if t >= 100 else (), lines=(line(1, "ringing", t // 30),))
             for t in range(0, 200, 7)]
    pictures = []
    for _ in range(2):
        p = painter()
        surface = None
        for v in views:
            surface = painted(p, v, selected=("line", "1"))
        pictures.append(pygame.image.tobytes(surface, "RGB"))
    assert pictures[0] == pictures[1]


def test_a_click_point_finds_the_person_and_the_light():
    """What a point hits: a person selects as their row did; a phone light selects its line; a door only reads."""
    p = painter()
    painted(p, desk(NINE + 900, waiting=(waiting("chen", NINE),), lines=(line(1, "ringing", 1),)))
    seat = person(p, "chen").rect
    assert p.hit(seat.center).key == ("waiting", "chen")
    light = next(i for i in p.items if i.kind == "line")
    assert p.hit(light.rect.center).key == ("line", "1")
    door = next(i for i in p.items if i.kind == "door")
    assert p.hit(door.rect.center).key is None and "Dr. Anne Greene · free" == p.hit(door.rect.center).text


def test_exam_rooms_show_who_is_in_them():
    """Medical-assistant mode: a roomed patient sits in an exam room with what is left to do in words; the
    patient the doctor is seeing is in a room too, "with the doctor", and the doctor's door says with whom; an
    empty room says it is free."""
    p = painter(assisting=True, exam_rooms=3)
    room = RoomView("boyd", (), None, (), (), (), False, False)
    painted(p, desk(NINE, rooms=(room,), with_doctor=(("greene", "stein"),)), rect=pygame.Rect(0, 0, 435, 420))
    boyd, stein = person(p, "boyd"), person(p, "stein")
    assert boyd.key == ("room", "boyd") and boyd.lines == ("vitals to take",)
    assert stein.key is None and stein.lines == ("with the doctor",)
    door = next(i for i in p.items if i.kind == "door")
    assert door.lines == ("with Christopher Stein",)
    assert [i.text for i in p.items if i.kind == "free room"] == ["Room 3 · free"]
    assert "free" in [text for text, _ in p.written]


@pytest.mark.parametrize("width", [435, 520, 653])
def test_no_words_are_written_over_other_words(width):
    """At every height the desk gives the clinic, with a crowd at the counter and in the waiting room, people
    walking in and out and every tag shown, no two pieces of writing overlap."""
    crowd = tuple(waiting(f"w{i}", NINE - i * 60, NINE - 1800, informed=i % 2 == 0, needs_rooming=i % 3 == 0)
                  for i in range(9))
    queue = tuple(at_counter(f"c{i}", NINE + 560 + 5 * i) for i in range(8))
    lines = (line(1, "ringing", 12, urgent=True), line(2, "voicemail"), line(3, "active"))
    for height in range(300, 480, 10):
        p = painter()
        rect = pygame.Rect(0, 0, width, height)
        painted(p, desk(NINE + 500, waiting=crowd[1:], counter=queue[2:]), rect=rect)
        painted(p, desk(NINE + 600, waiting=crowd, counter=queue, serving="c0", lines=lines,
                        with_doctor=(("greene", "w8"),), visit_states=(("w8", NINE, "in_exam_room"),)),
                selected=("waiting", "w1"), rect=rect)
        assert any(i.kind in ("walking", "leaving") for i in p.items)
        for n, (text, where) in enumerate(p.written):
            for other, there in p.written[n + 1:]:
                assert not where.colliderect(there), (height, text, other)
        tags = [i for i in p.items if i.kind == "more"]
        assert tags  # eight at the counter are more than its places at any of these widths
        for tag in tags:
            assert tag.rect.collidelist(p.bodies) < 0, (height, tag.lines)
