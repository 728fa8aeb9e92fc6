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


def _names(requirements: list[str]) -> list[str]:
    return [re.split(r"[<>=!~ ;\[]", d)[0].lower() for d in requirements]


def test_pygame_ce_is_the_game_extra_and_pygame_is_never_asked_for():
    """pygame-ce (with pygame_gui) is the game extra; plain pygame, which breaks it, is asked for nowhere; the base
    install grades headless (no pygame, no Faker), Faker being the authoring extra."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    extras = config["project"]["optional-dependencies"]
    base = _names(config["project"]["dependencies"])
    assert set(base) == {"pyyaml", "transitions", "pydantic", "platformdirs"}
    assert _names(extras["game"]) == ["pygame-ce", "pygame_gui"] and _names(extras["authoring"]) == ["faker"]
    assert all("pygame" not in _names(group) for group in [config["project"]["dependencies"], *extras.values()])


def test_the_floors_make_floors_installs_are_the_declared_ones():
    """`make floors` tests the oldest versions pyproject allows: each pin there is a floor declared here."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    extras = config["project"]["optional-dependencies"]
    declared = {}
    for requirement in [*config["project"]["dependencies"], *extras["game"], *extras["authoring"]]:
        name = _names([requirement])[0]
        floor = re.search(r">=([0-9.]+)", requirement)
        assert floor, f"{requirement}: declare a floor"
        declared[name] = floor.group(1)
    pinned = dict(re.findall(r'"([A-Za-z_-]+)==([0-9.]+)"', (ROOT / "Makefile").read_text(encoding="utf-8")))
    pinned = {k.lower(): v for k, v in pinned.items()}
    for name, floor in declared.items():
        assert [int(x) for x in pinned[name].split(".")][:len(floor.split("."))] == [int(x) for x in floor.split(".")], name


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
