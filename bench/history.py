"""Time `hai status <dossier>` and `hai log` on a dossier with a long git history.

    python bench/history.py [--commits 2000] [--repeat 3] [--keep DIR]

Builds a repository (with ``git fast-import``, in seconds) holding one example dossier and
``--commits`` commits on top of it: six in seven change a field of dossier.yaml (every 50th
the phase), every other one also a checklist item's status in a step file, and every 7th only
a file outside the dossier. Then times
the real commands in subprocesses (Python start-up included) and prints the median wall and
CPU (user + sys, children included) time of each, with the git processes they started.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from speed import run  # a sibling script: the one way the benchmarks time a command

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "ai-rad-companion"
DOSSIER = "dossiers/radiology/ai-rad-companion"
PHASES = ("1A", "1B", "2", "3", "4")
STEP4 = "steps/4-risks-and-impact.yaml"
ITEM = "risk-analysis:\n    status: done"


def _blob(path: str, text: str) -> bytes:
    data = text.encode("utf-8")
    return b"M 100644 inline " + path.encode() + b"\ndata %d\n" % len(data) + data + b"\n"


def _commit(number: int, message: str, files: list[bytes]) -> bytes:
    when = 1_704_067_200 + number * 3600  # 2024-01-01, an hour apart
    text = message.encode()
    head = b"commit refs/heads/main\n"
    head += b"author Bench <bench@example.org> %d +0000\n" % when
    head += b"committer Bench <bench@example.org> %d +0000\n" % when
    head += b"data %d\n" % len(text) + text + b"\n"
    return head + b"".join(files) + b"\n"


def build(repo: Path, commits: int) -> Path:
    """A repository with the example dossier and ``commits`` commits after the first."""
    repo.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    sources = {
        p.relative_to(EXAMPLE).as_posix(): p.read_text("utf-8")
        for p in sorted(EXAMPLE.rglob("*"))
        if p.is_file()
    }
    meta, step4 = sources["dossier.yaml"], sources[STEP4]
    assert 'phase: "2"' in meta and 'version: "VA13"' in meta and ITEM in step4, (
        "the example changed: adapt bench/history.py"
    )
    stream = [_commit(0, "Nieuw dossier", [_blob(f"{DOSSIER}/{p}", t) for p, t in sources.items()])]
    phase, status, item, version = 2, "done", ITEM, 'version: "VA13"'
    for number in range(1, commits + 1):
        if number % 7 == 0:
            stream.append(_commit(number, "README", [_blob("README.md", f"{number}\n")]))
            continue
        files, message = [], f"Leverancier: versie VA13.{number}"
        if number % 50 == 0:
            old = meta[meta.index('phase: "') :].split("\n", 1)[0]
            phase = (phase + 1) % len(PHASES)
            meta = meta.replace(old, f'phase: "{PHASES[phase]}"', 1)
            message = f"Naar fase {PHASES[phase]}"
        meta = meta.replace(version, f'version: "VA13.{number}"', 1)
        version = f'version: "VA13.{number}"'
        files.append(_blob(f"{DOSSIER}/dossier.yaml", meta))
        if number % 2 == 0:
            status = "open" if status == "done" else "done"
            step4 = step4.replace(item, f"risk-analysis:\n    status: {status}", 1)
            item = f"risk-analysis:\n    status: {status}"
            files.append(_blob(f"{DOSSIER}/{STEP4}", step4))
            message += f", risicoanalyse {status}"
        stream.append(_commit(number, message, files))
    subprocess.run(["git", "fast-import", "--quiet"], cwd=repo, input=b"".join(stream), check=True)
    subprocess.run(["git", "checkout", "-q", "main"], cwd=repo, check=True)
    return repo / DOSSIER


def hai() -> list[str]:
    found = shutil.which("hai", path=str(Path(sys.executable).parent))
    return [found] if found else [sys.executable, "-m", "hai_cli"]


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall and CPU seconds (user + sys of the command and every process it waited for), as
    bench/speed.py measures them."""
    done = run(command, cwd)
    if done.code != 0:
        raise SystemExit(f"{' '.join(command)}: exit {done.code}")
    return done.wall, done.cpu


def git_processes(command: list[str], cwd: Path) -> int:
    """How many git processes the command starts (git's own trace, one line per process)."""
    with tempfile.NamedTemporaryFile("r", suffix=".trace") as trace:
        env = {**os.environ, "GIT_TRACE2_EVENT": trace.name}
        subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, env=env)
        return sum('"event":"start"' in line for line in trace)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commits", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="build the repository here and keep it")
    args = parser.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="hai-history-"))
    try:
        dossier = build(base / "repo", args.commits)
        runs = {
            "hai status <dossier>": [*hai(), "status", DOSSIER],
            "hai log <dossier>": [*hai(), "log", DOSSIER],
            "hai log <dossier> --format json": [*hai(), "log", DOSSIER, "--format", "json"],
        }
        print(f"{args.commits} commits, {dossier.relative_to(base)}; medians of {args.repeat}")
        print("| command | wall (s) | CPU (s) | git processes |")
        print("|---|---|---|---|")
        for name, command in runs.items():
            timed(command, base / "repo")  # warm-up: file cache, byte code
            times = [timed(command, base / "repo") for _ in range(args.repeat)]
            wall = statistics.median(t[0] for t in times)
            cpu = statistics.median(t[1] for t in times)
            count = git_processes(command, base / "repo")
            print(f"| `{name}` | {wall:.2f} | {cpu:.2f} | {count} |")
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
