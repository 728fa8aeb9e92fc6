"""Facts: the neutral, append-only record of what happened during a day.

A fact says what happened and to whom ("told caller C7 the lab result of patient chen; identity verified: no;
relationship: ex-spouse"), never whether it was right: judgement lives in :mod:`grading`. Each fact carries the
simulated second ``t``, a ``kind`` and the ``mechanic`` (M1..M18) it belongs to.

The log's digest is SHA-256 over the facts' canonical JSON lines (sorted keys, no whitespace, one fact per line,
each ending in a newline), kept up to date as facts are appended: it equals the SHA-256 of the file that
``frontdesk run --facts`` writes.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any, Iterator

from ..mechanics import MECHANICS

__all__ = ["Fact", "FactLog", "canonical"]


@dataclass(frozen=True)
class Fact:
    """One thing that happened. ``details`` are sorted ``(key, value)`` pairs of plain JSON values."""

    t: int
    kind: str
    mechanic: str
    details: tuple[tuple[str, Any], ...]

    def as_dict(self) -> dict[str, Any]:
        """The fact as one flat mapping: ``t``, ``kind``, ``mechanic`` and the details."""
        return {"t": self.t, "kind": self.kind, "mechanic": self.mechanic, **dict(self.details)}

    def get(self, key: str, default: Any = None) -> Any:
        """One detail by name."""
        for k, v in self.details:
            if k == key:
                return v
        return default


def canonical(fact: Fact) -> str:
    """The fact's canonical JSON: sorted keys, no whitespace, UTF-8 text."""
    return json.dumps(fact.as_dict(), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _plain(value: Any) -> Any:
    """Details are stored immutable: lists become tuples; anything not JSON-shaped is a programming error."""
    if isinstance(value, (list, tuple)):
        return tuple(_plain(v) for v in value)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"fact details must be plain JSON values, not {type(value).__name__}")


class FactLog:
    """The facts of one day, in the order they happened, with a running digest."""

    def __init__(self) -> None:
        self._facts: list[Fact] = []
        self._hash = hashlib.sha256()

    def record(self, t: int, kind: str, mechanic: str, **details: Any) -> Fact:
        """Append a fact and return it."""
        if mechanic not in MECHANICS:
            raise ValueError(f"unknown mechanic {mechanic!r}")
        fact = Fact(int(t), kind, mechanic, tuple(sorted((k, _plain(v)) for k, v in details.items())))
        self._facts.append(fact)
        self._hash.update(canonical(fact).encode("utf-8") + b"\n")
        return fact

    @property
    def sha256(self) -> str:
        """The digest of every fact so far."""
        return self._hash.hexdigest()

    def jsonl(self) -> str:
        """All facts as JSON lines (the text whose SHA-256 is :attr:`sha256`)."""
        return "".join(canonical(f) + "\n" for f in self._facts)

    def of_kind(self, *kinds: str) -> list[Fact]:
        """The facts of the given kinds, in order."""
        return [f for f in self._facts if f.kind in kinds]

    def __iter__(self) -> Iterator[Fact]:
        return iter(self._facts)

    def __len__(self) -> int:
        return len(self._facts)

    def __getitem__(self, index: int) -> Fact:
        return self._facts[index]
