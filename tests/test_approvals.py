"""Approvals bound to content: approve, stale after a change, not stale after reformatting,
required roles per gate, hand edits detected, approvers from the AI team (HAI200-HAI202)."""

from __future__ import annotations

import difflib
import shutil
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
    hai("approve", "request", d, "--name", "Anna de Vries", "--role", "project-leader", "--force")
    assert check(d).gates["request"].missing_approvals == ["clinical-informatician"]
    hai(
        "approve",
        "request",
        d,
        "--name",
        "Bram Smit",
        "--role",
        "clinical-informatician",
        "--force",
    )
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
    hai("approve", "request", d, "--name", "Iemand Anders", "--role", "project-leader", "--force")
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
    hai("approve", "request", d, "--name", "Anna de Vries", "--role", "project-leader", "--force")
    hai("render", d, "--doc", "dossier", "--doc", "request")
    overview = (d / "docs" / "dossier.nl.md").read_text()
    assert "| stap 4 | Bram Smit | klinisch informaticus |" in overview
    assert "| geldig |" in overview and "verouderd" not in overview
    (d / S4).write_text((d / S4).read_text().replace("medium", "high"))
    hai("render", d, "--doc", "dossier", "--doc", "request")
    overview = (d / "docs" / "dossier.nl.md").read_text()
    assert f"**verouderd**: {S4} veranderd sinds de goedkeuring" in overview
    assert "**verouderd**" in (d / "docs" / "request.nl.md").read_text()


def _approve(d: Path, target: str, name: str, role: str, *more: str) -> None:
    run = hai("approve", target, d, "--name", name, "--role", role, "--date", "2026-03-02", *more)
    assert run.exit_code == 0, run.stderr


def _request_approved(d: Path) -> Path:
    _approve(d, "request", "Anna de Vries", "project-leader", "--force")
    _approve(d, "request", "Bram Smit", "clinical-informatician", "--force")
    _approve(d, "4", "Bram Smit", "clinical-informatician")
    assert codes(d) == [] and check(d).gates["request"].missing_approvals == []
    return d


S8 = "steps/8-evaluation.yaml"
MONITORING = (
    "monitoring:\n  - id: sensitivity\n    measure: wrong-predictions\n    limit: {min: 0.8}\n"
)


def test_lifecycle_state_is_not_what_was_approved(tmp_path: Path) -> None:
    """Issue 10.5: advancing the phase, adding an evaluation and approving another gate leave
    earlier approvals current."""
    d = _request_approved(dossier(tmp_path))
    meta = d / "dossier.yaml"
    meta.write_text(meta.read_text().replace('phase: "1B"', 'phase: "2"'))
    assert codes(d) == [] and check(d).gates["request"].missing_approvals == []
    (d / S8).write_text(MONITORING + (d / S8).read_text())
    meta.write_text(meta.read_text().replace('phase: "2"', 'phase: "3"'))
    _approve(d, "review", "Anna de Vries", "evaluation-chair", "--force")
    _approve(d, "go-live", "Anna de Vries", "administrator", "--force")
    (d / S8).write_text(
        (d / S8).read_text() + "evaluations:\n  - date: 2026-09-01\n    decision: continue\n"
        "    figures:\n      - {measure: sensitivity, value: 0.91}\n"
    )
    result = check(d)
    assert [c for c in codes(d) if c[0] == "HAI200"] == []
    assert result.gates["request"].missing_approvals == []
    assert "evaluation-chair" not in result.gates["review"].missing_approvals


def test_a_change_of_covered_content_makes_them_stale(tmp_path: Path) -> None:
    """The product's identity and the covered steps are what an approval covers."""
    d = _request_approved(dossier(tmp_path))
    meta = d / "dossier.yaml"
    meta.write_text(meta.read_text().replace("name: Leverancier BV", "name: Andere BV"))
    result = check(d)
    assert [p.file for p in result.problems if p.code == "HAI200"] == ["dossier.yaml"] * 2
    assert result.gates["request"].missing_approvals == ["project-leader", "clinical-informatician"]
    # the monitoring plan of step 8 is covered by a review approval; its evaluations are not
    d2 = dossier(tmp_path / "2")
    (d2 / S8).write_text(MONITORING + (d2 / S8).read_text())
    d2_meta = d2 / "dossier.yaml"
    d2_meta.write_text(d2_meta.read_text().replace('phase: "1B"', 'phase: "3"'))
    _approve(d2, "review", "Anna de Vries", "evaluation-chair", "--force")
    (d2 / S8).write_text((d2 / S8).read_text().replace("{min: 0.8}", "{min: 0.7}"))
    assert [p.file for p in check(d2).problems if p.code == "HAI200"] == ["dossier.yaml"]


def test_only_the_latest_approval_per_role_counts(tmp_path: Path) -> None:
    """Issue 10.17: a superseded approval is history and does not warn."""
    d = dossier(tmp_path)
    _approve(d, "4", "Bram Smit", "clinical-informatician")
    (d / S4).write_text((d / S4).read_text().replace("medium", "high"))
    assert [c for c, _, _ in codes(d)] == ["HAI200"]
    _approve(d, "4", "Bram Smit", "clinical-informatician")
    assert codes(d) == []
    _approve(d, "request", "Iemand Anders", "project-leader", "--force")
    _approve(d, "request", "Anna de Vries", "project-leader", "--force")
    assert [c for c, _, _ in codes(d)] == []  # the earlier approver, not in the team, is history
    hai("render", d, "--doc", "dossier")
    overview = (d / "docs" / "dossier.nl.md").read_text()
    assert "| Iemand Anders | projectleider | 2 maart 2026 | vervangen door een latere" in overview
    # the latest counts even when it is stale and an earlier one would still match
    text = (d / S4).read_text()
    (d / S4).write_text(text.replace("high", "low"))
    _approve(d, "4", "Bram Smit", "clinical-informatician")
    (d / S4).write_text(
        (d / S4).read_text().replace("risk_indication: low", "risk_indication: high")
    )
    assert [c for c, _, _ in codes(d)] == ["HAI200"]


def test_a_gate_with_open_items_is_approved_only_with_force(tmp_path: Path) -> None:
    d = dossier(tmp_path)
    before = (d / "dossier.yaml").read_text()
    run = hai("approve", "request", d, "--name", "Anna de Vries", "--role", "project-leader")
    assert run.exit_code == 1
    assert "Poort request is nog niet gehaald: care-process, " in run.stderr
    assert "--force" in run.stderr
    assert (d / "dossier.yaml").read_text() == before
    forced = hai("approve", "request", d, "--name", "Anna de Vries", "--role", "project-leader",
                 "--force")  # fmt: skip
    assert forced.exit_code == 0, forced.stderr
    text = (d / "dossier.yaml").read_text()
    assert "    forced:\n      - care-process\n" in text
    approval = check(d).dossier.info.approvals[0]  # type: ignore[union-attr]
    assert "care-process" in approval.forced and len(approval.forced) > 12
    hai("render", d, "--doc", "dossier")
    assert "goedgekeurd met open punten" in (d / "docs" / "dossier.nl.md").read_text()


def test_a_date_in_the_future_is_refused(tmp_path: Path) -> None:
    import datetime as dt

    d = dossier(tmp_path)
    before = (d / S4).read_text()
    later = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    run = hai("approve", "4", d, "--name", "Bram Smit", "--role", "clinical-informatician",
              "--date", later)  # fmt: skip
    assert run.exit_code == 2 and "in de toekomst" in run.stderr
    assert (d / S4).read_text() == before


def test_missing_approval_shows_the_command(tmp_path: Path) -> None:
    d = dossier(tmp_path)
    run = hai("check", d, "--gate", "request", "--format", "junit")
    assert "goedkeuring ontbreekt: project-leader, clinical-informatician (" in run.stdout
    assert f"hai approve request {d} --role project-leader --name NAAM" in run.stdout
    assert f"hai approve request {d} --role clinical-informatician --name NAAM" in run.stdout


def test_examples_keep_their_approvals_when_the_phase_advances(tmp_path: Path) -> None:
    from tests.helpers import EXAMPLES

    d = tmp_path / "ai"
    shutil.copytree(EXAMPLES / "ai-rad-companion", d)
    assert check(d).gates["request"].missing_approvals == []
    meta = d / "dossier.yaml"
    meta.write_text(meta.read_text().replace('phase: "2"', 'phase: "3"'))
    assert check(d).gates["request"].missing_approvals == []


def test_an_approval_hashed_as_before_stays_current_while_unchanged(tmp_path: Path) -> None:
    """Approvals recorded by an earlier hai hashed each whole file but its approvals."""
    from hai_cli.approvals import LEGACY, content_hash, fingerprint
    from hai_cli.yamlio import load

    d = dossier(tmp_path)
    files = ["dossier.yaml", *sorted(str(p.relative_to(d)) for p in (d / "steps").iterdir())][:7]
    covers = {f: content_hash(load((d / f).read_bytes(), f).data, LEGACY) for f in files}
    entry = (
        "approvals:\n  - gate: request\n    name: Anna de Vries\n    role: project-leader\n"
        f"    date: 2026-03-02\n    fingerprint: {fingerprint(covers)}\n    covers:\n"
        + "".join(f"      {f}: {h}\n" for f, h in covers.items())
    )
    meta = d / "dossier.yaml"
    meta.write_text(meta.read_text() + entry)
    assert codes(d) == []
    meta.write_text(meta.read_text().replace('phase: "1B"', 'phase: "2"'))
    assert [c for c, _, _ in codes(d)] == ["HAI200"]  # once: the old hash covered the phase
