"""``hai log`` output: per dossier its commits, newest first, each with what it changed."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any, TextIO

from rich.console import Console
from rich.markup import escape

from hai_cli.audit import (
    ApprovalChange,
    Change,
    Commit,
    DossierLog,
    FileChange,
    ItemChange,
    PhaseChange,
)
from hai_cli.catalogue import catalogue
from hai_cli.problems import Lang, Text
from hai_cli.report.text import console_for

_WORDS = {
    "none": Text(
        "Geen commits in de git-geschiedenis die dit veranderden.",
        "No commits in the git history changed this.",
    ),
    "item": Text("{item}: {a} → {b}", "{item}: {a} → {b}"),
    "item-added": Text("{item}: toegevoegd ({b})", "{item}: added ({b})"),
    "item-removed": Text("{item}: verwijderd (was {a})", "{item}: removed (was {a})"),
    "phase": Text("fase {a} → {b}", "phase {a} → {b}"),
    "phase-first": Text("fase {b}", "phase {b}"),
    "approval-added": Text("goedgekeurd door {name} ({role})", "approved by {name} ({role})"),
    "approval-removed": Text(
        "goedkeuring door {name} ({role}) van {date} verwijderd",
        "approval by {name} ({role}) of {date} removed",
    ),
    "gate": Text(" voor poort {gate}", " for gate {gate}"),
    "step": Text("stap {n}: ", "step {n}: "),
    "file-added": Text("{file}: nieuw bestand", "{file}: new file"),
    "file-items": Text(
        "{file}: nieuw bestand, {n} punten ({counts})", "{file}: new file, {n} items ({counts})"
    ),
    "file-removed": Text("{file}: bestand verwijderd", "{file}: file removed"),
    "unreadable": Text(
        "{file}: deze versie is niet te lezen, wijzigingen onbekend ({reason})",
        "{file}: this version cannot be read, changes unknown ({reason})",
    ),
}


def report_json(logs: list[DossierLog], lang: Lang | None, out: TextIO) -> None:
    dossiers = [
        {
            "path": log.path,
            "id": log.id,
            "commits": [_commit_json(c, lang or log.lang) for c in log.commits],
        }
        for log in logs
    ]
    json.dump({"dossiers": dossiers}, out, ensure_ascii=False, indent=2)
    out.write("\n")


def _commit_json(commit: Commit, lang: Lang) -> dict[str, Any]:
    return {
        "commit": commit.commit,
        "date": commit.date,
        "author": commit.author,
        "email": commit.email,
        "message": commit.message,
        "changes": [_change_json(c, lang) for c in commit.changes],
    }


def _change_json(change: Change, lang: Lang) -> dict[str, Any]:
    if isinstance(change, ItemChange):
        return {
            "kind": "item",
            "file": change.file,
            "step": change.step,
            "item": change.item,
            "from": change.before,
            "to": change.after,
        }
    if isinstance(change, PhaseChange):
        return {"kind": "phase", "file": change.file, "from": change.before, "to": change.after}
    if isinstance(change, ApprovalChange):
        return {
            "kind": "approval",
            "file": change.file,
            "step": change.step,
            "action": change.action,
            "name": change.name,
            "role": change.role,
            "date": change.date,
            "gate": change.gate,
            "comment": change.comment,
        }
    if isinstance(change, FileChange):
        return {"kind": "file", "file": change.file, "step": change.step, "action": change.action}
    return {
        "kind": "unreadable",
        "file": change.file,
        "step": change.step,
        "reason": change.reason(lang),
    }


def report_text(logs: list[DossierLog], lang: Lang | None, color: bool, out: TextIO) -> None:
    console = console_for(out, color, width=200)
    for index, log in enumerate(logs):
        words = lang or log.lang
        if index:
            console.print()
        console.print(f"[bold]{escape(log.id or log.path)}[/] [dim]({escape(log.path)})[/]")
        if not log.commits:
            console.print(f"  {_WORDS['none'](words)}")
        for commit in log.commits:
            _commit_text(console, commit, words)


def _commit_text(console: Console, commit: Commit, lang: Lang) -> None:
    date = commit.date[:16].replace("T", " ")
    subject = commit.message.splitlines()[0] if commit.message else ""
    console.print(
        f"[yellow]{commit.short}[/]  {date}  {escape(commit.author)}  [bold]{escape(subject)}[/]"
    )
    for line in lines(commit.changes, lang):
        console.print(f"    {escape(line)}")


def lines(changes: tuple[Change, ...], lang: Lang) -> list[str]:
    """The changes of one commit for people: a new file as one line with its items counted,
    then every other change on a line of its own."""
    new_files = {c.file for c in changes if isinstance(c, FileChange) and c.action == "added"}
    shown = []
    for change in changes:
        if isinstance(change, ItemChange) and change.added and change.file in new_files:
            continue  # counted on the new file's line
        if isinstance(change, FileChange) and change.action == "added":
            shown.append(_new_file(change, changes, lang))
        else:
            shown.append(describe(change)(lang))
    return shown


def _new_file(change: FileChange, changes: tuple[Change, ...], lang: Lang) -> str:
    statuses = [
        c.after or "-" for c in changes if isinstance(c, ItemChange) and c.file == change.file
    ]
    if not statuses:
        return _WORDS["file-added"](lang).format(file=change.file)
    counts = ", ".join(f"{n} {status}" for status, n in Counter(statuses).most_common())
    return _WORDS["file-items"](lang).format(file=change.file, n=len(statuses), counts=counts)


def describe(change: Change) -> Text:
    """One change in both languages."""
    if isinstance(change, ItemChange):
        item = catalogue().item(change.item)
        label = f"{item.number} {change.item}" if item else change.item
        a, b = change.before or "-", change.after or "-"
        if change.added:
            return _WORDS["item-added"].format(item=label, b=b)
        if change.removed:
            return _WORDS["item-removed"].format(item=label, a=a)
        return _WORDS["item"].format(item=label, a=a, b=b)
    if isinstance(change, PhaseChange):
        if change.before is None:
            return _WORDS["phase-first"].format(b=change.after or "-")
        return _WORDS["phase"].format(a=change.before, b=change.after or "-")
    if isinstance(change, ApprovalChange):
        who = {"name": change.name, "role": change.role, "date": change.date}
        text = _WORDS[f"approval-{change.action}"].format(**who)
        if change.gate:
            text = _join(text, _WORDS["gate"].format(gate=change.gate))
        if change.step is not None:
            text = _join(_WORDS["step"].format(n=change.step), text)
        return text
    if isinstance(change, FileChange):
        return _WORDS[f"file-{change.action}"].format(file=change.file)
    return _WORDS["unreadable"].format(file=change.file, reason=change.reason)


def _join(a: Text, b: Text) -> Text:
    return Text(a.nl + b.nl, a.en + b.en)
