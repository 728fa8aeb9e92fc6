"""Problems found in a scenario file, each pinned to ``path:line:col``, and the error that carries them."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Iterable

__all__ = ["Problem", "ScenarioError", "did_you_mean"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a scenario, at a 1-based line and column of ``file``."""

    file: str
    line: int
    column: int
    message: str
    #: A warning: the scenario is valid and plays, but this part of it will not do what it seems to.
    warning: bool = False

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {'warning: ' if self.warning else ''}{self.message}"


class ScenarioError(Exception):
    """A scenario that cannot be used; ``problems`` lists every problem found, in file order."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` when a choice is close to ``word``, else an empty string."""
    choices = list(choices)
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if not close:
        lowered = {c.lower(): c for c in choices}
        close = [lowered[word.lower()]] if word.lower() in lowered else []
    return f" (did you mean {close[0]!r}?)" if close else ""
