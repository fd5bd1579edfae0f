"""Regenerate the golden files: python tests/golden/update.py

- tests/golden/help.txt: `hai --help`;
- tests/golden/render/<example>/<document>.<lang>.md: every document of both examples in both
  languages, rendered outside git on a fixed date (so the stamp is stable);
- tests/golden/rule-messages.txt: every rule's message in nl and en, as the rule test cases
  (tests/test_rules.py) make it fire.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from typer.testing import CliRunner

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from hai_cli.cli import app  # noqa: E402
from tests.test_rules import GOLDEN_MESSAGES, rule_messages  # noqa: E402

GOLDEN_DATE = "2026-01-15"
EXAMPLES = HERE.parent.parent / "examples"


def render_examples(target: Path) -> None:
    """Render every document of each example, nl and en, into target/<example>/."""
    runner = CliRunner()
    with tempfile.TemporaryDirectory() as tmp:
        for example in sorted(p for p in EXAMPLES.iterdir() if (p / "dossier.yaml").is_file()):
            copy = Path(tmp) / example.name
            shutil.copytree(example, copy, ignore=shutil.ignore_patterns("docs"))
            for lang in ("nl", "en"):
                args = ["render", str(copy), "--lang", lang, "--today", GOLDEN_DATE]
                result = runner.invoke(app, args, catch_exceptions=False)
                assert result.exit_code == 0, result.output
            out = target / example.name
            out.mkdir(parents=True, exist_ok=True)
            for md in sorted((copy / "docs").glob("*.md")):
                shutil.copy(md, out / md.name)


if __name__ == "__main__":
    result = CliRunner().invoke(app, ["--help"], env={"NO_COLOR": "1", "COLUMNS": "80"})
    (HERE / "help.txt").write_text(result.stdout, encoding="utf-8")
    shutil.rmtree(HERE / "render", ignore_errors=True)
    render_examples(HERE / "render")
    with tempfile.TemporaryDirectory() as tmp:
        GOLDEN_MESSAGES.write_text(rule_messages(Path(tmp)), encoding="utf-8")
    print("wrote", HERE / "help.txt", HERE / "render", "and", GOLDEN_MESSAGES)
