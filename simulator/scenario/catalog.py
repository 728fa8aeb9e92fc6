"""The scenarios a user can name: the shipped ones and their own, found by id or path, grouped into courses, and
described in a line.

``frontdesk scenarios`` and the game's menu list the same scenarios the same way, as courses: first the shipped
course, in the teaching order its course file gives (:data:`COURSE_FILE` beside the shipped scenarios, the tutorial
first), then one course per folder of the user's own scenarios (``my-scenarios/`` and ``scenarios/`` of the current
folder, :func:`default_folders`), each ordered by the course file in that folder when it has one, else by file name.
Every command that takes a scenario accepts either a path or the id of one of these (:func:`find_scenario`).

A course file is JSON, so that the same small reader serves the shipped course and an instructor's::

    {"format": 1, "title": "MOA 101: the front desk",
     "about": "Why this order, for whoever reads the file.",
     "steps": ["first-day", {"scenario": "phones", "focus": "Answering, holding and routing calls."}]}

A step names a scenario by its id or its file's name without ``.yaml``; its ``focus`` (optional) says what the step
teaches. Scenarios of the folder that no step names follow the named ones, by file name, so that none is hidden. A
course file that cannot be read or has the wrong shape is set aside (the folder is listed by file name) and its
problem is reported in one line; a step naming no scenario of the folder is reported the same way.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

from .jurisdictions import JURISDICTIONS
from .loader import ScenarioError, load_scenario
from .models import Scenario
from .shipped import default_folders, resolved, shipped_dir, shipped_scenarios

__all__ = ["COURSE_FILE", "Course", "ScenarioEntry", "day_text", "find_scenario", "list_courses", "list_scenarios",
           "read_course", "where"]

log = logging.getLogger(__name__)

#: The name of a course file: in the shipped folder, and in any folder of scenarios that is a course.
COURSE_FILE = "course.json"
#: A course file larger than this is not one a person wrote (it is refused unread, as oversized scenarios are).
COURSE_MAX_BYTES = 256 * 1024
#: The course file keys a course file may have.
_COURSE_KEYS = ("format", "title", "about", "steps")
_STEP_KEYS = ("scenario", "focus")


@dataclass(frozen=True)
class Course:
    """A group of scenarios taught in an order: the shipped course, or one folder of the user's own scenarios.

    ``title`` is the course file's title (``None`` for a folder without a usable one); ``folder`` is the user's
    folder (``None`` for the shipped course); ``about`` is the course file's note on its order; ``problems`` says,
    one line each, what is wrong with the course file (empty when nothing is).
    """

    title: str | None
    folder: Path | None = None
    about: str = ""
    problems: tuple[str, ...] = ()

    @property
    def shipped(self) -> bool:
        """Whether this is the course shipped with Front Desk."""
        return self.folder is None


@dataclass(frozen=True)
class ScenarioEntry:
    """One scenario file: the loaded scenario, or the first problem that stops it from opening; and its place in
    its course (``step`` counts from 1, ``focus`` is what the course file says the step teaches)."""

    path: Path
    scenario: Scenario | None = None
    problem: str | None = None
    problems: int = 0
    local: bool = False
    course: Course | None = field(default=None, compare=False)
    step: int = 0
    focus: str = ""

    @property
    def playable(self) -> bool:
        """Whether the file loaded as a scenario (one with a problem cannot be played)."""
        return self.scenario is not None


def _entry(path: Path, local: bool) -> ScenarioEntry:
    try:
        return ScenarioEntry(path, load_scenario(path), local=local)
    except ScenarioError as exc:
        first = exc.problems[0] if exc.problems else None
        why = f"line {first.line}: {first.message}" if first else (str(exc) or "an unknown problem")
        return ScenarioEntry(path, None, why, max(1, len(exc.problems)), local)
    except Exception as exc:  # noqa: BLE001 - one bad file must never hide the other scenarios from a class
        log.warning("scenario %s could not be loaded", path, exc_info=True)
        return ScenarioEntry(path, None, f"{type(exc).__name__}: {exc}", 1, local)


def read_course(folder: Path) -> tuple[Course, list[tuple[str, str]]]:
    """The course file in ``folder`` (:data:`COURSE_FILE`): the course, and its steps as (scenario name, focus).

    A folder without the file is a course with no title and no steps. A file that cannot be read, is not JSON or
    has the wrong shape gives the same, with its problem in one line; it never raises.
    """
    path = Path(folder) / COURSE_FILE
    local = None if resolved(Path(folder)) == resolved(shipped_dir()) else Path(folder)
    if not path.is_file():
        return Course(None, local), []
    try:
        if path.stat().st_size > COURSE_MAX_BYTES:
            raise ValueError(f"it is larger than {COURSE_MAX_BYTES // 1024} KB, too large to be a course file")
        raw = path.read_bytes()
        try:
            data = json.loads(raw.decode("utf-8-sig"))
        except json.JSONDecodeError as exc:
            raise ValueError(f"line {exc.lineno}: it is not JSON ({exc.msg})") from None
        except UnicodeDecodeError:
            raise ValueError("it is not UTF-8 text") from None
        except RecursionError:
            raise ValueError("it is nested too deeply to be a course file") from None
        title, about, steps = _course_fields(data)
    except (OSError, ValueError) as exc:
        why = exc.strerror.lower() if isinstance(exc, OSError) and exc.strerror else str(exc)
        return Course(None, local, problems=(f"{COURSE_FILE}: {why}; the folder is listed by file name",)), []
    return Course(title, local, about), steps


def _course_fields(data: Any) -> tuple[str, str, list[tuple[str, str]]]:
    """(title, about, steps) of a course file's JSON; ``ValueError`` saying what is wrong."""
    if not isinstance(data, dict):
        raise ValueError('it must be an object: {"title": ..., "steps": [...]}')
    unknown = [k for k in data if k not in _COURSE_KEYS]
    if unknown:
        raise ValueError(f"unknown key {unknown[0]!r} (a course file has {', '.join(_COURSE_KEYS)})")
    if data.get("format", 1) != 1:
        raise ValueError(f"format {data.get('format')!r} is not one this Front Desk reads (it reads format 1)")
    title, about, steps = data.get("title"), data.get("about", ""), data.get("steps")
    if not isinstance(title, str) or not title.strip():
        raise ValueError('"title" must be the course\'s name, as text')
    if not isinstance(about, str):
        raise ValueError('"about" must be text')
    if not isinstance(steps, list):
        raise ValueError('"steps" must be a list of scenario ids, in teaching order')
    out = []
    for i, step in enumerate(steps, 1):
        if isinstance(step, dict):
            extra = [k for k in step if k not in _STEP_KEYS]
            if extra:
                raise ValueError(f"step {i}: unknown key {extra[0]!r} (a step has {', '.join(_STEP_KEYS)})")
            name, focus = step.get("scenario"), step.get("focus", "")
        else:
            name, focus = step, ""
        if not isinstance(name, str) or not name.strip():
            raise ValueError(f"step {i}: name the scenario by its id, as text")
        if not isinstance(focus, str):
            raise ValueError(f'step {i}: "focus" must be text')
        out.append((name.strip(), " ".join(focus.split())))
    return " ".join(title.split()), " ".join(about.split()), out


def _in_order(course: Course, steps: list[tuple[str, str]],
              entries: list[ScenarioEntry]) -> tuple[Course, list[ScenarioEntry]]:
    """``entries`` (in file-name order) in the course's order, each given its course, step and focus; a step that
    names no entry, or one already placed, becomes one of the course's problems."""
    placed: list[tuple[ScenarioEntry, str]] = []
    taken: set[int] = set()
    problems = list(course.problems)
    for i, (name, focus) in enumerate(steps, 1):
        found = next((k for k, e in enumerate(entries)
                      if name in (e.path.stem, e.scenario.id if e.scenario is not None else None)), None)
        if found is None:
            problems.append(f"{COURSE_FILE}: step {i} names {name!r}, and no scenario here has that id")
        elif found in taken:
            problems.append(f"{COURSE_FILE}: step {i} names {name!r} again (a scenario has one place in a course)")
        else:
            taken.add(found)
            placed.append((entries[found], focus))
    placed += [(e, "") for k, e in enumerate(entries) if k not in taken]
    if problems != list(course.problems):
        course = Course(course.title, course.folder, course.about, tuple(problems))
    return course, [ScenarioEntry(e.path, e.scenario, e.problem, e.problems, e.local, course, step, focus)
                    for step, (e, focus) in enumerate(placed, 1)]


def list_courses(folders: Sequence[Path] = ()) -> list[tuple[Course, list[ScenarioEntry]]]:
    """The courses and their scenarios, each in teaching order: the shipped course first, then one course per
    folder of ``folders`` (a folder with no ``*.yaml`` in it is left out); a file reached twice is listed once."""
    seen: set[Path] = set()

    def fresh(paths: list[Path]) -> list[Path]:
        new = [p for p in paths if resolved(p) not in seen]
        seen.update(resolved(p) for p in new)
        return new

    course, steps = read_course(shipped_dir())
    if course.title is None:  # never so in a release; a checkout with a damaged file still lists the scenarios
        course = Course("Front Desk course", None, course.about, course.problems)
    courses = [_in_order(course, steps, [_entry(p, False) for p in fresh(shipped_scenarios())])]
    for folder in folders:
        folder = Path(folder)
        paths = fresh(sorted(folder.glob("*.yaml")) if folder.is_dir() else [])
        if paths:
            courses.append(_in_order(*read_course(folder), [_entry(p, True) for p in paths]))
    return courses


def list_scenarios(folders: Sequence[Path] = ()) -> list[ScenarioEntry]:
    """Every scenario of :func:`list_courses`, course after course, each course in its teaching order (the shipped
    course first, the tutorial at its head)."""
    return [entry for _, entries in list_courses(folders) for entry in entries]


def find_scenario(name: str, folders: Sequence[Path] | None = None) -> Path | None:
    """The scenario file ``name`` means: the file itself when it exists, else the shipped scenario with that id,
    else the ``*.yaml`` of that name in ``folders`` (by default :func:`default_folders`); ``None`` when none is."""
    path = Path(name)
    if path.exists():
        return path
    if path.suffix or len(path.parts) > 1:
        return None  # a path that is not there: never taken for an id
    for candidate in shipped_scenarios():
        if candidate.stem == name:
            return candidate
    for folder in default_folders() if folders is None else folders:
        for suffix in (".yaml", ".yml"):
            if (Path(folder) / f"{name}{suffix}").is_file():
                return Path(folder) / f"{name}{suffix}"
    return None


def where(scenario: Scenario) -> str:
    """Where the day is, with its privacy law: ``ON (PHIPA)``."""
    return f"{scenario.jurisdiction} ({JURISDICTIONS[scenario.jurisdiction].privacy_law})"


def _hm(seconds: int) -> str:
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}"


def day_text(scenario: Scenario) -> str:
    """The day's hours and patients booked: ``8:00–17:30 · 27 patients``."""
    c = scenario.clinic
    booked = len({a.patient for a in scenario.schedule})
    return f"{_hm(c.opens)}–{_hm(c.closes)} · {booked} patient{'s' if booked != 1 else ''}"
