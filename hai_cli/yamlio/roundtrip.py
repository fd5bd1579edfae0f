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
        block list); nested mappings keep their key order. Return the new entry's index."""
        from ruamel.yaml.comments import CommentedMap, CommentedSeq

        items = self.data.get(key)
        if items is None or not hasattr(items, "append"):
            items = CommentedSeq()
            self.data[key] = items
        if items.fa.flow_style():
            items.fa.set_block_style()
        items.append(
            CommentedMap(
                {k: CommentedMap(v) if isinstance(v, dict) else v for k, v in entry.items()}
            )
        )
        return len(items) - 1


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
