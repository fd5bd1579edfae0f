"""``hai status`` output: a table for a portfolio, with a timeline for a single dossier."""

from __future__ import annotations

import json
from typing import TextIO

from rich.markup import escape
from rich.table import Table

from hai_cli.problems import Lang, Text
from hai_cli.report.text import console_for
from hai_cli.status import Status

_HEAD = {
    "dossier": Text("Dossier", "Dossier"),
    "product": Text("Product", "Product"),
    "phase": Text("Fase", "Phase"),
    "next": Text("Volgende evaluatie", "Next evaluation"),
    "law": Text("Volgende wetsdatum", "Next law date"),
    "maybe": Text("mogelijk", "may apply"),
    "open": Text("Open", "Open"),
    "errors": Text("Fouten", "Errors"),
    "timeline": Text("Levensloop", "Lifecycle"),
    "none": Text("Nog geen gebeurtenissen met een datum.", "No dated events yet."),
}
GATE_COLUMNS = ("request", "go-live", "review", "decommission")


def report_json(statuses: list[Status], lang: Lang | None, out: TextIO) -> None:
    rows = [s.row(lang or s.result.lang) for s in statuses]
    json.dump({"dossiers": rows}, out, ensure_ascii=False, indent=2)
    out.write("\n")


def _law_cell(law: dict[str, object] | None, words: Lang) -> str:
    if law is None:
        return "-"
    maybe = "" if law["decided"] else f", {_HEAD['maybe'](words)}"
    return escape(f"{law['date']} {law['obligation']}{maybe}")


def report_text(statuses: list[Status], lang: Lang | None, color: bool, out: TextIO) -> None:
    words: Lang = lang or (statuses[0].result.lang if statuses else "nl")
    console = console_for(out, color, width=200)  # a table reads best unwrapped
    table = Table(box=None, pad_edge=False, header_style="bold")
    for key in ("dossier", "product", "phase"):
        table.add_column(_HEAD[key](words))
    for gate in GATE_COLUMNS:
        table.add_column(gate, justify="center")
    table.add_column(_HEAD["next"](words))
    table.add_column(_HEAD["law"](words))
    table.add_column(_HEAD["open"](words), justify="right")
    table.add_column(_HEAD["errors"](words), justify="right")
    for status in statuses:
        row = status.row(words)
        marks = ["[green]✔[/]" if row["gates"][g] else "[red]✘[/]" for g in GATE_COLUMNS]
        table.add_row(
            escape(row["id"] or row["path"]),
            escape(row["name"] or "-"),
            row["phase"] or "-",
            *marks,
            row["next_evaluation"] or "-",
            _law_cell(row["next_law_date"], words),
            str(row["open_items"]),
            f"[red]{row['errors']}[/]" if row["errors"] else "0",
        )
    console.print(table)
    if len(statuses) == 1:
        console.print()
        console.print(f"[bold]{_HEAD['timeline'](words)}[/]")
        timeline = statuses[0].timeline
        if not timeline:
            console.print(f"  {_HEAD['none'](words)}")
        for event in timeline:
            console.print(f"  {event.date.isoformat()}  {escape(event.text(words))}")
