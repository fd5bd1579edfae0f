"""JSON Schemas of every file kind, generated from the models (``hai schema``).

Every field carries the catalogue's guidance as its ``description`` (Dutch, a blank line,
English), every checklist item its text from the step plan, so that an editor with
yaml-language-server shows them on hover and in completion, offline. Nested objects are
written in place rather than as shared ``$defs``: the same model (a consideration, a
framework, a release) means something different under each key, and so does its help.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any, TextIO

from hai_cli.catalogue import Item, catalogue
from hai_cli.fsio import write_atomic
from hai_cli.i18n import Text
from hai_cli.model import STEP_MODELS, DossierFile

# the keys of a checklist item are the same in every step: their help is the tool's own
ITEM_FIELDS = {
    "status": Text(
        "open, done of n/a. Bij n/a hoort een 'reason:'.",
        "open, done or n/a. n/a needs a 'reason:'.",
    ),
    "evidence": Text(
        "Bewijs: paden naar documenten in evidence/, relatief aan het dossier.",
        "Evidence: paths of documents in evidence/, relative to the dossier.",
    ),
    "note": Text(
        "Toelichting: wat is gedaan, door wie, wanneer.", "Note: what was done, by whom, when."
    ),
    "reason": Text(
        "Waarom dit punt niet van toepassing is (verplicht bij n/a).",
        "Why this item does not apply (required with n/a).",
    ),
    "date": Text(
        "Datum waarop het punt is afgerond (JJJJ-MM-DD).",
        "Date the item was completed (YYYY-MM-DD).",
    ),
    "by": Text(
        "Wie het punt heeft afgerond (functie of naam).", "Who completed the item (role or name)."
    ),
}
CHECKLIST = Text(
    "Checklist van deze stap: per punt status open, done of n/a.",
    "Checklist of this step: per item status open, done or n/a.",
)
_EVIDENCE = Text("Bewijs vereist in evidence/.", "Evidence required in evidence/.")

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
            "dossier",
        )
    }
    for number, model in STEP_MODELS.items():
        step = catalogue().step(number)
        out[step_schema_name(number)] = _schema(
            model,
            f"hai step {number}: {step.title.en}",
            f"{step.title.nl} / {step.title.en}",
            f"step{number}",
        )
    return out


def _schema(model: Any, title: str, description: str, prefix: str) -> dict[str, Any]:
    body = model.model_json_schema(by_alias=True)
    body.pop("title", None)
    body.pop("description", None)
    defs = body.pop("$defs", {})
    body = _inline(body, defs)
    _describe(body, prefix)
    used = _refs(body)
    kept = {name: d for name, d in defs.items() if f"#/$defs/{name}" in used}
    return {
        "$schema": DRAFT,
        "title": title,
        "description": description,
        **body,
        **({"$defs": kept} if kept else {}),
    }


def bilingual(text: Text) -> str:
    return f"{text.nl}\n\n{text.en}"


def _inline(node: Any, defs: dict[str, Any]) -> Any:
    """Replace every ``$ref`` to an object model by a copy of it (enums stay references)."""
    if isinstance(node, list):
        return [_inline(n, defs) for n in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref", "")
    target = defs.get(ref.removeprefix("#/$defs/")) if ref.startswith("#/$defs/") else None
    if target is not None and "properties" in target:
        merged = {**copy.deepcopy(target), **{k: v for k, v in node.items() if k != "$ref"}}
        return _inline(merged, defs)
    return {key: _inline(value, defs) for key, value in node.items()}


def _refs(node: Any) -> set[str]:
    if isinstance(node, list):
        return set().union(*(_refs(n) for n in node))
    if not isinstance(node, dict):
        return set()
    found = {node["$ref"]} if isinstance(node.get("$ref"), str) else set()
    return found.union(*(_refs(v) for v in node.values()))


def _objects(node: Any) -> list[dict[str, Any]]:
    """The object schemas a property may hold: itself, or inside anyOf/oneOf/allOf/items."""
    if not isinstance(node, dict):
        return []
    found = [node] if "properties" in node else []
    for key in ("anyOf", "oneOf", "allOf"):
        for sub in node.get(key, []):
            found += _objects(sub)
    found += _objects(node.get("items"))
    return found


def _describe(node: dict[str, Any], prefix: str) -> None:
    for key, prop in node.get("properties", {}).items():
        path = f"{prefix}.{key}"
        if key == "checklist":
            prop["description"] = bilingual(CHECKLIST)
            for checklist in _objects(prop):
                _describe_checklist(checklist)
            continue
        text = catalogue().field_text(path)
        if text is not None:
            prop["description"] = bilingual(text)
        for inner in _objects(prop):
            _describe(inner, path)


def _describe_checklist(node: dict[str, Any]) -> None:
    for item_id, prop in node.get("properties", {}).items():
        item = catalogue().item(item_id)
        if item is None:
            continue
        prop["description"] = _item_text(item)
        for inner in _objects(prop):
            for key, field in inner.get("properties", {}).items():
                if key in ITEM_FIELDS:
                    field["description"] = bilingual(ITEM_FIELDS[key])


def _item_text(item: Item) -> str:
    number = item.number
    evidence = f"\n\n{_EVIDENCE.nl} / {_EVIDENCE.en}" if item.evidence_required else ""
    return f"{number} {item.text.nl}\n\n{number} {item.text.en}{evidence}\n\nhai explain {item.id}"


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


def run(out: Path, check_only: bool, stdout: TextIO) -> int:
    """``hai schema``: write the schemas, or (``check_only``) list those out of date."""
    if check_only:
        stale = [
            name
            for name, data in schemas().items()
            if not (out / name).is_file() or (out / name).read_text("utf-8") != render(data)
        ]
        for name in stale:
            stdout.write(f"out of date: {out / name}\n")
        return 1 if stale else 0
    for changed in write_schemas(out):
        stdout.write(f"{changed}\n")
    return 0
