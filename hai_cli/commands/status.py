"""``hai status``: where each dossier stands, and for one dossier its lifecycle so far."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, TextIO

from rich.markup import escape
from rich.table import Table

from hai_cli.catalogue import catalogue
from hai_cli.check import DossierResult
from hai_cli.console import console_for
from hai_cli.i18n import Lang, Text
from hai_cli.model.steps import EvaluationStep, ImplementationStep
from hai_cli.rules import Context
from hai_cli.rules.law import LawDate, next_law_date
from hai_cli.rules.lifecycle import next_evaluation
from hai_cli.vocab import Phase


@dataclass(frozen=True, slots=True)
class Event:
    date: dt.date
    text: Text


@dataclass(slots=True)
class DossierStatus:
    """One dossier's row of ``hai status``: counts and dates only (no findings, texts or models),
    made where the dossier was checked and small to send from a worker process."""

    display: str
    id: str | None
    lang: Lang
    name: str | None  # from dossier.yaml's model: None when that file has errors
    phase: str | None
    gates: dict[str, bool]
    next_evaluation: dt.date | None
    next_law: LawDate | None
    open_items: int
    errors: int
    warnings: int
    timeline: list[Event] = field(default_factory=list)

    def row(self, lang: Lang) -> dict[str, Any]:
        return {
            "path": self.display,
            "id": self.id,
            "name": self.name,
            "phase": self.phase,
            "gates": self.gates,
            "next_evaluation": self.next_evaluation.isoformat() if self.next_evaluation else None,
            "next_law_date": {
                "date": self.next_law.date.isoformat(),
                "obligation": self.next_law.obligation,
                "article": self.next_law.article,
                "decided": self.next_law.decided,
            }
            if self.next_law
            else None,
            "open_items": self.open_items,
            "errors": self.errors,
            "warnings": self.warnings,
            "timeline": [
                {"date": e.date.isoformat(), "event": e.text(lang)} for e in self.timeline
            ],
        }


def status(result: DossierResult, today: dt.date, with_history: bool) -> DossierStatus:
    info = result.dossier.info
    due = None
    if (
        info is not None
        and info.phase is Phase.USE
        and result.dossier.model(EvaluationStep) is not None
    ):
        due, _ = next_evaluation(Context(result.dossier, today))
    return DossierStatus(
        result.head.display,
        result.head.id,
        result.lang,
        info.name if info else None,
        info.phase.value if info else None,
        {g.id: g.passed for g in result.gates.values()},
        due,
        next_law_date(result.dossier, today),
        len(result.open_items()),
        len(result.errors),
        len(result.warnings),
        timeline_of(result) if with_history else [],
    )


def timeline_of(result: DossierResult) -> list[Event]:
    """The dated events of the dossier's records and of its git history, oldest first."""
    from hai_cli.gitio import phase_history

    events = _record_events(result)
    for change in phase_history(result.dossier.root):
        when = dt.date.fromisoformat(change.date)
        if change.before is None:
            text = Text(
                "dossier vastgelegd in git ({c}), fase {p}",
                "dossier committed to git ({c}), phase {p}",
            ).format(c=change.commit, p=change.after or "-")
        else:
            text = Text("fase {a} → {b} (commit {c})", "phase {a} → {b} (commit {c})").format(
                a=change.before or "-", b=change.after or "-", c=change.commit
            )
        events.append(Event(when, text))
    return sorted(events, key=lambda e: e.date)


def _label(value: object) -> Text:
    """A choice (enum value) in both languages, as the documents write it."""
    from hai_cli.labels import value as readable

    return Text(readable(value, "nl"), readable(value, "en"))


def _approval_events(result: DossierResult) -> list[Event]:
    """Gate approvals (the gate passed in the eyes of those who answer for it) and step ones."""
    from hai_cli.approvals import latest, staleness

    dossier = result.dossier
    events = []
    gates = dossier.info.approvals if dossier.info else []
    counting = latest(gates, lambda a: a.gate)
    for index, approval in enumerate(gates):
        if index not in counting:  # history: a later approval of the same role replaced it
            state = Text(", vervangen door een latere", ", superseded by a later one")
        elif not staleness(dossier, approval, approval.gate).current:
            state = Text(", verouderd", ", stale")
        else:
            state = Text("", "")
        events.append(
            Event(
                approval.date,
                Text(
                    "poort {g} goedgekeurd door {n} ({r}){s}",
                    "gate {g} approved by {n} ({r}){s}",
                ).format(
                    g=approval.gate,
                    n=approval.name,
                    r=_label(approval.role),
                    s=state,
                ),
            )
        )
    for number in range(1, 9):
        for approval in getattr(dossier.step(number), "approvals", []):
            events.append(
                Event(
                    approval.date,
                    Text(
                        "stap {s} goedgekeurd door {n} ({r})", "step {s} approved by {n} ({r})"
                    ).format(s=number, n=approval.name, r=_label(approval.role)),
                )
            )
    return events


def _record_events(result: DossierResult) -> list[Event]:
    events: list[Event] = _approval_events(result)
    step7 = result.dossier.model(ImplementationStep)
    step8 = result.dossier.model(EvaluationStep)
    if step7 is not None:
        test = step7.validation_protocol.acceptance_test if step7.validation_protocol else None
        if test is not None and test.date:
            events.append(
                Event(
                    test.date,
                    Text("gebruikers-acceptatietest: {r}", "user acceptance test: {r}").format(
                        r=_label(test.result) if test.result else "-"
                    ),
                )
            )
        releases = step7.releases
        for name, label in (
            ("technical", Text("technische vrijgave", "technical release")),
            ("functional", Text("functionele vrijgave", "functional release")),
        ):
            release = getattr(releases, name) if releases else None
            if release is not None and release.date:
                events.append(
                    Event(
                        release.date,
                        Text("{l} door {b}", "{l} by {b}").format(l=label, b=release.by or "-"),
                    )
                )
    if step8 is not None:
        for evaluation in step8.evaluations:
            events.append(
                Event(
                    evaluation.date,
                    Text("evaluatie, besluit: {d}", "evaluation, decision: {d}").format(
                        d=_label(evaluation.decision) if evaluation.decision else "-"
                    ),
                )
            )
        for change in step8.changes:
            events.append(
                Event(
                    change.date,
                    Text("wijziging ({k}, {s}, {st})", "change ({k}, {s}, {st})").format(
                        k=_label(change.kind), s=_label(change.size), st=_label(change.status)
                    ),
                )
            )
        for version in step8.versions:
            if version.released:
                events.append(
                    Event(
                        version.released,
                        Text("versie {v} vrijgegeven", "version {v} released").format(
                            v=version.version
                        ),
                    )
                )
            if version.retired:
                events.append(
                    Event(
                        version.retired,
                        Text("versie {v} buiten gebruik", "version {v} retired").format(
                            v=version.version
                        ),
                    )
                )
        plan = step8.decommissioning
        if plan is not None and plan.date:
            events.append(Event(plan.date, Text("afgevoerd", "decommissioned")))
    return events


# -- output ---------------------------------------------------------------------------------

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


def report_json(statuses: list[DossierStatus], lang: Lang | None, out: TextIO) -> None:
    rows = [s.row(lang or s.lang) for s in statuses]
    from hai_cli.safetext import Printable

    json.dump(
        {"dossiers": rows}, Printable(out, json=True), ensure_ascii=False, indent=2
    )  # control characters as JSON escapes
    out.write("\n")


def _law_cell(law: dict[str, object] | None, words: Lang) -> str:
    if law is None:
        return "-"
    maybe = "" if law["decided"] else f", {_HEAD['maybe'](words)}"
    return escape(f"{law['date']} {law['obligation']}{maybe}")


def report_text(statuses: list[DossierStatus], lang: Lang | None, color: bool, out: TextIO) -> None:
    words: Lang = lang or (statuses[0].lang if statuses else "nl")
    console = console_for(out, color, width=200)  # a table reads best unwrapped
    table = Table(box=None, pad_edge=False, header_style="bold")
    for key in ("dossier", "product", "phase"):
        table.add_column(_HEAD[key](words))
    columns = tuple(catalogue().gates)
    for gate in columns:
        table.add_column(gate, justify="center")
    table.add_column(_HEAD["next"](words))
    table.add_column(_HEAD["law"](words))
    table.add_column(_HEAD["open"](words), justify="right")
    table.add_column(_HEAD["errors"](words), justify="right")
    for status in statuses:
        row = status.row(words)
        marks = ["[green]✔[/]" if row["gates"][g] else "[red]✘[/]" for g in columns]
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


def run(
    path: Path,
    fmt: str,
    lang: Lang | None,
    today: dt.date,
    color: bool,
    out: TextIO,
    display: Callable[[Path], str],
) -> None:
    """``hai status``: check every dossier, then one row each (and one dossier's timeline)."""
    from hai_cli.load import find_dossiers
    from hai_cli.portfolio import summarise_paths

    roots = find_dossiers(path)
    # each status is made where its dossier was checked (in a worker for many dossiers)
    summary = partial(status, today=today, with_history=len(roots) == 1)
    statuses = summarise_paths(roots, [display(r) for r in roots], today, summary)
    if fmt == "json":
        report_json(statuses, lang, out)
    else:
        report_text(statuses, lang, color, out)
