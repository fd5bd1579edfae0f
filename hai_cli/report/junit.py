"""``hai check --format junit``: the checklist as JUnit XML, for GitLab's and Jenkins' test views.

One ``<testsuite>`` per dossier; in it one ``<testcase>`` per checklist item, per gate and per
error. An open item fails when a gate asked for (``--gate``, ``auto``: by phase) covers it,
and is skipped otherwise; an error always fails; a gate fails when it was asked for and does
not pass, and is skipped when it does not pass but was not asked for. Warnings go to the
suite's ``<system-out>``. Valid against the JUnit schema Jenkins' xunit plugin uses
(``tests/fixtures/junit-10.xsd``).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import TextIO

from hai_cli import i18n
from hai_cli.catalogue import catalogue
from hai_cli.check import Checked
from hai_cli.gates import ItemState
from hai_cli.i18n import Lang
from hai_cli.problems import Problem
from hai_cli.report import ReportOptions
from hai_cli.report.common import gate_why
from hai_cli.vocab import Status

# characters XML 1.0 cannot hold, not even escaped (YAML's "\x01" can put them in a text)
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def report(results: list[Checked], options: ReportOptions, out: TextIO) -> None:
    root = ET.Element("testsuites", name="hai check")
    tests = failures = 0
    for result in results:
        suite = _suite(result, options)
        root.append(suite)
        tests += int(suite.get("tests", "0"))
        failures += int(suite.get("failures", "0"))
    root.set("tests", str(tests))
    root.set("failures", str(failures))
    root.set("errors", "0")
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode"))
    out.write("\n")


def _suite(result: Checked, options: ReportOptions) -> ET.Element:
    lang: Lang = options.lang or result.lang
    dossier = result.head
    ident = dossier.id or dossier.display
    asked = result.asked(options.gate)
    suite = ET.Element(
        "testsuite",
        name=clean(ident if ident == dossier.display else f"{ident} ({dossier.display})"),
    )
    properties = ET.SubElement(suite, "properties")
    for name, value in (
        ("path", dossier.display),
        ("id", dossier.id or ""),
        ("name", dossier.name or ""),
        ("phase", result.phase or ""),
        ("language", lang),
        ("asked-gates", " ".join(asked)),
    ):
        ET.SubElement(properties, "property", name=name, value=clean(value))
    cases = [
        *(_item(ident, state, asked, lang) for state in result.items),
        *(_gate(ident, result, gate, asked, lang) for gate in result.gates),
        *(_error(ident, result, problem, lang) for problem in result.errors),
    ]
    suite.extend(cases)
    if result.warnings:
        out = ET.SubElement(suite, "system-out")
        out.text = clean(
            "\n".join(_where(result, p) + f" {p.code} {p.text(lang)}" for p in result.warnings)
        )
    suite.set("tests", str(len(cases)))
    suite.set("failures", str(sum(1 for c in cases if c.find("failure") is not None)))
    suite.set("errors", "0")
    suite.set("skipped", str(sum(1 for c in cases if c.find("skipped") is not None)))
    return suite


def _case(classname: str, name: str) -> ET.Element:
    return ET.Element("testcase", classname=clean(classname), name=clean(name))


def _item(ident: str, state: ItemState, asked: tuple[str, ...], lang: Lang) -> ET.Element:
    item = state.item
    case = _case(
        f"{ident}.step{item.step}",
        f"{item.number} {item.id}: {item.text(lang)}",
    )
    if state.settled:
        if state.status is Status.NA:
            out = ET.SubElement(case, "system-out")
            out.text = clean(i18n.NOT_APPLICABLE(lang).format(reason=state.reason or ""))
        return case
    needing = [g for g in asked if item.gate in catalogue().gates[g].items]
    if needing:
        message = i18n.NEEDED_FOR(lang).format(gates=", ".join(needing))
        failure = ET.SubElement(case, "failure", type="open", message=clean(message))
        failure.text = clean(f"{message}\n{item.text(lang)}\nhai explain {item.id}")
    else:
        ET.SubElement(case, "skipped", message=i18n.OPEN(lang))
    return case


def _gate(
    ident: str, result: Checked, gate_id: str, asked: tuple[str, ...], lang: Lang
) -> ET.Element:
    gate = result.gates[gate_id]
    title = catalogue().gates[gate_id].title(lang)
    case = _case(f"{ident}.gates", f"{i18n.GATE(lang)} {gate_id}: {title}")
    if gate.passed:
        return case
    why = gate_why(gate, lang, most=1000, path=result.head.display)
    if gate_id in asked:
        message = f"{i18n.BLOCKED(lang)}: {why}"
        failure = ET.SubElement(case, "failure", type="gate", message=clean(message))
        failure.text = clean(message)
    else:
        ET.SubElement(case, "skipped", message=clean(i18n.NOT_ASKED(lang).format(why=why)))
    return case


def _error(ident: str, result: Checked, problem: Problem, lang: Lang) -> ET.Element:
    where = _where(result, problem)
    case = _case(f"{ident}.{problem.file}", f"{problem.code} {where}")
    message = problem.text(lang)
    failure = ET.SubElement(case, "failure", type=problem.code, message=clean(message))
    failure.text = clean(f"{where} {problem.code} {message}")
    return case


def _where(result: Checked, problem: Problem) -> str:
    return f"{result.head.display.rstrip('/')}/{problem.file}:{problem.line}"
