"""``hai check`` for people: per dossier problems, open items and gates; in colour on a
terminal (rich), as plain lines elsewhere (:func:`hai_cli.console.lines_for`)."""

from __future__ import annotations

from typing import TextIO

from hai_cli import i18n
from hai_cli.catalogue import catalogue
from hai_cli.check import Checked
from hai_cli.console import Lines, Piece, lines_for
from hai_cli.i18n import Lang
from hai_cli.problems import Problem
from hai_cli.report import ReportOptions
from hai_cli.report.common import gate_line, gate_why, summary_line


def report(results: list[Checked], options: ReportOptions, out: TextIO) -> None:
    console = lines_for(out, options.color)
    for result in results:
        _dossier(console, result, options)
    lang: Lang = options.lang or (results[0].lang if results else "nl")
    console.line(summary_line(results, lang))
    if options.gate:
        line, failed = gate_line(results, options.gate, lang)
        console.line(line, style="bold red" if failed else "bold green")


def _dossier(console: Lines, result: Checked, options: ReportOptions) -> None:
    lang = options.lang or result.lang
    name, ident = result.head.name, result.head.id
    title = f"{name} ({ident})" if name and ident else (ident or "?")
    phase = f" · {i18n.PHASE(lang)} {result.phase}" if result.phase else ""
    console.rule(f"{title}{phase} — {result.head.display}", style="bold")
    prefix = result.head.display.rstrip("/") + "/"
    for label, problems, style in (
        (i18n.ERRORS, result.errors, "red"),
        (i18n.WARNINGS, result.warnings, "yellow"),
    ):
        if problems:
            console.line((f"{label(lang)} ({len(problems)})", f"bold {style}"))
            for problem in problems:
                _problem(console, prefix, problem, lang, style)
    if not options.quiet:
        _open_items(console, result, lang)
    _gates(console, result, lang, result.asked(options.gate))
    console.line()


def _problem(console: Lines, prefix: str, problem: Problem, lang: Lang, style: str) -> None:
    where = f"{prefix}{problem.file}:{problem.line}"
    console.line("  ", (where, style), " ", (problem.code, "dim"), " ", problem.text(lang))


def _open_items(console: Lines, result: Checked, lang: Lang) -> None:
    open_items = result.open_items()
    console.line((f"{i18n.OPEN_ITEMS(lang)} ({len(open_items)})", "bold"))
    if not open_items:
        console.line(f"  {i18n.NO_OPEN_ITEMS(lang)}")
        return
    shown_step = 0
    for state in open_items:
        item = state.item
        step = catalogue().step(item.step)
        if item.step != shown_step:
            shown_step = item.step
            console.line(f"  {i18n.STEP(lang)} {step.number} · {step.title(lang)}")
        status: Piece = (
            "" if state.status == "open" else (f" ({state.status}, {i18n.REASON(lang)}?)", "red")
        )
        console.line(
            "    ", (f"{item.number:>5}", "cyan"), f" {item.id}", status, " ",
            (item.text(lang), "dim"),
        )  # fmt: skip


def _gates(console: Lines, result: Checked, lang: Lang, asked: tuple[str, ...]) -> None:
    console.line((i18n.GATES(lang), "bold"))
    for gate in result.gates.values():
        title = catalogue().gates[gate.id].title(lang)
        mark = ("✔", "green") if gate.passed else ("✘", "red")
        name: Piece = (f"{gate.id:<13}", "bold") if gate.id in asked else f"{gate.id:<13}"
        line: tuple[Piece, ...] = ("  ", mark, " ", name, f" {title}")
        if gate.passed:
            console.line(*line, f": {i18n.PASSED(lang)}")
            continue
        why = gate_why(gate, lang, path=result.head.display)
        console.line(*line, f": {i18n.BLOCKED(lang)} — {why}")
