"""Writing files so that a crash or a full disk never leaves half a file where a good one was, and never leaves
the temporary file behind for long either; where the user's data lives."""

from __future__ import annotations

import fnmatch
import hashlib
import os
import re
import tempfile
import time
from pathlib import Path

__all__ = ["cache_root", "clean_app_folders", "clean_leftovers", "data_dir", "env_path", "fit_bytes", "safe_name", "write_atomic"]

#: Names the user's data folder (autosaves, replays, the scoreboard, assignments) instead of the platform's.
DATA_DIR_ENV = "FRONTDESK_DATA_DIR"


def write_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder and an atomic rename."""
    target = Path(path).resolve() if Path(path).is_symlink() else Path(path)  # write through a link, keep it
    if target.is_dir():
        raise IsADirectoryError(21, "it is a folder", str(target))
    # The temporary name is the target's plus 14 bytes: cut a long name so that it stays within the 255 bytes
    # file systems allow (a name that fits must never fail for its temporary file's sake).
    fd, tmp = tempfile.mkstemp(prefix=f".{fit_bytes(target.name, NAME_BYTES - 14)}.", suffix=".tmp",
                               dir=target.parent or ".")
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


#: The longest file name most file systems allow, in bytes.
NAME_BYTES = 255
#: A temporary file :func:`write_atomic` leaves when killed mid-write: ``.NAME.RANDOM.tmp``, RANDOM being the 8
#: characters tempfile.mkstemp draws from lower-case letters, digits and ``_``.
_LEFTOVER = re.compile(r"\A\.(?P<name>.+)\.[a-z0-9_]{8}\.tmp\Z", re.DOTALL)
#: A leftover is removed once untouched this long: a write in flight (another window, another command) is younger.
LEFTOVER_SECONDS = 60


def clean_leftovers(folder: str | os.PathLike[str], names: str = "*", older_than: float = LEFTOVER_SECONDS) -> int:
    """Remove from ``folder`` the temporary files of writes that were killed (``.NAME.RANDOM.tmp``, NAME matching
    the pattern ``names``) untouched for ``older_than`` seconds; returns how many were removed.

    Only regular files named exactly so, never a link, a folder or anything in a subfolder; a file that cannot be
    removed is left alone (this is tidying, never a reason to fail).
    """
    removed = 0
    limit = time.time() - older_than
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0  # no folder yet, or one we cannot read: nothing of ours to tidy
    for entry in entries:
        found = _LEFTOVER.match(entry.name)
        if found is None or not fnmatch.fnmatchcase(found["name"], names):
            continue
        try:
            if entry.is_file(follow_symlinks=False) and entry.stat(follow_symlinks=False).st_mtime < limit:
                os.unlink(entry.path)
                removed += 1
        except OSError:
            continue
    return removed


def clean_app_folders() -> int:
    """Tidy the leftovers of killed writes where Front Desk writes on its own: the data folder (the menu's
    settings, the scoreboard's default home), its autosave, replays, reports and assignments folders, and the
    caches. Called when the game or ``frontdesk grade`` starts; returns how many files were removed."""
    home, cache = data_dir(), cache_root()
    folders = [home, home / "autosave", home / "replays", home / "reports", home / "assignments"]
    if cache is not None:
        folders += [cache / "patients", cache / "bot-days"]
    return sum(clean_leftovers(folder) for folder in folders)


def fit_bytes(text: str, limit: int) -> str:
    """``text`` in at most ``limit`` bytes of a file name: unchanged when it fits, else cut (never inside a
    character) and ended with ``-`` and 8 hex digits of its SHA-256, so two long names that differ only past the
    cut still differ."""
    raw = os.fsencode(text)
    if len(raw) <= limit:
        return text
    digest = hashlib.sha256(raw).hexdigest()[:8]
    return raw[:max(0, limit - 9)].decode("utf-8", "ignore") + "-" + digest


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


def cache_root() -> Path | None:
    """The cache folder: ``$FRONTDESK_CACHE_DIR`` (see :func:`env_path`), else the platform's user cache folder
    (``None`` when the platform has none: callers then compute each time)."""
    override = env_path("FRONTDESK_CACHE_DIR")
    if override is not None:
        return override
    try:
        import platformdirs  # only when no folder was named

        return platformdirs.user_cache_path("frontdesk", appauthor=False)
    except Exception:  # noqa: BLE001 - no cache folder on this platform: compute each time
        return None


def safe_name(text: str, limit: int = 60) -> str:
    """``text`` as part of a file name on any system: letters, digits, ``-`` and ``_`` kept, anything else ``_``,
    at most ``limit`` characters (``_`` for nothing at all)."""
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in text)[:limit] or "_"
