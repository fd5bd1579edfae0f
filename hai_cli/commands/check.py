"""``hai check``: find the dossiers, check them (in worker processes for many), report, exit."""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable
from pathlib import Path

from hai_cli.i18n import Lang

EXIT_OK, EXIT_PROBLEMS = 0, 1


def default_format() -> str:
    """Annotations under GitHub Actions, text everywhere else."""
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def run(
    path: Path,
    *,
    gate: str | None,
    fmt: str | None,
    reports: list[str],
    lang: Lang | None,
    today: dt.date | None,
    quiet: bool,
    color: bool,
    display: Callable[[Path], str],
) -> int:
    from hai_cli.load import find_dossiers
    from hai_cli.portfolio import check_paths
    from hai_cli.report import REPORTERS, ReportOptions, report_targets, write_reports
    from hai_cli.report.progress import progress, wanted
    from hai_cli.startup import settle
    from hai_cli.upward import file_in_dossier

    settle()  # the models just imported live as long as the process
    name = fmt or default_format()
    targets = report_targets(reports)
    roots = find_dossiers(path)
    shown = wanted(name, len(roots), quiet, sys.stderr)
    with progress(len(roots), "hai check", sys.stderr, shown) as advance:
        results = check_paths(roots, [display(r) for r in roots], today, progress=advance)
    focus = file_in_dossier(path, roots[0]) if len(roots) == 1 else None
    for result in results if focus else []:  # `hai check steps/4-….yaml`: that file first
        result.problems = sorted(result.problems, key=lambda p: p.file != focus)
    options = ReportOptions(lang, gate, color, quiet)
    REPORTERS[name](results, options, sys.stdout)
    write_reports(targets, results, options)
    failed = any(r.errors for r in results) or not all(r.passes(gate) for r in results)
    return EXIT_PROBLEMS if failed else EXIT_OK
