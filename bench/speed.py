"""Reproduce the table of issue 17 in one run: ratios side by side, medians, CPU and peak RSS.

    python bench/speed.py [--n 1000] [--large] [--repeat 3] [--only ROW,...] [--no-doorstop]

Every figure is of the real command in a subprocess, start-up included. A ratio is taken pair by
pair (A, B, A, B, ...: both see the same load) and its median quoted. CPU time is user+sys of
the command and every process it waited for (workers, git), from ``os.wait4``; "largest process"
is the peak RSS of the biggest single process of that tree (``ru_maxrss``), "tree" the peak of
the summed RSS of the process and its live descendants, sampled every 20 ms (shared pages are
counted in each process, so it is an upper bound). MB are 10^6 bytes.

The rows (see bench/README.md): help, one, check, check-text, check-rss, status, render,
timeline, log, dup. The yardstick of start-up is ``doorstop --help``: doorstop is installed
into bench/out/doorstop-venv when it is missing (it is not a dependency of hai; --no-doorstop
leaves those ratios out). The yardstick of a portfolio is PyYAML's C loader parsing the same
YAML files in one process. --large checks 5,000 dossiers for the memory rows.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from diff import ENV, git  # sibling scripts, not a package
from portfolio import ROOT, SOURCES, build

OUT = ROOT / "bench" / "out"
DOORSTOP_VENV = OUT / "doorstop-venv"
EXAMPLE = ROOT / "examples" / "ai-rad-companion"
COMMITS = 2000
LARGE = 5000
MB = 1_000_000
PAGE = os.sysconf("SC_PAGE_SIZE")
ROWS = (
    "help",
    "one",
    "check",
    "check-text",
    "check-rss",
    "status",
    "render",
    "timeline",
    "log",
    "dup",
)

# the yardstick of a portfolio: every YAML file parsed by libyaml, in one process
PYYAML = """\
import os, sys, yaml
for top, dirs, files in os.walk(sys.argv[1]):
    dirs[:] = sorted(d for d in dirs if not d.startswith("."))
    for name in sorted(files):
        if name.endswith(".yaml"):
            with open(os.path.join(top, name), "rb") as f:
                yaml.load(f.read(), Loader=yaml.CSafeLoader)
"""


@dataclass(frozen=True, slots=True)
class Run:
    wall: float  # seconds
    cpu: float  # seconds, user+sys of the process and the children it waited for
    rss: int  # bytes: the largest single process
    tree: int  # bytes: the peak of the summed RSS of the process tree
    out: int  # bytes written to stdout
    code: int


class Sampler(threading.Thread):
    """The peak of the summed RSS of a process and its descendants, read from /proc."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            self.peak = max(self.peak, tree_rss(self.pid))
            self.done.wait(0.02)

    def stop(self) -> int:
        self.done.set()
        self.join()
        return self.peak


def tree_rss(pid: int) -> int:
    total, stack = 0, [pid]
    while stack:
        proc = f"/proc/{stack.pop()}"
        try:
            with open(f"{proc}/statm") as f:
                total += int(f.read().split()[1]) * PAGE
            for task in os.listdir(f"{proc}/task"):
                with open(f"{proc}/task/{task}/children") as f:
                    stack += [int(child) for child in f.read().split()]
        except (OSError, ValueError, IndexError):  # gone meanwhile, or a zombie
            continue
    return total


# as a user runs them: bytecode cached, output buffered, no git config of the user's (absent)
CHILD_ENV = {
    **{k: v for k, v in ENV.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED")},
    "GIT_CONFIG_GLOBAL": str(OUT / "no-gitconfig"),
}


def run(cmd: list[str], cwd: Path | None = None) -> Run:
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
        cwd=cwd, env=CHILD_ENV,
    )  # fmt: skip
    sampler = Sampler(proc.pid)
    sampler.start()
    assert proc.stdout is not None
    size = 0
    while chunk := proc.stdout.read(1 << 16):
        size += len(chunk)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    proc.stdout.close()
    tree = sampler.stop()
    cpu = usage.ru_utime + usage.ru_stime
    return Run(wall, cpu, usage.ru_maxrss * 1024, tree, size, proc.returncode)


def runs(cmd: list[str], repeat: int, warmup: int = 0, cwd: Path | None = None) -> list[Run]:
    for _ in range(warmup):
        run(cmd, cwd)
    return [run(cmd, cwd) for _ in range(repeat)]


def pair(a: list[str], b: list[str], repeat: int, warmup: int = 0) -> tuple[list[Run], list[Run]]:
    """A and B in turn, so that each pair sees the same load."""
    for _ in range(warmup):
        run(a)
        run(b)
    got = [(run(a), run(b)) for _ in range(repeat)]
    return [x for x, _ in got], [y for _, y in got]


def med(values: list[float]) -> float:
    return statistics.median(values)


def times(of: list[Run]) -> str:
    return f"{med([r.wall for r in of]):.2f} s wall, {med([r.cpu for r in of]):.2f} s CPU"


def memory(of: list[Run]) -> str:
    rss = med([r.rss for r in of]) / MB
    tree = med([r.tree for r in of]) / MB
    return f"largest process {rss:.0f} MB, tree {tree:.0f} MB"


@dataclass(frozen=True, slots=True)
class Ratio:
    wall: float
    cpu: float

    def __str__(self) -> str:
        return f"{self.wall:.2f} (CPU {self.cpu:.2f})"


def ratio(a: list[Run], b: list[Run]) -> Ratio:
    return Ratio(
        med([x.wall / y.wall for x, y in zip(a, b, strict=True)]),
        med([x.cpu / y.cpu for x, y in zip(a, b, strict=True)]),
    )


def exponent(small: int, large: int) -> float:
    """How the output grows from n to 2n dossiers: 1 is linear, 2 quadratic."""
    return math.log(large / small) / math.log(2) if small and large else float("nan")


@dataclass(frozen=True, slots=True)
class Row:
    name: str
    figure: str
    ratio: str
    met: str

    @property
    def target(self) -> str:
        return TARGET_TEXT[self.name]


def yes(ok: bool) -> str:
    return "yes" if ok else "no"


# -- inputs ---------------------------------------------------------------------------------


def doorstop(install: bool) -> Path | None:
    """The doorstop command of bench/out/doorstop-venv, installed there when missing."""
    exe = DOORSTOP_VENV / "bin" / "doorstop"
    if exe.is_file() or not install:
        return exe if exe.is_file() else None
    print(f"installing doorstop into {DOORSTOP_VENV} ...", file=sys.stderr)
    try:
        subprocess.run([sys.executable, "-m", "venv", str(DOORSTOP_VENV)], check=True)
        pip = [str(DOORSTOP_VENV / "bin" / "python"), "-m", "pip", "install", "-q", "doorstop"]
        subprocess.run(pip, check=True)
    except (OSError, subprocess.CalledProcessError) as e:
        print(f"doorstop could not be installed ({e}); no start-up ratios", file=sys.stderr)
        return None
    return exe if exe.is_file() else None


def committed_portfolio(target: Path, n: int) -> Path:
    """A portfolio of n dossiers with unique ids, committed to a git repository (as a team
    keeps it: `hai render` reads its provenance from git)."""
    target.mkdir(parents=True)
    git(target, "init", "-q", "-b", "main")
    build(target, n)
    git(target, "add", "-A")
    git(target, "commit", "-q", "-m", "portfolio")
    return target


def history_repo(target: Path, commits: int) -> Path:
    """A repository with one dossier (a copy of an example) and ``commits`` commits after the
    first, written by one ``git fast-import``: each commit edits dossier.yaml (a comment; the
    phase goes from 2 to 3 and back every 100 commits) and step 4 (a note; the status of its
    checklist item risk-analysis flips every 10 commits), so that `hai status` and `hai log`
    have every commit to read."""
    target.mkdir(parents=True)
    git(target, "init", "-q", "-b", "main")
    rel = f"dept-00/{EXAMPLE.name}"
    files = sorted(p for p in EXAMPLE.rglob("*") if p.is_file() and "docs" not in p.parts)
    meta = (EXAMPLE / "dossier.yaml").read_text("utf-8")
    step4_path = next((EXAMPLE / "steps").glob("4-*.yaml"))
    step4 = step4_path.read_text("utf-8")
    assert re.search(r"^phase:.*$", meta, flags=re.M), "dossier.yaml: no phase line"
    assert re.search(r"^risk_factors: >-\n  ", step4, flags=re.M), f"{step4_path}: no note"
    item = "\n  risk-analysis:\n    status: done\n"  # a checklist item of step 4
    assert item in step4, f"{step4_path}: no item risk-analysis done"
    stream = bytearray()
    when = 1_735_689_600  # 2025-01-01, one commit an hour from then

    def commit(message: str, changed: dict[str, bytes]) -> None:
        nonlocal when
        who = f"bench <bench@example.invalid> {when} +0000"
        text = message.encode()
        stream.extend(b"commit refs/heads/main\n")
        stream.extend(f"author {who}\ncommitter {who}\ndata {len(text)}\n".encode() + text)
        for path, data in changed.items():
            stream.extend(f"\nM 100644 inline {rel}/{path}\ndata {len(data)}\n".encode())
            stream.extend(data)
        stream.extend(b"\n\n")
        when += 3600

    commit("dossier", {p.relative_to(EXAMPLE).as_posix(): p.read_bytes() for p in files})
    step4_rel = step4_path.relative_to(EXAMPLE).as_posix()
    for i in range(1, commits + 1):
        phase = "2" if (i // 100) % 2 == 0 else "3"
        new_meta = re.sub(r"^phase:.*$", f'phase: "{phase}"', meta, count=1, flags=re.M)
        new_meta += f"# revisie {i}\n"
        new_step4 = re.sub(r"^(risk_factors: >-\n  )", rf"\g<1>[{i}] ", step4, count=1, flags=re.M)
        if (i // 10) % 2:
            new_step4 = new_step4.replace(item, item.replace("done", "open"), 1)
        changed = {"dossier.yaml": new_meta.encode(), step4_rel: new_step4.encode()}
        commit(f"edit {i}", changed)
    env = {**ENV, "GIT_CONFIG_GLOBAL": str(target.parent / "no-gitconfig")}
    subprocess.run(
        ["git", "-C", str(target), "fast-import", "--quiet"], input=bytes(stream), env=env,
        check=True,
    )  # fmt: skip
    git(target, "reset", "-q", "--hard", "main")
    return target / rel


# -- the rows -------------------------------------------------------------------------------


@dataclass
class Bench:
    tmp: Path
    n: int
    repeat: int
    large: bool
    hai: list[str]
    doorstop: Path | None
    _made: dict[str, Path]
    _check: list[Run] | None = None

    def made(self, key: str, make: Callable[[], Path]) -> Path:
        if key not in self._made:
            print(f"building {key} ...", file=sys.stderr)
            self._made[key] = make()
        return self._made[key]

    @property
    def portfolio(self) -> Path:
        return self.made("portfolio", lambda: committed_portfolio(self.tmp / "p", self.n))

    @property
    def large_portfolio(self) -> Path:
        if not self.large:
            return self.portfolio
        return self.made("large", lambda: committed_portfolio(self.tmp / "large", LARGE))

    @property
    def history(self) -> Path:
        return self.made("history", lambda: history_repo(self.tmp / "history", COMMITS))

    def check_json(self, path: Path) -> list[str]:
        return [*self.hai, "check", str(path), "--format", "json"]

    def start(self, name: str, cmd: list[str]) -> Row:
        label = " ".join(["hai", *cmd[len(self.hai) :]]).replace(str(self.tmp) + "/", "")
        label = label.replace(str(ROOT) + "/", "")
        if self.doorstop is None:
            got = runs(cmd, self.repeat, warmup=1)
            return Row(name, f"`{label}` {times(got)}", "—", "— (no doorstop)")
        a, b = pair(cmd, [str(self.doorstop), "--help"], self.repeat, warmup=1)
        r = ratio(a, b)
        figure = f"`{label}` {times(a)}; `doorstop --help` {times(b)}"
        return Row(name, figure, str(r), yes(r.wall <= TARGETS[name]))

    def row_help(self) -> Row:
        return self.start("help", [*self.hai, "--help"])

    def row_one(self) -> Row:
        return self.start("one", [*self.hai, "check", str(EXAMPLE), "-q"])

    def against_pyyaml(self, name: str, cmd: list[str], what: str) -> Row:
        p = self.portfolio
        a, b = pair(cmd, [sys.executable, "-c", PYYAML, str(p)], self.repeat)
        if name == "check":
            self._check = a
        r = ratio(a, b)
        figure = f"{what}, {self.n:,} dossiers: {times(a)}; PyYAML {times(b)}"
        return Row(name, figure, str(r), yes(r.wall <= TARGETS[name]))

    def row_check(self) -> Row:
        return self.against_pyyaml("check", self.check_json(self.portfolio), "json")

    def row_check_text(self) -> Row:
        return self.against_pyyaml("check-text", [*self.hai, "check", str(self.portfolio)], "text")

    def row_check_rss(self) -> Row:
        size = LARGE if self.large else self.n
        if self._check is not None and not self.large:
            got = self._check
        else:
            got = runs(self.check_json(self.large_portfolio), self.repeat)
        rss = med([r.rss for r in got])
        figure = f"`hai check` {size:,} dossiers (json): {memory(got)}; {times(got)}"
        return Row("check-rss", figure, "—", yes(rss <= TARGETS["check-rss"] * MB))

    def row_status(self) -> Row:
        p = self.portfolio
        status = [*self.hai, "status", str(p), "--format", "json"]
        a, b = pair(status, self.check_json(p), self.repeat)
        r = ratio(a, b)
        figure = f"{self.n:,} dossiers (json): {times(a)}, {memory(a)}; check {times(b)}"
        rss = med([x.rss for x in a])
        if self.large:
            big = runs([*self.hai, "status", str(self.large_portfolio), "--format", "json"], 1)
            figure += f"; at {LARGE:,}: {memory(big)}, {times(big)}"
            rss = big[0].rss
        ok = r.wall <= TARGETS["status"] and rss <= TARGETS["check-rss"] * MB
        return Row("status", figure, str(r), yes(ok))

    def row_render(self) -> Row:
        p = self.portfolio
        render = [*self.hai, "render", str(p), "--format", "md"]
        a, b = pair(render, self.check_json(p), self.repeat, warmup=1)
        r = ratio(a, b)
        figure = f"{self.n:,} dossiers: {times(a)}, {memory(a)}; check {times(b)}"
        return Row("render", figure, str(r), yes(r.wall <= TARGETS["render"]))

    def in_history(self, name: str, command: str) -> Row:
        dossier = self.history
        got = runs([*self.hai, command, str(dossier)], self.repeat, warmup=1, cwd=dossier)
        figure = f"`hai {command} <dossier>`, {COMMITS:,} commits: {times(got)}, {memory(got)}"
        cpu = med([r.cpu for r in got])
        return Row(name, figure, "—", yes(cpu <= TARGETS[name]))

    def row_timeline(self) -> Row:
        return self.in_history("timeline", "status")

    def row_log(self) -> Row:
        return self.in_history("log", "log")

    def row_dup(self) -> Row:
        sizes = []
        for count in (self.n, 2 * self.n):
            path = self.tmp / f"dup-{count}"
            self.made(path.name, lambda path=path, count=count: dup_portfolio(path, count))
            got = runs(self.check_json(path), 1)
            sizes.append(got[0].out)
        e = exponent(*sizes)
        figure = (
            f"JSON of `hai check` with {len(SOURCES)} ids in all: "
            f"{sizes[0] / MB:.2f} MB at {self.n:,}, {sizes[1] / MB:.2f} MB at {2 * self.n:,}"
        )
        return Row("dup", figure, f"exponent {e:.2f}", yes(e <= TARGETS["dup"]))


def dup_portfolio(path: Path, n: int) -> Path:
    build(path, n, unique=False)
    return path


# the goals of issue 17: a ratio, MB, seconds of CPU, or the growth exponent
TARGETS = {
    "help": 0.3,
    "one": 0.9,
    "check": 1.3,
    "check-text": 1.3,
    "check-rss": 150,
    "status": 1.2,
    "render": 3.0,
    "timeline": 1.0,
    "log": 1.5,
    "dup": 1.1,
}
TARGET_TEXT = {
    "help": "≤ 0.3 × doorstop --help",
    "one": "≤ 0.9 × doorstop --help",
    "check": "≤ 1.3 × PyYAML",
    "check-text": "≤ 1.3 × PyYAML",
    "check-rss": "≤ 150 MB (at 5,000)",
    "status": "≤ 1.2 × check, ≤ 150 MB (at 5,000)",
    "render": "≤ 3 × check",
    "timeline": "≤ 1 s CPU",
    "log": "≤ 1.5 s CPU",
    "dup": "linear (exponent ≤ 1.1)",
}


def hai_command() -> list[str]:
    """The `hai` script beside this Python (as a user types it), else ``python -m hai_cli``."""
    script = Path(sys.executable).parent / "hai"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "hai_cli"]


def rows_of(text: str) -> list[str]:
    names = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in ROWS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"unknown row(s) {', '.join(unknown) or '(none)'}; rows: {', '.join(ROWS)}"
        )
    return names


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="dossiers in the portfolio")
    parser.add_argument("--large", action="store_true", help=f"memory rows at {LARGE:,}")
    parser.add_argument("--repeat", type=int, default=3, help="counted runs (pairs) a row")
    parser.add_argument("--only", type=rows_of, default=list(ROWS), help=", ".join(ROWS))
    parser.add_argument("--no-doorstop", action="store_true", help="no start-up ratios")
    options = parser.parse_args(argv)
    if options.n < 1 or options.repeat < 1:
        parser.error("--n and --repeat must be at least 1")
    wanted = [name for name in ROWS if name in options.only]
    needs_doorstop = not options.no_doorstop and {"help", "one"} & set(wanted)
    ds = doorstop(install=True) if needs_doorstop else None
    OUT.mkdir(parents=True, exist_ok=True)
    load = os.getloadavg()
    print(
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, python "
        f"{sys.version.split()[0]}, {os.cpu_count()} cores, load average "
        f"{load[0]:.1f} {load[1]:.1f} {load[2]:.1f}; n={options.n:,}"
        f"{f' (memory rows at {LARGE:,})' if options.large else ''}, "
        f"{options.repeat} run(s) a row, medians\n",
        flush=True,
    )
    table: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="hai-speed-") as tmp:
        bench = Bench(Path(tmp), options.n, options.repeat, options.large, hai_command(), ds, {})
        for name in wanted:
            row = getattr(bench, "row_" + name.replace("-", "_"))()
            print(f"{name}: {row.figure} | {row.ratio} | {row.met}", file=sys.stderr)
            table.append(row)
    print("| row | figure | ratio | target | met |")
    print("|---|---|---|---|---|")
    for row in table:
        print(f"| {row.name} | {row.figure} | {row.ratio} | {row.target} | {row.met} |")
    load = os.getloadavg()
    print(f"\nload average at the end: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")


if __name__ == "__main__":
    main()
