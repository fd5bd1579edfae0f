"""Round-trip editing: load a file that parsing accepted, change it, dump it back.

Comments, key order, quotes and indentation are kept, so that an edit changes only the lines
it adds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(slots=True)
class RoundTrip:
    """A YAML document loaded for editing: comments, key order, quotes and indentation kept."""

    data: Any
    yaml: Any

    def dump(self) -> str:
        import io

        out = io.StringIO()
        self.yaml.dump(self.data, out)
        return out.getvalue()

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

    The indentation is guessed from the file, so that dumping it unchanged gives it back byte
    for byte; a file without block lists gets the layout of hai's examples.
    """
    from ruamel.yaml import YAML
    from ruamel.yaml.util import load_yaml_guess_indent

    _, indent, sequence_offset = load_yaml_guess_indent(text)
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap what the user wrote
    if sequence_offset is None:
        yaml.indent(mapping=2, sequence=4, offset=2)
    else:
        yaml.indent(mapping=2, sequence=indent or 2, offset=sequence_offset)
    return RoundTrip(yaml.load(text), yaml)
