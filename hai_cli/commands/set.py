"""``hai set``: one small, validated edit of an item or a field, without writing YAML."""

from __future__ import annotations

import datetime as dt
import os
import shlex
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from hai_cli.i18n import Lang, Text
from hai_cli.problems import HaiError

if TYPE_CHECKING:
    from hai_cli.edit import Editor, Plan, Spec, Target


@dataclass(frozen=True, slots=True)
class SetOptions:
    values: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    note: str | None = None
    reason: str | None = None
    by: str | None = None
    date: str | None = None
    edit: bool = False
    add: bool = False
    yes: bool = False


def run(target: str, path: Path, options: SetOptions, lang: Lang, out: TextIO, err: TextIO) -> int:
    """Resolve, read the value by the field's kind, validate the whole file, write; then what
    ``hai check`` says about the edited step (exit 1 when it has errors)."""
    from hai_cli.edit import Editor, resolve
    from hai_cli.load import load_dossier, one_dossier

    root = one_dossier(path, "set")
    where = resolve(load_dossier(root), target)
    editor = Editor.for_target(root, where)
    given = _values(editor, where, options, dt.date.today())
    if not given:
        raise _usage(where)
    plan = editor.plan(given)
    confirm_stale(plan, lang, options.yes, err)
    if plan.data == editor.data:
        out.write(f"{editor.file}: " + Text("niets veranderd", "nothing changed")(lang) + "\n")
        return report_step(root, editor, lang, out)
    editor.write(plan)
    for change in plan.changes:
        out.write(describe_change(editor, change.path, change.before, change.after, lang) + "\n")
    return report_step(root, editor, lang, out)


def _values(editor: Editor, where: Target, options: SetOptions, today: dt.date) -> dict[Any, Any]:
    from hai_cli.edit import Kind

    if where.item is not None:
        return _item_values(editor, where, options, today)
    given = [
        name
        for name, value in (
            ("--evidence", options.evidence),
            ("--note", options.note),
            ("--reason", options.reason),
            ("--by", options.by),
            ("--date", options.date),
        )
        if value
    ]
    if given:
        raise _error(
            f"{', '.join(given)} hoort bij een checklistpunt (zoals 4.1); voor een veld geef je "
            "de waarde zelf, bijv. hai set 4.pri.evidence evidence/pri.pdf.",
            f"{', '.join(given)} belongs to a checklist item (such as 4.1); for a field give the "
            "value itself, e.g. hai set 4.pri.evidence evidence/pri.pdf.",
        )
    spec = editor.spec(where.path)
    if options.edit:
        if spec.kind is not Kind.TEXT:
            raise _error("--edit kan alleen bij een tekstveld.", "--edit is for text fields.")
        if options.values:
            raise _error(
                "Geef een waarde óf --edit, niet allebei.", "Give a value or --edit, not both."
            )
        return {where.path: _from_editor(editor.value(where.path))}
    return {where.path: field_value(editor, spec, options.values, options.add, today)}


def _item_values(
    editor: Editor, where: Target, options: SetOptions, today: dt.date
) -> dict[Any, Any]:
    from hai_cli.edit import Kind, read_date, read_scalar

    item = where.item
    assert item is not None
    raw = options.values
    acquisition = editor.acquisition
    if acquisition is not None and not item.applies_to(acquisition):
        raise _error(
            f"{item.number} {item.id} geldt alleen bij inkoop (acquisition: purchase).",
            f"{item.number} {item.id} applies to purchases only (acquisition: purchase).",
        )
    if len(raw) > 1 or options.edit or options.add:
        raise _error(
            "Een checklistpunt krijgt één status (open, done of n/a), met --evidence, "
            "--note, --reason, --by en --date.",
            "A checklist item takes one status (open, done or n/a), with --evidence, "
            "--note, --reason, --by and --date.",
        )
    base = where.path
    out: dict[Any, Any] = {}
    if raw:
        out[(*base, "status")] = _checked(
            read_scalar, Kind.CHOICE, ("open", "done", "n/a"), raw[0], today
        )
    if options.evidence:
        present = list(editor.value((*base, "evidence")) or [])
        out[(*base, "evidence")] = present + [e for e in options.evidence if e not in present]
    for key, text in (("note", options.note), ("reason", options.reason), ("by", options.by)):
        if text is not None:
            out[(*base, key)] = text.strip() or None
    if options.date is not None:
        out[(*base, "date")] = _checked(read_date, options.date.strip(), today)
    status = out.get((*base, "status"), editor.value((*base, "status")))
    settled_reason = out.get((*base, "reason"), editor.value((*base, "reason")))
    if status == "n/a" and not settled_reason:
        raise _error(
            f'{item.number} n/a vraagt een reden: voeg --reason "..." toe.',
            f'{item.number} n/a needs a reason: add --reason "...".',
        )
    proof = out.get((*base, "evidence"), editor.value((*base, "evidence")))
    if status == "done" and item.evidence_required and not proof:
        raise _error(
            f"{item.number} {item.id} is pas af met bewijs in het dossier: voeg "
            "--evidence evidence/BESTAND toe.",
            f"{item.number} {item.id} is done only with evidence in the dossier: add "
            "--evidence evidence/FILE.",
        )
    return out


def _error(nl: str, en: str) -> HaiError:
    return HaiError(Text(nl, en))


def _checked(read: Any, *args: Any) -> Any:
    from hai_cli.edit import BadValue

    try:
        return read(*args)
    except BadValue as e:
        raise HaiError(e.text) from e


def _usage(where: Target) -> HaiError:
    return _error(
        f"Wat moet {'.'.join(map(str, where.path))} worden? Geef een waarde, of bij een "
        "checklistpunt een status of --evidence/--note/--reason.",
        f"What should {'.'.join(map(str, where.path))} become? Give a value, or for a "
        "checklist item a status or --evidence/--note/--reason.",
    )


def field_value(editor: Editor, spec: Spec, raw: list[str], add: bool, today: dt.date) -> Any:
    """The value of a field from the command line's words, by the field's kind."""
    from hai_cli.edit import Kind, fields_of, read_scalar

    if spec.kind is Kind.SECTION:
        assert spec.model is not None
        keys = ", ".join(f"{spec.dotted}.{k}" for k, _, _ in fields_of(spec.model))
        raise _error(
            f"'{spec.dotted}' is een onderdeel met eigen velden; zet er één: {keys}.",
            f"'{spec.dotted}' is a section with fields of its own; set one of them: {keys}.",
        )
    if spec.kind is Kind.OTHER:
        raise _error(
            f"'{spec.dotted}' kan niet met hai set; bewerk het in de YAML.",
            f"'{spec.dotted}' cannot be set with hai set; edit it in the YAML.",
        )
    if spec.kind is Kind.LIST:
        assert spec.element is not None
        element = spec.element
        entries = [_checked(read_scalar, element, spec.choices, r, today) for r in raw]
        entries = [e for e in entries if e is not None]
        present = list(editor.value(spec.path) or []) if add else []
        return present + entries
    if spec.kind is Kind.ENTRIES:
        present = list(editor.value(spec.path) or [])
        return [*present, entry_value(spec, raw, today)]
    if add:
        raise _error(
            f"--add is voor lijsten; '{spec.dotted}' is geen lijst.",
            f"--add is for lists; '{spec.dotted}' is not a list.",
        )
    if len(raw) != 1:
        raise _error(
            f"'{spec.dotted}' krijgt één waarde; zet tekst met spaties tussen aanhalingstekens.",
            f"'{spec.dotted}' takes one value; put text with spaces in quotes.",
        )
    return _checked(read_scalar, spec.kind, spec.choices, raw[0], today)


def entry_value(spec: Spec, raw: list[str], today: dt.date) -> dict[str, Any]:
    """A new entry of a list of entries from KEY=VALUE words (a list's values split on ',')."""
    from hai_cli.edit import Kind, describe, read_scalar

    assert spec.model is not None
    entry: dict[str, Any] = {}
    for word in raw:
        key, sep, text = word.partition("=")
        if not sep:
            raise _error(
                f"'{spec.dotted}' is een lijst van onderdelen: geef SLEUTEL=WAARDE, zoals "
                'name="J. de Vries".',
                f"'{spec.dotted}' is a list of entries: give KEY=VALUE, like name=\"J. de Vries\".",
            )
        sub = describe(spec.model, (key.strip(),), "")
        if sub.kind is Kind.LIST:
            assert sub.element is not None
            element = sub.element
            entry[sub.key] = [
                _checked(read_scalar, element, sub.choices, p, today)
                for p in text.split(",")
                if p.strip()
            ]
        elif sub.kind in (Kind.SECTION, Kind.ENTRIES, Kind.OTHER):
            raise _error(
                f"'{key}' kan niet als SLEUTEL=WAARDE; vul het daarna in met hai set.",
                f"'{key}' cannot be given as KEY=VALUE; fill it in afterwards with hai set.",
            )
        else:
            entry[sub.key] = _checked(read_scalar, sub.kind, sub.choices, text, today)
    return {k: v for k, v in entry.items() if v is not None}


def _from_editor(current: Any) -> Any:
    """The text after the person edited it in $VISUAL / $EDITOR, as a block scalar."""
    from hai_cli.edit import block_text

    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor:
        raise _error(
            "Zet eerst de omgevingsvariabele EDITOR (bijv. export EDITOR=nano).",
            "Set the EDITOR environment variable first (e.g. export EDITOR=nano).",
        )
    with tempfile.TemporaryDirectory(prefix="hai-set-") as folder:
        file = Path(folder) / "value.txt"
        file.write_text(current if isinstance(current, str) else "", encoding="utf-8")
        try:
            done = subprocess.run([*shlex.split(editor), str(file)], check=False)
        except OSError as e:
            raise _error(
                f"De editor '{editor}' start niet: {e.strerror}.",
                f"The editor '{editor}' does not start: {e.strerror}.",
            ) from e
        if done.returncode != 0:
            raise _error(
                f"De editor stopte met status {done.returncode}; er is niets veranderd.",
                f"The editor exited with status {done.returncode}; nothing was changed.",
            )
        return block_text(file.read_text(encoding="utf-8"))


def confirm_stale(plan: Plan, lang: Lang, yes: bool, err: TextIO) -> None:
    """Warn that approvals would go stale; go on with --yes or when the person says yes, else
    refuse (nothing written)."""
    if not plan.stale:
        return
    for stale in plan.stale:
        err.write(stale_warning(stale, lang) + "\n")
    if yes:
        return
    if sys.stdin.isatty():
        err.write(Text("Doorgaan? [ja/nee] ", "Go on? [yes/no] ")(lang))
        err.flush()
        if sys.stdin.readline().strip().lower() in ("j", "ja", "y", "yes"):
            return
    raise _error("Niets geschreven; bevestig met --yes.", "Nothing written; confirm with --yes.")


def stale_warning(stale: Any, lang: Lang) -> str:
    a = stale.approval
    return Text(
        "Let op: de goedkeuring van {what} door {name} ({role}, {date}) vervalt door deze "
        "wijziging.",
        "Note: the approval of {what} by {name} ({role}, {date}) becomes stale with this change.",
    ).format(what=stale.what, name=a.name, role=a.role.value, date=a.date.isoformat())(lang)


def describe_change(editor: Editor, path: Any, before: Any, after: Any, words: Lang) -> str:
    from hai_cli.edit import dotted, shown

    line = editor.line(path)
    return f"{editor.file}:{line}: {dotted(path)}: {shown(before, words)} → {shown(after, words)}"


def report_step(root: Path, editor: Editor, words: Lang, out: TextIO) -> int:
    """What ``hai check`` now says about the edited file; exit 1 when it has errors."""
    from hai_cli.check import check_dossier
    from hai_cli.load import load_dossier

    result = check_dossier(load_dossier(root))
    mine = [p for p in result.problems if p.file == editor.file]
    errors = sum(p.is_error for p in mine)
    if editor.step is not None:
        states = [s for s in result.items if s.item.step == editor.step]
        open_count = sum(not s.settled for s in states)
        head = Text(
            "hai check, stap {s}: {o} van {n} punten open",
            "hai check, step {s}: {o} of {n} items open",
        ).format(s=editor.step, o=open_count, n=len(states))(words)
    else:
        head = "hai check, dossier.yaml"
    counts = Text("{e} fout(en), {w} waarschuwing(en)", "{e} error(s), {w} warning(s)").format(
        e=errors, w=len(mine) - errors
    )(words)
    out.write(f"{head}; {counts}\n")
    for problem in mine:
        out.write(f"  {problem.file}:{problem.line} {problem.code} {problem.text(words)}\n")
    return 1 if errors else 0
