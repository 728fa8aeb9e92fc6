"""The phones of a generated day: when calls come, who makes them, and what each caller says.

Calls arrive as a Poisson process per open hour around a rate set by the difficulty, the clinic's size and kind,
shaped like a real desk's day: a burst at opening and after lunch, a lull over lunch and late in the afternoon. The
day itself is busier or quieter than average (a drawn factor), so no two seeds ring the same number of times.

Each call then needs a caller who could make it: a patient (or a parent, for a young child) who is not in the
clinic at that moment, has not been sent to emergency, and has not already been in touch today; or a provider —
a pharmacist, an emergency nurse, a physician, the lab — calling about a patient for their own reason. When
nobody fits, the call does not happen: a small panel rings less.
"""

from __future__ import annotations

import bisect
import math
import random

__all__ = ["HOURLY_SHAPE", "call_times", "poisson"]

#: How long a call keeps a line busy, for telling whether a new caller gets through.
_LINE_BUSY = 4 * 60
#: How busy each hour of the day is compared with the day's average (by the hour it starts).
HOURLY_SHAPE: dict[int, float] = {7: 1.5, 8: 1.7, 9: 1.3, 10: 1.0, 11: 0.85, 12: 0.5, 13: 1.35, 14: 1.0, 15: 0.85,
                                  16: 0.7, 17: 0.6, 18: 0.5, 19: 0.4}


def poisson(rng: random.Random, mean: float) -> int:
    """A Poisson-distributed count with ``mean`` (Knuth's method: exact and cheap for a desk's small means)."""
    if mean <= 0:
        return 0
    limit, k, p = math.exp(-mean), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def call_times(rng: random.Random, opens: int, closes: int, per_hour: float, lines: int = 3) -> list[int]:
    """When the phone rings today: for each open hour, a Poisson count around ``per_hour`` times the hour's shape
    and the day's own factor, at whole minutes spread through the hour; in time order.

    A caller who would find every line busy (``lines`` calls already begun in the last few minutes) hears a busy
    signal and tries again some minutes later, as people do; one who cannot get through before closing gives up.
    """
    day_factor = rng.lognormvariate(0, 0.22)
    wanted: list[int] = []
    for start in range(opens, closes, 3600):
        span = min(3600, closes - start)
        if span < 120:
            break
        mean = per_hour * day_factor * HOURLY_SHAPE.get(start // 3600, 1.0) * span / 3600
        wanted.extend(start + 60 * rng.randint(0, span // 60 - 2) for _ in range(poisson(rng, mean)))
    placed: list[int] = []
    for t in sorted(wanted):
        while sum(1 for a in placed if abs(t - a) < _LINE_BUSY) >= lines:
            t += 60 * rng.randint(4, 9)
        if t < closes - 120:
            bisect.insort(placed, t)
    return placed
