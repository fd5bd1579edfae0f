"""`hai status`: the portfolio at a glance, and one dossier's lifecycle from records and git."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.helpers import BASE, EXAMPLES, base_dossier, hai


def git(repo: Path, *args: str, date: str | None = None) -> None:
    env = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date} if date else {}
    import os

    subprocess.run(
        ["git", *args], cwd=repo, check=True, capture_output=True, env={**os.environ, **env}
    )


def test_portfolio_json() -> None:
    run = hai("status", EXAMPLES, "--format", "json", "--today", "2026-11-23")
    assert run.exit_code == 0
    rows = {r["id"]: r for r in run.json()["dossiers"]}
    assert {"ai-rad-companion", "covid19-severity"} <= set(rows)
    covid = rows["covid19-severity"]
    assert covid["phase"] == "2" and covid["gates"]["request"] is True
    assert covid["gates"]["go-live"] is False and covid["open_items"] == 8
    assert covid["next_evaluation"] is None and covid["timeline"] == []


def test_in_use_dossier_shows_next_evaluation(tmp_path: Path) -> None:
    meta = (BASE / "dossier.yaml").read_text().replace('phase: "1B"', 'phase: "3"')
    step8 = "evaluation_interval_months: 6\nevaluations:\n  - date: 2026-08-01\n    decision: continue\n"
    dossier = base_dossier(tmp_path, {"dossier.yaml": meta, "steps/8-evaluation.yaml": step8})
    run = hai("status", dossier, "--format", "json", "--today", "2026-11-23")
    row = run.json()["dossiers"][0]
    assert row["next_evaluation"] == "2027-02-01"
    assert row["timeline"] == [{"date": "2026-08-01", "event": "evaluatie, besluit: doorgaan"}]


def test_timeline_from_git_history(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    dossier = base_dossier(repo, name="product")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "new dossier", date="2024-01-10T10:00:00")
    meta = dossier / "dossier.yaml"
    meta.write_text(meta.read_text().replace('phase: "1B"', 'phase: "2"'))
    git(repo, "commit", "-qam", "to commissioning", date="2024-06-01T10:00:00")
    (dossier / "steps" / "1-medical-context.yaml").write_text(
        (BASE / "steps" / "1-medical-context.yaml").read_text() + "goal: sneller\n"
    )
    git(repo, "commit", "-qam", "unrelated edit", date="2024-07-01T10:00:00")
    meta.write_text(meta.read_text().replace('phase: "2"', 'phase: "3"'))
    git(repo, "commit", "-qam", "in use", date="2024-09-15T10:00:00")
    run = hai("status", dossier, "--lang", "en", "--today", "2024-10-01")
    assert run.exit_code == 0, run.stderr
    lines = [line.strip() for line in run.stdout.splitlines()]
    timeline = lines[lines.index("Lifecycle") + 1 :]
    assert [line[:10] for line in timeline if line] == ["2024-01-10", "2024-06-01", "2024-09-15"]
    assert timeline[0].endswith("phase 1B") and "dossier committed to git" in timeline[0]
    assert "phase 1B → 2" in timeline[1] and "phase 2 → 3" in timeline[2]


def test_timeline_shows_gates_approved() -> None:
    run = hai("status", EXAMPLES / "sepsis-alert", "--format", "json", "--lang", "en")
    events = [e["event"] for e in run.json()["dossiers"][0]["timeline"]]
    assert (
        "gate go-live approved by integratiespecialist ICT (administrator (technical release))"
        in events
    )
    assert (
        "gate decommission approved by internist acute geneeskunde (sepsis-kartrekker) (project leader)"
        in events
    )
    assert "decommissioned" in events
