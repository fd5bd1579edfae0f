"""`hai --help` and `hai check` stay light: heavy modules are imported only where needed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.helpers import base_dossier

PROBE = """
import sys
from hai_cli import cli
try:
    cli.app({args!r}, prog_name="hai")
except SystemExit:
    pass
heavy = ("git", "jinja2", "typst", "pydantic", "hai_cli.model", "rich")
print("LOADED=" + ",".join(m for m in heavy if m in sys.modules), file=sys.stderr)
catalogue = sys.modules.get("hai_cli.catalogue")
if catalogue is not None and catalogue._fields.cache_info().currsize:
    print("LOADED=fields.yaml", file=sys.stderr)
"""


def loaded(*args: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=list(args))],
        capture_output=True,
        text=True,
        check=False,
    )
    lines = [x for x in done.stderr.splitlines() if x.startswith("LOADED=")]
    return {m for line in lines for m in line.removeprefix("LOADED=").split(",") if m}


def test_help_imports_nothing_heavy() -> None:
    assert loaded("--help") == set()


def test_check_imports_no_git_jinja_or_pdf(tmp_path: Path) -> None:
    mods = loaded("check", str(base_dossier(tmp_path)), "-q")
    assert "pydantic" in mods  # it did check
    assert not {"git", "jinja2", "typst"} & mods


def test_check_of_one_dossier_off_a_terminal_stays_light(tmp_path: Path) -> None:
    # the text report prints plain lines (no rich), and only the scaffold, the schemas, the
    # interview and the documents read the field guidance (fields.yaml)
    mods = loaded("check", str(base_dossier(tmp_path)))
    assert "hai_cli.model" in mods
    assert not {"rich", "fields.yaml"} & mods


def test_cli_annotations_are_not_postponed() -> None:
    # postponed annotations would make typer evaluate every option's annotation on each run
    import hai_cli.cli

    assert "annotations" not in vars(hai_cli.cli)
