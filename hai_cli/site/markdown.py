"""A rendered document's Markdown as HTML: no raw HTML, and links only where the site allows."""

from __future__ import annotations

from functools import cache
from typing import Any

from markupsafe import Markup

from hai_cli.site.links import link_target


@cache
def _parser() -> Any:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    md.validateLink = lambda url: True  # type: ignore[method-assign]  # judged by link_target
    return md


def to_html(markdown: str, copied: dict[str, str], base: str, prefix: str) -> Markup:
    """``markdown`` as HTML. A link is kept when :func:`link_target` allows it (``base``: the
    folder the document's links are relative to, ``prefix``: from the page to its dossier's
    folder on the site); otherwise its text stays and the link goes."""
    md = _parser()
    tokens = md.parse(markdown)
    for token in tokens:
        children = token.children or []
        drop: set[int] = set()
        for index, child in enumerate(children):
            if child.type == "link_open":
                href = str(child.attrGet("href") or "")
                target = link_target(href, copied, base, prefix)
                if target is None:
                    drop.add(index)
                    drop.add(_closing(children, index))
                else:
                    child.attrSet("href", target)
            elif child.type == "image":
                drop.add(index)  # the documents have none; an image from a dossier is not shown
        if drop:
            token.children = [c for i, c in enumerate(children) if i not in drop]
    return Markup(md.renderer.render(tokens, md.options, {}))


def _closing(children: list[Any], start: int) -> int:
    depth = 0
    for index in range(start, len(children)):
        if children[index].type == "link_open":
            depth += 1
        elif children[index].type == "link_close":
            depth -= 1
            if depth == 0:
                return index
    return start
