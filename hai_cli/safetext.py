"""Dossier text on a terminal or in a CI log: control characters shown, never obeyed.

A dossier value can hold any character YAML lets through ("\\e[2J" in double quotes clears a
screen, "\\r" overwrites a log line, U+202E turns text around). Every text output neutralises
them: :func:`printable` writes each one as the escape a user would type in YAML (``\\x1b``,
``\\r``, ``\\u202e``); :class:`Printable` does it for a whole stream, and :func:`console`
for rich's output (where rich's own colours must survive).
"""

from __future__ import annotations

import re
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

# C0 controls but tab and newline, DEL, C1 controls, and the bidirectional overrides/isolates
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\r": "\\r", "\x1b": "\\e", "\x00": "\\0", "\x07": "\\a", "\x08": "\\b"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def printable(text: str, *, json: bool = False) -> str:
    """``text`` with every control character written as its YAML escape (``json``: as a JSON
    string escape, for JSON text, where control characters only occur inside strings)."""
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(_json_escape if json else _escape, text)


class Printable:
    """A text stream that writes :func:`printable` text to another one."""

    def __init__(self, inner: IO[str], *, json: bool = False) -> None:
        self.inner = inner
        self.json = json

    def write(self, text: str) -> int:
        self.inner.write(printable(text, json=self.json))
        return len(text)

    def __getattr__(self, name: str) -> Any:  # flush, isatty, fileno, encoding, ...
        return getattr(self.inner, name)


def console(**options: Any) -> Console:
    """A rich Console whose text is :func:`printable`, with rich's own styles intact."""
    from rich.console import Console
    from rich.segment import Segment

    class PrintableConsole(Console):
        def _render_buffer(self, buffer: Any) -> str:
            return super()._render_buffer(
                segment if segment.control else Segment(printable(segment.text), segment.style)
                for segment in buffer
            )

    return PrintableConsole(**options)
