"""Gates: named readiness checks over the catalogue's items and the rules' findings.

A gate passes when every item it covers is ``done`` (or ``n/a`` with a reason), no error
fires in the files of the steps it covers, and the dossier is in the phase it requires.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hai_cli.approvals import approved_roles, missing_roles
from hai_cli.catalogue import GATES, Item, catalogue
from hai_cli.load import DOSSIER_FILE, Dossier
from hai_cli.problems import Problem
from hai_cli.rules import reopened_gates


@dataclass(frozen=True, slots=True)
class GateSpec:
    id: str
    item_gates: tuple[str, ...]
    steps: tuple[int, ...]
    phases: tuple[str, ...] | None = None  # None: any phase


SPECS = {
    "request": GateSpec("request", ("request",), (1, 2, 3, 4, 5, 6)),
    "go-live": GateSpec("go-live", ("request", "go-live"), (1, 2, 3, 4, 5, 6, 7)),
    "review": GateSpec("review", ("review",), (8,), phases=("3",)),
    "decommission": GateSpec("decommission", ("decommission",), (8,), phases=("4",)),
}
assert tuple(SPECS) == GATES

AUTO = "auto"
"""``--gate auto``: hold each dossier to the gates its lifecycle phase requires."""

PHASE_GATES: dict[str, tuple[str, ...]] = {
    "1A": ("request",),  # development: steps 1-6 before the request
    "1B": ("request",),  # acquisition: likewise
    "2": ("request",),  # commissioning: go-live is the goal, not yet a requirement
    "3": ("go-live", "review"),  # in use: it went live, and it is evaluated on time
    "4": ("decommission",),  # decommissioned: every decommissioning control done
}


def asked_gates(gate: str | None, phase: str | None) -> tuple[str, ...]:
    """The gates a dossier in ``phase`` is held to when ``--gate gate`` is asked.

    No gate asked: none. A named gate: that one. ``auto``: those of :data:`PHASE_GATES`
    (``request`` when the phase is unknown, e.g. because dossier.yaml does not load).
    """
    if gate is None:
        return ()
    if gate != AUTO:
        return (gate,)
    return PHASE_GATES.get(phase or "", ("request",))


@dataclass(frozen=True, slots=True)
class ItemState:
    item: Item
    status: str  # open | done | n/a
    reason: str | None = None

    @property
    def settled(self) -> bool:
        return self.status == "done" or (self.status == "n/a" and bool((self.reason or "").strip()))


@dataclass(slots=True)
class GateResult:
    id: str
    passed: bool
    blocking_items: list[str] = field(default_factory=list)
    blocking_rules: list[Problem] = field(default_factory=list)
    wrong_phase: str | None = None  # the dossier's phase, when the gate needs another
    missing_approvals: list[str] = field(default_factory=list)  # roles without a current approval

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
    phase = dossier.info.phase.value if dossier.info else None
    results = {}
    for spec in SPECS.values():
        files = {DOSSIER_FILE, *(_step_file(dossier, n) for n in spec.steps)}
        blocking_items = [
            s.item.id for s in items if s.item.gate in spec.item_gates and not s.settled
        ]
        blocking_rules = [
            p
            for p in problems
            if p.is_error and (p.file in files or spec.id in reopens.get(p.code, ()))
        ]
        wrong_phase = phase if spec.phases is not None and phase not in spec.phases else None
        if spec.phases is not None and phase is None:
            wrong_phase = "?"
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


def _step_file(dossier: Dossier, number: int) -> str:
    source = dossier.steps.get(number)
    return source.path if source else catalogue().step(number).path
