"""`hai evaluate`: a round-trip edit that adds one evaluation and changes nothing else."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

from tests.helpers import EXAMPLES, hai

STEP8 = "steps/8-evaluation.yaml"


def added_lines(before: str, after: str) -> list[str]:
    diff = list(difflib.ndiff(before.splitlines(), after.splitlines()))
    assert not [d for d in diff if d.startswith("- ")], "nothing may be removed or changed"
    return [d[2:] for d in diff if d.startswith("+ ")]


def test_adds_to_example_keeping_everything(tmp_path: Path) -> None:
    dossier = tmp_path / "ai"
    shutil.copytree(EXAMPLES / "ai-rad-companion", dossier)
    before = (dossier / STEP8).read_text()
    run = hai(
        "evaluate", dossier, "--date", "2023-06-15", "--from", "2023-01-01", "--to", "2023-06-14",
        "--figure", "nodule-sensitivity=0.93", "--figure", "missing-results=1",
        "--incident", "VIM 2023-014: resultaat te laat", "--finding", "Presentatie verbeterd",
        "--decision", "continue", "--participant", "radioloog", "--chair", "radioloog (AI-kartrekker)",
    )  # fmt: skip
    assert run.exit_code == 0, run.stdout + run.stderr
    assert "evaluatie toegevoegd; volgende uiterlijk 2023-12-15" in run.stdout
    after = (dossier / STEP8).read_text()
    assert added_lines(before, after) == [
        "  - date: 2023-06-15",
        "    period_from: 2023-01-01",
        "    period_to: 2023-06-14",
        "    figures:",
        "      - measure: nodule-sensitivity",
        "        value: 0.93",
        "      - measure: missing-results",
        "        value: 1",
        "    incidents:",
        "      - 'VIM 2023-014: resultaat te laat'",
        "    findings:",
        "      - Presentatie verbeterd",
        "    decision: continue",
        "    participants:",
        "      - radioloog",
        "    chair: radioloog (AI-kartrekker)",
    ]
    assert not list(dossier.rglob("*.tmp"))
    assert hai("check", dossier, "--format", "json").exit_code == 0


def test_scaffold_list_becomes_a_block_list_and_comments_stay(in_tmp: Path) -> None:
    hai("init", "d", "--name", "X", "--acquisition", "purchase")
    before = (in_tmp / "d" / STEP8).read_text()
    run = hai("evaluate", "d", "--date", "2026-01-10", "--decision", "continue")
    assert run.exit_code == 0, run.stdout + run.stderr
    after = (in_tmp / "d" / STEP8).read_text()
    assert "evaluations:\n  - date: 2026-01-10\n    decision: continue\n" in after
    assert [line for line in before.splitlines() if line.lstrip().startswith("#")] == [
        line for line in after.splitlines() if line.lstrip().startswith("#")
    ]
    assert before.replace("evaluations: []\n", "") == after.replace(
        "evaluations:\n  - date: 2026-01-10\n    decision: continue\n", ""
    )


def test_breach_without_decision_is_reported(tmp_path: Path) -> None:
    dossier = tmp_path / "ai"
    shutil.copytree(EXAMPLES / "ai-rad-companion", dossier)
    run = hai("evaluate", dossier, "--date", "2023-06-15", "--figure", "nodule-sensitivity=0.8")
    assert run.exit_code == 1
    assert "HAI186" in run.stdout and "nodule-sensitivity" in run.stdout


def test_bad_input_writes_nothing(tmp_path: Path) -> None:
    dossier = tmp_path / "ai"
    shutil.copytree(EXAMPLES / "ai-rad-companion", dossier)
    before = (dossier / STEP8).read_text()
    bad = hai("evaluate", dossier, "--date", "2023-06-15", "--decision", "pause")
    assert bad.exit_code == 2 and "Ongeldige evaluatie (decision)" in bad.stderr
    assert hai("evaluate", dossier, "--figure", "no-equals-sign").exit_code == 2
    (dossier / STEP8).write_text(before + "bogus: 1\n")
    broken = hai("evaluate", dossier, "--date", "2023-06-15")
    assert broken.exit_code == 2 and "heeft fouten" in broken.stderr
    assert (dossier / STEP8).read_text() == before + "bogus: 1\n"
