"""Read a YAML file into plain data while remembering where every key and value came from.

PyYAML's own constructors follow YAML 1.1, which reads ``10:15`` as the integer 615, ``ON`` and ``NO`` as
booleans and ``0712345677`` as an octal number. Instructors mean none of that, so we never run a constructor:
we read the parser's events (safe: no tag ever builds an object) and turn every scalar into a string
ourselves. The typed models then read each string as what its field expects: a time, a number, a date or an
identifier.

We also build the tree ourselves rather than use PyYAML's composer: the C composer recurses once per level of
nesting and crashes the interpreter on a file nested a hundred thousand deep, and libyaml takes quadratic time
on deeply nested flow collections. So hostile files are refused before they cost anything: a size cap, a
bracket-depth scan before parsing, a depth cap while building, an expansion cap on aliases (the "billion
laughs"), and any tag that is not a plain YAML type.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any, Iterable

import yaml

try:  # libyaml's C parser is several times faster; the pure-Python one produces the same events.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

__all__ = ["Located", "YamlReadError", "read_yaml", "MAX_BYTES", "MAX_DEPTH"]

#: Several times larger than a generated 4,000-patient day, and small enough to scan in a blink.
MAX_BYTES = 8 * 1024 * 1024
#: Values an alias may re-expand in total: generous for anchors reused by hand, fatal to alias bombs.
MAX_ALIAS_EXPANSION = 100_000
MAX_DEPTH = 64

Path = tuple[Any, ...]

_NULLS = {"", "~", "null", "Null", "NULL"}
_PLAIN_TAGS = {
    None,
    "!",
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}
_BRACKET_DEPTH = {"[": 1, "{": 1, "]": -1, "}": -1}
_NOT_BRACKETS = re.compile(r"[^\[\]{}]+")


class YamlReadError(Exception):
    """A file that cannot be read as YAML at all; carries a 1-based line and column."""

    def __init__(self, message: str, line: int = 1, column: int = 1):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


@dataclass
class Located:
    """Plain data (dicts, lists, strings, ``None``) plus the position of each value and each mapping key.

    ``values[path]`` and ``keys[path]`` are ``(line, column)``, 1-based; a path is a tuple of keys and list
    indexes from the document root, e.g. ``("patients", 2, "dob")``.
    """

    data: Any
    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)
    #: Paths of mappings written in flow style, ``{a: 1, b: 2}``: where an unquoted comma can split text.
    flow: set[Path] = field(default_factory=set)
    #: Keys written without a colon inside ``{...}`` (``{text: Hi, I need a visit}`` makes "I need a visit" one).
    bare_keys: set[Path] = field(default_factory=set)

    def position(self, path: Path) -> tuple[int, int]:
        """Where ``path`` is written, or the nearest enclosing thing that is (for a missing key: its mapping)."""
        path = tuple(path)
        while path:
            if path in self.values:
                return self.values[path]
            path = path[:-1]
        return self.values.get((), (1, 1))

    def key_position(self, path: Path) -> tuple[int, int]:
        """Where the key that ends ``path`` is written, falling back to :meth:`position`."""
        return self.keys.get(tuple(path)) or self.position(path)


def _mark(event: yaml.Event) -> tuple[int, int]:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _index(mark: Any) -> int:
    """Where a mark is in the text (the parser always gives one; 0 if it did not)."""
    return mark.index if mark is not None else 0


_NO_KEY = object()


@dataclass
class _Open:
    """A mapping or sequence being built."""

    container: Any
    path: Path
    anchor: str | None
    size: int = 1
    key: Any = _NO_KEY
    key_end: int = 0

    def child_path(self) -> Path:
        if isinstance(self.container, list):
            return self.path + (len(self.container),)
        return self.path + (self.key,)


class _Builder:
    """Turns a stream of parser events into :class:`Located` data, one event at a time, without recursion."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.located = Located(data=None)
        self.stack: list[_Open] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.expanded = 0
        self.documents = 0
        self.done = False

    def feed(self, event: yaml.Event) -> None:
        if isinstance(event, (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent)):
            return
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise YamlReadError("a scenario file holds one document; remove the second `---`", *_mark(event))
            return
        if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            closed = self.stack.pop()
            if closed.anchor:
                self.anchors[closed.anchor] = (closed.container, closed.size)
            self.attach(closed.container, closed.size)
            return
        parent = self.stack[-1] if self.stack else None
        if parent is not None and isinstance(parent.container, dict) and parent.key is _NO_KEY:
            self.key(parent, event)
            return
        self.value(parent, event)

    def key(self, parent: _Open, event: yaml.Event) -> None:
        if not isinstance(event, yaml.ScalarEvent):
            raise YamlReadError("a key must be a plain word, not a list, a mapping or an alias", *_mark(event))
        if event.tag == "tag:yaml.org,2002:merge" or (event.value == "<<" and event.implicit[0]):
            raise YamlReadError("merge keys (<<) are not supported; write the values out", *_mark(event))
        self.check_tag(event)
        key = event.value
        if key in parent.container:
            first = self.located.keys[parent.path + (key,)][0]
            raise YamlReadError(f"the key {key!r} appears twice here (first on line {first})", *_mark(event))
        parent.key = key
        parent.key_end = _index(event.end_mark)
        self.located.keys[parent.path + (key,)] = _mark(event)

    def value(self, parent: _Open | None, event: yaml.Event) -> None:
        path = parent.child_path() if parent else ()
        self.located.values[path] = _mark(event)
        if isinstance(event, yaml.AliasEvent):
            if event.anchor not in self.anchors:
                if any(o.anchor == event.anchor for o in self.stack):
                    raise YamlReadError("an alias refers to the thing that contains it", *_mark(event))
                raise YamlReadError(f"the alias *{event.anchor} names no anchor above it", *_mark(event))
            value, size = self.anchors[event.anchor]
            # Each use of an alias costs the size of what it names: alias bombs stop here, early.
            self.expanded += size
            if self.expanded > MAX_ALIAS_EXPANSION:
                raise YamlReadError("aliases expand to far too much data; this does not look like a scenario", *_mark(event))
            self.attach(value, size)
            return
        self.check_tag(event)
        if isinstance(event, yaml.ScalarEvent):
            plain = event.implicit[0] and event.tag is None
            if (plain and event.value == "" and parent is not None and parent.path in self.located.flow
                    and isinstance(parent.container, dict)
                    and ":" not in self.text[parent.key_end:_index(event.start_mark) + 1]):
                self.located.bare_keys.add(path)
            value = None if plain and event.value in _NULLS else event.value
            # A long text counts as many values, so one huge anchored text cannot be multiplied by aliases.
            size = 1 + len(event.value) // 64
            if event.anchor:
                self.anchors[event.anchor] = (value, size)
            self.attach(value, size)
            return
        if len(self.stack) >= MAX_DEPTH:
            raise YamlReadError(f"nested more than {MAX_DEPTH} levels deep; no scenario needs that", *_mark(event))
        container: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
        if isinstance(event, yaml.MappingStartEvent) and event.flow_style:
            self.located.flow.add(path)
        self.stack.append(_Open(container, path, getattr(event, "anchor", None)))

    def check_tag(self, event: Any) -> None:
        if event.tag not in _PLAIN_TAGS:
            raise YamlReadError(f"the tag {event.tag!r} is not allowed; scenarios use plain YAML values", *_mark(event))

    def attach(self, value: Any, size: int) -> None:
        if not self.stack:
            self.located.data = value
            self.done = True
            return
        parent = self.stack[-1]
        parent.size += size
        if isinstance(parent.container, list):
            parent.container.append(value)
        else:
            parent.container[parent.key] = value
            parent.key = _NO_KEY


def _flow_depth(text: str) -> int:
    """The deepest nesting of ``[`` and ``{`` (quoted brackets count too: an over-estimate, never an under-)."""
    brackets = _NOT_BRACKETS.sub("", text)
    return max(accumulate(map(_BRACKET_DEPTH.__getitem__, brackets)), default=0)


def read_yaml(raw: bytes) -> Located:
    """Parse one YAML document from ``raw`` into :class:`Located` data. Raises :class:`YamlReadError`."""
    if len(raw) > MAX_BYTES:
        raise YamlReadError(f"the file is larger than {MAX_BYTES // 2**20} MB; no scenario is that big")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise YamlReadError("this file is saved as UTF-16 (\"Unicode\"); save it as UTF-8 and try again")
    if b"\x00" in raw:
        raise YamlReadError("this is not a text file (it contains NUL bytes)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise YamlReadError(
            f"this is not UTF-8 text: byte {raw[exc.start]:#04x} cannot be read; save the file as UTF-8", line, column
        ) from None
    if not text.strip():
        raise YamlReadError("the file is empty; a scenario starts with `format: 1`")
    if _flow_depth(text) > MAX_DEPTH:
        raise YamlReadError(f"brackets are nested more than {MAX_DEPTH} deep; this does not look like a scenario")
    builder = _Builder(text)
    try:
        _feed_all(builder, yaml.parse(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        raise _explain(exc, text) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        raise YamlReadError(
            f"an invisible control character (U+{exc.character:04X}) is in the text; delete it (pasting often brings one)",
            line,
            column,
        ) from None
    except yaml.YAMLError as exc:
        raise YamlReadError(f"not valid YAML: {str(exc).splitlines()[0]}") from None
    if not builder.done:
        raise YamlReadError("the file holds only comments; a scenario starts with `format: 1`")
    return builder.located


def _explain(exc: yaml.MarkedYAMLError, text: str) -> YamlReadError:
    """A parser error in an instructor's words, at the most useful position."""
    mark = exc.problem_mark or exc.context_mark
    what = exc.problem or exc.context or "this is not valid YAML"
    if mark is None:
        return YamlReadError(f"not valid YAML: {what}")
    lines = text.splitlines()
    if mark.line < len(lines) and "\t" in lines[mark.line][: mark.column + 1]:
        return YamlReadError("a tab is used for indentation; YAML indents with spaces only", mark.line + 1, mark.column + 1)
    if "expected ',' or '}'" in what or "expected ',' or ']'" in what:
        start = exc.context_mark
        where = f" (the one opened on line {start.line + 1})" if start is not None else ""
        return YamlReadError(
            f"not valid YAML: this {{...}} or [...]{where} is not closed where expected; "
            "inside braces, put text containing ':', '#', ',' or brackets in quotes, and check the closing brace",
            mark.line + 1,
            mark.column + 1,
        )
    return YamlReadError(f"not valid YAML: {what}", mark.line + 1, mark.column + 1)


def _feed_all(builder: _Builder, events: Iterable[yaml.Event]) -> None:
    for event in events:
        builder.feed(event)
