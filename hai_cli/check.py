"""Models to findings: item states, rule problems and gate results for each dossier. No I/O."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hai_cli.approvals import approved_roles
from hai_cli.catalogue import Item, catalogue
from hai_cli.gates import GateResult, ItemState, asked_gates, gate_results
from hai_cli.i18n import Lang, Text
from hai_cli.load import DOSSIER_FILE, Dossier
from hai_cli.problems import Problem, Severity
from hai_cli.rules import run_rules
from hai_cli.vocab import Status

_STATUSES = {s.value for s in Status}


@dataclass(frozen=True, slots=True)
class DossierHead:
    """What a report needs to know of a dossier besides its findings: small (no models or
    texts), and sent as it is from a worker process."""

    root: Path
    display: str
    lang: Lang
    id: str | None
    phase_line: int = 1  # where dossier.yaml says `phase:` (a gate annotation points there)
    phase: str | None = None  # read even when other fields of dossier.yaml have errors
    name: str | None = None  # likewise
    files: frozenset[str] = frozenset()  # its YAML and evidence files: no --report replaces one


@dataclass(slots=True)
class Checked:
    """A dossier's findings: what every reporter reads, and what a worker process returns."""

    head: DossierHead
    problems: list[Problem]
    items: list[ItemState]
    gates: dict[str, GateResult]
    approved: dict[str, list[str]]  # gate -> roles with a current approval

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]

    @property
    def lang(self) -> Lang:
        return self.head.lang

    def open_items(self) -> list[ItemState]:
        return [s for s in self.items if not s.settled]

    @property
    def phase(self) -> str | None:
        return self.head.phase

    def asked(self, gate: str | None) -> tuple[str, ...]:
        """The gates this dossier is held to for ``--gate gate`` (``auto``: by its phase)."""
        return asked_gates(gate, self.phase)

    def passes(self, gate: str | None) -> bool:
        """Every gate this dossier is held to for ``--gate gate`` passes."""
        return all(self.gates[g].passed for g in self.asked(gate))


@dataclass(slots=True)
class DossierResult(Checked):
    """The findings with the loaded dossier they came from (in the process that loaded it)."""

    dossier: Dossier

    def slim(self) -> Checked:
        """The findings without the dossier's texts and models, to send between processes."""
        return Checked(self.head, self.problems, self.items, self.gates, self.approved)


def check_dossier(
    dossier: Dossier, today: dt.date | None = None, also: Iterable[Problem] = ()
) -> DossierResult:
    """Findings and gates of one dossier. ``also``: problems found across dossiers (an id that
    another dossier uses too), known before the gates are computed."""
    today = today or dt.date.today()
    problems = sorted([*dossier.problems, *also, *run_rules(dossier, today)])
    items = item_states(dossier)
    approved = approved_roles(dossier)
    gates = gate_results(dossier, items, problems, approved)
    head = DossierHead(
        dossier.root,
        dossier.display,
        dossier.lang,
        dossier.id,
        dossier.meta.line("phase"),
        known.value if (known := dossier.known("phase")) is not None else None,
        dossier.known("name"),
        frozenset({s.path for s in dossier.sources()} | {e.path for e in dossier.evidence}),
    )
    return DossierResult(head, problems, items, gates, approved, dossier)


NAMED_PLACES = 3  # HAI023 names this many folders of a shared id, and counts the rest


def duplicate_ids(ids: Sequence[tuple[str | None, int, str]]) -> list[list[Problem]]:
    """An id must be unique in the repository: for each dossier (its id, the line of the id in
    its dossier.yaml and its display path), the problem when another dossier shares its id.

    The message names the first few folders and counts the others, so that a portfolio where
    many dossiers share one id gets messages of a bounded length (not one that lists them all)."""
    by_id: dict[str, list[int]] = defaultdict(list)
    for index, (dossier_id, _, _) in enumerate(ids):
        if dossier_id:
            by_id[dossier_id].append(index)
    found: list[list[Problem]] = [[] for _ in ids]
    for dossier_id, same in by_id.items():
        if len(same) < 2:
            continue
        text = Text(
            "Het id '{id}' komt in meer dan één dossier voor ({places}). Geef elk "
            "dossier een eigen id.",
            "The id '{id}' is used by more than one dossier ({places}). Give each "
            "dossier its own id.",
        ).format(id=dossier_id, places=_places([ids[i][2] for i in same]))
        for index in same:
            found[index].append(
                Problem(DOSSIER_FILE, ids[index][1], 1, "HAI023", Severity.ERROR, text)
            )
    return found


def _places(displays: list[str]) -> Text | str:
    named = ", ".join(displays[:NAMED_PLACES])
    rest = len(displays) - NAMED_PLACES
    if rest <= 0:
        return named
    if rest == 1:
        return Text("{named} en 1 andere map", "{named} and 1 other folder").format(named=named)
    return Text("{named} en {n} andere mappen", "{named} and {n} other folders").format(
        named=named, n=rest
    )


def item_states(dossier: Dossier) -> list[ItemState]:
    """The status of every catalogue item that applies to this dossier, in catalogue order.

    Read from the validated model, or leniently from the raw YAML when the step file has
    errors, so that one typo does not hide the state of a whole step.
    """
    known_acquisition, known_phase = dossier.known("acquisition"), dossier.known("phase")
    acquisition = known_acquisition.value if known_acquisition is not None else None
    phase = known_phase.value if known_phase is not None else None
    states = []
    for item in catalogue().items:
        if not item.applies(acquisition, phase):
            continue
        raw = _raw_item(dossier, item)
        status = raw.get("status") if isinstance(raw, dict) else None
        reason = raw.get("reason") if isinstance(raw, dict) else None
        states.append(
            ItemState(
                item,
                Status(status) if isinstance(status, str) and status in _STATUSES else Status.OPEN,
                reason if isinstance(reason, str) else None,
            )
        )
    return states


def _raw_item(dossier: Dossier, item: Item) -> Any:
    source = dossier.steps.get(item.step)
    data: Any = source.parsed.data if source and source.parsed else None
    for key in item.path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data
