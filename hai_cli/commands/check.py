"""``hai check``: find the dossiers, check them (in worker processes for many), report, exit."""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from hai_cli.i18n import Lang

if TYPE_CHECKING:
    from hai_cli.check import Checked

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
    from hai_cli.portfolio import check_paths, iter_checked
    from hai_cli.report import (
        REPORTERS,
        STREAMED,
        ReportOptions,
        report_targets,
        stream,
        write_reports,
    )
    from hai_cli.report.progress import progress, wanted
    from hai_cli.startup import settle
    from hai_cli.upward import file_in_dossier

    settle()  # the models just imported live as long as the process
    name = fmt or default_format()
    targets = report_targets(reports)
    roots = find_dossiers(path)
    displays = [display(r) for r in roots]
    options = ReportOptions(lang, gate, color, quiet)
    focus = file_in_dossier(path, roots[0]) if len(roots) == 1 else None
    failed = False

    def told(result: Checked) -> Checked:
        nonlocal failed
        if focus:  # `hai check steps/4-….yaml`: that file first
            result.problems = sorted(result.problems, key=lambda p: p.file != focus)
        failed = failed or bool(result.errors) or not result.passes(gate)
        return result

    shown = wanted(name, len(roots), quiet, sys.stderr)
    with progress(len(roots), "hai check", sys.stderr, shown) as advance:
        if name in STREAMED and not targets:  # each dossier written as it comes, none kept
            checked = iter_checked(roots, displays, today, progress=advance)
            stream(name, map(told, checked), options, sys.stdout)
            return EXIT_PROBLEMS if failed else EXIT_OK
        results = [told(r) for r in check_paths(roots, displays, today, progress=advance)]
    REPORTERS[name](results, options, sys.stdout)
    write_reports(targets, results, options)
    return EXIT_PROBLEMS if failed else EXIT_OK
