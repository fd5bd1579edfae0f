"""PDF from the rendered Markdown, through typst (the ``typst`` wheel: no system packages).

The Markdown is parsed with markdown-it (which rich already brings) and every piece of text is
written into the typst source as a string literal, so nothing in a dossier can become typst
markup or code. Page layout, running header and footer with the provenance stamp and page
numbers are fixed here; fonts are typst's own, so the result is the same on every machine.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import tempfile
from pathlib import Path
from typing import Any

from hai_cli import labels
from hai_cli.i18n import Lang, Text
from hai_cli.problems import HaiError
from hai_cli.render.escape import typst_string as s
from hai_cli.render.front import Front

FRONT_START, FRONT_END = "<!-- hai:front -->", "<!-- /hai:front -->"

_PAGE = Text("Pagina", "Page")
_OF = Text("van", "of")

# Each table's column widths are fitted in typst itself: every column gets at least the width of
# its widest unbreakable word (measured with the real font), the rest is shared by how much text
# each column holds. A long word of letters only can be hyphenated, so it needs the width of its
# first syllables only. Whether any text still runs over, the tests ask typst's own layout
# (to_typst(check=True)).
_TABLE_FIT = """
#let hai-table(weights, words, header: none, plain: false, ..cells) = layout(size => {
  let inset = 5pt
  let need = words.map(ws => ws.fold(0pt, (m, w) => calc.max(m,
    measure(text(weight: "bold", w)).width)) + 2 * inset + 0.5pt)
  let total-need = need.sum(default: 0pt)
  if total-need > size.width {  // cannot fit: every column gets its share of the shortfall
    need = need.map(n => n * (size.width / total-need))
  }
  let fixed = weights.map(_ => none)
  let remaining = size.width
  let changed = true
  while changed {
    changed = false
    let free = range(weights.len()).filter(i => fixed.at(i) == none)
    let total = free.map(i => weights.at(i)).sum(default: 0)
    for i in free {
      if remaining * (weights.at(i) / total) < need.at(i) {
        fixed.at(i) = need.at(i)
        remaining -= need.at(i)
        changed = true
        break
      }
    }
  }
  let free = range(weights.len()).filter(i => fixed.at(i) == none)
  let total = free.map(i => weights.at(i)).sum(default: 0)
  let columns = range(weights.len()).map(i =>
    if fixed.at(i) != none { fixed.at(i) } else { remaining * (weights.at(i) / total) })
  let body = if header == none { cells.pos() } else {
    (table.header(repeat: true, ..header), ..cells.pos())
  }
  if plain {
    show table.cell: set text(weight: "regular")
    table(columns: columns, fill: none, ..body)
  } else {
    table(columns: columns, ..body)
  }
})
"""


_CHECK = """
#let hai-probe(plain, body) = layout(size => {
  // measure() clamps a line that cannot break to the width it was given: text that fits
  // leaves some room, text that runs over fills it exactly
  if measure(body, width: size.width).width >= size.width - 0.001pt {
    [#metadata(plain) <hai-overflow>]
  }
  body
})
"""


# a PDF carries, as a keyword, the hash of the Markdown it was set from and its date, so that
# `hai render --check` can tell whether a committed PDF is still what hai would make
_PDF_SOURCE = re.compile(rb"hai-source-(\d{4}-\d{2}-\d{2})-([0-9a-f]{64})")


def pdf_source(markdown: str, date: dt.date) -> str:
    digest = hashlib.sha256(markdown.encode("utf-8")).hexdigest()
    return f"hai-source-{date.isoformat()}-{digest}"


def pdf_made_from(pdf: bytes) -> tuple[dt.date, str] | None:
    """The date and the source keyword (:func:`pdf_source`) a PDF made by hai records."""
    match = _PDF_SOURCE.search(pdf)
    if match is None:
        return None
    try:
        day = dt.date.fromisoformat(match.group(1).decode("ascii"))
    except ValueError:
        return None
    return day, match.group(0).decode("ascii")


def to_pdf(markdown: str, front: Front, lang: Lang) -> bytes:
    """The document as PDF/A-2b: fonts embedded, metadata set, dated by the document's date
    (so the same sources give the same bytes)."""
    source = to_typst(markdown, front, lang)
    try:
        import typst
    except ImportError as e:
        raise HaiError(
            Text(
                "PDF kan niet: het pakket 'typst' ontbreekt ({e}). Installeer hai opnieuw.",
                "Cannot make PDF: the 'typst' package is missing ({e}). Reinstall hai.",
            ).format(e=e)
        ) from e
    moment = dt.datetime.combine(front.date, dt.time(12), tzinfo=dt.UTC).timestamp()
    with tempfile.TemporaryDirectory(prefix="hai-typst-") as root:
        main = Path(root) / "main.typ"
        main.write_text(source, encoding="utf-8")
        result: bytes = typst.compile(
            str(main),
            root=root,
            ignore_system_fonts=True,
            format="pdf",
            pdf_standards="a-2b",
            timestamp=int(moment),
        )
    return result


def to_typst(markdown: str, front: Front, lang: Lang, check: bool = False) -> str:
    """The typst source of a document. ``check`` wraps every table cell in a probe that leaves
    a ``<hai-overflow>`` mark where the cell's text runs over its column: the tests' proof,
    from typst's own layout, that no table of a document overflows."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark", {"html": True}).enable("table").parse(markdown)
    page, of = _PAGE(lang), _OF(lang)
    organisation = " · ".join(p for p in (front.hospital, front.department) if p)
    keywords = [front.dossier_id, front.document, front.product, "Stappenplan Healthy AI"]
    keywords.append(pdf_source(markdown, front.date))  # for `hai render --check`
    day = front.date
    preamble = f"""#set document(
  title: {s(f"{front.document}: {front.product}")},
  author: {s(organisation or "hai")},
  description: {s(f"{front.document} · {front.product} · {front.dossier_id}")},
  keywords: ({", ".join(s(k) for k in keywords)},),
  date: datetime(year: {day.year}, month: {day.month}, day: {day.day}),
)
#set page(
  paper: "a4",
  margin: (x: 2.2cm, top: 2.4cm, bottom: 2.4cm),
  header: context {{
    if counter(page).get().first() > 1 {{
      set text(8pt, fill: luma(100))
      [#{s(front.product)} #h(1fr) #{s(front.document)}]
      v(-0.6em)
      line(length: 100%, stroke: 0.4pt + luma(170))
    }}
  }},
  footer: context {{
    set text(7.5pt, fill: luma(100))
    line(length: 100%, stroke: 0.4pt + luma(170))
    v(-0.4em)
    [#{s(front.stamp)} #h(1fr) #{s(page)} #counter(page).display()]
    [ #{s(of)} #counter(page).final().first()]
  }},
)
#set text(font: "Libertinus Serif", size: 10pt, lang: {s(lang)}, hyphenate: true)
#set par(justify: false, leading: 0.6em)
#show heading.where(level: 1): set text(size: 18pt)
#show heading.where(level: 2): set text(size: 13pt)
#show heading.where(level: 3): set text(size: 11pt)
#show heading: set block(above: 1.2em, below: 0.7em)
#set table(stroke: 0.5pt + luma(170), inset: 5pt, fill: (x, y) => if y == 0 {{ luma(235) }})
#show table.cell.where(y: 0): set text(weight: "bold")
#show raw: set text(font: "DejaVu Sans Mono", size: 8.5pt)
{_TABLE_FIT}
{_title_page(front, lang)}
"""
    return preamble + (_CHECK if check else "") + _Writer(tokens, check).blocks() + "\n"


def _title_page(front: Front, lang: Lang) -> str:
    """The first page: organisation, document, product and the facts an archive files it by."""
    rows = [
        (labels.word("dossier", lang), front.dossier_id),
        (labels.word("version", lang), front.version),
        (labels.word("status", lang), front.status(lang)),
        (labels.word("date", lang), labels.long_date(front.date, lang)),
    ]
    if front.owner:
        rows.append((labels.word("owner", lang), front.owner))
    if front.distribution:
        rows.append((labels.word("distribution", lang), ", ".join(front.distribution)))
    cells = ", ".join(f"[#{s(k)}], [#{s(v)}]" for k, v in rows)
    status_fill = 'rgb("#e3f1e6")' if front.settled else 'rgb("#fdf1d8")'
    return f"""#page(header: none)[
  #set text(11pt)
  #text(13pt, weight: "bold")[#{s(front.hospital or "")}] \\
  #text(11pt, fill: luma(90))[#{s(front.department or "")}]
  #v(5.5cm)
  #text(12pt, fill: luma(90))[#{s(front.document)}] \\
  #v(0.2cm)
  #text(24pt, weight: "bold")[#{s(front.product)}]
  #v(0.5cm)
  #box(fill: {status_fill}, inset: (x: 8pt, y: 4pt), radius: 2pt)[#text(weight: "bold")[#{
        s(front.status(lang).upper())
    }]]
  #v(1.2cm)
  #grid(columns: (auto, 1fr), column-gutter: 14pt, row-gutter: 8pt,
    {cells})
  #v(1fr)
  #text(8pt, fill: luma(100))[#{s(front.stamp)} \\ #{s(labels.word("generated", lang))}]
]
"""


class _Writer:
    """markdown-it tokens to typst markup, block by block."""

    def __init__(self, tokens: list[Any], check: bool = False) -> None:
        self.tokens = tokens
        self.pos = 0
        self.check = check

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
                content = token.content.strip()
                if content == FRONT_START:  # the title block: the title page shows it
                    self._skip_to(FRONT_END)
                elif not (content.startswith("<!--") and content.endswith("-->")):
                    out.append(f"#{s(content)}\n\n")
        return "".join(out)

    def _skip_to(self, marker: str) -> None:
        while self.pos < len(self.tokens):
            token = self.tokens[self.pos]
            self.pos += 1
            if token.type == "html_block" and token.content.strip() == marker:
                return

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
        plain_table = not any(plain.strip() for _, plain in header)
        weights, words = _fit(rows if not plain_table else body)
        parts = [f"({', '.join(weights)},)", f"({', '.join(words)},)"]
        if plain_table:  # a key-value table: no header row, no header style
            parts.append("plain: true")
        else:
            parts.append("header: (" + ", ".join(f"[{c}]" for c, _ in header) + ",)")
        parts += [self._cell(c, plain) for r in body for c, plain in r]
        return "#hai-table(" + ", ".join(parts) + ")\n\n"

    def _cell(self, typst: str, plain: str) -> str:
        if not self.check:
            return f"[{typst}]"
        return f"[#hai-probe({s(_plain(plain))}, [{typst}])]"

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


# where a line may break: spaces, and after - or / unless a digit follows (UAX #14: "F-01")
_BREAKS = re.compile(r"\s+|(?<=[/-])(?=\D)")


def _fit(rows: list[list[tuple[str, str]]]) -> tuple[list[str], list[str]]:
    """Per column: a weight (how much text it holds) and its unbreakable words, for hai-table.

    A column's weight is the mean length of its cells, so a label column of a key-value table
    stays narrow beside a column of prose; typst then makes each column at least as wide as
    its widest word.
    """
    weights, words = [], []
    for column in zip(*rows, strict=True):
        texts = [_plain(plain) for _, plain in column]
        mean = sum(len(t) for t in texts) / max(len(texts), 1)
        weights.append(f"{max(3.0, min(mean, 60.0)):.1f}")
        pieces = {w for t in texts for w in _BREAKS.split(t) if w}
        hard = {w for w in pieces if not _hyphenable(w)}
        soft = {w[: max(6, (len(w) + 1) // 2)] + "-" for w in pieces if _hyphenable(w)}
        longest = sorted(hard | soft, key=len)[-5:]
        words.append("(" + "".join(f"{s(w)}, " for w in longest) + ")")
    return weights, words


def _hyphenable(word: str) -> bool:
    """A word typst can hyphenate: letters only, long enough to split."""
    return len(word) >= 8 and word.isalpha()


def _plain(cell: str) -> str:
    """A cell's Markdown as the words it shows: escapes and code marks gone, <br> a space."""
    return re.sub(r"\\(.)", r"\1", cell.replace("<br>", " ")).replace("`", "")


def _text(content: str) -> str:
    """Text as a string literal; a leading task-list box becomes a drawn box."""
    for box, symbol in (("[ ] ", "☐"), ("[x] ", "☒"), ("[X] ", "☒")):
        if content.startswith(box):
            return f'#text(font: "DejaVu Sans Mono")[{symbol}] #{s(content[len(box) :])}'
    return f"#{s(content)}" if content else ""
