"""``hai approve``: record who answers for a step or a gate, bound to the content's fingerprint."""

from __future__ import annotations

import datetime as dt
import shlex
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from pydantic import ValidationError

from hai_cli.approvals import covered_files, current_covers, fingerprint
from hai_cli.catalogue import catalogue
from hai_cli.fsio import write_atomic
from hai_cli.i18n import Lang, Text
from hai_cli.load import DOSSIER_FILE, Dossier, load_dossier, one_dossier
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
    forced: list[str]


class Blocked(HaiError):
    """The gate does not pass (apart from approvals): nothing is written, exit status 1."""

    def __init__(self, text: Text, blocking: list[str]) -> None:
        super().__init__(text)
        self.blocking = blocking


@dataclass(frozen=True, slots=True)
class Request:
    name: str
    role: str | None
    date: dt.date
    comment: str | None = None
    force: bool = False


def approve(root: Path, target: int | str, given: Request, today: dt.date) -> Approved:
    """Record an approval of a step or a gate; a gate that does not pass (open items, errors,
    the wrong phase) is approved only with ``force``, and what blocked it is recorded."""
    name, role, date, comment = given.name.strip(), given.role, given.date, given.comment
    if date > today:
        raise HaiError(
            Text(
                "De datum {d} ligt in de toekomst (vandaag is {t}). Keur goed op of na de dag "
                "waarop het besluit valt.",
                "The date {d} is in the future (today is {t}). Approve on or after the day the "
                "decision is made.",
            ).format(d=date.isoformat(), t=today.isoformat())
        )
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
    forced = _blocking(dossier, target, today) if isinstance(target, str) else []
    if forced and not given.force:
        raise Blocked(
            Text(
                "Poort {g} is nog niet gehaald: {why}. Los dat eerst op (hai check {p}), of keur "
                "bewust toch goed met --force; wat nog openstaat wordt dan in de goedkeuring "
                "vastgelegd.",
                "Gate {g} does not pass yet: {why}. Resolve that first (hai check {p}), or "
                "approve anyway with --force; what is still open is then recorded in the "
                "approval.",
            ).format(g=target, why=_some(forced), p=shlex.quote(str(root))),
            forced,
        )
    covers = current_covers(dossier, files)
    entry: dict[str, Any] = {
        **({"gate": target} if isinstance(target, str) else {}),
        "name": name,
        "role": role,
        "date": date,
        **({"comment": comment} if comment else {}),
        **({"forced": forced} if forced else {}),
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
    return Approved(path, line, str(entry["fingerprint"]), forced)


def _some(ids: list[str], most: int = 12) -> Text:
    shown = ", ".join(ids[:most])
    rest = len(ids) - most
    if rest <= 0:
        return Text(shown, shown)
    return Text("{s} en {n} meer", "{s} and {n} more").format(s=shown, n=rest)


def _blocking(dossier: Dossier, gate: str, today: dt.date) -> list[str]:
    """What keeps the gate from passing, approvals aside: phase, open items, rule codes."""
    from hai_cli.check import check_dossier

    result = check_dossier(dossier, today).gates[gate]
    return [b for b in result.blocking if not b.startswith("approval:")]


_APPROVED = Text(
    "{file}:{line}: {target} goedgekeurd door {name} ({fingerprint}…)",
    "{file}:{line}: {target} approved by {name} ({fingerprint}…)",
)


def run(
    target: str,
    path: Path,
    given: Request,
    lang: Lang,
    out: TextIO,
    display: Callable[[Path], str],
    err: TextIO | None = None,
) -> int:
    """``hai approve``: record the approval and say where it was written; a gate that does not
    pass without ``--force``: say what blocks it, write nothing, exit 1."""
    import sys

    if not given.name.strip() or given.role is None:
        raise HaiError(
            Text("hai approve vraagt --name en --role.", "hai approve needs --name and --role.")
        )
    root = one_dossier(path, "approve")
    try:
        done = approve(root, parse_target(target), given, dt.date.today())
    except Blocked as e:
        (err or sys.stderr).write(f"hai: {e.text(lang)}\n")
        return 1
    said = _APPROVED.format(
        file=display(done.file),
        line=done.line,
        target=target,
        name=given.name.strip(),
        fingerprint=done.fingerprint[:19],
    )
    out.write(said(lang) + "\n")
    return 0
