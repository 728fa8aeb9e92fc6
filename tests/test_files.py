"""simulator/files.py: one reading of every FRONTDESK_* path, atomic writes, and the leftovers of killed writes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from frontdesk.simulator.files import data_dir, env_path

from conftest import ROOT

#: Each FRONTDESK_* variable that names a path, and how the code reads it.
PATH_VARIABLES = {
    "FRONTDESK_DATA_DIR": lambda: data_dir(),
    "FRONTDESK_CACHE_DIR": lambda: _cache_dir(),
    "FRONTDESK_KEY_FILE": lambda: _key_path(),
}


def _cache_dir() -> Path | None:
    from frontdesk.simulator.scenario.loader import cache_dir

    folder = cache_dir("part")
    return None if folder is None else folder.parent


def _key_path() -> Path:
    from frontdesk.grading.assignments import key_path

    return key_path()


@pytest.mark.parametrize("variable", sorted(PATH_VARIABLES))
def test_every_path_variable_expands_home_and_is_made_absolute(variable, monkeypatch, tmp_path):
    """FRONTDESK_DATA_DIR, FRONTDESK_CACHE_DIR and FRONTDESK_KEY_FILE each read ``~`` as the home folder and a
    relative path against the current folder, giving an absolute path: one rule for all."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)
    read = PATH_VARIABLES[variable]
    monkeypatch.setenv(variable, "~/fd/x")
    assert read() == tmp_path / "home" / "fd" / "x"
    monkeypatch.setenv(variable, "rel/../fd/x")
    assert read() == tmp_path / "fd" / "x" and read().is_absolute()


def test_an_empty_or_unset_variable_names_nothing(monkeypatch):
    """An empty FRONTDESK_* path is as if it were not set (never the current folder)."""
    monkeypatch.setenv("FRONTDESK_CACHE_DIR", "")
    assert env_path("FRONTDESK_CACHE_DIR") is None
    monkeypatch.delenv("FRONTDESK_CACHE_DIR")
    assert env_path("FRONTDESK_CACHE_DIR") is None


def test_no_module_reads_a_path_variable_but_through_env_path():
    """Every FRONTDESK_* path the package reads goes through files.env_path (so none forgets ``~``)."""
    direct = re.compile(r"os\.environ(?:\.get\(|\[)\s*[\"'](FRONTDESK_\w+)")
    for folder in ("simulator", "grading", "frontdesk"):
        for path in (ROOT / folder).rglob("*.py"):
            for name in direct.findall(path.read_text(encoding="utf-8")):
                assert name in ("FRONTDESK_DEBUG", "FRONTDESK_PROGRESS"), f"{path.relative_to(ROOT)} reads {name}"


def _aged(path: Path, seconds: float = 120) -> Path:
    """``path`` made to look last touched ``seconds`` ago."""
    import os
    import time

    then = time.time() - seconds
    os.utime(path, (then, then), follow_symlinks=False)
    return path


def test_clean_leftovers_removes_only_old_temporary_files_of_writes(tmp_path):
    """Only ``.NAME.RANDOM.tmp`` regular files untouched for a minute go; a young one (a write in flight), the
    real files, other hidden files, links, folders and anything in a subfolder stay."""
    from frontdesk.simulator.files import clean_leftovers

    old = [_touched_aged(tmp_path / name) for name in (".a.json.ab_d12x9.tmp", ".menu.json.00000000.tmp")]
    young = tmp_path / ".b.json.abcd1234.tmp"
    young.touch()
    kept = [_touched_aged(tmp_path / name) for name in ("a.json", ".a.json.ABCD1234.tmp", ".a.json.abc.tmp",
                                                        "a.json.abcd1234.tmp", ".hidden.tmp", ".c.json.abcd1234.tmp.bak")]
    (tmp_path / ".d.json.abcd1234.tmp").mkdir()
    (tmp_path / "sub").mkdir()
    nested = _touched_aged(tmp_path / "sub" / ".e.json.abcd1234.tmp")
    link = tmp_path / ".f.json.abcd1234.tmp"
    link.symlink_to(tmp_path / "a.json")
    _aged(link)
    assert clean_leftovers(tmp_path) == 2
    assert not any(p.exists() for p in old)
    assert young.exists() and nested.exists() and link.is_symlink() and all(p.exists() for p in kept)
    assert (tmp_path / ".d.json.abcd1234.tmp").is_dir()
    assert clean_leftovers(tmp_path / "missing") == 0


def _touched_aged(path: Path) -> Path:
    """A new empty file at ``path``, last touched two minutes ago."""
    path.touch()
    return _aged(path)


def test_names_limits_what_is_cleaned(tmp_path):
    """With a pattern, only leftovers of files of that name go (a folder shared with the user's own files)."""
    from frontdesk.simulator.files import clean_leftovers

    page, other = _touched_aged(tmp_path / ".s1.html.abcd1234.tmp"), _touched_aged(tmp_path / ".x.txt.abcd1234.tmp")
    assert clean_leftovers(tmp_path, "*.html") == 1 and not page.exists() and other.exists()


def test_a_write_killed_midway_leaves_a_leftover_the_start_up_removes(tmp_path, monkeypatch):
    """SIGKILL during write_atomic leaves ``.NAME.RANDOM.tmp`` beside the autosave (never half an autosave);
    starting the game removes it once it is a minute old."""
    import signal
    import subprocess
    import sys
    import time

    if not hasattr(signal, "SIGKILL"):
        pytest.skip("no SIGKILL here")
    monkeypatch.setenv("FRONTDESK_DATA_DIR", str(tmp_path / "data"))
    folder = tmp_path / "data" / "autosave"
    folder.mkdir(parents=True)
    writer = ("import sys\nfrom frontdesk.simulator.files import write_atomic\ntext = 'x' * 8_000_000\n"
              "while True:\n    write_atomic(sys.argv[1], text)\n")
    leftovers: list[Path] = []
    for _ in range(5):  # killed between two writes, it leaves nothing: try again
        child = subprocess.Popen([sys.executable, "-c", writer, str(folder / "day.json")])
        deadline = time.monotonic() + 10
        while not list(folder.glob(".day.json.*.tmp")) and time.monotonic() < deadline:
            time.sleep(0.005)
        child.send_signal(signal.SIGKILL)
        child.wait()
        leftovers = list(folder.glob(".day.json.*.tmp"))
        if leftovers:
            break
    assert leftovers, "never caught a write in flight"
    from frontdesk.simulator.ui import game

    class WindowWouldOpenError(Exception):
        pass

    def no_window(**_: object) -> None:
        raise WindowWouldOpenError  # the tidying is done before the window would open

    monkeypatch.setattr(game, "App", no_window)
    with pytest.raises(WindowWouldOpenError):
        game.play()
    assert all(p.exists() for p in leftovers)  # seconds old: perhaps another window's write still in flight
    for p in leftovers:
        _aged(p)
    with pytest.raises(WindowWouldOpenError):
        game.play()
    assert not list(folder.glob(".*.tmp"))
    assert not (folder / "day.json").exists() or (folder / "day.json").stat().st_size == 8_000_000


def test_a_name_that_fits_is_written_however_long(tmp_path):
    """write_atomic writes a file whose name takes all 255 bytes (its temporary file's name is cut to fit), and
    leaves nothing else behind."""
    from frontdesk.simulator.files import write_atomic

    name = "é" * 125 + ".json"  # 255 bytes of UTF-8
    write_atomic(tmp_path / name, "{}")
    assert [p.name for p in tmp_path.iterdir()] == [name]


def test_fit_bytes_cuts_by_bytes_and_keeps_cut_names_apart():
    """A name too long is cut to the byte limit, never inside a character, and two names that differ only past
    the cut stay different; a name that fits is unchanged."""
    from frontdesk.simulator.files import fit_bytes

    assert fit_bytes("short", 40) == "short"
    a, b = fit_bytes("é" * 200 + "a", 100), fit_bytes("é" * 200 + "b", 100)
    assert a != b and len(a.encode()) <= 100 and b.startswith("é" * 45)
