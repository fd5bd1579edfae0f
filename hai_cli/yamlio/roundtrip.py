"""Round-trip editing: load a file that parsing accepted, change it, dump it back.

Comments, key order, quotes and indentation are kept, and every line the edit does not touch
comes back byte for byte (line endings, a byte-order mark, ``[ ]``, long lines), so that an
edit changes only the lines it adds or changes.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from hai_cli.i18n import Text
from hai_cli.problems import HaiError


@dataclass(slots=True)
class RoundTrip:
    """A YAML document loaded for editing: comments, key order, quotes and indentation kept.

    :meth:`dump` gives back the original bytes of every line the edit did not touch, whatever
    ruamel.yaml would make of them (``[ ]``, long lines, odd spacing): the line endings (LF or
    CRLF), a byte-order mark and a missing final newline are kept too.
    """

    data: Any
    yaml: Any
    original: str = ""  # the file's text as read, BOM and line endings included
    base: list[str] | None = None  # ruamel.yaml's rendering of it, unedited, line by line

    def _ruamel(self) -> str:
        import io

        out = io.StringIO()
        self.yaml.dump(self.data, out)
        return out.getvalue()

    def dump(self) -> str:
        """The file with the edit: every line the edit did not touch as it was, byte for byte.

        ruamel.yaml's rendering of the unedited document (``base``) is lined up with the
        file's lines and with the rendering after the edit; the lines the edit added or changed
        are put into the file's own lines at the matching place. Raises :class:`HaiError`
        when that place cannot be found (never a silent rewrite of the user's lines).
        """
        bom = "\ufeff" if self.original.startswith("\ufeff") else ""
        body = self.original.removeprefix("\ufeff")
        eol = "\r\n" if "\r\n" in body else "\n"
        lines = _lines(body.replace("\r\n", "\n"))
        final_newline = body.endswith("\n") or not body
        base = self.base if self.base is not None else lines
        edited = _lines(self._ruamel())
        to_file = _alignment(base, lines)
        out = list(lines)
        hunks = difflib.SequenceMatcher(None, base, edited, autojunk=False).get_opcodes()
        for op, i1, i2, j1, j2 in reversed(hunks):
            if op == "equal":
                continue
            if i1 == i2:  # an insertion before base line i1
                if i1 in to_file:
                    at = to_file[i1]
                elif i1 - 1 in to_file:
                    at = to_file[i1 - 1] + 1
                elif i1 == len(base):
                    at = len(lines)
                else:
                    raise _unplaceable()
                out[at:at] = edited[j1:j2]
                continue
            mapped = [to_file.get(i) for i in range(i1, i2)]
            first = mapped[0]
            if first is None or mapped != list(range(first, first + len(mapped))):
                raise _unplaceable()
            out[first : first + len(mapped)] = edited[j1:j2]
        return bom + eol.join(out) + (eol if final_newline and out else "")

    def freeze(self) -> None:
        """Remember ruamel.yaml's rendering of the unedited document, to line edits up with."""
        self.base = _lines(self._ruamel())

    def append(self, key: str, entry: dict[str, Any]) -> int:
        """Append ``entry`` to the top-level list ``key`` (made if absent, ``[]`` turned into a
        block list); nested mappings keep their key order. Return the new entry's index.

        The entry goes after the list's last item, and the comment lines that followed that
        item (which belong to what comes next in the file) follow the new entry."""
        from ruamel.yaml.comments import CommentedSeq

        items = self.data.get(key)
        if items is None or not hasattr(items, "append"):
            items = CommentedSeq()
            self.data[key] = items
        if items.fa.flow_style():
            items.fa.set_block_style()
        following = _take_following(items[-1]) if len(items) else None
        added = _commented(entry)
        items.append(added)
        if following:
            _give_following(added, following)
        return len(items) - 1


def _lines(text: str) -> list[str]:
    """Lines split at LF only (not at the other characters str.splitlines breaks on)."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def _alignment(base: list[str], lines: list[str]) -> dict[int, int]:
    """Which line of the file each line of ruamel.yaml's rendering is.

    Equal lines line up; so do lines ruamel.yaml renders differently one for one (``[ ]`` as
    ``[]``, trailing spaces dropped), where a run of them has as many lines on both sides.
    """
    if base == lines:
        return {i: i for i in range(len(base))}
    matcher = difflib.SequenceMatcher(None, base, lines, autojunk=False)
    found: dict[int, int] = {}
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal" or (op == "replace" and i2 - i1 == j2 - j1):
            found.update({i1 + k: j1 + k for k in range(i2 - i1)})
    return found


def _unplaceable() -> HaiError:
    return HaiError(
        Text(
            "hai kan hier niets toevoegen zonder regels te herschrijven die u schreef; voeg de "
            "regels met de hand toe.",
            "hai cannot add to this file without rewriting lines you wrote; add the lines by hand.",
        ),
    )


def _commented(value: Any) -> Any:
    """Plain dicts and lists as ruamel's commented types, which can carry comments."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(value, dict):
        return CommentedMap({k: _commented(v) for k, v in value.items()})
    if isinstance(value, list):
        return CommentedSeq([_commented(v) for v in value])
    return value


def _last_slot(node: Any) -> tuple[Any, Any, int] | None:
    """Where the comment after a node's last line is kept: (comments, key, position)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    while True:
        if isinstance(node, CommentedMap) and len(node):
            last: Any = list(node)[-1]
            slot = 2
        elif isinstance(node, CommentedSeq) and len(node):
            last, slot = len(node) - 1, 0
        else:
            return None
        value = node[last]
        if isinstance(value, CommentedMap | CommentedSeq) and len(value):
            node = value
            continue
        return node.ca.items, last, slot


def _take_following(node: Any) -> str | None:
    """Remove and return the comment lines after ``node``'s last line (its own end-of-line
    comment stays)."""
    from ruamel.yaml.tokens import CommentToken

    place = _last_slot(node)
    if place is None:
        return None
    comments, key, slot = place
    token = (comments.get(key) or [None] * 4)[slot]
    if not isinstance(token, CommentToken) or "\n" not in token.value:
        return None
    own, rest = token.value.split("\n", 1)
    if not rest:
        return None
    if own.strip():
        token.value = own + "\n"
    else:
        comments[key][slot] = None
    return rest


def _give_following(node: Any, rest: str) -> None:
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    place = _last_slot(node)
    if place is None:
        return
    comments, key, slot = place
    entry = comments.setdefault(key, [None] * (4 if slot == 2 else 2))
    entry[slot] = CommentToken("\n" + rest, CommentMark(0), None)


def load_roundtrip(text: str) -> RoundTrip:
    """Load text that :func:`parse` already accepted, for an edit that keeps everything else.

    ``text`` is the file as read (a BOM and CRLF line endings may be in it). The indentation is
    guessed from the file, so that ruamel.yaml lays out added lines as the file does; a file
    without block lists gets the layout of hai's examples.
    """
    from ruamel.yaml import YAML
    from ruamel.yaml.util import load_yaml_guess_indent

    plain = text.removeprefix("\ufeff").replace("\r\n", "\n")
    _, indent, sequence_offset = load_yaml_guess_indent(plain)
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 1 << 30  # never re-wrap what the user wrote
    if sequence_offset is None:
        yaml.indent(mapping=2, sequence=4, offset=2)
    else:
        yaml.indent(mapping=2, sequence=indent or 2, offset=sequence_offset)
    document = RoundTrip(yaml.load(plain), yaml, text)
    document.freeze()
    return document
