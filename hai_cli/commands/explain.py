"""``hai explain``: the step plan's own words for a checklist item, a step, a term of the
step plan (``dpia``, ``PRI``, ``BIV``) or a field of a dossier file."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TextIO

from rich.console import Console
from rich.markup import escape

from hai_cli.catalogue import Definition, Item, Step, catalogue
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
        "Dit punt vraagt bewijs in het dossier (evidence/): het productdossier bij inkoop, "
        "het ontwikkeldossier bij zelfbouw.",
        "This item needs evidence in the dossier (evidence/): the product dossier when "
        "bought, the development dossier when built in-house.",
    ),
    "gate": Text("Poort: {gate} · fase {phase}", "Gate: {gate} · phase {phase}"),
    "purchase": Text("Alleen bij inkoop.", "Purchase only."),
    "now": Text("Wat nu geldt (geverifieerd {d})", "What holds now (verified {d})"),
    "term": Text("begrip uit het stappenplan", "a term of the step plan"),
    "see": Text("Checklistpunten die het begrip gebruiken", "Checklist items that use the term"),
    "field": Text("veld in {file}", "field in {file}"),
    "choices": Text("Kies uit: {values}.", "One of: {values}."),
}


@dataclass(frozen=True, slots=True)
class Field:
    """A field of a dossier file: its dotted path (``step4.pri.type``) and guidance."""

    path: str
    text: Text


Topic = Item | Step | Definition | Field


def resolve(topic: str) -> list[Topic]:
    """What ``topic`` names: a step, an item, or else the step plan's terms (``dpia``, ``PRI``,
    ``BIV``) and the fields (``risk_indication``, ``pri.type``) it matches, each once."""
    cat = catalogue()
    key = topic.strip().lower()
    if key.isdigit() and 1 <= int(key) <= len(cat.steps):
        return [cat.step(int(key))]
    for step in cat.steps:
        if key in (step.key, f"step{step.number}", f"stap{step.number}"):
            return [step]
    item = cat.find(key)  # an id, or the number `hai check` shows
    if item is not None:
        return [item]
    found: list[Topic] = [d for d in cat.definitions.values() if key in _names(d)]
    fields = _fields(key)
    if len(fields) > _MOST_FIELDS:
        raise HaiError(
            Text(
                "'{t}' is een veld op {n} plaatsen, zoals {some}. Geef het pad, zoals "
                "'hai explain {first}'.",
                "'{t}' is a field in {n} places, such as {some}. Give its path, like "
                "'hai explain {first}'.",
            ).format(
                t=topic,
                n=len(fields),
                some=", ".join(f.path for f in fields[:4]),
                first=fields[0].path,
            )
        )
    found += fields
    if found:
        return found
    from hai_cli.report.law import topics

    names = (
        topics()
        + [i.id for i in cat.items]
        + [s.key for s in cat.steps]
        + [n for d in cat.definitions.values() for n in _names(d)]
        + [path.split(".", 1)[1] for path in cat.fields]
    )
    hint = did_you_mean(
        key,
        names,
        Text(
            " Geef een stapnummer (1-8), een punt-id zoals 'risk-analysis', een begrip zoals "
            "'dpia', een veld zoals 'risk_indication', een kader zoals 'eu_ai_act', een "
            "verplichting zoals 'ai-act-literacy' of een beslisboom zoals 'ai-act-role'.",
            " Give a step number (1-8), an item id such as 'risk-analysis', a term such as "
            "'dpia', a field such as 'risk_indication', a framework such as 'eu_ai_act', an "
            "obligation such as 'ai-act-literacy' or a decision tree such as 'ai-act-role'.",
        ),
    )
    raise HaiError(
        Text(
            "'{t}' is geen stap, checklistpunt, begrip, veld, kader, verplichting of "
            "beslisboom.{h}",
            "'{t}' is not a step, checklist item, term, field, framework, obligation or "
            "decision tree.{h}",
        ).format(t=topic, h=hint)
    )


_MOST_FIELDS = 6


def _names(definition: Definition) -> set[str]:
    """How a term may be asked for: its id (``biv-classification``), the id's first part
    (``biv``), its name in either language, and an abbreviation in brackets (``PRI``)."""
    names = {definition.id, definition.id.split("-")[0]}
    for term in (definition.term.nl, definition.term.en):
        names.add(term.lower())
        names.update(a.lower() for a in re.findall(r"\(([^(),]+)[,)]", term))
        names.add(re.sub(r"\s*\(.*\)", "", term).lower())
    return names


def _fields(key: str) -> list[Field]:
    """The fields whose path is ``key`` or ends with it (``pri.type``, ``step4.pri.type``)."""
    cat = catalogue()
    wanted = key.replace("-", "_") if "." not in key else key
    return [
        Field(path, text)
        for path, text in cat.fields.items()
        if path == wanted or path.endswith(f".{wanted}")
    ]


def explain(topic: str, lang: Lang, out: TextIO, color: bool, today: dt.date | None = None) -> None:
    from hai_cli.report.law import explain_law
    from hai_cli.report.law import resolve as resolve_law

    law_target = resolve_law(topic)
    try:
        targets = resolve(topic)
    except HaiError:
        if law_target is None:
            raise
        targets = []
    if law_target is not None and catalogue().find(topic) is None and not targets:
        explain_law(law_target, lang, today or dt.date.today(), out, color)
        return
    console = console_for(out, color)
    for number, target in enumerate(targets):
        if number:
            console.print()
        if isinstance(target, Step):
            _step(console, target, lang)
        elif isinstance(target, Item):
            _item(console, target, lang)
        elif isinstance(target, Definition):
            _definition(console, target, lang)
        else:
            _field(console, target, lang)
    if law_target is not None and catalogue().find(topic) is None:  # a term that is also law
        console.print()
        explain_law(law_target, lang, today or dt.date.today(), out, color)


def _definition(console: Console, definition: Definition, lang: Lang) -> None:
    console.print(f"[bold]{escape(definition.term(lang))}[/] — {_LABELS['term'](lang)}")
    console.print(escape(definition.text(lang)))
    items = [i for i in catalogue().items if definition.id in i.definitions]
    if items:
        console.print()
        console.print(f"[bold]{_LABELS['see'](lang)}[/]")
        for item in items:
            console.print(f"  [cyan]{item.number:<4}[/] {item.id}: {escape(item.text(lang))}")


def _field(console: Console, field: Field, lang: Lang) -> None:
    where, _, key = field.path.partition(".")
    if where == "dossier":
        file = "dossier.yaml"
    else:
        file = catalogue().step(int(where.removeprefix("step"))).path
    console.print(f"[bold]{escape(key)}[/] — {escape(_LABELS['field'](lang).format(file=file))}")
    console.print(escape(field.text(lang)))
    choices = _choices(field.path)
    if choices:
        console.print(escape(_LABELS["choices"](lang).format(values=choices)))


def _choices(path: str) -> str:
    """The values a field allows, where it is a choice (an enum, or true | false)."""
    from enum import Enum

    from hai_cli.model import STEP_MODELS, DossierFile
    from hai_cli.schema_errors import model_at, model_field, unwrap

    where, *parts = path.split(".")
    root = DossierFile if where == "dossier" else STEP_MODELS[int(where.removeprefix("step"))]
    model = model_at(root, tuple(parts[:-1]))
    found = model_field(model, parts[-1]) if model is not None else None
    annotation = unwrap(found.annotation) if found is not None else None
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return " | ".join(str(m.value) for m in annotation)
    return "true | false" if annotation is bool else ""


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


def _tips(console: Console, tips: tuple[Text, ...], lang: Lang) -> None:
    if tips:
        console.print()
        console.print(f"[bold]{_LABELS['tips'](lang)}[/]")
        for tip in tips:
            console.print(f"  • {escape(tip(lang))}")


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
