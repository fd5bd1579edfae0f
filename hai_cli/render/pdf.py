"""PDF from the rendered Markdown, through typst (the ``typst`` wheel: no system packages).

The Markdown is parsed with markdown-it (which rich already brings) and every piece of text is
written into the typst source as a string literal, so nothing in a dossier can become typst
markup or code. Page layout, running header and footer with the provenance stamp and page
numbers are fixed here; fonts are typst's own, so the result is the same on every machine.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hai_cli.i18n import Lang, Text
from hai_cli.problems import HaiError
from hai_cli.render.escape import typst_string as s

_PAGE_WORDS = {"nl": ("Pagina", "van"), "en": ("Page", "of")}


@dataclass(frozen=True, slots=True)
class PdfMeta:
    title: str
    product: str
    stamp: str
    lang: Lang


def to_pdf(markdown: str, meta: PdfMeta) -> bytes:
    source = to_typst(markdown, meta)
    try:
        import typst
    except ImportError as e:
        raise HaiError(
            Text(
                "PDF kan niet: het pakket 'typst' ontbreekt ({e}). Installeer hai opnieuw.",
                "Cannot make PDF: the 'typst' package is missing ({e}). Reinstall hai.",
            ).format(e=e)
        ) from e
    with tempfile.TemporaryDirectory(prefix="hai-typst-") as root:
        main = Path(root) / "main.typ"
        main.write_text(source, encoding="utf-8")
        result: bytes = typst.compile(str(main), root=root, ignore_system_fonts=True, format="pdf")
    return result


def to_typst(markdown: str, meta: PdfMeta) -> str:
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark", {"html": True}).enable("table").parse(markdown)
    page, of = _PAGE_WORDS[meta.lang]
    preamble = f"""#set document(title: {s(meta.title)}, author: "hai")
#set page(
  paper: "a4",
  margin: (x: 2.2cm, top: 2.4cm, bottom: 2.4cm),
  header: context {{
    if counter(page).get().first() > 1 {{
      set text(8pt, fill: luma(100))
      [#{s(meta.product)} #h(1fr) #{s(meta.title)}]
      v(-0.6em)
      line(length: 100%, stroke: 0.4pt + luma(170))
    }}
  }},
  footer: context {{
    set text(7.5pt, fill: luma(100))
    line(length: 100%, stroke: 0.4pt + luma(170))
    v(-0.4em)
    [#{s(meta.stamp)} #h(1fr) #{s(page)} #counter(page).display()]
    [ #{s(of)} #counter(page).final().first()]
  }},
)
#set text(font: "Libertinus Serif", size: 10pt, lang: {s(meta.lang)})
#set par(justify: false, leading: 0.6em)
#show heading.where(level: 1): set text(size: 18pt)
#show heading.where(level: 2): set text(size: 13pt)
#show heading.where(level: 3): set text(size: 11pt)
#show heading: set block(above: 1.2em, below: 0.7em)
#set table(stroke: 0.5pt + luma(170), inset: 5pt, fill: (x, y) => if y == 0 {{ luma(235) }})
#show table.cell.where(y: 0): set text(weight: "bold")
#show raw: set text(font: "DejaVu Sans Mono", size: 8.5pt)

"""
    return preamble + _Writer(tokens).blocks() + "\n"


class _Writer:
    """markdown-it tokens to typst markup, block by block."""

    def __init__(self, tokens: list[Any]) -> None:
        self.tokens = tokens
        self.pos = 0

    def blocks(self, stop: str | None = None, indent: str = "") -> str:
        out: list[str] = []
        while self.pos < len(self.tokens):
            token = self.tokens[self.pos]
            if stop is not None and token.type == stop:
                self.pos += 1
                break
            self.pos += 1
            kind = token.type
            if kind == "heading_open":
                level = int(token.tag[1])
                out.append(f"\n{'=' * level} {self._inline(self.tokens[self.pos])}\n")
                self.pos += 2  # inline, heading_close
            elif kind == "paragraph_open":
                text = self._inline(self.tokens[self.pos])
                self.pos += 2
                out.append(f"{text}\n" if token.hidden else f"{text}\n\n")
            elif kind in ("bullet_list_open", "ordered_list_open"):
                out.append(self._list(kind.startswith("ordered"), indent))
            elif kind == "table_open":
                out.append(self._table())
            elif kind == "blockquote_open":
                inner = self.blocks("blockquote_close", indent)
                box = "#block(fill: luma(245), inset: 7pt, radius: 2pt, width: 100%)"
                out.append(f"{box}[{inner.strip()}]\n\n")
            elif kind == "hr":
                out.append("#line(length: 100%, stroke: 0.5pt + luma(170))\n")
            elif kind in ("fence", "code_block"):
                out.append(f"#raw({s(token.content)}, block: true)\n")
            elif kind == "html_block":
                out.append(f"#{s(token.content.strip())}\n\n")
        return "".join(out)

    def _list(self, ordered: bool, indent: str) -> str:
        close = "ordered_list_close" if ordered else "bullet_list_close"
        marker = "+" if ordered else "-"
        lines = []
        while self.pos < len(self.tokens):
            token = self.tokens[self.pos]
            self.pos += 1
            if token.type == close:
                break
            if token.type == "list_item_open":
                body = self.blocks("list_item_close", indent + "  ").strip()
                lines.append(f"{indent}{marker} {body}\n")
        return "".join(lines) + ("\n" if not indent else "")

    def _table(self) -> str:
        rows: list[list[tuple[str, str]]] = []  # (typst, plain text) per cell
        row: list[tuple[str, str]] = []
        while self.pos < len(self.tokens):
            token = self.tokens[self.pos]
            self.pos += 1
            if token.type == "table_close":
                break
            if token.type == "tr_open":
                row = []
            elif token.type == "tr_close":
                rows.append(row)
            elif token.type == "inline":
                row.append((self._inline(token), token.content))
        if not rows:
            return ""
        columns = max(len(r) for r in rows)
        rows = [r + [("", "")] * (columns - len(r)) for r in rows]
        header, body = rows[0], rows[1:]
        parts = [f"columns: {_widths(rows)}"]
        plain_table = not any(plain.strip() for _, plain in header)
        if plain_table:  # a key-value table: no header row, no header style
            parts.append("fill: none")
        else:
            cells = ", ".join(f"[{c}]" for c, _ in header)
            parts.append(f"table.header(repeat: true, {cells})")
        parts += [f"[{c}]" for r in body for c, _ in r]
        table = "table(" + ", ".join(parts) + ")"
        if plain_table:
            return f'#[#show table.cell: set text(weight: "regular")\n#{table}]\n\n'
        return f"#{table}\n\n"

    def _inline(self, token: Any) -> str:
        out: list[str] = []
        for child in token.children or []:
            kind = child.type
            if kind == "text":
                out.append(_text(child.content))
            elif kind == "softbreak":
                out.append(" ")
            elif kind == "hardbreak":
                out.append("#linebreak()")
            elif kind in ("strong_open", "em_open"):
                out.append("#strong[" if kind == "strong_open" else "#emph[")
            elif kind in ("strong_close", "em_close", "link_close"):
                out.append("]")
            elif kind == "code_inline":
                out.append(f"#raw({s(child.content)})")
            elif kind == "link_open":
                out.append(f"#link({s(str(child.attrs.get('href', '')))})[")
            elif kind == "html_inline":
                out.append(
                    "#linebreak()"
                    if child.content.lower().startswith("<br")
                    else _text(child.content)
                )
        return "".join(out)


def _widths(rows: list[list[tuple[str, str]]]) -> str:
    """Short columns as wide as their content, long ones sharing the rest by their length."""
    sizes = []
    for column in zip(*rows, strict=True):
        longest = max(len(plain) for _, plain in column)
        sizes.append("auto" if longest <= 16 else f"{min(longest, 80)}fr")
    if all(size == "auto" for size in sizes):
        sizes[-1] = "1fr"
    return "(" + ", ".join(sizes) + ("," if len(sizes) == 1 else "") + ")"


def _text(content: str) -> str:
    """Text as a string literal; a leading task-list box becomes a drawn box."""
    for box, symbol in (("[ ] ", "☐"), ("[x] ", "☒"), ("[X] ", "☒")):
        if content.startswith(box):
            return f'#text(font: "DejaVu Sans Mono")[{symbol}] #{s(content[len(box) :])}'
    return f"#{s(content)}" if content else ""
