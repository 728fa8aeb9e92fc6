"""The drawn clinic: the desk's picture of the office, with the people in it (issue 14, Deliver 5).

Plain pygame, no widgets: :class:`ClinicPainter` draws, into a rect of a surface, the phone console (a light per
line, its state written beside it), the entrance, the counter with its queue, the waiting room with a seated figure
per patient, the doctors' doors and, in medical-assistant mode, the exam rooms. Every person has a name under them
and a mood shown twice, by the face (a smile, a flat mouth, a frown, the back of the head for one walking out) and
by a word ("calm", "restless", "upset", "leaving"); colour is never the only signal.

The picture shows nothing the desk's lists did not: moods come from the minutes waited and the minutes past the
appointment (:func:`waiting_mood`, :func:`counter_mood`), never from the engine's hidden patience. Motion is driven
by the simulated clock alone (the view's ``now``): a patient who arrives walks from the entrance to the counter, one
checked in walks to a seat, one called in walks to the doctor's door, one who leaves walks out. The painter
remembers where each person was (seats are kept, as people keep theirs), so the same sequence of views always gives
the same pictures; no wall clock is read.

What does not change is made once: the room (walls, doors, chairs, counter) per size, each figure per look, mood
and pose, each text per font and colour; a frame blits them.
"""

from __future__ import annotations

import json
import math
import zlib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Mapping, Sequence

import pygame

from ..core.view import CounterView, DeskView, LineView, RoomView, WaitingView
from ..scenario.times import format_clock
from .fonts import fit_text, noto

__all__ = ["ClinicPainter", "SceneItem", "MOODS", "WALK_SECONDS", "LEAVE_SECONDS", "waiting_mood", "counter_mood",
           "waiting_numbers", "clinic_colours", "fit_text"]

Colour = tuple[int, int, int]
Selection = tuple[str, ...]
Place = tuple[str, int]

#: The moods a figure shows, each by its face and by this word.
MOODS = ("calm", "restless", "upset", "leaving")
#: Simulated seconds a walk takes (entrance to counter, counter to seat, seat to the doctor); a step forward in the
#: queue or to another seat takes a few.
WALK_SECONDS = 15
STEP_SECONDS = 4
#: Walking out takes longer, so that a walk-out is seen.
LEAVE_SECONDS = 30

#: A figure's box: its width, its height standing, and seated.
FIG_W, FIG_H, SIT_H = 26, 46, 36
PAD = 6
#: The heights of the console's row of lights, of the front of the office (entrance, queue, counter: a standing
#: figure and three lines of words), of the caption line, and of a zone's title.
LIGHT_ROW_H, FRONT_H, CAPTION_H, LABEL_H = 24, 96, 22, 17
CONSOLE_NAME_W, LIGHT_MIN_W = 64, 118
#: The widest a passing person's words may be.
PASSING_W = 110
#: The smallest cells: a place in the queue, a seat (a seated figure and two lines), a door or an exam room.
SLOT_MIN_W = 88
#: In a door's or a room's cell: where the doorway (and the person in it) starts, and where the words start.
DOOR_X, TEXT_X = 4, 38
SEAT_MIN_W, SEAT_MIN_H, SEAT_MAX_H = 90, 66, 72
BACK_MIN_H, BACK_MAX_H = 52, 62

_LINE_WORDS = {"ringing": "ringing", "active": "talking", "on_hold": "on hold", "voicemail": "voicemail"}
_COUNTER_WORDS = {"arrived": "check-in", "arrived_late": "late check-in", "walk_in": "walk-in",
                  "checkout": "checkout"}
#: Why a person walks out, by the state their visit ended in.
_GONE_WORDS = {"left_without_visit": "leaving", "left_after_visit": "leaving", "sent_to_emergency": "to emergency",
               "checked_out": "going home"}
_GONE_CAPTIONS = {"left_without_visit": "left without being seen", "left_after_visit": "left before checkout",
                  "sent_to_emergency": "sent to emergency", "checked_out": "checked out, going home"}


# --- what the figures show -------------------------------------------------------------------------------------


def waiting_numbers(w: WaitingView, now: int) -> tuple[int, int]:
    """Minutes ``w``'s patient has waited, and minutes past their appointment time (0 for none or not yet): the
    two numbers the desk's waiting list has always shown."""
    minutes = (now - w.since) // 60
    late = max(0, (now - w.appointment) // 60) if w.appointment is not None else 0
    return minutes, late


def waiting_mood(minutes: int, late: int, informed: bool) -> str:
    """A waiting patient's mood from what the desk shows of them: *upset* 15 minutes past their time with nobody
    having told them why (the rows the desk's list marked urgent), *restless* 5 minutes past their time or a quarter
    of an hour in the room, *calm* before that. The engine's own patience is never read."""
    if late >= 15 and not informed:
        return "upset"
    if late >= 5 or minutes >= 15:
        return "restless"
    return "calm"


def counter_mood(minutes: int, served: bool) -> str:
    """A patient at the counter: *calm* while served or for the first two minutes (the list marked a longer
    unserved wait urgent), *restless* after that, *upset* from five minutes."""
    if served or minutes < 2:
        return "calm"
    return "upset" if minutes >= 5 else "restless"


def clinic_colours(theme: Path | None = None) -> dict[str, Colour]:
    """The scene's colours: the ``@clinic`` block of ``assets/theme.json`` (or ``theme``), by name without the
    ``clinic_`` prefix."""
    if theme is None:
        theme = Path(str(resources.files("frontdesk.simulator.assets").joinpath("theme.json")))
    block = json.loads(theme.read_text(encoding="utf-8"))["@clinic"]["colours"]
    return {name.removeprefix("clinic_"): _hex(value) for name, value in block.items()}


def _hex(text: str) -> Colour:
    text = text.lstrip("#")
    return (int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16))


# --- what the painter says it drew -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SceneItem:
    """Something drawn that the mouse can point at: what a click selects (``None``: nothing to do with it, only to
    read), where it is in the surface, its full words (the caption shows them on hover or focus), and what is
    written at it: the person's ``name``, their ``mood`` word, and the ``lines`` under the name as drawn (before
    any ellipsis)."""

    key: Selection | None
    rect: pygame.Rect
    text: str
    kind: str
    patient: str | None = None
    name: str = ""
    mood: str = ""
    lines: tuple[str, ...] = ()


@dataclass
class _Walker:
    """Where one person is, or is going: their place, where they set off from and when (simulated seconds), and,
    for one walking out, the state their visit ended in."""

    place: Place
    origin: Place | None = None
    t0: int = 0
    seconds: int = WALK_SECONDS
    gone: str | None = None


@dataclass
class _Geometry:
    """Where everything is, for one size of the scene (relative to the scene's rect)."""

    size: tuple[int, int]
    console: pygame.Rect
    lights: list[pygame.Rect]
    front: pygame.Rect
    floor_y: int
    entrance: pygame.Rect
    counter: pygame.Rect
    queue: list[pygame.Rect]
    waiting: pygame.Rect
    seats: list[pygame.Rect]
    back: pygame.Rect
    doors: list[pygame.Rect]
    rooms: list[pygame.Rect]
    caption: pygame.Rect
    background: pygame.Surface | None = field(default=None, repr=False)
    #: Where the room's own words are (the entrance's, the doors'), which no passing person's words cover.
    labels: list[pygame.Rect] = field(default_factory=list)


def _grid(area: pygame.Rect, n: int, min_w: int, min_h: int, max_h: int) -> list[pygame.Rect]:
    """Up to ``n`` cells filling ``area`` row by row, each at least ``min_w`` × ``min_h`` and at most ``max_h``
    high (fewer cells when they do not fit: the caller says the rest in words)."""
    if n <= 0 or area.width < min_w or area.height < min_h:
        return []
    cols = max(1, area.width // min_w)
    rows = max(1, area.height // min_h)
    cell_w = area.width // cols
    cell_h = min(max_h, area.height // rows)
    return [pygame.Rect(area.x + (i % cols) * cell_w, area.y + (i // cols) * cell_h, cell_w, cell_h)
            for i in range(min(n, cols * rows))]


class ClinicPainter:
    """The drawn clinic of one day at the desk.

    ``names``: patient names by id; ``doctors``: (id, name) of each doctor, in the order their doors are drawn;
    ``phone_lines``: the console's lights; ``assisting``: medical-assistant mode, with ``exam_rooms`` rooms drawn.
    Give it each new :class:`DeskView` with :meth:`update` (in time order), then :meth:`paint`. :attr:`items` says
    what is drawn where, :meth:`hit` what a point is on, :attr:`order` the people one can select, in Tab order, and
    :attr:`words` each one's full description (drawn or not: a crowded room shows "+3 more").
    """

    def __init__(self, names: Mapping[str, str], doctors: Sequence[tuple[str, str]], phone_lines: int,
                 assisting: bool = False, exam_rooms: int = 0, colours: Mapping[str, Colour] | None = None,
                 marks_urgency: bool = True):
        self.names = names
        #: Whether a call the scenario calls urgent is marked so (the tutorial's full help); a line ringing three
        #: times or more is marked at every level, as anyone at the desk hears it.
        self.marks_urgency = marks_urgency
        self.doctors = list(doctors)
        self.phone_lines = phone_lines
        self.assisting = assisting
        self.exam_rooms = exam_rooms if assisting else 0
        self.colours = dict(colours) if colours is not None else clinic_colours()
        self.font = noto(12, bold=True)
        self.small = noto(11)
        self.caption_font = noto(13)
        self.items: list[SceneItem] = []
        #: The words the last paint wrote over the people and the console, each where it went (surface
        #: coordinates), and the caption line's words in full (before any ellipsis).
        self.written: list[tuple[str, pygame.Rect]] = []
        self.caption = ""
        #: Where the last paint drew each person (surface coordinates).
        self.bodies: list[pygame.Rect] = []
        self.order: list[Selection] = []
        self.words: dict[Selection, str] = {}
        self.view: DeskView | None = None
        self._geometry: _Geometry | None = None
        self._walkers: dict[str, _Walker] = {}
        self._texts: dict[tuple[int, str, Colour], pygame.Surface] = {}
        self._fits: dict[tuple[int, str, int], str] = {}
        self._bounds: dict[int, pygame.Rect] = {}
        self._figures: dict[tuple[int, str, str, int], pygame.Surface] = {}
        self._first = True
        #: What the last view showed of the clinic, and the picture made of it (to tell when to paint again).
        self._seen: tuple = ()
        self._picture: tuple = ()
        self._door_of = {doctor: i for i, (doctor, _) in enumerate(self.doctors)}

    # --- the people, from each view ---------------------------------------------------------------------------

    def update(self, view: DeskView) -> bool:
        """Take the desk at a new second: who is where now, who set off for where, who walked out. True when the
        picture changed (someone moved, a minute ticked over, a light changed), so it needs painting again."""
        seen = (view.now, view.lines, view.counter, view.serving, view.waiting, view.with_doctor, view.rooms,
                view.at_desk, view.screen_locked, view.staff_present)
        if seen == self._seen:
            return False
        self._seen = seen
        self.view = view
        self.order = ([("counter", c.patient) for c in view.counter] + [("waiting", w.patient) for w in view.waiting]
                      + [("room", r.patient) for r in view.rooms])
        if self._geometry is None:
            return True
        self._place_people(view)
        self._list_items(view)
        picture = (view.at_desk, view.screen_locked, view.serving,
                   tuple((i.kind, i.key, tuple(i.rect), i.lines, i.mood, i.text) for i in self.items))
        if picture == self._picture:
            return False
        self._picture = picture
        return True

    def _name(self, patient: str | None) -> str:
        return "" if patient is None else self.names.get(patient, patient)

    def _targets(self, view: DeskView) -> dict[str, tuple[Place, Place, int | None]]:
        """Each present patient's place, where they come from if they are new there, and since when."""
        geo = self._geometry
        assert geo is not None
        targets: dict[str, tuple[Place, Place, int | None]] = {}
        # The one being served stands at the counter; the others queue behind, in the order they came.
        for i, c in enumerate(sorted(view.counter, key=lambda c: c.patient != view.serving)):
            place: Place = ("queue", i) if i < len(geo.queue) else ("off", 0)
            targets[c.patient] = (place, ("door", 0) if c.state != "checkout" else ("doctor", 0), c.since)
        present = {w.patient for w in view.waiting}
        self._seat(view.waiting, present, "seat", len(geo.seats), ("queue", 0), targets)
        doctor_of = {patient: doctor for doctor, patient in view.with_doctor}
        if self.assisting:  # the doctor sees patients in the exam rooms
            roomed = [r.patient for r in view.rooms]
            in_rooms = roomed + [p for p in doctor_of if p not in roomed]
            self._seat([_Arrival(p) for p in in_rooms], set(in_rooms), "room", len(geo.rooms), ("seat", -1), targets)
        else:
            for patient, doctor in doctor_of.items():
                targets[patient] = (("doctor", self._door_of.get(doctor, 0)), ("seat", -1), None)
        return targets

    def _seat(self, people: Sequence[WaitingView | _Arrival], present: set[str], kind: str, places: int,
              origin: Place, targets: dict[str, tuple[Place, Place, int | None]]) -> None:
        """Seats (or rooms) are kept: whoever has one keeps it; a newcomer takes the first free one, in the order
        they came; with none free they are counted, not drawn."""
        kept = {w.place[1] for p, w in self._walkers.items()
                if w.place[0] == kind and w.gone is None and p in present and w.place[1] < places}
        free = [i for i in range(places) if i not in kept]
        for person in sorted(people, key=lambda x: (x.since, x.patient)):
            walker = self._walkers.get(person.patient)
            if walker is not None and walker.gone is None and walker.place[0] == kind and walker.place[1] in kept:
                place = walker.place
            elif free:
                place = (kind, free.pop(0))
            else:
                place = ("off", 0)
            targets[person.patient] = (place, origin, person.since if isinstance(person, WaitingView) else None)

    def _place_people(self, view: DeskView) -> None:
        """Move each walker towards their place now; start a walk for each who changed place, and one out of the
        door for each who is no longer anywhere."""
        now = view.now
        targets = self._targets(view)
        for patient, (place, origin, since) in targets.items():
            walker = self._walkers.get(patient)
            if walker is None:
                # New here: they walk in from ``origin``, setting off when the view says they came (someone
                # already there when the desk opened stands in their place).
                start = since if since is not None else now
                walks = place[0] != "off" and (not self._first or since is not None and now - since < WALK_SECONDS)
                self._walkers[patient] = _Walker(place, origin if walks else None, start)
            elif walker.place != place or walker.gone is not None:
                same_area = walker.place[0] == place[0] and walker.gone is None
                came_from = walker.place if "off" not in (walker.place[0], place[0]) else None
                start = since if since is not None and walker.t0 < since <= now and not same_area else now
                self._walkers[patient] = _Walker(place, came_from, start, STEP_SECONDS if same_area else WALK_SECONDS)
        ended = {patient: state for patient, _, state in view.visit_states if state in _GONE_WORDS}
        for patient in [p for p in self._walkers if p not in targets]:
            walker = self._walkers[patient]
            if walker.gone is None:
                came_from = walker.place if walker.place[0] != "off" else None
                self._walkers[patient] = _Walker(("door", 0), came_from, now, LEAVE_SECONDS,
                                                 ended.get(patient, "left_without_visit"))
            elif walker.origin is None or now >= walker.t0 + walker.seconds:
                del self._walkers[patient]
        self._first = False

    # --- where things are -------------------------------------------------------------------------------------

    def _layout(self, size: tuple[int, int]) -> _Geometry:
        w, h = size
        rows = 1  # as many rows of lights as it takes for each light's words to fit ("! 2 ringing ×12")
        room = w - CONSOLE_NAME_W - PAD
        while rows < self.phone_lines and room // math.ceil(self.phone_lines / rows) < LIGHT_MIN_W:
            rows += 1
        per_row = math.ceil(self.phone_lines / rows)
        console = pygame.Rect(0, 0, w, rows * LIGHT_ROW_H + 8)
        seg = (w - CONSOLE_NAME_W - PAD) // max(1, per_row)
        lights = [pygame.Rect(CONSOLE_NAME_W + (i % per_row) * seg, 4 + (i // per_row) * LIGHT_ROW_H, seg - 4,
                              LIGHT_ROW_H) for i in range(self.phone_lines)]
        caption = pygame.Rect(0, h - CAPTION_H, w, CAPTION_H)
        front = pygame.Rect(0, console.bottom + 2, w, FRONT_H)
        floor_y = front.y + 8 + FIG_H
        entrance = pygame.Rect(PAD + 2, front.y + 6, 38, floor_y - front.y - 6)
        counter = pygame.Rect(w - PAD - 74, floor_y - 28, 74, 28)
        q0, q1 = entrance.right + 8, counter.x - 6
        slots = max(1, (q1 - q0) // SLOT_MIN_W)
        slot_w = (q1 - q0) // slots
        queue = [pygame.Rect(q1 - (i + 1) * slot_w, front.y, slot_w, front.height) for i in range(slots)]
        middle_y = front.bottom + 2
        middle_h = caption.y - 2 - middle_y
        back_w = max(128, min(220, int(w * 0.28)))
        waiting = pygame.Rect(PAD, middle_y, w - back_w - 3 * PAD, middle_h)
        back = pygame.Rect(waiting.right + PAD, middle_y, back_w, middle_h)
        seat_area = pygame.Rect(waiting.x + 2, waiting.y + LABEL_H, waiting.width - 4, waiting.height - LABEL_H)
        seats = _grid(seat_area, 10_000, SEAT_MIN_W, SEAT_MIN_H, SEAT_MAX_H)
        back_area = pygame.Rect(back.x, back.y + LABEL_H, back.width, back.height - LABEL_H)
        cells = _grid(back_area, len(self.doctors) + self.exam_rooms, back.width, BACK_MIN_H, BACK_MAX_H)
        doors, rooms = cells[:len(self.doctors)], cells[len(self.doctors):]
        return _Geometry((w, h), console, lights, front, floor_y, entrance, counter, queue, waiting, seats, back,
                         doors, rooms, caption)

    def _anchor(self, place: Place) -> tuple[float, float]:
        """Where a figure at ``place`` has its feet."""
        geo = self._geometry
        assert geo is not None
        kind, i = place
        if kind == "queue" and 0 <= i < len(geo.queue):
            return geo.queue[i].centerx, geo.floor_y
        if kind == "seat":
            if 0 <= i < len(geo.seats):
                return geo.seats[i].centerx, geo.seats[i].y + SIT_H
            return geo.waiting.centerx, geo.waiting.y + LABEL_H + SIT_H
        cells = geo.rooms if kind == "room" else geo.doors if kind == "doctor" else []
        if cells:
            cell = cells[i] if 0 <= i < len(cells) else cells[-1]
            return cell.x + DOOR_X + FIG_W // 2, cell.bottom - 3
        if kind in ("room", "doctor"):
            return geo.back.centerx, geo.back.y + LABEL_H + FIG_H
        return geo.entrance.centerx, geo.floor_y  # the entrance, and anyone not drawn

    def _position(self, walker: _Walker, now: int) -> tuple[float, float, bool]:
        """The walker's feet at ``now``, and whether they are still on their way."""
        x1, y1 = self._anchor(walker.place)
        if walker.origin is None or now >= walker.t0 + walker.seconds:
            return x1, y1, False
        x0, y0 = self._anchor(walker.origin)
        share = max(0.0, (now - walker.t0) / walker.seconds)
        return x0 + (x1 - x0) * share, y0 + (y1 - y0) * share, True

    # --- the items: what is drawn where, in words ---------------------------------------------------------------

    def _list_items(self, view: DeskView) -> None:
        geo = self._geometry
        assert geo is not None
        now = view.now
        items = [SceneItem(("line", str(l.line)), rect, _line_caption(l), "line",
                               lines=(_line_label(l, self.marks_urgency),))
                 for l, rect in zip(view.lines, geo.lights, strict=False)]
        counter = {c.patient: c for c in view.counter}
        waiting = {w.patient: w for w in view.waiting}
        rooms = {r.patient: r for r in view.rooms}
        doctor_of = {patient: doctor for doctor, patient in view.with_doctor}
        doctor_names = dict(self.doctors)
        # Every person's words first (also those the room has no place for), then what is drawn where.
        words: dict[Selection, str] = {}
        moods: dict[str, tuple[str, tuple[str, ...]]] = {}
        for c in view.counter:
            minutes = (now - c.since) // 60
            served = view.serving == c.patient
            mood = counter_mood(minutes, served)
            words[("counter", c.patient)] = _counter_caption(c, self._name(c.patient), minutes, served, mood)
            moods[c.patient] = (mood, (_COUNTER_WORDS.get(c.state, _spaced(c.state)), f"{mood} · {minutes} min"))
        for w in view.waiting:
            minutes, late = waiting_numbers(w, now)
            mood = waiting_mood(minutes, late, w.informed)
            words[("waiting", w.patient)] = _waiting_caption(w, self._name(w.patient), minutes, late, mood)
            moods[w.patient] = (mood, (f"{mood} · {minutes} min",))
        for r in view.rooms:
            words[("room", r.patient)] = f"{self._name(r.patient)} · in an exam room · {_room_caption(r)}"
            moods[r.patient] = ("calm", (_room_status(r),))
        for patient in doctor_of:
            if patient not in rooms:
                moods[patient] = ("calm", ("with the doctor",))
        walking = sorted(self._walkers.items(), key=lambda pw: self._position(pw[1], now)[1])
        for patient, walker in walking:
            if walker.place[0] == "off" and walker.gone is None:
                continue
            x, y, moving = self._position(walker, now)
            name = self._name(patient)
            height = SIT_H if walker.place[0] in ("seat", "room") and not moving else FIG_H
            figure = pygame.Rect(round(x) - FIG_W // 2, round(y) - height, FIG_W, height)
            if walker.gone is not None:
                word = _GONE_WORDS.get(walker.gone, "leaving")
                mood = "leaving" if word == "leaving" else "calm"
                items.append(SceneItem(None, figure, f"{name} · {_GONE_CAPTIONS.get(walker.gone, 'left')}", "leaving",
                                       patient, name, mood, (word,)))
                continue
            kind, i = walker.place
            mood, lines = moods.get(patient, ("calm", ()))
            if patient in counter:
                key: Selection | None = ("counter", patient)
                cell = geo.queue[i] if kind == "queue" else figure
            elif patient in waiting:
                key, cell = ("waiting", patient), geo.seats[i] if kind == "seat" else figure
            elif kind == "room":
                key = ("room", patient) if patient in rooms else None
                cell = geo.rooms[i] if i < len(geo.rooms) else figure
            else:
                key = None
                cell = geo.doors[i] if kind == "doctor" and i < len(geo.doors) else figure
            text = words.get(key) if key is not None else None
            if text is None:
                doctor = doctor_names.get(doctor_of.get(patient, ""), "the doctor")
                text = f"{name} · with {doctor}"
            items.append(SceneItem(key, figure if moving else cell, text, "walking" if moving else _KIND_OF[kind],
                                   patient, name, mood, () if moving else lines))
        occupied = {w.place[1] for w in self._walkers.values() if w.place[0] == "room" and w.gone is None}
        for k, cell in enumerate(geo.rooms):
            if k not in occupied:
                items.append(SceneItem(None, cell, f"Room {k + 1} · free", "free room", lines=("free",)))
        with_patient = {doctor for doctor, _ in view.with_doctor}
        for (doctor, doctor_name), cell in zip(self.doctors, geo.doors, strict=False):
            if doctor in with_patient and not self.assisting:
                continue  # the patient in the doorway says who is in with the doctor
            patient = next((p for d, p in view.with_doctor if d == doctor), None)
            present = not view.staff_present or doctor in view.staff_present
            state = f"with {self._name(patient)}" if patient else "free" if present else "not in"
            items.append(SceneItem(None, cell, f"{doctor_name} · {state}", "door", name=doctor_name, lines=(state,)))
        zones = (("queue", "at the counter", [c.patient for c in view.counter]),
                 ("seat", "in the waiting room", [w.patient for w in view.waiting]),
                 ("room", "in the exam rooms", [*rooms, *(p for p in doctor_of if p not in rooms)]))
        for place, where, people in zones:
            unseen = [p for p in people if p in self._walkers and self._walkers[p].place[0] == "off"]
            if not unseen:
                continue
            more = f"+{len(unseen)} more"
            width = self.small.size(more)[0] + 10
            # where nobody stands: under the entrance's name, or at the end of the zone's title
            x, y = ((PAD, geo.floor_y + 18) if place == "queue"
                    else (geo.waiting.right - width - 4, geo.waiting.y + 1) if place == "seat"
                    else (geo.back.right - width - 2, geo.back.y + 1))
            text = f"Also {where} (Tab reaches them): " + "; ".join(
                words.get((_KIND_OF[place], p), f"{self._name(p)} · with the doctor") for p in unseen)
            # A click on the tag selects the first of them (Tab goes on to the others), so the mouse reaches them too.
            kind = _KIND_OF[place]
            first = (kind, unseen[0]) if kind in ("counter", "waiting", "room") else None
            items.append(SceneItem(first, pygame.Rect(x, y, width, 16), text, "more", lines=(more,)))
        self.items = items
        self.words = words

    def hit(self, pos: tuple[int, int]) -> SceneItem | None:
        """What is at ``pos`` (relative to the scene's rect): something one can select before what one can only
        read, and the smaller of two (a person before the room they are in)."""
        under = [item for item in self.items if item.rect.collidepoint(pos)]
        if not under:
            return None
        return min(under, key=lambda item: (item.key is None, item.rect.width * item.rect.height))

    def item(self, key: Selection) -> SceneItem | None:
        """The item ``key`` is drawn as, if it is drawn."""
        return next((i for i in self.items if i.key == key), None)

    # --- painting --------------------------------------------------------------------------------------------

    def paint(self, surface: pygame.Surface, rect: pygame.Rect, selected: Selection | None = None,
              hover: tuple[int, int] | None = None) -> None:
        """Draw the clinic of the last view into ``rect`` of ``surface``, and nothing outside it. ``selected`` is
        framed; the item under ``hover`` (relative to ``rect``), or else the selected one, is described in full in
        the caption line at the bottom."""
        size = (rect.width, rect.height)
        if self._geometry is None or self._geometry.size != size:
            self._geometry = self._layout(size)
            self.written = []
            self._geometry.background = self._background(self._geometry)
            self._geometry.labels = [where for _, where in self.written]
            if self.view is not None:
                self._place_people(self.view)
                self._list_items(self.view)
        geo = self._geometry
        assert geo.background is not None
        self.written = []
        clip = surface.get_clip()
        surface.set_clip(rect.clip(clip))
        try:
            surface.blit(geo.background, rect.topleft)
            if self.view is not None:
                self._paint_view(surface, rect.topleft, self.view, selected, self.hit(hover) if hover else None)
        finally:
            surface.set_clip(clip)

    def _c(self, name: str) -> Colour:
        return self.colours[name]

    def _text(self, font: pygame.font.Font, text: str, colour: Colour) -> pygame.Surface:
        key = (id(font), text, colour)
        surf = self._texts.get(key)
        if surf is None:
            if len(self._texts) > 3000:  # minutes change all day: hold a day's worth of words, not every word
                self._texts.clear()
                self._bounds.clear()  # (by the id of a text in the cache: an id is reused once its text is gone)
            surf = self._texts[key] = font.render(text, True, colour)
        return surf

    def _fit(self, font: pygame.font.Font, text: str, width: int) -> str:
        key = (id(font), text, width)
        fitted = self._fits.get(key)
        if fitted is None:
            if len(self._fits) > 3000:
                self._fits.clear()
            fitted = self._fits[key] = fit_text(font, text, width)
        return fitted

    def _write(self, surface: pygame.Surface, font: pygame.font.Font, text: str, x: int, y: int, width: int,
               centre: bool = False, colour: str = "ink") -> None:
        """``text`` at (x, y), cut with an ellipsis to ``width`` (and centred in it when asked)."""
        if width <= 8 or not text:
            return
        fitted = self._fit(font, text, width)
        ink = self._text(font, fitted, self._c(colour))
        at = (x + (width - ink.get_width()) // 2 if centre else x, y)
        surface.blit(ink, at)
        self.written.append((fitted, self._inked(ink).move(at)))

    def _inked(self, ink: pygame.Surface) -> pygame.Rect:
        """Where the letters of a rendered text are (the surface's own line height is taller than its ink)."""
        bounds = self._bounds.get(id(ink))
        if bounds is None:
            bounds = self._bounds[id(ink)] = ink.get_bounding_rect()
        return bounds

    def _pill(self, surface: pygame.Surface, text: str, x: int, y: int) -> None:
        """A small tag of words ("told", "serving", "+3 more") on the clinic's colour."""
        ink = self._text(self.small, text, self._c("tag_text"))
        box = pygame.Rect(x, y, ink.get_width() + 10, 16)
        pygame.draw.rect(surface, self._c("tag"), box, border_radius=7)
        surface.blit(ink, (x + 5, y))
        self.written.append((text, box))

    def _background(self, geo: _Geometry) -> pygame.Surface:
        """The clinic without its people: drawn once per size."""
        w, h = geo.size
        bg = pygame.Surface((w, h))
        c = self._c
        bg.fill(c("room"))
        pygame.draw.rect(bg, c("console"), geo.console, border_radius=6)
        self._write(bg, self.font, "Phones", PAD + 2, geo.console.y + 7, CONSOLE_NAME_W - PAD - 4,
                    colour="console_text")
        front = geo.front
        pygame.draw.rect(bg, c("wall"), (0, front.y, w, geo.floor_y - front.y))
        pygame.draw.rect(bg, c("floor"), (0, geo.floor_y, w, front.bottom - geo.floor_y))
        pygame.draw.line(bg, c("line"), (0, geo.floor_y), (w, geo.floor_y))
        door = geo.entrance
        pygame.draw.rect(bg, c("door_frame"), door.inflate(6, 3).move(0, -1), border_top_left_radius=3,
                         border_top_right_radius=3)
        pygame.draw.rect(bg, c("door"), door)
        pygame.draw.rect(bg, c("wall"), (door.x + 6, door.y + 6, door.width - 12, door.height // 3))  # its glass
        pygame.draw.circle(bg, c("door_frame"), (door.right - 6, door.centery + 4), 2)
        self._write(bg, self.small, "Entrance", door.x - 6, geo.floor_y + 3, door.width + 12, centre=True,
                    colour="muted")
        pygame.draw.rect(bg, c("waiting_floor"), geo.waiting, border_radius=4)
        self._write(bg, self.font, "Waiting room", geo.waiting.x + 4, geo.waiting.y + 1, geo.waiting.width - 8)
        for seat in geo.seats:
            sx, feet = seat.centerx, seat.y + SIT_H
            pygame.draw.rect(bg, c("chair"), (sx - 15, feet - 26, 30, 14), border_radius=3)  # the back
            pygame.draw.rect(bg, c("chair"), (sx - 15, feet - 10, 30, 5), border_radius=2)  # the seat
            pygame.draw.line(bg, c("line"), (sx - 12, feet - 5), (sx - 12, feet), 2)
            pygame.draw.line(bg, c("line"), (sx + 12, feet - 5), (sx + 12, feet), 2)
        title = "Exam rooms" if self.assisting else "Doctors" if len(self.doctors) > 1 else "Doctor"
        self._write(bg, self.font, title, geo.back.x + 2, geo.back.y + 1, geo.back.width - 4)
        for (_, name), cell in zip(self.doctors, geo.doors, strict=False):
            opening = pygame.Rect(cell.x + DOOR_X, cell.y + 3, FIG_W, cell.height - 6)
            pygame.draw.rect(bg, c("door_frame"), opening.inflate(6, 2).move(0, -1), border_top_left_radius=3,
                             border_top_right_radius=3)
            pygame.draw.rect(bg, c("doorway"), opening)
            tx = cell.x + TEXT_X
            for n, part in enumerate(_wrap(self.font, name, cell.right - tx - 2, 2)):  # the name on the door
                self._write(bg, self.font, part, tx, cell.y + 2 + 14 * n, cell.right - tx - 2)
        for i, cell in enumerate(geo.rooms):
            box = cell.inflate(-2, -4)
            pygame.draw.rect(bg, c("waiting_floor"), box, border_radius=4)
            pygame.draw.rect(bg, c("line"), box, 1, border_radius=4)
            pygame.draw.rect(bg, c("bed"), (box.x + 1, box.bottom - 12, FIG_W + 6, 7), border_radius=2)
            self._write(bg, self.small, f"Room {i + 1}", cell.x + TEXT_X, box.y + 1, cell.right - TEXT_X - cell.x - 2,
                        colour="muted")
        pygame.draw.rect(bg, c("frame"), (0, 0, w, h), 1, border_radius=6)
        return bg

    def _paint_view(self, surface: pygame.Surface, origin: tuple[int, int], view: DeskView,
                    selected: Selection | None, hovered: SceneItem | None) -> None:
        ox, oy = origin
        c = self._c
        for item in self.items:  # frames under everything: the selection, and what the mouse is on
            box = item.rect.move(ox, oy).inflate(-2, -2)
            if selected is not None and item.key == selected:
                if item.kind != "line":  # the console is dark: its light keeps its colours, framed
                    pygame.draw.rect(surface, c("focus_bg"), box, border_radius=5)
                pygame.draw.rect(surface, c("focus"), box, 2, border_radius=5)
            elif item is hovered and item.key is not None:
                pygame.draw.rect(surface, c("hover"), box, 1, border_radius=5)
        self._paint_console(surface, origin, view)
        self._paint_counter(surface, origin, view)
        now = view.now
        placed: list[tuple[SceneItem, int, int, pygame.Rect]] = []
        for item in self.items:  # the people first, the nearest last; then every word over them
            if item.patient is None:
                continue
            walker = self._walkers[item.patient]
            x, y, moving = self._position(walker, now)
            pose = "walk" if moving or walker.gone else "sit" if walker.place[0] in ("seat", "room") else "stand"
            step = (int(x) // 7 + int(y) // 7) % 2 if pose == "walk" else 0
            figure = self._figure(item.patient, item.mood, pose, step)
            fx, fy = round(x) + ox, round(y) + oy
            body = figure.get_rect(midbottom=(fx, fy))
            surface.blit(figure, body)
            placed.append((item, fx, fy, body))
        for item in self.items:
            cell = item.rect.move(ox, oy)
            if item.kind == "door":
                self._write(surface, self.small, item.lines[0], cell.x + TEXT_X, cell.y + 31, cell.width - TEXT_X - 2)
            elif item.kind == "free room":
                self._write(surface, self.small, item.lines[0], cell.x + TEXT_X, cell.y + 15, cell.width - TEXT_X - 2)
            elif item.kind == "more":
                self._pill(surface, item.lines[0], cell.x, cell.y)
        for item, fx, fy, _ in placed:
            if item.kind not in ("walking", "leaving"):
                self._paint_words(surface, origin, item, fx, fy)
        bodies = self.bodies = [body for *_, body in placed]
        for n, (item, fx, fy, _) in enumerate(placed):
            if item.kind in ("walking", "leaving"):
                self._paint_passing_words(surface, origin, item, fx, fy, bodies[:n] + bodies[n + 1:])
        self._paint_caption(surface, origin, selected, hovered)

    def _paint_console(self, surface: pygame.Surface, origin: tuple[int, int], view: DeskView) -> None:
        """A light per line, its colour by state and its state in words beside it ("2 ringing ×3")."""
        geo = self._geometry
        assert geo is not None
        ox, oy = origin
        c = self._c
        lines = {l.line: l for l in view.lines}
        for i, rect in enumerate(geo.lights):
            l = lines.get(i + 1)
            state = l.state if l is not None else None
            urgent = l is not None and ((l.urgent and self.marks_urgency) or (state == "ringing" and l.rings >= 3))
            look = {"ringing": "light_urgent" if urgent else "light_ringing", "active": "light_talking",
                    "on_hold": "light_hold", "voicemail": "light_voicemail"}.get(state or "", "light_off")
            cx, cy = rect.x + ox + 9, rect.centery + oy
            pygame.draw.circle(surface, c(look), (cx, cy), 7)
            pygame.draw.circle(surface, c("console_text"), (cx, cy), 7, 1)
            if state == "ringing":  # waves beside a ringing light: its shape says it as well as its colour
                for r in (10, 13):
                    pygame.draw.arc(surface, c("console_text"), (cx - r, cy - r, 2 * r, 2 * r), -0.7, 0.7, 1)
            label = _line_label(l, self.marks_urgency) if l is not None else f"{i + 1} quiet"
            self._write(surface, self.font if state else self.small, label, cx + 17, cy - 8, rect.right + ox - cx - 19,
                        colour="console_text")

    def _paint_counter(self, surface: pygame.Surface, origin: tuple[int, int], view: DeskView) -> None:
        """The trainee behind the counter (or their empty place), their screen (a padlock on it when locked)."""
        geo = self._geometry
        assert geo is not None
        c = self._c
        counter = geo.counter.move(origin)
        if view.at_desk:
            surface.blit(self._figure("", "calm", "stand", 0, staff=True), (counter.x + 12, counter.y - FIG_H + 24))
        pygame.draw.rect(surface, c("counter"), counter)
        pygame.draw.rect(surface, c("counter_top"), (counter.x - 4, counter.y - 4, counter.width + 4, 6),
                         border_radius=2)
        self._write(surface, self.font, "Counter", counter.x, counter.y + 6, counter.width, centre=True,
                    colour="counter_text")
        screen = pygame.Rect(counter.right - 26, counter.y - 19, 20, 15)
        pygame.draw.rect(surface, c("door_frame"), screen, border_radius=2)
        if view.screen_locked:
            pygame.draw.rect(surface, c("light_ringing"), (screen.x + 6, screen.y + 7, 8, 6))
            pygame.draw.arc(surface, c("light_ringing"), (screen.x + 7, screen.y + 2, 6, 9), 0, math.pi, 1)
        words = ("you" if view.at_desk else "you: away") + (" · locked" if view.screen_locked else "")
        self._write(surface, self.small, words, counter.x - 6, geo.floor_y + origin[1] + 3, counter.width + 8,
                    centre=True, colour="muted")

    def _paint_words(self, surface: pygame.Surface, origin: tuple[int, int], item: SceneItem, x: int, y: int) -> None:
        """A person's words: their name, then their state and mood, under them (beside them in a room)."""
        ox, oy = origin
        cell = item.rect.move(ox, oy)
        if item.kind in ("room", "doctor"):
            tx = cell.x + TEXT_X
            top = cell.y + (14 if item.kind == "room" else 30)  # under the room's number, or the name on the door
            self._write(surface, self.font, item.name, tx, top, cell.right - tx - 2)
            for n, line in enumerate(item.lines):
                self._write(surface, self.small, line, tx, top + 14 + 13 * n, cell.right - tx - 2)
            return
        self._write(surface, self.font, item.name, cell.x + 2, y + 1, cell.width - 4, centre=True)
        for n, line in enumerate(item.lines):
            self._write(surface, self.small, line, cell.x + 2, y + 15 + 13 * n, cell.width - 4, centre=True)
        if item.kind == "counter" and self.view is not None and self.view.serving == item.patient:
            width = self.small.size("serving")[0] + 10  # on the side away from the counter and the trainee
            self._pill(surface, "serving", x - FIG_W // 2 - width + 4, cell.y + 2)
        if item.kind == "waiting" and "· told of delay" in item.text:
            self._pill(surface, "told", x + FIG_W // 2 - 4, cell.y + 1)
        if item.kind == "waiting" and "· to room" in item.text:
            self._pill(surface, "to room", cell.x + 2, cell.y + SIT_H - 16)

    def _paint_passing_words(self, surface: pygame.Surface, origin: tuple[int, int], item: SceneItem, x: int,
                             y: int, others: list[pygame.Rect]) -> None:
        """Someone on their way: their name and (walking out) why, under their feet, beside them or over their
        head, wherever the words cover no other words and no one else (``others``: the people, where they are);
        with no such place they go unwritten for the few seconds of the walk (their face still shows their mood,
        and pointing at them writes them in the caption)."""
        geo = self._geometry
        assert geo is not None
        ox, oy = origin
        words = [(self.small, self._fit(self.small, item.name, PASSING_W))]
        words += [(self.font, self._fit(self.font, line, PASSING_W)) for line in item.lines]
        sizes = [font.size(text) for font, text in words]
        box = pygame.Rect(0, 0, max(w for w, _ in sizes), sum(h - 2 for _, h in sizes))
        area = pygame.Rect(ox, oy + geo.console.bottom, geo.size[0], geo.caption.top - geo.console.bottom)
        taken = [where for _, where in self.written] + [r.move(origin) for r in geo.labels] + others
        half = FIG_W // 2 + 3
        for spot in ("midtop", "topleft", "topright", "midbottom"):  # under the feet, beside, over the head
            setattr(box, spot, {"midtop": (x, y + 1), "topleft": (x + half, y - FIG_H + 4),
                                "topright": (x - half, y - FIG_H + 4), "midbottom": (x, y - FIG_H - 1)}[spot])
            box.clamp_ip(area)
            if box.collidelist(taken) < 0:
                top = box.y
                for (font, text), (_, h) in zip(words, sizes, strict=True):
                    self._write(surface, font, text, box.x, top, box.width, centre=True)
                    top += h - 2
                return

    def _paint_caption(self, surface: pygame.Surface, origin: tuple[int, int], selected: Selection | None,
                       hovered: SceneItem | None) -> None:
        """The line at the bottom: the full words of what the mouse is on, or else of what is selected."""
        geo = self._geometry
        assert geo is not None
        box = geo.caption.move(origin).inflate(-4, -2)
        pygame.draw.rect(surface, self._c("caption"), box, border_radius=4)
        pygame.draw.rect(surface, self._c("frame"), box, 1, border_radius=4)
        if hovered is not None:
            text = hovered.text
        else:
            item = self.item(selected) if selected is not None else None
            text = item.text if item is not None else self.words.get(selected or ("",), "")
        if not text:
            text = "Point at someone (or Tab to them) to read it all."
        self.caption = text
        self._write(surface, self.caption_font, text, box.x + 6, box.y + 1, box.width - 12)

    # --- figures ----------------------------------------------------------------------------------------------

    def _figure(self, who: str, mood: str, pose: str, step: int, staff: bool = False) -> pygame.Surface:
        """A person, made once per look (from their id), mood, pose and step."""
        look = -1 if staff else zlib.crc32(who.encode("utf-8")) % 96
        key = (look, mood, pose, step)
        surf = self._figures.get(key)
        if surf is None:
            surf = self._figures[key] = self._draw_figure(look, mood, pose, step)
        return surf

    def _draw_figure(self, look: int, mood: str, pose: str, step: int) -> pygame.Surface:
        c = self._c
        if look < 0:  # the trainee, in the clinic's colour
            skin, hair, coat, trousers = c("skin_1"), c("hair_0"), c("staff"), c("trousers_0")
        else:
            skin, hair = c(f"skin_{look % 4}"), c(f"hair_{look // 4 % 4}")
            coat, trousers = c(f"coat_{look // 16 % 6}"), c(f"trousers_{look % 3}")
        height = SIT_H if pose == "sit" else FIG_H
        surf = pygame.Surface((FIG_W, height), pygame.SRCALPHA)
        cx = FIG_W // 2
        hip = 30
        if pose == "walk":
            spread = 5 if step else 1
            pygame.draw.line(surf, trousers, (cx - 3, hip), (cx - 3 - spread, height - 1), 4)
            pygame.draw.line(surf, trousers, (cx + 3, hip), (cx + 3 + spread, height - 1), 4)
        elif pose == "sit":  # knees towards us, shins down to the floor
            pygame.draw.rect(surf, trousers, (cx - 8, hip - 2, 16, 4), border_radius=2)
            pygame.draw.rect(surf, trousers, (cx - 7, hip + 1, 5, height - hip - 1))
            pygame.draw.rect(surf, trousers, (cx + 2, hip + 1, 5, height - hip - 1))
        else:
            pygame.draw.rect(surf, trousers, (cx - 6, hip, 5, height - hip))
            pygame.draw.rect(surf, trousers, (cx + 1, hip, 5, height - hip))
        pygame.draw.rect(surf, coat, (cx - 8, 16, 16, 16), border_radius=4)
        pygame.draw.line(surf, coat, (cx - 8, 19), (cx - 10, 29), 3)
        pygame.draw.line(surf, coat, (cx + 8, 19), (cx + 10, 29), 3)
        ink = c("face")
        hx, hy = cx, 8
        if mood == "leaving":  # walking out: we see the back of their head
            pygame.draw.circle(surf, hair, (hx, hy), 8)
            pygame.draw.circle(surf, ink, (hx, hy), 8, 1)
            return surf
        pygame.draw.circle(surf, skin, (hx, hy), 8)
        pygame.draw.circle(surf, hair, (hx, hy), 8, draw_top_left=True, draw_top_right=True)
        pygame.draw.rect(surf, skin, (hx - 6, hy - 2, 12, 2))  # the forehead under the hair
        pygame.draw.circle(surf, ink, (hx, hy), 8, 1)
        pygame.draw.rect(surf, ink, (hx - 4, hy, 2, 2))
        pygame.draw.rect(surf, ink, (hx + 2, hy, 2, 2))
        if mood == "calm":
            pygame.draw.arc(surf, ink, (hx - 4, hy + 1, 8, 5), math.pi * 1.1, math.pi * 1.9, 1)
        elif mood == "restless":
            pygame.draw.line(surf, ink, (hx - 3, hy + 4), (hx + 2, hy + 4))
        else:  # upset: a frown under slanting brows
            pygame.draw.arc(surf, ink, (hx - 4, hy + 4, 8, 5), math.pi * 0.1, math.pi * 0.9, 1)
            pygame.draw.line(surf, ink, (hx - 5, hy - 3), (hx - 2, hy - 1))
            pygame.draw.line(surf, ink, (hx + 4, hy - 3), (hx + 1, hy - 1))
        return surf


@dataclass(frozen=True)
class _Arrival:
    """Someone who takes a room: who, and since when (unknown for a room)."""

    patient: str
    since: int = 0


_KIND_OF = {"queue": "counter", "seat": "waiting", "room": "room", "doctor": "doctor", "off": "off"}


# --- words --------------------------------------------------------------------------------------------------------


def _spaced(value: str) -> str:
    return value.replace("_", " ")


def _wrap(font: pygame.font.Font, text: str, width: int, most: int) -> list[str]:
    """``text`` broken at spaces into at most ``most`` lines of ``width`` pixels (the last one may still need an
    ellipsis)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) and font.size(f"{lines[-1]} {word}")[0] <= width:
            lines[-1] += f" {word}"
        elif len(lines) < most:
            lines.append(word)
        else:
            lines[-1] += f" {word}"
    return lines


def _line_label(l: LineView, marks_urgency: bool = True) -> str:
    """A console light's words: the line and its state ("2 ringing ×3", "1 on hold", "3 quiet"); "!" before an
    urgent one, as the lines list marks it."""
    if l.state is None:
        return f"{l.line} quiet"
    urgent = (l.urgent and marks_urgency) or (l.state == "ringing" and l.rings >= 3)
    extra = f" ×{l.rings}" if l.state == "ringing" else ""
    return f"{'! ' if urgent else ''}{l.line} {_LINE_WORDS.get(l.state, _spaced(l.state))}{extra}"


def _line_caption(l: LineView) -> str:
    if l.state is None:
        return f"Line {l.line} · quiet"
    who = l.name or _spaced(l.caller or "")
    rings = f" ×{l.rings} rings" if l.state == "ringing" else ""
    return f"Line {l.line} · {_LINE_WORDS.get(l.state, _spaced(l.state))}{rings} · {who}"


def _counter_caption(c: CounterView, name: str, minutes: int, served: bool, mood: str) -> str:
    what = {"arrived": f"check-in ({_clock(c.appointment)})",
            "arrived_late": f"LATE check-in ({_clock(c.appointment)})",
            "walk_in": "walk-in, no appointment", "checkout": "back for checkout"}.get(c.state, _spaced(c.state))
    served_words = " · being served" if served else ""
    return f"{name} · at the counter · {what} · waiting {minutes} min · {mood}{served_words}"


def _waiting_caption(w: WaitingView, name: str, minutes: int, late: int, mood: str) -> str:
    return (f"{name} · waiting {minutes} min" + (f" · {late} min late" if late else "")
            + (" · told of delay" if w.informed else "") + (" · to room" if w.needs_rooming else "") + f" · {mood}")


def _room_status(r: RoomView) -> str:
    if r.lab:
        return "lab draw"
    if not r.vitals_recorded:
        return "vitals to take"
    return "doctor briefed" if r.briefed else "vitals done"


def _room_caption(r: RoomView) -> str:
    return (("lab draw · " if r.lab else f"vitals {'done' if r.vitals_recorded else 'to take'} · ")
            + f"labelled {len(r.labelled)}/{len(r.specimens)} · sent {len(r.sent)}"
            + ("" if r.lab else f" · {'doctor briefed' if r.briefed else 'not briefed'}"))


def _clock(t: int | None) -> str:
    return "" if t is None else format_clock(t)
