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


def test_shared_id_message_names_three_folders_and_counts_the_rest() -> None:
    from hai_cli.check import duplicate_ids

    def messages(n: int) -> list[tuple[str, str]]:
        found = duplicate_ids([("same", 3, f"dept/d-{i:03d}") for i in range(n)])
        assert all(len(problems) == 1 for problems in found)
        return [(p[0].text.nl, p[0].text.en) for p in found]

    two = messages(2)
    assert two[0][1] == (
        "The id 'same' is used by more than one dossier (dept/d-000, dept/d-001). Give each "
        "dossier its own id."
    )
    assert messages(4)[0] == (
        "Het id 'same' komt in meer dan één dossier voor (dept/d-000, dept/d-001, dept/d-002 "
        "en 1 andere map). Geef elk dossier een eigen id.",
        "The id 'same' is used by more than one dossier (dept/d-000, dept/d-001, dept/d-002 "
        "and 1 other folder). Give each dossier its own id.",
    )
    fifty = messages(50)
    assert fifty[49][0].endswith("(dept/d-000, dept/d-001, dept/d-002 en 47 andere mappen). "
                                 "Geef elk dossier een eigen id.")  # fmt: skip
    assert "and 47 other folders)" in fifty[0][1]
    # bounded: the message does not grow with the number of dossiers that share the id
    assert {len(m[1]) for m in messages(20)} == {len(m[1]) for m in fifty}


def test_json_report_of_shared_ids_grows_linearly(tmp_path: Path) -> None:
    """Every dossier has the same id: each one's part of the report stays the same size."""

    def size(n: int) -> int:
        root = tmp_path / f"p{n}"
        for i in range(n):
            base_dossier(root, name=f"product-{i:03d}")  # all keep the base's id
        run = hai("check", root, "--format", "json", "--today", "2026-11-23")
        assert run.exit_code == 1
        assert all(any(e["code"] == "HAI023" for e in d["errors"]) for d in run.json()["dossiers"])
        return len(run.stdout)

    # 13, 14 and 30 dossiers: the count of the folders not named has two digits in each
    small, large = size(14), size(30)
    assert large - small == 16 * (small - size(13))  # each dossier adds the same bytes


def test_streamed_json_is_the_document_dumped_at_once(tmp_path: Path) -> None:
    import io
    import json

    from hai_cli import __version__
    from hai_cli.report import ReportOptions, stream
    from hai_cli.report.json import dossier_json

    root = build(tmp_path, 3)
    (root / "product-001" / "steps" / "4-risks-and-impact.yaml").write_text("a: 'é\x07'\n")
    results = check_paths(find_dossiers(root), ["a", "b", "c"], TODAY)
    options = ReportOptions(None, "auto", False)
    for some in ([], results[:1], results):
        out = io.StringIO()
        stream("json", iter(some), options, out)
        whole = {"version": __version__, "dossiers": [dossier_json(r, options) for r in some]}
        assert out.getvalue() == json.dumps(whole, ensure_ascii=False, indent=2) + "\n"


def test_worker_results_carry_no_models(tmp_path: Path) -> None:
    """What a worker sends back (a check's findings, a status row) holds no pydantic model."""
    import datetime as dt
    import pickle

    from hai_cli.commands.status import status
    from tests.helpers import EXAMPLES, check

    for example in sorted(p for p in EXAMPLES.iterdir() if (p / "dossier.yaml").is_file()):
        result = check(example)
        assert result.dossier.info is not None
        for sent in (result.slim(), status(result, dt.date(2026, 11, 23), with_history=False)):
            data = pickle.dumps(sent)
            assert b"hai_cli.model" not in data and b"pydantic" not in data, type(sent)
