"""A plain `pip install` of the built wheel carries the catalogue, schemas/ and templates/.

Builds the wheel offline (`--no-isolation`), installs it without dependencies into a fresh
virtual environment that sees this environment's packages (through a ``.pth`` file, since
``--system-site-packages`` made from a venv's Python sees the base Python's packages, not the
venv's), and runs `hai` from there.
"""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests.helpers import ROOT

pytestmark = pytest.mark.slow


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, cwd=cwd, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    run(sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", out, ROOT)
    (built,) = out.glob("hai_cli-*.whl")
    return built


def test_wheel_contents(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in (
        "hai_cli/catalogue/catalogue.yaml",
        "hai_cli/catalogue/fields.yaml",
        "hai_cli/catalogue/law.yaml",
        "hai_cli/catalogue/decisions/ai-act-role.yaml",
        "hai_cli/catalogue/decisions/change-significance.yaml",
        "hai_cli/_data/schemas/dossier.schema.json",
        "hai_cli/_data/schemas/step-8.schema.json",
        "hai_cli/_data/templates/README.md",
        "hai_cli/_data/templates/_macros.md.j2",
        "hai_cli/_data/templates/nl/pve.md.j2",
        "hai_cli/_data/templates/en/evaluation.md.j2",
    ):
        assert required in names
    assert not any(n.startswith(("tests/", "examples/")) for n in names)


def dependency_dirs() -> list[str]:
    """Where this Python finds hai's dependencies (a venv, the user's or the system's site),
    without this checkout itself (an editable install puts it on sys.path)."""
    own = {str(ROOT), str(ROOT.resolve())}
    return [
        p
        for p in sys.path
        if p not in own and Path(p).is_dir() and Path(p).name in {"site-packages", "dist-packages"}
    ]


def fresh_venv(venv: Path) -> Path:
    """A new venv that sees this environment's packages after its own; its Python."""
    run(sys.executable, "-m", "venv", venv)
    python = venv / "bin" / "python"
    purelib = run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))")
    (Path(purelib.stdout.strip()) / "_parent_env.pth").write_text(
        "\n".join(dependency_dirs()) + "\n", "utf-8"
    )
    return python


def test_the_fresh_venv_sees_this_environments_packages(tmp_path: Path) -> None:
    assert sysconfig.get_path("purelib") in dependency_dirs() or sys.prefix == sys.base_prefix
    python = fresh_venv(tmp_path / "venv")
    run(python, "-c", "import typer, pydantic, ruamel.yaml, jinja2, git, typst")
    missing = subprocess.run(
        [python, "-c", "import hai_cli.cli"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert missing.returncode != 0  # this checkout is not visible: only the wheel will be


def test_installed_wheel_runs(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    python = fresh_venv(venv)
    run(python, "-m", "pip", "install", "--isolated", "--no-deps", "--no-index", "--quiet", wheel)
    where = run(
        python,
        "-c",
        "import hai_cli, hai_cli.resources as r; print(hai_cli.__file__); "
        "print(r.schemas_dir()); print(r.templates_dir())",
        cwd=tmp_path,
    ).stdout.split()
    assert all(str(venv) in line for line in where), where
    hai = venv / "bin" / "hai"
    run(hai, "init", "d", "--name", "Wheel", "--acquisition", "purchase", cwd=tmp_path)
    assert (tmp_path / "d" / ".hai" / "schemas" / "step-4.schema.json").is_file()
    check = run(hai, "check", "d", "--format", "json", cwd=tmp_path)
    assert '"errors": []' in check.stdout
    run(hai, "explain", "ai-team", cwd=tmp_path)
    run(hai, "render", "d", "--doc", "pve", "--format", "all", cwd=tmp_path)
    assert (tmp_path / "d" / "docs" / "pve.nl.pdf").read_bytes().startswith(b"%PDF")
