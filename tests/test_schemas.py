"""The committed JSON Schemas are exactly what the models generate."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from hai_cli.catalogue import catalogue
from hai_cli.commands.schema import render, schemas
from tests.helpers import ROOT, hai


def test_committed_schemas_match_models() -> None:
    committed = {p.name for p in (ROOT / "schemas").glob("*.schema.json")}
    assert committed == set(schemas())
    for name, schema in schemas().items():
        assert (ROOT / "schemas" / name).read_text("utf-8") == render(schema), (
            f"schemas/{name} is out of date: run `hai schema`"
        )


def test_schema_command_writes_and_checks(tmp_path: Path) -> None:
    out = tmp_path / "s"
    assert hai("schema", "--out", out, "--check").exit_code == 1
    run = hai("schema", "--out", out)
    assert run.exit_code == 0
    assert len(list(out.glob("*.schema.json"))) == 9
    assert hai("schema", "--out", out, "--check").exit_code == 0
    (out / "step-4.schema.json").write_text("{}")
    stale = hai("schema", "--out", out, "--check")
    assert stale.exit_code == 1 and "step-4.schema.json" in stale.stdout


def test_schema_knows_checklist_ids_and_rejects_extra_keys() -> None:
    step4 = schemas()["step-4.schema.json"]
    checklist = step4["properties"]["checklist"]  # nested objects are written in place
    assert set(checklist["properties"]) == {"risk-analysis", "impact", "local-outcome-data"}
    assert checklist["additionalProperties"] is False
    assert json.loads(render(step4))["title"] == "hai step 4: Determine the risks and impact"


def _properties(node: object, path: str) -> list[tuple[str, dict[str, Any]]]:
    """Every property schema below ``node``, with its dotted path."""
    found: list[tuple[str, dict[str, Any]]] = []
    if isinstance(node, dict):
        for key, prop in node.get("properties", {}).items():
            found.append((f"{path}.{key}", prop))
            found += _properties(prop, f"{path}.{key}")
        for key in ("anyOf", "oneOf", "allOf"):
            for sub in node.get(key, []):
                found += _properties(sub, path)
        found += _properties(node.get("items"), path)
    return found


def test_every_field_has_a_bilingual_description() -> None:
    for name, schema in schemas().items():
        props = _properties(schema, name)
        assert props
        missing = [path for path, prop in props if not prop.get("description")]
        assert not missing, f"fields without a description: {missing}"
        for path, prop in props:
            assert "\n\n" in prop["description"], f"{path}: not Dutch and English"


def test_descriptions_come_from_the_catalogue() -> None:
    step4 = schemas()["step-4.schema.json"]
    pri = step4["properties"]["pri"]
    guidance = catalogue().field_text("step4.pri.type")
    assert guidance is not None
    inner = next(s for s in pri["anyOf"] if "properties" in s)
    assert inner["properties"]["type"]["description"] == f"{guidance.nl}\n\n{guidance.en}"
    item = step4["properties"]["checklist"]["properties"]["risk-analysis"]["description"]
    text = catalogue().item("risk-analysis").text  # type: ignore[union-attr]
    assert item.startswith(f"4.1 {text.nl}\n\n4.1 {text.en}")
    assert item.endswith("hai explain risk-analysis")
    # the same model under two keys carries the help of each key
    step1 = schemas()["step-1.schema.json"]["properties"]["considerations"]
    considerations = next(s for s in step1["anyOf"] if "properties" in s)["properties"]
    explanations = {
        next(s for s in prop["anyOf"] if "properties" in s)["properties"]["explanation"][
            "description"
        ]
        for prop in considerations.values()
    }
    assert len(explanations) == len(considerations) == 5
    releases = schemas()["step-7.schema.json"]["properties"]["releases"]
    inner = next(s for s in releases["anyOf"] if "properties" in s)["properties"]
    by = [
        next(s for s in inner[k]["anyOf"] if "properties" in s) for k in ("technical", "functional")
    ]
    assert by[0]["properties"]["by"]["description"] != by[1]["properties"]["by"]["description"]


def test_schemas_are_valid_json_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    for schema in schemas().values():
        jsonschema.Draft202012Validator.check_schema(schema)
