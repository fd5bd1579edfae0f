"""`hai set`: one validated edit per run, every other byte of the file kept; refusals write nothing."""

from __future__ import annotations

import difflib
import shutil
import sys
from pathlib import Path

import pytest

from tests.helpers import EXAMPLES, check, hai

STEP1 = "steps/1-medical-context.yaml"
STEP4 = "steps/4-risks-and-impact.yaml"
STEP5 = "steps/5-tasks-and-responsibilities.yaml"


@pytest.fixture
def fresh(in_tmp: Path) -> Path:
    assert hai("init", "d", "--name", "Sepsis", "--acquisition", "purchase").exit_code == 0
    (in_tmp / "d" / "evidence" / "pri-2026.pdf").write_bytes(b"%PDF-1.4\n")
    return in_tmp / "d"


def changed(before: str, after: str) -> tuple[list[str], list[str]]:
    """(removed lines, added lines) of a line diff."""
    diff = list(difflib.ndiff(before.splitlines(), after.splitlines()))
    return (
        [d[2:] for d in diff if d.startswith("- ")],
        [d[2:] for d in diff if d.startswith("+ ")],
    )


def run_set(dossier: Path, *args: str) -> tuple[int, str, str]:
    run = hai("set", *args, "--dossier", dossier)
    return run.exit_code, run.stdout, run.stderr


def test_item_status_evidence_and_note(fresh: Path) -> None:
    before = (fresh / STEP4).read_text()
    code, out, _ = run_set(
        fresh, "4.1", "done", "--evidence", "evidence/pri-2026.pdf", "--note",
        "PRI-screening met radiologie",
    )  # fmt: skip
    after = (fresh / STEP4).read_text()
    assert changed(before, after) == (
        ["    status: open", "    evidence: []", "    note:"],
        [
            "    status: done",
            "    evidence:",
            "      - evidence/pri-2026.pdf",
            "    note: PRI-screening met radiologie",
        ],
    )
    assert f"{STEP4}:" in out and "checklist.risk-analysis.status: open → done" in out
    # what hai check now says about step 4: the rules that a done risk analysis brings in
    assert "hai check, stap 4: 2 van 3 punten open" in out and "HAI130" in out
    assert code == 1


def test_item_by_id_na_with_reason(fresh: Path) -> None:
    code, out, _ = run_set(
        fresh, "local-outcome-data", "n/a", "--reason", "Geen uitkomstdata: test"
    )
    assert code == 0, out
    text = (fresh / STEP4).read_text()
    assert "    status: n/a\n    note:\n    reason: 'Geen uitkomstdata: test'\n" in text


def test_enum_field_by_step_name(fresh: Path) -> None:
    before = (fresh / STEP4).read_text()
    code, out, _ = run_set(fresh, "risks.risk_indication", "medium")
    assert code == 0
    assert changed(before, (fresh / STEP4).read_text()) == (
        ["risk_indication:"],
        ["risk_indication: medium"],
    )
    assert "risk_indication: (leeg) → medium" in out


def test_text_with_colon_and_quotes_is_quoted_not_broken(fresh: Path) -> None:
    code, _, _ = run_set(fresh, "1.clinical_problem", 'Grondslag: behandelrelatie, "snel"')
    assert code == 0
    assert (
        "clinical_problem: 'Grondslag: behandelrelatie, \"snel\"'\n" in (fresh / STEP1).read_text()
    )
    assert hai("check", fresh, "--format", "json").json()["dossiers"][0]["errors"] == []


def test_bool_date_number_and_list(fresh: Path) -> None:
    assert run_set(fresh, "4.large_care_process_change", "ja")[0] == 0
    assert run_set(fresh, "4.pri.date", "1-3-2026")[0] == 0
    assert run_set(fresh, "4.pri.participants", "radioloog", "laborant: CT")[0] == 0
    assert run_set(fresh, "4.pri.participants", "--add", "functioneel beheerder")[0] == 0
    assert run_set(fresh, "3.evidence_level", "4")[0] == 0
    text = (fresh / STEP4).read_text()
    assert "large_care_process_change: true\n" in text
    assert "  date: 2026-03-01\n" in text
    assert (
        "  participants:\n    - radioloog\n    - 'laborant: CT'\n    - functioneel beheerder\n"
        in text
    )
    assert "evidence_level: 4\n" in (fresh / "steps/3-added-value.yaml").read_text()


def test_entry_of_a_list_of_entries(fresh: Path) -> None:
    code, out, _ = run_set(
        fresh, "5.team", "name=J. de Vries", "category=end-user", "roles=nurse,clinical-expert",
        "project_leader=ja",
    )  # fmt: skip
    assert code == 0, out
    text = (fresh / STEP5).read_text()
    assert (
        "team:\n  - name: J. de Vries\n    category: end-user\n    roles:\n      - nurse\n"
        "      - clinical-expert\n    project_leader: true\n" in text
    )
    assert run_set(fresh, "5.team.0.function", "Verpleegkundige SEH")[0] == 0
    # a new key of an existing entry goes where the model puts it: after name
    assert (
        "  - name: J. de Vries\n    function: Verpleegkundige SEH\n    category: end-user\n"
        in (fresh / STEP5).read_text()
    )


def test_dossier_field(fresh: Path) -> None:
    assert run_set(fresh, "dossier.owner.department", "Spoedeisende hulp")[0] == 0
    assert "  department: Spoedeisende hulp\n" in (fresh / "dossier.yaml").read_text()


def test_edit_opens_editor_and_stores_a_block(fresh: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    script = fresh.parent / "fake-editor.py"
    script.write_text(
        "import sys, pathlib\n"
        "pathlib.Path(sys.argv[1]).write_text('Grondslag: behandelrelatie\\n\"Snel\" en \\'veilig\\'\\n')\n"
    )
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    monkeypatch.delenv("VISUAL", raising=False)
    code, out, err = run_set(fresh, "1.clinical_problem", "--edit")
    assert code == 0, out + err
    text = (fresh / STEP1).read_text()
    assert "clinical_problem: |\n  Grondslag: behandelrelatie\n  \"Snel\" en 'veilig'\n" in text
    assert "clinical_problem: (leeg) → Grondslag: behandelrelatie \"Snel\" en 'veilig'\n" in out


def test_english_dossier_gets_english_messages(in_tmp: Path) -> None:
    hai("init", "e", "--name", "X", "--acquisition", "purchase", "--lang", "en")
    code, _, err = run_set(in_tmp / "e", "risks.risk_indication", "medum")
    assert code == 2
    assert err.strip() == "hai: 'medum' is not allowed here. Choose: low, medium, high."


def test_fills_step_1_so_that_check_is_clean(fresh: Path) -> None:
    for args in (
        ("1.current_process", "Triage op de SEH duurt lang"),
        ("1.clinical_problem", "Sepsis wordt laat herkend"),
        ("1.patient_journey", "Bij triage op de SEH"),
        ("1.goal", "Eerdere detectie van sepsis"),
        ("1.main_task", "health"),
        ("1.sub_task", "earlier-detection"),
        *(
            (f"1.considerations.{c}.answer", "yes")
            for c in (
                "large_data",
                "human_analysis_infeasible",
                "data_available",
                "accuracy_testable",
                "actionable_outcomes",
            )
        ),
        ("1.1", "done", "--note", "Workshop met SEH-verpleegkundigen"),
        ("goal-and-main-task", "done"),
    ):
        code, out, err = run_set(fresh, *args)
        assert code == 0, (args, out, err)
    report = hai("check", fresh, "--format", "json").json()["dossiers"][0]
    assert [e for e in report["errors"] if e["file"] == STEP1] == []
    assert [i["status"] for i in report["items"] if i["step"] == 1] == ["done", "done"]
    assert "hai check, stap 1: 0 van 2 punten open; 0 fout(en), 0 waarschuwing(en)" in out


# -- refusals: a message that says what to do, exit 2, and not one byte written


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("risks.risk_indication", "medum"), "'medum' kan hier niet. Kies uit: low, medium, high."),
        (("4.large_care_process_change", "misschien"), "Antwoord ja of nee, niet 'misschien'."),
        (("4.pri.date", "31-02-2026"), "'31-02-2026' is geen datum."),
        (("3.evidence_level", "7"), "'evidence_level' mag hoogstens 6 zijn, niet 7."),
        (("3.evidence_level", "hoog"), "'hoog' is geen geheel getal."),
        (("4.prii.type", "screening"), "Er is geen veld 'prii'. Bedoelde je 'pri'?"),
        (("4.pri", "screening"), "'pri' is een onderdeel met eigen velden"),
        (("4.risk_indication", "low", "high"), "krijgt één waarde"),
        (("4.1", "done"), "4.1 risk-analysis is pas af met bewijs in het dossier"),
        (("4.2", "n/a"), "4.2 n/a vraagt een reden: voeg --reason"),
        (("4.1", "klaar"), "'klaar' kan hier niet. Kies uit: open, done, n/a."),
        (("4.1", "done", "--evidence", "evidence/nope.pdf"), "bestaat niet in het dossier"),
        (("4.1", "done", "--evidence", "../outside.pdf"), "ligt buiten het dossier"),
        (("4.1", "done", "--evidence", "/etc/passwd"), "ligt buiten het dossier"),
        (("1.approvals", "x"), "Goedkeuringen leg je vast met 'hai approve'"),
        (("9.goal", "x"), "is geen checklistpunt (4.1 of risk-analysis) of veld"),
        (("4.1",), "Wat moet checklist.risk-analysis worden?"),
        (("1.goal", "--edit"), "Zet eerst de omgevingsvariabele EDITOR"),
        (("4.risk_indication", "--edit"), "--edit kan alleen bij een tekstveld."),
        (("7.development.evidence", "--add", "evidence/nope.pdf"), "bestaat niet in het dossier"),
        (
            ("5.team.0.name", "Jan"),
            "'team' heeft 0 regel(s), genummerd vanaf 0; er is geen regel 0.",
        ),
        (("5.team", "naam=Jan"), "Er is geen veld 'naam'. Bedoelde je 'name'?"),
        (("5.team", "category=end-user"), "De verplichte sleutel 'name' ontbreekt"),
    ],
)
def test_refusals_write_nothing(
    fresh: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], message: str
) -> None:
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    (fresh.parent / "outside.pdf").write_bytes(b"x")
    before = snapshot(fresh)
    code, out, err = run_set(fresh, *args)
    assert code == 2, out + err
    assert message in err and "Traceback" not in err
    assert snapshot(fresh) == before


def test_purchase_only_item_in_an_in_house_dossier(in_tmp: Path) -> None:
    from hai_cli.catalogue import catalogue

    only = next(i for i in catalogue().items if i.acquisition == "purchase")
    hai("init", "d", "--name", "X", "--acquisition", "in-house")
    code, _, err = run_set(in_tmp / "d", only.id, "open")
    assert code == 2 and "geldt alleen bij inkoop" in err


def test_refuses_a_file_that_does_not_parse_and_says_where(fresh: Path) -> None:
    path = fresh / STEP4
    broken = path.read_text().replace("risk_factors:", "risk_factors: 'unclosed", 1)
    path.write_text(broken)
    code, _, err = run_set(fresh, "risks.risk_indication", "low")
    assert code == 2
    line = next(n for n, text in enumerate(broken.splitlines(), 1) if "'unclosed" in text)
    assert f"hai: {STEP4}:{line}: YAML-fout: een aanhalingsteken is niet gesloten." in err
    assert "Los dit eerst op (hai check)" in err
    assert path.read_text() == broken


def test_refuses_a_file_with_model_errors(fresh: Path) -> None:
    path = fresh / STEP4
    path.write_text(path.read_text() + "bogus: 1\n")
    code, _, err = run_set(fresh, "risks.risk_indication", "low")
    assert code == 2 and "Onbekende sleutel 'bogus'" in err


def test_stale_approval_needs_yes(tmp_path: Path) -> None:
    dossier = tmp_path / "ai"
    shutil.copytree(EXAMPLES / "ai-rad-companion", dossier)
    assert hai("approve", "4", dossier, "--name", "Ans", "--role", "project-leader").exit_code == 0
    before = snapshot(dossier)
    code, _, err = run_set(dossier, "risks.risk_factors", "Nieuwe factoren")
    assert code == 2
    assert "de goedkeuring van stap 4 door Ans (project-leader," in err
    assert "vervalt door deze wijziging" in err and "bevestig met --yes" in err
    assert snapshot(dossier) == before
    code, out, err = run_set(dossier, "risks.risk_factors", "Nieuwe factoren", "--yes")
    assert code in (0, 1), out + err
    assert "risk_factors:" in out and "HAI200" in out  # hai check now calls it stale
    # an edit that changes no content (same value) does not warn
    assert "vervalt" not in run_set(dossier, "risks.risk_factors", "Nieuwe factoren")[2]


def test_never_touches_docs_or_approvals(tmp_path: Path) -> None:
    dossier = tmp_path / "ai"
    shutil.copytree(EXAMPLES / "ai-rad-companion", dossier)
    assert hai("render", dossier, "--doc", "dossier").exit_code == 0
    assert hai("approve", "4", dossier, "--name", "Ans", "--role", "project-leader").exit_code == 0
    docs = {p: p.read_bytes() for p in (dossier / "docs").rglob("*") if p.is_file()}
    assert docs
    meta = (dossier / "dossier.yaml").read_bytes()
    step4 = (dossier / STEP4).read_text()
    approvals = step4[step4.index("\napprovals:") :]
    code, out, err = run_set(dossier, "risks.risk_factors", "Andere factoren", "--yes")
    assert code in (0, 1) and "risk_factors:" in out, out + err
    assert {p: p.read_bytes() for p in (dossier / "docs").rglob("*") if p.is_file()} == docs
    assert (dossier / "dossier.yaml").read_bytes() == meta  # the gate approvals
    after = (dossier / STEP4).read_text()
    assert after[after.index("\napprovals:") :] == approvals  # the step's own, byte for byte


def test_keeps_crlf_line_ends_and_the_byte_order_mark(fresh: Path) -> None:
    path = fresh / STEP4
    original = b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n")
    path.write_bytes(original)
    assert run_set(fresh, "risks.risk_indication", "low")[0] == 0
    after = path.read_bytes()
    assert after == original.replace(b"\r\nrisk_indication:\r\n", b"\r\nrisk_indication: low\r\n")


def test_an_edit_of_dossier_yaml_warns_about_gate_approvals(tmp_path: Path) -> None:
    dossier = tmp_path / "ai"
    shutil.copytree(EXAMPLES / "ai-rad-companion", dossier)
    assert (
        hai(
            "approve",
            "request",
            dossier,
            "--name",
            "Bo",
            "--role",
            "clinical-informatician",
            "--force",  # the example's request gate does not pass yet
        ).exit_code
        == 0
    )
    before = snapshot(dossier)
    code, _, err = run_set(dossier, "dossier.owner.name", "Dr. Ander")
    assert code == 2 and "de goedkeuring van poort request door Bo (clinical-informatician" in err
    assert snapshot(dossier) == before


def test_refuses_when_the_file_changed_meanwhile(fresh: Path) -> None:
    from hai_cli.edit import Editor
    from hai_cli.problems import HaiError

    editor = Editor(fresh, STEP4, 4)
    plan = editor.plan({("risk_indication",): "low"})
    path = fresh / STEP4
    path.write_text(path.read_text().replace("risk_factors:", "risk_factors: van een collega", 1))
    concurrent = path.read_bytes()
    with pytest.raises(HaiError, match="changed while hai was editing it"):
        editor.write(plan)
    assert path.read_bytes() == concurrent


def test_comment_guard() -> None:
    from hai_cli.edit import _keeps_comments

    assert _keeps_comments("# a\nx: 1\n# b\n", "# a\nx: 2\ny: 3\n# b\n")
    assert not _keeps_comments("# a\nx: 1\n# b\n", "# a\nx: 2\n")
    assert not _keeps_comments("# a\n# b\n", "# b\n# a\n")


def test_advancing_the_phase_keeps_the_gate_approvals(tmp_path: Path) -> None:
    """Issue 10.5 through hai set: the phase is lifecycle state, which no approval covers."""
    dossier = tmp_path / "ai"
    shutil.copytree(EXAMPLES / "ai-rad-companion", dossier)
    code, _, err = run_set(dossier, "dossier.phase", "3")
    assert code in (0, 1) and "goedkeuring" not in err, err
    result = check(dossier)
    assert result.phase == "3"
    assert [p for p in result.problems if p.code == "HAI200"] == []
    assert result.gates["request"].missing_approvals == []
