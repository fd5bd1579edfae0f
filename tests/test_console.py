"""Plain lines off a terminal are byte for byte what rich prints there (hai_cli/console.py)."""

from __future__ import annotations

import io
import random

import pytest

from hai_cli import console
from hai_cli.console import Piece, PlainLines, RichLines, console_for, lines_for

SAMPLES = [
    "",
    "plain words",
    "[bold]not markup[/]",
    "a \\[b] c \\\\[red]d[/] e\\",
    "tab\there",
    "bell\x07 cr\r vt\x0b ff\x0c bs\x08",
    "escape \x1b[2J and \x00 nul and \x7f del and \x85 nel",
    "bidi \u202eevil\u202c and \u2066iso\u2069",
    "two\nlines",
    "wide 漢字 and emoji 🙂 and combining e\u0301",
    "zero\u200bwidth",
    "✔ ✘ · — – … “quoted” ‘single’",
    "x" * 250,
    "ü" * 99,
]
STYLES = [None, "bold", "bold red", "dim", "cyan"]


def _both() -> tuple[io.StringIO, io.StringIO, PlainLines, RichLines]:
    plain_out, rich_out = io.StringIO(), io.StringIO()
    return plain_out, rich_out, PlainLines(plain_out), RichLines(console_for(rich_out, False))


def _pieces(rng: random.Random) -> list[Piece]:
    out: list[Piece] = []
    for _ in range(rng.randint(0, 5)):
        text = rng.choice(SAMPLES)[: rng.randint(0, 40)]
        style = rng.choice(STYLES)
        out.append(text if style is None else (text, style))
    return out


def test_lines_are_what_rich_prints_off_a_terminal() -> None:
    rng = random.Random(17)
    plain_out, rich_out, plain, rich = _both()
    for _ in range(400):
        pieces, style = _pieces(rng), rng.choice(STYLES)
        plain.line(*pieces, style=style)
        rich.line(*pieces, style=style)
    plain.line()
    rich.line()
    assert plain_out.getvalue() == rich_out.getvalue()


@pytest.mark.parametrize("length", [*range(0, 12), *range(88, 104), 150])
@pytest.mark.parametrize("sample", SAMPLES)
def test_rules_are_what_rich_prints_off_a_terminal(sample: str, length: int) -> None:
    title = (sample * (length // max(len(sample), 1) + 1))[:length] if sample else "?" * length
    plain_out, rich_out, plain, rich = _both()
    plain.rule(title, "bold")
    rich.rule(title, "bold")
    assert plain_out.getvalue() == rich_out.getvalue()


def test_the_one_cell_characters_are_one_cell_for_rich() -> None:
    from rich.cells import cell_len

    chars = [chr(c) for c in range(0x20, 0x2500) if console._ONE_CELL.fullmatch(chr(c))]
    assert len(chars) > 600
    assert [c for c in chars if cell_len(c) != 1] == []


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_rich_only_on_a_terminal_or_when_told(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("TTY_COMPATIBLE", raising=False)
    assert isinstance(lines_for(io.StringIO(), False), PlainLines)
    assert isinstance(lines_for(_Tty(), False), RichLines)
    assert isinstance(lines_for(io.StringIO(), True), RichLines)
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert isinstance(lines_for(io.StringIO(), False), RichLines)
