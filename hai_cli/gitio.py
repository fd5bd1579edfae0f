"""Every git call of hai, through GitPython, imported only when a command needs git."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hai_cli.problems import HaiError, Text

DOCS_DIR = "docs"


@dataclass(frozen=True, slots=True)
class Revision:
    """Where a dossier's sources stand in git: the last commit that changed them, and whether
    the work tree differs from it. ``commit`` is None outside a repository or before the first
    commit of the dossier."""

    in_repository: bool
    commit: str | None
    dirty: bool


def _repo(path: Path) -> Any:
    try:
        import git
    except ImportError as e:  # GitPython without a git executable
        raise HaiError(
            Text(
                "git is niet beschikbaar op deze machine ({e}).",
                "git is not available on this machine ({e}).",
            ).format(e=e)
        ) from e
    try:
        return git.Repo(path, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return None


def _sources_pathspec(repo: Any, dossier: Path) -> list[str]:
    rel = dossier.resolve().relative_to(Path(repo.working_tree_dir).resolve()).as_posix()
    rel = "" if rel == "." else rel
    docs = f"{rel}/{DOCS_DIR}" if rel else DOCS_DIR
    return ["--", rel or ".", f":(exclude){docs}"]


def revision(dossier: Path) -> Revision:
    """The dossier's source revision: its YAML and evidence, not the documents in docs/."""
    repo = _repo(dossier)
    if repo is None:
        return Revision(False, None, False)
    spec = _sources_pathspec(repo, dossier)
    try:
        commit = repo.git.log("-1", "--format=%h", *spec).strip() or None
    except Exception:  # no commits yet
        commit = None
    status = repo.git.status("--porcelain", "--untracked-files=all", *spec)
    return Revision(True, commit, bool(status.strip()))


def commit_files(dossier: Path, files: list[Path], message: str) -> str | None:
    """Commit exactly ``files`` (nothing else staged or changed goes in). Return the new short
    hash, or None when the files were already committed as they are."""
    repo = _repo(dossier)
    if repo is None:
        raise HaiError(
            Text(
                "{p} staat niet in een git-repository; --commit kan niet. Maak er een met "
                "'git init', of laat --commit weg.",
                "{p} is not in a git repository, so --commit cannot work. Create one with "
                "'git init', or leave out --commit.",
            ).format(p=dossier)
        )
    root = Path(repo.working_tree_dir).resolve()
    paths = [f.resolve().relative_to(root).as_posix() for f in files]
    repo.git.add("--", *paths)
    changed = repo.git.diff("--cached", "--name-only", "--", *paths).strip()
    if not changed:
        return None
    repo.git.commit("--only", "-m", message, "--", *paths)
    return str(repo.head.commit.hexsha[:7])


@dataclass(frozen=True, slots=True)
class PhaseChange:
    date: str  # ISO date of the commit
    commit: str
    before: str | None  # None: the dossier's first commit
    after: str | None


def phase_history(dossier: Path) -> list[PhaseChange]:
    """Each commit that changed the dossier's ``phase:`` (and the one that added it)."""
    repo = _repo(dossier)
    if repo is None:
        return []
    from hai_cli.yamlio import YamlProblem, parse

    root = Path(repo.working_tree_dir).resolve()
    rel = (dossier.resolve() / "dossier.yaml").relative_to(root).as_posix()
    try:
        log = repo.git.log("--reverse", "--format=%H%x09%h%x09%aI", "--", rel)
    except Exception:  # no commits yet
        return []
    changes: list[PhaseChange] = []
    previous: str | None = None
    for line in log.splitlines():
        full, short, when = line.split("\t")
        try:
            data = parse(repo.git.show(f"{full}:{rel}"), rel).data
        except (YamlProblem, Exception):
            continue
        value = data.get("phase") if isinstance(data, dict) else None
        phase = None if value is None else str(value)
        if not changes or phase != previous:
            changes.append(PhaseChange(when[:10], short, previous if changes else None, phase))
        previous = phase
    return changes
