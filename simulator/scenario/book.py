"""The appointment book on later days: its grid of slots, the free ones, and whether an away day can be cleared.

Mass rescheduling (M11) asks the trainee to move everyone booked with a doctor on a day the doctor will be away.
That only teaches something when it can be done, so this module searches for a full rebooking: the validator
uses it to tell an instructor when a scenario asks the impossible, and a bot can follow the plan it returns.

Times are seconds since midnight, as everywhere in a scenario; visit lengths are minutes, as the scenario writes
them. Nothing here reads a file, the clock or a random number: the same scenario always gives the same plan.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable, Iterator

from .models import WEEKDAYS, AwayDay, AwayDayEvent, Booking, Clinic, Patient, Scenario
from .times import format_clock

__all__ = [
    "availability_text",
    "Book",
    "Rebooking",
    "SEARCH_BUDGET",
    "Taken",
    "free_starts",
    "grid_starts",
    "patient_available",
    "rebooking_plan",
    "slot_refusal",
    "taken_from_scenario",
]

Taken = tuple[str, str, int, int]
"""One booked visit: ``(date ISO, doctor id, start in seconds since midnight, length in minutes)``."""

#: How many placements the rebooking search may try before it gives up. Real books are settled in a few dozen;
#: the budget only bounds pathological ones, so that validating a scenario stays quick (well under a second).
SEARCH_BUDGET = 200_000


def _day(day: dt.date | str) -> dt.date:
    return dt.date.fromisoformat(day) if isinstance(day, str) else day


def _iso(day: dt.date | str) -> str:
    return day if isinstance(day, str) else day.isoformat()


def _overlaps_lunch(clinic: Clinic, start: int, seconds: int) -> bool:
    lunch = clinic.lunch
    return lunch is not None and start < lunch.until and lunch.from_ < start + seconds


def slot_refusal(scenario: Scenario, day: dt.date, start: int, minutes: int) -> str | None:
    """Why the clinic's book cannot hold a visit of ``minutes`` at ``start`` on ``day``, in words; ``None`` when
    it can.

    These are the clinic's rules, the one set the engine's book, the validator's proof and the bots all use: a
    day the clinic opens; a start on the book's grid (from opening, every ``clinic.slot_minutes``); the whole
    visit before closing; and none of it in lunch. A 15-minute visit at 12:00 fits before a 12:15 lunch even on a
    30-minute grid. Whose book it is (the doctor, their away days, their other visits) is the caller's part.
    """
    c = scenario.clinic
    if WEEKDAYS[day.weekday()] not in c.days:
        return f"The clinic is closed on {day.strftime('%A')}s."
    step = c.slot_minutes * 60
    if start < c.opens or start >= c.closes or (start - c.opens) % step:
        return (f"Appointments start on the book's {c.slot_minutes}-minute grid from {format_clock(c.opens)}; "
                f"{format_clock(start)} is not one of its times.")
    end = start + minutes * 60
    if end > c.closes:
        return f"A {minutes}-minute visit at {format_clock(start)} would run past closing ({format_clock(c.closes)})."
    if c.lunch is not None and _overlaps_lunch(c, start, minutes * 60):
        return f"That visit would run into lunch ({format_clock(c.lunch.from_)}–{format_clock(c.lunch.until)})."
    return None


def grid_starts(scenario: Scenario, day: dt.date) -> list[int]:
    """Start times (seconds since midnight) of the book's slots on ``day``.

    The grid runs from opening in steps of ``clinic.slot_minutes`` until closing, and leaves out the times that
    fall in lunch. A day the clinic is closed (``clinic.days``) has no slots. Whether a visit of a given length
    fits at one of them is :func:`slot_refusal`'s answer.
    """
    clinic = scenario.clinic
    if WEEKDAYS[day.weekday()] not in clinic.days:
        return []
    step = clinic.slot_minutes * 60
    return [start for start in range(clinic.opens, clinic.closes, step) if not _overlaps_lunch(clinic, start, 1)]


class Book:
    """The booked visits on later days, indexed by (date, doctor), and the free places between them.

    Built from :data:`Taken` entries (see :func:`taken_from_scenario`); :meth:`add` and :meth:`remove` keep it
    up to date as visits are moved. Two booked visits may overlap (a double booking the validator reports
    elsewhere); the book still answers correctly around them.
    """

    def __init__(self, scenario: Scenario, taken: Iterable[Taken] = ()):
        self.scenario = scenario
        # (date ISO, doctor) -> (start, end) in seconds, sorted; kept sorted so merging needs no sort.
        self._visits: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
        # The same visits merged into disjoint busy stretches (starts, ends), built when first asked for:
        # disjoint and sorted, so one bisection answers "does this overlap anything?".
        self._busy: dict[tuple[str, str], tuple[list[int], list[int]]] = {}
        self._grids: dict[dt.date, list[int]] = {}
        for entry in taken:
            self.add(*entry)

    def copy(self) -> Book:
        """A separate book with the same visits, to try moves in without changing this one."""
        other = Book(self.scenario)
        for key, visits in self._visits.items():
            other._visits[key] = list(visits)
        return other

    def entries(self) -> Iterator[Taken]:
        """Every booked visit, as :data:`Taken` entries, by date, doctor and time."""
        for (day, doctor), visits in sorted(self._visits.items()):
            for start, end in visits:
                yield day, doctor, start, (end - start) // 60

    def add(self, day: dt.date | str, doctor: str, start: int, minutes: int) -> None:
        """Book a visit: the same four values as a :data:`Taken` entry (the day as a date or ISO text)."""
        key = (_iso(day), doctor)
        bisect.insort(self._visits[key], (start, start + minutes * 60))
        self._busy.pop(key, None)

    def remove(self, day: dt.date | str, doctor: str, start: int, minutes: int) -> None:
        """Take a booked visit out of the book; ``KeyError`` when no such visit is booked."""
        key = (_iso(day), doctor)
        visits = self._visits.get(key, [])
        visit = (start, start + minutes * 60)
        at = bisect.bisect_left(visits, visit)
        if at == len(visits) or visits[at] != visit:
            raise KeyError((key[0], doctor, start, minutes))
        del visits[at]
        self._busy.pop(key, None)

    def _busy_stretches(self, key: tuple[str, str]) -> tuple[list[int], list[int]]:
        busy = self._busy.get(key)
        if busy is None:
            starts: list[int] = []
            ends: list[int] = []
            for start, end in self._visits.get(key, ()):
                if ends and start < ends[-1]:
                    ends[-1] = max(ends[-1], end)
                else:
                    starts.append(start)
                    ends.append(end)
            busy = self._busy[key] = (starts, ends)
        return busy

    def overlaps(self, doctor: str, day: dt.date | str, start: int, minutes: int) -> bool:
        """True when a visit of ``minutes`` at ``start`` would overlap one already booked with ``doctor`` that day.

        Only booked visits count here: opening hours and lunch are :meth:`free_starts`'s business.
        """
        starts, ends = self._busy_stretches((_iso(day), doctor))
        # The last stretch starting before the visit ends is the only one that can reach into it.
        at = bisect.bisect_left(starts, start + minutes * 60) - 1
        return at >= 0 and ends[at] > start

    def free_starts(self, doctor: str, day: dt.date | str, minutes: int) -> list[int]:
        """Grid starts on ``day`` where a visit of ``minutes`` with ``doctor`` fits.

        It must end by closing, stay clear of lunch and overlap no booked visit of that doctor that day.
        """
        day = _day(day)
        grid = self._grids.get(day)
        if grid is None:
            grid = self._grids[day] = grid_starts(self.scenario, day)
        seconds = minutes * 60
        starts, ends = self._busy_stretches((day.isoformat(), doctor))
        free = []
        for start in grid:
            if slot_refusal(self.scenario, day, start, minutes) is not None:
                continue
            at = bisect.bisect_left(starts, start + seconds) - 1
            if at < 0 or ends[at] <= start:
                free.append(start)
        return free


def free_starts(scenario: Scenario, taken: Iterable[Taken], doctor: str, day: dt.date, minutes: int) -> list[int]:
    """Grid starts on ``day`` where a visit of ``minutes`` with ``doctor`` fits around the ``taken`` visits.

    A one-off convenience; to ask many times, build a :class:`Book` once and ask it.
    """
    return Book(scenario, taken).free_starts(doctor, day, minutes)


def patient_available(patient: Patient | None, day: dt.date, start: int, minutes: int) -> bool:
    """True when a visit of ``minutes`` at ``start`` on ``day`` suits the patient's stated availability.

    A patient who states none (or is unknown: ``None``) can come any time; each part of ``available`` that is
    left out (days, from, until) restricts nothing.
    """
    when = patient.available if patient is not None else None
    if when is None:
        return True
    if when.days is not None and WEEKDAYS[day.weekday()] not in when.days:
        return False
    if when.from_ is not None and start < when.from_:
        return False
    return when.until is None or start + minutes * 60 <= when.until


def availability_text(patient: Patient | None) -> str | None:
    """When ``patient`` said they can come, as the desk reads it ("mon, wed from 09:00 until 12:00"); ``None``
    when they stated no limit."""
    when = patient.available if patient is not None else None
    if when is None:
        return None
    parts = [", ".join(when.days)] if when.days is not None else []
    if when.from_ is not None:
        parts.append(f"from {format_clock(when.from_)}")
    if when.until is not None:
        parts.append(f"until {format_clock(when.until)}")
    return " ".join(parts) or None


def taken_from_scenario(scenario: Scenario) -> list[Taken]:
    """Every booking in ``scenario.bookings`` as a :data:`Taken` entry, in the file's order."""
    return [(b.date.isoformat(), b.with_, b.at, scenario.visit_length(b)) for b in scenario.bookings]


@dataclass(frozen=True)
class Rebooking:
    """The answer to "can everyone booked on this away day be moved?".

    ``solvable`` is True with a full plan in ``moves``, False when no full rebooking exists (``problem`` says
    why, for an instructor), and None when the search gave up before it could tell. Each move is
    ``(index into scenario.bookings, new date ISO, new start in seconds)``, ordered by index.
    """

    solvable: bool | None
    moves: tuple[tuple[int, str, int], ...]
    problem: str


class _GaveUpError(Exception):
    pass


@dataclass
class _Visit:
    """One booking to move, with every place it could go (before the other moves are made)."""

    index: int
    booking: Booking
    patient: Patient | None
    seconds: int
    last_day: dt.date
    places: list[tuple[int, int]]  # (date ordinal, start), in time order
    # Stage by stage, so a booking with nowhere to go can be explained: free in the book, and suiting the
    # patient's availability.
    free_in_book: int = 0
    suits_patient: int = 0


def rebooking_plan(
    scenario: Scenario, away: AwayDay, book: Book | None = None, budget: int = SEARCH_BUDGET
) -> Rebooking:
    """Find places for every visit booked with ``away.doctor`` on ``away.date``, or show there are none.

    Each visit moves to a later day within ``away.within`` days (an urgent one within the clinic's
    ``guidelines.urgent_rebook_within``), never to another away day of that doctor, with the same doctor, at a
    free grid start for its length, inside the patient's availability and clear of the patient's visits with
    other doctors. ``book`` is the book to fit them into (default: the scenario's bookings); it is not changed.

    Impossibility is proved cheaply first where it can be (a visit with no place at all; fewer free slots, or
    free stretches long enough, than the visits need, by matching bounds), then an exact search decides,
    placing the most constrained visit first (urgent first on ties) into its earliest place, and giving up
    after ``budget`` placements. Expects a scenario whose bookings have known visit types.
    """
    bookings = scenario.bookings
    moving = [i for i, b in enumerate(bookings) if b.with_ == away.doctor and b.date == away.date]
    if not moving:
        return Rebooking(True, (), "")
    book = Book(scenario, taken_from_scenario(scenario)) if book is None else book.copy()
    for i in moving:  # the visits being moved free their old places
        try:
            book.remove(away.date, away.doctor, bookings[i].at, scenario.visit_length(bookings[i]))
        except KeyError:
            pass  # a live book may have dropped it already
    visits = _places(scenario, away, book, moving)
    empty = [v for v in visits if not v.places]
    if empty:
        return Rebooking(False, (), _prefix(scenario, away) + _nowhere(scenario, away, empty))
    short = _matching_bound(scenario, away, visits)
    if short:
        return Rebooking(False, (), _prefix(scenario, away) + short)
    try:
        plan, hardest = _search(visits, budget)
    except _GaveUpError:
        return Rebooking(None, (), (
            f"cannot tell whether everyone booked with {_doctor(scenario, away)} on {away.date} can be rebooked: "
            f"the search gave up after {budget:,} tries; leave more free slots (or a longer `within`) so it is clear"
        ))
    if plan is None:
        v = visits[hardest]
        return Rebooking(False, (), _prefix(scenario, away) + (
            f"the free slots by {_last_day(visits).isoformat()} cannot hold all {len(visits)} visits at once, "
            f"however they are arranged (the one most often left without a place: {_describe(scenario, v)})"
        ))
    moves = tuple(sorted((visits[k].index, dt.date.fromordinal(place[0]).isoformat(), place[1])
                         for k, place in enumerate(plan)))
    return Rebooking(True, moves, "")


def _places(scenario: Scenario, away: AwayDay, book: Book, moving: list[int]) -> list[_Visit]:
    """Each moving visit with every place it could take, ignoring the other moves."""
    away_days = {away.date} | {
        e.away_day.date for e in scenario.events if isinstance(e, AwayDayEvent) and e.away_day.doctor == away.doctor
    }
    urgent_last = away.date + dt.timedelta(days=min(away.within, scenario.clinic.guidelines.urgent_rebook_within))
    days = [d for d in (away.date + dt.timedelta(days=k) for k in range(1, away.within + 1)) if d not in away_days]
    # A patient cannot be in two rooms at once: their visits with other doctors stay where they are.
    elsewhere: dict[tuple[dt.date, str], list[tuple[int, int]]] = defaultdict(list)
    moving_set = set(moving)
    for i, b in enumerate(scenario.bookings):
        if i not in moving_set and b.with_ != away.doctor and b.type in scenario.clinic.visit_types:
            elsewhere[(b.date, b.patient)].append((b.at, b.at + scenario.visit_length(b) * 60))
    free: dict[tuple[dt.date, int], list[int]] = {}  # many visits share a length: ask the book once per length
    visits = []
    for i in moving:
        b = scenario.bookings[i]
        minutes = scenario.visit_length(b)
        try:
            patient: Patient | None = scenario.patient(b.patient)
        except KeyError:
            patient = None  # an unknown patient is reported elsewhere; here they can come any time
        last = urgent_last if b.urgent else away.date + dt.timedelta(days=away.within)
        v = _Visit(i, b, patient, minutes * 60, last, [])
        for day in days:
            if day > last:
                break
            if (day, minutes) not in free:
                free[(day, minutes)] = book.free_starts(away.doctor, day, minutes)
            for start in free[(day, minutes)]:
                v.free_in_book += 1
                if not patient_available(patient, day, start, minutes):
                    continue
                v.suits_patient += 1
                end = start + v.seconds
                if not any(s < end and start < e for s, e in elsewhere.get((day, b.patient), ())):
                    v.places.append((day.toordinal(), start))
        visits.append(v)
    return visits


def _doctor(scenario: Scenario, away: AwayDay) -> str:
    try:
        return scenario.staff_member(away.doctor).name
    except KeyError:
        return away.doctor


def _prefix(scenario: Scenario, away: AwayDay) -> str:
    return f"no full rebooking exists for {_doctor(scenario, away)}'s away day on {away.date}: "


def _describe(scenario: Scenario, v: _Visit) -> str:
    """``p05 (urgent, follow_up, 15 min)``."""
    urgent = "urgent, " if v.booking.urgent else ""
    return f"{v.booking.patient} ({urgent}{v.booking.type}, {v.seconds // 60} min)"


def _window(away: AwayDay, last: dt.date) -> str:
    days = (last - away.date).days
    return f"within {days} day{'s' if days != 1 else ''} (by {last})"


def _availability(patient: Patient | None) -> str:
    when = patient.available if patient is not None else None
    if when is None:
        return "any time"
    parts = [", ".join(when.days) if when.days is not None else "any day"]
    if when.from_ is not None:
        parts.append(f"from {format_clock(when.from_)}")
    if when.until is not None:
        parts.append(f"until {format_clock(when.until)}")
    return ", ".join(parts)


def _nowhere(scenario: Scenario, away: AwayDay, empty: list[_Visit]) -> str:
    """Why the first visit with no place at all has none, naming any others in the same plight."""
    v = empty[0]
    said = f"{_describe(scenario, v)} has no free slot {_window(away, v.last_day)}"
    if v.free_in_book and not v.suits_patient:
        said += f" that suits their availability ({_availability(v.patient)})"
    elif v.suits_patient:
        said += " that suits their availability and misses their visits with other doctors"
    others = [w.booking.patient for w in empty[1:]]
    if others:
        said += f"; nor {'do' if len(others) > 1 else 'does'} {_names(others)}"
    return said


def _names(ids: list[str], most: int = 6) -> str:
    if len(ids) > most:
        return ", ".join(ids[:most]) + f" and {len(ids) - most} more"
    return ids[0] if len(ids) == 1 else ", ".join(ids[:-1]) + " and " + ids[-1]


def _last_day(visits: list[_Visit]) -> dt.date:
    return max(v.last_day for v in visits)


def _matching_bound(scenario: Scenario, away: AwayDay, visits: list[_Visit]) -> str:
    """A reason there are too few free slots for the visits, or ``""`` when these bounds cannot tell.

    Cut each day into the grid's cells. A visit of L minutes at a grid start covers ceil(L / slot) cells, and
    visits that do not overlap cover different cells. Two relaxations of a full rebooking follow, each a
    bipartite matching; when the largest matching falls short, the visits it could not serve and those
    competing with them (Hall's witness) are named.

    1. Cells: every visit gets that many cells of its own, among the cells its places cover.
    2. Stretches: a stretch of c free cells in a row holds at most c // t visits that need t cells or more, so
       for each such t, those visits are matched to the room the stretches they can reach offer. This catches
       the commonest shape problem, 30-minute visits left with 45-minute gaps.
    """
    clinic = scenario.clinic
    step = clinic.slot_minutes * 60
    need = [-(-v.seconds // step) for v in visits]
    cells: list[set[tuple[int, int]]] = []
    for v in visits:
        covered: set[tuple[int, int]] = set()
        for day, start in v.places:
            first = (start - clinic.opens) // step
            last = (start + v.seconds - 1 - clinic.opens) // step
            covered.update((day, cell) for cell in range(first, last + 1))
        cells.append(covered)

    cell_ids: dict[tuple[int, int], int] = {}
    owner: list[int] = []  # left vertex -> visit
    adjacency: list[list[int]] = []
    for k, covered in enumerate(cells):
        reach = sorted(cell_ids.setdefault(cell, len(cell_ids)) for cell in covered)
        for _ in range(need[k]):
            owner.append(k)
            adjacency.append(reach)  # the copies of one visit are alike: share the list
    crowd, room = _shortfall(adjacency, len(cell_ids))
    if crowd:
        # Every copy of a visit in the crowd is in it too (the copies are alike), so its needs are all counted.
        who = sorted({owner[u] for u in crowd})
        return (
            f"{_crowd(scenario, visits, who)} need {sum(need[k] for k in who)} {clinic.slot_minutes}-minute slots "
            f"between them, but only {room} {'is' if room == 1 else 'are'} free "
            f"{_window(away, max(visits[k].last_day for k in who))} at times that suit them"
        )

    for t in sorted({n for n in need if n > 1}):
        longer = [k for k in range(len(visits)) if need[k] >= t]
        # The stretches: runs of consecutive cells on a day, among the cells these visits could use.
        stretch_of: dict[tuple[int, int], int] = {}
        sizes: list[int] = []
        for day, cell in sorted(set().union(*(cells[k] for k in longer))):
            if (day, cell - 1) in stretch_of:
                stretch_of[(day, cell)] = stretch_of[(day, cell - 1)]
                sizes[-1] += 1
            else:
                stretch_of[(day, cell)] = len(sizes)
                sizes.append(1)
        first_room = [0]
        for size in sizes:
            first_room.append(first_room[-1] + size // t)
        adjacency = []
        for k in longer:
            stretches = sorted({stretch_of[cell] for cell in cells[k]})
            adjacency.append([r for x in stretches for r in range(first_room[x], first_room[x + 1])])
        crowd, room = _shortfall(adjacency, first_room[-1])
        if crowd:
            who = sorted(longer[u] for u in crowd)
            return (
                f"{_crowd(scenario, visits, who)} need {t} slots in a row each, but the free stretches "
                f"{_window(away, max(visits[k].last_day for k in who))} hold only {room} such "
                f"visit{'s' if room != 1 else ''} at times that suit them"
            )
    return ""


def _crowd(scenario: Scenario, visits: list[_Visit], who: list[int]) -> str:
    if len(who) == len(visits):
        return f"the {len(visits)} visits to move"
    return _names([_describe(scenario, visits[k]) for k in who])


def _shortfall(adjacency: list[list[int]], rights: int) -> tuple[set[int], int]:
    """Hall's witness when no matching serves every left vertex: (left vertices, how many right ones they reach).

    Empty when every left vertex can be matched. The witness is everything reachable along alternating paths
    from the left vertices a largest matching leaves out; they reach fewer right vertices than they number.
    """
    match_left, match_right = _max_matching(adjacency, rights)
    seen_left = {u for u, m in enumerate(match_left) if m == -1}
    if not seen_left:
        return set(), 0
    seen_right: set[int] = set()
    queue = list(seen_left)
    while queue:
        u = queue.pop()
        for v in adjacency[u]:
            if v not in seen_right:
                seen_right.add(v)
                w = match_right[v]
                if w != -1 and w not in seen_left:
                    seen_left.add(w)
                    queue.append(w)
    return seen_left, len(seen_right)


def _max_matching(adjacency: list[list[int]], rights: int) -> tuple[list[int], list[int]]:
    """Hopcroft–Karp: a largest matching of left vertices to right ones; -1 marks the unmatched."""
    match_left = [-1] * len(adjacency)
    match_right = [-1] * rights
    while True:
        # Layer the left vertices by their distance from the unmatched ones along alternating paths.
        layer = [-1] * len(adjacency)
        queue = [u for u, m in enumerate(match_left) if m == -1]
        for u in queue:
            layer[u] = 0
        reachable_free = False
        for u in queue:  # the queue grows as it is read
            for v in adjacency[u]:
                w = match_right[v]
                if w == -1:
                    reachable_free = True
                elif layer[w] == -1:
                    layer[w] = layer[u] + 1
                    queue.append(w)
        if not reachable_free:
            return match_left, match_right
        # Augment along layered paths, depth first without recursion (a big book would exceed Python's stack).
        tried = [0] * len(adjacency)
        for root in range(len(adjacency)):
            if match_left[root] != -1:
                continue
            stack = [root]
            while stack:
                u = stack[-1]
                if tried[u] == len(adjacency[u]):
                    layer[u] = -1  # a dead end for this phase
                    stack.pop()
                    continue
                v = adjacency[u][tried[u]]
                tried[u] += 1
                w = match_right[v]
                if w == -1:
                    for x in stack:  # each vertex on the path takes the cell it stepped through
                        cell = adjacency[x][tried[x] - 1]
                        match_left[x] = cell
                        match_right[cell] = x
                    break
                if layer[w] == layer[u] + 1:
                    stack.append(w)


def _search(visits: list[_Visit], budget: int) -> tuple[list[tuple[int, int]] | None, int]:
    """Exact backtracking; returns (a place per visit, or None) and the visit that most often had nowhere to go.

    Visits with the same length and the same places (most of a book: patients free any time) form a group
    and share one row of counts: for each place, how many placed visits block it. The rows are updated as
    visits are placed and taken back, so the number of places still open is always known, and the visit with
    fewest goes next. Members of a group are interchangeable, so they are placed in a fixed order at rising
    places: that cuts the orderings of each group from the search without losing any plan.
    """
    n = len(visits)
    kinds: dict[tuple[object, ...], int] = {}
    group = [kinds.setdefault((v.seconds, tuple(v.places)), len(kinds)) for v in visits]
    members: list[list[int]] = [[] for _ in kinds]
    # Urgent members first, so the order within a group agrees with the order the search prefers.
    for k in sorted(range(n), key=lambda k: (not visits[k].booking.urgent, k)):
        members[group[k]].append(k)
    previous: list[int | None] = [None] * n
    for row in members:
        for before, k in zip(row, row[1:], strict=False):
            previous[k] = before
    first_of = [members[g][0] for g in range(len(kinds))]
    seconds = [visits[first_of[g]].seconds for g in range(len(kinds))]
    places = [visits[first_of[g]].places for g in range(len(kinds))]
    # Per group: for each day, where its places that day begin in its list, and their starts.
    by_day: list[dict[int, tuple[int, list[int]]]] = []
    users: dict[int, list[int]] = defaultdict(list)  # day -> the groups with places that day
    for g in range(len(kinds)):
        days: dict[int, tuple[int, list[int]]] = {}
        for position, (day, start) in enumerate(places[g]):
            if day not in days:
                days[day] = (position, [])
                users[day].append(g)
            days[day][1].append(start)
        by_day.append(days)
    blocked = [[0] * len(p) for p in places]
    open_count = [len(p) for p in places]
    chosen = [-1] * n
    unplaced = list(range(n))
    stuck = [0] * n
    tries = 0

    def block(g: int, position: int, delta: int) -> None:
        day, start = places[g][position]
        end = start + seconds[g]
        for other in users[day]:
            first, starts = by_day[other][day]
            low = bisect.bisect_right(starts, start - seconds[other])  # its starts that overlap [start, end)
            high = bisect.bisect_left(starts, end)
            row = blocked[other]
            for p in range(first + low, first + high):
                row[p] += delta
                if delta > 0 and row[p] == 1:
                    open_count[other] -= 1
                elif delta < 0 and row[p] == 0:
                    open_count[other] += 1

    def solve() -> bool:
        nonlocal tries
        if not unplaced:
            return True
        k = min(unplaced, key=lambda u: (open_count[group[u]], not visits[u].booking.urgent, u))
        g = group[k]
        if open_count[g] == 0:
            stuck[k] += 1
            return False
        unplaced.remove(k)
        before = previous[k]
        row = blocked[g]
        for position in range(chosen[before] + 1 if before is not None else 0, len(row)):
            if row[position]:
                continue
            tries += 1
            if tries > budget:
                raise _GaveUpError
            chosen[k] = position
            block(g, position, 1)
            if solve():
                return True
            block(g, position, -1)
        chosen[k] = -1
        unplaced.append(k)
        return False

    solved = solve()
    hardest = max(range(n), key=lambda k: (stuck[k], visits[k].booking.urgent, -k))
    if not solved:
        return None, hardest
    return [places[group[k]][chosen[k]] for k in range(n)], hardest
