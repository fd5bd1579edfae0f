"""Parsing: the one place YAML text becomes plain data (with a line for every key and value).

Safe by construction: we compose the node graph with libyaml (ruamel.yaml.clib) where it is
available, or ruamel.yaml's pure composer, and build plain Python data ourselves. That gives
us, in one pass and without any constructor that could run code:

* a location index from each data path (``("checklist", "risk-analysis", "status")``) to the
  1-based line and column of its key and its value;
* duplicate keys, unknown tags (``!!python/object``), alias bombs and absurd nesting reported
  as problems instead of silently accepted or expanded.

Scalars keep YAML 1.2 core typing, except that timestamps stay strings (pydantic parses dates).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any, NamedTuple

from hai_cli.i18n import Text
from hai_cli.problems import Problem, Severity
from hai_cli.yamlio import messages
from hai_cli.yamlio.advice import advice

MAX_BYTES = 1024 * 1024
MAX_NODES = 100_000
MAX_ALIAS_VISITS = 1_000
MAX_DEPTH = 64

KeyPath = tuple[str | int, ...]  # a data path: ("checklist", "risk-analysis", "status")

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MERGE = "tag:yaml.org,2002:merge"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_ALLOWED_TAGS = {_STR, _INT, _FLOAT, _BOOL, _NULL, _TIMESTAMP, _MAP, _SEQ}

_CONFLICT = re.compile(r"^(<{7}|={7}|>{7})(\s|$)", re.MULTILINE)


class Loc(NamedTuple):
    """Where a key (or a list item) and its value start: one is made for every node, so it is
    a tuple (made several times faster than a frozen dataclass)."""

    key_line: int
    value_line: int
    column: int = 1


@dataclass(slots=True)
class Parsed:
    """Plain data from one file, with the location of every key and value."""

    file: str
    data: Any
    locations: dict[KeyPath, Loc] = field(default_factory=dict)

    def line(self, path: KeyPath, *, value: bool = False) -> int:
        """The line of ``path``, or of its nearest ancestor present in the file."""
        while path:
            loc = self.locations.get(path)
            if loc is not None:
                return loc.value_line if value else loc.key_line
            path = path[:-1]
        return 1


class YamlProblem(Exception):
    """A file that cannot be read as a dossier file at all."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.text.en)
        self.problem = problem


def _problem(file: str, line: int, code: str, text: Text, column: int = 1) -> YamlProblem:
    return YamlProblem(Problem(file, line, column, code, Severity.ERROR, text))


def decode(raw: bytes, file: str, size: int | None = None) -> str:
    """Bytes of a dossier file to text, refusing what no editor should have produced.

    ``size``: the file's real size when ``raw`` holds only its first bytes.
    """
    if len(raw) > MAX_BYTES:
        raise _problem(
            file,
            1,
            "HAI004",
            messages.TOO_BIG.format(size=f"{(size or len(raw)) / 1_048_576:.1f}"),
        )
    if _utf16(raw):
        raise _problem(
            file,
            1,
            "HAI005",
            Text(
                "Het bestand is opgeslagen als UTF-16. Sla het op als UTF-8 (in de meeste "
                "editors: 'Opslaan met codering').",
                "The file is saved as UTF-16. Save it as UTF-8 (in most editors: "
                "'Save with encoding').",
            ),
        )
    if b"\x00" in raw:
        raise _problem(
            file,
            raw[: raw.index(b"\x00")].count(b"\n") + 1,
            "HAI005",
            messages.NOT_TEXT,
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise _problem(
            file,
            raw[: e.start].count(b"\n") + 1,
            "HAI005",
            messages.NOT_UTF8,
        ) from e
    return text.removeprefix("\ufeff")


def _utf16(raw: bytes) -> bool:
    """UTF-16 (or UTF-32) text: a byte-order mark, or a NUL byte beside every ASCII one."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    head = raw[:200]
    if len(head) < 4:
        return False
    even, odd = head[0::2], head[1::2]
    return even.count(0) >= len(even) * 0.9 or odd.count(0) >= len(odd) * 0.9


def parse(text: str, file: str) -> Parsed:
    """Parse one YAML document into plain data and its location index.

    Raises :class:`YamlProblem` for anything that makes the file unusable.
    """
    conflict = _CONFLICT.search(text)
    if conflict:
        raise _problem(
            file,
            text.count("\n", 0, conflict.start()) + 1,
            "HAI006",
            messages.MERGE_CONFLICT.format(marker=conflict.group(1)),
        )
    node = _compose(text, file)
    if node is None:
        raise _problem(
            file,
            1,
            "HAI007",
            messages.EMPTY.format(file=file),
        )
    builder = _Builder(file, text)
    data = builder.build(node, (), 0)
    return Parsed(file, data, builder.locations)


def load(raw: bytes, file: str) -> Parsed:
    return parse(decode(raw, file), file)


# -- composing -------------------------------------------------------------------------------


def _compose(text: str, file: str) -> Any:
    from ruamel.yaml.error import MarkedYAMLError
    from ruamel.yaml.reader import ReaderError

    try:
        composer_class = _composer_class()
        if composer_class is None:  # no libyaml: the pure composer gives the same nodes
            from ruamel.yaml import YAML

            return YAML(typ="safe", pure=True).compose(text)
        composer = composer_class(text)
        try:
            return composer.get_single_node()
        finally:
            composer.dispose()
    except ReaderError as e:  # a character YAML does not allow in a file at all
        at = e.position if isinstance(e.position, int) else 0
        char = e.character if isinstance(e.character, int) else ord(str(e.character or "?")[:1])
        raise _problem(
            file,
            text.count("\n", 0, at) + 1,
            "HAI005",
            Text(
                "Het bestand bevat het stuurteken U+{code:04X}, dat YAML niet toestaat. "
                "Verwijder het (het is onzichtbaar in de meeste editors).",
                "The file holds the control character U+{code:04X}, which YAML does not allow. "
                "Remove it (most editors do not show it).",
            ).format(code=char),
        ) from e
    except MarkedYAMLError as e:
        problem = str(getattr(e, "problem", "") or "")
        if "escape" in problem and e.problem_mark is not None:  # "\q" or "\ud800" in "..."
            mark = e.problem_mark
            raise _problem(
                file, mark.line + 1, "HAI001", _bad_escape(text, mark.line), mark.column + 1
            ) from e
        mark = e.problem_mark or e.context_mark
        if "quoted scalar" in str(getattr(e, "context", "")) and e.context_mark is not None:
            mark = e.context_mark  # point at the opening quote, not the end of the file
        line = mark.line + 1 if mark is not None else 1
        column = mark.column + 1 if mark is not None else 1
        opened = unclosed_quote_line(text, line)
        if opened is not None:  # the quote opened earlier swallowed the lines in between
            raise _problem(file, opened, "HAI001", messages.UNCLOSED_QUOTE) from e
        lines = text.splitlines()
        tab = 0 < line <= len(lines) and "\t" in lines[line - 1]
        help = None if tab else advice(e, text)  # the line to change, and how
        if help is not None:
            raise _problem(file, help.line, "HAI001", help.text, help.column) from e
        raise _problem(file, line, "HAI001", messages.syntax_text(e, text, line), column) from e


def _bad_escape(text: str, line: int) -> Text:
    here = text.splitlines()[line] if line < len(text.splitlines()) else ""
    found = re.search(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|x[0-9A-Fa-f]{2}|.)", here)
    shown = found.group(0) if found else "\\"
    return Text(
        "YAML-fout: tussen dubbele aanhalingstekens is {esc} geen geldige escape (een losse "
        "helft van een surrogaatpaar, of een onbekend teken na \\). Schrijf het teken zelf, "
        "schrijf \\\\ voor een backslash, of gebruik enkele aanhalingstekens.",
        "YAML error: inside double quotes, {esc} is not a valid escape (a lone half of a "
        "surrogate pair, or an unknown character after \\). Write the character itself, write "
        "\\\\ for a backslash, or use single quotes.",
    ).format(esc=shown)


_SURROGATE = re.compile("[\ud800-\udfff]")

_KNOWN_TAGS: dict[int, str] = {}


@cache
def _composer_class() -> Any:
    """libyaml's composer with a resolver for YAML 1.2's core schema that is fast.

    ruamel's own resolver is general (versions, path resolvers) and costs more than the C
    parse itself; this one uses the same regular expressions, looked up by first character,
    and hands back shared tag objects that the builder recognises by identity.
    """
    try:
        from _ruamel_yaml import CParser
    except ImportError:
        return None
    from ruamel.yaml.nodes import ScalarNode, SequenceNode
    from ruamel.yaml.resolver import implicit_resolvers
    from ruamel.yaml.tag import Tag

    tags = {name: Tag(suffix=name) for name in (*_ALLOWED_TAGS, _MERGE)}
    _KNOWN_TAGS.update({id(tag): name for name, tag in tags.items()})
    by_first: dict[str | None, list[tuple[Any, Any]]] = {}
    for versions, name, regexp, first in implicit_resolvers:
        if (1, 2) in versions and name in tags:
            for char in first:
                by_first.setdefault(char, []).append((tags[name], regexp))
    fallback = by_first.pop(None, [])
    str_tag, seq_tag, map_tag = tags[_STR], tags[_SEQ], tags[_MAP]

    class Composer(CParser):  # type: ignore[misc]
        def resolve(self, kind: Any, value: str, implicit: tuple[bool, bool]) -> Any:
            if kind is ScalarNode:
                if implicit[0]:
                    for tag, regexp in by_first.get(value[:1], fallback):
                        if regexp.match(value):
                            return tag
                return str_tag
            return seq_tag if kind is SequenceNode else map_tag

        def descend_resolver(self, current_node: Any, current_index: Any) -> None:
            pass

        def ascend_resolver(self) -> None:
            pass

    return Composer


def _tag_of(node: Any) -> str:
    ctag = node.ctag
    return _KNOWN_TAGS.get(id(ctag)) or str(ctag)


_OPENS_QUOTE = re.compile(r"""^\s*(?:-\s+)?(?:[^\s#'"][^:#]*:\s+)?(['"])(.*)$""")


def unclosed_quote_line(text: str, before: int) -> int | None:
    """The line of a value whose opening quote runs on to the error at line ``before``.

    A quoted YAML value may span lines, so libyaml reports an unclosed quote far below where it
    opened (or as some other error): the quote swallows everything up to the next quote
    character. A value that opens a quote is the culprit when its closing quote is only found
    on the error line or later.
    """
    lines = text.splitlines()
    for number, line in enumerate(lines[: before - 1], start=1):
        match = _OPENS_QUOTE.match(line)
        if not match:
            continue
        quote = match.group(1)
        rest = "\n".join([match.group(2), *lines[number:]])
        closing = _closing_quote(rest, quote)
        if closing is None or number + rest.count("\n", 0, closing) >= before:
            return number
    return None


def _closing_quote(rest: str, quote: str) -> int | None:
    index = 0
    while index < len(rest):
        char = rest[index]
        if quote == '"' and char == "\\":
            index += 2
            continue
        if char == quote:
            if quote == "'" and rest[index + 1 : index + 2] == "'":
                index += 2  # '' is an escaped quote inside single quotes
                continue
            return index
        index += 1
    return None


# -- building plain data -----------------------------------------------------------------------


class _Builder:
    def __init__(self, file: str, text: str = "", locations: bool = True) -> None:
        self.file = file
        self.text = text
        self.keep = locations
        self.locations: dict[KeyPath, Loc] = {}
        self.nodes = 0
        self.alias_visits = 0
        self.aliased = False
        self.seen: set[int] = set()

    def fail(self, node: Any, code: str, text: Text) -> YamlProblem:
        return _problem(self.file, node.start_mark.line + 1, code, text, node.start_mark.column + 1)

    def build(self, node: Any, path: KeyPath, depth: int) -> Any:
        self.nodes += 1
        if id(node) in self.seen:
            self.aliased = True
            if not _is_scalar(node):
                self.alias_visits += 1
        if self.nodes > MAX_NODES and not self.aliased:
            raise self.fail(
                node,
                "HAI008",
                Text(
                    "Dit bestand bevat meer dan {nodes} waarden; zo veel hoort niet in een "
                    "dossierbestand. Zet lange lijsten (metingen, logs) in een bestand in "
                    "evidence/ en verwijs ernaar.",
                    "This file holds more than {nodes} values; that many do not belong in a "
                    "dossier file. Put long lists (measurements, logs) into a file in evidence/ "
                    "and refer to it.",
                ).format(nodes=MAX_NODES),
            )
        if self.nodes > MAX_NODES or self.alias_visits > MAX_ALIAS_VISITS:
            raise self.fail(
                node,
                "HAI008",
                messages.TOO_MANY_VALUES.format(nodes=MAX_NODES, aliases=MAX_ALIAS_VISITS),
            )
        if depth > MAX_DEPTH:
            raise self.fail(
                node,
                "HAI008",
                messages.TOO_DEEP.format(n=MAX_DEPTH),
            )
        self.seen.add(id(node))
        tag = _KNOWN_TAGS.get(id(node.ctag)) or str(node.ctag)
        if tag not in _ALLOWED_TAGS:
            raise self.fail(
                node,
                "HAI003",
                messages.TAG_NOT_ALLOWED.format(tag=_short_tag(tag)),
            )
        if tag == _MAP:
            return self._mapping(node, path, depth)
        if tag == _SEQ:
            result = []
            for index, item in enumerate(node.value):
                if self.keep:
                    line = item.start_mark.line + 1
                    self.locations[(*path, index)] = Loc(line, line, item.start_mark.column + 1)
                result.append(self.build(item, (*path, index), depth + 1))
            return result
        value = node.value
        if isinstance(value, str) and not value.isascii() and _SURROGATE.search(value):
            # the pure-Python parser lets "\ud800" through; libyaml refuses it: so do we
            raise self.fail(node, "HAI001", _bad_escape(self.text, node.start_mark.line))
        return value if tag == _STR else _scalar(tag, value)

    def _mapping(self, node: Any, path: KeyPath, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not _is_scalar(key_node):
                raise self.fail(
                    key_node,
                    "HAI001",
                    messages.KEY_NOT_SCALAR,
                )
            if _tag_of(key_node) == _MERGE:
                raise self.fail(
                    key_node,
                    "HAI003",
                    messages.MERGE_KEY,
                )
            key = str(key_node.value)
            if key in result:
                first = next(k for k, _ in node.value if str(k.value) == key)
                raise self.fail(
                    key_node,
                    "HAI002",
                    messages.DUPLICATE_KEY.format(key=key, first=first.start_mark.line + 1),
                )
            child = (*path, key)
            if self.keep:
                self.locations[child] = Loc(
                    key_node.start_mark.line + 1,
                    value_node.start_mark.line + 1,
                    key_node.start_mark.column + 1,
                )
            result[key] = self.build(value_node, child, depth + 1)
        return result


def _is_scalar(node: Any) -> bool:
    return not isinstance(node.value, list)


def _short_tag(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


def _scalar(tag: str, value: str) -> Any:
    if tag == _NULL:
        return None
    if tag == _BOOL:
        return value.lower() == "true"
    if tag == _INT:
        digits = value.replace("_", "")
        try:
            return int(digits, 0)
        except ValueError:
            return int(digits)
    if tag == _FLOAT:
        lowered = value.lower()
        if lowered.endswith((".inf", "infinity")):
            return -math.inf if lowered.startswith("-") else math.inf
        if lowered.endswith(".nan"):
            return math.nan
        return float(value.replace("_", ""))
    return value


# -- many versions of one file (hai log, the timeline of hai status) ---------------------------

_TOP_LINE = re.compile(r"^[^ \t\r\n#]", re.MULTILINE)  # a line that starts at column 0
_TOP_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*:(?=[ \t\r\n]|$)")
_COMMENT_LINE = re.compile(r"#[ -~]*\r?")  # printable ASCII: what the parser refuses stays


class Versions:
    """Plain data of many versions of a file, as :func:`load` gives it, each top-level block
    (a key at column 0 and the lines up to the next one) parsed once however many versions
    hold it: a history of 2,000 versions that each change one value parses that value's block
    2,000 times, not the whole file. No line maps (a history needs none).

    A version is split only where that cannot change its meaning: every line at column 0 must
    be a plain key (``phase:``) or a comment. A key inside a quoted or flow scalar that runs on
    at column 0 leaves the block before it unclosed, which then fails alone. Anything else (a
    list at the top, ``---``, a quoted key, aliases, a block that fails, a key twice, many
    values) goes through :func:`load` itself, so errors are its errors, word for word."""

    def __init__(self) -> None:
        self._blocks: dict[str, tuple[dict[str, Any], int] | None] = {}

    def load(self, raw: bytes, file: str) -> Any:
        """:func:`load`'s data."""
        return self.parse(decode(raw, file), file)

    def parse(self, text: str, file: str) -> Any:
        """:func:`parse`'s data."""
        data = None if _CONFLICT.search(text) else self._split(text, file)
        return parse(text, file).data if data is None else data

    def _split(self, text: str, file: str) -> dict[str, Any] | None:
        starts = [m.start() for m in _TOP_LINE.finditer(text)]
        if not starts or not _only_comments(text[: starts[0]]):
            return None
        data: dict[str, Any] = {}
        nodes = 1
        for start, end in zip(starts, [*starts[1:], len(text)], strict=True):
            block = self._block(text[start:end], file)
            if block is None:
                return None
            values, count = block
            for key in values:
                if key in data:
                    return None
            data.update(values)
            nodes += count - 1
        return data if nodes <= MAX_NODES else None

    def _block(self, text: str, file: str) -> tuple[dict[str, Any], int] | None:
        text = _without_trailing_comments(text)  # '# revisie 12' at a block's end: no value
        if text in self._blocks:
            return self._blocks[text]
        found: tuple[dict[str, Any], int] | None = None
        if _TOP_KEY.match(text):
            try:
                node = _compose(text, file)
                builder = _Builder(file, text, locations=False)
                data = builder.build(node, (), 0) if node is not None else None
                if isinstance(data, dict) and not builder.aliased:
                    found = (data, builder.nodes)
            except YamlProblem:
                pass
        self._blocks[text] = found
        return found


def _without_trailing_comments(text: str) -> str:
    """``text`` without the comment lines at column 0 that end it, from the first one on: the
    blank lines among and after them go too, those before them stay (a kept block scalar's).
    Only comments of printable ASCII, so that a character the parser refuses is still refused;
    a quote left open before them stays open without them, so such a block fails either way."""
    lines = text.split("\n")
    cut = None
    for index in range(len(lines) - 1, 0, -1):
        line = lines[index]
        if _COMMENT_LINE.fullmatch(line):
            cut = index
        elif line.strip(" \t\r"):
            break
    return text if cut is None else "\n".join(lines[:cut]) + "\n"


def _only_comments(text: str) -> bool:
    return all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines())
