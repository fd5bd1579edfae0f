"""Where a problem is, as CI tools want it: a path relative to the repository root."""

from __future__ import annotations

from pathlib import Path

from hai_cli.check import Checked
from hai_cli.gitio import work_tree_root


def repository_root(start: Path | None = None) -> Path:
    """The root of the git work tree around ``start`` (default: here), else ``start`` itself."""
    here = (start or Path.cwd()).resolve()
    return work_tree_root(here) or here


def repo_path(result: Checked, file: str, base: Path) -> str:
    """``file`` of the dossier as a POSIX path relative to ``base`` (absolute when outside)."""
    target = result.head.root.resolve() / file
    try:
        return target.relative_to(base).as_posix()
    except ValueError:
        return target.as_posix()
