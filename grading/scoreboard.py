"""The class scoreboard: every graded attempt, one row each, in a local SQLite file (DESIGN sections 4 and 7).

The file lives in the user's data directory unless ``--db`` names another (:func:`default_db_path`). Several
graders may write one file at once (``frontdesk grade --jobs N``, or two instructors' terminals): the file is in
WAL mode, each attempt is one ``BEGIN IMMEDIATE`` transaction, and a writer that finds the file locked waits
(:data:`BUSY_TIMEOUT_S`) instead of failing, so no row is ever lost.

Grading the same replay twice adds nothing: an attempt is unique on (replay SHA-256, scenario SHA-256).

Every problem a person can cause — a file that is not a scoreboard, a damaged one, one written by a newer
Front Desk, a folder where the file should be — raises :class:`ScoreboardError` with one sentence saying so.
The file is never overwritten or "repaired" behind the user's back.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

# DATA_DIR_ENV overrides the user-data directory (tests and CI set it so that nothing touches the real home).
from frontdesk.simulator.files import DATA_DIR_ENV, data_dir

__all__ = ["BIDI_CONTROLS", "Scoreboard", "ScoreboardError", "Attempt", "Row", "default_db_path", "best_of",
           "format_table", "SCHEMA_VERSION", "DATA_DIR_ENV", "printable"]

#: The schema this code writes; a file with a higher ``user_version`` is refused rather than misread.
SCHEMA_VERSION = 2
#: ``PRAGMA application_id`` of a scoreboard ("FDsb"), so another program's SQLite file is told apart from ours.
APPLICATION_ID = 0x46447362
#: How long a writer waits for another writer's transaction before giving up. Inserts take milliseconds, so
#: this only matters under heavy contention (many graders, a slow network disk); generous beats losing a row.
BUSY_TIMEOUT_S = 60.0

CRITERIA = ("multitasking", "accuracy", "privacy")

_SCHEMA = {
    1: [
        """CREATE TABLE attempts (
               id              INTEGER PRIMARY KEY,
               student         TEXT NOT NULL,
               scenario        TEXT NOT NULL,
               scenario_sha256 TEXT NOT NULL,
               scenario_title  TEXT,
               total           REAL NOT NULL,
               multitasking    REAL,
               accuracy        REAL,
               privacy         REAL,
               criteria        TEXT NOT NULL,
               facts_sha256    TEXT NOT NULL,
               replay_sha256   TEXT NOT NULL,
               graded_at       TEXT NOT NULL,
               grade           TEXT NOT NULL,
               UNIQUE (replay_sha256, scenario_sha256)
           )""",
        "CREATE INDEX attempts_by_student ON attempts (scenario, student, total DESC, graded_at, id)",
    ],
    # The seal of each row (:func:`seal`): rows recorded before it have none and are checked as before.
    2: ["ALTER TABLE attempts ADD COLUMN seal TEXT"],
}
_COLUMNS = ("student", "scenario", "scenario_sha256", "scenario_title", "total", "multitasking", "accuracy",
            "privacy", "criteria", "facts_sha256", "replay_sha256", "graded_at", "grade", "seal")


class ScoreboardError(Exception):
    """A scoreboard that cannot be used; the message says why, in one sentence for a person."""


@dataclass(frozen=True)
class Attempt:
    """One graded attempt as the scoreboard keeps it.

    ``student`` is ``""`` for an attempt recorded without a student id. ``criteria`` is the grade JSON's
    ``criteria`` object (scores and weights); ``grade`` is the whole grade JSON, so a per-attempt export
    (Gradescope's ``results.json``) can be made again later without the replay.
    """

    student: str
    scenario: str
    scenario_sha256: str
    total: float
    multitasking: float | None
    accuracy: float | None
    privacy: float | None
    facts_sha256: str
    replay_sha256: str
    graded_at: str
    scenario_title: str | None = None
    criteria: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    grade: dict[str, Any] | None = field(default=None, compare=False, hash=False, repr=False)
    #: The row's seal over its grade, replay digest and time graded (:func:`seal`); None on rows recorded
    #: before seals.
    seal: str | None = field(default=None, compare=False, hash=False, repr=False)

    @property
    def title(self) -> str:
        """The scenario's title when known, else its id."""
        return self.scenario_title or self.scenario

    def edited(self, key: bytes | None = None) -> str | None:
        """What is wrong with this row, in words (:meth:`problem`), or ``None`` when it is as graded."""
        found = self.problem(key)
        return None if found is None else found[1]

    def problem(self, key: bytes | None = None) -> tuple[str, str] | None:
        """``("EDITED", why)`` when this row no longer agrees with the grade it was recorded from, or with its seal
        (a hand-edited scoreboard); ``("UNSEALED", why)`` when this computer holds the instructor's key (or
        ``key`` is given) and the row is not sealed with it; ``None`` when the row is as graded."""
        g = self.grade
        if not isinstance(g, dict):
            return "EDITED", "its grade record is missing"
        kept = {"student": (self.student, str(g.get("student") or "")), "scenario": (self.scenario, g.get("scenario")),
                "scenario_sha256": (self.scenario_sha256, g.get("scenario_sha256")),
                "facts_sha256": (self.facts_sha256, g.get("facts_sha256"))}
        wrong = [f"{k} {mine!r} is not its grade's {theirs!r}" for k, (mine, theirs) in kept.items() if mine != theirs]
        try:
            scores = {"total": (self.total, g.get("total"))} | {
                c: (getattr(self, c), _score(dict(g.get("criteria") or {}).get(c))) for c in CRITERIA}
        except (TypeError, ValueError):
            return "EDITED", "its grade record is damaged"
        for k, (mine, theirs) in scores.items():
            if (mine is None) != (theirs is None) or (mine is not None and abs(float(mine) - float(theirs)) > 1e-9):
                wrong.append(f"{k} {mine:g} is not its grade's {theirs:g}" if mine is not None and theirs is not None
                             else f"{k} is {'missing' if mine is None else 'extra'}")
        if wrong:
            return "EDITED", "; ".join(wrong)
        return self._seal_problem(key if key is not None else _instructor_key())

    def _seal_problem(self, key: bytes | None) -> tuple[str, str] | None:
        assert self.grade is not None
        parts = (self.seal or "").split(":")
        kind = parts[0]
        if self.seal is not None and not ((kind == "hmac" and len(parts) == 3) or (kind == "sha256" and len(parts) == 2)):
            return "EDITED", "its seal is not one Front Desk writes"
        if key is not None and not (kind == "hmac" and parts[1] == _key_id(key)):
            return "UNSEALED", ("it is not sealed with your instructor key (recorded before you had one, or its seal "
                                "was changed): look at it, then `frontdesk scoreboard --reseal` vouches for it")
        if self.seal is None or (kind == "hmac" and key is None):
            return None  # recorded before seals, or sealed with a key this computer does not hold
        if seal(self.grade, self.replay_sha256, self.graded_at, key if kind == "hmac" else None) != self.seal:
            return "EDITED", "its grade, replay digest or time graded no longer match the seal it was recorded with"
        return None


def seal(grade: Mapping[str, Any], replay_sha256: str, graded_at: str, key: bytes | None) -> str:
    """A row's seal: a digest of its grade JSON, its replay's digest and the time it was graded; with the
    instructor's ``key``, an HMAC that only its holder can make again (so a hand-edited row, grade and all, is
    caught), else a plain SHA-256 (which catches a careless edit, not a careful one)."""
    import hashlib
    import hmac

    text = "\0".join([json.dumps(dict(grade), sort_keys=True, separators=(",", ":")), replay_sha256, graded_at])
    if key is None:
        return "sha256:" + hashlib.sha256(text.encode()).hexdigest()
    return f"hmac:{_key_id(key)}:" + hmac.new(key, text.encode(), hashlib.sha256).hexdigest()


def _key_id(key: bytes) -> str:
    from .assignments import key_id

    return key_id(key)


def _instructor_key() -> bytes | None:
    from .assignments import instructor_key

    return instructor_key()


#: The name the exports and the CLI use for a scoreboard row.
Row = Attempt


def default_db_path() -> Path:
    """The scoreboard file in the user's data directory (``$FRONTDESK_DATA_DIR`` wins when set).

    Nothing is created here; :class:`Scoreboard` makes the folder on first write.
    """
    return data_dir() / "scoreboard.sqlite3"


def utc_now() -> str:
    """Now, as the ISO-8601 UTC text the scoreboard stores (the core never reads the clock; this module may)."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _normalise_time(text: str) -> str:
    """``text`` (ISO-8601; ``Z`` or an offset; naive read as UTC) as ``YYYY-MM-DDTHH:MM:SSZ`` in UTC.

    One spelling for every row, so that "ties to the earliest graded" can compare text.
    """
    raw = text.strip()
    try:
        # Python 3.10's fromisoformat does not take a trailing Z.
        moment = datetime.fromisoformat(raw[:-1] + "+00:00" if raw.endswith(("Z", "z")) else raw)
    except ValueError:
        raise ValueError(f"graded_at {text!r} is not an ISO-8601 time such as 2025-03-01T14:05:00Z") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class Scoreboard:
    """A scoreboard file, opened (and created when missing, unless ``create=False``).

    Use as a context manager, or call :meth:`close`. Opening checks that the file is a scoreboard this version
    can read and raises :class:`ScoreboardError` otherwise; an empty or missing file becomes a new scoreboard.
    """

    def __init__(self, path: str | os.PathLike[str] | None = None, *, create: bool = True) -> None:
        self.path = Path(path) if path is not None else default_db_path()
        self._key: bytes | None = None
        self._key_read = False
        where = str(self.path)
        if self.path.is_dir():
            raise ScoreboardError(f"cannot use {where} as the scoreboard: it is a folder")
        if not self.path.exists():
            if not create:
                raise ScoreboardError(f"there is no scoreboard at {where} yet: grade some replays first")
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                raise ScoreboardError(f"cannot create the folder for the scoreboard {where}: {_why(e)}") from None
        try:
            # isolation_level=None: transactions are begun explicitly (BEGIN IMMEDIATE), never implicitly.
            self._db = sqlite3.connect(where, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        except sqlite3.Error as e:
            raise ScoreboardError(f"cannot open the scoreboard {where}: {_why(e)}") from None
        try:
            self._prepare()
        except BaseException:
            self._db.close()
            raise

    # -- opening -------------------------------------------------------------------------------------------

    def _prepare(self) -> None:
        where = str(self.path)
        try:
            # The header is read here: a file that is not SQLite fails on this first statement.
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            app_id = self._db.execute("PRAGMA application_id").fetchone()[0]
        except sqlite3.DatabaseError as e:
            raise ScoreboardError(self._not_ours(e)) from None
        # Every scoreboard carries the application id with its schema version; a versioned file without it is
        # another program's database.
        if app_id not in (0, APPLICATION_ID) or (version and app_id != APPLICATION_ID):
            raise ScoreboardError(f"{where} is an SQLite database of another program, not a Front Desk "
                                  f"scoreboard; it was left untouched")
        if version > SCHEMA_VERSION:
            raise ScoreboardError(f"{where} was written by a newer Front Desk (scoreboard version {version}; "
                                  f"this one reads up to {SCHEMA_VERSION}): upgrade frontdesk to use it")
        try:
            self._db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            mode = self._set_wal()
            if mode != "wal":
                raise ScoreboardError(f"cannot put the scoreboard {where} in WAL mode (the file system may not "
                                      f"support it; it stayed in {mode} mode): choose another place with --db")
            # NORMAL is durable in WAL mode except for the last transactions on a power cut, and much faster.
            self._db.execute("PRAGMA synchronous = NORMAL")
            if version < SCHEMA_VERSION:
                self._migrate()
        except sqlite3.DatabaseError as e:
            raise ScoreboardError(self._failure("open", e)) from None

    def _set_wal(self) -> str:
        """Put the file in WAL mode (it stays so) and return the mode it ended in.

        Switching needs an exclusive lock, and SQLite answers "locked" at once there rather than calling the busy
        handler, so graders opening a new file together retry here until the busy timeout.
        """
        deadline = time.monotonic() + BUSY_TIMEOUT_S
        pause = 0.005
        while True:
            mode = str(self._db.execute("PRAGMA journal_mode").fetchone()[0]).lower()
            if mode == "wal":
                return mode
            try:
                return str(self._db.execute("PRAGMA journal_mode = WAL").fetchone()[0]).lower()
            except sqlite3.OperationalError as e:
                if "locked" not in str(e).lower() and "busy" not in str(e).lower() or time.monotonic() > deadline:
                    raise
            time.sleep(pause)
            pause = min(pause * 2, 0.1)

    def _migrate(self) -> None:
        """Create or upgrade the schema, in one transaction that other openers wait for."""
        with self._transaction():
            # Read again inside the lock: another process may have created the schema meanwhile.
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            if version == 0:
                tables = self._db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
                if tables:
                    raise ScoreboardError(f"{self.path} is an SQLite database but not a Front Desk scoreboard; "
                                          f"it was left untouched")
            for step in range(version + 1, SCHEMA_VERSION + 1):
                for statement in _SCHEMA[step]:
                    self._db.execute(statement)
            self._db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _not_ours(self, e: sqlite3.DatabaseError) -> str:
        text = str(e).lower()
        if "not a database" in text or "encrypted" in text:
            return f"{self.path} is not a Front Desk scoreboard (it is not an SQLite database); it was left untouched"
        return self._failure("open", e)

    def _failure(self, doing: str, e: sqlite3.Error) -> str:
        text = str(e).lower()
        if "malformed" in text or "corrupt" in text or "not a database" in text:
            return (f"the scoreboard {self.path} is damaged ({e}); restore a copy or choose another file "
                    f"with --db")
        if "locked" in text or "busy" in text:
            return (f"the scoreboard {self.path} stayed locked by another program for {BUSY_TIMEOUT_S:.0f} s; "
                    f"try again when it has finished")
        if "readonly" in text or "read-only" in text:
            return f"cannot write to the scoreboard {self.path}: it is read-only"
        return f"cannot {doing} the scoreboard {self.path}: {_why(e)}"

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        # IMMEDIATE takes the write lock up front, so the busy timeout applies; a deferred transaction that
        # reads first and then writes can fail with SQLITE_BUSY without waiting.
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    # -- public API ----------------------------------------------------------------------------------------

    def close(self) -> None:
        """Close the file."""
        self._db.close()

    def __enter__(self) -> Scoreboard:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def journal_mode(self) -> str:
        """The file's journal mode (``wal``)."""
        return str(self._db.execute("PRAGMA journal_mode").fetchone()[0]).lower()

    def record(self, grade_json: Mapping[str, Any], replay_sha256: str, graded_at: str | None = None, *,
               scenario_title: str | None = None) -> bool:
        """Add the attempt graded as ``grade_json`` (the grade JSON of DESIGN section 4) in one transaction.

        ``replay_sha256`` is the digest of the replay file's bytes; ``graded_at`` is ISO-8601 UTC text (now when
        omitted). Returns False, adding nothing, when this replay of this scenario is already recorded.
        """
        if not self._key_read:
            self._key, self._key_read = _instructor_key(), True  # read once per scoreboard opened, not per row
        row = _row_of(grade_json, replay_sha256, _normalise_time(graded_at) if graded_at else utc_now(),
                      scenario_title, self._key)
        marks = ", ".join("?" for _ in _COLUMNS)
        try:
            with self._transaction():
                cursor = self._db.execute(
                    f"INSERT OR IGNORE INTO attempts ({', '.join(_COLUMNS)}) VALUES ({marks})", row)
                if cursor.rowcount == 1:
                    return True
                # Already recorded: kept as it is, unless that row was changed by hand since; grading the replay
                # again puts the true grade back.
                held = self._select("SELECT * FROM attempts WHERE replay_sha256 = :r AND scenario_sha256 = :s",
                                    {"r": row[_COLUMNS.index("replay_sha256")],
                                     "s": row[_COLUMNS.index("scenario_sha256")]})
                if not held or (held[0].problem(self._key) or ("",))[0] != "EDITED":
                    return False
                sets = ", ".join(f"{c} = ?" for c in _COLUMNS)
                self._db.execute(f"UPDATE attempts SET {sets} WHERE replay_sha256 = ? AND scenario_sha256 = ?",
                                 (*row, row[_COLUMNS.index("replay_sha256")], row[_COLUMNS.index("scenario_sha256")]))
                return True
        except sqlite3.Error as e:
            raise ScoreboardError(self._failure("write to", e)) from None

    def reseal(self, key: bytes) -> tuple[int, int]:
        """Seal with ``key`` every row that agrees with its grade but is not sealed with it (rows recorded before
        the key existed): the instructor vouches for them. Returns (rows resealed, rows left because they disagree
        with their grades)."""
        resealed = left = 0
        try:
            with self._transaction():
                cursor = self._db.execute("SELECT * FROM attempts")
                names = [d[0] for d in cursor.description]
                for values in cursor.fetchall():
                    row = dict(zip(names, values, strict=True))
                    attempt = _attempt_of(row)
                    found = attempt.problem(key)
                    if found is None:
                        continue
                    if found[0] == "EDITED" or attempt.grade is None:
                        left += 1
                        continue
                    self._db.execute("UPDATE attempts SET seal = ? WHERE id = ?",
                                     (seal(attempt.grade, attempt.replay_sha256, attempt.graded_at, key), row["id"]))
                    resealed += 1
        except sqlite3.Error as e:
            raise ScoreboardError(self._failure("write to", e)) from None
        return resealed, left

    def attempts(self, scenario: str | None = None, student: str | None = None) -> list[Attempt]:
        """Every attempt (optionally of one scenario and/or one student), in the order they were graded."""
        return self._select(
            "SELECT * FROM attempts WHERE (:scenario IS NULL OR scenario = :scenario) "
            "AND (:student IS NULL OR student = :student) ORDER BY graded_at, id",
            {"scenario": scenario, "student": student})

    def best(self, scenario: str | None = None) -> list[Attempt]:
        """The best attempt of each student at each scenario (or at ``scenario`` only).

        Best is the highest total; between equal totals, the earliest graded. Ordered by scenario, then total
        from the highest, then time graded, then student.
        """
        return self._select(
            "SELECT * FROM (SELECT a.*, row_number() OVER (PARTITION BY scenario, student "
            "ORDER BY total DESC, graded_at, id) AS rank FROM attempts a "
            "WHERE :scenario IS NULL OR scenario = :scenario) WHERE rank = 1 "
            "ORDER BY scenario, total DESC, graded_at, student",
            {"scenario": scenario})

    def titles(self) -> dict[str, str]:
        """Scenario id → the title recorded most recently with it (scenarios recorded without one are absent)."""
        try:
            rows = self._db.execute(
                "SELECT scenario, scenario_title FROM attempts WHERE scenario_title IS NOT NULL "
                "ORDER BY graded_at, id").fetchall()
        except sqlite3.Error as e:
            raise ScoreboardError(self._failure("read", e)) from None
        return {scenario: title for scenario, title in rows}

    def __len__(self) -> int:
        try:
            return int(self._db.execute("SELECT count(*) FROM attempts").fetchone()[0])
        except sqlite3.Error as e:
            raise ScoreboardError(self._failure("read", e)) from None

    def _select(self, sql: str, params: Mapping[str, Any]) -> list[Attempt]:
        try:
            cursor = self._db.execute(sql, dict(params))
            names = [d[0] for d in cursor.description]
            return [_attempt_of(dict(zip(names, values, strict=True))) for values in cursor.fetchall()]
        except sqlite3.Error as e:
            raise ScoreboardError(self._failure("read", e)) from None


def _why(e: BaseException) -> str:
    if isinstance(e, OSError) and e.strerror:
        return e.strerror.lower()
    return str(e) or type(e).__name__


def _row_of(grade: Mapping[str, Any], replay_sha256: str, graded_at: str, title: str | None,
            key: bytes | None = None) -> tuple[Any, ...]:
    """The attempts-table values for one grade JSON; a grade missing what a row needs is a programming error."""
    missing = [k for k in ("scenario", "scenario_sha256", "total", "criteria", "facts_sha256") if k not in grade]
    if missing:
        raise ValueError(f"the grade JSON lacks {', '.join(missing)}")
    if not replay_sha256:
        raise ValueError("an attempt needs the replay's SHA-256")
    criteria = dict(grade["criteria"])
    scores = [_score(criteria.get(c)) for c in CRITERIA]
    return (str(grade.get("student") or ""), str(grade["scenario"]), str(grade["scenario_sha256"]), title,
            float(grade["total"]), *scores,
            json.dumps(criteria, sort_keys=True, separators=(",", ":")), str(grade["facts_sha256"]),
            str(replay_sha256), graded_at, json.dumps(dict(grade), sort_keys=True, separators=(",", ":")),
            seal(grade, str(replay_sha256), graded_at, key))


def _score(entry: Any) -> float | None:
    if isinstance(entry, Mapping):
        entry = entry.get("score")
    return None if entry is None else float(entry)


def _attempt_of(row: dict[str, Any]) -> Attempt:
    return Attempt(student=row["student"], scenario=row["scenario"], scenario_sha256=row["scenario_sha256"],
                   total=row["total"], multitasking=row["multitasking"], accuracy=row["accuracy"],
                   privacy=row["privacy"], facts_sha256=row["facts_sha256"], replay_sha256=row["replay_sha256"],
                   graded_at=row["graded_at"], scenario_title=row["scenario_title"],
                   criteria=json.loads(row["criteria"]), grade=json.loads(row["grade"]), seal=row.get("seal"))


def best_of(rows: Iterable[Attempt]) -> list[Attempt]:
    """The best attempt per (scenario, student) among ``rows``, by the rule and in the order of
    :meth:`Scoreboard.best` (so the exports can take either a scoreboard or a list of attempts)."""
    best: dict[tuple[str, str], Attempt] = {}
    for row in rows:
        key = (row.scenario, row.student)
        held = best.get(key)
        if held is None or (-row.total, row.graded_at) < (-held.total, held.graded_at):
            best[key] = row
    return sorted(best.values(), key=lambda r: (r.scenario, -r.total, r.graded_at, r.student))


#: The characters that reorder the text around them (bidi embeddings, overrides, isolates and marks): one in a
#: student's id would turn a terminal line or a page's header around (U+202E shows "txt.exe" as "exe.txt").
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def printable(text: str) -> str:
    """``text`` safe for a terminal, each unsafe character shown as ``?``: control characters (a terminal must not
    run escape sequences hidden in a student's id or a file's name), the bidi controls and every other format
    character, and the line and paragraph separators (one line stays one line)."""
    return "".join("?" if ch in BIDI_CONTROLS or unicodedata.category(ch) in _UNPRINTABLE
                   or unicodedata.category(ch)[0] == "C" else ch for ch in text)


_UNPRINTABLE = frozenset({"Zl", "Zp"})


def format_table(rows: Iterable[Attempt], scenario: str | None = None) -> str:
    """A readable table of attempts for ``frontdesk scoreboard``: per scenario, a ranked list of students."""
    rows = list(rows)
    if not rows:
        return (f"No attempts of scenario {scenario!r} recorded yet.\n" if scenario else
                "No attempts recorded yet: grade some replays first (frontdesk grade).\n")
    head = ("#", "Student", "Total", "Multitasking", "Accuracy", "Privacy", "Graded (UTC)", "")
    numeric = {0, 2, 3, 4, 5}
    blocks: list[str] = []
    edited = {id(r): found for r in rows if (found := r.problem()) is not None}
    for scenario in sorted({r.scenario for r in rows}):
        mine = [r for r in rows if r.scenario == scenario]
        title = next((r.scenario_title for r in reversed(mine) if r.scenario_title), None)
        body = [(str(i), printable(r.student) or "(no id)", _number(r.total), _number(r.multitasking),
                 _number(r.accuracy), _number(r.privacy), r.graded_at.replace("T", " ").rstrip("Z"),
                 edited[id(r)][0] if id(r) in edited else "")
                for i, r in enumerate(mine, 1)]
        widths = [max(len(line[i]) for line in [head, *body]) for i in range(len(head))]

        def fmt(line: tuple[str, ...], widths: list[int] = widths) -> str:
            cells = [c.rjust(w) if i in numeric else c.ljust(w)
                     for i, (c, w) in enumerate(zip(line, widths, strict=True))]
            return "  ".join(cells).rstrip()

        name = printable(f"{title} ({scenario})" if title else scenario)
        notes = [f"{edited[id(r)][0]}: {printable(r.student) or '(no id)'}'s row: {edited[id(r)][1]}"
                 + ("; grade the replay again" if edited[id(r)][0] == "EDITED" else "")
                 for r in mine if id(r) in edited]
        blocks.append("\n".join([name, fmt(head), fmt(tuple("-" * w for w in widths)), *map(fmt, body), *notes]))
    return "\n\n".join(blocks) + "\n"


def _number(x: float | None) -> str:
    return "-" if x is None else f"{x:.1f}"
