"""``hai interview STEP``: fill in a step by answering questions; each answer saved at once."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TextIO

from hai_cli.i18n import Lang, Text
from hai_cli.problems import HaiError

STOPPED = Text(
    "Gestopt. Wat je beantwoordde is bewaard; 'hai interview {n}' gaat verder bij het eerste "
    "open veld.",
    "Stopped. What you answered is kept; 'hai interview {n}' goes on at the first open field.",
)


def run(
    step: str,
    path: Path,
    only_open: bool,
    yes: bool,
    lang: Lang,
    stdin: TextIO,
    out: TextIO,
) -> int:
    """The interview of one step; exit 1 when the step still has errors at the end."""
    from hai_cli.check import check_dossier
    from hai_cli.commands.explain import explain
    from hai_cli.commands.set import report_step
    from hai_cli.edit import Editor, file_of, step_of
    from hai_cli.interview import Interview, Stop
    from hai_cli.load import load_dossier, one_dossier

    root = one_dossier(path, "interview")
    number = step_of(step)
    if number is None:
        raise HaiError(
            Text(
                "'{s}' is geen stap; geef 1-8 of de naam van de stap (zoals risks).",
                "'{s}' is not a step; give 1-8 or the step's name (such as risks).",
            ).format(s=step)
        )
    editor = Editor(root, file_of(load_dossier(root), number), number)
    lines: set[int] = set()
    if only_open:
        result = check_dossier(editor.dossier)
        lines = {p.line for p in result.problems if p.file == editor.file and p.is_error}

    def read() -> str | None:
        try:
            line = stdin.readline()
        except KeyboardInterrupt:
            return None
        return line or None

    def write(text: str) -> None:
        out.write(text)
        out.flush()

    def explained(item_id: str, words: Lang) -> str:
        text = io.StringIO()
        explain(item_id, words, text, False)
        return text.getvalue()

    talk = Interview(editor, read, write, lang, yes, explain_item=explained)
    try:
        talk.run(only_open, lines)
    except (Stop, KeyboardInterrupt):  # each answer was written atomically when it was given
        write("\n" + STOPPED.format(n=number)(lang) + "\n")
        return 0
    write("\n")
    return report_step(root, editor, lang, out)
