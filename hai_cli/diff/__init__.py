"""``hai diff``: what changed between two revisions of the dossiers, in the step plan's terms.

:func:`diff` reads both revisions (:mod:`hai_cli.diff.revisions`), matches each dossier by
its id (so that a moved folder is a rename, not a removal and an addition) and compares the
two checked versions (:mod:`hai_cli.diff.compare`). The reporters are in
:mod:`hai_cli.diff.report`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from hai_cli.diff.compare import DossierDiff, compare_versions
from hai_cli.diff.revisions import (
    Loaded,
    Memo,
    Side,
    dossier_folders,
    dossier_id,
    load_side,
    prefix_of,
    touched,
)
from hai_cli.i18n import Text
from hai_cli.problems import HaiError

if TYPE_CHECKING:
    from hai_cli.gitio import Repository

FAIL_ON = ("stale-approvals", "gate-regression", "new-errors", "unparsed")
"""What ``--fail-on`` can refuse (exit status 1)."""

WORK_TREE = Text("werkmap", "work tree")


@dataclass(slots=True)
class DiffResult:
    old: Side
    new: Side
    dossiers: list[DossierDiff] = field(default_factory=list)

    def failures(self, kinds: tuple[str, ...]) -> list[str]:
        """The ``--fail-on`` kinds that this diff shows."""
        found = {
            "stale-approvals": any(d.stale for d in self.dossiers),
            "gate-regression": any(d.regressions for d in self.dossiers),
            "new-errors": any(d.new_errors for d in self.dossiers),
            "unparsed": any(u.side == "to" for d in self.dossiers for u in d.unparsed),
        }
        return [kind for kind in kinds if found[kind]]


def diff(arguments: list[str], today: dt.date | None = None) -> DiffResult:
    """Compare the dossiers between two revisions: ``[REV1 [REV2]] [PATH]`` as the command
    line gives them (no revision: the merge base with the default branch against the work
    tree; one: it against the work tree; PATH: a dossier or a folder above several)."""
    from hai_cli import gitio

    today = today or dt.date.today()
    if len(arguments) > 3:
        raise HaiError(
            Text(
                "hai diff vergelijkt twee versies: hai diff [REV1 [REV2]] [PAD].",
                "hai diff compares two versions: hai diff [REV1 [REV2]] [PATH].",
            )
        )
    last = Path(arguments[-1]) if arguments else Path(".")
    start = last if len(arguments) >= 2 or last.exists() else Path(".")
    with gitio.repository(_existing(start)) as repo:
        path, revisions = _split(repo, arguments)
        prefix = prefix_of(repo, path)
        if not revisions:
            name, commit = repo.default_base()
            old = Side(name, commit, repo.short(commit))
        else:
            commit = repo.resolve(revisions[0])
            old = Side(revisions[0], commit, repo.short(commit))
        if len(revisions) == 2:
            commit = repo.resolve(revisions[1])
            new = Side(revisions[1], commit, repo.short(commit))
        else:
            new = Side(WORK_TREE.en, None)
        assert old.commit is not None
        old_files, new_files = repo.files(old.commit), repo.files(new.commit)
        old_all, new_all = dossier_folders(old_files, prefix), dossier_folders(new_files, prefix)
        if not old_all and not new_all:
            raise HaiError(
                Text(
                    "Geen dossier gevonden in {p}, niet in {a} en niet in {b}.",
                    "No dossier found in {p}, neither in {a} nor in {b}.",
                ).format(p=path, a=old.name, b=new.name)
            )
        changed = repo.changed(old.commit, new.commit)
        old_touched = [f for f in old_all if touched(f, changed)]
        new_touched = [f for f in new_all if touched(f, changed)]
        # an id must be unique in the repository: dossiers that share one with a changed
        # dossier on either side are loaded too (dossier.yaml alone tells the id)
        anything = bool(old_touched or new_touched)
        old_ids = {f: dossier_id(repo, old_files, f) for f in old_all if anything}
        new_ids = {f: dossier_id(repo, new_files, f) for f in new_all if anything}
        wanted = {old_ids.get(f) for f in old_touched} | {new_ids.get(f) for f in new_touched}
        wanted.discard(None)
        old_touched = sorted({*old_touched, *(f for f, i in old_ids.items() if i in wanted)})
        new_touched = sorted({*new_touched, *(f for f, i in new_ids.items() if i in wanted)})
        memo: Memo = {}
        before = load_side(repo, old, old_files, old_touched, today, memo)
        after = load_side(repo, new, new_files, new_touched, today, memo)
    result = DiffResult(old, new)
    for a, b in _pairs(before, after):
        d = compare_versions(
            a.result if a else None,
            b.result if b else None,
            (a.folder or ".") if a else "",
            (b.folder or ".") if b else "",
        )
        if not d.empty:
            result.dossiers.append(d)
    return result


def _split(repo: Repository, arguments: list[str]) -> tuple[Path, list[str]]:
    """(PATH, revisions). The last of one or two arguments is the path when it exists on disk,
    a revision when git knows it, and with two arguments also a path that no longer exists."""
    if not arguments:
        return Path("."), []
    if len(arguments) == 3:
        return Path(arguments[2]), arguments[:2]
    last = arguments[-1]
    on_disk, known = Path(last).exists(), repo.is_revision(last)
    if on_disk and known:
        raise HaiError(
            Text(
                "'{a}' is zowel een revisie als een pad. Schrijf 'hai diff {a} .' voor de "
                "revisie, of 'hai diff ./{a}' voor het pad.",
                "'{a}' is both a revision and a path. Write 'hai diff {a} .' for the revision, "
                "or 'hai diff ./{a}' for the path.",
            ).format(a=last)
        )
    if on_disk or (not known and len(arguments) == 2):
        return Path(last), arguments[:-1]
    if not known:
        raise HaiError(
            Text(
                "'{a}' is geen commit, branch of tag in deze repository, en geen pad. Geef "
                "bijvoorbeeld main, HEAD~1 of een commit-hash, of een map met dossiers.",
                "'{a}' is neither a commit, branch or tag in this repository, nor a path. Give "
                "for instance main, HEAD~1 or a commit hash, or a folder of dossiers.",
            ).format(a=last)
        )
    return Path("."), arguments


def _existing(path: Path) -> Path:
    """``path``, or the nearest folder above it that exists (a removed dossier's folder)."""
    here = path.absolute()
    while not here.exists() and here != here.parent:
        here = here.parent
    return here


def _pairs(before: list[Loaded], after: list[Loaded]) -> list[tuple[Loaded | None, Loaded | None]]:
    """The two sides of each dossier: by id, then by folder; the rest added or removed."""
    pairs: list[tuple[Loaded | None, Loaded | None]] = []

    def unique_ids(side: list[Loaded]) -> dict[str, Loaded]:
        ids = [d.result.dossier.id for d in side]
        return {i: d for i, d in zip(ids, side, strict=True) if i and ids.count(i) == 1}

    old_ids, new_ids = unique_ids(before), unique_ids(after)
    matched: set[int] = set()
    rest: list[Loaded] = []
    for b in after:
        a = old_ids.get(b.result.dossier.id or "")
        if a is not None and new_ids.get(b.result.dossier.id or "") is b:
            matched.add(id(a))
            pairs.append((a, b))
        else:
            rest.append(b)
    left = [a for a in before if id(a) not in matched]
    by_folder = {a.folder: a for a in left}
    for b in rest:
        a = by_folder.pop(b.folder, None)
        pairs.append((a, b))
    pairs += [(a, None) for a in left if a.folder in by_folder]
    return sorted(pairs, key=lambda p: (p[1] or p[0]).folder)  # type: ignore[union-attr]
