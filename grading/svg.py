"""The SVG painter of the day's timeline (DESIGN section 6): one thin function over :mod:`grading.timeline`.

No pygame, no files, no scripts, no external references: the picture is plain SVG text that an HTML debrief
inlines. The same layout always paints the same bytes. Colour is never the only signal: each finding's severity
has its own shape and a number that points to the findings list; spans where somebody waits on the desk are
hatched; every span, mark and marker carries a ``<title>`` tooltip in words.
"""

from __future__ import annotations

import html
import re
from typing import Any

from .scoreboard import BIDI_CONTROLS
from .timeline import MARK_WORDS, SPAN_WORDS, LabelLane, Mark, Marker, Row, Span, Timeline

__all__ = ["render_svg", "SEVERITY_STYLE", "xml_text"]

#: Per severity: the shape painted, its colour, its symbol in text and its word, from the worst.
SEVERITY_STYLE: dict[str, tuple[str, str, str, str]] = {
    "breach": ("diamond", "#b2182b", "◆", "privacy breach"),
    "error": ("triangle", "#e66100", "▲", "error"),
    "late": ("circle", "#c98a00", "●", "late"),
    "missed": ("square", "#6b6b6b", "■", "missed"),
    "good": ("check", "#1a8a3a", "✓", "done well"),
}
_UNKNOWN_SEVERITY = ("square", "#6b6b6b", "■", "finding")

#: Per span kind: fill colour, whether hatched (someone waits on the desk), text colour.
_SPAN_STYLE: dict[str, tuple[str, bool, str]] = {
    "ringing": ("#d62728", True, "#111"),
    "talking": ("#3b6ea5", False, "#fff"),
    "hold": ("#e67e22", True, "#111"),
    "outbound": ("#2a9d8f", False, "#fff"),
    "voicemail": ("#9e9e9e", False, "#111"),
    "serving_check_in": ("#3b6ea5", False, "#fff"),
    "serving_walk_in": ("#8e5ea2", False, "#fff"),
    "serving_checkout": ("#8c6d46", False, "#fff"),
    "counter_wait": ("#d62728", True, "#111"),
    "check_in": ("#3b6ea5", False, "#fff"),
    "triage": ("#8e5ea2", False, "#fff"),
    "waiting": ("#e0b000", True, "#111"),
    "roomed": ("#c9a0dc", False, "#111"),
    "with_doctor": ("#2e8b57", False, "#fff"),
    "checkout": ("#8c6d46", False, "#fff"),
    "away_locked": ("#9e9e9e", False, "#111"),
    "away_unlocked": ("#d62728", False, "#fff"),
}
_DEFAULT_SPAN = ("#9e9e9e", False, "#111")

#: The span kinds the legend explains, in reading order (several kinds share a look; one entry each).
_LEGEND_SPANS = (
    ("ringing", "ringing"), ("talking", "on the phone / check-in"), ("hold", "on hold"),
    ("outbound", "outbound call"), ("voicemail", "outbound: voicemail"), ("counter_wait", "waiting at the counter"),
    ("triage", "walk-in triage"), ("waiting", "waiting room"), ("roomed", "exam room"),
    ("with_doctor", "with the doctor"), ("checkout", "checkout"),
)

_MARK_STYLE = {  # kind → (drawn as, colour)
    "walk_out": ("cross", "#111"), "left_before_checkout": ("cross", "#111"), "abandoned": ("cross", "#111"),
    "busy": ("cross", "#555"), "sent_to_emergency": ("plus", "#b2182b"), "left": ("bar", "#333"),
    "arrived": ("tick", "#333"), "hung_up": ("bar", "#555"), "routed": ("arrow", "#555"),
    "message": ("arrow", "#555"), "voicemail_left": ("tick", "#555"),
}
#: Marks important enough to be labelled in words on the picture (the rest have tooltips).
_LOUD_MARKS = {"walk_out", "left_before_checkout", "abandoned", "sent_to_emergency", "busy"}

_FONT = "font-family=\"Helvetica, Arial, sans-serif\""
#: Control characters XML cannot hold, and the bidi controls (which would turn a label or a tooltip around).
_INVALID_XML = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff{BIDI_CONTROLS}]")

LABEL_W = 200
RIGHT = 60  # room after the day's end for a late walk-out's words and the last markers' numbers
ROW_H = 26
SPAN_TOP = 11  # spans sit in the lower part of a row; finding markers ride above them, so neither hides the other
SPAN_H = 13
MARK_Y = 6.5
LANE_H = 13  # each extra lane of finding markers adds this much height to its row
MAX_LANES = 4
MARKER_GAP = 25  # the least distance between two markers in a lane: the shape and its number
GROUP_H = 20
AXIS_H = 22
CHAR_W = 5.6  # the width of one character at font-size 10, near enough to decide whether a label fits

#: A short word per span kind, painted when the span's own label does not fit.
_SHORT = {
    "ringing": "ring", "talking": "call", "hold": "hold", "outbound": "call", "voicemail": "vm",
    "counter_wait": "wait", "check_in": "check-in", "triage": "triage", "waiting": "waiting",
    "roomed": "exam room", "with_doctor": "doctor", "checkout": "checkout",
    "away_locked": "away", "away_unlocked": "away, unlocked",
}


def xml_text(value: object) -> str:
    """``value`` as text safe inside an XML element or a quoted attribute (no control or bidi characters either)."""
    return html.escape(_INVALID_XML.sub("", str(value)), quote=True)


def _clock(t: int) -> str:
    return f"{t // 3600}:{t % 3600 // 60:02d}"


def _duration(seconds: int) -> str:
    if seconds < 60:
        return f"{seconds} s"
    minutes, sec = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min" + (f" {sec} s" if sec and minutes < 5 else "")
    return f"{minutes // 60} h {minutes % 60:02d} min"


def _n(x: float) -> str:
    """A coordinate, written the same way every time."""
    text = f"{x:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _fit(label: str, width: float, least: int = 4) -> str:
    """``label`` cut to fit ``width`` pixels, with an ellipsis; empty when fewer than ``least`` letters fit."""
    room = int((width - 6) / CHAR_W)
    if room >= len(label):
        return label
    if room < least:
        return ""
    return label[: room - 1].rstrip() + "…"


def _span_text(s: Span, width: float) -> str:
    """The words painted in a span ``width`` pixels wide: how long someone waited on the desk, else its label or
    a short word; a long label is cut only where enough of it shows to be read."""
    minutes = (s.end - s.start) // 60
    short = _SHORT.get(s.kind, "")
    waited = _SPAN_STYLE.get(s.kind, _DEFAULT_SPAN)[1] and minutes >= 1
    if waited:  # how long someone waited on the desk is what a student should see first
        candidates = [f"{short} {minutes} min", f"{minutes} min", f"{minutes}′"]
    else:
        candidates = [s.label, short]
    for text in candidates:
        if text and _fit(text, width) == text:
            return text
    return _fit(s.label, width, least=12)


def _shape(kind: str, x: float, y: float, r: float, colour: str) -> str:
    """One marker shape centred on (x, y), outlined in white so it stands out on any span."""
    stroke = 'stroke="#fff" stroke-width="1.5"'
    if kind == "diamond":
        pts = f"{_n(x)},{_n(y - r - 1)} {_n(x + r + 1)},{_n(y)} {_n(x)},{_n(y + r + 1)} {_n(x - r - 1)},{_n(y)}"
        return f'<polygon points="{pts}" fill="{colour}" {stroke}/>'
    if kind == "triangle":
        pts = f"{_n(x)},{_n(y - r - 1)} {_n(x + r + 1)},{_n(y + r)} {_n(x - r - 1)},{_n(y + r)}"
        return f'<polygon points="{pts}" fill="{colour}" {stroke}/>'
    if kind == "circle":
        return f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(r)}" fill="{colour}" {stroke}/>'
    if kind == "check":
        path = f"M{_n(x - r)},{_n(y)} L{_n(x - r / 3)},{_n(y + r * 0.8)} L{_n(x + r)},{_n(y - r * 0.8)}"
        return (f'<path d="{path}" fill="none" stroke="#fff" stroke-width="5" stroke-linecap="round" '
                f'stroke-linejoin="round"/><path d="{path}" fill="none" stroke="{colour}" stroke-width="2.6" '
                f'stroke-linecap="round" stroke-linejoin="round"/>')
    return (f'<rect x="{_n(x - r + 0.5)}" y="{_n(y - r + 0.5)}" width="{_n(2 * r - 1)}" height="{_n(2 * r - 1)}" '
            f'fill="{colour}" {stroke}/>')


class _Painter:
    def __init__(self, tl: Timeline, width: int) -> None:
        self.tl = tl
        self.width = max(int(width), LABEL_W + RIGHT + 200)
        self.plot_w = self.width - LABEL_W - RIGHT
        self.out: list[str] = []

    def x(self, t: int) -> float:
        span = max(self.tl.end - self.tl.start, 1)
        return LABEL_W + (min(max(t, self.tl.start), self.tl.end) - self.tl.start) * self.plot_w / span

    # --- pieces ------------------------------------------------------------------------------------------

    def defs(self) -> None:
        self.out.append("<defs>")
        for kind, (colour, hatched, _) in sorted(_SPAN_STYLE.items()):
            if hatched:
                self.out.append(
                    f'<pattern id="hatch-{kind}" width="6" height="6" patternUnits="userSpaceOnUse" '
                    f'patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/>'
                    f'<rect width="6" height="6" fill="{colour}" fill-opacity="0.28"/>'
                    f'<rect width="2.2" height="6" fill="{colour}"/></pattern>')
        self.out.append("</defs>")

    def legend(self, y: float) -> float:
        """Two lines of legend from ``y``: marker shapes, then span looks. Returns the y below them."""
        x = 8.0
        self.out.append(f'<text x="{_n(x)}" y="{_n(y + 13)}" font-size="11" font-weight="bold" {_FONT}>'
                        f'Findings:</text>')
        x += 62
        for _severity, (shape, colour, _, word) in SEVERITY_STYLE.items():
            self.out.append(_shape(shape, x + 6, y + 9, 5.5, colour))
            self.out.append(f'<text x="{_n(x + 16)}" y="{_n(y + 13)}" font-size="11" {_FONT}>{xml_text(word)}</text>')
            x += 28 + len(word) * 6.2
        note = "the number beside a mark is the finding's number in the list below"
        self.out.append(f'<text x="{_n(x + 8)}" y="{_n(y + 13)}" font-size="10" fill="#555" {_FONT}>'
                        f'{xml_text(note)}</text>')
        y += 20
        x = 8.0
        for kind, word in _LEGEND_SPANS + (("hatch", "hatched: someone is waiting on you"),):
            need = 22 + len(word) * 5.4 + 14
            if x + need > self.width - 8:
                x, y = 8.0, y + 18
            if kind == "hatch":
                fill = "url(#hatch-counter_wait)"
            else:
                colour, hatched, _ = _SPAN_STYLE[kind]
                fill = f"url(#hatch-{kind})" if hatched else colour
            self.out.append(f'<rect x="{_n(x)}" y="{_n(y + 4)}" width="16" height="11" rx="2" fill="{fill}" '
                            f'stroke="#666" stroke-width="0.5"/>')
            self.out.append(f'<text x="{_n(x + 21)}" y="{_n(y + 13)}" font-size="10" {_FONT}>{xml_text(word)}</text>')
            x += need
        marks = (("cross", "walked out / caller gave up"), ("plus", "sent to emergency"), ("bar", "left"),
                 ("arrow", "call put through / message taken"))
        for kind, word in marks:
            need = 22 + len(word) * 5.4 + 14
            if x + need > self.width - 8:
                x, y = 8.0, y + 18
            self.out.append(self.mark_glyph(kind, x + 8, y + 9.5, "#111"))
            self.out.append(f'<text x="{_n(x + 21)}" y="{_n(y + 13)}" font-size="10" {_FONT}>{xml_text(word)}</text>')
            x += need
        return y + 24

    def axis(self, top: float, bottom: float) -> None:
        """Hour lines (and fainter half hours) over every row, hour labels above them."""
        first = (self.tl.start + 1799) // 1800 * 1800
        for t in range(first, self.tl.end + 1, 1800):
            x = self.x(t)
            hour = t % 3600 == 0
            colour, dash = ("#bbb", "") if hour else ("#e2e2e2", ' stroke-dasharray="2,3"')
            self.out.append(f'<line x1="{_n(x)}" y1="{_n(top)}" x2="{_n(x)}" y2="{_n(bottom)}" stroke="{colour}" '
                            f'stroke-width="1"{dash}/>')
            if hour:
                self.out.append(f'<text x="{_n(x)}" y="{_n(top - 6)}" font-size="11" text-anchor="middle" '
                                f'fill="#333" {_FONT}>{_clock(t)}</text>')

    def group_header(self, y: float, text: str) -> None:
        self.out.append(f'<rect x="0" y="{_n(y)}" width="{self.width}" height="{GROUP_H}" fill="#eef1f5"/>')
        self.out.append(f'<text x="8" y="{_n(y + 14)}" font-size="12" font-weight="bold" fill="#223" {_FONT}>'
                        f'{xml_text(text)}</text>')

    def row_label(self, row: Row, y: float) -> None:
        label = _fit(row.label, LABEL_W - (70 if row.note else 12))
        self.out.append(f'<text x="8" y="{_n(y + 17)}" font-size="11" fill="#111" {_FONT}>'
                        f'<title>{xml_text(row.label)}</title>{xml_text(label)}</text>')
        if row.note:
            self.out.append(f'<text x="{LABEL_W - 8}" y="{_n(y + 17)}" font-size="9.5" fill="#666" '
                            f'text-anchor="end" {_FONT}>{xml_text(row.note)}</text>')

    def span(self, s: Span, y: float, lane: LabelLane | None = None) -> None:
        colour, hatched, ink = _SPAN_STYLE.get(s.kind, _DEFAULT_SPAN)
        x0, x1 = self.x(s.start), self.x(s.end)
        w = max(x1 - x0, 3.0)  # a thirty-second call is still visible
        fill = f"url(#hatch-{s.kind})" if hatched else colour
        words = SPAN_WORDS.get(s.kind, s.kind.replace("_", " "))
        tip = f"{_clock(s.start)}–{_clock(s.end)} ({_duration(s.end - s.start)}) {words}"
        if s.label and s.label != words:
            tip += f": {s.label}"
        if s.open_at_end:
            tip += " — still going when the day ended"
        outline = ' stroke="#333" stroke-width="0.6"' if hatched else ""
        self.out.append(f'<g><title>{xml_text(tip)}</title><rect x="{_n(x0)}" y="{_n(y + SPAN_TOP)}" '
                        f'width="{_n(w)}" height="{SPAN_H}" rx="3" fill="{fill}"{outline}/>')
        text = _span_text(s, w)
        if text:
            if lane is not None:
                lane.take(x0 + 3, x0 + 3 + len(text) * CHAR_W)
            colour_ink = "#111" if hatched else ink
            halo = (' paint-order="stroke" stroke="#fff" stroke-width="2.5" stroke-opacity="0.85"'
                    if hatched else "")
            self.out.append(f'<text x="{_n(x0 + 3)}" y="{_n(y + SPAN_TOP + 10)}" font-size="10" '
                            f'fill="{colour_ink}"{halo} {_FONT}>{xml_text(text)}</text>')
        self.out.append("</g>")

    @staticmethod
    def mark_glyph(kind: str, x: float, y: float, colour: str) -> str:
        if kind == "cross":
            return (f'<path d="M{_n(x - 4)},{_n(y - 4)} L{_n(x + 4)},{_n(y + 4)} M{_n(x - 4)},{_n(y + 4)} '
                    f'L{_n(x + 4)},{_n(y - 4)}" stroke="{colour}" stroke-width="2.4" stroke-linecap="round"/>')
        if kind == "plus":
            return (f'<path d="M{_n(x)},{_n(y - 5)} L{_n(x)},{_n(y + 5)} M{_n(x - 5)},{_n(y)} L{_n(x + 5)},{_n(y)}" '
                    f'stroke="{colour}" stroke-width="2.6"/>')
        if kind == "arrow":  # passed on: a small arrow pointing away, to the right of the moment
            return (f'<path d="M{_n(x)},{_n(y)} L{_n(x + 8)},{_n(y)} M{_n(x + 5)},{_n(y - 3)} L{_n(x + 8)},{_n(y)} '
                    f'L{_n(x + 5)},{_n(y + 3)}" fill="none" stroke="{colour}" stroke-width="1.3"/>')
        if kind == "tick":
            return (f'<line x1="{_n(x)}" y1="{_n(y - 5)}" x2="{_n(x)}" y2="{_n(y + 5)}" stroke="{colour}" '
                    f'stroke-width="1"/>')
        return (f'<line x1="{_n(x)}" y1="{_n(y - 7)}" x2="{_n(x)}" y2="{_n(y + 7)}" stroke="{colour}" '
                f'stroke-width="2"/>')

    def mark(self, m: Mark, y: float, lane: LabelLane | None = None) -> None:
        kind, colour = _MARK_STYLE.get(m.kind, ("tick", "#333"))
        x = self.x(m.t)
        tip = f"{_clock(m.t)} {m.label or MARK_WORDS.get(m.kind, m.kind)}"
        cy = y + SPAN_TOP + SPAN_H / 2
        self.out.append(f'<g><title>{xml_text(tip)}</title>{self.mark_glyph(kind, x, cy, colour)}')
        if m.kind in _LOUD_MARKS and m.label:
            # Right of the mark if the words fit (whole, or shortened: "walked out after 45 min" → "walked out"),
            # else left of it, over what came before.
            # Where another label is already written on the row, it is left out (its tooltip keeps the words).
            right, left = self.width - 4 - x - 8, x - LABEL_W - 8
            short = m.label.split(" after ")[0]
            choices = ((m.label, "start", right), (short, "start", right), (short, "end", left), (m.label, "end", left))
            fitting = [(c, side) for c, side, room in choices if _fit(c, room) == c] or [
                (_fit(m.label, max(right, left)), "start" if right >= left else "end")]
            lane = lane if lane is not None else LabelLane()
            boxes = ((x + 7, x + 7 + len(c) * CHAR_W, (c, side)) if side == "start" else
                     (x - 7 - len(c) * CHAR_W, x - 7, (c, side)) for c, side in fitting if c)
            text, anchor = lane.place(boxes) or ("", "start")
            if text:
                tx = x + 7 if anchor == "start" else x - 7
                self.out.append(f'<text x="{_n(tx)}" y="{_n(cy + 3.5)}" font-size="10" font-weight="bold" '
                                f'fill="{colour}" text-anchor="{anchor}" paint-order="stroke" stroke="#fff" '
                                f'stroke-width="3" {_FONT}>{xml_text(text)}</text>')
        self.out.append("</g>")

    def steps(self, row: Row, y: float) -> None:
        peak = max((n for _, n in row.steps), default=0)
        if peak <= 0:
            return
        base, room = y + ROW_H - 3, ROW_H - 6
        points = [f"{_n(self.x(self.tl.start))},{_n(base)}"]
        level_y = base
        for t, n in row.steps:
            x = self.x(t)
            points.append(f"{_n(x)},{_n(level_y)}")
            level_y = base - room * n / peak
            points.append(f"{_n(x)},{_n(level_y)}")
        points.append(f"{_n(self.x(self.tl.end))},{_n(level_y)}")
        points.append(f"{_n(self.x(self.tl.end))},{_n(base)}")
        self.out.append(f'<polygon points="{" ".join(points)}" fill="#e0b000" fill-opacity="0.55" '
                        f'stroke="#9a7800" stroke-width="1"/>')
        for (t, n), nxt in zip(row.steps, row.steps[1:] + ((self.tl.end, 0),), strict=True):
            if n <= 0:
                continue
            x0, x1 = self.x(t), self.x(nxt[0])
            self.out.append(f'<rect x="{_n(x0)}" y="{_n(y)}" width="{_n(max(x1 - x0, 1))}" height="{ROW_H}" '
                            f'fill="#000" fill-opacity="0"><title>{_clock(t)}–{_clock(nxt[0])}: {n} '
                            f'waiting</title></rect>')
            if n == peak and x1 - x0 > 12:
                self.out.append(f'<text x="{_n(x0 + 2)}" y="{_n(y + 10)}" font-size="9" fill="#5a4600" {_FONT}>'
                                f'{n}</text>')

    def place(self, markers: list[Marker]) -> list[tuple[Marker, float, int]]:
        """Where each marker of one row goes: ``(marker, x, lane)``. A marker sits at its time in the lowest lane
        where it does not cover another; when every lane is full there, it is set beside the nearest one."""
        ends = [-1e9] * MAX_LANES
        placed = []
        for m in sorted(markers, key=lambda m: (m.t, m.finding)):
            at = self.x(m.t)
            lane = next((i for i, e in enumerate(ends) if at >= e + MARKER_GAP), None)
            if lane is None:
                lane = min(range(MAX_LANES), key=lambda i: (ends[i], i))
            x = max(at, ends[lane] + MARKER_GAP)
            ends[lane] = x
            placed.append((m, x, lane))
        return placed

    def markers(self, placed: list[tuple[Marker, float, int]], y: float) -> None:
        """Finding markers on one row whose spans start at ``y``: above the spans, lane 0 nearest, each with a thin
        stem down to its exact time (a marker set beside another still points at the right moment). Stems go
        under every shape and number, so a crowded moment stays legible."""
        stems, shapes = [], []
        for m, x, lane in placed:
            at = self.x(m.t)
            shape, colour, _, word = SEVERITY_STYLE.get(m.severity, _UNKNOWN_SEVERITY)
            cy = y + MARK_Y - lane * LANE_H
            stems.append(f'<path d="M{_n(x)},{_n(cy)} L{_n(at)},{_n(max(cy + 5, y + SPAN_TOP - 2))} '
                         f'L{_n(at)},{_n(y + ROW_H - 1)}" fill="none" stroke="{colour}" stroke-width="1" '
                         f'stroke-opacity="0.7"/>')
            tip = f"#{m.label} {_clock(m.t)} {word}: {m.message}"
            shapes.append(f'<g class="marker" data-finding="{m.finding}"><title>{xml_text(tip)}</title>'
                          f'{_shape(shape, x, cy, 5, colour)}'
                          f'<text x="{_n(x + 6.5)}" y="{_n(cy + 3.5)}" font-size="9.5" font-weight="bold" '
                          f'fill="{colour}" paint-order="stroke" stroke="#fff" stroke-width="3" {_FONT}>'
                          f'{xml_text(m.label)}</text></g>')
        self.out.extend(stems)
        self.out.extend(shapes)

    # --- the whole -------------------------------------------------------------------------------------

    def paint(self) -> str:
        tl = self.tl
        heads = {"phones": "Phone lines", "desk": "Front desk", "patients": "Patients, in order of arrival"}
        by_row: dict[str, list[Marker]] = {}
        keys = {r.key for r in tl.rows}
        fallback = "desk" if "desk" in keys else (tl.rows[0].key if tl.rows else "")
        for m in tl.markers:
            by_row.setdefault(m.row if m.row in keys else fallback, []).append(m)
        placed = {key: self.place(ms) for key, ms in by_row.items()}
        # (what, y, item, extra): a row with markers stacked in lanes grows taller by ``extra`` above its spans.
        body: list[tuple[str, float, Any, float]] = []
        y = 0.0
        group = None
        for row in tl.rows:
            if row.group != group:
                group = row.group
                body.append(("head", y, heads.get(group, group), 0.0))
                y += GROUP_H
            lanes = max((lane for _, _, lane in placed.get(row.key, ())), default=0)
            extra = lanes * LANE_H
            body.append(("row", y, row, extra))
            y += ROW_H + extra
        self.defs()
        top = self.legend(4) + AXIS_H
        height = top + y + 8
        shade = False
        rows_y: dict[str, float] = {}
        for what, ry, item, grow in body:
            if what == "head":
                self.group_header(top + ry, str(item))
                shade = False
            else:
                if shade:
                    self.out.append(f'<rect x="0" y="{_n(top + ry)}" width="{self.width}" '
                                    f'height="{_n(ROW_H + grow)}" fill="#f7f7f7"/>')
                self.row_label(item, top + ry + grow)
                rows_y[item.key] = top + ry + grow
                shade = not shade
        self.out.append(f'<line x1="{LABEL_W - 2}" y1="{_n(top)}" x2="{LABEL_W - 2}" y2="{_n(height - 8)}" '
                        f'stroke="#999" stroke-width="1"/>')
        self.axis(top, height - 8)
        for row in tl.rows:
            row_y = rows_y[row.key]
            self.steps(row, row_y)
            lane = LabelLane()  # the row's words and marks, so that no label is written over another
            for mark in row.marks:
                lane.take(self.x(mark.t) - 2, self.x(mark.t) + 2)
            for span in row.spans:
                self.span(span, row_y, lane)
            for mark in row.marks:
                self.mark(mark, row_y, lane)
        for key, where in placed.items():
            if key in rows_y:
                self.markers(where, rows_y[key])
        head = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {self.width} {_n(height)}" '
                f'width="{self.width}" height="{_n(height)}" role="img" class="timeline">'
                f'<title>{xml_text("Timeline of the day" + (": " + tl.title if tl.title else ""))}</title>'
                f'<rect width="100%" height="100%" fill="#fff"/>')
        return head + "".join(self.out) + "</svg>"


def render_svg(tl: Timeline, width: int = 1200) -> str:
    """The timeline ``tl`` as SVG text ``width`` pixels wide (the height follows from the rows)."""
    return _Painter(tl, width).paint()
