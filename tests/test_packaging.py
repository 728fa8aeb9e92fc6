"""Packaging: every package installs, the shipped scenarios are package data, and the house rules hold."""

import re
import sys

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10 has no tomllib; tomli is the same parser, installed by the test extra there
    import tomli as tomllib

from conftest import ROOT


def test_every_package_is_listed_in_pyproject():
    """Each folder with an __init__.py under simulator/ and grading/ is in pyproject's package list, under the one
    installed namespace `frontdesk`; each listed package's folder is where package-dir says."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {
        ".".join(("frontdesk", *init.parent.relative_to(ROOT).parts))
        for top in ("simulator", "grading")
        for init in (ROOT / top).rglob("__init__.py")
    }
    assert found <= listed, f"add to [tool.setuptools] packages: {sorted(found - listed)}"
    assert all(name == "frontdesk" or name.startswith("frontdesk.") for name in listed)
    mapping = config["tool"]["setuptools"]["package-dir"]
    assert mapping["frontdesk.simulator"] == "simulator" and mapping["frontdesk.grading"] == "grading"
    assert mapping["frontdesk.simulator.shipped"] == "scenarios" and mapping["frontdesk.simulator.assets"] == "assets"


def test_only_frontdesk_is_imported_by_name():
    """Code and tests import the installed names (frontdesk.simulator, frontdesk.grading), never the repository's
    folder names: two names for one module would load it twice."""
    bad = [f"{p.relative_to(ROOT)}:{n}"
           for top in ("simulator", "grading", "frontdesk", "tests") for p in (ROOT / top).rglob("*.py")
           for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
           if re.match(r"\s*(from|import)\s+(simulator|grading)\b", line)]
    assert bad == []


def test_pygame_ce_is_required_and_pygame_is_not():
    """pygame-ce is the dependency; plain pygame, which breaks it, is never asked for."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    names = [re.split(r"[<>=!~ \[]", d)[0].lower() for d in config["project"]["dependencies"]]
    assert "pygame-ce" in names and "pygame" not in names


def test_core_packages_stay_pure():
    """The scenario package and the simulation core never import pygame or read the wall clock; the core reads
    no files either."""
    for path in [*(ROOT / "simulator" / "scenario").glob("*.py"), *(ROOT / "simulator" / "core").glob("*.py")]:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(import|from)\s+pygame", text, re.M), path
        assert "time.time(" not in text and "datetime.now(" not in text and "perf_counter" not in text, path
        if path.parent.name == "core":
            assert "open(" not in text and "import faker" not in text.lower(), path


def test_faker_is_imported_only_by_the_generator():
    """Faker appears in one module, so loading written-out scenarios never pays for it."""
    users = [
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "simulator").rglob("*.py")
        if re.search(r"^\s*(import faker|from faker)", p.read_text(encoding="utf-8"), re.M)
    ]
    assert users == ["simulator/scenario/generate.py"]
