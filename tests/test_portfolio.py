"""Large portfolios are checked in worker processes with the same results as in-process."""

from __future__ import annotations

from pathlib import Path

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
            (r.dossier.display, [(p.code, p.file, p.line) for p in r.problems],
             [(s.item.id, s.status) for s in r.items], {g: v.blocking for g, v in r.gates.items()})
            for r in results
        ]  # fmt: skip

    assert summary(parallel) == summary(serial)
    duplicates = [
        r.dossier.display for r in parallel if any(p.code == "HAI023" for p in r.problems)
    ]
    assert duplicates == ["product-003", "product-007"]


def test_cli_on_large_portfolio(tmp_path: Path) -> None:
    root = build(tmp_path, PARALLEL_FROM)
    run = hai("check", root, "--format", "json")
    assert run.exit_code == 0
    assert len(run.json()["dossiers"]) == PARALLEL_FROM
