"""``hai explain``: the step plan's own words for a checklist item or a step."""

from __future__ import annotations

import difflib
from typing import TextIO

from rich.console import Console
from rich.markup import escape

from hai_cli.catalogue import Item, Step, catalogue
from hai_cli.console import console_for
from hai_cli.i18n import Lang, Text
from hai_cli.problems import HaiError

_LABELS = {
    "step": Text("Stap", "Step"),
    "explanation": Text("Toelichting", "Explanation"),
    "tips": Text("Tips", "Tips"),
    "definitions": Text("Definities", "Definitions"),
    "items": Text("Checklist", "Checklist"),
    "evidence": Text(
        "Dit punt vraagt bewijs in het dossier (evidence/): het productdossier bij inkoop, "
        "het ontwikkeldossier bij zelfbouw.",
        "This item needs evidence in the dossier (evidence/): the product dossier when "
        "bought, the development dossier when built in-house.",
    ),
    "gate": Text("Poort: {gate} · fase {phase}", "Gate: {gate} · phase {phase}"),
    "purchase": Text("Alleen bij inkoop.", "Purchase only."),
}


def resolve(topic: str) -> Item | Step:
    cat = catalogue()
    key = topic.strip().lower()
    if key.isdigit() and 1 <= int(key) <= len(cat.steps):
        return cat.step(int(key))
    for step in cat.steps:
        if key in (step.key, f"step{step.number}", f"stap{step.number}"):
            return step
    item = cat.find(key)  # an id, or the number `hai check` shows
    if item is not None:
        return item
    names = [i.id for i in cat.items] + [s.key for s in cat.steps]
    close = difflib.get_close_matches(key, names, n=3, cutoff=0.5)
    hint = (
        Text(" Bedoelde je: {c}?", " Did you mean: {c}?").format(c=", ".join(close))
        if close
        else Text(
            " Geef een stapnummer (1-8) of een punt-id zoals 'risk-analysis'.",
            " Give a step number (1-8) or an item id such as 'risk-analysis'.",
        )
    )
    raise HaiError(
        Text(
            "'{t}' is geen stap of checklistpunt.{h}", "'{t}' is not a step or checklist item.{h}"
        ).format(t=topic, h=hint)
    )


def explain(topic: str, lang: Lang, out: TextIO, color: bool) -> None:
    console = console_for(out, color)
    target = resolve(topic)
    if isinstance(target, Step):
        _step(console, target, lang)
    else:
        _item(console, target, lang)


def _step(console: Console, step: Step, lang: Lang) -> None:
    console.print(f"[bold]{_LABELS['step'](lang)} {step.number}: {escape(step.title(lang))}[/]")
    console.print(escape(step.summary(lang)))
    console.print()
    console.print(f"[bold]{_LABELS['items'](lang)}[/]")
    for item in step.items:
        console.print(f"  [cyan]{item.number:<4}[/] {item.id}: {escape(item.text(lang))}")
    _tips(console, step.tips, lang)


def _item(console: Console, item: Item, lang: Lang) -> None:
    step = catalogue().step(item.step)
    number = item.number
    console.print(
        f"[bold]{number} {item.id}[/] — {_LABELS['step'](lang)} {step.number}: "
        f"{escape(step.title(lang))}"
    )
    console.print(f"[bold]{escape(item.text(lang))}[/]")
    gate = catalogue().gates[item.gate].title(lang)
    console.print(f"[dim]{escape(_LABELS['gate'](lang).format(gate=gate, phase=item.phase))}[/]")
    if item.evidence_required:
        console.print(f"[yellow]{_LABELS['evidence'](lang)}[/]")
    if item.acquisition == "purchase":
        console.print(f"[dim]{_LABELS['purchase'](lang)}[/]")
    console.print()
    console.print(f"[bold]{_LABELS['explanation'](lang)}[/]")
    console.print(escape(item.explanation(lang)))
    _tips(console, item.tips, lang)
    definitions = [
        catalogue().definitions[d] for d in item.definitions if d in catalogue().definitions
    ]
    if definitions:
        console.print()
        console.print(f"[bold]{_LABELS['definitions'](lang)}[/]")
        for definition in definitions:
            console.print(
                f"  [italic]{escape(definition.term(lang))}[/]: {escape(definition.text(lang))}"
            )


def _tips(console: Console, tips: tuple[Text, ...], lang: Lang) -> None:
    if tips:
        console.print()
        console.print(f"[bold]{_LABELS['tips'](lang)}[/]")
        for tip in tips:
            console.print(f"  • {escape(tip(lang))}")
