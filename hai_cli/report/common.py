"""Pieces every reporter shares: why a gate does not pass, in the reader's language."""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from typing import TYPE_CHECKING

from hai_cli import i18n
from hai_cli.catalogue import catalogue
from hai_cli.gates import AUTO, GateResult
from hai_cli.i18n import Lang

if TYPE_CHECKING:
    from hai_cli.check import Checked


def some(ids: list[str], lang: Lang, most: int = 6) -> str:
    """The first ``most`` ids, and how many more there are."""
    shown = ", ".join(ids[:most])
    rest = len(ids) - most
    return shown if rest <= 0 else f"{shown} {i18n.AND_MORE(lang).format(n=rest)}"


def gate_why(gate: GateResult, lang: Lang, most: int = 6, path: str | None = None) -> str:
    """Why a gate does not pass: wrong phase; open items; rules with errors; approvals, with
    the command that gives each ('' if it passes). ``path``: the dossier, for that command."""
    reasons = []
    if gate.wrong_phase:
        needed = "/".join(catalogue().gates[gate.id].phases or ())
        if gate.phase_unread:  # dossier.yaml's phase has an error of its own
            reasons.append(i18n.UNREAD_PHASE(lang).format(needed=needed))
        else:
            reasons.append(i18n.WRONG_PHASE(lang).format(phase=gate.wrong_phase, needed=needed))
    if gate.blocking_items:
        reasons.append(f"{i18n.BLOCKED_BY(lang)}: {some(gate.blocking_items, lang, most)}")
    codes = sorted({p.code for p in gate.blocking_rules})
    if codes:
        reasons.append(f"{i18n.RULES(lang)}: {', '.join(codes)}")
    if gate.missing_approvals:
        where = f" {shlex.quote(path)}" if path else ""
        commands = ", ".join(
            i18n.APPROVE_WITH(lang).format(gate=gate.id, path=where, role=role)
            for role in gate.missing_approvals
        )
        reasons.append(
            f"{i18n.APPROVAL_MISSING(lang)}: {', '.join(gate.missing_approvals)} ({commands})"
        )
    return "; ".join(reasons)


def summary_line(results: Sequence[Checked], lang: Lang) -> str:
    """The count of dossiers, errors, warnings and open items that ends a report."""
    return i18n.SUMMARY(lang).format(
        n=len(results),
        errors=sum(len(r.errors) for r in results),
        warnings=sum(len(r.warnings) for r in results),
        open=sum(len(r.open_items()) for r in results),
    )


def gate_line(results: Sequence[Checked], gate: str, lang: Lang) -> tuple[str, list[str]]:
    """The line on the gate asked for, and the dossiers (id or path) that do not pass it."""
    failed = [r.head.id or r.head.display for r in results if not r.passes(gate)]
    status = i18n.BLOCKED(lang) if failed else i18n.PASSED(lang)
    named = i18n.GATE_AUTO(lang) if gate == AUTO else gate
    line = i18n.GATE_ASKED(lang).format(
        gate=named, status=status, failed=len(failed) or len(results), n=len(results)
    )
    return line, failed
