"""The one place a rich console for hai's own output is made (every command that prints).

Its text is :func:`hai_cli.safetext.printable`: control characters in dossier text show as their
escapes, while rich's own colours stay.
"""

from __future__ import annotations

from typing import TextIO

from rich.console import Console


def console_for(out: TextIO, color: bool, width: int = 100) -> Console:
    """A console that wraps for a terminal and writes whole lines to a file or a pipe."""
    from hai_cli.safetext import console

    tty = out.isatty()
    return console(
        file=out,
        no_color=not color,
        highlight=False,
        soft_wrap=not tty,
        width=None if tty else width,
        emoji=False,
    )
