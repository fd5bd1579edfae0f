"""Writers at the same time and writers killed halfway: no write is lost, no file is half.

Each race forks two processes that start the same moment (a barrier) and run a real ``hai``
command in-process; the parent then looks at what is on disk. Every writing command is raced:
approve, evaluate, render, init, schema, ci and check --report.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from hai_cli.yamlio import load
from tests.helpers import EXAMPLES, base_dossier, hai

ROUNDS = int(os.environ.get("HAI_RACE_ROUNDS", "8"))  # a longer run: tests/README.md
FORK = multiprocessing.get_context("fork")
STEP4 = "steps/4-risks-and-impact.yaml"
STEP8 = "steps/8-evaluation.yaml"


def _child(barrier: object, job: Callable[[], int]) -> None:  # runs in the forked process
    barrier.wait()  # type: ignore[attr-defined]
    try:
        code = job()
    except BaseException:
        code = 99
    os._exit(code)


def race(*jobs: Callable[[], int]) -> list[int]:
    """Run each job in its own process, all released at once; their exit codes."""
    barrier = FORK.Barrier(len(jobs))
    processes = [FORK.Process(target=_child, args=(barrier, job)) for job in jobs]
    for process in processes:
        process.start()
    for process in processes:
        process.join(60)
        assert process.exitcode is not None, "a writer hung"
    return [p.exitcode or 0 for p in processes]


def run(*args: str | Path) -> Callable[[], int]:
    return lambda: hai(*args).exit_code


def leftovers(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.name.endswith(".tmp")]


def test_two_approvals_at_once_are_both_kept(tmp_path: Path) -> None:
    for n in range(ROUNDS):
        d = base_dossier(tmp_path, name=f"d{n}")
        codes = race(
            run("approve", "4", d, "--name", "Ann", "--role", "project-leader"),
            run("approve", "4", d, "--name", "Bob", "--role", "clinical-informatician"),
        )
        assert codes == [0, 0]
        approvals = load((d / STEP4).read_bytes(), STEP4).data["approvals"]
        assert sorted(a["name"] for a in approvals) == ["Ann", "Bob"], f"round {n}"
        assert not leftovers(d)


def test_an_approval_and_an_evaluation_of_one_file_at_once(tmp_path: Path) -> None:
    for n in range(max(ROUNDS // 3, 1)):
        d = tmp_path / f"d{n}"
        shutil.copytree(EXAMPLES / "ai-rad-companion", d)
        meta = d / "dossier.yaml"  # in use (phase 3): evaluations are of software in use
        meta.write_text(meta.read_text("utf-8").replace('phase: "2"', 'phase: "3"'), "utf-8")
        codes = race(
            run("evaluate", d, "--date", "2023-06-15", "--decision", "continue"),
            run("evaluate", d, "--date", "2023-07-15", "--decision", "change"),
            run("approve", "8", d, "--name", "Ann", "--role", "project-leader"),
        )
        data = load((d / STEP8).read_bytes(), STEP8).data
        dates = [str(e["date"]) for e in data["evaluations"]]
        # an evaluation exits 1 when step 8 still has errors after writing (the example in
        # phase 3 has some it does not bring: overdue, no version in production); both write
        assert codes[0] in (0, 1) and codes[1] in (0, 1) and codes[2] == 0, f"round {n}: {codes}"
        assert "2023-06-15" in dates and "2023-07-15" in dates, f"round {n}: {dates}"
        assert [a["name"] for a in data.get("approvals", [])].count("Ann") == 1
        assert not leftovers(d)


def test_two_inits_of_one_folder(tmp_path: Path) -> None:
    for n in range(max(ROUNDS // 2, 1)):
        target = tmp_path / f"new{n}"
        codes = race(
            run("init", target, "--name", "A", "--acquisition", "purchase"),
            run("init", target, "--name", "B", "--acquisition", "in-house"),
        )
        assert sorted(codes) == [0, 2], f"round {n}: exactly one init writes, the other refuses"
        names = {load((target / "dossier.yaml").read_bytes(), "d").data["name"]}
        assert names <= {"A", "B"}
        assert hai("check", target, "--format", "json").exit_code == 0, "a whole dossier"


def test_two_ci_workflows_at_once(tmp_path: Path) -> None:
    for n in range(max(ROUNDS // 3, 1)):
        repo = tmp_path / f"r{n}"
        (repo / ".git").mkdir(parents=True)
        install = ("--install", "pip install hai-cli")  # hai from a local folder: said
        codes = race(run("ci", "github", repo, *install), run("ci", "github", repo, *install))
        assert sorted(codes) == [0, 2], "without --force, the second one refuses"
        forced = race(
            run("ci", "gitlab", repo, "--force", "--install", "pip install a"),
            run("ci", "gitlab", repo, "--force", "--install", "pip install b"),
        )
        assert forced == [0, 0]
        text = (repo / ".gitlab-ci.yml").read_text()
        assert ("pip install a" in text) != ("pip install b" in text), "one whole file"
        assert not leftovers(repo)


def test_schemas_reports_and_documents_at_once(tmp_path: Path) -> None:
    d = base_dossier(tmp_path)
    out = tmp_path / "schemas"
    report = tmp_path / "report.xml"
    for _ in range(max(ROUNDS // 4, 1)):
        codes = race(
            run("schema", "--out", out),
            run("schema", "--out", out),
            run("check", d, "--report", f"junit={report}", "--format", "json"),
            run("check", d, "--report", f"junit={report}", "--format", "json"),
            run("render", d, "--doc", "pve"),
            run("render", d, "--doc", "pve"),
        )
        assert codes == [0, 0, 0, 0, 0, 0]
        assert hai("schema", "--out", out, "--check").exit_code == 0
        assert report.read_text().rstrip().endswith("</testsuites>")
        assert (d / "docs" / "pve.nl.md").read_text().rstrip().endswith("versiegeschiedenis.")
        assert not leftovers(tmp_path)


def test_a_change_by_someone_else_is_never_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An editor saves between hai's read and its rename: hai writes nothing and says so."""
    import hai_cli.commands.approve as approve

    d = base_dossier(tmp_path)
    real = approve.load_roundtrip

    def meanwhile(text: str) -> object:
        (d / STEP4).write_text(text + "# saved by an editor meanwhile\n")
        return real(text)

    monkeypatch.setattr(approve, "load_roundtrip", meanwhile)
    result = hai("approve", "4", d, "--name", "Ann", "--role", "project-leader")
    assert result.exit_code == 2
    assert "is gewijzigd terwijl hai het bewerkte" in result.stderr
    assert (d / STEP4).read_text().endswith("# saved by an editor meanwhile\n")
    assert "approvals" not in (d / STEP4).read_text()


def _stuck_approve(d: Path) -> int:
    """An approve that hangs just before its rename, as if the machine stopped there."""
    os.replace = lambda *args: time.sleep(60)  # type: ignore[assignment]
    return hai("approve", "4", d, "--name", "Ann", "--role", "project-leader").exit_code


def test_kill_9_before_the_rename_leaves_the_file_and_the_next_run_tidies(tmp_path: Path) -> None:
    d = base_dossier(tmp_path)
    before = (d / STEP4).read_bytes()
    process = FORK.Process(target=_stuck_approve, args=(d,))
    process.start()
    deadline = time.monotonic() + 30
    while not leftovers(d) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert leftovers(d), "the writer got as far as its temporary file"
    assert process.pid is not None
    os.kill(process.pid, signal.SIGKILL)
    process.join(10)
    assert (d / STEP4).read_bytes() == before, "the file is as it was"
    assert hai("check", d).exit_code == 0, "the leftover does not disturb a check"
    done = hai("approve", "4", d, "--name", "Bob", "--role", "project-leader")
    assert done.exit_code == 0, done.stderr
    assert not leftovers(d), "the next writer removed the leftover"
    assert "Bob" in (d / STEP4).read_text()


def test_the_lock_is_released_by_a_killed_writer(tmp_path: Path) -> None:
    """flock dies with its process: a writer killed while holding it blocks no one."""
    d = base_dossier(tmp_path)

    def hold() -> None:
        from hai_cli.fsio import locked

        with locked(d):
            time.sleep(60)

    process = FORK.Process(target=hold)
    process.start()
    time.sleep(0.3)
    assert process.pid is not None
    os.kill(process.pid, signal.SIGKILL)
    process.join(10)
    started = time.monotonic()
    assert hai("approve", "4", d, "--name", "Ann", "--role", "project-leader").exit_code == 0
    assert time.monotonic() - started < 10
