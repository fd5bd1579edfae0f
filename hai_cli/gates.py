"""Gates: named readiness checks over the catalogue's items and the rules' findings.

A gate passes when every item it covers is ``done`` (or ``n/a`` with a reason), no error
fires in the files of the steps it covers, and the dossier is in the phase it requires.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hai_cli.approvals import approved_roles, missing_roles
from hai_cli.catalogue import Item, catalogue
from hai_cli.load import DOSSIER_FILE, Dossier
from hai_cli.problems import Problem
from hai_cli.rules import reopened_gates
from hai_cli.vocab import Status

AUTO = "auto"
"""``--gate auto``: hold each dossier to the gates its lifecycle phase requires."""


def asked_gates(gate: str | None, phase: str | None) -> tuple[str, ...]:
    """The gates a dossier in ``phase`` is held to when ``--gate gate`` is asked.

    No gate asked: none. A named gate: that one. ``auto``: those the catalogue lists for the
    phase (:meth:`~hai_cli.catalogue.Catalogue.auto_gates`).
    """
    if gate is None:
        return ()
    if gate != AUTO:
        return (gate,)
    return catalogue().auto_gates(phase)


@dataclass(frozen=True, slots=True)
class ItemState:
    item: Item
    status: Status
    reason: str | None = None

    @property
    def settled(self) -> bool:
        if self.status is Status.NA:
            return bool((self.reason or "").strip())
        return self.status is Status.DONE


UNREAD_PHASE = "?"  # GateResult.wrong_phase when dossier.yaml's phase cannot be read


@dataclass(slots=True)
class GateResult:
    id: str
    passed: bool
    blocking_items: list[str] = field(default_factory=list)
    blocking_rules: list[Problem] = field(default_factory=list)
    wrong_phase: str | None = None  # the phase (or UNREAD_PHASE) when the gate needs another
    missing_approvals: list[str] = field(default_factory=list)  # roles without a current approval

    @property
    def phase_unread(self) -> bool:
        return self.wrong_phase == UNREAD_PHASE

    @property
    def blocking(self) -> list[str]:
        codes = sorted({p.code for p in self.blocking_rules})
        approvals = [f"approval:{role}" for role in self.missing_approvals]
        phase = ["phase"] if self.wrong_phase else []
        return [*phase, *self.blocking_items, *codes, *approvals]


def gate_results(
    dossier: Dossier,
    items: list[ItemState],
    problems: list[Problem],
    approved: dict[str, list[str]] | None = None,
) -> dict[str, GateResult]:
    """Each gate's result. ``approved``: per gate the roles with a current approval (computed
    from the dossier when not given; worker results pass theirs, having left the data behind)."""
    reopens = reopened_gates()
    if approved is None:
        approved = approved_roles(dossier)
    known = dossier.known("phase")
    phase = known.value if known is not None else None
    results = {}
    for spec in catalogue().gates.values():
        files = {DOSSIER_FILE, *(dossier.step_path(n) for n in spec.steps)}
        blocking_items = [s.item.id for s in items if s.item.gate in spec.items and not s.settled]
        blocking_rules = [
            p
            for p in problems
            if p.is_error and (p.file in files or spec.id in reopens.get(p.code, ()))
        ]
        wrong_phase = phase if spec.phases is not None and phase not in spec.phases else None
        if spec.phases is not None and phase is None:
            wrong_phase = UNREAD_PHASE
        missing = missing_roles(dossier, spec.id, approved)
        results[spec.id] = GateResult(
            spec.id,
            not blocking_items and not blocking_rules and wrong_phase is None and not missing,
            blocking_items,
            blocking_rules,
            wrong_phase,
            missing,
        )
    return results
