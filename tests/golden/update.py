"""Regenerate the golden files: python tests/golden/update.py"""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from hai_cli.cli import app

HERE = Path(__file__).resolve().parent

if __name__ == "__main__":
    result = CliRunner().invoke(app, ["--help"], env={"NO_COLOR": "1", "COLUMNS": "80"})
    (HERE / "help.txt").write_text(result.stdout, encoding="utf-8")
    print("wrote", HERE / "help.txt")
