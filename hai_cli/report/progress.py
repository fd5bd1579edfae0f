"""A progress bar on stderr while many dossiers are checked, for people only.

Shown only for the text format, without ``--quiet``, from :data:`PROGRESS_FROM` dossiers on,
and only when stderr is a terminal: never in machine-readable output, a pipe or a CI log.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

from hai_cli.report import HUMAN

PROGRESS_FROM = 10  # "more than a few" dossiers

Advance = Callable[[], None]


def wanted(fmt: str, count: int, quiet: bool, stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return fmt in HUMAN and not quiet and count >= PROGRESS_FROM and bool(isatty and isatty())


@contextmanager
def progress(total: int, label: str, stream: TextIO, show: bool) -> Iterator[Advance | None]:
    """A callback that advances the bar by one dossier (None when no bar is shown)."""
    if not show:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    console = Console(file=stream, highlight=False, emoji=False)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task(label, total=total)
        yield lambda: bar.advance(task)
