"""The two sides of ``hai diff``: which dossiers a change touches, each loaded and checked.

A commit's dossiers are loaded from git (its tree, and the file versions it names, through
:class:`hai_cli.gitio.Repository`), the work tree's from disk; both through the one loader and
checker that ``hai check`` uses. Only dossiers with a file that differs between the two sides
are loaded at all, and each file version is read from git once.
"""

from __future__ import annotations

import datetime as dt
import errno
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from hai_cli.check import DossierResult, check_dossier, duplicate_ids
from hai_cli.gitio import Repository, TreeEntry
from hai_cli.i18n import Text
from hai_cli.load import DOSSIER_FILE, SKIP_DIRS, EvidenceState, SourceFile, load_dossier
from hai_cli.problems import HaiError, Problem

_MAX_LINKS = 8


@dataclass(frozen=True, slots=True)
class Side:
    """One revision: as the user named it, and its commit (None: the work tree)."""

    name: str
    commit: str | None
    short: str | None = None


@dataclass(slots=True)
class Loaded:
    """One dossier on one side: its folder from the repository root ("" at the root)."""

    folder: str
    result: DossierResult


class GitTree:
    """The files of one dossier folder at one commit, as :class:`hai_cli.load.Tree`."""

    def __init__(
        self,
        repo: Repository,
        entries: dict[str, TreeEntry],
        folder: str,
        memo: dict[tuple[str, str], tuple[SourceFile, list[Problem]]],
    ) -> None:
        self._repo = repo
        self._memo = memo
        lead = f"{folder}/" if folder else ""
        self._files = {p[len(lead) :]: e for p, e in entries.items() if p.startswith(lead)}
        self._dirs = {posixpath.dirname(p) for p in self._files}
        for path in list(self._dirs):
            while path:
                path = posixpath.dirname(path)
                self._dirs.add(path)

    def read(self, rel: str) -> bytes:
        entry = self._files.get(rel)
        if entry is None:
            raise FileNotFoundError(errno.ENOENT, "No such file", rel)
        if not entry.regular:
            raise OSError(errno.EINVAL, "not a regular file", rel)
        return self._repo.read(entry.blob)

    def version(self, rel: str) -> str | None:
        entry = self._files.get(rel)
        return entry.blob if entry is not None and entry.regular else None

    @property
    def memo(self) -> dict[tuple[str, str], tuple[SourceFile, list[Problem]]]:
        return self._memo

    def names(self, folder: str) -> list[str]:
        lead = f"{folder}/"
        return sorted({p[len(lead) :].split("/")[0] for p in self._files if p.startswith(lead)})

    def evidence_state(self, value: str) -> EvidenceState:
        """As :func:`hai_cli.load._evidence_state` decides it on disk, over the commit's tree."""
        if value.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", value) or "\x00" in value:
            return EvidenceState.OUTSIDE
        target = posixpath.normpath(value)
        for _ in range(_MAX_LINKS):
            if target == ".." or target.startswith("../"):
                return EvidenceState.OUTSIDE
            entry = self._files.get(target)
            if entry is None or not entry.link:
                break
            link = self._repo.read(entry.blob).decode("utf-8", "replace")
            if link.startswith("/"):
                return EvidenceState.OUTSIDE
            target = posixpath.normpath(posixpath.join(posixpath.dirname(target), link))
        else:
            return EvidenceState.MISSING  # a loop of links
        entry = self._files.get(target)
        if entry is not None:
            return EvidenceState.OK if entry.regular else EvidenceState.NOT_A_FILE
        if target in self._dirs or target == ".":
            return EvidenceState.NOT_A_FILE
        return EvidenceState.MISSING


def dossier_folders(paths: Iterable[str], prefix: str) -> list[str]:
    """The dossier folders among ``paths`` (files from the repository root) at or below
    ``prefix``, as ``hai check`` finds them (no dossier inside another, no hidden or tool
    folders); or the one dossier that holds ``prefix``."""
    found = set()
    for path in paths:
        if path != DOSSIER_FILE and not path.endswith(f"/{DOSSIER_FILE}"):
            continue
        folder = posixpath.dirname(path)
        if any(part in SKIP_DIRS or part.startswith(".") for part in folder.split("/") if part):
            continue
        found.add(folder)
    holding = [f for f in found if _inside(prefix, f) and f != prefix]
    if holding:  # PATH is a folder inside a dossier: that dossier
        return [min(holding, key=len)]
    below = sorted(f for f in found if _inside(f, prefix))
    return [f for f in below if not any(_inside(f, o) and o != f for o in below)]


def _inside(path: str, folder: str) -> bool:
    return not folder or path == folder or path.startswith(f"{folder}/")


def touched(folder: str, changed: set[str]) -> bool:
    return any(_inside(path, folder) for path in changed)


Memo = dict[tuple[str, str], tuple[SourceFile, list[Problem]]]


def load_side(
    repo: Repository, side: Side, files: dict[str, TreeEntry] | set[str], folders: list[str],
    today: dt.date, memo: Memo,
) -> list[Loaded]:  # fmt: skip
    """Load and check each dossier folder on one side. A step file that is the same on both
    sides (in ``memo``, shared by the two calls) is parsed and validated once."""
    dossiers = []
    for folder in folders:
        display = folder or "."
        if side.commit is None:
            dossiers.append(load_dossier(repo.root / folder, display))
        else:
            assert isinstance(files, dict)
            tree = GitTree(repo, files, folder, memo)
            dossiers.append(load_dossier(repo.root / folder, display, tree))
    # an id two dossiers share is known before the gates are computed, as in hai check
    shared = duplicate_ids([(d.id, d.meta.line("id"), d.display) for d in dossiers])
    return [
        Loaded(folder, check_dossier(dossier, today, also))
        for folder, dossier, also in zip(folders, dossiers, shared, strict=True)
    ]


def dossier_id(repo: Repository, files: dict[str, TreeEntry] | set[str], folder: str) -> str | None:
    """The id in a dossier's dossier.yaml on one side (None when it does not say)."""
    from hai_cli.yamlio import YamlProblem, load

    rel = f"{folder}/{DOSSIER_FILE}" if folder else DOSSIER_FILE
    try:
        if isinstance(files, dict):
            entry = files[rel]
            raw = repo.read(entry.blob) if entry.regular else b""
        else:
            raw = (repo.root / rel).read_bytes()
        data = load(raw, DOSSIER_FILE).data
    except (OSError, KeyError, YamlProblem):
        return None
    value = data.get("id") if isinstance(data, dict) else None
    return value if isinstance(value, str) else None


def prefix_of(repo: Repository, path: Path) -> str:
    """``path`` from the repository root ("" for the root); a HaiError when outside it."""
    try:
        rel = path.resolve().relative_to(repo.root).as_posix()
    except ValueError as e:
        raise HaiError(
            Text(
                "{p} ligt buiten de git-repository {r}.",
                "{p} is outside the git repository {r}.",
            ).format(p=path, r=repo.root)
        ) from e
    return "" if rel == "." else rel
