"""The scenario JSON Schema (draft-07), generated from the models.

Editors read it for autocompletion and checking as an instructor types (yaml-language-server supports
draft-07). ``scenarios/scenario.schema.json`` is the committed copy; a test keeps it equal to this output.
"""

from __future__ import annotations

import json
from typing import Any

from .models import FORMAT_VERSION, Scenario

__all__ = ["scenario_schema", "schema_text"]

_DRAFT_07 = "http://json-schema.org/draft-07/schema#"


def _to_draft_07(node: Any) -> Any:
    """Rename pydantic's 2020-12 ``$defs`` to draft-07 ``definitions``, everywhere in the tree."""
    if isinstance(node, dict):
        return {("definitions" if k == "$defs" else k): _to_draft_07(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_to_draft_07(v) for v in node]
    return node


def _plain_text_takes_numbers(node: Any) -> Any:
    """Free text may look like a number (`title: 2026`, `group: 0042`): editors read such text as a number, and
    Front Desk reads it as the text written, so the schema accepts both rather than flag a good file."""
    if isinstance(node, dict):
        node = {k: _plain_text_takes_numbers(v) for k, v in node.items()}
        if node.get("type") == "string" and not {"pattern", "format", "enum", "const"} & node.keys():
            node["type"] = ["string", "number"]
        return node
    if isinstance(node, list):
        return [_plain_text_takes_numbers(v) for v in node]
    return node


def scenario_schema() -> dict[str, Any]:
    """The JSON Schema of scenario format 1, as a dict."""
    body = Scenario.model_json_schema(ref_template="#/definitions/{model}", mode="validation")
    body = _plain_text_takes_numbers(_to_draft_07(body))
    body["properties"]["format"] = {"const": FORMAT_VERSION, "description": "The format version; this is format 1."}
    return {
        "$schema": _DRAFT_07,
        "$id": "https://frontdesk.invalid/scenario.schema.json",
        "title": "Front Desk scenario, format 1",
        **{k: v for k, v in body.items() if k != "title"},
    }


def schema_text() -> str:
    """The schema as stable, indented JSON text with a final newline (the committed file's exact bytes)."""
    return json.dumps(scenario_schema(), indent=2, ensure_ascii=False) + "\n"
