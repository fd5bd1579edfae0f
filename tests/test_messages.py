"""Messages about values: shown as written in YAML, in one language, naming what was meant."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import base_dossier, check

EN = "schema_version: 1\nid: d\nname: D\nlanguage: en\nacquisition: purchase\nphase: '1B'\n"


def messages(tmp_path: Path, files: dict[str, str | bytes], lang: str = "en") -> list[str]:
    result = check(base_dossier(tmp_path, files))
    return [p.text(lang) for p in result.errors]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "shown"),
    [("true", "'true'"), ("false", "'false'"), ("0.5", "'0.5'")],
)
def test_values_are_shown_as_yaml_writes_them(tmp_path: Path, value: str, shown: str) -> None:
    step7 = f"requirements:\n  - id: R1\n    category: functional\n    text: x\n    met: {value}\n"
    (found,) = [
        m for m in messages(tmp_path, {"steps/7-implementation.yaml": step7}) if ".met" in m
    ]
    assert found.startswith(f"{shown} is not a valid value for 'requirements[0].met'")
    assert "True" not in found and "None" not in found and "/" not in found.split("Choose")[0]


def test_a_list_for_one_value_says_what_to_write(tmp_path: Path) -> None:
    """A list where one value of a choice belongs is not quoted as if it were a value."""
    step7 = "requirements:\n  - id: R1\n    category: functional\n    text: x\n    met: [a]\n"
    (found,) = [
        m for m in messages(tmp_path, {"steps/7-implementation.yaml": step7}) if ".met" in m
    ]
    assert found == (
        "'requirements[0].met' is one value of yes, partly, no, unknown, not a list "
        "(lines with '- ' or [ ]). Write for example met: yes."
    )


def test_a_list_or_mapping_is_named_in_one_language(tmp_path: Path) -> None:
    files = {"steps/1-medical-context.yaml": "clinical_problem: [a]\ngoal: {a: 1}\n"}
    en = messages(tmp_path / "en", files, "en")
    nl = messages(tmp_path / "nl", files, "nl")
    assert "'clinical_problem' must be text, not a list." in en
    assert "'clinical_problem' moet tekst zijn, niet een lijst." in nl
    assert not any("een " in m for m in en) and not any(" a list" in m for m in nl)


def test_ja_and_nee_are_booleans_in_a_dutch_dossier_only(tmp_path: Path) -> None:
    step5 = "team:\n  - name: A\n    category: end-user\n    project_leader: JA\n"
    dutch = check(base_dossier(tmp_path / "nl", {"steps/5-tasks-and-responsibilities.yaml": step5}))
    assert not dutch.errors
    assert dutch.dossier.step(5).team[0].project_leader is True
    english = messages(
        tmp_path / "en", {"dossier.yaml": EN, "steps/5-tasks-and-responsibilities.yaml": step5}
    )
    assert "'team[0].project_leader' must be true or false, not JA." in english


@pytest.mark.parametrize(
    ("file", "text", "meant"),
    [
        ("steps/4-risks-and-impact.yaml", "checklist:\n  impact:\n    status: klaar\n", "done"),
        ("steps/4-risks-and-impact.yaml", "risk_indication: Hoog\n", "high"),
        ("steps/4-risks-and-impact.yaml", "risk_indication: HIGH\n", "high"),
        ("steps/1-medical-context.yaml", "main_task: gezondheid\n", "health"),
        (
            "steps/8-evaluation.yaml",
            "evaluations:\n  - date: 2026-01-01\n    decision: doorgaan\n",
            "continue",
        ),
    ],
)
def test_a_word_for_an_id_names_the_id(tmp_path: Path, file: str, text: str, meant: str) -> None:
    (found,) = [m for m in messages(tmp_path, {file: text}) if "is not a valid value" in m]
    assert f"means '{meant}'; write the id: " in found and f": {meant}." in found


def test_a_word_that_means_nothing_gets_no_guess(tmp_path: Path) -> None:
    (found,) = messages(tmp_path, {"steps/4-risks-and-impact.yaml": "risk_indication: paars\n"})
    assert "means" not in found and "Choose one of: low, medium, high." in found


def test_a_misspelt_key_inside_an_item_is_not_an_unknown_item(tmp_path: Path) -> None:
    text = "checklist:\n  risk-analysis:\n    statsu: done\n"
    (found,) = messages(tmp_path, {"steps/4-risks-and-impact.yaml": text})
    assert found.startswith(
        "'statsu' is not a key of item 4.1 risk-analysis. Did you mean 'status'?"
    )
    assert "not a checklist item" not in found
    text = "checklist:\n  risk-analysys:\n    status: done\n"
    (found,) = messages(tmp_path / "b", {"steps/4-risks-and-impact.yaml": text})
    assert found.startswith("'risk-analysys' is not a checklist item of this step.")


@pytest.mark.parametrize(
    ("written", "shown"), [("1.50", "'1.50'"), ("Yes", "'Yes'"), ("TRUE", "'TRUE'")]
)
def test_a_value_is_shown_exactly_as_written(tmp_path: Path, written: str, shown: str) -> None:
    step5 = f"team:\n  - name: A\n    category: end-user\n    project_leader: x\n    roles: [nurse]\n  - name: B\n    category: {written}  # why\n"
    (found,) = messages(tmp_path, {"steps/5-tasks-and-responsibilities.yaml": step5}, "en")[1:]
    assert found.startswith(f"{shown} is not a valid value for 'team[1].category'")


@pytest.mark.parametrize(
    ("file", "text", "where", "kinds"),
    [
        (
            "steps/8-evaluation.yaml",
            "evaluations:\n  - date: 2025-06-01\n    figures:\n      - measure: m\n"
            "        value: [0.8, 0.9]\n",
            "evaluations[0].figures[0].value",
            "a number, text or true/false",
        ),
        (
            "steps/4-risks-and-impact.yaml",
            "decisions:\n  mdr-class:\n    function: {a: 1}\n",
            "decisions.mdr-class.function",
            "text or true/false",
        ),
    ],
)
def test_a_list_where_one_of_several_scalars_belongs_is_one_message(
    tmp_path: Path, file: str, text: str, where: str, kinds: str
) -> None:
    """pydantic reports a union once for each of its types (value.float, value.str, ...);
    the user reads one message, about the key they wrote."""
    found = [m for m in messages(tmp_path, {file: text}) if where in m]
    assert len(found) == 1, found
    assert found[0].startswith(f"'{where}' is one value ({kinds}), not a ")
    assert ".float" not in found[0] and ".bool" not in found[0]
