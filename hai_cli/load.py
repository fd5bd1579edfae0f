"""Files to models: one dossier folder becomes a :class:`Dossier`.

All I/O of ``hai check`` happens here; rules and gates only read the :class:`Dossier`. Loading
never stops at the first problem: every file is read and every problem is collected.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import Any, Protocol, TypeVar

from pydantic import BaseModel, ValidationError

from hai_cli.catalogue import catalogue
from hai_cli.fsio import NotRegular, Outside, kind, read_regular, reason
from hai_cli.i18n import Lang, Text, lang_of
from hai_cli.model import SCHEMA_VERSION, STEP_MODELS, STEP_NUMBERS, DossierFile, validators
from hai_cli.model.common import Approval, ChecklistItem
from hai_cli.problems import HaiError, Problem, Severity
from hai_cli.schema_errors import problems_from
from hai_cli.upward import DOSSIER_FILE as DOSSIER_FILE
from hai_cli.upward import SKIP_DIRS as SKIP_DIRS
from hai_cli.upward import STEP_FILE_NAME as STEP_FILE_NAME
from hai_cli.upward import STEPS_DIR as STEPS_DIR
from hai_cli.upward import find_dossiers as find_dossiers
from hai_cli.yamlio import MAX_BYTES, Parsed, YamlProblem, decode, parse

M = TypeVar("M", bound=BaseModel)


class EvidenceState(StrEnum):
    OK = "ok"
    MISSING = "missing"
    OUTSIDE = "outside"
    NOT_A_FILE = "not-a-file"
    UNREADABLE = "unreadable"  # a name too long for the file system, a link loop


class Tree(Protocol):
    """Where a dossier's files come from when not from the folder on disk (``hai diff`` loads
    a revision from git). Paths are relative to the dossier, with ``/``."""

    def read(self, rel: str) -> bytes:
        """The file's content; FileNotFoundError when it is not there."""
        ...

    def names(self, folder: str) -> list[str]:
        """The names in a folder (empty when it is not there)."""
        ...

    def evidence_state(self, value: str) -> tuple[EvidenceState, Text | None]:
        """As :func:`evidence_state` decides it on disk: the state, and what the path is
        instead of a regular file (NOT_A_FILE) or why it cannot be read (UNREADABLE)."""
        ...

    def outer(self) -> Path | None:
        """The folder of a dossier in the same tree that holds this one, if any."""
        ...

    def is_link(self, rel: str) -> bool:
        """Whether the file is a symbolic link (one to nothing reads as FileNotFoundError)."""
        ...

    def above(self, rel: str) -> tuple[str, bytes | None] | None:
        """The nearest file ``rel`` in the dossier's folder or a folder above it, up to the
        repository's root: its path as shown from the dossier and its content (None when it
        is not a regular file); None when there is none."""
        ...

    def version(self, rel: str) -> str | None:
        """An id of the file's content (git's blob id), or None. A step file whose path and
        version are in :attr:`memo` is not read, parsed or validated again."""
        ...

    @property
    def memo(self) -> dict[tuple[str, str], tuple[SourceFile, list[Problem]]]: ...


@dataclass(frozen=True, slots=True)
class EvidenceRef:
    file: str
    line: int
    path: str
    state: EvidenceState
    what: Text | None = None  # what it is instead (NOT_A_FILE), or why not (UNREADABLE)


@dataclass(slots=True)
class SourceFile:
    """One YAML file of the dossier: its text, its parse and its model (each may be missing)."""

    path: str
    raw: bytes | None = None  # the file's bytes as read (at most MAX_BYTES + 1 of them)
    text: str | None = None
    parsed: Parsed | None = None
    model: BaseModel | None = None
    problem: Problem | None = None

    def line(self, *path: str | int, value: bool = False) -> int:
        return self.parsed.line(tuple(path), value=value) if self.parsed else 1

    def has(self, *path: str | int) -> bool:
        return self.parsed is not None and tuple(path) in self.parsed.locations


@dataclass(slots=True)
class Dossier:
    root: Path
    display: str
    lang: Lang
    meta: SourceFile
    steps: dict[int, SourceFile]
    problems: list[Problem] = field(default_factory=list)
    evidence: list[EvidenceRef] = field(default_factory=list)
    content_hashes: dict[str, str] = field(default_factory=dict)  # filled by approvals, once
    # what can still be read of a dossier.yaml that has errors: a model with the broken keys'
    # values replaced, and those keys (None: nothing could be read)
    lenient: DossierFile | None = None
    unreadable: frozenset[str] = frozenset()

    def known(self, name: str) -> Any:
        """A field of dossier.yaml if it could be read (even when other fields have errors)."""
        if self.lenient is None or name in self.unreadable:
            return None
        return getattr(self.lenient, name)

    law_dates: dict[str, dt.date] = field(default_factory=dict)  # a hospital's .hai/law.yaml
    law_file: str | None = None  # that file, as shown relative to the dossier

    @property
    def id(self) -> str | None:
        if isinstance(self.meta.model, DossierFile):
            return self.meta.model.id
        data = self.meta.parsed.data if self.meta.parsed else None
        value = data.get("id") if isinstance(data, dict) else None
        return value if isinstance(value, str) else None

    @property
    def info(self) -> DossierFile | None:
        return self.meta.model if isinstance(self.meta.model, DossierFile) else None

    def step(self, number: int) -> BaseModel | None:
        """The validated model of step ``number``, or None when the file is missing or invalid
        (for code that treats every step alike; :meth:`model` gives the typed one)."""
        source = self.steps.get(number)
        return source.model if source else None

    def model(self, model: type[M]) -> M | None:
        """The validated model of the step file ``model`` describes (``RisksStep``: step 4), or
        None when the file is missing or invalid."""
        found = self.step(STEP_NUMBERS[model])
        return found if isinstance(found, model) else None

    def checklist_item(self, item_id: str) -> ChecklistItem | None:
        """A checklist item's entry in its validated step file (None: absent, or not loaded)."""
        entry = catalogue().item(item_id)
        holder: Any = self.step(entry.step) if entry else None
        if entry is None or holder is None:
            return None
        for key in entry.path[:-1]:
            holder = getattr(holder, key, None)
            if holder is None:
                return None
        value = getattr(holder, item_id.replace("-", "_"), None)
        return value if isinstance(value, ChecklistItem) else None

    def approvals_of(self, number: int) -> list[Approval]:
        """The approvals recorded in step ``number``'s file (none when it did not load)."""
        approvals = getattr(self.step(number), "approvals", None)
        return list(approvals) if isinstance(approvals, list) else []

    def step_path(self, number: int) -> str:
        """The file of step ``number``, relative to the dossier (the catalogue's name if absent)."""
        source = self.steps.get(number)
        return source.path if source else catalogue().step(number).path

    def sources(self) -> list[SourceFile]:
        return [self.meta, *(self.steps[n] for n in sorted(self.steps))]


def one_dossier(path: Path, command: str) -> Path:
    """The single dossier a command that edits works on (``command``: as typed, for the message)."""
    (root, *more) = find_dossiers(path)
    if more:
        raise HaiError(
            Text(
                "hai {c} werkt op één dossier; geef de map daarvan, niet {p}.",
                "hai {c} works on one dossier; give its folder, not {p}.",
            ).format(c=command, p=path)
        )
    return root


def load_dossier(
    root: Path,
    display: str | None = None,
    tree: Tree | None = None,
    overlay: Mapping[str, str] | None = None,
) -> Dossier:
    """Load the dossier in folder ``root``, or from ``tree`` (then ``root`` only names it).
    ``overlay`` gives the text of some files (relative paths) instead of what is on disk, to
    check an edit before it is written."""
    validators.ready()
    overlay = overlay or {}
    meta = _read(root, DOSSIER_FILE, tree, overlay)
    problems: list[Problem] = []
    lang = _language(meta)
    too_new = False
    if meta.parsed is not None:
        version = (
            meta.parsed.data.get("schema_version") if isinstance(meta.parsed.data, dict) else None
        )
        if isinstance(version, int) and version > SCHEMA_VERSION:
            too_new = True
            problems.append(
                Problem(
                    DOSSIER_FILE,
                    meta.line("schema_version"),
                    1,
                    "HAI015",
                    Severity.ERROR,
                    Text(
                        "Dit dossier gebruikt schema_version {v}; deze hai kent versie "
                        "{known}. Werk hai bij: installeer hem opnieuw van waar hij kwam "
                        "(README, Install).",
                        "This dossier uses schema_version {v}; this hai knows version "
                        "{known}. Upgrade hai: install it again from where it came "
                        "(README, Install).",
                    ).format(v=version, known=SCHEMA_VERSION),
                )
            )
        else:
            _validate(meta, DossierFile, problems, lang)
    dossier = Dossier(root, display or str(root), lang, meta, {}, problems)
    if isinstance(meta.model, DossierFile):
        dossier.lenient = meta.model
    elif meta.parsed is not None and not too_new:
        dossier.lenient, dossier.unreadable = _lenient(meta.parsed.data, lang)
    if meta.problem:
        problems.append(meta.problem)
    outer = _outer_dossier(root, tree)
    if outer is not None:
        problems.append(
            Problem(
                DOSSIER_FILE,
                1,
                1,
                "HAI025",
                Severity.ERROR,
                Text(
                    "Dit dossier ligt in de map van een ander dossier ({outer}). Elk dossier "
                    "heeft een eigen map; zet het ernaast, niet erin.",
                    "This dossier lies inside another dossier's folder ({outer}). Each dossier "
                    "has a folder of its own; put it beside the other, not inside it.",
                ).format(outer=outer),
            )
        )
    if too_new:
        return dossier
    _load_steps(dossier, tree, overlay)
    dossier.evidence = _evidence(dossier, tree)
    _load_law(dossier, tree)
    return dossier


def _outer_dossier(root: Path, tree: Tree | None = None) -> Path | None:
    """The folder of a dossier that holds ``root`` (up to the git work tree's top), if any."""
    if tree is not None:
        return tree.outer()
    try:
        start = root.resolve()
    except (OSError, RuntimeError):
        return None
    for folder in start.parents:
        if os.path.lexists(folder / DOSSIER_FILE):
            return folder
        if os.path.lexists(folder / ".git"):
            return None
    return None


def _load_law(dossier: Dossier, tree: Tree | None = None) -> None:
    """A hospital's own dates for the law (``.hai/law.yaml``), checked against hai's law data;
    from ``tree`` when the dossier is read from one."""
    from hai_cli.law import OVERRIDE_FILE, override_file, overrides_of, read_overrides

    if tree is not None:
        found_in_tree = tree.above(OVERRIDE_FILE)
        if found_in_tree is None:
            return
        shown, raw = found_in_tree
        dates, problems = overrides_of(raw, shown)
    else:
        found = override_file(dossier.root)
        if found is None:
            return
        shown = os.path.relpath(found, dossier.root.resolve()).replace(os.sep, "/")
        dates, problems = read_overrides(found, shown)
    dossier.law_dates, dossier.law_file = dates, shown
    dossier.problems.extend(problems)


def read_id(root: Path) -> tuple[str | None, int]:
    """The ``id:`` of the dossier at ``root`` and its line, read from dossier.yaml alone (None
    when it cannot be read): what a portfolio compares before it checks each dossier."""
    meta = _read(root, DOSSIER_FILE)
    data = meta.parsed.data if meta.parsed else None
    value = data.get("id") if isinstance(data, dict) else None
    return (value if isinstance(value, str) else None), meta.line("id")


def _read(
    root: Path, rel: str, tree: Tree | None = None, overlay: Mapping[str, str] | None = None
) -> SourceFile:
    source = SourceFile(rel)
    try:
        if overlay and rel in overlay:
            raw = overlay[rel].encode("utf-8")
        elif tree is not None:
            raw = tree.read(rel)
        else:
            raw = read_regular(root / rel, within=root, limit=MAX_BYTES)
    except FileNotFoundError:
        source.problem = Problem(
            rel,
            1,
            1,
            "HAI021",
            Severity.ERROR,
            Text(
                "Het bestand {f} ontbreekt. Herstel het uit git of maak het dossier met "
                "'hai init'.",
                "The file {f} is missing. Restore it from git or create the dossier with "
                "'hai init'.",
            ).format(f=rel)
            if not (tree.is_link(rel) if tree is not None else os.path.islink(root / rel))
            else Text(
                "{f} is een symbolische link naar iets dat niet bestaat. Vervang de link door "
                "het bestand zelf.",
                "{f} is a symbolic link to something that does not exist. Replace the link "
                "with the file itself.",
            ).format(f=rel),
        )
        return source
    except NotRegular as e:
        source.problem = Problem(
            rel,
            1,
            1,
            "HAI005",
            Severity.ERROR,
            Text(
                "{f} is {what}, geen gewoon bestand; hai leest alleen gewone bestanden. Vervang "
                "het door het YAML-bestand zelf.",
                "{f} is {what}, not a regular file; hai reads only regular files. Replace it "
                "with the YAML file itself.",
            ).format(f=rel, what=e.what),
        )
        return source
    except Outside as e:
        source.problem = Problem(
            rel,
            1,
            1,
            "HAI024",
            Severity.ERROR,
            Text(
                "{f} is een symbolische link naar {target}, buiten het dossier; hai leest alleen "
                "bestanden in het dossier. Zet het bestand zelf in het dossier.",
                "{f} is a symbolic link to {target}, outside the dossier; hai reads only files "
                "inside the dossier. Put the file itself into the dossier.",
            ).format(f=rel, target=e.resolved),
        )
        return source
    except OSError as e:
        source.problem = Problem(
            rel,
            1,
            1,
            "HAI005",
            Severity.ERROR,
            Text("Kan {f} niet lezen: {e}.", "Cannot read {f}: {e}.").format(f=rel, e=reason(e)),
        )
        return source
    source.raw = raw
    try:
        from_disk = tree is None and not (overlay and rel in overlay)  # read up to MAX_BYTES + 1
        size = os.stat(root / rel).st_size if from_disk and len(raw) > MAX_BYTES else None
        source.text = decode(raw, rel, size)
        source.parsed = parse(source.text, rel)
    except YamlProblem as e:
        source.problem = e.problem
        return source
    if not isinstance(source.parsed.data, dict):
        source.problem = Problem(
            rel,
            1,
            1,
            "HAI009",
            Severity.ERROR,
            Text(
                "{f} moet een mapping zijn (regels 'sleutel: waarde'), geen losse waarde of lijst.",
                "{f} must be a mapping ('key: value' lines), not a single value or a list.",
            ).format(f=rel),
        )
        source.parsed = None
    return source


def _validate(
    source: SourceFile, model: type[BaseModel], problems: list[Problem], lang: Lang
) -> None:
    if source.parsed is None:
        return
    try:  # the language decides whether ja/nee are booleans (model.common.YesNo)
        source.model = model.model_validate(source.parsed.data, context={"lang": lang})
    except ValidationError as e:
        problems.extend(problems_from(e, source.parsed, model, source.text))


# stand-ins for required keys whose values cannot be read; never shown: those keys are unreadable
_STAND_INS = {
    "schema_version": 1,
    "id": "unreadable",
    "name": "?",
    "acquisition": "purchase",
    "phase": "1A",
}


def _lenient(data: Any, lang: Lang) -> tuple[DossierFile | None, frozenset[str]]:
    """What can be read of a dossier.yaml with errors: every top-level key with an error is
    unreadable, the others keep their values (so one bad key does not hide the phase); read in
    the dossier's language (ja/nee)."""
    context = {"lang": lang}
    try:
        return DossierFile.model_validate(data, context=context), frozenset()
    except ValidationError as e:
        broken = frozenset(str(err["loc"][0]) for err in e.errors() if err["loc"])
    fields = DossierFile.model_fields
    kept = {k: v for k, v in data.items() if k in fields and k not in broken}
    stand_ins = {k: v for k, v in _STAND_INS.items() if k not in kept}
    try:
        model = DossierFile.model_validate({**kept, **stand_ins}, context=context)
    except ValidationError:  # keys that fail only together: read nothing
        return None, frozenset(fields)
    return model, frozenset(fields) - frozenset(kept)


def _language(meta: SourceFile) -> Lang:
    data = meta.parsed.data if meta.parsed else None
    value = data.get("language") if isinstance(data, dict) else None
    return lang_of(value) or "nl"


def _load_steps(
    dossier: Dossier, tree: Tree | None = None, overlay: Mapping[str, str] | None = None
) -> None:
    steps_dir = dossier.root / STEPS_DIR
    if tree is not None:
        names = sorted(tree.names(STEPS_DIR))
    else:
        names = sorted(p.name for p in steps_dir.iterdir()) if steps_dir.is_dir() else []
    seen: dict[int, str] = {}
    for name in names:
        rel = f"{STEPS_DIR}/{name}"
        if not name.endswith((".yaml", ".yml")):
            continue
        match = STEP_FILE_NAME.match(name)
        number = int(match.group(1)) if match else None
        if number is None or not 1 <= number <= len(STEP_MODELS):
            dossier.problems.append(_bad_step_file(rel, number))
            continue
        if number in seen:
            dossier.problems.append(
                Problem(
                    rel,
                    1,
                    1,
                    "HAI022",
                    Severity.ERROR,
                    Text(
                        "Stap {n} heeft twee bestanden: {first} en {f}. Voeg ze samen tot één.",
                        "Step {n} has two files: {first} and {f}. Merge them into one.",
                    ).format(n=number, first=seen[number], f=rel),
                )
            )
            continue
        seen[number] = rel
        if overlay and rel in overlay:  # an edit checked before it is written
            source = _read(dossier.root, rel, tree, overlay)
            found = [source.problem] if source.problem else []
            _validate(source, STEP_MODELS[number], found, dossier.lang)
        else:
            source, found = _step_source(dossier.root, rel, number, tree, dossier.lang)
        dossier.problems += found
        dossier.steps[number] = source
    for step in catalogue().steps:
        if step.number not in seen:
            dossier.problems.append(
                Problem(
                    DOSSIER_FILE,
                    1,
                    1,
                    "HAI021",
                    Severity.ERROR,
                    Text(
                        "Stap {n} ({title}) heeft geen bestand. Verwacht: {f}.",
                        "Step {n} ({title_en}) has no file. Expected: {f}.",
                    ).format(
                        n=step.number, title=step.title.nl, title_en=step.title.en, f=step.path
                    ),
                )
            )


def _step_source(
    root: Path, rel: str, number: int, tree: Tree | None, lang: Lang
) -> tuple[SourceFile, list[Problem]]:
    """A step file read and validated in the dossier's language (which decides whether
    ja/nee are booleans), with its problems (once per version and language, from a tree)."""
    version = tree.version(rel) if tree is not None else None
    key = (rel, f"{version}:{lang}")
    if tree is not None and version is not None and key in tree.memo:
        return tree.memo[key]
    source = _read(root, rel, tree)
    found = [source.problem] if source.problem else []
    _validate(source, STEP_MODELS[number], found, lang)
    if tree is not None and version is not None:
        tree.memo[key] = (source, found)
    return source, found


def _bad_step_file(rel: str, number: int | None) -> Problem:
    if number is None:
        text = Text(
            "{f}: de naam van een stapbestand begint met het stapnummer, zoals "
            "'4-risks-and-impact.yaml'.",
            "{f}: a step file's name starts with the step number, like '4-risks-and-impact.yaml'.",
        ).format(f=rel)
    else:
        text = Text(
            "Stap {n} bestaat niet: het stappenplan heeft stappen 1 tot en met 8. Hernoem of "
            "verwijder {f}.",
            "Step {n} does not exist: the step plan has steps 1 to 8. Rename or remove {f}.",
        ).format(n=number, f=rel)
    return Problem(rel, 1, 1, "HAI020", Severity.ERROR, text)


def _evidence(dossier: Dossier, tree: Tree | None = None) -> list[EvidenceRef]:
    refs = []
    root = dossier.root.resolve()
    state_of = (
        tree.evidence_state
        if tree is not None
        else partial(evidence_state, root, listing=Listing(root))
    )
    for source in dossier.sources():
        if source.parsed is None:
            continue
        for path, value in _evidence_values(source.parsed.data, ()):
            line = source.parsed.line(path, value=True)
            state, what = state_of(value)
            refs.append(EvidenceRef(source.path, line, value, state, what))
    return refs


def _evidence_values(
    data: Any, path: tuple[str | int, ...]
) -> list[tuple[tuple[str | int, ...], str]]:
    found: list[tuple[tuple[str | int, ...], str]] = []
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "evidence" and isinstance(value, list):
                found += [
                    ((*path, key, i), _as_name(v))
                    for i, v in enumerate(value)
                    if isinstance(v, str | int | float) and not isinstance(v, bool)
                ]
            else:
                found += _evidence_values(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            found += _evidence_values(value, (*path, i))
    return found


def _as_name(value: str | int | float) -> str:
    # `evidence: [20220301]`: the model reads the number as the file name "20220301"; so must
    # the existence check
    return value if isinstance(value, str) else str(value)


class Listing:
    """The entries of a dossier's folders, each folder read once with ``os.scandir``: the quick
    answer for the usual evidence path, a regular file reached through real folders (no link
    on the way). Anything else is left to :func:`evidence_state`'s full resolution."""

    def __init__(self, root: Path) -> None:
        self.root = root  # resolved: no link above the dossier's own files
        self.folders: dict[str, dict[str, os.DirEntry[str]]] = {}

    def regular(self, value: str) -> bool:
        """``value`` is a regular file (not a link) in folders that are no links either."""
        *folders, name = value.split("/")
        if any(part in ("", ".", "..") or "\\" in part for part in (*folders, name)):
            return False
        here = ""
        for folder in folders:
            entry = self._entries(here).get(folder)
            if entry is None or not entry.is_dir(follow_symlinks=False):
                return False
            here = f"{here}{folder}/"
        entry = self._entries(here).get(name)
        return entry is not None and entry.is_file(follow_symlinks=False)

    def _entries(self, folder: str) -> dict[str, os.DirEntry[str]]:
        found = self.folders.get(folder)
        if found is None:
            try:
                with os.scandir(self.root / folder) as entries:
                    found = {entry.name: entry for entry in entries}
            except OSError:  # not there, or not readable: the full resolution tells which
                found = {}
            self.folders[folder] = found
        return found


def evidence_state(
    root: Path, value: str, listing: Listing | None = None
) -> tuple[EvidenceState, Text | None]:
    """Whether the evidence path ``value`` names a regular file inside the dossier at ``root``,
    and what it is instead (NOT_A_FILE) or why it cannot be read (UNREADABLE). ``listing``: the
    dossier's folders as read once, which answer the usual case without resolving the path."""
    if value.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", value) or "\x00" in value:
        return EvidenceState.OUTSIDE, None
    if listing is not None and listing.regular(value):
        return EvidenceState.OK, None
    target = root / value
    try:
        resolved = target.resolve()
        if not resolved.is_relative_to(root):
            return EvidenceState.OUTSIDE, None
        mode = resolved.stat().st_mode
    except FileNotFoundError:
        return EvidenceState.MISSING, None
    except OSError as e:  # a name too long, no permission
        return EvidenceState.UNREADABLE, reason(e)
    except RuntimeError:  # a link loop (Python before 3.13; later ones raise ELOOP)
        return EvidenceState.UNREADABLE, reason(OSError(errno.ELOOP, os.strerror(errno.ELOOP)))
    except ValueError as e:  # an embedded NUL
        return EvidenceState.UNREADABLE, Text(str(e), str(e))
    if not stat.S_ISREG(mode):
        return EvidenceState.NOT_A_FILE, kind(mode)
    return EvidenceState.OK, None
