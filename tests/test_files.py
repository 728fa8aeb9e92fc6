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
