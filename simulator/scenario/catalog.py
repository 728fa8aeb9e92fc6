"""The scenarios a user can name: the shipped ones and their own, found by id or path, and described in a line.

``frontdesk scenarios`` and the game's menu list the same scenarios the same way: the shipped ones (the tutorial
first), then every ``*.yaml`` in ``my-scenarios/`` and ``scenarios/`` of the current folder (:func:`default_folders`).
Every command that takes a scenario accepts either a path or the id of one of these (:func:`find_scenario`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from .jurisdictions import JURISDICTIONS
from .loader import ScenarioError, load_scenario
from .models import Scenario
from .shipped import default_folders, resolved, shipped_scenarios

__all__ = ["ScenarioEntry", "day_text", "find_scenario", "list_scenarios", "where"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ScenarioEntry:
    """One scenario file: the loaded scenario, or the first problem that stops it from opening."""

    path: Path
    scenario: Scenario | None = None
    problem: str | None = None
    problems: int = 0
    local: bool = False

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


def list_scenarios(folders: Sequence[Path] = ()) -> list[ScenarioEntry]:
    """The shipped scenarios (tutorial first), then every ``*.yaml`` in ``folders`` by folder and name; a file
    reached twice is listed once."""
    seen: set[Path] = set()
    entries = []
    for path, local in [(p, False) for p in shipped_scenarios()] + [
        (p, True) for folder in folders for p in (sorted(Path(folder).glob("*.yaml")) if Path(folder).is_dir() else [])
    ]:
        key = resolved(path)
        if key not in seen:
            seen.add(key)
            entries.append(_entry(path, local))
    return entries


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
