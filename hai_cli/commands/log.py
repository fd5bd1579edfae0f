"""``hai log``: the audit trail of a dossier from its git history.

Which commit changed a checklist item's status, the phase, or recorded (or removed) an
approval; who made it and when. Only the commits that touched the dossier's YAML are listed
(one ``git log``), and only the file versions those commits changed are read and parsed, each
once, however long the history is.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Literal, TextIO, TypeVar

from rich.markup import escape

from hai_cli import gitio
from hai_cli.catalogue import Item, catalogue
from hai_cli.console import console_for
from hai_cli.fsio import NotRegular, Outside, read_regular
from hai_cli.i18n import Lang, Text, did_you_mean, lang_of
from hai_cli.problems import HaiError
from hai_cli.upward import DOSSIER_FILE, STEP_FILE_NAME, STEPS_DIR
from hai_cli.yamlio import Versions, YamlProblem, load

Action = Literal["added", "removed"]
ApprovalKey = str  # the whole entry in a canonical form: two entries alike in name, role and
# date (a re-approval after a change, or of another fingerprint) are two approvals
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class ItemChange:
    """A checklist item's status; ``added``/``removed`` when the item came into or left the
    file (``before``/``after`` is then None)."""

    file: str
    step: int
    item: str
    before: str | None
    after: str | None
    added: bool = False
    removed: bool = False
    kind: Literal["item"] = "item"


@dataclass(frozen=True, slots=True)
class PhaseChange:
    file: str
    before: str | None
    after: str | None
    kind: Literal["phase"] = "phase"


@dataclass(frozen=True, slots=True)
class ApprovalChange:
    file: str
    step: int | None  # None: a gate approval in dossier.yaml
    action: Action
    name: str
    role: str
    date: str
    gate: str | None
    comment: str | None
    kind: Literal["approval"] = "approval"


@dataclass(frozen=True, slots=True)
class FileChange:
    file: str
    step: int | None
    action: Action
    kind: Literal["file"] = "file"


@dataclass(frozen=True, slots=True)
class Unreadable:
    """A version of a file that is not readable YAML: its changes cannot be shown."""

    file: str
    step: int | None
    reason: Text
    kind: Literal["unreadable"] = "unreadable"


Change = ItemChange | PhaseChange | ApprovalChange | FileChange | Unreadable


@dataclass(frozen=True, slots=True)
class Commit:
    commit: str
    short: str
    date: str
    author: str
    email: str
    message: str
    changes: tuple[Change, ...]


@dataclass(slots=True)
class DossierLog:
    path: str
    id: str | None
    lang: Lang
    commits: list[Commit] = field(default_factory=list)


def item_of(topic: str) -> Item:
    """A checklist item by id (``risk-analysis``) or number (``4.1``), or a did-you-mean."""
    cat = catalogue()
    found = cat.find(topic)
    if found is not None:
        return found
    key = topic.strip().lower()
    hint = did_you_mean(
        key,
        [i.id for i in cat.items],
        Text(
            " Geef een punt-id zoals 'risk-analysis'; 'hai explain 4' toont de punten van stap 4.",
            " Give an item id such as 'risk-analysis'; 'hai explain 4' lists the items of step 4.",
        ),
    )
    raise HaiError(
        Text("'{t}' is geen checklistpunt.{h}", "'{t}' is not a checklist item.{h}").format(
            t=topic, h=hint
        )
    )


def dossier_log(
    root: Path, display: str, step: int | None = None, item: Item | None = None
) -> DossierLog:
    """The commits that changed the dossier's steps, item statuses, phase or approvals, newest
    first; only step ``step``'s file, or only item ``item``'s status, when given."""
    if item is not None:
        if step is not None and step != item.step:
            raise HaiError(
                Text(
                    "Punt {i} hoort bij stap {s}, niet bij stap {n}.",
                    "Item {i} belongs to step {s}, not to step {n}.",
                ).format(i=item.id, s=item.step, n=step)
            )
        step = item.step
    # the step files by number: 4-anything.yaml (load.py's rule); the literal name is checked
    # again below, the pattern only keeps git log to the commits that touched step `step`
    paths = [DOSSIER_FILE, STEPS_DIR] if step is None else [f"{STEPS_DIR}/{step}[!0-9]*"]
    dossier_id, lang = _identity(root)
    log = DossierLog(display, dossier_id, lang)

    def follows(path: str) -> bool:
        followed, number = _file_step(path)
        return followed and (step is None or number == step)

    with gitio.history(root, paths) as hist:
        reader = _Reader(hist, follows)
        for entry in hist.entries:
            changes: list[Change] = []
            for touched in sorted(entry.files, key=lambda t: _order(t.path)):
                if follows(touched.path):
                    changes += _changes(reader, touched, _file_step(touched.path)[1])
            if item is not None:
                changes = [c for c in changes if isinstance(c, ItemChange) and c.item == item.id]
            if changes:
                log.commits.append(
                    Commit(
                        entry.commit,
                        entry.short,
                        entry.date,
                        entry.author,
                        entry.email,
                        entry.message,
                        tuple(changes),
                    )
                )
    return log


def _identity(root: Path) -> tuple[str | None, Lang]:
    """The dossier's id and language, from its dossier.yaml as it is now."""
    try:
        data = load(read_regular(root / DOSSIER_FILE, within=root), DOSSIER_FILE).data
    except (OSError, YamlProblem, NotRegular, Outside):
        return None, "nl"
    if not isinstance(data, dict):
        return None, "nl"
    value = data.get("id")
    lang: Lang = lang_of(data.get("language")) or "nl"
    return (value if isinstance(value, str) else None), lang


def _file_step(path: str) -> tuple[bool, int | None]:
    """Whether the audit trail follows a file, and the step it holds (None: dossier.yaml)."""
    if path == DOSSIER_FILE:
        return True, None
    folder, _, name = path.partition("/")
    match = STEP_FILE_NAME.match(name) if folder == STEPS_DIR and "/" not in name else None
    if match is None or not 1 <= int(match.group(1)) <= len(catalogue().steps):
        return False, None
    return True, int(match.group(1))


def _order(path: str) -> tuple[int, str]:
    return (_file_step(path)[1] or 0, path)


@dataclass(frozen=True, slots=True)
class _Snapshot:
    """What the audit trail compares in one version of a file."""

    items: dict[str, str | None]
    phase: str | None
    approvals: dict[ApprovalKey, list[dict[str, Any]]]  # each entry alike, as often as it is there


_EMPTY = _Snapshot({}, None, {})


class _Reader:
    """File versions by blob id, each read and parsed once; an unreadable version is
    replaced, when a parent's version is needed, by the last readable one before it.

    Every version the followed files name is read up front through one ``git cat-file``
    stream and parsed as it arrives, only its changed blocks (:class:`Versions`)."""

    def __init__(self, hist: gitio.History, follows: Callable[[str], bool]) -> None:
        self._hist = hist
        self._versions = Versions()
        self._cache: dict[str, _Snapshot | Text] = {}
        self.previous: dict[tuple[str, str], str | None] = {}
        paths: dict[str, list[str]] = {}  # each version's paths (one, but for a copied file)
        for entry in hist.entries:  # each version's predecessor, along the first parent
            for touched in entry.files:
                if touched.after is not None and touched.before:
                    self.previous.setdefault((touched.path, touched.after), touched.before[0])
                if follows(touched.path):
                    for blob in (touched.after, *touched.before):
                        if blob is not None and touched.path not in paths.setdefault(blob, []):
                            paths[blob].append(touched.path)
        self._parsed: dict[tuple[str, str], _Snapshot | Text] = {}
        for blob, raw in hist.contents(list(paths)):
            if raw is not None:
                for path in paths[blob]:
                    self._parsed[(path, blob)] = self._parse(raw, path)

    def _parse(self, raw: bytes, path: str) -> _Snapshot | Text:
        try:
            data = self._versions.load(raw, path)
        except YamlProblem as e:
            where = Text("regel {n}: ", "line {n}: ").format(n=e.problem.line)
            return Text(where.nl + e.problem.text.nl, where.en + e.problem.text.en)
        return _snapshot(data) if isinstance(data, dict) else _NOT_A_MAPPING

    def version(self, path: str, blob: str) -> _Snapshot | Text:
        if blob not in self._cache:  # parsed for the path it is first asked for, as before
            parsed = self._parsed.get((path, blob))
            if parsed is None:
                parsed = self._parse(self._hist.read(blob), path)
            self._cache[blob] = parsed
        return self._cache[blob]

    def readable(self, path: str, blob: str | None) -> _Snapshot | None:
        """A parent's version to compare with: None when the file was not there."""
        seen: set[str] = set()
        while blob is not None and blob not in seen:
            seen.add(blob)
            version = self.version(path, blob)
            if isinstance(version, _Snapshot):
                return version
            blob = self.previous.get((path, blob))
        return _EMPTY if seen else None


_NOT_A_MAPPING = Text(
    "het bestand is geen mapping ('sleutel: waarde'-regels)",
    "the file is not a mapping ('key: value' lines)",
)


def _snapshot(data: dict[str, Any]) -> _Snapshot:
    items: dict[str, str | None] = {}
    plan = data.get("decommissioning")
    for checklist in (
        data.get("checklist"),
        plan.get("checklist") if isinstance(plan, dict) else None,
    ):
        if isinstance(checklist, dict):
            items.update({str(k): _status(v) for k, v in checklist.items()})
    approvals: dict[ApprovalKey, list[dict[str, Any]]] = {}
    listed = data.get("approvals")
    for entry in listed if isinstance(listed, list) else []:
        if isinstance(entry, dict):
            key = json.dumps(entry, sort_keys=True, ensure_ascii=False, default=str)
            approvals.setdefault(key, []).append(entry)
    return _Snapshot(items, _text(data.get("phase")), approvals)


def _status(entry: Any) -> str | None:
    return _text(entry.get("status")) if isinstance(entry, dict) else _text(entry)


def _text(value: Any) -> str | None:
    return None if value is None or isinstance(value, dict | list) else str(value)


def _changes(reader: _Reader, touched: gitio.TouchedFile, step: int | None) -> list[Change]:
    """What changed in one file in one commit. In a merge only what the merge itself decided:
    a value that differs from the value in every parent (shown against the first parent)."""
    file = touched.path
    after: _Snapshot | None = None
    if touched.after is not None:
        version = reader.version(file, touched.after)
        if isinstance(version, Text):
            return [Unreadable(file, step, version)]
        after = version
    parents = [reader.readable(file, blob) for blob in touched.before] or [None]
    first = parents[0]

    def decided(key: Callable[[_Snapshot | None], object]) -> bool:
        value = key(after)
        return all(key(parent) != value for parent in parents)

    changes: list[Change] = []
    if decided(_absent):
        changes.append(FileChange(file, step, "removed" if after is None else "added"))
    if step is None and decided(_phase):
        changes.append(PhaseChange(file, _phase(first), _phase(after)))
    for item_id in _union(first.items if first else None, after.items if after else None):
        if step is not None and decided(partial(_item, item_id)):
            (was, before_status), (now, after_status) = _item(item_id, first), _item(item_id, after)
            changes.append(
                ItemChange(file, step, item_id, before_status, after_status, not was, not now)
            )
    new_approvals = after.approvals if after else {}
    old_approvals = first.approvals if first else {}
    for key in _union(old_approvals, new_approvals):
        # how many entries alike the commit added (or removed): against every parent
        here = _approved(key, after)
        counts = [_approved(key, parent) for parent in parents]
        entry = (new_approvals.get(key) or old_approvals[key])[0]
        moves: tuple[tuple[Action, int], ...] = (
            ("added", here - max(counts)),
            ("removed", min(counts) - here),
        )
        for action, times in moves:
            changes += [_approval(file, step, action, entry) for _ in range(times)]
    return changes


def _absent(snapshot: _Snapshot | None) -> bool:
    return snapshot is None


def _phase(snapshot: _Snapshot | None) -> str | None:
    return snapshot.phase if snapshot else None


def _item(item_id: str, snapshot: _Snapshot | None) -> tuple[bool, str | None]:
    """Whether the item is in the file, and its status."""
    if snapshot is None or item_id not in snapshot.items:
        return (False, None)
    return (True, snapshot.items[item_id])


def _approved(key: ApprovalKey, snapshot: _Snapshot | None) -> int:
    """How many entries alike are in this version."""
    return len(snapshot.approvals.get(key, ())) if snapshot is not None else 0


def _union(old: Mapping[T, object] | None, new: Mapping[T, object] | None) -> list[T]:
    """The keys of the new version in its order, then those only the old one has."""
    new, old = new or {}, old or {}
    return [*new, *(k for k in old if k not in new)]


def _approval(file: str, step: int | None, action: Action, entry: dict[str, Any]) -> ApprovalChange:
    gate = entry.get("gate")
    return ApprovalChange(
        file,
        step,
        action,
        _text(entry.get("name")) or "-",
        _text(entry.get("role")) or "-",
        _text(entry.get("date")) or "-",
        None if gate is None else str(gate),
        _text(entry.get("comment")),
    )


# -- output ---------------------------------------------------------------------------------

_WORDS = {
    "none": Text(
        "Geen commits in de git-geschiedenis die dit veranderden.",
        "No commits in the git history changed this.",
    ),
    "item": Text("{item}: {a} → {b}", "{item}: {a} → {b}"),
    "item-added": Text("{item}: toegevoegd ({b})", "{item}: added ({b})"),
    "item-removed": Text("{item}: verwijderd (was {a})", "{item}: removed (was {a})"),
    "phase": Text("fase {a} → {b}", "phase {a} → {b}"),
    "phase-first": Text("fase {b}", "phase {b}"),
    "approval-added": Text("goedgekeurd door {name} ({role})", "approved by {name} ({role})"),
    "approval-removed": Text(
        "goedkeuring door {name} ({role}) van {date} verwijderd",
        "approval by {name} ({role}) of {date} removed",
    ),
    "gate": Text(" voor poort {gate}", " for gate {gate}"),
    "step": Text("stap {n}: ", "step {n}: "),
    "file-added": Text("{file}: nieuw bestand", "{file}: new file"),
    "file-items": Text(
        "{file}: nieuw bestand, {n} punten ({counts})", "{file}: new file, {n} items ({counts})"
    ),
    "file-removed": Text("{file}: bestand verwijderd", "{file}: file removed"),
    "unreadable": Text(
        "{file}: deze versie is niet te lezen, wijzigingen onbekend ({reason})",
        "{file}: this version cannot be read, changes unknown ({reason})",
    ),
}


def report_json(logs: list[DossierLog], lang: Lang | None, out: TextIO) -> None:
    dossiers = [
        {
            "path": log.path,
            "id": log.id,
            "commits": [_commit_json(c, lang or log.lang) for c in log.commits],
        }
        for log in logs
    ]
    from hai_cli.safetext import Printable

    json.dump(
        {"dossiers": dossiers}, Printable(out, json=True), ensure_ascii=False, indent=2
    )  # control characters as JSON escapes
    out.write("\n")


def _commit_json(commit: Commit, lang: Lang) -> dict[str, Any]:
    return {
        "commit": commit.commit,
        "date": commit.date,
        "author": commit.author,
        "email": commit.email,
        "message": commit.message,
        "changes": [_change_json(c, lang) for c in commit.changes],
    }


def _change_json(change: Change, lang: Lang) -> dict[str, Any]:
    if isinstance(change, ItemChange):
        return {
            "kind": "item",
            "file": change.file,
            "step": change.step,
            "item": change.item,
            "from": change.before,
            "to": change.after,
        }
    if isinstance(change, PhaseChange):
        return {"kind": "phase", "file": change.file, "from": change.before, "to": change.after}
    if isinstance(change, ApprovalChange):
        return {
            "kind": "approval",
            "file": change.file,
            "step": change.step,
            "action": change.action,
            "name": change.name,
            "role": change.role,
            "date": change.date,
            "gate": change.gate,
            "comment": change.comment,
        }
    if isinstance(change, FileChange):
        return {"kind": "file", "file": change.file, "step": change.step, "action": change.action}
    return {
        "kind": "unreadable",
        "file": change.file,
        "step": change.step,
        "reason": change.reason(lang),
    }


def report_text(logs: list[DossierLog], lang: Lang | None, color: bool, out: TextIO) -> None:
    console = console_for(out, color, width=200)
    for index, log in enumerate(logs):
        words = lang or log.lang
        if index:
            console.print()
        shown = [f"[bold]{escape(log.id or log.path)}[/] [dim]({escape(log.path)})[/]"]
        if not log.commits:
            shown.append(f"  {_WORDS['none'](words)}")
        for commit in log.commits:
            shown += _commit_text(commit, words)
        console.print("\n".join(shown))  # one print: rich's cost is per call, not per line


def _commit_text(commit: Commit, lang: Lang) -> list[str]:
    date = commit.date[:16].replace("T", " ")
    subject = commit.message.splitlines()[0] if commit.message else ""
    head = f"[yellow]{commit.short}[/]  {date}  {escape(commit.author)}  [bold]{escape(subject)}[/]"
    return [head, *(f"    {escape(line)}" for line in lines(commit.changes, lang))]


def lines(changes: tuple[Change, ...], lang: Lang) -> list[str]:
    """The changes of one commit for people: a new file as one line with its items counted,
    then every other change on a line of its own."""
    new_files = {c.file for c in changes if isinstance(c, FileChange) and c.action == "added"}
    shown = []
    for change in changes:
        if isinstance(change, ItemChange) and change.added and change.file in new_files:
            continue  # counted on the new file's line
        if isinstance(change, FileChange) and change.action == "added":
            shown.append(_new_file(change, changes, lang))
        else:
            shown.append(describe(change)(lang))
    return shown


def _new_file(change: FileChange, changes: tuple[Change, ...], lang: Lang) -> str:
    statuses = [
        c.after or "-" for c in changes if isinstance(c, ItemChange) and c.file == change.file
    ]
    if not statuses:
        return _WORDS["file-added"](lang).format(file=change.file)
    counts = ", ".join(f"{n} {status}" for status, n in Counter(statuses).most_common())
    return _WORDS["file-items"](lang).format(file=change.file, n=len(statuses), counts=counts)


def describe(change: Change) -> Text:
    """One change in both languages."""
    if isinstance(change, ItemChange):
        item = catalogue().item(change.item)
        label = f"{item.number} {change.item}" if item else change.item
        a, b = change.before or "-", change.after or "-"
        if change.added:
            return _WORDS["item-added"].format(item=label, b=b)
        if change.removed:
            return _WORDS["item-removed"].format(item=label, a=a)
        return _WORDS["item"].format(item=label, a=a, b=b)
    if isinstance(change, PhaseChange):
        if change.before is None:
            return _WORDS["phase-first"].format(b=change.after or "-")
        return _WORDS["phase"].format(a=change.before, b=change.after or "-")
    if isinstance(change, ApprovalChange):
        who = {"name": change.name, "role": change.role, "date": change.date}
        text = _WORDS[f"approval-{change.action}"].format(**who)
        if change.gate:
            text = _join(text, _WORDS["gate"].format(gate=change.gate))
        if change.step is not None:
            text = _join(_WORDS["step"].format(n=change.step), text)
        return text
    if isinstance(change, FileChange):
        return _WORDS[f"file-{change.action}"].format(file=change.file)
    return _WORDS["unreadable"].format(file=change.file, reason=change.reason)


def _join(a: Text, b: Text) -> Text:
    return Text(a.nl + b.nl, a.en + b.en)


def run(
    path: Path,
    step: int | None,
    item: str | None,
    fmt: str,
    lang: Lang | None,
    color: bool,
    out: TextIO,
    display: Callable[[Path], str],
) -> None:
    """``hai log``: the audit trail of each dossier at or below ``path``."""
    from hai_cli.upward import find_dossiers

    wanted = item_of(item) if item is not None else None
    logs = [dossier_log(r, display(r), step, wanted) for r in find_dossiers(path)]
    if fmt == "json":
        report_json(logs, lang, out)
    else:
        report_text(logs, lang, color, out)
