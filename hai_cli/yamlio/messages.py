"""The words of the YAML reader's refusals, in nl and en.

The parser's own complaint (libyaml's or the pure-Python parser's, in English) is matched here
against what both parsers say for the same mistake, so that a Dutch reader gets the same Dutch
sentence whichever parser is installed.
"""

from __future__ import annotations

import re

from hai_cli.i18n import Text

TOO_BIG = Text(
    "Het bestand is {size} MB; een dossierbestand mag hoogstens 1 MB zijn. "
    "Zet grote stukken in evidence/ en verwijs ernaar.",
    "The file is {size} MB; a dossier file may be at most 1 MB. "
    "Put large material in evidence/ and refer to it.",
)


NOT_TEXT = Text(
    "Dit is geen tekstbestand (het bevat NUL-bytes). Een stapbestand is YAML-tekst; "
    "zet bijlagen in evidence/.",
    "This is not a text file (it contains NUL bytes). A step file is YAML text; "
    "put attachments in evidence/.",
)


NOT_UTF8 = Text(
    "Het bestand is geen geldige UTF-8. Sla het op als UTF-8 (in de meeste editors: "
    "'Opslaan met codering').",
    "The file is not valid UTF-8. Save it as UTF-8 (in most editors: 'Save with encoding').",
)


MERGE_CONFLICT = Text(
    "Hier staat een git-mergeconflict ({marker}). Kies tussen de twee versies, "
    "verwijder de markeringen <<<<<<<, ======= en >>>>>>> en sla op.",
    "There is a git merge conflict here ({marker}). Choose between the two versions, "
    "remove the <<<<<<<, ======= and >>>>>>> markers and save.",
)


EMPTY = Text(
    "Het bestand is leeg. Herstel het uit git (git checkout -- {file}) of vul het "
    "in; 'hai explain' laat zien wat erin hoort.",
    "The file is empty. Restore it from git (git checkout -- {file}) or fill it "
    "in; 'hai explain' shows what belongs in it.",
)


TOO_MANY_VALUES = Text(
    "Ankers en aliassen (&, *) laten dit bestand uitdijen tot te veel waarden "
    "(meer dan {nodes} waarden of {aliases} herhaalde verwijzingen). Schrijf de "
    "waarden uit in plaats van ernaar te verwijzen.",
    "Anchors and aliases (&, *) make this file expand to too many values (more "
    "than {nodes} values or {aliases} repeated references). Write the values "
    "out instead of referring to them.",
)


TOO_DEEP = Text(
    "Het bestand is dieper genest dan {n} niveaus.",
    "The file is nested deeper than {n} levels.",
)


TAG_NOT_ALLOWED = Text(
    "De tag {tag} is niet toegestaan. Een dossier bevat alleen gewone tekst, "
    "getallen, lijsten en mappings; verwijder de tag.",
    "The tag {tag} is not allowed. A dossier holds only plain text, numbers, "
    "lists and mappings; remove the tag.",
)


KEY_NOT_SCALAR = Text(
    "Een sleutel moet gewone tekst zijn, geen lijst of mapping.",
    "A key must be plain text, not a list or a mapping.",
)


MERGE_KEY = Text(
    "Samenvoegsleutels (<<) zijn niet toegestaan; schrijf de sleutels uit.",
    "Merge keys (<<) are not allowed; write the keys out.",
)


DUPLICATE_KEY = Text(
    "De sleutel '{key}' staat twee keer in deze mapping (eerst op regel "
    "{first}). Voeg ze samen tot één.",
    "The key '{key}' appears twice in this mapping (first on line {first}). Merge them into one.",
)


# What libyaml and the pure-Python parser say for the same mistake (both in English, worded
# differently), and the sentence hai says for it. A pattern is matched against the parser's
# problem; ``context`` narrows it where the pure parser's words are ambiguous.
_KEY = Text(
    "hier verwachtte YAML een nieuwe sleutel ('sleutel: waarde') op dezelfde inspringing",
    "YAML expected a new key ('key: value') at the same indentation here",
)
_LIST_ITEM = Text(
    "een regel in deze lijst begint niet met '- ' op dezelfde inspringing",
    "a line in this list does not start with '- ' at the same indentation",
)
_PARSER_PROBLEMS: tuple[tuple[re.Pattern[str], str | None, Text], ...] = (
    (re.compile(r"did not find expected key"), None, _KEY),
    (re.compile(r"expected <block end>, but found"), "block mapping", _KEY),
    (re.compile(r"did not find expected '-' indicator"), None, _LIST_ITEM),
    (re.compile(r"expected <block end>, but found"), "block collection", _LIST_ITEM),
    (
        re.compile(r"mapping values are not allowed"),
        None,
        Text(
            "er staat een dubbele punt met spatie (': ') midden in een waarde; zet de tekst "
            "tussen aanhalingstekens",
            "there is a colon and space (': ') inside a value; put the text in quotes",
        ),
    ),
    (
        re.compile(r"could not find expected ':'"),
        None,
        Text("na deze sleutel ontbreekt de dubbele punt", "this key lacks its colon"),
    ),
    (
        re.compile(r"(did not find expected|expected the) node content"),
        None,
        Text("hier ontbreekt een waarde", "a value is missing here"),
    ),
    (
        re.compile(r"(did not find expected|expected) ',' or '[]}]'"),
        None,
        Text(
            "een lijst [ ] of mapping { } op één regel is niet gesloten, of er ontbreekt een komma",
            "a list [ ] or mapping { } written on one line is not closed, or lacks a comma",
        ),
    ),
    (
        re.compile(r"found character (.+ )?that cannot start any token"),
        None,
        Text(
            "een waarde begint met een teken dat YAML niet toestaat (zoals ` of @); zet de "
            "tekst tussen aanhalingstekens",
            "a value starts with a character YAML does not allow (such as ` or @); put the "
            "text in quotes",
        ),
    ),
    (
        re.compile(r"found undefined alias"),
        None,
        Text(
            "er wordt verwezen (*) naar een anker (&) dat niet bestaat",
            "an alias (*) refers to an anchor (&) that does not exist",
        ),
    ),
)
_UNKNOWN = Text(
    "de opbouw van het bestand klopt hier niet", "the structure of the file is not valid here"
)


def parser_detail(problem: str, context: str) -> Text:
    """The parser's complaint in hai's words, the same for libyaml and the pure parser."""
    for pattern, within, text in _PARSER_PROBLEMS:
        if pattern.match(problem) and (within is None or within in context):
            return text
    return _UNKNOWN


def syntax_text(e: Exception, text: str, line: int) -> Text:
    """The message for a file the parser refused at ``line``."""
    problem = str(getattr(e, "problem", "") or e)
    context = str(getattr(e, "context", "") or "")
    lines = text.splitlines()
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" in here or "'\\t'" in problem:
        return Text(
            "YAML-fout: er staat een tab in de inspringing. Gebruik spaties (twee per niveau).",
            "YAML error: there is a tab in the indentation. Use spaces (two per level).",
        )
    if "quoted scalar" in context or "quoted scalar" in problem:
        return UNCLOSED_QUOTE
    if "another document" in problem:
        return Text(
            "YAML-fout: het bestand bevat meer dan één document (---). Houd één document "
            "per bestand.",
            "YAML error: the file holds more than one document (---). Keep one document per file.",
        )
    detail = parser_detail(problem, context)
    return Text(
        "YAML-fout: {detail}. Controleer de inspringing (spaties, gelijk per niveau), dubbele "
        "punten en aanhalingstekens rond deze regel.",
        "YAML error: {detail}. Check the indentation (spaces, equal per level), colons and "
        "quotes around this line.",
    ).format(detail=detail)


UNCLOSED_QUOTE = Text(
    "YAML-fout: een aanhalingsteken is niet gesloten. Sluit de tekst af met hetzelfde teken "
    "(' of \") waarmee hij begint.",
    "YAML error: a quote is not closed. End the text with the same character (' or \") it "
    "starts with.",
)
