"""One language rule for every command: --lang, else the dossier the command is about, else
HAI_LANG, else the locale, else Dutch. Usage errors and error lines follow it too."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from hai_cli.dates import add_months
from hai_cli.i18n import choose_lang
from tests.helpers import base_dossier, hai

ENGLISH = {"dossier.yaml": (Path(__file__).parent / "cases/base/dossier.yaml").read_text()}
ENGLISH["dossier.yaml"] = ENGLISH["dossier.yaml"].replace("language: nl", "language: en")


def english(tmp_path: Path, name: str = "en") -> Path:
    return base_dossier(tmp_path, dict(ENGLISH), name=name)


def test_rule_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dossier = english(tmp_path)
    dutch = base_dossier(tmp_path, name="nl")
    nowhere = tmp_path / "nowhere"
    assert choose_lang() == "nl"
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    assert choose_lang(None, nowhere) == "en"  # the locale
    monkeypatch.setenv("LC_MESSAGES", "nl_NL.UTF-8")
    assert choose_lang() == "nl"  # LC_MESSAGES before LANG
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")
    assert choose_lang() == "en"  # LC_ALL before both
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    assert choose_lang() == "nl"  # a locale in neither language: Dutch
    monkeypatch.setenv("HAI_LANG", "en")
    assert choose_lang() == "en"  # HAI_LANG before the locale
    assert choose_lang(None, dutch) == "nl"  # the dossier before HAI_LANG
    assert choose_lang(None, dutch / "dossier.yaml") == "nl"
    monkeypatch.setenv("HAI_LANG", "nl")
    assert choose_lang(None, dossier) == "en"
    assert choose_lang("nl", dossier) == "nl"  # --lang before everything


def test_evaluate_and_approve_answer_in_the_dossiers_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the working folder holds a Dutch dossier; the command is about an English one
    here = base_dossier(tmp_path, name="here")
    monkeypatch.chdir(here)
    dossier = english(tmp_path)
    meta = dossier / "dossier.yaml"
    meta.write_text(meta.read_text().replace('phase: "1B"', 'phase: "3"'))  # evaluations: in use
    day = dt.date.today()
    run = hai("evaluate", dossier, "--date", day.isoformat(), "--decision", "continue")
    assert run.exit_code == 0, run.stderr
    assert f"evaluation added; next due by {add_months(day, 6).isoformat()}" in run.stdout
    run = hai("approve", "1", dossier, "--name", "A. Jansen", "--role", "project-leader")
    assert run.exit_code == 0, run.stderr
    assert "1 approved by A. Jansen" in run.stdout
    run = hai("approve", "1", ".", "--name", "A. Jansen", "--role", "project-leader")
    assert "1 goedgekeurd door A. Jansen" in run.stdout


def test_errors_of_every_command_follow_the_dossier(tmp_path: Path) -> None:
    dossier = english(tmp_path)
    run = hai("approve", "9", dossier, "--name", "A", "--role", "other")
    assert run.exit_code == 2 and "'9' is not a step (1-8) or a gate" in run.stderr
    run = hai("approve", "1", dossier)
    assert run.exit_code == 2 and "hai approve needs --name and --role." in run.stderr
    run = hai("approve", "1", dossier, "--name", "A", "--role", "other", "--lang", "nl")
    assert run.exit_code == 0 and "goedgekeurd door A" in run.stdout
    run = hai("evaluate", dossier, "--decision", "maybe")
    assert run.exit_code == 2 and "hai:" in run.stderr and "evaluation" in run.stderr


def test_hai_lang_when_no_dossier(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    missing = tmp_path / "missing"
    assert "bestaat niet" in hai("check", missing).stderr
    monkeypatch.setenv("HAI_LANG", "en")
    assert "does not exist" in hai("check", missing).stderr
    monkeypatch.delenv("HAI_LANG")
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert "does not exist" in hai("check", missing).stderr


@pytest.mark.parametrize(
    ("option", "args"),
    [("--date", ["evaluate"]), ("--from", ["evaluate"]), ("--to", ["evaluate"])],
)
def test_a_bad_date_names_the_option_typed(tmp_path: Path, option: str, args: list[str]) -> None:
    dossier = base_dossier(tmp_path)
    run = hai(*args, dossier, option, "2026-13-01")
    assert run.exit_code == 2
    assert f"hai: {option} vraagt een datum zoals 2025-06-30, niet '2026-13-01'." in run.stderr
    run = hai(*args, english(tmp_path), option, "1 May")
    assert f"hai: {option} needs a date like 2025-06-30, not '1 May'." in run.stderr


def test_approve_date_and_check_today_name_their_options(tmp_path: Path) -> None:
    dossier = english(tmp_path)
    run = hai("approve", "1", dossier, "--name", "A", "--role", "other", "--date", "x")
    assert "--date needs a date" in run.stderr
    assert "--today needs a date" in hai("check", dossier, "--today", "x").stderr


def test_usage_errors_follow_the_rule(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run = hai("check", "--format", "xml")
    assert run.exit_code == 2
    assert "Gebruik: hai check" in run.stderr
    assert "Zie 'hai check --help' voor hulp." in run.stderr
    assert (
        "Fout: ongeldige waarde voor '--format': 'xml' is niet een van 'text', 'json', "
        "'junit', 'sarif', 'github'." in run.stderr
    )
    assert "onbekende optie: --nope" in hai("check", "--nope").stderr
    assert "het argument 'target' ontbreekt." in hai("approve").stderr
    assert "de waarde mag hoogstens 8 zijn." in hai("log", "--step", "9").stderr
    english_run = hai("check", "--lang", "en", "--format", "xml")
    assert "Error: Invalid value for '--format'" in english_run.stderr
    assert "Usage: hai check" in english_run.stderr
    # the dossier the command line names
    assert "Error: No such option: --nope" in hai("check", english(tmp_path), "--nope").stderr
    monkeypatch.setenv("HAI_LANG", "en")
    assert "Error: No such option: --nope" in hai("check", "--nope").stderr


def test_unknown_command_in_dutch() -> None:
    run = hai("chek")
    assert run.exit_code == 2
    assert "Fout: onbekend commando 'chek'. Bedoelde je 'check'" in run.stderr
