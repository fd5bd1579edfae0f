"""Translate pydantic validation errors into dossier problems at YAML lines, in nl and en."""

from __future__ import annotations

import difflib
import math
import re
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from hai_cli.i18n import Text
from hai_cli.problems import HaiError, Problem, Severity
from hai_cli.yamlio import Parsed

Loc = tuple[str | int, ...]


def problems_from(
    error: ValidationError, parsed: Parsed, model: type[BaseModel], source: str | None = None
) -> list[Problem]:
    """One problem per validation error; ``source`` (the file's text) lets a message show a
    value exactly as it is written (``0.80``, not ``0.8``)."""
    problems = []
    lines = source.splitlines() if source is not None else []
    errors = error.errors(include_url=False)
    unions = _scalar_unions(errors)
    told: set[Loc] = set()
    for e in errors:
        loc: Loc = tuple(e["loc"])
        if loc[:-1] in unions:  # one problem for the union, not one for each of its types
            if loc[:-1] not in told:
                told.add(loc[:-1])
                problems.append(_not_one_value(e, loc[:-1], unions[loc[:-1]], parsed))
            continue
        problems.append(_problem(e, loc, parsed, model, lines))
    return problems


# pydantic tags the error of each type of a union with the type's name (``value.float``)
_SCALAR_WORDS = {  # in the order the words are said
    "int": ("een getal", "a number"),
    "float": ("een getal", "a number"),
    "str": ("tekst", "text"),
    "bool": ("true/false", "true/false"),
}


def _scalar_unions(errors: list[Any]) -> dict[Loc, list[str]]:
    """The places where a list or mapping stands for a union of scalars (``bool | float |
    str``): each has an error per type, tagged with the type's name, all for the same input."""
    tags: dict[Loc, list[str]] = {}
    for e in errors:
        loc: Loc = tuple(e["loc"])
        if len(loc) > 1 and loc[-1] in _SCALAR_WORDS and isinstance(e.get("input"), list | dict):
            tags.setdefault(loc[:-1], []).append(str(loc[-1]))
    return {loc: found for loc, found in tags.items() if len(set(found)) > 1}


def _not_one_value(e: Any, loc: Loc, types: list[str], parsed: Parsed) -> Problem:
    said = [t for t in _SCALAR_WORDS if t in types]
    nl = list(dict.fromkeys(_SCALAR_WORDS[t][0] for t in said))
    en = list(dict.fromkeys(_SCALAR_WORDS[t][1] for t in said))
    return _error(
        parsed.file,
        parsed.line(loc, value=True),
        "HAI012",
        Text(
            "'{where}' is één waarde ({nl}), geen {shape}. Schrijf die ene waarde achter '{key}:'.",
            "'{where}' is one value ({en}), not a {shape}. Write that one value after '{key}:'.",
        ).format(
            where=_dotted(loc),
            key=str(loc[-1]),
            nl=", ".join(nl[:-1]) + " of " + nl[-1] if len(nl) > 1 else nl[0],
            en=", ".join(en[:-1]) + " or " + en[-1] if len(en) > 1 else en[0],
            shape=_shape(e.get("input")),
        ),
    )


def input_error(error: ValidationError, what: Text) -> HaiError:
    """Command-line input that does not fit the model: its first problem, for stderr."""
    first = error.errors(include_url=False)[0]
    return HaiError(
        Text("Ongeldige {what} ({loc}): {msg}.", "Invalid {what} ({loc}): {msg}.").format(
            what=what, loc=".".join(str(p) for p in first["loc"]), msg=first["msg"]
        )
    )


def _problem(
    e: Any, loc: Loc, parsed: Parsed, model: type[BaseModel], lines: list[str] | None = None
) -> Problem:
    kind: str = e["type"]
    where = _dotted(loc)
    key = str(loc[-1]) if loc else ""
    if kind == "extra_forbidden":
        parent = model_at(model, loc[:-1])
        allowed = field_keys(parent) if parent else []
        line = parsed.line(loc)
        return _error(parsed.file, line, "HAI010", _unknown_key(key, loc, allowed))
    if kind == "missing":
        return _error(
            parsed.file,
            parsed.line(loc[:-1]),
            "HAI011",
            Text(
                "De verplichte sleutel '{key}' ontbreekt{parent}. Voeg hem toe.",
                "The required key '{key}' is missing{parent}. Add it.",
            ).format(key=key, parent=_under(loc[:-1])),
        )
    line = parsed.line(loc, value=True)
    value = _as_written(lines or [], line, key, e.get("input")) or _show(e.get("input"))
    if kind in {"enum", "literal_error"} and isinstance(e.get("input"), list | dict):
        expected = str(e.get("ctx", {}).get("expected", ""))
        return _error(
            parsed.file,
            line,
            "HAI012",
            Text(
                "'{where}' is één waarde uit {expected}, geen {shape}. Schrijf bijvoorbeeld "
                "{key}: {first}.",
                "'{where}' is one value of {expected}, not a {shape}. Write for example "
                "{key}: {first}.",
            ).format(
                where=where,
                expected=_or(expected),
                shape=_shape(e.get("input")),
                key=key,
                first=_first(expected),
            ),
        )
    if kind in {"enum", "literal_error"}:
        expected = str(e.get("ctx", {}).get("expected", ""))
        meant = _meant(e.get("input"), _choices(expected))
        hint = (
            Text(
                " '{value}' is het Nederlandse woord voor '{id}'; schrijf de Engelse id: "
                "{where_key}: {id}.",
                " '{value}' means '{id}'; write the id: {where_key}: {id}.",
            ).format(value=value, id=meant, where_key=key)
            if meant
            else Text("", "")
        )
        return _error(
            parsed.file,
            line,
            "HAI013",
            Text(
                "'{value}' is geen geldige waarde voor '{where}'.{hint} Kies uit: {expected}.",
                "'{value}' is not a valid value for '{where}'.{hint} Choose one of: {expected}.",
            ).format(value=value, where=where, expected=_or(expected), hint=hint),
        )
    text = _TYPE_TEXTS.get(kind)
    if text is None:
        for prefix, candidate in _PREFIX_TEXTS.items():
            if kind.startswith(prefix):
                text = candidate
                break
    if text is None:
        text = Text(
            "Ongeldige waarde voor '{where}': {msg}.",
            "Invalid value for '{where}': {msg}.",
        )
    ctx = {k: str(v) for k, v in (e.get("ctx") or {}).items()}
    message = text.format(where=where, value=value, msg=e["msg"], **_ctx_defaults(ctx))
    wanted = model_at(model, loc) if kind in _MAPPING_KINDS else None
    if wanted is not None:  # `limit: 0.80` where `limit: {min: 0.80}` is meant
        keys = field_keys(wanted)
        example = f"{key}: {{{keys[0]}: …}}"
        message = Text(
            "{m} Sleutels hier: {k}; bijvoorbeeld {x}.", "{m} Keys here: {k}; for example {x}."
        ).format(m=message, k=", ".join(keys), x=example)
    return _error(parsed.file, line, "HAI012", message)


_MAPPING_KINDS = {"dict_type", "model_type", "model_attributes_type"}


def _ctx_defaults(ctx: dict[str, str]) -> dict[str, str]:
    defaults = {"ge": "", "le": "", "pattern": "", "min_length": "", "max_length": ""}
    return {**defaults, **ctx}


_TYPE_TEXTS = {
    "dict_type": Text(
        "'{where}' moet een mapping zijn (regels 'sleutel: waarde' eronder, ingesprongen), "
        "niet {value}.",
        "'{where}' must be a mapping (indented 'key: value' lines below it), not {value}.",
    ),
    "model_type": Text(
        "'{where}' moet een mapping zijn (regels 'sleutel: waarde' eronder, ingesprongen), "
        "niet {value}.",
        "'{where}' must be a mapping (indented 'key: value' lines below it), not {value}.",
    ),
    "model_attributes_type": Text(
        "'{where}' moet een mapping zijn (regels 'sleutel: waarde' eronder, ingesprongen), "
        "niet {value}.",
        "'{where}' must be a mapping (indented 'key: value' lines below it), not {value}.",
    ),
    "list_type": Text(
        "'{where}' moet een lijst zijn (regels die beginnen met '- '), niet {value}.",
        "'{where}' must be a list (lines starting with '- '), not {value}.",
    ),
    "string_type": Text(
        "'{where}' moet tekst zijn, niet {value}.",
        "'{where}' must be text, not {value}.",
    ),
    "bool_type": Text(
        "'{where}' moet true of false zijn (of ja of nee), niet {value}.",
        "'{where}' must be true or false, not {value}.",
    ),
    "bool_parsing": Text(
        "'{where}' moet true of false zijn (of ja of nee), niet {value}.",
        "'{where}' must be true or false, not {value}.",
    ),
    "string_pattern_mismatch": Text(
        "'{where}' heeft niet de juiste vorm ({value}): gebruik kleine letters, cijfers en "
        "koppeltekens, zoals 'ai-rad-companion'.",
        "'{where}' does not have the right form ({value}): use lowercase letters, digits and "
        "hyphens, like 'ai-rad-companion'.",
    ),
    "string_too_short": Text(
        "'{where}' mag niet leeg zijn.",
        "'{where}' must not be empty.",
    ),
    "string_too_long": Text(
        "'{where}' is te lang (hoogstens {max_length} tekens).",
        "'{where}' is too long (at most {max_length} characters).",
    ),
    "greater_than_equal": Text(
        "'{where}' moet minstens {ge} zijn, niet {value}.",
        "'{where}' must be at least {ge}, not {value}.",
    ),
    "less_than_equal": Text(
        "'{where}' mag hoogstens {le} zijn, niet {value}.",
        "'{where}' must be at most {le}, not {value}.",
    ),
}

_PREFIX_TEXTS = {
    "finite_number": Text(
        "'{where}' moet een eindig getal zijn, zoals 0.8, niet {value}: met .nan of .inf kan "
        "er nooit iets boven of onder liggen.",
        "'{where}' must be a finite number, such as 0.8, not {value}: nothing is ever above or "
        "below .nan or .inf.",
    ),
    "float_": Text(
        "'{where}' moet een getal zijn, zoals 0.8 (met een punt, zonder aanhalingstekens), "
        "niet {value}.",
        "'{where}' must be a number, such as 0.8 (with a decimal point, without quotes), not "
        "{value}.",
    ),
    "int_": Text(
        "'{where}' moet een geheel getal zijn, niet {value}.",
        "'{where}' must be a whole number, not {value}.",
    ),
    "date": Text(
        "'{where}' moet een datum zijn als 2024-03-01 (jaar-maand-dag), niet {value}.",
        "'{where}' must be a date like 2024-03-01 (year-month-day), not {value}.",
    ),
}


def _meant(given: Any, ids: list[str]) -> str | None:
    """The id a Dutch (or differently written) word stands for, among the allowed ``ids``."""
    if not isinstance(given, str) or not given.strip():
        return None
    from hai_cli.labels import VALUES

    word = given.strip().lower()
    if _SYNONYMS.get(word) in ids:
        return _SYNONYMS[word]
    for candidate in ids:
        if word == candidate.lower():
            return candidate  # `High`, `DONE`
    for candidate in ids:
        text = VALUES.get(candidate)
        labels = {text.nl.lower(), text.en.lower()} if text is not None else {""}
        words = {w for label in labels for w in re.split(r"[\s/(),&]+", label) if len(w) > 3}
        if word in labels or word in words:
            return candidate
    return None


# Dutch words people write for an id, beyond the labels documents print (render/labels.py)
_SYNONYMS = {
    "klaar": "done",
    "gereed": "done",
    "gedaan": "done",
    "af": "done",
    "nvt": "n/a",
    "n.v.t": "n/a",
    "n.v.t.": "n/a",
    "niet van toepassing": "n/a",
    "midden": "medium",
    "middel": "medium",
    "matig": "medium",
    "gemiddeld": "medium",
    "hoog": "high",
    "laag": "low",
    "ja": "yes",
    "nee": "no",
    "deels": "partly",
    "gedeeltelijk": "partly",
    "onbekend": "unknown",
    "zelfbouw": "in-house",
    "inkoop": "purchase",
    "aankoop": "purchase",
    "gezondheid": "health",
    "efficientie": "efficiency",
    "efficiëntie": "efficiency",
    "doorgaan": "continue",
    "stoppen": "stop",
    "wijzigen": "change",
}


def _item_of(loc: Loc) -> str | None:
    """The checklist item id when ``loc`` is a key inside one item (``checklist.ID.KEY``)."""
    if len(loc) >= 3 and loc[-3] == "checklist" and isinstance(loc[-2], str):
        return loc[-2]
    return None


def _unknown_key(key: str, loc: Loc, allowed: list[str]) -> Text:
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    in_checklist = len(loc) >= 2 and loc[-2] == "checklist"
    item_id = _item_of(loc)
    if close:
        hint = Text(" Bedoelde je '{close}'?", " Did you mean '{close}'?").format(close=close[0])
    else:
        hint = Text(" Toegestaan hier: {allowed}.", " Allowed here: {allowed}.").format(
            allowed=", ".join(allowed) or "-"
        )
    if item_id is not None:
        from hai_cli.catalogue import catalogue

        item = catalogue().find(item_id)
        number = f"{item.number} " if item is not None else ""
        base = Text(
            "'{key}' is geen sleutel van punt " + number + item_id + ".{hint_nl} Een punt "
            "heeft: " + ", ".join(allowed) + ".",
            "'{key}' is not a key of item "
            + number
            + item_id
            + ".{hint_en} An item has: "
            + ", ".join(allowed)
            + ".",
        )
    elif in_checklist:
        base = Text(
            "'{key}' is geen checklistpunt van deze stap.{hint_nl} 'hai explain' toont de punten.",
            "'{key}' is not a checklist item of this step.{hint_en} 'hai explain' lists the items.",
        )
    else:
        base = Text(
            "Onbekende sleutel '{key}'{parent}.{hint_nl}",
            "Unknown key '{key}'{parent}.{hint_en}",
        )
    parent = _under(loc[:-1])
    return Text(
        base.nl.format(key=key, parent=parent.nl, hint_nl=hint.nl),
        base.en.format(key=key, parent=parent.en, hint_en=hint.en),
    )


def _under(loc: Loc) -> Text:
    if not loc:
        return Text("", "")
    return Text(" onder '{p}'", " under '{p}'").format(p=_dotted(loc))


def _dotted(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _shape(value: Any) -> Text:
    if isinstance(value, dict):
        return Text("mapping (regels 'sleutel: waarde')", "mapping ('key: value' lines)")
    return Text("lijst (regels met '- ' of [ ])", "list (lines with '- ' or [ ])")


_SCALAR_LINE = re.compile(
    r"^\s*(?:-\s+)?(?P<key>[^\s:#][^:#]*?):\s+(?P<value>[^\s#'\"\[{|>&*!][^#]*?)\s*(?:\s#.*)?$"
)


def _as_written(lines: list[str], line: int, key: str, value: Any) -> str | None:
    """A plain scalar as it stands in the file at ``line`` (``0.80``, ``Yes``), when that is
    the value pydantic refused."""
    if not (0 < line <= len(lines)) or isinstance(value, dict | list) or value is None:
        return None
    match = _SCALAR_LINE.match(lines[line - 1])
    if match is None or match.group("key") != key:
        return None
    written = match.group("value")
    from hai_cli.yamlio import YamlProblem, parse

    try:
        same = parse(f"v: {written}\n", "-").data == {"v": value}
    except YamlProblem:
        return None
    return written if same and len(written) <= 60 else None


def _show(value: Any) -> Text | str:
    """A value as the user wrote it in YAML (``true``, not Python's ``True``)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return _A_MAPPING if value else "{}"
    if isinstance(value, list):
        return _A_LIST if value else "[]"
    if isinstance(value, float) and not math.isfinite(value):
        return ".nan" if math.isnan(value) else (".inf" if value > 0 else "-.inf")
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."


_A_MAPPING = Text("een mapping", "a mapping")  # "niet een mapping", "not a mapping"
_A_LIST = Text("een lijst", "a list")


def _choices(expected: str) -> list[str]:
    """pydantic's expected values (``'1A', '1B' or '2'`` → ``['1A', '1B', '2']``)."""
    return re.findall(r"'([^']*)'", expected)


def _first(expected: str) -> str:
    found = _choices(expected)
    return found[0] if found else _or(expected).split(", ")[0]


def _or(expected: str) -> str:
    return expected.replace("'", "").replace(" or ", ", ")


def _error(file: str, line: int, code: str, text: Text) -> Problem:
    return Problem(file, line, 1, code, Severity.ERROR, text)


# -- walking model types ---------------------------------------------------------------------


def unwrap(annotation: Any, lists: bool = True) -> Any:
    """Strip Optional, Annotated and (with ``lists``) list[...] down to the element type; a
    union of several types is kept."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        elif origin is list and lists:
            annotation = typing.get_args(annotation)[0]
        else:
            return annotation


def model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = model_field(current, part)
        if field is None:
            return None
        current = unwrap(field.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return current
    return None


def model_field(model: type[BaseModel], key: str) -> Any:
    """The field of ``model`` named ``key`` (by name or alias), or None."""
    for name, field in model.model_fields.items():
        if key in (name, field.alias):
            return field
    return None


def field_keys(model: type[BaseModel]) -> list[str]:
    return [field.alias or name for name, field in model.model_fields.items()]
