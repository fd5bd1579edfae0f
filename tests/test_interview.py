"""`hai interview`: the real `hai` in a pseudo-terminal, answering question by question."""

from __future__ import annotations

import difflib
import io
import os
import re
import sys
from pathlib import Path

import pexpect
import pytest

from tests.helpers import hai

HAI = str(Path(sys.executable).with_name("hai"))
STEP1 = "steps/1-medical-context.yaml"
STEP4 = "steps/4-risks-and-impact.yaml"
PROMPT = "> "


def spawn(dossier: Path, *args: str) -> tuple[pexpect.spawn, io.StringIO]:
    child = pexpect.spawn(
        HAI, ["interview", *args], cwd=str(dossier), env=dict(os.environ), encoding="utf-8",
        timeout=30, dimensions=(50, 200),
    )  # fmt: skip
    transcript = io.StringIO()
    child.logfile_read = transcript
    return child, transcript


def answer(child: pexpect.spawn, *answers: str) -> None:
    for text in answers:
        child.expect_exact(PROMPT)
        child.sendline(text)


def finish(child: pexpect.spawn) -> int:
    child.expect(pexpect.EOF)
    child.close()
    return int(child.exitstatus)


@pytest.fixture
def fresh(in_tmp: Path) -> Path:
    assert hai("init", "d", "--name", "Sepsis", "--acquisition", "purchase").exit_code == 0
    (in_tmp / "d" / "evidence" / "pri-2026.pdf").write_bytes(b"%PDF-1.4\n")
    return in_tmp / "d"


def assert_only_values_filled_in(before: str, after: str) -> None:
    """Byte-level: every comment line is still there, in order, and the only lines that changed
    are empty keys (``key:``, ``key: []``, ``status: open``) that got a value."""
    before_comments = [line for line in before.split("\n") if line.lstrip().startswith("#")]
    after_comments = [line for line in after.split("\n") if line.lstrip().startswith("#")]
    assert before_comments == after_comments
    diff = difflib.ndiff(before.split("\n"), after.split("\n"))
    removed = [d[2:] for d in diff if d.startswith("- ")]
    assert all(re.fullmatch(r"\s*[\w-]+:( \[\]| open)?", line) for line in removed), removed


STEP1_ANSWERS = [
    "Triage op de SEH duurt lang",  # current_process
    "Sepsis wordt laat herkend: patiënten wachten",  # clinical_problem (a colon)
    "Bij triage op de SEH",  # patient_journey
    '"Eerdere" detectie van sepsis',  # goal (quotes)
    "gezondheid",  # main_task: a wrong answer ...
    "2",  # ... corrected by the number of the choice (health)
    "earlier-detection",  # sub_task by its value
    "1", "40.000 SEH-bezoeken per jaar in het EPD",
    "yes", "Te veel variabelen tegelijk",
    "1", "EPD, grondslag: behandelrelatie",
    "1", "Bloedkweek als gouden standaard",
    "1", "Eerder antibiotica",
    "Past bij de datastrategie",  # strategic_fit
    "?",  # 1.1: the full explanation first
    "done", "Workshop met SEH-verpleegkundigen",  # status, note
    "done", "",  # 1.2: done, no note
]  # fmt: skip


def test_fills_step_1_from_the_scaffold(fresh: Path) -> None:
    before = (fresh / STEP1).read_text()
    child, transcript = spawn(fresh, "1")
    answer(child, *STEP1_ANSWERS)
    assert finish(child) == 0
    shown = transcript.getvalue()
    assert "Stap 1: Bepaal de medische context" in shown
    assert "Welk klinisch probleem moet worden opgelost?" in shown  # the scaffold's guidance
    assert "  1) efficiency (efficiëntieverbetering)\r\n  2) health" in shown  # a choice list
    assert "'gezondheid' kan hier niet. Kies uit: efficiency, health." in shown
    assert "Toelichting" in shown and "hai explain" not in shown  # ? shows hai explain's text
    assert "hai check, stap 1: 0 van 2 punten open; 0 fout(en), 0 waarschuwing(en)" in shown
    after = (fresh / STEP1).read_text()
    assert "clinical_problem: 'Sepsis wordt laat herkend: patiënten wachten'\n" in after
    assert "goal: '\"Eerdere\" detectie van sepsis'\n" in after
    assert "main_task: health\n" in after and "sub_task: earlier-detection\n" in after
    assert_only_values_filled_in(before, after)
    report = hai("check", fresh, "--format", "json").json()["dossiers"][0]
    assert [e for e in report["errors"] if e["file"] == STEP1] == []
    assert [i["status"] for i in report["items"] if i["step"] == 1] == ["done", "done"]


def test_every_kind_of_field_in_step_4(fresh: Path) -> None:
    before = (fresh / STEP4).read_text()
    child, transcript = spawn(fresh, "risks")
    answer(
        child,
        "hoog", "high",  # risk_indication: wrong, then right
        "Kwetsbare patiëntengroep",  # risk_factors
        "misschien", "ja",  # large_care_process_change: yes/no in Dutch
        "3",  # pri.type: extended-hfmea
        "31-02-2026", "1-3-2026",  # pri.date: no such day, then the Dutch convention
        "radioloog", "laborant: CT", "",  # pri.participants: one entry at a time
    )  # fmt: skip
    child.sendeof()  # stop here: everything answered so far is saved
    assert finish(child) == 0
    shown = transcript.getvalue()
    assert "'hoog' kan hier niet. Kies uit: low, medium, high." in shown
    assert "Antwoord ja of nee, niet 'misschien'." in shown
    assert "'31-02-2026' is geen datum." in shown
    assert "Gestopt. Wat je beantwoordde is bewaard" in shown
    after = (fresh / STEP4).read_text()
    assert "risk_indication: high\n" in after
    assert "large_care_process_change: true\n" in after
    assert "  type: extended-hfmea\n" in after
    assert "  date: 2026-03-01\n" in after  # stored as ISO
    assert "  participants:\n    - radioloog\n    - 'laborant: CT'\n\n  # Belangrijkste" in after
    assert_only_values_filled_in(before, after)


def test_resumes_at_the_first_open_field(fresh: Path) -> None:
    child, _ = spawn(fresh, "1")
    answer(child, "Triage op de SEH duurt lang", "Sepsis wordt laat herkend")
    child.expect_exact(PROMPT)
    child.sendintr()  # Ctrl-C halfway
    assert finish(child) == 0
    assert "clinical_problem: Sepsis wordt laat herkend\n" in (fresh / STEP1).read_text()
    child, transcript = spawn(fresh, "1")
    child.expect_exact(PROMPT)
    first = transcript.getvalue()
    assert "[1/17] patient_journey" in first and "current_process" not in first
    child.sendeof()
    assert finish(child) == 0


def test_only_open_asks_what_blocks_and_enter_keeps(fresh: Path) -> None:
    assert hai("set", "1.goal", "Eerder", "--dossier", fresh).exit_code == 0
    child, transcript = spawn(fresh, "1", "--only-open")  # no errors: only the open items
    answer(child, "", "", "", "")  # Enter keeps: both items stay open, notes empty
    assert finish(child) == 0
    shown = transcript.getvalue()
    assert "2 vragen" in shown and "[1/2] 1.1 care-process" in shown
    assert "[2/2] 1.2 goal-and-main-task" in shown
    assert "goal-and-main-task:\n    status: open\n" in (fresh / STEP1).read_text()
    # 1.1 done brings in a rule that wants the answers: now the empty fields block too
    assert hai("set", "1.1", "done", "--dossier", fresh).exit_code == 1
    child, transcript = spawn(fresh, "1", "--only-open")
    child.expect_exact(PROMPT)
    child.sendeof()
    assert finish(child) == 0
    shown = transcript.getvalue()
    assert "17 vragen" in shown and "[1/17] current_process" in shown and "] goal\r" not in shown


def test_list_of_entries_one_at_a_time(fresh: Path) -> None:
    child, transcript = spawn(fresh, "5")
    answer(child, "ja", "")  # name is required: Enter is refused
    child.expect_exact("Dit veld is verplicht.")
    answer(child, "J. de Vries", "Verpleegkundige", "1", "3", "", "ja", "nee")
    child.sendeof()
    assert finish(child) == 0
    text = (fresh / "steps/5-tasks-and-responsibilities.yaml").read_text()
    assert (
        "team:\n  - name: J. de Vries\n    function: Verpleegkundige\n    category: end-user\n"
        "    roles:\n      - nurse\n    project_leader: true\n" in text
    ), transcript.getvalue()


def test_english_dossier_asks_in_english(in_tmp: Path) -> None:
    hai("init", "e", "--name", "X", "--acquisition", "purchase", "--lang", "en")
    child, transcript = spawn(in_tmp / "e", "1")
    answer(child, "", "", "", "", "maybe")
    child.expect_exact("'maybe' is not allowed here. Choose: efficiency, health.")
    child.sendeof()
    assert finish(child) == 0
    assert "19 questions. Enter keeps the current value" in transcript.getvalue()


def test_stale_approval_asks_first(fresh: Path) -> None:
    assert hai("approve", "1", fresh, "--name", "Ans", "--role", "project-leader").exit_code == 0
    before = (fresh / STEP1).read_bytes()
    child, transcript = spawn(fresh, "1")
    answer(child, "Triage op de SEH duurt lang")
    child.expect_exact("Doorgaan? ja/nee> ")
    child.sendline("nee")
    assert finish(child) == 0
    assert "de goedkeuring van stap 1 door Ans (project-leader" in transcript.getvalue()
    assert (fresh / STEP1).read_bytes() == before  # refused: nothing written
    child, transcript = spawn(fresh, "1", "--yes")
    answer(child, "Triage op de SEH duurt lang")
    child.expect_exact("[2/19]")
    child.sendeof()
    assert finish(child) == 0
    assert "current_process: Triage op de SEH duurt lang\n" in (fresh / STEP1).read_text()
    assert "Doorgaan?" not in transcript.getvalue()


def test_refuses_a_broken_file_and_an_unknown_step(fresh: Path) -> None:
    path = fresh / STEP1
    path.write_text(path.read_text().replace("goal:", "goal: 'open", 1))
    run = hai("interview", "1", "--dossier", fresh)
    assert run.exit_code == 2 and f"hai: {STEP1}:" in run.stderr and "YAML-fout" in run.stderr
    run = hai("interview", "9", "--dossier", fresh)
    assert run.exit_code == 2 and "'9' is geen stap" in run.stderr


def test_dash_empties_a_field(fresh: Path) -> None:
    assert hai("set", "1.goal", "Eerder", "--dossier", fresh).exit_code == 0
    child, transcript = spawn(fresh, "1")
    answer(child, "", "", "", "-")  # current_process, clinical_problem, patient_journey, goal
    child.expect_exact("opgeslagen")
    child.sendeof()
    assert finish(child) == 0
    assert "\ngoal:\n" in (fresh / STEP1).read_text(), transcript.getvalue()


def test_whole_numbers_and_the_explanation_of_a_field(fresh: Path) -> None:
    child, transcript = spawn(fresh, "3")
    answer(child, "?", "7", "vier", "4")  # evidence_level: explain, too high, not a number, 4
    child.expect_exact("opgeslagen")
    child.sendeof()
    assert finish(child) == 0
    shown = transcript.getvalue()
    assert "Bepaal de toegevoegde waarde: " in shown  # ? on a field: the step's own explanation
    assert "'evidence_level' mag hoogstens 6 zijn, niet 7." in shown
    assert "'vier' is geen geheel getal." in shown
    assert "\nevidence_level: 4\n" in (fresh / "steps/3-added-value.yaml").read_text()


def test_set_asks_on_a_terminal_before_an_approval_goes_stale(fresh: Path) -> None:
    assert hai("approve", "4", fresh, "--name", "Ans", "--role", "project-leader").exit_code == 0
    child = pexpect.spawn(
        HAI, ["set", "risks.risk_indication", "low"], cwd=str(fresh), env=dict(os.environ),
        encoding="utf-8", timeout=30,
    )  # fmt: skip
    child.expect_exact("vervalt door deze wijziging.")
    child.expect_exact("Doorgaan? [ja/nee] ")
    child.sendline("ja")
    assert finish(child) in (0, 1)  # 1: an error in step 4 (a fingerprint can trip HAI190)
    assert "\nrisk_indication: low\n" in (fresh / STEP4).read_text()
