"""Signals that a replay may not be a student's own day: it matches a shipped bot's day on the same scenario and
seed (DESIGN's academic integrity; a signal for the instructor, not a proof).

A bot plays the same day the same way to the second. A student's day, even a good one, chooses much as the
expert does but never at the same seconds: measured on the shipped days, another day matches the expert's in at
most 11% of its actions (action, fields and second alike), a copy in 100%. A copy shifted in time keeps the bot's
intervals between actions, so days are also compared action by action with the seconds since the action before:
there the novice's day matches the expert's in at most 30% (phone-storm), the expert's day on another seed in at
most 35%, the random trainee's in 1%, a shifted copy in all but its first action. A day with at least
:data:`BOT_MATCH_THRESHOLD` of its actions identical to a bot's, either way, is flagged. A forger who moves each
action by a different amount escapes both; that is why it is only one signal among several.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections import Counter
from pathlib import Path
from typing import Hashable, Iterable, NamedTuple, Sequence

from frontdesk.simulator.core.actions import Action
from frontdesk.simulator.files import write_atomic
from frontdesk.simulator.replay import MAX_PACE, HumanTrace, Replay
from frontdesk.simulator.scenario.loader import cache_dir
from frontdesk.simulator.scenario.models import Scenario
from frontdesk.simulator.scenario.summary import scenario_digest

__all__ = ["BOT_MATCH_THRESHOLD", "HUMAN_MEDIAN_GAP", "MATCHED_BOTS", "SIMILAR_THRESHOLD", "BotMatch", "bot_mark", "bot_match",
           "fingerprint", "gap_signatures", "signatures", "similar_pairs", "trace_flags"]

#: The share of a replay's actions identical to a bot's day (type, fields and simulated second) that flags it.
BOT_MATCH_THRESHOLD = 0.5
#: The shipped bots whose days a replay is compared with (the random bot's day is nothing to copy).
MATCHED_BOTS = ("expert", "novice")
#: A day of fewer actions says too little to be compared.
_MIN_ACTIONS = 5


def signatures(actions: Iterable[Action]) -> tuple[str, ...]:
    """A day's actions as comparable strings: each action's type, second and fields."""
    return tuple(_signature(a) for a in actions)


def fingerprint(day: Iterable[str]) -> tuple[int, ...]:
    """A day's :func:`signatures` as 64-bit digests: the same comparisons at a fraction of the size."""
    return tuple(int.from_bytes(hashlib.blake2b(s.encode(), digest_size=8).digest(), "big") for s in day)


def bot_mark(bot: str) -> str:
    """What a replay's ``bot`` key says, as the end of a sentence about the day ("this day …")."""
    return "is marked as a bot's day" if bot == "unnamed" else f"was played by the {bot} bot"


class BotMatch(NamedTuple):
    """A replay found to copy a bot's day: which bot, the share of the replay's actions identical to its day, and
    whether the copy was shifted in time (the same actions at the same intervals, not at the same seconds)."""

    bot: str
    share: float
    shifted: bool = False

    def describe(self) -> str:
        """The finding in words, for the instructor."""
        if self.shifted:
            return (f"matches the {self.bot} bot's day with its times shifted ({self.share:.0%} of actions identical, "
                    "at the same intervals)")
        return f"matches the {self.bot} bot's day ({self.share:.0%} of actions identical)"


def gap_signatures(actions: Sequence[Action], at: Sequence[str] | None = None) -> tuple[str, ...]:
    """A day's actions as comparable strings that survive a shift in time: each action's type and fields, and the
    seconds since the action before it (``at``: their :func:`signatures`, when already made)."""
    return _gaps(actions, signatures(actions) if at is None else at)


def _gaps(actions: Sequence[Action], at: Sequence[str]) -> tuple[str, ...]:
    """:func:`gap_signatures` from the actions' :func:`signatures` (their ``repr``, which starts ``Name(t=N``):
    the second is cut out of the text rather than the action rebuilt, which costs ten times more."""
    out, before = [], None
    for a, sig in zip(actions, at, strict=True):
        head = f"(t={a.t}"
        cut = sig.replace(head, "(", 1) if head in sig else sig
        out.append(f"{cut}+{a.t - (a.t if before is None else before)}")
        before = a.t
    return tuple(out)


def bot_match(scenario: Scenario, seed: int, actions: Sequence[Action]) -> BotMatch | None:
    """The bot whose day ``actions`` copy, and the share of them identical to it, when that share reaches
    :data:`BOT_MATCH_THRESHOLD`, either at the same seconds or at the same intervals (a copy shifted in time);
    ``None`` otherwise."""
    if len(actions) < _MIN_ACTIONS:
        return None
    at = signatures(actions)
    mine = {False: Counter(at), True: Counter(_gaps(actions, at))}
    best: BotMatch | None = None
    for bot, theirs in _bot_days(scenario, seed).items():
        for shifted in (False, True):
            share = sum((mine[shifted] & theirs[shifted]).values()) / len(actions)
            if best is None or share > best.share + 1e-9:
                best = BotMatch(bot, share, shifted)
    return best if best is not None and best.share >= BOT_MATCH_THRESHOLD else None


def _signature(action: Action) -> str:
    """The action as one comparable string: its type, second and fields (``repr`` of the frozen dataclass)."""
    return repr(action)


#: The bots' days already looked up in this process, by (scenario digest, seed): a batch shares them.
_DAYS: dict[tuple[str, int], dict[str, dict[bool, Counter[str]]]] = {}


def _bot_days(scenario: Scenario, seed: int) -> dict[str, dict[bool, Counter[str]]]:
    """Each shipped bot's day on the scenario and seed, as counts of action signatures: at their seconds (False)
    and at their intervals (True)."""
    at = (scenario_digest(scenario), seed)
    if at not in _DAYS:
        _DAYS[at] = {bot: {False: Counter(days["at"]), True: Counter(days["gaps"])}
                     for bot, days in _cached_bot_days(scenario, *at).items()}
    return _DAYS[at]


def _cached_bot_days(scenario: Scenario, digest: str, seed: int) -> dict[str, dict[str, list[str]]]:
    """The bots' days from the cache when this version of the code played them before, else played (about 0.3 s
    for a full day) and cached."""
    folder = cache_dir("bot-days")
    key = hashlib.sha256(f"3:{digest}:{seed}:{_code_digest()}".encode()).hexdigest()[:32]
    path = folder / f"{key}.json" if folder is not None else None
    if path is not None:
        try:
            cached = json.loads(path.read_text(encoding="utf-8"))
            return {bot: {"at": list(d["at"]), "gaps": list(d["gaps"])} for bot, d in cached.items()}
        except (OSError, ValueError, AttributeError, TypeError, KeyError):
            pass  # not cached yet, or damaged: play them again
    from frontdesk.simulator.bots import make_bot, play_day
    from frontdesk.simulator.core import Simulation

    days = {}
    for bot in MATCHED_BOTS:
        played = play_day(Simulation(scenario, seed), make_bot(bot, scenario, seed)).actions
        at = signatures(played)
        days[bot] = {"at": list(at), "gaps": list(_gaps(played, at))}
    if folder is not None and path is not None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            write_atomic(path, json.dumps(days))
        except OSError:
            pass  # a read-only home is no reason to fail
    return days


@functools.lru_cache(maxsize=1)
def _code_digest() -> str:
    """A digest of the code that decides how a bot plays: the bots, the engine and the scenario package."""
    from frontdesk import simulator

    root = Path(simulator.__file__).resolve().parent
    digest = hashlib.sha256()
    for part in ("bots", "core", "scenario"):
        for path in sorted((root / part).glob("*.py")):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


#: Two days sharing this share of their actions (type, fields and second alike) are listed as similar.
SIMILAR_THRESHOLD = 0.8
#: An action done at the same second by more students than this says nothing about any pair of them.
_COMMON = 25


def similar_pairs(days: dict[str, Iterable[Hashable]], facts: dict[str, str] | None = None,
                  gaps: dict[str, Iterable[Hashable]] | None = None) -> list[tuple[str, str, float, bool]]:
    """Pairs of handed-in days (``days``: a name, such as the student and file, → its :func:`signatures` or
    :func:`fingerprint`) that are near-identical: (first, second, share of the shorter day's actions the other has
    too, whether their facts digests are the same), most similar first. Identical facts always pair. With
    ``gaps`` (the days' :func:`gap_signatures`, or their fingerprints), a copy shifted in time pairs too. Pairs are
    found through the actions they share, so a class's batch is not compared pair by pair."""
    found: dict[tuple[str, str], tuple[float, bool]] = {}
    for ways in (days, gaps or {}):
        for a, b, share, same in _pairs(ways, facts or {}):
            key = (a, b) if (b, a) not in found else (b, a)
            held = found.get(key)
            if held is None or share > held[0]:
                found[key] = (share, same)
    return sorted(((a, b, share, same) for (a, b), (share, same) in found.items()), key=lambda p: (-p[2], p[0], p[1]))


def _pairs(days: dict[str, Iterable[Hashable]], facts: dict[str, str]) -> list[tuple[str, str, float, bool]]:
    # A day of a few actions says too little: two students who each did one thing at the start are not copies.
    counts = {name: c for name, day in days.items() if sum((c := Counter(day)).values()) >= _MIN_ACTIONS}
    holders: dict[Hashable, list[str]] = {}
    for name, mine in counts.items():
        for sig in mine:
            holders.setdefault(sig, []).append(name)
    shared: Counter[tuple[str, str]] = Counter()
    for sig, names in holders.items():
        if len(names) > _COMMON:
            continue
        for i, a in enumerate(names):
            for b in names[i + 1:]:
                shared[(a, b)] += min(counts[a][sig], counts[b][sig])
    by_facts: dict[str, list[str]] = {}
    for name, digest in facts.items():
        by_facts.setdefault(digest, []).append(name)
    counts |= {name: Counter(days.get(name, ())) for names in by_facts.values() if len(names) > 1 for name in names
               if name not in counts}
    # Days with the same facts are one group: each is paired with the group's first (a class that all handed in
    # one file is n - 1 lines, not n squared).
    same = {(names[0], b) for names in by_facts.values() for b in names[1:]}
    found = []
    for a, b in set(shared) | same:
        if (a, b) not in shared and (b, a) in shared:
            a, b = b, a
        smaller = min(sum(counts[a].values()), sum(counts[b].values())) or 1
        identical = (a, b) in same or (b, a) in same
        if (a, b) in shared or not identical:
            share = shared.get((a, b), 0) / smaller
        else:  # paired by their facts; their actions were too common or too few to be counted above
            share = sum((counts[a] & counts[b]).values()) / smaller
        if share >= SIMILAR_THRESHOLD or identical:
            found.append((a, b, share, identical))
    return found


#: A person takes more than this many real seconds between actions, on the median, however fast they are.
HUMAN_MEDIAN_GAP = 0.3
#: How far (simulated seconds, plus a share of the time elapsed) an action's second may be from the second its
#: real time and the pace give, before the trace is said not to fit: the game's clock only drops fractions.
_FIT_SLACK, _FIT_SHARE = 5.0, 0.02


def trace_flags(replay: Replay, day_start: int, locked_pace: int | None = None) -> list[str]:
    """What looks wrong with the real-time trace of a student's replay (:class:`~simulator.replay.HumanTrace`):
    none at all, a damaged one, actions whose simulated seconds do not fit the real time and the pace they were
    taken at, or a pace no person clicks at. Each is one line for the instructor: a signal, never a verdict.

    ``day_start`` is the simulated second the day began at (the clock's reading at real second 0);
    ``locked_pace`` the pace an assessment locks, if it does."""
    if replay.trace_problem is not None:
        return [replay.trace_problem]
    trace = replay.trace
    if trace is None:
        return ["it has no real-time trace: it was not played in the game window, or its trace was removed"]
    flags = []
    paces = sorted({p for _, p in trace.paces})
    odd = [p for p in paces if not 1 <= p <= MAX_PACE or (locked_pace is not None and p != locked_pace)]
    if odd or not trace.paces:
        allowed = f"its locked pace {locked_pace}" if locked_pace is not None else f"paces 1 to {MAX_PACE}"
        flags.append(f"its trace's paces ({', '.join(map(str, paces)) or 'none'}) are not what the game runs at "
                     f"({allowed})")
    elif replay.pace is not None and trace.paces[-1][1] != replay.pace:
        flags.append(f"its trace ends at pace {trace.paces[-1][1]}, but the replay says it was played at pace "
                     f"{replay.pace}")
    off = _misfit(replay.actions, trace, day_start)
    if off is not None:
        i, predicted = off
        flags.append(f"its real-time trace does not fit its clock: action {i + 1} is at {_hhmm(replay.actions[i].t)}, "
                     f"but {trace.real[i]:.0f} real seconds at its pace reach {_hhmm(predicted)}")
    gaps = sorted(b - a for a, b in zip(trace.real, trace.real[1:], strict=False))
    if len(gaps) >= 9 and gaps[len(gaps) // 2] < HUMAN_MEDIAN_GAP:
        active = trace.real[-1] - trace.real[0] - _paused_between(trace, trace.real[0], trace.real[-1])
        flags.append(f"its {len(trace.real)} actions took {active:.0f} real seconds: faster than a person works "
                     f"(half of them within {gaps[len(gaps) // 2]:.2f} s of the one before)")
    return flags


#: The help levels, least first (see the scenario format's ``assist``).
_HELP = ("none", "some", "full")


def help_flag(replay: Replay, scenario: Scenario) -> str | None:
    """A day played with more help than its scenario gives (chosen in the menu, or ``play --assist``): a note for
    the instructor, who set the level; ``None`` when the help was the scenario's or less, or is not recorded."""
    if replay.assist not in _HELP or _HELP.index(replay.assist) <= _HELP.index(scenario.assist_level):
        return None
    return (f"it was played with help '{replay.assist}', more than the scenario gives ('{scenario.assist_level}'): "
            "hints, comparisons and urgency marks were on screen")


def _hhmm(t: float) -> str:
    t = int(t)
    return f"{t // 3600:02d}:{t % 3600 // 60:02d}:{t % 60:02d}"


def _paused_between(trace: HumanTrace, start: float, end: float) -> float:
    return sum(max(0.0, min(b, end) - max(a, start)) for a, b in trace.pauses)


def _misfit(actions: tuple[Action, ...], trace: HumanTrace, day_start: int) -> tuple[int, float] | None:
    """The first action whose second is not what the real time, the pauses and the paces before it give (and the
    second they give), or ``None`` when every action fits."""
    paces = sorted(trace.paces) or [(0.0, 1)]
    for i, (action, real) in enumerate(zip(actions, trace.real, strict=True)):
        predicted = float(day_start)
        for j, (since, pace) in enumerate(paces):
            until = min(real, paces[j + 1][0] if j + 1 < len(paces) else real)
            if until > since:
                predicted += (until - since - _paused_between(trace, since, until)) * pace
        if abs(action.t - predicted) > _FIT_SLACK + _FIT_SHARE * abs(predicted - day_start):
            return i, predicted
    return None
