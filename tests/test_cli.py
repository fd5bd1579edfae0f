"""The real commands on real folders: init, check, explain, schema, exit codes, output."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import NO_APPROVALS, ROOT, base_dossier, hai

GOLDEN = ROOT / "tests" / "golden"


def test_version() -> None:
    run = hai("--version")
    assert run.exit_code == 0 and run.stdout.strip().startswith("hai ")


def test_help_golden() -> None:
    run = hai("--help")
    assert run.exit_code == 0
    for command in ("init", "check", "explain", "schema"):
        assert command in run.stdout
    golden = GOLDEN / "help.txt"
    assert run.stdout == golden.read_text("utf-8"), "regenerate with: python tests/golden/update.py"


def test_module_entry_point(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "hai_cli", "--version"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0 and done.stdout.startswith("hai ")


@pytest.mark.parametrize(("acquisition", "lang"), [("purchase", "nl"), ("in-house", "en")])
def test_init_then_check_is_clean(in_tmp: Path, acquisition: str, lang: str) -> None:
    run = hai(
        "init",
        "dossiers/new-product",
        "--name",
        "Nieuw: product #1",
        "--acquisition",
        acquisition,
        "--lang",
        lang,
    )
    assert run.exit_code == 0, run.stderr
    root = in_tmp / "dossiers" / "new-product"
    files = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
    assert files == [
        ".hai/schemas/dossier.schema.json",
        *[f".hai/schemas/step-{n}.schema.json" for n in range(1, 9)],
        "dossier.yaml",
        "evidence/README.md",
        "steps/1-medical-context.yaml",
        "steps/2-innovation-level.yaml",
        "steps/3-added-value.yaml",
        "steps/4-risks-and-impact.yaml",
        "steps/5-tasks-and-responsibilities.yaml",
        "steps/6-laws-and-regulations.yaml",
        "steps/7-implementation.yaml",
        "steps/8-evaluation.yaml",
    ]
    check = hai("check", "dossiers", "--format", "json")
    assert check.exit_code == 0, check.stdout
    dossier = check.json()["dossiers"][0]
    assert dossier["id"] == "new-product"
    assert dossier["name"] == "Nieuw: product #1"
    assert dossier["errors"] == [] and dossier["warnings"] == []
    assert {i["status"] for i in dossier["items"]} == {"open"}
    assert len(dossier["items"]) == 26
    assert dossier["gates"]["request"]["passed"] is False
    assert dossier["gates"]["request"]["blocking"] == [
        *(i["id"] for i in dossier["items"] if i["step"] <= 6),
        "approval:project-leader",
        "approval:clinical-informatician",
    ]


def test_init_guidance_and_schema_line(in_tmp: Path) -> None:
    hai("init", "d", "--name", "X", "--acquisition", "purchase", "--lang", "en")
    step4 = (in_tmp / "d" / "steps" / "4-risks-and-impact.yaml").read_text()
    first = step4.splitlines()[0]
    assert first == "# yaml-language-server: $schema=../.hai/schemas/step-4.schema.json"
    assert (in_tmp / "d" / "steps" / "../.hai/schemas/step-4.schema.json").is_file()
    assert "# 4.1 The safety of the AI software" in step4
    assert "# Explanation and tips: hai explain risk-analysis" in step4
    assert "One of: low | medium | high." in step4
    nl = hai("init", "n", "--name", "X", "--acquisition", "purchase")
    assert nl.exit_code == 0
    assert (
        "hai explain risk-analysis"
        in (in_tmp / "n" / "steps" / "4-risks-and-impact.yaml").read_text()
    )
    assert (
        "Kies uit: low | medium | high."
        in (in_tmp / "n" / "steps" / "4-risks-and-impact.yaml").read_text()
    )


def test_init_in_git_repo_puts_schemas_at_the_root(in_tmp: Path) -> None:
    (in_tmp / ".git").mkdir()
    hai("init", "dossiers/a", "--name", "A", "--acquisition", "in-house")
    assert (in_tmp / ".hai" / "schemas" / "step-1.schema.json").is_file()
    first = (
        (in_tmp / "dossiers" / "a" / "steps" / "1-medical-context.yaml").read_text().splitlines()[0]
    )
    assert first == "# yaml-language-server: $schema=../../../.hai/schemas/step-1.schema.json"


def test_init_refuses_to_overwrite(in_tmp: Path) -> None:
    target = in_tmp / "d"
    target.mkdir()
    (target / "dossier.yaml").write_text("mine: keep\n")
    run = hai("init", "d", "--name", "X", "--acquisition", "purchase")
    assert run.exit_code == 2
    assert "hai init overschrijft niets" in run.stderr
    assert (target / "dossier.yaml").read_text() == "mine: keep\n"
    assert not (target / "steps").exists()
    forced = hai("init", "d", "--name", "X", "--acquisition", "purchase", "--force")
    assert forced.exit_code == 0
    assert "mine" not in (target / "dossier.yaml").read_text()


def test_init_bad_arguments(in_tmp: Path) -> None:
    assert hai("init", "d", "--name", "X", "--acquisition", "lease").exit_code == 2
    assert hai("init", "d", "--acquisition", "purchase").exit_code == 2
    (in_tmp / "file").write_text("x")
    assert hai("init", "file", "--name", "X", "--acquisition", "purchase").exit_code == 2


def test_check_exit_codes(tmp_path: Path) -> None:
    clean = base_dossier(tmp_path, name="clean")
    assert hai("check", clean).exit_code == 0
    assert hai("check", clean, "--gate", "request").exit_code == 1
    broken = base_dossier(tmp_path, {"steps/1-medical-context.yaml": "goal: [\n"}, name="broken")
    assert hai("check", broken).exit_code == 1
    assert hai("check", tmp_path / "nowhere").exit_code == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    run = hai("check", empty)
    assert run.exit_code == 2
    assert run.stderr.startswith("hai: Geen dossier gevonden")
    assert "Traceback" not in run.stderr
    assert hai("check", clean, "--gate", "nonsense").exit_code == 2
    assert hai("check", clean, "--today", "gisteren").exit_code == 2


def test_check_gate_passes(tmp_path: Path) -> None:
    files = {}
    for step in range(1, 7):
        path = next((ROOT / "tests/cases/base/steps").glob(f"{step}-*.yaml")).name
        text = (
            (ROOT / "tests/cases/base/steps" / path)
            .read_text()
            .replace("status: open", "status: n/a\n    reason: niet van toepassing in deze test")
        )
        files[f"steps/{path}"] = text
    files["dossier.yaml"] = (ROOT / "tests/cases/base/dossier.yaml").read_text() + NO_APPROVALS
    d = base_dossier(tmp_path, files)
    run = hai("check", d, "--gate", "request", "--format", "json")
    assert run.exit_code == 0, run.stdout
    assert run.json()["dossiers"][0]["gates"]["request"] == {"passed": True, "blocking": []}
    assert hai("check", d, "--gate", "go-live").exit_code == 1


def test_check_text_output(tmp_path: Path) -> None:
    d = base_dossier(
        tmp_path,
        {
            "steps/4-risks-and-impact.yaml": "risk_indication: hoog\n",
            "steps/1-medical-context.yaml": "main_task: health\nsub_task: efficient-workflow\n",
        },
    )
    run = hai("check", d)
    assert run.exit_code == 1
    out = run.stdout
    assert "Fouten (1)" in out
    assert "d/steps/4-risks-and-impact.yaml:1 HAI013 'hoog' is geen geldige waarde" in out
    assert "Waarschuwingen (3)" in out  # sub-task, and two step 1 items missing from the file
    assert "d/steps/1-medical-context.yaml:2 HAI113" in out
    assert "Open punten (26)" in out
    assert "4.1 risk-analysis" in out
    assert "request" in out and "niet gehaald" in out
    english = hai("check", d, "--lang", "en")
    assert "Errors (1)" in english.stdout and "'hoog' is not a valid value" in english.stdout
    quiet = hai("check", d, "-q")
    assert "Open punten" not in quiet.stdout and "HAI013" in quiet.stdout


def test_check_json_shape(tmp_path: Path) -> None:
    d = base_dossier(tmp_path, {"steps/4-risks-and-impact.yaml": "interaction_level: autonomous\n"})
    run = hai("check", d, "--format", "json", "--lang", "en")
    document = json.loads(run.stdout)
    assert set(document) == {"version", "dossiers"}
    dossier = document["dossiers"][0]
    assert {"path", "id", "errors", "warnings", "items", "gates"} <= set(dossier)
    warning = next(w for w in dossier["warnings"] if w["code"] == "HAI160")
    assert warning == {
        "code": "HAI160",
        "severity": "warning",
        "file": "steps/4-risks-and-impact.yaml",
        "line": 1,
        "message": warning["message"],
    }
    assert warning["message"].startswith("The software decides autonomously.")
    assert set(dossier["gates"]) == {"request", "go-live", "review", "decommission"}
    assert dossier["gates"]["review"]["blocking"][0] == "phase"


def test_check_defaults_to_current_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    d = base_dossier(tmp_path)
    monkeypatch.chdir(d)
    run = hai("check", "--format", "json")
    assert run.exit_code == 0
    assert run.json()["dossiers"][0]["path"] == "."


def test_explain_item_and_step() -> None:
    item = hai("explain", "risk-analysis", "--lang", "en")
    assert item.exit_code == 0
    assert item.stdout.startswith("4.1 risk-analysis — Step 4: Determine the risks and impact")
    assert "Tips" in item.stdout and "HFMEA" in item.stdout and "evidence" in item.stdout
    dutch = hai("explain", "risk-analysis")
    assert "Toelichting" in dutch.stdout
    step = hai("explain", "4")
    assert step.exit_code == 0
    assert "Stap 4" in step.stdout and "4.1" in step.stdout and "local-outcome-data" in step.stdout
    assert hai("explain", "risks-and-impact").exit_code == 0
    numbered = hai("explain", "4.1", "--lang", "en")
    assert numbered.stdout.splitlines()[0] == item.stdout.splitlines()[0]


def test_explain_unknown_suggests() -> None:
    run = hai("explain", "risk-analyse")
    assert run.exit_code == 2
    assert "Bedoelde je: risk-analysis" in run.stderr


def test_explain_uses_dossier_language(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    d = base_dossier(
        tmp_path,
        {
            "dossier.yaml": (ROOT / "tests/cases/base/dossier.yaml")
            .read_text()
            .replace("language: nl", "language: en")
        },
    )
    monkeypatch.chdir(d)
    assert "Explanation" in hai("explain", "ai-team").stdout


def test_internal_error_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import hai_cli.portfolio as portfolio_module

    def boom(*_: object, **__: object) -> None:
        raise RuntimeError("kapot")

    monkeypatch.setattr(portfolio_module, "check_paths", boom)
    run = hai("check", base_dossier(tmp_path))
    assert run.exit_code == 2
    assert "internal error (RuntimeError: kapot)" in run.stderr and "HAI_DEBUG=1" in run.stderr


def test_written_files_follow_the_umask_and_keep_their_mode(in_tmp: Path) -> None:
    import os

    old = os.umask(0o022)
    try:
        hai("init", "d", "--name", "X", "--acquisition", "purchase")
        assert (in_tmp / "d" / "dossier.yaml").stat().st_mode & 0o777 == 0o644
        step8 = in_tmp / "d" / "steps" / "8-evaluation.yaml"
        step8.chmod(0o664)
        hai("evaluate", "d", "--date", "2026-01-10", "--decision", "continue")
        assert step8.stat().st_mode & 0o777 == 0o664
    finally:
        os.umask(old)


def test_editing_commands_take_one_dossier(tmp_path: Path) -> None:
    base_dossier(tmp_path, name="a")
    base_dossier(tmp_path, name="b")
    run = hai("evaluate", tmp_path, "--date", "2026-01-01")
    assert run.exit_code == 2 and "werkt op één dossier" in run.stderr
    run = hai("approve", "1", tmp_path, "--name", "A", "--role", "other", "--lang", "en")
    assert run.exit_code == 2 and "works on one dossier" in run.stderr
