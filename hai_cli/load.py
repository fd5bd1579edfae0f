"""Files to models: one dossier folder becomes a :class:`Dossier`.

All I/O of ``hai check`` happens here; rules and gates only read the :class:`Dossier`. Loading
never stops at the first problem: every file is read and every problem is collected.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from hai_cli.catalogue import catalogue
from hai_cli.i18n import Lang, Text
from hai_cli.model import SCHEMA_VERSION, STEP_MODELS, DossierFile
from hai_cli.problems import HaiError, Problem, Severity
from hai_cli.schema_errors import problems_from
from hai_cli.upward import enclosing_dossier
from hai_cli.yamlio import Parsed, YamlProblem, decode, parse

DOSSIER_FILE = "dossier.yaml"
STEPS_DIR = "steps"
_STEP_NAME = re.compile(r"^(\d+)\b.*\.ya?ml$")
_SKIP_DIRS = {".git", ".hai", "node_modules", "__pycache__", ".venv", "venv"}


class EvidenceState(StrEnum):
    OK = "ok"
    MISSING = "missing"
    OUTSIDE = "outside"
    NOT_A_FILE = "not-a-file"


@dataclass(frozen=True, slots=True)
class EvidenceRef:
    file: str
    line: int
    path: str
    state: EvidenceState


@dataclass(slots=True)
class SourceFile:
    """One YAML file of the dossier: its text, its parse and its model (each may be missing)."""

    path: str
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

    def step(self, number: int) -> Any:
        """The validated model of a step, or None when the file is missing or invalid."""
        source = self.steps.get(number)
        return source.model if source else None

    def sources(self) -> list[SourceFile]:
        return [self.meta, *(self.steps[n] for n in sorted(self.steps))]


def find_dossiers(path: Path) -> list[Path]:
    """The dossier that holds ``path`` (a file or folder in it, found upwards as git finds its
    repository), else every folder below ``path`` that holds a ``dossier.yaml``, sorted."""
    if not path.exists():
        raise HaiError(
            Text("Het pad {p} bestaat niet.", "The path {p} does not exist.").format(p=path)
        )
    home = enclosing_dossier(path)  # a file or folder inside a dossier: that dossier
    if home is not None:
        return [home]
    if path.is_file():
        raise HaiError(
            Text(
                "{p} is een bestand; geef de map van een dossier (met dossier.yaml) of een map "
                "daarboven.",
                "{p} is a file; give the folder of a dossier (with dossier.yaml) or a folder "
                "above it.",
            ).format(p=path)
        )
    found = []
    for top, dirs, files in os.walk(path, onerror=_walk_error):
        if DOSSIER_FILE in files:
            found.append(Path(top))
            dirs.clear()
            continue
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.startswith("."))
    if not found:
        raise HaiError(
            Text(
                "Geen dossier gevonden in {p}: er is geen map met een dossier.yaml. Maak er een "
                "met 'hai init PAD --name ... --acquisition purchase|in-house'.",
                "No dossier found in {p}: no folder holds a dossier.yaml. Create one with "
                "'hai init PATH --name ... --acquisition purchase|in-house'.",
            ).format(p=path)
        )
    return sorted(found)


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


def _walk_error(error: OSError) -> None:
    raise HaiError(
        Text("Kan {p} niet lezen: {e}.", "Cannot read {p}: {e}.").format(
            p=error.filename, e=error.strerror
        )
    )


def load_dossier(root: Path, display: str | None = None) -> Dossier:
    meta = _read(root, DOSSIER_FILE)
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
    if meta.problem:
        problems.append(meta.problem)
    if too_new:
        return dossier
    _load_steps(dossier)
    dossier.evidence = _evidence(dossier)
    return dossier


def _read(root: Path, rel: str) -> SourceFile:
    source = SourceFile(rel)
    try:
        raw = (root / rel).read_bytes()
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
            ).format(f=rel),
        )
        return source
    except OSError as e:
        source.problem = Problem(
            rel,
            1,
            1,
            "HAI005",
            Severity.ERROR,
            Text("Kan {f} niet lezen: {e}.", "Cannot read {f}: {e}.").format(f=rel, e=e.strerror),
        )
        return source
    try:
        source.text = decode(raw, rel)
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


def _language(meta: SourceFile) -> Lang:
    data = meta.parsed.data if meta.parsed else None
    value = data.get("language") if isinstance(data, dict) else None
    return "en" if value == "en" else "nl"


def _load_steps(dossier: Dossier) -> None:
    steps_dir = dossier.root / STEPS_DIR
    names = sorted(p.name for p in steps_dir.iterdir()) if steps_dir.is_dir() else []
    seen: dict[int, str] = {}
    for name in names:
        rel = f"{STEPS_DIR}/{name}"
        if not name.endswith((".yaml", ".yml")):
            continue
        match = _STEP_NAME.match(name)
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
        source = _read(dossier.root, rel)
        if source.problem:
            dossier.problems.append(source.problem)
        _validate(source, STEP_MODELS[number], dossier.problems, dossier.lang)
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


def _evidence(dossier: Dossier) -> list[EvidenceRef]:
    refs = []
    root = dossier.root.resolve()
    for source in dossier.sources():
        if source.parsed is None:
            continue
        for path, value in _evidence_values(source.parsed.data, ()):
            line = source.parsed.line(path, value=True)
            refs.append(EvidenceRef(source.path, line, value, _evidence_state(root, value)))
    return refs


def _evidence_values(
    data: Any, path: tuple[str | int, ...]
) -> list[tuple[tuple[str | int, ...], str]]:
    found: list[tuple[tuple[str | int, ...], str]] = []
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "evidence" and isinstance(value, list):
                found += [((*path, key, i), v) for i, v in enumerate(value) if isinstance(v, str)]
            else:
                found += _evidence_values(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            found += _evidence_values(value, (*path, i))
    return found


def _evidence_state(root: Path, value: str) -> EvidenceState:
    if value.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", value) or "\x00" in value:
        return EvidenceState.OUTSIDE
    target = root / value
    try:
        resolved = target.resolve()
    except (OSError, RuntimeError):
        return EvidenceState.MISSING
    if not resolved.is_relative_to(root):
        return EvidenceState.OUTSIDE
    if not resolved.exists():
        return EvidenceState.MISSING
    if not resolved.is_file():
        return EvidenceState.NOT_A_FILE
    return EvidenceState.OK
