"""Every field the team fills in appears in at least one document.

A copy of each example gets a distinct marker in every text field of every model (a new list
entry where a list is empty), every document of the dossier is rendered in both languages, and
each marker must appear in one of them. Choices (enums), yes/no, dates and numbers cannot carry
a marker; the golden documents show them. The few text fields that are deliberately not shown
are listed in ALLOWED, each with the reason.
"""

from __future__ import annotations

import itertools
import shutil
import types
import typing
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel
from ruamel.yaml import YAML
from typer.testing import CliRunner

from hai_cli.cli import app
from hai_cli.model.dossier import DossierFile
from hai_cli.model.steps import STEP_MODELS

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

# path -> why it is not in any document ("purchase"/"in-house": only for that acquisition)
ALLOWED: dict[str, str] = {
    # identity and bookkeeping, not content
    "dossier.id": "the dossier id is on every page, but the marker must stay a valid slug id",
    "dossier.approvals.fingerprint": "shortened in the sign-off table (first 12 characters)",
    "dossier.approvals.covers": "per-file hashes: bookkeeping for staleness, not for readers",
    "step*.approvals.fingerprint": "shortened in the sign-off table (first 12 characters)",
    "step*.approvals.covers": "per-file hashes: bookkeeping for staleness, not for readers",
    # which side of the acquisition a field belongs to
    "dossier.supplier.*": "in-house: there is no supplier",
    "step7.supplier_questions.*": "in-house: the ten questions are for a supplier",
    "step7.development.*": "purchase: the supplier develops the model",
    "step2.market_research.why_no_market_product": "purchase: a question for an in-house build",
    "step8.decommissioning.checklist.*": "before phase 4 the decommissioning controls do not apply",
}

_ONLY = {
    "dossier.supplier.*": "in-house",
    "step7.supplier_questions.*": "in-house",
    "step7.development.*": "purchase",
    "step2.market_research.why_no_market_product": "purchase",
    "step8.decommissioning.checklist.*": "before-4",
}


def _unwrap(annotation: Any) -> Any:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _unwrap(args[0]) if len(args) == 1 else annotation
    return annotation


class Markers:
    def __init__(self) -> None:
        self.by_path: dict[str, str] = {}
        self._count = itertools.count(1)

    def new(self, path: str) -> str:
        marker = f"zq{next(self._count)}zq"
        self.by_path.setdefault(path, marker)
        return self.by_path[path]


def _fill(model: type[BaseModel], data: dict[str, Any], prefix: str, markers: Markers) -> None:
    for name, field in model.model_fields.items():
        key = field.alias or name
        path = f"{prefix}.{key}"
        kind = _unwrap(field.annotation)
        origin = typing.get_origin(kind)
        if key == "fingerprint":
            continue  # a sha256: value, or the approval does not load (see ALLOWED)
        if kind is str:
            data[key] = markers.new(path)
        elif isinstance(kind, type) and issubclass(kind, BaseModel):
            if not isinstance(data.get(key), dict):
                data[key] = {}
            _fill(kind, data[key], path, markers)
        elif origin is list:
            (inner,) = typing.get_args(kind)
            inner = _unwrap(inner)
            if inner is str:
                marker = markers.new(path)
                data[key] = [f"evidence/{marker}.pdf" if key == "evidence" else marker]
            elif isinstance(inner, type) and issubclass(inner, BaseModel):
                if not data.get(key):
                    data[key] = [_minimal(inner)]
                _fill(inner, data[key][0], path, markers)
        elif origin is dict and key == "documents":
            value = _unwrap(typing.get_args(kind)[1])
            entry: dict[str, Any] = {}
            _fill(value, entry, path, markers)
            data[key] = {doc: dict(entry) for doc in typing.get_args(typing.get_args(kind)[0])}


def _minimal(model: type[BaseModel]) -> dict[str, Any]:
    """Values for the required fields that cannot hold a marker (choices, dates, numbers)."""
    import datetime as dt
    import enum

    out: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        if not field.is_required():
            continue
        kind = _unwrap(field.annotation)
        if name == "fingerprint":
            out[name] = "sha256:" + "0" * 64
        elif isinstance(kind, type) and issubclass(kind, enum.Enum):
            out[field.alias or name] = next(iter(kind)).value
        elif kind is dt.date:
            out[field.alias or name] = "2020-01-01"
        elif typing.get_origin(kind) is typing.Literal:
            out[field.alias or name] = typing.get_args(kind)[0]
    return out


def _allowed(path: str, acquisition: str, phase: str) -> bool:
    import fnmatch

    for pattern in ALLOWED:
        if fnmatch.fnmatchcase(path, pattern) or fnmatch.fnmatchcase(path, pattern + ".*"):
            only = _ONLY.get(pattern)
            if only is None or only == acquisition or (only == "before-4" and phase != "4"):
                return True
    return False


def _marked_copy(example: Path, target: Path) -> tuple[Markers, str, str]:
    yaml = YAML(typ="safe", pure=True)
    shutil.copytree(example, target, ignore=shutil.ignore_patterns("docs"))
    markers = Markers()
    files = [("dossier", target / "dossier.yaml", DossierFile)]
    for number, model in STEP_MODELS.items():
        (path,) = (target / "steps").glob(f"{number}-*.yaml")
        files.append((f"step{number}", path, model))
    acquisition = phase = ""
    for prefix, path, model in files:
        data = yaml.load(path.read_text("utf-8"))
        if prefix == "dossier":
            acquisition, phase = data["acquisition"], str(data["phase"])
        _fill(model, data, prefix, markers)
        if prefix == "dossier":
            data["id"] = example.name  # the id must stay a slug
        writer = YAML(typ="safe", pure=True)
        writer.default_flow_style = False
        writer.width = 4096
        with path.open("w", encoding="utf-8") as out:
            writer.dump(data, out)
    return markers, acquisition, phase


@pytest.mark.parametrize("example", ["ai-rad-companion", "covid19-severity", "sepsis-alert"])
def test_every_field_appears_in_a_document(example: str, tmp_path: Path) -> None:
    copy = tmp_path / example
    markers, acquisition, phase = _marked_copy(EXAMPLES / example, copy)
    runner = CliRunner()
    for lang in ("nl", "en"):
        result = runner.invoke(app, ["render", str(copy), "--lang", lang, "--today", "2026-12-02"])
        assert result.exit_code == 0, result.output
    shown = "\n".join(p.read_text("utf-8") for p in (copy / "docs").glob("*.md"))
    for lang in ("nl", "en"):
        docs = "\n".join(p.read_text("utf-8") for p in (copy / "docs").glob(f"*.{lang}.md"))
        missing = [
            path
            for path, marker in markers.by_path.items()
            if marker not in docs and not _allowed(path, acquisition, phase)
        ]
        assert not missing, f"{lang}: fields that no document shows: {missing}"
    assert shown
