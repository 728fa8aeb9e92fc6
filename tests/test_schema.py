"""The JSON Schema: committed copy in sync with the models, draft-07, and accepting what the loader accepts."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

from frontdesk.simulator.scenario.generate import generate_day
from frontdesk.simulator.scenario.schema import scenario_schema, schema_text

from conftest import SCENARIOS

COMMITTED = SCENARIOS / "scenario.schema.json"


def test_committed_schema_matches_the_models():
    """scenarios/scenario.schema.json is exactly what the models produce; run `make schema` after a model change."""
    assert COMMITTED.read_text(encoding="utf-8") == schema_text(), "stale schema: run `make schema`"


def test_schema_is_draft_07():
    """Editors' YAML support reads draft-07: the schema says so and uses `definitions`, not `$defs`."""
    schema = scenario_schema()
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert "$defs" not in json.dumps(schema)
    assert schema["additionalProperties"] is False


def test_schema_is_a_valid_draft_07_schema():
    """The schema itself validates against the draft-07 meta-schema."""
    from jsonschema import Draft7Validator

    Draft7Validator.check_schema(scenario_schema())


def _check_jsonschema(*files: Path) -> subprocess.CompletedProcess:
    exe = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent)) or "check-jsonschema"
    return subprocess.run(
        [exe, "--schemafile", str(COMMITTED), *map(str, files)], capture_output=True, text=True, timeout=120
    )


def test_editors_accept_every_shipped_scenario():
    """check-jsonschema, which reads YAML 1.2 as editors do, accepts every shipped scenario."""
    result = _check_jsonschema(*sorted(SCENARIOS.glob("*.yaml")))
    assert result.returncode == 0, result.stdout + result.stderr


def test_editors_accept_generated_days(tmp_path):
    """Generated days pass the schema too, in both jurisdictions."""
    files = []
    for jurisdiction in ("ON", "US"):
        path = tmp_path / f"{jurisdiction}.yaml"
        path.write_text(generate_day(9, 30, jurisdiction, "hard"), encoding="utf-8")
        files.append(path)
    result = _check_jsonschema(*files)
    assert result.returncode == 0, result.stdout + result.stderr


def test_editors_flag_an_unknown_key(tmp_path):
    """The schema is strict: an unknown key that the loader refuses, an editor underlines too."""
    text = (SCENARIOS / "tutorial.yaml").read_text(encoding="utf-8").replace("phone_lines: 2", "phone_line: 2")
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    result = _check_jsonschema(bad)
    assert result.returncode != 0 and "phone_line" in result.stdout
