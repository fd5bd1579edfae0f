"""The one place a rich console for hai's own output is made (every command that prints)."""

from __future__ import annotations

from typing import TextIO

from rich.console import Console


def console_for(out: TextIO, color: bool, width: int = 100) -> Console:
    """A console that wraps for a terminal and writes whole lines to a file or a pipe."""
    tty = out.isatty()
    return Console(
        file=out,
        no_color=not color,
        highlight=False,
        soft_wrap=not tty,
        width=None if tty else width,
        emoji=False,
    )
