"""The law for a reader: a framework, an obligation or a decision tree, as of a date."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TextIO

from rich.console import Console
from rich.markup import escape

from hai_cli.console import console_for
from hai_cli.i18n import Lang, Text
from hai_cli.law import Framework, Law, Obligation, Source, Tree, law

ALIASES = {"ai-act": "eu_ai_act", "ai-verordening": "eu_ai_act", "avg": "gdpr"}

_WORDS = {
    "applies_since": Text("geldt sinds {d}", "applies since {d}"),
    "applies_from": Text("geldt vanaf {d}", "applies from {d}"),
    "no_date": Text("geen vaste datum", "no fixed date"),
    "now": Text("Wat nu geldt ({d})", "What applies now ({d})"),
    "comes": Text("Wat komt", "What comes"),
    "step_plan": Text("Het stappenplan (rond 2022)", "The step plan (about 2022)"),
    "current": Text("Stand van nu", "As it stands now"),
    "source": Text("Bron", "Source"),
    "verified": Text("geverifieerd {d}", "verified {d}"),
    "unconfirmed": Text("niet bevestigd", "not confirmed"),
    "overridden": Text("datum overschreven in {f}", "date overridden in {f}"),
    "when": Text("als {cond}", "when {cond}"),
    "rule": Text("gecontroleerd door {r}", "checked by {r}"),
    "tree": Text("Beslisboom", "Decision tree"),
    "answered_in": Text(
        "Beantwoord in stap {n} onder 'decisions: {t}:'",
        "Answered in step {n} under 'decisions: {t}:'",
    ),
    "answered_in_8": Text(
        "Beantwoord per wijziging in stap 8 onder 'significance:'",
        "Answered per change in step 8 under 'significance:'",
    ),
    "outcomes": Text("Uitkomsten", "Outcomes"),
    "start": Text("begin", "start"),
    "from_dossier": Text("(volgt uit het dossier: {w})", "(follows from the dossier: {w})"),
    "nothing": Text("niets", "nothing"),
}


@dataclass(frozen=True, slots=True)
class Article:
    """An article of a framework, as the obligations that cite it."""

    framework: Framework
    number: str
    obligations: tuple[Obligation, ...]


_ARTICLE = re.compile(
    r"^(?P<fw>ai[- ]?act|ai-verordening|mdr|avg|gdpr)?[\s-]*"
    r"(?:art(?:icle|ikel)?\.?)[\s-]*(?P<n>\d+)$"
)
_FRAMEWORK_OF = {"mdr": "mdr", "avg": "gdpr", "gdpr": "gdpr"}


def resolve(topic: str, laws: Law | None = None) -> Framework | Obligation | Tree | Article | None:
    data = laws or law()
    key = topic.strip().lower()
    key = ALIASES.get(key, key)
    found = (
        data.frameworks.get(key.replace("-", "_"))
        or data.obligations.get(key)
        or data.trees.get(key)
    )
    if found is not None:
        return found
    match = _ARTICLE.match(key)
    if match is None:
        return None
    framework = data.frameworks[_FRAMEWORK_OF.get(match["fw"] or "", "eu_ai_act")]
    number = match["n"]
    cites = re.compile(rf"\bart\. {number}(?!\d)")
    citing = tuple(
        o
        for o in data.obligations.values()
        if o.framework == framework.id and cites.search(o.article)
    )
    return Article(framework, number, citing) if citing else None


def topics(laws: Law | None = None) -> list[str]:
    data = laws or law()
    return [*data.frameworks, *data.obligations, *data.trees]


def explain_law(
    target: Framework | Obligation | Tree | Article,
    lang: Lang,
    today: dt.date,
    out: TextIO,
    color: bool,
) -> None:
    console = console_for(out, color)
    if isinstance(target, Article):
        name = target.framework.name(lang)
        console.print(f"[bold]{escape(name)} art. {target.number}[/]")
        for obligation in sorted(target.obligations, key=lambda o: (o.applies_from or today, o.id)):
            console.print()
            _obligation(console, obligation, lang, today, heading=True)
    elif isinstance(target, Framework):
        _framework(console, target, lang, today)
    elif isinstance(target, Obligation):
        _obligation(console, target, lang, today, heading=True)
    else:
        print_tree(console, target, lang)


def _source_line(source: Source, lang: Lang) -> str:
    mark = f" · {_WORDS['unconfirmed'](lang)}" if not source.confirmed else ""
    note = f" ({source.note})" if source.note and not source.confirmed else ""
    verified = _WORDS["verified"](lang).format(d=source.verified.isoformat())
    url = f" {source.url}" if source.url else ""
    return escape(f"{_WORDS['source'](lang)}: {source.title}{url} · {verified}{mark}{note}")


def _date_text(obligation: Obligation, lang: Lang, today: dt.date) -> str:
    if obligation.applies_from is None:
        return _WORDS["no_date"](lang)
    key = "applies_since" if obligation.applies_from <= today else "applies_from"
    return _WORDS[key](lang).format(d=obligation.applies_from.isoformat())


def _obligation(
    console: Console, obligation: Obligation, lang: Lang, today: dt.date, heading: bool
) -> None:
    data = law()
    title = f"[bold]{escape(obligation.id)}[/] — {escape(obligation.article)}"
    console.print(title if heading else f"  {title}")
    pad = "" if heading else "    "
    extra = []
    if obligation.when:
        cond = "; ".join(f"{t}: {', '.join(v)}" for t, v in obligation.when.items())
        extra.append(_WORDS["when"](lang).format(cond=cond))
    if obligation.rule:
        extra.append(_WORDS["rule"](lang).format(r=obligation.rule))
    if obligation.overridden:
        extra.append(_WORDS["overridden"](lang).format(f=obligation.overridden))
    if not obligation.confirmed:
        extra.append(_WORDS["unconfirmed"](lang))
    console.print(
        f"{pad}[cyan]{escape(_date_text(obligation, lang, today))}[/]"
        + (f" · {escape(' · '.join(extra))}" if extra else "")
    )
    console.print(f"{pad}{escape(obligation.text(lang))}")
    if obligation.note is not None:
        console.print(f"{pad}[dim]{escape(obligation.note(lang))}[/]")
    source = data.sources.get(obligation.source)
    if source is not None:
        console.print(f"{pad}[dim]{_source_line(source, lang)}[/]")


def _framework(console: Console, framework: Framework, lang: Lang, today: dt.date) -> None:
    data = law()
    console.print(f"[bold]{escape(framework.name(lang))}[/] — {escape(framework.article)}")
    if framework.applies_from is not None:
        key = "applies_since" if framework.applies_from <= today else "applies_from"
        console.print(f"[cyan]{_WORDS[key](lang).format(d=framework.applies_from.isoformat())}[/]")
    console.print(escape(framework.text(lang)))
    source = data.sources.get(framework.source)
    if source is not None:
        console.print(f"[dim]{_source_line(source, lang)}[/]")
    if framework.step_plan is not None:
        console.print()
        console.print(f"[bold]{_WORDS['step_plan'](lang)}[/]")
        console.print(escape(framework.step_plan(lang)))
    if framework.now is not None:
        console.print()
        console.print(f"[bold]{_WORDS['current'](lang)}[/]")
        console.print(escape(framework.now(lang)))
        now_source = data.sources.get(framework.now_source or "")
        if now_source is not None:
            console.print(f"[dim]{_source_line(now_source, lang)}[/]")
    own = [o for o in data.obligations.values() if o.framework == framework.id]
    now = [o for o in own if o.in_force(today)]
    comes = sorted(
        (o for o in own if not o.in_force(today)), key=lambda o: (o.applies_from or today, o.id)
    )
    console.print()
    console.print(f"[bold]{_WORDS['now'](lang).format(d=today.isoformat())}[/]")
    for obligation in now or []:
        _obligation(console, obligation, lang, today, heading=False)
    if not now:
        console.print(f"  {_WORDS['nothing'](lang)}")
    console.print()
    console.print(f"[bold]{_WORDS['comes'](lang)}[/]")
    for obligation in comes:
        _obligation(console, obligation, lang, today, heading=False)
    if not comes:
        console.print(f"  {_WORDS['nothing'](lang)}")


def print_tree(console: Console, tree: Tree, lang: Lang) -> None:
    from hai_cli.law import FACT_WHERE

    data = law()
    console.print(f"[bold]{_WORDS['tree'](lang)} {escape(tree.id)}: {escape(tree.title(lang))}[/]")
    where = (
        _WORDS["answered_in_8"](lang)
        if tree.step == 8
        else _WORDS["answered_in"](lang).format(n=tree.step, t=tree.id)
    )
    console.print(f"[dim]{escape(where)}[/]")
    for sid in tree.sources:
        source = data.sources.get(sid)
        if source is not None:
            console.print(f"[dim]{_source_line(source, lang)}[/]")
    for question in tree.questions.values():
        console.print()
        start = f" ({_WORDS['start'](lang)})" if question.id == tree.start else ""
        console.print(f"[bold cyan]{escape(question.id)}[/]{start}: {escape(question.text(lang))}")
        console.print(f"  [dim]{escape(question.basis)}[/]")
        if question.fact:
            fact = _WORDS["from_dossier"](lang).format(w=FACT_WHERE[question.fact](lang))
            console.print(f"  [dim]{escape(fact)}[/]")
        for answer, choice in question.answers.items():
            target = f"→ {choice.next}" if choice.next else f"⇒ {choice.outcome}"
            label = question.label(answer)(lang)
            shown = f"{answer} ({label})" if label != answer else answer
            console.print(f"  - {escape(shown)} {escape(target)}")
    console.print()
    console.print(f"[bold]{_WORDS['outcomes'](lang)}[/]")
    for outcome in tree.outcomes.values():
        console.print(
            f"  [bold]{escape(outcome.id)}[/]: {escape(outcome.text(lang))} "
            f"[dim]({escape(outcome.basis)})[/]"
        )
