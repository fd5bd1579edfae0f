"""Reporters: check results to text for people or documents for machines, picked from a table."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TextIO

from hai_cli.check import DossierResult
from hai_cli.problems import Lang


@dataclass(frozen=True, slots=True)
class ReportOptions:
    lang: Lang | None  # None: each dossier's own language
    gate: str | None
    color: bool
    quiet: bool = False


Reporter = Callable[[list[DossierResult], ReportOptions, TextIO], None]


def _text(results: list[DossierResult], options: ReportOptions, out: TextIO) -> None:
    from hai_cli.report.text import report

    report(results, options, out)


def _json(results: list[DossierResult], options: ReportOptions, out: TextIO) -> None:
    from hai_cli.report.json import report

    report(results, options, out)


REPORTERS: dict[str, Reporter] = {"text": _text, "json": _json}
