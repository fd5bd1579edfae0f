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
from collections.abc import Callable
from functools import cache
from typing import Any

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


GFM = (b"table", b"autolink", b"tagfilter", b"strikethrough", b"tasklist")  # as GitHub's


class _Cmark:
    """cmark-gfm through cmarkgfm's C functions, freeing what they allocate.

    ``cmarkgfm.github_flavored_markdown_to_html`` frees neither the document's syntax tree nor
    the HTML string (about 2 MB a dossier: 1 GB in each worker at 1,000 dossiers). The two
    functions that free them are exported by the same shared library but not wrapped, so they
    are declared here (cffi, which cmarkgfm itself runs on) and called on the same pointers.
    """

    def __init__(self) -> None:
        import cffi
        from cmarkgfm import _cmark
        from cmarkgfm.cmark import Options

        self.lib, self.ffi = _cmark.lib, _cmark.ffi
        own = cffi.FFI()
        own.cdef(
            "typedef struct { void *(*calloc)(size_t, size_t); void *(*realloc)(void *, size_t);"
            " void (*free)(void *); } cmark_mem;"
            "cmark_mem *cmark_get_default_mem_allocator(void);"
            "void cmark_node_free(void *node);"
        )
        self.own = own
        self.so = own.dlopen(_cmark.__file__)  # the library already loaded: the same one
        self.mem = self.so.cmark_get_default_mem_allocator()
        self.options = Options.CMARK_OPT_VALIDATE_UTF8 | Options.CMARK_OPT_GITHUB_PRE_LANG
        self.lib.cmark_gfm_core_extensions_ensure_registered()
        self.extensions = [self.lib.cmark_find_syntax_extension(name) for name in GFM]

    def _own(self, pointer: Any) -> Any:
        return self.own.cast("void *", int(self.ffi.cast("uintptr_t", pointer)))

    def html(self, markdown: str) -> str:
        lib, data = self.lib, markdown.encode("utf-8")
        parser = lib.cmark_parser_new(self.options)
        try:
            for extension in self.extensions:
                lib.cmark_parser_attach_syntax_extension(parser, extension)
            lib.cmark_parser_feed(parser, data, len(data))
            root = lib.cmark_parser_finish(parser)
            try:
                out = lib.cmark_render_html(
                    root, self.options, lib.cmark_parser_get_syntax_extensions(parser)
                )
                try:
                    return str(self.ffi.string(out).decode("utf-8"))
                finally:
                    self.mem.free(self._own(out))
            finally:
                self.so.cmark_node_free(self._own(root))
        finally:
            lib.cmark_parser_free(parser)


@cache
def _converter() -> Callable[[str], str]:
    """The freeing converter; cmarkgfm's own where its library cannot be opened again (then
    a long run holds on to the memory, and nothing else changes)."""
    try:
        return _Cmark().html
    except (ImportError, OSError, AttributeError):  # pragma: no cover - a platform without it
        import cmarkgfm
        from cmarkgfm.cmark import Options

        return lambda text: str(
            cmarkgfm.github_flavored_markdown_to_html(text, options=Options.CMARK_OPT_VALIDATE_UTF8)
        )


def to_html(markdown: str, copied: dict[str, str], base: str, prefix: str) -> Markup:
    """``markdown`` as HTML. ``base``: the folder in the dossier the document's links are
    relative to; ``prefix``: from the page to its dossier's folder on the site."""
    raw = _converter()(markdown)

    def link(match: re.Match[str]) -> str:
        target = link_target(html.unescape(match.group(1)), copied, base, prefix)
        if target is None:
            return match.group(3)
        return f'<a href="{html.escape(target)}"{match.group(2)}>{match.group(3)}</a>'

    text = _IMAGE.sub(r"\1", _LINK.sub(link, raw))
    for control, box in _BOXES.items():
        text = text.replace(control, box)
    return Markup(text)
