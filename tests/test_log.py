"""`hai log`: the audit trail from a scripted git repository with real commits."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from hai_cli import gitio
from tests.helpers import BASE, base_dossier, hai

STEP4 = "steps/4-risks-and-impact.yaml"
STEP1 = "steps/1-medical-context.yaml"
FINGERPRINT = "sha256:" + "0" * 64


def git(repo: Path, *args: str, date: str | None = None) -> str:
    env = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date} if date else {}
    done = subprocess.run(
        ["git", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, **env},
    )
    return done.stdout


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), "utf-8")


def approval(name: str, role: str, date: str, gate: str | None = None) -> str:
    lines = [f"  - gate: {gate}"] if gate else []
    lines += [
        f"  {'  ' if gate else '- '}name: {name}",
        f"    role: {role}",
        f"    date: {date}",
        f"    fingerprint: {FINGERPRINT}",
        "    covers: {}",
    ]
    return "approvals:\n" + "\n".join(lines) + "\n"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository with one dossier and a history worth auditing (dates fixed)."""
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    dossier = base_dossier(root / "dossiers", name="product")
    (root / "README.md").write_text("dossiers\n")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Nieuw dossier", date="2024-01-10T10:00:00+01:00")
    step4, meta = dossier / STEP4, dossier / "dossier.yaml"
    edit(step4, "risk-analysis:\n    status: open", "risk-analysis:\n    status: done")
    git(root, "commit", "-qam", "Risicoanalyse gedaan", date="2024-02-01T10:00:00+01:00")
    (root / "README.md").write_text("dossiers, see hai\n")
    (dossier / "evidence" / "pri.txt").write_text("PRI\n")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Unrelated", date="2024-03-01T10:00:00+01:00")
    step4.write_text(
        step4.read_text() + approval("Jan Jansen", "clinical-informatician", "2024-04-01")
    )
    git(root, "commit", "-qam", "Stap 4 goedgekeurd", date="2024-04-01T10:00:00+02:00")
    edit(meta, 'phase: "1B"', 'phase: "2"')
    meta.write_text(
        meta.read_text() + approval("Piet Peters", "project-leader", "2024-05-01", "request")
    )
    git(
        root,
        "commit",
        "-qam",
        "Naar ingebruikname\n\nBesloten in het AI-team.",
        date="2024-05-01T10:00:00+02:00",
    )
    edit(
        step4, "risk-analysis:\n    status: done", "risk-analysis:\n    status: n/a\n    reason: x"
    )
    edit(step4, "  local-outcome-data:\n    status: open\n", "")
    git(root, "commit", "-qam", "Risicoanalyse n.v.t.", date="2024-06-01T10:00:00+02:00")
    (dossier / STEP1).write_text("# only a comment changed\n" + (dossier / STEP1).read_text())
    git(root, "commit", "-qam", "Opmaak", date="2024-07-01T10:00:00+02:00")
    return dossier


def item(name: str, before: str | None, after: str | None) -> dict[str, object]:
    return {"kind": "item", "file": STEP4, "step": 4, "item": name, "from": before, "to": after}


def messages(run_json: dict[str, object]) -> list[str]:
    (dossier,) = run_json["dossiers"]  # type: ignore[misc]
    return [c["message"].splitlines()[0] for c in dossier["commits"]]


def test_text_newest_first_with_the_changes(repo: Path) -> None:
    run = hai("log", repo, "--lang", "en")
    assert run.exit_code == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0].startswith("corpus-base (")
    headers = [line for line in lines[1:] if not line.startswith(" ")]
    assert [h.split("  ")[1] for h in headers] == [
        "2024-06-01 10:00",
        "2024-05-01 10:00",
        "2024-04-01 10:00",
        "2024-02-01 10:00",
        "2024-01-10 10:00",
    ]
    assert headers[0].endswith("  Test  Risicoanalyse n.v.t.")
    assert len(headers[0].split("  ")[0]) >= 7  # the short hash
    body = run.stdout.split(headers[0])[1].split(headers[1])[0]
    assert body.splitlines()[1:] == [
        "    4.1 risk-analysis: done → n/a",
        "    4.3 local-outcome-data: removed (was open)",
    ]
    assert (
        "    phase 1B → 2\n    approved by Piet Peters (project-leader) for gate request\n"
        in run.stdout
    )
    assert "    step 4: approved by Jan Jansen (clinical-informatician)\n" in run.stdout
    assert "    4.1 risk-analysis: open → done\n" in run.stdout
    assert "    steps/4-risks-and-impact.yaml: new file, 3 items (3 open)\n" in run.stdout
    assert "    dossier.yaml: new file\n    phase 1B\n" in run.stdout
    assert "Unrelated" not in run.stdout and "Opmaak" not in run.stdout


def test_text_in_dutch_by_the_dossiers_language(repo: Path) -> None:
    run = hai("log", repo)
    assert "    4.3 local-outcome-data: verwijderd (was open)\n" in run.stdout
    assert (
        "    fase 1B → 2\n    goedgekeurd door Piet Peters (project-leader) voor poort request\n"
        in run.stdout
    )
    assert "    stap 4: goedgekeurd door Jan Jansen (clinical-informatician)\n" in run.stdout


def test_json_shape(repo: Path) -> None:
    run = hai("log", repo, "--format", "json")
    assert run.exit_code == 0, run.stderr
    data = run.json()
    (dossier,) = data["dossiers"]
    assert dossier["id"] == "corpus-base" and dossier["path"].endswith("repo/dossiers/product")
    commits = dossier["commits"]
    assert messages(data) == [
        "Risicoanalyse n.v.t.",
        "Naar ingebruikname",
        "Stap 4 goedgekeurd",
        "Risicoanalyse gedaan",
        "Nieuw dossier",
    ]
    phase = commits[1]
    assert set(phase) == {"commit", "date", "author", "email", "message", "changes"}
    assert len(phase["commit"]) == 40 and phase["date"] == "2024-05-01T10:00:00+02:00"
    assert phase["author"] == "Test" and phase["email"] == "test@example.invalid"
    assert phase["message"] == "Naar ingebruikname\n\nBesloten in het AI-team."
    assert phase["changes"] == [
        {"kind": "phase", "file": "dossier.yaml", "from": "1B", "to": "2"},
        {
            "kind": "approval",
            "file": "dossier.yaml",
            "step": None,
            "action": "added",
            "name": "Piet Peters",
            "role": "project-leader",
            "date": "2024-05-01",
            "gate": "request",
            "comment": None,
        },
    ]
    assert commits[0]["changes"] == [
        item("risk-analysis", "done", "n/a"),
        item("local-outcome-data", "open", None),
    ]
    assert commits[2]["changes"][0]["kind"] == "approval" and commits[2]["changes"][0]["step"] == 4
    first = commits[-1]["changes"]
    assert {"kind": "file", "file": STEP4, "step": 4, "action": "added"} in first
    assert item("risk-analysis", None, "open") in first
    assert {"kind": "phase", "file": "dossier.yaml", "from": None, "to": "1B"} in first


def test_step_filter(repo: Path) -> None:
    run = hai("log", repo, "--step", "4", "--format", "json")
    assert messages(run.json()) == [
        "Risicoanalyse n.v.t.",
        "Stap 4 goedgekeurd",
        "Risicoanalyse gedaan",
        "Nieuw dossier",
    ]
    changes = [c for commit in run.json()["dossiers"][0]["commits"] for c in commit["changes"]]
    assert {c["file"] for c in changes} == {STEP4}
    # step 1 only got a comment: its file's creation is all there is to show
    assert messages(hai("log", repo, "--step", "1", "--format", "json").json()) == ["Nieuw dossier"]


def test_item_filter_by_id_or_number(repo: Path) -> None:
    for topic in ("risk-analysis", "4.1", "Risk-Analysis"):
        run = hai("log", repo, "--item", topic, "--format", "json", "--step", "4")
        assert run.exit_code == 0, run.stderr
        commits = run.json()["dossiers"][0]["commits"]
        assert [(c["changes"][0]["from"], c["changes"][0]["to"]) for c in commits] == [
            ("done", "n/a"),
            ("open", "done"),
            (None, "open"),
        ]
        assert all(len(c["changes"]) == 1 for c in commits)
    text = hai("log", repo, "--item", "risk-analysis", "--lang", "en").stdout
    assert "    4.1 risk-analysis: added (open)\n" in text and "approved" not in text


def test_unknown_item_is_refused_with_a_suggestion(repo: Path) -> None:
    run = hai("log", repo, "--item", "risk-analisys", "--lang", "en")
    assert run.exit_code == 2
    assert (
        run.stderr == "hai: 'risk-analisys' is not a checklist item. Did you mean: risk-analysis?\n"
    )
    assert run.stdout == ""
    run = hai("log", repo, "--item", "impact", "--step", "7", "--lang", "en")
    assert run.exit_code == 2 and "belongs to step 4, not to step 7" in run.stderr


def test_step_out_of_range_is_a_usage_error(repo: Path) -> None:
    assert hai("log", repo, "--step", "9").exit_code == 2


def test_outside_git_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    dossier = base_dossier(tmp_path)
    run = hai("log", dossier, "--lang", "en")
    assert run.exit_code == 2
    assert run.stderr.startswith(f"hai: {dossier} is not in a git repository; hai log reads")
    assert hai("log", dossier).stderr.startswith(f"hai: {dossier} staat niet in een git-repository")


def test_portfolio_heads_each_dossier_by_id(repo: Path) -> None:
    other = base_dossier(repo.parent, name="other")
    edit(other / "dossier.yaml", "id: corpus-base", "id: other-product")
    root = repo.parent.parent
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Tweede dossier", date="2024-08-01T10:00:00+02:00")
    run = hai("log", repo.parent, "--format", "json")
    assert [(d["id"], len(d["commits"])) for d in run.json()["dossiers"]] == [
        ("other-product", 1),
        ("corpus-base", 5),
    ]
    lines = hai("log", repo.parent, "--lang", "en").stdout.splitlines()
    assert lines[0].startswith("other-product (") and lines[0].endswith("/dossiers/other)")
    gap = lines.index("")
    assert lines[gap + 1].startswith("corpus-base (") and lines[gap + 1].endswith("/product)")


def test_no_commits_yet(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    dossier = base_dossier(tmp_path)
    run = hai("log", dossier, "--lang", "en")
    assert run.exit_code == 0, run.stderr
    assert run.stdout.splitlines()[1] == "  No commits in the git history changed this."


def test_merge_shows_only_what_the_merge_decided(repo: Path) -> None:
    root = repo.parent.parent
    step4 = repo / STEP4
    git(root, "checkout", "-qb", "side")
    edit(step4, "impact:\n    status: open", "impact:\n    status: done")
    git(root, "commit", "-qam", "Impact (side)", date="2024-08-01T10:00:00+02:00")
    git(root, "checkout", "-q", "-")
    edit(repo / STEP1, "status: open", "status: done")
    git(root, "commit", "-qam", "Stap 1 (main)", date="2024-08-02T10:00:00+02:00")
    git(root, "merge", "-q", "--no-edit", "side", date="2024-08-03T10:00:00+02:00")
    merged = step4.read_text()  # impact: done
    run = hai("log", repo, "--format", "json")
    commits = run.json()["dossiers"][0]["commits"]
    assert [c["message"] for c in commits[:2]] == ["Stap 1 (main)", "Impact (side)"]
    assert commits[1]["changes"][0]["item"] == "impact"
    # now a merge that resolves a conflict with a value neither side had
    git(root, "checkout", "-qb", "side2")
    edit(step4, "impact:\n    status: done", "impact:\n    status: open")
    git(root, "commit", "-qam", "Impact weer open", date="2024-09-01T10:00:00+02:00")
    git(root, "checkout", "-q", "-")
    edit(step4, "impact:\n    status: done", "impact:\n    status: n/a\n    reason: x")
    git(root, "commit", "-qam", "Impact n.v.t.", date="2024-09-02T10:00:00+02:00")
    subprocess.run(["git", "merge", "-q", "side2"], cwd=root, capture_output=True, check=False)
    assert "<<<<<<<" in step4.read_text()
    step4.write_text(merged)
    git(root, "commit", "-qam", "Merge side2: impact done", date="2024-09-03T10:00:00+02:00")
    commits = hai("log", repo, "--format", "json").json()["dossiers"][0]["commits"]
    assert commits[0]["message"] == "Merge side2: impact done"
    assert commits[0]["changes"] == [item("impact", "n/a", "done")]


def test_an_unreadable_version_is_reported_and_skipped(repo: Path) -> None:
    root, step4 = repo.parent.parent, repo / STEP4
    good = step4.read_text()
    step4.write_text(good + "  broken: [\n")
    git(root, "commit", "-qam", "Kapot", date="2024-08-01T10:00:00+02:00")
    step4.write_text(good.replace("impact:\n    status: open", "impact:\n    status: done"))
    git(root, "commit", "-qam", "Hersteld", date="2024-08-02T10:00:00+02:00")
    commits = hai("log", repo, "--format", "json").json()["dossiers"][0]["commits"]
    assert [c["message"] for c in commits[:2]] == ["Hersteld", "Kapot"]
    # compared with the last version that could be read: only impact changed
    assert commits[0]["changes"] == [item("impact", "open", "done")]
    (broken,) = commits[1]["changes"]
    assert broken["kind"] == "unreadable" and broken["file"] == STEP4 and broken["reason"]


def _fast_import(root: Path, commits: int, every: int) -> int:
    """A history of ``commits`` commits, written in one `git fast-import`: the dossier first,
    then an unrelated file changes in every commit and step 4 in every ``every``-th one.
    Returns how many commits changed step 4."""
    files = {"README.md": "x\n"} | {
        f"dossiers/product/{p.relative_to(BASE).as_posix()}": p.read_text("utf-8")
        for p in sorted(BASE.rglob("*"))
        if p.is_file()
    }
    step4 = f"dossiers/product/{STEP4}"
    stream: list[bytes] = []

    def blob(text: str) -> bytes:
        data = text.encode()
        return b"data %d\n%s\n" % (len(data), data)

    touched = 0
    for n in range(commits):
        changed = dict(files) if n == 0 else {"README.md": f"change {n}\n"}
        if n and n % every == 0:
            touched += 1
            status = ("open", "done")[touched % 2]  # every edit flips it
            changed[step4] = files[step4].replace(
                "impact:\n    status: open", f"impact:\n    status: {status}\n    note: {n}"
            )
        stream.append(b"commit refs/heads/main\n")
        stream.append(b"committer Test <test@example.invalid> %d +0000\n" % (1_700_000_000 + n))
        stream.append(blob(f"commit {n}"))
        for path, text in changed.items():
            stream.append(f"M 100644 inline {path}\n".encode() + blob(text))
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True)
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input=b"".join(stream), check=True)
    subprocess.run(["git", "checkout", "-qf", "main"], cwd=root, check=True)
    return touched + 1  # and the commit that created it


def test_only_the_versions_a_commit_changed_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "big"
    root.mkdir()
    touching = _fast_import(root, commits=200, every=10)
    assert int(git(root, "rev-list", "--count", "HEAD")) == 200
    reads: Counter[str] = Counter()
    contents = gitio.History.contents

    def counting(self: gitio.History, blobs: list[str]) -> Iterator[tuple[str, bytes | None]]:
        for blob, raw in contents(self, blobs):
            reads[blob] += 1
            yield blob, raw

    def one(self: gitio.History, blob: str) -> bytes:
        raise AssertionError(f"{blob} read on its own, outside the one stream")

    monkeypatch.setattr(gitio.History, "contents", counting)
    monkeypatch.setattr(gitio.History, "read", one)
    run = hai("log", root / "dossiers" / "product", "--step", "4", "--format", "json")
    assert run.exit_code == 0, run.stderr
    commits = run.json()["dossiers"][0]["commits"]
    assert len(commits) == touching == 20
    # each version of step 4 read once (every edit writes a new text), and nothing else
    expected = set(
        git(
            root, "log", "--format=", "--raw", "--no-abbrev", "--", f"dossiers/product/{STEP4}"
        ).split()[3::6]
    )
    assert set(reads) == expected and len(expected) == touching
    assert max(reads.values()) == 1
    reads.clear()
    run = hai("log", root / "dossiers" / "product", "--format", "json")
    # the whole dossier: its nine files once, then step 4's later versions; never README.md
    assert len(run.json()["dossiers"][0]["commits"]) == 20
    assert len(reads) == 9 + touching - 1 and max(reads.values()) == 1


@pytest.mark.parametrize("folder", ["", "dossiers/prod[1]*"])
def test_step_filter_at_the_root_or_under_a_folder_with_wildcards(
    tmp_path: Path, folder: str
) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    dossier = root / folder if folder else root
    shutil.copytree(BASE, dossier, dirs_exist_ok=True)
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Nieuw", date="2024-01-10T10:00:00+01:00")
    edit(dossier / STEP4, "impact:\n    status: open", "impact:\n    status: done")
    edit(dossier / STEP1, "status: open", "status: done")
    git(root, "commit", "-qam", "Stap 1 en 4", date="2024-02-10T10:00:00+01:00")
    run = hai("log", dossier, "--step", "4", "--format", "json")
    commits = run.json()["dossiers"][0]["commits"]
    assert len(commits) == 2 and commits[0]["changes"] == [item("impact", "open", "done")]


def test_every_approval_a_commit_added_each_once(repo: Path) -> None:
    """Issue 10.3: a re-approval with the same name, role and date as an earlier one is listed."""
    step4 = repo / STEP4
    again = approval("Jan Jansen", "clinical-informatician", "2024-04-01").replace(
        FINGERPRINT, "sha256:" + "1" * 64
    )
    other = approval("Piet Peters", "project-leader", "2024-04-01")
    step4.write_text(
        step4.read_text() + again.removeprefix("approvals:\n") + other.removeprefix("approvals:\n")
    )
    git(
        repo.parent.parent,
        "commit",
        "-qam",
        "Opnieuw goedgekeurd",
        date="2024-08-01T10:00:00+02:00",
    )
    data = hai("log", repo, "--format", "json").json()
    (latest, *_) = data["dossiers"][0]["commits"]
    assert latest["message"] == "Opnieuw goedgekeurd"
    added = [(c["name"], c["action"]) for c in latest["changes"] if c["kind"] == "approval"]
    assert added == [("Jan Jansen", "added"), ("Piet Peters", "added")]
    lines = hai("log", repo, "--lang", "en").stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.endswith("Opnieuw goedgekeurd"))
    end = next(i for i in range(start + 1, len(lines)) if not lines[i].startswith(" "))
    block = "\n".join(lines[start + 1 : end])
    assert block.count("approved by Jan Jansen (clinical-informatician)") == 1
    assert block.count("approved by Piet Peters (project-leader)") == 1
