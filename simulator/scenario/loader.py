"""Load a scenario file: parse with positions, fill defaults and validate, expand, cross-check, freeze.

Every problem comes back as ``path:line:col: message`` and all problems of a file are reported at once, so an
instructor fixes a file in one pass. Nothing here raises anything but :class:`ScenarioError` for a bad file.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from pathlib import Path as PathlibPath
from typing import Any, cast

from pydantic import ValidationError

from ..files import cache_root, write_atomic
from . import checks
from .messages import Path, data_at, explain, field_at, field_type, literal_options, strip_tags, typos
from .models import GeneratePatients, Patient, Scenario
from .problems import Problem, ScenarioError
from .yamlread import MAX_BYTES, Located, YamlReadError, read_yaml

__all__ = ["load_scenario", "load_scenario_text", "parse_scenario", "read_scenario", "scenario_warnings", "MAX_GENERATED"]

#: Generated patients in one scenario, all `{generate: N}` entries together.
MAX_GENERATED = 10_000


def load_scenario(path: str | os.PathLike[str], *, display_name: str | None = None) -> Scenario:
    """Read, validate and expand the scenario at ``path``. Raises :class:`ScenarioError` listing every problem."""
    return read_scenario(path, display_name=display_name)[0]


def read_scenario(path: str | os.PathLike[str], *, display_name: str | None = None) -> tuple[Scenario, Located]:
    """Like :func:`load_scenario`, also returning the positions of the file's keys and values."""
    name = display_name or str(path)
    try:
        with open(path, "rb") as handle:
            # Never read more than the cap: a 50 MB file, or /dev/zero, costs one bounded read.
            raw = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise ScenarioError([Problem(name, 1, 1, "no such file")]) from None
    except IsADirectoryError:
        raise ScenarioError([Problem(name, 1, 1, "this is a folder, not a scenario file")]) from None
    except OSError as exc:
        raise ScenarioError([Problem(name, 1, 1, f"cannot be read: {exc.strerror or exc}")]) from None
    return parse_scenario(raw, name)


def load_scenario_text(raw: bytes | str, name: str = "<scenario>") -> Scenario:
    """Like :func:`load_scenario`, from the file's contents; ``name`` is used in messages."""
    scenario, _ = parse_scenario(raw, name)
    return scenario


def parse_scenario(raw: bytes | str, name: str = "<scenario>") -> tuple[Scenario, Located]:
    """Load a scenario and also return the positions of its source, for tools that point into the file."""
    if isinstance(raw, str):
        raw = raw.encode("utf-8")
    try:
        located = read_yaml(raw)
    except YamlReadError as exc:
        raise ScenarioError([Problem(name, exc.line, exc.column, exc.message)]) from None
    if not isinstance(located.data, dict):
        raise ScenarioError([Problem(name, 1, 1, "a scenario is a mapping of keys (format, id, title, ...), not a list or a value")])
    try:
        source = Scenario.model_validate(located.data)
    except ValidationError as exc:
        # pydantic types each error as a TypedDict; the explaining code reads them as plain mappings.
        errors = cast(list[dict[str, Any]], exc.errors(include_url=False))
        raise ScenarioError(_explained(errors, located, name) + _cross_check_the_rest(errors, located, name)) from None
    too_many = _too_many_generated(source, located, name)
    if too_many:
        raise ScenarioError(too_many)
    try:
        scenario, origins = _expand(source)
    except MissingFakerError as exc:
        index = next(i for i, e in enumerate(source.patients) if isinstance(e, GeneratePatients))
        line, column = located.position(("patients", index, "generate"))
        raise ScenarioError([Problem(name, line, column, str(exc))]) from None
    problems = _cross_check(scenario, origins, located, name)
    if problems:
        raise ScenarioError(problems)
    return scenario, located


def _explained(errors: list[dict[str, Any]], located: Located, name: str) -> list[Problem]:
    meant = set(typos(errors).values())
    problems: list[Problem] = []
    for error in errors:
        loc = tuple(error["loc"])
        path = strip_tags(loc)
        if error["type"] == "missing" and path in meant:
            continue
        explained = explain(error, located, errors)
        if explained is None:
            continue
        message, on_key = explained
        line, column = _position(located, path, on_key or "[key]" in loc or path in located.bare_keys)
        problem = Problem(name, line, column, message)
        if problem not in problems:  # a bare key can fail twice (as a key and as a value): say it once
            problems.append(problem)
    return problems


def _too_many_generated(source: Scenario, located: Located, name: str) -> list[Problem]:
    total = 0
    for index, entry in enumerate(source.patients):
        if isinstance(entry, GeneratePatients):
            total += entry.generate
            if total > MAX_GENERATED:
                line, column = located.position(("patients", index, "generate"))
                return [Problem(name, line, column, f"more than {MAX_GENERATED} generated patients in all; no clinic day needs that")]
    return []


def _expand(source: Scenario) -> tuple[Scenario, list[Path]]:
    """Replace each ``{generate: N}`` entry by N synthetic patients; remember each patient's source path."""
    if not any(isinstance(e, GeneratePatients) for e in source.patients):
        return source, [("patients", i) for i in range(len(source.patients))]
    patients: list[Patient] = []
    origins: list[Path] = []
    taken = {e.id for e in source.patients if isinstance(e, Patient)}
    number = 0
    for index, entry in enumerate(source.patients):
        if isinstance(entry, Patient):
            patients.append(entry)
            origins.append(("patients", index))
            continue
        made, number = generated_patients(source.jurisdiction, source.seed, index, entry.generate, number, taken,
                                          source.date, entry.kind)
        patients.extend(made)
        origins.extend([("patients", index, "generate")] * len(made))
    return source.model_copy(update={"patients": tuple(patients)}), origins


def generated_patients(jurisdiction: str, seed: int, index: int, count: int, number: int, taken: set[str],
                       day: Any, kind: str | None = None) -> tuple[list[Patient], int]:
    """The patients of one ``{generate: N}`` entry: from the cache of generated patients when they were made
    before, else made with Faker (and cached).

    Grading a replay re-loads its scenario; importing Faker and making the patients would cost more than the
    whole grade. The cache key covers every input and the generator's own source, so a change to either makes
    new patients; a cache that cannot be read or written is simply not used.
    """
    shipped = shipped_panel(jurisdiction, seed, index, count, number, taken, day, kind)
    if shipped is not None:
        return shipped
    key = hashlib.sha256(json.dumps([jurisdiction, seed, index, count, number, sorted(taken), str(day),
                                     _generator_digest()] + ([kind] if kind else [])).encode()).hexdigest()[:32]
    folder = _cache_dir()
    path = folder / f"{key}.json" if folder is not None else None
    if path is not None:
        try:
            cached = json.loads(path.read_text(encoding="utf-8"))
            return [Patient.model_validate(p) for p in cached["patients"]], int(cached["number"])
        except (OSError, ValueError, KeyError, TypeError):
            pass  # not cached yet, or damaged: make them again
    try:
        from .generate import synthetic_patients  # Faker is imported only when patients must be made
    except ImportError as exc:
        raise MissingFakerError(f"making patients for {{generate: {count}}} needs Faker ({exc.name or exc}): "
                           "pip install 'frontdesk[authoring]'") from None

    made, number = synthetic_patients(jurisdiction, seed, index, count, number, taken, day, kind)
    if folder is not None and path is not None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            data = {"patients": [p.model_dump(mode="json", by_alias=True, exclude_defaults=True) for p in made],
                    "number": number}
            write_atomic(path, json.dumps(data))
        except OSError:
            pass  # a read-only home is no reason to fail: the next load makes them again
    return made, number


#: The shipped scenarios' generated panels, beside them.
PANELS_FILE = "panels.json"


class MissingFakerError(Exception):
    """Patients must be made for a ``{generate: N}`` entry and Faker (the ``authoring`` extra) is not installed."""


def panel_key(jurisdiction: str, seed: int, index: int, count: int, number: int, taken: set[str], day: Any,
              kind: str | None = None) -> str:
    """The name of a shipped panel: a digest of everything a ``{generate: N}`` entry's patients are made from."""
    inputs = [jurisdiction, seed, index, count, number, sorted(taken), str(day)] + ([kind] if kind else [])
    return hashlib.sha256(json.dumps(inputs).encode()).hexdigest()[:32]


def shipped_panel(jurisdiction: str, seed: int, index: int, count: int, number: int, taken: set[str], day: Any,
                  kind: str | None = None) -> tuple[list[Patient], int] | None:
    """The generated patients shipped as data for this entry (the shipped scenarios' panels, in the shipped
    ``panels.json``, so that loading and grading a shipped day needs no Faker), or ``None`` when there are none."""
    entry = _shipped_panels().get(panel_key(jurisdiction, seed, index, count, number, taken, day, kind))
    if not isinstance(entry, dict):
        return None
    try:
        return [Patient.model_validate(p) for p in entry["patients"]], int(entry["number"])
    except (ValueError, KeyError, TypeError):
        return None


@functools.lru_cache(maxsize=1)
def _shipped_panels() -> dict[str, Any]:
    """The shipped panels, by :func:`panel_key` (read once)."""
    from .shipped import shipped_dir

    try:
        data = json.loads((shipped_dir() / PANELS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


@functools.lru_cache(maxsize=1)
def _generator_digest() -> str:
    """A digest of the generator's source: ``generate.py`` and the ``generate_*.py`` modules it draws from."""
    digest = hashlib.sha256()
    for path in sorted(PathlibPath(__file__).parent.glob("generate*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _cache_dir() -> PathlibPath | None:
    """Where generated patients are cached."""
    return cache_dir("patients")


def cache_dir(part: str) -> PathlibPath | None:
    """The folder ``part`` of the cache: under ``$FRONTDESK_CACHE_DIR``, else the user's cache folder (``None``
    when the platform has none: the caller then computes each time)."""
    root = cache_root()
    return None if root is None else root / part


def scenario_warnings(scenario: Scenario, located: Located, name: str) -> list[Problem]:
    """What a valid scenario says that the day will not act on (see :mod:`.caveats`), as warnings in file order."""
    from .caveats import caveats

    found = [Problem(name, *_position(located, path, on_key), message, warning=True)
             for path, message, on_key in caveats(scenario)]
    return sorted(set(found))


def _position(located: Located, path: Path, on_key: bool) -> tuple[int, int]:
    return located.key_position(path) if on_key else located.position(path)


def _cross_check(
    scenario: Scenario,
    origins: list[Path],
    located: Located,
    name: str,
) -> list[Problem]:
    found = checks.check(scenario, origins)
    return [Problem(name, *_position(located, path, on_key), message) for path, message, on_key in found]


def _cross_check_the_rest(errors: list[dict[str, Any]], located: Located, name: str) -> list[Problem]:
    """After errors, still report wrong references (the commonest second mistake), without follow-on noise.

    The data is mended just enough to validate: a misspelled key is read under the name it was meant to have,
    an unknown key is dropped, a list item or mapping entry with an error is set aside, a wrong optional value
    gives way to its default (or its nearest optional parent is dropped), a wrong required choice takes the
    first option and a wrong required text a stand-in. Items removed from a list shift the indexes after them;
    ``remap`` turns the mended file's paths back into the original's.

    Only reference problems are reported from the mended data, since other checks (hours, dates, cards, weights)
    could be misled by what stands in for a wrong value; and references into a part that lost an item (the
    patients, the staff...) are not flagged, since the names it held are unknown.
    """
    misspelled = typos(errors)
    data = json.loads(json.dumps(located.data))  # a private copy with anchors un-shared: each list pruned once
    drop: dict[Path, set[int]] = {}
    mended: set[str] = set()
    for error in errors:
        loc = tuple(error["loc"])
        path = strip_tags(loc)
        parent = data_at(data, path[:-1])
        if error["type"] == "extra_forbidden":
            if isinstance(parent, dict) and path[-1] in parent:
                value = parent.pop(path[-1])
                if path in misspelled:
                    parent[misspelled[path][-1]] = value
            continue
        if error["type"] == "missing" and path in misspelled.values():
            continue
        cut = max((i for i, part in enumerate(path) if isinstance(part, int)), default=None)
        if cut is not None:
            drop.setdefault(path[:cut], set()).add(path[cut])
            mended.add(_part(path))
            continue
        if not _mend_in_place(data, loc, path, error):
            return []
        mended.add(_part(path))
    kept: dict[Path, list[int]] = {}
    for list_path, indexes in sorted(drop.items(), key=lambda kv: -len(kv[0])):
        items = data_at(data, list_path)
        if not isinstance(items, list):
            return []
        kept[list_path] = [i for i in range(len(items)) if i not in indexes]
        items[:] = [items[i] for i in kept[list_path]]

    def remap(path: Path) -> Path:
        out: list[Any] = []
        for part in path:
            if isinstance(part, int) and tuple(out) in kept and part < len(kept[tuple(out)]):
                part = kept[tuple(out)][part]
            out.append(part)
        return tuple(out)

    try:
        source = Scenario.model_validate(data)
    except ValidationError:
        return []
    if _too_many_generated(source, located, name):
        return []
    scenario, origins = _expand(source)
    found = checks.check(scenario, origins, frozenset(mended))
    return [Problem(name, *_position(located, remap(path), on_key), message) for path, message, on_key in found]


_STAND_IN = "stand-in"


def _mend_in_place(data: Any, loc: Path, path: Path, error: dict[str, Any]) -> bool:
    """Mend one wrong value outside any list so the rest can be validated; False when it cannot be mended."""
    parent = data_at(data, path[:-1])
    field = field_at(loc)
    if isinstance(parent, dict) and (field is None or not field.is_required()):
        parent.pop(path[-1], None)  # a mapping entry, or an optional value: its default stands in
        return True
    if field is not None and isinstance(parent, dict):
        if error["type"] == "literal_error":
            parent[path[-1]] = literal_options(error)[0]
            return True
        if field_type(field) is str:
            parent[path[-1]] = _STAND_IN
            return True
    for k in range(len(loc) - 1, 0, -1):  # drop the nearest optional thing that holds the wrong value
        holder = field_at(loc[:k])
        outer = data_at(data, strip_tags(loc[: k - 1]))
        if holder is not None and not holder.is_required() and isinstance(outer, dict):
            outer.pop(strip_tags(loc[:k])[-1], None)
            return True
    return False


def _part(path: Path) -> str:
    """The part of the scenario a path lies in, as :func:`checks.check` names them (``staff``, ``patients``...)."""
    if path[:2] == ("clinic", "staff"):
        return "staff"
    if path[:2] == ("clinic", "visit_types"):
        return "visit_types"
    return str(path[0]) if path else ""
