"""Writing files so that a crash or a full disk never leaves half a file where a good one was."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["data_dir", "env_path", "safe_name", "write_atomic"]

#: Names the user's data folder (autosaves, replays, the scoreboard, assignments) instead of the platform's.
DATA_DIR_ENV = "FRONTDESK_DATA_DIR"


def write_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder and an atomic rename."""
    target = Path(path).resolve() if Path(path).is_symlink() else Path(path)  # write through a link, keep it
    if target.is_dir():
        raise IsADirectoryError(21, "it is a folder", str(target))
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp makes the file private (0600); give it the mode a new file would get, or keep the old one's.
        os.chmod(tmp, target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def env_path(name: str) -> Path | None:
    """The path the environment variable ``name`` names, read the one way every ``FRONTDESK_*`` path is: ``~``
    expanded, then made absolute against the current folder; ``None`` when it is unset or empty.

    Absolute at once, because the path is handed on (to grading workers, into messages) and must name the same
    place wherever it is read from.
    """
    value = os.environ.get(name)
    if not value:
        return None
    return Path(os.path.abspath(os.path.expanduser(value)))


def data_dir() -> Path:
    """The user's data folder for Front Desk: ``$FRONTDESK_DATA_DIR`` (see :func:`env_path`) or the platform's."""
    override = env_path(DATA_DIR_ENV)
    if override is not None:
        return override
    import platformdirs  # only when no folder was named

    return platformdirs.user_data_path("frontdesk", appauthor=False)


def safe_name(text: str, limit: int = 60) -> str:
    """``text`` as part of a file name on any system: letters, digits, ``-`` and ``_`` kept, anything else ``_``,
    at most ``limit`` characters (``_`` for nothing at all)."""
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in text)[:limit] or "_"
