"""Load a scenario file: parse with positions, fill defaults and validate, expand, cross-check, freeze.

Every problem comes back as ``path:line:col: message`` and all problems of a file are reported at once, so an
instructor fixes a file in one pass. Nothing here raises anything but :class:`ScenarioError` for a bad file.
"""

from __future__ import annotations

import itertools
import json
import os
from typing import Any, Callable

from pydantic import ValidationError

from . import checks
from .messages import Path, data_at, explain, field_at, field_type, literal_options, strip_tags, typos
from .models import GeneratePatients, Patient, Scenario
from .problems import Problem, ScenarioError
from .yamlread import MAX_BYTES, Located, YamlProblem, read_yaml

__all__ = ["load_scenario", "load_scenario_text", "parse_scenario", "MAX_GENERATED"]

#: Generated patients in one scenario, all `{generate: N}` entries together.
MAX_GENERATED = 10_000


def load_scenario(path: str | os.PathLike[str], *, display_name: str | None = None) -> Scenario:
    """Read, validate and expand the scenario at ``path``. Raises :class:`ScenarioError` listing every problem."""
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
    return load_scenario_text(raw, name)


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
    except YamlProblem as exc:
        raise ScenarioError([Problem(name, exc.line, exc.column, exc.message)]) from None
    if not isinstance(located.data, dict):
        raise ScenarioError([Problem(name, 1, 1, "a scenario is a mapping of keys (format, id, title, ...), not a list or a value")])
    try:
        source = Scenario.model_validate(located.data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        raise ScenarioError(_explained(errors, located, name) + _cross_check_the_rest(errors, located, name)) from None
    too_many = _too_many_generated(source, located, name)
    if too_many:
        raise ScenarioError(too_many)
    scenario, origins = _expand(source)
    problems = _cross_check(scenario, origins, located, name)
    if problems:
        raise ScenarioError(problems)
    return scenario, located


def _explained(errors: list[dict[str, Any]], located: Located, name: str) -> list[Problem]:
    meant = set(typos(errors).values())
    problems = []
    for error in errors:
        loc = tuple(error["loc"])
        path = strip_tags(loc)
        if error["type"] == "missing" and path in meant:
            continue
        explained = explain(error, located, errors)
        if explained is None:
            continue
        message, on_key = explained
        line, column = _position(located, path, on_key or "[key]" in loc)
        problems.append(Problem(name, line, column, message))
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
    from .generate import synthetic_patients  # Faker is imported only when a file asks for generated patients

    patients: list[Patient] = []
    origins: list[Path] = []
    taken = {e.id for e in source.patients if isinstance(e, Patient)}
    number = 0
    for index, entry in enumerate(source.patients):
        if isinstance(entry, Patient):
            patients.append(entry)
            origins.append(("patients", index))
            continue
        made, number = synthetic_patients(source.jurisdiction, source.seed, index, entry.generate, number, taken, source.date)
        patients.extend(made)
        origins.extend([("patients", index, "generate")] * len(made))
    return source.model_copy(update={"patients": tuple(patients)}), origins


def _position(located: Located, path: Path, on_key: bool) -> tuple[int, int]:
    return located.key_position(path) if on_key else located.position(path)


def _cross_check(
    scenario: Scenario,
    origins: list[Path],
    located: Located,
    name: str,
    remap: Callable[[Path], Path] = lambda path: path,
    set_aside: frozenset[str] = frozenset(),
) -> list[Problem]:
    found = checks.check(scenario, origins, set_aside)
    return [Problem(name, *_position(located, remap(path), on_key), message) for path, message, on_key in found]


_PLACEHOLDER = "placeholder"


def _cross_check_the_rest(errors: list[dict[str, Any]], located: Located, name: str) -> list[Problem]:
    """Cross-check what is left once the parts with errors are mended or set aside, so one pass shows everything.

    - A misspelled key is read under the name it was meant to have; an unknown key is dropped.
    - A list item with an error is set aside. Items removed shift the indexes after them, so ``remap`` turns
      the pruned file's paths back into the original's. Ids and patients named by set-aside items still count
      as existing, so a typo in one appointment does not also make that patient's arrival look unscheduled.
    - An optional value with an error is dropped (its default stands in); a required text gets a placeholder.
    - A wrong required choice (say, the jurisdiction) is tried with every option, and only the problems they
      all share are kept, since those cannot depend on it.
    Anything else wrong outside a list (a missing `clinic`) leaves nothing sound to check: no more is reported.
    """
    misspelled = typos(errors)
    data = json.loads(json.dumps(located.data))  # a private copy with anchors un-shared: each list pruned once
    drop: dict[Path, set[int]] = {}
    choices: list[tuple[Path, list[str]]] = []
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
            continue
        field = field_at(loc)
        if not isinstance(parent, dict) or field is None:
            return []
        if not field.is_required():
            parent.pop(path[-1], None)
        elif error["type"] == "literal_error":
            choices.append((path, literal_options(error)))
        elif field_type(field) is str:
            parent[path[-1]] = _PLACEHOLDER
        else:
            return []
    kept: dict[Path, list[int]] = {}
    set_aside: set[str] = set()
    for list_path, indexes in sorted(drop.items(), key=lambda kv: -len(kv[0])):
        items = data_at(data, list_path)
        if not isinstance(items, list):
            return []
        for i in indexes:
            if i < len(items) and isinstance(items[i], dict):
                set_aside |= {str(items[i][k]) for k in ("id", "patient") if items[i].get(k) is not None}
        kept[list_path] = [i for i in range(len(items)) if i not in indexes]
        items[:] = [items[i] for i in kept[list_path]]

    def remap(path: Path) -> Path:
        out: list[Any] = []
        for part in path:
            if isinstance(part, int) and tuple(out) in kept and part < len(kept[tuple(out)]):
                part = kept[tuple(out)][part]
            out.append(part)
        return tuple(out)

    if len(choices) > 2:
        return []
    shared: set[Problem] | None = None
    for picks in itertools.product(*(options for _, options in choices)):
        for (path, _), pick in zip(choices, picks):
            data_at(data, path[:-1])[path[-1]] = pick
        try:
            source = Scenario.model_validate(data)
        except ValidationError:
            return []
        if _too_many_generated(source, located, name):
            return []
        scenario, origins = _expand(source)
        found = {p for p in _cross_check(scenario, origins, located, name, remap, frozenset(set_aside))
                 if _PLACEHOLDER not in p.message}
        shared = found if shared is None else shared & found
    return sorted(shared or ())
