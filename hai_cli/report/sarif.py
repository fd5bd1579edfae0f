"""``hai check --format sarif``: problems as SARIF 2.1.0, for code-scanning views.

One run of the tool ``hai``; ``tool.driver.rules`` describes every code hai has (the file and
schema codes HAI0xx and the rules HAI1xx and HAI2xx), each result names its rule, level,
message and the file and line, relative to the root of the git repository (``%SRCROOT%``), or
to the working directory outside one. Valid against the OASIS schema
(``tests/fixtures/sarif-schema-2.1.0.json``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

from hai_cli import __version__
from hai_cli.check import Checked
from hai_cli.codes import Code, all_codes
from hai_cli.i18n import Lang
from hai_cli.problems import Problem
from hai_cli.report import ReportOptions
from hai_cli.report.paths import repo_path, repository_root

SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
ROOT_ID = "%SRCROOT%"


def report(results: list[Checked], options: ReportOptions, out: TextIO) -> None:
    json.dump(document(results, options), out, ensure_ascii=False, indent=2)
    out.write("\n")


def document(
    results: list[Checked], options: ReportOptions, base: Path | None = None
) -> dict[str, Any]:
    base = base or repository_root(results[0].head.root if results else None)
    langs = {options.lang or r.lang for r in results}
    lang: Lang = options.lang or (results[0].lang if results else "nl")
    codes = all_codes()
    index = {code: i for i, code in enumerate(codes)}
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "hai",
                "fullName": "hai — Stappenplan Healthy AI",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": [_rule(code, lang) for code in codes.values()],
            }
        },
        "originalUriBaseIds": {ROOT_ID: {"uri": base.as_uri().rstrip("/") + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": [
            _result(result, problem, options.lang or result.lang, index, base)
            for result in results
            for problem in result.problems
        ],
    }
    if len(langs) == 1:
        run["language"] = langs.pop()
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def _rule(code: Code, lang: Lang) -> dict[str, Any]:
    return {
        "id": code.code,
        "shortDescription": {"text": code.title(lang)},
        "fullDescription": {"text": f"{code.title.nl} / {code.title.en}"},
        "defaultConfiguration": {"level": code.severity.value},
        "properties": {"tags": ["hai", code.kind]},
    }


def _artifact(path: str) -> dict[str, str]:
    """A path below the root as a relative URI on ``%SRCROOT%``; another as a file URI."""
    if Path(path).is_absolute():
        return {"uri": Path(path).as_uri()}
    return {"uri": quote(path), "uriBaseId": ROOT_ID}


def _result(
    result: Checked, problem: Problem, lang: Lang, index: dict[str, int], base: Path
) -> dict[str, Any]:
    entry: dict[str, Any] = {"ruleId": problem.code}
    if problem.code in index:
        entry["ruleIndex"] = index[problem.code]
    entry.update(
        {
            "level": problem.severity.value,
            "message": {"text": problem.text(lang)},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": _artifact(repo_path(result, problem.file, base)),
                        "region": {
                            "startLine": max(problem.line, 1),
                            "startColumn": max(problem.column, 1),
                        },
                    }
                }
            ],
            "properties": {"dossier": result.head.id or result.head.display},
        }
    )
    return entry
