"""``hai interview STEP``: fill in a step by answering questions; each answer saved at once."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer


def command(
    step: Annotated[str, typer.Argument(help="The step: 1-8 or its name (risks, medical, ...).")],
    dossier: Annotated[
        Path, typer.Option("--dossier", "-d", help="The dossier (default: here).")
    ] = Path("."),
    only_open: Annotated[
        bool,
        typer.Option(
            "--only-open", help="Ask only what still blocks the gate (open items, errors)."
        ),
    ] = False,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Make an approval stale without asking.")
    ] = False,
    lang: Annotated[
        str | None, typer.Option("--lang", help="Language of questions: nl or en.")
    ] = None,
) -> None:
    """Walk a step's fields and checklist items with their guidance; Enter keeps, ? explains."""
    from hai_cli import cli
    from hai_cli.commands.set import _lang, _with_lang

    def body() -> int:
        root = cli._one_dossier(dossier, "interview")
        words = _lang(root, lang)
        return _with_lang(words, lambda: _run(root, words))

    def _run(root: Path, words: str) -> int:
        from hai_cli.check import check_dossier
        from hai_cli.commands.set import report_step
        from hai_cli.edit import Editor, step_of
        from hai_cli.interview import Interview, Stop
        from hai_cli.problems import HaiError, Text

        number = step_of(step)
        if number is None:
            raise HaiError(
                Text(
                    "'{s}' is geen stap; geef 1-8 of de naam van de stap (zoals risks).",
                    "'{s}' is not a step; give 1-8 or the step's name (such as risks).",
                ).format(s=step)
            )
        editor = Editor(root, _step_file(root, number), number)
        lines: set[int] = set()
        if only_open:
            result = check_dossier(editor.dossier)
            lines = {p.line for p in result.problems if p.file == editor.file and p.is_error}
        talk = Interview(editor, _read_line, _write, "en" if words == "en" else "nl", yes)
        try:
            talk.run(only_open, lines)
        except (Stop, KeyboardInterrupt):  # each answer is written atomically when given
            _write(
                "\n"
                + (
                    f"Gestopt. Wat je beantwoordde is bewaard; 'hai interview {number}' gaat "
                    "verder bij het eerste open veld.\n"
                    if words == "nl"
                    else f"Stopped. What you answered is kept; 'hai interview {number}' goes on "
                    "at the first open field.\n"
                )
            )
            return cli.EXIT_OK
        _write("\n")
        return report_step(root, editor, "en" if words == "en" else "nl")

    raise typer.Exit(cli._guard(lang, body))


def _step_file(root: Path, number: int) -> str:
    from hai_cli.edit import _file_of
    from hai_cli.load import load_dossier

    return _file_of(load_dossier(root), number)


def _read_line() -> str | None:
    try:
        line = sys.stdin.readline()
    except KeyboardInterrupt:
        return None
    return line if line else None


def _write(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()
