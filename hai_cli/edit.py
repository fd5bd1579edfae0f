"""Edits without writing YAML: the core of ``hai set`` and ``hai interview``.

A *target* is one place in one file of a dossier: a checklist item (by number ``4.1`` or id
``risk-analysis``) or a field (a step and a dotted path, ``risks.risk_indication``). A value
typed by a person is read by the field's kind (text, choice, yes/no, number, date, list),
applied to the file's plain data and validated with the file's model as a whole *before*
anything is written; only then is the same change made to the round-trip document, which keeps
every comment, the key order and the quoting of everything else, and written atomically.

Nothing here prints: the commands show what :class:`Editor` returns.
"""

from __future__ import annotations

import codecs
import copy
import datetime as dt
import difflib
import re
import types
import typing
from dataclasses import dataclass, field
from enum import Enum, StrEnum
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from hai_cli.approvals import LEGACY, content_hash, left_out
from hai_cli.catalogue import Item, catalogue
from hai_cli.fsio import Changed, write_atomic
from hai_cli.i18n import Lang, Text
from hai_cli.load import DOSSIER_FILE, Dossier, EvidenceState, evidence_state, load_dossier
from hai_cli.model import STEP_MODELS, DossierFile
from hai_cli.model.common import Approval
from hai_cli.problems import HaiError, Problem
from hai_cli.schema_errors import problems_from, unwrap
from hai_cli.yamlio import KeyPath, Parsed, load_roundtrip, parse


class Kind(StrEnum):
    TEXT = "text"
    CHOICE = "choice"
    BOOL = "bool"
    INT = "int"
    FLOAT = "float"
    NUMBER_OR_TEXT = "number-or-text"
    DATE = "date"
    LIST = "list"  # of one of the scalar kinds above
    ENTRIES = "entries"  # a list of mappings (team members, requirements, ...)
    SECTION = "section"  # a mapping with fields of its own
    OTHER = "other"  # nothing a person types (required_approvals)


@dataclass(frozen=True, slots=True)
class Spec:
    """What a field is: its place, its kind, the values it allows, its guidance."""

    path: KeyPath
    kind: Kind
    choices: tuple[str, ...] = ()
    element: Kind | None = None  # for LIST: the kind of each entry
    model: type[BaseModel] | None = None  # for SECTION and ENTRIES
    required: bool = False
    guidance: Text | None = None

    @property
    def key(self) -> str:
        return str(self.path[-1])

    @property
    def dotted(self) -> str:
        return dotted(self.path)


def dotted(path: KeyPath) -> str:
    return ".".join(str(p) for p in path)


def guidance_key(prefix: str, path: KeyPath) -> str:
    """The key of ``fields.yaml`` for a path: list indexes left out."""
    return ".".join([prefix, *(str(p) for p in path if not isinstance(p, int))])


# -- the kinds of the models' fields -----------------------------------------------------------


def _strip(annotation: Any) -> Any:
    """Optional and Annotated removed; a list and a union of several types are kept."""
    return unwrap(annotation, lists=False)


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _scalar_kind(annotation: Any) -> tuple[Kind, tuple[str, ...]]:
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return Kind.CHOICE, tuple(str(m.value) for m in annotation)
    if typing.get_origin(annotation) is typing.Literal:
        return Kind.CHOICE, tuple(str(a) for a in typing.get_args(annotation))
    if annotation is bool:
        return Kind.BOOL, ()
    if annotation is int:
        return Kind.INT, ()
    if annotation is float:
        return Kind.FLOAT, ()
    if annotation is dt.date:
        return Kind.DATE, ()
    if annotation is str:
        return Kind.TEXT, ()
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = set(typing.get_args(annotation)) - {type(None)}
        if str in args and args <= {str, int, float}:
            return Kind.NUMBER_OR_TEXT, ()
    return Kind.OTHER, ()


def _spec_of(path: KeyPath, annotation: Any, required: bool, prefix: str) -> Spec:
    guidance = catalogue().field_text(guidance_key(prefix, path))
    bare = _strip(annotation)
    if typing.get_origin(bare) is list:
        element = _strip(typing.get_args(bare)[0])
        if _is_model(element):
            return Spec(path, Kind.ENTRIES, model=element, guidance=guidance)
        kind, choices = _scalar_kind(element)
        if kind is Kind.OTHER:
            return Spec(path, Kind.OTHER, guidance=guidance)
        return Spec(path, Kind.LIST, choices, element=kind, guidance=guidance)
    if _is_model(bare):
        return Spec(path, Kind.SECTION, model=bare, required=required, guidance=guidance)
    kind, choices = _scalar_kind(bare)
    return Spec(path, kind, choices, required=required, guidance=guidance)


def fields_of(model: type[BaseModel]) -> list[tuple[str, Any, bool]]:
    """(key as written in YAML, annotation, required) of each field, in the model's order."""
    return [
        (f.alias or name, f.annotation, f.is_required()) for name, f in model.model_fields.items()
    ]


def describe(model: type[BaseModel], path: KeyPath, prefix: str) -> Spec:
    """The :class:`Spec` of ``path`` in ``model``; an unknown key is a :class:`HaiError`."""
    current: type[BaseModel] = model
    spec: Spec | None = None
    for depth, part in enumerate(path):
        if spec is not None and spec.kind is Kind.ENTRIES and isinstance(part, int):
            assert spec.model is not None
            current = spec.model
            spec = Spec(path[: depth + 1], Kind.SECTION, model=current)
            continue
        if spec is not None and spec.kind is not Kind.SECTION:
            raise HaiError(
                Text(
                    "'{p}' heeft geen velden onder zich; '{rest}' kan daar niet.",
                    "'{p}' has no fields below it; '{rest}' cannot go there.",
                ).format(p=dotted(path[:depth]), rest=dotted(path[depth:]))
            )
        keys = {key: (ann, req) for key, ann, req in fields_of(current)}
        if not isinstance(part, str) or part not in keys:
            raise _unknown(path[:depth], str(part), list(keys))
        annotation, required = keys[part]
        spec = _spec_of(path[: depth + 1], annotation, required, prefix)
        if spec.model is not None and spec.kind is Kind.SECTION:
            current = spec.model
    assert spec is not None
    return spec


def _unknown(parent: KeyPath, key: str, allowed: list[str]) -> HaiError:
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    hint = (
        Text(" Bedoelde je '{c}'?", " Did you mean '{c}'?").format(c=close[0])
        if close
        else Text(" Mogelijk hier: {a}.", " Possible here: {a}.").format(a=", ".join(allowed))
    )
    where = (
        Text(" onder '{p}'", " under '{p}'").format(p=dotted(parent)) if parent else Text("", "")
    )
    return HaiError(
        Text("Er is geen veld '{k}'{w}.{h}", "There is no field '{k}'{w}.{h}").format(
            k=key, w=where, h=hint
        )
    )


# -- reading what a person types -----------------------------------------------------------------

_YES = {"ja", "j", "yes", "y", "true", "waar"}
_NO = {"nee", "n", "no", "false", "onwaar"}
_DAY_FIRST = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")


class BadValue(Exception):
    """A typed value that does not fit the field; ``text`` says what is allowed."""

    def __init__(self, text: Text) -> None:
        super().__init__(text.en)
        self.text = text


def read_scalar(kind: Kind, choices: tuple[str, ...], raw: str, today: dt.date) -> Any:
    """A typed answer as the value stored in YAML (``None`` for an empty answer)."""
    text = raw.strip()
    if not text:
        return None
    if kind is Kind.TEXT:
        return raw.strip()
    if kind is Kind.CHOICE:
        by_lower = {c.lower(): c for c in choices}
        if text.lower() in by_lower:
            return by_lower[text.lower()]
        raise BadValue(
            Text("'{v}' kan hier niet. Kies uit: {c}.", "'{v}' is not allowed here. Choose: {c}.")
            .format(v=text, c=", ".join(choices))
        )  # fmt: skip
    if kind is Kind.BOOL:
        if text.lower() in _YES:
            return True
        if text.lower() in _NO:
            return False
        raise BadValue(
            Text("Antwoord ja of nee, niet '{v}'.", "Answer yes or no, not '{v}'.").format(v=text)
        )
    if kind is Kind.INT:
        try:
            return int(text)
        except ValueError:
            raise BadValue(
                Text("'{v}' is geen geheel getal.", "'{v}' is not a whole number.").format(v=text)
            ) from None
    if kind in (Kind.FLOAT, Kind.NUMBER_OR_TEXT):
        try:
            number = float(text.replace(",", "."))
        except ValueError:
            if kind is Kind.NUMBER_OR_TEXT:
                return text
            raise BadValue(
                Text("'{v}' is geen getal (zoals 0,93).", "'{v}' is not a number (like 0.93).")
                .format(v=text)
            ) from None  # fmt: skip
        return (
            int(number) if number.is_integer() and "." not in text and "," not in text else number
        )
    if kind is Kind.DATE:
        return read_date(text, today)
    raise BadValue(
        Text(
            "Dit veld kan niet met hai set of hai interview; bewerk het in de YAML.",
            "This field cannot be set with hai set or hai interview; edit it in the YAML.",
        )
    )


def read_date(text: str, today: dt.date) -> dt.date:
    """A date as people write it: 2026-03-01, 1-3-2026, 1/3/2026, 1.3.2026 (day first), or today."""
    if text.lower() in ("vandaag", "today"):
        return today
    match = _DAY_FIRST.match(text)
    try:
        if match:
            day, month, year = (int(g) for g in match.groups())
            return dt.date(year, month, day)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise BadValue(
            Text(
                "'{v}' is geen datum. Schrijf dag-maand-jaar (1-3-2026) of jaar-maand-dag "
                "(2026-03-01).",
                "'{v}' is not a date. Write day-month-year (1-3-2026) or year-month-day "
                "(2026-03-01).",
            ).format(v=text)
        ) from None


def shown(value: Any, lang: Lang) -> str:
    """A stored value as the person writes it (dates ISO, booleans ja/nee)."""
    if value is None or value == []:
        return Text("(leeg)", "(empty)")(lang)
    if isinstance(value, bool):
        return (Text("ja", "yes") if value else Text("nee", "no"))(lang)
    if isinstance(value, list):
        return "; ".join(shown(v, lang) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}={shown(v, lang)}" for k, v in value.items() if v not in (None, []))
    if isinstance(value, dt.date):
        return value.isoformat()
    text = " ".join(str(value).split())  # a block of several lines on one line
    return text if len(text) <= 100 else text[:99] + "…"


# -- targets -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Target:
    file: str  # relative to the dossier
    step: int | None  # None: dossier.yaml
    path: KeyPath  # within the file; an item: its mapping (checklist.<id>)
    item: Item | None = None

    @property
    def model(self) -> type[BaseModel]:
        return DossierFile if self.step is None else STEP_MODELS[self.step]

    @property
    def prefix(self) -> str:
        return "dossier" if self.step is None else f"step{self.step}"


def step_of(word: str) -> int | None:
    """A step by number (4), key (risks-and-impact), the key's first word (risks), step4/stap4."""
    key = word.strip().lower()
    if key.isdigit() and 1 <= int(key) <= len(catalogue().steps):
        return int(key)
    for step in catalogue().steps:
        if key in (step.key, step.key.split("-")[0], f"step{step.number}", f"stap{step.number}"):
            return step.number
    return None


def resolve(dossier: Dossier, text: str) -> Target:
    """``4.1`` / ``risk-analysis`` (an item), ``risks.risk_indication`` or ``dossier.name``."""
    item = catalogue().find(text)
    if item is not None:
        return Target(file_of(dossier, item.step), item.step, item.path, item)
    head, _, rest = text.strip().partition(".")
    number = None if head == "dossier" else step_of(head)
    if (number is None and head != "dossier") or not rest:
        raise HaiError(
            Text(
                "'{t}' is geen checklistpunt (4.1 of risk-analysis) of veld (stap.veld, zoals "
                "risks.risk_indication of 1.clinical_problem).",
                "'{t}' is not a checklist item (4.1 or risk-analysis) or a field (step.field, "
                "such as risks.risk_indication or 1.clinical_problem).",
            ).format(t=text)
        )
    path: KeyPath = tuple(int(p) if p.isdigit() else p for p in rest.split("."))
    if path[0] == "approvals":
        raise HaiError(
            Text(
                "Goedkeuringen leg je vast met 'hai approve'; hai set en hai interview raken ze "
                "niet aan.",
                "Approvals are recorded with 'hai approve'; hai set and hai interview never "
                "touch them.",
            )
        )
    file = DOSSIER_FILE if number is None else file_of(dossier, number)
    target = Target(file, number, path)
    describe(target.model, path, target.prefix)  # an unknown field fails here
    return target


def file_of(dossier: Dossier, number: int) -> str:
    source = dossier.steps.get(number)
    if source is None:
        raise HaiError(
            Text(
                "Stap {n} heeft geen bestand (verwacht: {f}). Maak het dossier met 'hai init'.",
                "Step {n} has no file (expected: {f}). Create the dossier with 'hai init'.",
            ).format(n=number, f=catalogue().step(number).path)
        )
    return source.path


# -- editing one file --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Change:
    path: KeyPath
    before: Any
    after: Any


@dataclass(frozen=True, slots=True)
class StaleApproval:
    what: Text  # "stap 4" / "poort request"
    approval: Approval


@dataclass(slots=True)
class Plan:
    changes: list[Change]
    data: Any  # the file's plain data after the change
    stale: list[StaleApproval] = field(default_factory=list)


class Editor:
    """One file of a dossier, loaded once for one or many validated, atomic edits."""

    def __init__(self, root: Path, file: str, step: int | None) -> None:
        self.root = root
        self.file = file
        self.step = step
        self.model: type[BaseModel] = DossierFile if step is None else STEP_MODELS[step]
        self.prefix = "dossier" if step is None else f"step{step}"
        self.dossier = load_dossier(root)
        self._load()

    @classmethod
    def for_target(cls, root: Path, target: Target) -> Editor:
        return cls(root, target.file, target.step)

    def _load(self) -> None:
        source = next((s for s in self.dossier.sources() if s.path == self.file), None)
        if source is None or source.text is None or source.parsed is None:
            problem = source.problem if source is not None else None
            raise HaiError(_refuse_broken(problem, self.file))
        mine = [p for p in self.dossier.problems if p.file == self.file and p.is_error]
        if mine:
            raise HaiError(_refuse_broken(mine[0], self.file, len(mine)))
        self.text: str = source.text
        self.raw: bytes = source.raw if source.raw is not None else source.text.encode("utf-8")
        self.parsed: Parsed = source.parsed
        self.data: Any = source.parsed.data

    @property
    def lang(self) -> Lang:
        return self.dossier.lang

    @property
    def acquisition(self) -> str | None:
        info = self.dossier.info
        return info.acquisition.value if info else None

    def spec(self, path: KeyPath) -> Spec:
        return describe(self.model, path, self.prefix)

    def value(self, path: KeyPath) -> Any:
        current = self.data
        for part in path:
            if isinstance(part, int):
                current = (
                    current[part] if isinstance(current, list) and part < len(current) else None
                )
            else:
                current = current.get(part) if isinstance(current, dict) else None
            if current is None:
                return None
        return current

    def line(self, path: KeyPath) -> int:
        return self.parsed.line(path, value=True)

    # -- planning: validate before anything is written

    def plan(self, values: dict[KeyPath, Any]) -> Plan:
        """Apply ``values`` to a copy of the data and validate the whole file with its model."""
        data = copy.deepcopy(self.data)
        changes = []
        for path, value in values.items():
            spec = self.spec(path)
            self._check_indexes(path)
            if spec.kind is Kind.SECTION and value is not None and not isinstance(value, dict):
                raise HaiError(_section_text(spec, self.model, self.prefix))
            under = spec.key == "evidence" or (len(path) > 1 and path[-2] == "evidence")
            known = _evidence_in(self.value(path), under)  # only what this edit adds
            self._check_evidence([p for p in _evidence_in(value, under) if p not in known])
            changes.append(Change(path, copy.deepcopy(self.value(path)), value))
            _put(data, path, _plain(value))
        try:
            self.model.model_validate(data)
        except ValidationError as e:
            raise HaiError(self._invalid(e, data)) from e
        return Plan(changes, data, self._stale_by(data))

    def _check_indexes(self, path: KeyPath) -> None:
        for depth, part in enumerate(path):
            if not isinstance(part, int):
                continue
            present = self.value(path[:depth])
            count = len(present) if isinstance(present, list) else 0
            if part >= count:
                raise HaiError(
                    Text(
                        "'{p}' heeft {n} regel(s), genummerd vanaf 0; er is geen regel {i}.",
                        "'{p}' has {n} entr(y/ies), numbered from 0; there is no entry {i}.",
                    ).format(p=dotted(path[:depth]), n=count, i=part)
                )

    def _check_evidence(self, paths: list[Any]) -> None:
        for entry in paths:
            if not isinstance(entry, str | int | float) or isinstance(entry, bool):
                continue
            state, what = evidence_state(self.root.resolve(), str(entry))
            if state is EvidenceState.OK:
                continue
            texts = {
                EvidenceState.MISSING: Text(
                    "Het bewijsstuk {p} bestaat niet in het dossier. Zet het eerst in evidence/ "
                    "en geef het pad vanaf de dossiermap, zoals evidence/pri-2026.pdf.",
                    "The evidence file {p} does not exist in the dossier. Put it in evidence/ "
                    "first and give its path from the dossier folder, like evidence/pri-2026.pdf.",
                ),
                EvidenceState.OUTSIDE: Text(
                    "Het bewijsstuk {p} ligt buiten het dossier. Kopieer het naar evidence/ en "
                    "verwijs ernaar met een relatief pad.",
                    "The evidence file {p} is outside the dossier. Copy it into evidence/ and "
                    "refer to it with a relative path.",
                ),
                EvidenceState.NOT_A_FILE: Text(
                    "Het bewijsstuk {p} is {what}, geen gewoon bestand.",
                    "The evidence {p} is {what}, not a regular file.",
                ),
                EvidenceState.UNREADABLE: Text(
                    "Het bewijsstuk {p} kan niet worden gelezen ({what}).",
                    "The evidence file {p} cannot be read ({what}).",
                ),
            }
            raise HaiError(texts[state].format(p=entry, what=what or Text("?", "?")))

    def _invalid(self, error: ValidationError, data: Any) -> Text:
        problems = problems_from(error, Parsed(self.file, data, self.parsed.locations), self.model)
        first = problems[0]
        return Text(
            "{f}: niets geschreven. {m}", "{f}: nothing written. {m}"
        ).format(f=self.file, m=first.text)  # fmt: skip

    def _stale_by(self, data: Any) -> list[StaleApproval]:
        """The approvals that hold for this file now and would not after the change (an edit
        of what no approval covers, such as the phase, makes none stale)."""
        omit = left_out(self.dossier, self.file)
        before, after = content_hash(self.data, omit), content_hash(data, omit)
        if before == after:
            return []
        holding = {before, content_hash(self.data, LEGACY)}  # also as an earlier hai hashed it
        found: list[StaleApproval] = []
        info = self.dossier.info
        for approval in info.approvals if info else []:
            if approval.covers.get(self.file) in holding:
                what = Text("poort {g}", "gate {g}").format(g=approval.gate)
                found.append(StaleApproval(what, approval))
        if self.step is not None:
            model = self.dossier.step(self.step)
            for approval in getattr(model, "approvals", None) or []:
                if approval.covers.get(self.file) in holding:
                    what = Text("stap {n}", "step {n}").format(n=self.step)
                    found.append(StaleApproval(what, approval))
        return found

    # -- writing: the same change on the round-trip document

    def write(self, plan: Plan) -> None:
        document = load_roundtrip(self.text.replace("\r\n", "\n"))  # ruamel drops blank CRLF lines
        for change in plan.changes:
            _put_roundtrip(document.data, change.path, change.after, change.before, self.model)
        text = document.dump()
        reread = parse(text, self.file).data
        if reread != plan.data or not _keeps_comments(self.text, text):
            raise HaiError(
                Text(
                    "{f}: hai kan deze wijziging niet maken zonder de rest van het bestand te "
                    "veranderen; er is niets geschreven. Bewerk het veld in een editor.",
                    "{f}: hai cannot make this change without altering the rest of the file; "
                    "nothing was written. Edit the field in an editor.",
                ).format(f=self.file)
            )
        path = self.root / self.file
        if "\r\n" in self.text:  # the file's own line ends, and its byte-order mark
            text = text.replace("\r\n", "\n").replace("\n", "\r\n")
        bom = codecs.BOM_UTF8 if self.raw.startswith(codecs.BOM_UTF8) else b""
        try:  # compared with what was read under the folder's write lock, just before the rename
            write_atomic(path, bom + text.encode("utf-8"), expect=self.raw)
        except Changed as e:
            raise HaiError(
                Text(
                    "{f} is veranderd terwijl hai het bewerkte; er is niets geschreven. Probeer "
                    "het opnieuw.",
                    "{f} changed while hai was editing it; nothing was written. Try again.",
                ).format(f=self.file)
            ) from e
        self.raw = path.read_bytes()
        self.text = text
        self.parsed = parse(text, self.file)
        self.data = self.parsed.data
        for source in self.dossier.sources():
            if source.path == self.file:
                source.text, source.parsed = text, self.parsed
                source.model = self.model.model_validate(self.data)
        self.dossier.content_hashes.pop(self.file, None)
        self.dossier.content_hashes.pop(f"{self.file}\x00legacy", None)


def _evidence_in(value: Any, under: bool) -> list[Any]:
    """The evidence paths in a new value: itself below an ``evidence`` key, or in any
    ``evidence`` of the mappings it holds (a new agreement with its contract)."""
    if under:
        return value if isinstance(value, list) else [value]
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _evidence_in(v, k == "evidence")]
    if isinstance(value, list):
        return [p for v in value for p in _evidence_in(v, False)]
    return []


def _refuse_broken(problem: Problem | None, file: str, count: int = 1) -> Text:
    if problem is None:
        return Text("{f} kan niet worden gelezen.", "{f} cannot be read.").format(f=file)
    more = (
        Text(" (en nog {n} fout(en))", " (and {n} more error(s))").format(n=count - 1)
        if count > 1
        else Text("", "")
    )
    return Text(
        "{f}:{line}: {m}{more} Los dit eerst op (hai check); tot dan bewerkt hai dit bestand niet.",
        "{f}:{line}: {m}{more} Fix this first (hai check); until then hai does not edit this file.",
    ).format(f=problem.file, line=problem.line, m=problem.text, more=more)


def _section_text(spec: Spec, model: type[BaseModel], prefix: str) -> Text:
    assert spec.model is not None
    keys = [f"{spec.dotted}.{key}" for key, _, _ in fields_of(spec.model)]
    return Text(
        "'{p}' is een onderdeel met eigen velden; geef er één: {k}.",
        "'{p}' is a section with fields of its own; give one of them: {k}.",
    ).format(p=spec.dotted, k=", ".join(keys))


def _plain(value: Any) -> Any:
    """A value as :func:`hai_cli.yamlio.parse` gives it back: dates as ISO text."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return copy.deepcopy(value)


def _put(data: Any, path: KeyPath, value: Any) -> None:
    """Set ``path`` in plain data, making absent or empty mappings on the way."""
    current = data
    for part in path[:-1]:
        if isinstance(part, int):
            current = current[part]
            continue
        if not isinstance(current.get(part), (dict, list)):
            current[part] = {}
        current = current[part]
    current[path[-1]] = value


def _put_roundtrip(
    data: Any, path: KeyPath, value: Any, before: Any, model: type[BaseModel]
) -> None:
    """The same as :func:`_put` on ruamel's round-trip objects: in place, comments kept, a new
    key at its place in the model's order, a list in block style."""
    from ruamel.yaml.comments import CommentedMap

    current = data
    current_model: Any = model
    for part in path[:-1]:
        if isinstance(part, int):
            current = current[part]
            current_model = _entry_model(current_model)
            continue
        child_model = _child_model(current_model, part)
        if not isinstance(current.get(part), (dict, list)):
            _insert(current, part, CommentedMap(), current_model)
        current = current[part]
        current_model = child_model
    last = path[-1]
    value = _roundtrip_value(value)
    if isinstance(last, int):
        current[last] = value
        return
    existing = current.get(last)
    if isinstance(value, list) and hasattr(existing, "fa"):
        # the same sequence object, so that its comments and its entries' comments stay
        kept = before if isinstance(before, list) and value[: len(before)] == before else []
        old_last = len(existing) - 1
        if len(kept) < len(existing):  # a list replaced: the old end's comment goes to the new end
            trailing = existing.ca.items.pop(old_last, None)
            del existing[len(kept) :]
            existing.extend(value[len(kept) :])
            if trailing is not None and len(existing):
                existing.ca.items[len(existing) - 1] = trailing
        else:
            existing.extend(value[len(kept) :])
            if old_last >= 0 and len(existing) - 1 > old_last:
                _move_trailing(existing.ca.items, old_last, len(existing) - 1, 0)
        existing.fa.set_block_style()
        return
    if last in current:
        current[last] = value
        return
    keys = list(current.keys())
    _insert(current, last, value, current_model)
    if keys and list(current.keys())[-1] == last:  # appended: the comment below moves down
        _move_trailing(current.ca.items, keys[-1], last, 2)


def _move_trailing(items: dict[Any, Any], old: Any, new: Any, pos: int) -> None:
    """Move the comment lines after ``old`` to after ``new`` (which now follows it); an
    end-of-line comment on ``old``'s own line stays there. ``pos`` is ruamel's slot for the
    comment after a value: 2 in a mapping, 0 in a sequence."""
    entry = items.get(old)
    if not entry or entry[pos] is None:
        return
    token = entry[pos]
    text: str = token.value
    if text.startswith("#"):
        first, newline, rest = text.partition("\n")
        if not rest:
            return
        token.value = first + newline
        moved = copy.copy(token)
        moved.value = "\n" + rest
    else:
        moved = token
        entry[pos] = None
    items.setdefault(new, [None, None, None, None])[pos] = moved


def _roundtrip_value(value: Any) -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(value, dict):
        return CommentedMap({k: _roundtrip_value(v) for k, v in value.items()})
    if isinstance(value, list):
        seq = CommentedSeq([_roundtrip_value(v) for v in value])
        seq.fa.set_block_style()
        return seq
    return value


def _child_model(model: Any, key: str) -> Any:
    if not _is_model(model):
        return None
    for name, info in model.model_fields.items():
        if key in (name, info.alias):
            bare = _strip(info.annotation)
            if typing.get_origin(bare) is list:
                return bare
            return bare if _is_model(bare) else None
    return None


def _entry_model(annotation: Any) -> Any:
    if typing.get_origin(annotation) is list:
        element = _strip(typing.get_args(annotation)[0])
        return element if _is_model(element) else None
    return None


def _insert(mapping: Any, key: str, value: Any, model: Any) -> None:
    """Add ``key`` where the model puts it: before the first later key already present."""
    order = [k for k, _, _ in fields_of(model)] if _is_model(model) else []
    if key in order:
        later = order[order.index(key) + 1 :]
        keys = list(mapping.keys())
        for index, present in enumerate(keys):
            if present in later:
                mapping.insert(index, key, value)
                return
    mapping[key] = value


def _comment_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.lstrip().startswith("#")]


def _keeps_comments(before: str, after: str) -> bool:
    """Every comment line of ``before`` is in ``after``, in the same order."""
    remaining = iter(_comment_lines(after))
    return all(any(line == other for other in remaining) for line in _comment_lines(before))


def block_text(text: str) -> Any:
    """Text from an editor, stored as a literal block scalar (``|``): colons and quotes as typed."""
    from ruamel.yaml.scalarstring import LiteralScalarString

    cleaned = "\n".join(line.rstrip() for line in text.strip("\n").splitlines())
    return LiteralScalarString(cleaned + "\n") if cleaned.strip() else None
