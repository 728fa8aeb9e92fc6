"""Pydantic's validation errors, told in an instructor's words and pinned to the right place in the file.

Pydantic reports a location such as ``("events", 3, "kind:call", "call", "caler")`` and a terse type such as
``extra_forbidden``. This module turns each into a path in the file (without union tags), a sentence that says
what to write instead, and whether to point at the key or at the value. It also walks the models to know which
keys a mapping accepts (for "did you mean") and which keys may be left out.
"""

from __future__ import annotations

import re
import types
import typing
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .models import EVENT_KINDS, TAG_PREFIX, TAGGED_MODELS, Scenario
from .problems import did_you_mean
from .yamlread import Located

__all__ = ["Path", "strip_tags", "data_at", "typos", "explain", "field_at", "literal_options", "allowed_keys"]

Path = tuple[Any, ...]


def strip_tags(loc: Any) -> Path:
    """A pydantic error location as a path in the file: without union tags and ``[key]`` markers."""
    return tuple(p for p in loc if not (isinstance(p, str) and (p.startswith(TAG_PREFIX) or p == "[key]")))


def data_at(data: Any, path: Path) -> Any:
    """The value at ``path`` in plain data, or ``None`` when there is nothing there."""
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def literal_options(error: dict[str, Any]) -> list[str]:
    """The allowed values of a ``literal_error``, in order."""
    return [o.strip(" '") for o in error["ctx"]["expected"].replace(" or ", ", ").split(",")]


def typos(errors: list[dict[str, Any]]) -> dict[Path, Path]:
    """Misspelled required keys: the path of each typo (``nmae``) → the path of the key it stands for.

    A misspelled required key shows up as two errors (unknown ``nmae``, missing ``name``); callers report it
    once, as the typo, and read its value under the name it was meant to have.
    """
    missing = {strip_tags(e["loc"]) for e in errors if e["type"] == "missing"}
    found = {}
    for e in errors:
        if e["type"] == "extra_forbidden":
            path = strip_tags(e["loc"])
            close = _closest(str(path[-1]), allowed_keys(tuple(e["loc"])[:-1]))
            if close is not None and path[:-1] + (close,) in missing:
                found[path] = path[:-1] + (close,)
    return found


def _closest(word: str, choices: list[str]) -> str | None:
    hint = did_you_mean(word, choices)
    return hint.split("'")[1] if hint else None


def explain(error: dict[str, Any], located: Located, all_errors: list[dict[str, Any]]) -> tuple[str, bool] | None:
    """The message for one error and whether it belongs at the key; ``None`` when it only repeats another."""
    loc = tuple(error["loc"])
    path = strip_tags(loc)
    kind = error["type"]
    value = error.get("input")
    shown = repr(value) if isinstance(value, str) else "this"
    name = _name(path)
    if kind == "missing":
        return f"missing key {path[-1]!r}", False
    if path in located.bare_keys:
        # `{text: Hi, I need a visit}`: the comma ended the text and made "I need a visit" a key of its own.
        return (
            f"{path[-1]!r} stands alone inside {{...}}: a comma there ends the value before it; "
            'if it is part of that text, put the whole text in quotes ("...")'
        ), True
    if kind == "too_short" and isinstance(value, (list, tuple)) and value:
        # Items were given but all had errors of their own: those errors say it all.
        if any(strip_tags(e["loc"])[: len(path)] == path and len(strip_tags(e["loc"])) > len(path) for e in all_errors):
            return None
    if kind == "extra_forbidden":
        return f"unknown key {path[-1]!r}{did_you_mean(str(path[-1]), allowed_keys(loc[:-1]))}", True
    if kind in ("union_tag_not_found", "union_tag_invalid"):
        return _untagged(path, located), False
    if value in (None, "") and kind in ("too_short", "string_type", "int_type", "float_type", "bool_type",
                                       "date_type", "string_too_short", "value_error", "literal_error"):
        field = field_at(loc)
        if field is None or field.is_required():
            return f"{name} needs a value", False
        return f"{name} has no value; write one or leave the key out", False
    if kind == "value_error":
        return str(error["ctx"]["error"]), False
    if kind == "literal_error":
        options = literal_options(error)
        if not isinstance(value, str):
            return f"expected one of: {', '.join(options)}", False
        return f"{shown} is not one of: {', '.join(options)}{did_you_mean(value, options)}", False
    if kind == "string_pattern_mismatch":
        return _pattern_message(value, str(error["ctx"]["pattern"])), False
    if kind in ("list_type", "tuple_type"):
        return (f"expected a list here; write [{value}]" if isinstance(value, str) else "expected a list here"), False
    if kind in ("date_from_datetime_parsing", "date_parsing"):
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
            return f"{shown} is not a real date: that month or day does not exist", False
        return f"{shown} is not a date; write it as YYYY-MM-DD", False
    ctx = error.get("ctx", {})
    simple = {
        "int_parsing": f"{shown} is not a whole number",
        "int_from_float": f"{shown} is not a whole number",
        "float_parsing": f"{shown} is not a number",
        "bool_parsing": f"{shown} is not true or false",
        "date_from_datetime_inexact": "write only the date (YYYY-MM-DD), without a time",
        "model_type": "expected a mapping of keys here",
        "model_attributes_type": "expected a mapping of keys here",
        "dict_type": "expected a mapping of keys here",
        "string_type": "expected text here",
        "string_too_short": "must not be empty",
        "too_short": f"{name} needs at least {ctx.get('min_length')} item(s)",
        "greater_than_equal": f"must be at least {ctx.get('ge')}",
        "less_than_equal": f"must be at most {ctx.get('le')}",
        "greater_than": f"must be more than {ctx.get('gt')}",
        "less_than": f"must be less than {ctx.get('lt')}",
    }
    if kind in simple:
        return simple[kind], False
    msg = error["msg"]
    return msg[:1].lower() + msg[1:], False


def _name(path: Path) -> str:
    """How to name the thing at ``path`` in a sentence: ``'title'``, or ``an item of 'allergies'``."""
    if not path:
        return "this"
    if isinstance(path[-1], int):
        return f"an item of {path[-2]!r}" if len(path) > 1 else "an item"
    return repr(path[-1])


_PATTERNS = (
    ("A-Za-z0-9_.-", "is not a usable id: use letters, digits, _, - or . (no spaces)"),
    ("().-", "is not a phone number (write it like 416-555-0142)"),
    ("{4,20}", "is not a card number: 4 to 20 letters and digits"),
    ("/", "is not a blood pressure; write it as 128/82"),
)


def _pattern_message(value: Any, pattern: str) -> str:
    for marker, text in _PATTERNS:
        if marker in pattern:
            return f"{value!r} {text}"
    return f"{value!r} does not have the expected form"


def _untagged(path: Path, located: Located) -> str:
    item = data_at(located.data, path)
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


# --- walking the models along an error location -----------------------------------------------------------


def _fields(model: type[BaseModel]) -> dict[str, FieldInfo]:
    return {(f.alias or n): f for n, f in model.model_fields.items()}


def allowed_keys(loc: Path) -> list[str]:
    """The keys the model at ``loc`` (a pydantic error location, with union tags) accepts."""
    model = _model_at(loc)
    return list(_fields(model)) if model is not None else []


def field_at(loc: Path) -> FieldInfo | None:
    """The model field the value at ``loc`` fills, or ``None`` when it is not a model field (a list item...)."""
    if not loc or not isinstance(loc[-1], str):
        return None
    model = _model_at(loc[:-1])
    return _fields(model).get(loc[-1]) if model is not None else None


def field_type(field: FieldInfo) -> Any:
    """The field's type without ``Annotated`` and ``None``."""
    return _unwrap(field.annotation)


def _model_at(loc: Path) -> type[BaseModel] | None:
    current: Any = Scenario
    for part in loc:
        current = _unwrap(current)
        if isinstance(part, str) and part.startswith(TAG_PREFIX):
            current = TAGGED_MODELS.get(part[len(TAG_PREFIX):])
        elif isinstance(part, int):
            args = typing.get_args(current)
            current = args[0] if args else None
        elif isinstance(current, type) and issubclass(current, BaseModel):
            field = _fields(current).get(part)
            current = field.annotation if field else None
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
