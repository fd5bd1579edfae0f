"""hai diff: histories built with the real git, each kind of change asserted in every format."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hai_cli.diff.report import REPORTERS
from tests.helpers import BASE, EXAMPLES, TODAY, Run, hai

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

RAD = EXAMPLES / "ai-rad-companion"
STEP4 = "steps/4-risks-and-impact.yaml"
STEP1 = "steps/1-medical-context.yaml"
STEP3 = "steps/3-added-value.yaml"
FORMATS = ("text", "markdown", "json")


def git(repo: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": str(repo.parent / "no-gitconfig"),  # absent: no settings
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.invalid",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.invalid",
    }
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, env=env)
    assert done.returncode == 0, (args, done.stderr)
    return done.stdout


def commit(repo: Path, message: str, tag: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--allow-empty", "-m", message)
    git(repo, "tag", tag)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), "utf-8")


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One repository, one tag per kind of change:

    start (the radiology example and the corpus base dossier) → closed (two items of the
    base dossier done) → edited (a field of step 4 edited after the request was approved) →
    renamed (the radiology dossier's folder moved) → broken (step 3 of the base dossier does
    not parse, and step 1 changes too) → fixed → lifecycle (phase 3, an evaluation, a
    version, evidence) → added (a third dossier) → removed (the base dossier deleted).
    """
    repo = tmp_path_factory.mktemp("history") / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    shutil.copytree(RAD, repo / "dossiers" / "rad")
    shutil.copytree(BASE, repo / "dossiers" / "base")
    commit(repo, "start", "start")
    base = repo / "dossiers" / "base"
    step1 = base / STEP1
    edit(step1, "care-process:\n    status: open", "care-process:\n    status: done")
    edit(
        step1,
        "goal-and-main-task:\n    status: open",
        "goal-and-main-task:\n    status: n/a\n    reason: Zie stap 2",
    )
    commit(repo, "close two items", "closed")
    edit(repo / "dossiers" / "rad" / STEP4, "risk_indication: medium", "risk_indication: low")
    commit(repo, "lower the risk after approval", "edited")
    git(repo, "mv", "dossiers/rad", "dossiers/radiology")
    commit(repo, "move the dossier", "renamed")
    (base / STEP3).write_text("checklist:\n  evidence-assessed: [unclosed\n", "utf-8")
    edit(step1, "care-process:\n    status: done", "care-process:\n    status: open")
    commit(repo, "break step 3", "broken")
    shutil.copy(BASE / STEP3, base / STEP3)
    commit(repo, "fix step 3", "fixed")
    rad = repo / "dossiers" / "radiology"
    edit(rad / "dossier.yaml", 'phase: "2"', 'phase: "3"')
    edit(
        rad / "steps/8-evaluation.yaml",
        "evaluations:\n",
        "evaluations:\n  - date: 2023-06-13\n    decision: continue\n",
    )
    edit(
        rad / "steps/8-evaluation.yaml",
        "versions:\n",
        'versions:\n  - version: "VA14"\n    in_production: true\n',
    )
    edit(
        rad / STEP4,
        "      - evidence/dpia-teamplay-2022.md\n",
        "      - evidence/dpia-teamplay-2023.md\n",
    )
    edit(
        rad / "steps/8-evaluation.yaml",
        "\nversions:\n",
        "  - date: 2023-06-20\n    kind: update\n    size: minor\n\nversions:\n",
    )
    (rad / "evidence" / "dpia-teamplay-2023.md").write_text("DPIA 2023\n", "utf-8")
    approved = hai(
        "approve", "8", rad, "--name", "klinisch informaticus", "--role", "evaluation-chair",
        "--date", "2023-06-14",
    )  # fmt: skip
    assert approved.exit_code == 0, approved.stderr
    commit(repo, "in use", "lifecycle")
    shutil.copytree(BASE, repo / "dossiers" / "third")
    edit(repo / "dossiers" / "third" / "dossier.yaml", "id: corpus-base", "id: third")
    commit(repo, "a third dossier", "added")
    shutil.rmtree(base)
    commit(repo, "remove the base dossier", "removed")
    return repo


@pytest.fixture
def repo(history: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.chdir(history)
    yield history


def diff(*args: str) -> Run:
    return hai("diff", *args, "--today", TODAY.isoformat())


def as_json(*args: str) -> dict[str, Any]:
    run = diff(*args, "--format", "json")
    assert run.exit_code == 0, run.stderr
    result: dict[str, Any] = json.loads(run.stdout)
    return result


def one(document: dict[str, Any], dossier_id: str) -> dict[str, Any]:
    (found,) = [d for d in document["dossiers"] if d["id"] == dossier_id]
    return found


def all_formats(*args: str) -> dict[str, str]:
    out = {}
    for fmt in FORMATS:
        run = diff(*args, "--format", fmt)
        assert run.exit_code == 0, run.stderr
        out[fmt] = run.stdout
    return out


def test_reporters_are_the_formats() -> None:
    from hai_cli.cli import DiffFormat

    assert tuple(REPORTERS) == tuple(f.value for f in DiffFormat) == FORMATS


def test_items_closed(repo: Path) -> None:
    base = one(as_json("start", "closed"), "corpus-base")
    assert base["status"] == "changed" and base["path"] == "dossiers/base"
    assert base["items"] == [
        {"step": 1, "id": "care-process", "number": "1.1", "change": "changed", "from": "open",
         "to": "done", "file": STEP1, "line": 4},
        {"step": 1, "id": "goal-and-main-task", "number": "1.2", "change": "changed",
         "from": "open", "to": "n/a", "file": STEP1, "line": 6},
    ]  # fmt: skip
    assert base["fields"] == [
        {"field": "checklist.goal-and-main-task.reason", "from": None, "to": "Zie stap 2",
         "file": STEP1, "line": 7},
    ]  # fmt: skip
    assert base["headline"] == "1 nieuwe fout; 2 punten afgerond; 1 veld gewijzigd"
    (finding,) = base["findings"]  # done, but the considerations of step 1 are not answered
    assert (finding["change"], finding["code"], finding["file"], finding["line"]) == (
        "appeared", "HAI115", STEP1, 4,
    )  # fmt: skip
    out = all_formats("start", "closed")
    assert f"dossiers/base/{STEP1}:4  1.1 care-process: open → done" in out["text"]
    assert "corpus-base (dossiers/base): 1 nieuwe fout; 2 punten afgerond;" in out["text"]
    assert (
        f"dossiers/base/{STEP1}:4  nieuw HAI115 error: 'care-process' staat op done" in out["text"]
    )
    assert (
        "- **corpus-base**: 1 nieuwe fout; 2 punten afgerond; 1 veld gewijzigd" in out["markdown"]
    )
    assert "<summary>Bevindingen (1)</summary>" in out["markdown"]
    assert "<details><summary>Checklistpunten (2)</summary>" in out["markdown"]
    assert f"| {STEP1}:6 | 1\\.2 goal-and-main-task: open → n/a |" in out["markdown"]
    # the radiology dossier did not change: it is not in the diff at all
    assert [d["id"] for d in json.loads(out["json"])["dossiers"]] == ["corpus-base"]


def test_field_edited_after_approval(repo: Path) -> None:
    rad = one(as_json("closed", "edited"), "ai-rad-companion")
    assert rad["fields"] == [
        {"field": "risk_indication", "from": "medium", "to": "low", "file": STEP4, "line": 13}
    ]
    stale = [a for a in rad["approvals"] if a["change"] == "stale"]
    assert [(a["target"], a["role"], a["changed_files"], a["current"]) for a in stale] == [
        ("request", "project-leader", [STEP4], False),
        ("request", "clinical-informatician", [STEP4], False),
    ]
    assert all(a["file"] == "dossier.yaml" and a["line"] > 1 for a in stale)
    (gate,) = rad["gates"]
    assert gate == {
        "gate": "request",
        "from": "passed",
        "to": "blocked",
        "blocking": ["approval:project-leader", "approval:clinical-informatician"],
        "regression": True,
    }
    assert rad["headline"] == (
        "poort request slaagt niet meer; 2 goedkeuringen verouderd; 1 veld gewijzigd"
    )
    # the stale approvals are approvals that became stale, not new findings as well
    assert not [f for f in rad["findings"] if f["code"] == "HAI200"]
    out = all_formats("closed", "edited")
    assert "poort request slaagt niet meer; 2 goedkeuringen verouderd" in out["text"]
    assert (
        "verouderd: request, radioloog (AI-kartrekker) (project-leader, 2026-11-24)" in out["text"]
    )
    assert f"sindsdien veranderd: {STEP4}" in out["text"]
    assert "request: slaagt → geblokkeerd (approval:project-leader" in out["text"]
    assert f"dossiers/rad/{STEP4}:13  risk\\_indication" not in out["text"]
    assert f"dossiers/rad/{STEP4}:13  risk_indication: medium → low" in out["text"]
    # Markdown: the headline first, the urgent sections open
    markdown = out["markdown"]
    assert markdown.index("poort request slaagt niet meer") < markdown.index("<details")
    assert "<details open><summary>Goedkeuringen (2)</summary>" in markdown
    assert "<details open><summary>Poorten (1)</summary>" in markdown
    assert "risk\\_indication: medium → low" in markdown  # escaped: dossier text is data
    english = diff("closed", "edited", "--lang", "en")
    assert "request gate no longer passes; 2 approvals become stale; 1 field changed" in (
        english.stdout
    )


def test_fail_on(repo: Path) -> None:
    refused = diff("closed", "edited", "--fail-on", "stale-approvals")
    assert refused.exit_code == 1
    assert "hai diff: --fail-on stale-approvals" in refused.stderr
    assert "2 goedkeuringen verouderd" in refused.stdout  # the report is still written
    both = diff("closed", "edited", "--fail-on", "stale-approvals,gate-regression")
    assert both.exit_code == 1 and "stale-approvals,gate-regression" in both.stderr
    assert diff("start", "closed", "--fail-on", "stale-approvals,gate-regression").exit_code == 0
    assert diff("closed", "edited", "--fail-on", "new-errors").exit_code == 0
    assert diff("renamed", "broken", "--fail-on", "unparsed").exit_code == 1
    assert diff("broken", "fixed", "--fail-on", "unparsed").exit_code == 0  # only the new side
    bad = diff("closed", "edited", "--fail-on", "stale,gate-regression")
    assert bad.exit_code == 2 and "--fail-on kent stale-approvals" in bad.stderr
    english = diff("closed", "edited", "--fail-on", "stale", "--lang", "en")
    assert english.exit_code == 2 and "--fail-on takes stale-approvals" in english.stderr


def test_gate_that_passes_again_and_regression_by_phase(repo: Path) -> None:
    back = one(as_json("edited", "closed"), "ai-rad-companion")
    assert [(g["gate"], g["from"], g["to"], g["regression"]) for g in back["gates"]] == [
        ("request", "blocked", "passed", False)
    ]
    assert "poort request slaagt nu" in back["headline"]


def test_renamed_dossier(repo: Path) -> None:
    document = as_json("edited", "renamed")
    (rad,) = document["dossiers"]
    assert rad["id"] == "ai-rad-companion"
    assert (rad["status"], rad["path"], rad["old_path"]) == (
        "renamed",
        "dossiers/radiology",
        "dossiers/rad",
    )
    assert rad["items"] == rad["fields"] == rad["gates"] == rad["approvals"] == []
    out = all_formats("edited", "renamed")
    assert "ai-rad-companion (dossiers/radiology): verplaatst van dossiers/rad" in out["text"]
    assert "- **ai-rad-companion**: verplaatst van dossiers/rad" in out["markdown"]


def test_broken_revision(repo: Path) -> None:
    base = one(as_json("renamed", "broken"), "corpus-base")
    (unparsed,) = base["unparsed"]
    # the line where the unclosed [ starts, which is the line to change
    assert (unparsed["side"], unparsed["file"], unparsed["line"]) == ("to", STEP3, 2)
    assert unparsed["code"].startswith("HAI")
    # the rest of the diff still works: step 1 is compared, step 3 is not
    assert [(i["id"], i["from"], i["to"]) for i in base["items"]] == [
        ("care-process", "done", "open")
    ]
    assert all(f["file"] != STEP3 for f in base["fields"] + base["findings"])
    assert f"{STEP3} is niet te lezen" in base["headline"]
    out = all_formats("renamed", "broken")
    assert f"dossiers/base/{STEP3}:2  in broken (" in out["text"]
    assert "<summary>Niet te lezen (1)</summary>" in out["markdown"]
    # and the other way round: the old side does not parse
    fixed = one(as_json("broken", "fixed"), "corpus-base")
    assert [u["side"] for u in fixed["unparsed"]] == ["from"]
    assert f"{STEP3} is niet te lezen" not in fixed["headline"]


def test_lifecycle_phase_records_and_evidence(repo: Path) -> None:
    rad = one(as_json("fixed", "lifecycle"), "ai-rad-companion")
    assert rad["phase"] == {"from": "2", "to": "3"}
    assert [(r["kind"], r["change"], r["key"]) for r in rad["records"]] == [
        ("evaluation", "added", "2023-06-13"),
        ("change", "added", "2023-06-20"),
        ("version", "added", "VA14"),
    ]
    (given,) = rad["approvals"]
    assert (given["change"], given["target"], given["role"], given["current"]) == (
        "added", "step 8", "evaluation-chair", True,
    )  # fmt: skip
    assert given["file"] == "steps/8-evaluation.yaml" and given["line"] > 1
    assert {(e["owner"], e["path"], e["change"]) for e in rad["evidence"]} == {
        ("risk-analysis", "evidence/dpia-teamplay-2023.md", "added"),
        ("risk-analysis", "evidence/dpia-teamplay-2022.md", "removed"),
    }
    assert rad["headline"] == (
        "3 nieuwe fouten; fase 2 → 3; 1 goedkeuring gegeven; 1 evaluatie toegevoegd; "
        "1 wijziging toegevoegd; 1 versie toegevoegd; 1 bevinding opgelost"
    )
    assert rad["fields"] == []  # the phase is shown as the phase, not as a field
    out = all_formats("fixed", "lifecycle")
    assert "evaluatie toegevoegd: 2023-06-13" in out["text"]
    assert "wijziging toegevoegd: 2023-06-20" in out["text"]
    assert "toegevoegd: stap 8, klinisch informaticus (evaluation-chair, 2023-06-14)" in out["text"]
    assert "(dossiers/radiology): 3 nieuwe fouten; fase 2 → 3;" in out["text"]
    assert "- **ai-rad-companion**: 3 nieuwe fouten; fase 2 → 3;" in out["markdown"]
    assert "<summary>Goedkeuringen (1)</summary>" in out["markdown"]
    assert "risk-analysis: toegevoegd evidence/dpia-teamplay-2023.md" in out["text"]
    assert "<summary>Evaluaties, wijzigingen en versies (3)</summary>" in out["markdown"]
    assert "<summary>Bewijs (2)</summary>" in out["markdown"]


def test_findings_appear_and_resolve(repo: Path) -> None:
    rad = one(as_json("fixed", "lifecycle"), "ai-rad-companion")
    appeared = {f["code"] for f in rad["findings"] if f["change"] == "appeared"}
    assert appeared  # phase 3 asks more of the dossier than phase 2
    back = one(as_json("lifecycle", "fixed"), "ai-rad-companion")
    assert {f["code"] for f in back["findings"] if f["change"] == "resolved"} == appeared
    assert all(f["message"] for f in back["findings"])


def test_added_and_removed_dossiers(repo: Path) -> None:
    added = as_json("lifecycle", "added")
    (third,) = added["dossiers"]
    assert (third["id"], third["status"], third["path"]) == ("third", "added", "dossiers/third")
    assert third["headline"] == "dossier toegevoegd"
    removed = as_json("added", "removed")
    (base,) = removed["dossiers"]
    assert (base["id"], base["status"], base["path"]) == ("corpus-base", "removed", "dossiers/base")
    out = all_formats("added", "removed")
    assert "corpus-base (dossiers/base): dossier verwijderd" in out["text"]
    assert "- **corpus-base**: dossier verwijderd" in out["markdown"]


def test_path_limits_the_diff(repo: Path) -> None:
    document = as_json("start", "lifecycle", "dossiers/base")
    assert [d["id"] for d in document["dossiers"]] == ["corpus-base"]
    inside = as_json("start", "lifecycle", "dossiers/radiology/steps")
    assert [d["id"] for d in inside["dossiers"]] == ["ai-rad-companion"]
    # a folder that no longer exists, with two arguments: the path of a removed dossier
    gone = as_json("added", "dossiers/base")
    assert [(d["id"], d["status"]) for d in gone["dossiers"]] == [("corpus-base", "removed")]


def test_nothing_changed(repo: Path) -> None:
    out = all_formats("removed", "removed")
    assert "geen wijzigingen in termen van het stappenplan" in out["text"]
    assert "geen wijzigingen in termen van het stappenplan" in out["markdown"]
    assert json.loads(out["json"])["dossiers"] == []


def test_json_header(repo: Path) -> None:
    document = as_json("start", "closed")
    commit = git(repo, "rev-parse", "start").strip()
    assert document["version"] == 1
    assert document["from"] == {"revision": "start", "commit": commit}
    assert document["summary"] == {
        "dossiers": 1, "stale_approvals": 0, "gate_regressions": 0, "new_errors": 1,
        "unparsed": 0,
    }  # fmt: skip


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository on a feature branch, with uncommitted work."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    shutil.copytree(RAD, repo / "rad")
    commit(repo, "start", "start")
    git(repo, "checkout", "-q", "-b", "feature")
    edit(repo / "rad" / STEP4, "risk_indication: medium", "risk_indication: high")
    commit(repo, "on the branch", "branch")
    git(repo, "checkout", "-q", "main")
    edit(repo / "rad" / "dossier.yaml", "name: ", "name: X ")
    commit(repo, "main moves on", "main-later")
    git(repo, "checkout", "-q", "feature")
    monkeypatch.chdir(repo)
    return repo


def test_default_is_merge_base_against_work_tree(work: Path) -> None:
    edit(work / "rad" / STEP1, "status: done", "status: open")
    document = as_json()
    assert document["from"]["commit"] == git(work, "rev-parse", "start").strip()
    assert document["to"] == {"revision": None, "commit": None}
    (rad,) = document["dossiers"]
    fields = {f["field"]: (f["from"], f["to"]) for f in rad["fields"]}
    assert fields["risk_indication"] == ("medium", "high")  # the branch's commit
    assert "name" not in fields  # main's later change is not this branch's
    assert rad["items"][0]["change"] == "changed"  # the uncommitted edit
    text = diff().stdout
    assert text.startswith("hai diff: merge-base(main) (")
    assert "→ de werkmap" in text.splitlines()[0]
    # one revision: it against the work tree; an untracked new dossier is added
    shutil.copytree(BASE, work / "new")
    added = as_json("HEAD")
    assert {(d["id"], d["status"]) for d in added["dossiers"]} == {
        ("ai-rad-companion", "changed"),
        ("corpus-base", "added"),
    }


def test_cannot_run(tmp_path: Path, work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    unknown = diff("no-such-branch", "HEAD")
    assert unknown.exit_code == 2
    assert "'no-such-branch' is geen commit, branch of tag" in unknown.stderr
    neither = diff("no-such-thing")
    assert neither.exit_code == 2 and "en geen pad" in neither.stderr
    (work / "main").mkdir()
    ambiguous = diff("main")
    assert ambiguous.exit_code == 2 and "zowel een revisie als een pad" in ambiguous.stderr
    assert diff("main", ".").exit_code == 0
    too_many = diff("a", "b", "c", "d")
    assert too_many.exit_code == 2
    nowhere = tmp_path / "plain"
    nowhere.mkdir()
    monkeypatch.chdir(nowhere)
    outside = diff()
    assert outside.exit_code == 2 and "staat niet in een git-repository" in outside.stderr
    empty = diff("--lang", "en", "HEAD", str(work / "nothing-here"))
    assert empty.exit_code == 2 and "No dossier found" in empty.stderr
    for run in (unknown, neither, ambiguous, too_many, outside, empty):
        assert "Traceback" not in run.stderr and "internal error" not in run.stderr


def test_output_file(work: Path) -> None:
    edit(work / "rad" / STEP4, "risk_indication: high", "risk_indication: low")
    target = work / "out" / "diff.md"
    run = diff("--format", "markdown", "--output", str(target))
    assert run.exit_code == 0 and run.stdout == ""
    assert target.read_text("utf-8").startswith("### hai diff: ")


def test_dossier_text_is_escaped_in_markdown(work: Path) -> None:
    hostile = "<script>alert(1)</script> | **x** [a](http://e.invalid)"
    note = '"Tweede lezer; resultaten door de radioloog geïnterpreteerd."'
    edit(work / "rad" / STEP4, note, json.dumps(hostile))
    markdown = diff("HEAD", "--format", "markdown").stdout
    assert "checklist.impact.note" in markdown
    assert "<script>" not in markdown and "&lt;script&gt;" in markdown
    assert "\\| \\*\\*x\\*\\* \\[a\\]" in markdown


# -- every input class of the corpus, as a revision read from git -----------------------------

from tests.test_corpus import _build, _cases, _spec  # noqa: E402 (the corpus's own builder)


def _committed_case(case: Path, tmp_path: Path) -> Path:
    """A repository whose first commit is the base dossier(s) of a corpus case and whose
    second commit is the case itself (files changed, generated, deleted)."""
    final = _build(case, tmp_path / "built")
    repo = tmp_path / "repo"
    names = _spec(case).get("portfolio") or [None]
    for i, name in enumerate(names):
        shutil.copytree(BASE, repo / name if name else repo)
        if name:  # each its own id before the case
            edit(repo / name / "dossier.yaml", "id: corpus-base", f"id: corpus-base-{i}")
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "base", "base")
    for child in repo.iterdir():
        if child.name != ".git":
            shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
    # copytree keeps each file's mtime: a case file of the same size as the base file it
    # replaces (language: nl -> en) would look unchanged to git's stat check of its index
    # in a fresh clone (all mtimes in one second); an empty index makes git read every file
    git(repo, "rm", "-r", "-q", "--cached", ".")
    shutil.copytree(final, repo, symlinks=True, dirs_exist_ok=True)
    for top, dirs, files in os.walk(repo):
        if not dirs and not files:  # git holds no empty folder: one file in it, on disk too
            (Path(top) / ".keep").write_text("")
    commit(repo, "case", "case")
    return repo


@pytest.mark.parametrize(
    "case",
    _cases("invalid") + _cases("valid"),
    ids=lambda p: f"{p.parent.name}-{p.name}",
)
def test_corpus_case_as_a_revision(
    case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A revision read from git checks exactly as the same files on disk, and hai diff shows
    the case's problem as new (or as a file that does not parse) on the new side."""
    from hai_cli import gitio
    from hai_cli.check import check_dossier
    from hai_cli.diff.revisions import GitTree, dossier_folders
    from hai_cli.load import load_dossier

    if any(item["kind"] == "fifo" for item in _spec(case).get("generate") or []):
        pytest.skip("git cannot hold a named pipe: no revision has this case")
    repo = _committed_case(case, tmp_path)
    with gitio.repository(repo) as git_repo:
        files = git_repo.files(git_repo.resolve("case"))
        assert isinstance(files, dict)
        for folder in dossier_folders(files, ""):
            on_disk = check_dossier(load_dossier(repo / folder, folder or "."), TODAY)
            tree = GitTree(git_repo, files, folder, {})
            from_git = check_dossier(load_dossier(repo / folder, folder or ".", tree), TODAY)
            assert from_git.problems == on_disk.problems
            assert [(s.item.id, s.status) for s in from_git.items] == [
                (s.item.id, s.status) for s in on_disk.items
            ]
            assert {g: r.passed for g, r in from_git.gates.items()} == {
                g: r.passed for g, r in on_disk.gates.items()
            }
    monkeypatch.chdir(repo)
    run = diff("base", "case", "--format", "json")
    assert run.exit_code == 0, run.stderr
    document = run.json()
    if case.parent.name == "valid":
        assert document["summary"]["new_errors"] == 0
        return
    expect = _spec(case)["expect"]
    shown = [
        (entry["code"], entry["file"], entry["line"], entry["message"])
        for dossier in document["dossiers"]
        for entry in [
            *(f for f in dossier["findings"] if f["change"] == "appeared"),
            *(u for u in dossier["unparsed"] if u["side"] == "to"),
        ]
    ]
    added = [d for d in document["dossiers"] if d["status"] == "added"]
    if added and not shown:  # the case adds a dossier (one inside another): hai diff lists no
        # findings of an added dossier, its gates say what blocks them
        assert any(expect["code"] in g["blocking"] for d in added for g in d["gates"]), added
        return
    assert any(
        (code, file, line) == (expect["code"], expect["file"], expect["line"])
        and expect["message"] in message
        for code, file, line, message in shown
    ), shown


@pytest.mark.parametrize(
    ("content", "dates"),
    [
        (
            "dates:\n  ai-act-deployer-annex-i: 2028-08-02\n",
            {"ai-act-deployer-annex-i": "2028-08-02"},
        ),
        ("dates:\n  ai-act-no-such-duty: 2028-08-02\n", {}),
    ],
)
def test_law_dates_above_the_dossier_read_from_git_as_on_disk(
    tmp_path: Path, content: str, dates: dict[str, str]
) -> None:
    """A repository's .hai/law.yaml above the dossier counts in a revision as on disk: the
    same dates, or the same problems at the same file."""
    from hai_cli import gitio
    from hai_cli.diff.revisions import GitTree
    from hai_cli.load import load_dossier

    repo = tmp_path / "repo"
    shutil.copytree(BASE, repo / "dossiers" / "one")
    (repo / ".hai").mkdir()
    (repo / ".hai" / "law.yaml").write_text(content, encoding="utf-8")
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "base", "base")
    folder = repo / "dossiers" / "one"
    on_disk = load_dossier(folder, "dossiers/one")
    with gitio.repository(repo) as git_repo:
        files = git_repo.files(git_repo.resolve("base"))
        assert isinstance(files, dict)
        from_git = load_dossier(
            folder, "dossiers/one", GitTree(git_repo, files, "dossiers/one", {})
        )
    assert from_git.law_file == on_disk.law_file == "../../.hai/law.yaml"
    assert {k: v.isoformat() for k, v in from_git.law_dates.items()} == dates
    assert from_git.law_dates == on_disk.law_dates
    assert from_git.problems == on_disk.problems
    assert bool(dates) != any(p.code == "HAI041" for p in from_git.problems)


def test_json_is_what_the_readme_documents(repo: Path) -> None:
    from tests.test_readme import blocks

    (example,) = blocks("json", "Review a change")
    documented = json.loads(example)
    (shown,) = documented["dossiers"]
    keys: dict[str, set[str]] = {}
    for old, new in (("start", "closed"), ("closed", "edited"), ("renamed", "broken"),
                     ("fixed", "lifecycle")):  # fmt: skip
        document = as_json(old, new)
        assert document.keys() == documented.keys()
        assert document["summary"].keys() == documented["summary"].keys()
        for dossier in document["dossiers"]:
            assert dossier.keys() == shown.keys()
            for section, entries in dossier.items():
                if isinstance(entries, list):
                    for entry in entries:
                        keys.setdefault(section, set()).update(entry)
    lists = {k: v for k, v in shown.items() if isinstance(v, list)}
    assert keys.keys() == lists.keys()  # every kind of change occurs in the history
    for section, entries in lists.items():
        assert keys[section] == set(entries[0]), section


def test_terminal_text_has_no_control_characters(work: Path) -> None:
    note = '"Tweede lezer; resultaten door de radioloog geïnterpreteerd."'
    edit(work / "rad" / STEP4, note, '"bell \\u0007 and escape \\u001b[31m red"')
    text = diff("HEAD").stdout
    assert "checklist.impact.note" in text
    assert "\x07" not in text and "\x1b" not in text
    assert "bell ? and escape ?[31m red" in text


def test_each_file_version_is_read_once(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the dossiers with a file that differs are read (of the others only dossier.yaml,
    for its id), and each file version at most once, however often both sides name it."""
    from collections import Counter

    from hai_cli import gitio
    from hai_cli.diff import diff as run

    reads: Counter[str] = Counter()
    original = gitio.Repository._fetch

    def counting(self: gitio.Repository, blob: str) -> bytes:
        reads[blob] += 1
        return original(self, blob)

    monkeypatch.setattr(gitio.Repository, "_fetch", counting)
    result = run(["start", "closed"], TODAY)
    assert [d.id for d in result.dossiers] == ["corpus-base"]
    assert reads and max(reads.values()) == 1
    tree = {
        line.split("\t")[1]: line.split()[2]
        for line in git(repo, "ls-tree", "-r", "start").splitlines()
    }
    rad = {path: blob for path, blob in tree.items() if path.startswith("dossiers/rad/")}
    assert {p for p, b in rad.items() if b in reads} == {"dossiers/rad/dossier.yaml"}
    unchanged = [f"dossiers/base/{STEP3}", "dossiers/base/dossier.yaml"]
    assert all(reads[tree[p]] == 1 for p in unchanged)  # the same on both sides: once


def test_a_changed_law_file_above_the_dossiers_is_a_change_of_each(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the repository's .hai/law.yaml changed: every dossier below it is checked again
    on both sides, and the override's new problem shows as a new finding of each."""
    repo = tmp_path / "repo"
    for name in ("one", "two"):
        shutil.copytree(BASE, repo / "dossiers" / name)
        edit(repo / "dossiers" / name / "dossier.yaml", "id: corpus-base", f"id: {name}")
    shutil.copytree(BASE, repo / "elsewhere" / "three")  # no law file above it
    edit(repo / "elsewhere" / "three" / "dossier.yaml", "id: corpus-base", "id: three")
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "base", "base")
    (repo / "dossiers" / ".hai").mkdir()
    (repo / "dossiers" / ".hai" / "law.yaml").write_text(
        "dates:\n  ai-act-deployer-annex-i: not-a-date\n", encoding="utf-8"
    )
    commit(repo, "law", "law")
    monkeypatch.chdir(repo)
    document = diff("base", "law", "--format", "json").json()
    changed = {d["id"]: d for d in document["dossiers"]}
    assert set(changed) == {"one", "two"}
    for entry in changed.values():
        appeared = [f for f in entry["findings"] if f["change"] == "appeared"]
        assert appeared and all(f["file"] == "../.hai/law.yaml" for f in appeared), appeared
