"""Where the shipped scenarios and the committed schema live, in a checkout and in an installed package."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["shipped_dir", "shipped_scenarios"]


def shipped_dir() -> Path:
    """The folder holding the shipped scenarios and ``scenario.schema.json``."""
    return Path(str(resources.files("simulator.shipped")))


def shipped_scenarios() -> list[Path]:
    """The shipped scenario files, the tutorial first, then by name."""
    files = sorted(shipped_dir().glob("*.yaml"))
    return sorted(files, key=lambda p: (p.stem != "tutorial", p.name))
