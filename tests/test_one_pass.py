"""History and provenance in one pass: the number of git processes does not grow with the
number of commits (``hai log``, the timeline of ``hai status``) or of dossiers (``hai
render``), and the one query answers what the per-dossier queries answered."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from hai_cli import gitio
from tests.helpers import BASE, hai

STEP4 = "steps/4-risks-and-impact.yaml"


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True)
    return done.stdout


def git_processes(trace: Path) -> int:
    """How many git processes ran (git's trace2 writes one 'start' event for each)."""
    if not trace.exists():
        return 0
    return sum('"event":"start"' in line for line in trace.read_text().splitlines())


def history_repo(root: Path, commits: int) -> Path:
    """One dossier, then ``commits`` commits that change its phase and step 4's item."""
    dossier = root / "dossiers" / "the product 2"  # spaces: git names it on a line
    shutil.copytree(BASE, dossier)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "new")
    meta, step4 = dossier / "dossier.yaml", dossier / STEP4
    phases = ["1B", "2"]
    for number in range(commits):
        text = meta.read_text()
        meta.write_text(
            text.replace(f'phase: "{phases[number % 2]}"', f'phase: "{phases[(number + 1) % 2]}"')
        )
        old, new = ("open", "done") if number % 2 == 0 else ("done", "open")
        step4.write_text(
            step4.read_text().replace(
                f"risk-analysis:\n    status: {old}", f"risk-analysis:\n    status: {new}"
            )
        )
        git(root, "commit", "-qam", f"change {number}")
    return dossier


@pytest.mark.parametrize("command", ["status", "log"])
def test_history_commands_start_as_many_git_processes_for_any_number_of_commits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    counts, outputs = [], []
    for commits in (2, 12):
        root = tmp_path / f"repo{commits}"
        root.mkdir()
        dossier = history_repo(root, commits)
        hai(command, dossier)  # GitPython asks git for its version once in a process
        trace = tmp_path / f"{command}{commits}.trace"
        monkeypatch.setenv("GIT_TRACE2_EVENT", str(trace))
        run = hai(command, dossier, "--format", "json")
        monkeypatch.delenv("GIT_TRACE2_EVENT")
        assert run.exit_code == 0, run.stderr
        counts.append(git_processes(trace))
        outputs.append(run.stdout)
    assert counts[0] == counts[1] and 0 < counts[0] <= 6, counts
    assert "phase" in outputs[1]


def portfolio(root: Path, count: int) -> list[Path]:
    dossiers = []
    for number in range(count):
        dossier = root / "dossiers" / f"dept{number % 2}" / f"product-{number}"
        shutil.copytree(BASE, dossier)
        meta = dossier / "dossier.yaml"
        meta.write_text(meta.read_text().replace('id: "', f'id: "p{number}-', 1))
        dossiers.append(dossier)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "portfolio")
    return dossiers


def test_render_asks_git_a_fixed_number_of_times_for_any_number_of_dossiers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    counts = []
    for count in (2, 6):
        root = tmp_path / f"p{count}"
        root.mkdir()
        dossiers = portfolio(root, count)
        hai("status", dossiers[0])  # GitPython asks git for its version once in a process
        (dossiers[0] / "evidence" / "new.txt").write_text("not committed\n")
        trace = tmp_path / f"render{count}.trace"
        monkeypatch.setenv("GIT_TRACE2_EVENT", str(trace))
        run = hai("render", root / "dossiers", "--doc", "dossier", "--lang", "en")
        monkeypatch.delenv("GIT_TRACE2_EVENT")
        assert run.exit_code == 0, run.stderr
        counts.append(git_processes(trace))
        first = (dossiers[0] / "docs" / "dossier.en.md").read_text()
        second = (dossiers[1] / "docs" / "dossier.en.md").read_text()
        assert "+ uncommitted" in first and "+ uncommitted" not in second
    assert counts[0] == counts[1] and counts[0] <= 3, counts


def _alone(root: Path) -> gitio.Provenance:
    known = gitio.revision(root)
    return gitio.Provenance(known, gitio.source_log(root) if known.in_repository else None)


def test_provenance_is_what_each_dossier_alone_gives(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    a, b, c = portfolio(root, 3)
    (b / STEP4).write_text((b / STEP4).read_text() + "# edited\n")
    git(root, "commit", "-qam", "b's step 4")
    (a / "docs").mkdir()
    (a / "docs" / "dossier.nl.md").write_text("doc\n")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "a's documents only")
    (root / "README.md").write_text("outside\n")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "outside every dossier")
    (c / "docs").mkdir()
    (c / "docs" / "draft.md").write_text("untracked document\n")  # documents are not sources
    (b / "evidence" / "extra.txt").write_text("untracked\n")
    git(root, "mv", str(a / "evidence"), str(a / "proof"))  # a rename, staged
    roots = [a, b, c, tmp_path]  # and a folder outside git
    found = gitio.provenance(roots)
    assert found == {r: _alone(r) for r in roots}
    assert [found[r].revision.dirty for r in (a, b, c)] == [True, True, False]
    assert [len(found[r].log or []) for r in (a, b, c)] == [1, 2, 1]


def test_provenance_asks_each_dossier_alone_after_a_merge(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    a, b = portfolio(root, 2)
    main = git(root, "branch", "--show-current").strip()
    git(root, "checkout", "-qb", "side")
    (a / STEP4).write_text((a / STEP4).read_text() + "# side\n")
    git(root, "commit", "-qam", "side")
    git(root, "checkout", "-q", main)
    (b / STEP4).write_text((b / STEP4).read_text() + "# main\n")
    git(root, "commit", "-qam", "main")
    git(root, "merge", "-q", "--no-edit", "side")
    assert gitio.provenance([a, b]) == {r: _alone(r) for r in (a, b)}


def test_provenance_of_dossiers_inside_dossiers_and_before_the_first_commit(
    tmp_path: Path,
) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    outer = root / "outer"
    shutil.copytree(BASE, outer)
    shutil.copytree(BASE, outer / "inner")
    assert gitio.provenance([outer, outer / "inner"]) == {
        r: _alone(r) for r in (outer, outer / "inner")
    }
    first, second = root / "first", root / "second"  # side by side, nothing committed yet
    shutil.copytree(BASE, first)
    shutil.copytree(BASE, second)
    found = gitio.provenance([first, second])
    assert found == {r: _alone(r) for r in (first, second)}
    assert found[first] == gitio.Provenance(gitio.Revision(True, None, True), [])


def test_phase_history_reads_what_git_show_of_each_commit_reads(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    dossier = history_repo(root, 3)
    meta = dossier / "dossier.yaml"
    kept = meta.read_text()
    git(root, "rm", "-q", str(meta))
    git(root, "commit", "-qm", "gone")  # absent in this commit: "... missing" from cat-file
    meta.write_text("phase: [broken\n")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "unreadable")
    meta.write_text(kept.replace('phase: "', 'phase: "3', 1))
    git(root, "commit", "-qam", "back")
    rel = meta.relative_to(root).as_posix()
    expected, previous = [], None
    for line in git(root, "log", "--reverse", "--format=%H %h %aI", "--", rel).splitlines():
        full, short, when = line.split()
        shown = subprocess.run(["git", "show", f"{full}:{rel}"], cwd=root, capture_output=True)
        if shown.returncode:
            continue
        try:
            value = yaml_phase(shown.stdout.decode())
        except ValueError:
            continue
        if not expected or value != previous:
            expected.append(
                gitio.PhaseCommit(when[:10], short, previous if expected else None, value)
            )
        previous = value
    assert gitio.phase_history(dossier) == expected
    assert expected[-1].after == "32" and len(expected) == 5


def yaml_phase(text: str) -> str | None:
    from hai_cli.yamlio import YamlProblem, parse

    try:
        data = parse(text, "dossier.yaml").data
    except YamlProblem as e:
        raise ValueError from e
    value = data.get("phase") if isinstance(data, dict) else None
    return None if value is None else str(value)
