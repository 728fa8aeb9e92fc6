"""The desk: everything a front-desk trainee sees at once, and the work panel where they act.

Left: the phone lines, voicemail and email, the inbox. Middle: the drawn clinic (:mod:`simulator.ui.clinic_painter`:
the phone console, the counter and its queue, the waiting room with a figure per patient, each named with their
mood and wait in words, the doctors' doors and, in medical-assistant mode, the exam rooms), the later days' work
(reminders, moves, the waiting list) and today's schedule. Right: the work panel for what is selected — its
details, the actions that make sense now (:mod:`simulator.ui.choices`), the fields they need — and, for a patient
at the counter, their chart beside what they say.

Every widget is built once, in pools of rows; a frame only changes texts that changed. Colour is never the only
signal: states are written out, urgent rows are marked with "!" as well as red.
"""

from __future__ import annotations

import dataclasses
import html
from typing import Any, Callable

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UIImage, UILabel, UIPanel, UITextBox, UITextEntryLine

from ..core.view import DeskView, RoomView
from ..scenario.book import availability_text
from ..scenario.models import Patient
from ..core.answers import spoken_date
from ..scenario.times import format_clock, parse_clock
from .app import App, Screen
from .appointment_book import AppointmentBook, BookModel
from .choices import COUNTER_QUESTIONS, QUESTION_WORDS, Choice, Field, FieldError, Selection, choices_for
from .clinic_painter import ClinicPainter
from .fonts import fit_text
from .session import PlaySession
from .sounds import CAPTIONS, Captions

__all__ = ["DeskScreen"]

#: The most rows of each list shown at once (the rest scroll with the list's arrows or keys).
POOLS = {"line": 8, "msg": 5, "doc": 7, "later": 4}
#: The drawn clinic's height (layout pixels): at least enough for its counter and two rows of seats, at most what
#: leaves today's schedule the rest of a tall window; the schedule keeps at least six rows.
SCENE_MIN_H, SCENE_MAX_H, SCHEDULE_MIN_H = 300, 470, 166
#: The most actions and fields the work panel shows at once.
MAX_CHOICES, MAX_FIELDS, MAX_TOGGLES = 16, 10, 10
#: Actions past the twelfth have no function key: each has a letter instead.
F_KEYS = 12
#: Up to this many fields stand one per row; a longer form (the vital signs) is laid out in two columns.
ONE_COLUMN = 6
ROW_H = 26
#: The size of a health or insurance card as the desk draws it (about the shape of a real one).
CARD_W, CARD_H = 210, 132

#: Visit states as the schedule shows them (the words of practice-management software).
_VISIT_WORDS = {"scheduled": "not arrived", "arrived_late": "arrived late", "in_exam_room": "with the doctor",
                "roomed": "in exam room", "checkout": "at checkout", "left_without_visit": "left without visit",
                "left_after_visit": "left before checkout", "sent_to_emergency": "sent to emergency"}

_STATE = {
    "ringing": "RINGING", "active": "talking", "on_hold": "ON HOLD", "voicemail": "at voicemail",
}


def _clock(t: int | None) -> str:
    return "" if t is None else format_clock(t)


def _clock_s(t: int) -> str:
    return f"{t // 3600:02d}:{t % 3600 // 60:02d}:{t % 60:02d}"


def _words(value: Any) -> str:
    return str(value).replace("_", " ")


def _place(widget: Any, position: tuple[int, int], size: tuple[int, int]) -> None:
    """Move and size ``widget`` only where it is not already (each change re-lays its container out)."""
    if tuple(widget.relative_rect.topleft) != position:
        widget.set_relative_position(position)
    if tuple(widget.relative_rect.size) != size:
        widget.set_dimensions(size)


def _fit_row(row: UIButton, text: str, tail: str) -> str:
    """``text`` then ``tail`` as they fit in ``row`` (its padding kept): ``text`` is cut with an ellipsis first."""
    return fit_text(row.font, text, row.rect.width - 20, tail)


class _Rows:
    """A titled list of clickable rows built once; ``show(items)`` relabels them (and hides the spare ones)."""

    def __init__(self, screen: "DeskScreen", kind: str, title: str, size: int | None = None):
        self.kind, self.screen = kind, screen
        manager = screen.manager
        self.title = UILabel(pygame.Rect(0, 0, 200, 22), title, manager, container=screen.root, object_id="@title")
        self.rows = [UIButton(pygame.Rect(0, 0, 100, ROW_H), "", manager, container=screen.root, object_id="@row",
                              visible=0) for _ in range(size or POOLS[kind])]
        self.keys: list[Selection | None] = [None] * len(self.rows)
        self.texts = [""] * len(self.rows)
        self.empty = UILabel(pygame.Rect(0, 0, 200, ROW_H), "", manager, container=screen.root)
        self.offset = 0
        #: How many of the rows the layout has room for (a short window shows fewer; the rest scroll).
        self.limit = len(self.rows)

    def place(self, x: int, y: int, w: int, rows: int | None = None) -> int:
        """Lay the list out at (x, y), ``w`` wide, with room for ``rows`` rows (all of its rows by default);
        returns the y under it."""
        self.limit = len(self.rows) if rows is None else max(1, min(rows, len(self.rows)))
        self.title.set_relative_position((x, y))
        self.title.set_dimensions((w, 22))
        y += 24
        self.empty.set_relative_position((x + 8, y))
        self.empty.set_dimensions((w - 8, ROW_H))
        for i, row in enumerate(self.rows):
            row.set_relative_position((x, y + i * (ROW_H + 2)))
            row.set_dimensions((w, ROW_H))
        self.texts = [""] * len(self.rows)  # each text is fitted to the new width when next shown
        return y + self.limit * (ROW_H + 2) + 6

    def show(self, items: list[tuple[Selection, str, bool]], nothing: str, selected: Selection | None) -> None:
        """``items``: (selection key, text, urgent). Only changed texts are set again."""
        self.offset = max(0, min(self.offset, len(items) - self.limit))
        visible = items[self.offset:self.offset + self.limit]
        more = len(items) - self.offset - len(visible)
        for i, row in enumerate(self.rows):
            if i < len(visible):
                key, text, urgent = visible[i]
                tail = f"   (+{more} more: PgDn)" if i == len(visible) - 1 and more > 0 else ""
                text = ("> " if key == selected else "") + text
                if text + tail != self.texts[i]:
                    fitted = _fit_row(row, text, tail)
                    row.set_text(fitted)
                    # a row too long for its width is cut with an ellipsis; pointing at it shows it whole
                    row.set_tooltip(None if fitted == text + tail else text + tail)
                    self.texts[i] = text + tail
                wanted = "@urgent_row" if urgent else "@row"
                if row.object_ids[-1] != wanted:
                    row.change_object_id(wanted)
                self.keys[i] = key
                if not row.visible:
                    row.show()
            else:
                self.keys[i] = None
                if row.visible:
                    row.hide()
        text = "" if items else nothing
        if self.empty.text != text:
            self.empty.set_text(text)

    def hit(self, element: Any) -> Selection | None:
        for row, key in zip(self.rows, self.keys, strict=True):
            if element is row:
                return key
        return None


class DeskScreen(Screen):
    """The trainee's desk for one attempt (``session``); ``on_end`` is called once the day is over."""

    def __init__(self, app: App, session: PlaySession, on_end: Callable[[PlaySession], None], sounds: Any = None):
        super().__init__(app)
        self.session = session
        self.scenario = session.scenario
        self.on_end = on_end
        self.sounds = sounds
        # Names by id, once: rows are relabelled every time the desk changes, and a panel can hold thousands.
        self._patients = {p.id: p for p in self.scenario.patients if isinstance(p, Patient)}
        self._names = {pid: p.name for pid, p in self._patients.items()}
        self.selection: Selection = ("desk",)
        self.choice: Choice | None = None
        self.values: dict[str, Any] = {}
        self.status = ""
        self.captions = Captions()
        self._end_pressed_at: float | None = None
        self.real_time = 0.0
        self._last_view: DeskView | None = None
        self._choice_keys: list[Choice | None] = [None] * MAX_CHOICES
        self._field_keys: list[Field | None] = [None] * MAX_FIELDS
        self._toggle_keys: list[tuple[str, str] | None] = [None] * MAX_TOGGLES
        self._seen: set[str] = set()
        #: How much the desk helps (full, some, none): hints, comparisons and urgency marks only at full.
        self.assist = getattr(session, "assist", "some")
        #: What the trainee has asked each patient at the counter that only brings an answer (card, details).
        self._asked: dict[str, set[str]] = {}
        #: The form's controls in Tab order, and which has the keyboard (an index into it).
        self.form_controls: list[Any] = []
        self.form_focus = -1
        self._ended = False
        # Live hints (the tutorial): each event's hint shows from the moment it happens until the next hint.
        self.hints = sorted((session.sim.start if e.overnight else e.at, e.hint) for e in self.scenario.events
                            if e.hint) if self.assist != "none" else []
        m, root = self.manager, self.root

        # the top bar
        self.bar = UIPanel(pygame.Rect(0, 0, 100, 48), starting_height=1, manager=m, container=root, object_id="@topbar")
        self.clock = UILabel(pygame.Rect(10, 0, 150, 30), "", m, container=self.bar, object_id="@clock")
        # Today's date under the clock: a card's expiry, a referral's window, a booking are judged against it.
        self.date_label = UILabel(pygame.Rect(10, 27, 150, 20), f"{self.scenario.date:%a} {self.scenario.date.day} "
                                  f"{self.scenario.date:%b %Y}", m, container=self.bar, object_id="@bar_text")
        self.pace = UILabel(pygame.Rect(160, 12, 250, 24), "", m, container=self.bar, object_id="@bar_text")
        self.pause_button = UIButton(pygame.Rect(410, 8, 110, 32), "Pause [Space]", m, container=self.bar)
        self.slower = UIButton(pygame.Rect(524, 8, 70, 32), "− [-]", m, container=self.bar,
                               tool_tip_text="Slower (the - key)")
        self.faster = UIButton(pygame.Rect(598, 8, 70, 32), "+ [+]", m, container=self.bar,
                               tool_tip_text="Faster (the + key)")
        self.desk_button = UIButton(pygame.Rect(672, 8, 120, 32), "Desk [D]", m, container=self.bar,
                                    tool_tip_text="Lock the screen, greetings, step away (D)")
        self.sound_button = UIButton(pygame.Rect(796, 8, 110, 32), "Sound on", m, container=self.bar)
        self.end_button = UIButton(pygame.Rect(910, 8, 120, 32), "End day [^E]", m, container=self.bar,
                                   tool_tip_text="Finish now: the rest of the day happens without you")
        self.screen_label = UILabel(pygame.Rect(1034, 12, 240, 24), "", m, container=self.bar, object_id="@bar_text")

        # the lists
        self.lists = {
            "line": _Rows(self, "line", "Phone lines  [1–9 select]", min(POOLS["line"], self.scenario.clinic.phone_lines)),
            "msg": _Rows(self, "msg", "Voicemail and email"),
            "doc": _Rows(self, "doc", "Inbox"),
            "later": _Rows(self, "later", "Later days"),
        }
        # The drawn clinic in the middle column: painted into a surface of its own, which an image widget shows
        # (so the widgets' layers stay right), and only when the desk, the selection or the pointed item changed.
        doctors = [(m.id, m.name) for m in self.scenario.clinic.staff if m.role == "doctor"]
        self.clinic = ClinicPainter(self._names, doctors, self.scenario.clinic.phone_lines,
                                    self.scenario.mode == "medical_assistant", self.scenario.clinic.exam_rooms,
                                    marks_urgency=self.assist == "full")
        self.scene_rect = pygame.Rect(0, 0, 400, SCENE_MIN_H)
        self.scene_surface = pygame.Surface(self.scene_rect.size)
        self.scene = UIImage(self.scene_rect.copy(), self.scene_surface, m, container=root)
        self._scene_dirty = True
        self._hover: tuple[int, int] | None = None
        self._hovered: object = None
        self._painted_selection: Selection | None = None
        self.schedule_title = UILabel(pygame.Rect(0, 0, 200, 22), "Today's schedule", m, container=root,
                                      object_id="@title")
        self.schedule = UITextBox("", pygame.Rect(0, 0, 100, 100), m, container=root)

        # the work panel
        self.work_title = UILabel(pygame.Rect(0, 0, 200, 22), "", m, container=root, object_id="@title")
        self.details = UITextBox("", pygame.Rect(0, 0, 100, 100), m, container=root)
        # The patient's card as they hand it over: drawn as a card, beside the chart, with nothing compared.
        self.card = UIPanel(pygame.Rect(0, 0, CARD_W, CARD_H), starting_height=2, manager=m, container=root,
                            visible=0)
        self.card_lines = [UILabel(pygame.Rect(8, 4 + i * 20, CARD_W - 16, 20), "", m, container=self.card)
                           for i in range(6)]
        # The chart as the EMR shows it, in the same column as the card: the two are read side by side with the
        # words said, and nothing marks where they differ.
        self.chart_box = UITextBox("", pygame.Rect(0, 0, CARD_W, 100), m, container=root, visible=0,
                                   object_id="@chart")
        self._side_shown = False
        self._side_layout: tuple[Any, ...] | None = None
        self.choice_buttons = [UIButton(pygame.Rect(0, 0, 100, 30), "", m, container=root, object_id="@action",
                                        visible=0) for _ in range(MAX_CHOICES)]
        self.field_labels = [UILabel(pygame.Rect(0, 0, 140, 26), "", m, container=root, visible=0)
                             for _ in range(MAX_FIELDS)]
        self.field_entries = [UITextEntryLine(pygame.Rect(0, 0, 100, 28), m, container=root, visible=0)
                              for _ in range(MAX_FIELDS)]
        self.field_cycles = [UIButton(pygame.Rect(0, 0, 100, 28), "", m, container=root, object_id="@row", visible=0)
                             for _ in range(MAX_FIELDS)]
        self.toggles = [UIButton(pygame.Rect(0, 0, 100, 26), "", m, container=root, object_id="@row", visible=0)
                        for _ in range(MAX_TOGGLES)]
        self.do_button = UIButton(pygame.Rect(0, 0, 120, 32), "Do it [Enter]", m, container=root, object_id="@action",
                                  visible=0)
        self.cancel_button = UIButton(pygame.Rect(0, 0, 100, 32), "Cancel [Esc]", m, container=root, visible=0)
        self.status_label = UITextBox("", pygame.Rect(0, 0, 100, 52), m, container=root, object_id="@status")
        self.keys_label = UILabel(pygame.Rect(0, 0, 100, 20), "", m, container=root)
        self.keys_label.set_text("Keys: Space pause · +/- pace · 1–9 phone lines · Tab next item · D desk · F1–F12 "
                                 "actions (or the letter in [ ]) · in a form: Tab, Left/Right, Space, Enter · Esc cancel · "
                                 "Ctrl+E end day")
        # The appointment book, built once, opened over the middle and the work panel whenever a booking is made.
        self.book = AppointmentBook(m, root, self._book_rect(app.logical_size))
        self.resize(app.logical_size)
        self._refresh(force=True)

    def _book_rect(self, size: tuple[int, int]) -> pygame.Rect:
        """Where the book opens: over the counter, the schedule and the work panel (the phones stay in sight)."""
        w, h = size
        x = 8 + int(w * 0.26) + 8
        return pygame.Rect(x, 56, w - x - 8, h - 86)

    def show(self) -> None:
        """Show the desk. A pygame_gui container shows all its children, pooled spares included, so every pooled
        widget is hidden again and the refresh shows exactly the ones in use."""
        super().show()
        for rows in self.lists.values():
            for row in rows.rows:
                row.hide()
            rows.texts = [""] * len(rows.rows)
        self._scene_dirty = True
        for b in self.choice_buttons:
            b.hide()
        self.book.close()
        self.card.hide()
        self.chart_box.hide()
        self._side_shown, self._side_layout = False, None
        self._close_form()
        self._last_view = None
        self._refresh(force=True)

    # --- layout -----------------------------------------------------------------------------------------------

    def resize(self, size: tuple[int, int]) -> None:
        """Lay the desk out for ``size``: lists on the left and in the middle, the work panel on the right."""
        super().resize(size)
        w, h = size
        self.bar.set_dimensions((w, 48))
        left_w = int(w * 0.26)
        mid_w = int(w * 0.34)
        right_x = 16 + left_w + 8 + mid_w + 8
        right_w = w - right_x - 8
        y = 56
        y = self.lists["line"].place(8, y, left_w)
        y = self.lists["msg"].place(8, y, left_w)
        self.lists["doc"].place(8, y, left_w)
        # The middle column: the drawn clinic, the later days (three rows in a short window), today's schedule
        # (at least six rows, the rest of the height when the window is tall).
        mx = 8 + left_w + 8
        later_rows = 3 if h < 800 else POOLS["later"]
        later_h = 24 + later_rows * (ROW_H + 2) + 6
        room = h - 30 - 56 - 6 - later_h - 24 - SCHEDULE_MIN_H
        self.scene_rect = pygame.Rect(mx, 56, mid_w, max(SCENE_MIN_H, min(SCENE_MAX_H, room)))
        self.scene.set_relative_position(self.scene_rect.topleft)
        self.scene.set_dimensions(self.scene_rect.size)
        self.scene_surface = pygame.Surface(self.scene_rect.size)
        self._scene_dirty = True
        y = self.lists["later"].place(mx, self.scene_rect.bottom + 6, mid_w, later_rows)
        self.schedule_title.set_relative_position((mx, y))
        self.schedule.set_relative_position((mx, y + 24))
        self.schedule.set_dimensions((mid_w, max(60, h - y - 24 - 30)))
        if self._last_view is not None:  # the lists show as many rows as now fit
            self._lists(self._last_view)
        # the work panel
        self._rx, self._rw = right_x, right_w
        self.work_title.set_relative_position((right_x, 56))
        self.work_title.set_dimensions((right_w, 22))
        self.details.set_relative_position((right_x, 80))
        self.card.set_relative_position((right_x + right_w - CARD_W, 80))
        self._side_layout = None  # lay the side column out again at the next refresh
        self._status_y = h - 114
        self._details_h = 0
        self._work_y = 80 + max(150, h - 560) + 6
        self.status_label.set_relative_position((right_x, h - 114))
        self.status_label.set_dimensions((right_w, 86))  # three lines: a hint, a refusal, the captions
        if hasattr(self, "book"):
            self.book.resize(self._book_rect(size))
        self.keys_label.set_relative_position((8, h - 24))
        self.keys_label.set_dimensions((w - 16, 20))
        self._place_work()

    def _fit(self) -> None:
        """Give the conversation and the chart all the height the actions and an open form leave free."""
        used = sum(1 for c in self._choice_keys if c is not None)
        form_h = 0
        if self.choice is not None:
            singles = [f for f in self.choice.fields if f.kind != "multi"]
            multi = next((f for f in self.choice.fields if f.kind == "multi"), None)
            rows = (len(singles) + 1) // 2 if len(singles) > ONE_COLUMN else len(singles)
            form_h = rows * 30 + ((len(multi.options) + 1) // 2 * 28 if multi else 0) + 44
        height = max(110, self._status_y - 6 - 80 - ((used + 1) // 2) * 33 - 6 - form_h)
        if height != self._details_h:
            self._details_h = height
            self.details.set_dimensions((self._rw - (CARD_W + 6 if self._side_shown else 0), height))
            self._work_y = 80 + height + 6
            self._place_work()

    def _place_work(self) -> None:
        """Place the action buttons under the details, two to a row; an open form goes under the ones in use. Only
        what moved is moved: pygame_gui re-lays the whole container out for every widget placed."""
        x, w = self._rx, self._rw
        y = self._work_y
        cols = 2
        bw = (w - 6) // cols
        for i, b in enumerate(self.choice_buttons):
            _place(b, (x + (i % cols) * (bw + 6), y + (i // cols) * 33), (bw, 30))
        if self.choice is not None:
            self._layout_form()

    # --- every frame --------------------------------------------------------------------------------------------

    def update(self, real_seconds: float) -> None:
        """Advance the day by the real time passed, refresh the widgets, and hand over once the day is over."""
        self.real_time += real_seconds
        if not self._ended:
            self.session.tick(real_seconds)
        self._refresh()
        if self.session.over and not self._ended:
            self._ended = True
            self.on_end(self.session)

    def _refresh(self, force: bool = False) -> None:
        s = self.session
        view = s.view()
        self._sounds_for(view)
        paused = " · PAUSED" if s.paused else ""
        self._set(self.clock, _clock_s(view.now))
        self._set(self.pace, f"×{s.pace} pace{paused}" + (" · watching " + s.watch if s.watch else ""))
        self._set_button(self.pause_button, "Go on [Space]" if s.paused else "Pause [Space]")
        self._set_button(self.sound_button, "Sound on" if (self.sounds is None or self.sounds.on) else "Sound off")
        lock = "screen LOCKED" if view.screen_locked else "screen unlocked"
        self._set(self.screen_label, f"{lock} · {'at desk' if view.at_desk else 'AWAY from desk'}")
        if force or view != self._last_view:
            self._lists(view)
            self._work(view)
            self._last_view = view
            self.book.update(view)
        # A hint stays up for a quarter of an hour of the day after its event (the tutorial's pace is slow), on a
        # line of its own so that what just happened never hides it.
        hint = next((h for t, h in reversed(self.hints) if t <= view.now < t + 15 * 60), None)
        lines = [f"Hint: {hint}"] if hint else []
        if hint is None and view.now >= self.scenario.clinic.closes and not s.over:
            lines.append("The clinic has closed. The day ends once the last patient has left and the phones are quiet"
                         + (": the after-hours greeting, a last look at the inbox, lock the screen (or End day)."
                            if self.assist != "none" else " (or End day)."))
        if s.last_error or self.status:
            lines.append(s.last_error or self.status)
        captions = self.captions.current(self.real_time)
        if captions:
            lines.append("<i>" + " ".join(captions) + "</i>")
        text = "<br>".join(lines)
        if text != self.status_label.html_text:
            self.status_label.set_text(text)
            # An empty text box is drawn at its first size rather than its laid-out one: show it only with words,
            # sized once it has some (resizing rebuilds it, so only when the size is not yet right).
            _place(self.status_label, (self._rx, self._status_y), (self._rw, 86))
        if bool(text) != self.status_label.visible:
            if text:
                self.status_label.show()
            else:
                self.status_label.hide()

    def _sounds_for(self, view: DeskView) -> None:
        """A ring for each new ringing line, a chime for each new patient at the counter, a ping for new mail."""
        for key, sound in ([(f"ring:{l.call}", "ring") for l in view.lines if l.state == "ringing"]
                           + [(f"door:{c.patient}:{c.state}", "chime") for c in view.counter]
                           + [(f"doc:{d.id}", "notify") for d in view.inbox]
                           + [(f"msg:{m.id}", "notify") for m in view.messages]):
            if key in self._seen:
                continue
            self._seen.add(key)
            if self._last_view is None:
                continue  # what is there when the day opens makes no sound
            caption = self.sounds.play(sound) if self.sounds is not None else CAPTIONS[sound]
            self.captions.add(caption, self.real_time)

    @staticmethod
    def _set(label: Any, text: str) -> None:
        if label.text != text:
            label.set_text(text)

    @staticmethod
    def _set_button(button: UIButton, text: str) -> None:
        if button.text != text:
            button.set_text(text)

    def _lists(self, view: DeskView) -> None:
        sel = self.selection
        lines = []
        for l in view.lines:
            if l.state is None:
                lines.append((("line", str(l.line)), f"{l.line} · quiet", False))
                continue
            who = l.name or _words(l.caller)
            if l.outbound:
                who = f"you → {who} ({_words(l.purpose)})"
            extra = f" ×{l.rings} rings" if l.state == "ringing" else ""
            # The caller's request, how urgent it is and whether they proved who they are are the tutorial's help:
            # otherwise the desk learns them by answering, listening and asking.
            full = self.assist == "full"
            verified = " · verified" if l.identity_verified and full else ""
            wants = f" · {_words(l.wants)}" if full else ""
            urgent = (l.urgent and full) or (l.state == "ringing" and l.rings >= 3)
            mark = "! " if urgent else ""
            lines.append((("line", str(l.line)), f"{mark}{l.line} · {_STATE.get(l.state, l.state)}{extra} · {who}"
                          f"{wants}{verified}", urgent))
        self.lists["line"].show(lines, "", sel)
        full = self.assist == "full"  # urgency and what a message is about are for the desk to judge, unless helped
        msgs = [(("msg", m.id), f"{'!' if m.urgent and full else ' '} {m.id} {m.channel} from {self._who(m.sender)}"
                 f"{' · ' + _words(m.intent) if full else ''}{' · done' if m.reviewed else ' · NEW'}",
                 m.urgent and full and not m.reviewed)
                for m in view.messages]
        self.lists["msg"].show(msgs, "No voicemail or email.", sel)
        docs = [(("doc", d.id), f"{d.id} {_words(d.kind)} · {d.printed_name} ({d.printed_dob}) · {_words(d.status)}",
                 False) for d in view.inbox
                if d.status in ("new", "set_aside") or (d.kind == "referral" and not d.notified)]
        self.lists["doc"].show(docs, "The inbox is empty.", sel)
        # The counter, the waiting room and the exam rooms are the drawn clinic's people (names, moods and waits in
        # words, the full row of words on hover or focus); Tab reaches each of them.
        if self.clinic.update(view):
            self._scene_dirty = True
        later = [(("booking", b.patient, b.date, _clock(b.at)), f"move: {self._name(b.patient)} · {b.date} {_clock(b.at)}"
                  + (" · urgent visit" if b.urgent else ""), b.urgent) for b in view.to_move]
        due = f" (by {_clock(view.reminders_due)})" if view.reminders_due is not None else ""
        later += [(("booking", b.patient, b.date, _clock(b.at)), f"remind{due}: {self._name(b.patient)} · {b.date} "
                   f"{_clock(b.at)}", False) for b in view.reminder_list]
        later += [(("waitlist", p), f"waiting list: {self._name(p)} ({_words(t)})", False) for p, t in view.waiting_list]
        self.lists["later"].show(later, "Nothing for later days yet.", sel)
        self._schedule(view)

    def _schedule(self, view: DeskView) -> None:
        states = {(p, at): _VISIT_WORDS.get(state, state) for p, at, state in view.visit_states}
        rows = []
        # Each doctor's list, and a medical assistant's when they hold lab visits of their own.
        doctors = {m.id: m.name for m in self.scenario.clinic.staff
                   if m.role == "doctor" or any(a.with_ == m.id for a in self.scenario.schedule)}
        for doctor, name in doctors.items():
            if len(doctors) > 1:
                rows.append(f"<u>{name}</u>")
            for a in sorted((a for a in self.scenario.schedule if a.with_ == doctor), key=lambda a: a.at):
                state = _words(states.get((a.patient, a.at), "-"))
                rows.append(f"{_clock(a.at)} {self._name(a.patient)} · {_words(a.type)} · <b>{state}</b>")
        walk_ins = [f"walk-in {self._name(p)} · <b>{_words(_VISIT_WORDS.get(state, state))}</b>"
                    for p, at, state in view.visit_states if at is None]
        if walk_ins and len(doctors) > 1:
            rows.append("<u>Walk-ins</u>")  # not under the last doctor's heading: a shared queue is nobody's list
        rows += walk_ins
        freed = [f"{_clock(f.at)} freed slot ({f.minutes} min) · " + (f"filled by {self._name(f.filled_by)}"
                 if f.filled_by else "<b>OPEN</b>") for f in view.freed_slots]
        html = "<br>".join(rows + freed)
        if html != self.schedule.html_text:
            self.schedule.set_text(html)

    def _who(self, some_id: str) -> str:
        entry = next((d for d in self.scenario.directory if d.id == some_id), None)
        return entry.name if entry is not None else self._name(some_id)

    def _name(self, patient: str | None) -> str:
        if patient is None:
            return ""
        return self._names.get(patient, patient)

    # --- the work panel ---------------------------------------------------------------------------------------------

    def _work(self, view: DeskView) -> None:
        sel = self.selection
        options = choices_for(sel, view, self.scenario, self.assist)
        title, details = self._describe(sel, view)
        self._set(self.work_title, title)
        if details != self.details.html_text:
            self.details.set_text(details)
        for i, b in enumerate(self.choice_buttons):
            c = options[i] if i < len(options) else None
            self._choice_keys[i] = c
            if c is None:
                if b.visible:
                    b.hide()
                continue
            text = (f"F{i + 1} " if i < F_KEYS else "") + c.label
            tail = f" [{c.shortcut}]" if c.shortcut else ""
            fitted = _fit_row(b, text, tail)
            if fitted != b.text:
                b.set_text(fitted)
                b.set_tooltip(None if fitted == text + tail else c.label)  # cut to fit: the whole label on hover
            if not b.visible:
                b.show()
        if self.choice is not None and self.choice.key not in {c.key for c in options}:
            self._close_form()  # the form's thing is gone (the patient left, the call ended): its instructions too
            self.status = ""
        self._fit()
        self._show_card(view)

    def _describe(self, sel: Selection, view: DeskView) -> tuple[str, str]:
        kind = sel[0]
        if kind == "line":
            l = next((x for x in view.lines if x.line == int(sel[1])), None)
            if l is None or l.state is None:
                return f"Line {sel[1]}", "Nothing on this line."
            return f"Line {l.line}", self._call_text(l)
        if kind == "counter":
            c = next((x for x in view.counter if x.patient == sel[1]), None)
            if c is None:
                return "Counter", "They have left the counter."
            return "Counter", self._counter_text(c, view)
        if kind == "doc":
            d = next((x for x in view.inbox if x.id == sel[1]), None)
            if d is None:
                return "Inbox", ""
            text = f"{_words(d.kind)} · printed: <b>{d.printed_name}</b>, born <b>{d.printed_dob}</b>"
            text += f"<br>test: {d.test}" if d.test else ""
            text += " · the lab flagged it: ABNORMAL" if d.flagged else ""
            text += f"<br>from: {self._who(d.sender)}" if d.sender else ""
            text += f"<br>reason: {d.reason}" if d.reason else ""
            # The letter's own words; the tutorial's help names them as the clues to sort by.
            text += (("<br>clues: " if self.assist == "full" else "<br>the letter says: ") + "; ".join(d.clues)
                     if d.clues else "")
            text += f"<br>status: {_words(d.status)}" + (f" · sorted {_words(d.urgency)}" if d.urgency else "")
            text += f" · booked {d.booked}" if d.booked else ""
            return f"Document {d.id}", text
        if kind == "msg":
            m = next((x for x in view.messages if x.id == sel[1]), None)
            if m is None:
                return "Message", ""
            body = m.text if m.reviewed else "(listen or read it first)"
            text = (f"{m.channel} from {self._who(m.sender)}" + (f" about {self._name(m.about)}" if m.about else "")
                    + (f"<br>{_words(m.intent)}{' · URGENT' if m.urgent else ''}" if self.assist == "full" else "")
                    + (f"<br>for: {m.for_staff}" if m.for_staff and m.reviewed and self.assist == "full" else "")
                    + (f"<br>matters by {_clock(m.matters_by)}" if m.matters_by and m.reviewed
                       and self.assist == "full" else "")
                    + f"<br><i>{body}</i>" + (f"<br>passed to: {', '.join(m.briefed_to)}" if m.briefed_to else ""))
            return f"Message {m.id}", text
        if kind == "room":
            room = next((r for r in view.rooms if r.patient == sel[1]), None)
            if room is None:
                return self._name(sel[1]), "In an exam room."
            # What the assistant reads off the instruments and hears from the patient, to type in.
            units = {"height_cm": " cm", "weight_kg": " kg", "temperature_c": " °C", "temperature_f": " °F",
                     "spo2": " %", "pulse": " /min", "respirations": " /min",
                     "glucose": " mmol/L" if self.scenario.jurisdiction == "ON" else " mg/dL"}
            names = {"bp": "blood pressure", "height_cm": "height", "weight_kg": "weight", "temperature_c": "temperature",
                     "temperature_f": "temperature", "spo2": "SpO2", "pain": "pain score"}
            readings = ", ".join(f"{names.get(sign, _words(sign))} <b>{value}{units.get(sign, '')}</b>"
                                 for sign, value in room.measured)
            text = ("In an exam room." + (f"<br>Your readings: {readings}" if readings else "")
                    + (f"<br>They say: <i>{room.reason}</i>" if room.reason else "")
                    + (f"<br>Specimens ordered: {', '.join(_specimen_words(room))}" if room.specimens else "")
                    + (f"<br>No requisition on the chart for: {', '.join(room.no_requisition)}"
                       if room.no_requisition else "")
                    + (f"<br>The requisition says fasting for: {', '.join(room.fasting)}" if room.fasting else "")
                    + ("<br>They say: <i>I had breakfast this morning.</i>" if room.fasting and room.ate_today
                       else ""))
            return self._name(sel[1]), text
        if kind == "waiting":
            return self._name(sel[1]), "In the waiting room."
        if kind == "booking":
            b = next((x for x in (*view.to_move, *view.reminder_list)
                      if x.patient == sel[1] and x.date == sel[2] and _clock(x.at) == sel[3]), None)
            if b is None:
                return f"{self._name(sel[1])} · {sel[2]} {sel[3]}", "No longer on the book: moved or cancelled."
            when = b.available
            return (f"{self._name(sel[1])} · {sel[2]} {sel[3]}",
                    "A booking on a later day.<br>" + (f"They can come: <b>{when}</b>" if when
                                                       else "They can come any day, any time."))
        if kind == "waitlist":
            return f"{self._name(sel[1])}", "On the waiting list: wants an earlier visit."
        names = {m.id: m.name for m in self.scenario.clinic.staff}
        staff = ", ".join(names.get(s, s) for s in view.staff_present) or "nobody yet"
        return "The desk", f"Staff in now: {staff}<br>Greetings recorded: {', '.join(view.greetings) or 'none'}"

    def _call_text(self, l: Any) -> str:
        """A call as a conversation: who is on the line, what they said, each question asked and its answer in
        their words, and the chart once opened. Only the tutorial's full help says whether the answers match."""
        who = l.name or _words(l.caller)
        about = f" · about {self._name(l.about)}" if l.about and self.assist == "full" else ""
        text = f"{_STATE.get(l.state, l.state)} · {who}{about}"
        if l.state == "ringing":
            return text  # nothing is said before the desk picks up
        said = l.said or _wants_words(l.wants, l.date, _clock(l.appointment), l.outbound)
        text += f"<br><b>{_html(who)}:</b> “{_html(said)}”"
        if self.assist == "full":
            text += f"<br>wants: <b>{_words(l.wants)}</b>"
        for ident, answer in l.answers:
            text += f"<br><b>You:</b> “{QUESTION_WORDS.get(ident, ident)}”<br><b>{_html(who)}:</b> “{_html(answer)}”"
        if "when" in self._asked.get(f"call:{l.call}", set()):
            text += (f"<br><b>You:</b> “{COUNTER_QUESTIONS['when']}”<br><b>{_html(who)}:</b> “"
                     + _html(_when_said(availability_text(self._patients.get(l.about or "")))) + "”")
        if l.chart_note:
            text += f"<br>chart: <b>{l.chart_note}</b>" + (_CHART_ADVICE.get(l.wants or "", "")
                                                            if self.assist == "full" else "")
        if self.assist == "full" and l.answers:
            text += f"<br><i>Help: identity {'confirmed' if l.identity_verified else 'NOT confirmed'} by the answers.</i>"
        return text

    def _counter_text(self, c: Any, view: DeskView) -> str:
        """A patient at the counter: what they say, each question asked and its answer, the chart as the EMR holds
        it; their card is drawn beside it once asked for. The comparison is the tutorial's help alone."""
        name = self._name(c.patient)
        state = {"arrived": f"here for {_clock(c.appointment)}", "arrived_late": f"here for {_clock(c.appointment)}",
                 "walk_in": "no appointment", "checkout": "back from the doctor"}.get(c.state, _words(c.state))
        text = f"{_html(name)} · {state}"
        if c.complaint:
            text += f"<br><b>{_html(name)}:</b> “{_html(c.complaint)}”"
        for question, answer in c.triage:
            text += (f"<br><b>You:</b> “{TRIAGE_WORDS.get(question, _words(question))}”<br><b>{_html(name)}:</b> "
                     f"“{_html(answer[:1].upper() + answer[1:])}.”")
        if c.follow_up_days is not None or c.tests:
            text += f"<br>doctor's orders: follow-up in {c.follow_up_days} days" if c.follow_up_days else "<br>"
            text += (" · tests: " + ", ".join(c.tests)) if c.tests else ""
            text += ("<br>booked: " + ", ".join(c.booked)) if c.booked else ""
        if c.nurse_decision:
            text += f"<br>the nurse says: <b>{_words(c.nurse_decision)}</b>"
        if not c.has_chart:
            text += "<br><b>First visit: no chart yet.</b>"
        if view.serving != c.patient:
            return text + "<br>Greet them to serve them."
        says, chart = dict(view.serving_says), dict(view.serving_chart)
        asked = self._asked.get(c.patient, set())
        j = self.scenario.jurisdiction
        if "identity" in asked:
            text += (f"<br><b>You:</b> “May I have your full name and date of birth?”<br><b>{_html(name)}:</b> "
                     f"“{_html(says.get('name', ''))}, {spoken_date(says.get('dob', ''), j)}.”")
        if "card" in asked:
            text += f"<br><b>You:</b> “{COUNTER_QUESTIONS['card']}”<br><b>{_html(name)}:</b> " + (
                "“Here you are.”" if c.card_brought else "“Oh no, I left it at home.”")
        if "when" in asked:
            text += (f"<br><b>You:</b> “{COUNTER_QUESTIONS['when']}”<br><b>{_html(name)}:</b> “"
                     + _html(_when_said(availability_text(self._patients.get(c.patient)))) + "”")
        if "details" in asked:
            text += (f"<br><b>You:</b> “{COUNTER_QUESTIONS['details']}”<br><b>{_html(name)}:</b> “"
                     + _html(self._details_said(says)) + "”")
        if self.assist == "full":
            fields = sorted(set(chart) | set(says), key=lambda f: (chart.get(f) == says.get(f), f))
            text += "<br><u>Chart</u>, with what they tell you when asked (differences first):"
            for field in fields:
                differs = chart.get(field) != says.get(field)
                text += (f"<br><b>{_words(field)}: {chart.get(field, '-')}  &lt;- says: {says.get(field, '')}</b>"
                         if differs else f"<br>{_words(field)}: {chart.get(field, '-')}")
        return text

    def _details_said(self, says: dict[str, str]) -> str:
        """What a patient says when asked to confirm their details: their details today, in a sentence."""
        address = ", ".join(says[k] for k in ("address.street", "address.city", "address.postal") if says.get(k))
        parts = [f"I live at {address}" if address else "",
                 f"my number is {says['phone']}" if says.get("phone") else "",
                 f"e-mail {says['email']}" if says.get("email") else "",
                 f"I use {self._who(says['pharmacy'])}" if says.get("pharmacy") else "",
                 f"allergies: {says['allergies']}" if says.get("allergies") else "",
                 f"medications: {says['medications']}" if says.get("medications") else
                 "I didn't bring my medication list"]
        said = "; ".join(p for p in parts if p) + "."
        return said[:1].upper() + said[1:]

    def _show_card(self, view: DeskView) -> None:
        """The side column of the work panel: the card of the patient being served once handed over, and the chart
        (of the patient served, or of the patient a call is about once opened), one under the other."""
        sel = self.selection
        j = self.scenario.jurisdiction
        entry = next((c for c in view.counter if c.patient == sel[1]), None) if sel[0] == "counter" else None
        served = entry is not None and view.serving == entry.patient
        card = (entry is not None and served and entry.card_brought
                and "card" in self._asked.get(entry.patient, set()))
        chart = ""
        if served and entry is not None and entry.has_chart and self.assist != "full":  # full: compared in words
            chart = (_chart_summary(dict(view.serving_chart), j, self._who) + "<br>results on file: "
                     + (", ".join(view.serving_results) or "none"))
        elif sel[0] == "line":
            line = next((l for l in view.lines if str(l.line) == sel[1]), None)
            if line is not None and line.chart and line.state not in (None, "ringing"):
                chart = _chart_summary(dict(line.chart), j, self._who)
        lines = _card_lines(dict(view.serving_says), j) if card else []
        for label, line_text in zip(self.card_lines, lines + [""] * (len(self.card_lines) - len(lines)),
                                    strict=False):
            self._set(label, line_text)
        html = f"<b>Chart</b> (EMR)<br>{chart}" if chart else ""
        if html != self.chart_box.html_text:
            self.chart_box.set_text(html)
        side = card or bool(chart)
        x = self._rx + self._rw - CARD_W
        top = 80 + (CARD_H + 6 if card else 0)
        layout = (card, bool(chart), top, self._details_h)
        if layout == self._side_layout and side == self._side_shown:
            return
        self._side_layout = layout
        for widget, wanted in ((self.card, card), (self.chart_box, bool(chart))):
            if wanted and not widget.visible:
                widget.show()
            elif not wanted and widget.visible:
                widget.hide()
        if chart:
            self.chart_box.set_relative_position((x, top))
            self.chart_box.set_dimensions((CARD_W, max(80, 80 + self._details_h - top)))
            self.chart_box.rebuild()  # a text box resized after its text is drawn at its old size until rebuilt
        self._side_shown = side
        self.details.set_dimensions((self._rw - (CARD_W + 6 if side else 0), max(self._details_h, 110)))

    def select(self, sel: Selection) -> None:
        """Show ``sel`` in the work panel, closing any open form and clearing the last refusal."""
        self.selection = sel
        self._close_form()
        self.session.last_error = None
        self.status = ""
        self._refresh(force=True)

    def start(self, choice: Choice) -> None:
        """A choice was pressed: act now, or open its form first."""
        if not choice.fields:
            self._do(choice, {})
            return
        self.choice = choice
        self.values = {f.key: (() if f.kind == "multi" else "" if f.neutral and self.assist != "full" else f.default)
                       for f in choice.fields}
        self._fit()
        self._layout_form(fill=True)
        self.form_controls = ([self.field_entries[i] if f.kind not in ("choice", "slot") else self.field_cycles[i]
                               for i, f in enumerate(self._field_keys) if f is not None]
                              + [t for t, k in zip(self.toggles, self._toggle_keys, strict=True) if k is not None]
                              + [self.do_button, self.cancel_button])
        self._focus(0)
        self.status = (f"{choice.label}: fill in, then Do it (Enter). Tab moves between fields; "
                       "Left/Right change a choice; Space ticks a box.")
        if choice.request is not None:  # a booking: the book opens at once, on the day the request points to
            self._open_book()

    def _layout_form(self, fill: bool = False) -> None:
        """Place the open form's fields right under the actions in use (and, with ``fill``, set them up)."""
        choice = self.choice
        assert choice is not None
        used = sum(1 for c in self._choice_keys if c is not None)
        form_y = self._work_y + ((used + 1) // 2) * 33 + 6
        x, w = self._rx, self._rw
        singles = [f for f in choice.fields if f.kind != "multi"]
        multi = next((f for f in choice.fields if f.kind == "multi"), None)
        two = len(singles) > ONE_COLUMN
        col_w = (w - 8) // 2 if two else w
        label_w = 118 if two else 150
        for i in range(MAX_FIELDS):
            f = singles[i] if i < len(singles) else None
            label, entry, cycle = self.field_labels[i], self.field_entries[i], self.field_cycles[i]
            cx, row = (x + (i % 2) * (col_w + 8), i // 2) if two else (x, i)
            if f is not None or i == min(len(singles), MAX_FIELDS - 1):  # the spare rows stay hidden where they are
                _place(label, (cx, form_y + row * 30), (label_w, 28))
                for widget in (entry, cycle):
                    _place(widget, (cx + label_w + 4, form_y + row * 30), (col_w - label_w - 4, 28))
            if not fill:
                continue
            self._field_keys[i] = f
            if f is None:
                for widget in (label, entry, cycle):
                    widget.hide()
                continue
            label.set_text(f.label)
            label.show()
            if f.kind == "choice":
                entry.hide()
                cycle.show()
                _set_choice(cycle, self.values.get(f.key, f.default))
            elif f.kind == "slot":
                entry.hide()
                cycle.set_text(self._slot_words())
                cycle.show()
            else:
                cycle.hide()
                entry.set_text(f.default)
                entry.show()
                note = f.hint or (f.tip if self.assist != "none" else "")
                if note and not two:
                    label.set_text(f"{f.label} ({note})"[:40])
        multi = next((f for f in choice.fields if f.kind == "multi"), None)
        rows_used = (len(singles) + 1) // 2 if two else len(singles)
        tw = (w - 162) // 2
        for i, t in enumerate(self.toggles):
            if multi is not None and i < len(multi.options):
                _place(t, (x + 154 + (i % 2) * (tw + 8), form_y + rows_used * 30 + (i // 2) * 28), (tw, 26))
            if not fill:
                continue
            option = multi.options[i] if multi is not None and i < len(multi.options) else None
            self._toggle_keys[i] = (multi.key, option) if multi is not None and option is not None else None
            if option is None:
                t.hide()
                continue
            t.set_text(f"[ ] {_words(option)}")
            t.show()
        if multi is not None:
            label = self.field_labels[min(rows_used, MAX_FIELDS - 1)]
            label.set_relative_position((x, form_y + rows_used * 30))
            if fill:
                label.set_text(multi.label)
                label.show()
        # The buttons sit right under what the form uses, so eyes and mouse travel no further than needed.
        toggle_rows = (len(multi.options) + 1) // 2 if multi is not None else 0
        y = form_y + rows_used * 30 + toggle_rows * 28 + 4
        _place(self.do_button, (x, y), (120, 32))
        _place(self.cancel_button, (x + 130, y), (100, 32))
        if fill:
            self.do_button.show()
            self.cancel_button.show()

    def _focus(self, index: int) -> None:
        """Give the keyboard to form control ``index``: typing goes to a text field; the others are framed."""
        if not self.form_controls:
            return
        previous = self.form_controls[self.form_focus] if 0 <= self.form_focus < len(self.form_controls) else None
        if isinstance(previous, UIButton) and previous not in (self.do_button, self.cancel_button):
            previous.change_object_id("@row")
        self.form_focus = index % len(self.form_controls)
        control = self.form_controls[self.form_focus]
        if isinstance(control, UITextEntryLine):
            self.manager.set_focus_set(control)
        else:
            self.manager.set_focus_set(None)
            if control not in (self.do_button, self.cancel_button):
                control.change_object_id("@focus")
            else:
                control.select()

    def _close_form(self) -> None:
        if 0 <= self.form_focus < len(self.form_controls):
            control = self.form_controls[self.form_focus]
            if isinstance(control, UIButton) and control not in (self.do_button, self.cancel_button):
                control.change_object_id("@row")
        self.form_controls, self.form_focus = [], -1
        self.choice = None
        if hasattr(self, "book") and self.book.is_open:
            self.book.close()
        if hasattr(self, "_status_y"):
            self._fit()
        for w in (*self.field_labels, *self.field_entries, *self.field_cycles, *self.toggles,
                  self.do_button, self.cancel_button):
            if w.visible:
                w.hide()

    def submit(self) -> None:
        """Do the open form's choice with the values filled in (Do it, or Enter); a booking with no slot picked
        yet opens the appointment book instead."""
        if self.choice is None:
            return
        if self.choice.request is not None and not self.values.get("date"):
            self._open_book()
            return
        for i, f in enumerate(self._field_keys):
            if f is not None and f.kind == "text":
                self.values[f.key] = self.field_entries[i].get_text()
        self._do(self.choice, dict(self.values))

    def _do(self, choice: Choice, values: dict[str, Any]) -> None:
        if choice.reveal:  # a question answered in words: nothing to act on
            self._asked.setdefault(self._talking_to(), set()).add(choice.reveal)
            self.status = ""
            self._refresh(force=True)
            return
        unchosen = next((f for f in choice.fields if f.kind == "choice" and values.get(f.key) == ""), None)
        if unchosen is not None:
            self.status = f"{unchosen.label}: choose one first (click it, or Left/Right)."
            return
        try:
            built = choice.build(values)
        except (FieldError, KeyError, ValueError) as exc:
            self.status = str(exc)
            return
        actions = built if isinstance(built, list) else [built]
        done = 0
        for action in actions:  # a form of several fields is several actions; the first refusal stops it
            if not self.session.act(action):
                break
            done += 1
        if done == len(actions):
            if choice.key == "identity" and self.selection[0] == "counter":
                self._asked.setdefault(self.selection[1], set()).add("identity")
            self.status = f"Done: {choice.label}."
            self._close_form()
        elif done:
            self.status = f"{done} of {len(actions)} done; then: {self.session.last_error}"
            self.session.last_error = None
        self._refresh(force=True)

    def _talking_to(self) -> str:
        """Whom the selected conversation is with: a patient at the counter, or a call (by its id)."""
        if self.selection[0] == "line":
            line = next((l for l in self.session.view().lines if str(l.line) == self.selection[1]), None)
            return f"call:{line.call}" if line is not None else ""
        return self.selection[1] if len(self.selection) > 1 else ""

    def _availability(self, patient: str | None) -> str | None:
        """When ``patient`` said they can come (their chart's words), once the desk has asked them; else ``None``."""
        if patient is None or "when" not in self._asked.get(self._talking_to(), set()):
            return None
        return availability_text(self._patients.get(patient))

    def _slot_words(self) -> str:
        """The slot the form holds, in words, or how to pick one."""
        if not self.values.get("date"):
            return "choose in the appointment book…  [B]"
        doctor = next((m.name for m in self.scenario.clinic.staff if m.id == self.values.get("doctor")), "")
        return f"{self.values['date']} {self.values['at']}" + (f" · {doctor}" if doctor else "") + "  (change: B)"

    def _open_book(self) -> None:
        """Open the appointment book for the open booking form; a slot picked there is booked at once, and the
        engine's refusal, if any, shows in the book in words."""
        choice = self.choice
        if choice is None or choice.request is None:
            return
        view = self.session.view()
        try:
            request = choice.request(view, self.values)
            available = self._availability(request.patient)
            if available:
                request = dataclasses.replace(request, available=available)
            model = BookModel(self.scenario, view, request)
        except ValueError as exc:
            self.status = str(exc)
            return
        if self.values.get("date") and self.values.get("at"):
            model.go_to(str(self.values["date"]), parse_clock(str(self.values["at"])), self.values.get("doctor"))

        def picked(date: str, at: str, doctor: str) -> str | None:
            """Book the slot picked: ``None`` when done (the book closes), else the refusal in words."""
            self.values.update(date=date, at=at, doctor=doctor)
            self._do(choice, dict(self.values))
            if self.choice is None:  # done: the form closed
                return None
            refusal = self.session.last_error or self.status
            self.session.last_error = None
            return refusal

        def cancelled() -> None:
            """The book closed without a pick: the form stays, saying how to pick."""
            self._relabel_slot()
            self.status = "No slot picked. Change the visit type if needed, then choose a time in the book (B)."

        self.book.open(model, picked, cancelled)

    def _relabel_slot(self) -> None:
        for i, f in enumerate(self._field_keys):
            if f is not None and f.kind == "slot":
                self.field_cycles[i].set_text(self._slot_words())

    def _cycle(self, i: int, step: int = 1) -> None:
        f = self._field_keys[i]
        if f is not None and f.kind == "slot":
            self._open_book()
            return
        if f is None or not f.options:
            return
        current = self.values.get(f.key, f.default)
        options = list(f.options)
        nxt = options[(options.index(current) + step) % len(options)] if current in options else options[0]
        self.values[f.key] = nxt
        _set_choice(self.field_cycles[i], nxt)

    def _toggle(self, i: int) -> None:
        key = self._toggle_keys[i]
        if key is None:
            return
        field, option = key
        chosen = list(self.values.get(field, ()))
        if option in chosen:
            chosen.remove(option)
        else:
            chosen.append(option)
        self.values[field] = tuple(chosen)
        self.toggles[i].set_text(f"{'[x]' if option in chosen else '[ ]'} {_words(option)}")

    # --- input ------------------------------------------------------------------------------------------------------

    def process_event(self, event: pygame.event.Event) -> bool:
        """The desk's buttons and keys; on quitting, the day's progress is saved first."""
        if event.type == pygame.QUIT:
            self.session.save_progress()
            return False
        if self.book.is_open:  # the open book takes its keys and clicks; nothing under it is clicked through it
            if self.book.process_event(event):
                return True
            if (event.type in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP)
                    and self.book.panel.rect.collidepoint(event.pos)):
                return True
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            return self._button(event.ui_element)
        if event.type == pygame.KEYDOWN:
            return self._key(event)
        if event.type == pygame.MOUSEMOTION:
            self._point_at(event.pos)
        if event.type == pygame.WINDOWLEAVE:  # the mouse left the window: the caption stops following it
            self._point_at((-1, -1))
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            return self._click_scene(event.pos)
        return False

    def _scene_point(self, pos: tuple[int, int]) -> tuple[int, int] | None:
        """``pos`` (layout pixels) relative to the drawn clinic, or None outside it."""
        if not self.scene_rect.collidepoint(pos):
            return None
        return pos[0] - self.scene_rect.x, pos[1] - self.scene_rect.y

    def _point_at(self, pos: tuple[int, int]) -> None:
        """The mouse moved: the clinic's caption follows what it points at (repainted only when that changes)."""
        self._hover = self._scene_point(pos)
        hovered = self.clinic.hit(self._hover) if self._hover is not None else None
        if hovered != self._hovered:
            self._hovered = hovered
            self._scene_dirty = True

    def _click_scene(self, pos: tuple[int, int]) -> bool:
        """A click on a person, a phone light or an exam room selects it, as a click on its row would."""
        point = self._scene_point(pos)
        item = self.clinic.hit(point) if point is not None else None
        if item is None or item.key is None:
            return False
        self.select(item.key)
        return True

    def draw(self, surface: pygame.Surface) -> None:
        """Paint the drawn clinic into its image when the desk, the selection or the pointed item changed."""
        if self._scene_dirty or self._painted_selection != self.selection:
            self.clinic.paint(self.scene_surface, self.scene_surface.get_rect(), self.selection, self._hover)
            self.scene.set_image(self.scene_surface)
            self._scene_dirty = False
            self._painted_selection = self.selection

    def _button(self, element: Any) -> bool:
        s = self.session
        if element is self.pause_button:
            s.toggle_pause()
        elif element is self.slower:
            s.slower()
        elif element is self.faster:
            s.faster()
        elif element is self.desk_button:
            self.select(("desk",))
        elif element is self.sound_button:
            if self.sounds is not None:
                self.sounds.toggle()
        elif element is self.end_button:
            self._end_day()
        elif element is self.do_button:
            self.submit()
        elif element is self.cancel_button:
            self._close_form()
            self.status = ""
        elif element in self.choice_buttons:
            choice = self._choice_keys[self.choice_buttons.index(element)]
            if choice is not None:
                self.start(choice)
        elif element in self.field_cycles:
            self._cycle(self.field_cycles.index(element))
        elif element in self.toggles:
            self._toggle(self.toggles.index(element))
        else:
            for rows in self.lists.values():
                key = rows.hit(element)
                if key is not None:
                    self.select(key)
                    return True
            return False
        return True

    def _key(self, event: pygame.event.Event) -> bool:
        typing = any(e.is_focused for e in self.field_entries if e.visible)
        key = event.key
        if key == pygame.K_ESCAPE:
            self._close_form()
            self.status = ""
            return True
        if key == pygame.K_e and event.mod & pygame.KMOD_CTRL:
            self._end_day()
            return True
        if self.choice is not None and self._form_key(event):
            return True
        if typing:
            return False
        if pygame.K_F1 <= key <= pygame.K_F12:
            choice = self._choice_keys[key - pygame.K_F1] if key - pygame.K_F1 < F_KEYS else None
            if choice is not None:
                self.start(choice)
            return True
        if key == pygame.K_SPACE:
            self.session.toggle_pause()
            return True
        if event.unicode in ("+", "="):
            self.session.faster()
            return True
        if event.unicode in ("-", "_"):
            self.session.slower()
            return True
        if event.unicode and event.unicode.isdigit() and event.unicode != "0":
            n = int(event.unicode)
            if n <= self.scenario.clinic.phone_lines:
                self.select(("line", str(n)))
                return True
        if event.unicode.lower() == "d":
            self.select(("desk",))
            return True
        if key == pygame.K_TAB:
            self._next_item(-1 if event.mod & pygame.KMOD_SHIFT else 1)
            return True
        if key in (pygame.K_PAGEDOWN, pygame.K_PAGEUP):
            kind = self.selection[0]
            if kind in self.lists:
                self.lists[kind].offset += 3 if key == pygame.K_PAGEDOWN else -3
                self._refresh(force=True)
            return True
        letter = event.unicode.upper()
        if not letter:  # Ctrl, Shift, Alt pressed alone type nothing: they must not take the choice with no letter
            return False
        for c in self._choice_keys:
            if c is not None and c.shortcut == letter:
                self.start(c)
                return True
        return False

    def _end_day(self) -> None:
        """End the day on a second press within a few seconds: a stray click must not end a graded attempt."""
        if self._end_pressed_at is not None and self.real_time - self._end_pressed_at < 4.0:
            self.session.end_day()
            return
        self._end_pressed_at = self.real_time
        self.status = "End the day now? The rest of the day happens without you. Press End day again to confirm."

    def _form_key(self, event: pygame.event.Event) -> bool:
        """Keys inside an open form: Tab between controls, Left/Right through a choice, Space ticks, Enter acts."""
        key = event.key
        control = self.form_controls[self.form_focus] if 0 <= self.form_focus < len(self.form_controls) else None
        if key == pygame.K_TAB:
            self._focus(self.form_focus + (-1 if event.mod & pygame.KMOD_SHIFT else 1))
            return True
        if key in (pygame.K_RETURN, pygame.K_KP_ENTER) or (key == pygame.K_SPACE and control in (self.do_button,
                                                                                             self.cancel_button)):
            if control is self.cancel_button:
                self._close_form()
                self.status = ""
            else:
                self.submit()
            return True
        if (self.choice is not None and self.choice.request is not None and event.unicode.lower() == "b"
                and not isinstance(control, UITextEntryLine)):
            self._open_book()
            return True
        if control in self.field_cycles and key in (pygame.K_LEFT, pygame.K_RIGHT, pygame.K_SPACE):
            self._cycle(self.field_cycles.index(control), -1 if key == pygame.K_LEFT else 1)
            return True
        if control in self.toggles and key == pygame.K_SPACE:
            self._toggle(self.toggles.index(control))
            return True
        # In a form, Space and other typed keys belong to the form (a text field types them): they never pause the
        # day, pick a phone line or take a shortcut by surprise.
        return not isinstance(control, UITextEntryLine) and (key == pygame.K_SPACE or bool(event.unicode))

    def _next_item(self, step: int) -> None:
        """Tab: the next thing on the desk (lines, messages, inbox, counter, waiting room, rooms, later days)."""
        order: list[Selection] = []
        for kind, rows in self.lists.items():
            if kind == "later":  # the clinic's people (counter, waiting room, rooms) come before the later days
                order += self.clinic.order
            order += [k for k in rows.keys if k is not None]
        order.append(("desk",))
        if self.selection in order:
            i = (order.index(self.selection) + step) % len(order)
        else:
            i = 0
        self.select(order[i])


def _specimen_words(room: RoomView) -> list[str]:
    """Each specimen of a room as the requisition names it: the test and its kind ("HbA1c (blood)")."""
    kinds = room.kinds if len(room.kinds) == len(room.specimens) else ("",) * len(room.specimens)
    return [f"{test} ({kind})" if kind else test for test, kind in zip(room.specimens, kinds, strict=True)]


#: How the desk asks each triage question (the scenario format's names for them).
TRIAGE_WORDS = {"onset": "When did this start?", "severity": "How bad is it, from 0 to 10?",
                "location": "Where exactly is it?", "chest_pain": "Any chest pain or pressure?",
                "breathing": "Any trouble breathing?", "bleeding": "Any bleeding?", "fever": "Have you had a fever?",
                "dizziness": "Any dizziness or fainting?", "medications": "What medications do you take?",
                "allergies": "Any allergies?", "history": "Any heart or other health problems?"}

#: The tutorial's help beside a chart note: what the note means for the request.
_CHART_ADVICE = {"limited_use_code": "<br><i>Help: only the prescriber can give a code that is not on the chart.</i>",
                 "prior_authorization": "<br><i>Help: a prior authorization is the prescriber's request to the "
                                        "insurer.</i>"}

#: What a caller says, when the scenario gives no words, about what they want.
_WANTS = {"book": "I'd like to book an appointment.", "cancel": "I need to cancel my appointment.",
          "reschedule": "I need to move my appointment.", "confirm": "I'm calling to confirm my appointment.",
          "results": "I'm calling about test results.", "limited_use_code": "I need the Limited Use code for a "
          "prescription.", "prior_authorization": "It's about a prior authorization.",
          "speak_to_doctor": "May I speak to the doctor?", "speak_to_nurse": "May I speak to the nurse?",
          "refill": "It's about a prescription refill.", "billing": "I have a question about a bill.",
          "records": "I'm calling about medical records.", "critical_result": "I have a critical result to report.",
          "medication_list": "I'm calling about a medication list."}


#: What a patient the desk phoned says back, by what they want (a reminder's answer, a freed slot, a move).
_REPLIES = {"confirm": "Hello? Yes, that's fine, I'll be there.", "cancel": "Hello? Oh, I need to cancel that one.",
            "reschedule": "Hello? I can't make it then; could we move it?",
            "book": "Hello? Yes, I'd love an earlier appointment!"}


def _wants_words(wants: str | None, date: str | None, at: str, outbound: bool) -> str:
    """The caller's opening words when the scenario gives none: what they want, and the appointment they mean."""
    if outbound:  # the desk phoned them: what they say once it says why
        return _REPLIES.get(wants or "", "Hello?") + (f" The {date} one at {at}?" if date and at else "")
    words = _WANTS.get(wants or "", "Hello, is this the clinic?")
    when = " ".join(x for x in (date or "", at) if x)
    return words + (f" It's the one on {when}." if when else "")


def _html(text: str) -> str:
    """Text said by someone, made safe for a text box's HTML."""
    return html.escape(text, quote=False)


def _chart_summary(chart: dict[str, str], jurisdiction: str, who: Callable[[str], str] = str) -> str:
    """The chart as an EMR's summary reads: demographics, the card on file, allergies, medications, pharmacy."""
    address = ", ".join(chart[k] for k in ("address.street", "address.city", "address.region", "address.postal")
                        if chart.get(k))
    if jurisdiction == "US":
        card = " ".join(chart.get(k, "") for k in ("insurance.payer", "insurance.member_id")).strip()
        expires = chart.get("insurance.expires", "")
    else:
        card = " ".join(chart.get(k, "") for k in ("health_card.number", "health_card.version")).strip()
        expires = chart.get("health_card.expires", "")
    rows = [f"<b>{_html(chart.get('name', ''))}</b> · born {chart.get('dob', '-')}",
            f"phone {chart.get('phone', '-')} · e-mail {_html(chart.get('email', '-'))}",
            f"address {_html(address) or '-'}",
            f"card {card or '-'}" + (f" · expires {expires}" if expires else ""),
            f"allergies {_html(chart.get('allergies', '-'))} · medications {_html(chart.get('medications', '-'))}",
            f"pharmacy {_html(who(chart['pharmacy'])) if chart.get('pharmacy') else '-'}"]
    return "<br>".join(rows)


def _card_lines(says: dict[str, str], jurisdiction: str) -> list[str]:
    """The card as the patient hands it over, line by line, as printed on it."""
    if jurisdiction == "US":
        return [says.get("insurance.payer", "Health plan").upper(), "MEMBER CARD",
                says.get("name", "").upper(), f"Member ID  {says.get('insurance.member_id', '')}",
                f"Group  {says.get('insurance.group', '-')}", f"Valid through  {says.get('insurance.expires', '-')}"]
    return ["ONTARIO · HEALTH CARD", says.get("name", "").upper(),
            f"{says.get('health_card.number', '')}   {says.get('health_card.version', '')}".rstrip(),
            f"Born  {says.get('dob', '')}", f"Expires  {says.get('health_card.expires', '-')}", ""]



def _when_said(available: str | None) -> str:
    """A patient's answer to when they can come, from their chart's words ("tue, thu from 09:00 until 12:00")."""
    return f"I can only come {available}." if available else "Any day, any time really."


def _set_choice(button: UIButton, value: Any) -> None:
    """A choice field's button: the value chosen (cut to fit, whole on hover), or an invitation to choose."""
    if not value:
        button.set_text("choose…   (click, or Left/Right)")
        button.set_tooltip(None)
        return
    text, tail = _words(value), "   (click to change)"
    fitted = _fit_row(button, text, tail if button.font.size(text + tail)[0] <= button.rect.width - 20 else "")
    button.set_text(fitted)
    button.set_tooltip(None if fitted.startswith(text) else text)
