"""The bad-input corpus: every folder under tests/cases/invalid must fail with its expected
problem (file, line, code, message), exit 1, no traceback, and nothing written; every folder
under tests/cases/valid must pass. Cases are discovered; adding one is adding a folder.

A case folder holds ``case.yaml`` and ``files/``, an overlay copied over the corpus base dossier
(``tests/cases/base``). ``generate`` makes files that git cannot hold as they are (a 10 MB file,
binary bytes, symbolic links); ``portfolio`` names several dossiers built from the base.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from tests.helpers import BASE, CASES, hai

pytestmark = pytest.mark.usefixtures("yaml_parser")  # libyaml and pure Python


def _cases(kind: str) -> list[Path]:
    return sorted(p for p in (CASES / kind).iterdir() if (p / "case.yaml").is_file())


def _spec(case: Path) -> dict[str, Any]:
    spec: dict[str, Any] = YAML(typ="safe").load(case / "case.yaml")
    return spec


def _build(case: Path, tmp_path: Path) -> Path:
    spec = _spec(case)
    names = spec.get("portfolio") or [None]
    root = tmp_path / "repo"
    for name in names:
        target = root / name if name else root
        shutil.copytree(BASE, target)
    if (case / "files").is_dir():
        shutil.copytree(case / "files", root, dirs_exist_ok=True)
    for item in spec.get("generate") or []:
        path = root / item["path"]
        path.parent.mkdir(parents=True, exist_ok=True)
        if item["kind"] == "big":
            path.write_bytes(b"note: |\n" + b"  x\n" * (item["size"] // 4))
        elif item["kind"] == "bytes":
            path.write_bytes(bytes.fromhex(item["hex"]))
        elif item["kind"] == "symlink":
            path.unlink(missing_ok=True)
            path.symlink_to(item["target"])
        elif item["kind"] == "delete":
            path.unlink()
        else:
            raise AssertionError(f"unknown generate kind {item['kind']}")
    return root


def _snapshot(root: Path) -> dict[str, tuple[int, int]]:
    out = {}
    for top, _, files in os.walk(root):
        for name in files:
            path = Path(top) / name
            stat = path.lstat()
            out[str(path.relative_to(root))] = (stat.st_size, stat.st_mtime_ns)
    return out


@pytest.mark.parametrize("case", _cases("invalid"), ids=lambda p: p.name)
def test_invalid_case(case: Path, tmp_path: Path) -> None:
    spec = _spec(case)
    root = _build(case, tmp_path)
    before = _snapshot(root)
    run = hai("check", root, "--format", "json")
    assert run.exit_code == 1, run.stdout + run.stderr
    assert "Traceback" not in run.stdout + run.stderr
    errors = [
        {**error, "dossier": dossier["path"]}
        for dossier in run.json()["dossiers"]
        for error in dossier["errors"]
    ]
    expect = spec["expect"]
    matching = [
        e
        for e in errors
        if e["code"] == expect["code"]
        and e["file"] == expect["file"]
        and e["line"] == expect["line"]
    ]
    assert matching, f"expected {expect}, got {errors}"
    assert any(expect["message"] in e["message"] for e in matching), matching
    text = hai("check", root)
    assert text.exit_code == 1
    assert "Traceback" not in text.stdout + text.stderr
    assert f"{expect['file']}:{expect['line']}" in text.stdout
    assert _snapshot(root) == before, "hai check must not write anything"


@pytest.mark.parametrize("case", _cases("valid"), ids=lambda p: p.name)
def test_valid_case(case: Path, tmp_path: Path) -> None:
    root = _build(case, tmp_path)
    run = hai("check", root, "--format", "json")
    assert run.exit_code == 0, run.stdout + run.stderr
    assert all(not d["errors"] for d in run.json()["dossiers"])


def test_corpus_is_not_empty() -> None:
    assert len(_cases("invalid")) >= 20
    assert _cases("valid")
