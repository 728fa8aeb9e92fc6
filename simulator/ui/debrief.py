"""The end-of-day debrief: the score, the day as a picture, and every finding with what to do better.

What a student sees when the day is over (issue 6, part 6): the total and the three criteria with their weights,
the timeline of the day (computed once by :func:`grading.timeline.timeline` and painted every frame by
:func:`~simulator.ui.timeline_painter.paint_timeline`), and the findings in time order, each with what a
professional would have done. A finding's number is the same in the list, on the picture and in the HTML report;
clicking a shape on the picture brings its finding up in the list, and clicking a number in the list shows it
on the picture.

"Save report" writes exactly the page ``frontdesk grade --report`` writes, into the user's data folder, and never
over an existing file.
"""

from __future__ import annotations

import datetime as dt
import html
import os
from pathlib import Path
from typing import Any, Callable

import pygame
import pygame_gui
from pygame_gui.core import ObjectID
from pygame_gui.elements import UILabel

from frontdesk.grading.grade import Grade
from frontdesk.grading.timeline import Timeline, timeline
from frontdesk.simulator.mechanics import MECHANICS

from .app import App, Screen
from .fonts import noto
from .session import data_dir
from .timeline_painter import (SEVERITY_LOOK, TimelineGeometry, draw_severity_shape, measure_timeline,
                               paint_timeline, clock_text)

__all__ = ["DebriefScreen", "report_path"]

#: The criteria as a student reads them: a name and what it covers.
CRITERIA_WORDS = {
    "multitasking": ("Multitasking", "phones, counter and waits"),
    "accuracy": ("Accuracy", "charts, bookings, routing"),
    "privacy": ("Privacy", "who was told what"),
}
#: The symbol written beside a severity's word in the findings list (the report's symbols).
SYMBOLS = {"breach": "◆", "error": "▲", "late": "●", "missed": "■", "good": "✓"}

MARGIN = 10
TOPBAR_H = 48
SCORE_H = 104
BOTTOM_H = 60
RIGHT_W = 450  # the findings column
FINDINGS_FONT_SIZE = 13  # the list's font size, as assets/theme.json sets it for @debrief_findings
LINE_STEP = 60  # pixels one Up/Down press scrolls the findings
PICTURE_STEP = 48  # pixels one Shift+Up/Down or wheel notch scrolls the picture

_PAGE_INK = (27, 36, 48)
_MUTED = (91, 100, 112)
_BORDER = (201, 209, 218)
_BAR_BACK = (234, 238, 242)


def _hexcolour(colour: tuple[int, int, int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*colour)


def _file_part(text: str) -> str:
    """``text`` as a safe piece of a file name."""
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in text)[:60] or "anonymous"


def report_path(scenario_id: str, student: str | None, when: dt.datetime | None = None) -> Path:
    """Where "Save report" writes: ``data_dir()/reports/<scenario>-<student>-<timestamp>.html``, or with
    ``-2``, ``-3`` … before ``.html`` when that name is taken (a saved report is never overwritten)."""
    stamp = (when or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    folder = data_dir() / "reports"
    stem = f"{_file_part(scenario_id)}-{_file_part(student or 'anonymous')}-{stamp}"
    candidate, n = folder / f"{stem}.html", 1
    while candidate.exists():
        n += 1
        candidate = folder / f"{stem}-{n}.html"
    return candidate


def _fit_path(label: Any, prefix: str, path: Path) -> str:
    """``prefix`` and ``path`` as they fit in ``label``: whole if they can, else with the home folder as ``~`` and
    then the middle of the folder cut out, so the file's name always shows."""
    text = f"{prefix}{path}"
    font = getattr(label, "font", None)
    room = label.relative_rect.width - 6
    if font is None or font.get_rect(text).width <= room:
        return text
    where = str(path)
    home = str(Path.home())
    if home not in ("", os.sep) and where.startswith(home + os.sep):
        where = "~" + where[len(home):]
    name = Path(where).name
    head = where[: len(where) - len(name)]
    while head and font.get_rect(f"{prefix}{head}…{os.sep}{name}").width > room:
        head = head[:-1]
    return f"{prefix}{head}…{os.sep}{name}" if head != where[: len(where) - len(name)] else f"{prefix}{where}"


class DebriefScreen(Screen):
    """The debrief of one finished day: ``sim`` (the finished simulation) graded as ``grade``.

    ``on_menu`` is called by "Back to menu" (and M or Escape). ``assessment`` says the attempt was an assessment
    (the score is shown now that the day is over, with a note that it counted). ``replay_path``, when given, is
    where the attempt's replay was saved, and is shown; ``assignment``, the assignment it was played for."""

    def __init__(self, app: App, scenario: Any, sim: Any, grade: Grade, on_menu: Callable[[], None],
                 assessment: bool = False, replay_path: Path | None = None, assignment: str | None = None):
        super().__init__(app)
        # The root panel is see-through on this screen: the picture and the score bars are drawn under the widgets.
        # Its own object id: pygame_gui prefers an object id's theme over a class's, and "#screen" is opaque.
        self.root.change_object_id(ObjectID(object_id="#debrief_screen", class_id="@debrief_screen"))
        self.scenario = scenario
        self.sim = sim
        self.grade = grade
        self.on_menu = on_menu
        self.assessment = assessment
        self.replay_path = replay_path
        #: The assignment the day was played for (shown beside the student), if any.
        self.assignment = assignment
        self.findings = grade.findings  # in time order: finding i is number i + 1 here, on the picture, in the report
        self.timeline: Timeline = timeline(scenario, sim.facts, self.findings)  # the layout, computed once
        self.saved: list[Path] = []
        self.selected: int | None = None
        self.picture_scroll = 0
        self.marker_rects: dict[int, pygame.Rect] = {}
        self.font_small = noto(11)
        self.font = noto(12)
        self.font_summary = noto(13)
        self._criteria = ["multitasking", "accuracy", "privacy"]
        self._preload_fonts()
        self._build(app.logical_size)

    def _preload_fonts(self) -> None:
        """Load the list's bold, italic and symbol fonts before it is laid out (pygame_gui warns otherwise)."""
        fonts = self.manager.get_theme().get_font_dictionary()
        wanted = [("noto_sans", "bold", True, False), ("noto_sans", "italic", False, True),
                  ("fira_code_symbols", "regular", False, False)]
        missing = [{"name": name, "point_size": FINDINGS_FONT_SIZE, "style": style, "antialiased": "1"}
                   for name, style, bold, italic in wanted
                   if not fonts.check_font_preloaded(fonts.create_font_id(FINDINGS_FONT_SIZE, name, bold, italic))]
        if missing:
            self.manager.preload_fonts(missing)

    # --- building (once) -------------------------------------------------------------------------------

    def _layout(self, size: tuple[int, int]) -> dict[str, pygame.Rect]:
        """Every widget's and drawing's rect for a window of ``size`` (relative to the window)."""
        w, h = size
        right_w = max(380, min(RIGHT_W, int(w * 0.36)))
        left_w = w - 3 * MARGIN - right_w
        rx = 2 * MARGIN + left_w
        r: dict[str, pygame.Rect] = {}
        r["topbar"] = pygame.Rect(0, 0, w, TOPBAR_H)
        r["title"] = pygame.Rect(14, 2, w - 620, 26)
        r["who"] = pygame.Rect(14, 26, w - 620, 20)
        r["keys1"] = pygame.Rect(w - 600, 4, 586, 20)
        r["keys2"] = pygame.Rect(w - 600, 24, 586, 20)
        top = TOPBAR_H + MARGIN
        r["score_card"] = pygame.Rect(MARGIN, top, left_w, SCORE_H)
        r["total"] = pygame.Rect(MARGIN + 8, top + 10, 150, 50)
        r["total_note"] = pygame.Rect(MARGIN + 8, top + 60, 150, 20)
        r["total_note2"] = pygame.Rect(MARGIN + 8, top + 78, 150, 20)
        cx = MARGIN + 170
        name_w = 290
        score_w = 92
        weight_w = 86
        bar_x = cx + name_w + weight_w + 10
        bar_w = max(60, MARGIN + left_w - 14 - score_w - 8 - bar_x)
        for i, _ in enumerate(self._criteria):
            y = top + 10 + i * 30
            r[f"crit{i}"] = pygame.Rect(cx, y, name_w, 26)
            r[f"weight{i}"] = pygame.Rect(cx + name_w, y, weight_w, 26)
            r[f"bar{i}"] = pygame.Rect(bar_x, y + 7, bar_w, 13)
            r[f"score{i}"] = pygame.Rect(bar_x + bar_w + 8, y, score_w, 26)
        pic_top = top + SCORE_H + MARGIN
        r["day_head"] = pygame.Rect(MARGIN, pic_top, 120, 24)
        r["day_hint"] = pygame.Rect(MARGIN + 110, pic_top + 1, left_w - 110, 24)
        bottom = h - BOTTOM_H
        r["picture"] = pygame.Rect(MARGIN, pic_top + 28, left_w, bottom - pic_top - 28)
        r["find_head"] = pygame.Rect(rx, top, right_w, 24)
        r["summary"] = pygame.Rect(rx + 4, top + 26, right_w - 4, 20)
        r["findings"] = pygame.Rect(rx, top + 50, right_w, bottom - top - 50)
        r["save"] = pygame.Rect(MARGIN, bottom + 12, 190, 38)
        r["menu"] = pygame.Rect(MARGIN + 200, bottom + 12, 200, 38)
        r["status"] = pygame.Rect(MARGIN + 414, bottom + 8, w - MARGIN - 424, 22)
        r["replay"] = pygame.Rect(MARGIN + 414, bottom + 30, w - MARGIN - 424, 22)
        return r

    def _build(self, size: tuple[int, int]) -> None:
        r = self.rects = self._layout(size)
        m, root = self.manager, self.root
        self.topbar = pygame_gui.elements.UIPanel(r["topbar"], starting_height=1, manager=m, container=root,
                                                  object_id="@topbar")
        title = getattr(self.scenario, "title", "") or self.grade.scenario
        self.title_label = UILabel(r["title"], f"Debrief: {title}", m, container=self.topbar,
                                   object_id="@debrief_heading")
        who = [f"Student: {self.grade.student or '(not named)'}", f"scenario {self.grade.scenario}",
               f"seed {self.grade.seed}"]
        if self.assignment:
            who.append(f"assignment {self.assignment}")
        if self.assessment:
            who.append("assessment: this attempt counts")
        self.who_label = UILabel(r["who"], "  ·  ".join(who), m, container=self.topbar,
                                 object_id="@debrief_topbar_text")
        self.keys_label = UILabel(r["keys1"], "Keys:  S save report  ·  M or Esc back to menu", m,
                                  container=self.topbar, object_id="@debrief_keys")
        self.keys2_label = UILabel(r["keys2"], "Up/Down, PgUp/PgDn scroll findings  ·  Left/Right next finding  ·  "
                                   "Shift+Up/Down scroll the day", m, container=self.topbar,
                                   object_id="@debrief_keys")

        gj = self.grade.to_json()
        self.total_label = UILabel(r["total"], f"{gj['total']:g}", m, container=root, object_id="@debrief_total")
        self.total_note = UILabel(r["total_note"], "out of 100", m, container=root, object_id="@debrief_total_note")
        self.total_note2 = UILabel(r["total_note2"], "weighted total" if self.grade.competent else
                                   "NOT YET COMPETENT", m, container=root, object_id="@debrief_total_note")
        weight_sum = sum(self.grade.weights.get(c, 0.0) for c in self._criteria) or 1.0
        self.criterion_labels, self.weight_labels, self.score_labels = [], [], []
        self.scores: list[float] = []
        for i, c in enumerate(self._criteria):
            name, covers = CRITERIA_WORDS.get(c, (c.title(), ""))
            judged = gj["criteria"].get(c)  # a criterion the scenario's rubric has no line under is not scored
            score = judged["score"] if judged else 0.0
            self.scores.append(score)
            share = 100 * self.grade.weights.get(c, 0.0) / weight_sum
            self.criterion_labels.append(UILabel(r[f"crit{i}"], f"{name}: {covers}" if covers else name, m,
                                                 container=root, object_id="@debrief_criterion"))
            self.weight_labels.append(UILabel(r[f"weight{i}"], f"weight {share:.0f}%", m, container=root,
                                              object_id="@debrief_weight"))
            self.score_labels.append(UILabel(r[f"score{i}"], f"{score:g} / 100" if judged else "not judged", m,
                                             container=root, object_id="@debrief_score"))

        self.day_head = UILabel(r["day_head"], "Your day", m, container=root, object_id="@debrief_section")
        self.day_hint = UILabel(r["day_hint"], "Each row is a phone line, the desk or a patient. Click a shape to "
                                "read its finding.", m, container=root, object_id="@debrief_hint")
        n = len(self.findings)
        self.find_head = UILabel(r["find_head"], f"Findings, in time order ({n})" if n else "Findings", m,
                                 container=root, object_id="@debrief_section")
        self.findings_box = pygame_gui.elements.UITextBox(self._findings_html(), r["findings"], m, container=root,
                                                          object_id="@debrief_findings")
        self.save_button = pygame_gui.elements.UIButton(r["save"], "Save report   [S]", m, container=root,
                                                        object_id="@action",
                                                        tool_tip_text="Write this debrief as an HTML page")
        self.menu_button = pygame_gui.elements.UIButton(r["menu"], "Back to menu   [M]", m, container=root)
        self.status_label = UILabel(r["status"], "Save the report to keep this debrief or hand it in.", m,
                                    container=root, object_id="@debrief_hint")
        self.replay_label = UILabel(r["replay"], "", m, container=root, object_id="@debrief_hint")
        self._status_path: tuple[str, Path] | None = None
        self._fit_paths()
        if not self.replay_path:
            self.replay_label.hide()
        self.geometry: TimelineGeometry = measure_timeline(r["picture"], self.timeline, self.font_small, self.font)

    def show(self) -> None:
        """Show the debrief, keeping the replay's line hidden when there is no replay file to name."""
        super().show()
        if not self.replay_path:
            self.replay_label.hide()

    # --- the findings list -----------------------------------------------------------------------------

    def _findings_html(self) -> str:
        """The findings as the text box's simple HTML: number (a link to the picture), time, severity as a symbol
        and a word, points lost; what happened; what a professional would do; criterion, task and rule."""
        if not self.findings:
            return "<i>No findings: nothing to explain. Well done.</i>"
        e = lambda text: html.escape(str(text), quote=False)  # noqa: E731 - local shorthand
        parts = []
        critical = [(i, f) for i, f in enumerate(self.findings) if f.critical is not None]
        if critical:  # a critical error outweighs any total: it comes first, before the day's findings
            parts.append("<font color='#b3261e'><b>Not yet competent</b></font>: this day has "
                         f"{len(critical)} critical error{'s' if len(critical) > 1 else ''}, whatever its total.<br>"
                         + "<br>".join(f"<a href='f{i}'><b>#{i + 1}</b></a>   <b>{clock_text(f.t)}</b>   "
                                       f"{e(f.message)}" for i, f in critical))
        for i, f in enumerate(self.findings):
            _, colour, word = SEVERITY_LOOK.get(f.severity, ("square", (107, 107, 107), f.severity))
            hexc = _hexcolour(colour)
            mechanic = MECHANICS.get(f.mechanic, "")
            tag = f"{f.criterion} · {f.mechanic} {mechanic}".strip()
            lost = f"   <b>−{f.points:.1f} pt</b>" if f.points > 0 else ""
            block = (f"<a href='f{i}'><b>#{i + 1}</b></a>   <b>{clock_text(f.t)}</b>   "
                     f"<font face='fira_code_symbols' color='{hexc}'>{SYMBOLS.get(f.severity, '■')}</font> "
                     f"<font color='{hexc}'><b>{e(word)}</b></font>{lost}<br>"
                     f"{e(f.message)}<br>"
                     f"<font color='#1f6f8b'><b>What a professional would do:</b></font> {e(f.better)}<br>"
                     f"<font color='#5b6470'><i>{e(tag)}" + (f" · rule: {e(f.rule)}" if f.rule else "")
                     + "</i></font>")
            parts.append(block)
        return "<br><br>".join(parts)

    def _scroll_findings(self, pixels: float) -> bool:
        box = self.findings_box
        bar, layout = box.scroll_bar, box.text_box_layout
        if bar is None or layout is None or layout.layout_rect.height <= 0:
            return False
        bar.set_scroll_from_start_percentage(bar.start_percentage + pixels / layout.layout_rect.height)
        return True

    def _block(self, index: int) -> tuple[int, int] | None:
        """Where finding ``index`` lies in the list's text, top and bottom in the text's own pixels."""
        box = self.findings_box
        if box.text_box_layout is None:
            return None
        tops = {chunk.href: chunk.y for chunk in box.link_hover_chunks}
        top = tops.get(f"f{index}")
        if top is None:
            return None
        below = tops.get(f"f{index + 1}")
        bottom = below - 10 if below is not None else box.text_box_layout.layout_rect.height
        return top - 5, bottom

    def _show_finding_in_list(self, index: int) -> None:
        box = self.findings_box
        bar, layout, block = box.scroll_bar, box.text_box_layout, self._block(index)
        if bar is None or layout is None or block is None:
            return
        bar.set_scroll_from_start_percentage(max(0, block[0] - 4) / max(layout.layout_rect.height, 1))

    def _show_finding_on_picture(self, index: int) -> None:
        y = self.geometry.marker_row_y(index)
        if y is None:
            return
        view = self.geometry.viewport
        if not (self.picture_scroll + 40 <= y <= self.picture_scroll + view.height - 30):
            self.picture_scroll = max(0, min(self.geometry.max_scroll, y - view.height // 3))

    def select(self, index: int | None, scroll_list: bool = True, scroll_picture: bool = True) -> None:
        """Select finding ``index``: light it in the list and ring its marker on the picture, scrolling the list
        to it and the picture to its marker unless told not to (the one clicked is already in view). Nothing is
        laid out again: the light is drawn under the see-through list."""
        if index is not None and not 0 <= index < len(self.findings):
            return
        self.selected = index
        if index is not None:
            if scroll_list:
                self._show_finding_in_list(index)
            if scroll_picture:
                self._show_finding_on_picture(index)

    # --- actions -----------------------------------------------------------------------------------------

    def save_report(self) -> Path | None:
        """Write the HTML debrief (the same page as ``frontdesk grade --report``) to a new file; its path, or None
        (with the reason in the status line) when it cannot be written."""
        from frontdesk.grading.report import render_report, write_report
        from frontdesk.grading.svg import render_svg

        try:
            page = render_report(self.grade.to_json(), self.scenario, render_svg(self.timeline))
            path = report_path(self.grade.scenario, self.grade.student)
            path.parent.mkdir(parents=True, exist_ok=True)
            while True:  # claim the name first: a file that appeared meanwhile is never replaced
                try:
                    with open(path, "x", encoding="utf-8"):
                        pass
                    break
                except FileExistsError:
                    path = report_path(self.grade.scenario, self.grade.student)
            write_report(path, page)
        except OSError as exc:
            self.status_label.set_text(f"Could not save the report: {exc.strerror or exc}")
            return None
        self.saved.append(path)
        self.status_label.change_object_id("@debrief_status")
        self._status_path = ("Report saved: ", path)
        self._fit_paths()
        return path

    def _fit_paths(self) -> None:
        """Write the paths shown (the report saved, the replay) as they fit their labels now."""
        if self._status_path is not None:
            self.status_label.set_text(_fit_path(self.status_label, *self._status_path))
        if self.replay_path:
            self.replay_label.set_text(_fit_path(self.replay_label, "Your attempt (replay) was saved to ",
                                                 self.replay_path))

    def back_to_menu(self) -> None:
        """Leave the debrief for the scenario menu."""
        self.on_menu()

    # --- events, frames ----------------------------------------------------------------------------------

    def process_event(self, event: pygame.event.Event) -> bool:
        """Keys, the Save and Menu buttons, a finding's link, a click on a marker, the wheel over the picture."""
        if event.type == pygame.KEYDOWN:
            return self._key(event)
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            if event.ui_element is self.save_button:
                self.save_report()
                return True
            if event.ui_element is self.menu_button:
                self.back_to_menu()
                return True
            return False
        if event.type == pygame_gui.UI_TEXT_BOX_LINK_CLICKED and event.ui_element is self.findings_box:
            target = str(getattr(event, "link_target", ""))
            if target.startswith("f") and target[1:].isdigit():
                self.select(int(target[1:]), scroll_list=False)
                return True
            return False
        if event.type == pygame.MOUSEBUTTONDOWN and getattr(event, "button", 1) == 1:
            pos = event.pos
            if self.geometry.viewport.collidepoint(pos):
                for index, rect in self.marker_rects.items():
                    if rect.collidepoint(pos):
                        self.select(index, scroll_picture=False)
                        return True
            return False
        if event.type == pygame.MOUSEWHEEL:
            if self.rects["picture"].collidepoint(self._mouse()):
                self.scroll_picture(-event.y * PICTURE_STEP)
                return True
        return False

    def _mouse(self) -> tuple[int, int]:
        x, y = pygame.mouse.get_pos()
        return (int(x / self.app.scale), int(y / self.app.scale))

    def scroll_picture(self, pixels: int) -> None:
        """Scroll the day's picture by ``pixels``, kept within its content."""
        self.picture_scroll = max(0, min(self.geometry.max_scroll, self.picture_scroll + pixels))

    def _key(self, event: pygame.event.Event) -> bool:
        mod = getattr(event, "mod", 0)
        if mod & (pygame.KMOD_CTRL | pygame.KMOD_ALT | pygame.KMOD_META):
            return False  # Ctrl+C and friends belong to the widgets
        key = event.key
        shift = bool(mod & pygame.KMOD_SHIFT)
        page = self.findings_box.rect.height * 0.9
        if key == pygame.K_s:
            self.save_report()
        elif key in (pygame.K_m, pygame.K_ESCAPE):
            self.back_to_menu()
        elif key in (pygame.K_UP, pygame.K_DOWN) and shift:
            self.scroll_picture(PICTURE_STEP if key == pygame.K_DOWN else -PICTURE_STEP)
        elif key == pygame.K_UP:
            self._scroll_findings(-LINE_STEP)
        elif key == pygame.K_DOWN:
            self._scroll_findings(LINE_STEP)
        elif key == pygame.K_PAGEUP:
            self._scroll_findings(-page)
        elif key == pygame.K_PAGEDOWN:
            self._scroll_findings(page)
        elif key in (pygame.K_LEFT, pygame.K_RIGHT) and self.findings:
            step = 1 if key == pygame.K_RIGHT else -1
            now = self.selected if self.selected is not None else (-1 if step > 0 else len(self.findings))
            self.select(max(0, min(len(self.findings) - 1, now + step)))
        else:
            return False
        return True

    def draw(self, surface: pygame.Surface) -> None:
        """Draw the score card's bars, the severity summary, the findings card, the day's picture and its tooltip."""
        r = self.rects
        card = r["score_card"]
        pygame.draw.rect(surface, (255, 255, 255), card, border_radius=6)
        pygame.draw.rect(surface, _BORDER, card, 1, border_radius=6)
        pygame.draw.line(surface, _BORDER, (card.x + 164, card.y + 10), (card.x + 164, card.bottom - 10))
        for i, score in enumerate(self.scores):
            bar = r[f"bar{i}"]
            share = max(0.0, min(1.0, score / 100))
            colour = (178, 24, 43) if share < 0.6 else (201, 138, 0) if share < 0.8 else (47, 93, 138)
            pygame.draw.rect(surface, _BAR_BACK, bar, border_radius=3)
            if share > 0:
                pygame.draw.rect(surface, colour, (bar.x, bar.y, max(4, round(bar.width * share)), bar.height),
                                 border_radius=3)
            pygame.draw.rect(surface, _BORDER, bar, 1, border_radius=3)
        self._draw_summary(surface, r["summary"])
        self._draw_findings_card(surface, r["findings"])
        self.picture_scroll = max(0, min(self.geometry.max_scroll, self.picture_scroll))
        self.marker_rects = paint_timeline(surface, r["picture"], self.timeline, self.font_small, self.font,
                                           scroll=self.picture_scroll, selected=self.selected,
                                           geometry=self.geometry)
        self._draw_tooltip(surface)

    def _draw_findings_card(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        """The list's white card, and the light behind the selected finding (the list itself is see-through)."""
        pygame.draw.rect(surface, (255, 255, 255), rect, border_radius=6)
        box = self.findings_box
        block = self._block(self.selected) if self.selected is not None else None
        if block is not None and box.text_box_layout is not None:
            shift = box.scroll_bar.start_percentage * box.text_box_layout.layout_rect.height if box.scroll_bar else 0
            left, top = box.get_text_layout_top_left()
            band = pygame.Rect(rect.x + 3, round(top + block[0] - shift), rect.width - 6 - (box.scroll_bar_width
                                                                                         if box.scroll_bar else 0),
                               block[1] - block[0])
            clip = surface.get_clip()
            surface.set_clip(rect.inflate(-2, -2))
            pygame.draw.rect(surface, (255, 243, 196), band, border_radius=4)
            pygame.draw.rect(surface, (201, 138, 0), (band.x, band.y, 4, band.height), border_radius=2)
            surface.set_clip(clip)
        pygame.draw.rect(surface, _BORDER, rect, 1, border_radius=6)

    def _draw_summary(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        """How many findings of each severity, each as its shape, its number and its word."""
        counts: dict[str, int] = {}
        for f in self.findings:
            counts[f.severity] = counts.get(f.severity, 0) + 1
        x = rect.x
        cy = rect.centery
        for severity, (_, _colour, word) in SEVERITY_LOOK.items():
            n = counts.get(severity)
            if not n:
                continue
            draw_severity_shape(surface, severity, (x + 6, cy), 5)
            text = self.font_summary.render(f"{n} {word}", True, _PAGE_INK)
            surface.blit(text, (x + 15, cy - text.get_height() // 2))
            x += 15 + text.get_width() + 16
        if not counts:
            text = self.font_summary.render("nothing to explain", True, _MUTED)
            surface.blit(text, (x, cy - text.get_height() // 2))

    def _draw_tooltip(self, surface: pygame.Surface) -> None:
        """The finding under the mouse, in words, beside the marker (the picture's only text that is not drawn
        by the painter)."""
        pos = self._mouse()
        if not self.geometry.viewport.collidepoint(pos):
            return
        index = next((i for i, rect in self.marker_rects.items() if rect.collidepoint(pos)), None)
        if index is None:
            return
        f = self.findings[index]
        word = SEVERITY_LOOK.get(f.severity, ("", (0, 0, 0), f.severity))[2]
        text = f"#{index + 1}  {clock_text(f.t)}  {word}: {f.message}"
        picture = r = self.rects["picture"]
        room = r.width - 24
        if self.font.size(text)[0] > room:
            while len(text) > 8 and self.font.size(text + "…")[0] > room:
                text = text[:-1]
            text = text.rstrip() + "…"
        label = self.font.render(text, True, _PAGE_INK)
        box = pygame.Rect(0, 0, label.get_width() + 12, label.get_height() + 8)
        box.topleft = (pos[0] + 14, pos[1] + 16)
        box.clamp_ip(picture)
        pygame.draw.rect(surface, (255, 252, 235), box, border_radius=4)
        pygame.draw.rect(surface, (154, 120, 0), box, 1, border_radius=4)
        surface.blit(label, (box.x + 6, box.y + 4))

    # --- window size -------------------------------------------------------------------------------------

    def resize(self, size: tuple[int, int]) -> None:
        """Move and size every widget for the new window; nothing is rebuilt."""
        super().resize(size)
        r = self.rects = self._layout(size)
        self.topbar.set_dimensions(r["topbar"].size)
        for widget, key in ((self.title_label, "title"), (self.who_label, "who"), (self.keys_label, "keys1"),
                            (self.keys2_label, "keys2"), (self.total_label, "total"),
                            (self.total_note, "total_note"), (self.total_note2, "total_note2"),
                            (self.day_head, "day_head"), (self.day_hint, "day_hint"),
                            (self.find_head, "find_head"), (self.findings_box, "findings"),
                            (self.save_button, "save"), (self.menu_button, "menu"), (self.status_label, "status"),
                            (self.replay_label, "replay")):
            widget.set_relative_position(r[key].topleft)
            widget.set_dimensions(r[key].size)
        for i in range(len(self._criteria)):
            for widget, key in ((self.criterion_labels[i], f"crit{i}"), (self.weight_labels[i], f"weight{i}"),
                                (self.score_labels[i], f"score{i}")):
                widget.set_relative_position(r[key].topleft)
                widget.set_dimensions(r[key].size)
        self.geometry = measure_timeline(r["picture"], self.timeline, self.font_small, self.font)
        self.picture_scroll = min(self.picture_scroll, self.geometry.max_scroll)
        self._fit_paths()
