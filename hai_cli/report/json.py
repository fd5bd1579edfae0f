"""``hai check --format json``: one JSON document on stdout, as product.md specifies."""

from __future__ import annotations

import json
from typing import Any, TextIO

from hai_cli import __version__
from hai_cli.check import DossierResult
from hai_cli.problems import Problem
from hai_cli.report import ReportOptions


def problem_json(problem: Problem, lang: str) -> dict[str, Any]:
    return {
        "code": problem.code,
        "severity": problem.severity.value,
        "file": problem.file,
        "line": problem.line,
        "message": problem.text("en" if lang == "en" else "nl"),
    }


def dossier_json(result: DossierResult, options: ReportOptions) -> dict[str, Any]:
    lang = options.lang or result.lang
    info = result.dossier.info
    return {
        "path": result.dossier.display,
        "id": result.dossier.id,
        "name": info.name if info else None,
        "phase": info.phase.value if info else None,
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


def report(results: list[DossierResult], options: ReportOptions, out: TextIO) -> None:
    document = {"version": __version__, "dossiers": [dossier_json(r, options) for r in results]}
    json.dump(document, out, ensure_ascii=False, indent=2)
    out.write("\n")
