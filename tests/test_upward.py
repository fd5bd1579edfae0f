"""The dossier is found upwards from PATH (or the working folder), as git finds its repository."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import base_dossier, hai

STEP4 = "steps/4-risks-and-impact.yaml"
BROKEN = {
    "steps/1-medical-context.yaml": "clinical_problem: [a]\n",
    STEP4: "risk_indication: hoog\n",
}
EN = "schema_version: 1\nid: d\nname: D\nlanguage: en\nacquisition: purchase\nphase: '1B'\n"


@pytest.mark.parametrize("where", ["steps", "evidence", "."])
def test_every_command_works_from_inside_a_dossier(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    root = base_dossier(tmp_path, {"dossier.yaml": EN})
    (root / "evidence").mkdir(exist_ok=True)
    monkeypatch.chdir(root / where)
    check = hai("check", "--format", "json")
    assert check.exit_code == 0, check.stdout + check.stderr
    (dossier,) = check.json()["dossiers"]
    assert dossier["id"] == "d"
    assert hai("status").exit_code == 0
    assert "is not in a git repository; hai log" in hai("log").stderr  # found, English
    assert hai("render", "--doc", "request").exit_code == 0
    assert (root / "docs" / "request.en.md").is_file()
    assert (root / where / "docs").exists() is (where == ".")
    # the language rule finds the dossier upwards too: an English dossier, English errors
    wrong = hai("check", "--gate", "nonsense")
    assert "Invalid value" in wrong.stdout + wrong.stderr


def test_a_step_file_checks_its_dossier_and_comes_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = base_dossier(tmp_path, BROKEN)
    whole = hai("check", root, "--format", "json").json()["dossiers"][0]["errors"]
    assert [e["file"] for e in whole] == ["steps/1-medical-context.yaml", STEP4]
    focused = hai("check", root / STEP4, "--format", "json")
    assert focused.exit_code == 1
    (dossier,) = focused.json()["dossiers"]
    assert [e["file"] for e in dossier["errors"]] == [STEP4, "steps/1-medical-context.yaml"]
    monkeypatch.chdir(root / "steps")
    text = hai("check", "4-risks-and-impact.yaml").stdout
    assert text.index("4-risks-and-impact.yaml:1") < text.index("1-medical-context.yaml:1")


def test_the_search_stops_at_the_repository_root(tmp_path: Path) -> None:
    base_dossier(tmp_path, name="outer")  # a dossier.yaml above the repository
    repo = tmp_path / "outer" / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "notes").mkdir()
    run = hai("check", repo / "notes")
    assert run.exit_code == 2 and "Geen dossier gevonden" in run.stderr
    stray = repo / "notes" / "x.yaml"
    stray.write_text("a: 1\n", "utf-8")
    assert "is een bestand" in hai("check", stray).stderr


def test_a_folder_above_several_dossiers_is_still_a_portfolio(tmp_path: Path) -> None:
    base_dossier(tmp_path / "p", name="a")
    base_dossier(tmp_path / "p", name="b")
    run = hai("check", tmp_path / "p", "--format", "json")
    assert [d["path"] for d in json.loads(run.stdout)["dossiers"]] == [
        str(tmp_path / "p" / "a"),
        str(tmp_path / "p" / "b"),
    ]
