"""ARCHITECTURE.md stays true: the paths its code map names exist, and the layers it describes
hold (no upward imports, no private names borrowed across modules)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tests.helpers import ROOT

PACKAGE = ROOT / "hai_cli"
# the layers above the core: the command line, the commands, the reporters and the documents
UPPER = ("hai_cli.cli", "hai_cli.usage", "hai_cli.commands", "hai_cli.report", "hai_cli.render")


def _paths_in_the_code_map() -> list[str]:
    text = (ROOT / "ARCHITECTURE.md").read_text("utf-8")
    table = text.split("## Code map", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `([^`]+)` \|", table, flags=re.M)


def test_every_path_in_the_code_map_exists() -> None:
    paths = _paths_in_the_code_map()
    assert len(paths) >= 20
    missing = [p for p in paths if not (ROOT / p).exists()]
    assert not missing, f"ARCHITECTURE.md names paths that do not exist: {missing}"


def _module(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> list[tuple[str, list[str]]]:
    """(module, names) of every import in the file, also those inside functions."""
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, [a.name for a in node.names]))
        elif isinstance(node, ast.Import):
            found += [(a.name, []) for a in node.names]
    return found


def _within(module: str, layer: str) -> bool:
    return module == layer or module.startswith(layer + ".")


def test_lower_layers_never_import_upper_ones() -> None:
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        here = _module(path)
        above = [layer for layer in UPPER if not _within(here, layer)]
        # the site composes whole commands (check, status, render) into pages: it sits at the top
        if (
            _within(here, "hai_cli.commands")
            or _within(here, "hai_cli.site")
            or here
            in (
                "hai_cli.cli",
                "hai_cli.usage",
                "hai_cli.__main__",
            )
        ):
            continue  # the top may import anything below it
        reporters = ("hai_cli.report", "hai_cli.render", "hai_cli.diff.report")
        if any(_within(here, layer) for layer in reporters):
            above = ["hai_cli.cli", "hai_cli.usage", "hai_cli.commands"]
        for module, _ in _imports(path):
            wrong += [f"{here} imports {module}" for layer in above if _within(module, layer)]
    assert not wrong, wrong


def test_no_private_name_is_borrowed_from_another_module() -> None:
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        here = _module(path)
        for module, names in _imports(path):
            if module.startswith("hai_cli") and module != here:
                wrong += [f"{here}: {module}.{n}" for n in names if n[:1] == "_" != n[1:2]]
    assert not wrong, wrong


def test_each_command_lives_in_a_module_named_as_typed() -> None:
    from typer.main import get_command

    from hai_cli.cli import app

    names = set(get_command(app).commands)
    assert {"init", "check", "log", "schema", "approve", "status"} <= names
    modules = {p.stem for p in (PACKAGE / "commands").glob("*.py")} - {"__init__"}
    assert names <= modules, names - modules


def test_the_cli_and_the_models_share_one_set_of_vocabularies() -> None:
    import subprocess
    import sys

    from hai_cli import cli, vocab
    from hai_cli.model import DossierFile

    assert (
        cli.Acquisition is vocab.Acquisition is DossierFile.model_fields["acquisition"].annotation
    )
    assert cli.ApprovalRole is vocab.ApprovalRole and cli.Language is vocab.Language
    probe = "import sys, hai_cli.vocab; print('pydantic' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
