"""Where the shipped scenarios and the committed schema live, in a checkout and in an installed package."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["default_folders", "resolved", "shipped_dir", "shipped_scenarios"]


def shipped_dir() -> Path:
    """The folder holding the shipped scenarios and ``scenario.schema.json``."""
    return Path(str(resources.files("frontdesk.simulator.shipped")))


def shipped_scenarios() -> list[Path]:
    """The shipped scenario files, the tutorial first, then by name."""
    files = sorted(shipped_dir().glob("*.yaml"))
    return sorted(files, key=lambda p: (p.stem != "tutorial", p.name))


def resolved(path: Path) -> Path:
    """``path`` made absolute, following links where the file system allows."""
    try:
        return path.resolve()
    except OSError:
        return path.absolute()


def default_folders(cwd: Path | None = None) -> list[Path]:
    """``my-scenarios/`` and ``scenarios/`` in the current folder, when they exist and are not the shipped folder
    (in a checkout, ``scenarios/`` *is* the shipped folder)."""
    cwd = Path.cwd() if cwd is None else cwd
    shipped = resolved(shipped_dir())
    return [f for f in (cwd / "my-scenarios", cwd / "scenarios") if f.is_dir() and resolved(f) != shipped]
