"""``hai interview STEP``: the step's fields and checklist items, one question at a time.

Questions come in the order of the step file (the scaffold's order, which is the step plan's),
each with the guidance the scaffold writes as a comment; ``?`` shows the full explanation
(``hai explain`` for an item). Every answer is read by the field's kind, validated with the
whole file's model and written at once (atomically, comments kept), so stopping halfway loses
nothing, and a new run starts at the first field that is still open.

The conversation goes through two callables (read a line, write text), so that the core does
not know about terminals.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from hai_cli.catalogue import Item, catalogue
from hai_cli.edit import (
    BadValue,
    Editor,
    Kind,
    Plan,
    Spec,
    describe,
    dotted,
    fields_of,
    guidance_key,
    read_scalar,
    shown,
)
from hai_cli.i18n import Lang, Text
from hai_cli.problems import HaiError
from hai_cli.yamlio import KeyPath

ExplainItem = Callable[[str, Lang], str]

Read = Callable[[], str | None]  # None: the person stopped (end of input, Ctrl-C)
Write = Callable[[str], None]

_WIDTH = 92
CLEAR = "-"  # the answer that empties a field


class Stop(Exception):
    """The person ended the interview; everything answered so far is written."""


@dataclass(frozen=True, slots=True)
class Question:
    path: KeyPath
    spec: Spec | None = None  # a field
    item: Item | None = None  # a checklist item


def questions(editor: Editor) -> list[Question]:
    """The step's fields (sections opened up) and its checklist items, in the file's order."""
    out: list[Question] = []
    phase = editor.dossier.info.phase.value if editor.dossier.info else None
    acquisition = editor.acquisition

    def walk(model: Any, path: KeyPath) -> None:
        for key, _, _ in fields_of(model):
            here = (*path, key)
            if key == "approvals":
                continue
            if key == "checklist":
                group = "decommissioning" if path == ("decommissioning",) else "checklist"
                assert editor.step is not None
                for item in catalogue().step(editor.step).group(group):
                    if item.applies(acquisition, phase):
                        out.append(Question(item.path, item=item))
                continue
            spec = describe(editor.model, here, editor.prefix)
            if spec.kind is Kind.SECTION:
                walk(spec.model, here)
            elif spec.kind is not Kind.OTHER:
                out.append(Question(here, spec=spec))

    walk(editor.model, ())
    return out


def is_open(editor: Editor, question: Question) -> bool:
    if question.item is not None:
        status = editor.value((*question.path, "status"))
        reason = editor.value((*question.path, "reason"))
        return not (status == "done" or (status == "n/a" and bool(reason)))
    value = editor.value(question.path)
    return value is None or value == [] or value == ""


@dataclass(slots=True)
class Interview:
    editor: Editor
    read: Read
    write: Write
    lang: Lang
    yes: bool = False
    today: dt.date = field(default_factory=dt.date.today)
    answered: int = 0
    explain_item: ExplainItem | None = None  # `hai explain` of an item, as text (for ?)

    def say(self, text: str = "") -> None:
        self.write(text + "\n")

    def t(self, nl: str, en: str) -> str:
        return Text(nl, en)(self.lang)

    def run(self, only_open: bool, blocking_lines: set[int]) -> None:
        all_questions = questions(self.editor)
        if only_open:
            todo = [q for q in all_questions if self._blocks(q, blocking_lines)]
        else:
            first = next(
                (i for i, q in enumerate(all_questions) if is_open(self.editor, q)),
                len(all_questions),
            )
            todo = all_questions[first:]
        step = catalogue().step(self.editor.step or 1)
        self.say(f"{self.t('Stap', 'Step')} {step.number}: {step.title(self.lang)}")
        if not todo:
            self.say(
                self.t("Niets meer te vragen in deze stap.", "Nothing left to ask in this step.")
            )
            return
        self.say(
            self.t(
                f"{len(todo)} {'vraag' if len(todo) == 1 else 'vragen'}. Enter houdt de huidige "
                "waarde, - maakt het veld leeg, ? geeft uitleg, Ctrl-D stopt (wat je "
                "beantwoordde blijft bewaard).",
                f"{len(todo)} {'question' if len(todo) == 1 else 'questions'}. Enter keeps the "
                "current value, - empties the field, ? explains, Ctrl-D stops (what you answered "
                "is kept).",
            )
        )
        for number, question in enumerate(todo, start=1):
            self.say()
            if question.item is not None:
                self._item(question, number, len(todo))
            else:
                self._field(question, number, len(todo))

    def _blocks(self, question: Question, lines: set[int]) -> bool:
        """Open items; what an error points at; and, while the step has errors (a rule that
        wants a field once an item is done), every field still empty."""
        if is_open(self.editor, question) and (question.item is not None or lines):
            return True
        return self.editor.parsed.line(question.path) in lines

    # -- fields

    def _field(self, question: Question, number: int, total: int) -> None:
        spec = question.spec
        assert spec is not None
        self.say(f"[{number}/{total}] {spec.dotted}")
        if spec.guidance is not None:
            self._wrapped(spec.guidance(self.lang))
        self.say(f"{self.t('Nu', 'Now')}: {shown(self.editor.value(spec.path), self.lang)}")
        if spec.kind is Kind.LIST:
            self._list(spec)
        elif spec.kind is Kind.ENTRIES:
            self._entries(spec)
        else:
            self._scalar(spec)

    def _scalar(self, spec: Spec) -> None:
        self._choices(spec.kind, spec.choices)
        while True:
            answer = self._ask(self._hint(spec.kind, spec.choices), spec)
            if answer == "":
                return
            if answer == CLEAR:
                if self._save({spec.path: None}):
                    return
                continue
            try:
                value = self._value(spec.kind, spec.choices, answer)
            except BadValue as e:
                self.say(e.text(self.lang))
                continue
            if self._save({spec.path: value}):
                return

    def _list(self, spec: Spec) -> None:
        assert spec.element is not None
        self._choices(spec.element, spec.choices)
        while True:
            prompt = self.t("nieuwe regel (Enter: klaar)", "new entry (Enter: done)")
            answer = self._ask(prompt, spec)
            if answer == "":
                return
            if answer == CLEAR:
                self._save({spec.path: []})
                continue
            try:
                value = self._value(spec.element, spec.choices, answer)
            except BadValue as e:
                self.say(e.text(self.lang))
                continue
            present = list(self.editor.value(spec.path) or [])
            self._save({spec.path: [*present, value]})

    def _entries(self, spec: Spec) -> None:
        assert spec.model is not None
        while True:
            more = self._yes_no(
                self.t(f"Een regel toevoegen aan {spec.key}?", f"Add an entry to {spec.key}?"),
                spec,
            )
            if not more:
                return
            entry: dict[str, Any] = {}
            for key, _, required in fields_of(spec.model):
                sub = describe(spec.model, (key,), guidance_key(self.editor.prefix, spec.path))
                if sub.kind in (Kind.SECTION, Kind.ENTRIES, Kind.OTHER):
                    continue
                value = self._entry_field(spec, sub, required)
                if value not in (None, []):
                    entry[key] = value
            present = list(self.editor.value(spec.path) or [])
            self._save({spec.path: [*present, entry]})

    def _entry_field(self, parent: Spec, sub: Spec, required: bool) -> Any:
        guidance = catalogue().field_text(guidance_key(self.editor.prefix, (*parent.path, sub.key)))
        label = f"  {sub.key}" + (self.t(" (verplicht)", " (required)") if required else "")
        self.say(label + (f": {guidance(self.lang)}" if guidance else ""))
        kind = sub.element if sub.kind is Kind.LIST and sub.element else sub.kind
        self._choices(kind, sub.choices)
        values: list[Any] = []
        while True:
            hint = self._hint(kind, sub.choices)
            if sub.kind is Kind.LIST:
                hint = self.t("regel (Enter: klaar)", "entry (Enter: done)")
            answer = self._ask(hint, parent)
            if answer == "" and not (required and not values):
                return values if sub.kind is Kind.LIST else None
            if answer == "":
                self.say(self.t("Dit veld is verplicht.", "This field is required."))
                continue
            try:
                value = self._value(kind, sub.choices, answer)
            except BadValue as e:
                self.say(e.text(self.lang))
                continue
            if sub.kind is not Kind.LIST:
                return value
            values.append(value)

    # -- checklist items

    def _item(self, question: Question, number: int, total: int) -> None:
        item = question.item
        assert item is not None
        base = question.path
        self.say(f"[{number}/{total}] {item.number} {item.id}")
        self._wrapped(item.text(self.lang))
        if item.evidence_required:
            self._wrapped(
                self.t(
                    "Bewijs vereist: een document in evidence/.",
                    "Evidence required: a document in evidence/.",
                )
            )
        status = self.editor.value((*base, "status")) or "open"
        self.say(f"{self.t('Nu', 'Now')}: status {status}")
        choices = ("open", "done", "n/a")
        self._choices(Kind.CHOICE, choices)
        while True:
            answer = self._ask(self._hint(Kind.CHOICE, choices), question)
            if answer == "":
                break
            try:
                value = self._value(Kind.CHOICE, choices, answer)
            except BadValue as e:
                self.say(e.text(self.lang))
                continue
            if self._save({(*base, "status"): value}):
                break
        status = self.editor.value((*base, "status"))
        if status == "done" and item.evidence_required:
            self._evidence(question)
        if status == "n/a":
            self._text(question, "reason", required=True)
        self._text(question, "note", required=False)

    def _evidence(self, question: Question) -> None:
        path = (*question.path, "evidence")
        while True:
            present = list(self.editor.value(path) or [])
            self.say(f"  evidence: {shown(present, self.lang)}")
            prompt = self.t(
                "pad van een bewijsstuk, zoals evidence/pri.pdf (Enter: klaar)",
                "path of an evidence file, like evidence/pri.pdf (Enter: done)",
            )
            answer = self._ask(prompt, question)
            if answer == "":
                if present:
                    return
                self.say(
                    self.t(
                        "Dit punt is pas af met bewijs; geef een pad, of zet de status terug "
                        "(hai interview opnieuw).",
                        "This item is done only with evidence; give a path, or set the status "
                        "back (run hai interview again).",
                    )
                )
                return
            if answer not in present:
                self._save({path: [*present, answer]})

    def _text(self, question: Question, key: str, required: bool) -> None:
        path = (*question.path, key)
        current = self.editor.value(path)
        self.say(f"  {key}: {shown(current, self.lang)}")
        while True:
            answer = self._ask(key, question)
            if answer == "":
                if required and not current:
                    self.say(self.t("Bij n/a hoort een reden.", "n/a needs a reason."))
                    continue
                return
            if self._save({path: answer}):
                return

    # -- the conversation

    def _ask(self, prompt: str, about: Spec | Question) -> str:
        while True:
            self.write(f"{prompt}> ")
            line = self.read()
            if line is None:
                raise Stop
            answer = line.strip()
            if answer != "?":
                return answer
            self._explain(about)

    def _yes_no(self, prompt: str, about: Spec) -> bool:
        while True:
            answer = self._ask(f"{prompt} {self.t('ja/nee', 'yes/no')}", about)
            if answer == "":
                return False
            try:
                return bool(read_scalar(Kind.BOOL, (), answer, self.today))
            except BadValue as e:
                self.say(e.text(self.lang))

    def _value(self, kind: Kind, choices: tuple[str, ...], answer: str) -> Any:
        if kind is Kind.CHOICE and answer.isdigit() and 1 <= int(answer) <= len(choices):
            return choices[int(answer) - 1]
        return read_scalar(kind, choices, answer, self.today)

    def _hint(self, kind: Kind, choices: tuple[str, ...]) -> str:
        hints = {
            Kind.CHOICE: self.t(f"keuze 1-{len(choices)}", f"choice 1-{len(choices)}"),
            Kind.BOOL: self.t("ja/nee", "yes/no"),
            Kind.DATE: self.t("datum (dd-mm-jjjj)", "date (yyyy-mm-dd or dd-mm-yyyy)"),
            Kind.INT: self.t("geheel getal", "whole number"),
            Kind.FLOAT: self.t("getal", "number"),
        }
        return hints.get(kind, self.t("tekst", "text"))

    def _choices(self, kind: Kind, choices: tuple[str, ...]) -> None:
        if kind is not Kind.CHOICE:
            return
        from hai_cli.labels import value as label

        for index, choice in enumerate(choices, start=1):
            readable = label(choice, self.lang)
            extra = f" ({readable})" if readable != choice else ""
            self.say(f"  {index}) {choice}{extra}")

    def _save(self, values: dict[KeyPath, Any]) -> bool:
        """Validate and write at once; False (and why) when the answer is not accepted."""
        try:
            plan = self.editor.plan(values)
        except HaiError as e:
            self.say(e.text(self.lang))
            return False
        if plan.data == self.editor.data:
            return True
        if plan.stale and not self._allow_stale(plan):
            raise Stop
        self.editor.write(plan)
        self.answered += 1
        self.say(self.t("  opgeslagen", "  saved"))
        return True

    def _allow_stale(self, plan: Plan) -> bool:
        for stale in plan.stale:
            a = stale.approval
            self.say(
                self.t(
                    f"Let op: de goedkeuring van {stale.what('nl')} door {a.name} "
                    f"({a.role.value}, {a.date}) vervalt door dit antwoord.",
                    f"Note: the approval of {stale.what('en')} by {a.name} ({a.role.value}, "
                    f"{a.date}) becomes stale with this answer.",
                )
            )
        if self.yes:
            return True
        while True:
            answer = self._ask(self.t("Doorgaan? ja/nee", "Go on? yes/no"), Question(()))
            try:
                self.yes = bool(read_scalar(Kind.BOOL, (), answer, self.today))
            except BadValue as e:
                self.say(e.text(self.lang))
                continue
            return self.yes

    def _wrapped(self, text: str) -> None:
        for paragraph in text.split("\n"):
            for line in textwrap.wrap(paragraph, _WIDTH) or [""]:
                self.say(f"  {line}")

    def _explain(self, about: Spec | Question) -> None:
        self.say(explanation(self.editor, about, self.lang, self.explain_item))


def explanation(
    editor: Editor, about: Spec | Question, lang: Lang, explain_item: ExplainItem | None = None
) -> str:
    """The full explanation behind ``?``: ``hai explain`` for an item; for a field its own
    guidance, that of the sections above it, its allowed values and the step's summary."""
    item = about.item if isinstance(about, Question) else None
    if item is not None and explain_item is not None:
        return explain_item(item.id, lang).rstrip()
    spec = about.spec if isinstance(about, Question) else about
    lines: list[str] = []
    if spec is not None:
        for depth in range(1, len(spec.path) + 1):
            text = catalogue().field_text(guidance_key(editor.prefix, spec.path[:depth]))
            if text is not None:
                lines.append(f"{dotted(spec.path[:depth])}: {text(lang)}")
        if spec.choices:
            lines.append(
                Text("Kies uit: {c}.", "One of: {c}.").format(c=", ".join(spec.choices))(lang)
            )
    if editor.step is not None:
        step = catalogue().step(editor.step)
        lines += [f"{step.title(lang)}: {step.summary(lang)}", *(f"• {t(lang)}" for t in step.tips)]
    wrapped = [
        "\n".join(textwrap.wrap(line, _WIDTH, subsequent_indent="  ")) for line in lines if line
    ]
    return "\n".join(wrapped)
