"""The timeline of a day as a pure layout: rows, spans, marks and finding markers, in simulated seconds.

DESIGN section 6: the picture of the day is computed once, here, and painted by thin painters (SVG for the
HTML debrief in :mod:`grading.svg`, pygame for the in-game debrief). Nothing here draws, reads a file or
imports pygame; the layout holds no pixels, only seconds and words.

Rows, top to bottom:

* one row per phone line (``line:1`` …): ringing, talking, on hold, outbound calls and voicemail;
* the counter (``counter``): whom the desk was serving, and for what (check-in, walk-in triage, checkout);
* the waiting room (``waiting``): how many people sat there, as a step series;
* the desk (``desk``): time away from the desk, and every finding that concerns no particular call or patient;
* one row per patient who came (``patient:<id>``), in order of arrival: at the counter, waiting, in an exam
  room, with the doctor, at checkout; walk-outs and other ways of leaving are marks.

Any sequence of facts lays out without error (the random bot makes odd days): a fact about an unknown call or
patient opens what it needs, and whatever is still open when the day ends is closed at the day's end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

__all__ = ["Span", "Mark", "Marker", "Row", "Timeline", "timeline", "SPAN_WORDS", "MARK_WORDS", "LabelLane"]

#: What each kind of span means, in the words a legend shows.
SPAN_WORDS: dict[str, str] = {
    "ringing": "ringing",
    "talking": "on the phone",
    "hold": "on hold",
    "outbound": "outbound call",
    "voicemail": "outbound: voicemail",
    "serving_check_in": "check-in",
    "serving_walk_in": "walk-in triage",
    "serving_checkout": "checkout",
    "counter_wait": "waiting at the counter",
    "check_in": "being checked in",
    "triage": "walk-in triage",
    "waiting": "in the waiting room",
    "roomed": "in an exam room",
    "with_doctor": "with the doctor",
    "checkout": "checking out",
    "away_locked": "away from desk (screen locked)",
    "away_unlocked": "away from desk (screen unlocked)",
}

#: What each kind of mark (a moment, not a finding) means.
MARK_WORDS: dict[str, str] = {
    "arrived": "arrived",
    "left": "left after checkout",
    "walk_out": "walked out without being seen",
    "left_before_checkout": "left before checkout",
    "sent_to_emergency": "sent to emergency",
    "abandoned": "caller gave up",
    "hung_up": "caller hung up",
    "routed": "call put through",
    "message": "message taken",
    "voicemail_left": "caller left a voicemail",
    "busy": "caller got a busy signal",
}

_CALL_ID = re.compile(r"\b(C\d+)\b")
_LINE = re.compile(r"\bline (\d+)\b", re.IGNORECASE)
#: A name in a finding's message places it on that patient's or call's row only when the row has something
#: going on within this many seconds of the finding: a chart filed at 8:05 is not part of a 17:00 visit.
NEAR = 600


class LabelLane:
    """Where words are already written along one row of the picture, so that a new label goes where nothing is
    (or is left out: its words stay in the mark's tooltip and in the findings). Both painters, the SVG of the
    report and the window's, place the row's labels through one, each measuring its own text."""

    def __init__(self, gap: float = 4.0) -> None:
        self.gap = gap
        self._taken: list[tuple[float, float]] = []

    def take(self, x0: float, x1: float) -> None:
        """Say that ``x0``–``x1`` is written on."""
        self._taken.append((min(x0, x1), max(x0, x1)))

    def free(self, x0: float, x1: float) -> bool:
        """Whether ``x0``–``x1`` (with the gap either side) touches nothing written."""
        lo, hi = min(x0, x1) - self.gap, max(x0, x1) + self.gap
        return all(hi <= a or lo >= b for a, b in self._taken)

    def place(self, boxes: Iterable[tuple[float, float, Any]]) -> Any:
        """The payload of the first of ``boxes`` (x0, x1, payload) that is free, now taken; ``None`` when none is."""
        for x0, x1, payload in boxes:
            if self.free(x0, x1):
                self.take(x0, x1)
                return payload
        return None


@dataclass(frozen=True)
class Span:
    """Something that lasted from ``start`` to ``end`` (seconds since midnight) on a row.

    ``open_at_end`` says the day ended while it was still going (it was closed at the day's end)."""

    start: int
    end: int
    kind: str
    label: str
    open_at_end: bool = False


@dataclass(frozen=True)
class Mark:
    """A moment on a row that is part of the day, not a judgement: a walk-out, an abandoned call, a departure."""

    t: int
    kind: str
    label: str


@dataclass(frozen=True)
class Marker:
    """A finding placed on the row it concerns. ``finding`` is its index in the findings given to
    :func:`timeline`; ``label`` is the short text painted beside it (the finding's number, from 1)."""

    t: int
    severity: str
    label: str
    finding: int
    row: str
    message: str


@dataclass(frozen=True)
class Row:
    """One row of the picture. ``group`` is ``phones``, ``desk`` or ``patients``; ``steps`` is a step series of
    ``(t, level)`` pairs (the waiting room's occupancy; each level holds until the next pair or the day's end)."""

    key: str
    label: str
    group: str
    spans: tuple[Span, ...] = ()
    marks: tuple[Mark, ...] = ()
    steps: tuple[tuple[int, int], ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Timeline:
    """The day laid out: from ``start`` (the first fact) to ``end`` (``day_ended``), its rows and markers."""

    start: int
    end: int
    rows: tuple[Row, ...]
    markers: tuple[Marker, ...]
    title: str = ""

    def row(self, key: str) -> Row:
        """The row called ``key``."""
        for r in self.rows:
            if r.key == key:
                return r
        raise KeyError(key)

    def markers_on(self, key: str) -> list[Marker]:
        """The markers on row ``key``, in time order."""
        return [m for m in self.markers if m.row == key]


def _plain(fact: Any) -> dict[str, Any]:
    """A fact as a flat mapping, whether a :class:`~simulator.core.facts.Fact` or a dict read from JSON lines."""
    if isinstance(fact, Mapping):
        return dict(fact)
    return fact.as_dict()


def _words(value: Any) -> str:
    return str(value).replace("_", " ") if value else ""


class _Builder:
    """Walks the facts once, keeping what is open per call, per patient and at the counter."""

    def __init__(self, scenario: Any) -> None:
        self.scenario = scenario
        self.names: dict[str, str] = {}
        self.staff: dict[str, str] = {}
        for p in getattr(scenario, "patients", ()) or ():
            if getattr(p, "id", None) and getattr(p, "name", None):
                self.names[p.id] = p.name
        clinic = getattr(scenario, "clinic", None)
        for m in getattr(clinic, "staff", ()) or ():
            self.staff[m.id] = m.name
        self.lines: dict[int, list[Span]] = {n: [] for n in range(1, int(getattr(clinic, "phone_lines", 1) or 1) + 1)}
        self.line_marks: dict[int, list[Mark]] = {}
        self.calls: dict[str, dict[str, Any]] = {}  # call id → line, label, open (kind, start) or None
        self.counter: list[Span] = []
        self.serving: tuple[str, str, int] | None = None  # patient, kind, since
        self.patients: dict[str, dict[str, Any]] = {}  # id → first, spans, marks, open, note, walk_in
        self.desk: list[Span] = []
        self.desk_marks: list[Mark] = []
        self.away: tuple[str, int] | None = None
        self.waiting_since: dict[str, int] = {}
        self.waiting_changes: list[tuple[int, int]] = []

    # --- helpers ----------------------------------------------------------------------------------------

    def name(self, patient: Any) -> str:
        return self.names.get(str(patient), str(patient)) if patient else "someone"

    def line(self, value: Any) -> int:
        try:
            n = int(value)
        except (TypeError, ValueError):
            n = 1
        n = max(n, 1)
        self.lines.setdefault(n, [])
        return n

    # --- phone lines ------------------------------------------------------------------------------------

    def call(self, f: dict[str, Any]) -> dict[str, Any]:
        call_id = str(f.get("call"))
        call = self.calls.get(call_id)
        if call is None:
            call = self.calls[call_id] = {"line": self.line(f.get("line")), "label": call_id, "open": None,
                                          "outbound": False, "who": "", "first": f["t"], "last": f["t"]}
        call["last"] = max(call["last"], f["t"])
        return call

    def call_switch(self, f: dict[str, Any], kind: str | None) -> None:
        """Close what the call was doing and, unless ``kind`` is None, start doing ``kind``."""
        call = self.call(f)
        t = f["t"]
        if call["open"] is not None:
            was, since = call["open"]
            self.lines[call["line"]].append(Span(since, max(t, since), was, call["label"]))
        call["open"] = (kind, t) if kind else None

    def line_mark(self, f: dict[str, Any], kind: str, label: str) -> None:
        call = self.call(f)
        self.line_marks.setdefault(call["line"], []).append(Mark(f["t"], kind, label))

    # --- patients ---------------------------------------------------------------------------------------

    def patient(self, pid: Any, t: int) -> dict[str, Any]:
        pid = str(pid)
        p = self.patients.get(pid)
        if p is None:
            p = self.patients[pid] = {"first": t, "spans": [], "marks": [], "open": None, "note": "",
                                      "walk_in": False}
        return p

    def patient_switch(self, pid: Any, t: int, kind: str | None, label: str = "") -> None:
        pid = str(pid)
        p = self.patient(pid, t)
        if p["open"] is not None:
            was, since, what = p["open"]
            p["spans"].append(Span(since, max(t, since), was, what))
        p["open"] = (kind, t, label or SPAN_WORDS.get(kind or "", "")) if kind else None
        in_waiting_room = kind == "waiting"
        if in_waiting_room and pid not in self.waiting_since:
            self.waiting_since[pid] = t
            self.waiting_changes.append((t, +1))
        elif not in_waiting_room and pid in self.waiting_since:
            del self.waiting_since[pid]
            self.waiting_changes.append((t, -1))

    def patient_mark(self, pid: Any, t: int, kind: str, label: str = "") -> None:
        self.patient(pid, t)["marks"].append(Mark(t, kind, label or MARK_WORDS.get(kind, kind)))

    def serve_end(self, t: int, patient: Any = None) -> None:
        """The desk stops serving (``patient``, if given: only when that is whom it was serving)."""
        if self.serving is None or (patient is not None and self.serving[0] != str(patient)):
            return
        who, kind, since = self.serving
        self.counter.append(Span(since, max(t, since), kind, self.name(who)))
        self.serving = None

    # --- the walk ---------------------------------------------------------------------------------------

    def fact(self, f: dict[str, Any]) -> None:
        kind, t = f.get("kind"), f["t"]
        if kind not in _HANDLED:
            return
        handler = getattr(self, f"_{kind}")
        if kind.startswith(("patient_", "walk_in_", "visit_")) and not f.get("patient"):
            return  # a patient's fact without a patient: nothing to place
        if kind.startswith(("call_", "caller_", "message_taken", "voicemail_")) and kind != "call_got_busy_signal" \
                and not f.get("call"):
            return
        handler(f, t)

    def _call_rang(self, f: dict[str, Any], t: int) -> None:
        call = self.call(f)
        caller, name = f.get("caller"), f.get("name")
        if not name and caller == "patient" and f.get("about"):
            name = self.name(f.get("about"))
        call["who"] = name or ""
        who = name or _words(caller) or "caller"
        if name and caller and caller != "patient" and "(" not in name:
            who = f"{name} ({_words(caller)})"
        call["label"] = f"{who} · {_words(f.get('wants'))}" if f.get("wants") else who
        self.call_switch(f, "ringing")

    def _call_placed(self, f: dict[str, Any], t: int) -> None:
        call = self.call(f)
        call["outbound"] = True
        call["who"] = self.names.get(str(f.get("patient")), "")
        purpose = _words(f.get("purpose"))
        call["label"] = f"to {self.name(f.get('patient'))}" + (f" · {purpose}" if purpose else "")
        self.call_switch(f, "outbound" if f.get("answered") else "voicemail")

    def _call_answered(self, f: dict[str, Any], t: int) -> None:
        self.call_switch(f, "talking")

    def _call_held(self, f: dict[str, Any], t: int) -> None:
        self.call_switch(f, "hold")

    def _call_resumed(self, f: dict[str, Any], t: int) -> None:
        call = self.call(f)
        self.call_switch(f, "outbound" if call["outbound"] else "talking")

    def _call_ended(self, f: dict[str, Any], t: int) -> None:
        self.call_switch(f, None)

    def _voicemail_message_left(self, f: dict[str, Any], t: int) -> None:
        self.call_switch(f, None)

    def _call_routed(self, f: dict[str, Any], t: int) -> None:
        self.call_switch(f, None)
        self.line_mark(f, "routed", f"put through to {self._staff_name(f.get('to'))}")

    def _message_taken(self, f: dict[str, Any], t: int) -> None:
        self.call_switch(f, None)
        self.line_mark(f, "message", f"message for {self._staff_name(f.get('to'))}")

    def _staff_name(self, member: str | None) -> str:
        """A staff member's name from their id (the id itself when unknown; "staff" when none is named)."""
        return self.staff.get(member, member) if member else "staff"

    def _caller_hung_up(self, f: dict[str, Any], t: int) -> None:
        self.call_switch(f, None)
        self.line_mark(f, "hung_up", "caller hung up")

    def _call_abandoned(self, f: dict[str, Any], t: int) -> None:
        self.call_switch(f, None)
        before = "on hold" if f.get("state_before") == "on_hold" else "ringing"
        self.line_mark(f, "abandoned", f"caller gave up ({before})")

    def _voicemail_left(self, f: dict[str, Any], t: int) -> None:
        self.line_mark(f, "voicemail_left", "caller left a voicemail")

    def _call_got_busy_signal(self, f: dict[str, Any], t: int) -> None:
        who = f.get("name") or _words(f.get("caller")) or "a caller"
        self.desk_marks.append(Mark(t, "busy", f"busy signal: {who}"))

    def _patient_arrived(self, f: dict[str, Any], t: int) -> None:
        p = self.patient(f.get("patient"), t)
        appointment = f.get("appointment")
        note = (f"{appointment} appt" if appointment else "") + (", late" if f.get("late") else "")
        # A patient back for a later visit keeps one row: the note names both visits.
        p["note"] = f"{p['note']}; back for {note}" if f.get("visit") and p.get("note") else note
        self.patient_mark(f.get("patient"), t, "arrived")
        self.patient_switch(f.get("patient"), t, "counter_wait", "at the counter")

    def _walk_in_arrived(self, f: dict[str, Any], t: int) -> None:
        p = self.patient(f.get("patient"), t)
        p["note"] = f"{p['note']}; back as a walk-in" if f.get("visit") and p.get("note") else "walk-in"
        p["walk_in"] = True
        self.patient_mark(f.get("patient"), t, "arrived", "walked in")
        self.patient_switch(f.get("patient"), t, "counter_wait", "at the counter")

    def _patient_greeted(self, f: dict[str, Any], t: int) -> None:
        pid = f.get("patient")
        if self.serving is not None and self.serving[0] == str(pid):
            return  # greeted again: still the same conversation
        self.serve_end(t)
        p = self.patient(pid, t)
        if f.get("stage") == "checkout":
            counter, mine = "serving_checkout", "checkout"
        elif p["walk_in"] or f.get("mechanic") == "M12":
            counter, mine = "serving_walk_in", "triage"
        else:
            counter, mine = "serving_check_in", "check_in"
        self.serving = (str(pid), counter, t)
        self.patient_switch(pid, t, mine)

    def _patient_checked_in(self, f: dict[str, Any], t: int) -> None:
        self.serve_end(t, f.get("patient"))
        self.patient_switch(f.get("patient"), t, "waiting")

    def _walk_in_admitted(self, f: dict[str, Any], t: int) -> None:
        self._patient_checked_in(f, t)

    def _walk_in_sent_to_emergency(self, f: dict[str, Any], t: int) -> None:
        self.serve_end(t, f.get("patient"))
        self.patient_switch(f.get("patient"), t, None)
        self.patient_mark(f.get("patient"), t, "sent_to_emergency")

    def _patient_roomed(self, f: dict[str, Any], t: int) -> None:
        self.patient_switch(f.get("patient"), t, "roomed")

    def _patient_called_in(self, f: dict[str, Any], t: int) -> None:
        doctor = self.staff.get(f.get("doctor") or "", "")
        self.patient_switch(f.get("patient"), t, "with_doctor", f"with {doctor}" if doctor else "with the doctor")

    def _visit_ended(self, f: dict[str, Any], t: int) -> None:
        self.patient_switch(f.get("patient"), t, "counter_wait", "waiting to check out")

    def _patient_checked_out(self, f: dict[str, Any], t: int) -> None:
        self.serve_end(t, f.get("patient"))
        self.patient_switch(f.get("patient"), t, None)
        self.patient_mark(f.get("patient"), t, "left")

    def _patient_left_without_visit(self, f: dict[str, Any], t: int) -> None:
        self.serve_end(t, f.get("patient"))
        self.patient_switch(f.get("patient"), t, None)
        waited = f.get("waited")
        label = "walked out" + (f" after {int(waited) // 60} min" if isinstance(waited, int) else "")
        self.patient_mark(f.get("patient"), t, "walk_out", label)

    def _patient_left_before_checkout(self, f: dict[str, Any], t: int) -> None:
        self.serve_end(t, f.get("patient"))
        self.patient_switch(f.get("patient"), t, None)
        self.patient_mark(f.get("patient"), t, "left_before_checkout")

    def _desk_left(self, f: dict[str, Any], t: int) -> None:
        self._desk_returned(f, t)
        self.away = ("away_locked" if f.get("screen_locked") else "away_unlocked", t)

    def _desk_returned(self, f: dict[str, Any], t: int) -> None:
        if self.away is not None:
            kind, since = self.away
            self.desk.append(Span(since, max(t, since), kind, SPAN_WORDS[kind]))
            self.away = None

    def _screen_unlocked(self, f: dict[str, Any], t: int) -> None:
        # Unlocking while away cannot happen at a real desk, but an odd day may say so: the rest of the
        # time away counts as unlocked.
        if self.away is not None and self.away[0] == "away_locked":
            self._desk_returned(f, t)
            self.away = ("away_unlocked", t)

    def _screen_locked(self, f: dict[str, Any], t: int) -> None:
        if self.away is not None and self.away[0] == "away_unlocked":
            self._desk_returned(f, t)
            self.away = ("away_locked", t)

    # --- the end ----------------------------------------------------------------------------------------

    def close(self, end: int) -> None:
        """Close everything still open at ``end``, the day's end."""
        for call in self.calls.values():
            if call["open"] is not None:
                call["last"] = max(call["last"], end)
                kind, since = call["open"]
                self.lines[call["line"]].append(Span(since, max(end, since), kind, call["label"], open_at_end=True))
                call["open"] = None
        if self.serving is not None:
            who, kind, since = self.serving
            self.counter.append(Span(since, max(end, since), kind, self.name(who), open_at_end=True))
            self.serving = None
        for p in self.patients.values():
            if p["open"] is not None:
                kind, since, what = p["open"]
                p["spans"].append(Span(since, max(end, since), kind, what, open_at_end=True))
                p["open"] = None
        if self.away is not None:
            kind, since = self.away
            self.desk.append(Span(since, max(end, since), kind, SPAN_WORDS[kind], open_at_end=True))
            self.away = None


#: The fact kinds the layout reads, each handled by the builder's ``_<kind>`` method; other kinds are not drawn.
_HANDLED = frozenset({
    "call_rang", "call_placed", "call_answered", "call_held", "call_resumed", "call_ended", "call_routed",
    "message_taken", "voicemail_message_left", "caller_hung_up", "call_abandoned", "voicemail_left",
    "call_got_busy_signal",
    "patient_arrived", "walk_in_arrived", "patient_greeted", "patient_checked_in", "walk_in_admitted",
    "walk_in_sent_to_emergency", "patient_roomed", "patient_called_in", "visit_ended", "patient_checked_out",
    "patient_left_without_visit", "patient_left_before_checkout",
    "desk_left", "desk_returned", "screen_locked", "screen_unlocked",
})


def _steps(changes: list[tuple[int, int]], start: int) -> tuple[tuple[int, int], ...]:
    """Occupancy from ``+1``/``-1`` changes: one ``(t, level)`` per second the level changed, from ``start``."""
    out: list[tuple[int, int]] = [(start, 0)]
    level = 0
    for t, delta in sorted(changes, key=lambda c: c[0]):
        level = max(level + delta, 0)
        if out[-1][0] == t:
            out[-1] = (t, level)
        else:
            out.append((t, level))
    merged: list[tuple[int, int]] = []
    for t, n in out:
        if not merged or merged[-1][1] != n:
            merged.append((t, n))
    return tuple(merged)


def _sorted_spans(spans: Iterable[Span]) -> tuple[Span, ...]:
    return tuple(sorted(spans, key=lambda s: (s.start, s.end, s.kind, s.label)))


def _sorted_marks(marks: Iterable[Mark]) -> tuple[Mark, ...]:
    return tuple(sorted(marks, key=lambda m: (m.t, m.kind, m.label)))


def _subject_row(subject: str | None, b: _Builder, patient_rows: set[str]) -> str | None:
    """The row a subject (a call id or a patient id) names, if the day has one."""
    if not subject:
        return None
    subject = str(subject)
    if subject in b.calls:
        return f"line:{b.calls[subject]['line']}"
    if subject.startswith("line:") or subject in ("counter", "waiting", "desk"):
        return subject
    if subject in patient_rows:
        return f"patient:{subject}"
    return None


def _name_key(text: str) -> tuple[str, ...]:
    """A name as words, the way a message spells it in passing: "Maria Santos's," → ("maria", "santos")."""
    words = []
    for word in text.split():
        word = word.strip(".,;:!?()[]\"“”").lower()
        for tail in ("'s", "’s"):
            if word.endswith(tail):
                word = word[: -len(tail)]
        if word:
            words.append(word)
    return tuple(words)


def _candidates(b: _Builder, rows: Sequence[Row]) -> dict[tuple[str, ...], list[tuple[str, int, int]]]:
    """Name → the rows that name belongs to, each with when it was busy: callers, people called, patients."""
    out: dict[tuple[str, ...], list[tuple[str, int, int]]] = {}
    for call in b.calls.values():
        key = _name_key(call["who"].split(" (")[0])
        if key:
            out.setdefault(key, []).append((f"line:{call['line']}", call["first"], call["last"]))
    for row in rows:
        if row.group == "patients" and (row.spans or row.marks):
            times = [s.start for s in row.spans] + [s.end for s in row.spans] + [m.t for m in row.marks]
            key = _name_key(row.label)
            if key:
                out.setdefault(key, []).append((row.key, min(times), max(times)))
    return out


def _guess_row(t: int, message: str, b: _Builder,
               names: Mapping[tuple[str, ...], list[tuple[str, int, int]]]) -> str | None:
    """The row a finding's message points to: a call id (``C7``) or ``line N``; else the call or patient named
    in it whose row was busy nearest the finding's time (within :data:`NEAR` seconds), first named first."""
    for call_id in _CALL_ID.findall(message):
        if call_id in b.calls:
            return f"line:{b.calls[call_id]['line']}"
    for number in _LINE.findall(message):
        if int(number) in b.lines:
            return f"line:{int(number)}"
    words = _name_key(message)
    longest = max((len(k) for k in names), default=0)
    best: tuple[int, int, int, str] | None = None
    for at in range(len(words)):
        for size in range(1, min(longest, len(words) - at) + 1):
            for key, first, last in names.get(words[at: at + size], ()):
                distance = max(first - t, t - last, 0)
                if distance <= NEAR and (best is None or (distance, at, -size, key) < best):
                    best = (distance, at, -size, key)
    return best[3] if best else None


def timeline(scenario: Any, facts: Iterable[Any], findings: Sequence[Any] = (),
             subjects: Sequence[str | None] | None = None) -> Timeline:
    """Lay out the day of ``facts`` (a fact log, or fact dicts as ``--facts`` writes them) with ``findings``.

    ``subjects[i]``, when given, names what finding ``i`` is about: a call id (``C7``: its phone line), a patient
    id (that patient's row) or a row key (``counter``, ``waiting``, ``desk``, ``line:2``). Without one, a finding
    with a ``subject`` attribute uses it; else its message picks the row: a call id or ``line N``, or the name of
    a caller or patient whose row was busy near the finding's time (see :func:`_guess_row`); else the desk row.
    The markers keep the findings' order, so marker ``i`` is labelled ``i + 1``: give the findings in the order
    the debrief lists them (``Grade.findings``) and the numbers match.
    """
    plain = [_plain(f) for f in facts]
    plain = [f for f in plain if isinstance(f.get("t"), int)]
    clinic = getattr(scenario, "clinic", None)
    start = min((f["t"] for f in plain), default=int(getattr(clinic, "opens", 8 * 3600) or 0))
    ended = [f["t"] for f in plain if f.get("kind") == "day_ended"]
    end = ended[-1] if ended else max((f["t"] for f in plain), default=start)
    end = max(end, start + 60)

    b = _Builder(scenario)
    for f in plain:
        if f["t"] > end:
            continue  # nothing happens after the day ends; an odd log cannot stretch the picture
        b.fact(f)
    b.close(end)

    rows: list[Row] = []
    for n in sorted(b.lines):
        rows.append(Row(f"line:{n}", f"Line {n}", "phones", _sorted_spans(b.lines[n]),
                        _sorted_marks(b.line_marks.get(n, ()))))
    rows.append(Row("counter", "Counter", "desk", _sorted_spans(b.counter)))
    steps = _steps(b.waiting_changes, start)
    peak = max((n for _, n in steps), default=0)
    rows.append(Row("waiting", "Waiting room", "desk", steps=steps, note=f"up to {peak}"))
    rows.append(Row("desk", "Desk & other", "desk", _sorted_spans(b.desk), _sorted_marks(b.desk_marks)))
    order = sorted(b.patients.items(), key=lambda kv: (kv[1]["first"], kv[0]))
    for pid, p in order:
        rows.append(Row(f"patient:{pid}", b.name(pid), "patients", _sorted_spans(p["spans"]),
                        _sorted_marks(p["marks"]), note=p["note"]))

    patient_rows = set(b.patients)
    names = _candidates(b, rows) if findings else {}
    markers: list[Marker] = []
    for i, finding in enumerate(findings):
        subject = subjects[i] if subjects is not None and i < len(subjects) else None
        subject = subject or getattr(finding, "subject", None)
        message = str(getattr(finding, "message", "") or "")
        t = getattr(finding, "t", start)
        t = min(max(int(t) if isinstance(t, (int, float)) else start, start), end)
        row = _subject_row(subject, b, patient_rows) or _guess_row(t, message, b, names) or "desk"
        markers.append(Marker(t, str(getattr(finding, "severity", "error")), str(i + 1), i, row, message))

    title = str(getattr(scenario, "title", "") or "")
    return Timeline(start, end, tuple(rows), tuple(markers), title)
