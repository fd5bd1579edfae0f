"""``hai check`` for people: rich text, per dossier problems, open items and gates."""

from __future__ import annotations

from typing import TextIO

from rich.console import Console
from rich.markup import escape
from rich.text import Text as RichText

from hai_cli import i18n
from hai_cli.catalogue import catalogue
from hai_cli.check import Checked
from hai_cli.console import console_for
from hai_cli.i18n import Lang
from hai_cli.problems import Problem
from hai_cli.report import ReportOptions
from hai_cli.report.common import gate_line, gate_why, summary_line


def report(results: list[Checked], options: ReportOptions, out: TextIO) -> None:
    console = console_for(out, options.color)
    for result in results:
        _dossier(console, result, options)
    lang: Lang = options.lang or (results[0].lang if results else "nl")
    console.print(summary_line(results, lang))
    if options.gate:
        line, failed = gate_line(results, options.gate, lang)
        console.print(line, style="bold red" if failed else "bold green")


def _dossier(console: Console, result: Checked, options: ReportOptions) -> None:
    lang = options.lang or result.lang
    name, ident = result.head.name, result.head.id
    title = f"{name} ({ident})" if name and ident else (ident or "?")
    phase = f" · {i18n.PHASE(lang)} {result.phase}" if result.phase else ""
    console.rule(RichText(f"{title}{phase} — {result.head.display}", style="bold"))
    prefix = result.head.display.rstrip("/") + "/"
    for label, problems, style in (
        (i18n.ERRORS, result.errors, "red"),
        (i18n.WARNINGS, result.warnings, "yellow"),
    ):
        if problems:
            console.print(f"[bold {style}]{label(lang)} ({len(problems)})[/]")
            for problem in problems:
                _problem(console, prefix, problem, lang, style)
    if not options.quiet:
        _open_items(console, result, lang)
    _gates(console, result, lang, result.asked(options.gate))
    console.print()


def _problem(console: Console, prefix: str, problem: Problem, lang: Lang, style: str) -> None:
    where = escape(f"{prefix}{problem.file}:{problem.line}")
    console.print(f"  [{style}]{where}[/] [dim]{problem.code}[/] {escape(problem.text(lang))}")


def _open_items(console: Console, result: Checked, lang: Lang) -> None:
    open_items = result.open_items()
    console.print(f"[bold]{i18n.OPEN_ITEMS(lang)} ({len(open_items)})[/]")
    if not open_items:
        console.print(f"  {i18n.NO_OPEN_ITEMS(lang)}")
        return
    shown_step = 0
    for state in open_items:
        item = state.item
        step = catalogue().step(item.step)
        if item.step != shown_step:
            shown_step = item.step
            console.print(f"  {i18n.STEP(lang)} {step.number} · {escape(step.title(lang))}")
        number = item.number
        status = (
            "" if state.status == "open" else f" [red]({state.status}, {i18n.REASON(lang)}?)[/]"
        )
        console.print(
            f"    [cyan]{number:>5}[/] {item.id}{status} [dim]{escape(item.text(lang))}[/]"
        )


def _gates(console: Console, result: Checked, lang: Lang, asked: tuple[str, ...]) -> None:
    console.print(f"[bold]{i18n.GATES(lang)}[/]")
    for gate in result.gates.values():
        title = catalogue().gates[gate.id].title(lang)
        mark = "[green]✔[/]" if gate.passed else "[red]✘[/]"
        name = f"[bold]{gate.id:<13}[/]" if gate.id in asked else f"{gate.id:<13}"
        line = f"  {mark} {name} {escape(title)}"
        if gate.passed:
            console.print(f"{line}: {i18n.PASSED(lang)}")
            continue
        why = gate_why(gate, lang, path=result.head.display)
        console.print(f"{line}: {i18n.BLOCKED(lang)} — {escape(why)}")
