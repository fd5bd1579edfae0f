"""Approvals bound to content: fingerprints, staleness, and the roles each gate needs.

What an approval covers (README, "Approvals"): an approval of a step covers that step's file; an
approval of a gate covers the files of the steps the gate covers and the product's identity in
``dossier.yaml``. It does not cover the lifecycle state that moves on after it, by design:
``phase``, the ``evaluations`` of step 8, the approvals themselves (earlier or later ones), and
the dossier's settings (``language``, ``schema_version``, ``required_approvals``).

A fingerprint is a SHA-256 over the parsed data of what an approval covers, so reformatting,
comments and key order never make an approval stale, while any change of covered content does.
``covers`` keeps a hash per file, so that a stale approval can say which file changed. An
approval recorded before this scope (its hashes over each file without only its approvals) stays
current as long as its files are unchanged.

Only the latest approval per role counts (per gate, and per step): an earlier one is history.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from hai_cli.catalogue import catalogue
from hai_cli.load import DOSSIER_FILE, Dossier
from hai_cli.model.common import Approval
from hai_cli.model.dossier import GateApproval

A = TypeVar("A", bound=Approval)


@dataclass(frozen=True, slots=True)
class Recorded:
    """An approval as the dossier records it: of a gate (in dossier.yaml) or of a step."""

    approval: Approval
    target: int | str  # a step number, or a gate id
    index: int  # its place in the file's ``approvals`` list


def recorded(dossier: Dossier) -> list[Recorded]:
    """Every approval of the dossier: the gates' first, then each step's in step order."""
    gates = dossier.info.approvals if dossier.info else []
    found = [Recorded(a, a.gate, i) for i, a in enumerate(gates)]
    for number in range(1, len(catalogue().steps) + 1):
        found += [Recorded(a, number, i) for i, a in enumerate(dossier.approvals_of(number))]
    return found


# the keys of each kind of file that no approval covers (see the module's docstring)
NOT_COVERED_META = frozenset(
    {"approvals", "phase", "language", "schema_version", "required_approvals"}
)
NOT_COVERED_STEP: dict[int, frozenset[str]] = {8: frozenset({"approvals", "evaluations"})}
NOT_COVERED = frozenset({"approvals"})
LEGACY = frozenset({"approvals"})  # what approvals recorded before this scope left out


def content_hash(data: Any, left_out: frozenset[str] = NOT_COVERED) -> str:
    """SHA-256 of a file's parsed data without the keys ``left_out``, in a canonical form."""
    if isinstance(data, dict):
        data = {key: value for key, value in data.items() if key not in left_out}
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def fingerprint(covers: dict[str, str]) -> str:
    text = json.dumps(covers, sort_keys=True, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def covered_files(dossier: Dossier, target: int | str) -> list[str]:
    """The files an approval of a step (1-8) or a gate covers, relative to the dossier."""
    if isinstance(target, int):
        return [dossier.step_path(target)]
    steps = catalogue().gates[target].steps
    return [DOSSIER_FILE, *(dossier.step_path(n) for n in steps)]


def left_out(dossier: Dossier, path: str) -> frozenset[str]:
    """The keys of the file ``path`` that no approval covers."""
    if path == DOSSIER_FILE:
        return NOT_COVERED_META
    for number, keys in NOT_COVERED_STEP.items():
        if path == dossier.step_path(number):
            return keys
    return NOT_COVERED


def current_covers(dossier: Dossier, files: list[str], legacy: bool = False) -> dict[str, str]:
    """The hash of what an approval covers in each file as it is now ("" for a file that does
    not load); ``legacy``: as approvals recorded before the present scope hashed it."""
    cache = dossier.content_hashes
    keys = {path: f"{path}\x00legacy" if legacy else path for path in files}
    missing = [path for path in files if keys[path] not in cache]
    if missing:
        by_path = {s.path: s for s in dossier.sources()}
        for path in missing:
            source = by_path.get(path)
            omit = LEGACY if legacy else left_out(dossier, path)
            parsed = source.parsed if source else None
            cache[keys[path]] = content_hash(parsed.data, omit) if parsed else ""
    return {path: cache[keys[path]] for path in files}


@dataclass(frozen=True, slots=True)
class Staleness:
    changed: list[str]  # files whose content differs from what was approved
    tampered: bool  # the fingerprint does not match the recorded per-file hashes

    @property
    def current(self) -> bool:
        return not self.changed and not self.tampered


def staleness(dossier: Dossier, approval: Approval, target: int | str) -> Staleness:
    files = covered_files(dossier, target)
    now = current_covers(dossier, files)
    differ = [f for f in files if approval.covers.get(f) != now[f]]
    if differ:  # perhaps recorded before the present scope: compare as it was hashed then
        before = current_covers(dossier, differ, legacy=True)
        differ = [f for f in differ if approval.covers.get(f) != before[f]]
    changed = sorted({*differ, *(f for f in approval.covers if f not in now)})
    return Staleness(changed, fingerprint(approval.covers) != approval.fingerprint)


def latest(approvals: Sequence[A], target: Callable[[A], object]) -> set[int]:
    """The indices of the approvals that count: per target and role the latest by date (the
    later entry on the same date). The others are superseded: history."""
    last: dict[tuple[object, str], int] = {}
    for index, approval in enumerate(approvals):
        key = (target(approval), approval.role.value)
        if key not in last or approval.date >= approvals[last[key]].date:
            last[key] = index
    return set(last.values())


def counted(entries: Sequence[Recorded]) -> set[int]:
    """The indices of the recorded approvals that count: per target (a gate, a step) and role
    the latest by date (the later entry on the same date); the others are history."""
    last: dict[tuple[object, str], int] = {}
    for index, entry in enumerate(entries):
        key = (entry.target, entry.approval.role.value)
        if key not in last or entry.approval.date >= entries[last[key]].approval.date:
            last[key] = index
    return set(last.values())


def required_roles(dossier: Dossier, gate: str) -> tuple[str, ...]:
    required = dossier.known("required_approvals")  # readable despite errors elsewhere
    if required is not None:
        override = required.get(gate)
        if override is not None:
            return tuple(role.value for role in override)
    return catalogue().gates[gate].approvals


def approved_roles(dossier: Dossier) -> dict[str, list[str]]:
    """Per gate, the roles with a current (not stale) approval of that gate."""
    roles: dict[str, list[str]] = {gate: [] for gate in catalogue().gates}
    approvals: list[GateApproval] = dossier.known("approvals") or []
    counting = latest(approvals, lambda a: a.gate)
    for index, approval in enumerate(approvals):
        if index in counting and staleness(dossier, approval, approval.gate).current:
            roles[approval.gate].append(approval.role.value)
    return roles


def missing_roles(dossier: Dossier, gate: str, approved: dict[str, list[str]]) -> list[str]:
    return [role for role in required_roles(dossier, gate) if role not in approved.get(gate, [])]
