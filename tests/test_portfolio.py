"""Large portfolios are checked in worker processes with the same results as in-process."""

from __future__ import annotations

from pathlib import Path

import pytest

from hai_cli.load import find_dossiers
from hai_cli.portfolio import PARALLEL_FROM, check_paths
from tests.helpers import BASE, TODAY, base_dossier, hai


def build(tmp_path: Path, n: int) -> Path:
    root = tmp_path / "portfolio"
    for i in range(n):
        meta = (
            (BASE / "dossier.yaml").read_text().replace("id: corpus-base", f"id: product-{i:03d}")
        )
        base_dossier(root, {"dossier.yaml": meta}, name=f"product-{i:03d}")
    return root


def test_parallel_equals_serial(tmp_path: Path) -> None:
    root = build(tmp_path, PARALLEL_FROM + 2)
    (root / "product-007" / "dossier.yaml").write_text(
        (root / "product-007" / "dossier.yaml").read_text().replace("product-007", "product-003")
    )
    (root / "product-011" / "steps" / "4-risks-and-impact.yaml").write_text("risk_indication: x\n")
    roots = find_dossiers(root)
    names = [r.name for r in roots]
    serial = check_paths(roots, names, TODAY, jobs=1)
    parallel = check_paths(roots, names, TODAY, jobs=2)

    def summary(results: list) -> list:
        return [
            (r.head.display, [(p.code, p.file, p.line) for p in r.problems],
             [(s.item.id, s.status) for s in r.items], {g: v.blocking for g, v in r.gates.items()})
            for r in results
        ]  # fmt: skip

    assert summary(parallel) == summary(serial)
    duplicates = [r.head.display for r in parallel if any(p.code == "HAI023" for p in r.problems)]
    assert duplicates == ["product-003", "product-007"]
    # the duplicate is known before the gates are computed: it blocks them at once
    blocked = [r.head.display for r in parallel if "HAI023" in r.gates["request"].blocking]
    assert blocked == ["product-003", "product-007"]


def test_worker_results_are_slim(tmp_path: Path) -> None:
    """A worker returns the findings without the dossier's texts and models (no patching)."""
    from hai_cli.check import Checked, DossierResult

    root = build(tmp_path, PARALLEL_FROM)
    roots = find_dossiers(root)
    parallel = check_paths(roots, [r.name for r in roots], TODAY, jobs=2)
    assert all(type(r) is Checked for r in parallel)
    assert not any(isinstance(r, DossierResult) for r in parallel)


def test_status_runs_in_worker_processes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import hai_cli.portfolio as portfolio

    started: list[int] = []

    class Pool(portfolio.ProcessPoolExecutor):
        def __init__(self, workers: int) -> None:
            started.append(workers)
            super().__init__(workers)

    monkeypatch.setattr(portfolio, "ProcessPoolExecutor", Pool)
    monkeypatch.setattr(portfolio.os, "cpu_count", lambda: 2)
    root = build(tmp_path, PARALLEL_FROM)
    run = hai("status", root, "--format", "json", "--today", "2026-11-23")
    assert run.exit_code == 0, run.stderr
    assert started == [2]
    rows = run.json()["dossiers"]
    assert len(rows) == PARALLEL_FROM
    assert rows[0]["id"] == "product-000" and rows[0]["gates"]["request"] is False
    assert rows[0]["open_items"] == 26


def test_cli_on_large_portfolio(tmp_path: Path) -> None:
    root = build(tmp_path, PARALLEL_FROM)
    run = hai("check", root, "--format", "json")
    assert run.exit_code == 0
    assert len(run.json()["dossiers"]) == PARALLEL_FROM
