"""The pygame painter of the day's timeline (DESIGN section 6): a thin function over :mod:`grading.timeline`.

The layout (rows, spans, marks and finding markers, in simulated seconds) is computed once by
:func:`grading.timeline.timeline`; this module only turns it into pixels, the way :mod:`grading.svg` does for the
HTML report, with the same visual language: the same colour per span kind, waits on the desk hatched, and each
finding's severity drawn as its own *shape* with its number beside it, so colour is never the only signal.

The legend and the hour axis stay put; the rows below them scroll (``scroll`` pixels), so a day with many
patients fits any window. Nothing here uses pygame_gui: it draws on a surface and says where each marker landed,
so a click on a marker can select its finding.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import pygame
import pygame.gfxdraw

from frontdesk.grading.timeline import LabelLane, Mark, Marker, Row, Span, Timeline

__all__ = ["paint_timeline", "measure_timeline", "TimelineGeometry", "SEVERITY_LOOK", "draw_severity_shape",
           "clock_text"]

Colour = tuple[int, int, int]


def _hex(text: str) -> Colour:
    text = text.lstrip("#")
    if len(text) == 3:
        text = "".join(ch * 2 for ch in text)
    return (int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16))


def _blend(colour: Colour, share: float, under: Colour = (255, 255, 255)) -> Colour:
    """``colour`` laid at ``share`` opacity over ``under`` (what SVG's fill-opacity gives on white)."""
    return tuple(round(u + (c - u) * share) for c, u in zip(colour, under, strict=True))  # type: ignore[return-value]


#: Per severity: the shape drawn, its colour and its word (the same as the HTML report's), from the worst.
SEVERITY_LOOK: dict[str, tuple[str, Colour, str]] = {
    "breach": ("diamond", _hex("#b2182b"), "privacy breach"),
    "error": ("triangle", _hex("#e66100"), "error"),
    "late": ("circle", _hex("#c98a00"), "late"),
    "missed": ("square", _hex("#6b6b6b"), "missed"),
    "good": ("check", _hex("#1a8a3a"), "done well"),
}
_UNKNOWN = ("square", _hex("#6b6b6b"), "finding")

#: Per span kind: fill colour, whether hatched (someone waits on the desk), text colour (as in the SVG).
_SPAN_LOOK: dict[str, tuple[Colour, bool, Colour]] = {
    "ringing": (_hex("#d62728"), True, _hex("#111")),
    "talking": (_hex("#3b6ea5"), False, _hex("#fff")),
    "hold": (_hex("#e67e22"), True, _hex("#111")),
    "outbound": (_hex("#2a9d8f"), False, _hex("#fff")),
    "voicemail": (_hex("#9e9e9e"), False, _hex("#111")),
    "serving_check_in": (_hex("#3b6ea5"), False, _hex("#fff")),
    "serving_walk_in": (_hex("#8e5ea2"), False, _hex("#fff")),
    "serving_checkout": (_hex("#8c6d46"), False, _hex("#fff")),
    "counter_wait": (_hex("#d62728"), True, _hex("#111")),
    "check_in": (_hex("#3b6ea5"), False, _hex("#fff")),
    "triage": (_hex("#8e5ea2"), False, _hex("#fff")),
    "waiting": (_hex("#e0b000"), True, _hex("#111")),
    "roomed": (_hex("#c9a0dc"), False, _hex("#111")),
    "with_doctor": (_hex("#2e8b57"), False, _hex("#fff")),
    "checkout": (_hex("#8c6d46"), False, _hex("#fff")),
    "away_locked": (_hex("#9e9e9e"), False, _hex("#111")),
    "away_unlocked": (_hex("#d62728"), False, _hex("#fff")),
}
_DEFAULT_SPAN = (_hex("#9e9e9e"), False, _hex("#111"))

#: The legend's span entries, in reading order; several kinds share a look, so one entry each (short words: the
#: legend shares the window with the rows).
_LEGEND_SPANS = (
    ("ringing", "ringing"), ("talking", "call / check-in"), ("hold", "on hold"), ("outbound", "outbound call"),
    ("voicemail", "voicemail"), ("counter_wait", "at the counter"), ("triage", "triage"),
    ("waiting", "waiting room"), ("roomed", "exam room"), ("with_doctor", "with doctor"),
    ("checkout", "checkout"),
)
_LEGEND_MARKS = (("cross", "walked out / gave up"), ("plus", "to emergency"), ("bar", "left"),
                 ("arrow", "put through"))

_MARK_LOOK = {  # kind → (drawn as, colour)
    "walk_out": ("cross", _hex("#111")), "left_before_checkout": ("cross", _hex("#111")),
    "abandoned": ("cross", _hex("#111")), "busy": ("cross", _hex("#555")),
    "sent_to_emergency": ("plus", _hex("#b2182b")), "left": ("bar", _hex("#333")), "arrived": ("tick", _hex("#333")),
    "hung_up": ("bar", _hex("#555")), "routed": ("arrow", _hex("#555")), "message": ("arrow", _hex("#555")),
    "voicemail_left": ("tick", _hex("#555")),
}
#: Marks important enough to carry their words on the picture.
_LOUD_MARKS = {"walk_out", "left_before_checkout", "abandoned", "sent_to_emergency", "busy"}

#: A short word per span kind, painted when the span's own label does not fit.
_SHORT = {
    "ringing": "ring", "talking": "call", "hold": "hold", "outbound": "call", "voicemail": "vm",
    "counter_wait": "wait", "check_in": "check-in", "triage": "triage", "waiting": "waiting",
    "roomed": "exam room", "with_doctor": "doctor", "checkout": "checkout",
    "away_locked": "away", "away_unlocked": "away, unlocked",
}

_GROUP_WORDS = {"phones": "Phone lines", "desk": "Front desk", "patients": "Patients, in order of arrival"}

WHITE = (255, 255, 255)
INK = _hex("#1b2430")
MUTED = _hex("#5b6470")
BORDER = _hex("#c9d1da")
SHADE = _hex("#f5f7f9")
GROUP_BG = _hex("#e8edf2")
HOUR_LINE = _hex("#c4c9cf")
HALF_LINE = _hex("#e6e8eb")
SELECTED_BG = _hex("#fff3c4")
WAITING_FILL = _blend(_hex("#e0b000"), 0.55)
WAITING_EDGE = _hex("#9a7800")

PAD = 8
ROW_H = 24
SPAN_TOP = 12  # spans sit in the lower part of a row; markers ride above them, so neither hides the other
SPAN_H = 10
MARK_Y = 6  # the centre of a lane-0 marker, from the top of its row
LANE_H = 11  # each extra lane of markers makes its row this much taller
MAX_LANES = 4
MARKER_R = 5
GROUP_H = 18
AXIS_H = 18
LEGEND_LINE = 17
HATCH_PERIOD = 8  # horizontal distance between two stripes of a hatched span


def clock_text(t: int) -> str:
    """``H:MM`` of simulated second ``t``."""
    return f"{t // 3600}:{t % 3600 // 60:02d}"


# --- text, cached: a frame repaints the same few hundred words ------------------------------------------------

_TEXT_CACHE: dict[tuple, pygame.Surface] = {}
_FIT_CACHE: dict[tuple, str] = {}


def _text(font: pygame.font.Font, text: str, colour: Colour, bold: bool = False, halo: bool = False) -> pygame.Surface:
    """``text`` rendered in ``font`` (bold if asked), with a white halo when it is painted over other things."""
    key = (font, text, colour, bold, halo)
    surf = _TEXT_CACHE.get(key)
    if surf is None:
        if len(_TEXT_CACHE) > 4000:
            _TEXT_CACHE.clear()
        was = font.bold
        font.bold = bold
        try:
            ink = font.render(text, True, colour)
            if halo:
                back = font.render(text, True, WHITE)
                surf = pygame.Surface((ink.get_width() + 2, ink.get_height() + 2), pygame.SRCALPHA)
                for dx, dy in ((0, 1), (2, 1), (1, 0), (1, 2), (0, 0), (2, 2), (0, 2), (2, 0)):
                    surf.blit(back, (dx, dy))
                surf.blit(ink, (1, 1))
            else:
                surf = ink
        finally:
            font.bold = was
        _TEXT_CACHE[key] = surf
    return surf


def _width(font: pygame.font.Font, text: str, bold: bool = False) -> int:
    return _text(font, text, INK, bold).get_width()


def _fit(font: pygame.font.Font, text: str, width: float, least: int = 4) -> str:
    """``text`` cut to ``width`` pixels with an ellipsis; empty when fewer than ``least`` letters would show."""
    key = (font, text, int(width), least)
    if key in _FIT_CACHE:
        return _FIT_CACHE[key]
    if len(_FIT_CACHE) > 4000:
        _FIT_CACHE.clear()
    out = ""
    if _width(font, text) <= width:
        out = text
    else:
        lo, hi = 0, len(text)  # the most letters that fit with the ellipsis
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if _width(font, text[:mid].rstrip() + "…") <= width:
                lo = mid
            else:
                hi = mid - 1
        if lo >= least:
            out = text[:lo].rstrip() + "…"
    _FIT_CACHE[key] = out
    return out


# --- shapes -----------------------------------------------------------------------------------------------------

def _poly(surface: pygame.Surface, points: Sequence[tuple[float, float]], colour: Colour) -> None:
    pts = [(round(x), round(y)) for x, y in points]
    pygame.gfxdraw.filled_polygon(surface, pts, colour)
    pygame.gfxdraw.aapolygon(surface, pts, colour)


def draw_severity_shape(surface: pygame.Surface, severity: str, centre: tuple[float, float], r: float = MARKER_R,
                        outline: bool = True) -> None:
    """The shape of ``severity`` (diamond, triangle, circle, square or check) centred on ``centre``, outlined in
    white so it stands out on any span."""
    shape, colour, _ = SEVERITY_LOOK.get(severity, _UNKNOWN)
    x, y = centre
    halo = 1.6 if outline else 0.0
    if shape == "diamond":
        for rr, c in (((r + 1 + halo, WHITE),) if outline else ()) + ((r + 1, colour),):
            _poly(surface, [(x, y - rr), (x + rr, y), (x, y + rr), (x - rr, y)], c)
    elif shape == "triangle":
        for grow, c in (((halo, WHITE),) if outline else ()) + ((0.0, colour),):
            rr = r + 1 + grow
            _poly(surface, [(x, y - rr), (x + rr, y + r + grow * 0.6), (x - rr, y + r + grow * 0.6)], c)
    elif shape == "circle":
        if outline:
            pygame.draw.circle(surface, WHITE, (round(x), round(y)), round(r + halo))
        pygame.draw.aacircle(surface, colour, (round(x), round(y)), round(r))
        pygame.draw.circle(surface, colour, (round(x), round(y)), round(r) - 1)
    elif shape == "check":
        pts = [(x - r, y), (x - r / 3, y + r * 0.8), (x + r, y - r * 0.8)]
        if outline:
            pygame.draw.lines(surface, WHITE, False, [(round(a), round(b)) for a, b in pts], 6)
        pygame.draw.lines(surface, colour, False, [(round(a), round(b)) for a, b in pts], 3)
    else:  # square
        side = round(2 * r - 1)
        box = pygame.Rect(0, 0, side, side)
        box.center = (round(x), round(y))
        if outline:
            pygame.draw.rect(surface, WHITE, box.inflate(3, 3))
        pygame.draw.rect(surface, colour, box)


def _mark_glyph(surface: pygame.Surface, kind: str, x: float, y: float, colour: Colour) -> None:
    xi, yi = round(x), round(y)
    if kind == "cross":
        pygame.draw.line(surface, colour, (xi - 4, yi - 4), (xi + 4, yi + 4), 3)
        pygame.draw.line(surface, colour, (xi - 4, yi + 4), (xi + 4, yi - 4), 3)
    elif kind == "plus":
        pygame.draw.line(surface, colour, (xi, yi - 5), (xi, yi + 5), 3)
        pygame.draw.line(surface, colour, (xi - 5, yi), (xi + 5, yi), 3)
    elif kind == "arrow":  # passed on: a small arrow pointing away, to the right of the moment
        pygame.draw.line(surface, colour, (xi, yi), (xi + 8, yi), 1)
        pygame.draw.lines(surface, colour, False, [(xi + 5, yi - 3), (xi + 8, yi), (xi + 5, yi + 3)], 1)
    elif kind == "tick":
        pygame.draw.line(surface, colour, (xi, yi - 5), (xi, yi + 5), 1)
    else:  # bar
        pygame.draw.line(surface, colour, (xi, yi - 7), (xi, yi + 7), 2)


_HATCH_CACHE: dict[tuple[Colour, int], pygame.Surface] = {}


def _hatch_strip(colour: Colour, height: int) -> pygame.Surface:
    """A long strip of diagonal stripes in ``colour`` on its 28 % tint (the SVG's hatch pattern)."""
    key = (colour, height)
    strip = _HATCH_CACHE.get(key)
    if strip is None:
        width = 4096 + HATCH_PERIOD
        strip = pygame.Surface((width, height))
        strip.fill(_blend(colour, 0.28))
        for x0 in range(-height - HATCH_PERIOD, width + HATCH_PERIOD, HATCH_PERIOD):
            pygame.draw.polygon(strip, colour, [(x0, height), (x0 + 3, height), (x0 + 3 + height, 0), (x0 + height, 0)])
        _HATCH_CACHE[key] = strip
    return strip


def _swatch(surface: pygame.Surface, box: pygame.Rect, kind: str) -> None:
    colour, hatched, _ = _SPAN_LOOK.get(kind, _DEFAULT_SPAN)
    if hatched:
        strip = _hatch_strip(colour, box.height)
        surface.blit(strip, box.topleft, pygame.Rect(box.x % HATCH_PERIOD, 0, box.width, box.height))
        pygame.draw.rect(surface, _hex("#333"), box, 1, border_radius=2)
    else:
        pygame.draw.rect(surface, colour, box, border_radius=3)


# --- geometry -----------------------------------------------------------------------------------------------------

@dataclass
class TimelineGeometry:
    """Where things go when ``tl`` is painted into ``rect``: the legend's height, the rows' window (``viewport``,
    in screen pixels), the rows' total height (``content_h``; more than the viewport's means it scrolls), each
    row's top within the content, and each marker's ``(x, lane)``."""

    rect: pygame.Rect
    label_w: int
    plot_x0: int
    plot_x1: int
    legend_h: int
    viewport: pygame.Rect
    content_h: int
    items: list[tuple[str, int, object, int]]  # ("head", y, words, 0) or ("row", y, Row, extra lanes height)
    row_top: dict[str, int]  # the top of each row's spans area (below its extra marker lanes), in content pixels
    placed: dict[str, list[tuple[Marker, float, int]]]
    start: int
    end: int

    @property
    def max_scroll(self) -> int:
        """How far the content can scroll: its height beyond the viewport's, never negative."""
        return max(0, self.content_h - self.viewport.height)

    def x(self, t: int) -> float:
        """The x of time ``t`` on the plot, clamped to the day shown."""
        span = max(self.end - self.start, 1)
        return self.plot_x0 + (min(max(t, self.start), self.end) - self.start) * (self.plot_x1 - self.plot_x0) / span

    def marker_row_y(self, finding: int) -> int | None:
        """The top of the row (in content pixels) that holds finding ``finding``'s marker."""
        for key, placed in self.placed.items():
            for m, _, _ in placed:
                if m.finding == finding:
                    return self.row_top.get(key)
        return None


def _legend_items(font_small: pygame.font.Font) -> list[tuple[str, str, str, int]]:
    """The legend as ``(what, key, words, width)``: finding shapes and moment marks first, then span looks."""
    gap = 7
    items = [("head", "", "Findings:", _width(font_small, "Findings:", True) + 6)]
    for severity, (_, _, word) in SEVERITY_LOOK.items():
        items.append(("severity", severity, word, 15 + _width(font_small, word) + gap))
    items.append(("gap", "", "", 6))
    for kind, word in _LEGEND_MARKS:
        items.append(("mark", kind, word, 18 + _width(font_small, word) + gap))
    items.append(("head", "", "The day:", _width(font_small, "The day:", True) + 6))
    for kind, word in _LEGEND_SPANS:
        items.append(("span", kind, word, 21 + _width(font_small, word) + gap))
    word = "hatched = waiting on you"
    items.append(("span", "hatch", word, 21 + _width(font_small, word) + gap))
    return items


def _legend_lines(items: list[tuple[str, str, str, int]], width: int) -> list[list[tuple[str, str, str, int]]]:
    """The legend's items in lines no wider than ``width``; the span looks start a line of their own."""
    lines: list[list[tuple[str, str, str, int]]] = [[]]
    used = 0
    for item in items:
        starts_group = item[0] == "head" and item[2] == "The day:"
        if lines[-1] and (used + item[3] > width or starts_group):
            lines.append([])
            used = 0
        if item[0] == "gap" and not lines[-1]:
            continue
        lines[-1].append(item)
        used += item[3]
    return lines


def _place(markers: list[Marker], x_of, widths: dict[int, int]) -> list[tuple[Marker, float, int]]:
    """Where each marker of one row goes: ``(marker, x, lane)``. A marker sits at its time in the lowest lane
    where it covers no other; when every lane is full there, it is set beside the nearest one (its stem still
    points at its moment)."""
    ends = [-1e9] * MAX_LANES
    placed = []
    for m in sorted(markers, key=lambda m: (m.t, m.finding)):
        at = x_of(m.t)
        lane = next((i for i, e in enumerate(ends) if at - MARKER_R - 1 >= e), None)
        if lane is None:
            lane = min(range(MAX_LANES), key=lambda i: (ends[i], i))
        x = max(at, ends[lane] + MARKER_R + 1)
        ends[lane] = x + widths.get(m.finding, 20)
        placed.append((m, x, lane))
    return placed


def measure_timeline(rect: pygame.Rect, tl: Timeline, font_small: pygame.font.Font,
                     font: pygame.font.Font) -> TimelineGeometry:
    """The geometry of ``tl`` painted into ``rect`` (see :class:`TimelineGeometry`); no drawing."""
    rect = pygame.Rect(rect)
    label_w = max(120, min(215, rect.width // 4))
    plot_x0 = rect.x + label_w
    plot_x1 = rect.right - PAD - 30  # room after the day's end for the last markers' numbers
    lines = _legend_lines(_legend_items(font_small), rect.width - 2 * PAD)
    legend_h = PAD + len(lines) * LEGEND_LINE + 4
    viewport = pygame.Rect(rect.x + 1, rect.y + legend_h + AXIS_H, rect.width - 2, rect.height - legend_h - AXIS_H - 1)
    geo = TimelineGeometry(rect, label_w, plot_x0, max(plot_x1, plot_x0 + 40), legend_h, viewport, 0, [], {}, {},
                           tl.start, tl.end)
    keys = {r.key for r in tl.rows}
    fallback = "desk" if "desk" in keys else (tl.rows[0].key if tl.rows else "")
    by_row: dict[str, list[Marker]] = {}
    for m in tl.markers:
        by_row.setdefault(m.row if m.row in keys else fallback, []).append(m)
    widths = {m.finding: 2 * MARKER_R + 4 + _width(font_small, m.label, True) for m in tl.markers}
    geo.placed = {key: _place(ms, geo.x, widths) for key, ms in by_row.items()}
    y = 0
    group = None
    for row in tl.rows:
        if row.group != group:
            group = row.group
            geo.items.append(("head", y, _GROUP_WORDS.get(group, group), 0))
            y += GROUP_H
        lanes = max((lane for _, _, lane in geo.placed.get(row.key, ())), default=0)
        extra = lanes * LANE_H
        geo.items.append(("row", y, row, extra))
        geo.row_top[row.key] = y + extra
        y += ROW_H + extra
    geo.content_h = y + 4
    return geo


# --- painting -----------------------------------------------------------------------------------------------------

def _paint_legend(surface: pygame.Surface, geo: TimelineGeometry, font_small: pygame.font.Font) -> None:
    r = geo.rect
    lines = _legend_lines(_legend_items(font_small), r.width - 2 * PAD)
    y = r.y + PAD
    for line in lines:
        x = r.x + PAD
        cy = y + LEGEND_LINE // 2
        for what, key, words, width in line:
            if what == "head":
                label = _text(font_small, words, INK, bold=True)
                surface.blit(label, (x, cy - label.get_height() // 2))
            elif what == "severity":
                draw_severity_shape(surface, key, (x + 6, cy), 5)
                label = _text(font_small, words, INK)
                surface.blit(label, (x + 15, cy - label.get_height() // 2))
            elif what == "gap":
                pass
            elif what == "span":
                _swatch(surface, pygame.Rect(x, cy - 5, 16, 11), "counter_wait" if key == "hatch" else key)
                label = _text(font_small, words, INK)
                surface.blit(label, (x + 20, cy - label.get_height() // 2))
            else:
                _mark_glyph(surface, key, x + 6 - (3 if key == "arrow" else 0), cy, INK)
                label = _text(font_small, words, INK)
                surface.blit(label, (x + 17, cy - label.get_height() // 2))
            x += width
        y += LEGEND_LINE
    pygame.draw.line(surface, BORDER, (r.x + 1, r.y + geo.legend_h - 2), (r.right - 2, r.y + geo.legend_h - 2))


#: Label steps the axis may use (seconds), each with the step of its fainter in-between lines.
_STEPS = ((300, 0), (600, 300), (900, 300), (1800, 900), (3600, 1800), (7200, 3600), (14400, 3600))


def _hours(geo: TimelineGeometry) -> tuple[int, int]:
    """The step of the labelled lines and of the faint ones between them, in seconds: the finest whose labels
    stay at least 46 pixels apart (every hour on a full day, every ten minutes on a short one)."""
    per_second = (geo.plot_x1 - geo.plot_x0) / max(geo.end - geo.start, 1)
    for labelled, faint in _STEPS:
        if labelled * per_second >= 46:
            return labelled, (faint if faint * per_second >= 24 else 0)
    return _STEPS[-1]


def _paint_axis_labels(surface: pygame.Surface, geo: TimelineGeometry, font_small: pygame.font.Font) -> None:
    labelled, _ = _hours(geo)
    top = geo.rect.y + geo.legend_h
    first = (geo.start + labelled - 1) // labelled * labelled
    for t in range(first, geo.end + 1, labelled):
        label = _text(font_small, clock_text(t), MUTED, bold=True)
        x = round(geo.x(t)) - label.get_width() // 2
        surface.blit(label, (max(x, geo.plot_x0 - label.get_width() // 2), top + (AXIS_H - label.get_height()) // 2))
    surface.blit(_text(font_small, "time of day", MUTED), (geo.rect.x + PAD, top + 2))


def _paint_grid(surface: pygame.Surface, geo: TimelineGeometry, top: int, bottom: int) -> None:
    labelled, faint = _hours(geo)
    step = faint or labelled
    first = (geo.start + step - 1) // step * step
    for t in range(first, geo.end + 1, step):
        x = round(geo.x(t))
        if t % labelled == 0:
            pygame.draw.line(surface, HOUR_LINE, (x, top), (x, bottom))
        else:
            for y in range(top, bottom, 5):
                pygame.draw.line(surface, HALF_LINE, (x, y), (x, min(y + 2, bottom)))


def _span_words(font_small: pygame.font.Font, s: Span, width: float) -> str:
    """What a span ``width`` pixels wide says: how long someone waited on the desk, else its label or a short
    word; a long label is cut only where enough of it shows to be read."""
    minutes = (s.end - s.start) // 60
    short = _SHORT.get(s.kind, "")
    waited = _SPAN_LOOK.get(s.kind, _DEFAULT_SPAN)[1] and minutes >= 1
    candidates = [f"{short} {minutes} min", f"{minutes} min", f"{minutes}′"] if waited else [s.label, short]
    for text in candidates:
        if text and _width(font_small, text) <= width - 6:
            return text
    return _fit(font_small, s.label, width - 6, least=12)


def _paint_span(surface: pygame.Surface, geo: TimelineGeometry, s: Span, y: int,
                font_small: pygame.font.Font, lane: LabelLane | None = None) -> None:
    colour, hatched, ink = _SPAN_LOOK.get(s.kind, _DEFAULT_SPAN)
    x0 = round(geo.x(s.start))
    w = max(round(geo.x(s.end)) - x0, 3)  # a thirty-second call is still visible
    box = pygame.Rect(x0, y + SPAN_TOP, w, SPAN_H)
    if hatched:
        strip = _hatch_strip(colour, SPAN_H)
        surface.blit(strip, box.topleft, pygame.Rect(box.x % HATCH_PERIOD, 0, min(w, strip.get_width()), SPAN_H))
        pygame.draw.rect(surface, _hex("#444"), box, 1, border_radius=2)
    else:
        pygame.draw.rect(surface, colour, box, border_radius=3)
    words = _span_words(font_small, s, w)
    if words:
        label = _text(font_small, words, _hex("#111") if hatched else ink, halo=hatched)
        tx = x0 + 3 - (1 if hatched else 0)
        if lane is not None:
            lane.take(tx, tx + label.get_width())
        surface.blit(label, (tx, box.centery - label.get_height() // 2))


def _paint_mark(surface: pygame.Surface, geo: TimelineGeometry, m: Mark, y: int,
                font_small: pygame.font.Font, lane: LabelLane | None = None) -> None:
    kind, colour = _MARK_LOOK.get(m.kind, ("tick", _hex("#333")))
    x = geo.x(m.t)
    cy = y + SPAN_TOP + SPAN_H // 2
    _mark_glyph(surface, kind, x, cy, colour)
    if m.kind in _LOUD_MARKS and m.label:
        # Right of the mark if the words fit (whole, or shortened: "walked out after 45 min" → "walked out"),
        # else left of it, over what came before.
        # Where another label is already written on the row, it is left out (the finding list has the words).
        right, left = geo.rect.right - 6 - x - 8, x - geo.plot_x0 - 8
        short = m.label.split(" after ")[0]
        choices = ((m.label, 1, right), (short, 1, right), (short, -1, left), (m.label, -1, left))
        fitting = [(c, d, _width(font_small, c, True)) for c, d, room in choices if _width(font_small, c, True) <= room]
        lane = lane if lane is not None else LabelLane()
        chosen = lane.place((x + 7, x + 7 + w, (c, d)) if d > 0 else (x - 7 - w, x - 7, (c, d)) for c, d, w in fitting)
        if chosen:
            text, side = chosen
            label = _text(font_small, text, colour, bold=True, halo=True)
            tx = x + 7 if side > 0 else x - 7 - label.get_width()
            surface.blit(label, (round(tx), cy - label.get_height() // 2))


def _paint_steps(surface: pygame.Surface, geo: TimelineGeometry, row: Row, y: int,
                 font_small: pygame.font.Font) -> None:
    peak = max((n for _, n in row.steps), default=0)
    if peak <= 0:
        return
    base, room = y + ROW_H - 2, ROW_H - 6
    points = [(geo.x(geo.start), base)]
    level_y = base
    for t, n in row.steps:
        x = geo.x(t)
        points.append((x, level_y))
        level_y = base - room * n / peak
        points.append((x, level_y))
    points += [(geo.x(geo.end), level_y), (geo.x(geo.end), base)]
    pygame.draw.polygon(surface, WAITING_FILL, points)
    pygame.draw.lines(surface, WAITING_EDGE, False, points, 1)
    label = _text(font_small, f"{peak}", _hex("#5a4600"), bold=True, halo=True)
    for (t, n), nxt in zip(row.steps, row.steps[1:] + ((geo.end, 0),), strict=True):
        if n == peak and geo.x(nxt[0]) - geo.x(t) > label.get_width() + 2:
            surface.blit(label, (round(geo.x(t)) + 1, y - 1))
            break


def _paint_label(surface: pygame.Surface, geo: TimelineGeometry, row: Row, y: int, font: pygame.font.Font,
                 font_small: pygame.font.Font) -> None:
    """The row's name, and its note ("9:30 appt, late", "walk-in") in grey at the right of the label column when
    there is room: the name comes first, then the note as whole as it fits."""
    room = geo.label_w - PAD - 6
    name = _fit(font, row.label, room, least=1)
    name_w = _width(font, name)
    note = ""
    if row.note:
        for candidate in (row.note, row.note.replace(" appt", ""), row.note.split(",")[0]):
            if name_w + 8 + _width(font_small, candidate) <= room:
                note = candidate
                break
    label = _text(font, name, INK)
    cy = y + SPAN_TOP + SPAN_H // 2
    surface.blit(label, (geo.rect.x + PAD, cy - label.get_height() // 2))
    if note:
        small = _text(font_small, note, MUTED)
        surface.blit(small, (geo.plot_x0 - 6 - small.get_width(), cy - small.get_height() // 2))


def _paint_markers(surface: pygame.Surface, geo: TimelineGeometry, placed: list[tuple[Marker, float, int]], y: int,
                   font_small: pygame.font.Font, selected: int | None,
                   rects: dict[int, pygame.Rect]) -> None:
    """Finding markers on one row whose spans start at ``y``: above the spans, lane 0 nearest, each with a thin
    stem down to its exact time. Stems go under every shape and number, so a crowded moment stays legible."""
    for m, x, lane in placed:
        _, colour, _ = SEVERITY_LOOK.get(m.severity, _UNKNOWN)
        at = round(geo.x(m.t))
        cy = y - SPAN_TOP + MARK_Y - lane * LANE_H
        stem = _blend(colour, 0.7)
        pygame.draw.lines(surface, stem, False, [(round(x), cy), (at, max(cy + 5, y - 2)), (at, y + SPAN_H)], 1)
    for m, x, lane in placed:
        cy = y - SPAN_TOP + MARK_Y - lane * LANE_H
        _, colour, _ = SEVERITY_LOOK.get(m.severity, _UNKNOWN)
        if m.finding == selected:
            pygame.draw.circle(surface, INK, (round(x), cy), MARKER_R + 5, 2)
        draw_severity_shape(surface, m.severity, (x, cy))
        number = _text(font_small, m.label, colour, bold=True, halo=True)
        nx = round(x) + MARKER_R + 1
        surface.blit(number, (nx, cy - number.get_height() // 2))
        rects[m.finding] = pygame.Rect(round(x) - MARKER_R - 2, cy - MARKER_R - 2,
                                       MARKER_R + 3 + number.get_width() + 1 + MARKER_R, 2 * MARKER_R + 5)


def paint_timeline(surface: pygame.Surface, rect: pygame.Rect, tl: Timeline, font_small: pygame.font.Font,
                   font: pygame.font.Font, scroll: int = 0, selected: int | None = None,
                   geometry: TimelineGeometry | None = None) -> dict[int, pygame.Rect]:
    """Paint ``tl`` into ``rect`` of ``surface``: legend, hour lines and labels, row labels, spans, marks and
    finding markers; the rows scrolled up by ``scroll`` pixels (clamped to what there is).

    ``selected`` (a finding's index) is ringed and its row lit. ``geometry`` is :func:`measure_timeline`'s answer
    for the same rect, if the caller already has it. Returns each finding's index → the screen rect of its marker
    (shape and number). Every finding has one; a marker scrolled out of view has a rect outside the viewport, so
    hit-test clicks against :attr:`TimelineGeometry.viewport` too."""
    rect = pygame.Rect(rect)
    geo = geometry or measure_timeline(rect, tl, font_small, font)
    scroll = max(0, min(int(scroll), geo.max_scroll))
    old_clip = surface.get_clip()
    surface.set_clip(rect.clip(old_clip) if old_clip else rect)
    pygame.draw.rect(surface, WHITE, rect, border_radius=6)
    _paint_legend(surface, geo, font_small)
    _paint_axis_labels(surface, geo, font_small)

    view = geo.viewport
    surface.set_clip(view.clip(old_clip) if old_clip else view)
    top = view.y - scroll
    selected_row = None
    if selected is not None:
        selected_row = next((key for key, placed in geo.placed.items() if any(m.finding == selected
                                                                              for m, _, _ in placed)), None)
    shade = False
    for what, ry, item, extra in geo.items:
        y0 = top + ry
        if what == "head":
            shade = False
            if y0 + GROUP_H >= view.y and y0 <= view.bottom:
                pygame.draw.rect(surface, GROUP_BG, (view.x, y0, view.width, GROUP_H))
                words = _text(font, str(item), INK, bold=True)
                surface.blit(words, (rect.x + PAD, y0 + (GROUP_H - words.get_height()) // 2))
            continue
        height = ROW_H + extra
        if y0 + height >= view.y and y0 <= view.bottom:
            row: Row = item  # type: ignore[assignment]
            if row.key == selected_row:
                pygame.draw.rect(surface, SELECTED_BG, (view.x, y0, view.width, height))
            elif shade:
                pygame.draw.rect(surface, SHADE, (view.x, y0, view.width, height))
        shade = not shade
    grid_top = max(view.y, top)
    _paint_grid(surface, geo, grid_top, min(view.bottom, top + geo.content_h))
    pygame.draw.line(surface, BORDER, (geo.plot_x0 - 2, grid_top), (geo.plot_x0 - 2, view.bottom))

    rects: dict[int, pygame.Rect] = {}
    for what, ry, item, extra in geo.items:
        if what != "row":
            continue
        row = item  # type: ignore[assignment]
        y = top + ry + extra  # the top of the row's own band, below its extra lanes of markers
        visible = y + ROW_H >= view.y - LANE_H * MAX_LANES and y - extra <= view.bottom
        if visible:
            _paint_label(surface, geo, row, y, font, font_small)
            _paint_steps(surface, geo, row, y, font_small)
            lane = LabelLane()  # the row's words and marks, so that no label is painted over another
            for m in row.marks:
                lane.take(geo.x(m.t) - 2, geo.x(m.t) + 2)
            for s in row.spans:
                _paint_span(surface, geo, s, y, font_small, lane)
            for m in row.marks:
                _paint_mark(surface, geo, m, y, font_small, lane)
    for what, ry, item, extra in geo.items:
        if what != "row":
            continue
        row = item  # type: ignore[assignment]
        placed = geo.placed.get(row.key)
        if placed:
            _paint_markers(surface, geo, placed, top + ry + extra + SPAN_TOP, font_small, selected, rects)

    surface.set_clip(rect.clip(old_clip) if old_clip else rect)
    if geo.max_scroll > 0:  # a thin scroll bar says there is more below (or above)
        track = pygame.Rect(rect.right - 6, view.y + 2, 4, view.height - 4)
        pygame.draw.rect(surface, _hex("#e3e7ec"), track, border_radius=2)
        thumb_h = max(20, track.height * view.height // geo.content_h)
        thumb_y = track.y + (track.height - thumb_h) * scroll // geo.max_scroll
        pygame.draw.rect(surface, _hex("#8894a3"), (track.x, thumb_y, 4, thumb_h), border_radius=2)
    pygame.draw.rect(surface, BORDER, rect, 1, border_radius=6)
    surface.set_clip(old_clip)
    return rects
