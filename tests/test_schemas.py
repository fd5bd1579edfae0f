"""The committed JSON Schemas are exactly what the models generate."""

from __future__ import annotations

import json
from pathlib import Path

from hai_cli.schema_export import render, schemas
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
    checklist = step4["$defs"]["Step4Checklist"]
    assert set(checklist["properties"]) == {"risk-analysis", "impact", "local-outcome-data"}
    assert checklist["additionalProperties"] is False
    assert json.loads(render(step4))["title"] == "hai step 4: Determine the risks and impact"
