"""The menu: choose a scenario, say who you are, then play it, watch a bot play it, or pick up an unfinished attempt.

Everything is on one screen (laid out for 1280×720, spread out on a larger window):

- the title bar, saying what the game is;
- unfinished attempts (autosaves), each with "Resume" and "Submit as is", when there are any;
- the course: the shipped scenarios in teaching order (the tutorial first), then each folder of the instructor's
  own ``*.yaml`` files as a course of its own, each course under a heading (:func:`~simulator.scenario.catalog.
  list_courses` keeps the order). One row per scenario: its place in the course, title, jurisdiction and privacy
  law, difficulty, and the student's best result, "competent" or "not yet" and how many competencies their days
  of it demonstrated, read from this computer's scoreboard for the student ID typed (:mod:`simulator.ui.progress`;
  one line above the list says when there is nothing to show, and why). A file that cannot be opened gets a row
  saying so and why, and cannot be started. A title too long for its row ends in "…": the description beside the
  list (for the selected row) and the row's tooltip (under the mouse) give it whole;
- what the selected scenario is about, what its step of the course teaches, and the student's results on it;
- the student's ID and name (remembered in ``data_dir()/menu.json``), and the buttons Play, Watch the expert,
  Watch the novice and Quit;
- under what the scenario is about, the box for an assignment code: a student given one by their instructor types
  it there (with their ID) and plays their own day of the assigned scenario;
- the keyboard shortcuts.

Keyboard: Up/Down (PageUp/PageDown, Home/End) choose a scenario (course headings are passed over), Tab and
Shift+Tab move between the attempts' buttons, the list, the description when it is longer than its box (Up/Down and
PageUp/PageDown then scroll it), the fields and the buttons; the focused control has an amber frame. Enter plays the
selected scenario (or presses the focused button), W and N watch the expert and the novice (outside the text fields,
where they are letters), Escape quits. The mouse clicks a row to choose it (twice to play) and its wheel scrolls the
list, or the description when over it.

All widgets are built once, in :meth:`MenuScreen.__init__`; the rows (course headings and scenarios) are a pool that
scrolls.
"""

from __future__ import annotations

import html
import json
import logging
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, Callable, Sequence

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UIImage, UILabel, UIPanel, UITextBox, UITextEntryLine

from frontdesk.grading.competencies import TAG_COMPETENCIES, Competency

from ..assignment_code import CodeError, decode_code, scenario_tag
from ..files import write_atomic
from ..scenario import Scenario
from ..scenario.jurisdictions import JURISDICTIONS
from ..scenario.catalog import Course, ScenarioEntry, list_courses, list_scenarios
from ..scenario.shipped import default_folders
from ..scenario.summary import scenario_digest
from .app import App, Screen
from .fonts import fit_text
from .progress import Progress, Standing, read_progress
from .session import Autosave, data_dir, find_autosaves

__all__ = ["MenuScreen", "ScenarioEntry", "list_scenarios", "default_folders", "load_prefs", "save_prefs"]

log = logging.getLogger(__name__)

#: Rows built for the list, course headings and scenarios (the list scrolls when there are more than fit; a tall
#: window shows up to this many).
MAX_ROWS = 14
#: Unfinished attempts listed at once (the rest wait until these are resumed or submitted).
MAX_AUTOSAVES = 3
#: Where the student's ID and name are remembered, in :func:`~simulator.ui.session.data_dir`.
PREFS_FILE = "menu.json"

ROW_H = 32
ROW_PITCH = ROW_H + 4
#: The width of a row's place in its course ("1", "2", …), between the selection marker and the title.
STEP_W = 38
#: The description's line height, for scrolling it a line at a time.
DETAILS_LINE_H = 22
#: The keys that scroll the description while it has the keyboard: (lines, boxes) each moves it by.
_DETAILS_KEYS = {pygame.K_UP: (-1, 0), pygame.K_DOWN: (1, 0), pygame.K_PAGEUP: (0, -0.9), pygame.K_PAGEDOWN: (0, 0.9),
                 pygame.K_SPACE: (0, 0.9), pygame.K_HOME: (-1e9, 0), pygame.K_END: (1e9, 0)}
#: How long the student ID must stay as typed before their results are read (a read per keystroke is wasted).
READ_AFTER_S = 0.3
MARGIN = 16
TOPBAR_H = 68
ACTION_BAR_H = 56
FOCUS_COLOUR = (217, 130, 0)  # amber: stands out on the white fields, the dark buttons and the grey page
FOCUS_WIDTH = 3
#: The height of the assignment-code box under the scenario's description.
CODE_BOX_H = 74

TAGLINE = ("A training simulator for medical office assistants: run a clinic's front desk through one "
           "simulated day (phones, check-in, privacy, the schedule), then read your debrief.")
#: Each level of help as the description says it.
ASSIST_WORDS = {"full": "full: hints, the chart compared with what the patient says, urgent work marked",
                "some": "some: the scenario's hints", "none": "none: no hints, no comparisons, no urgency marks"}
KEYS_LINE = ("Keyboard:  Up/Down choose a scenario  ·  PgUp/PgDn scroll  ·  Tab / Shift+Tab move  ·  Enter play "
             "(or press the focused button)  ·  H help level  ·  W watch the expert  ·  N watch the novice  ·  Esc quit")
MODES = {"front_desk": "front desk", "medical_assistant": "medical assistant"}
#: Column headers and their widths (the title takes the rest of the row). The privacy law, the day's hours and the
#: mode are in the description beside the list; the row keeps what a student chooses their next step by.
COLUMNS = (("Where · level", 100), ("Your best", 78), ("Competent?", 94), ("Competencies", 104))
#: The list's share of the width; the description beside it takes the rest (it holds the whole title, the step's
#: focus, the student's results and the day: wide enough that a shipped scenario's rarely needs scrolling).
LIST_SHARE = 0.63
#: A cell with nothing to show (no ID typed, not tried).
NONE = "—"


# --- what the menu lists ------------------------------------------------------------------------------------------


# --- the student, remembered between runs -------------------------------------------------------------------------


def load_prefs() -> dict[str, str]:
    """The student ID and name typed last time (``student_id``, ``student_name``); a missing or damaged file gives
    nothing."""
    try:
        data = json.loads((data_dir() / PREFS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: v for k in ("student_id", "student_name") if isinstance(v := data.get(k), str)}


def save_prefs(student_id: str | None, student_name: str | None) -> None:
    """Remember the student's ID and name for the next run (an atomic write; a failure only costs the memory)."""
    path = data_dir() / PREFS_FILE
    data = {"student_id": student_id or "", "student_name": student_name or ""}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, json.dumps(data, indent=1, sort_keys=True) + "\n")
    except OSError as exc:
        log.warning("could not remember the student in %s: %s", path, exc)


# --- small helpers ------------------------------------------------------------------------------------------------


def _hm(seconds: int) -> str:
    """``8:00``, ``17:30`` (a clinic's hours, as a schedule prints them)."""
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}"


def _hhmm(seconds: int) -> str:
    """``09:42`` (the desk clock)."""
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}"


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _booked(scenario: Scenario) -> int:
    return len({a.patient for a in scenario.schedule})


def _words(competencies: Sequence[Competency]) -> str:
    """``phone, messages, privacy``: what competencies are about, in the rubric's words (each once, in the
    framework's order); their codes are in the row's tooltip, and codes with titles in the competency export."""
    words: list[str] = []
    for c in competencies:
        words += [tag for tag, codes in TAG_COMPETENCIES.items() if c.code in codes and tag not in words]
    return ", ".join(words)


def _shown_path(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


class _Label(UILabel):
    """A label the mouse passes through, so that the row button under it is hovered and clicked."""

    def hover_point(self, hover_x: float, hover_y: float) -> bool:
        return False


class _Ring(UIImage):
    """The keyboard-focus frame: drawn over the focused control, never in the mouse's way."""

    def hover_point(self, hover_x: float, hover_y: float) -> bool:
        return False


@dataclass
class _Row:
    button: UIButton
    marker: UILabel
    step: UILabel
    title: UILabel
    cells: list[UILabel]
    reason: UILabel
    heading: UILabel
    tip: str | None = None


@dataclass
class _SaveRow:
    text: UILabel
    resume: UIButton
    submit: UIButton


# --- the screen ---------------------------------------------------------------------------------------------------


class MenuScreen(Screen):
    """The first screen: scenarios, the student, and unfinished attempts.

    ``on_play(scenario_path, student_id, student_name, watch)`` starts a scenario (``watch`` is None, or
    ``"expert"``/``"novice"`` for a class demonstration); ``on_resume(autosave)`` and ``on_submit(autosave)`` take up
    an unfinished attempt or submit it as it stands. ``folders`` holds the instructor's own scenarios (by default
    ``my-scenarios/`` and ``scenarios/`` in the current folder).
    """

    def __init__(self, app: App, on_play: Callable[[Path, str | None, str | None, str | None], None],
                 on_resume: Callable[[Autosave], None], on_submit: Callable[[Autosave], None],
                 folders: Sequence[Path] = (),
                 on_assignment: Callable[[Path, str | None, str | None, str], None] | None = None):
        super().__init__(app)
        self.on_play = on_play
        self.on_assignment = on_assignment
        self.on_resume = on_resume
        self.on_submit = on_submit
        self.folders = [Path(f) for f in folders] or default_folders()
        self.courses: list[tuple[Course, list[ScenarioEntry]]] = list_courses(self.folders)
        self.entries = [entry for _, entries in self.courses for entry in entries]
        # The list's rows: each course's heading, then its scenarios. ("course", k) is the heading of course k,
        # ("entry", i) the row of self.entries[i]; the selection is an entry, the scroll offset a row.
        self.items: list[tuple[str, int]] = []
        self._item_of: list[int] = []  # entry index → its row in self.items
        self._course_at: list[int] = []  # course index → the index of its first entry
        for k, (_, entries) in enumerate(self.courses):
            self.items.append(("course", k))
            self._course_at.append(len(self._item_of))
            for _ in entries:
                self._item_of.append(len(self.items))
                self.items.append(("entry", len(self._item_of) - 1))
        self.autosaves: list[Autosave] = []
        self.selected = 0
        self.offset = 0
        self.visible_rows = MAX_ROWS
        self.focus = "list"
        self.status = ""
        self._wanted: dict[Any, bool] = {}  # each hideable widget: shown or not (applied while the screen shows)
        self._details_for: int | None = None
        self.progress = Progress(None)
        self._progress_id: str | None = None  # the student ID self.progress was read for
        self._seen_id: str | None = None  # the ID as last seen typed, and how long it has stayed so
        self._typed_for = 0.0
        self._standings: dict[int, Standing | None] = {}
        self._digests: dict[int, str] = {}
        self._build()
        prefs = load_prefs()
        self.id_entry.set_text(prefs.get("student_id", "")[:40])
        self.name_entry.set_text(prefs.get("student_name", "")[:80])
        self._load_autosaves()
        self._read_progress(refresh=False)
        self._layout()

    # --- building (once) ------------------------------------------------------------------------------------------

    def _build(self) -> None:
        m, root = self.manager, self.root
        r = pygame.Rect(0, 0, 1280, 40)  # roomy until the layout sizes each widget (a tiny one only warns)
        # Everything sits on layer 1 of the screen, drawn in the order made: backgrounds first. (Text entry lines
        # always start on layer 1, so nothing that must stay under them may sit higher.)
        self.page = UIPanel(r, 1, m, container=root, object_id="@menu_page")
        self.topbar = UIPanel(r, 1, m, container=root, object_id="@topbar")
        self.saves_box = UIPanel(r, 1, m, container=root, object_id="@menu_resume_box")
        self.list_card = UIPanel(r, 1, m, container=root, object_id="@menu_card")
        self.action_bar = UIPanel(r, 1, m, container=root, object_id="@menu_card")

        self.title = UILabel(r, "Front Desk", m, container=root, object_id="@menu_title")
        self.tagline = UILabel(r, TAGLINE, m, container=root, object_id="@menu_tagline")

        self.saves_heading = UILabel(r, "Unfinished attempts: pick up where you stopped, or submit the attempt as "
                                     "it stands to be graded", m, container=root, object_id="@title")
        self.save_rows = []
        for i in range(MAX_AUTOSAVES):
            self.save_rows.append(_SaveRow(
                UILabel(r, "", m, container=root, object_id="@menu_save_text"),
                UIButton(r, "Resume", m, container=root, object_id="@action",
                         command=partial(self._resume, i)),
                UIButton(r, "Submit as is", m, container=root, command=partial(self._submit, i)),
            ))
        self.saves_more = UILabel(r, "", m, container=root, object_id="@menu_hint")

        self.list_heading = UILabel(r, "Your course", m, container=root, object_id="@title")
        self.results_label = UILabel(r, "", m, container=root, object_id="@menu_hint")
        self.col_step = UILabel(r, "Step", m, container=root, object_id="@menu_colhead")
        self.col_title = UILabel(r, "Scenario", m, container=root, object_id="@menu_colhead")
        self.col_heads = [UILabel(r, name, m, container=root, object_id="@menu_colhead") for name, _ in COLUMNS]
        self.rows = []
        for i in range(MAX_ROWS):
            button = UIButton(r, "", m, container=root, object_id="@menu_row", allow_double_clicks=True,
                              command=partial(self._click_row, i))
            # partial, not a lambda with a default: pygame_gui passes its event data to a callable taking one argument
            button.bind(pygame_gui.UI_BUTTON_DOUBLE_CLICKED, partial(self._double_click_row, i))
            self.rows.append(_Row(
                button,
                _Label(r, "", m, container=root, object_id="@menu_marker"),
                _Label(r, "", m, container=root, object_id="@menu_row_text"),
                _Label(r, "", m, container=root, object_id="@menu_row_title"),
                [_Label(r, "", m, container=root, object_id="@menu_row_text") for _ in COLUMNS],
                _Label(r, "", m, container=root, object_id="@menu_row_broken"),
                UILabel(r, "", m, container=root, object_id="@title"),  # a course's heading (hovered: its tooltip)
            ))
        self.list_footer = UILabel(r, "", m, container=root, object_id="@menu_hint")

        self.details_heading = UILabel(r, "About this scenario", m, container=root, object_id="@title")
        self.details = UITextBox("", r, m, container=root, object_id="@menu_details")
        self.code_box = UIPanel(r, 1, m, container=root, object_id="@menu_card")
        self.code_label = UILabel(r, "Assignment code from your instructor", m, container=root,
                                  object_id="@menu_field_label")
        self.code_entry = UITextEntryLine(r, m, container=root, placeholder_text="XXXX-XXXX-XXXX-XXXX")
        self.code_entry.set_text_length_limit(24)
        self.code_button = UIButton(r, "Play assignment", m, container=root, object_id="@action",
                                    command=self.play_assignment)

        self.status_label = UILabel(r, "", m, container=root, object_id="@status")
        self.id_label = UILabel(r, "Student ID", m, container=root, object_id="@menu_field_label")
        self.id_entry = UITextEntryLine(r, m, container=root)
        self.id_entry.set_text_length_limit(40)
        self.name_label = UILabel(r, "Name", m, container=root, object_id="@menu_field_label")
        self.name_entry = UITextEntryLine(r, m, container=root)
        self.name_entry.set_text_length_limit(80)
        self.play_button = UIButton(r, "Play  (Enter)", m, container=root, object_id="@action",
                                    command=lambda: self.play(None))
        self.expert_button = UIButton(r, "Watch the expert  (W)", m, container=root,
                                      command=lambda: self.play("expert"))
        self.novice_button = UIButton(r, "Watch the novice  (N)", m, container=root,
                                      command=lambda: self.play("novice"))
        self.quit_button = UIButton(r, "Quit  (Esc)", m, container=root, command=self.quit)
        #: The help the student asks for (full, some, none), or ``None``: each scenario's own. An assessment, and a
        #: day played from an assignment code, take the scenario's whatever is chosen here.
        self.assist: str | None = None
        self.assist_button = UIButton(r, "", m, container=root, command=self.next_assist,
                                      tool_tip_text="How much the desk helps (H): full shows hints, compares the chart "
                                                    "with what the patient says and marks urgent work; some shows "
                                                    "hints; none shows no help, as an assessment.")
        self._label_assist()
        self.keys_label = UILabel(r, KEYS_LINE, m, container=root, object_id="@menu_hint")
        self.ring = _Ring(r, pygame.Surface((10, 10), pygame.SRCALPHA), m, container=root, starting_height=2)

    # --- the autosaves --------------------------------------------------------------------------------------------

    def _load_autosaves(self) -> None:
        self.autosaves = find_autosaves()
        for i, row in enumerate(self.save_rows):
            if i < len(self.autosaves):
                a = self.autosaves[i]
                text = (f"{a.scenario_id}  ·  student {a.student or '(no ID)'}  ·  stopped at {_hhmm(a.clock)}  ·  "
                        f"{_plural(a.actions, 'action')} taken")
                self._set(row.text, text)
        more = len(self.autosaves) - MAX_AUTOSAVES
        self._set(self.saves_more, f"…and {_plural(more, 'more unfinished attempt')}, listed here once these are "
                                   "resumed or submitted" if more > 0 else "")

    # --- layout ---------------------------------------------------------------------------------------------------

    def _layout(self) -> None:
        """Place every widget to fill the screen's panel (only moves and resizes; builds nothing)."""
        w, h = self.root.get_container().get_size()  # inside the panel's border
        inner = w - 2 * MARGIN
        self._place(self.page, 0, 0, w, h)
        self._place(self.topbar, 0, 0, w, TOPBAR_H)
        self._place(self.title, MARGIN, 4, inner, 36)
        self._place(self.tagline, MARGIN, 38, inner, 24)
        y = TOPBAR_H + 12

        # Unfinished attempts.
        shown_saves = min(len(self.autosaves), MAX_AUTOSAVES)
        self._show(self.saves_box, self.saves_heading, visible=shown_saves > 0)
        if shown_saves:
            box_h = 36 + shown_saves * 36 + (22 if len(self.autosaves) > MAX_AUTOSAVES else 0) + 4
            self._place(self.saves_box, MARGIN, y, inner, box_h)
            self._place(self.saves_heading, MARGIN + 12, y + 6, inner - 24, 26)
            for i, row in enumerate(self.save_rows):
                ry = y + 36 + i * 36
                self._place(row.submit, w - MARGIN - 12 - 150, ry, 150, 30)
                self._place(row.resume, w - MARGIN - 12 - 150 - 8 - 120, ry, 120, 30)
                self._place(row.text, MARGIN + 12, ry, inner - 24 - 290, 30)
            self._place(self.saves_more, MARGIN + 12, y + 36 + shown_saves * 36, inner - 24, 22)
            y += box_h + 10
        for i, row in enumerate(self.save_rows):
            self._show(row.text, row.resume, row.submit, visible=i < shown_saves)
        self._show(self.saves_more, visible=shown_saves > 0 and len(self.autosaves) > MAX_AUTOSAVES)

        # The bottom: the keys line, the student and the buttons, the status line.
        keys_y = h - 30
        bar_y = keys_y - 6 - ACTION_BAR_H
        status_y = bar_y - 4 - 26
        self._place(self.keys_label, MARGIN, keys_y, inner, 26)
        self._place(self.action_bar, MARGIN, bar_y, inner, ACTION_BAR_H)
        self._place(self.status_label, MARGIN + 4, status_y, inner - 8, 26)
        fy, fh = bar_y + (ACTION_BAR_H - 34) // 2, 34
        x = MARGIN + 14
        self._place(self.id_label, x, fy, 80, fh)
        self._place(self.id_entry, x + 80, fy, 170, fh)
        x += 80 + 170 + 18
        self._place(self.name_label, x, fy, 48, fh)
        bx = w - MARGIN - 14
        for button, bw in ((self.quit_button, 104), (self.novice_button, 178), (self.expert_button, 178),
                           (self.play_button, 130), (self.assist_button, 150)):
            bx -= bw
            self._place(button, bx, fy, bw, fh)
            bx -= 8
        self._place(self.name_entry, x + 48, fy, min(360, bx - 12 - (x + 48)), fh)  # the room left, up to a point

        # The list (left) and what the selected scenario is about (right).
        top, bottom = y, status_y - 4
        list_w = int((inner - 12) * LIST_SHARE)
        details_x = MARGIN + list_w + 12
        details_w = w - MARGIN - details_x
        self._place(self.list_heading, MARGIN + 2, top, 120, 26)
        self._place(self.results_label, MARGIN + 126, top + 2, list_w - 128, 24)
        self._place(self.details_heading, details_x + 2, top, details_w, 26)
        card_y = top + 28
        self._place(self.list_card, MARGIN, card_y, list_w, bottom - card_y)
        self._place(self.details, details_x, card_y, details_w, bottom - card_y - CODE_BOX_H - 8)
        code_y = bottom - CODE_BOX_H
        self._place(self.code_box, details_x, code_y, details_w, CODE_BOX_H)
        self._place(self.code_label, details_x + 8, code_y + 6, details_w - 16, 22)
        button_w = 140
        self._place(self.code_entry, details_x + 8, code_y + 32, details_w - 22 - button_w, 34)
        self._place(self.code_button, details_x + details_w - 8 - button_w, code_y + 32, button_w, 34)

        rx, rw = MARGIN + 10, list_w - 20
        self._cols = self._columns(rx, rw)
        self._place(self.col_step, rx + 22, card_y + 6, STEP_W, 22)
        self._place(self.col_title, self._cols[0][0], card_y + 6, self._cols[0][1], 22)
        for head, (cx, cw), (name, _) in zip(self.col_heads, self._cols[1:], COLUMNS, strict=True):
            self._place(head, cx, card_y + 6, cw, 22)
            self._fit_label(head, name, tooltip=True)
        rows_y = card_y + 34
        footer_h = 24
        fit = max(1, (bottom - 6 - footer_h - rows_y) // ROW_PITCH)
        self.visible_rows = min(MAX_ROWS, fit)
        for i, row in enumerate(self.rows):
            ry = rows_y + i * ROW_PITCH
            self._place(row.button, rx, ry, rw, ROW_H)
            self._place(row.marker, rx + 4, ry, 20, ROW_H)
            self._place(row.step, rx + 26, ry, STEP_W, ROW_H)
            self._place(row.title, self._cols[0][0], ry, self._cols[0][1], ROW_H)
            self._place(row.heading, rx + 4, ry + 4, rw - 8, ROW_H - 4)
            for cell, (cx, cw) in zip(row.cells, self._cols[1:], strict=True):
                self._place(cell, cx, ry, cw, ROW_H)
            span_x = self._cols[1][0]
            self._place(row.reason, span_x, ry, rx + rw - span_x - 8, ROW_H)
        self._rows_rect = pygame.Rect(rx, rows_y, rw, 0)
        self._place(self.list_footer, rx + 4, bottom - 4 - footer_h, rw - 8, footer_h)
        self._fit_label(self.tagline, TAGLINE)
        self._fit_label(self.keys_label, KEYS_LINE)
        self._fit_label(self.results_label, self._results_line(), tooltip=True)
        self._refresh_rows()
        self._place_ring()

    @staticmethod
    def _columns(x: int, width: int) -> list[tuple[int, int]]:
        """(x, width) of the title and of each column of :data:`COLUMNS` in a row at ``x`` of ``width``."""
        fixed = sum(cw for _, cw in COLUMNS)
        title_x = x + 26 + STEP_W
        title_w = width - 26 - STEP_W - fixed - 8
        cols = [(title_x, title_w)]
        cx = title_x + title_w
        for _, cw in COLUMNS:
            cols.append((cx, cw))
            cx += cw
        return cols

    @staticmethod
    def _place(widget: Any, x: int, y: int, w: int, h: int) -> None:
        rect = widget.relative_rect
        if (rect.x, rect.y) != (x, y):
            widget.set_relative_position((x, y))
        if rect.size != (w, h):
            widget.set_dimensions((w, h))

    # --- showing, hiding and relabelling --------------------------------------------------------------------------

    def _show(self, *widgets: Any, visible: bool) -> None:
        for widget in widgets:
            self._wanted[widget] = visible
            if self.root.visible:
                if visible and not widget.visible:
                    widget.show()
                elif not visible and widget.visible:
                    widget.hide()

    @staticmethod
    def _set(label: Any, text: str) -> None:
        if label.text != text:
            label.set_text(text)

    def _fit_label(self, label: UILabel, text: str, tooltip: bool = False) -> None:
        """Show ``text`` in ``label``, cut short with "…" when it is wider than the label (with ``tooltip``, the
        whole text then shows under the mouse)."""
        shown = self._fit(label, text, label.relative_rect.width - 6)
        self._set(label, shown)
        if tooltip:
            whole = html.escape(text) if shown != text else None
            if label.tool_tip_text != whole:
                label.set_tooltip(whole, wrap_width=480)

    @staticmethod
    def _fit(label: UILabel, text: str, width: int) -> str:
        return fit_text(label.font, text, width)

    # --- the student's results -------------------------------------------------------------------------------

    def _read_progress(self, refresh: bool = True) -> None:
        """Read the typed student's results from the scoreboard again (never raises: see :func:`read_progress`)."""
        sid = self.student()[0]
        progress = read_progress(sid)
        self._progress_id = self._seen_id = sid
        self._typed_for = 0.0
        if progress == self.progress:
            return  # nothing new (the menu shown again after a day watched, or the same ID typed again)
        self.progress = progress
        self._standings.clear()
        self._details_for = None
        if refresh:
            self._fit_label(self.results_label, self._results_line(), tooltip=True)
            self._refresh_rows()

    def _digest(self, i: int) -> str:
        """The digest of entry ``i``'s scenario (computed once: it is the scenario's identity on the scoreboard)."""
        if i not in self._digests:
            scenario = self.entries[i].scenario
            assert scenario is not None
            self._digests[i] = scenario_digest(scenario)
        return self._digests[i]

    def standing(self, i: int) -> Standing | None:
        """The typed student's results on entry ``i``'s scenario, or None (not tried, no ID, cannot be opened)."""
        if i not in self._standings:
            scenario = self.entries[i].scenario
            tried = scenario is not None and scenario.id in self.progress.attempts
            self._standings[i] = self.progress.standing(scenario, self._digest(i)) if tried else None
        return self._standings[i]

    def _tally(self, indexes: Sequence[int]) -> tuple[int, int]:
        """(scenarios tried, scenarios whose best day was competent) among the entries ``indexes``."""
        found = [self.standing(i) for i in indexes]
        return sum(1 for f in found if f is not None), sum(1 for f in found if f is not None and f.competent)

    def _results_line(self) -> str:
        """The line above the list: whose results the rows show, or why they show none."""
        if self.progress.note:
            return self.progress.note
        tried, good = self._tally(range(len(self.entries)))
        return (f"Results for {self.progress.student} from this computer's scoreboard: {tried} of "
                f"{_plural(len(self.entries), 'scenario')} tried, {good} competent.")

    @staticmethod
    def _course_name(course: Course) -> str:
        """A course's name: its course file's title, or what the folder is for a folder without one."""
        if course.title:
            return course.title
        return "Front Desk course" if course.folder is None else f"Your own scenarios in {_shown_path(course.folder)}/"

    def _heading(self, k: int) -> str:
        """Course ``k``'s heading: its name, how it is ordered, the student's tally, and any problem of its file."""
        course, entries = self.courses[k]
        text = self._course_name(course) + ":  "
        if course.folder is None:
            text += f"{_plural(len(entries), 'scenario')} in teaching order"
        elif course.title:
            text += f"your instructor's course, {_plural(len(entries), 'scenario')}"
        else:
            text += f"{_plural(len(entries), 'scenario')} by file name"
        if self.progress.student and not self.progress.problem:
            first = self._course_at[k]
            tried, good = self._tally(range(first, first + len(entries)))
            text += f"  ·  you: {tried} tried, {good} competent"
        if course.problems:
            text += "  ·  " + course.problems[0]
        return text

    # --- the list -------------------------------------------------------------------------------------------------

    def _cells(self, i: int) -> tuple[str, ...]:
        """The texts of entry ``i``'s columns (:data:`COLUMNS`)."""
        s = self.entries[i].scenario
        assert s is not None
        place = f"{s.jurisdiction} · {s.difficulty}"
        if not self.progress.student or self.progress.problem:
            return place, NONE, NONE, NONE
        found = self.standing(i)
        if found is None:
            return place, "not tried", NONE, NONE
        assessed = len(found.demonstrated) + len(found.not_yet)
        return (place, f"{found.best:.1f}", "competent" if found.competent else "not yet",
                f"{len(found.demonstrated)} of {assessed}" if assessed else NONE)

    def _tooltip(self, i: int) -> str:
        """Entry ``i``'s row under the mouse: its whole title and place, and the student's results in words."""
        entry = self.entries[i]
        esc = html.escape
        if entry.scenario is None:
            return f"<b>{esc(entry.path.name)}</b> cannot be opened: {esc(entry.problem or '')}"
        text = f"<b>{esc(entry.scenario.title)}</b><br>{esc(self._place_of(i))}"
        found = self.standing(i)
        if found is not None:
            text += (f"<br>Your best: {found.best:.1f}, {'competent' if found.competent else 'not yet competent'}; "
                     f"{len(found.demonstrated)} of {len(found.demonstrated) + len(found.not_yet)} competencies "
                     f"shown ({esc(found.framework)})")
            if found.demonstrated:
                text += "<br>Shown: " + esc(", ".join(c.code for c in found.demonstrated))
            if found.not_yet:
                text += "<br>Not yet: " + esc(", ".join(c.code for c in found.not_yet))
        elif self.progress.student and not self.progress.problem:
            text += "<br>Not tried yet"
        return text

    def _refresh_rows(self) -> None:
        """Relabel the row pool for the current scroll offset and selection."""
        n = len(self.items)
        self.selected = max(0, min(self.selected, len(self.entries) - 1))
        self.offset = max(0, min(self.offset, n - self.visible_rows))
        if self.entries:
            at = self._item_of[self.selected]
            if at < self.offset:
                self.offset = at
            elif at >= self.offset + self.visible_rows:
                self.offset = at - self.visible_rows + 1
        shown: list[int] = []
        for r, row in enumerate(self.rows):
            index = self.offset + r
            entry_parts = (row.button, row.marker, row.step, row.title, row.reason, *row.cells)
            if r >= self.visible_rows or index >= n:
                self._show(row.heading, *entry_parts, visible=False)
                continue
            kind, i = self.items[index]
            if kind == "course":
                self._fit_label(row.heading, self._heading(i), tooltip=True)
                self._show(row.heading, visible=True)
                self._show(*entry_parts, visible=False)
                continue
            shown.append(i)
            entry = self.entries[i]
            chosen = i == self.selected
            self._set(row.marker, "»" if chosen else "")
            self._set(row.step, str(entry.step))
            if chosen and not row.button.is_selected:
                row.button.select()
            elif not chosen and row.button.is_selected:
                row.button.unselect()
            tip = self._tooltip(i)
            if row.tip != tip:
                row.tip = tip
                row.button.set_tooltip(tip, wrap_width=420)
            self._show(row.heading, visible=False)
            if entry.scenario is not None:
                self._fit_label(row.title, entry.scenario.title)
                for cell, text in zip(row.cells, self._cells(i), strict=True):
                    self._fit_label(cell, text)
                self._show(row.button, row.marker, row.step, row.title, *row.cells, visible=True)
                self._show(row.reason, visible=False)
            else:
                self._fit_label(row.title, f"Cannot be opened: {entry.path.name}")
                self._fit_label(row.reason, f"Why: {entry.problem}")
                self._show(row.button, row.marker, row.step, row.title, row.reason, visible=True)
                self._show(*row.cells, visible=False)
        rows_shown = min(self.visible_rows, n - self.offset)
        self._rows_rect.height = max(ROW_H, rows_shown * ROW_PITCH - 4)
        total = len(self.entries)
        if n > self.visible_rows and shown:
            footer = (f"Scenarios {shown[0] + 1}–{shown[-1] + 1} of {total}: PgUp/PgDn or the mouse wheel shows "
                      "the others.")
        else:
            footer = f"{_plural(total, 'scenario')}."
        local = ", ".join(_shown_path(f) + "/" for f in self.folders)
        footer += (f"  Your own scenarios: the .yaml files in {local}" if local else
                   "  To add your own, put .yaml files in a my-scenarios/ folder where you start the game.")
        self._fit_label(self.list_footer, footer)
        self._refresh_details()

    def _refresh_details(self) -> None:
        if self._details_for == self.selected or not self.entries:
            return
        self._details_for = self.selected
        entry = self.entries[self.selected]
        esc = html.escape
        course = entry.course
        self._fit_label(self.details_heading, self._place_of(self.selected), tooltip=True)
        problems = ("<br>".join(f"<i>The course file: {esc(p)}</i>" for p in course.problems)
                    if course is not None and course.problems else "")
        if entry.scenario is None:
            more = entry.problems - 1
            text = (f"<b>{esc(entry.path.name)} cannot be opened.</b><br><br>"
                    f"{esc(entry.problem or '')}<br>"
                    + (f"(and {_plural(more, 'more problem')})<br>" if more > 0 else "")
                    + f"<br>File: {esc(_shown_path(entry.path))}<br><br>"
                    f"<i>Fix the file, or choose another scenario. The command "
                    f"frontdesk validate {esc(entry.path.name)} lists every problem.</i>")
        else:
            s = entry.scenario
            j = JURISDICTIONS[s.jurisdiction]
            c = s.clinic
            about = " ".join((s.description or "").split())
            head = [f"<b>{esc(s.title)}</b>"]
            if entry.focus:
                head.append(f"<i>{esc(entry.focus)}</i>")
            facts = [
                f"<b>Clinic:</b> {esc(c.name)}, {esc(j.name)} ({esc(j.privacy_law)})",
                f"<b>Day:</b> {s.date:%A} {s.date.day} {s.date:%B %Y}, {_hm(c.opens)}–{_hm(c.closes)}, "
                f"{_plural(_booked(s), 'patient')} booked, {_plural(c.phone_lines, 'phone line')}; "
                f"{s.difficulty}; {MODES.get(s.mode, s.mode)} mode",
            ]
            if s.assessment:
                facts.append("<b>Assessment:</b> no score is shown while you play, and the desk gives no help.")
            else:
                chosen = self.assist or s.assist
                facts.append(f"<b>Help:</b> {ASSIST_WORDS[chosen]}" + (" (your choice)" if self.assist else ""))
            if entry.local:
                facts.append(f"<i>File: {esc(_shown_path(entry.path))}</i>")
            # What the student chooses by first (the step, their results), then the day: the box scrolls (by
            # mouse, and by keyboard once Tab reaches it) only when an instructor's description is long.
            paragraphs = ["<br>".join(head), self._results_text(self.selected), esc(about), "<br>".join(facts),
                          problems]
            text = "<br><br>".join(p for p in paragraphs if p)
        self.details.set_text(text)
        if self.focus == "details" and self.details.scroll_bar is None:
            self.set_focus("list")  # the new text fits: nothing left to scroll

    def _place_of(self, i: int) -> str:
        """``Step 2 of 7: Front Desk course``: entry ``i``'s place in its course."""
        entry = self.entries[i]
        if entry.course is None:
            return "About this scenario"
        return f"Step {entry.step} of {len(self.courses[self._course_of(i)][1])}: {self._course_name(entry.course)}"

    def _course_of(self, i: int) -> int:
        """The index in self.courses of the course entry ``i`` belongs to."""
        return max(k for k, first in enumerate(self._course_at) if first <= i)

    def _results_text(self, i: int) -> str:
        """The student's results on entry ``i``, for the description: best, verdict, and the competencies shown and
        not yet, by what they are about."""
        esc = html.escape
        found = self.standing(i)
        if found is None:
            if self.progress.note:
                head, colon, rest = self.progress.note.partition(": ")
                return f"<b>{esc(head)}{colon.strip()}</b> {esc(rest)}"
            return "<b>Your results:</b> not tried yet."
        best = (f"<b>Your best:</b> {found.best:.1f} ({_plural(found.attempts, 'day')} graded"
                + (", of an earlier version of this scenario" if found.earlier_version else "") + ")")
        if not found.demonstrated and not found.competent:
            return best + ": not yet competent (a critical error: no competency counts)."
        assessed = len(found.demonstrated) + len(found.not_yet)
        lines = [best + (": competent." if found.competent else ": not yet competent (a critical error).")]
        if found.demonstrated:
            lines.append(f"<b>Competencies shown</b> ({len(found.demonstrated)} of {assessed}, "
                         f"{esc(found.framework)}): {esc(_words(found.demonstrated))}")
        if found.not_yet:
            lines.append(f"<b>Not yet:</b> {esc(_words(found.not_yet))}")
        return "<br>".join(lines)

    def show_error(self, text: str) -> None:
        """Say why something the student asked for cannot be done (a scenario that will not load, an attempt
        that cannot be resumed)."""
        self._set_status(text)

    def _set_status(self, text: str) -> None:
        self.status = text
        self._fit_label(self.status_label, text)

    # --- focus ----------------------------------------------------------------------------------------------------

    def _focus_order(self) -> list[str]:
        keys = []
        for i in range(min(len(self.autosaves), MAX_AUTOSAVES)):
            keys += [f"resume{i}", f"submit{i}"]
        # The description takes the keyboard only when it is longer than its box (Up/Down then scroll it).
        details = ["details"] if self.details.scroll_bar is not None else []
        return keys + ["list", *details, "id", "name", "code", "assignment", "assist", "play", "expert", "novice",
                       "quit"]

    def _focus_widget(self, key: str) -> Any:
        if key.startswith("resume"):
            return self.save_rows[int(key[6:])].resume
        if key.startswith("submit"):
            return self.save_rows[int(key[6:])].submit
        return {"id": self.id_entry, "name": self.name_entry, "code": self.code_entry, "details": self.details,
                "assignment": self.code_button, "play": self.play_button, "assist": self.assist_button,
                "expert": self.expert_button, "novice": self.novice_button, "quit": self.quit_button}.get(key)

    def set_focus(self, key: str) -> None:
        """Give the keyboard to ``key`` (``list``, ``details`` while the description scrolls, ``id``, ``name``,
        ``code``, ``assignment``, ``play``, ``expert``, ``novice``, ``quit``, ``resumeN``, ``submitN``) and frame it."""
        if key not in self._focus_order():
            key = "list"
        if self.focus == "id" and key != "id" and self.student()[0] != self._progress_id:
            self._read_progress()  # leaving the ID field: the results of the ID typed, at once
        self.focus = key
        entry = self._entries().get(key)
        if entry is not None:
            if not entry.is_focused:
                self.manager.set_focus_set(entry)
        elif any(e.is_focused for e in self._entries().values()):
            self.manager.set_focus_set(None)
        self._place_ring()

    def _entries(self) -> dict[str, UITextEntryLine]:
        """The text fields, by focus key."""
        return {"id": self.id_entry, "name": self.name_entry, "code": self.code_entry}

    def _move_focus(self, step: int) -> None:
        order = self._focus_order()
        i = order.index(self.focus) if self.focus in order else order.index("list")
        self.set_focus(order[(i + step) % len(order)])

    def _place_ring(self) -> None:
        if self.focus == "list":
            rect = self._rows_rect.copy()
        else:
            widget = self._focus_widget(self.focus)
            rect = widget.relative_rect.copy() if widget is not None else self._rows_rect.copy()
        rect.inflate_ip(2 * (FOCUS_WIDTH + 1), 2 * (FOCUS_WIDTH + 1))
        self._place(self.ring, rect.x, rect.y, rect.w, rect.h)
        if getattr(self, "_ring_size", None) != rect.size:
            self._ring_size = rect.size
            surface = pygame.Surface(rect.size, pygame.SRCALPHA)
            pygame.draw.rect(surface, FOCUS_COLOUR, surface.get_rect(), FOCUS_WIDTH, border_radius=6)
            self.ring.set_image(surface)

    # --- what the student does ------------------------------------------------------------------------------------

    def student(self) -> tuple[str | None, str | None]:
        """The typed student ID and name, or None for an empty field."""
        return (self.id_entry.get_text().strip() or None, self.name_entry.get_text().strip() or None)

    def _remember(self) -> None:
        sid, name = self.student()
        if load_prefs() != {"student_id": sid or "", "student_name": name or ""}:
            save_prefs(sid, name)

    def play(self, watch: str | None = None) -> None:
        """Start the selected scenario (``watch``: None, ``"expert"`` or ``"novice"``); a scenario that cannot be
        opened only says why."""
        if not self.entries:
            self._set_status("There is no scenario to play.")
            return
        entry = self.entries[self.selected]
        if entry.scenario is None:
            self._set_status(f"{entry.path.name} cannot be opened, so it cannot be played: {entry.problem}")
            return
        self._set_status("")
        self._remember()
        sid, name = self.student()
        self.on_play(entry.path, sid, name, watch)

    def play_assignment(self) -> None:
        """Play the student's own day of the assignment whose code is typed (with the student's ID); a code that
        cannot be used only says why."""
        text = self.code_entry.get_text().strip()
        if not text:
            self._set_status("Type the assignment code your instructor gave you, then press Play assignment.")
            self.set_focus("code")
            return
        sid, name = self.student()
        try:
            code = decode_code(text, sid)
        except CodeError as exc:
            self._set_status(str(exc))
            self.set_focus("id" if sid is None else "code")
            return
        for i, entry in enumerate(self.entries):
            if entry.scenario is not None and scenario_tag(self._digest(i)) == code.tag:
                break
        else:
            self._set_status("This code is for a scenario this computer does not have: put the scenario file your "
                             "instructor sent in a my-scenarios folder where you start the game.")
            return
        self._set_status("")
        self._remember()
        if self.on_assignment is not None:
            self.on_assignment(entry.path, sid, name, text)

    def _resume(self, i: int) -> None:
        if i < len(self.autosaves):
            self.set_focus(f"resume{i}")
            self._remember()
            self.on_resume(self.autosaves[i])

    def _submit(self, i: int) -> None:
        if i < len(self.autosaves):
            self.set_focus(f"submit{i}")
            self._remember()
            self.on_submit(self.autosaves[i])

    def quit(self) -> None:
        """Remember the student and close the game."""
        self._remember()
        self.app.quit()

    def select(self, index: int) -> None:
        """Select scenario ``index`` (scrolling the list to it, with its course's heading when it is the first of
        its course)."""
        if self.entries:
            self.selected = max(0, min(index, len(self.entries) - 1))
            at = self._item_of[self.selected]
            if at <= self.offset:
                self.offset = at - 1 if self.items[at - 1][0] == "course" else at
            elif at >= self.offset + self.visible_rows:
                self.offset = at - self.visible_rows + 1
            if self.status and self.entries[self.selected].playable:
                self._set_status("")
            self._refresh_rows()

    def _scroll_details(self, lines: float, pages: float) -> None:
        """Scroll the description by ``lines`` lines and ``pages`` boxes (negative: up)."""
        bar = self.details.scroll_bar
        layout = self.details.text_box_layout
        if bar is None or layout is None:
            return
        line = DETAILS_LINE_H / max(1, layout.layout_rect.height)
        bar.set_scroll_from_start_percentage(bar.start_percentage + lines * line + pages * bar.visible_percentage)

    def _scroll(self, rows: int) -> None:
        self.offset = max(0, min(self.offset + rows, len(self.items) - self.visible_rows))
        # keep the selection on screen, as the keys do: the first (or last) scenario in view
        in_view = [i for kind, i in self.items[self.offset:self.offset + self.visible_rows] if kind == "entry"]
        if in_view and self.selected not in in_view:
            self.selected = in_view[0] if self._item_of[self.selected] < self.offset else in_view[-1]
        self._refresh_rows()

    def _click_row(self, r: int) -> None:
        self.set_focus("list")
        index = self.offset + r
        if index < len(self.items) and self.items[index][0] == "entry":
            self.select(self.items[index][1])

    def _double_click_row(self, r: int) -> None:
        self._click_row(r)
        self.play(None)

    def next_assist(self) -> None:
        """The next level of help (the scenario's own, then full, some, none), for the days played from here."""
        order = (None, "full", "some", "none")
        self.assist = order[(order.index(self.assist) + 1) % len(order)]
        self._label_assist()
        self._details_for = None  # the description names the help chosen: write it again
        self._refresh_details()

    def _label_assist(self) -> None:
        self.assist_button.set_text(f"Help: {self.assist or 'as set'}  (H)")

    def _press(self, key: str) -> None:
        if key.startswith("resume"):
            self._resume(int(key[6:]))
        elif key.startswith("submit"):
            self._submit(int(key[6:]))
        elif key == "quit":
            self.quit()
        elif key == "assignment":
            self.play_assignment()
        elif key == "assist":
            self.next_assist()
        else:
            self.play({"expert": "expert", "novice": "novice"}.get(key))

    # --- Screen ---------------------------------------------------------------------------------------------------

    def show(self) -> None:
        """Show the menu, with the unfinished attempts as they are now."""
        super().show()  # shows every widget: hide again those that should be hidden
        self._load_autosaves()
        self._read_progress(refresh=False)  # a day finished since adds to the student's results
        for widget, visible in self._wanted.items():
            if visible != widget.visible:
                widget.show() if visible else widget.hide()
        self._layout()
        self.set_focus(self.focus)

    def hide(self) -> None:
        """Hide the menu, taking the keyboard away from its text fields first."""
        if any(e.is_focused for e in self._entries().values()):
            self.manager.set_focus_set(None)
        super().hide()

    def resize(self, size: tuple[int, int]) -> None:
        """Place every widget again for the new ``size``."""
        super().resize(size)
        self._layout()

    def update(self, real_seconds: float) -> None:
        """Keep the keyboard focus in step with a text field a click moved it into or out of, and show the results
        of the student ID typed once it has stayed unchanged for :data:`READ_AFTER_S`."""
        # A click may have moved the keyboard into or out of a text field.
        fields = self._entries()
        focused = next((k for k, e in fields.items() if e.is_focused), None)
        if focused is not None and self.focus != focused:
            self.set_focus(focused)
        elif focused is None and self.focus in fields:
            self.set_focus("list")
        sid = self.student()[0]
        if sid != self._seen_id:
            self._seen_id, self._typed_for = sid, 0.0
        elif sid != self._progress_id:
            self._typed_for += real_seconds
            if self._typed_for >= READ_AFTER_S:
                self._read_progress()

    def process_event(self, event: pygame.event.Event) -> bool:
        """The menu's keys and the mouse wheel; on quitting, the student's id and name are remembered."""
        if event.type == pygame.QUIT:
            self._remember()
            return False
        if event.type == pygame.MOUSEWHEEL:
            x, y = pygame.mouse.get_pos()
            if self.details.scroll_bar is not None and self.details.rect.collidepoint(x / self.app.scale,
                                                                                     y / self.app.scale):
                return False  # the wheel over the description scrolls the description, not the list
            self._scroll(-int(getattr(event, "y", 0)))
            return True
        if event.type != pygame.KEYDOWN:
            return False
        key, mod = event.key, getattr(event, "mod", 0)
        in_text = self.focus in self._entries()
        if key == pygame.K_ESCAPE:
            self.quit()
        elif key == pygame.K_TAB:
            self._move_focus(-1 if mod & pygame.KMOD_SHIFT else 1)
        elif self.focus == "details" and key in _DETAILS_KEYS:
            self._scroll_details(*_DETAILS_KEYS[key])
        elif key in (pygame.K_UP, pygame.K_DOWN):
            self.select(self.selected + (1 if key == pygame.K_DOWN else -1))
        elif key in (pygame.K_PAGEUP, pygame.K_PAGEDOWN):
            step = max(1, self.visible_rows - 1)
            self.select(self.selected + (step if key == pygame.K_PAGEDOWN else -step))
        elif key in (pygame.K_HOME, pygame.K_END) and not in_text:
            self.select(0 if key == pygame.K_HOME else len(self.entries) - 1)
        elif key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            if self.focus == "code":
                self.play_assignment()  # Enter in the code's field plays the assignment
            elif in_text or self.focus == "list":
                self.play()  # Enter in a field plays, as a form's default button would
            else:
                self._press(self.focus)
        elif key == pygame.K_SPACE and not in_text and self.focus != "list":
            self._press(self.focus)
        elif key == pygame.K_w and not in_text:
            self.play("expert")
        elif key == pygame.K_n and not in_text:
            self.play("novice")
        elif key == pygame.K_h and not in_text:
            self.next_assist()
        else:
            return False  # typing in a text field, or a key the menu does not use
        return True

