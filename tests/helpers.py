"""Helpers shared by the tests: build dossiers from text, run the real CLI."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from hai_cli.check import DossierResult, check_dossier
from hai_cli.cli import app
from hai_cli.load import load_dossier

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "cases"
BASE = CASES / "base"
EXAMPLES = ROOT / "examples"
TODAY = dt.date(2026, 11, 23)


# for tests of gate mechanics: this dossier's gates need no approvals (a per-dossier override)
NO_APPROVALS = "required_approvals: {request: [], go-live: [], review: [], decommission: []}\n"


def build_file_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write ``{relative path: text}`` under ``root`` (replacing what is there)."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def base_dossier(
    tmp_path: Path, files: dict[str, str | bytes] | None = None, name: str = "d"
) -> Path:
    """A copy of the corpus base dossier (purchase, every item open) with files replaced."""
    target = tmp_path / name
    shutil.copytree(BASE, target)
    return build_file_tree(target, files or {})


def check(path: Path, today: dt.date = TODAY) -> DossierResult:
    return check_dossier(load_dossier(path, path.name), today)


def codes(result: DossierResult) -> list[str]:
    return [p.code for p in result.problems]


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


def hai(*args: str | Path) -> Run:
    """Run the real ``hai`` command in-process (Typer's runner), stdout and stderr apart."""
    runner = CliRunner()
    result = runner.invoke(app, [str(a) for a in args], catch_exceptions=False)
    return Run(result.exit_code, result.stdout, result.stderr)
