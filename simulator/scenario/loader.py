"""Load a scenario file: parse with positions, fill defaults and validate, expand, cross-check, freeze.

Every problem comes back as ``path:line:col: message`` and all problems of a file are reported at once, so an
instructor fixes a file in one pass. Nothing here raises anything but :class:`ScenarioError` for a bad file.
"""

from __future__ import annotations

import copy
import itertools
import os
import types
import typing
from pathlib import Path
from typing import Any, Callable

from pydantic import BaseModel, ValidationError

from . import checks
from .models import EVENT_KINDS, GeneratePatients, Patient, Scenario
from .problems import Problem, ScenarioError, did_you_mean
from .yamlread import MAX_BYTES, Located, YamlProblem, read_yaml

__all__ = ["load_scenario", "load_scenario_text", "parse_scenario"]

_TAG_PREFIX = "kind:"


def load_scenario(path: str | os.PathLike[str], *, display_name: str | None = None) -> Scenario:
    """Read, validate and expand the scenario at ``path``. Raises :class:`ScenarioError` listing every problem."""
    name = display_name or str(path)
    try:
        size = os.stat(path).st_size
        if size > MAX_BYTES:
            # Refuse before reading: a 50 MB file should cost a stat, not a parse.
            raise ScenarioError([Problem(name, 1, 1, f"the file is {size / 1e6:.0f} MB; a scenario is at most {MAX_BYTES // 2**20} MB")])
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise ScenarioError([Problem(name, 1, 1, "no such file")]) from None
    except IsADirectoryError:
        raise ScenarioError([Problem(name, 1, 1, "this is a folder, not a scenario file")]) from None
    except OSError as exc:
        raise ScenarioError([Problem(name, 1, 1, f"cannot be read: {exc.strerror}")]) from None
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
        problems = _pydantic_problems(exc, located, name)
        problems += _cross_check_the_rest(exc, located, name)
        raise ScenarioError(problems) from None
    scenario, origins = _expand(source)
    problems = _cross_check(scenario, origins, located, name)
    if problems:
        raise ScenarioError(problems)
    return scenario, located


def _cross_check(
    scenario: Scenario,
    origins: list[tuple[Any, ...]],
    located: Located,
    name: str,
    remap: Callable[[tuple[Any, ...]], tuple[Any, ...]] = lambda path: path,
    broken_ids: frozenset[str] = frozenset(),
) -> list[Problem]:
    found = checks.check(scenario, origins, broken_ids)
    return [Problem(name, *_position(located, remap(path), on_key), message) for path, message, on_key in found]


def _cross_check_the_rest(exc: ValidationError, located: Located, name: str) -> list[Problem]:
    """Cross-check what is left once the list items with errors are set aside, so one pass shows everything.

    Items removed from a list shift the indexes after them; ``remap`` turns the pruned file's paths back into
    the original's. Ids of removed items still count as existing, so a typo in a patient's date of birth does
    not also flag every appointment of that patient.
    """
    errors = exc.errors(include_url=False)
    typos = _typos(errors)
    data = copy.deepcopy(located.data)
    drop: dict[tuple[Any, ...], set[int]] = {}
    choices: list[tuple[tuple[Any, ...], list[str]]] = []
    for error in errors:
        loc = tuple(error["loc"])
        path = _strip_tags(loc)
        parent = _data_at(data, path[:-1])
        if error["type"] == "extra_forbidden":
            if isinstance(parent, dict) and path[-1] in parent:
                value = parent.pop(path[-1])
                if path in typos:
                    parent[typos[path][-1]] = value
            continue
        if error["type"] == "missing" and path in typos.values():
            continue
        cut = max((i for i, part in enumerate(path) if isinstance(part, int)), default=None)
        if cut is not None:
            drop.setdefault(path[:cut], set()).add(path[cut])
        elif _is_optional(loc) and isinstance(parent, dict):
            parent.pop(path[-1], None)  # its default stands in while the rest is checked
        elif error["type"] == "literal_error" and isinstance(parent, dict):
            # A required choice (say, the jurisdiction) is wrong: check the rest under every choice and keep
            # only the problems they all share, which cannot depend on it.
            options = [o.strip(" '") for o in error["ctx"]["expected"].replace(" or ", ", ").split(",")]
            choices.append((path, options))
        else:
            return []  # a required value outside any list is wrong: the rest cannot be checked meaningfully
    kept: dict[tuple[Any, ...], list[int]] = {}
    broken: set[str] = set()
    for list_path, indexes in sorted(drop.items(), key=lambda kv: -len(kv[0])):
        items = _data_at(data, list_path)
        if not isinstance(items, list):
            return []
        broken |= {str(items[i]["id"]) for i in indexes if isinstance(items[i], dict) and "id" in items[i]}
        kept[list_path] = [i for i in range(len(items)) if i not in indexes]
        items[:] = [items[i] for i in kept[list_path]]

    def remap(path: tuple[Any, ...]) -> tuple[Any, ...]:
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
            _data_at(data, path[:-1])[path[-1]] = pick
        try:
            source = Scenario.model_validate(data)
        except ValidationError:
            return []
        scenario, origins = _expand(source)
        found = set(_cross_check(scenario, origins, located, name, remap, frozenset(broken)))
        shared = found if shared is None else shared & found
    return sorted(shared or ())


def _expand(source: Scenario) -> tuple[Scenario, list[tuple[Any, ...]]]:
    """Replace each ``{generate: N}`` entry by N synthetic patients; remember each patient's source path."""
    patients: list[Patient] = []
    origins: list[tuple[Any, ...]] = []
    if not any(isinstance(e, GeneratePatients) for e in source.patients):
        return source, [("patients", i) for i in range(len(source.patients))]
    from .generate import synthetic_patients  # Faker is imported only when a file asks for generated patients

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


def _position(located: Located, path: tuple[Any, ...], on_key: bool) -> tuple[int, int]:
    return located.key_position(path) if on_key else located.position(path)


# --- pydantic errors in an instructor's words ----------------------------------------------------------------


def _typos(errors: list[Any]) -> dict[tuple[Any, ...], tuple[Any, ...]]:
    """Misspelled required keys: the path of each typo (``nmae``) → the path of the key it stands for."""
    missing = {_strip_tags(e["loc"]) for e in errors if e["type"] == "missing"}
    typos = {}
    for e in errors:
        if e["type"] == "extra_forbidden":
            path = _strip_tags(e["loc"])
            guess = did_you_mean(str(path[-1]), _allowed_keys(tuple(e["loc"])[:-1]))
            meant = path[:-1] + (guess.split("'")[1],) if guess else None
            if meant in missing:
                typos[path] = meant
    return typos


def _pydantic_problems(exc: ValidationError, located: Located, name: str) -> list[Problem]:
    errors = exc.errors(include_url=False)
    # A misspelled required key shows up twice (unknown `nmae`, missing `name`): report it once, as the typo.
    meant = set(_typos(errors).values())
    problems = []
    for error in errors:
        loc = tuple(error["loc"])
        path = _strip_tags(loc)
        if error["type"] == "missing" and path in meant:
            continue
        message, on_key = _message(error, loc, path, located)
        on_key = on_key or "[key]" in loc
        line, column = located.key_position(path) if on_key else located.position(path)
        problems.append(Problem(name, line, column, message))
    return problems


def _strip_tags(loc: Any) -> tuple[Any, ...]:
    """A pydantic error location as a path in the file: without union tags and ``[key]`` markers."""
    return tuple(p for p in loc if not (isinstance(p, str) and (p.startswith(_TAG_PREFIX) or p == "[key]")))


def _data_at(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _message(error: dict[str, Any], loc: tuple[Any, ...], path: tuple[Any, ...], located: Located) -> tuple[str, bool]:
    kind = error["type"]
    value = error.get("input")
    shown = repr(value) if isinstance(value, str) else "this"
    if kind == "missing":
        return f"missing key {path[-1]!r}", False
    if kind == "extra_forbidden":
        guess = did_you_mean(str(path[-1]), _allowed_keys(loc[:-1]))
        if not guess and value is None:
            # `{text: Hi, I need a visit}`: the comma ended the text and made "I need a visit" a key.
            return (
                f"unknown key {path[-1]!r}: inside {{...}} a comma ends the value before it; "
                "put that text in quotes (\"...\")"
            ), True
        return f"unknown key {path[-1]!r}{guess}", True
    if kind in ("union_tag_not_found", "union_tag_invalid"):
        return _untagged(path, located), False
    if value in (None, "") and kind in ("too_short", "string_type", "int_type", "float_type", "bool_type", "date_type", "string_too_short"):
        return f"{path[-1]!r} has no value; write one or leave the key out" if path else "no value here", False
    if kind == "value_error":
        return str(error["ctx"]["error"]), False
    if kind == "literal_error":
        expected = error["ctx"]["expected"]
        options = [o.strip(" '") for o in expected.replace(" or ", ", ").split(",")]
        return f"{shown} is not one of: {', '.join(options)}{did_you_mean(str(value), options)}", False
    if kind == "string_pattern_mismatch":
        return _pattern_message(value, str(error["ctx"]["pattern"])), False
    simple = {
        "int_parsing": f"{shown} is not a whole number",
        "int_from_float": f"{shown} is not a whole number",
        "float_parsing": f"{shown} is not a number",
        "bool_parsing": f"{shown} is not true or false",
        "date_from_datetime_parsing": f"{shown} is not a date; write it as YYYY-MM-DD",
        "date_parsing": f"{shown} is not a date; write it as YYYY-MM-DD",
        "model_type": "expected a mapping of keys here",
        "model_attributes_type": "expected a mapping of keys here",
        "dict_type": "expected a mapping of keys here",
        "tuple_type": "expected a list here",
        "list_type": "expected a list here",
        "string_type": "expected text here",
        "string_too_short": "must not be empty",
    }
    if kind in simple:
        return simple[kind], False
    msg = error["msg"]
    return msg[:1].lower() + msg[1:], False


def _pattern_message(value: Any, pattern: str) -> str:
    if "A-Za-z0-9_.-" in pattern:
        return f"{value!r} is not a usable id: use letters, digits, _, - or . (no spaces)"
    if "().-" in pattern:
        return f"{value!r} is not a phone number"
    if "/" in pattern:
        return f"{value!r} is not a blood pressure; write it as 128/82"
    return f"{value!r} does not have the expected form"


def _untagged(path: tuple[Any, ...], located: Located) -> str:
    item = _data_at(located.data, path)
    if not isinstance(item, dict):
        return "expected a mapping of keys here"
    if path and path[0] == "events":
        present = [k for k in EVENT_KINDS if k in item]
        if len(present) > 1:
            return f"an event has exactly one kind; this one has {' and '.join(present)}"
        base = {"at", "overnight", "after_hours", "hint"}
        unknown = [k for k in item if k not in base]
        hint = did_you_mean(unknown[0], EVENT_KINDS) if unknown else ""
        return f"an event needs one of: {', '.join(EVENT_KINDS)}{hint}"
    return "expected a mapping of keys here"


def _model_fields(model: type[BaseModel]) -> dict[str, Any]:
    return {(f.alias or n): f.annotation for n, f in model.model_fields.items()}


def _is_optional(loc: tuple[Any, ...]) -> bool:
    """True when the key at ``loc`` (a pydantic error location) may be left out."""
    model = _model_at(loc[:-1])
    if model is None:
        return False
    fields = {(f.alias or n): f for n, f in model.model_fields.items()}
    return loc[-1] in fields and not fields[loc[-1]].is_required()


def _allowed_keys(loc: tuple[Any, ...]) -> list[str]:
    """The keys the model at ``loc`` (a pydantic error location, with union tags) accepts."""
    model = _model_at(loc)
    return list(_model_fields(model)) if model is not None else []


def _model_at(loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class that validates the value at ``loc``, or ``None`` when that value is not a model."""
    current: Any = Scenario
    for part in loc:
        current = _unwrap(current)
        if isinstance(part, str) and part.startswith(_TAG_PREFIX):
            current = _TAGGED.get(part[len(_TAG_PREFIX):])
        elif isinstance(part, int):
            args = typing.get_args(current)
            current = args[0] if args else None
        elif isinstance(current, type) and issubclass(current, BaseModel):
            current = _model_fields(current).get(part)
        elif typing.get_origin(current) is dict:
            current = typing.get_args(current)[1]
        else:
            return None
    current = _unwrap(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(tp: Any) -> Any:
    """Strip ``Annotated`` and ``None`` from a type: ``Annotated[Call | None, ...]`` gives ``Call``."""
    while True:
        if typing.get_origin(tp) is typing.Annotated:
            tp = typing.get_args(tp)[0]
            continue
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if typing.get_origin(tp) in (typing.Union, types.UnionType) and len(args) == 1:
            tp = args[0]
            continue
        return tp


def _tagged_models() -> dict[str, type[BaseModel]]:
    from . import models

    tagged: dict[str, type[BaseModel]] = {"patient": models.Patient, "generate": models.GeneratePatients}
    tagged.update(models._EVENT_MODELS)
    return tagged


_TAGGED = _tagged_models()
