"""Time `hai site` against `hai check` on generated portfolios, and measure the site's size.

    python bench/site.py [--n 1000] [--repeat 3] [--sizes 250,500,1000]

The portfolio is that of bench/portfolio.py, with the documents `hai render` writes into each
dossier's docs/ (as a team that commits them has); `--no-docs` leaves them out, so that
`hai site` renders every document itself. Timings are of the real `hai` command in a
subprocess, start-up included; the size is the total of the files in the site.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from portfolio import SOURCES, build, timed


def size_of(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sizes", default="250,500,1000", help="portfolio sizes for the size")
    parser.add_argument("--no-docs", action="store_true", help="no docs/ in the dossiers")
    options = parser.parse_args()
    hai = [sys.executable, "-m", "hai_cli"]
    with tempfile.TemporaryDirectory() as tmp:
        sources = []
        for source in SOURCES:  # the examples, with their documents rendered
            copy = Path(tmp) / "sources" / source.name
            shutil.copytree(source, copy)
            if not options.no_docs:
                subprocess.run([*hai, "render", str(copy)], stdout=subprocess.DEVNULL, check=True)
            sources.append(copy)
        portfolio = Path(tmp) / "portfolio"
        build(portfolio, options.n, sources, docs=True)
        site = Path(tmp) / "site"
        fresh = []
        for run in range(options.repeat):  # into a new folder each time, as a CI job does
            start = time.perf_counter()
            out = Path(tmp) / f"fresh-{run}"
            subprocess.run([*hai, "site", str(portfolio), "--out", str(out)], check=True,
                           stdout=subprocess.DEVNULL)  # fmt: skip
            fresh.append(time.perf_counter() - start)
        for run in range(options.repeat):
            shutil.rmtree(Path(tmp) / f"fresh-{run}")
        rows = [
            (
                f"hai check <portfolio of {options.n}> --format json",
                timed([*hai, "check", str(portfolio), "--format", "json"], options.repeat),
            ),
            (
                f"hai site <portfolio of {options.n}> --out NEW",
                (min(fresh), statistics.median(fresh)),
            ),
            (  # the first run builds it; each timed run replaces it and removes the old one
                f"hai site <portfolio of {options.n}> --out EXISTING (a rebuild)",
                timed([*hai, "site", str(portfolio), "--out", str(site)], options.repeat + 1),
            ),
        ]
        sizes = []
        for n in [int(s) for s in options.sizes.split(",") if s]:
            part, out = Path(tmp) / f"part-{n}", Path(tmp) / f"site-{n}"
            build(part, n, sources, docs=True)
            subprocess.run([*hai, "site", str(part), "--out", str(out)], check=True,
                           stdout=subprocess.DEVNULL)  # fmt: skip
            sizes.append((n, size_of(out), sum(1 for p in out.rglob("*") if p.is_file())))
            shutil.rmtree(part)
            shutil.rmtree(out)
    version = sys.version.split()[0]
    print(f"| command | best (s) | median (s) |  (python {version}, {options.repeat} runs)")
    print("|---|---|---|")
    for name, (best, median) in rows:
        print(f"| `{name}` | {best:.2f} | {median:.2f} |")
    print()
    print("| dossiers | site size (MB) | per dossier (KB) | files |")
    print("|---|---|---|---|")
    for n, size, files in sizes:
        print(f"| {n} | {size / 1e6:.1f} | {size / n / 1e3:.0f} | {files} |")


if __name__ == "__main__":
    main()
