"""Time `hai check` and `hai status` on a generated portfolio of N dossiers (default 1,000).

    python bench/portfolio.py [--n 1000] [--repeat 3]

The portfolio is made of copies of the example dossiers (each with its own id) in a temporary
folder; the timings are of the real `hai` command in a subprocess, start-up included.
"""

from __future__ import annotations

import argparse
import re
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    hai = [sys.executable, "-m", "hai_cli"]
    with tempfile.TemporaryDirectory() as tmp:
        portfolio = Path(tmp) / "portfolio"
        build(portfolio, options.n)
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


if __name__ == "__main__":
    main()
