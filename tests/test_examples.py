"""The example dossiers: valid, honest about the seed's open points, and gated as expected."""

from __future__ import annotations

import pytest

from tests.helpers import EXAMPLES, check, hai


@pytest.mark.parametrize("name", ["covid19-severity", "ai-rad-companion", "sepsis-alert"])
def test_example_has_no_errors(name: str) -> None:
    result = check(EXAMPLES / name)
    assert [p for p in result.problems if p.code < "HAI100"] == []  # no schema/file errors
    assert result.errors == []
    assert result.dossier.id == name


def test_covid_is_in_house_and_ready_for_the_request() -> None:
    result = check(EXAMPLES / "covid19-severity")
    info = result.dossier.info
    assert info is not None and info.acquisition.value == "in-house"
    assert result.gates["request"].passed
    assert not result.gates["go-live"].passed
    step7 = result.dossier.step(7)
    assert step7.development.data_period  # developed on admissions 5 March - 7 May 2020
    assert "2020" in step7.development.data_period


def test_ai_rad_companion_shows_the_seed_problems() -> None:
    result = check(EXAMPLES / "ai-rad-companion")
    info = result.dossier.info
    assert info is not None and info.acquisition.value == "purchase"
    assert result.dossier.step(4).ce_class.value == "IIa"
    open_ids = {s.item.id for s in result.open_items()}
    assert {"users-trained", "local-validation", "acceptance-test"} <= open_ids
    go_live = result.gates["go-live"]
    assert not go_live.passed and "users-trained" in go_live.blocking
    nodules = [r for r in result.dossier.step(7).requirements if r.met and r.met.value == "no"]
    assert nodules, "the nodule follow-up requirement is recorded as not met"


def test_both_examples_as_a_portfolio() -> None:
    run = hai("check", EXAMPLES, "--format", "json")
    assert run.exit_code == 0
    assert sorted(d["id"] for d in run.json()["dossiers"]) == [
        "ai-rad-companion",
        "covid19-severity",
        "sepsis-alert",
    ]
    assert hai("check", EXAMPLES, "--gate", "request").exit_code == 0
    assert hai("check", EXAMPLES, "--gate", "go-live").exit_code == 1
    assert hai("check", EXAMPLES, "--gate", "auto").exit_code == 0


def test_sepsis_alert_is_decommissioned_properly() -> None:
    result = check(EXAMPLES / "sepsis-alert")
    assert result.problems == []
    assert result.gates["decommission"].passed and result.gates["go-live"].passed
    step8 = result.dossier.step(8)
    assert not any(v.in_production for v in step8.versions)
    assert any(c.size.value == "major" and c.reassessment.done for c in step8.changes)
    retention = step8.decommissioning.retention
    assert retention.patient_data_until.year - step8.decommissioning.date.year >= 20
