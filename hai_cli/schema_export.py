"""JSON Schemas of every file kind, generated from the models (``hai schema``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hai_cli.catalogue import catalogue
from hai_cli.fsio import write_atomic
from hai_cli.model import STEP_MODELS, DossierFile

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def dossier_schema_name() -> str:
    return "dossier.schema.json"


def step_schema_name(number: int) -> str:
    return f"step-{number}.schema.json"


def schemas() -> dict[str, dict[str, Any]]:
    """File name to JSON Schema, for dossier.yaml and each of the eight step files."""
    out = {
        dossier_schema_name(): _schema(
            DossierFile,
            "hai dossier.yaml",
            "Identity and lifecycle state of one AI product / "
            "Identiteit en levensfase van één AI-product",
        )
    }
    for number, model in STEP_MODELS.items():
        step = catalogue().step(number)
        out[step_schema_name(number)] = _schema(
            model, f"hai step {number}: {step.title.en}", f"{step.title.nl} / {step.title.en}"
        )
    return out


def _schema(model: Any, title: str, description: str) -> dict[str, Any]:
    body = model.model_json_schema(by_alias=True)
    body.pop("title", None)
    body.pop("description", None)
    return {"$schema": DRAFT, "title": title, "description": description, **body}


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def write_schemas(target: Path) -> list[Path]:
    """Write every schema into ``target``; return the files whose content changed."""
    changed = []
    for name, schema in schemas().items():
        path = target / name
        text = render(schema)
        if not path.is_file() or path.read_text("utf-8") != text:
            write_atomic(path, text)
            changed.append(path)
    return changed
