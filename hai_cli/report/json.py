"""``hai check --format json``: one JSON document on stdout, as product.md specifies.

Written one dossier at a time as the results come in (the same bytes as dumping the whole
document at once), so that a portfolio of thousands is never held in memory as one list."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from hai_cli import __version__
from hai_cli.check import Checked
from hai_cli.i18n import Lang
from hai_cli.problems import Problem
from hai_cli.report import ReportOptions


def problem_json(problem: Problem, lang: Lang) -> dict[str, Any]:
    return {
        "code": problem.code,
        "severity": problem.severity.value,
        "file": problem.file,
        "line": problem.line,
        "message": problem.text(lang),
    }


def dossier_json(result: Checked, options: ReportOptions) -> dict[str, Any]:
    lang = options.lang or result.lang
    return {
        "path": result.head.display,
        "id": result.head.id,
        "name": result.head.name,  # what can be read, despite errors elsewhere
        "phase": result.phase,
        "language": lang,
        "errors": [problem_json(p, lang) for p in result.errors],
        "warnings": [problem_json(p, lang) for p in result.warnings],
        "items": [{"step": s.item.step, "id": s.item.id, "status": s.status} for s in result.items],
        "gates": {
            gate.id: {"passed": gate.passed, "blocking": gate.blocking}
            for gate in result.gates.values()
        },
        "asked_gates": list(result.asked(options.gate)),
    }


def report(results: Iterable[Checked], options: ReportOptions, out: TextIO) -> None:
    whole = json.dumps({"version": __version__, "dossiers": []}, ensure_ascii=False, indent=2)
    out.write(whole[: -len("]\n}")])  # up to the list's "["
    count = 0
    for result in results:
        text = json.dumps(dossier_json(result, options), ensure_ascii=False, indent=2)
        out.write(",\n" if count else "\n")
        out.write("\n".join(_INDENT + line for line in text.split("\n")))
        count += 1
    out.write("\n  ]\n}\n" if count else "]\n}\n")


_INDENT = " " * 4  # a dossier's lines inside the document's "dossiers" list
