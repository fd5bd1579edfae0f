"""Approvals bound to content: approve, stale after a change, not stale after reformatting,
required roles per gate, hand edits detected, approvers from the AI team (HAI200-HAI202)."""

from __future__ import annotations

import difflib
from pathlib import Path

from tests.helpers import BASE, base_dossier, check, hai

S4 = "steps/4-risks-and-impact.yaml"
TEAM = (
    "team:\n"
    "  - {name: Anna de Vries, category: end-user, project_leader: true}\n"
    "  - {name: Bram Smit, category: knowledge-expert, roles: [clinical-informatician]}\n"
)


def dossier(tmp_path: Path) -> Path:
    step4 = (
        "# Stap 4: risico's\nrisk_indication: medium  # PRI-screening\npri:\n  type: screening\n"
    )
    step4 += (BASE / S4).read_text()
    return base_dossier(
        tmp_path,
        {S4: step4, "steps/5-tasks-and-responsibilities.yaml": TEAM + "checklist: {}\n"},
    )


def codes(path: Path) -> list[tuple[str, str, int]]:
    return [(p.code, p.file, p.line) for p in check(path).problems if p.code.startswith("HAI20")]


def test_approve_a_step_keeps_the_file_and_binds_the_content(tmp_path: Path) -> None:
    d = dossier(tmp_path)
    before = (d / S4).read_text()
    run = hai("approve", "4", d, "--name", "Bram Smit", "--role", "clinical-informatician",
              "--date", "2026-03-02", "--comment", "PRI besproken")  # fmt: skip
    assert run.exit_code == 0, run.stderr
    after = (d / S4).read_text()
    diff = list(difflib.ndiff(before.splitlines(), after.splitlines()))
    assert not [x for x in diff if x.startswith("- ")]  # nothing the user wrote changed
    added = [x[2:] for x in diff if x.startswith("+ ")]
    assert added[:6] == [
        "approvals:",
        "  - name: Bram Smit",
        "    role: clinical-informatician",
        "    date: 2026-03-02",
        "    comment: PRI besproken",
        added[5],
    ]
    assert added[5].startswith("    fingerprint: sha256:") and len(added[5]) == 4 + 13 + 7 + 64
    assert added[6:8] == ["    covers:", added[7]] and added[7].startswith(f"      {S4}: ")
    assert codes(d) == []


def test_stale_after_a_change_names_the_file(tmp_path: Path) -> None:
    d = dossier(tmp_path)
    hai("approve", "4", d, "--name", "Bram Smit", "--role", "clinical-informatician")
    text = (d / S4).read_text()
    (d / S4).write_text(text.replace("risk_indication: medium", "risk_indication: high"))
    found = [p for p in check(d).problems if p.code == "HAI200"]
    assert len(found) == 1
    approval_line = text.splitlines().index("approvals:") + 2
    assert (found[0].file, found[0].line) == (S4, approval_line)
    assert f"{S4} is sindsdien veranderd" in found[0].text.nl
    assert f"{S4} changed since" in found[0].text.en


def test_not_stale_after_reformatting(tmp_path: Path) -> None:
    d = dossier(tmp_path)
    hai("approve", "4", d, "--name", "Bram Smit", "--role", "clinical-informatician")
    text = (d / S4).read_text()
    reformatted = text.replace("# Stap 4: risico's\n", "").replace(  # comments go
        "risk_indication: medium  # PRI-screening\npri:\n  type: screening\n",
        "pri: {type: 'screening'}\n\n\nrisk_indication:    \"medium\"\n",
    )
    assert reformatted != text
    (d / S4).write_text(reformatted)
    assert codes(d) == []


def test_gate_needs_its_roles(tmp_path: Path) -> None:
    d = dossier(tmp_path)
    gate = check(d).gates["request"]
    assert gate.missing_approvals == ["project-leader", "clinical-informatician"]
    hai("approve", "request", d, "--name", "Anna de Vries", "--role", "project-leader")
    assert check(d).gates["request"].missing_approvals == ["clinical-informatician"]
    hai("approve", "request", d, "--name", "Bram Smit", "--role", "clinical-informatician")
    assert check(d).gates["request"].missing_approvals == []
    # a change in a covered step makes the gate approvals stale: the gate needs them again
    (d / S4).write_text((d / S4).read_text().replace("medium", "high"))
    result = check(d)
    assert result.gates["request"].missing_approvals == ["project-leader", "clinical-informatician"]
    assert [p.file for p in result.problems if p.code == "HAI200"] == ["dossier.yaml"] * 2
    run = hai("check", d, "--gate", "request")
    assert run.exit_code == 1 and "goedkeuring ontbreekt: project-leader" in run.stdout


def test_required_roles_overridable_per_dossier(tmp_path: Path) -> None:
    d = dossier(tmp_path)
    meta = (d / "dossier.yaml").read_text() + "required_approvals:\n  request: [medical-manager]\n"
    (d / "dossier.yaml").write_text(meta)
    assert check(d).gates["request"].missing_approvals == ["medical-manager"]
    assert check(d).gates["go-live"].missing_approvals == ["administrator", "end-responsible-user"]


def test_hand_edited_approval_is_an_error(tmp_path: Path) -> None:
    d = dossier(tmp_path)
    hai("approve", "4", d, "--name", "Bram Smit", "--role", "clinical-informatician")
    text = (d / S4).read_text()
    covers_line = next(line for line in text.splitlines() if line.startswith(f"      {S4}: "))
    forged = covers_line[: -len("0000")] + "0000"
    (d / S4).write_text(text.replace(covers_line, forged))
    assert [c for c, _, _ in codes(d)] == ["HAI202"]


def test_approver_outside_the_team_warns(tmp_path: Path) -> None:
    d = dossier(tmp_path)
    hai("approve", "request", d, "--name", "Iemand Anders", "--role", "project-leader")
    found = [p for p in check(d).problems if p.code == "HAI201"]
    assert len(found) == 1 and found[0].file == "dossier.yaml"
    assert "Iemand Anders keurde poort request goed" in found[0].text.nl


def test_refusals(tmp_path: Path) -> None:
    d = dossier(tmp_path)
    assert hai("approve", "9", d, "--name", "A", "--role", "project-leader").exit_code == 2
    assert hai("approve", "launch", d, "--name", "A", "--role", "project-leader").exit_code == 2
    assert hai("approve", "4", d, "--name", "A", "--role", "boss").exit_code == 2
    assert hai("approve", "4", d, "--role", "project-leader").exit_code == 2
    (d / S4).write_text("risk_indication: [\n")
    run = hai("approve", "request", d, "--name", "A", "--role", "project-leader")
    assert run.exit_code == 2 and S4 in run.stderr


def test_documents_mark_stale_approvals(tmp_path: Path) -> None:
    d = dossier(tmp_path)
    hai("approve", "4", d, "--name", "Bram Smit", "--role", "clinical-informatician")
    hai("approve", "request", d, "--name", "Anna de Vries", "--role", "project-leader")
    hai("render", d, "--doc", "dossier", "--doc", "request")
    overview = (d / "docs" / "dossier.nl.md").read_text()
    assert "| stap 4 | Bram Smit | klinisch informaticus |" in overview
    assert "| geldig |" in overview and "verouderd" not in overview
    (d / S4).write_text((d / S4).read_text().replace("medium", "high"))
    hai("render", d, "--doc", "dossier", "--doc", "request")
    overview = (d / "docs" / "dossier.nl.md").read_text()
    assert f"**verouderd**: {S4} veranderd sinds de goedkeuring" in overview
    assert "**verouderd**" in (d / "docs" / "request.nl.md").read_text()
