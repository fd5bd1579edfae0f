"""The step plan as data: complete, bilingual, consistent with product.md and the models."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel

from hai_cli.catalogue import catalogue
from hai_cli.model import STEP_MODELS, DossierFile
from hai_cli.schema_errors import unwrap

SPEC = Path(__file__).resolve().parents[2] / "shared" / "spec" / "product.md"


def spec_items() -> list[tuple[int, str]]:
    if not SPEC.is_file():  # the spec lives beside the repository; the ids are pinned below too
        return []
    rows = re.findall(r"^\| (\d) \| `([a-z-]+)` \|", SPEC.read_text("utf-8"), re.MULTILINE)
    return [(int(step), item) for step, item in rows]


PINNED = [
    (1, "care-process"), (1, "goal-and-main-task"), (2, "innovation-phase"), (2, "build-or-buy"),
    (2, "suppliers-or-in-house"), (2, "market-research"), (3, "evidence-assessed"),
    (3, "outcome-measures-relevant"), (4, "risk-analysis"), (4, "impact"), (4, "local-outcome-data"),
    (5, "ai-team"), (5, "management-agreements"), (5, "training-plan"), (6, "laws-known"),
    (6, "developments-tracked"), (7, "properties-understood"), (7, "documents-in-dossier"),
    (7, "acceptance-test"), (7, "local-validation"), (7, "technical-release"),
    (7, "functional-release"), (7, "users-trained"), (8, "periodic-evaluation"),
    (8, "experiences-shared"), (8, "safe-decommissioning"),
]  # fmt: skip


def test_checklist_ids_are_the_contract() -> None:
    ours = [(i.step, i.id) for i in catalogue().items if i.group == "checklist"]
    assert ours == PINNED
    if spec_items():
        assert ours == spec_items()


def test_decommissioning_controls() -> None:
    controls = catalogue().step(8).group("decommissioning")
    assert [c.id for c in controls] == [
        "decommission-impact-assessed", "taken-out-of-use", "patient-data-archived",
        "software-archived", "supplier-data-removed", "destruction-proof", "contract-ended",
    ]  # fmt: skip
    assert [c.acquisition for c in controls][-3:] == ["purchase"] * 3
    assert all(c.gate == "decommission" and c.phase == "4" for c in controls)


def test_every_text_in_both_languages() -> None:
    cat = catalogue()
    for step in cat.steps:
        assert step.title.nl and step.title.en and step.summary.nl and step.summary.en
        for item in step.items:
            for text in (item.text, item.explanation, *item.tips):
                assert text.nl.strip() and text.en.strip() and text.nl != text.en, item.id
            assert all(d in cat.definitions for d in item.definitions), item.id
    for definition in cat.definitions.values():
        assert definition.term.en and definition.text.nl and definition.text.en
    assert list(cat.gates) == ["request", "go-live", "review", "decommission"]
    assert list(cat.phases) == ["1A", "1B", "2", "3", "4"]
    tags = {item.gate for item in cat.items}
    for gate in cat.gates.values():  # every part of a gate names something that exists
        assert set(gate.items) <= tags and gate.steps and gate.approvals, gate.id
        assert all(1 <= n <= len(cat.steps) for n in gate.steps), gate.id
        assert set(gate.phases or ()) <= set(cat.phases), gate.id
    assert all(set(p.gates) <= set(cat.gates) and p.gates for p in cat.phases.values())


def test_evidence_items_follow_the_step_plan_wording() -> None:
    required = {i.id for i in catalogue().items if i.evidence_required}
    assert required == {
        "market-research", "risk-analysis", "management-agreements", "training-plan",
        "documents-in-dossier",
    }  # fmt: skip


def test_gates_and_phases_per_step() -> None:
    for item in catalogue().items:
        if item.step <= 6:
            assert (item.gate, item.phase) == ("request", "1")
        elif item.step == 7:
            assert item.gate == "go-live"
    assert catalogue().item("periodic-evaluation").gate == "review"  # type: ignore[union-attr]


def _paths(model: type[BaseModel], prefix: str) -> list[str]:
    out = []
    for name, field in model.model_fields.items():
        key = field.alias or name
        if key == "checklist":
            continue
        out.append(f"{prefix}.{key}")
        inner = unwrap(field.annotation)
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            out += _paths(inner, f"{prefix}.{key}")
    return out


def test_every_field_has_guidance() -> None:
    paths = _paths(DossierFile, "dossier")
    for number, model in STEP_MODELS.items():
        paths += _paths(model, f"step{number}")
    fields = catalogue().fields
    missing = [p for p in paths if p not in fields]
    assert not missing
    assert not [p for p in fields if p not in paths], "guidance for fields that do not exist"
    assert all(t.nl.strip() and t.en.strip() for t in fields.values())


def test_item_placement_and_applicability_live_on_the_item() -> None:
    cat = catalogue()
    decommissioning = [i for i in cat.items if i.group == "decommissioning"]
    assert decommissioning
    for item in decommissioning:
        assert item.path == ("decommissioning", "checklist", item.id)
        assert item.applies(None, "4") and not item.applies(None, "3")
    risk = cat.find("risk-analysis")
    assert risk is not None and risk.path == ("checklist", "risk-analysis")
    assert all(risk.applies(a, p) for a in ("purchase", "in-house", None) for p in ("1A", None))
    purchase_only = [i for i in cat.items if i.acquisition == "purchase"]
    assert purchase_only and not any(i.applies("in-house", "4") for i in purchase_only)
    assert all(i.applies("purchase", "4") for i in purchase_only)


def test_auto_gates_come_from_the_phases() -> None:
    cat = catalogue()
    assert cat.auto_gates("3") == ("go-live", "review")
    assert cat.auto_gates(None) == cat.auto_gates("1A") == ("request",)
