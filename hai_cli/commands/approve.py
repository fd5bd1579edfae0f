"""``hai approve``: record who answers for a step or a gate, bound to the content's fingerprint."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from pydantic import ValidationError

from hai_cli.approvals import covered_files, current_covers, fingerprint
from hai_cli.catalogue import catalogue
from hai_cli.fsio import write_atomic
from hai_cli.i18n import Lang, Text
from hai_cli.load import DOSSIER_FILE, load_dossier, one_dossier
from hai_cli.model.common import Approval
from hai_cli.model.dossier import GateApproval
from hai_cli.problems import HaiError
from hai_cli.schema_errors import input_error
from hai_cli.yamlio import load_roundtrip


def parse_target(text: str) -> int | str:
    if text.isdigit() and 1 <= int(text) <= 8:
        return int(text)
    gates = catalogue().gates
    if text in gates:
        return text
    raise HaiError(
        Text(
            "'{t}' is geen stap (1-8) of poort ({gates}).",
            "'{t}' is not a step (1-8) or a gate ({gates}).",
        ).format(t=text, gates=", ".join(gates))
    )


@dataclass(frozen=True, slots=True)
class Approved:
    file: Path
    line: int
    fingerprint: str


def approve(
    root: Path, target: int | str, name: str, role: str, date: dt.date, comment: str | None
) -> Approved:
    dossier = load_dossier(root)
    files = covered_files(dossier, target)
    broken = sorted({p.file for p in dossier.problems if p.is_error and p.file in files})
    if broken:
        raise HaiError(
            Text(
                "Goedkeuren kan pas als deze bestanden zonder fouten laden: {f} (hai check).",
                "Approval needs these files to load without errors first: {f} (hai check).",
            ).format(f=", ".join(broken))
        )
    covers = current_covers(dossier, files)
    entry: dict[str, Any] = {
        **({"gate": target} if isinstance(target, str) else {}),
        "name": name,
        "role": role,
        "date": date,
        **({"comment": comment} if comment else {}),
        "fingerprint": fingerprint(covers),
        "covers": covers,
    }
    try:
        (GateApproval if isinstance(target, str) else Approval).model_validate(entry)
    except ValidationError as e:
        raise input_error(e, Text("goedkeuring", "approval")) from e
    rel = DOSSIER_FILE if isinstance(target, str) else files[0]
    source = next(s for s in dossier.sources() if s.path == rel)
    assert source.text is not None
    document = load_roundtrip(source.text)
    index = document.append("approvals", entry)
    path = root / rel
    write_atomic(path, document.dump())
    reloaded = load_dossier(root)
    written = reloaded.meta if rel == DOSSIER_FILE else reloaded.steps[int(target)]
    line = written.line("approvals", index)
    return Approved(path, line, str(entry["fingerprint"]))


_APPROVED = Text(
    "{file}:{line}: {target} goedgekeurd door {name} ({fingerprint}…)",
    "{file}:{line}: {target} approved by {name} ({fingerprint}…)",
)


def run(
    target: str,
    path: Path,
    name: str,
    role: str | None,
    date: dt.date,
    comment: str | None,
    lang: Lang,
    out: TextIO,
    display: Callable[[Path], str],
) -> None:
    """``hai approve``: record the approval and say where it was written."""
    if not name.strip() or role is None:
        raise HaiError(
            Text("hai approve vraagt --name en --role.", "hai approve needs --name and --role.")
        )
    root = one_dossier(path, "approve")
    done = approve(root, parse_target(target), name.strip(), role, date, comment)
    said = _APPROVED.format(
        file=display(done.file),
        line=done.line,
        target=target,
        name=name,
        fingerprint=done.fingerprint[:19],
    )
    out.write(said(lang) + "\n")
