"""Every problem code hai reports, with its severity and title in nl and en.

The rule codes (HAI1xx and HAI2xx) live with their rules in :mod:`hai_cli.rules`; the file
and schema codes (HAI0xx), which the YAML reader, the loader and the schema mapping report, are
listed here, so that a report can describe every code (SARIF's ``tool.driver.rules``).
"""

from __future__ import annotations

from dataclasses import dataclass

from hai_cli.i18n import Text
from hai_cli.problems import Severity


@dataclass(frozen=True, slots=True)
class Code:
    code: str
    severity: Severity
    title: Text
    kind: str  # "file" (HAI0xx) or "rule" (HAI1xx, HAI2xx)


def _file(code: str, nl: str, en: str) -> Code:
    return Code(code, Severity.ERROR, Text(nl, en), "file")


FILE_CODES: dict[str, Code] = {
    c.code: c
    for c in (
        _file("HAI001", "YAML-syntaxfout", "YAML syntax error"),
        _file("HAI002", "dubbele sleutel in een mapping", "duplicate key in a mapping"),
        _file("HAI003", "niet toegestane tag of samenvoegsleutel", "forbidden tag or merge key"),
        _file("HAI004", "bestand groter dan 1 MB", "file larger than 1 MB"),
        _file(
            "HAI005",
            "onleesbaar, binair of geen UTF-8",
            "unreadable, binary or not UTF-8",
        ),
        _file("HAI006", "git-mergeconflict in het bestand", "git merge conflict in the file"),
        _file("HAI007", "leeg bestand", "empty file"),
        _file(
            "HAI008",
            "te veel waarden, aliassen of nesting",
            "too many values, aliases or nesting levels",
        ),
        _file("HAI009", "bestand is geen mapping", "file is not a mapping"),
        _file("HAI010", "onbekende sleutel", "unknown key"),
        _file("HAI011", "verplichte sleutel ontbreekt", "required key missing"),
        _file("HAI012", "verkeerd type of formaat", "wrong type or format"),
        _file("HAI013", "waarde niet toegestaan", "value not allowed"),
        _file(
            "HAI015",
            "nieuwere schema_version dan deze hai kent",
            "schema_version newer than this hai knows",
        ),
        _file(
            "HAI020",
            "bestand voor een stap die niet bestaat",
            "file for a step that does not exist",
        ),
        _file("HAI021", "bestand ontbreekt", "file missing"),
        _file("HAI022", "twee bestanden voor één stap", "two files for one step"),
        _file("HAI023", "dossier-id niet uniek", "dossier id not unique"),
    )
}


def all_codes() -> dict[str, Code]:
    """Every code, file codes and rule codes, sorted by code."""
    from hai_cli.rules import all_rules

    rules = {
        code: Code(code, rule.severity, rule.title, "rule") for code, rule in all_rules().items()
    }
    return dict(sorted({**FILE_CODES, **rules}.items()))
