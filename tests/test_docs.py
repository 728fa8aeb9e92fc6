"""The authoring guide documents every key of the format, the README's commands exist, and every test the
reliability guide names is a real test."""

import inspect
import re

from pydantic import BaseModel

from frontdesk.simulator.cli import build_parser
from frontdesk.simulator.scenario import models

from conftest import ROOT


def _all_keys() -> set[str]:
    keys = set()
    for obj in vars(models).values():
        if inspect.isclass(obj) and issubclass(obj, BaseModel) and obj.__module__ == models.__name__:
            keys |= {(f.alias or name) for name, f in obj.model_fields.items()}
    return keys | set(models.EVENT_KINDS) | set(models.TRIAGE_QUESTIONS)


def test_every_key_is_in_the_authoring_guide():
    """Each key a scenario may use appears in docs/authoring.md, written as code."""
    guide = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
    written = set(re.findall(r"[A-Za-z_][A-Za-z_0-9]*", guide))
    missing = sorted(k for k in _all_keys() if k not in written)
    assert not missing, f"document these keys in docs/authoring.md: {missing}"


def test_readme_commands_that_work_are_real_subcommands():
    """Every `frontdesk X` the README marks as working is a sub-command of the parser."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    working = re.findall(r"^\| `frontdesk (\w+)[^|]*\|[^|]*\| works \|$", readme, re.M)
    choices = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert working and all(name in choices for name in working)


def test_readme_quick_start_has_the_two_commands():
    """The Quick start shows `make play` and `make test` (and `make demo` for machines without a screen)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quick start", 1)[1].split("##", 1)[0]
    assert "make play" in quick and "make test" in quick and "make demo" in quick


def test_every_test_the_reliability_guide_names_exists():
    """Each ``tests/FILE.py::test_name`` in docs/reliability.md is a test function in that file, and the README
    links the guide."""
    guide = (ROOT / "docs" / "reliability.md").read_text(encoding="utf-8")
    named = re.findall(r"^- (tests/\w+\.py)::(\w+)$", guide, re.M)
    assert len(named) > 30
    missing = [f"{path}::{name}" for path, name in named
               if not re.search(rf"^def {name}\(", (ROOT / path).read_text(encoding="utf-8"), re.M)]
    assert not missing, f"docs/reliability.md names tests that do not exist: {missing}"
    assert "(docs/reliability.md)" in (ROOT / "README.md").read_text(encoding="utf-8")
