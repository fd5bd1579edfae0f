"""What to do about a YAML syntax error, in words a clinician can act on, at the line to change.

The parser says what it could not do ("mapping values are not allowed in this context") and
where it noticed, which is often below the line the user must change: a plain text runs on over
several lines, a ``[`` opens a list lines earlier. :func:`advice` turns the parser's error into
the line to change and a sentence that says how, in Dutch and English.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from hai_cli.i18n import Text

_KEY = re.compile(r"^(?P<pad>\s*)(?:-\s+)?(?P<key>[^\s#'\"\[\]{}][^:#]*?):(?:\s|$)")
_NO_SPACE = re.compile(r"^\s*(?:-\s+)?(?P<key>[A-Za-z_][\w-]*):(?P<after>\S)")

COLON_IN_TEXT = Text(
    "YAML-fout: in de tekst van '{key}' staat een dubbele punt met een spatie erachter (': '), "
    "en YAML leest dat als het begin van een nieuwe sleutel. Zet de hele tekst tussen "
    'aanhalingstekens ({key}: "…: …"), of zet >- achter {key}: en de tekst op de regels '
    "eronder, ingesprongen.",
    "YAML error: the text of '{key}' holds a colon followed by a space (': '), which YAML reads "
    'as the start of a new key. Put the whole text in quotes ({key}: "…: …"), or write >- '
    "after {key}: and the text on the lines below it, indented.",
)
NO_SPACE_AFTER_COLON = Text(
    "YAML-fout: na '{key}:' ontbreekt een spatie. Schrijf '{key}: {after}…' (dubbele punt, "
    "spatie, waarde).",
    "YAML error: '{key}:' lacks a space after the colon. Write '{key}: {after}…' (colon, "
    "space, value).",
)
TEXT_WITHOUT_KEY = Text(
    "YAML-fout: deze regel is tekst zonder 'sleutel:'. Hoort hij bij de tekst erboven, spring "
    "hem dan verder in dan die sleutel (of zet >- achter die sleutel en de hele tekst "
    "ingesprongen eronder); begint hier een nieuwe sleutel, zet er dan ': ' achter.",
    "YAML error: this line is text without a 'key:'. If it belongs to the text above, indent it "
    "further than that key (or write >- after that key and the whole text indented below it); "
    "if a new key starts here, put ': ' after it.",
)
TEXT_AFTER_QUOTE = Text(
    "YAML-fout: de waarde begint met een aanhalingsteken, dus YAML leest alleen tot het "
    "sluitende teken en weet niet wat er daarna komt. Zet de hele tekst tussen dubbele "
    'aanhalingstekens ("\'t Is zo") of laat het aanhalingsteken aan het begin weg.',
    "YAML error: the value starts with a quote, so YAML reads only up to the closing quote and "
    'does not know what follows it. Put the whole text in double quotes ("\'t Is so") or drop '
    "the quote at the start.",
)
WRONG_INDENT = Text(
    "YAML-fout: deze regel springt anders in dan de sleutels erboven. Zet hem met spaties precies "
    "onder de sleutel waar hij bij hoort (even ver als zijn buren), of verder in als hij bij de "
    "waarde erboven hoort.",
    "YAML error: this line is indented differently from the keys above it. Use spaces to put it "
    "exactly below the key it belongs with (as far in as its neighbours), or further in if it "
    "belongs to the value above.",
)
NOT_A_LIST_ENTRY = Text(
    "YAML-fout: deze regel staat in een lijst maar begint niet met '- '. Is het een nieuw punt "
    "van de lijst, begin hem dan met '- ' op dezelfde inspringing als de andere; hoort hij bij "
    "het punt erboven, spring hem dan in tot onder de eerste sleutel van dat punt.",
    "YAML error: this line is in a list but does not start with '- '. If it is a new entry, "
    "start it with '- ' at the same indentation as the others; if it belongs to the entry "
    "above, indent it to below that entry's first key.",
)
LIST_AFTER_KEY = Text(
    "YAML-fout: een lijst kan niet op dezelfde regel als de sleutel beginnen. Zet elk punt op "
    "een eigen regel onder de sleutel, ingesprongen en beginnend met '- ', of schrijf [a, b]; "
    "is het gewone tekst die met '-' begint, zet hem dan tussen aanhalingstekens.",
    "YAML error: a list cannot start on the same line as its key. Put each entry on a line of "
    "its own below the key, indented and starting with '- ', or write [a, b]; if it is plain "
    "text that starts with '-', put it in quotes.",
)
FLOW_NOT_CLOSED = Text(
    "YAML-fout: de {open} … {close} die hier begint is niet goed gesloten. Sluit hem met "
    "{close} op dezelfde regel, en zet een waarde met een komma, dubbele punt of # erin tussen "
    "aanhalingstekens.",
    "YAML error: the {open} … {close} that starts here is not closed properly. Close it with "
    "{close} on the same line, and put a value holding a comma, colon or # in quotes.",
)
BAD_FIRST_CHARACTER = Text(
    "YAML-fout: een waarde mag in YAML niet met {char} beginnen. Zet de tekst tussen "
    'aanhalingstekens ("{char}…").',
    'YAML error: a value cannot start with {char} in YAML. Put the text in quotes ("{char}…").',
)
STAR_AT_START = Text(
    "YAML-fout: een waarde die met * begint leest YAML als verwijzing naar een anker (&). Is het "
    'gewone tekst, zet hem dan tussen aanhalingstekens ("*…").',
    "YAML error: YAML reads a value starting with * as a reference to an anchor (&). If it is "
    'plain text, put it in quotes ("*…").',
)
AFTER_BLOCK_INDICATOR = Text(
    "YAML-fout: na | of > mag op dezelfde regel niets anders staan dan - of +. Zet de tekst op "
    "de regels eronder, ingesprongen.",
    "YAML error: after | or > nothing but - or + may follow on the same line. Put the text on "
    "the lines below, indented.",
)
KEY_MARK = Text(
    "YAML-fout: '? ' midden in een regel leest YAML als het begin van een sleutel. Zet de tekst "
    "tussen aanhalingstekens.",
    "YAML error: YAML reads '? ' inside a line as the start of a key. Put the text in quotes.",
)
BAD_ESCAPE = Text(
    "YAML-fout: tussen dubbele aanhalingstekens is \\ het begin van een speciaal teken (zoals "
    "\\n). Gebruik enkele aanhalingstekens ('C:\\map'), of schrijf \\\\ voor één \\.",
    "YAML error: inside double quotes, \\ starts a special character (such as \\n). Use single "
    "quotes ('C:\\folder'), or write \\\\ for one \\.",
)
VALUE_MISSING = Text(
    "YAML-fout: hier ontbreekt een waarde. Vul hem in na 'sleutel: ', of laat de sleutel leeg "
    "('sleutel:') en zet de waarde ingesprongen op de regels eronder.",
    "YAML error: a value is missing here. Fill it in after 'key: ', or leave the key empty "
    "('key:') and put the value indented on the lines below.",
)


@dataclass(frozen=True, slots=True)
class Advice:
    line: int
    column: int
    text: Text


def advice(error: Any, text: str) -> Advice | None:
    """The line to change and what to do, for a ruamel/libyaml ``MarkedYAMLError``; None when
    the error is not one of the common ones (then :func:`messages.syntax_text` speaks)."""
    problem = str(getattr(error, "problem", "") or "")
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    context_mark = getattr(error, "context_mark", None)
    if mark is None:
        return None
    lines = text.splitlines()
    line, column = mark.line + 1, mark.column + 1

    def at(number: int) -> str:
        return lines[number - 1] if 0 < number <= len(lines) else ""

    if problem.startswith("mapping values are not allowed"):
        return _colon(lines, line, column)
    if problem.startswith("could not find expected ':'") and context_mark is not None:
        return Advice(context_mark.line + 1, context_mark.column + 1, TEXT_WITHOUT_KEY)
    context = str(getattr(error, "context", "") or "")
    block_end = problem.startswith("expected <block end>")  # the pure parser's words
    if problem.startswith("did not find expected key") or (
        block_end and "block mapping" in context
    ):
        value = _value(at(line))
        if value[:1] in {"'", '"'} and column > len(at(line)) - len(value.lstrip()) + 1:
            return Advice(line, column, TEXT_AFTER_QUOTE)
        return Advice(line, column, WRONG_INDENT)
    if problem.startswith("did not find expected '-' indicator") or (
        block_end and "block collection" in context
    ):
        return Advice(line, column, NOT_A_LIST_ENTRY)
    if "sequence entries are not allowed" in problem:
        return Advice(line, column, LIST_AFTER_KEY)
    flow = re.match(r"(?:did not find expected|expected) ',' or '([]}])'", problem)
    if flow:
        closing = flow.group(1)
        opened = context_mark.line + 1 if context_mark is not None else line
        return Advice(
            opened,
            1,
            FLOW_NOT_CLOSED.format(open="[" if closing == "]" else "{", close=closing),
        )
    if problem.startswith("found character") and "cannot start any token" in problem:
        char = at(line)[column - 1 : column] or "?"
        return Advice(line, column, BAD_FIRST_CHARACTER.format(char=char))
    if problem.startswith("found undefined alias") or "alias" in context:
        return Advice(line, column, STAR_AT_START)
    if "anchor" in context:
        return Advice(line, column, BAD_FIRST_CHARACTER.format(char="&"))
    if problem.startswith(
        ("did not find expected comment or line break", "expected chomping or indentation")
    ):
        return Advice(line, column, AFTER_BLOCK_INDICATOR)
    if problem.startswith("mapping keys are not allowed"):
        return Advice(line, column, KEY_MARK)
    if problem.startswith("found unknown escape character"):
        return Advice(line, column, BAD_ESCAPE)
    if re.match(r"(did not find expected|expected the) node content", problem):
        return Advice(line, column, VALUE_MISSING)
    return None


def _value(line: str) -> str:
    match = _KEY.match(line)
    return line[match.end() :].strip() if match else line.strip()


def _colon(lines: list[str], line: int, column: int) -> Advice:
    """A ': ' where YAML did not expect a key: in a value's text (the usual case), or after a
    ``key:x`` without its space on an earlier line."""
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    match = _KEY.match(here)
    if match and match.end() < column:  # `key: text with: colon` on this very line
        return Advice(line, match.end(), COLON_IN_TEXT.format(key=match.group("key").strip()))
    indent = len(here) - len(here.lstrip())
    for number in range(line - 1, 0, -1):  # the text runs on from a line above
        above = lines[number - 1]
        if not above.strip() or above.lstrip().startswith("#"):
            continue
        squeezed = _NO_SPACE.match(above)
        if squeezed:
            return Advice(
                number,
                1,
                NO_SPACE_AFTER_COLON.format(key=squeezed.group("key"), after=squeezed["after"]),
            )
        owner = _KEY.match(above)
        if owner and len(owner.group("pad")) < indent:
            return Advice(number, 1, COLON_IN_TEXT.format(key=owner.group("key").strip()))
        if not owner and len(above) - len(above.lstrip()) == indent:  # `text` then `key:`
            return Advice(number, 1, TEXT_WITHOUT_KEY)
        if len(above) - len(above.lstrip()) < indent:
            break
    return Advice(line, column, COLON_IN_TEXT.format(key="…"))
