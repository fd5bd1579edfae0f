"""The one place a console for hai's own output is made (every command that prints).

Its text is :func:`hai_cli.safetext.printable`: control characters in dossier text show as their
escapes, while rich's own colours stay.

:func:`lines_for` is for output made of whole lines of styled pieces (``hai check``'s text
report): rich on a terminal; to a file or a pipe, where rich prints no styles, plain lines that
are byte for byte what rich would print there, without importing rich. A line it cannot be sure
of (a tab, a control character, a rule title of wide characters) still goes through rich.
"""

import os
import re
from typing import TYPE_CHECKING, Protocol, TextIO

if TYPE_CHECKING:
    from rich.console import Console

Piece = str | tuple[str, str]
"""Text, or text and its rich style (``"bold red"``)."""

RULE = "─"
# rich prints a line that is not wrapped as it is, but for tabs and control characters
_AS_IS = re.compile("[^\x00-\x09\x0b-\x1f\x7f-\x9f]*")
# characters of one cell each for rich, to centre a rule's title
_ONE_CELL = re.compile("[\x20-\x7e\xa0-\u02ff\u2013\u2014\u2018\u2019\u201c\u201d\u2026]*")


def console_for(out: TextIO, color: bool, width: int = 100) -> "Console":
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


class Lines(Protocol):
    def line(self, *pieces: Piece, style: str | None = None) -> None:
        """One line (or more, when the text holds newlines) of pieces; ``style`` for all."""

    def rule(self, title: str, style: str) -> None:
        """A horizontal rule across the width with ``title`` in the middle."""


class RichLines:
    """:class:`Lines` through a rich console."""

    def __init__(self, console: "Console") -> None:
        self.console = console

    def line(self, *pieces: Piece, style: str | None = None) -> None:
        from rich.text import Text

        self.console.print(Text.assemble(*pieces), style=style or "")

    def rule(self, title: str, style: str) -> None:
        from rich.text import Text

        self.console.rule(Text(title, style=style))


class PlainLines:
    """:class:`Lines` as rich prints them to a file or a pipe (no styles, no wrapping)."""

    def __init__(self, out: TextIO, width: int = 100) -> None:
        self.out = out
        self.width = width
        self._rich: RichLines | None = None

    def _fallback(self) -> RichLines:
        if self._rich is None:
            self._rich = RichLines(console_for(self.out, False, self.width))
        return self._rich

    def line(self, *pieces: Piece, style: str | None = None) -> None:
        from hai_cli.safetext import printable

        text = "".join(p if isinstance(p, str) else p[0] for p in pieces)
        if not _AS_IS.fullmatch(text):
            self._fallback().line(*pieces, style=style)
            return
        self.out.write(printable(text) + "\n")

    def rule(self, title: str, style: str) -> None:
        from hai_cli.safetext import printable

        width = self.width
        if not _ONE_CELL.fullmatch(title) or width < 5 or not title:
            self._fallback().rule(title, style)
            return
        if len(title) > width - 4:  # rich's ellipsis
            title = title[: width - 5] + "…"
        side = (width - len(title)) // 2
        line = f"{RULE * (side - 1)} {title} {RULE * (side + 1)}"
        self.out.write(printable(line[:width].ljust(width)) + "\n")


def lines_for(out: TextIO, color: bool) -> Lines:
    """Rich for a terminal (or colour, or rich told to treat the output as one), else plain
    lines."""
    forced = any(os.environ.get(name) for name in ("FORCE_COLOR", "TTY_COMPATIBLE"))
    if color or forced or out.isatty():
        return RichLines(console_for(out, color))
    return PlainLines(out)
