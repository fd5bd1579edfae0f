"""Pieces every reporter shares: why a gate does not pass, in the reader's language."""

from __future__ import annotations

from hai_cli import i18n
from hai_cli.gates import SPECS, GateResult
from hai_cli.i18n import Lang


def some(ids: list[str], lang: Lang, most: int = 6) -> str:
    """The first ``most`` ids, and how many more there are."""
    shown = ", ".join(ids[:most])
    rest = len(ids) - most
    return shown if rest <= 0 else f"{shown} {i18n.AND_MORE(lang).format(n=rest)}"


def gate_why(gate: GateResult, lang: Lang, most: int = 6) -> str:
    """Why a gate does not pass: wrong phase; open items; rules with errors ('' if it passes)."""
    reasons = []
    if gate.wrong_phase:
        needed = "/".join(SPECS[gate.id].phases or ())
        reasons.append(i18n.WRONG_PHASE(lang).format(phase=gate.wrong_phase, needed=needed))
    if gate.blocking_items:
        reasons.append(f"{i18n.BLOCKED_BY(lang)}: {some(gate.blocking_items, lang, most)}")
    codes = sorted({p.code for p in gate.blocking_rules})
    if codes:
        reasons.append(f"{i18n.RULES(lang)}: {', '.join(codes)}")
    if gate.missing_approvals:
        reasons.append(f"{i18n.APPROVAL_MISSING(lang)}: {', '.join(gate.missing_approvals)}")
    return "; ".join(reasons)
