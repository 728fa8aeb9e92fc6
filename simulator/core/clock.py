"""The event queue: what happens next, in a repeatable order.

Every pending happening of the day sits here as a :class:`Scheduled` entry ordered by
``(time, priority, sequence)``. Time is an integer second since midnight; the priority orders things that happen
in the same second (see :class:`Priority`); the sequence number, given out in push order, breaks the last ties,
so the same pushes always pop in the same order on every machine.

Cancelling is lazy: a cancelled entry stays in the heap and is skipped when it reaches the top, which keeps
rescheduling (a caller put on hold, a patient told about the delay) cheap.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

__all__ = ["Priority", "Scheduled", "EventQueue"]


class Priority(IntEnum):
    """The order of things that fall in the same second, lowest first.

    1. ``FINISH``: things that end (a visit, a lab's turnaround) free people and slots first;
    2. ``SCENARIO``: the scenario's own events (arrivals, calls, documents), in file order;
    3. ``TIMEOUT``: patience running out (a caller hangs up, a patient walks out), after anything that could
       still have kept them;
    4. ``DISPATCH``: staff pick up the next piece of work (the doctor calls the next patient in), once the
       second's other changes are known.

    A trainee's action stamped with second ``t`` is applied after every event of second ``t``.
    """

    FINISH = 10
    SCENARIO = 20
    TIMEOUT = 30
    DISPATCH = 40


@dataclass(order=True, frozen=True)
class Scheduled:
    """One pending entry: at ``time``, of ``kind``, with a ``payload`` the engine reads."""

    time: int
    priority: int
    sequence: int
    kind: str = field(compare=False)
    payload: Any = field(compare=False, default=None)


class EventQueue:
    """A heap of :class:`Scheduled` entries with lazy cancellation."""

    def __init__(self) -> None:
        self._heap: list[Scheduled] = []
        self._cancelled: set[int] = set()
        self._sequence = 0

    def push(self, time: int, priority: Priority, kind: str, payload: Any = None) -> Scheduled:
        """Schedule ``kind`` at ``time``; returns the entry, whose ``sequence`` can cancel it."""
        entry = Scheduled(int(time), int(priority), self._sequence, kind, payload)
        self._sequence += 1
        heapq.heappush(self._heap, entry)
        return entry

    def cancel(self, entry: Scheduled | None) -> None:
        """Forget ``entry`` (``None`` is ignored, so callers can cancel what may not exist)."""
        if entry is not None:
            self._cancelled.add(entry.sequence)

    def _drop_cancelled(self) -> None:
        while self._heap and self._heap[0].sequence in self._cancelled:
            self._cancelled.discard(heapq.heappop(self._heap).sequence)

    def peek_time(self) -> int | None:
        """The time of the next live entry, or ``None`` when nothing is pending."""
        self._drop_cancelled()
        return self._heap[0].time if self._heap else None

    def pop(self) -> Scheduled:
        """Remove and return the next live entry. Raises ``IndexError`` when nothing is pending."""
        self._drop_cancelled()
        entry = heapq.heappop(self._heap)
        self._cancelled.discard(entry.sequence)  # cancelling an entry being handled must not linger
        return entry

    def __len__(self) -> int:
        return sum(1 for e in self._heap if e.sequence not in self._cancelled)
