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
heavy = ("git", "jinja2", "typst", "pydantic", "hai_cli.model")
print("LOADED=" + ",".join(m for m in heavy if m in sys.modules), file=sys.stderr)
"""


def loaded(*args: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=list(args))],
        capture_output=True,
        text=True,
        check=False,
    )
    line = next(x for x in done.stderr.splitlines() if x.startswith("LOADED="))
    return {m for m in line.removeprefix("LOADED=").split(",") if m}


def test_help_imports_nothing_heavy() -> None:
    assert loaded("--help") == set()


def test_check_imports_no_git_jinja_or_pdf(tmp_path: Path) -> None:
    mods = loaded("check", str(base_dossier(tmp_path)), "-q")
    assert "pydantic" in mods  # it did check
    assert not {"git", "jinja2", "typst"} & mods
