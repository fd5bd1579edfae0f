"""Time `hai check` and `hai status` on a generated portfolio of N dossiers (default 1,000).

    python bench/portfolio.py [--n 1000] [--repeat 3]
    python bench/portfolio.py --tree [--n 5000] [--same-id]

The portfolio is made of copies of the example dossiers (each with its own id) in a temporary
folder; the timings are of the real `hai` command in a subprocess, start-up included.

``--tree``: memory instead of time. Each command runs once while /proc is sampled every 20 ms:
the peak RSS of the parent and of the largest process (their VmHWM), and of the whole tree
(parent and workers: RSS summed, and PSS, which counts pages the processes share once), with
its CPU time and the bytes it wrote. ``--same-id``: every dossier keeps its example's id (a
portfolio full of duplicates: what HAI023 says must stay linear).
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted(p for p in (ROOT / "examples").iterdir() if (p / "dossier.yaml").is_file())


def build(
    target: Path,
    n: int,
    sources: list[Path] | None = None,
    docs: bool = False,
    unique: bool = True,
) -> None:
    """N copies of ``sources`` (default: the examples); ``docs``: keep their docs/ folder;
    ``unique=False``: keep the sources' ids, so that every id is shared by N/len(sources)."""
    sources = sources or SOURCES
    for i in range(n):
        source = sources[i % len(sources)]
        dossier = target / f"dept-{i % 20:02d}" / f"{source.name}-{i:05d}"
        ignore = None if docs else shutil.ignore_patterns("docs")
        shutil.copytree(source, dossier, ignore=ignore)
        if not unique:
            continue
        meta = dossier / "dossier.yaml"
        text, count = re.subn(
            r"^id:.*$", f"id: {source.name}-{i:05d}", meta.read_text("utf-8"), count=1, flags=re.M
        )
        assert count == 1, f"{meta}: no id line"
        meta.write_text(text, "utf-8")


def timed(args: list[str], repeat: int) -> tuple[float, float]:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        runs.append(time.perf_counter() - start)
    return min(runs), statistics.median(runs)


def _tree(pid: int) -> list[int]:
    """``pid`` and every process below it, from the parent ids in /proc/*/stat."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents.setdefault(int(fields[1]), []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo += parents.get(current, [])
    return found


def _kib(pid: int, file: str, key: str) -> int:
    try:
        with open(f"/proc/{pid}/{file}", encoding="ascii") as f:
            for line in f:
                if line.startswith(key):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def memory(args: list[str]) -> dict[str, float]:
    """Run ``args`` once and sample its process tree: peaks in MB, CPU and wall seconds."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        process = subprocess.Popen(args, stdout=out, stderr=subprocess.DEVNULL)
        parent = largest = tree_rss = tree_pss = 0
        while process.poll() is None:
            pids = _tree(process.pid)
            parent = max(parent, _kib(process.pid, "status", "VmHWM:"))  # its peak so far
            largest = max([largest, *(_kib(p, "status", "VmHWM:") for p in pids)])
            tree_rss = max(tree_rss, sum(_kib(p, "status", "VmRSS:") for p in pids))
            tree_pss = max(tree_pss, sum(_kib(p, "smaps_rollup", "Pss:") for p in pids))
            time.sleep(0.02)
        wall = time.perf_counter() - start
        written = out.tell()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {
        "parent": parent / 1024,
        "largest": largest / 1024,
        "tree_rss": tree_rss / 1024,
        "tree_pss": tree_pss / 1024,
        "cpu": cpu,
        "wall": wall,
        "out": written / 1e6,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--tree", action="store_true", help="peak memory of the process tree")
    parser.add_argument("--same-id", action="store_true", help="every dossier a duplicate id")
    options = parser.parse_args()
    hai = [sys.executable, "-m", "hai_cli"]
    with tempfile.TemporaryDirectory() as tmp:
        portfolio = Path(tmp) / "portfolio"
        build(portfolio, options.n, unique=not options.same_id)
        if options.tree:
            tree_rows(hai, portfolio, options.n)
            return
        one = next(portfolio.glob("*/*"))
        rows = [
            ("hai --help", timed([*hai, "--help"], options.repeat)),
            ("hai check <one dossier>", timed([*hai, "check", str(one), "-q"], options.repeat)),
            (
                f"hai check <portfolio of {options.n}> --format json",
                timed([*hai, "check", str(portfolio), "--format", "json"], options.repeat),
            ),
            (
                f"hai status <portfolio of {options.n}> --format json",
                timed([*hai, "status", str(portfolio), "--format", "json"], options.repeat),
            ),
        ]
    version = sys.version.split()[0]
    print(f"| command | best (s) | median (s) |  (python {version}, {options.repeat} runs)")
    print("|---|---|---|")
    for name, (best, median) in rows:
        print(f"| `{name}` | {best:.2f} | {median:.2f} |")


def tree_rows(hai: list[str], portfolio: Path, n: int) -> None:
    print(
        "| command | parent (MB) | largest (MB) | tree RSS (MB) | tree PSS (MB) "
        "| CPU (s) | wall (s) | output (MB) |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for name, fmt in (("check", "json"), ("check", "text"), ("status", "json")):
        row = memory([*hai, name, str(portfolio), "--format", fmt])
        print(
            f"| `hai {name} <portfolio of {n}> --format {fmt}` | {row['parent']:.0f} "
            f"| {row['largest']:.0f} | {row['tree_rss']:.0f} | {row['tree_pss']:.0f} "
            f"| {row['cpu']:.1f} | {row['wall']:.1f} | {row['out']:.1f} |"
        )


if __name__ == "__main__":
    main()
