"""``hai explain``: the step plan's own words for a checklist item or a step."""

from __future__ import annotations

import datetime as dt
from typing import TextIO

from rich.console import Console
from rich.markup import escape

from hai_cli.catalogue import Item, Step, catalogue
from hai_cli.console import console_for
from hai_cli.i18n import Lang, Text, did_you_mean
from hai_cli.problems import HaiError

_LABELS = {
    "step": Text("Stap", "Step"),
    "explanation": Text("Toelichting", "Explanation"),
    "tips": Text("Tips", "Tips"),
    "definitions": Text("Definities", "Definitions"),
    "items": Text("Checklist", "Checklist"),
    "evidence": Text(
        "Dit punt vraagt bewijs in het productdossier (evidence/).",
        "This item needs evidence in the product dossier (evidence/).",
    ),
    "gate": Text("Poort: {gate} · fase {phase}", "Gate: {gate} · phase {phase}"),
    "purchase": Text("Alleen bij inkoop.", "Purchase only."),
    "now": Text("Wat nu geldt (geverifieerd {d})", "What holds now (verified {d})"),
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
    from hai_cli.report.law import topics

    names = [i.id for i in cat.items] + [s.key for s in cat.steps] + topics()
    hint = did_you_mean(
        key,
        names,
        Text(
            " Geef een stapnummer (1-8), een punt-id zoals 'risk-analysis', een kader zoals "
            "'eu_ai_act', een verplichting zoals 'ai-act-literacy' of een beslisboom zoals "
            "'ai-act-role'.",
            " Give a step number (1-8), an item id such as 'risk-analysis', a framework such "
            "as 'eu_ai_act', an obligation such as 'ai-act-literacy' or a decision tree such "
            "as 'ai-act-role'.",
        ),
    )
    raise HaiError(
        Text(
            "'{t}' is geen stap, checklistpunt, kader, verplichting of beslisboom.{h}",
            "'{t}' is not a step, checklist item, framework, obligation or decision tree.{h}",
        ).format(t=topic, h=hint)
    )


def explain(topic: str, lang: Lang, out: TextIO, color: bool, today: dt.date | None = None) -> None:
    from hai_cli.report.law import explain_law
    from hai_cli.report.law import resolve as resolve_law

    law_target = resolve_law(topic)
    cat = catalogue()
    if law_target is not None and cat.find(topic) is None:
        explain_law(law_target, lang, today or dt.date.today(), out, color)
        return
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
    _law_note(console, item, lang)
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


def _law_note(console: Console, item: Item, lang: Lang) -> None:
    """What holds now, where the step plan's text (about 2022) is outdated, with its source."""
    from hai_cli.law import law

    data = law()
    note = data.notes.get(item.id)
    if note is None:
        return
    source = data.sources.get(note.source)
    console.print()
    console.print(f"[bold]{_LABELS['now'](lang).format(d=data.verified.isoformat())}[/]")
    console.print(escape(note.text(lang)))
    if source is not None:
        console.print(f"[dim]{escape(source.title)} {escape(source.url)}[/]")


def _tips(console: Console, tips: tuple[Text, ...], lang: Lang) -> None:
    if tips:
        console.print()
        console.print(f"[bold]{_LABELS['tips'](lang)}[/]")
        for tip in tips:
            console.print(f"  • {escape(tip(lang))}")
