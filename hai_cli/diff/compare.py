"""Two checked versions of one dossier to the changes a reviewer cares about. No I/O.

Files are matched by what they hold (dossier.yaml, or the step number), not by name, so that
renaming a step file or the dossier's folder is not a change of content. A file that does
not parse on one side is reported as such, and nothing in it is compared.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Literal

from hai_cli.approvals import staleness
from hai_cli.catalogue import catalogue
from hai_cli.check import DossierResult
from hai_cli.i18n import Lang, Text
from hai_cli.load import Dossier, SourceFile
from hai_cli.model.common import Approval
from hai_cli.problems import Problem

Change = Literal["added", "removed", "changed"]
Status = Literal["added", "removed", "renamed", "changed"]
Side = Literal["from", "to"]

SHORT = 80  # characters of a value shown before it is shortened
RECORDS = {8: {"evaluations": "evaluation", "changes": "change", "versions": "version"}}
_KEYS = ("id", "version", "name", "date", "measure", "framework", "activity", "title")
_STALE_RULE = "HAI200"  # a stale approval: shown as an approval that became stale instead
_MISSING_FILE = "HAI021"


@dataclass(frozen=True, slots=True)
class ItemDiff:
    step: int
    item: str
    number: str | None  # the step plan's number (4.1); None for an id hai does not know
    change: Change  # added / removed from the checklist, or its status changed
    before: str | None
    after: str | None
    file: str
    line: int


@dataclass(frozen=True, slots=True)
class EvidenceDiff:
    owner: str  # the checklist item, or the field, that names the evidence
    path: str
    change: Change
    file: str
    line: int


@dataclass(frozen=True, slots=True)
class FieldDiff:
    field: str  # dotted, with list entries by their key: team[Jan Jansen].roles
    before: str | None  # as written in YAML, shortened; None: not there
    after: str | None
    file: str  # on the new side (the old one when the file is gone)
    line: int


@dataclass(frozen=True, slots=True)
class GateDiff:
    gate: str
    before: bool | None  # passed; None: the dossier did not exist
    after: bool | None
    blocking: tuple[str, ...]  # why it is blocked now (items, rule codes, approval:role)
    regression: bool  # it passed and now does not, for more than the phase


@dataclass(frozen=True, slots=True)
class FindingDiff:
    change: Literal["appeared", "resolved"]
    code: str
    severity: str
    file: str
    line: int
    text: Text


@dataclass(frozen=True, slots=True)
class ApprovalDiff:
    change: Literal["added", "removed", "stale"]
    target: str  # a gate (request) or a step (step 4)
    name: str
    role: str
    date: str
    file: str
    line: int
    current: bool  # on the new side (for a removed approval: on the old side)
    changed: tuple[str, ...] = ()  # the files that changed since it was given


@dataclass(frozen=True, slots=True)
class RecordDiff:
    kind: str  # evaluation, change, version
    change: Change
    key: str
    file: str
    line: int


@dataclass(frozen=True, slots=True)
class Unparsed:
    side: Side
    file: str
    line: int
    code: str
    text: Text


@dataclass(slots=True)
class DossierDiff:
    id: str | None
    path: str  # the folder on the new side (the old one when removed)
    old_path: str | None
    status: Status
    lang: Lang
    phase: tuple[str | None, str | None] | None = None
    items: list[ItemDiff] = field(default_factory=list)
    evidence: list[EvidenceDiff] = field(default_factory=list)
    fields: list[FieldDiff] = field(default_factory=list)
    gates: list[GateDiff] = field(default_factory=list)
    findings: list[FindingDiff] = field(default_factory=list)
    approvals: list[ApprovalDiff] = field(default_factory=list)
    records: list[RecordDiff] = field(default_factory=list)
    unparsed: list[Unparsed] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        lists = (self.items, self.evidence, self.fields, self.gates, self.findings)
        more = (self.approvals, self.records, self.unparsed)
        return self.status == "changed" and self.phase is None and not any((*lists, *more))

    @property
    def stale(self) -> list[ApprovalDiff]:
        return [a for a in self.approvals if a.change == "stale"]

    @property
    def regressions(self) -> list[GateDiff]:
        return [g for g in self.gates if g.regression]

    @property
    def new_errors(self) -> list[FindingDiff]:
        return [f for f in self.findings if f.change == "appeared" and f.severity == "error"]


def compare_versions(
    old: DossierResult | None, new: DossierResult | None, old_path: str, new_path: str
) -> DossierDiff:
    """What changed from ``old`` to ``new`` (either None: the dossier was added or removed)."""
    if new is None:
        assert old is not None
        return DossierDiff(old.dossier.id, old_path, None, "removed", old.lang)
    if old is None:
        diff = DossierDiff(new.dossier.id, new_path, None, "added", new.lang)
        diff.gates = _gates(None, new)
        diff.approvals = _approvals(None, new)
        diff.unparsed = _unparsed("to", new.dossier)
        return diff
    status: Status = "renamed" if old_path != new_path else "changed"
    diff = DossierDiff(
        new.dossier.id, new_path, old_path if status == "renamed" else None, status, new.lang
    )
    diff.unparsed = [*_unparsed("from", old.dossier), *_unparsed("to", new.dossier)]
    before, after = _sources(old.dossier), _sources(new.dossier)
    both = [
        (key, before[key], after[key])
        for key in after
        if key in before
        and before[key].parsed is not None
        and after[key].parsed is not None
        and before[key].text != after[key].text  # the same text: nothing to compare
    ]
    phases = (_phase(old.dossier), _phase(new.dossier))
    if phases[0] != phases[1] and old.dossier.meta.parsed and new.dossier.meta.parsed:
        diff.phase = phases
    for key, a, b in both:
        if key:
            diff.items += _items(key, a, b)
        diff.evidence += _evidence(key, a, b)
        fields, records = _fields(key, a, b)
        diff.fields += fields
        diff.records += records
    diff.gates = _gates(old, new)
    diff.findings = _findings(old, new)
    diff.approvals = _approvals(old, new)
    return diff


# -- the files of a dossier ------------------------------------------------------------------


def _sources(dossier: Dossier) -> dict[int, SourceFile]:
    """Each file by what it holds: 0 for dossier.yaml, else the step number."""
    return {0: dossier.meta, **dossier.steps}


def _unparsed(side: Side, dossier: Dossier) -> list[Unparsed]:
    return [
        Unparsed(side, s.path, s.problem.line, s.problem.code, s.problem.text)
        for s in dossier.sources()
        if s.problem is not None and s.parsed is None and s.problem.code != _MISSING_FILE
    ]


def _phase(dossier: Dossier) -> str | None:
    data = dossier.meta.parsed.data if dossier.meta.parsed else None
    value = data.get("phase") if isinstance(data, dict) else None
    return None if value is None else _yaml(value)


# -- checklist items and evidence ------------------------------------------------------------


def _checklists(data: Any) -> list[tuple[tuple[str, ...], dict[Any, Any]]]:
    found: list[tuple[tuple[str, ...], dict[Any, Any]]] = []
    if isinstance(data, dict):
        if isinstance(data.get("checklist"), dict):
            found.append((("checklist",), data["checklist"]))
        plan = data.get("decommissioning")
        if isinstance(plan, dict) and isinstance(plan.get("checklist"), dict):
            found.append((("decommissioning", "checklist"), plan["checklist"]))
    return found


def _statuses(source: SourceFile) -> dict[str, tuple[str | None, int]]:
    assert source.parsed is not None
    out: dict[str, tuple[str | None, int]] = {}
    for path, checklist in _checklists(source.parsed.data):
        for key, entry in checklist.items():
            status = entry.get("status") if isinstance(entry, dict) else entry
            where = (*path, key, "status") if isinstance(entry, dict) else (*path, key)
            line = source.parsed.line(where, value=True)
            out[str(key)] = (None if status is None else _yaml(status), line)
    return out


def _items(step: int, old: SourceFile, new: SourceFile) -> list[ItemDiff]:
    before, after = _statuses(old), _statuses(new)
    found = catalogue().by_id
    diffs = []
    for key in [*after, *(k for k in before if k not in after)]:
        item = found.get(key)
        number = item.number if item is not None else None
        if key not in before:
            status, line = after[key]
            diffs.append(ItemDiff(step, key, number, "added", None, status, new.path, line))
        elif key not in after:
            line = new.line("checklist")
            diffs.append(
                ItemDiff(step, key, number, "removed", before[key][0], None, new.path, line)
            )
        elif before[key][0] != after[key][0]:
            status, line = after[key]
            diffs.append(
                ItemDiff(step, key, number, "changed", before[key][0], status, new.path, line)
            )
    return diffs


def _evidence(step: int, old: SourceFile, new: SourceFile) -> list[EvidenceDiff]:
    assert old.parsed is not None and new.parsed is not None
    before = _flatten(step, old.parsed.data).evidence
    after = _flatten(step, new.parsed.data).evidence
    diffs = [
        EvidenceDiff(owner, path, "added", new.path, new.line(*where, value=True))
        for (owner, path), where in after.items()
        if (owner, path) not in before
    ]
    diffs += [
        EvidenceDiff(owner, path, "removed", new.path, new.line(*where[:-1]))
        for (owner, path), where in before.items()
        if (owner, path) not in after
    ]
    return diffs


# -- structured fields and records -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Leaf:
    value: str
    path: tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class _Element:
    record: str | None  # the record kind (evaluation, ...) of a list RECORDS names
    summary: str
    path: tuple[str | int, ...]


@dataclass(slots=True)
class _Flat:
    leaves: dict[str, _Leaf] = field(default_factory=dict)
    elements: dict[str, _Element] = field(default_factory=dict)
    evidence: dict[tuple[str, str], tuple[str | int, ...]] = field(default_factory=dict)


def _flatten(step: int, data: Any) -> _Flat:
    """Every scalar field by its dotted name (list entries by their key), every entry of a
    list of mappings, and every evidence path by the item or field that names it. Approvals
    and item statuses are compared on their own, so they are left out."""
    flat = _Flat()
    leaves, elements, records = flat.leaves, flat.elements, RECORDS.get(step, {})

    def walk(value: Any, name: str, path: tuple[str | int, ...]) -> None:
        if isinstance(value, dict) and value:
            in_checklist = len(path) >= 2 and path[-2] == "checklist"
            for key, sub in value.items():
                if not path and (key == "approvals" or (step == 0 and key == "phase")):
                    continue  # compared on their own
                if key == "evidence" and isinstance(sub, list):
                    owner = str(path[-1]) if in_checklist else name
                    for i, entry in enumerate(sub):
                        if isinstance(entry, str):
                            flat.evidence.setdefault((owner, entry), (*path, key, i))
                    continue
                if in_checklist and key == "status":
                    continue
                walk(sub, f"{name}.{key}" if name else str(key), (*path, key))
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            keys = _element_keys(value)
            record = records.get(str(path[0])) if len(path) == 1 else None
            for i, (key, sub) in enumerate(zip(keys, value, strict=True)):
                element = f"{name}[{key}]"
                elements[element] = _Element(record, _summary(sub), (*path, i))
                walk(sub, element, (*path, i))
        else:
            leaves[name] = _Leaf(_yaml(value), path)

    if isinstance(data, dict):
        walk(data, "", ())
    return flat


def _element_keys(entries: list[dict[Any, Any]]) -> list[str]:
    """The key of each entry: its id, version, name, date, ... (the first that every entry
    has), a repeated one numbered (``2022-12-20 (2)``); else its position (1, 2, ...)."""
    for key in _KEYS:
        values = [e.get(key) for e in entries]
        if all(isinstance(v, str | int) and not isinstance(v, bool) for v in values):
            seen: Counter[str] = Counter()
            keys = []
            for value in map(str, values):
                seen[value] += 1
                keys.append(value if seen[value] == 1 else f"{value} ({seen[value]})")
            return keys
    return [str(i + 1) for i in range(len(entries))]


def _summary(entry: dict[Any, Any]) -> str:
    parts = [f"{k}: {_yaml(v)}" for k, v in entry.items() if not isinstance(v, dict | list)]
    return shorten(", ".join(parts) or "{…}")


def _fields(
    step: int, old: SourceFile, new: SourceFile
) -> tuple[list[FieldDiff], list[RecordDiff]]:
    assert old.parsed is not None and new.parsed is not None
    old_flat, new_flat = _flatten(step, old.parsed.data), _flatten(step, new.parsed.data)
    before, old_elements = old_flat.leaves, old_flat.elements
    after, new_elements = new_flat.leaves, new_flat.elements
    fields: list[FieldDiff] = []
    records: list[RecordDiff] = []
    gone: list[str] = []  # entries added or removed as a whole: not leaf by leaf
    for name in [*new_elements, *(n for n in old_elements if n not in new_elements)]:
        if (name in new_elements) == (name in old_elements):
            continue
        if any(name.startswith(f"{g}.") or name.startswith(f"{g}[") for g in gone):
            continue
        gone.append(name)
        element = new_elements.get(name) or old_elements[name]
        added = name in new_elements
        line = new.line(*element.path) if added else new.line(*element.path[:-1])
        key = name[name.rindex("[") + 1 : -1]
        if element.record is not None:
            records.append(
                RecordDiff(element.record, "added" if added else "removed", key, new.path, line)
            )
        else:
            summary = element.summary
            fields.append(
                FieldDiff(name, None if added else summary, summary if added else None,
                          new.path, line)
            )  # fmt: skip

    def hidden(name: str) -> bool:
        return any(name.startswith(f"{g}.") or name.startswith(f"{g}[") for g in gone)

    for name in [*after, *(n for n in before if n not in after)]:
        if hidden(name):
            continue
        was, now = before.get(name), after.get(name)
        if was is not None and now is not None and was.value == now.value:
            continue
        if now is not None:
            line = new.line(*now.path, value=True)
        else:
            assert was is not None
            line = new.line(*was.path)
        fields.append(
            FieldDiff(
                name,
                shorten(was.value) if was else None,
                shorten(now.value) if now else None,
                new.path,
                line,
            )
        )
    return fields, records


# -- gates, findings and approvals -----------------------------------------------------------


def _gates(old: DossierResult | None, new: DossierResult) -> list[GateDiff]:
    diffs = []
    for gate in catalogue().gates:
        now = new.gates[gate]
        was = old.gates[gate].passed if old is not None else None
        if was == now.passed:
            continue
        blocking = tuple(now.blocking)
        regression = bool(was) and not now.passed and blocking != ("phase",)
        diffs.append(GateDiff(gate, was, now.passed, blocking, regression))
    return diffs


def _finding_key(problem: Problem) -> tuple[str, str, str, str]:
    return (problem.file, problem.code, problem.severity.value, problem.text.en)


def _countable(result: DossierResult) -> list[Problem]:
    unparsed = {id(s.problem) for s in result.dossier.sources() if s.parsed is None}
    return [p for p in result.problems if p.code != _STALE_RULE and id(p) not in unparsed]


def _findings(old: DossierResult, new: DossierResult) -> list[FindingDiff]:
    before = Counter(_finding_key(p) for p in _countable(old))
    after = Counter(_finding_key(p) for p in _countable(new))
    diffs = []
    for side, problems, other, change in (
        (new, _countable(new), before, "appeared"),
        (old, _countable(old), after, "resolved"),
    ):
        del side
        seen: Counter[tuple[str, str, str, str]] = Counter()
        for p in problems:
            key = _finding_key(p)
            seen[key] += 1
            if seen[key] > other[key]:
                diffs.append(
                    FindingDiff(change, p.code, p.severity.value, p.file, p.line, p.text)  # type: ignore[arg-type]
                )
    return diffs


@dataclass(frozen=True, slots=True)
class _Given:
    approval: Approval
    target: int | str
    file: str
    line: int


def _given(dossier: Dossier) -> tuple[dict[tuple[str, str, str, str], _Given], set[int]]:
    """Every approval by (target, name, role, date), and the files whose approvals are known
    (0 for dossier.yaml, else the step: those that validate)."""
    out: dict[tuple[str, str, str, str], _Given] = {}
    known: set[int] = set()
    info = dossier.info
    if info is not None:
        known.add(0)
        for i, approval in enumerate(info.approvals):
            line = dossier.meta.line("approvals", i)
            out[_approval_key(approval.gate, approval)] = _Given(
                approval, approval.gate, dossier.meta.path, line
            )
    for number, source in dossier.steps.items():
        model = source.model
        if model is None:
            continue
        known.add(number)
        for i, approval in enumerate(getattr(model, "approvals", [])):
            out[_approval_key(number, approval)] = _Given(
                approval, number, source.path, source.line("approvals", i)
            )
    return out, known


def _approval_key(target: int | str, approval: Approval) -> tuple[str, str, str, str]:
    return (str(target), approval.name, approval.role.value, approval.date.isoformat())


def _file_of(target: int | str) -> int:
    return target if isinstance(target, int) else 0


def _approvals(old: DossierResult | None, new: DossierResult) -> list[ApprovalDiff]:
    after, known_after = _given(new.dossier)
    if old is not None:
        before, known_before = _given(old.dossier)
    else:
        before, known_before = {}, set(known_after)
    diffs = []
    for key, now in after.items():
        if _file_of(now.target) not in known_before:
            continue
        state = staleness(new.dossier, now.approval, now.target)
        was = before.get(key)
        if was is None:
            diffs.append(_approval_diff("added", now, state.current, state.changed))
        elif not state.current and staleness(old.dossier, was.approval, was.target).current:  # type: ignore[union-attr]
            diffs.append(_approval_diff("stale", now, False, state.changed))
    for key, was in before.items():
        if key not in after and _file_of(was.target) in known_after:
            assert old is not None
            state = staleness(old.dossier, was.approval, was.target)
            diffs.append(_approval_diff("removed", was, state.current, ()))
    return diffs


def _approval_diff(
    change: Literal["added", "removed", "stale"], given: _Given, current: bool,
    changed: list[str] | tuple[str, ...],
) -> ApprovalDiff:  # fmt: skip
    target = given.target if isinstance(given.target, str) else f"step {given.target}"
    a = given.approval
    return ApprovalDiff(
        change, target, a.name, a.role.value, a.date.isoformat(), given.file, given.line,
        current, tuple(changed),
    )  # fmt: skip


# -- values as a person wrote them -----------------------------------------------------------


def _yaml(value: Any) -> str:
    """A parsed value as YAML writes it: true/false, null, numbers and text as they are."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_yaml(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_yaml(v)}" for k, v in value.items()) + "}"
    return str(value)


def shorten(text: str, limit: int = SHORT) -> str:
    """One line of at most ``limit`` characters: whitespace folded, the rest as '…'."""
    line = re.sub(r"\s+", " ", text).strip()
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"
