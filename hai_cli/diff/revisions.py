"""The two sides of ``hai diff``: which dossiers a change touches, each loaded and checked.

A commit's dossiers are loaded from git (its tree, and the file versions it names, through
:class:`hai_cli.gitio.Repository`), the work tree's from disk; both through the one loader and
checker that ``hai check`` uses. Only dossiers with a file that differs between the two sides
are loaded at all, and each file version is read from git once.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from hai_cli.check import DossierResult, check_dossier, duplicate_ids
from hai_cli.fsio import NotRegular, Outside, reason
from hai_cli.gitio import Repository, TreeEntry
from hai_cli.i18n import Text
from hai_cli.law import OVERRIDE_FILE
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
        self._entries = entries
        self._folder = folder
        self._outer = _outer(entries, folder)
        lead = f"{folder}/" if folder else ""
        self._files = {p[len(lead) :]: e for p, e in entries.items() if p.startswith(lead)}
        self._dirs = {posixpath.dirname(p) for p in self._files}
        for path in list(self._dirs):
            while path:
                path = posixpath.dirname(path)
                self._dirs.add(path)

    def read(self, rel: str) -> bytes:
        """As :func:`hai_cli.fsio.read_regular` reads it on disk (``within`` the dossier):
        a symbolic link followed inside the tree, a link out of it or a folder refused."""
        try:
            target, entry = self._follow(rel)
        except _Escape as e:
            raise Outside(Path(rel), self._resolved(e.target)) from None
        except _Loop:
            raise OSError(errno.ELOOP, os.strerror(errno.ELOOP), rel) from None
        if entry is None:
            if target in self._dirs:
                raise NotRegular(Path(rel), _FOLDER)
            raise FileNotFoundError(errno.ENOENT, "No such file", rel)
        if not entry.regular:  # a submodule: a folder once checked out
            raise NotRegular(Path(rel), _FOLDER)
        return self._repo.read(entry.blob)

    def is_link(self, rel: str) -> bool:
        entry = self._files.get(posixpath.normpath(rel))
        return entry is not None and entry.link

    def version(self, rel: str) -> str | None:
        try:
            _, entry = self._follow(rel)
        except (_Escape, _Loop):
            return None
        return entry.blob if entry is not None and entry.regular else None

    @property
    def memo(self) -> dict[tuple[str, str], tuple[SourceFile, list[Problem]]]:
        return self._memo

    def names(self, folder: str) -> list[str]:
        lead = f"{folder}/"
        return sorted({p[len(lead) :].split("/")[0] for p in self._files if p.startswith(lead)})

    def above(self, rel: str) -> tuple[str, bytes | None] | None:
        """As :func:`hai_cli.law.override_file` finds it on disk: the nearest ``rel`` from the
        dossier's folder up to the repository's root, in the commit's tree."""
        parts = self._folder.split("/") if self._folder else []
        for up in range(len(parts) + 1):
            base = "/".join(parts[: len(parts) - up])
            path = f"{base}/{rel}" if base else rel
            shown = "/".join([".."] * up + [rel])
            entry = self._entries.get(path)
            if entry is not None:
                return shown, (self._repo.read(entry.blob) if entry.regular else None)
            if any(p.startswith(f"{path}/") for p in self._entries):
                return shown, None  # a folder where the file would be
        return None

    def outer(self) -> Path | None:
        return None if self._outer is None else self._repo.root / self._outer

    def evidence_state(self, value: str) -> tuple[EvidenceState, Text | None]:
        """As :func:`hai_cli.load.evidence_state` decides it on disk, over the commit's tree."""
        if value.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", value) or "\x00" in value:
            return EvidenceState.OUTSIDE, None
        if any(len(part.encode("utf-8")) > _NAME_MAX for part in value.split("/")):
            return EvidenceState.UNREADABLE, reason(OSError(errno.ENAMETOOLONG, "", value))
        try:
            target, entry = self._follow(value)
        except _Escape:
            return EvidenceState.OUTSIDE, None
        except _Loop:
            return EvidenceState.UNREADABLE, _LOOP  # a loop of links, as on disk
        if entry is not None:
            # not regular and not a link: a submodule, a folder once checked out
            if entry.regular:
                return EvidenceState.OK, None
            return EvidenceState.NOT_A_FILE, _FOLDER
        if target in self._dirs or target == ".":
            return EvidenceState.NOT_A_FILE, _FOLDER
        return EvidenceState.MISSING, None

    def _follow(self, rel: str) -> tuple[str, TreeEntry | None]:
        """``rel`` after the symbolic links on its way (the file itself or a folder it is in,
        in the tree, from the dossier folder), and its entry (None: no file there). Raises
        _Escape for a link out of the dossier."""
        target = posixpath.normpath(rel)
        for _ in range(_MAX_LINKS):
            if target == ".." or target.startswith("../"):
                raise _Escape(target)
            linked = self._first_link(target)
            if linked is None:
                return target, self._files.get(target)
            prefix, entry = linked
            link = self._repo.read(entry.blob).decode("utf-8", "replace")
            if link.startswith("/"):
                raise _Escape(link)
            rest = target[len(prefix) :]  # "" for the file itself, "/..." below a folder
            target = posixpath.normpath(posixpath.join(posixpath.dirname(prefix), link) + rest)
        raise _Loop

    def _first_link(self, target: str) -> tuple[str, TreeEntry] | None:
        """The first of ``target``'s folders (or itself) that is a symbolic link, if any."""
        parts = target.split("/")
        for end in range(1, len(parts) + 1):
            prefix = "/".join(parts[:end])
            entry = self._files.get(prefix)
            if entry is not None and entry.link:
                return prefix, entry
        return None

    def _resolved(self, target: str) -> Path:
        """Where a link out of the dossier leads, as the file system would resolve it."""
        try:
            return (self._repo.root / self._folder / target).resolve()
        except (OSError, RuntimeError):
            return self._repo.root / self._folder / target


class _Escape(Exception):
    def __init__(self, target: str) -> None:
        super().__init__(target)
        self.target = target


class _Loop(Exception):
    pass


_NAME_MAX = 255  # the longest file name (in bytes) the usual file systems allow
_FOLDER = Text("een map", "a folder")  # as hai_cli.fsio.kind names a folder on disk
_LOOP = Text("te veel symbolische links", "too many symbolic links")


def _outer(entries: dict[str, TreeEntry], folder: str) -> str | None:
    """The folder of the nearest dossier in the commit that holds ``folder``, if any."""
    while folder:
        folder = posixpath.dirname(folder)
        if (f"{folder}/{DOSSIER_FILE}" if folder else DOSSIER_FILE) in entries:
            return folder
    return None


def dossier_folders(paths: Iterable[str], prefix: str) -> list[str]:
    """The dossier folders among ``paths`` (files from the repository root) at or below
    ``prefix``, as ``hai check`` finds them (a dossier inside another too, which is then told;
    no hidden or tool folders); or the nearest dossier that holds ``prefix``."""
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
        return [max(holding, key=len)]
    return sorted(f for f in found if _inside(f, prefix))


def _inside(path: str, folder: str) -> bool:
    return not folder or path == folder or path.startswith(f"{folder}/")


def touched(folder: str, changed: set[str]) -> bool:
    """A file of the dossier changed, or a hospital's ``.hai/law.yaml`` above it (its dates
    count for the dossier: see :func:`hai_cli.law.override_file`)."""
    for path in changed:
        if _inside(path, folder):
            return True
        if path == OVERRIDE_FILE or path.endswith(f"/{OVERRIDE_FILE}"):
            above = path[: -len(OVERRIDE_FILE)].rstrip("/")
            if _inside(folder, above):
                return True
    return False


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
