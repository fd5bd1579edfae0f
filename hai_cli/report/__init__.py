"""Reporters: check results to text for people or documents for machines, picked from a table.

Each reporter is one module of this package with a ``report(results, options, out)``
function; :data:`REPORTERS` maps the ``--format`` names to them and imports a module only
when its format is used.
"""

from __future__ import annotations

import importlib
import io
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from hai_cli.i18n import Lang, Text
from hai_cli.problems import HaiError

if TYPE_CHECKING:
    from hai_cli.check import Checked


@dataclass(frozen=True, slots=True)
class ReportOptions:
    lang: Lang | None  # None: each dossier's own language
    gate: str | None  # a gate, "auto" (the gates each dossier's phase requires) or None
    color: bool
    quiet: bool = False


Reporter = Callable[["list[Checked]", ReportOptions, TextIO], None]


def _module(name: str) -> Reporter:
    def report(results: list[Checked], options: ReportOptions, out: TextIO) -> None:
        importlib.import_module(f"hai_cli.report.{name}").report(results, options, out)

    return report


REPORTERS: dict[str, Reporter] = {
    "text": _module("text"),  # for people (rich)
    "json": _module("json"),  # product.md's JSON document
    "junit": _module("junit"),  # JUnit XML: GitLab and Jenkins test reports
    "sarif": _module("sarif"),  # SARIF 2.1.0: code-scanning views
    "github": _module("github"),  # GitHub Actions workflow commands (annotations)
}

HUMAN = frozenset({"text"})
"""Formats a person reads in a terminal; the others are read by machines (no progress bar)."""


def report_targets(specs: list[str]) -> list[tuple[str, Path]]:
    """``--report FORMAT=FILE`` values as (format, file); a HaiError names a bad one."""
    targets = []
    for spec in specs:
        name, sep, file = spec.partition("=")
        if not sep or name not in REPORTERS or not file.strip():
            raise HaiError(
                Text(
                    "--report verwacht FORMAAT=BESTAND met een formaat uit {names}, zoals "
                    "junit=hai-junit.xml; niet {spec!r}.",
                    "--report takes FORMAT=FILE with a format of {names}, such as "
                    "junit=hai-junit.xml; not {spec!r}.",
                ).format(names=", ".join(REPORTERS), spec=spec)
            )
        targets.append((name, Path(file)))
    return targets


def write_report(name: str, results: list[Checked], options: ReportOptions, file: Path) -> None:
    """Write one report to a file, whole or not at all, without colour."""
    from hai_cli.fsio import write_atomic

    buffer = io.StringIO()
    REPORTERS[name](results, replace(options, color=False), buffer)
    write_atomic(file, buffer.getvalue())
