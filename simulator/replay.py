"""Replay files: a recorded attempt, as the actions taken, so a day can be played again and graded.

A replay is a JSON object::

    {"format": 1, "app_version": "0.1.0", "scenario_id": "laura-day", "scenario_sha256": "...",
     "seed": 7, "student": "s123", "pace": 20, "actions": [{"t": 32420, "type": "answer_call", "line": 1}, ...]}

A day played in the window also records, when it was played from an assignment code, ``assignment`` and
``code``, how much the desk helped (``assist``: full, some or none), and always a ``trace``: the real seconds (a monotonic count from the attempt's start, never a date) at
which each action was taken, the pauses and the pace changes (:class:`HumanTrace`). Grading uses the trace only
as a signal (:mod:`grading.integrity`).

Files are written atomically (a temporary file, then a rename), so a crash never leaves half a replay. Reading
checks the format version and that the scenario is the very one the attempt was recorded on (its SHA-256), and
explains any mismatch in one sentence.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Any

from . import __version__
from .core.actions import Action, ActionError, action_from_dict, action_to_dict
from .core.engine import Simulation
from .files import write_atomic
from .scenario.models import Scenario
from .scenario.summary import scenario_digest

__all__ = ["HumanTrace", "MAX_PACE", "MAX_REPLAY_ACTIONS", "MAX_REPLAY_BYTES", "Replay", "ReplayError",
           "REPLAY_FORMAT", "read_replay", "read_replay_bytes", "replay_from_bytes", "write_replay", "replay_of",
           "replay_simulation"]

REPLAY_FORMAT = 1
#: The fastest pace a day is played at in the window: ten simulated minutes a real second (for watching a bot).
MAX_PACE = 600
#: The most a replay may hold, in bytes and in actions. A real full day is laura-day played by the expert: 29 kB
#: and 361 actions (a generated day of 10,000 patients: 143 kB, 1,939 actions). The caps are generous multiples
#: of those, yet a replay at the cap grades in about a second: one near the old 32 MiB cap took 13 s and 537 MB.
MAX_REPLAY_BYTES = 2 * 1024 * 1024
MAX_REPLAY_ACTIONS = 20_000


class ReplayError(Exception):
    """A replay that cannot be used; the message says why, for a person."""


@dataclass(frozen=True)
class HumanTrace:
    """When, in real time, a person took each action: seconds since the attempt started on a monotonic clock
    (the game's own; no date, nothing personal), with the pauses and the pace changes between them."""

    #: The real second of each action, in the order of the replay's actions.
    real: tuple[float, ...] = ()
    #: ``(start, end)`` real seconds of each pause.
    pauses: tuple[tuple[float, float], ...] = ()
    #: ``(real second, pace)`` of the starting pace and each change of it.
    paces: tuple[tuple[float, int], ...] = ()
    #: The real second the record ends at (the day's end, or the last save).
    ended: float = 0.0

    def to_json(self) -> dict[str, Any]:
        """The trace as a replay writes it."""
        return {"clock": "monotonic", "real": [round(r, 2) for r in self.real],
                "pauses": [[round(a, 2), round(b, 2)] for a, b in self.pauses],
                "paces": [[round(t, 2), p] for t, p in self.paces], "ended": round(self.ended, 2)}


@dataclass(frozen=True)
class Replay:
    """A recorded attempt at a scenario."""

    scenario_id: str
    scenario_sha256: str
    seed: int
    actions: tuple[Action, ...]
    student: str | None = None
    pace: int | None = None
    app_version: str = __version__
    format: int = REPLAY_FORMAT
    #: The bot that played it (``frontdesk run --bot``), so a bot's day is never taken for a student's.
    bot: str | None = None
    #: The student's name as typed in the menu (the id is what grading goes by).
    student_name: str | None = None
    #: The assignment the day was played for, and the code the student typed (:mod:`simulator.assignment_code`).
    assignment: str | None = None
    code: str | None = None
    #: When a person took each action, in real time (days played in the window), and what is wrong with the
    #: trace when it cannot be read.
    trace: HumanTrace | None = None
    trace_problem: str | None = None
    #: How much the desk helped while the day was played in the window (full, some, none).
    assist: str | None = None

    def to_json(self) -> str:
        """The replay as JSON text: the header one key a line, then one action a line, for readable diffs."""
        head = {
            "format": self.format,
            "app_version": self.app_version,
            "scenario_id": self.scenario_id,
            "scenario_sha256": self.scenario_sha256,
            "seed": self.seed,
            "student": self.student,
            "pace": self.pace,
        }
        if self.bot is not None:
            head["bot"] = self.bot
        if self.student_name is not None:
            head["student_name"] = self.student_name
        if self.assignment is not None:
            head["assignment"] = self.assignment
            head["code"] = self.code
        if self.assist is not None:
            head["assist"] = self.assist
        if self.trace is not None:
            head["trace"] = self.trace.to_json()
        lines = ["{"] + [f"  {json.dumps(k)}: {json.dumps(v)}," for k, v in head.items()]
        actions = [json.dumps(action_to_dict(a), separators=(", ", ": ")) for a in self.actions]
        if actions:
            lines += ['  "actions": ['] + [f"    {a}," for a in actions[:-1]] + [f"    {actions[-1]}", "  ]"]
        else:
            lines.append('  "actions": []')
        return "\n".join(lines + ["}"]) + "\n"


def replay_of(sim: Simulation, student: str | None = None, pace: int | None = None, bot: str | None = None,
              student_name: str | None = None, *, assignment: str | None = None, code: str | None = None,
              trace: HumanTrace | None = None, assist: str | None = None) -> Replay:
    """The replay of everything done so far in ``sim`` (``bot``: the bot that played it, if one did)."""
    return Replay(sim.scenario.id, scenario_digest(sim.scenario), sim.seed, tuple(sim.actions), student, pace,
                  bot=bot, student_name=student_name, assignment=assignment, code=code, trace=trace, assist=assist)


def write_replay(path: str | os.PathLike[str], replay: Replay) -> None:
    """Write ``replay`` to ``path`` atomically."""
    write_atomic(path, replay.to_json())


def read_replay(path: str | os.PathLike[str]) -> Replay:
    """Read a replay file. Raises :class:`ReplayError` with a one-line reason for anything wrong."""
    return replay_from_bytes(read_replay_bytes(path), str(path))


def read_replay_bytes(path: str | os.PathLike[str]) -> bytes:
    """The bytes of a replay file, never more than one past :data:`MAX_REPLAY_BYTES` (a huge file is not read
    whole only to be refused); :class:`ReplayError` with a one-line reason when it cannot be read."""
    name = str(path)
    try:
        with open(path, "rb") as handle:
            return handle.read(MAX_REPLAY_BYTES + 1)
    except FileNotFoundError:
        raise ReplayError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise ReplayError(f"{name}: this is a folder, not a replay file") from None
    except OSError as exc:
        raise ReplayError(f"{name}: cannot be read ({exc.strerror or exc})") from None


def replay_from_bytes(raw: bytes, name: str = "replay") -> Replay:
    """A replay from the bytes of its file (``name`` is for messages); :class:`ReplayError` for anything wrong."""
    if len(raw) > MAX_REPLAY_BYTES:
        raise ReplayError(f"{name}: too large to be a replay: more than {MAX_REPLAY_BYTES // 1024 // 1024} MiB, "
                          "where a whole day takes tens of kB")
    try:
        data = json.loads(raw.decode("utf-8"), object_pairs_hook=_no_repeats)
    except _RepeatedKeyError as exc:
        if exc.key != "bot":
            raise ReplayError(f"{name}: damaged: the key {exc.key!r} is written twice") from None
        data = json.loads(raw.decode("utf-8"))
        data["bot"] = data.get("bot") if isinstance(data.get("bot"), str) else "unnamed"
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        where = f" (line {exc.lineno})" if isinstance(exc, json.JSONDecodeError) else ""
        raise ReplayError(f"{name}: not a replay file: it is not valid JSON{where}") from None
    except (RecursionError, ValueError):  # nested thousands deep, or a number too long to read: not a replay
        raise ReplayError(f"{name}: not a replay file: its JSON is nested or sized far beyond any replay") from None
    return _parse(data, name)


class _RepeatedKeyError(ValueError):
    """A JSON object with a key written twice (JSON keeps the last; a replay never repeats one)."""

    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


def _no_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object, refusing a key written twice: an edited replay should not read as the last of two values."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _RepeatedKeyError(key)
        out[key] = value
    return out


def _bot(data: dict[str, Any]) -> str | None:
    """The bot a replay says played it, read strictly: any ``bot`` key at all (null, false, a number, a list, an
    empty string) marks a bot's day; only a replay with no ``bot`` key is a student's."""
    if "bot" not in data:
        return None
    value = data["bot"]
    return value if isinstance(value, str) and value else "unnamed"


def _number(x: Any) -> bool:
    """A finite JSON number of a sensible size (not a bool, NaN, an infinity or an integer too big for a float)."""
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        return False
    try:
        return abs(float(x)) < 1e9
    except OverflowError:
        return False


def _trace(data: dict[str, Any], actions: int) -> tuple[HumanTrace | None, str | None]:
    """The replay's human trace, or what is wrong with it (a damaged trace is a signal for the instructor, not a
    reason to refuse the day)."""
    raw = data.get("trace")
    if raw is None:
        return None, None
    try:
        real = tuple(float(x) for x in raw["real"] if _number(x))
        pauses = tuple((float(a), float(b)) for a, b in raw.get("pauses", []) if _number(a) and _number(b))
        paces = tuple((float(t), int(p)) for t, p in raw.get("paces", []) if _number(t) and _number(p))
        ended = raw.get("ended", real[-1] if real else 0.0)
        if not _number(ended):
            raise ValueError("the end is not a number")
        ended = float(ended)
        if (len(real) != len(raw["real"]) or len(pauses) != len(raw.get("pauses", []))
                or len(paces) != len(raw.get("paces", []))):
            raise ValueError("a value that is not a number")
    except (KeyError, TypeError, ValueError, AttributeError, OverflowError):
        return None, "its real-time trace is damaged"
    if len(real) != actions:
        return None, f"its real-time trace has {len(real)} entries for {actions} actions"
    if any(b < a for a, b in zip(real, real[1:], strict=False)) or any(b < a for a, b in pauses):
        return None, "its real-time trace goes back in time"
    return HumanTrace(real, pauses, paces, ended), None


def _parse(data: Any, name: str) -> Replay:
    if not isinstance(data, dict):
        raise ReplayError(f"{name}: not a replay file: expected a JSON object")
    if data.get("format") != REPLAY_FORMAT:
        raise ReplayError(f"{name}: replay format {data.get('format')!r} is not one this version reads ({REPLAY_FORMAT})")
    for key, kind in (("scenario_id", str), ("scenario_sha256", str), ("seed", int), ("actions", list)):
        if not isinstance(data.get(key), kind) or isinstance(data.get(key), bool):
            raise ReplayError(f"{name}: not a replay file: `{key}` is missing or of the wrong kind")
    if len(data["actions"]) > MAX_REPLAY_ACTIONS:
        raise ReplayError(f"{name}: {len(data['actions']):,} actions, more than any day holds (at most "
                          f"{MAX_REPLAY_ACTIONS:,}; a whole day takes a few hundred)")
    actions = []
    last = -1
    for i, item in enumerate(data["actions"]):
        try:
            action = action_from_dict(item)
        except ValueError as exc:
            raise ReplayError(f"{name}: action {i + 1} is damaged: {exc}") from None
        if action.t < last:
            raise ReplayError(f"{name}: action {i + 1} goes back in time; the file is damaged")
        last = action.t
        actions.append(action)
    student = data.get("student")
    pace = data.get("pace")
    trace, trace_problem = _trace(data, len(actions))
    return Replay(
        scenario_id=data["scenario_id"],
        scenario_sha256=data["scenario_sha256"],
        seed=data["seed"],
        actions=tuple(actions),
        student=student if isinstance(student, str) else None,
        pace=pace if isinstance(pace, int) and not isinstance(pace, bool) else None,
        app_version=str(data.get("app_version", "")),
        bot=_bot(data),
        student_name=data["student_name"] if isinstance(data.get("student_name"), str) else None,
        assignment=data["assignment"] if isinstance(data.get("assignment"), str) else None,
        code=data["code"] if isinstance(data.get("code"), str) else None,
        trace=trace,
        trace_problem=trace_problem,
        assist=data["assist"] if data.get("assist") in ("full", "some", "none") else None,
    )


def replay_simulation(replay: Replay, scenario: Scenario, name: str = "replay") -> Simulation:
    """Play ``replay``'s actions on ``scenario`` to the end of the day; the scenario must be the one recorded on."""
    if replay.scenario_id != scenario.id:
        raise ReplayError(f"{name}: this replay is of scenario {replay.scenario_id!r}, not {scenario.id!r}")
    if replay.scenario_sha256 != scenario_digest(scenario):
        raise ReplayError(
            f"{name}: this replay was recorded on a different version of {scenario.id} "
            "(the scenario file has changed since); grade it with the version it was recorded on"
        )
    sim = Simulation(scenario, replay.seed)
    for i, action in enumerate(replay.actions):
        try:
            sim.apply(action)
        except ActionError as exc:
            raise ReplayError(f"{name}: action {i + 1} ({action.type} at second {action.t}) cannot be replayed: {exc}") from None
    sim.finish_day()
    return sim
