"""Time `hai site` against `hai check` on generated portfolios, and measure the site's size.

    python bench/site.py [--n 1000] [--repeat 3] [--sizes 250,500,1000] [--with-evidence]

The portfolio is that of bench/portfolio.py, with the documents `hai render` writes into each
dossier's docs/ (as a team that commits them has); `--no-docs` leaves them out, so that
`hai site` renders every document itself. Each run is the real `hai` command in a subprocess,
start-up included, measured as the operating system accounts it (wait4): wall time, CPU time
(user + system, of the command and its worker processes) and the peak memory of its largest
process. `hai check` and `hai site` run in turn (check, site, check, site ...), so that the
ratio of each pair holds when the machine's speed drifts; the site goes into a new folder each
run, as in a CI Pages job. The size is the total of the files in the site.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from portfolio import SOURCES, build
from speed import Run, run


def measured(args: list[str]) -> Run:
    """One run of ``args`` (bench/speed.py's measure: wait4's CPU and peak, the wall time)."""
    done = run(args)
    if done.code != 0:
        raise SystemExit(f"{' '.join(args)}: exit {done.code}")
    return done


def size_of(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sizes", default="250,500,1000", help="portfolio sizes for the size")
    parser.add_argument("--no-docs", action="store_true", help="no docs/ in the dossiers")
    parser.add_argument("--with-evidence", action="store_true", help="hai site --with-evidence")
    options = parser.parse_args()
    hai = [sys.executable, "-m", "hai_cli"]
    site_options = ["--with-evidence"] if options.with_evidence else []
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
        check = [*hai, "check", str(portfolio), "--format", "json"]
        measured(check)  # a warm-up: the file system cache and Python's bytecode
        checks, sites = [], []
        for number in range(options.repeat):
            out = Path(tmp) / f"fresh-{number}"
            checks.append(measured(check))
            sites.append(measured([*hai, "site", str(portfolio), "--out", str(out), *site_options]))
            shutil.rmtree(out)
        sizes = []
        for n in [int(s) for s in options.sizes.split(",") if s]:
            part, out = Path(tmp) / f"part-{n}", Path(tmp) / f"site-{n}"
            build(part, n, sources, docs=True)
            subprocess.run([*hai, "site", str(part), "--out", str(out), *site_options],
                           check=True, stdout=subprocess.DEVNULL)  # fmt: skip
            sizes.append((n, size_of(out), sum(1 for p in out.rglob("*") if p.is_file())))
            shutil.rmtree(part)
            shutil.rmtree(out)
    version = sys.version.split()[0]
    print(f"(python {version}, {options.repeat} runs each, in turn; medians, min–max)")
    print()
    print("| command | wall (s) | CPU user+sys (s) | peak memory (MiB) |")
    print("|---|---|---|---|")
    name = f"<portfolio of {options.n}>"
    site_label = f"hai site {name} --out NEW {' '.join(site_options)}".rstrip()
    for label, runs in ((f"hai check {name} --format json", checks), (site_label, sites)):
        cells = [
            f"{statistics.median(v):.2f} ({min(v):.2f}–{max(v):.2f})"
            for v in ([r.wall for r in runs], [r.cpu for r in runs])
        ]
        print(f"| `{label}` | {cells[0]} | {cells[1]} | {max(r.rss for r in runs) / 2**20:.0f} |")
    ratios = {
        kind: [getattr(s, kind) / getattr(c, kind) for s, c in zip(sites, checks, strict=True)]
        for kind in ("cpu", "wall")
    }
    print()
    for kind, values in ratios.items():
        print(f"site / check, {kind}: median {statistics.median(values):.2f} "
              f"({min(values):.2f}–{max(values):.2f}), pair by pair")  # fmt: skip
    print()
    print("| dossiers | site size (MB) | per dossier (KB) | files |")
    print("|---|---|---|---|")
    for n, size, files in sizes:
        print(f"| {n} | {size / 1e6:.1f} | {size / n / 1e3:.0f} | {files} |")


if __name__ == "__main__":
    main()
