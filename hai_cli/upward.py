"""Where a path sits: the dossier that holds it, found upwards as git finds its repository,
and the dossiers below a folder (:func:`find_dossiers`), with the layout's names.

Light on purpose (no pydantic, no YAML): the language rule and every command's path argument
use it before anything is loaded, and ``hai log`` finds its dossiers without the models.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

DOSSIER_FILE = "dossier.yaml"
STEPS_DIR = "steps"
STEP_FILE_NAME = re.compile(r"^(\d+)\b.*\.ya?ml$")  # "4-risks-and-impact.yaml": step 4
SKIP_DIRS = {".git", ".hai", "node_modules", "__pycache__", ".venv", "venv"}


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


def find_dossiers(path: Path) -> list[Path]:
    """The dossier that holds ``path`` (a file or folder in it, found upwards as git finds its
    repository), else every folder below ``path`` that holds a ``dossier.yaml``, sorted."""
    from hai_cli.fsio import reason  # light, but not needed before a command runs
    from hai_cli.i18n import Text
    from hai_cli.problems import HaiError

    try:
        path.stat()
    except FileNotFoundError:
        pass
    except OSError as e:  # a name too long, no permission, a link loop
        raise HaiError(
            Text("Kan {p} niet lezen: {e}.", "Cannot read {p}: {e}.").format(p=path, e=reason(e))
        ) from e
    if not path.exists():
        raise HaiError(
            Text("Het pad {p} bestaat niet.", "The path {p} does not exist.").format(p=path)
        )
    home = enclosing_dossier(path)  # a file or folder inside a dossier: that dossier
    if home is not None and not (path.is_dir() and home == path):
        return [home]
    if path.is_file() and home is None:
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
            found.append(Path(top))  # and look further: a nested dossier is checked, and told
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
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


def _walk_error(error: OSError) -> None:
    from hai_cli.i18n import Text
    from hai_cli.problems import HaiError

    raise HaiError(
        Text("Kan {p} niet lezen: {e}.", "Cannot read {p}: {e}.").format(
            p=error.filename, e=error.strerror
        )
    )
