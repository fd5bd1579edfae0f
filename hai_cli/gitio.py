"""Every git call of hai, through GitPython, imported only when a command needs git."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from hai_cli.i18n import Text
from hai_cli.problems import HaiError

DOCS_DIR = "docs"


@dataclass(frozen=True, slots=True)
class Revision:
    """Where a dossier's sources stand in git: the last commit that changed them, and whether
    the work tree differs from it. ``commit`` is None outside a repository or before the first
    commit of the dossier."""

    in_repository: bool
    commit: str | None
    dirty: bool


def work_tree_root(start: Path) -> Path | None:
    """The root of the git work tree that holds ``start`` (which need not exist yet), found on
    the file system alone (no git process): None outside a work tree."""
    here = start.resolve()
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return None


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


@dataclass(frozen=True, slots=True)
class Provenance:
    """A dossier's :class:`Revision` and its :func:`source_log` (None outside git)."""

    revision: Revision
    log: list[LogEntry] | None


def provenance(roots: list[Path]) -> dict[Path, Provenance]:
    """:func:`revision` and :func:`source_log` of every dossier in ``roots``, with two git
    queries per repository rather than three per dossier: one ``git status`` and one ``git
    log --name-only`` of the folder that holds them all, each file given to the dossier it lies
    in. Where one history cannot answer for each dossier alone (a merge, whose files are not
    listed; a commit without files; dossiers inside dossiers, a name with pattern characters),
    that repository's dossiers are asked one by one, as before."""
    found: dict[Path, Provenance] = {}
    groups: dict[Path, list[Path]] = {}
    for root in roots:
        top = work_tree_root(root)
        if top is None:
            found[root] = _provenance_alone(root)  # as git finds (or does not find) it
        else:
            groups.setdefault(top, []).append(root)
    for top, members in groups.items():
        together = _provenance_together(top, members)
        for root in members:
            found[root] = together[root] if together else _provenance_alone(root)
    return found


def _provenance_alone(root: Path) -> Provenance:
    known = revision(root)
    return Provenance(known, source_log(root) if known.in_repository else None)


def _provenance_together(top: Path, roots: list[Path]) -> dict[Path, Provenance] | None:
    rels = {root: root.resolve().relative_to(top).as_posix() for root in roots}
    rels = {root: "" if rel == "." else rel for root, rel in rels.items()}
    if len(roots) < 2 or len(set(rels.values())) < len(rels):
        return None
    names = sorted(rels.values())
    folders = set(names)
    nested = (
        any(
            not rel or "/".join(rel.split("/")[:cut]) in folders
            for rel in names
            for cut in range(1, rel.count("/") + 1)
        )
        or "" in folders
    )
    if nested or any(_GLOB.search(rel) or "\\" in rel for rel in names):
        return None
    repo = _repo(top)
    if repo is None or Path(repo.working_tree_dir).resolve() != top:
        return None
    by_rel = {rel: root for root, rel in rels.items()}
    common = "/".join(_common_parts([rel.split("/") for rel in names])) or "."
    options = ["log.follow=false", "log.showSignature=false", "diff.relative=false"]
    with repo:
        if not repo.head.is_valid():  # no commits yet: none has a commit, each may be dirty
            out = ""
        else:
            out = repo.git(c=options).log(
                "-z", "--no-color", "--name-only", "--no-renames",
                f"--format={_PROVENANCE_FORMAT}", "--", common,
            )  # fmt: skip
        status = repo.git(c=["status.relativePaths=false"]).status(
            "--porcelain", "-z", "--untracked-files=all", "--", common
        )
    logs: dict[str, list[LogEntry]] = {rel: [] for rel in by_rel}
    for record in out.split("\x1e")[1:]:
        full, parents, short, date, author, email, message, names_out = record.split("\x1f", 7)
        files = [n for n in names_out.strip("\x00\n").split("\x00") if n]
        if len(parents.split()) > 1 or not files:  # a merge, or a root commit without files
            return None
        touched: dict[str, list[TouchedFile]] = {}
        for name in files:
            for rel, inside in _owners(name, by_rel):
                touched.setdefault(rel, []).append(TouchedFile(inside, (), None))
        for rel, changed in touched.items():
            logs[rel].append(
                LogEntry(full, short, (), date, author, email, message.strip(), tuple(changed))
            )
    dirty: set[str] = set()
    fields = status.split("\x00")
    index = 0
    while index < len(fields):
        entry = fields[index]
        index += 1
        if len(entry) < 4:
            continue
        paths = [entry[3:]]
        if "R" in entry[:2] or "C" in entry[:2]:  # renamed or copied: the old path follows
            paths.append(fields[index])
            index += 1
        for path in paths:
            dirty.update(rel for rel, _ in _owners(path.rstrip("/"), by_rel))
    return {
        root: Provenance(
            Revision(True, logs[rel][0].short if logs[rel] else None, rel in dirty), logs[rel]
        )
        for rel, root in by_rel.items()
    }


_PROVENANCE_FORMAT = "%x1e%H%x1f%P%x1f%h%x1f%aI%x1f%an%x1f%ae%x1f%B%x1f"


def _common_parts(parts: list[list[str]]) -> list[str]:
    common: list[str] = []
    for column in zip(*parts, strict=False):
        if len(set(column)) != 1:
            break
        common.append(column[0])
    return common


def _owners(path: str, by_rel: dict[str, Path]) -> Iterator[tuple[str, str]]:
    """The dossier (its folder in the repository) a file of the repository belongs to, and the
    file's path inside it; nothing for a file of ``docs/`` or outside every dossier."""
    parts = path.split("/")
    for cut in range(len(parts) - 1, 0, -1):
        rel = "/".join(parts[:cut])
        if rel in by_rel:
            inside = "/".join(parts[cut:])
            if inside != DOCS_DIR and not inside.startswith(f"{DOCS_DIR}/"):
                yield rel, inside
            return


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
class PhaseCommit:
    date: str  # ISO date of the commit
    commit: str
    before: str | None  # None: the dossier's first commit
    after: str | None


def phase_history(dossier: Path) -> list[PhaseCommit]:
    """Each commit that changed the dossier's ``phase:`` (and the one that added it).

    One ``git log`` lists the commits, one ``git cat-file --batch`` reads the file as each one
    left it; a version is parsed once however often it comes back, and only its changed blocks
    (:class:`~hai_cli.yamlio.Versions`)."""
    repo = _repo(dossier)
    if repo is None:
        return []
    from hai_cli.yamlio import Versions, YamlProblem

    root = Path(repo.working_tree_dir).resolve()
    rel = (dossier.resolve() / "dossier.yaml").relative_to(root).as_posix()
    try:
        log = repo.git.log("--reverse", "--format=%H%x09%h%x09%aI", "--", rel)
    except Exception:  # no commits yet
        return []
    rows = [line.split("\t") for line in log.splitlines()]
    versions = Versions()
    phases: dict[str, str | YamlProblem | None] = {}  # by blob id
    changes: list[PhaseCommit] = []
    previous: str | None = None
    names = [f"{full}:{rel}" for full, _, _ in rows]
    with repo:
        for (_, short, when), (blob, raw) in zip(rows, _cat_file(repo, names), strict=True):
            if raw is None:  # absent in this commit (deleted, or not a file)
                continue
            if blob not in phases:
                # as `git show` gave it before: the last newline cut, undecodable bytes kept
                text = raw.removesuffix(b"\n").decode("utf-8", "surrogateescape")
                try:
                    data = versions.parse(text, rel)
                except YamlProblem as e:  # a version that does not parse
                    phases[blob] = e
                else:
                    value = data.get("phase") if isinstance(data, dict) else None
                    phases[blob] = None if value is None else str(value)
            phase = phases[blob]
            if isinstance(phase, YamlProblem):
                continue
            if not changes or phase != previous:
                changes.append(PhaseCommit(when[:10], short, previous if changes else None, phase))
            previous = phase
    return changes


def _cat_file(repo: Any, names: list[str]) -> Iterator[tuple[str, bytes | None]]:
    """(object id, content) of each of ``names`` (blob ids or ``commit:path``) in order, content
    None where there is no such file, through one ``git cat-file --batch`` process: the names
    are written by a thread while the contents are read, so neither side waits on a full pipe.
    """
    import subprocess
    import threading

    if any("\n" in name for name in names):  # cannot be named on a line: one `git show` each
        for name in names:
            yield from _shown(repo, name)
        return
    process = repo.git.cat_file("--batch", as_process=True, istream=subprocess.PIPE)
    feed, out = process.proc.stdin, process.proc.stdout

    def write() -> None:
        try:
            for start in range(0, len(names), 256):
                feed.write("".join(f"{n}\n" for n in names[start : start + 256]).encode())
            feed.close()
        except (BrokenPipeError, ValueError):  # git ended early; the reader says so
            pass

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    try:
        for name in names:
            line = out.readline()
            if not line:
                raise HaiError(_GIT_ENDED.format(name=name))
            header = line.rstrip(b"\n").rsplit(b" ", 2)  # "<id> <type> <size>"
            if len(header) != 3 or not header[2].isdigit():
                yield name, None  # "<name> missing" (or ambiguous)
                continue
            blob, kind, size = header
            data = out.read(int(size) + 1)[:-1]
            yield blob.decode(), data if kind == b"blob" else None
    finally:
        out.close()  # stopped early: git's next write fails, it ends, and so does the writer
        writer.join()
        process.proc.wait()


def _shown(repo: Any, name: str) -> Iterator[tuple[str, bytes | None]]:
    from git.exc import GitCommandError

    try:
        blob = repo.git.rev_parse("--verify", "--quiet", name).strip()
        kind = repo.git.cat_file("-t", blob).strip()
        data = repo.git.cat_file("blob", blob, stdout_as_string=False) if kind == "blob" else None
    except GitCommandError:
        yield name, None
        return
    yield blob, data


_GIT_ENDED = Text(
    "git las de geschiedenis niet uit tot het einde (bij {name}).",
    "git stopped reading the history before the end (at {name}).",
)


@dataclass(frozen=True, slots=True)
class TouchedFile:
    """A file that a commit changed: its blob in each parent (None: not there) and after it
    (None: deleted). ``path`` is relative to the dossier."""

    path: str
    before: tuple[str | None, ...]
    after: str | None


@dataclass(frozen=True, slots=True)
class LogEntry:
    commit: str
    short: str
    parents: tuple[str, ...]
    date: str  # ISO 8601 author date
    author: str
    email: str
    message: str
    files: tuple[TouchedFile, ...]


# one record per commit: \x1e, the fields split by \x1f, the message closed by \x1f; with -z
# git then ends the header with NUL and gives ':modes blobs status\0path\0' per changed file
_LOG_FORMAT = "%x1e%H%x1f%P%x1f%aI%x1f%an%x1f%ae%x1f%B%x1f"
_FILE_MODES = {"100644", "100755"}
_GLOB = re.compile(r"[*?\[]")


class History:
    """The commits that changed some of a dossier's files (newest first), and a reader of the
    file versions they name, through ``git cat-file --batch``."""

    def __init__(self, repo: Any, entries: list[LogEntry]) -> None:
        self._repo = repo
        self.entries = entries

    def read(self, blob: str) -> bytes:
        """The content of one file version (a blob id from a :class:`TouchedFile`)."""
        _, _, _, data = self._repo.git.get_object_data(blob)
        return bytes(data)

    def contents(self, blobs: list[str]) -> Iterator[tuple[str, bytes | None]]:
        """(blob, content) of each of ``blobs`` in order, streamed through one ``git cat-file
        --batch`` process."""
        return _cat_file(self._repo, blobs)

    def close(self) -> None:
        self._repo.close()

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def history(dossier: Path, paths: list[str]) -> History:
    """The commits that changed ``paths`` (relative to the dossier; files, folders, or glob
    patterns with ``*?[``), each with the files it changed and their blobs before and after.

    One ``git log --raw`` lists only the commits that touched those paths, and no file version
    is read here: :meth:`History.read` reads the versions a caller asks for. Renames count as a
    deletion and an addition. A merge lists only the files that differ from every parent."""
    repo = _repo(dossier)
    if repo is None:
        raise HaiError(
            Text(
                "{p} staat niet in een git-repository; hai log leest de geschiedenis uit git. "
                "Maak er een met 'git init' en leg het dossier vast met 'git commit'.",
                "{p} is not in a git repository; hai log reads the history from git. Create "
                "one with 'git init' and commit the dossier with 'git commit'.",
            ).format(p=dossier)
        )
    root = Path(repo.working_tree_dir).resolve()
    prefix = dossier.resolve().relative_to(root).as_posix()
    prefix = "" if prefix == "." else prefix
    if not repo.head.is_valid():  # no commits yet
        return History(repo, [])
    specs = [_pathspec(prefix, p) for p in paths]
    # settings that would change what git log prints: follow one path, signatures, relative
    options = ["log.follow=false", "log.showSignature=false", "diff.relative=false"]
    out = repo.git(c=options).log(
        "-z", "--raw", "--no-abbrev", "--no-renames", "-c", "--root", "--no-color",
        f"--format={_LOG_FORMAT}", "--", *specs,
    )  # fmt: skip
    entries = parse_log(out, prefix)
    if not entries:
        return History(repo, [])
    # git's own abbreviations (--no-abbrev above made %h full): one more git for all of them
    import subprocess

    process = repo.git(c=options).log(
        "--no-walk=unsorted", "--stdin", "--format=%h", as_process=True, istream=subprocess.PIPE
    )
    out_bytes, _ = process.proc.communicate("".join(f"{e.commit}\n" for e in entries).encode())
    shorts = out_bytes.decode().split()
    return History(repo, [replace(e, short=s) for e, s in zip(entries, shorts, strict=True)])


def source_log(dossier: Path) -> list[LogEntry] | None:
    """The commits that changed the dossier's sources (everything but ``docs/``), newest
    first, each with the names of the files it changed (relative to the dossier, no blobs);
    None outside a git repository. One ``git log`` call."""
    repo = _repo(dossier)
    if repo is None:
        return None
    try:
        if not repo.head.is_valid():
            return []
        root = Path(repo.working_tree_dir).resolve()
        prefix = dossier.resolve().relative_to(root).as_posix()
        prefix = "" if prefix == "." else prefix
        options = ["log.follow=false", "log.showSignature=false", "diff.relative=false"]
        out = repo.git(c=options).log(
            "-z", "--no-color", "--name-only", "--no-renames", f"--format={_SHORT_FORMAT}",
            *_sources_pathspec(repo, dossier),
        )  # fmt: skip
    finally:
        repo.close()
    lead = f"{prefix}/" if prefix else ""
    entries = []
    for record in out.split("\x1e")[1:]:
        full, short, date, author, email, message, names = record.split("\x1f", 6)
        files = tuple(
            TouchedFile(name[len(lead) :], (), None)
            for name in names.strip("\x00\n").split("\x00")
            if name.startswith(lead)
        )
        entries.append(LogEntry(full, short, (), date, author, email, message.strip(), files))
    return entries


_SHORT_FORMAT = "%x1e%H%x1f%h%x1f%aI%x1f%an%x1f%ae%x1f%B%x1f"


def _pathspec(prefix: str, rel: str) -> str:
    full = f"{prefix}/{rel}" if prefix else rel
    if not _GLOB.search(rel):
        return f":(literal){full}"
    escaped = re.sub(r"([*?\[\\])", r"\\\1", prefix)
    return f":(glob){escaped}/{rel}" if prefix else f":(glob){rel}"


def parse_log(out: str, prefix: str) -> list[LogEntry]:
    """The entries of ``git log -z --raw -c`` in :data:`_LOG_FORMAT`; paths made relative to
    ``prefix`` (the dossier's folder in the repository), files outside it left out."""
    entries = []
    lead = f"{prefix}/" if prefix else ""
    for record in out.split("\x1e")[1:]:
        full, parents, date, author, email, rest = record.split("\x1f", 5)
        message, _, raw = rest.partition("\x1f\x00")
        tokens = raw.lstrip("\x00\n").split("\x00")
        files = []
        for meta, path in zip(tokens[0::2], tokens[1::2], strict=False):
            if not meta.startswith(":") or not path.startswith(lead):
                continue
            n = len(meta) - len(meta.lstrip(":"))  # one colon per parent
            fields = meta.lstrip(":").split(" ")
            modes, blobs = fields[: n + 1], fields[n + 1 : 2 * n + 2]
            versions = [
                b if m in _FILE_MODES and b.strip("0") else None
                for m, b in zip(modes, blobs, strict=True)
            ]
            files.append(TouchedFile(path[len(lead) :], tuple(versions[:-1]), versions[-1]))
        entries.append(
            LogEntry(
                full,
                full[:7],
                tuple(parents.split()),
                date,
                author,
                email,
                message.strip(),
                tuple(files),
            )
        )
    return entries


# -- two revisions side by side (hai diff) ---------------------------------------------------

_LINK_MODE = "120000"


@dataclass(frozen=True, slots=True)
class TreeEntry:
    mode: str  # git's file mode: 100644, 100755 (regular), 120000 (symbolic link), 160000
    blob: str

    @property
    def regular(self) -> bool:
        return self.mode in _FILE_MODES

    @property
    def link(self) -> bool:
        return self.mode == _LINK_MODE


class Repository:
    """One repository read for ``hai diff``: revisions, the files of a commit, what changed
    between two revisions, and file versions through one ``git cat-file --batch`` process,
    each version read once however often it is asked for."""

    def __init__(self, repo: Any) -> None:
        self._repo = repo
        self.root = Path(repo.working_tree_dir).resolve()
        self._blobs: dict[str, bytes] = {}
        self._options = ["diff.relative=false", "core.quotePath=false"]

    def _git(self) -> Any:
        return self._repo.git(c=self._options)

    def resolve(self, rev: str) -> str:
        """The full commit id of ``rev``, or a HaiError that says what to give instead."""
        import git

        if rev.startswith("-") or not rev.strip():
            raise HaiError(_unknown_revision(rev))
        try:
            return str(
                self._git()
                .rev_parse("--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}")
                .strip()
            )
        except git.GitCommandError as e:
            raise HaiError(_unknown_revision(rev)) from e

    def is_revision(self, rev: str) -> bool:
        try:
            self.resolve(rev)
        except HaiError:
            return False
        return True

    def short(self, commit: str) -> str:
        return str(self._git().rev_parse("--short", commit).strip())

    def default_base(self) -> tuple[str, str]:
        """(name, commit) to compare the work tree with: the merge base of HEAD and the
        default branch (origin's HEAD, else main or master), or HEAD itself."""
        import git

        if not self._repo.head.is_valid():
            raise HaiError(
                Text(
                    "{p} heeft nog geen commits; hai diff vergelijkt met een commit. Leg het "
                    "dossier vast met 'git commit'.",
                    "{p} has no commits yet; hai diff compares with a commit. Commit the "
                    "dossier with 'git commit'.",
                ).format(p=self.root)
            )
        candidates = []
        try:
            origin = self._git().symbolic_ref("-q", "--short", "refs/remotes/origin/HEAD")
            candidates.append(origin.strip())
        except git.GitCommandError:
            pass
        candidates += ["main", "master", "origin/main", "origin/master"]
        for name in candidates:
            if not name or not self.is_revision(name):
                continue
            try:
                base = str(self._git().merge_base("HEAD", name).strip())
            except git.GitCommandError:
                continue  # unrelated histories
            return (name if base == self.resolve(name) else f"merge-base({name})", base)
        return "HEAD", self.resolve("HEAD")

    def files(self, commit: str | None) -> dict[str, TreeEntry] | set[str]:
        """Every file of a commit (path from the repository root: mode and blob), or for the
        work tree the set of paths git would commit (tracked, and untracked not ignored)."""
        if commit is None:
            out = self._git().ls_files("-z", "--cached", "--others", "--exclude-standard")
            deleted = set(self._git().ls_files("-z", "--deleted").split("\x00"))
            return {p for p in out.split("\x00") if p and p not in deleted}
        out = self._git().ls_tree("-r", "-z", "--full-tree", commit)
        entries: dict[str, TreeEntry] = {}
        for record in out.split("\x00"):
            if not record:
                continue
            meta, _, path = record.partition("\t")
            mode, kind, blob = meta.split(" ")
            if kind == "blob":
                entries[path] = TreeEntry(mode, blob)
        return entries

    def changed(self, old: str, new: str | None) -> set[str]:
        """The paths (from the repository root) whose content differs between two commits,
        or between a commit and the work tree (untracked files included)."""
        args = ["--name-only", "-z", "--no-renames", "--no-ext-diff", "--no-textconv", old]
        if new is not None:
            args.append(new)
        paths = set(self._git().diff(*args).split("\x00"))
        if new is None:
            paths |= set(self._git().ls_files("-z", "--others", "--exclude-standard").split("\x00"))
        paths.discard("")
        return paths

    def read(self, blob: str) -> bytes:
        """The content of one file version (a blob id), read once."""
        data = self._blobs.get(blob)
        if data is None:
            data = self._blobs[blob] = self._fetch(blob)
        return data

    def _fetch(self, blob: str) -> bytes:
        _, _, _, raw = self._repo.git.get_object_data(blob)
        return bytes(raw)

    def close(self) -> None:
        self._repo.close()

    def __enter__(self) -> Repository:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def repository(path: Path) -> Repository:
    """The git repository that holds ``path``, for ``hai diff``."""
    repo = _repo(path)
    if repo is None or repo.working_tree_dir is None:
        raise HaiError(
            Text(
                "{p} staat niet in een git-repository; hai diff vergelijkt twee versies uit git. "
                "Maak er een met 'git init' en leg het dossier vast met 'git commit'.",
                "{p} is not in a git repository; hai diff compares two versions from git. "
                "Create one with 'git init' and commit the dossier with 'git commit'.",
            ).format(p=path)
        )
    return Repository(repo)


def _unknown_revision(rev: str) -> Text:
    return Text(
        "'{r}' is geen commit, branch of tag in deze repository. Geef bijvoorbeeld main, HEAD~1 "
        "of een commit-hash (git log --oneline toont ze).",
        "'{r}' is not a commit, branch or tag in this repository. Give for instance main, "
        "HEAD~1 or a commit hash (git log --oneline lists them).",
    ).format(r=rev)
