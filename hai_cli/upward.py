"""Where a path sits: the dossier that holds it, found upwards as git finds its repository.

Light on purpose (no pydantic, no YAML): the language rule and every command's path argument
use it before anything is loaded.
"""

from __future__ import annotations

from pathlib import Path

DOSSIER_FILE = "dossier.yaml"


def enclosing_dossier(path: Path) -> Path | None:
    """The dossier folder that holds ``path`` (itself, or the nearest folder above it with a
    ``dossier.yaml``), not looking above the root of the git work tree ``path`` is in."""
    start = path if path.is_dir() else path.parent
    if (start / DOSSIER_FILE).is_file():
        return start
    try:
        here = start.resolve()
    except OSError:
        return None
    for folder in here.parents:
        if (folder / DOSSIER_FILE).is_file():
            return _as_given(folder, start)
        if (folder / ".git").exists():  # the repository's root: no dossier holds this path
            return None
    return None


def _as_given(folder: Path, start: Path) -> Path:
    """``folder`` written like ``start`` was: relative stays relative (``steps/..`` → ``.``)."""
    if start.is_absolute():
        return folder
    try:
        depth = len(start.resolve().relative_to(folder).parts)
    except ValueError:
        return folder
    return Path(*([".."] * depth)) if depth else Path(".")


def file_in_dossier(path: Path, dossier: Path) -> str | None:
    """``path`` as the dossier names its files (``steps/4-risks-and-impact.yaml``), when it is a
    file inside ``dossier``."""
    if not path.is_file():
        return None
    try:
        return path.resolve().relative_to(dossier.resolve()).as_posix()
    except ValueError:
        return None


def repository_root(start: Path) -> Path | None:
    """The root of the git work tree that holds ``start`` (which need not exist yet)."""
    here = start.resolve()
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return None


def schema_home(start: Path) -> Path:
    """Where the editor finds the JSON Schemas for files at ``start``: ``.hai/schemas`` at the
    root of its git work tree; outside git, in the dossier that holds it (else in ``start``)."""
    root = repository_root(start)
    if root is not None:
        return root / ".hai" / "schemas"
    home = enclosing_dossier(start) if start.exists() else None
    return (home or start).resolve() / ".hai" / "schemas"
