"""Gates: items, errors in the covered steps, and the phase each gate needs."""

from __future__ import annotations

from pathlib import Path

import pytest

from hai_cli.rules import Context, Unreadable
from tests.helpers import BASE, NO_APPROVALS, TODAY, base_dossier, check, hai


def settled(step_file: str, how: str = "n/a") -> str:
    text = (BASE / step_file).read_text()
    if how == "n/a":
        return text.replace("status: open", "status: n/a\n    reason: valt buiten deze test")
    return text


def steps(*numbers: int) -> dict[str, str]:
    files = {"dossier.yaml": (BASE / "dossier.yaml").read_text() + NO_APPROVALS}
    for n in numbers:
        name = next((BASE / "steps").glob(f"{n}-*.yaml")).name
        files[f"steps/{name}"] = settled(f"steps/{name}")
    return files


def test_fresh_dossier_blocks_every_gate(tmp_path: Path) -> None:
    gates = check(base_dossier(tmp_path)).gates
    assert not any(g.passed for g in gates.values())
    assert gates["request"].blocking[:2] == ["care-process", "goal-and-main-task"]
    assert "properties-understood" not in gates["request"].blocking
    assert "properties-understood" in gates["go-live"].blocking
    assert gates["review"].blocking == [
        "phase", "periodic-evaluation", "experiences-shared", "approval:evaluation-chair",
    ]  # fmt: skip
    assert gates["decommission"].blocking == [
        "phase", "safe-decommissioning", "approval:project-leader",
    ]  # fmt: skip
    assert gates["request"].missing_approvals == ["project-leader", "clinical-informatician"]


def test_request_passes_then_go_live(tmp_path: Path) -> None:
    d = base_dossier(tmp_path, steps(1, 2, 3, 4, 5, 6))
    gates = check(d).gates
    assert gates["request"].passed
    assert not gates["go-live"].passed
    d = base_dossier(tmp_path, steps(1, 2, 3, 4, 5, 6, 7), name="e")
    assert check(d).gates["go-live"].passed


def test_na_without_reason_blocks(tmp_path: Path) -> None:
    files = steps(1, 2, 3, 4, 5, 6)
    files["steps/6-laws-and-regulations.yaml"] = (
        "checklist:\n  laws-known:\n    status: n/a\n  developments-tracked:\n    status: n/a\n"
        "    reason: wordt centraal gevolgd\n"
    )
    gate = check(base_dossier(tmp_path, files)).gates["request"]
    assert not gate.passed
    assert gate.blocking == ["laws-known", "HAI101"]


def test_error_in_covered_step_blocks_but_later_step_does_not(tmp_path: Path) -> None:
    files = steps(1, 2, 3, 4, 5, 6)
    files["steps/3-added-value.yaml"] += "evidence_level: 7\n"
    files["steps/8-evaluation.yaml"] = "evaluation_interval_months: 0\n"
    gates = check(base_dossier(tmp_path, files)).gates
    assert gates["request"].blocking == ["HAI012"]
    files["steps/3-added-value.yaml"] = settled("steps/3-added-value.yaml")
    gates = check(base_dossier(tmp_path, files, name="e")).gates
    assert gates["request"].passed  # an error in step 8 does not block the request


def test_review_needs_use_phase(tmp_path: Path) -> None:
    in_use = (BASE / "dossier.yaml").read_text().replace('phase: "1B"', 'phase: "3"') + NO_APPROVALS
    step8 = (
        "evaluations:\n  - date: 2026-10-01\n    decision: continue\n"
        "checklist:\n  periodic-evaluation: {status: done}\n  experiences-shared: {status: done}\n"
        "  safe-decommissioning: {status: open}\n"
    )
    d = base_dossier(tmp_path, {"dossier.yaml": in_use, "steps/8-evaluation.yaml": step8})
    assert check(d).gates["review"].passed
    overdue = step8.replace("2026-10-01", "2025-10-01")
    d = base_dossier(
        tmp_path, {"dossier.yaml": in_use, "steps/8-evaluation.yaml": overdue}, name="e"
    )
    assert check(d).gates["review"].blocking == ["HAI180"]


def test_decommission_needs_its_controls(tmp_path: Path) -> None:
    retired = (BASE / "dossier.yaml").read_text().replace(
        'phase: "1B"', 'phase: "4"'
    ) + NO_APPROVALS
    controls = [
        "decommission-impact-assessed", "taken-out-of-use", "patient-data-archived",
        "software-archived", "supplier-data-removed", "destruction-proof",
    ]  # fmt: skip
    step8 = "checklist:\n  safe-decommissioning: {status: done}\ndecommissioning:\n"
    step8 += "  date: 2026-01-05\n  retention: {patient_data_until: 2046-01-05}\n  checklist:\n"
    step8 += "".join(f"    {c}: {{status: done}}\n" for c in controls)
    d = base_dossier(tmp_path, {"dossier.yaml": retired, "steps/8-evaluation.yaml": step8})
    result = check(d)
    assert result.gates["decommission"].blocking == ["contract-ended"]  # HAI105 only warns
    step8 += "    contract-ended: {status: done}\n"
    d = base_dossier(
        tmp_path, {"dossier.yaml": retired, "steps/8-evaluation.yaml": step8}, name="e"
    )
    assert check(d).gates["decommission"].passed


def test_in_house_has_no_purchase_controls(tmp_path: Path) -> None:
    built = (
        (BASE / "dossier.yaml")
        .read_text()
        .replace("acquisition: purchase", "acquisition: in-house")
    )
    built = built.replace('phase: "1B"', 'phase: "4"')
    ids = [s.item.id for s in check(base_dossier(tmp_path, {"dossier.yaml": built})).items]
    assert "taken-out-of-use" in ids and "contract-ended" not in ids


def test_major_change_reopens_request_and_go_live(tmp_path: Path) -> None:
    files = steps(1, 2, 3, 4, 5, 6, 7)
    change = "changes:\n  - date: 2026-03-01\n    kind: upgrade\n    size: major\n"
    files["steps/8-evaluation.yaml"] = change
    gates = check(base_dossier(tmp_path, files)).gates
    assert gates["request"].blocking == ["HAI182"] and gates["go-live"].blocking == ["HAI182"]
    files["steps/8-evaluation.yaml"] = (
        change + "    reassessment: {steps: [3, 4, 5, 6], done: true}\n"
    )
    gates = check(base_dossier(tmp_path, files, name="e")).gates
    assert gates["request"].passed and gates["go-live"].passed


def test_minor_change_reopens_go_live_only(tmp_path: Path) -> None:
    files = steps(1, 2, 3, 4, 5, 6, 7)
    files["steps/8-evaluation.yaml"] = (
        "changes:\n  - {date: 2026-03-01, kind: update, size: minor}\n"
    )
    gates = check(base_dossier(tmp_path, files)).gates
    assert gates["request"].passed and gates["go-live"].blocking == ["HAI189"]


def test_an_error_in_dossier_yaml_hides_nothing_that_can_be_read(tmp_path: Path) -> None:
    """Issue 10.4: with 'supplier' written as a list, the phase, acquisition and the other
    files still count; only the rules that need the supplier are skipped."""
    meta = (
        (BASE / "dossier.yaml")
        .read_text()
        .replace("supplier:\n  name: Leverancier BV\n", "supplier:\n  - name: Leverancier BV\n")
    )
    step2 = (
        (BASE / "steps/2-innovation-level.yaml")
        .read_text()
        .replace(
            "  market-research:\n    status: open",
            "  market-research:\n    status: n/a",
        )
    )
    d = base_dossier(tmp_path, {"dossier.yaml": meta, "steps/2-innovation-level.yaml": step2})
    result = check(d)
    codes = {p.code for p in result.problems}
    assert "HAI012" in codes  # the supplier
    assert "HAI101" in codes  # n/a without a reason, in step 2: needs the phase and acquisition
    ctx = Context(result.dossier, TODAY)
    assert ctx.info.phase.value == "1B" and ctx.purchase
    with pytest.raises(Unreadable):  # a rule that reads the supplier is skipped, not misled
        ctx.info.supplier  # noqa: B018
    assert result.phase == "1B"
    assert result.gates["review"].wrong_phase == "1B"
    assert "market-research" in [s.item.id for s in result.items]  # a purchase item
    (shown,) = hai("check", d, "--format", "json").json()["dossiers"]
    assert (shown["phase"], shown["name"]) == ("1B", "Corpus base")
    assert "fase 1B" in hai("check", d).stdout


def test_an_unreadable_phase_is_said_in_words(tmp_path: Path) -> None:
    """A phase with an error of its own: a gate that needs a phase says the phase cannot be
    read, in the dossier's language, never 'phase is ?'."""
    meta = (BASE / "dossier.yaml").read_text().replace('phase: "1B"', "phase: [1B]")
    d = base_dossier(tmp_path, {"dossier.yaml": meta})
    assert check(d).gates["review"].wrong_phase == "?"  # the JSON keeps its marker
    dutch, english = hai("check", d).stdout, hai("check", d, "--lang", "en").stdout
    assert "de fase is niet te lezen, nodig: 3" in dutch and "fase is ?" not in dutch
    assert "the phase cannot be read, needs 3" in english and "phase is ?" not in english
