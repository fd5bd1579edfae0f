"""``hai decide TREE``: walk a decision tree question by question, or print it whole.

The walk ends in an outcome with its legal basis and the YAML to put in the dossier (step 4 or
6 under ``decisions:``, step 8 per change under ``significance:``). Nothing is written: the team
records the answers themselves, so the dossier says who decided.
"""

from __future__ import annotations

import difflib
from typing import TextIO

from rich.markup import escape

from hai_cli.console import console_for
from hai_cli.i18n import Lang, Text
from hai_cli.law import Tree, law
from hai_cli.problems import HaiError
from hai_cli.report.law import print_tree

_WORDS = {
    "answer": Text("Antwoord", "Answer"),
    "not_option": Text(
        "'{a}' is geen antwoord; kies een nummer of een van: {options}.",
        "'{a}' is not an answer; choose a number or one of: {options}.",
    ),
    "outcome": Text("Uitkomst", "Outcome"),
    "record": Text("Leg de antwoorden vast in stap {n}:", "Record the answers in step {n}:"),
    "record_8": Text(
        "Leg de antwoorden vast bij de wijziging in stap 8:",
        "Record the answers with the change in step 8:",
    ),
}


def find_tree(name: str) -> Tree:
    trees = law().trees
    tree = trees.get(name.strip().lower())
    if tree is None:
        close = difflib.get_close_matches(name.strip().lower(), list(trees), n=1, cutoff=0.5)
        hint = (
            Text(" Bedoelde je '{c}'?", " Did you mean '{c}'?").format(c=close[0])
            if close
            else Text("", "")
        )
        raise HaiError(
            Text(
                "'{t}' is geen beslisboom.{h} Beslisbomen: {all}.",
                "'{t}' is not a decision tree.{h} Decision trees: {all}.",
            ).format(t=name, h=hint, all=", ".join(trees))
        )
    return tree


def decide(tree: Tree, lang: Lang, out: TextIO, color: bool, stdin: TextIO, whole: bool) -> None:
    """Print the tree (``whole``), or walk it reading one answer a line from ``stdin``."""
    console = console_for(out, color)
    if whole:
        print_tree(console, tree, lang)
        return
    console.print(f"[bold]{escape(tree.title(lang))}[/]")
    answers: list[tuple[str, str]] = []
    current: str | None = tree.start
    outcome = None
    while current is not None:
        question = tree.questions[current]
        console.print()
        console.print(f"[bold cyan]{escape(question.id)}[/]: {escape(question.text(lang))}")
        console.print(f"  [dim]{escape(question.basis)}[/]")
        options = list(question.answers)
        for number, answer in enumerate(options, start=1):
            label = question.label(answer)(lang)
            shown = f"{answer} ({label})" if label != answer else answer
            console.print(f"  {number}. {escape(shown)}")
        while True:
            console.print(f"{_WORDS['answer'](lang)}: ", end="")
            out.flush()
            line = stdin.readline()
            given = line.strip().lower()
            if not line:
                raise HaiError(
                    Text(
                        "Geen antwoord gekregen. 'hai decide {t} --print' toont de hele boom.",
                        "No answer given. 'hai decide {t} --print' shows the whole tree.",
                    ).format(t=tree.id)
                ) from None
            if given.isdigit() and 1 <= int(given) <= len(options):
                given = options[int(given) - 1]
            if given in question.answers:
                break
            console.print(
                escape(_WORDS["not_option"](lang).format(a=given, options=", ".join(options)))
            )
        answers.append((question.id, given))
        choice = question.answers[given]
        if choice.outcome is not None:
            outcome = tree.outcomes[choice.outcome]
        current = choice.next
    assert outcome is not None
    console.print()
    console.print(f"[bold]{_WORDS['outcome'](lang)}: {escape(outcome.id)}[/]")
    console.print(escape(outcome.text(lang)))
    console.print(f"[dim]{escape(outcome.basis)}[/]")
    console.print()
    if tree.step == 8:
        console.print(_WORDS["record_8"](lang))
        lines = ["significance:"]
    else:
        console.print(_WORDS["record"](lang).format(n=tree.step))
        lines = ["decisions:", f"  {tree.id}:"]
    pad = "  " * (len(lines))
    lines += [f'{pad}{q}: "{a}"' for q, a in answers]
    for line in lines:
        console.print(escape(line), highlight=False)
