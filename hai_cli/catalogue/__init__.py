"""The step plan as data.

``catalogue.yaml`` beside this module holds the eight steps, every checklist item with its
Dutch and English text, the step plan's explanation, tips and definitions, the phase and gate
that cover each item, and which items need evidence. The scaffold, ``hai explain``, the
models, the rules, the gates and the documents all read it through :func:`catalogue`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from hai_cli.cache import yaml_data
from hai_cli.i18n import Text
from hai_cli.vocab import Phase

CATALOGUE_FILE = Path(__file__).parent / "catalogue.yaml"
DECOMMISSIONING = "decommissioning"  # the group of step 8 that only phase 4 counts


@dataclass(frozen=True, slots=True)
class Item:
    id: str
    step: int
    number: str  # as the step plan's readers know it: "4.1" for risk-analysis
    text: Text
    explanation: Text
    tips: tuple[Text, ...]
    definitions: tuple[str, ...]
    evidence_required: bool
    phase: str
    gate: str
    acquisition: str | None
    group: str

    def applies_to(self, acquisition: str) -> bool:
        return self.acquisition is None or self.acquisition == acquisition

    def applies(self, acquisition: str | None, phase: str | None) -> bool:
        """Whether a dossier acquired so, in this phase, has this item (None: not known).

        Three items apply to purchased software only; the decommissioning controls count only
        in phase 4.
        """
        if acquisition is not None and not self.applies_to(acquisition):
            return False
        return self.group != DECOMMISSIONING or phase == Phase.DECOMMISSIONED

    @property
    def path(self) -> tuple[str, ...]:
        """Where the item's entry sits in its step file."""
        if self.group == DECOMMISSIONING:
            return (DECOMMISSIONING, "checklist", self.id)
        return ("checklist", self.id)

    def __reduce__(self) -> tuple[object, tuple[str]]:
        # across processes an item travels as its id, not with all its texts
        return (_item_by_id, (self.id,))


@dataclass(frozen=True, slots=True)
class Step:
    number: int
    key: str
    title: Text
    summary: Text
    tips: tuple[Text, ...]
    items: tuple[Item, ...]

    @property
    def file_name(self) -> str:
        return f"{self.number}-{self.key}.yaml"

    @property
    def path(self) -> str:
        return f"steps/{self.file_name}"

    def group(self, name: str) -> tuple[Item, ...]:
        return tuple(item for item in self.items if item.group == name)


@dataclass(frozen=True, slots=True)
class Definition:
    id: str
    term: Text
    text: Text


@dataclass(frozen=True, slots=True)
class LifecyclePhase:
    id: str
    name: Text
    description: Text
    gates: tuple[str, ...] = ()  # the gates `--gate auto` holds a dossier in this phase to


@dataclass(frozen=True, slots=True)
class Gate:
    """A named readiness check (see hai_cli.gates for how it is evaluated)."""

    id: str
    title: Text
    description: Text
    steps: tuple[int, ...] = ()  # an error in the file of one of these steps blocks the gate
    items: tuple[str, ...] = ()  # the items whose `gate:` is one of these must be settled
    phases: tuple[str, ...] | None = None  # the phases it can pass in; None: any
    approvals: tuple[str, ...] = ()  # roles whose current approval it needs (by default)


@dataclass(frozen=True, slots=True)
class Catalogue:
    steps: tuple[Step, ...]
    definitions: dict[str, Definition]
    phases: dict[str, LifecyclePhase]
    gates: dict[str, Gate]
    by_id: dict[str, Item] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.by_id.update({item.id: item for step in self.steps for item in step.items})

    def step(self, number: int) -> Step:
        return self.steps[number - 1]

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(item for step in self.steps for item in step.items)

    @property
    def fields(self) -> dict[str, Text]:
        """Guidance per field by dotted path (``fields.yaml``), read when first asked for: only
        the scaffold, the schemas, the interview and the documents use it."""
        return _fields()

    def field_text(self, path: str) -> Text | None:
        """Guidance for a field, by dotted path: ``dossier.owner.role``, ``step4.pri.type``."""
        return self.fields.get(path)

    def auto_gates(self, phase: str | None) -> tuple[str, ...]:
        """The gates ``--gate auto`` holds a dossier in ``phase`` to (an unknown phase, e.g.
        when dossier.yaml does not load: those of the first phase)."""
        known = self.phases.get(phase or "")
        return (known or next(iter(self.phases.values()))).gates

    def item(self, item_id: str) -> Item | None:
        return self.by_id.get(item_id)

    def find(self, key: str) -> Item | None:
        """An item by id (``risk-analysis``) or number (``4.1``), in any case."""
        key = key.strip().lower()
        return self.by_id.get(key) or next((i for i in self.items if i.number == key), None)


def _item_by_id(item_id: str) -> Item:
    item = catalogue().item(item_id)
    assert item is not None, item_id
    return item


def _text(raw: Any) -> Text:
    return Text(str(raw["nl"]).strip(), str(raw["en"]).strip())


def _texts(raw: Any) -> tuple[Text, ...]:
    return tuple(_text(t) for t in raw or ())


@cache
def _fields() -> dict[str, Text]:
    guidance = Path(__file__).parent / "fields.yaml"  # optional: fewer comments in the scaffold
    fields = yaml_data(guidance) if guidance.is_file() else {}
    return {path: _text(text) for path, text in (fields or {}).items()}


@cache
def catalogue() -> Catalogue:
    data = yaml_data(CATALOGUE_FILE)
    steps = tuple(
        Step(
            number=int(s["number"]),
            key=s["key"],
            title=_text(s["title"]),
            summary=_text(s["summary"]),
            tips=_texts(s.get("tips")),
            items=tuple(
                Item(
                    id=i["id"],
                    step=int(s["number"]),
                    number=f"{s['number']}.{index}",
                    text=_text(i["text"]),
                    explanation=_text(i["explanation"]),
                    tips=_texts(i.get("tips")),
                    definitions=tuple(i.get("definitions") or ()),
                    evidence_required=bool(i["evidence_required"]),
                    phase=str(i["phase"]),
                    gate=i["gate"],
                    acquisition=i.get("acquisition"),
                    group=i.get("group") or "checklist",
                )
                for index, i in enumerate(s["items"], start=1)
            ),
        )
        for s in data["steps"]
    )
    return Catalogue(
        steps=steps,
        definitions={
            d["id"]: Definition(d["id"], _text(d["term"]), _text(d["text"]))
            for d in data["definitions"]
        },
        phases={
            str(p["id"]): LifecyclePhase(
                str(p["id"]),
                _text(p["name"]),
                _text(p["description"]),
                tuple(p.get("gates") or ()),
            )
            for p in data["phases"]
        },
        gates={
            g["id"]: Gate(
                g["id"],
                _text(g["title"]),
                _text(g["description"]),
                steps=tuple(int(n) for n in g["steps"]),
                items=tuple(g["items"]),
                phases=tuple(str(p) for p in g["phases"]) if g.get("phases") else None,
                approvals=tuple(g.get("approvals") or ()),
            )
            for g in data["gates"]
        },
    )
