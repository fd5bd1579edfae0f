"""A rendered document's Markdown as HTML: no raw HTML, and links only where the site allows.

cmark-gfm (GitHub's C implementation, through ``cmarkgfm``) turns the Markdown into HTML in
about a millisecond a document (markdown-it, in pure Python, took ~18 ms: most of ``hai site``'s
time). Its safe mode already drops raw HTML and ``javascript:``-like links; hai then keeps a
link only when :func:`~hai_cli.site.links.link_target` allows it, and shows images as their
text.
"""

from __future__ import annotations

import html
import re

from markupsafe import Markup

from hai_cli.site.links import link_target

# cmark writes every link as <a href="..."( title="...")?>...</a>, never nested (CommonMark
# forbids links in links), and every image as <img src="..." alt="..." ( title="...")?/>.
_LINK = re.compile(r'<a href="([^"]*)"((?: title="[^"]*")?)>(.*?)</a>', re.S)
_IMAGE = re.compile(r'<img src="[^"]*" alt="([^"]*)"(?: title="[^"]*")? />')
# a task list item ("- [x] ...") as a box character, not a form control without a label
_BOXES = {
    '<input type="checkbox" checked="" disabled="" />': "☑",
    '<input type="checkbox" disabled="" />': "☐",
}


def to_html(markdown: str, copied: dict[str, str], base: str, prefix: str) -> Markup:
    """``markdown`` as HTML. ``base``: the folder in the dossier the document's links are
    relative to; ``prefix``: from the page to its dossier's folder on the site."""
    import cmarkgfm
    from cmarkgfm.cmark import Options

    raw = cmarkgfm.github_flavored_markdown_to_html(
        markdown, options=Options.CMARK_OPT_VALIDATE_UTF8
    )

    def link(match: re.Match[str]) -> str:
        target = link_target(html.unescape(match.group(1)), copied, base, prefix)
        if target is None:
            return match.group(3)
        return f'<a href="{html.escape(target)}"{match.group(2)}>{match.group(3)}</a>'

    text = _IMAGE.sub(r"\1", _LINK.sub(link, raw))
    for control, box in _BOXES.items():
        text = text.replace(control, box)
    return Markup(text)
