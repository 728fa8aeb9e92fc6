"""Assignments: one scenario for a class, each student with their own day, and the check that a replay handed in is
the day its student was given.

``frontdesk assign SCENARIO --roster ROSTER.csv --out DIR`` makes an :class:`Assignment`. Each student's seed is
an HMAC of the instructor's secret key, the assignment's id and the student's id, so every student's day has its
own dice (who calls when, who is late, what goes wrong) while the scenario, and so what the day teaches and the
rubric it is marked on, stays the same. The seed travels to the student inside their assignment code
(:mod:`simulator.assignment_code`); a student cannot make a code for another seed that grading accepts, because
grading recomputes the seed from the key (or reads it from the instructor's record of the assignment, which is
what a Gradescope autograder carries instead of the key).

The key lives in the instructor's data folder (``instructor.key``, made on first use, readable only by its owner)
or in a file given with ``--key-file``; keep it off students' computers. Each assignment is also registered in the
data folder, so ``frontdesk grade`` checks replays that claim it without being told where it is.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import json
import os
import secrets
import shlex
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

from frontdesk.simulator.assignment_code import MAX_SEED, AssignmentCode, CodeError, decode_code, encode_code, normal_student
from frontdesk.simulator.assignment_code import assignment_id as code_assignment_id
from frontdesk.simulator.assignment_code import plain_code, scenario_tag
from frontdesk.simulator.files import data_dir, env_path, safe_name, write_atomic
from frontdesk.simulator.replay import Replay
from frontdesk.simulator.scenario.models import Scenario
from frontdesk.simulator.scenario.summary import scenario_digest

__all__ = ["Assignment", "AssignmentError", "Enrolled", "KEY_FILE", "KEY_FILE_ENV", "assignment_registry",
           "assignment_verdict", "derive_seed", "find_assignment", "instructor_key", "key_id", "key_path",
           "load_assignment", "load_key", "make_assignment", "read_roster", "registered_assignments", "scenario_paths",
           "use_key_file"]

#: The instructor's key, in :func:`~simulator.files.data_dir`.
KEY_FILE = "instructor.key"
#: Names another key file (``--key-file`` sets it for the grading workers too).
KEY_FILE_ENV = "FRONTDESK_KEY_FILE"
#: The record of an assignment, in the folder ``frontdesk assign`` writes.
RECORD_FILE = "assignment.json"
RECORD_FORMAT = 1


class AssignmentError(Exception):
    """An assignment, roster or key that cannot be used; the message says why, for a person."""


# --- the key --------------------------------------------------------------------------------------------------


def key_path() -> Path:
    """Where the instructor's key is: ``$FRONTDESK_KEY_FILE`` (``--key-file`` sets it), else ``instructor.key`` in
    the data folder."""
    return env_path(KEY_FILE_ENV) or data_dir() / KEY_FILE


def use_key_file(path: str | os.PathLike[str]) -> bytes:
    """Use the key in ``path`` for the rest of this process and the grading workers it starts (``--key-file``);
    returns it, or raises :class:`AssignmentError` when it cannot be read."""
    key = load_key(path)
    os.environ[KEY_FILE_ENV] = str(Path(path).expanduser().resolve())
    return key


def load_key(path: str | os.PathLike[str] | None = None, *, create: bool = False) -> bytes:
    """The instructor's key: from ``path``, or :func:`key_path` (made there when ``create`` and missing). A key
    file holds at least 32 random bytes as hexadecimal text."""
    where = Path(path).expanduser() if path is not None else key_path()
    if path is None and create and not where.exists():
        where.parent.mkdir(parents=True, exist_ok=True)
        # Made private before the secret is written into it, and never replaced once it exists.
        fd = os.open(where, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(secrets.token_hex(32) + "\n")
    try:
        text = where.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        raise AssignmentError(f"{where}: no instructor key there; `frontdesk assign` makes one, or give yours "
                              "with --key-file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise AssignmentError(f"{where}: the instructor key cannot be read ({getattr(exc, 'strerror', None) or exc})") from None
    try:
        key = bytes.fromhex(text)
    except ValueError:
        raise AssignmentError(f"{where}: not an instructor key (expected hexadecimal text)") from None
    if len(key) < 32:
        raise AssignmentError(f"{where}: an instructor key needs at least 32 bytes (64 hexadecimal digits)")
    return key


def key_id(key: bytes) -> str:
    """A short public name for a key, recorded in each assignment so that grading notices a different key."""
    return hashlib.sha256(b"frontdesk key id\0" + key).hexdigest()[:12]


def derive_seed(key: bytes, assignment_id: str, student: str) -> int:
    """The seed of ``student``'s day in ``assignment_id``: an HMAC of the key, so only its holder can make it."""
    message = f"frontdesk seed\0{assignment_id}\0{normal_student(student)}".encode()
    return int.from_bytes(hmac.new(key, message, hashlib.sha256).digest()[:8], "big") & MAX_SEED


# --- the roster -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Enrolled:
    """A student on an assignment's roster, with their code and how the LMS knows them."""

    student: str
    code: str
    name: str = ""
    email: str = ""
    sid: str = ""
    section: str = ""


#: The roster's columns besides the student id: how the LMSs and Gradescope know each student.
ROSTER_FIELDS = ("name", "email", "section", "username", "orgdefinedid", "sid")


def read_roster(path: str | os.PathLike[str]) -> list[dict[str, str]]:
    """A roster CSV: a ``student`` (or ``id``) column, and any of :data:`ROSTER_FIELDS` (``sid`` is the id
    Gradescope or the college knows the student by); headers in any case. Each student once (ids compared without
    case). A ``username`` or ``orgdefinedid`` copied from a Brightspace export starts with ``#``; that ``#`` is
    dropped, since the Brightspace export writes it back."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise AssignmentError(f"{path}: the roster cannot be read ({getattr(exc, 'strerror', None) or exc})") from None
    reader = csv.DictReader(io.StringIO(text))
    fields = {(f or "").strip().lower(): f for f in reader.fieldnames or []}
    column = fields.get("student") or fields.get("id")
    if column is None:
        raise AssignmentError(f"{path}:1: the roster needs a 'student' column (the ids students type in the game)")
    rows: list[dict[str, str]] = []
    seen: dict[str, int] = {}
    for line_no, line in enumerate(reader, 2):
        student = (line.get(column) or "").strip()
        if not student:
            continue
        if normal_student(student) in seen:
            raise AssignmentError(f"{path}:{line_no}: the student {student!r} is already on line "
                                  f"{seen[normal_student(student)]} (ids are compared without case)")
        seen[normal_student(student)] = line_no
        row = {"student": student}
        row.update({k: (line.get(fields[k]) or "").strip() for k in ROSTER_FIELDS if k in fields})
        for k in ("username", "orgdefinedid"):
            if row.get(k, "").startswith("#"):
                row[k] = row[k][1:].strip()
        rows.append(row)
    if not rows:
        raise AssignmentError(f"{path}: the roster names no student")
    return rows


# --- the assignment -------------------------------------------------------------------------------------------


@dataclass
class Assignment:
    """One scenario assigned to a roster: the instructor's record, with each student's code."""

    id: str
    title: str
    scenario_id: str
    scenario_sha256: str
    key_id: str
    students: list[Enrolled] = field(default_factory=list)
    #: The scenario's file beside the record, when it is not a shipped one (students need it to play).
    scenario_file: str | None = None
    #: Where the record was read from (for messages and to find ``scenario_file``).
    path: Path | None = None

    def enrolled(self, student: str | None) -> Enrolled | None:
        """The roster entry of ``student`` (ids compared without case), if they are on it."""
        if student is None:
            return None
        wanted = normal_student(student)
        return next((e for e in self.students if normal_student(e.student) == wanted), None)

    def seed_of(self, entry: Enrolled) -> int:
        """The seed the student's code carries."""
        return decode_code(entry.code, entry.student).seed

    def to_json(self) -> dict[str, Any]:
        """The record as ``assignment.json`` holds it."""
        return {"format": RECORD_FORMAT, "kind": "frontdesk-assignment", "id": self.id, "title": self.title,
                "scenario_id": self.scenario_id, "scenario_sha256": self.scenario_sha256,
                "scenario_file": self.scenario_file, "key_id": self.key_id,
                "students": [{k: v for k, v in vars(e).items() if v or k in ("student", "code")}
                             for e in self.students]}

    def check(self, replay: Replay, key: bytes | None = None) -> str | None:
        """Why ``replay`` is not a day of this assignment played by the student it names, in one line; ``None``
        when it is. With the instructor's ``key``, each seed is recomputed rather than read from the record."""
        if replay.assignment is None:
            return (f"it was not played from an assignment code, but this is assignment {self.id}: each student "
                    "plays the code they were given")
        if replay.assignment != self.id:
            return f"it was played for assignment {replay.assignment!r}, not {self.id}"
        if replay.scenario_id != self.scenario_id or replay.scenario_sha256 != self.scenario_sha256:
            return (f"it is a day of {replay.scenario_id!r}"
                    + (" (another version of it)" if replay.scenario_id == self.scenario_id else "")
                    + f", not of the scenario assignment {self.id} pins")
        entry = self.enrolled(replay.student)
        if entry is None:
            who = f"student {replay.student!r}" if replay.student else "a replay with no student id"
            return f"{who} is not on the roster of assignment {self.id}"
        try:
            expected = self.seed_of(entry)
        except CodeError:
            return f"the record of assignment {self.id} has a damaged code for {entry.student!r}; make it again"
        if key is not None and key_id(key) == self.key_id:  # else the record's own codes are what it has to go by
            derived = derive_seed(key, self.id, entry.student)
            if derived != expected:
                return (f"the record of assignment {self.id} does not agree with your key for {entry.student!r} "
                        "(the record was edited); make the assignment again")
        if replay.seed != expected:
            return (f"it was played with seed {replay.seed}, which is not {entry.student}'s day in assignment "
                    f"{self.id}: another student's code, or another seed")
        if replay.code is None or plain_code(replay.code) != plain_code(entry.code):
            return f"its assignment code is not the one given to {entry.student}"
        return None


def _assignment_of(data: Any, where: str) -> Assignment:
    if not isinstance(data, dict) or data.get("kind") != "frontdesk-assignment":
        raise AssignmentError(f"{where}: not a Front Desk assignment record")
    if data.get("format") != RECORD_FORMAT:
        raise AssignmentError(f"{where}: assignment format {data.get('format')!r} is not one this version reads")
    try:
        students = [Enrolled(**{k: str(v) for k, v in s.items()
                                if k in ("student", "code", "name", "email", "sid", "section")})
                    for s in data["students"]]
        scenario_file = data.get("scenario_file") or None
        if scenario_file is not None and (not isinstance(scenario_file, str) or Path(scenario_file).name != scenario_file):
            raise TypeError("scenario_file")  # a record names its scenario's file beside it, nothing else
        return Assignment(str(data["id"]), str(data.get("title") or data["id"]), str(data["scenario_id"]),
                          str(data["scenario_sha256"]), str(data["key_id"]), students, scenario_file)
    except (KeyError, TypeError, AttributeError):
        raise AssignmentError(f"{where}: the assignment record is damaged") from None


def load_assignment(path: str | os.PathLike[str]) -> Assignment:
    """The assignment whose record is ``path`` (or ``path/assignment.json`` for the folder ``assign`` wrote)."""
    p = Path(path).expanduser()
    record = p / RECORD_FILE if p.is_dir() else p
    try:
        data = json.loads(record.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise AssignmentError(f"{record}: no such assignment (give the folder `frontdesk assign` wrote)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise AssignmentError(f"{record}: cannot be read ({getattr(exc, 'strerror', None) or exc})") from None
    except ValueError:
        raise AssignmentError(f"{record}: not an assignment record (it is not valid JSON)") from None
    assignment = _assignment_of(data, str(record))
    assignment.path = record
    return assignment


def assignment_registry() -> Path:
    """The folder in the data folder where every assignment made on this computer is registered."""
    return data_dir() / "assignments"


def find_assignment(assignment_id: str, given: Iterable[Assignment] = ()) -> Assignment | None:
    """The assignment ``assignment_id`` among ``given`` and those registered on this computer."""
    for assignment in given:
        if assignment.id == assignment_id:
            return assignment
    record = assignment_registry() / f"{safe_name(assignment_id)}.json"
    if not record.is_file():
        return None
    try:
        found = load_assignment(record)
    except AssignmentError:
        return None
    return found if found.id == assignment_id else None


def registered_assignments() -> list[Assignment]:
    """Every assignment registered on this computer (records that cannot be read are skipped)."""
    folder = assignment_registry()
    found = []
    for record in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            found.append(load_assignment(record))
        except AssignmentError:
            continue
    return found


def scenario_paths(assignments: Iterable[Assignment]) -> list[Path]:
    """The scenario files the assignments carry (the non-shipped ones), for finding the scenario of a replay."""
    found = []
    for a in assignments:
        if a.scenario_file and a.path is not None and (a.path.parent / a.scenario_file).is_file():
            found.append(a.path.parent / a.scenario_file)
    return found


def make_assignment(scenario: Scenario, scenario_path: Path | None, roster: list[Mapping[str, str]], out_dir: Path,
                    key: bytes, *, title: str | None = None, shipped: bool = True) -> Assignment:
    """Write a new assignment of ``scenario`` for ``roster`` into the new or empty folder ``out_dir`` and register
    it in the data folder. ``shipped`` says the scenario is a shipped one (students have it already); otherwise its
    file is copied beside the record for the students."""
    if out_dir.exists() and (not out_dir.is_dir() or any(out_dir.iterdir())):
        raise AssignmentError(f"{out_dir} already exists and is not an empty folder; choose a new folder")
    digest = scenario_digest(scenario)
    nonce = secrets.randbits(20)
    assignment_id = code_assignment_id(scenario.id, AssignmentCode(0, nonce, 0))
    students = []
    for row in roster:
        seed = derive_seed(key, assignment_id, row["student"])
        code = encode_code(scenario_tag(digest), nonce, seed, row["student"])
        students.append(Enrolled(row["student"], code, row.get("name", ""), row.get("email", ""), row.get("sid", ""),
                                 row.get("section", "")))
    # The copy is named after the assignment: an instructor's later edit of the scenario is another assignment's.
    scenario_file = None if shipped or scenario_path is None else f"{assignment_id}.yaml"
    assignment = Assignment(assignment_id, title or scenario.title, scenario.id, digest, key_id(key), students,
                            scenario_file)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / "students").mkdir(exist_ok=True)
        if scenario_file is not None and scenario_path is not None:
            shutil.copyfile(scenario_path, out_dir / scenario_file)
        write_atomic(out_dir / RECORD_FILE, json.dumps(assignment.to_json(), indent=2, ensure_ascii=False) + "\n")
        write_atomic(out_dir / "codes.csv", _codes_csv(assignment))
        names: set[str] = set()
        for e in students:
            name, n = safe_name(e.student), 1
            while name.casefold() in names:  # "jo smith" and "jo_smith" would share a file name: never lose one
                n += 1
                name = f"{safe_name(e.student)}-{n}"
            names.add(name.casefold())
            write_atomic(out_dir / "students" / f"{name}.txt", _handout(assignment, e))
        registry = assignment_registry()
        registry.mkdir(parents=True, exist_ok=True)
        write_atomic(registry / f"{safe_name(assignment_id)}.json",
                     json.dumps(assignment.to_json(), indent=2, ensure_ascii=False) + "\n")
        if scenario_file is not None:
            shutil.copyfile(out_dir / scenario_file, registry / scenario_file)
    except OSError as exc:
        raise AssignmentError(f"cannot write the assignment into {out_dir}: {exc.strerror or exc}") from None
    assignment.path = out_dir / RECORD_FILE
    return assignment


def _codes_csv(assignment: Assignment) -> str:
    text = io.StringIO()
    out = csv.writer(text, lineterminator="\r\n")
    out.writerow(["student", "name", "email", "sid", "section", "code"])
    out.writerows([e.student, e.name, e.email, e.sid, e.section, e.code] for e in assignment.students)
    return text.getvalue()


def _handout(assignment: Assignment, entry: Enrolled) -> str:
    """What one student is sent: their code and how to play it."""
    lines = [f"Front Desk assignment: {assignment.title}", "",
             f"Student ID:       {entry.student}", f"Assignment code:  {entry.code}", "",
             "To play it: open Front Desk (`frontdesk play`), type your student ID exactly as above, type the",
             "assignment code in the box \"Assignment code\", and press \"Play assignment\". Or, in a terminal:",
             f"  frontdesk play --student {shlex.quote(entry.student)} --code {entry.code}", ""]
    if assignment.scenario_file:
        lines += [f"This day is {assignment.scenario_file}: put that file (sent with this note) in a folder named",
                  "my-scenarios where you start the game.", ""]
    lines += ["At the end of the day the game saves your replay and shows where; hand in that .json file.",
              "Your code gives you your own day: it works only with your student ID.", ""]
    return "\n".join(lines)


_KEYS: dict[tuple[str, int], bytes | None] = {}


def instructor_key() -> bytes | None:
    """The instructor's key in the data folder, when this computer has one (grading then recomputes seeds, and
    the scoreboard seals its rows with it). Read once per process while the file stays the same."""
    path = key_path()
    try:
        stamp = (str(path), path.stat().st_mtime_ns)
    except OSError:
        return None
    if stamp not in _KEYS:
        try:
            _KEYS[stamp] = load_key()
        except AssignmentError:
            _KEYS[stamp] = None
    return _KEYS[stamp]


def assignment_verdict(replay: Replay, given: Iterable[Assignment] = (),
                       key: bytes | None = None) -> tuple[str | None, str | None]:
    """Whether ``replay`` may be graded as a day of an assignment: ``(refusal, note)``, each one line or ``None``.

    With ``given`` assignments (``grade --assignment``), every replay must be a day of one of them, played by a
    student on its roster with their own seed. Without, a replay that names an assignment registered on this
    computer is held to it; one naming an unknown assignment is graded with a note that its seed went unchecked.
    """
    given = list(given)
    if given:
        if replay.assignment is None:
            return given[0].check(replay, key), None
        found = find_assignment(replay.assignment, given) if any(a.id == replay.assignment for a in given) else None
        if found is None:
            ids = ", ".join(a.id for a in given)
            return f"it was played for assignment {replay.assignment!r}, not {ids}", None
        return found.check(replay, key), _other_key(found, key)
    if replay.assignment is None:
        theirs = [a.id for a in registered_assignments()
                  if a.scenario_sha256 == replay.scenario_sha256 and a.enrolled(replay.student) is not None]
        if theirs:
            return None, (f"student {replay.student!r} has assignment {', '.join(theirs)} of this scenario, but this "
                          "day was not played from their code (a practice day, or the assignment fields removed)")
        return None, None
    found = find_assignment(replay.assignment)
    if found is None:
        return None, (f"it names assignment {replay.assignment!r}, which is not registered on this computer, so its "
                      "seed was not checked (grade with --assignment FOLDER)")
    return found.check(replay, key), _other_key(found, key)


def _other_key(assignment: Assignment, key: bytes | None) -> str | None:
    """A note when the key at hand is not the one the assignment was made with (its seeds are then read from its
    record, not recomputed)."""
    if key is None or key_id(key) == assignment.key_id:
        return None
    return (f"assignment {assignment.id} was made with another instructor key than yours, so its seeds were read "
            "from its record rather than recomputed (give its key with --key-file)")
