"""Dossier text is data: escaping for Markdown (and, through the converter, for typst).

Every ``{{ value }}`` a template prints goes through :func:`markdown` unless a helper already
returned :class:`Safe` text; templates never see a way to print dossier text unescaped.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from markupsafe import Markup

from hai_cli.safetext import printable


class Safe(Markup):
    """Markdown that is already escaped (or written by hai itself) and is printed as it is.

    A ``Markup`` so that Jinja's autoescaping treats it, and every macro's output, as done.
    """

    __slots__ = ()


_ALWAYS = set("\\`*_[]|~$")  # inline markup, table cells, GitHub's strikethrough and math
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}  # no HTML, no autolinks, no quotes
_TABLE = str.maketrans({**{c: "\\" + c for c in _ALWAYS}, **_ENTITIES})  # one pass, in C
_BLOCK_START = re.compile(r"^(\s*)([#+=-]|\d+[.)])")  # headings, lists, setext underlines


def markdown(text: object) -> Safe:
    """Plain text to Markdown that shows exactly that text: no markup, links, HTML or headings.

    Lines are joined with a hard break, so a multi-line note keeps its lines but can never start
    a heading, list or table of its own.
    """
    if isinstance(text, Markup):
        return Safe(text)
    lines = str(text).replace("\r\n", "\n").split("\n")
    return Safe("  \n".join(_escape_line(line) for line in lines))


def _escape_line(line: str) -> str:
    line = printable(line)  # a control character shows as its escape (\e), in Markdown and PDF
    out = line.translate(_TABLE)
    block = _BLOCK_START.match(out)
    if block:  # a line of dossier text never starts a heading or a list
        marker = block.group(2)
        out = block.group(1) + marker[:-1] + "\\" + marker[-1] + out[block.end() :]
    return out


def cell(text: object) -> Safe:
    """Text for one Markdown table cell: escaped, pipes included, lines joined with <br>."""
    if isinstance(text, Markup):
        return Safe(str(text).replace("\n", " "))
    return Safe("<br>".join(_escape_line(line) for line in str(text).splitlines() or [""]))


def link(label: object, target: str) -> Safe:
    """A Markdown link with an escaped label and a percent-encoded relative target."""
    return Safe(f"[{markdown(label)}]({quote(target, safe='/.-_~#')})")


def typst_string(text: str) -> str:
    """A typst string literal: inert text, whatever it contains (``#read``, ``$``, ``<``)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    escaped = escaped.replace("\n", "\\n").replace("\r", "").replace("\t", " ")
    return f'"{escaped}"'
