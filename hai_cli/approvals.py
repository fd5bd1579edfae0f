"""Approvals bound to content: fingerprints, staleness, and the roles each gate needs.

A fingerprint is a SHA-256 over the parsed data of the files an approval covers (each file
without its own ``approvals``), so reformatting, comments and key order never make an approval
stale, while any change of content does. ``covers`` keeps a hash per file, so that a stale
approval can say which file changed.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from hai_cli.catalogue import catalogue
from hai_cli.load import DOSSIER_FILE, Dossier
from hai_cli.model.common import Approval


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


def content_hash(data: Any) -> str:
    """SHA-256 of a file's parsed data without its approvals, in a canonical JSON form."""
    if isinstance(data, dict):
        data = {key: value for key, value in data.items() if key != "approvals"}
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


def current_covers(dossier: Dossier, files: list[str]) -> dict[str, str]:
    """The content hash of each file as it is now ("" for a file that does not load)."""
    cache = dossier.content_hashes
    missing = [path for path in files if path not in cache]
    if missing:
        by_path = {s.path: s for s in dossier.sources()}
        for path in missing:
            source = by_path.get(path)
            cache[path] = content_hash(source.parsed.data) if source and source.parsed else ""
    return {path: cache[path] for path in files}


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
    changed = sorted(
        {f for f in files if approval.covers.get(f) != now[f]}
        | {f for f in approval.covers if f not in now}
    )
    return Staleness(changed, fingerprint(approval.covers) != approval.fingerprint)


def required_roles(dossier: Dossier, gate: str) -> tuple[str, ...]:
    info = dossier.info
    if info is not None and info.required_approvals is not None:
        override = info.required_approvals.get(gate)
        if override is not None:
            return tuple(role.value for role in override)
    return catalogue().gates[gate].approvals


def approved_roles(dossier: Dossier) -> dict[str, list[str]]:
    """Per gate, the roles with a current (not stale) approval of that gate."""
    info = dossier.info
    roles: dict[str, list[str]] = {gate: [] for gate in catalogue().gates}
    for approval in info.approvals if info else []:
        if staleness(dossier, approval, approval.gate).current:
            roles[approval.gate].append(approval.role.value)
    return roles


def missing_roles(dossier: Dossier, gate: str, approved: dict[str, list[str]]) -> list[str]:
    return [role for role in required_roles(dossier, gate) if role not in approved.get(gate, [])]
