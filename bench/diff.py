"""Time `hai diff` over a long history, against `hai check` of the two sides.

    python bench/diff.py [--n 50] [--commits 500] [--repeat 3]

Builds a git repository with a portfolio of N dossiers (copies of the examples, as
bench/portfolio.py makes them) and a history of COMMITS commits, each editing one dossier
(a note, and every tenth commit an item's status), round robin; so that every dossier differs
between the first and the last commit. Then times the real commands in a subprocess, start-up
included: `hai diff FIRST LAST --format json`, and `hai check --format json` on a checkout of
each of the two commits (git worktree).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from portfolio import build, timed  # a sibling script, not a package

ENV = {
    **os.environ,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "bench",
    "GIT_AUTHOR_EMAIL": "bench@example.invalid",
    "GIT_COMMITTER_NAME": "bench",
    "GIT_COMMITTER_EMAIL": "bench@example.invalid",
}


def git(repo: Path, *args: str) -> str:
    env = {**ENV, "GIT_CONFIG_GLOBAL": str(repo.parent / "no-gitconfig")}  # absent: none
    done = subprocess.run(
        ["git", "-C", str(repo), *args], env=env, check=True, capture_output=True, text=True
    )
    return done.stdout.strip()


def history(repo: Path, n: int, commits: int) -> tuple[str, str]:
    git(repo, "init", "-q", "-b", "main")
    build(repo, n)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "portfolio")
    first = git(repo, "rev-parse", "HEAD")
    dossiers = sorted(p.parent for p in repo.glob("*/*/dossier.yaml"))
    for i in range(commits):
        step4 = next((dossiers[i % len(dossiers)] / "steps").glob("4-*.yaml"))
        text = step4.read_text("utf-8")
        text, count = re.subn(
            r"^(risk_factors: >-\n  )", rf"\g<1>[{i}] ", text, count=1, flags=re.M
        )
        assert count == 1, step4
        if i % 10 == 0:
            text = text.replace("status: done", "status: open", 1)
        step4.write_text(text, "utf-8")
        git(repo, "commit", "-q", "-am", f"edit {i}")
    return first, git(repo, "rev-parse", "HEAD")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=50)
    parser.add_argument("--commits", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    hai = [sys.executable, "-m", "hai_cli"]
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp) / "repo"
        repo.mkdir()
        first, last = history(repo, options.n, options.commits)
        sides = {}
        for name, commit in (("first", first), ("last", last)):
            sides[name] = Path(tmp) / name
            git(repo, "worktree", "add", "-q", "--detach", str(sides[name]), commit)
        os.chdir(repo)
        check = [*hai, "check", "--format", "json"]
        rows = [
            (f"hai diff FIRST LAST --format json ({options.commits} commits)",
             timed([*hai, "diff", first, last, "--format", "json"], options.repeat)),
            ("hai diff LAST LAST --format json (nothing differs: start-up and git)",
             timed([*hai, "diff", last, last, "--format", "json"], options.repeat)),
            ("hai check <first side> --format json",
             timed([*check, str(sides["first"])], options.repeat)),
            ("hai check <last side> --format json",
             timed([*check, str(sides["last"])], options.repeat)),
        ]  # fmt: skip
    version = sys.version.split()[0]
    print(
        f"{options.n} dossiers, {options.commits} commits (python {version}, {options.repeat} runs)"
    )
    print("| command | best (s) | median (s) |")
    print("|---|---|---|")
    for name, (best, median) in rows:
        print(f"| `{name}` | {best:.2f} | {median:.2f} |")
    beyond = rows[0][1][1] - rows[2][1][1] - rows[3][1][1]
    print(f"\nhai diff beyond hai check of both sides (medians): {beyond:+.2f} s")


if __name__ == "__main__":
    main()
