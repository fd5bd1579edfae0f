"""Every sentence in one language, in the step plan's words, and grammatical."""

from __future__ import annotations

import enum
import inspect
from pathlib import Path

import pytest

import hai_cli.model.common
import hai_cli.model.dossier
import hai_cli.model.steps
import hai_cli.vocab
from hai_cli.labels import VALUES
from hai_cli.rules.context import _missing
from tests.helpers import base_dossier, check, hai

IN_HOUSE = "schema_version: 1\nid: x\nname: X\nacquisition: in-house\nphase: '1A'\n"
SAME_IN_EVERY_LANGUAGE = {"CeClass", "Language"}  # IIa is IIa; nl and en name themselves


def enums() -> list[type[enum.Enum]]:
    found = []
    for module in (hai_cli.model.common, hai_cli.model.dossier, hai_cli.model.steps, hai_cli.vocab):
        for obj in vars(module).values():
            if (
                inspect.isclass(obj)
                and issubclass(obj, enum.Enum)
                and obj.__module__ == module.__name__
            ):
                found.append(obj)
    return found


@pytest.mark.parametrize("kind", enums(), ids=lambda e: e.__name__)
def test_every_enum_value_has_words_for_documents(kind: type[enum.Enum]) -> None:
    """Roles of the AI team once printed as ids in Dutch documents."""
    if kind.__name__ in SAME_IN_EVERY_LANGUAGE:
        return
    missing = [m.value for m in kind if str(m.value) not in VALUES]
    assert missing == [], f"{kind.__name__}: add these to hai_cli/labels.py VALUES"


def test_roles_are_dutch_in_a_dutch_document(tmp_path: Path) -> None:
    step5 = (
        "team:\n  - name: A\n    category: end-user\n    roles: [nurse, medical-specialist]\n"
        "    project_leader: ja\n"
    )
    root = base_dossier(tmp_path, {"steps/5-tasks-and-responsibilities.yaml": step5})
    assert hai("render", root, "--doc", "request").exit_code == 0
    text = (root / "docs" / "request.nl.md").read_text("utf-8")
    assert "verpleegkundige, medisch specialist" in text and "medical-specialist" not in text


def test_lists_of_names_read_as_a_sentence() -> None:
    assert _missing(["goal"]) == type(_missing(["goal"]))("goal", "goal")
    assert _missing(["a", "b", "c"]).nl == "a, b en c"
    assert _missing(["a", "b"]).en == "a and b"


def test_several_missing_fields_are_plural(tmp_path: Path) -> None:
    step1 = "checklist:\n  goal-and-main-task:\n    status: done\n"
    result = check(base_dossier(tmp_path, {"steps/1-medical-context.yaml": step1}))
    (found,) = [p for p in result.problems if "goal-and-main-task' staat op done" in p.text.nl]
    assert "clinical_problem, goal, main_task en sub_task zijn niet ingevuld. Vul ze in" in (
        found.text.nl
    )
    assert "clinical_problem, goal, main_task and sub_task are not filled in" in found.text.en


@pytest.mark.parametrize(
    ("meta", "word_nl", "word_en"),
    [
        (None, "productdossier", "product dossier"),
        (IN_HOUSE, "ontwikkeldossier", "development dossier"),
    ],
)
def test_the_dossier_has_the_step_plans_name_for_its_kind(
    tmp_path: Path, meta: str | None, word_nl: str, word_en: str
) -> None:
    step4 = "checklist:\n  risk-analysis:\n    status: done\n"
    files = {"steps/4-risks-and-impact.yaml": step4} | ({"dossier.yaml": meta} if meta else {})
    result = check(base_dossier(tmp_path, files))
    (found,) = [p for p in result.problems if p.code == "HAI102"]
    assert f"hoort het stuk in het {word_nl}." in found.text.nl
    assert f"belongs in the {word_en}." in found.text.en
    other = "ontwikkeldossier" if word_nl == "productdossier" else "productdossier"
    assert other not in found.text.nl.split("staat op done")[1]  # before it: the item's text


@pytest.mark.parametrize(
    ("acquisition", "word"), [("purchase", "productdossier"), ("in-house", "ontwikkeldossier")]
)
def test_the_evidence_readme_names_the_dossier_kind(
    in_tmp: Path, acquisition: str, word: str
) -> None:
    assert hai("init", "d", "--name", "D", "--acquisition", acquisition).exit_code == 0
    assert f"in het {word} vraagt" in (in_tmp / "d" / "evidence" / "README.md").read_text("utf-8")
