"""``hai set``: one small, validated edit of an item or a field, without writing YAML."""

from __future__ import annotations

import datetime as dt
import os
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from hai_cli.edit import Editor, Plan, Spec, Target
    from hai_cli.problems import Lang


def command(
    target: Annotated[
        str,
        typer.Argument(
            help="A checklist item (4.1 or risk-analysis) or a field as step.path "
            "(risks.risk_indication, 1.clinical_problem, dossier.owner.name)."
        ),
    ],
    values: Annotated[
        list[str] | None,
        typer.Argument(
            help="The new value: an item's status (open, done, n/a); a field's value; several "
            "for a list; KEY=VALUE pairs for a new entry of a list of entries."
        ),
    ] = None,
    dossier: Annotated[
        Path, typer.Option("--dossier", "-d", help="The dossier (default: here).")
    ] = Path("."),
    evidence: Annotated[
        list[str] | None,
        typer.Option("--evidence", help="Item: add an evidence file (inside the dossier)."),
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="Item: the note.")] = None,
    reason: Annotated[str | None, typer.Option("--reason", help="Item: why it is n/a.")] = None,
    by: Annotated[str | None, typer.Option("--by", help="Item: who settled it.")] = None,
    date: Annotated[
        str | None, typer.Option("--date", help="Item: when (2026-03-01 or 1-3-2026).")
    ] = None,
    edit: Annotated[
        bool,
        typer.Option("--edit", help="Field: edit the text in $EDITOR (stored as a block)."),
    ] = False,
    add: Annotated[
        bool, typer.Option("--add", help="List: add the values instead of replacing the list.")
    ] = False,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Make an approval stale without asking.")
    ] = False,
    lang: Annotated[
        str | None, typer.Option("--lang", help="Language of messages: nl or en.")
    ] = None,
) -> None:
    """Set an item's status, evidence or note, or a field, validated before it is written."""
    from hai_cli import cli

    def body() -> int:
        root = cli._one_dossier(dossier, "set")
        words = _lang(root, lang)
        return _with_lang(words, lambda: _run(root, words))

    def _run(root: Path, words: Lang) -> int:
        from hai_cli.edit import Editor, resolve
        from hai_cli.load import load_dossier

        where = resolve(load_dossier(root), target)
        editor = Editor.for_target(root, where)
        given = _values(editor, where, values or [], words)
        if not given:
            raise _usage(where)
        plan = editor.plan(given)
        if not confirm_stale(plan, words, yes):
            return cli.EXIT_CANNOT_RUN
        if plan.data == editor.data:
            typer.echo(
                f"{editor.file}: " + ("niets veranderd" if words == "nl" else "nothing changed")
            )
            return report_step(root, editor, words)
        editor.write(plan)
        for change in plan.changes:
            typer.echo(describe_change(editor, change.path, change.before, change.after, words))
        return report_step(root, editor, words)

    def _values(editor: Editor, where: Target, raw: list[str], words: Lang) -> dict[Any, Any]:
        from hai_cli.edit import Kind

        today = dt.date.today()
        if where.item is not None:
            return _item_values(editor, where, raw, words, today)
        spec = editor.spec(where.path)
        if edit:
            if spec.kind is not Kind.TEXT:
                raise _error("--edit kan alleen bij een tekstveld.", "--edit is for text fields.")
            if raw:
                raise _error(
                    "Geef een waarde óf --edit, niet allebei.", "Give a value or --edit, not both."
                )
            return {where.path: _from_editor(editor.value(where.path), words)}
        return {where.path: field_value(editor, spec, raw, add, today)}

    def _item_values(
        editor: Editor, where: Target, raw: list[str], words: Lang, today: dt.date
    ) -> dict[Any, Any]:
        from hai_cli.edit import Kind, read_date, read_scalar

        item = where.item
        assert item is not None
        acquisition = editor.acquisition
        if acquisition is not None and not item.applies_to(acquisition):
            raise _error(
                f"{item.number} {item.id} geldt alleen bij inkoop (acquisition: purchase).",
                f"{item.number} {item.id} applies to purchases only (acquisition: purchase).",
            )
        if len(raw) > 1 or edit or add:
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
        if evidence:
            present = list(editor.value((*base, "evidence")) or [])
            out[(*base, "evidence")] = present + [e for e in evidence if e not in present]
        for key, text in (("note", note), ("reason", reason), ("by", by)):
            if text is not None:
                out[(*base, key)] = text.strip() or None
        if date is not None:
            out[(*base, "date")] = _checked(read_date, date.strip(), today)
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

    raise typer.Exit(cli._guard(lang, body))


def _lang(root: Path, asked: str | None) -> Lang:
    if asked in ("nl", "en"):
        return "en" if asked == "en" else "nl"
    from hai_cli.yamlio import YamlProblem, load

    try:
        data = load((root / "dossier.yaml").read_bytes(), "dossier.yaml").data
    except (YamlProblem, OSError):
        return "nl"
    return "en" if isinstance(data, dict) and data.get("language") == "en" else "nl"


def _with_lang(words: Lang, body: Any) -> int:
    """Run ``body``; a refusal is one line on stderr in the dossier's language, exit 2."""
    from hai_cli.problems import HaiError

    try:
        result: int = body()
    except HaiError as e:
        typer.echo(f"hai: {e.text(words)}", err=True)
        return 2
    return result


def _error(nl: str, en: str) -> Exception:
    from hai_cli.problems import HaiError, Text

    return HaiError(Text(nl, en))


def _checked(read: Any, *args: Any) -> Any:
    from hai_cli.edit import BadValue
    from hai_cli.problems import HaiError

    try:
        return read(*args)
    except BadValue as e:
        raise HaiError(e.text) from e


def _usage(where: Target) -> Exception:
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


def _from_editor(current: Any, words: Lang) -> Any:
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


def confirm_stale(plan: Plan, words: Lang, yes: bool) -> bool:
    """Warn that approvals would go stale; go on with --yes, or when the person says yes."""
    if not plan.stale:
        return True
    for stale in plan.stale:
        a = stale.approval
        if words == "nl":
            message = (
                f"Let op: de goedkeuring van {stale.what(words)} door {a.name} ({a.role.value}, "
                f"{a.date}) vervalt door deze wijziging."
            )
        else:
            message = (
                f"Note: the approval of {stale.what(words)} by {a.name} ({a.role.value}, "
                f"{a.date}) becomes stale with this change."
            )
        typer.echo(message, err=True)
    if yes:
        return True
    if not sys.stdin.isatty():
        typer.echo(
            "hai: "
            + (
                "niets geschreven; bevestig met --yes."
                if words == "nl"
                else "nothing written; confirm with --yes."
            ),
            err=True,
        )
        return False
    typer.echo("Doorgaan? [ja/nee] " if words == "nl" else "Go on? [yes/no] ", nl=False, err=True)
    answer = sys.stdin.readline().strip().lower()
    return answer in ("j", "ja", "y", "yes")


def describe_change(editor: Editor, path: Any, before: Any, after: Any, words: Lang) -> str:
    from hai_cli.edit import dotted, shown

    line = editor.line(path)
    return f"{editor.file}:{line}: {dotted(path)}: {shown(before, words)} → {shown(after, words)}"


def report_step(root: Path, editor: Editor, words: Lang) -> int:
    """What ``hai check`` now says about the edited file; exit 1 when it has errors."""
    from hai_cli.check import check_dossier
    from hai_cli.load import load_dossier

    result = check_dossier(load_dossier(root))
    mine = [p for p in result.problems if p.file == editor.file]
    errors = sum(p.is_error for p in mine)
    if editor.step is not None:
        states = [s for s in result.items if s.item.step == editor.step]
        open_count = sum(not s.settled for s in states)
        if words == "nl":
            head = f"hai check, stap {editor.step}: {open_count} van {len(states)} punten open"
        else:
            head = f"hai check, step {editor.step}: {open_count} of {len(states)} items open"
    else:
        head = "hai check, dossier.yaml"
    counts = (
        f"{errors} fout(en), {len(mine) - errors} waarschuwing(en)"
        if words == "nl"
        else f"{errors} error(s), {len(mine) - errors} warning(s)"
    )
    typer.echo(f"{head}; {counts}")
    for problem in mine:
        typer.echo(f"  {problem.file}:{problem.line} {problem.code} {problem.message(words)}")
    return 1 if errors else 0
