"""Reporters: check results to text for people or documents for machines, picked from a table.

Each reporter is one module of this package with a ``report(results, options, out)``
function; :data:`REPORTERS` maps the ``--format`` names to them and imports a module only
when its format is used.
"""

from __future__ import annotations

import importlib
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, cast

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
    return partial(_report, name)


def _report(name: str, results: Iterable[Checked], options: ReportOptions, out: TextIO) -> None:
    from hai_cli.safetext import Printable

    # dossier text never drives the terminal or the CI log: the text reporter's console
    # neutralises control characters itself (keeping its own colours), JSON and SARIF get
    # JSON escapes
    target = out if name == "text" else Printable(out, json=name in ("json", "sarif"))
    module = importlib.import_module(f"hai_cli.report.{name}")
    module.report(results, options, cast(TextIO, target))


REPORTERS: dict[str, Reporter] = {
    "text": _module("text"),  # for people (rich)
    "json": _module("json"),  # product.md's JSON document
    "junit": _module("junit"),  # JUnit XML: GitLab and Jenkins test reports
    "sarif": _module("sarif"),  # SARIF 2.1.0: code-scanning views
    "github": _module("github"),  # GitHub Actions workflow commands (annotations)
}

STREAMED = frozenset({"json"})
"""Formats whose reporter writes each dossier as it comes: :func:`stream` takes any iterable."""


def stream(name: str, results: Iterable[Checked], options: ReportOptions, out: TextIO) -> None:
    """Report in a :data:`STREAMED` format, reading ``results`` once, keeping none of them."""
    assert name in STREAMED, name
    _report(name, results, options, out)


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


def write_reports(
    targets: list[tuple[str, Path]], results: list[Checked], options: ReportOptions
) -> None:
    """Write every ``--report``, after making sure none would replace a file of a dossier."""
    for _, file in targets:
        refuse_dossier_file(file, results)
    for name, file in targets:
        write_report(name, results, options, file)


def refuse_dossier_file(file: Path, results: list[Checked]) -> None:
    """A HaiError when ``file`` is one of the checked dossiers' YAML or evidence files."""
    import os

    from hai_cli.fsio import refuse_special

    refuse_special(file)
    if not os.path.lexists(file):
        return
    try:
        target = file.resolve()
    except (OSError, RuntimeError):
        return
    for result in results:
        head = result.head
        root = head.root.resolve()
        if not target.is_relative_to(root):
            continue
        rel = target.relative_to(root).as_posix()
        if rel in head.files or target.suffix in (".yaml", ".yml"):
            raise HaiError(
                Text(
                    "--report {p} zou een bestand van het dossier {d} vervangen; kies een pad "
                    "buiten de dossierbestanden, zoals hai-report.xml.",
                    "--report {p} would replace a file of the dossier {d}; choose a path "
                    "outside the dossier's files, such as hai-report.xml.",
                ).format(p=file, d=head.display)
            )


def write_report(name: str, results: list[Checked], options: ReportOptions, file: Path) -> None:
    """Write one report to a file, whole or not at all, without colour."""
    from hai_cli.fsio import write_atomic

    buffer = io.StringIO()
    REPORTERS[name](results, replace(options, color=False), buffer)
    write_atomic(file, buffer.getvalue())
