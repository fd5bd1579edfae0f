"""Models to findings: item states, rule problems and gate results for each dossier. No I/O."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from hai_cli.approvals import approved_roles
from hai_cli.catalogue import Item, catalogue
from hai_cli.gates import GateResult, ItemState, asked_gates, gate_results
from hai_cli.i18n import Lang, Text
from hai_cli.load import DOSSIER_FILE, Dossier
from hai_cli.problems import Problem, Severity
from hai_cli.rules import run_rules

_STATUSES = {"open", "done", "n/a"}


@dataclass(slots=True)
class DossierResult:
    dossier: Dossier
    problems: list[Problem]
    items: list[ItemState]
    gates: dict[str, GateResult] = field(default_factory=dict)
    approved: dict[str, list[str]] = field(default_factory=dict)  # gate -> roles, current

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]

    @property
    def lang(self) -> Lang:
        return self.dossier.lang

    def open_items(self) -> list[ItemState]:
        return [s for s in self.items if not s.settled]

    @property
    def phase(self) -> str | None:
        info = self.dossier.info
        return info.phase.value if info else None

    def asked(self, gate: str | None) -> tuple[str, ...]:
        """The gates this dossier is held to for ``--gate gate`` (``auto``: by its phase)."""
        return asked_gates(gate, self.phase)

    def passes(self, gate: str | None) -> bool:
        """Every gate this dossier is held to for ``--gate gate`` passes."""
        return all(self.gates[g].passed for g in self.asked(gate))


def check_dossier(dossier: Dossier, today: dt.date | None = None) -> DossierResult:
    today = today or dt.date.today()
    problems = sorted([*dossier.problems, *run_rules(dossier, today)])
    items = item_states(dossier)
    approved = approved_roles(dossier)
    gates = gate_results(dossier, items, problems, approved)
    return DossierResult(dossier, problems, items, gates, approved)


def mark_duplicate_ids(results: list[DossierResult]) -> None:
    """An id must be unique in the repository: flag every dossier that shares one."""
    by_id: dict[str, list[DossierResult]] = defaultdict(list)
    for result in results:
        if result.dossier.id:
            by_id[result.dossier.id].append(result)
    for dossier_id, same in by_id.items():
        if len(same) < 2:
            continue
        places = ", ".join(r.dossier.display for r in same)
        for result in same:
            problem = Problem(
                DOSSIER_FILE,
                result.dossier.meta.line("id"),
                1,
                "HAI023",
                Severity.ERROR,
                Text(
                    "Het id '{id}' komt in meer dan één dossier voor ({places}). Geef elk "
                    "dossier een eigen id.",
                    "The id '{id}' is used by more than one dossier ({places}). Give each "
                    "dossier its own id.",
                ).format(id=dossier_id, places=places),
            )
            result.problems = sorted([*result.problems, problem])
            result.gates = gate_results(
                result.dossier, result.items, result.problems, result.approved
            )


def item_states(dossier: Dossier) -> list[ItemState]:
    """The status of every catalogue item that applies to this dossier, in catalogue order.

    Read from the validated model, or leniently from the raw YAML when the step file has
    errors, so that one typo does not hide the state of a whole step.
    """
    info = dossier.info
    acquisition = info.acquisition.value if info else None
    phase = info.phase.value if info else None
    states = []
    for item in catalogue().items:
        if acquisition is not None and not item.applies_to(acquisition):
            continue
        if item.group == "decommissioning" and phase != "4":
            continue
        raw = _raw_item(dossier, item)
        status = raw.get("status") if isinstance(raw, dict) else None
        reason = raw.get("reason") if isinstance(raw, dict) else None
        states.append(
            ItemState(
                item,
                status if status in _STATUSES else "open",
                reason if isinstance(reason, str) else None,
            )
        )
    return states


def _raw_item(dossier: Dossier, item: Item) -> Any:
    source = dossier.steps.get(item.step)
    data = source.parsed.data if source and source.parsed else None
    if not isinstance(data, dict):
        return None
    if item.group == "decommissioning":
        data = data.get("decommissioning")
        if not isinstance(data, dict):
            return None
    checklist = data.get("checklist")
    return checklist.get(item.id) if isinstance(checklist, dict) else None
