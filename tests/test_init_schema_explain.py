"""hai init, hai schema and hai explain: what they suggest, write and know is what hai accepts."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from hai_cli.commands.schema import schemas
from tests.helpers import check, hai


def test_the_suggested_command_runs_as_shown(in_tmp: Path) -> None:
    run = hai("init", "nieuw product", "--name", "N", "--acquisition", "purchase")
    assert run.exit_code == 0, run.stderr
    last = run.stdout.strip().splitlines()[-1]
    assert last.endswith("hai check 'nieuw product'")
    command = shlex.split(last.split(": ", 1)[1])
    assert command == ["hai", "check", "nieuw product"]
    assert hai(*command[1:]).exit_code == 0


@pytest.mark.parametrize("given", ["Nieuw Product", "nieuw_product", "-x", "a--b", "x" * 65])
def test_an_id_hai_check_would_reject_is_refused_before_writing(in_tmp: Path, given: str) -> None:
    run = hai("init", "d", "--name", "N", "--acquisition", "purchase", "--id", given)
    assert run.exit_code == 2
    assert "is geen geldige dossier-id" in run.stderr and "--id " in run.stderr
    assert not (in_tmp / "d").exists()


def test_a_valid_id_is_what_the_dossier_gets(in_tmp: Path) -> None:
    assert (
        hai("init", "d", "--name", "N", "--acquisition", "purchase", "--id", "n-2").exit_code == 0
    )
    assert check(in_tmp / "d").dossier.id == "n-2"
    assert not check(in_tmp / "d").errors


def test_an_id_already_in_the_repository_is_refused(in_tmp: Path) -> None:
    (in_tmp / ".git").mkdir()
    assert hai("init", "dossiers/a", "--name", "A", "--acquisition", "purchase").exit_code == 0
    again = hai("init", "other/b", "--name", "B", "--acquisition", "purchase", "--id", "a")
    assert (
        again.exit_code == 2 and "heeft al de id 'a'" in again.stderr and "--id a-2" in again.stderr
    )
    same_name = hai("init", "other/a", "--name", "A2", "--acquisition", "in-house")  # derived id
    assert same_name.exit_code == 2 and "heeft al de id 'a'" in same_name.stderr
    assert not (in_tmp / "other").exists()
    # the dossier itself, written anew with --force, keeps its id
    assert (
        hai("init", "dossiers/a", "--name", "A", "--acquisition", "purchase", "--force").exit_code
        == 0
    )


def test_schema_writes_where_the_editor_looks(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (in_tmp / ".git").mkdir()
    (in_tmp / "dossiers").mkdir()
    monkeypatch.chdir(in_tmp / "dossiers")
    run = hai("schema")
    assert run.exit_code == 0, run.stderr
    home = in_tmp / ".hai" / "schemas"
    assert {p.name for p in home.iterdir()} == set(schemas())
    assert not (in_tmp / "dossiers" / "schemas").exists() and not (in_tmp / "schemas").exists()
    assert hai("schema", "--check").exit_code == 0
    (home / "step-4.schema.json").write_text("{}", "utf-8")
    assert hai("schema", "--check").exit_code == 1


@pytest.mark.parametrize(
    ("topic", "words"),
    [
        ("dpia", "DPIA — begrip uit het stappenplan"),
        ("DPIA", "Data protection impact assessment"),
        ("PRI", "Prospectieve risico-inventarisatie (PRI)"),
        ("BIV", "BIV-classificatie"),
        ("pve", "Pakket van eisen (PvE)"),
        ("vim", "Veilig incident melden"),
        ("risk_indication", "Kies uit: low | medium | high."),
        ("pri.type", "Kies uit: none-or-limited | screening | extended-hfmea."),
        ("step5.team.project_leader", "Kies uit: true | false."),
        ("project_leader", "veld in steps/5-tasks-and-responsibilities.yaml"),
    ],
)
def test_explain_knows_terms_and_fields(topic: str, words: str) -> None:
    run = hai("explain", topic, "--lang", "nl")
    assert run.exit_code == 0, run.stderr
    assert words in run.stdout


def test_explain_a_term_lists_the_items_that_use_it() -> None:
    run = hai("explain", "dpia", "--lang", "en")
    assert "a term of the step plan" in run.stdout and "4.1  risk-analysis" in run.stdout


def test_explain_an_ambiguous_field_asks_for_its_path() -> None:
    run = hai("explain", "evidence", "--lang", "en")
    assert run.exit_code == 2 and "Give its path, like 'hai explain step" in run.stderr


def test_explain_unknown_suggests_close_names() -> None:
    run = hai("explain", "risk_indicaton", "--lang", "en")
    assert run.exit_code == 2 and "Did you mean: risk_indication" in run.stderr
