"""``hai check --format github``: GitHub Actions workflow commands.

Every problem becomes an ``::error`` or ``::warning`` annotation on its file and line (relative
to the repository root), every gate asked for that does not pass an ``::error`` on the
dossier's ``phase:`` line; each dossier's report sits in a collapsible ``::group::``. Picked
by default when ``GITHUB_ACTIONS=true``. Values are escaped as the Actions toolkit does
(``%``, CR, LF in messages; also ``:`` and ``,`` in properties), and no line of plain text
starts with ``::``, so dossier text cannot issue a workflow command.
"""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from hai_cli import i18n
from hai_cli.check import Checked
from hai_cli.codes import all_codes
from hai_cli.i18n import Lang, Text
from hai_cli.load import DOSSIER_FILE
from hai_cli.problems import Problem
from hai_cli.report import ReportOptions
from hai_cli.report.common import gate_line, gate_why, some, summary_line
from hai_cli.report.paths import repo_path, repository_root


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **properties: str | int) -> str:
    """One workflow command line: ``::name key=value,...::message``."""
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{name}{' ' + props if props else ''}::{escape_data(message)}"


def _plain(text: str) -> str:
    """A line for people in the log: indented, on one line, never a workflow command."""
    return "  " + " ".join(text.split())


def report(
    results: list[Checked], options: ReportOptions, out: TextIO, base: Path | None = None
) -> None:
    titles = {code: info.title for code, info in all_codes().items()}
    for result in results:
        lang: Lang = options.lang or result.lang
        dossier = result.head
        here = base or repository_root(dossier.root)  # the dossier's repository, not the cwd's
        out.write(command("group", f"hai check: {dossier.id or '?'} — {dossier.display}") + "\n")
        for problem in result.problems:
            out.write(_annotation(result, problem, lang, titles, here) + "\n")
        open_items = result.open_items()
        if open_items and not options.quiet:
            ids = [f"{s.item.number} {s.item.id}" for s in open_items]
            out.write(_plain(f"{i18n.OPEN_ITEMS(lang)} ({len(ids)}): {', '.join(ids)}") + "\n")
        asked = result.asked(options.gate)
        for gate in result.gates.values():
            status = i18n.PASSED(lang) if gate.passed else i18n.BLOCKED(lang)
            why = "" if gate.passed else f" — {gate_why(gate, lang, path=dossier.display)}"
            mark = "✔" if gate.passed else "✘"
            flag = " [--gate]" if gate.id in asked else ""
            out.write(_plain(f"{mark} {i18n.GATE(lang)} {gate.id}{flag}: {status}{why}") + "\n")
        out.write("::endgroup::\n")
        for gate_id in asked:
            gate = result.gates[gate_id]
            if gate.passed:
                continue
            message = (
                f"{dossier.id or dossier.display}: {i18n.GATE(lang)} '{gate_id}' "
                f"{i18n.BLOCKED(lang)} — {gate_why(gate, lang, 12, dossier.display)}"
            )
            out.write(
                command(
                    "error",
                    message,
                    file=repo_path(result, DOSSIER_FILE, base or repository_root(dossier.root)),
                    line=dossier.phase_line,
                    title=f"hai {i18n.GATE(lang)} {gate_id}",
                )
                + "\n"
            )
    lang = options.lang or (results[0].lang if results else "nl")
    out.write(summary_line(results, lang) + "\n")
    if options.gate:
        line, failed = gate_line(results, options.gate, lang)
        out.write(line + (f" ({some(failed, lang)})" if failed else "") + "\n")


def _annotation(
    result: Checked, problem: Problem, lang: Lang, titles: dict[str, Text], base: Path
) -> str:
    title = titles.get(problem.code)
    return command(
        "error" if problem.is_error else "warning",
        problem.text(lang),
        file=repo_path(result, problem.file, base),
        line=problem.line,
        col=problem.column,
        title=f"{problem.code} {title(lang)}" if title else problem.code,
    )
