"""The pre-commit hooks of .pre-commit-hooks.yaml, run by pre-commit on a temporary repository.

pre-commit installs a `language: python` hook from the network, so the test runs the same
hooks as `repo: local` hooks (`language: system`) on the installed `hai`, with everything else
read from .pre-commit-hooks.yaml: a change there that breaks the hooks breaks this test.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer.main
from ruamel.yaml import YAML

from hai_cli.cli import app
from tests.helpers import ROOT, base_dossier

HOOKS_FILE = ROOT / ".pre-commit-hooks.yaml"
MIRRORED = ("id", "name", "entry", "pass_filenames", "files")


def hooks() -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = YAML(typ="safe").load(HOOKS_FILE.read_text("utf-8"))
    return data


def test_hooks_file() -> None:
    by_id = {hook["id"]: hook for hook in hooks()}
    assert set(by_id) == {"hai-check", "hai-render-check"}
    assert by_id["hai-check"]["entry"] == "hai check"
    assert by_id["hai-render-check"]["entry"] == "hai render --check"
    commands = typer.main.get_command(app).commands  # type: ignore[attr-defined]
    for hook in by_id.values():
        assert hook["language"] == "python" and hook["pass_filenames"] is False
        assert hook["entry"].split()[1] in commands
        files = re.compile(hook["files"])
        for path in (
            "dossier.yaml",
            "dossiers/sepsis/dossier.yaml",
            "dossiers/sepsis/steps/4-risks-and-impact.yaml",
            "steps/1-medical-context.yml",
        ):
            assert files.search(path), (hook["id"], path)
        for path in ("README.md", "mydossier.yaml", "x.yaml"):
            assert not files.search(path), (hook["id"], path)
    render_files = by_id["hai-render-check"]["files"]
    assert re.search(render_files, "dossiers/sepsis/docs/pve.nl.md")
    # evidence moves the dossier's source revision, so the documents' stamps too
    assert re.search(render_files, "dossiers/sepsis/evidence/pri.pdf")
    assert not re.search(by_id["hai-check"]["files"], "dossiers/sepsis/evidence/pri.pdf")


def local_config() -> str:
    """.pre-commit-config.yaml with the hooks of .pre-commit-hooks.yaml as local hooks."""
    lines = ["repos:", "  - repo: local", "    hooks:"]
    for hook in hooks():
        lines.append(f"      - id: {hook['id']}")
        for key in MIRRORED[1:]:
            value = hook[key]
            shown = "false" if value is False else ("true" if value is True else f"'{value}'")
            lines.append(f"        {key}: {shown}")
        lines.append("        language: system")
    return "\n".join(lines) + "\n"


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_hooks_run_under_pre_commit(tmp_path: Path) -> None:
    pytest.importorskip("pre_commit")
    bin_dir = Path(sys.executable).parent
    if shutil.which("hai", path=str(bin_dir)) is None:
        pytest.skip("hai is not installed beside this Python (pip install -e .)")
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    base_dossier(repo / "dossiers", name="d")
    (repo / ".pre-commit-config.yaml").write_text(local_config(), "utf-8")
    git(repo, "add", "-A")
    env = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "NO_COLOR": "1",
    }

    def pre_commit() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    clean = pre_commit()
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert re.search(r"^hai check\.+Passed$", clean.stdout, re.M), clean.stdout
    assert re.search(r"^hai render --check\.+Passed$", clean.stdout, re.M), clean.stdout

    broken = repo / "dossiers" / "d" / "steps" / "4-risks-and-impact.yaml"
    broken.write_text("risk_indication: hoog\nchecklist: {}\n", "utf-8")
    git(repo, "add", "-A")
    failed = pre_commit()
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert re.search(r"^hai check\.+Failed$", failed.stdout, re.M), failed.stdout
    assert "dossiers/d/steps/4-risks-and-impact.yaml:1 HAI013" in failed.stdout
    assert re.search(r"^hai render --check\.+Failed$", failed.stdout, re.M), failed.stdout
